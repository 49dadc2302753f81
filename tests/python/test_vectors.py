"""The shared vectors (tests/vectors/*.json): the same violations through the Python front end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import partnercentral_selling as pcs
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


VALID = [c for c in CASES if not c["violations"] and isinstance(c["input"], dict)]


@pytest.mark.parametrize("case", VALID, ids=[c["id"] for c in VALID])
def test_valid_vectors_are_accepted_by_the_emulator(case: Dict[str, Any], emulator: pcs.Emulator) -> None:
    emulator.clear_faults()
    params = dict(case["input"])
    out = emulator.client().create_engagement_invitation(**params)
    if params.get("ClientToken"):
        assert out["ResponseMetadata"]["ClientToken"] == params["ClientToken"]
