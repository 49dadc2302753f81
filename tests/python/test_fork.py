"""A process that forks after using a client can still use clients in the child."""

from __future__ import annotations

import asyncio
import os
import signal
import warnings
from typing import Callable

import pytest

import partnercentral_selling as pcs
from conftest import valid_params

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork exists only on POSIX")


def in_child(work: Callable[[], str]) -> str:
    """Runs `work` in a forked child and returns what it returned; fails if the child failed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # 3.12+ warns on fork with threads
        read_end, write_end = os.pipe()
        pid = os.fork()
    if pid == 0:
        status = 1
        try:
            signal.alarm(60)  # a deadlocked child dies instead of hanging the suite
            os.close(read_end)
            os.write(write_end, work().encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    _, wait_status = os.waitpid(pid, 0)
    answer = os.read(read_end, 200).decode()
    os.close(read_end)
    assert os.waitstatus_to_exitcode(wait_status) == 0
    return answer


def test_child_after_fork_can_call(emulator: pcs.Emulator) -> None:
    client = emulator.client()
    client.create_engagement_invitation(**valid_params())  # the parent's runtime and pool are live

    def work() -> str:
        same = client.create_engagement_invitation(**valid_params())  # the inherited client
        fresh = emulator.client().create_engagement_invitation(**valid_params())  # a new one
        return f"{same['Id']} {fresh['Id']}"

    ids = in_child(work).split()
    assert len(ids) == 2 and all(i.startswith("engi-") for i in ids)
    # The parent is unaffected.
    assert client.create_engagement_invitation(**valid_params())["Id"].startswith("engi-")


def test_async_client_in_a_child_after_fork(emulator: pcs.Emulator) -> None:
    client = emulator.async_client()

    async def call() -> str:
        return str((await client.create_engagement_invitation(**valid_params()))["Id"])

    assert asyncio.run(call()).startswith("engi-")  # the parent's runtime and inbox are live
    assert in_child(lambda: asyncio.run(call())).startswith("engi-")
    assert asyncio.run(call()).startswith("engi-")
