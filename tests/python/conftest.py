"""Shared fixtures: one emulator per test module, over real loopback HTTP, and a valid request."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

import partnercentral_selling as pcs

REPO = Path(__file__).resolve().parents[2]

VALID: Dict[str, Any] = {
    "Catalog": "AWS",
    "EngagementIdentifier": "eng-demo00000000a1",
    "Invitation": {
        "Message": "Let's work on this opportunity together.",
        "Receiver": {"Account": {"AwsAccountId": "444455556666", "Alias": "Receiver Partner"}},
        "Payload": {
            "OpportunityInvitation": {
                "SenderContacts": [{"Email": "jane@example.com", "FirstName": "Jane", "Phone": "+14155550100"}],
                "ReceiverResponsibilities": ["Distributor"],
                "Customer": {
                    "Industry": "Software and Internet",
                    "CompanyName": "Example Corp",
                    "WebsiteUrl": "https://www.example.com",
                    "CountryCode": "US",
                },
                "Project": {
                    "BusinessProblem": "The customer needs to migrate 40 workloads before the end of the year.",
                    "Title": "Migration",
                    "TargetCompletionDate": "2027-06-30",
                    "ExpectedCustomerSpend": [
                        {
                            "Amount": "1000.00",
                            "CurrencyCode": "USD",
                            "Frequency": "Monthly",
                            "TargetCompany": "AWS",
                        }
                    ],
                },
            }
        },
    },
}


def valid_params() -> Dict[str, Any]:
    """A fresh deep copy of a request the emulator accepts."""
    return copy.deepcopy(VALID)


@pytest.fixture(scope="module")
def emulator() -> Iterator[pcs.Emulator]:
    with pcs.Emulator() as emu:
        yield emu


@pytest.fixture()
def client(emulator: pcs.Emulator) -> pcs.Client:
    emulator.clear_faults()
    return emulator.client()


def _flagship_index() -> int:
    from partnercentral_selling import _client, _model

    return next(op.index for op in _client._OPERATIONS if op.name == _model.FLAGSHIP)


FLAGSHIP_INDEX = _flagship_index()
