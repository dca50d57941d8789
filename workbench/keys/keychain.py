"""The OS keychain (through ``keyring``): one entry per data file; any failure means "no keychain here"."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.keys.material import SERVICE

log = logging.getLogger(__name__)


# -- the keychain ------------------------------------------------------------------------------------


class _NoKeychainError(Exception):
    """The OS keychain is absent, locked or refused the request."""


def _keychain_call(fn: Callable[[], Any]) -> Any:
    import keyring.errors

    try:
        return fn()
    except keyring.errors.KeyringError as exc:
        # NoKeyringError (fail.Keyring), KeyringLocked, InitError, PasswordSetError: all mean "no usable
        # keychain here" for us, and the passphrase path takes over.
        raise _NoKeychainError(str(exc)) from exc
    except Exception as exc:
        # D-Bus and platform errors leak through some backends as their own types; a keychain that
        # misbehaves must not stop the user from reaching the data through the passphrase.
        log.warning("keychain error: %s", type(exc).__name__)
        raise _NoKeychainError(str(exc)) from exc


def keychain_get(username: str) -> str | None:
    import keyring

    try:
        value = _keychain_call(lambda: keyring.get_password(SERVICE, username))
    except _NoKeychainError:
        return None
    return value if isinstance(value, str) else None


def keychain_set(username: str, value: str) -> bool:
    """Store ``value``; False when there is no usable keychain."""
    import keyring

    try:
        _keychain_call(lambda: keyring.set_password(SERVICE, username, value))
    except _NoKeychainError:
        return False
    return True


def keychain_delete(username: str) -> None:
    import keyring

    with contextlib.suppress(_NoKeychainError):
        _keychain_call(lambda: keyring.delete_password(SERVICE, username))


def keychain_name() -> str:
    """The keychain backend in use, for status output ("none" when there is none)."""
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    return "none" if isinstance(backend, fail.Keyring) else type(backend).__module__.rsplit(".", 1)[-1]


def keychain_username(db: Path) -> str:
    """A stable, readable id per database path (the path itself may hold a user name: hash it)."""
    resolved = os.path.normcase(str(db.expanduser().resolve()))
    return f"{db.name}@{hashlib.sha256(resolved.encode('utf-8')).hexdigest()[:16]}"
