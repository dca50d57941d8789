"""Services over the store: every write validated (from the field catalogue), logged and reported as what
changed (``changes_in(session)``).
"""

# Every write goes through the services, so the search index keeps itself current from here on.
import workbench.search.index  # noqa: F401 - registers its session hooks with the store
from workbench.services.base import Changes, EntityService, Page, changes_in, note_change
from workbench.services.claims import CLAIMS, ShareInput, get_claim
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

SERVICES["claim"] = CLAIMS

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
