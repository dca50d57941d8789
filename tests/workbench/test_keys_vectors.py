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


# -- the AEAD key wrap (issue 11, finding 10) ----------------------------------------------------------


def test_an_old_key_file_is_rewritten_with_aes_gcm_and_still_opens(tmp_path: Path) -> None:
    vec = VECTORS["keyfile"]
    db = _old_key_file(tmp_path)
    provider = EnvKeyProvider({"WORKBENCH_PASSPHRASE": vec["passphrase_nfc"]})
    KeyStore(db, provider).unlock()
    rewritten = json.loads(key_file_for(db).read_text(encoding="utf-8"))
    assert rewritten["version"] == 2
    for entry in [rewritten["passphrase"], *rewritten["previous"]]:
        assert entry["aead"] == "aes-256-gcm"
        assert "tag" not in entry and "wrapped" not in entry
    again = KeyStore(db, provider)
    key = again.unlock()
    assert key.hex() == vec["database_key_hex"]
    assert [k.hex() for k in again.alternatives(key)] == [vec["previous_key_hex"]]


def test_a_tampered_aes_gcm_entry_is_refused(tmp_path: Path) -> None:
    import base64

    from workbench.keys import unwrap_with_key, unwrap_with_passphrase, wrap_with_key, wrap_with_passphrase

    key, other = bytes(range(32)), bytes(range(1, 33))
    entry = wrap_with_passphrase(key, "一个足够长的密码", {"n": 2**10, "r": 8, "p": 1})
    assert unwrap_with_passphrase(entry, "一个足够长的密码") == key
    assert unwrap_with_passphrase(entry, "一个足够长的密玛") is None
    sealed = bytearray(base64.b64decode(entry["ciphertext"]))
    sealed[3] ^= 1
    assert (
        unwrap_with_passphrase({**entry, "ciphertext": base64.b64encode(sealed).decode()}, "一个足够长的密码")
        is None
    )
    wrapped = wrap_with_key(other, key)
    assert unwrap_with_key(wrapped, key) == other
    assert unwrap_with_key(wrapped, other) is None
    assert unwrap_with_key({**wrapped, "key_id": "0" * 16}, key) is None  # the key id is bound to the wrap


@pytest.mark.parametrize(
    "edit",
    [
        {"salt": "not base64!"},
        {"n": 2**40},
        {"n": 1000},
        {"ciphertext": None},
    ],
    ids=["bad-base64", "absurd-n", "n-not-power-of-two", "missing-ciphertext"],
)
def test_a_hand_edited_key_file_gives_words_not_a_traceback(tmp_path: Path, edit: dict[str, Any]) -> None:
    from workbench.errors import StoreError
    from workbench.keys import wrap_with_passphrase

    db = tmp_path / "workbench.db"
    data = json.loads((DATA / VECTORS["keyfile"]["file"]).read_text(encoding="utf-8"))
    entry = wrap_with_passphrase(bytes.fromhex(VECTORS["keyfile"]["database_key_hex"]), "密码 Café-测试")
    entry.update(edit)
    data["passphrase"] = {k: v for k, v in entry.items() if v is not None}
    key_file_for(db).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError) as err:
        KeyStore(db, EnvKeyProvider({"WORKBENCH_PASSPHRASE": "密码 Café-测试"})).unlock()
    assert "密钥文件" in err.value.message
