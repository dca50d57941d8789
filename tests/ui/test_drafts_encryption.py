"""Visit drafts are encrypted under a key derived from the data file's key (issue 11, finding 9).

A draft holds what the user typed (enterprise names, notes): on disk it must be as private as the database.
Plain-JSON drafts of the earlier version still load, once, and are rewritten encrypted at once.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from ui.drafts import DraftStore, EncryptedCodec
from workbench.store import Store

SECRET = "绝密客户·东方微电子"


def _plain_draft(folder: Path, name: str, data: dict[str, object]) -> Path:
    """A draft exactly as the earlier version wrote it: plain JSON."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    envelope = {
        "format": "broker-workbench-draft",
        "version": 1,
        "kind": "visit",
        "id": "old-1",
        "saved_at": "2026-12-01T08:00:00+00:00",
        "data": data,
    }
    path.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_draft_on_disk_shows_nothing_of_what_was_typed(store: Store, tmp_path: Path) -> None:
    drafts = DraftStore.for_store(store, tmp_path / "drafts")
    path = drafts.save("visit", "v1", {"enterprise": SECRET, "notes": "会谈纪要"})
    raw = path.read_bytes()
    assert SECRET.encode() not in raw and "会谈纪要".encode() not in raw and b"{" not in raw[:8]
    assert raw.startswith(EncryptedCodec.MAGIC)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    loaded = DraftStore.for_store(store, tmp_path / "drafts").load("visit", "v1")
    assert loaded is not None and loaded.data["enterprise"] == SECRET
    # Another data file's key reads nothing: the draft is not kept, it is just not readable.
    other = DraftStore(tmp_path / "drafts", codec=EncryptedCodec([os.urandom(32)]))
    assert other.load("visit", "v1") is None
    assert path.exists()


def test_an_old_plain_draft_loads_once_and_is_rewritten_encrypted(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    path = _plain_draft(folder, "visit-old-1.json", {"enterprise": SECRET})
    drafts = DraftStore.for_store(store, folder)
    [draft] = drafts.load_all("visit")
    assert draft.data["enterprise"] == SECRET
    assert SECRET.encode() not in path.read_bytes()
    assert path.read_bytes().startswith(EncryptedCodec.MAGIC)
    [again] = drafts.load_all("visit")
    assert again.data == draft.data
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.slow
def test_a_draft_written_before_a_key_rotation_still_opens(tmp_path: Path) -> None:
    db = tmp_path / "data" / "workbench.db"
    with Store.open(db) as st:
        DraftStore.for_store(st, tmp_path / "drafts").save("visit", "v1", {"enterprise": SECRET})
        st.rotate_key()
        loaded = DraftStore.for_store(st, tmp_path / "drafts").load("visit", "v1")
    assert loaded is not None and loaded.data["enterprise"] == SECRET
