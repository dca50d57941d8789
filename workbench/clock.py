"""The app's one clock: what "today" and "now" are, so every screen and service agrees on them.

The real clock reads the computer's; a fixed clock always answers the same moment (the demo data's own
"today", tests). Whoever needs the date gets a :class:`Clock` passed in instead of calling
``date.today()`` itself, so a demo opened weeks later still shows a consistent year: Today's overdue
follow-ups are the same ones the Visits list marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """What time it is: ``now()`` is aware (in the clock's own zone), ``today()`` its date there."""

    def now(self) -> datetime: ...

    def today(self) -> date: ...


class SystemClock:
    """The computer's clock, in its local time zone."""

    def now(self) -> datetime:
        return datetime.now().astimezone()

    def today(self) -> date:
        return self.now().date()

    def __repr__(self) -> str:
        return "SystemClock()"


@dataclass(frozen=True)
class FixedClock:
    """Always the same moment (aware); its date in that moment's zone is "today"."""

    moment: datetime

    def __post_init__(self) -> None:
        if self.moment.tzinfo is None:
            raise ValueError("a fixed clock needs an aware moment (with a time zone)")

    def now(self) -> datetime:
        return self.moment

    def today(self) -> date:
        return self.moment.date()

    @property
    def zone(self) -> tzinfo:
        assert self.moment.tzinfo is not None
        return self.moment.tzinfo


SYSTEM_CLOCK = SystemClock()
"""The one real clock; there is no state in it, so one instance serves everyone."""


def local_zone(at: datetime | None = None) -> tzinfo:
    """The computer's time zone (its offset at ``at``, by default now)."""
    zone = (at or datetime.now()).astimezone().tzinfo
    assert zone is not None
    return zone
