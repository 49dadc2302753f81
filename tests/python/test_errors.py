"""Every exception class, each provoked over real loopback HTTP."""

from __future__ import annotations

import os
import pickle
import socket
import subprocess
import sys
import uuid

import pytest

import partnercentral_selling as pcs
from canned import canned_server
from conftest import valid_params

MODELLED = [
    "AccessDeniedException",
    "ConflictException",
    "InternalServerException",
    "ResourceNotFoundException",
    "ServiceQuotaExceededException",
    "ThrottlingException",
    "ValidationException",
]


def test_hierarchy() -> None:
    for name in MODELLED:
        cls = getattr(pcs, name)
        assert issubclass(cls, pcs.ClientError) and issubclass(cls, pcs.PartnerCentralError)
        assert getattr(pcs.errors.ClientExceptions, name) is cls
    assert issubclass(pcs.ParamValidationError, ValueError)
    assert issubclass(pcs.EndpointConnectionError, ConnectionError)
    assert issubclass(pcs.RequestTimeoutError, TimeoutError)
    for cls in (pcs.NoCredentialsError, pcs.EndpointConnectionError, pcs.RequestTimeoutError, pcs.InternalError):
        assert issubclass(cls, pcs.PartnerCentralError) and not issubclass(cls, pcs.ClientError)


def test_resource_not_found(client: pcs.Client) -> None:
    params = valid_params()
    params["EngagementIdentifier"] = "eng-0000000000zzzz"
    with pytest.raises(pcs.ResourceNotFoundException) as caught:
        client.create_engagement_invitation(**params)
    err = caught.value
    assert err.response["Error"]["Code"] == "ResourceNotFoundException"
    assert err.response["Error"]["Message"]
    assert err.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert err.operation_name == "CreateEngagementInvitation"
    assert "An error occurred (ResourceNotFoundException) when calling the CreateEngagementInvitation" in str(err)


def test_conflict_same_token_other_parameters(client: pcs.Client) -> None:
    token = str(uuid.uuid4())
    client.create_engagement_invitation(**valid_params(), ClientToken=token)
    other = valid_params()
    other["Invitation"]["Message"] = "A different message under the same token."
    with pytest.raises(pcs.ConflictException) as caught:
        client.create_engagement_invitation(**other, ClientToken=token)
    assert caught.value.response["Error"]["Code"] == "ConflictException"


def test_throttling_after_retries_are_spent(emulator: pcs.Emulator) -> None:
    emulator.set_faults(next=["throttle"])
    client = emulator.client(max_attempts=1)
    with pytest.raises(pcs.ThrottlingException) as caught:
        client.create_engagement_invitation(**valid_params())
    assert caught.value.response["Error"]["Code"] == "ThrottlingException"
    emulator.clear_faults()


def test_internal_server_error_after_retries(emulator: pcs.Emulator) -> None:
    emulator.set_faults(next=["error", "error"])
    client = emulator.client(max_attempts=2)
    with pytest.raises(pcs.InternalServerException) as caught:
        client.create_engagement_invitation(**valid_params())
    md = caught.value.response["ResponseMetadata"]
    assert md["HTTPStatusCode"] == 500 and md["RetryAttempts"] == 1
    assert "(reached max retries: 1)" in str(caught.value)
    emulator.clear_faults()


def test_service_validation_exception(emulator: pcs.Emulator) -> None:
    client = emulator.client(parameter_validation=False)
    params = valid_params()
    params["EngagementIdentifier"] = "not-an-engagement"
    with pytest.raises(pcs.ValidationException) as caught:
        client.create_engagement_invitation(**params)
    response = caught.value.response
    assert response["Reason"] == "REQUEST_VALIDATION_FAILED"
    assert response["ErrorList"][0]["FieldName"] == "EngagementIdentifier"
    assert response["ErrorList"][0]["Code"] == "INVALID_STRING_FORMAT"


@pytest.mark.parametrize(
    "code, status, extra",
    [
        ("AccessDeniedException", 403, {"Reason": "INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE"}),
        ("ServiceQuotaExceededException", 402, {}),
    ],
)
def test_errors_the_emulator_never_sends(code: str, status: int, extra: dict) -> None:  # type: ignore[type-arg]
    body = {"__type": f"com.amazonaws.partnercentral.selling#{code}", "message": "canned", **extra}
    with canned_server(status, body) as (url, seen):
        client = pcs.Client(
            endpoint_url=url, region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="x"
        )
        with pytest.raises(getattr(pcs, code)) as caught:
            client.create_engagement_invitation(**valid_params())
    response = caught.value.response
    assert response["Error"] == {"Code": code, "Message": "canned"}
    assert response["ResponseMetadata"]["RequestId"] == "canned-request-id"
    for key, value in extra.items():
        assert response[key] == value
    assert seen[0]["x-amz-target"] == "AWSPartnerCentralSelling.CreateEngagementInvitation"


def test_unmodelled_service_error_is_a_plain_client_error(emulator: pcs.Emulator) -> None:
    client = pcs.Client(
        endpoint_url=emulator.url,
        region_name="us-east-1",
        aws_access_key_id="AKIAUNKNOWNUNKNOWN00",
        aws_secret_access_key="not-the-secret",
    )
    with pytest.raises(pcs.ClientError) as caught:
        client.create_engagement_invitation(**valid_params())
    # A ClientError of no modelled class (the class may be the one that also derives from
    # botocore's ClientError, when botocore is imported).
    assert not any(isinstance(caught.value, cls) for cls in pcs.errors.SERVICE_ERRORS.values())
    assert caught.value.response["Error"]["Code"] == "UnrecognizedClientException"
    assert "not-the-secret" not in str(caught.value) and "not-the-secret" not in repr(caught.value)


def test_garbled_success_is_a_parse_error() -> None:
    with canned_server(200, b"{not json") as (url, _):
        client = pcs.Client(endpoint_url=url, region_name="us-east-1", aws_access_key_id="A", aws_secret_access_key="x")
        with pytest.raises(pcs.ResponseParseError):
            client.create_engagement_invitation(**valid_params())


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_connection_error() -> None:
    client = pcs.Client(
        endpoint_url=f"http://127.0.0.1:{closed_port()}",
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret-not-shown",
        max_attempts=2,
    )
    with pytest.raises(pcs.EndpointConnectionError) as caught:
        client.create_engagement_invitation(**valid_params())
    assert "127.0.0.1" in str(caught.value) and "secret-not-shown" not in str(caught.value)


def test_timeout_error() -> None:
    with pcs.Emulator(latency_ms=3000) as slow:
        client = slow.client(read_timeout=0.2, max_attempts=1)
        with pytest.raises(pcs.RequestTimeoutError) as caught:
            client.create_engagement_invitation(**valid_params())
    assert isinstance(caught.value, TimeoutError)


def test_no_credentials_error(tmp_path: os.PathLike[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path) + "/none",
        AWS_CONFIG_FILE=str(tmp_path) + "/none",
        AWS_EC2_METADATA_DISABLED="true",
    )
    code = (
        "import partnercentral_selling as pcs, sys\n"
        "sys.path.insert(0, '.')\n"
        "from conftest import valid_params\n"
        "with pcs.Emulator() as emu:\n"
        "    client = pcs.Client(endpoint_url=emu.url, region_name='us-east-1')\n"
        "    try:\n"
        "        client.create_engagement_invitation(**valid_params())\n"
        "    except pcs.NoCredentialsError as err:\n"
        "        print('NoCredentialsError')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
        cwd=os.path.dirname(__file__),
    )
    assert done.stdout.strip() == "NoCredentialsError", done.stderr


def test_client_errors_pickle() -> None:
    err = pcs.ThrottlingException({"Error": {"Code": "ThrottlingException", "Message": "slow"}}, "CreateEngagementInvitation")
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is pcs.ThrottlingException and again.response == err.response
    pve = pickle.loads(pickle.dumps(pcs.ParamValidationError([{"path": "Catalog", "code": "INVALID_VALUE", "message": "m"}])))
    assert pve.errors[0]["path"] == "Catalog"
