"""Interpreter exit right after async calls complete.

An async call's completion used to be delivered from a tokio thread holding the GIL
(`loop.call_soon_threadsafe`). Writing to the loop's self-pipe releases the GIL, so the main
thread could finish the program meanwhile, and the tokio thread woke to a finalized interpreter:
"Fatal Python error: PyGILState_Release: thread state ... must be current when releasing", or a
segfault. The loop below makes that window wide: its `call_soon_threadsafe` sleeps, and records
every entry and return from a thread other than the loop's.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import asyncio, sys, threading, time
    sys.path.insert(0, {tests!r})
    import partnercentral_selling as pcs
    from conftest import valid_params

    journal = sys.argv[1]

    def note(line):
        with open(journal, "a") as out:
            out.write(line + "\\n")

    class SlowWakeLoop(asyncio.SelectorEventLoop):
        def call_soon_threadsafe(self, callback, *args, context=None):
            foreign = threading.current_thread() is not threading.main_thread()
            if foreign:
                note("entered")
            handle = super().call_soon_threadsafe(callback, *args, context=context)
            if foreign:
                time.sleep(0.3)  # GIL released: the main thread runs on and ends the program
                note("returned")
            return handle

    class SlowFinalizer:
        def __del__(self):
            time.sleep(0.6)  # finalization, GIL released: a sleeping tokio thread wakes now

    async def main():
        emulator = pcs.Emulator()
        client = emulator.async_client()
        for _ in range(3):
            await client.create_engagement_invitation(**valid_params())

    keep = SlowFinalizer()
    loop = SlowWakeLoop()
    loop.run_until_complete(main())
    loop.close()
    note("main done")
    """
)


def test_exit_right_after_async_calls_is_clean(tmp_path: Path) -> None:
    script = tmp_path / "exit_after_async_calls.py"
    script.write_text(SCRIPT.format(tests=str(Path(__file__).parent)))
    journal = tmp_path / "journal"
    done = subprocess.run(
        [sys.executable, str(script), str(journal)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Fatal Python error" not in done.stderr
    lines = journal.read_text().splitlines()
    assert "main done" in lines
    # Whatever entered Python from another thread to wake the loop left it before the end.
    assert lines.count("entered") == lines.count("returned"), lines
