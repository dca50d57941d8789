"""The one off-thread helper: answers, progress, cancel and failures reach the UI thread; a test mode."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.context import AppContext
from ui.tasks import CancelToken, TaskRunner
from workbench.errors import WorkbenchError


def test_work_runs_off_the_ui_thread_and_answers_on_it(qtbot: QtBot, qapp: QApplication) -> None:
    runner = TaskRunner()
    seen: dict[str, Any] = {}

    def work(progress: Any, _cancel: CancelToken) -> int:
        seen["worker"] = QThread.currentThread()
        for i in range(3):
            progress(i + 1, 3)
        return 42

    steps: list[tuple[int, int]] = []
    answers: list[int] = []
    answered_on: list[QThread] = []

    def done(answer: int) -> None:
        answered_on.append(QThread.currentThread())
        answers.append(answer)

    runner.start(work, on_done=done, on_progress=lambda d, t: steps.append((d, t)))
    qtbot.waitUntil(lambda: answers == [42])
    assert answered_on == [qapp.thread()]
    assert seen["worker"] is not qapp.thread()
    qtbot.waitUntil(lambda: steps == [(1, 3), (2, 3), (3, 3)])
    runner.wait()


def test_cancel_stops_work_between_steps(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started, release = threading.Event(), threading.Event()

    def work(_progress: Any, cancel: CancelToken) -> int:
        steps = 0
        started.set()
        release.wait(10)
        while not cancel.cancelled and steps < 1000:
            steps += 1
        return steps

    answers: list[int] = []
    task = runner.start(work, on_done=answers.append)
    assert started.wait(10)
    runner.cancel_all()
    release.set()
    qtbot.waitUntil(lambda: answers == [0])
    assert task.finished.is_set()


def test_failures_reach_the_ui_and_unexpected_ones_are_logged(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []

    def refused(_p: Any, _c: CancelToken) -> None:
        raise WorkbenchError("合同尚未登记")

    def broken(_p: Any, _c: CancelToken) -> None:
        raise ZeroDivisionError("boom")

    with caplog.at_level(logging.ERROR, logger="ui.tasks"):
        runner.start(refused, on_error=errors.append)
        runner.start(broken, on_error=errors.append)
        qtbot.waitUntil(lambda: len(errors) == 2)
    assert sorted(type(e).__name__ for e in errors) == ["WorkbenchError", "ZeroDivisionError"]
    logged = [r.getMessage() for r in caplog.records]
    assert len(logged) == 1 and "ZeroDivisionError" in logged[0]  # a refusal is not a bug: not logged


def test_synchronous_mode_answers_before_start_returns() -> None:
    runner = TaskRunner(synchronous=True)
    answers: list[str] = []
    runner.start(lambda _p, _c: "done", on_done=answers.append)
    assert answers == ["done"]


def test_closing_the_main_window_cancels_work_in_flight(qtbot: QtBot, ctx: AppContext) -> None:
    from ui.mainwindow import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    started = threading.Event()

    def waits_for_cancel(_p: Any, cancel: CancelToken) -> str:
        started.set()
        for _ in range(2000):  # at most 20 s if nobody cancels
            if cancel.cancelled:
                return "stopped"
            threading.Event().wait(0.01)
        return "ran out"

    answers: list[str] = []
    ctx.tasks.start(waits_for_cancel, on_done=answers.append)
    assert started.wait(10)
    window.close()
    qtbot.waitUntil(lambda: answers == ["stopped"], timeout=5000)
