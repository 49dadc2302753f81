"""AsyncClient: awaitables on asyncio, many in flight, inside an already running loop."""

from __future__ import annotations

import asyncio
import select
import threading
import time
from typing import Any, Dict, List, Tuple

import pytest

import partnercentral_selling as pcs
from conftest import FLAGSHIP_INDEX, valid_params


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


def test_many_concurrent_calls_each_get_their_own_result() -> None:
    """Completions come back in batches, in any order: each must resolve the future of its call."""
    with pcs.Emulator() as emu:
        client = emu.async_client()

        async def one(n: int) -> Tuple[str, Any]:
            token = f"batch-token-{n:04d}"
            params = valid_params()
            if n % 7 == 0:  # a failure among the successes goes to its own caller only
                params["EngagementIdentifier"] = "eng-0000000000zzzz"
            try:
                return token, await client.create_engagement_invitation(**params, ClientToken=token)
            except pcs.ResourceNotFoundException as e:
                return token, e

        async def main() -> List[Tuple[str, Any]]:
            return await asyncio.gather(*(one(n) for n in range(300)))

        results = asyncio.run(main())
        stored = {inv["client_token"]: inv["id"] for inv in emu.stored_invitations()}
    failures = 0
    for n, (token, result) in enumerate(results):
        if n % 7 == 0:
            assert isinstance(result, pcs.ResourceNotFoundException), result
            failures += 1
            continue
        assert result["ResponseMetadata"]["ClientToken"] == token
        assert result["Id"] == stored[token]
    assert failures == len(range(0, 300, 7))
    assert len(stored) == 300 - failures


def test_calls_from_two_event_loops_in_two_threads(emulator: pcs.Emulator) -> None:
    client = emulator.async_client()
    ids: Dict[int, List[str]] = {}
    failures: List[BaseException] = []

    def thread_main(slot: int) -> None:
        async def main() -> List[str]:
            outs = await asyncio.gather(*(client.create_engagement_invitation(**valid_params()) for _ in range(25)))
            return [str(o["Id"]) for o in outs]

        try:
            ids[slot] = asyncio.run(main())
        except BaseException as e:  # reported below: a thread's exception would vanish otherwise
            failures.append(e)

    threads = [threading.Thread(target=thread_main, args=(slot,)) for slot in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert len(ids[0]) == len(ids[1]) == 25
    assert len(set(ids[0]) | set(ids[1])) == 50


def test_a_new_loop_after_the_last_one_closed(emulator: pcs.Emulator) -> None:
    client = emulator.async_client()
    for _ in range(3):
        loop = asyncio.new_event_loop()
        try:
            out = loop.run_until_complete(client.create_engagement_invitation(**valid_params()))
            assert out["Id"].startswith("engi-")
        finally:
            loop.close()


def test_an_aborted_call_never_completes() -> None:
    """Cancelling the awaiting task aborts the call in Rust: nothing is reported for it later."""
    from partnercentral_selling import _native

    with pcs.Emulator(latency_ms=1500) as emu:
        client = emu.async_client()
        completions = _native.Completions()
        in_flight = client._native.start_call(FLAGSHIP_INDEX, valid_params(), completions, 1)
        done = client._native.start_call(FLAGSHIP_INDEX, valid_params(), completions, 2)
        in_flight.abort()
        del done  # dropping the handle does not abort: call 2 still reports
        deadline = time.monotonic() + 30
        finished: List[Tuple[int, bool, Any]] = []
        while not finished and time.monotonic() < deadline:
            select.select([completions.fileno()], [], [], 1.0)
            finished.extend(completions.drain())
        time.sleep(0.5)  # call 1 would have had as long as call 2 to finish
        finished.extend(completions.drain())
    assert [(call_id, ok) for call_id, ok, _ in finished] == [(2, True)]
    assert finished[0][2]["Id"].startswith("engi-")


def test_the_wake_up_socket_is_drained_with_the_queue() -> None:
    """One readable wake-up per batch: after a drain the socket is quiet until the next call ends."""
    from partnercentral_selling import _native

    with pcs.Emulator() as emu:
        client = emu.async_client()
        completions = _native.Completions()
        for call_id in range(5):
            client._native.start_call(FLAGSHIP_INDEX, valid_params(), completions, call_id)
        finished: List[Tuple[int, bool, Any]] = []
        deadline = time.monotonic() + 30
        while len(finished) < 5 and time.monotonic() < deadline:
            select.select([completions.fileno()], [], [], 1.0)
            finished.extend(completions.drain())
        readable, _, _ = select.select([completions.fileno()], [], [], 0)
    assert sorted(call_id for call_id, _, _ in finished) == list(range(5))
    assert readable == []
    assert completions.drain() == []


def test_a_panic_inside_an_async_call_raises_internal_error() -> None:
    async def main() -> None:
        await pcs._client._finish(pcs._native._start_panic, "async boom")  # type: ignore[attr-defined]

    with pytest.raises(pcs.InternalError, match="async boom"):
        asyncio.run(main())
