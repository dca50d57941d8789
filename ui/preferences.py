"""Settings declared once: user preferences (what the user chose) apart from remembered window state."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

PREFERENCES_VERSION = 1


@dataclass(frozen=True)
class Option:
    key: str
    default: Any
    kind: type


OPTIONS: dict[str, Option] = {
    o.key: o
    for o in (
        Option("language", "", str),  # empty: follow the system, Chinese when unsure
        Option("backup_keep", 10, int),
        Option("autosave_seconds", 5, int),
        Option("default_policy", "zhenhai", str),
        Option("page_size", 200, int),
    )
}


class Preferences:
    """The user's choices, typed and defaulted from :data:`OPTIONS`; stored in ``preferences.ini``."""

    def __init__(self, config_dir: Path) -> None:
        config_dir.mkdir(parents=True, exist_ok=True)
        self._settings = QSettings(str(config_dir / "preferences.ini"), QSettings.Format.IniFormat)
        self._upgrade()

    def _upgrade(self) -> None:
        version = int(str(self._settings.value("meta/version", 0) or 0))
        # Versioned upgrade hooks go here when an option is renamed or its meaning changes.
        if version < PREFERENCES_VERSION:
            self._settings.setValue("meta/version", PREFERENCES_VERSION)

    def get(self, key: str) -> Any:
        option = OPTIONS[key]
        value = self._settings.value(key, option.default)
        try:
            return option.kind(value)
        except (TypeError, ValueError):
            return option.default

    def set(self, key: str, value: Any) -> None:
        option = OPTIONS[key]
        self._settings.setValue(key, option.kind(value))
        self._settings.sync()


class WindowState:
    """Remembered geometry, splitters and column layouts; never mixed with preferences."""

    def __init__(self, config_dir: Path) -> None:
        config_dir.mkdir(parents=True, exist_ok=True)
        self._settings = QSettings(str(config_dir / "window-state.ini"), QSettings.Format.IniFormat)

    def save(self, key: str, value: QByteArray | bytes | str | list[str]) -> None:
        self._settings.setValue(key, value)

    def load_bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) else None

    def load_list(self, key: str) -> list[str] | None:
        value = self._settings.value(key)
        if value is None:
            return None
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in value]

    def sync(self) -> None:
        self._settings.sync()
