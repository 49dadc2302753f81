"""Two mistakes an editor should catch: a misspelt key and a value outside an enum."""

from __future__ import annotations

from partnercentral_selling import Client


def send(client: Client) -> None:
    client.create_engagement_invitation(
        Catalog="AWS",
        EngagementIdentifier="eng-demo00000000a1",
        Invitation={
            "Mesage": "misspelt key",
            "Receiver": {"Account": {"AwsAccountId": "444455556666"}},
            "Payload": {
                "OpportunityInvitation": {
                    "ReceiverResponsibilities": ["Distributer"],
                    "Customer": {
                        "Industry": "Software and Internet",
                        "CompanyName": "Example Corp",
                        "WebsiteUrl": "https://example.com",
                        "CountryCode": "US",
                    },
                    "Project": {
                        "BusinessProblem": "A business problem of twenty characters or more.",
                        "Title": "Migration",
                        "TargetCompletionDate": "2027-06-30",
                        "ExpectedCustomerSpend": [],
                    },
                }
            },
        },
    )


def more(client: Client) -> None:
    client.list_engagement_invitatons(Catalog="AWS", ParticipantType="RECEIVER")
    client.get_paginator("list_engagement_invitation")
    client.list_engagement_invitations(Catalog="AWS", ParticipantType="RECEIVER", MaxResult=5)
