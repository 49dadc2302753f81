"""Exactly once under faults, through the Python package.

Against the emulator's faults (throttle, 500s, dropped connections, "store, then fail", answers
slower than the read timeout) every logical call ends in exactly one stored invitation or one clear
error, never two invitations; attempts stay within ``max_attempts`` and time within the configured
bounds. Invitations are counted in the emulator. Each logical call carries its own ``ClientToken``,
the pattern a caller uses to retry a failed call later without a duplicate.
"""

from __future__ import annotations

import concurrent.futures
import copy
import json
import pathlib
import time
import urllib.request
import uuid

import pytest

import partnercentral_selling as pcs

ROOT = pathlib.Path(__file__).resolve().parents[2]
BASE = json.loads((ROOT / "tests" / "hardening" / "hostile-values.json").read_text())["base"]
MAX_ATTEMPTS = 3
READ_TIMEOUT = 0.4


def admin(emulator: pcs.Emulator, route: str, body: object = None) -> dict:
    """The emulator's unsigned admin routes (README: /__emulator/faults, /__emulator/stats)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"{emulator.url}/__emulator/{route}",
        data=data,
        method="GET" if body is None else "POST",
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def set_faults(emulator: pcs.Emulator, **faults: object) -> None:
    admin(emulator, "faults", faults)


def stored_tokens(emulator: pcs.Emulator) -> list[str]:
    listing = admin(emulator, "invitations")
    invitations = listing["invitations"] if isinstance(listing, dict) else listing
    return [invitation["client_token"] for invitation in invitations]


def params(token: str) -> dict:
    request = copy.deepcopy(BASE)
    request["ClientToken"] = token
    return request


def time_bound(max_attempts: int) -> float:
    """Every attempt may take a read timeout; backoff is capped; generous slack for a busy host."""
    return max_attempts * (READ_TIMEOUT + 2.5) + 15


@pytest.fixture()
def emulator():
    with pcs.Emulator() as emu:
        yield emu


@pytest.fixture()
def client(emulator):
    return emulator.client(max_attempts=MAX_ATTEMPTS, read_timeout=READ_TIMEOUT, connect_timeout=5)


def test_store_then_fail_once_is_retried_into_one_invitation(emulator, client):
    set_faults(emulator, next=["store_then_fail"])
    token = str(uuid.uuid4())
    response = client.create_engagement_invitation(**params(token))
    assert response["ResponseMetadata"]["RetryAttempts"] == 1
    assert stored_tokens(emulator) == [token]


def test_store_then_fail_on_every_attempt_is_one_invitation_and_one_clear_error(emulator, client):
    set_faults(emulator, next=["store_then_fail"] * MAX_ATTEMPTS)
    token = str(uuid.uuid4())
    with pytest.raises(pcs.InternalServerException) as raised:
        client.create_engagement_invitation(**params(token))
    error = raised.value
    assert error.response["Error"]["Code"] == "InternalServerException"
    assert error.response["ResponseMetadata"]["RetryAttempts"] == MAX_ATTEMPTS - 1
    assert "InternalServerException" in str(error)
    assert stored_tokens(emulator) == [token], "three attempts, one invitation"

    again = client.create_engagement_invitation(**params(token))
    assert stored_tokens(emulator) == [token]
    assert again["Id"].startswith("engi-")


def test_dropped_connections_are_retried_then_reported(emulator, client):
    set_faults(emulator, next=["drop"])
    token = str(uuid.uuid4())
    response = client.create_engagement_invitation(**params(token))
    assert response["ResponseMetadata"]["RetryAttempts"] == 1
    assert stored_tokens(emulator) == [token]

    set_faults(emulator, next=["drop"] * MAX_ATTEMPTS)
    started = time.monotonic()
    with pytest.raises(pcs.EndpointConnectionError) as raised:
        client.create_engagement_invitation(**params(str(uuid.uuid4())))
    assert time.monotonic() - started < time_bound(MAX_ATTEMPTS)
    assert str(raised.value).strip()
    assert stored_tokens(emulator) == [token]
    assert admin(emulator, "stats")["dropped_connections"] == 1 + MAX_ATTEMPTS


def test_throttling_and_500s_are_retried_within_max_attempts(emulator, client):
    set_faults(emulator, next=["throttle", "error"])
    token = str(uuid.uuid4())
    response = client.create_engagement_invitation(**params(token))
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert stored_tokens(emulator) == [token]

    set_faults(emulator, next=["throttle"] * 10)
    with pytest.raises(pcs.ThrottlingException) as raised:
        client.create_engagement_invitation(**params(str(uuid.uuid4())))
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == MAX_ATTEMPTS - 1
    assert admin(emulator, "stats")["requests"] == 3 + MAX_ATTEMPTS


def test_answers_slower_than_the_read_timeout_end_in_a_timeout_and_one_invitation(emulator, client):
    set_faults(emulator, latency_ms=int(READ_TIMEOUT * 3000))
    token = str(uuid.uuid4())
    started = time.monotonic()
    with pytest.raises(pcs.RequestTimeoutError) as raised:
        client.create_engagement_invitation(**params(token))
    assert time.monotonic() - started < time_bound(MAX_ATTEMPTS)
    assert "timed out" in str(raised.value)
    set_faults(emulator)
    assert stored_tokens(emulator) in ([], [token])

    response = client.create_engagement_invitation(**params(token))
    assert stored_tokens(emulator) == [token]
    assert response["Id"].startswith("engi-")


def test_a_storm_of_mixed_faults_never_duplicates_an_invitation(emulator):
    calls = 60
    client = emulator.client(max_attempts=4, read_timeout=READ_TIMEOUT, connect_timeout=5)
    set_faults(
        emulator,
        error_rate=0.15,
        drop_rate=0.1,
        store_then_fail_rate=0.15,
        throttle_rps=400.0,
        throttle_burst=20,
    )
    tokens = [str(uuid.uuid4()) for _ in range(calls)]

    def call(token: str) -> tuple[str, object]:
        try:
            return "ok", client.create_engagement_invitation(**params(token))
        except pcs.PartnerCentralError as error:
            return "error", error

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = dict(zip(tokens, pool.map(call, tokens)))

    stored = stored_tokens(emulator)
    assert len(stored) == len(set(stored)), "a token stored twice: a duplicate invitation"
    assert set(stored) <= set(tokens)
    for token, (kind, result) in outcomes.items():
        if kind == "ok":
            assert token in stored
            assert result["ResponseMetadata"]["RetryAttempts"] <= 3
        else:
            assert str(result).strip(), f"an error without a message: {result!r}"

    set_faults(emulator)
    for token, (kind, _) in outcomes.items():
        if kind == "error":
            client.create_engagement_invitation(**params(token))
    stored = stored_tokens(emulator)
    assert sorted(stored) == sorted(tokens), "exactly one invitation per logical call"
