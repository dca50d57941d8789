"""The entity services, one per table a broker edits, and the lookup by kind.

Each entity group has its module — ``parties`` (brokers, enterprises, contacts, institutions), ``work``
(visits, needs, technologies, matches) and ``deals`` (contracts, payments) — and this module gathers them,
so ``from workbench.services.entities import EnterpriseService`` keeps working. Fields are declared once,
in the catalogue (``workbench.catalog``); a service adds only cross-field and cross-record rules.
"""

from __future__ import annotations

from typing import Any

from workbench.services.base import EntityService
from workbench.services.deals import CONTRACTS, PAYMENTS, ContractService, PaymentService
from workbench.services.parties import (
    BROKERS,
    CONTACTS,
    ENTERPRISES,
    INSTITUTIONS,
    BrokerService,
    ContactService,
    EnterpriseService,
    InstitutionService,
    self_broker,
)
from workbench.services.work import (
    MATCHES,
    NEEDS,
    TECHNOLOGIES,
    VISITS,
    MatchService,
    NeedService,
    TechnologyService,
    VisitService,
)

__all__ = [
    "BROKERS",
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
    "BrokerService",
    "ContactService",
    "ContractService",
    "EnterpriseService",
    "InstitutionService",
    "MatchService",
    "NeedService",
    "PaymentService",
    "TechnologyService",
    "VisitService",
    "self_broker",
    "service_for",
]

SERVICES: dict[str, EntityService[Any]] = {
    s.kind: s
    for s in (
        BROKERS,
        ENTERPRISES,
        CONTACTS,
        INSTITUTIONS,
        VISITS,
        NEEDS,
        TECHNOLOGIES,
        MATCHES,
        CONTRACTS,
        PAYMENTS,
    )
}


def service_for(kind: str) -> EntityService[Any]:
    """The service of a kind, accepting plurals as typed on the command line (``contracts``)."""
    key = kind.strip().lower()
    aliases = {
        "technologies": "technology",
        "enterprises": "enterprise",
        "needs": "need",
        "visits": "visit",
        "contacts": "contact",
        "institutions": "institution",
        "matches": "match",
        "contracts": "contract",
        "payments": "payment",
        "brokers": "broker",
        "claims": "claim",
    }
    key = aliases.get(key, key)
    if key == "claim" and key not in SERVICES:
        import workbench.services.claims  # noqa: F401 - registers the claim service, loaded on first use
    if key not in SERVICES:
        raise KeyError(kind)
    return SERVICES[key]
