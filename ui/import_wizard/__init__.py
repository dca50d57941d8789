"""The import wizard (file → sheet → mapping → preview → import); the work is done by ``workbench.io``."""

from ui.import_wizard.wizard import ImportWizard

__all__ = ["ImportWizard"]
