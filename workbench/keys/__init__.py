"""Database keys: one random key per data file, kept in the OS keychain, wrapped by a passphrase or recovered.

Design (see the issue note of #6 for the measurements):

* The database key ``K`` is 256 random bits used as SQLCipher's *raw* key (no per-connection KDF). It is
  derived from a 256-bit **recovery secret** ``R`` as ``K = HMAC-SHA256(R, label)``. ``R`` is shown once,
  as the recovery key, and is stored nowhere; ``K`` cannot give ``R`` back, so "shown once" holds by
  construction.
  With ``R`` alone the data file *and every backup made with the same key* open anywhere, even when the key
  file beside the database was not copied — which is what a broken laptop needs.
* ``K`` is kept in the OS keychain (service ``BrokerWorkbench``, one entry per database path). Without a
  keychain, a passphrase wraps ``K`` in the key file ``<db stem>.key.json`` beside the database.
* Wrapping uses AES-256-GCM from ``cryptography`` (a vetted AEAD): a passphrase is stretched by ``scrypt``
  with a fresh random salt into the 256-bit wrapping key; a key wrapped by another key uses that key
  directly. Every wrap has its own random 96-bit nonce, and the key id is bound as associated data, so a
  wrong passphrase or a tampered entry fails authentication without touching the database. Key files of
  the earlier format (scrypt/HMAC stream XORed with the key plus an HMAC tag) are still read, and
  rewritten in the new format as soon as the keys they hold are unwrapped.
* The key file holds only wrapped keys, salts, KDF parameters, key ids and the database's public salt — never
  a key in plain text. Old keys (after a rotation or a recovery) stay in it wrapped by the current key, so
  backups written to other places before the rotation still open here.

The package: :mod:`~workbench.keys.errors`, :mod:`~workbench.keys.material` (recovery key, wrapping),
:mod:`~workbench.keys.keyfile`, :mod:`~workbench.keys.keychain`, :mod:`~workbench.keys.providers` (asking
the user) and :mod:`~workbench.keys.keystore` (one data file's key). Everything is re-exported here.
Tests tune scrypt's cost through ``workbench.keys.material.SCRYPT_PARAMS``.
"""

from workbench.keys.errors import (
    CorruptFileError,
    DiskFullError,
    ForeignFileError,
    KeyMissingError,
    OpenError,
    PassphraseRequiredError,
    ReadOnlyError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
    os_error,
)
from workbench.keys.keychain import (
    keychain_delete,
    keychain_get,
    keychain_name,
    keychain_set,
    keychain_username,
)
from workbench.keys.keyfile import KeyFile, key_file_for
from workbench.keys.keystore import KeyStore
from workbench.keys.material import (
    AEAD,
    KEY_BYTES,
    KEY_FILE_FORMAT,
    KEY_FILE_VERSION,
    MAX_PASSPHRASE_ATTEMPTS,
    MIN_PASSPHRASE_LENGTH,
    NEW_PASSPHRASE_ENV,
    PASSPHRASE_ENV,
    SERVICE,
    RecoveryKey,
    derive_key,
    is_legacy,
    key_id,
    raw_key_pragma,
    unwrap_with_key,
    unwrap_with_passphrase,
    wrap_with_key,
    wrap_with_passphrase,
)
from workbench.keys.providers import (
    EnvKeyProvider,
    KeyProvider,
    PassphraseRequest,
    TerminalKeyProvider,
)

__all__ = [
    "AEAD",
    "KEY_BYTES",
    "KEY_FILE_FORMAT",
    "KEY_FILE_VERSION",
    "MAX_PASSPHRASE_ATTEMPTS",
    "MIN_PASSPHRASE_LENGTH",
    "NEW_PASSPHRASE_ENV",
    "PASSPHRASE_ENV",
    "SERVICE",
    "CorruptFileError",
    "DiskFullError",
    "EnvKeyProvider",
    "ForeignFileError",
    "KeyFile",
    "KeyMissingError",
    "KeyProvider",
    "KeyStore",
    "OpenError",
    "PassphraseRequest",
    "PassphraseRequiredError",
    "ReadOnlyError",
    "RecoveryKey",
    "TerminalKeyProvider",
    "WrongPassphraseError",
    "WrongRecoveryKeyError",
    "derive_key",
    "is_legacy",
    "key_file_for",
    "key_id",
    "keychain_delete",
    "keychain_get",
    "keychain_name",
    "keychain_set",
    "keychain_username",
    "os_error",
    "raw_key_pragma",
    "unwrap_with_key",
    "unwrap_with_passphrase",
    "wrap_with_key",
    "wrap_with_passphrase",
]
