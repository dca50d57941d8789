"""One running app per data directory: a second launch brings the first window forward, or says why not."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

RAISE = b"raise\n"


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return f"broker-workbench-{digest}"


class SingleInstance(QObject):
    """Holds the data directory's lock and listens for later launches asking the window to come forward."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self.lock = QLockFile(str(data_dir / "workbench.lock"))
        self.lock.setStaleLockTime(0)  # a lock is stale only when its process is gone, never by age
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True when this process may use the data directory; False if another instance holds it."""
        data_dir = Path(self.lock.fileName()).parent
        data_dir.mkdir(parents=True, exist_ok=True)
        if not self.lock.tryLock(200):
            return False
        QLocalServer.removeServer(self.name)  # a server left by a crashed instance
        self.server = QLocalServer(self)
        if not self.server.listen(self.name):
            log.warning("single-instance server could not listen: %s", self.server.errorString())
        self.server.newConnection.connect(self._on_connection)
        return True

    def _on_connection(self) -> None:
        assert self.server is not None
        socket = self.server.nextPendingConnection()
        if socket is None:
            return
        if socket.waitForReadyRead(1000) and socket.readAll().data() == RAISE:
            self.raise_requested.emit()
        socket.disconnectFromServer()

    def ask_running_instance_to_raise(self) -> bool:
        """Tell the instance holding the lock to show its window; False if it did not answer."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(1000):
            return False
        socket.write(RAISE)
        ok = socket.waitForBytesWritten(1000)
        socket.disconnectFromServer()
        return ok

    def holder_pid(self) -> int | None:
        info = self.lock.getLockInfo()  # PySide returns (ok, pid, host, app) or (pid, host, app)
        pid = info[1] if isinstance(info[0], bool) else info[0]
        return int(pid) if isinstance(pid, int) and pid > 0 else None

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
        self.lock.unlock()
