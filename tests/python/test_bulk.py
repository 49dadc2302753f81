"""client.bulk(...) against the emulator with the documented quotas (scaled up so the tests stay
short): lists, generators, DataFrames, files, invalid rows, resume after Ctrl-C, progress,
AsyncClient, and pickling clients for workers. Every assertion is about behaviour (what the
emulator holds, what the results say), never about how long something took."""

from __future__ import annotations

import _thread
import asyncio
import datetime
import json
import logging
import pickle
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

import partnercentral_selling as pcs
from conftest import valid_params

SCALE = 40  # the emulator's quotas x40: 40 writes per second
RATE = 40.0


@pytest.fixture()
def emu() -> Iterator[pcs.Emulator]:
    with pcs.Emulator(quotas="aws", quota_scale=SCALE) as e:
        yield e


def rows(n: int, start: int = 0) -> List[Dict[str, Any]]:
    out = []
    for i in range(start, start + n):
        row = valid_params()
        row["Invitation"]["Message"] = f"bulk row {i}"
        out.append(row)
    return out


def stored(emu: pcs.Emulator) -> int:
    return len(emu.stored_invitations())


def test_a_list_of_dicts_sends_every_row_once(emu: pcs.Emulator, tmp_path: Path) -> None:
    client = emu.client()
    results = client.bulk("create_engagement_invitation", rows(12), journal=tmp_path / "run.db",
                          rate=RATE, progress=False)
    assert isinstance(results, list)
    assert [r["row"] for r in results] == list(range(12))
    assert all(r["status"] == "done" and r["error"] is None for r in results), results
    assert all(r["output"]["Id"] and r["output"]["Arn"] for r in results)
    assert len({r["client_token"] for r in results}) == 12
    assert not any(r["from_journal"] for r in results)
    assert stored(emu) == 12
    # The API name works too, and a second run with the same journal sends nothing again.
    again = client.bulk("CreateEngagementInvitation", rows(12), journal=tmp_path / "run.db",
                        rate=RATE, progress=False)
    assert all(r["from_journal"] for r in again)
    assert [r["output"]["Id"] for r in again] == [r["output"]["Id"] for r in results]
    assert stored(emu) == 12


def test_an_unknown_operation_says_what_was_meant(emu: pcs.Emulator) -> None:
    with pytest.raises(ValueError, match="did you mean 'create_engagement_invitation'"):
        emu.client().bulk("create_engagement_invitaton", rows(1), progress=False)


def test_a_generator_is_spooled_then_removed(emu: pcs.Emulator, tmp_path: Path) -> None:
    journal = tmp_path / "run.db"

    def generate() -> Iterator[Dict[str, Any]]:
        yield from rows(8)

    results = emu.client().bulk("create_engagement_invitation", generate(), journal=journal,
                                rate=RATE, progress=False)
    assert [r["status"] for r in results] == ["done"] * 8
    assert stored(emu) == 8
    # The spool was written next to the journal and is gone.
    assert [p.name for p in tmp_path.iterdir() if "spool" in p.name] == []


def test_a_generator_of_something_else_than_dicts_is_reported_by_row(emu: pcs.Emulator) -> None:
    def generate() -> Iterator[Any]:
        yield rows(1)[0]
        yield "not a dict"
        yield {"Catalog": b"bytes"}

    with pytest.raises(pcs.BulkInvalidRowsError) as caught:
        emu.client().bulk("create_engagement_invitation", generate(), rate=RATE, progress=False)
    assert [r["row"] for r in caught.value.rows] == [1, 2]
    assert "row 2:" in str(caught.value) and "a str (the parameters must be a dict" in str(caught.value)
    assert "row 3:" in str(caught.value) and "Catalog" in str(caught.value)
    assert stored(emu) == 0


def test_bad_settings_and_inputs_are_refused_before_anything(emu: pcs.Emulator, tmp_path: Path) -> None:
    client = emu.client()
    for keywords in ({"rate": 0}, {"rate": "fast"}, {"concurrency": 0}, {"row_attempts": 1.5}, {"daily_limit": -1}):
        with pytest.raises(ValueError, match="bulk: "):
            client.bulk("create_engagement_invitation", rows(1), progress=False, **keywords)
    with pytest.raises(TypeError, match="rows must be"):
        client.bulk("create_engagement_invitation", {"Catalog": "AWS"}, progress=False)
    with pytest.raises(FileNotFoundError, match="no file"):
        client.bulk("create_engagement_invitation", tmp_path / "missing.jsonl", progress=False)
    (tmp_path / "rows.txt").write_text("")
    with pytest.raises(ValueError, match=".jsonl"):
        client.bulk("create_engagement_invitation", tmp_path / "rows.txt", progress=False)
    assert stored(emu) == 0


def test_a_progress_callable_that_raises_stops_the_run(emu: pcs.Emulator, tmp_path: Path) -> None:
    journal = tmp_path / "run.db"

    def boom(counts: Dict[str, Any]) -> None:
        if counts["done"] >= 2:
            raise RuntimeError("the display failed")

    with pytest.raises(RuntimeError, match="the display failed"):
        emu.client().bulk("create_engagement_invitation", rows(30), journal=journal, rate=10.0, progress=boom)
    # Stopped (not left running in the background): the journal is free and resumes.
    assert 2 <= stored(emu) < 30
    results = emu.client().bulk("create_engagement_invitation", rows(30), journal=journal, rate=RATE, progress=False)
    assert [r["status"] for r in results] == ["done"] * 30 and stored(emu) == 30


def test_invalid_rows_are_all_reported_before_anything_is_sent(emu: pcs.Emulator, tmp_path: Path) -> None:
    data = rows(6)
    data[1]["Invitation"]["Payload"]["OpportunityInvitation"]["SenderContacts"][0]["Email"] = "not an email"
    data[4]["Catalog"] = 7
    del data[4]["EngagementIdentifier"]
    client = emu.client()
    with pytest.raises(pcs.BulkInvalidRowsError) as caught:
        client.bulk("create_engagement_invitation", data, journal=tmp_path / "run.db", rate=RATE, progress=False)
    error = caught.value
    assert isinstance(error, pcs.ParamValidationError) and isinstance(error, ValueError)
    text = str(error)
    assert "2 of 6 rows are invalid; nothing was sent" in text and "send_valid=True" in text
    email = "Invitation.Payload.OpportunityInvitation.SenderContacts[0].Email"
    assert "row 2:" in text and email in text
    assert "row 5:" in text and "Catalog" in text and "EngagementIdentifier" in text
    assert [r["row"] for r in error.rows] == [1, 4]
    assert {v["path"] for v in error.rows[1]["violations"]} >= {"Catalog", "EngagementIdentifier"}
    assert error.total == 6
    assert any(e["path"] == f"[1].{email}" for e in error.errors)
    assert stored(emu) == 0
    assert pickle.loads(pickle.dumps(error)).rows == error.rows

    # send_valid=True: the 4 valid rows go; the others are failed results with their paths.
    results = client.bulk("create_engagement_invitation", data, journal=tmp_path / "run.db", rate=RATE,
                          send_valid=True, progress=False)
    assert [r["status"] for r in results] == ["done", "failed", "done", "done", "failed", "done"]
    assert results[1]["error"]["code"] == "ParamValidation"
    assert results[1]["error"]["violations"][0]["path"] == email
    assert results[1]["output"] is None and results[1]["client_token"] is None
    assert stored(emu) == 4


def test_a_journal_of_another_input_is_refused(emu: pcs.Emulator, tmp_path: Path) -> None:
    client = emu.client()
    client.bulk("create_engagement_invitation", rows(2), journal=tmp_path / "run.db", rate=RATE, progress=False)
    with pytest.raises(pcs.JournalMismatchError) as caught:
        client.bulk("create_engagement_invitation", rows(3), journal=tmp_path / "run.db", rate=RATE, progress=False)
    assert "run.db" in str(caught.value) and isinstance(caught.value, pcs.BulkError)
    assert stored(emu) == 2


def test_ctrl_c_leaves_a_journal_the_same_call_resumes(emu: pcs.Emulator, tmp_path: Path) -> None:
    n = 30
    journal = tmp_path / "run.db"
    client = emu.client()
    interrupted = []

    def interrupt_after_a_few(counts: Dict[str, Any]) -> None:
        if counts["done"] >= 4 and not interrupted:
            interrupted.append(counts["done"])
            _thread.interrupt_main()  # as Ctrl-C: the signal handler raises KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        client.bulk("create_engagement_invitation", rows(n), journal=journal, rate=10.0,
                    progress=interrupt_after_a_few)
    assert interrupted
    sent_before = stored(emu)
    assert 4 <= sent_before < n
    results = client.bulk("create_engagement_invitation", rows(n), journal=journal, rate=RATE, progress=False)
    assert [r["status"] for r in results] == ["done"] * n
    assert stored(emu) == n
    assert len({r["output"]["Id"] for r in results}) == n
    from_journal = sum(r["from_journal"] for r in results)
    assert 4 <= from_journal < n


def test_progress_shows_a_tqdm_bar_when_tqdm_is_installed(emu: pcs.Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm")
    emu.client().bulk("create_engagement_invitation", rows(5), rate=RATE)
    err = capsys.readouterr().err
    assert "create_engagement_invitation" in err and "5/5" in err, err


def test_progress_logs_lines_without_tqdm(emu: pcs.Emulator, monkeypatch: pytest.MonkeyPatch,
                                          caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # `import tqdm` now raises ImportError
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    with caplog.at_level(logging.INFO, logger="partnercentral_selling.bulk"):
        emu.client().bulk("create_engagement_invitation", rows(5), rate=RATE)
    lines = [r.getMessage() for r in caplog.records if r.name == "partnercentral_selling.bulk"]
    assert lines and "5 of 5 rows done, 0 failed" in lines[-1], lines
    assert "5/5" not in capsys.readouterr().err


def test_progress_callable_gets_the_counts_and_false_shows_nothing(
        emu: pcs.Emulator, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
    seen: List[Dict[str, Any]] = []
    emu.client().bulk("create_engagement_invitation", rows(6), rate=RATE, progress=seen.append)
    assert seen and seen[-1]["done"] == 6 and seen[-1]["total"] == 6 and seen[-1]["remaining"] == 0
    assert set(seen[-1]) >= {"total", "done", "failed", "from_journal", "in_flight", "remaining", "rate",
                             "throughput", "eta_seconds", "throttled", "daily_limit_until"}
    with caplog.at_level(logging.INFO, logger="partnercentral_selling.bulk"):
        emu.client().bulk("create_engagement_invitation", rows(2, start=10), rate=RATE, progress=False)
    assert not [r for r in caplog.records if r.name == "partnercentral_selling.bulk"]
    assert "2/2" not in capsys.readouterr().err


def test_a_list_needs_no_pandas(emu: pcs.Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    results = emu.client().bulk("create_engagement_invitation", tuple(rows(3)), rate=RATE, progress=False)
    assert [r["status"] for r in results] == ["done"] * 3


def test_a_dataframe_with_dotted_columns_and_a_dict_column(emu: pcs.Emulator, tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")
    import numpy

    base = valid_params()
    invitation = base["Invitation"]
    opportunity = invitation["Payload"]["OpportunityInvitation"]
    frame = pandas.DataFrame({
        "Catalog": ["AWS", "AWS", "AWS"],
        "EngagementIdentifier": [base["EngagementIdentifier"]] * 3,
        "Invitation.Message": ["one", "two", "three"],
        "ClientToken": [numpy.nan, None, numpy.nan],  # NaN, None: an absent member (a token is made)
        "Invitation.Receiver": [invitation["Receiver"]] * 3,  # a dict per cell: the whole member
        "Invitation.Payload.OpportunityInvitation.Customer.CompanyName": ["Acme", "Beta", "Gamma"],
        "Invitation.Payload.OpportunityInvitation.Customer.Industry": ["Software and Internet"] * 3,
        "Invitation.Payload.OpportunityInvitation.Customer.WebsiteUrl": ["https://www.example.com"] * 3,
        "Invitation.Payload.OpportunityInvitation.Customer.CountryCode": ["US"] * 3,
        "Invitation.Payload.OpportunityInvitation.SenderContacts[0].Email": ["jane@example.com"] * 3,
        "Invitation.Payload.OpportunityInvitation.ReceiverResponsibilities": [["Distributor"]] * 3,
        "Invitation.Payload.OpportunityInvitation.Project": [opportunity["Project"]] * 3,
    }, index=["a", "b", "c"])
    result = emu.client().bulk("create_engagement_invitation", frame, journal=tmp_path / "run.db",
                               rate=RATE, progress=False)
    assert isinstance(result, pandas.DataFrame)
    assert list(result.index) == ["a", "b", "c"]
    assert list(result["status"]) == ["done"] * 3, result.to_dict("records")
    assert {"Id", "Arn", "error_code", "error_message", "violations", "client_token", "from_journal"} <= set(result.columns)
    assert result["Id"].notna().all() and result["error_code"].isna().all()
    assert stored(emu) == 3

    # An invalid cell is reported with its row number and path before anything is sent.
    frame.loc["b", "Invitation.Payload.OpportunityInvitation.SenderContacts[0].Email"] = "not an email"
    with pytest.raises(pcs.BulkInvalidRowsError) as caught:
        emu.client().bulk("create_engagement_invitation", frame, rate=RATE, progress=False)
    assert "row 2:" in str(caught.value)
    assert "Invitation.Payload.OpportunityInvitation.SenderContacts[0].Email" in str(caught.value)
    assert stored(emu) == 3


def test_a_dataframe_converts_numpy_and_timestamp_cells(emu: pcs.Emulator) -> None:
    pandas = pytest.importorskip("pandas")
    from partnercentral_selling import _bulk
    import numpy

    assert _bulk._cell(numpy.int64(7)) == 7 and type(_bulk._cell(numpy.int64(7))) is int
    assert _bulk._cell(numpy.bool_(True)) is True
    assert _bulk._cell(pandas.NaT) is None and _bulk._cell(pandas.NA) is None and _bulk._cell(numpy.nan) is None
    when = _bulk._cell(pandas.Timestamp("2026-01-02T03:04:05Z"))
    assert isinstance(when, datetime.datetime) and when.year == 2026
    # A list operation's integer member from an int64 column, through the model's typing.
    frame = pandas.DataFrame({"Catalog": ["AWS"], "ParticipantType": ["SENDER"], "MaxResults": numpy.array([5], dtype="int64")})
    result = emu.client().bulk("list_engagement_invitations", frame, rate=RATE, progress=False)
    assert list(result["status"]) == ["done"], result.to_dict("records")


def test_jsonl_and_csv_paths(emu: pcs.Emulator, tmp_path: Path) -> None:
    lines = tmp_path / "rows.jsonl"
    lines.write_text("".join(json.dumps(r) + "\n" for r in rows(3)))
    results = emu.client().bulk("create_engagement_invitation", lines, rate=RATE, progress=False)
    assert [r["status"] for r in results] == ["done"] * 3
    table = tmp_path / "rows.csv"
    table.write_text(
        "Catalog,EngagementIdentifier,Invitation.Message,Invitation.Receiver.Account.AwsAccountId,Invitation.Payload.OpportunityInvitation.Customer.CompanyName,"
        "Invitation.Payload.OpportunityInvitation.Customer.Industry,Invitation.Payload.OpportunityInvitation.Customer.WebsiteUrl,"
        "Invitation.Payload.OpportunityInvitation.Customer.CountryCode,Invitation.Payload.OpportunityInvitation.SenderContacts[0].Email,"
        "Invitation.Payload.OpportunityInvitation.ReceiverResponsibilities,Invitation.Payload.OpportunityInvitation.Project\n"
        + "".join(
            f'AWS,eng-demo00000000a1,Hello {i},444455556666,Company {i},Software and Internet,https://www.example.com,US,jane@example.com,'
            f'"[""Distributor""]","{json.dumps(valid_params()["Invitation"]["Payload"]["OpportunityInvitation"]["Project"]).replace(chr(34), chr(34) * 2)}"\n'
            for i in range(2))
    )
    results = emu.client().bulk("create_engagement_invitation", str(table), rate=RATE, progress=False)
    assert [r["status"] for r in results] == ["done"] * 2, results
    assert stored(emu) == 5
    with table.open("a") as f:
        f.write("AWS,eng-demo00000000a1\n")
    with pytest.raises(pcs.BulkInvalidRowsError, match="row 3: InvalidRow: line 4: 2 cells for 11 columns"):
        emu.client().bulk("create_engagement_invitation", str(table), rate=RATE, progress=False)


def test_async_client_bulk_and_its_cancellation(emu: pcs.Emulator, tmp_path: Path) -> None:
    journal = tmp_path / "run.db"
    n = 30

    async def main() -> List[Dict[str, Any]]:
        client = emu.async_client()
        started = asyncio.Event()

        def counts(c: Dict[str, Any]) -> None:
            if c["done"] >= 3:
                started.set()

        task = asyncio.ensure_future(client.bulk("create_engagement_invitation", rows(n), journal=journal,
                                                 rate=10.0, progress=counts))
        await started.wait()
        # The journal belongs to one run at a time.
        with pytest.raises(pcs.JournalInUseError, match="in use"):
            await client.bulk("create_engagement_invitation", rows(n), journal=journal, rate=RATE, progress=False)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert 3 <= stored(emu) < n

        async def generate() -> Any:  # an async iterable is spooled too
            for row in rows(n):
                yield row

        resumed: List[Dict[str, Any]] = await client.bulk("create_engagement_invitation", generate(),
                                                          journal=journal, rate=RATE, progress=False)
        return resumed

    results = asyncio.run(main())
    assert [r["status"] for r in results] == ["done"] * n
    assert any(r["from_journal"] for r in results)
    assert stored(emu) == n


def test_a_client_pickles_its_settings_never_its_keys(emu: pcs.Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    keys = emu.credentials
    with pytest.raises(TypeError, match="explicit access keys") as caught:
        pickle.dumps(emu.client())
    assert keys["aws_secret_access_key"] not in str(caught.value)
    import copy as copying

    assert copying.deepcopy(emu.client()).meta.endpoint_url == emu.url  # copying still works

    # Credentials from the environment (a worker's role would do the same): pickled without them.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", keys["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", keys["aws_secret_access_key"])
    client = pcs.Client(region_name=keys["region_name"], endpoint_url=emu.url, max_attempts=2, read_timeout=7)
    data = pickle.dumps(client)
    assert keys["aws_secret_access_key"].encode() not in data
    assert keys["aws_access_key_id"].encode() not in data
    copy = pickle.loads(data)
    assert type(copy) is pcs.Client
    assert copy.meta.endpoint_url == client.meta.endpoint_url and copy.meta.region_name == client.meta.region_name
    assert copy._settings == client._settings and copy._settings["max_attempts"] == 2
    results = copy.bulk("create_engagement_invitation", rows(2), rate=RATE, progress=False)
    assert [r["status"] for r in results] == ["done", "done"]
    async_copy = pickle.loads(pickle.dumps(pcs.AsyncClient(region_name=keys["region_name"], endpoint_url=emu.url)))
    assert type(async_copy) is pcs.AsyncClient
