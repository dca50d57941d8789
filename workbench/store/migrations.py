"""Schema migrations of the store: Alembic revisions in ``workbench/migrations``, backed up first."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

if TYPE_CHECKING:
    from alembic.config import Config

from workbench.errors import StoreError
from workbench.i18n import t
from workbench.store.files import _open_error

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# The newest revision in MIGRATIONS_DIR. Opening an up-to-date file compares with this and never loads
# Alembic (a tenth of a second of start-up); a test fails when a migration is added and this is not.
HEAD_REVISION = "0006"


class MigrationsMixin:
    """Schema version and upgrade of an open :class:`~workbench.store.Store`."""

    if TYPE_CHECKING:
        path: Path
        engine: Engine

        def backup(self, dest: str | None = None, *, reason: str = "manual") -> Path: ...

    def _alembic_config(self) -> Config:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        return cfg

    def current_revision(self) -> str | None:
        """The schema revision the file is at (None for a new, empty file), read without Alembic."""
        with self.engine.connect() as conn:
            try:
                rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
            except OperationalError:  # no such table: a new file
                return None
        return str(rows[0][0]) if len(rows) == 1 else None

    def head_revision(self) -> str | None:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self._alembic_config()).get_current_head()

    def migrate(self) -> bool:
        """Bring the schema to the newest revision; back the file up first if it holds data.

        Returns True when a migration ran.
        """
        current = self.current_revision()
        if current == HEAD_REVISION:
            return False
        head = self.head_revision()
        if current == head:
            return False
        if current is not None or self._has_user_tables():
            self.backup(reason=f"pre-migration-{current or 'none'}")
        from alembic import command

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
