"""Settings: the broker's own profile, reward policies and their versions, language, data and backups.

One module per page and dialog. Prompts (confirmations, passphrases, the recovery key, nested dialogs) are
methods, so tests answer them by overriding instead of leaving a modal box open.
"""

from __future__ import annotations

from ui.workspaces.settings.data import DataPage, backup_reason_label
from ui.workspaces.settings.language import LANGUAGES, LanguagePage
from ui.workspaces.settings.passphrase_dialog import PassphraseDialog
from ui.workspaces.settings.policies import PoliciesPage
from ui.workspaces.settings.policy_dialog import PolicyVersionDialog
from ui.workspaces.settings.policy_text import describe_policy
from ui.workspaces.settings.profile import ProfileForm, ProfilePage, profile_fields
from ui.workspaces.settings.recovery_key_dialog import RecoveryKeyDialog
from ui.workspaces.settings.workspace import SettingsWorkspace

__all__ = [
    "LANGUAGES",
    "DataPage",
    "LanguagePage",
    "PassphraseDialog",
    "PoliciesPage",
    "PolicyVersionDialog",
    "ProfileForm",
    "ProfilePage",
    "RecoveryKeyDialog",
    "SettingsWorkspace",
    "backup_reason_label",
    "describe_policy",
    "profile_fields",
]
