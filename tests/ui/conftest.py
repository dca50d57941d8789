"""UI test fixtures: an application context on a fresh database, with the bundled font registered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from ui.context import AppContext
from ui.fonts import register_bundled_font
from workbench.paths import default_paths
from workbench.store import Store


@pytest.fixture
def ctx(qapp: QApplication, store: Store, tmp_path: Path) -> Iterator[AppContext]:
    register_bundled_font(qapp)
    paths = default_paths(data_dir=tmp_path / "app").ensure()
    context = AppContext.for_paths(store, paths)
    yield context
    context.tasks.wait()
