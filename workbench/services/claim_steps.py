"""When each step of a broker's work happened, as the claim form prints it.

A match stage change is entered on one day and may record a step that happened earlier (a broker who
writes up a match after the fact). ``MatchStageEvent.occurred_on`` keeps the day the broker gives; the
change log keeps when it was typed. The form prints steps in the order they happened, and a claim whose
steps contradict its contract's dates is flagged before submission.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone

from workbench.errors import ValidationError
from workbench.i18n import t
from workbench.models import MatchStageEvent
from workbench.services.base import issue

# Dates on a Chinese form are China Standard Time (no daylight saving, so a fixed offset is exact).
CHINA_TIME = timezone(timedelta(hours=8), "CST")


def local_day(moment: datetime) -> date:
    """The China-time day of a stored (UTC) moment."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(CHINA_TIME).date()


def step_day(event: MatchStageEvent) -> date:
    """The day a stage change happened: the broker's date, else the day it was entered."""
    return event.occurred_on or local_day(event.at)


def check_occurred_on(
    occurred_on: date | None, history: Sequence[MatchStageEvent], *, today: date | None = None
) -> date | None:
    """``occurred_on`` for a new stage change, checked: not in the future, not before the last step.

    None stays None: the step happened the day it is entered (``step_day`` reads it so), which also keeps
    a change whose entry time is later set by an import or the demo data in its place.
    """
    today = today or datetime.now(CHINA_TIME).date()
    day = occurred_on or today
    if day > today:
        raise ValidationError(
            [
                issue(
                    "occurred_on",
                    "date.future",
                    t(
                        "发生日期 {d} 晚于今天，不能预填",
                        "The step's date {d} is in the future",
                        d=day.isoformat(),
                    ),
                )
            ]
        )
    if history:
        previous = max(step_day(e) for e in history)
        if day < previous:
            raise ValidationError(
                [
                    issue(
                        "occurred_on",
                        "date.before_previous",
                        t(
                            "发生日期 {d} 早于上一环节的日期 {p}",
                            "The step's date {d} is before the previous step's date {p}",
                            d=day.isoformat(),
                            p=previous.isoformat(),
                        ),
                    )
                ]
            )
    return occurred_on
