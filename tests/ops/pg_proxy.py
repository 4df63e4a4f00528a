"""A small TCP proxy in front of PostgreSQL that cuts the network at a chosen moment.

The app connects through it instead of to the server. `cut_after_commit_of(b"UPDATE
notifications SET claimed_at")` arms it: once a connection has sent that statement, then COMMIT,
and the server has answered the COMMIT, the proxy forwards that answer, closes every connection
and refuses new ones until `restore()`. The committed transaction is safe on the server; the
client learns it committed and then finds the database gone, as after a network failure. The
server itself is never stopped (other databases on it are not touched).
"""

from __future__ import annotations

import contextlib
import socket
import threading

from tests.meetings.smtp_server import free_port

COMMITTED = b"COMMIT\x00"  # the CommandComplete tag the server sends for a COMMIT


def port_in_range(low: int = 5400, high: int = 5499) -> int:
    """A free local port in this worktree's range (falls back to any free port)."""
    for port in range(low, high + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    return free_port()


class PostgresProxy:
    def __init__(self, upstream_port: int = 5432):
        self.upstream = ("127.0.0.1", upstream_port)
        self.port = port_in_range()
        self.down = threading.Event()
        self.tripped = threading.Event()
        self._marker: bytes | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, database_url: str) -> str:
        """`database_url` (on 127.0.0.1:5432) rewritten to go through the proxy."""
        return database_url.replace("127.0.0.1:5432", f"127.0.0.1:{self.port}")

    def cut_after_commit_of(self, statement: bytes) -> None:
        self._marker = statement

    def cut(self) -> None:
        self.down.set()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._sockets.clear()

    def restore(self) -> None:
        self._marker = None
        self.down.clear()

    def close(self) -> None:
        self.cut()
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return  # closed
            if self.down.is_set():
                client.close()  # the database is unreachable
                continue
            server = socket.create_connection(self.upstream)
            with self._lock:
                self._sockets.update((client, server))
            state = {"statement_sent": False, "commit_sent": False}
            threading.Thread(target=self._pump, args=(client, server, state, True),
                             daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, state, False),
                             daemon=True).start()

    def _pump(self, source, target, state, from_client: bool) -> None:
        try:
            while data := source.recv(65536):
                if from_client:
                    self._watch_client(data, state)
                target.sendall(data)
                if not from_client and state["commit_sent"] and COMMITTED in data:
                    self.tripped.set()
                    self.cut()
                    return
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.close()

    def _watch_client(self, data: bytes, state: dict) -> None:
        if self._marker is None or self.tripped.is_set():
            return
        if self._marker in data:
            state["statement_sent"] = True
        elif state["statement_sent"] and b"COMMIT" in data:
            state["commit_sent"] = True
