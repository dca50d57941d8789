"""One app per data directory: a second launch hands over to the first and exits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from ui.single_instance import SingleInstance


def test_second_instance_in_the_same_directory_asks_the_first_to_come_forward(
    qtbot: QtBot, tmp_path: Path
) -> None:
    first = SingleInstance(tmp_path)
    assert first.acquire()
    second = SingleInstance(tmp_path)
    assert not second.acquire()
    assert second.holder_pid() == os.getpid()
    with qtbot.waitSignal(first.raise_requested, timeout=5000):
        assert second.ask_running_instance_to_raise()
    first.release()
    third = SingleInstance(tmp_path)
    assert third.acquire()
    third.release()


def test_other_directories_are_independent(tmp_path: Path) -> None:
    a, b = SingleInstance(tmp_path / "a"), SingleInstance(tmp_path / "b")
    assert a.acquire() and b.acquire()
    a.release()
    b.release()


def test_launching_the_app_twice(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "ui.app", "--data-dir", str(tmp_path)]
    with subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as first:
        try:
            lock = tmp_path / "workbench.lock"
            deadline = time.monotonic() + 60
            while not lock.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert lock.exists()
            second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, check=False)
            assert second.returncode == 0
            assert "已在运行" in second.stdout
            assert first.poll() is None  # the first one keeps running
        finally:
            first.terminate()
            first.wait(timeout=30)
