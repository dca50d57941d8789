"""PDF documents of the workbench, rendered with reportlab from plain document data (never from the store)."""

from workbench.pdf.claim_form import ClaimFormTemplate, render_claim_pdf

__all__ = ["ClaimFormTemplate", "render_claim_pdf"]
