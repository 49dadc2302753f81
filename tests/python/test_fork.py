"""A process that forks after using a client can still use clients in the child."""

from __future__ import annotations

import os
import signal
import warnings

import pytest

import partnercentral_selling as pcs
from conftest import valid_params


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork exists only on POSIX")
def test_child_after_fork_can_call(emulator: pcs.Emulator) -> None:
    client = emulator.client()
    client.create_engagement_invitation(**valid_params())  # the parent's runtime and pool are live
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # 3.12+ warns on fork with threads
        read_end, write_end = os.pipe()
        pid = os.fork()
    if pid == 0:
        status = 1
        try:
            signal.alarm(60)  # a deadlocked child dies instead of hanging the suite
            os.close(read_end)
            same = client.create_engagement_invitation(**valid_params())  # the inherited client
            fresh = emulator.client().create_engagement_invitation(**valid_params())  # a new one
            os.write(write_end, f"{same['Id']} {fresh['Id']}".encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    _, wait_status = os.waitpid(pid, 0)
    answer = os.read(read_end, 200).decode()
    os.close(read_end)
    assert os.waitstatus_to_exitcode(wait_status) == 0
    ids = answer.split()
    assert len(ids) == 2 and all(i.startswith("engi-") for i in ids)
    # The parent is unaffected.
    assert client.create_engagement_invitation(**valid_params())["Id"].startswith("engi-")
