"""The shared vectors (tests/vectors/*.json, written by codegen from the model): the same
violations through the Python front end for every case of every operation, the same request
body on the wire, and the flagship's valid inputs accepted by the emulator."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any, Dict, List

import pytest

import partnercentral_selling as pcs
from canned import canned_server
from conftest import REPO

CASES: List[Dict[str, Any]] = [
    {**case, "id": f"{path.stem}:{case['name']}"}
    for path in sorted((REPO / "tests" / "vectors").glob("*.json"))
    if path.stem != "outputs"
    for case in json.loads(path.read_text())["cases"]
]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def test_there_are_vectors_for_every_operation() -> None:
    from partnercentral_selling import _client

    assert {c["operation"] for c in CASES} == {op.name for op in _client._OPERATIONS}


FILES = sorted({c["id"].split(":")[0] for c in CASES})


@pytest.mark.parametrize("kind", FILES)
def test_vector_violations(kind: str) -> None:
    """Every case of one file (one test per file, not per case: 4,000 cases run in a blink,
    4,000 pytest items do not); the mismatches are listed with their names."""
    mismatches = []
    for case in (c for c in CASES if c["id"].startswith(kind + ":")):
        found = [{"path": v["path"], "code": v["code"]} for v in pcs.validate(case["input"], case["operation"])]
        if found != case["violations"]:
            mismatches.append((case["id"], found, case["violations"]))
    assert mismatches == []


def method(operation: str) -> str:
    from partnercentral_selling import _client

    return next(op.method for op in _client._OPERATIONS if op.name == operation)


# Valid requests of the flagship, pointed at a seeded engagement of the emulator: validating as
# the service does, it must accept every one of them.
FLAGSHIP = [
    c for c in CASES if not c["violations"] and c["operation"] == pcs._model.FLAGSHIP
]


def test_valid_flagship_vectors_are_accepted_by_the_emulator(emulator: pcs.Emulator) -> None:
    assert len(FLAGSHIP) >= 2
    emulator.clear_faults()
    client = emulator.client()
    call = getattr(client, method(pcs._model.FLAGSHIP))
    for case in FLAGSHIP:
        params = dict(case["input"], Catalog="AWS", EngagementIdentifier="eng-demo00000000a1")
        params["ClientToken"] = str(uuid.uuid4())
        out = call(**params)
        assert out["ResponseMetadata"]["ClientToken"] == params["ClientToken"], case["id"]
        assert out["Id"].startswith("engi-"), case["id"]


WITH_BODY = [c for c in CASES if not c["violations"] and "body" in c]


def test_the_body_sent_is_the_vectors_body() -> None:
    """What goes on the wire from a Python dict is the shared vectors' body, for every valid
    case of every operation (plus a generated idempotency token when the input has none)."""
    assert len({c["operation"] for c in WITH_BODY}) == len(pcs._client._OPERATIONS)
    with canned_server(200, {}) as (url, seen):
        client = pcs.Client(endpoint_url=url, region_name="us-east-1", aws_access_key_id="A", aws_secret_access_key="x")
        for case in WITH_BODY:
            out = getattr(client, method(case["operation"]))(**case["input"])
            sent = json.loads(seen[-1]["(body)"])
            # Some files give the body as its compact text.
            expected = json.loads(case["body"]) if isinstance(case["body"], str) else case["body"]
            added = set(sent) - set(expected)
            if added:
                # Only the idempotency token, generated, and handed back in the metadata.
                (member,) = added
                assert UUID.fullmatch(sent[member]) and out["ResponseMetadata"]["ClientToken"] == sent.pop(member)
            assert sent == expected, case["id"]
