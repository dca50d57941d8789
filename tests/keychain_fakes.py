"""Keychain stand-ins for tests: an in-memory keyring, and one that is locked or refuses everything."""

from __future__ import annotations

from jaraco.classes.properties import classproperty
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError


class _TestDouble(KeyringBackend):
    """Never chosen by keyring's own discovery (it scans every subclass): only set explicitly by a test."""

    @classproperty
    def priority(cls) -> float:  # noqa: N805 - a class property
        raise RuntimeError("a test double is never a default keychain")


class MemoryKeyring(_TestDouble):
    """A keychain that lives in the test process only."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


def no_keychain() -> KeyringBackend:
    """What a headless Linux has: keyring's ``fail.Keyring``, which raises NoKeyringError on every call."""
    from keyring.backends import fail

    return fail.Keyring()


class LockedKeyring(_TestDouble):
    """A keychain the user did not unlock (or refused access to): every call raises KeyringLocked."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("the collection is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("the collection is locked")
