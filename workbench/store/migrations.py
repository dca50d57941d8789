"""Schema migrations of the store: Alembic revisions in ``workbench/migrations``, backed up first."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from workbench.errors import StoreError
from workbench.i18n import t
from workbench.store.files import _open_error

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


class MigrationsMixin:
    """Schema version and upgrade of an open :class:`~workbench.store.Store`."""

    if TYPE_CHECKING:
        path: Path
        engine: Engine

        def backup(self, dest: str | None = None, *, reason: str = "manual") -> Path: ...

    def _alembic_config(self) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        return cfg

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def head_revision(self) -> str | None:
        return ScriptDirectory.from_config(self._alembic_config()).get_current_head()

    def migrate(self) -> bool:
        """Bring the schema to the newest revision; back the file up first if it holds data.

        Returns True when a migration ran.
        """
        current, head = self.current_revision(), self.head_revision()
        if current == head:
            return False
        if current is not None or self._has_user_tables():
            self.backup(reason=f"pre-migration-{current or 'none'}")
        cfg = self._alembic_config()
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except Exception as exc:
            found = _open_error(exc, self.path)
            if found is not None:
                raise found from exc
            raise StoreError(
                t(
                    "数据库升级失败，数据未改动（升级前已自动备份）：{err}",
                    "Upgrading the database failed; the data is unchanged (a backup was made first): {err}",
                    err=exc,
                )
            ) from exc
        log.info("migrated %s from %s to %s", self.path, current, head)
        return True

    def _has_user_tables(self) -> bool:
        with self.engine.connect() as conn:
            n = conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            ).scalar()
        return bool(n)
