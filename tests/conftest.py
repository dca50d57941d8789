"""Test set-up shared by all layers: offscreen Qt, a fresh database per test, Chinese messages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt must know before any QApplication exists that there is no screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from workbench import i18n
from workbench.store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CSL_PATH = SHARED / "data" / "csl" / "csl-2000.jsonl"


@pytest.fixture(autouse=True)
def _chinese_messages() -> Iterator[None]:
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("zh_CN")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A new database file built through the real migrations, with the shipped policies loaded."""
    from workbench.services.policies import sync_default_policies

    st = Store.open(tmp_path / "data" / "workbench.db")
    with st.session(actor="test") as session:
        sync_default_policies(session)
    yield st
    st.close()
