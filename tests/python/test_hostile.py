"""Hostile values at every position of a request, through the Python package.

The table (tests/hardening/hostile-values.json) is shared with the Node suite; its `about` says what
each value type must lead to. Every case ends in a clear outcome: an accepted call, a
`ParamValidationError` naming the position, a service error, or a clear error of the package. A
crash, a `PanicException` (a `BaseException`, so nothing below catches it) or a hang fails the run.
"""

from __future__ import annotations

import copy
import datetime
import decimal
import json
import pathlib
import re
from collections.abc import Mapping

import pytest

import partnercentral_selling as pcs

ROOT = pathlib.Path(__file__).resolve().parents[2]
TABLE = json.loads((ROOT / "tests" / "hardening" / "hostile-values.json").read_text())
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


class _Custom:
    """An object of no type the API knows."""


class _StrSubclass(str):
    pass


class _RaisingMapping(Mapping):
    """A Mapping whose every read fails, as a lazy ORM row might."""

    def __getitem__(self, key):
        raise RuntimeError("this mapping cannot be read")

    def __iter__(self):
        raise RuntimeError("this mapping cannot be iterated")

    def __len__(self):
        return 1


def _nested(depth: int, wrap):
    value: object = "x"
    for _ in range(depth):
        value = wrap(value)
    return value


def build(spec: dict) -> object:
    if "json" in spec:
        return copy.deepcopy(spec["json"])
    if "float" in spec:
        return float(spec["float"].replace("Infinity", "inf"))
    if "bigint" in spec:
        return int(spec["bigint"])
    if "bytes" in spec:
        return spec["bytes"].encode()
    if "date" in spec:
        return datetime.date.fromisoformat(spec["date"])
    if "custom_object" in spec:
        return _Custom()
    if "repeat_string" in spec:
        return spec["repeat_string"] * spec["count"]
    if "repeat_list" in spec:
        return [copy.deepcopy(spec["repeat_list"]) for _ in range(spec["count"])]
    if "nested_list" in spec:
        return _nested(spec["nested_list"], lambda inner: [inner])
    if "nested_object" in spec:
        key = spec["key"]
        return _nested(spec["nested_object"], lambda inner: {key: inner})
    if "wide_object" in spec:
        return {f"Unknown{i}": i for i in range(spec["wide_object"])}
    if "huge_key" in spec:
        return {spec["huge_key"]["repeat_string"] * spec["huge_key"]["count"]: 1}
    if "utf16" in spec:
        # chr() of a lone surrogate is a legal Python str that no UTF-8 encoder accepts.
        return "".join(chr(unit) for unit in spec["utf16"])
    if "non_string_keys" in spec:
        return {1: "one", None: "none", (1, 2): "tuple", 2.5: "float"}
    if "circular" in spec:
        loop: dict = {"Email": "pat@example.com"}
        loop["Self"] = loop
        return loop
    python = spec["python"]
    return {
        "tuple": ("Reseller",),
        "set": {"Reseller"},
        "decimal": decimal.Decimal("12.50"),
        "str_subclass": _StrSubclass("AWS"),
        "raising_mapping": _RaisingMapping(),
    }[python]


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def set_at(tree: dict, path: str, value: object) -> None:
    steps = [name if name else int(index) for name, index in _STEP.findall(path)]
    node = tree
    for step in steps[:-1]:
        node = node[step]
    node[steps[-1]] = value


def parent_path(path: str) -> str:
    return path.rsplit(".", 1)[0]


def at_or_under(path: str, position: str) -> bool:
    return path == position or path.startswith(position + ".") or path.startswith(position + "[")


CASES = [
    pytest.param(value, position, id=f"{value['name']}@{position['path']}")
    for value in TABLE["values"]
    if "python" in value.get("front_ends", ["python"])
    for position in TABLE["positions"]
]


@pytest.fixture(scope="module")
def hostile_client():
    with pcs.Emulator() as emulator:
        yield pcs.Client(
            region_name="us-east-1",
            endpoint_url=emulator.url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )


def outcome_of(client, params: dict) -> tuple[str, object]:
    try:
        response = client.create_engagement_invitation(**params)
    except pcs.ParamValidationError as error:
        return "violations", error
    except pcs.ClientError as error:
        return "service", error
    except (pcs.PartnerCentralError, ValueError, TypeError, RecursionError) as error:
        return "error", error
    except RuntimeError as error:
        # The caller's own exception from inside its Mapping comes back to it unchanged.
        if "this mapping cannot be" not in str(error):
            raise
        return "error", error
    return "ok", response


@pytest.mark.parametrize("value,position", CASES)
def test_hostile_value_gets_a_clear_outcome(hostile_client, value, position):
    params = copy.deepcopy(TABLE["base"])
    set_at(params, position["path"], build(value["build"]))
    kind, result = outcome_of(hostile_client, params)

    path, kind_of_value = position["path"], value["type"]
    refusable = value.get("may_refuse_whole_input", False)
    if kind == "error":
        # A clear error says what is wrong in a few lines, whatever it is.
        assert str(result).strip(), f"an error without a message: {result!r}"
        assert len(str(result)) < 100_000, "an error message the size of the input"
    if kind == "violations":
        assert result.errors, "ParamValidationError without violations"
        for violation in result.errors:
            assert set(violation) >= {"path", "code", "message"}, violation

    if kind_of_value == "null":
        if not position["required"]:
            assert kind == "ok", f"None for an optional member must mean absent, got {kind}: {result}"
        else:
            expected_at = parent_path(path) if position["union_member"] else path
            assert kind == "violations", f"None for a required member gave {kind}: {result}"
            assert any(v["path"] == expected_at for v in result.errors), result.errors
    elif kind_of_value == "scalar" or (
        kind_of_value in ("string", "list", "object") and kind_of_value != position["type"]
    ):
        if refusable and kind == "error":
            return
        assert kind == "violations", f"a {kind_of_value} at a {position['type']} gave {kind}: {result}"
        assert any(
            v["path"] == path and v["code"] == "INVALID_VALUE" for v in result.errors
        ), result.errors
    elif kind_of_value in ("string", "list", "object"):
        assert kind != "error" or refusable, f"a clear violation was expected, got {result!r}"
        if kind == "violations":
            assert all(at_or_under(v["path"], path) for v in result.errors), result.errors
    elif kind_of_value == "string_like":
        if kind == "violations":
            assert all(at_or_under(v["path"], path) for v in result.errors), result.errors
    else:
        assert kind_of_value == "unconvertible"
        assert kind in ("violations", "error"), f"an unconvertible value was accepted: {result}"
        if kind == "violations":
            assert any(at_or_under(v["path"], path) for v in result.errors), result.errors


@pytest.mark.parametrize(
    "value",
    [v for v in TABLE["values"] if "python" in v.get("front_ends", ["python"])],
    ids=lambda v: v["name"],
)
def test_validate_agrees_with_the_call(hostile_client, value):
    """`validate()` and the call read the same tree the same way, hostile values included."""
    params = copy.deepcopy(TABLE["base"])
    set_at(params, "Invitation.Message", build(value["build"]))
    kind, result = outcome_of(hostile_client, params)
    try:
        listed = pcs.validate(params)
    except (pcs.PartnerCentralError, ValueError, TypeError, RecursionError, RuntimeError) as error:
        assert kind == "error", f"validate() raised {error!r} but the call gave {kind}"
        return
    if kind == "violations":
        assert listed == result.errors
    else:
        assert listed == [], f"validate() listed {listed} but the call gave {kind}"
