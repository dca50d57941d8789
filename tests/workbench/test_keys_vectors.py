"""Known answers for key material: recovery sheets and key files of earlier releases must keep opening.

The vectors in ``data/key_vectors_v1.json`` and ``data/keyfile_v1.key.json`` were generated with the code of
the release before the AEAD key wrap (commit b3f297a) and are never regenerated: a change to the database-key
label, the recovery-key alphabet or checksum, the passphrase normalisation or the old wrap format fails here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from workbench.keys import EnvKeyProvider, KeyStore, RecoveryKey, key_file_for, key_id, raw_key_pragma

DATA = Path(__file__).resolve().parent / "data"
VECTORS: dict[str, Any] = json.loads((DATA / "key_vectors_v1.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("vector", VECTORS["recovery_keys"], ids=lambda v: v["label"])
def test_a_printed_recovery_key_gives_the_same_database_key(vector: dict[str, str]) -> None:
    secret = bytes.fromhex(vector["secret_hex"])
    assert RecoveryKey(secret).text() == vector["text"]
    parsed = RecoveryKey.parse(vector["text"])
    assert parsed.secret == secret
    assert parsed.database_key().hex() == vector["database_key_hex"]
    assert key_id(parsed.database_key()) == vector["key_id"]


@pytest.mark.parametrize("vector", VECTORS["recovery_keys"], ids=lambda v: v["label"])
def test_a_hand_copied_recovery_key_is_read_the_same(vector: dict[str, str]) -> None:
    # Lower case, spaces instead of dashes, O for 0 and l for 1: how people copy a sheet by hand.
    sloppy = vector["text"].lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert RecoveryKey.parse(sloppy).database_key().hex() == vector["database_key_hex"]


def test_the_raw_key_statement_is_unchanged() -> None:
    key = bytes.fromhex(VECTORS["recovery_keys"][0]["database_key_hex"])
    assert raw_key_pragma(key) == f"PRAGMA key = \"x'{key.hex()}'\""


def _old_key_file(tmp_path: Path) -> Path:
    db = tmp_path / "workbench.db"
    shutil.copyfile(DATA / VECTORS["keyfile"]["file"], key_file_for(db))
    return db


@pytest.mark.parametrize("typed", ["passphrase_nfc", "passphrase_as_typed_nfd"])
def test_a_key_file_of_the_earlier_release_unwraps_its_key(tmp_path: Path, typed: str) -> None:
    vec = VECTORS["keyfile"]
    db = _old_key_file(tmp_path)
    keystore = KeyStore(db, EnvKeyProvider({"WORKBENCH_PASSPHRASE": vec[typed]}))
    key = keystore.unlock()
    assert key.hex() == vec["database_key_hex"]
    # The key the file kept from before a rotation (old backups) is still reachable through it.
    assert [k.hex() for k in keystore.alternatives(key)] == [vec["previous_key_hex"]]


def test_a_wrong_passphrase_does_not_open_the_old_key_file(tmp_path: Path) -> None:
    from workbench.keys import WrongPassphraseError

    db = _old_key_file(tmp_path)
    with pytest.raises(WrongPassphraseError):
        KeyStore(db, EnvKeyProvider({"WORKBENCH_PASSPHRASE": "密码 Cafe-测试"})).unlock()
