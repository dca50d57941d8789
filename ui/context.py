"""What every window needs, passed in through constructors: store, paths, preferences, change bus, tasks.

The change bus is the one notification the UI refreshes from: every write publishes the ``Changes`` its
service returned, and each workspace decides whether the kinds concern it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from ui.preferences import Preferences, WindowState
from ui.tasks import CancelToken, Task, TaskRunner
from workbench.clock import SYSTEM_CLOCK, Clock
from workbench.paths import DataPaths
from workbench.services.base import Changes
from workbench.store import Store

__all__ = ["AppContext", "CancelToken", "ChangeBus", "Task", "TaskRunner"]


class ChangeBus(QObject):
    """One notification after every write; each view decides whether the kinds concern it."""

    changed = Signal(object)  # Changes

    def publish(self, changes: Changes) -> None:
        if changes.kinds:
            self.changed.emit(changes)


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

    @classmethod
    def for_paths(
        cls, store: Store, paths: DataPaths, *, prefs: Preferences | None = None, **options: Any
    ) -> AppContext:
        """A context whose preferences and window state live in ``paths.config_dir`` (``prefs`` if read already)."""
        return cls(
            store=store,
            paths=paths,
            prefs=Preferences(paths.config_dir) if prefs is None else prefs,
            state=WindowState(paths.config_dir),
            **options,
        )

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
