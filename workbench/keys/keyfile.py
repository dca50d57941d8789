"""The key file beside the database (``<stem>.key.json``): public ids and wrapped keys only."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workbench.keys.material import KEY_FILE_FORMAT, KEY_FILE_VERSION

# -- the key file ------------------------------------------------------------------------------------


def key_file_for(db: Path) -> Path:
    """``workbench.db`` → ``workbench.key.json`` beside it."""
    return db.with_name(db.stem + ".key.json")


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class KeyFile:
    """What is kept beside the database: public ids and wrapped keys only."""

    key_id: str
    db_salt: str | None = None
    keychain_username: str | None = None
    passphrase: dict[str, Any] | None = None
    previous: list[dict[str, Any]] = field(default_factory=list)
    pending: dict[str, Any] | None = None
    created_at: str = field(default_factory=_now)
    rotated_at: str | None = None

    def to_json(self) -> str:
        data = {"format": KEY_FILE_FORMAT, "version": KEY_FILE_VERSION, **self.__dict__}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> KeyFile:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != KEY_FILE_FORMAT:
            raise ValueError("not a key file")
        if int(data.get("version", 0)) > KEY_FILE_VERSION:
            raise ValueError("key file from a newer version")
        names = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in names})


def _write_private(path: Path, text: str) -> None:
    """Write atomically with owner-only permissions (the file holds nothing secret, but no need to share)."""
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    os.replace(tmp, path)
