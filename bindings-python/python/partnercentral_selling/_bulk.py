"""``client.bulk(...)``: the rows in, the progress display, Ctrl-C, the results out.

Imported on the first ``bulk`` call, never with the package. The run itself is the core's
(``partnercentral_selling::bulk``): validation of every row before anything is sent, the pacer,
the journal. pandas and tqdm are imported only when given a DataFrame / when showing a bar.
"""

from __future__ import annotations

import logging
import os
import sys
import time

from . import _native

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

LOG = logging.getLogger("partnercentral_selling.bulk")

#: How often the waiting thread wakes to show progress and hear Ctrl-C (seconds).
POLL = 0.2
#: At most one progress log line per this many seconds (without tqdm).
LOG_EVERY = 5.0


# --- the operation ---------------------------------------------------------------------------


def operation(name: Any, operations: Any) -> Any:
    """The operation named `name` (its boto3 method name or its API name)."""
    for op in operations:
        if name == op.method or name == op.name:
            return op
    import difflib

    names = [op.method for op in operations] + [op.name for op in operations]
    close = difflib.get_close_matches(str(name), names, n=3)
    hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else (
        "; give a boto3 method name such as 'create_engagement_invitation' or an API name such as "
        "'CreateEngagementInvitation'")
    raise ValueError(f"bulk: unknown operation {name!r}{hint}")


# --- the rows --------------------------------------------------------------------------------


def _is_frame(rows: Any) -> bool:
    pandas = sys.modules.get("pandas")  # never imported here: a DataFrame means pandas is loaded
    return pandas is not None and isinstance(rows, pandas.DataFrame)


def _cell(value: Any) -> Any:
    """A DataFrame cell as a plain Python value; `None` for a missing one (NaN, None, NaT, NA)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or kind is dict or kind is list:
        return value
    if kind is float:
        return None if value != value else value
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return value
    if isinstance(value, tuple):
        return list(value)
    import pandas

    if hasattr(value, "tolist") and getattr(value, "ndim", 0) > 0:  # a numpy array in a cell
        return value.tolist()
    if pandas.isna(value):
        return None
    if isinstance(value, pandas.Timestamp):
        return value.to_pydatetime()
    item = getattr(value, "item", None)  # a numpy scalar
    if callable(item):
        return item()
    return value


def _frame_opener(frame: Any) -> Callable[[], Iterator[Dict[str, Any]]]:
    """Opens the DataFrame's rows, one at a time, as `{column: cell}` without missing cells."""
    columns = [str(c) for c in frame.columns]

    def open_rows() -> Iterator[Dict[str, Any]]:
        for values in frame.itertuples(index=False, name=None):
            row = {}
            for column, value in zip(columns, values):
                cell = _cell(value)
                if cell is not None:
                    row[column] = cell
            yield row

    return open_rows


class _Spool:
    """A temporary JSONL file of rows next to the journal (or in the temp dir), removed when
    writing it fails; the caller removes it after the run."""

    def __init__(self, op: Any, journal: Optional[str]) -> None:
        import tempfile

        where = os.path.dirname(os.path.abspath(journal)) if journal else None
        fd, self.path = tempfile.mkstemp(prefix=".pcs-bulk-spool-", suffix=".jsonl", dir=where)
        os.close(fd)
        self.native = _native.NativeSpool(op.index, self.path)

    def __enter__(self) -> Any:
        return self.native

    def __exit__(self, kind: Any, *_: Any) -> None:
        self.native.close()
        if kind is not None:
            os.unlink(self.path)


def _spool(op: Any, rows: Any, journal: Optional[str]) -> str:
    """A one-shot iterable's rows into a JSONL file (read twice by the core, memory flat)."""
    spool = _Spool(op, journal)
    with spool as out:
        for row in rows:
            out.write(row)
    return spool.path


async def _spool_async(op: Any, rows: Any, journal: Optional[str]) -> str:
    spool = _Spool(op, journal)
    with spool as out:
        async for row in rows:
            out.write(row)
    return spool.path


class Rows:
    """What `rows` is, as the native side reads it, and what to clean up afterwards."""

    def __init__(self, kind: str, source: Any, frame: Any = None, spool: Optional[str] = None) -> None:
        self.kind = kind
        self.source = source
        self.frame = frame
        self.spool = spool

    def close(self) -> None:
        if self.spool is not None:
            try:
                os.unlink(self.spool)
            except FileNotFoundError:
                pass
            self.spool = None


def _fixed(op: Any, rows: Any, journal: Optional[str]) -> Optional[Rows]:
    """Rows that can be read twice as they are; `None` for a one-shot iterable."""
    if _is_frame(rows):
        return Rows("open_flat", _frame_opener(rows), frame=rows)
    if isinstance(rows, (list, tuple)):
        return Rows("seq", rows)
    if isinstance(rows, (str, os.PathLike)):
        path = os.fspath(rows)
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"bulk: no file {path!r} (rows are a list of dicts, an iterable, a DataFrame, or a .jsonl/.csv path)")
        return Rows("file", path)  # the core reads it (and says which extensions it knows)
    if isinstance(rows, (dict, bytes)) or not (hasattr(rows, "__iter__") or hasattr(rows, "__aiter__")):
        raise TypeError(f"bulk: rows must be a list of dicts, an iterable of dicts, a pandas DataFrame or a .jsonl/.csv path, not a {type(rows).__name__}")
    return None


def prepare(op: Any, rows: Any, journal: Optional[str]) -> Rows:
    fixed = _fixed(op, rows, journal)
    if fixed is not None:
        return fixed
    if not hasattr(rows, "__iter__"):
        raise TypeError("bulk: an async iterable of rows needs AsyncClient.bulk")
    path = _spool(op, rows, journal)
    return Rows("spool", path, spool=path)


async def prepare_async(op: Any, rows: Any, journal: Optional[str]) -> Rows:
    fixed = _fixed(op, rows, journal)
    if fixed is not None:
        return fixed
    if hasattr(rows, "__aiter__"):
        path = await _spool_async(op, rows, journal)
    else:
        path = _spool(op, rows, journal)
    return Rows("spool", path, spool=path)


# --- progress --------------------------------------------------------------------------------


class _Progress:
    """Shows the counts: a callable, a tqdm bar, log lines, or nothing."""

    def __init__(self, progress: Any, label: str) -> None:
        self.version = -1
        self.label = label
        self.callback: Optional[Callable[[Dict[str, Any]], Any]] = None
        self.bar: Any = None
        self.log = False
        self.logged_at = time.monotonic()
        if progress is False:
            return
        if callable(progress):
            self.callback = progress
            return
        if progress is not None and progress is not True:
            raise TypeError("bulk: progress is None (a tqdm bar, or log lines), False, or a callable taking a dict of counts")
        try:
            from tqdm.auto import tqdm
        except ImportError:
            self.log = True
        else:
            self.bar = tqdm(desc=label, unit="row", total=None, leave=True)

    def show(self, counts: Dict[str, Any], final: bool = False) -> None:
        if self.callback is not None:
            self.callback(dict(counts))
        elif self.bar is not None:
            bar = self.bar
            if bar.total != counts["total"]:
                bar.total = counts["total"]
            bar.n = counts["done"] + counts["failed"]
            postfix = {"failed": counts["failed"], "rate": f"{counts['rate']:.2f}/s"}
            if counts["throttled"]:
                postfix["throttled"] = counts["throttled"]
            if counts["daily_limit_until"]:
                postfix["daily limit until"] = time.strftime("%H:%M", time.localtime(counts["daily_limit_until"]))
            bar.set_postfix(postfix, refresh=False)
            bar.refresh()
        elif self.log:
            now = time.monotonic()
            if final or now - self.logged_at >= LOG_EVERY:
                self.logged_at = now
                LOG.info(
                    "%s: %d of %d rows done, %d failed%s, %d in flight; %.2f requests/s%s",
                    self.label, counts["done"], counts["total"], counts["failed"],
                    f" ({counts['from_journal']} from the journal)" if counts["from_journal"] else "",
                    counts["in_flight"], counts["rate"],
                    f", {counts['throttled']} throttled attempt(s) re-sent" if counts["throttled"] else "",
                )

    def poll(self, run: Any) -> None:
        latest = run.progress()
        if latest is not None and latest[0] != self.version:
            self.version = latest[0]
            self.show(latest[1])

    def close(self, summary: Optional[Dict[str, Any]]) -> None:
        if summary is not None:
            self.show(summary, final=True)
        if self.bar is not None:
            self.bar.close()


# --- running ---------------------------------------------------------------------------------


class Job:
    """One `bulk` call: its rows, its progress display, its native run, and the clean-up."""

    def __init__(self, client: Any, op: Any, journal: Any, progress: Any, settings: Tuple[Any, ...]) -> None:
        self.client = client
        self.op = op
        self.journal = None if journal is None else os.fspath(journal)
        rate, daily_limit, concurrency, send_valid, row_attempts = settings
        if rate is not None and (isinstance(rate, bool) or not isinstance(rate, (int, float)) or not rate > 0):
            raise ValueError("bulk: rate is a positive number of requests per second (None: the documented quota)")
        for name, value in (("concurrency", concurrency), ("row_attempts", row_attempts), ("daily_limit", daily_limit)):
            if value is None and name == "daily_limit":
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"bulk: {name} is a whole number from 1")
        self.settings = settings
        self.show = _Progress(progress, op.method)
        self.rows: Optional[Rows] = None
        self.run: Any = None

    def start(self, rows: Rows) -> Any:
        self.rows = rows
        rate, daily_limit, concurrency, send_valid, row_attempts = self.settings
        self.run = self.client._native.bulk_start(self.op.index, rows.kind, rows.source, self.journal, rate,
                                                  daily_limit, concurrency, bool(send_valid), row_attempts)
        return self.run

    def cancel(self) -> None:
        """Called in an `except` clause: what was raised stops the run."""
        self.run.cancel()
        why = getattr(sys.exc_info()[0], "__name__", "cancelled")
        where = (f"call bulk again with journal={self.journal!r} to resume" if self.journal is not None
                 else "pass journal='run.db' to make a run resumable")
        LOG.warning("bulk: stopped by %s; waiting for the rows in flight (at most 30 s); %s", why, where)

    def stopped(self) -> None:
        """After a cancelled run has drained: its results are dropped (the journal has them)."""
        try:
            self.run.results()
        except Exception:
            pass

    def finish(self) -> Any:
        assert self.rows is not None
        frame = self.rows.frame
        results, summary = self.run.results(columns=frame is not None)
        self.show.close(summary)
        if frame is not None:
            import pandas

            return pandas.DataFrame(results, index=frame.index)
        return results

    def close(self) -> None:
        if self.show.bar is not None:
            self.show.bar.close()
        if self.rows is not None:
            self.rows.close()


def run_sync(client: Any, op: Any, rows: Any, journal: Any, progress: Any, settings: Tuple[Any, ...]) -> Any:
    job = Job(client, op, journal, progress, settings)
    try:
        run = job.start(prepare(op, rows, job.journal))
        try:
            while not run.wait(POLL):  # the GIL released; Ctrl-C raises here
                job.show.poll(run)
        except BaseException:  # Ctrl-C, or the progress callable raised: the run stops too
            job.cancel()
            while True:
                try:
                    if run.wait(POLL):
                        break
                except BaseException:
                    if run.progress() is None:
                        # Pressed again during the validation pass, which cannot be cut short:
                        # nothing has been sent, and the run ends by itself once the pass is over.
                        raise
                    continue  # the drain is bounded; the journal is consistent after it
            job.stopped()
            raise
        return job.finish()
    finally:
        job.close()


async def run_async(client: Any, op: Any, rows: Any, journal: Any, progress: Any, settings: Tuple[Any, ...]) -> Any:
    import asyncio

    job = Job(client, op, journal, progress, settings)
    try:
        run = job.start(await prepare_async(op, rows, job.journal))
        try:
            while not run.wait(0, False):
                job.show.poll(run)
                await asyncio.sleep(POLL / 2)
        except BaseException:  # the task was cancelled (or interrupted)
            job.cancel()
            while not run.wait(0, False):
                try:
                    await asyncio.sleep(POLL / 2)
                except asyncio.CancelledError:
                    continue  # the drain is bounded; the journal is consistent after it
            job.stopped()
            raise
        return job.finish()
    finally:
        job.close()
