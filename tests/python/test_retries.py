"""Retries against the emulator's scheduled faults: retried errors succeed, others do not retry."""

from __future__ import annotations

import pytest

import partnercentral_selling as pcs
from conftest import valid_params


def test_server_errors_are_retried_with_the_same_token(emulator: pcs.Emulator) -> None:
    emulator.set_faults(next=["error", "error"])
    client = emulator.client(max_attempts=3)
    out = client.create_engagement_invitation(**valid_params())
    assert out["ResponseMetadata"]["RetryAttempts"] == 2
    token = out["ResponseMetadata"]["ClientToken"]
    assert [inv["id"] for inv in emulator.stored_invitations() if inv["client_token"] == token] == [out["Id"]]


def test_store_then_fail_retry_replays_one_invitation(emulator: pcs.Emulator) -> None:
    before = len(emulator.stored_invitations())
    emulator.set_faults(next=["store_then_fail"])
    out = emulator.client(max_attempts=2).create_engagement_invitation(**valid_params())
    assert out["ResponseMetadata"]["RetryAttempts"] == 1
    assert len(emulator.stored_invitations()) == before + 1


def test_dropped_connection_is_retried(emulator: pcs.Emulator) -> None:
    emulator.set_faults(next=["drop"])
    out = emulator.client(max_attempts=2).create_engagement_invitation(**valid_params())
    assert out["ResponseMetadata"]["RetryAttempts"] == 1


def test_not_found_is_not_retried(emulator: pcs.Emulator) -> None:
    emulator.clear_faults()
    before = emulator.stats()["requests"]
    params = valid_params()
    params["EngagementIdentifier"] = "eng-0000000000zzzz"
    with pytest.raises(pcs.ResourceNotFoundException) as caught:
        emulator.client(max_attempts=3).create_engagement_invitation(**params)
    assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 0
    assert emulator.stats()["requests"] == before + 1


def test_validation_failure_sends_nothing(emulator: pcs.Emulator) -> None:
    before = emulator.stats()["requests"]
    with pytest.raises(pcs.ParamValidationError):
        emulator.client().create_engagement_invitation(Catalog="AWS")
    assert emulator.stats()["requests"] == before
