"""Where data, backups, logs and settings live: one module, redirectable by ``--data-dir``/``--db``."""

from __future__ import annotations

import logging.handlers
import os
import stat
import sys
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import PlatformDirs

APP_NAME = "BrokerWorkbench"
APP_AUTHOR = "BrokerWorkbench"
DB_FILENAME = "workbench.db"


@dataclass(frozen=True)
class DataPaths:
    """All locations derived from one data directory (or the platform's defaults)."""

    data_dir: Path
    log_dir: Path
    config_dir: Path
    db_file: Path | None = None

    @property
    def db(self) -> Path:
        return self.db_file or self.data_dir / DB_FILENAME

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def drafts_dir(self) -> Path:
        return self.data_dir / "drafts"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "workbench.log"

    def ensure(self) -> DataPaths:
        """Create the folders, owner-only (0700 on POSIX): they hold records, backups, drafts and logs."""
        for d in (self.data_dir, self.log_dir, self.config_dir, self.backup_dir, self.drafts_dir):
            private_dir(d)
        return self


def private_file(path: Path) -> None:
    """Owner-only permissions (0600) on POSIX; elsewhere per-user folders already keep others out."""
    if os.name == "posix":
        with suppress(OSError):
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def private_dir(path: Path) -> None:
    """Create ``path`` (and its parents) and make it owner-only (0700) on POSIX."""
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        with suppress(OSError):
            os.chmod(path, stat.S_IRWXU)


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to a new owner-only file (a recovery sheet, an export of records), replacing it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    private_file(path)  # an existing file keeps its old mode through O_CREAT: set it


def default_paths(*, data_dir: str | os.PathLike[str] | None = None, demo: bool = False) -> DataPaths:
    """Platform locations, or everything under ``data_dir`` for portable use and tests.

    ``WORKBENCH_DATA_DIR`` in the environment acts like ``--data-dir``; a demo database lives in its own
    ``demo`` folder so it is never mixed with real data.
    """
    chosen = data_dir or os.environ.get("WORKBENCH_DATA_DIR")
    if chosen:
        root = Path(chosen).expanduser().resolve()
        if demo:
            root = root / "demo"
        return DataPaths(data_dir=root, log_dir=root / "logs", config_dir=root / "config")
    dirs = PlatformDirs(APP_NAME, APP_AUTHOR)
    data = Path(dirs.user_data_dir)
    if demo:
        data = data / "demo"
    return DataPaths(
        data_dir=data,
        log_dir=Path(dirs.user_log_dir) / ("demo" if demo else ""),
        config_dir=Path(dirs.user_config_dir),
    )


def paths_for_db(db: str | os.PathLike[str]) -> DataPaths:
    """Locations beside an explicit database file (the CLI's ``--db``)."""
    db_path = Path(db).expanduser().resolve()
    root = db_path.parent
    return DataPaths(data_dir=root, log_dir=root / "logs", config_dir=root / "config", db_file=db_path)


def resource_dir() -> Path:
    """The ``resources`` folder, in a source checkout, an installed package or a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log file, owner-only (0600 on POSIX) from its first byte, and so is every file it rotates to.

    Log lines name data files and, in warnings, records: the log is as private as the data folder.
    """

    def _open(self) -> Any:
        # Created 0600 before the stream opens it, so no moment exists where others could read it.
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.close(fd)
        private_file(Path(self.baseFilename))
        return super()._open()


def private_log_handler(paths: DataPaths, *, max_bytes: int = 1_000_000, backups: int = 5) -> logging.Handler:
    """The app's and the CLI's log handler: ``paths.log_file`` in an owner-only folder, rotated."""
    private_dir(paths.log_dir)
    return PrivateRotatingFileHandler(
        paths.log_file, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
    )
