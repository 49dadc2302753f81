"""Secrets through the Python package, with debug logging on.

Successful, failing (validation, service, signature) and retried calls are made with every logger
at its lowest level; then everything logged, printed (to the process's own stdout and stderr, where
native code writes), raised, repr'd and formatted as a traceback is searched for the secret key,
the session token, every SigV4 signature seen on the wire and every sensitive member's value
(tests/hardening/secrets.json).
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import pathlib
import re
import socket
import threading
import traceback
import urllib.request

import pytest

import partnercentral_selling as pcs

ROOT = pathlib.Path(__file__).resolve().parents[2]
SECRETS = json.loads((ROOT / "tests" / "hardening" / "secrets.json").read_text())


class RecordingRelay:
    """A TCP relay in front of the emulator keeping every byte the client sends, so the test learns
    the real signatures on the wire."""

    def __init__(self, backend_url: str) -> None:
        host, port = backend_url.removeprefix("http://").rsplit(":", 1)
        self._backend = (host, int(port))
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._sent = bytearray()
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self._backend)
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, record: bool) -> None:
        try:
            while data := source.recv(65536):
                if record:
                    with self._lock:
                        self._sent += data
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def signatures(self) -> list[str]:
        with self._lock:
            sent = self._sent.decode("latin-1")
        return re.findall(r"Signature=([0-9a-f]{64})", sent)

    def close(self) -> None:
        self._listener.close()


def set_faults(emulator: pcs.Emulator, **faults: object) -> None:
    request = urllib.request.Request(
        f"{emulator.url}/__emulator/faults",
        data=json.dumps(faults).encode(),
        method="POST",
        headers={"content-type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=10).close()


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=1)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))
        self.lines.append(repr(record.args))
        self.lines.append(repr(record.__dict__))


def shown(value: object) -> str:
    parts = [repr(value), str(value)]
    if isinstance(value, BaseException):
        parts.append("".join(traceback.format_exception(value)))
        parts.append(repr(value.args))
        for name in ("response", "errors", "operation_name"):
            parts.append(repr(getattr(value, name, None)))
    return "\n".join(parts)


def test_nothing_logged_printed_raised_or_repr_d_holds_a_secret(capfd):
    credentials = SECRETS["credentials"]
    handler = Captured()
    root = logging.getLogger()
    saved = root.level, logging.getLogger("partnercentral_selling").level
    root.addHandler(handler)
    root.setLevel(1)
    logging.getLogger("partnercentral_selling").setLevel(1)
    texts: list[str] = []
    try:
        with pcs.Emulator() as emulator:
            relay = RecordingRelay(emulator.url)

            def client(secret: str) -> pcs.Client:
                return pcs.Client(
                    region_name="us-east-1",
                    endpoint_url=relay.url,
                    aws_access_key_id=credentials["access_key_id"],
                    aws_secret_access_key=secret,
                    aws_session_token=credentials["session_token"],
                    max_attempts=3,
                )

            good = client(credentials["secret_access_key"])
            texts += [shown(good), shown(good.meta)]

            texts.append(shown(good.create_engagement_invitation(**copy.deepcopy(SECRETS["request"]))))

            set_faults(emulator, next=["error", "throttle"])
            retried = good.create_engagement_invitation(**copy.deepcopy(SECRETS["request"]))
            assert retried["ResponseMetadata"]["RetryAttempts"] == 2
            texts.append(shown(retried))

            set_faults(emulator, next=["store_then_fail"] * 3)
            with pytest.raises(pcs.InternalServerException) as failed:
                good.create_engagement_invitation(**copy.deepcopy(SECRETS["request"]))
            texts.append(shown(failed.value))

            with pytest.raises(pcs.ParamValidationError) as invalid:
                good.create_engagement_invitation(**copy.deepcopy(SECRETS["invalid_request"]))
            assert invalid.value.errors
            texts.append(shown(invalid.value))
            with pytest.raises(pcs.ParamValidationError) as invalid_async:

                async def call_async() -> None:
                    async_client = pcs.AsyncClient(
                        region_name="us-east-1",
                        endpoint_url=relay.url,
                        aws_access_key_id=credentials["access_key_id"],
                        aws_secret_access_key=credentials["secret_access_key"],
                        aws_session_token=credentials["session_token"],
                    )
                    texts.append(shown(async_client))
                    await async_client.create_engagement_invitation(**copy.deepcopy(SECRETS["invalid_request"]))

                asyncio.run(call_async())
            texts.append(shown(invalid_async.value))
            texts.append(repr(pcs.validate(copy.deepcopy(SECRETS["invalid_request"]))))

            unknown = copy.deepcopy(SECRETS["request"])
            unknown["EngagementIdentifier"] = "eng-zzzzzzzzzzzzzz"
            with pytest.raises(pcs.ResourceNotFoundException) as not_found:
                good.create_engagement_invitation(**unknown)
            texts.append(shown(not_found.value))

            bad = client(SECRETS["wrong_secret_access_key"])
            texts.append(shown(bad))
            with pytest.raises(pcs.ClientError) as refused:
                bad.create_engagement_invitation(**copy.deepcopy(SECRETS["request"]))
            assert refused.value.response["Error"]["Code"] == "InvalidSignatureException"
            texts.append(shown(refused.value))

            signatures = relay.signatures()
            relay.close()
    finally:
        root.removeHandler(handler)
        root.setLevel(saved[0])
        logging.getLogger("partnercentral_selling").setLevel(saved[1])

    printed = capfd.readouterr()
    assert len(signatures) >= 8, f"the relay saw {len(signatures)} signed requests"
    assert any("partnercentral_selling" in line for line in handler.lines), "debug logging was not captured"
    haystacks = {
        "the log": "\n".join(handler.lines),
        "stdout": printed.out,
        "stderr": printed.err,
        "what the package raised, returned and repr'd": "\n".join(texts),
    }
    needles = [
        *SECRETS["needles"],
        *SECRETS["quoted_needles"],
        credentials["secret_access_key"],
        credentials["session_token"],
        SECRETS["wrong_secret_access_key"],
        *signatures,
    ]
    leaks = [
        f"{needle!r} in {where}: …{text[max(0, text.find(needle) - 80):text.find(needle) + len(needle) + 80]}…"
        for where, text in haystacks.items()
        for needle in needles
        if needle in text
    ]
    assert not leaks, "secrets leaked:\n" + "\n".join(leaks)
