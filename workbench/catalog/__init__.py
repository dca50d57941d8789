"""The field catalogue: one declaration per field of every entity a broker edits.

Everything that needs facts about a field reads them here — the services validate with each field's
cleaner, forms take label, kind, help and required from it, exports take headings and display text,
imports match column headings against labels and aliases and recognise known records by the natural key,
and the district sync pushes the ``synced`` fields. Adding a field to an entity is one entry here plus a
migration (and the model column); see ``workbench/catalog/README.md``.

Usage::

    from workbench.catalog import entity
    tech = entity("technology")
    tech.field("patents").help_text()     # "可带 ZL/CN 前缀…；用逗号、顿号或换行分开"
    [f.heading() for f in tech.for_export()]
    tech.match_heading("专利申请号")        # → the patents field

Natural keys: ``Entity.natural_key`` names fields whose *cleaned* values identify a record (a USCC after
``check_uscc``, a patent number after ``check_patent_number``); ``Entity.natural_key_note`` says in words
how, for the import preview.
"""

from __future__ import annotations

from workbench.catalog.deals import CLAIM, CLAIM_SHARE, CONTRACT, PAYMENT, POLICY
from workbench.catalog.parties import BROKER, CONTACT, ENTERPRISE, INSTITUTION
from workbench.catalog.schema import KINDS, Entity, Field, field, format_value
from workbench.catalog.work import MATCH, NEED, TECHNOLOGY, VISIT

CATALOG: dict[str, Entity] = {
    e.name: e
    for e in (
        BROKER,
        ENTERPRISE,
        CONTACT,
        INSTITUTION,
        VISIT,
        NEED,
        TECHNOLOGY,
        MATCH,
        CONTRACT,
        PAYMENT,
        CLAIM,
        CLAIM_SHARE,
        POLICY,
    )
}


def entity(kind: str) -> Entity:
    """The catalogue entry of an entity kind ("enterprise", "claim_share", …)."""
    try:
        return CATALOG[kind]
    except KeyError:
        raise KeyError(f"no catalogue entry for {kind!r}") from None


def entities() -> tuple[Entity, ...]:
    return tuple(CATALOG.values())


__all__ = ["CATALOG", "KINDS", "Entity", "Field", "entities", "entity", "field", "format_value"]
