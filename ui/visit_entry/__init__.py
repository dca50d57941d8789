"""The broker's on-site tool: one dialog for a visit, its enterprise, attendees and the needs found there.

Everything is saved in one unit of work by the core (:func:`workbench.services.visits.record_visit`), so a
refused field saves nothing and every typed character stays where it was. The whole state of the dialog is
also kept as a draft (see ``ui.drafts``): on every change (debounced) and every few seconds, so a crash, a
killed process or a flat battery loses nothing; :func:`offer_recovered_drafts` offers the drafts back at
the next start.

Modules: ``parts`` (message lines, the need block), ``form`` (widgets, layout, where problems show),
``dialog`` (loading, drafts, saving, leaving), ``recovery`` (drafts offered at start-up, screenshots).
"""

from ui.visit_entry.dialog import VisitEntryDialog
from ui.visit_entry.parts import DRAFT_KIND, NeedBlock
from ui.visit_entry.recovery import (
    DraftRecoveryPrompt,
    describe_draft,
    offer_recovered_drafts,
    screenshot_dialog,
)

__all__ = [
    "DRAFT_KIND",
    "DraftRecoveryPrompt",
    "NeedBlock",
    "VisitEntryDialog",
    "describe_draft",
    "offer_recovered_drafts",
    "screenshot_dialog",
]
