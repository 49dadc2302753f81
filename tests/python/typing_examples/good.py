"""Uses the package the way a typed user would; mypy --strict must accept it."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, List

from partnercentral_selling import (
    AsyncClient,
    Client,
    Config,
    Emulator,
    ParamValidationError,
    SSLError,
    ThrottlingException,
    validate,
)

if TYPE_CHECKING:
    from partnercentral_selling.type_defs import BulkProgressTypeDef, InvitationTypeDef, ViolationTypeDef

invitation: InvitationTypeDef = {
    "Message": "Let's work on this together.",
    "Receiver": {"Account": {"AwsAccountId": "444455556666"}},
    "Payload": {
        "OpportunityInvitation": {
            "ReceiverResponsibilities": ["Distributor", "Reseller"],
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
                "ExpectedCustomerSpend": [{"CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "AWS"}],
            },
        }
    },
}


def send(client: Client) -> str:
    try:
        response = client.create_engagement_invitation(
            Catalog="AWS", EngagementIdentifier="eng-demo00000000a1", Invitation=invitation
        )
    except ThrottlingException as err:
        return str(err.response["Error"]["Code"])
    except ParamValidationError as err:
        return str(len(err.errors))
    status: int = response["ResponseMetadata"]["HTTPStatusCode"]
    return f"{response['Id']} {response['Arn']} {status}"


async def send_async(client: AsyncClient) -> str:
    response = await client.create_engagement_invitation(
        Catalog="Sandbox", EngagementIdentifier="eng-demo00000000s1", Invitation=invitation, ClientToken="t-1"
    )
    return response["Id"]


def problems() -> List[str]:
    found: List[ViolationTypeDef] = validate({"Catalog": "AWS"})
    return [f"{v['path']}: {v['code']}" for v in found]


def build() -> None:
    client = Client(region_name="us-east-1", config=Config(max_attempts=5, retry_mode="standard"), read_timeout=5.0)
    send(client)
    asyncio.run(send_async(AsyncClient(endpoint_url="http://127.0.0.1:1", verify=False)))


def over_https() -> str:
    with Emulator(tls=True, ca_bundle_file="/tmp/emulator-ca.pem") as emu:
        bundle: str | None = emu.ca_bundle
        try:
            return send(Client(endpoint_url=emu.url, verify=bundle or False, **emu.credentials))
        except SSLError as e:
            return str(e)


def list_everything(client: Client) -> int:
    """Any operation, typed: a paginator by its Literal name, its pages' TypedDicts, datetimes."""
    import datetime

    count = 0
    paginator = client.get_paginator("list_engagement_invitations")
    for page in paginator.paginate(Catalog="AWS", ParticipantType="RECEIVER", PaginationConfig={"MaxItems": 300}):
        for summary in page["EngagementInvitationSummaries"]:
            sent: datetime.datetime | None = summary.get("InvitationDate")
            count += 1 if sent is None or sent.tzinfo is not None else 0
    got = client.get_engagement_invitation(Catalog="AWS", Identifier="engi-0000000000000")
    print(got["ResponseMetadata"]["RequestId"], client.meta.region_name, client.meta.endpoint_url)
    try:
        client.accept_engagement_invitation(Catalog="AWS", Identifier="engi-0000000000000")
    except client.exceptions.ConflictException as e:
        print(e.response["Error"]["Code"])
    print(validate({"Catalog": "AWS"}, "list_engagement_invitations"))
    return count


async def list_async(client: AsyncClient) -> int:
    count = 0
    async for page in client.get_paginator("list_engagement_invitations").paginate(Catalog="AWS", ParticipantType="SENDER"):
        count += len(page["EngagementInvitationSummaries"])
    return count


def bulk(client: Client) -> List[str]:
    """client.bulk: a list in, typed row results out; a DataFrame in, a DataFrame out."""
    import pandas

    from partnercentral_selling import BulkInvalidRowsError

    def show(counts: BulkProgressTypeDef) -> None:
        print(counts["done"], counts["total"], counts["daily_limit_until"])

    rows = [{"Catalog": "AWS", "EngagementIdentifier": "eng-demo00000000a1", "Invitation": invitation}]
    try:
        results = client.bulk("create_engagement_invitation", rows, journal="run.db", rate=0.5, progress=show)
    except BulkInvalidRowsError as e:
        return [f"row {r['row'] + 1}" for r in e.rows]
    frame: pandas.DataFrame = client.bulk("CreateEngagementInvitation", pandas.DataFrame(rows), progress=False)
    print(frame["status"])
    out: List[str] = []
    for r in results:
        if r["status"] == "done" and r["output"] is not None:
            out.append(str(r["output"]["Id"]))
        elif r["error"] is not None:
            out.extend(v["path"] for v in r["error"]["violations"])
    return out


async def bulk_async(client: AsyncClient) -> int:
    results = await client.bulk("create_engagement_invitation", iter([{"Catalog": "AWS"}]), send_valid=True)
    return sum(1 for r in results if r["from_journal"])
