"""A TCP proxy for fault tests: forwards a loopback port to a service (PostgreSQL) so that a test
can take the service away from a worker process and give it back.

`down()` closes every connection through the proxy (the client sees the server hang up
mid-session) and stops listening (new connections are refused); `up()` listens again on the same
port. Threads and plain sockets, one pair of pumping threads per connection."""

import socket
import threading

from .smtp_sink import free_port


class TcpProxy:
    def __init__(self, target_host: str, target_port: int, port: int | None = None):
        self.target = (target_host, target_port)
        self.port = port or free_port()
        self.connections = 0  # accepted since the start, for the test's report
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._stopping = threading.Event()
        self._acceptor: threading.Thread | None = None

    def up(self) -> "TcpProxy":
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        listener.settimeout(0.1)  # the acceptor looks at _stopping this often
        self._listener, self._stopping = listener, threading.Event()
        self._acceptor = threading.Thread(target=self._accept, args=(listener, self._stopping),
                                          daemon=True)
        self._acceptor.start()
        return self

    def down(self) -> None:
        if self._listener is None:
            return
        self._stopping.set()
        self._acceptor.join(timeout=5)
        self._listener.close()  # connections in its backlog are reset; new ones refused
        self._listener = None
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for s in sockets:
            _close(s)

    def _accept(self, listener: socket.socket, stopping: threading.Event) -> None:
        while not stopping.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                if stopping.is_set():
                    _close(client)
                    _close(upstream)
                    return
                self._sockets |= {client, upstream}
                self.connections += 1
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        with self._lock:
            self._sockets -= {src, dst}
        _close(src)
        _close(dst)


def _close(s: socket.socket) -> None:
    try:
        s.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in recv() on it
    except OSError:
        pass
    s.close()
