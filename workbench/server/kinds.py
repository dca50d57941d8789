"""Which record kinds the district shares, which are each broker's own, and what a broker may edit.

The same facts are written into the server's row-level security policies (``schema.py``); tests compare
the two so that a kind added here and forgotten there fails.
"""

from __future__ import annotations

# The shared registry: every broker reads these; brokers add to them and may edit the fields below.
SHARED_KINDS: tuple[str, ...] = (
    "enterprise",
    "contact",
    "institution",
    "technology",
    "tech_patent",
    "policy",
)

# Only the district office writes these (policies are published, not edited on a laptop).
ADMIN_ONLY_KINDS: tuple[str, ...] = ("policy",)

# Each broker's own work: readable by its owner and the district office; needs also by other brokers
# unless marked confidential.
OWN_KINDS: tuple[str, ...] = (
    "broker",
    "visit",
    "visit_broker",
    "visit_attendee",
    "need",
    "match",
    "match_stage_event",
    "contract",
    "payment",
    "claim",
    "claim_share",
    "claim_status_event",
)

ALL_KINDS: tuple[str, ...] = SHARED_KINDS + OWN_KINDS

# Fields of a shared record that a broker who did not create it may change: contact details go stale and
# any broker who visits may correct them; names, codes and ownership stay with the creator and the office.
SHARED_EDITABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "enterprise": ("address", "industry_code", "cluster_code", "cluster_taxonomy", "high_tech", "notes"),
    "contact": ("title", "mobile", "phone", "email", "wechat", "notes"),
    "institution": ("region", "notes"),
    "technology": ("keywords", "technical_field", "maturity", "transfer_modes"),
}

# Claim status steps and who may take them. Everything else is refused by the server.
BROKER_CLAIM_STEPS: tuple[tuple[str, str], ...] = (("draft", "submitted"),)
ADMIN_CLAIM_STEPS: tuple[tuple[str, str], ...] = (
    ("submitted", "approved"),
    ("submitted", "rejected"),
    ("approved", "paid"),
)
