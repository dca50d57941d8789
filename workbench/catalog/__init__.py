"""The field catalogue: one declaration per field of every entity a broker edits.

Everything that needs facts about a field reads them here:

- services (``workbench.services``) clean every input with the field's cleaner, refuse blanks of required
  fields and writes to read-only ones, and keep only cross-field and cross-record rules themselves;
- forms (``ui.forms.catalog_fields``) take label (with unit), kind, required mark, help and example; a
  screen adds only widget hints (the editor, a reference's choices, a width);
- exports take ``Entity.for_export()``, ``Field.heading()`` and ``Field.format()`` (yuan, enum labels,
  ISO dates, lists joined with 、);
- imports take ``Entity.for_import()``, match column headings with ``Entity.match_heading()`` (labels in
  both languages, the field name and the aliases: 企业名称 / 单位名称 / Company …), clean cells with
  ``Field.clean()`` and recognise known records by ``Entity.natural_key`` (``natural_key_note`` says how,
  in words, for the preview);
- the district sync pushes and pulls ``Entity.synced_fields()``.

The modules: ``schema`` (the :class:`Field` and :class:`Entity` types, the kinds, generated help and
display), ``cleaners`` (one validator per kind of input), and one module per entity group: ``parties``
(broker, enterprise, contact, institution), ``work`` (visit, need, technology, match) and ``deals``
(contract, payment, claim, claim share, policy).

Adding a field (the worked example is the broker's ``address``): add the model column
(``workbench/models.py``), a migration (``workbench/migrations/versions/``) and one ``field(...)`` entry in
the entity's catalogue module. Validation, the form (its label, limit help, error placement), the import
headings and the export column follow with no other edit. Changing a limit (``max_len=500``) changes the
check, the form's help ("不超过 500 字") and the import template together.

Natural keys compare *cleaned* values: a USCC after ``check_uscc`` (spaces removed, upper case, checked),
a patent number after ``check_patent_number`` (ZL/CN prefix, spaces and full-width forms removed, check
digit verified: ``201811564288.X``).
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
