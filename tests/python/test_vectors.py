"""The shared vectors (tests/vectors/*.json): the same violations through the Python front end."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any, Dict, List

import pytest

import partnercentral_selling as pcs
from canned import canned_server
from conftest import REPO

CASES: List[Dict[str, Any]] = [
    {**case, "id": f"{path.stem}:{case['name']}"}
    for path in sorted((REPO / "tests" / "vectors").glob("*.json"))
    for case in json.loads(path.read_text())["cases"]
]


def test_there_are_vectors() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_vector_violations(case: Dict[str, Any]) -> None:
    found = [{"path": v["path"], "code": v["code"]} for v in pcs.validate(case["input"])]
    assert found == case["violations"]


DEMO_ENGAGEMENTS = {
    "AWS": {"eng-demo00000000a1", "eng-demo00000000a2"},
    "Sandbox": {"eng-demo00000000s1", "eng-demo00000000s2"},
}
# Valid requests naming a seeded engagement: the emulator, validating as the service does, must
# accept every one of them.
SENDABLE = [
    c
    for c in CASES
    if not c["violations"]
    and isinstance(c["input"], dict)
    and c["input"].get("EngagementIdentifier") in DEMO_ENGAGEMENTS.get(c["input"].get("Catalog"), ())
]


def test_there_are_sendable_vectors() -> None:
    assert len(SENDABLE) >= 10


@pytest.mark.parametrize("case", SENDABLE, ids=[c["id"] for c in SENDABLE])
def test_valid_vectors_are_accepted_by_the_emulator(case: Dict[str, Any], emulator: pcs.Emulator) -> None:
    emulator.clear_faults()
    params = dict(case["input"])
    # Many vectors share one token with different bodies; the service would call that a conflict.
    params["ClientToken"] = str(uuid.uuid4())
    out = emulator.client().create_engagement_invitation(**params)
    assert out["ResponseMetadata"]["ClientToken"] == params["ClientToken"]
    assert out["Id"].startswith("engi-")


WITH_BODY = [c for c in CASES if not c["violations"] and "body" in c]
SUCCESS = {"Id": "engi-0000000000abc", "Arn": "arn:aws:partnercentral::123456789012:AWS/engagement-invitation/engi-0000000000abc"}


def test_the_body_sent_is_the_vectors_body() -> None:
    """What goes on the wire from a Python dict is the shared vectors' body (plus a generated
    ClientToken when the input has none)."""
    assert WITH_BODY
    with canned_server(200, SUCCESS) as (url, seen):
        client = pcs.Client(endpoint_url=url, region_name="us-east-1", aws_access_key_id="A", aws_secret_access_key="x")
        for case in WITH_BODY:
            client.create_engagement_invitation(**case["input"])
            sent = json.loads(seen[-1]["(body)"])
            token = sent.pop("ClientToken")
            expected = dict(case["body"])
            assert token == expected.pop("ClientToken", token), case["id"]
            assert sent == expected, case["id"]
