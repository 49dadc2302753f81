"""The same snippet with boto3 and with this package, against the emulator: same keys, values, codes."""

from __future__ import annotations

import uuid
from typing import Any, Callable, Dict

import pytest

import partnercentral_selling as pcs
from conftest import valid_params

boto3 = pytest.importorskip("boto3")
botocore_exceptions = pytest.importorskip("botocore.exceptions")


@pytest.fixture()
def both(emulator: pcs.Emulator) -> Dict[str, Any]:
    emulator.clear_faults()
    ours = emulator.client(max_attempts=1)
    theirs = boto3.client(
        "partnercentral-selling",
        endpoint_url=emulator.url,
        config=boto3.session.Config(retries={"total_max_attempts": 1}),
        **emulator.credentials,
    )
    return {"ours": ours, "boto3": theirs}


def run(client: Any, **params: Any) -> Dict[str, Any]:
    try:
        return {"ok": client.create_engagement_invitation(**params)}
    except (pcs.ClientError, botocore_exceptions.ClientError) as err:
        return {"error": err.response, "operation": err.operation_name}


def same_shape(ours: Dict[str, Any], theirs: Dict[str, Any]) -> None:
    md_ours, md_theirs = ours.pop("ResponseMetadata"), theirs.pop("ResponseMetadata")
    assert set(md_ours) - set(md_theirs) == {"ClientToken"}
    assert md_ours["HTTPStatusCode"] == md_theirs["HTTPStatusCode"]
    assert md_ours["RetryAttempts"] == md_theirs["RetryAttempts"]
    assert set(md_ours["HTTPHeaders"]) == set(md_theirs["HTTPHeaders"])
    assert md_ours["RequestId"] and md_theirs["RequestId"]


def test_success_has_the_same_keys_and_values(both: Dict[str, Any]) -> None:
    token = str(uuid.uuid4())
    ours = run(both["ours"], **valid_params(), ClientToken=token)["ok"]
    theirs = run(both["boto3"], **valid_params(), ClientToken=token)["ok"]
    same_shape(ours, theirs)
    assert ours == theirs  # same token and parameters: the emulator replays the same invitation


def mutate_not_found(p: Dict[str, Any]) -> None:
    p["EngagementIdentifier"] = "eng-0000000000zzzz"


def mutate_service_validation(p: Dict[str, Any]) -> None:
    p["Invitation"]["Payload"]["OpportunityInvitation"]["Customer"]["CountryCode"] = "XX"


@pytest.mark.parametrize("mutate", [mutate_not_found, mutate_service_validation])
def test_service_errors_have_the_same_response(both: Dict[str, Any], mutate: Callable[[Dict[str, Any]], None]) -> None:
    results = {}
    for name in ("ours", "boto3"):
        params = valid_params()
        mutate(params)
        client = both[name]
        if name == "ours":
            # boto3 validates types only; this package checks every constraint before sending,
            # so for the service's own answer both must send the request as is.
            client = pcs.Client(
                endpoint_url=client.meta.endpoint_url,
                region_name="us-east-1",
                aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                parameter_validation=False,
                max_attempts=1,
            )
        results[name] = run(client, **params, ClientToken=str(uuid.uuid4()))
    ours, theirs = results["ours"], results["boto3"]
    assert ours["operation"] == theirs["operation"] == "CreateEngagementInvitation"
    error_ours, error_theirs = ours["error"], theirs["error"]
    same_shape(error_ours, error_theirs)
    assert error_ours == error_theirs


def test_throttling_has_the_same_code(both: Dict[str, Any], emulator: pcs.Emulator) -> None:
    codes = {}
    for name in ("ours", "boto3"):
        emulator.set_faults(next=["throttle"])
        result = run(both[name], **valid_params())
        codes[name] = result["error"]["Error"]["Code"]
    emulator.clear_faults()
    assert codes["ours"] == codes["boto3"] == "ThrottlingException"


def test_exceptions_namespace_names_match(both: Dict[str, Any]) -> None:
    theirs = both["boto3"].exceptions
    for name in ("ConflictException", "ResourceNotFoundException", "ThrottlingException", "ValidationException",
                 "AccessDeniedException", "InternalServerException", "ServiceQuotaExceededException"):
        assert hasattr(theirs, name) and hasattr(both["ours"].exceptions, name)
