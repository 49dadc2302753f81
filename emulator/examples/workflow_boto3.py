"""The whole co-sell workflow against the emulator, driven by boto3 (not by this project's
packages): two partner accounts, an opportunity, an engagement started from it, three
invitations; the receiver accepts one, rejects one, lets one expire after the clock is advanced;
the sender sees every status; the event log holds the events in order.

    pcs emulator --port 0 --print-config cfg.json --state state.sqlite &
    python emulator/examples/workflow_boto3.py cfg.json

Needs boto3 (any version with the partnercentral-selling service). Exits non-zero on the first
surprise.
"""
import json
import sys
import urllib.request

import boto3


def client(cfg, account):
    return boto3.client(
        "partnercentral-selling",
        region_name="us-east-1",
        endpoint_url=cfg["url"],
        aws_access_key_id=account["AccessKeyId"],
        aws_secret_access_key=account["SecretAccessKey"],
    )


def admin(cfg, method, path, body=None):
    request = urllib.request.Request(cfg["url"] + path, method=method)
    if cfg.get("admin_token"):
        request.add_header("Authorization", "Bearer " + cfg["admin_token"])
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, data) as response:
        return json.load(response)


def invitation(engagement, receiver, message):
    return dict(
        Catalog="AWS",
        EngagementIdentifier=engagement,
        Invitation={
            "Message": message,
            "Receiver": {"Account": {"AwsAccountId": receiver}},
            "Payload": {
                "OpportunityInvitation": {
                    "ReceiverResponsibilities": ["Co-Sell Facilitator"],
                    "Customer": {
                        "Industry": "Retail",
                        "CompanyName": "Example Retail Co",
                        "WebsiteUrl": "https://www.example.com",
                        "CountryCode": "US",
                    },
                    "Project": {
                        "BusinessProblem": "Their data centre lease ends next year.",
                        "Title": "Data centre migration",
                        "TargetCompletionDate": "2027-06-30",
                        "ExpectedCustomerSpend": [
                            {
                                "Amount": "25000.00",
                                "CurrencyCode": "USD",
                                "Frequency": "Monthly",
                                "TargetCompany": "AWS",
                            }
                        ],
                    },
                }
            },
        },
    )


def main(path):
    cfg = json.load(open(path))
    sender_account, receiver_account = cfg["accounts"][0], cfg["accounts"][1]
    sender, receiver = client(cfg, sender_account), client(cfg, receiver_account)
    first_event = admin(cfg, "GET", "/__emulator/events")["last"]

    opportunity = sender.create_opportunity(
        Catalog="AWS",
        Origin="Partner Referral",
        Customer={"Account": {"CompanyName": "Example Retail Co", "Industry": "Retail"}},
        Project={"Title": "Data centre migration"},
    )
    task = sender.start_engagement_from_opportunity_task(
        Catalog="AWS",
        Identifier=opportunity["Id"],
        AwsSubmission={"InvolvementType": "Co-Sell", "Visibility": "Full"},
    )
    engagement = task["EngagementId"]
    me = receiver_account["AccountId"]
    ids = [
        sender.create_engagement_invitation(**invitation(engagement, me, m))["Id"]
        for m in ("accept me", "reject me", "let me expire")
    ]

    listed = receiver.list_engagement_invitations(Catalog="AWS", ParticipantType="RECEIVER")
    assert {s["Id"] for s in listed["EngagementInvitationSummaries"]} == set(ids), listed
    got = receiver.get_engagement_invitation(Catalog="AWS", Identifier=ids[0])
    assert got["Status"] == "PENDING", got
    accepted = receiver.start_engagement_by_accepting_invitation_task(Catalog="AWS", Identifier=ids[0])
    assert accepted["TaskStatus"] == "IN_PROGRESS", accepted
    # The receiver may answer the second invitation only once; the service refuses the rest.
    receiver.reject_engagement_invitation(Catalog="AWS", Identifier=ids[1], RejectionReason="Unable to support")
    try:
        receiver.accept_engagement_invitation(Catalog="AWS", Identifier=ids[1])
        raise AssertionError("accepting a rejected invitation succeeded")
    except receiver.exceptions.ConflictException:
        pass

    admin(cfg, "POST", "/__emulator/clock", {"advance": {"days": 15}})
    try:
        receiver.accept_engagement_invitation(Catalog="AWS", Identifier=ids[2])
        raise AssertionError("accepting an expired invitation succeeded")
    except receiver.exceptions.ValidationException as error:
        assert "expired" in str(error), error

    sent = sender.list_engagement_invitations(
        Catalog="AWS",
        ParticipantType="SENDER",
        Sort={"SortOrder": "ASCENDING", "SortBy": "InvitationDate"},
    )
    statuses = [s["Status"] for s in sent["EngagementInvitationSummaries"] if s["Id"] in ids]
    assert statuses == ["ACCEPTED", "REJECTED", "EXPIRED"], statuses
    members = sender.list_engagement_members(Catalog="AWS", Identifier=engagement)
    assert [m["AccountId"] for m in members["EngagementMemberList"]] == [
        sender_account["AccountId"],
        me,
    ], members

    events = admin(cfg, "GET", f"/__emulator/events?after={first_event}&account={sender_account['AccountId']}")
    kinds = [e["event"]["detail-type"] for e in events["events"]]
    wanted = [
        "Opportunity Created",
        "Engagement Invitation Created",
        "Engagement Invitation Accepted",
        "Engagement Member Added",
        "Engagement Invitation Rejected",
        "Engagement Invitation Expired",
    ]
    seen = [k for k in kinds if k in wanted]
    order = [wanted.index(k) for k in seen]
    assert order == sorted(order), kinds
    assert set(seen) == set(wanted), kinds
    print(json.dumps({"engagement": engagement, "invitations": dict(zip(ids, statuses)), "events": len(kinds)}))


if __name__ == "__main__":
    main(sys.argv[1])
