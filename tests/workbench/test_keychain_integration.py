"""Against a real Secret Service (gnome-keyring under a private D-Bus session, started by ``.ci/run``).

Skipped where no Secret Service answers, unless ``WORKBENCH_REQUIRE_KEYCHAIN=1`` (set by ``.ci/run``), which
turns a missing keychain into a failure so that CI cannot pass by skipping.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from sqlmodel import select

from workbench.keys import SERVICE, KeyMissingError, key_file_for, keychain_username
from workbench.models import Enterprise
from workbench.store import Store

pytestmark = pytest.mark.keychain


def _secret_service() -> str | None:
    """None when a Secret Service is usable, else why not."""
    try:
        from keyring.backends import SecretService

        backend = keyring.get_keyring()
        if not isinstance(backend, SecretService.Keyring):
            return f"the keychain here is {type(backend).__module__}"
        keyring.set_password(SERVICE, "probe", "1")
        keyring.delete_password(SERVICE, "probe")
    except Exception as exc:
        return f"no Secret Service: {exc}"
    return None


@pytest.fixture(autouse=True)
def _need_secret_service() -> Iterator[None]:
    why = _secret_service()
    if why is not None:
        if os.environ.get("WORKBENCH_REQUIRE_KEYCHAIN") == "1":
            pytest.fail(why)
        pytest.skip(why)
    yield


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "data" / "workbench.db"
    yield path
    # Leave the keychain as we found it.
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        keyring.delete_password(SERVICE, keychain_username(path))


def test_the_key_is_kept_in_the_secret_service_and_opens_the_file(db: Path) -> None:
    with Store.open(db) as store, store.session() as s:
        s.add(Enterprise(name="钥匙串里的企业"))
    stored = keyring.get_password(SERVICE, keychain_username(db))
    assert stored is not None and len(stored) == 64
    assert stored not in key_file_for(db).read_text()
    if shutil.which("secret-tool"):
        # What another program sees through libsecret: the same item, under our service name.
        looked_up = subprocess.run(
            ["secret-tool", "lookup", "service", SERVICE, "username", keychain_username(db)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert looked_up == stored
    with Store.open(db) as again, again.session() as s:
        assert [e.name for e in s.exec(select(Enterprise)).all()] == ["钥匙串里的企业"]


def test_removed_from_the_keychain_then_recovered(db: Path) -> None:
    from tests.workbench.test_encryption import Recorder

    rec = Recorder()
    Store.open(db, keys=rec).close()
    keyring.delete_password(SERVICE, keychain_username(db))
    with pytest.raises(KeyMissingError):
        Store.open(db)
    assert rec.recovery is not None
    Store.recover(db, rec.recovery.text())
    assert keyring.get_password(SERVICE, keychain_username(db)) == rec.recovery.database_key().hex()
    Store.open(db).close()
