"""A loopback HTTP server that answers every request with one canned response.

For the service errors the emulator never produces (AccessDeniedException,
ServiceQuotaExceededException) and for malformed answers: a real server on a real
socket, so the client's whole path (signing, sending, parsing) runs.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Iterator, List, Optional, Tuple
from contextlib import contextmanager


@contextmanager
def canned_server(status: int, body: Any, headers: Optional[Dict[str, str]] = None) -> Iterator[Tuple[str, List[Dict[str, str]]]]:
    """Yields the server's URL and the requests it has seen (headers, and the body under "(body)")."""
    seen: List[Dict[str, str]] = []
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
            length = int(self.headers.get("Content-Length", "0"))
            request = {k.lower(): v for k, v in self.headers.items()}
            request["(body)"] = self.rfile.read(length).decode()
            seen.append(request)
            self.send_response(status)
            self.send_header("Content-Type", "application/x-amz-json-1.0")
            self.send_header("x-amzn-RequestId", "canned-request-id")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
