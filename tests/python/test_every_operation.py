"""Every operation of the model, against boto3 (the oracle) through one capture server on
loopback: the same X-Amz-Target and JSON body for the same input, the same parsed output
(types included: datetime) for the same answer, the same error class and `response` for the
same error answer. The inputs and answers are model-valid samples codegen writes from the model
(`parity_cases.json`); nothing here names an operation.
"""

from __future__ import annotations

import copy
import datetime
import http.server
import json
import threading
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

import partnercentral_selling as pcs

boto3 = pytest.importorskip("boto3")
from botocore.config import Config as BotoConfig  # noqa: E402
import botocore.exceptions  # noqa: E402

CASES: Dict[str, Any] = json.loads((Path(__file__).parent / "parity_cases.json").read_text())["cases"]
CREDENTIALS = {"aws_access_key_id": "AKIDPARITYEXAMPLE", "aws_secret_access_key": "parity-secret"}


class Capture:
    """A loopback HTTP server that records each request and answers what it was told to."""

    def __init__(self) -> None:
        self.requests: List[Tuple[Dict[str, str], bytes]] = []
        self.answer: Tuple[int, bytes] = (200, b"{}")
        capture = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # One write per answer, sent at once: headers and body in separate small writes meet
            # the client's delayed ACK and cost about 40 ms each.
            wbufsize = 1 << 16
            disable_nagle_algorithm = True

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                capture.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status, payload = capture.answer
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.0")
                self.send_header("x-amzn-RequestId", "parity-request-id")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def exchange(self, call: Any, status: int, answer: Any) -> Tuple[Dict[str, str], Any, Any]:
        """Runs `call()` with the server answering `answer`: (request headers, request body as
        JSON, the call's result or the exception it raised)."""
        self.answer = (status, json.dumps(answer).encode())
        self.requests.clear()
        try:
            outcome: Any = call()
        except Exception as error:  # noqa: BLE001 - compared by the caller
            outcome = error
        assert len(self.requests) == 1, f"{len(self.requests)} requests sent"
        headers, body = self.requests[0]
        return headers, json.loads(body or b"{}"), outcome


@pytest.fixture(scope="module")
def capture() -> Iterator[Capture]:
    server = Capture()
    yield server
    server.server.shutdown()


@pytest.fixture(scope="module")
def clients(capture: Capture) -> Tuple[pcs.Client, Any]:
    ours = pcs.Client(region_name="us-east-1", endpoint_url=capture.url, max_attempts=1, **CREDENTIALS)
    theirs = boto3.client(
        "partnercentral-selling",
        region_name="us-east-1",
        endpoint_url=capture.url,
        config=BotoConfig(retries={"total_max_attempts": 1}),
        **CREDENTIALS,
    )
    return ours, theirs


def without_metadata(result: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in result.items() if k != "ResponseMetadata"}


def typed(value: Any) -> Any:
    """The value with each leaf's type beside it, so that 1 == 1.0 or a str for a datetime differ."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    if isinstance(value, datetime.datetime):
        return ("datetime", value.utcoffset(), value)
    return (type(value).__name__, value)


def with_datetimes(params: Dict[str, Any], pointers: List[str]) -> Dict[str, Any]:
    """The input with a `datetime` (aware and naive alternately) at each timestamp member."""
    params = copy.deepcopy(params)
    for n, pointer in enumerate(pointers):
        *parents, last = pointer.strip("/").split("/")
        node: Any = params
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        aware = datetime.datetime(2024, 5, 1, 14, 30, 45, 250000, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
        naive = datetime.datetime(2024, 5, 1, 12, 30, 45, 250000)
        value = aware if n % 2 == 0 else naive
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return params


def method_name(theirs: Any, operation: str) -> str:
    """boto3's method name for an operation (botocore's own mapping, not ours)."""
    names = {v: k for k, v in theirs.meta.method_to_api_mapping.items()}
    return names[operation]


OPERATIONS = sorted(CASES)


def test_the_samples_cover_every_operation_boto3_has(clients: Tuple[pcs.Client, Any]) -> None:
    _, theirs = clients
    assert sorted(theirs.meta.service_model.operation_names) == OPERATIONS


def test_every_operation_and_paginator_of_the_model_is_on_both_clients(clients: Tuple[pcs.Client, Any]) -> None:
    import inspect

    _, theirs = clients
    missing = []
    for operation in OPERATIONS:
        name = method_name(theirs, operation)
        if not callable(getattr(pcs.Client, name, None)):
            missing.append(f"Client.{name}")
        if not inspect.iscoroutinefunction(getattr(pcs.AsyncClient, name, None)):
            missing.append(f"AsyncClient.{name}")
        if theirs.can_paginate(name) != clients[0].can_paginate(name):
            missing.append(f"paginator {name}")
        if name not in dir(clients[0]):
            missing.append(f"dir(client) lacks {name}")
    assert missing == []
    for code in theirs.meta.service_model.error_shapes:
        assert getattr(clients[0].exceptions, code.name) is getattr(pcs, code.name)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_same_request_and_parsed_answer_as_boto3(
    operation: str, capture: Capture, clients: Tuple[pcs.Client, Any]
) -> None:
    ours, theirs = clients
    case = CASES[operation]
    name = method_name(theirs, operation)
    assert pcs.validate(case["input"], operation) == []
    inputs = [case["input"]]
    if case["input_timestamps"]:
        inputs.append(with_datetimes(case["input"], case["input_timestamps"]))
    for params in inputs:
        our_headers, our_body, our_out = capture.exchange(lambda: getattr(ours, name)(**params), 200, case["output"])
        their_headers, their_body, their_out = capture.exchange(
            lambda: getattr(theirs, name)(**copy.deepcopy(params)), 200, case["output"]
        )
        assert our_headers["x-amz-target"] == their_headers["x-amz-target"]
        assert our_headers["content-type"] == their_headers["content-type"]
        assert our_body == their_body
        assert not isinstance(our_out, Exception), our_out
        assert typed(without_metadata(our_out)) == typed(without_metadata(their_out))
        assert our_out["ResponseMetadata"]["RequestId"] == their_out["ResponseMetadata"]["RequestId"]
        assert our_out["ResponseMetadata"]["HTTPStatusCode"] == 200


@pytest.mark.parametrize("operation", OPERATIONS)
def test_same_error_class_and_response_as_boto3(
    operation: str, capture: Capture, clients: Tuple[pcs.Client, Any]
) -> None:
    ours, theirs = clients
    case = CASES[operation]
    name = method_name(theirs, operation)
    for error in case["errors"]:
        status = 500 if error["code"] == "InternalServerException" else 400
        _, _, our_err = capture.exchange(lambda: getattr(ours, name)(**case["input"]), status, error["body"])
        _, _, their_err = capture.exchange(lambda: getattr(theirs, name)(**case["input"]), status, error["body"])
        assert isinstance(their_err, botocore.exceptions.ClientError), their_err
        assert type(their_err).__name__ == error["code"]
        # The same class name, ours, catchable as boto3's is.
        assert isinstance(our_err, getattr(pcs, error["code"])), our_err
        assert isinstance(our_err, getattr(ours.exceptions, error["code"]))
        assert isinstance(our_err, botocore.exceptions.ClientError)
        assert our_err.operation_name == their_err.operation_name == operation
        assert our_err.response["Error"] == their_err.response["Error"]
        assert typed(without_metadata(our_err.response)) == typed(without_metadata(their_err.response))
        # botocore adds " (reached max retries: 0)" when it would have retried a code but had
        # no attempt left; ours says it only after retries happened.
        assert str(our_err) == str(their_err).replace(" (reached max retries: 0)", "")


def test_a_paginated_operation_pages_as_boto3_does(capture: Capture, clients: Tuple[pcs.Client, Any]) -> None:
    """Page size through the limit key, the token of one page in the next request, and
    `build_full_result` with `NextToken` when MaxItems stops inside a page: the same requests
    and the same merged result as boto3's paginator."""
    ours, theirs = clients
    operation = next(op for op in OPERATIONS if ours.can_paginate(method_name(theirs, op)))
    name = method_name(theirs, operation)
    case = CASES[operation]
    results = []
    for client in (ours, theirs):
        capture.requests.clear()
        capture.answer = (200, json.dumps(case["output"]).encode())
        paginator = client.get_paginator(name)
        params = {k: v for k, v in case["input"].items() if k not in ("NextToken", "MaxResults")}
        full = paginator.paginate(**params, PaginationConfig={"MaxItems": 1, "PageSize": 5}).build_full_result()
        results.append((typed(full), [json.loads(body) for _, body in capture.requests]))
    assert results[0] == results[1]
    assert "NextToken" in full


def test_our_resume_token_resumes_boto3_and_back(capture: Capture, clients: Tuple[pcs.Client, Any]) -> None:
    """Both paginators read each other's StartingToken (botocore's encoding)."""
    ours, theirs = clients
    operation = next(op for op in OPERATIONS if ours.can_paginate(method_name(theirs, op)))
    name = method_name(theirs, operation)
    params = {k: v for k, v in CASES[operation]["input"].items() if k not in ("NextToken", "MaxResults")}
    page = copy.deepcopy(CASES[operation]["output"])
    result_key = next(k for k, v in page.items() if isinstance(v, list))
    page[result_key] = page[result_key] * 3
    page["NextToken"] = "service-token-1"
    capture.answer = (200, json.dumps(page).encode())
    tokens = []
    for client in (ours, theirs):
        full = client.get_paginator(name).paginate(**params, PaginationConfig={"MaxItems": 2}).build_full_result()
        tokens.append(full["NextToken"])
    assert tokens[0] == tokens[1]
    for client in (ours, theirs):
        capture.requests.clear()
        pages = list(client.get_paginator(name).paginate(**params, PaginationConfig={"StartingToken": tokens[0], "MaxItems": 1}))
        assert json.loads(capture.requests[0][1]).get("NextToken") is None
        assert len(pages[0][result_key]) == 1


def test_async_client_sends_and_parses_every_operation_as_the_sync_one(
    capture: Capture, clients: Tuple[pcs.Client, Any]
) -> None:
    import asyncio

    ours, theirs = clients

    async def main() -> None:
        client = pcs.AsyncClient(region_name="us-east-1", endpoint_url=capture.url, max_attempts=1, **CREDENTIALS)
        for operation in OPERATIONS:
            case = CASES[operation]
            name = method_name(theirs, operation)
            capture.answer = (200, json.dumps(case["output"]).encode())
            capture.requests.clear()
            out = await getattr(client, name)(**case["input"])
            async_request = capture.requests[0]
            capture.requests.clear()
            expected = getattr(ours, name)(**case["input"])
            sync_request = capture.requests[0]
            assert async_request[0]["x-amz-target"] == sync_request[0]["x-amz-target"]
            assert json.loads(async_request[1] or b"{}") == json.loads(sync_request[1] or b"{}")
            assert typed(without_metadata(out)) == typed(without_metadata(expected))

    asyncio.run(main())


OUTPUTS: Dict[str, Any] = json.loads((Path(__file__).parents[1] / "vectors" / "outputs.json").read_text())["outputs"]


@pytest.mark.parametrize("operation", sorted(OUTPUTS))
def test_shared_vector_outputs_parse_as_boto3_parses_them(
    operation: str, capture: Capture, clients: Tuple[pcs.Client, Any]
) -> None:
    """The shared vectors' model-valid output of each operation (every member set): the same
    parsed dict, types included, as boto3's."""
    ours, theirs = clients
    name = method_name(theirs, operation)
    params = CASES[operation]["input"]
    _, _, our_out = capture.exchange(lambda: getattr(ours, name)(**params), 200, OUTPUTS[operation])
    _, _, their_out = capture.exchange(lambda: getattr(theirs, name)(**params), 200, OUTPUTS[operation])
    assert not isinstance(our_out, Exception), our_out
    assert typed(without_metadata(our_out)) == typed(without_metadata(their_out))
