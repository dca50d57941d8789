"""Starting the app: the window-system check before Qt starts, and ``--self-test`` of an installation."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui import self_test
from ui.app import check_platform
from ui.platform_check import (
    XCB_PACKAGES,
    chosen_platform,
    missing_libraries,
    package_for,
    platform_problem,
)
from workbench import i18n

REPO = Path(__file__).resolve().parents[2]
PLUGIN = Path("/fake/plugins/platforms/libqxcb.so")
LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /opt/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f1)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f2)
\tlibxcb-icccm.so.4 => not found
\tlibxkbcommon-x11.so.0 => not found
"""


def test_a_missing_xcb_library_is_named_with_the_package_to_install() -> None:
    problem = platform_problem(
        ["broker-workbench"],
        {"DISPLAY": ":0"},
        system="linux",
        find_plugin=lambda _name: PLUGIN,
        ldd=lambda _path: LDD_MISSING,
    )
    assert problem is not None
    assert problem.missing == ("libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxkbcommon-x11.so.0")
    assert problem.packages == ("libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0")
    i18n.set_language("en")
    try:
        text = problem.message()
    finally:
        i18n.set_language("zh_CN")
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0" in text
    assert "libxcb-icccm.so.4" in text and "xcb" in text
    assert "apt-get install libxcb-icccm4" in problem.message()  # Chinese by default, same command


def test_without_ldd_the_loaders_complaint_names_the_library() -> None:
    complaint = "libxcb-cursor.so.0: cannot open shared object file: No such file or directory"
    assert missing_libraries(PLUGIN, ldd=lambda _p: None, load=lambda _p: complaint) == (
        "libxcb-cursor.so.0",
    )
    assert missing_libraries(PLUGIN, ldd=lambda _p: None, load=lambda _p: None) == ()


def test_nothing_is_said_when_the_plugin_loads_or_another_platform_is_used() -> None:
    fine = LDD_MISSING.replace("=> not found", "=> /lib/x.so (0x1)")
    args = {"system": "linux", "find_plugin": lambda _n: PLUGIN, "ldd": lambda _p: fine}
    assert platform_problem(["app"], {"DISPLAY": ":0"}, **args) is None  # type: ignore[arg-type]
    missing = {"system": "linux", "find_plugin": lambda _n: PLUGIN, "ldd": lambda _p: LDD_MISSING}
    assert platform_problem(["app"], {"QT_QPA_PLATFORM": "offscreen"}, **missing) is None  # type: ignore[arg-type]
    assert platform_problem(["app"], {"DISPLAY": ":0"}, **{**missing, "system": "win32"}) is None  # type: ignore[arg-type]
    no_display = platform_problem(["app"], {"QT_QPA_PLATFORM": "xcb"}, **missing)  # type: ignore[arg-type]
    assert no_display is not None and no_display.no_display and "DISPLAY" in no_display.message()


def test_the_platform_qt_will_choose() -> None:
    assert chosen_platform(["app", "-platform", "vnc:size=800x600"], {}, "linux") == "vnc"
    assert chosen_platform(["app"], {"QT_QPA_PLATFORM": "offscreen"}, "linux") == "offscreen"
    assert chosen_platform(["app"], {"DISPLAY": ":1"}, "linux") == "xcb"
    assert chosen_platform(["app"], {"WAYLAND_DISPLAY": "wayland-0"}, "linux") == "wayland"
    assert chosen_platform(["app"], {}, "darwin") is None


def test_library_names_map_to_debian_packages() -> None:
    assert package_for("libxcb-render-util.so.0") == "libxcb-render-util0"
    assert package_for("libX11-xcb.so.1") == "libx11-xcb1"
    assert package_for("libdbus-1.so.3") == "libdbus-1-3"
    assert package_for("libxcb-util.so.1") == "libxcb-util1"
    assert package_for("libEGL.so.1") == "libegl1"


def test_readme_and_ci_install_every_library_the_xcb_plugin_needs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    for package in XCB_PACKAGES:
        assert package in readme and package in ci, package


def test_the_app_prints_what_to_install_instead_of_starting_qt(monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QApplication

    from ui import platform_check

    monkeypatch.setattr(QApplication, "instance", staticmethod(lambda: None))
    monkeypatch.setattr(platform_check, "plugin_path", lambda _name: PLUGIN)
    monkeypatch.setattr(platform_check, "run_ldd", lambda _path: LDD_MISSING)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    err = io.StringIO()
    assert not check_platform(["broker-workbench"], "en", err)
    assert "libxcb-keysyms1" in err.getvalue()
    i18n.set_language("zh_CN")


def test_self_test_passes_on_this_installation() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "ui.app", "--self-test"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("self-test passed")
    assert "render a claim form as PDF" in done.stdout and "main window" in done.stdout
    assert done.stderr.strip() == ""


def test_self_test_reports_a_broken_step_and_exits_non_zero(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_store: object) -> None:
        raise FileNotFoundError("resources/demo/vocabulary.json")

    monkeypatch.setattr(self_test, "_demo", broken)
    assert self_test.run_self_test() == 1
    captured = capsys.readouterr()
    assert "ok  open an encrypted data file" in captured.out
    assert "self-test FAILED" in captured.err and "vocabulary.json" in captured.err
