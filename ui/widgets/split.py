"""The first split of a list workspace between its list and its detail pane."""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter


def split_for_list(splitter: QSplitter, share: float) -> None:
    """Give the list ``share`` of the splitter's width; the pane keeps at least its minimum width."""
    width = splitter.width()
    first = int(width * share)
    splitter.setSizes([first, width - first])
