"""The workflow with the emulator inside a Python process (``partnercentral_selling.Emulator``),
driven by boto3 acting as two of its accounts; the clock is advanced in-process.

    python emulator/examples/workflow_python_emulator.py
"""
import boto3

from partnercentral_selling import Emulator

with Emulator(task_seconds=1) as emu:
    sender = boto3.client("partnercentral-selling", endpoint_url=emu.url, **emu.credentials_of(0))
    receiver = boto3.client("partnercentral-selling", endpoint_url=emu.url, **emu.credentials_of(1))
    engagement = sender.create_engagement(Catalog="AWS", Title="Python workflow", Description="x")["Id"]
    ids = []
    for message in ("accept", "reject", "expire"):
        ids.append(
            sender.create_engagement_invitation(
                Catalog="AWS",
                EngagementIdentifier=engagement,
                Invitation={
                    "Message": message,
                    "Receiver": {"Account": {"AwsAccountId": emu.accounts[1]["AccountId"]}},
                    "Payload": {
                        "LeadInvitation": {
                            "Customer": {"CompanyName": "Example Retail Co"},
                            "Interaction": {
                                "SourceType": "Event",
                                "SourceId": "evt-1",
                                "SourceName": "Summit",
                                "ContactBusinessTitle": "CTO",
                            },
                        }
                    },
                },
            )["Id"]
        )
    receiver.accept_engagement_invitation(Catalog="AWS", Identifier=ids[0])
    receiver.reject_engagement_invitation(Catalog="AWS", Identifier=ids[1], RejectionReason="Other")
    emu.advance(days=15)
    sent = sender.list_engagement_invitations(Catalog="AWS", ParticipantType="SENDER")
    print({s["Id"]: s["Status"] for s in sent["EngagementInvitationSummaries"]})
    for entry in emu.events(account=emu.accounts[0]["AccountId"]):
        print(entry["seq"], entry["event"]["detail-type"])
