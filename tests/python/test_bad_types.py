"""Wrong Python types become violations at their paths, never a TypeError from inside."""

from __future__ import annotations

from collections import OrderedDict
from types import MappingProxyType
from typing import Any, Dict, Iterator, List, Mapping

import pytest

import partnercentral_selling as pcs
from conftest import valid_params


def violations_at(params: Any) -> Dict[str, str]:
    return {v["path"]: v["code"] for v in pcs.validate(params)}


def test_valid_request_has_no_violations() -> None:
    assert pcs.validate(valid_params()) == []


@pytest.mark.parametrize(
    "bad, hint",
    [
        (b"bytes", "decode it to str"),
        (bytearray(b"x"), "decode it to str"),
        ({"a", "b"}, "use a list"),
        (frozenset(), "use a list"),
        (object(), "object cannot be sent"),
        (float("nan"), "NaN"),
        (float("inf"), "NaN and infinity"),
        ("caf\ud800", "lone surrogate"),
        (10**30, "too large"),
    ],
)
def test_values_json_cannot_carry(bad: Any, hint: str) -> None:
    params = valid_params()
    params["Invitation"]["Message"] = bad
    found = pcs.validate(params)
    assert [(v["path"], v["code"]) for v in found] == [("Invitation.Message", "INVALID_VALUE")]
    assert hint in found[0]["message"]


def test_int_for_a_string_is_reported_by_the_core_at_its_path() -> None:
    params = valid_params()
    params["EngagementIdentifier"] = 42
    assert violations_at(params) == {"EngagementIdentifier": "INVALID_VALUE"}


def test_none_for_a_required_member_is_missing_and_for_an_optional_one_absent() -> None:
    params = valid_params()
    params["Catalog"] = None
    params["Invitation"]["Receiver"]["Account"]["Alias"] = None
    assert violations_at(params) == {"Catalog": "REQUIRED_FIELD_MISSING"}


def test_tuple_for_a_list_is_a_violation_at_its_path() -> None:
    params = valid_params()
    opportunity = params["Invitation"]["Payload"]["OpportunityInvitation"]
    opportunity["ReceiverResponsibilities"] = ("Distributor", "Reseller")
    path = "Invitation.Payload.OpportunityInvitation.ReceiverResponsibilities"
    found = pcs.validate(params)
    assert [(v["path"], v["code"]) for v in found] == [(path, "INVALID_VALUE")]
    assert "tuple" in found[0]["message"]


def test_custom_object_deep_in_a_list() -> None:
    class Contact:
        pass

    params = valid_params()
    params["Invitation"]["Payload"]["OpportunityInvitation"]["SenderContacts"].append(Contact())
    path = "Invitation.Payload.OpportunityInvitation.SenderContacts[1]"
    found = pcs.validate(params)
    assert [(v["path"], v["code"]) for v in found] == [(path, "INVALID_VALUE")]
    assert "Contact" in found[0]["message"]


def test_non_str_key() -> None:
    params: Dict[Any, Any] = valid_params()
    params[7] = "x"
    found = pcs.validate(params)
    assert [(v["path"], v["code"]) for v in found] == [("<int key>", "INVALID_VALUE")]


def test_several_bad_types_all_reported_in_one_pass() -> None:
    params = valid_params()
    params["Catalog"] = b"AWS"
    params["Invitation"]["Message"] = {1, 2}
    params["Invitation"]["Receiver"]["Account"]["AwsAccountId"] = 444455556666
    assert violations_at(params) == {
        "Catalog": "INVALID_VALUE",
        "Invitation.Message": "INVALID_VALUE",
        "Invitation.Receiver.Account.AwsAccountId": "INVALID_VALUE",
    }


def test_bad_value_inside_a_union_member_keeps_the_union_valid() -> None:
    params = valid_params()
    params["Invitation"]["Receiver"]["Account"] = b"444455556666"
    # The union still has exactly one member; only the member itself is wrong.
    assert violations_at(params) == {"Invitation.Receiver.Account": "INVALID_VALUE"}


class FrozenMapping(Mapping[str, Any]):
    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def test_any_mapping_works_where_a_dict_does() -> None:
    params = valid_params()
    params["Invitation"]["Receiver"] = MappingProxyType(params["Invitation"]["Receiver"])
    params["Invitation"]["Payload"] = FrozenMapping(params["Invitation"]["Payload"])
    assert pcs.validate(OrderedDict(params)) == []


def test_a_mapping_that_raises_is_a_violation_not_a_crash() -> None:
    class Broken(FrozenMapping):
        def __iter__(self) -> Iterator[str]:
            raise RuntimeError("secret-ish detail")

    params = valid_params()
    params["Invitation"]["Receiver"] = Broken({})
    found = pcs.validate(params)
    assert [(v["path"], v["code"]) for v in found] == [("Invitation.Receiver", "INVALID_VALUE")]
    assert "RuntimeError" in found[0]["message"] and "secret-ish" not in found[0]["message"]


def test_self_containing_list_stops_at_a_depth_limit() -> None:
    loop: List[Any] = []
    loop.append(loop)
    params = valid_params()
    params["Invitation"]["Payload"]["OpportunityInvitation"]["ReceiverResponsibilities"] = loop
    found = pcs.validate(params)
    # Converted as far as the depth limit (no RecursionError, no hang), then refused where the
    # model wants a string.
    assert [(v["path"], v["code"]) for v in found] == [
        ("Invitation.Payload.OpportunityInvitation.ReceiverResponsibilities[0]", "INVALID_VALUE")
    ]


def test_parameters_that_are_not_a_mapping() -> None:
    assert violations_at(["Catalog"]) == {"": "INVALID_VALUE"}
