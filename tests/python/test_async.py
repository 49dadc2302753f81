"""AsyncClient: awaitables on asyncio, many in flight, inside an already running loop."""

from __future__ import annotations

import asyncio
import time

import pytest

import partnercentral_selling as pcs
from conftest import valid_params


def test_async_call_returns_the_same_shape(emulator: pcs.Emulator) -> None:
    async def main() -> dict:  # type: ignore[type-arg]
        async with emulator.async_client() as client:
            return await client.create_engagement_invitation(**valid_params())

    out = asyncio.run(main())
    assert out["Id"].startswith("engi-") and out["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_many_in_flight_overlap() -> None:
    latency = 0.3
    with pcs.Emulator(latency_ms=int(latency * 1000)) as emu:
        client = emu.async_client()

        async def main() -> list:  # type: ignore[type-arg]
            return await asyncio.gather(*(client.create_engagement_invitation(**valid_params()) for _ in range(20)))

        started = time.perf_counter()
        results = asyncio.run(main())
        elapsed = time.perf_counter() - started
    assert len({r["Id"] for r in results}) == 20
    # Sequential would take 20 x latency; concurrent takes about one. The bound is generous.
    assert elapsed < 8 * latency, elapsed


def test_errors_raise_inside_the_coroutine(emulator: pcs.Emulator) -> None:
    client = emulator.async_client()

    async def main() -> None:
        params = valid_params()
        params["EngagementIdentifier"] = "eng-0000000000zzzz"
        await client.create_engagement_invitation(**params)

    with pytest.raises(pcs.ResourceNotFoundException):
        asyncio.run(main())

    async def invalid() -> None:
        await client.create_engagement_invitation(Catalog=b"AWS")

    with pytest.raises(pcs.ParamValidationError):
        asyncio.run(invalid())


def test_usable_from_a_loop_that_is_already_running(emulator: pcs.Emulator) -> None:
    """Jupyter runs cells inside a running loop: awaiting must work there, from a task."""
    client = emulator.async_client()

    async def cell() -> str:
        task = asyncio.ensure_future(client.create_engagement_invitation(**valid_params()))
        out = await task
        return str(out["Id"])

    loop = asyncio.new_event_loop()
    try:
        assert loop.run_until_complete(cell()).startswith("engi-")
        # A second "cell" on the same loop, as a notebook runs many.
        assert loop.run_until_complete(cell()).startswith("engi-")
    finally:
        loop.close()


def test_cancellation_leaves_the_client_usable() -> None:
    with pcs.Emulator(latency_ms=2000) as emu:
        client = emu.async_client()

        async def main() -> None:
            task = asyncio.ensure_future(client.create_engagement_invitation(**valid_params()))
            await asyncio.sleep(0.1)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(main())
        emu.clear_faults()

        async def again() -> str:
            return str((await client.create_engagement_invitation(**valid_params()))["Id"])

        assert asyncio.run(again()).startswith("engi-")
