"""The one way the UI runs work off its thread: progress, cancel, errors that always arrive, a test mode.

``TaskRunner.start(fn, on_done=…, on_error=…, on_progress=…)`` runs ``fn(progress, cancel)`` on a thread
pool and calls the handlers on the UI thread. ``fn`` reports with ``progress(done, total)`` and checks
``cancel.cancelled`` between steps. A failure always reaches ``on_error`` (unexpected ones are logged with
their traceback first). ``TaskRunner(synchronous=True)`` runs every task inline, the way Picard's test
case swaps its pool, so a test can assert right after the call.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

from workbench.errors import WorkbenchError

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
T = TypeVar("T")


class CancelToken:
    """Checked by long work between steps; set from any thread (usually the UI's Cancel button)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


Work = Callable[[Progress, CancelToken], Any]


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class Task(QRunnable):
    """Runs ``fn(progress, cancel)`` on a pool thread and reports back through queued signals."""

    def __init__(self, fn: Work) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.cancel_token = CancelToken()
        self.finished = threading.Event()  # set once the result or the failure has been sent

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit, self.cancel_token)
        except BaseException as exc:  # every failure must reach the UI, never the void
            if not isinstance(exc, WorkbenchError):
                log.error("background task failed\n%s", traceback.format_exc())
            self.signals.failed.emit(exc)
            return
        finally:
            self.finished.set()
        self.signals.done.emit(result)


class TaskRunner:
    """Starts tasks on a thread pool (its own, or one given); ``synchronous`` runs them inline."""

    def __init__(
        self, *, synchronous: bool = False, pool: QThreadPool | None = None, max_threads: int = 2
    ) -> None:
        self.synchronous = synchronous
        if pool is None:
            pool = QThreadPool()
            pool.setMaxThreadCount(max_threads)
        self.pool = pool
        self._running: set[Task] = set()  # kept alive until their answer has been delivered

    def start(
        self,
        fn: Work,
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> Task:
        task = Task(fn)
        task.setAutoDelete(False)
        self._running.add(task)
        task.signals.done.connect(lambda _r, t=task: self._running.discard(t))
        task.signals.failed.connect(lambda _e, t=task: self._running.discard(t))
        if on_done is not None:
            task.signals.done.connect(on_done)
        if on_error is not None:
            task.signals.failed.connect(on_error)
        if on_progress is not None:
            task.signals.progress.connect(on_progress)
        if self.synchronous:
            task.run()
        else:
            self.pool.start(task)
        return task

    def cancel_all(self) -> None:
        """Ask every task still running to stop at its next step (e.g. when the window closes)."""
        for task in list(self._running):
            task.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        return bool(self.pool.waitForDone(msecs))


class NewestAnswer:
    """A read on the pool for a widget that may ask again before the answer arrives (a status line after
    every write): only the newest request's answer is shown, and none once the widget is gone.
    """

    def __init__(self, owner: QObject) -> None:
        self.owner = owner
        self.asked = 0

    def ask(self, tasks: TaskRunner, read: Callable[[], T], show: Callable[[T], None]) -> None:
        self.asked += 1
        asked = self.asked

        def deliver(answer: T) -> None:
            if asked == self.asked and isValid(self.owner):
                show(answer)

        tasks.start(lambda _progress, _cancel: read(), on_done=deliver)
