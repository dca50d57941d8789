"""What every window needs, passed in through constructors: store, paths, preferences, change bus, tasks."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ui.preferences import Preferences, WindowState
from workbench.clock import SYSTEM_CLOCK, Clock
from workbench.errors import WorkbenchError
from workbench.paths import DataPaths
from workbench.services.base import Changes
from workbench.store import Store

log = logging.getLogger(__name__)


class ChangeBus(QObject):
    """One notification after every write; each view decides whether the kinds concern it."""

    changed = Signal(object)  # Changes

    def publish(self, changes: Changes) -> None:
        if changes.kinds:
            self.changed.emit(changes)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class CancelToken:
    """Checked by long work between steps; set from the UI thread."""

    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class Task(QRunnable):
    """Runs ``fn(progress, cancel)`` on a pool thread and reports back through queued signals."""

    def __init__(self, fn: Callable[[Callable[[int, int], None], CancelToken], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.cancel_token = CancelToken()

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit, self.cancel_token)
        except BaseException as exc:  # every failure must reach the UI, never the void
            if not isinstance(exc, WorkbenchError):
                log.error("background task failed\n%s", traceback.format_exc())
            self.signals.failed.emit(exc)
            return
        self.signals.done.emit(result)


class TaskRunner:
    """Starts tasks on a thread pool; ``synchronous`` runs them inline (used by some tests)."""

    def __init__(self, *, synchronous: bool = False) -> None:
        self.synchronous = synchronous
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(2)

    def start(
        self,
        fn: Callable[[Callable[[int, int], None], CancelToken], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> Task:
        task = Task(fn)
        task.setAutoDelete(False)
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

    def wait(self, msecs: int = 30000) -> bool:
        return bool(self.pool.waitForDone(msecs))


@dataclass
class AppContext:
    store: Store
    paths: DataPaths
    prefs: Preferences
    state: WindowState
    bus: ChangeBus = field(default_factory=ChangeBus)
    tasks: TaskRunner = field(default_factory=TaskRunner)
    demo: bool = False
    actor: str = ""
    fixed_clock: Clock | None = None  # tests pin a moment; otherwise see ``clock``

    @property
    def clock(self) -> Clock:
        """The app's one clock: the demo data's own "today" in demo mode, else the computer's."""
        if self.fixed_clock is not None:
            return self.fixed_clock
        if self.demo:
            from workbench.demo import demo_clock

            return demo_clock()
        return SYSTEM_CLOCK

    def write(self, fn: Callable[[Any], Any], kinds: set[str] | frozenset[str]) -> Any:
        """Run one unit of work on the UI thread (short writes) and broadcast what changed."""
        with self.store.session(actor=self.actor) as session:
            result = fn(session)
        changes = result if isinstance(result, Changes) else Changes(frozenset(kinds))
        self.bus.publish(changes)
        return result
