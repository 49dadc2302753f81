"""No repr, str or log line shows a key, a token or a sensitive request value."""

from __future__ import annotations

import pytest

import partnercentral_selling as pcs
from conftest import valid_params

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "session-token-that-must-not-leak"


def test_client_repr_hides_credentials(emulator: pcs.Emulator) -> None:
    client = pcs.Client(
        endpoint_url=emulator.url,
        region_name="us-east-1",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key=SECRET,
        aws_session_token=TOKEN,
    )
    for text in (repr(client), str(client), repr(client.meta), repr(client._native), repr(vars(client))):
        assert SECRET not in text and TOKEN not in text
    assert "us-east-1" in repr(client)


def test_async_client_and_emulator_reprs(emulator: pcs.Emulator) -> None:
    client = emulator.async_client()
    assert SECRET not in repr(client) and SECRET not in repr(emulator)


def test_validation_messages_do_not_quote_sensitive_values() -> None:
    params = valid_params()
    contact = params["Invitation"]["Payload"]["OpportunityInvitation"]["SenderContacts"][0]
    contact["Email"] = "not-an-email-secretvalue"
    contact["Phone"] = "555-SECRET"
    with pytest.raises(pcs.ParamValidationError) as caught:
        pcs.Client(region_name="us-east-1", aws_access_key_id="A", aws_secret_access_key=SECRET).create_engagement_invitation(**params)
    text = str(caught.value) + repr(caught.value) + repr(caught.value.errors)
    assert "secretvalue" not in text and "555-SECRET" not in text and SECRET not in text


def test_service_error_repr_hides_credentials(emulator: pcs.Emulator) -> None:
    client = pcs.Client(
        endpoint_url=emulator.url, region_name="us-east-1", aws_access_key_id="AKIAFAKEFAKEFAKE0000", aws_secret_access_key=SECRET
    )
    with pytest.raises(pcs.ClientError) as caught:
        client.create_engagement_invitation(**valid_params())
    text = str(caught.value) + repr(caught.value) + repr(caught.value.response)
    assert SECRET not in text
    assert "authorization" not in {k.lower() for k in caught.value.response["ResponseMetadata"]["HTTPHeaders"]}
