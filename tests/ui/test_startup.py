"""Starting the app quickly (issue 14): what the first screen loads, the passphrase asked before the data
layer is imported, and the work moved after the first paint. The timing itself is in scripts/bench_ui.py;
these tests guard what makes it, without a clock.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.keychain_fakes import no_keychain
from tests.workbench.test_encryption import Recorder
from ui.app import ask_passphrase_first, open_store, passphrase_needed, start_policy_sync
from ui.context import AppContext
from workbench.keys import WrongPassphraseError
from workbench.paths import DataPaths, default_paths
from workbench.services.base import Changes
from workbench.services.policies import list_policies
from workbench.store import Store

REPO = Path(__file__).resolve().parents[2]

# Modules the first screen (the main window on Today) must not load: they come with later screens,
# dialogs and actions. Importing them cost 0.2-0.3 s of every start.
LATER = (
    "ui.about",
    "ui.import_wizard",
    "ui.listview",
    "ui.claim_preview",
    "ui.workspaces.technologies",
    "workbench.services.claims",
    "workbench.rules",
    "workbench.io",
    "workbench.pdf",
    "workbench.claimdoc",
    "workbench.search.matcher",
    "reportlab",
    "xlsxwriter",
    "python_calamine",
)

FIRST_SCREEN = r"""
import json, os, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from ui.context import AppContext
from ui.mainwindow import MainWindow
from workbench.paths import default_paths
from workbench.store import Store

app = QApplication([])
paths = default_paths(data_dir=sys.argv[1]).ensure()
store = Store.open(paths.db, key=os.urandom(32))
ctx = AppContext.for_paths(store, paths)
window = MainWindow(ctx)
window.show()
QCoreApplication.processEvents()
ctx.tasks.wait()
QCoreApplication.processEvents()
loaded = sorted(sys.modules)
today = window.pages.currentWidget()
print(json.dumps({"loaded": loaded, "first": today.objectName(), "figures": today.stats is not None}))
window.close()
ctx.tasks.wait()
store.close(backup=False)
"""


def _run(code: str, *args: str) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        check=False,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_first_screen_loads_none_of_the_later_ones(tmp_path: Path) -> None:
    result = _run(FIRST_SCREEN, str(tmp_path / "app"))
    # The real window, on its real first workspace, with its figures loaded.
    assert result["first"] == "workspace_today" and result["figures"] is True
    loaded = result["loaded"]
    assert isinstance(loaded, list)
    early = [m for m in loaded if m in LATER or m.startswith(tuple(f"{p}." for p in LATER))]
    assert early == []


def test_the_passphrase_dialog_comes_before_the_data_layer() -> None:
    code = (
        "import json, sys\n"
        "import ui.app\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "import ui.security_dialogs\n"
        "print(json.dumps({'qt at entry': qt, 'loaded': sorted(sys.modules)}))\n"
    )
    result = _run(code)
    # The entry point imports no Qt: without a passphrase to ask, the data layer is imported before it.
    assert result["qt at entry"] == []
    loaded = result["loaded"]
    assert isinstance(loaded, list)
    heavy = ("sqlalchemy", "sqlmodel", "pydantic", "workbench.store", "workbench.models", "ui.mainwindow")
    assert [m for m in loaded if m.split(".")[0] in heavy or m in heavy] == []


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return default_paths(data_dir=tmp_path / "app").ensure()


def _passphrase_file(paths: DataPaths, passphrase: str) -> None:
    """A data file whose key only a passphrase unwraps: made where there is no keychain."""
    keyring.set_keyring(no_keychain())
    Store.open(paths.db, keys=Recorder(passphrase=passphrase)).close()


def test_a_passphrase_typed_first_opens_the_file_without_asking_again(paths: DataPaths) -> None:
    _passphrase_file(paths, "没有钥匙串时的密码")
    assert passphrase_needed(paths.db)
    provider = Recorder(passphrase="没有钥匙串时的密码")
    keys = ask_passphrase_first(paths, provider)
    assert len(provider.requests) == 1 and not provider.requests[0].new
    store = open_store(paths, demo=False, keys=keys)
    try:
        assert len(provider.requests) == 1  # the answer given first was used, not asked for again
    finally:
        store.close(backup=False)


def test_a_wrong_passphrase_typed_first_is_asked_for_again_with_the_reason(paths: DataPaths) -> None:
    _passphrase_file(paths, "没有钥匙串时的密码")
    provider = Recorder(passphrase="错的密码错的密码")
    keys = ask_passphrase_first(paths, provider)
    with pytest.raises(WrongPassphraseError):
        open_store(paths, demo=False, keys=keys)
    again = provider.requests[1]
    assert again.attempt == 2 and again.error is not None and "密码不对" in again.error


def test_nothing_is_asked_first_when_the_keychain_has_the_key(paths: DataPaths) -> None:
    Store.open(paths.db, keys=Recorder()).close()  # the test keychain keeps the key
    provider = Recorder(passphrase="不该被问到")
    assert not passphrase_needed(paths.db)
    assert ask_passphrase_first(paths, provider) is provider
    assert provider.requests == []
    assert not passphrase_needed(paths.data_dir / "no-such.db")


def test_the_shipped_policies_are_added_on_a_pool_thread_and_views_hear_of_it(
    qapp: QApplication, qtbot: QtBot, paths: DataPaths
) -> None:
    store = open_store(paths, demo=False, create=True)
    ctx = AppContext.for_paths(store, paths)
    heard: list[Changes] = []
    ctx.bus.changed.connect(heard.append)
    try:
        with store.session(write=False) as session:
            assert list_policies(session) == []  # not read while the window is being made
        start_policy_sync(ctx)
        qtbot.waitUntil(lambda: bool(heard), timeout=30000)
        assert "policy" in heard[0].kinds
        with store.session(write=False) as session:
            assert {p.policy_key for p in list_policies(session)} >= {"zhenhai"}
    finally:
        ctx.tasks.wait()
        store.close(backup=False)
