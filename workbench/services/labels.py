"""User-facing names of the entity kinds (for messages, the CLI and the UI), from the field catalogue."""

from __future__ import annotations

from workbench.catalog import CATALOG


def kind_label(kind: str) -> str:
    """The entity's name in the current language ("企业" / "enterprise"); an unknown kind as it is."""
    entry = CATALOG.get(kind)
    return entry.text() if entry is not None else kind
