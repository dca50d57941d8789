"""Test set-up shared by all layers: offscreen Qt, a fresh database per test, Chinese messages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt must know before any QApplication exists that there is no screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import workbench.search.index  # noqa: F401 - registers the search index's session hooks with the store
from workbench import i18n, keys
from workbench.store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CSL_PATH = SHARED / "data" / "csl" / "csl-2000.jsonl"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-long", action="store_true", default=False, help="also run tests marked long (harness variants)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`python -m pytest` alone skips the long harness variants; `--run-long` (or `-m long`) runs them."""
    if config.getoption("--run-long") or "long" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="long variant: run with --run-long")
    for item in items:
        if item.get_closest_marker("long") is not None:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _chinese_messages() -> Iterator[None]:
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("zh_CN")


@pytest.fixture(autouse=True)
def _memory_keychain(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test's stores are encrypted, with keys in an in-memory keychain (not the machine's).

    Tests marked ``keychain`` use the real Secret Service instead. scrypt runs with cheap parameters so
    the passphrase tests stay fast; the parameters are stored with each wrapped key, so nothing else changes.
    """
    import keyring

    from tests.keychain_fakes import MemoryKeyring

    monkeypatch.setattr(keys.material, "SCRYPT_PARAMS", {"n": 2**10, "r": 8, "p": 1})
    monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)
    monkeypatch.delenv(keys.NEW_PASSPHRASE_ENV, raising=False)
    if request.node.get_closest_marker("keychain"):
        yield
        return
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A new database file built through the real migrations, with the shipped policies loaded."""
    from workbench.services.policies import sync_default_policies

    st = Store.open(tmp_path / "data" / "workbench.db")
    with st.session(actor="test") as session:
        sync_default_policies(session)
    yield st
    st.close()
