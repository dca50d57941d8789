"""The one place that opens the database: engine and keys wiring, migrations, backup and restore, change log.

* :mod:`~workbench.store.engine` — :class:`Store`: opening (key, conversion, checks), engine, sessions, keys.
* :mod:`~workbench.store.migrations` — Alembic upgrades.
* :mod:`~workbench.store.backups` — backups, automatic backups, restore, integrity.
* :mod:`~workbench.store.files` — the file on disk: kinds of file, keyed connections, verified copies.
* :mod:`~workbench.store.changelog` — the change log, and :func:`register_session_hooks` for other parts
  (the search index) that act inside the store's transactions.

Everything other modules import from ``workbench.store`` is re-exported here.
"""

from workbench.errors import StoreError
from workbench.keys import (
    CorruptFileError,
    DiskFullError,
    ForeignFileError,
    KeyMissingError,
    OpenError,
    PassphraseRequiredError,
    ReadOnlyError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
)
from workbench.store.backups import (
    AUTO_PREFIX,
    BACKUP_KEEP_SETTING,
    DEFAULT_BACKUP_KEEP,
    AutoBackup,
    BackupError,
    BackupInfo,
    is_workbench_plaintext,
    list_backup_files,
    verify_backup,
)
from workbench.store.changelog import register_session_hooks, registered_hooks
from workbench.store.engine import (
    BUSY_TIMEOUT_S,
    BusyError,
    MissingDataFileError,
    NotOurFileError,
    PlaintextFileError,
    Store,
)
from workbench.store.files import (
    SQLITE_HEADER,
    encrypt_plaintext_file,
    file_salt,
    is_plaintext,
    key_opens,
    reencrypt_file,
    remove_stray_files,
)
from workbench.store.migrations import MIGRATIONS_DIR

__all__ = [
    "AUTO_PREFIX",
    "BACKUP_KEEP_SETTING",
    "BUSY_TIMEOUT_S",
    "DEFAULT_BACKUP_KEEP",
    "MIGRATIONS_DIR",
    "SQLITE_HEADER",
    "AutoBackup",
    "BackupError",
    "BackupInfo",
    "BusyError",
    "CorruptFileError",
    "DiskFullError",
    "ForeignFileError",
    "KeyMissingError",
    "MissingDataFileError",
    "NotOurFileError",
    "OpenError",
    "PassphraseRequiredError",
    "PlaintextFileError",
    "ReadOnlyError",
    "Store",
    "StoreError",
    "WrongPassphraseError",
    "WrongRecoveryKeyError",
    "encrypt_plaintext_file",
    "file_salt",
    "is_plaintext",
    "is_workbench_plaintext",
    "key_opens",
    "list_backup_files",
    "reencrypt_file",
    "register_session_hooks",
    "registered_hooks",
    "remove_stray_files",
    "verify_backup",
]
