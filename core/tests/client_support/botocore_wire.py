"""Test oracle: botocore's JSON-protocol serializer and parser on the vendored model.

Reads JSON on stdin: {"model": path to service-2.json, "requests": [{"operation", "input"}],
"responses": [{"operation", "body"}]} and prints JSON with, per request, the X-Amz-Target and
the body botocore's serializer writes (re-dumped compactly, member order kept), and per response
the output botocore's parser reads (timestamps written back as UTC ISO 8601, as the wire had them).
botocore's own code does the work; only the service model is ours, so any botocore release
serializes the newest operations the same way its newest release would.
"""
import datetime
import json
import sys

from botocore.model import ServiceModel
from botocore.parsers import create_parser
from botocore.serialize import create_serializer


def wire_time(value):
    if isinstance(value, datetime.datetime):
        value = value.astimezone(datetime.timezone.utc)
        text = value.strftime("%Y-%m-%dT%H:%M:%S")
        if value.microsecond:
            text += ".%06d" % value.microsecond
        return text + "Z"
    if isinstance(value, dict):
        return {k: wire_time(v) for k, v in value.items()}
    if isinstance(value, list):
        return [wire_time(v) for v in value]
    return value


def main():
    spec = json.load(sys.stdin)
    with open(spec["model"]) as f:
        model = ServiceModel(json.load(f), service_name="partnercentral-selling")
    serializer = create_serializer("json", include_validation=False)
    parser = create_parser("json")
    requests = []
    for r in spec["requests"]:
        op = model.operation_model(r["operation"])
        out = serializer.serialize_to_request(r["input"], op)
        body = json.loads(out["body"].decode("utf-8")) if out["body"] else {}
        requests.append({
            "target": out["headers"].get("X-Amz-Target"),
            "body": json.dumps(body, separators=(",", ":"), ensure_ascii=False),
        })
    responses = []
    for r in spec["responses"]:
        op = model.operation_model(r["operation"])
        parsed = parser.parse(
            {"status_code": 200, "headers": {}, "body": r["body"].encode("utf-8")},
            op.output_shape,
        )
        parsed.pop("ResponseMetadata", None)
        responses.append(json.dumps(wire_time(parsed), separators=(",", ":"), ensure_ascii=False))
    json.dump({"requests": requests, "responses": responses}, sys.stdout)


main()
