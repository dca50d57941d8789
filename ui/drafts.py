"""Autosaved drafts of unfinished dialogs, written atomically so a killed process never leaves a broken one.

A draft is one small file per open dialog in ``paths.drafts_dir`` (inside the data directory, next to the
database). It holds what the user typed, so it is record content: with :meth:`DraftStore.for_store` the
JSON is encrypted with AES-256-GCM under a key derived (HKDF) from the data file's key, so a draft is as
private as the database itself. Drafts are created owner-only (0600), kept small, and deleted as soon as
the record is saved or the user discards the draft. A plain-JSON draft left by an earlier version is read
once and rewritten encrypted at once; a draft written before a key rotation still opens through the
older keys the key file keeps.

Each write goes to a temporary file in the same folder, is flushed and fsync'ed, then renamed over the
draft with ``os.replace`` (atomic on POSIX and Windows) and the folder is fsync'ed, so after a SIGKILL or a
flat battery the draft is either the previous complete version or the new complete version.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from workbench.paths import private_dir

log = logging.getLogger(__name__)

DRAFT_FORMAT = "broker-workbench-draft"
DRAFT_VERSION = 1
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")
_TMP_SUFFIX = ".tmp"


class DraftCodec(Protocol):
    """Turns the JSON bytes of a draft into what is stored on disk and back (e.g. encryption)."""

    def encode(self, data: bytes) -> bytes: ...

    def decode(self, data: bytes) -> bytes: ...


class PlainCodec:
    """Stores the JSON as it is (tests, and tools without a data file)."""

    def encode(self, data: bytes) -> bytes:
        return data

    def decode(self, data: bytes) -> bytes:
        return data


class KeyHolder(Protocol):
    """What :meth:`DraftStore.for_store` needs of a store: its key, and the older keys its key file keeps."""

    key: bytes

    @property
    def keystore(self) -> Any: ...


class EncryptedCodec:
    """AES-256-GCM under keys derived from database keys: writes with the first, reads with any of them.

    On disk: ``BWD1`` + 12-byte nonce + ciphertext and tag. The magic tells an encrypted draft from an old
    plain-JSON one, which :meth:`decode` passes through so that it can be read once and rewritten.
    """

    MAGIC = b"BWD1"
    _NONCE = 12

    def __init__(self, database_keys: list[bytes]) -> None:
        from workbench.keys import derive_key

        if not database_keys:
            raise ValueError("EncryptedCodec needs at least one key")
        self._keys = [derive_key(k, "drafts") for k in database_keys]

    def encode(self, data: bytes) -> bytes:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(self._NONCE)
        return self.MAGIC + nonce + AESGCM(self._keys[0]).encrypt(nonce, data, self.MAGIC)

    def decode(self, data: bytes) -> bytes:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if not data.startswith(self.MAGIC):
            return data  # a plain-JSON draft of an earlier version (the caller rewrites it encrypted)
        nonce = data[len(self.MAGIC) : len(self.MAGIC) + self._NONCE]
        sealed = data[len(self.MAGIC) + self._NONCE :]
        for key in self._keys:
            with contextlib.suppress(InvalidTag):
                return AESGCM(key).decrypt(nonce, sealed, self.MAGIC)
        raise ValueError("the draft was encrypted with a key this data file no longer has")

    def is_encrypted(self, data: bytes) -> bool:
        return data.startswith(self.MAGIC)


@dataclass(frozen=True)
class Draft:
    """One saved draft: which dialog (kind) and which record or new-record id, and its state."""

    kind: str
    ident: str
    data: dict[str, Any]
    saved_at: datetime
    path: Path


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable; Windows cannot open folders and orders renames itself."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class DraftStore:
    """Drafts in one folder: ``save`` atomically, ``load_all`` what survived, ``discard`` when done."""

    def __init__(self, directory: Path, *, codec: DraftCodec | None = None) -> None:
        self.directory = Path(directory)
        self.codec: DraftCodec = codec or PlainCodec()

    @classmethod
    def for_store(cls, store: KeyHolder, directory: Path) -> DraftStore:
        """Drafts of ``store``'s data, encrypted under its key (older keys still read older drafts)."""
        keys = [store.key]
        if store.keystore is not None:
            keys += list(store.keystore.alternatives(store.key))
        return cls(directory, codec=EncryptedCodec(keys))

    def path_for(self, kind: str, ident: str) -> Path:
        return self.directory / f"{_SAFE.sub('_', kind)}-{_SAFE.sub('_', ident)}.json"

    def save(self, kind: str, ident: str, data: dict[str, Any]) -> Path:
        """Write the draft so that it is either fully the old or fully the new version on disk."""
        private_dir(self.directory)
        target = self.path_for(kind, ident)
        envelope = {
            "format": DRAFT_FORMAT,
            "version": DRAFT_VERSION,
            "kind": kind,
            "id": ident,
            "saved_at": datetime.now(UTC).isoformat(),
            "data": data,
        }
        payload = self.codec.encode(json.dumps(envelope, ensure_ascii=False, indent=1).encode("utf-8"))
        self._write_atomic(target, payload)
        return target

    def _write_atomic(self, target: Path, payload: bytes) -> None:
        # One temporary name per writer thread, so two writers can never interleave inside one file.
        tmp = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}{_TMP_SUFFIX}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        _fsync_dir(self.directory)

    def load(self, kind: str, ident: str) -> Draft | None:
        return self._read(self.path_for(kind, ident))

    def load_all(self, kind: str | None = None) -> list[Draft]:
        """Every readable draft (of ``kind``), oldest first; leftovers of interrupted writes are removed."""
        if not self.directory.is_dir():
            return []
        drafts = []
        for path in sorted(self.directory.iterdir()):
            if path.name.endswith(_TMP_SUFFIX):
                # A write that never reached its rename: the draft it meant to replace is still whole.
                with contextlib.suppress(OSError):
                    path.unlink()
                continue
            if path.suffix != ".json":
                continue
            draft = self._read(path)
            if draft is not None and (kind is None or draft.kind == kind):
                drafts.append(draft)
        return sorted(drafts, key=lambda d: d.saved_at)

    def _read(self, path: Path) -> Draft | None:
        try:
            raw = path.read_bytes()
            plain = self.codec.decode(raw)
            envelope = json.loads(plain.decode("utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            # Never delete what cannot be read: it may still be the user's only copy.
            log.warning("draft %s cannot be read: %s", path, exc)
            return None
        if not isinstance(envelope, dict) or envelope.get("format") != DRAFT_FORMAT:
            return None
        if int(envelope.get("version", 0)) > DRAFT_VERSION or not isinstance(envelope.get("data"), dict):
            return None
        try:
            saved_at = datetime.fromisoformat(str(envelope["saved_at"]))
        except (KeyError, ValueError):
            saved_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        if isinstance(self.codec, EncryptedCodec) and not self.codec.is_encrypted(raw):
            # A plain-JSON draft of an earlier version: read this once, and never leave it readable again.
            try:
                self._write_atomic(path, self.codec.encode(plain))
            except OSError as exc:
                log.warning("draft %s stays unencrypted for now: %s", path, exc)
        return Draft(str(envelope.get("kind")), str(envelope.get("id")), envelope["data"], saved_at, path)

    def discard(self, kind: str, ident: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_for(kind, ident).unlink()


class DraftAutosaver(QObject):
    """Writes the newest state of one draft on its own thread; an older state never overwrites a newer one.

    fsync can take tens of milliseconds on a busy laptop disk, and the thread pool is busy with list queries,
    so drafts get a small thread of their own. ``discard`` waits for a write in progress and then deletes the
    file, so a saved record's draft can never come back.
    """

    saved = Signal(object)  # datetime of the write
    failed = Signal(str)

    def __init__(self, store: DraftStore, kind: str, ident: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.kind = kind
        self.ident = ident
        self._cond = threading.Condition()
        self._write_lock = threading.Lock()
        self._pending: dict[str, Any] | None = None
        self._seq = 0  # numbers every submitted state, so an older one never overwrites a newer one
        self._written_seq = 0
        self._busy = False
        self._closed = False
        self._thread: threading.Thread | None = None
        self.last_saved: datetime | None = None
        self.last_error: str | None = None

    def submit(self, data: dict[str, Any]) -> None:
        """Queue ``data`` for writing; only the newest queued state is written."""
        with self._cond:
            if self._closed:
                return
            self._seq += 1
            self._pending = data
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name=f"draft-{self.kind}-{self.ident[:8]}", daemon=True
                )
                self._thread.start()
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._pending is None and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                data, self._pending = self._pending, None
                seq = self._seq
                self._busy = True
            try:
                self._write(data, seq)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _write(self, data: dict[str, Any] | None, seq: int) -> None:
        if data is None:
            return
        with self._write_lock:
            if self._closed or seq <= self._written_seq:
                return
            try:
                self.store.save(self.kind, self.ident, data)
            except OSError as exc:  # a full disk must not kill the writer; the dialog shows the problem
                log.warning("draft not saved: %s", exc)
                self.last_error = str(exc)
                self.failed.emit(str(exc))
                return
            self._written_seq = seq
            self.last_error = None
            self.last_saved = datetime.now(UTC)
            self.saved.emit(self.last_saved)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything submitted so far is on disk."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending is None and not self._busy, timeout)

    def save_now(self, data: dict[str, Any]) -> None:
        """Write ``data`` on the calling thread (closing with “keep the draft”)."""
        with self._cond:
            self._seq += 1
            seq = self._seq
            self._pending = None
        self._write(data, seq)

    def stop(self) -> None:
        """Stop the writer and leave the file as it is."""
        with self._cond:
            self._closed = True
            self._pending = None
            self._cond.notify_all()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(10)

    def discard(self) -> None:
        """Stop, wait for a write in progress, then delete the draft."""
        self.stop()
        with self._write_lock:
            self.store.discard(self.kind, self.ident)


def saved_time_label(when: datetime, fmt: Callable[[datetime], str] | None = None) -> str:
    """Local time of a draft for messages (“14:31:05”, or with the date when not today)."""
    local = when.astimezone()
    if fmt is not None:
        return fmt(local)
    if local.date() == datetime.now().astimezone().date():
        return local.strftime("%H:%M:%S")
    return local.strftime("%Y-%m-%d %H:%M")
