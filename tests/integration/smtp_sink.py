"""A tiny SMTP server for fault tests: listens on a loopback port, keeps every message it
accepts, and can be slowed down (to kill a worker mid-send) or stopped (SMTP down).

Only what Django's SMTP backend says is understood: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
QUIT. No TLS, no authentication."""

import socket
import socketserver
import threading
import time
from email import message_from_bytes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Handler(socketserver.StreamRequestHandler):
    def _say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        sink: SmtpSink = self.server.sink
        self._say("220 sink ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self._say("250 sink")
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                self._say("250 OK")
            elif verb == "DATA":
                self._say("354 go ahead")
                sink.accept(self._read_data())
                self._say("250 OK queued")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("502 not implemented")

    def _read_data(self) -> bytes:
        lines = []
        while True:
            line = self.rfile.readline()
            if line in (b".\r\n", b".\n", b""):
                return b"".join(lines)
            lines.append(line[1:] if line.startswith(b"..") else line)


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class SmtpSink:
    def __init__(self, port: int | None = None, delay: float = 0.0):
        self.port = port or free_port()
        self.delay = delay  # seconds before a message is accepted
        self.messages = []  # email.message.Message, in the order accepted
        self._lock = threading.Lock()
        self._server = None

    def accept(self, raw: bytes) -> None:
        if self.delay:
            time.sleep(self.delay)
        with self._lock:
            self.messages.append(message_from_bytes(raw))

    def start(self) -> "SmtpSink":
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.sink = self
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def received(self) -> list:
        with self._lock:
            return list(self.messages)
