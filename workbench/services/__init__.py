"""Services over the store: every write validated, logged and reported as what changed."""

from workbench.services.base import Changes, EntityService, Page
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
    "get_claim",
    "service_for",
]
