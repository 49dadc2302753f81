"""Paginators against the emulator over loopback: 260 invitations listed page by page, MaxItems
stopping inside a page, and the listing resumed from the token, sync and async."""

from __future__ import annotations

import asyncio
import datetime
from typing import Any, Dict, Iterator, List

import pytest

import partnercentral_selling as pcs
from conftest import valid_params

TOTAL = 260
LISTING = {"Catalog": "AWS", "ParticipantType": "SENDER"}


@pytest.fixture(scope="module")
def stocked() -> Iterator[pcs.Emulator]:
    with pcs.Emulator() as emu:
        client = emu.client()
        for _ in range(TOTAL):
            client.create_engagement_invitation(**valid_params())
        yield emu


def ids(items: List[Dict[str, Any]]) -> List[str]:
    return [item["Id"] for item in items]


def test_every_invitation_comes_back_once_page_by_page(stocked: pcs.Emulator) -> None:
    client = stocked.client()
    pages = list(client.get_paginator("list_engagement_invitations").paginate(
        **LISTING, PaginationConfig={"PageSize": 50}))
    assert [len(p["EngagementInvitationSummaries"]) for p in pages] == [50, 50, 50, 50, 50, 10]
    assert all(p["ResponseMetadata"]["HTTPStatusCode"] == 200 for p in pages)
    everything = ids([s for p in pages for s in p["EngagementInvitationSummaries"]])
    assert len(everything) == len(set(everything)) == TOTAL
    first = pages[0]["EngagementInvitationSummaries"][0]
    assert isinstance(first["InvitationDate"], datetime.datetime)
    assert first["InvitationDate"].utcoffset() == datetime.timedelta(0)


def test_max_items_stops_midway_and_the_token_resumes(stocked: pcs.Emulator) -> None:
    client = stocked.client()
    paginator = client.get_paginator("list_engagement_invitations")
    everything = ids(paginator.paginate(**LISTING, PaginationConfig={"PageSize": 40}).build_full_result()[
        "EngagementInvitationSummaries"])
    assert len(everything) == TOTAL

    # 130 items with pages of 40: stops 10 items into the fourth page.
    first = paginator.paginate(**LISTING, PaginationConfig={"PageSize": 40, "MaxItems": 130})
    head = first.build_full_result()
    assert ids(head["EngagementInvitationSummaries"]) == everything[:130]
    token = head["NextToken"]

    iterator = paginator.paginate(**LISTING, PaginationConfig={"PageSize": 40, "StartingToken": token})
    rest = [s for page in iterator for s in page["EngagementInvitationSummaries"]]
    assert ids(rest) == everything[130:]
    assert iterator.resume_token is None

    # Page by page too: the iterator's resume_token after MaxItems.
    by_pages = paginator.paginate(**LISTING, PaginationConfig={"PageSize": 40, "MaxItems": 45})
    seen = [s for page in by_pages for s in page["EngagementInvitationSummaries"]]
    assert ids(seen) == everything[:45]
    again = paginator.paginate(**LISTING, PaginationConfig={"PageSize": 40, "StartingToken": by_pages.resume_token,
                                                          "MaxItems": 1000})
    assert ids(again.build_full_result()["EngagementInvitationSummaries"]) == everything[45:]


def test_async_paginator_is_an_async_iterator(stocked: pcs.Emulator) -> None:
    async def main() -> None:
        client = stocked.async_client()
        paginator = client.get_paginator("list_engagement_invitations")
        pages = [p async for p in paginator.paginate(**LISTING, PaginationConfig={"PageSize": 100})]
        assert [len(p["EngagementInvitationSummaries"]) for p in pages] == [100, 100, 60]
        everything = ids([s for p in pages for s in p["EngagementInvitationSummaries"]])
        head = await paginator.paginate(**LISTING, PaginationConfig={"PageSize": 100, "MaxItems": 150}).build_full_result()
        assert ids(head["EngagementInvitationSummaries"]) == everything[:150]
        tail = paginator.paginate(**LISTING, PaginationConfig={"StartingToken": head["NextToken"], "PageSize": 100})
        assert ids([s async for p in tail for s in p["EngagementInvitationSummaries"]]) == everything[150:]

    asyncio.run(main())


def test_pagination_config_and_names_are_checked(stocked: pcs.Emulator) -> None:
    client = stocked.client()
    assert client.can_paginate("list_engagement_invitations")
    assert not client.can_paginate("create_engagement_invitation")
    assert not client.can_paginate("no_such_operation")
    with pytest.raises(pcs.OperationNotPageableError, match="list_engagement_invitations"):
        client.get_paginator("create_engagement_invitation")
    paginator = client.get_paginator("list_engagement_invitations")
    with pytest.raises(pcs.ParamValidationError) as caught:
        paginator.paginate(**LISTING, PaginationConfig={"MaxItem": 5, "PageSize": 0})
    assert [e["path"] for e in caught.value.errors] == ["PaginationConfig.MaxItem", "PaginationConfig.PageSize"]
    # Not one of botocore's encoded tokens: sent as the service's own token (botocore's legacy
    # reading), which the service refuses.
    with pytest.raises(pcs.ValidationException):
        list(paginator.paginate(**LISTING, PaginationConfig={"StartingToken": "not a token"}))
    with pytest.raises(pcs.ParamValidationError) as invalid:
        list(paginator.paginate(Catalog="AWS"))
    assert [e["path"] for e in invalid.value.errors] == ["ParticipantType"]
