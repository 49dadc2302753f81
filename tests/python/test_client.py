"""Client against the emulator over loopback: boto3's shapes in and out."""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

import pytest

import partnercentral_selling as pcs
from conftest import valid_params

ARN = re.compile(r"^arn:aws:partnercentral::\d{12}:AWS/engagement-invitation/engi-[0-9a-z]{13}$")


def test_create_returns_boto3_shape(client: pcs.Client) -> None:
    out = client.create_engagement_invitation(**valid_params())
    assert set(out) == {"Id", "Arn", "ResponseMetadata"}
    assert re.fullmatch(r"engi-[0-9a-z]{13}", out["Id"])
    assert ARN.match(out["Arn"]) and out["Arn"].endswith(out["Id"])
    md = out["ResponseMetadata"]
    assert set(md) == {"RequestId", "HTTPStatusCode", "HTTPHeaders", "RetryAttempts", "ClientToken"}
    assert md["HTTPStatusCode"] == 200 and md["RetryAttempts"] == 0
    assert md["RequestId"] and md["HTTPHeaders"]["x-amzn-requestid"] == md["RequestId"]
    assert all(name == name.lower() for name in md["HTTPHeaders"])
    uuid.UUID(md["ClientToken"])  # generated: a UUID


def test_client_token_given_is_used_and_idempotent(client: pcs.Client, emulator: pcs.Emulator) -> None:
    token = f"token-{uuid.uuid4()}"
    first = client.create_engagement_invitation(**valid_params(), ClientToken=token)
    second = client.create_engagement_invitation(**valid_params(), ClientToken=token)
    assert first["Id"] == second["Id"]
    assert first["ResponseMetadata"]["ClientToken"] == token
    assert sum(1 for inv in emulator.stored_invitations() if inv["client_token"] == token) == 1


def test_lead_invitation_in_sandbox(client: pcs.Client) -> None:
    params = valid_params()
    params["Catalog"] = "Sandbox"
    params["EngagementIdentifier"] = "eng-demo00000000s1"
    params["Invitation"]["Payload"] = {
        "LeadInvitation": {
            "Customer": {"CompanyName": "Example Corp", "CountryCode": "DE", "MarketSegment": "Small"},
            "Interaction": {
                "SourceType": "Event",
                "SourceId": "evt-1",
                "SourceName": "Summit",
                "ContactBusinessTitle": "CTO",
            },
        }
    }
    out = client.create_engagement_invitation(**params)
    assert ":Sandbox/engagement-invitation/" in out["Arn"]


def test_invalid_parameters_raise_param_validation_error_with_every_violation(client: pcs.Client) -> None:
    params = valid_params()
    params["Catalog"] = "AWS1"
    params["Invitation"]["Payload"]["OpportunityInvitation"]["Customer"]["CountryCode"] = "XX"
    del params["Invitation"]["Message"]
    with pytest.raises(pcs.ParamValidationError) as caught:
        client.create_engagement_invitation(**params)
    err = caught.value
    assert isinstance(err, ValueError)
    paths = {(e["path"], e["code"]) for e in err.errors}
    assert paths == {
        ("Catalog", "INVALID_STRING_FORMAT"),
        ("Invitation.Payload.OpportunityInvitation.Customer.CountryCode", "INVALID_ENUM_VALUE"),
        ("Invitation.Message", "REQUIRED_FIELD_MISSING"),
    }
    for e in err.errors:
        assert e["path"] in str(err) and e["code"] in str(err)
    assert err.errors == pcs.validate(params)


def test_bad_python_types_in_a_call_are_param_validation_errors(client: pcs.Client) -> None:
    params = valid_params()
    params["Invitation"]["Message"] = b"bytes"
    params["Catalog"] = 7
    with pytest.raises(pcs.ParamValidationError) as caught:
        client.create_engagement_invitation(**params)
    assert {(e["path"], e["code"]) for e in caught.value.errors} == {
        ("Invitation.Message", "INVALID_VALUE"),
        ("Catalog", "INVALID_VALUE"),
    }


def test_parameter_validation_off_lets_the_service_answer(emulator: pcs.Emulator) -> None:
    client = emulator.client(parameter_validation=False)
    params = valid_params()
    params["Invitation"]["Payload"]["OpportunityInvitation"]["Customer"]["CountryCode"] = "XX"
    with pytest.raises(pcs.ValidationException) as caught:
        client.create_engagement_invitation(**params)
    response = caught.value.response
    assert response["Error"]["Code"] == "ValidationException"
    assert response["Reason"] == "REQUEST_VALIDATION_FAILED"
    assert any(
        e["FieldName"] == "Invitation.Payload.OpportunityInvitation.Customer.CountryCode"
        and e["Code"] == "INVALID_ENUM_VALUE"
        for e in response["ErrorList"]
    )


def test_config_object_and_keywords(emulator: pcs.Emulator) -> None:
    client = pcs.Client(
        endpoint_url=emulator.url,
        config=pcs.Config(max_attempts=2, retry_mode="standard", read_timeout=10),
        connect_timeout=5,
        **emulator.credentials,
    )
    assert client.meta.endpoint_url.rstrip("/") == emulator.url
    assert client.meta.region_name == "us-east-1"
    assert client.create_engagement_invitation(**valid_params())["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_botocore_style_config_is_duck_typed(emulator: pcs.Emulator) -> None:
    botocore_config = pytest.importorskip("botocore.config")
    cfg = botocore_config.Config(retries={"max_attempts": 0, "mode": "standard"}, read_timeout=3)
    emulator.set_faults(next=["error"])
    client = emulator.client(config=cfg)
    # max_attempts=0 retries in botocore's terms: one attempt, so the scheduled error surfaces.
    with pytest.raises(pcs.InternalServerException):
        client.create_engagement_invitation(**valid_params())
    emulator.clear_faults()


def test_unknown_setting_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="max_atempts"):
        pcs.Client(max_atempts=3)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "settings",
    [{"max_attempts": 0}, {"retry_mode": "bogus"}, {"read_timeout": -1}, {"verify": 3}],
)
def test_bad_settings_are_configuration_errors(settings: Any) -> None:
    with pytest.raises(pcs.ConfigurationError):
        pcs.Client(region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="s", **settings)


def test_partial_credentials_are_rejected() -> None:
    with pytest.raises(pcs.NoCredentialsError, match="together"):
        pcs.Client(aws_access_key_id="AKIDEXAMPLE")


def test_from_boto3_session(emulator: pcs.Emulator) -> None:
    boto3 = pytest.importorskip("boto3")
    session = boto3.Session(
        aws_access_key_id=emulator.credentials["aws_access_key_id"],
        aws_secret_access_key=emulator.credentials["aws_secret_access_key"],
        region_name="eu-west-1",
    )
    client = pcs.Client.from_boto3_session(session, endpoint_url=emulator.url)
    assert client.meta.region_name == "eu-west-1"
    assert client.create_engagement_invitation(**valid_params())["Id"].startswith("engi-")


def test_from_boto3_session_is_duck_typed(emulator: pcs.Emulator) -> None:
    class Frozen:
        access_key = emulator.credentials["aws_access_key_id"]
        secret_key = emulator.credentials["aws_secret_access_key"]
        token = None

    class Creds:
        def get_frozen_credentials(self) -> Frozen:
            return Frozen()

    class Session:
        region_name = "us-west-2"

        def get_credentials(self) -> Creds:
            return Creds()

    client = pcs.Client.from_boto3_session(Session(), endpoint_url=emulator.url)
    assert client.meta.region_name == "us-west-2"
    assert client.create_engagement_invitation(**valid_params())["Id"].startswith("engi-")


def test_exceptions_namespace(client: pcs.Client) -> None:
    assert client.exceptions.ThrottlingException is pcs.ThrottlingException
    assert client.exceptions.ClientError is pcs.ClientError
    assert client.exceptions.from_code("ConflictException") is pcs.ConflictException
    assert client.exceptions.from_code("SomethingNew") is pcs.ClientError


def test_logging_goes_to_the_standard_logger(client: pcs.Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="partnercentral_selling"):
        client.create_engagement_invitation(**valid_params())
    ours = [r for r in caplog.records if r.name == "partnercentral_selling"]
    assert ours, "no record reached the partnercentral_selling logger"
    text = "\n".join(r.getMessage() for r in ours)
    secret = client_secret()
    assert secret not in text and "Example Corp" not in text and "jane@example.com" not in text


def test_logging_off_by_default_level(client: pcs.Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="partnercentral_selling"):
        client.create_engagement_invitation(**valid_params())
    assert not [r for r in caplog.records if r.name == "partnercentral_selling" and r.levelno < logging.WARNING]


def client_secret() -> str:
    return "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def test_context_manager_and_close(emulator: pcs.Emulator) -> None:
    with emulator.client() as client:
        assert client.create_engagement_invitation(**valid_params())["Id"]
