"""Sync calls release the GIL: one client shared by 8 threads overlaps their waits."""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import partnercentral_selling as pcs
from conftest import valid_params

LATENCY = 0.5


def test_eight_threads_take_about_the_time_of_one() -> None:
    with pcs.Emulator(latency_ms=int(LATENCY * 1000)) as emu:
        client = emu.client()
        client.create_engagement_invitation(**valid_params())  # warm the connection pool
        started = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda _: client.create_engagement_invitation(**valid_params()), range(8)))
        elapsed = time.perf_counter() - started
    assert len({r["Id"] for r in results}) == 8
    # Holding the GIL would serialize them: 8 x 0.5 s = 4 s. Released: about 0.5 s.
    assert elapsed < 4 * LATENCY, elapsed


def test_python_keeps_running_while_a_call_waits() -> None:
    with pcs.Emulator(latency_ms=int(LATENCY * 1000)) as emu:
        client = emu.client()
        ticks = 0
        done = threading.Event()

        def count() -> None:
            nonlocal ticks
            while not done.is_set():
                ticks += 1
                time.sleep(0.005)

        counter = threading.Thread(target=count)
        counter.start()
        client.create_engagement_invitation(**valid_params())
        done.set()
        counter.join()
    # With the GIL held for the whole call the counter would barely run.
    assert ticks > 10, ticks


def test_ctrl_c_interrupts_a_waiting_call() -> None:
    """The GIL is released while waiting, yet a signal still reaches Python promptly."""
    with pcs.Emulator(latency_ms=20_000) as emu:
        client = emu.client(max_attempts=1)
        timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
        started = time.perf_counter()
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            client.create_engagement_invitation(**valid_params())
        elapsed = time.perf_counter() - started
        timer.join()
    # Without signal checks the call would sit out the emulator's 20 s.
    assert elapsed < 10, elapsed
