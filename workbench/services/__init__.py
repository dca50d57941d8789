"""Services over the store: every write validated (from the field catalogue), logged and reported as what
changed (``changes_in(session)``).

The claim service (``CLAIMS``, ``ShareInput``, ``get_claim``, ``service_for("claim")``) is loaded on first
use: it brings the reward rules and their policy schema, which the app's first screen does not need.
"""

from typing import TYPE_CHECKING, Any

# Every write goes through the services, so the search index keeps itself current from here on.
import workbench.search.index  # noqa: F401 - registers its session hooks with the store
from workbench.services.base import Changes, EntityService, Page, changes_in, note_change
from workbench.services.entities import (
    BROKERS,
    CONTACTS,
    CONTRACTS,
    ENTERPRISES,
    INSTITUTIONS,
    MATCHES,
    NEEDS,
    PAYMENTS,
    SERVICES,
    TECHNOLOGIES,
    VISITS,
    service_for,
)

if TYPE_CHECKING:
    from workbench.services.claims import CLAIMS, ShareInput, get_claim

_CLAIM_NAMES = frozenset({"CLAIMS", "ShareInput", "get_claim"})


def __getattr__(name: str) -> Any:
    if name in _CLAIM_NAMES:
        from workbench.services import claims

        return getattr(claims, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BROKERS",
    "CLAIMS",
    "CONTACTS",
    "CONTRACTS",
    "ENTERPRISES",
    "INSTITUTIONS",
    "MATCHES",
    "NEEDS",
    "PAYMENTS",
    "SERVICES",
    "TECHNOLOGIES",
    "VISITS",
    "Changes",
    "EntityService",
    "Page",
    "ShareInput",
    "changes_in",
    "get_claim",
    "note_change",
    "service_for",
]
