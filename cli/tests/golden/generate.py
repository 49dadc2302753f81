"""Regenerates the goldens of `pcs` against the AWS CLI v1 itself.

1. expected.json: each case of cases.json formatted by the AWS CLI's own formatters.
2. aws-cli.json: the real `aws partnercentral-selling <op>` (awscli from PyPI, which pins its own
   botocore) run against a capture server, for every operation it knows:
   - `requests`: for every valid input of tests/vectors/valid.json, the X-Amz-Target and body it
     sent (`ClientToken` masked when the input had none: botocore draws a fresh UUID);
   - `outputs`: stdout of `--output json|text|table` for the model-valid answer of
     tests/vectors/outputs.json (paginated operations answer a first page with a `NextToken` and a
     second without, and are also run with `--max-items 1`).
   cli/tests/parity.rs runs `pcs` the same way against its own capture server and compares.

Run with the AWS CLI v1 in its own virtual environment (installing it next to boto3 would
downgrade botocore):

    python3 -m venv /tmp/awscli-venv && /tmp/awscli-venv/bin/pip install awscli
    /tmp/awscli-venv/bin/python cli/tests/golden/generate.py
"""
import argparse
import concurrent.futures
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import awscli
import jmespath
from awscli.formatter import get_formatter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
AWS = os.path.join(os.path.dirname(sys.executable), "aws")
os.environ["COLUMNS"] = "80"


def formatter_goldens():
    with open(os.path.join(HERE, "cases.json")) as f:
        doc = json.load(f, object_pairs_hook=OrderedDict)
    cases, title = doc["cases"], doc["title"]
    expected = OrderedDict()
    for case in cases:
        outputs = OrderedDict()
        for fmt in ("json", "text", "table"):
            query = jmespath.compile(case["query"]) if "query" in case else None
            args = argparse.Namespace(query=query, color="off", paginate=False)
            out = io.StringIO()
            doc = json.loads(json.dumps(case["doc"]), object_pairs_hook=OrderedDict)
            get_formatter(fmt, args)(title, doc, out)
            outputs[fmt] = out.getvalue()
        expected[case["name"]] = outputs
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=2, ensure_ascii=False)
        f.write("\n")


def load(path):
    with open(os.path.join(ROOT, path)) as f:
        return json.load(f, object_pairs_hook=OrderedDict)


OUTPUTS = load("tests/vectors/outputs.json")["outputs"]


ANSWERS = {}


def answer(target, body, path):
    """The capture server's answer (the same rule as cli/tests/parity.rs): the operation's
    model-valid output (for output runs, pruned to what the AWS CLI's older model knows, and
    recorded with the run); a paginated operation's first page carries its NextToken, a request
    that sends a NextToken gets the last page."""
    op = target.split(".", 1)[1]
    out = ANSWERS.get(path.rstrip("/"), OUTPUTS.get(op, {}))
    out = json.loads(json.dumps(out), object_pairs_hook=OrderedDict)
    if "NextToken" in out and "NextToken" in json.loads(body or "{}"):
        del out["NextToken"]
    return json.dumps(out).encode()


class Capture(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log = {}
    lock = threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        target = self.headers.get("X-Amz-Target", "")
        key = self.headers.get("User-Agent", "")
        with Capture.lock:
            Capture.log.setdefault(self.path.rstrip("/"), []).append((target, body))
        data = answer(target, body, self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def main():
    formatter_goldens()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Capture)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    home = tempfile.mkdtemp()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": home,
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
        "COLUMNS": "80",
    }
    from awscli.botocore.session import get_session  # the botocore the AWS CLI pins

    known = set(get_session().get_service_model("partnercentral-selling").operation_names)
    cases = [c for c in load("tests/vectors/valid.json")["cases"] if c["operation"] in known]

    def kebab(name):
        s = re.sub("(.)([A-Z][a-z]+)", r"\1-\2", name)
        return re.sub("([a-z0-9])([A-Z])", r"\1-\2", s).lower()

    def run(tag, args):
        # Each run gets its own path so the captures of parallel runs stay apart.
        url = f"http://127.0.0.1:{port}/{tag}"
        p = subprocess.run(
            [AWS, "partnercentral-selling", *args, "--endpoint-url", url],
            env=env, capture_output=True, text=True,
        )
        return p, Capture.log.get("/" + tag, [])

    jobs = []
    # Options on the command line rather than a document: shorthand, lists of several values,
    # a JSON list, numbers, the operation's own paging option (which turns paging off).
    for i, args in enumerate(OPTION_CASES):
        case = OrderedDict(name=f"options {i}: {args[0]}", operation=None, input={})
        jobs.append(("request", f"options-{i}", case, list(args)))
    for i, case in enumerate(cases):
        args = [kebab(case["operation"]), "--cli-input-json", json.dumps(case["input"])]
        jobs.append(("request", i, case, args + ["--no-paginate"]))
    for op in sorted(known):
        model_op = get_session().get_service_model("partnercentral-selling").operation_model(op)
        case = next(c for c in cases if c["operation"] == op)
        base = [kebab(op), "--cli-input-json", json.dumps(required_only(case["input"], model_op))]
        variants = [[]]
        if get_session().get_paginator_model("partnercentral-selling")._paginator_config.get(op):
            variants.append(["--max-items", "1"])
        for extra in variants:
            for fmt in ("json", "text", "table"):
                jobs.append(("output", op, None, base + extra + ["--output", fmt]))

    model = get_session().get_service_model("partnercentral-selling")

    def work(job):
        kind, key, case, args = job
        tag = f"{kind}-{abs(hash((kind, str(key), tuple(args))))}"
        if kind == "output":
            op_model = model.operation_model(key)
            ANSWERS["/" + tag] = (
                prune(OUTPUTS.get(key, {}), op_model.output_shape) if op_model.output_shape else {}
            )
        p, log = run(tag, args)
        return kind, key, case, args, p, log

    requests, outputs = [], []
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        for kind, key, case, args, p, log in pool.map(work, jobs):
            if kind == "request":
                entry = OrderedDict(name=case["name"], operation=case["operation"] or (
                    log[0][0].split(".", 1)[1] if log else None), args=args)
                if p.returncode != 0:
                    entry["aws_refused"] = p.stderr.strip().splitlines()[-1]
                else:
                    masked = []
                    given = dict(case["input"])
                    if "--cli-input-json" in args:
                        given = json.loads(args[args.index("--cli-input-json") + 1])
                    if "--client-token" in args:
                        given["ClientToken"] = "given"
                    for target, body in log:
                        doc = json.loads(body, object_pairs_hook=OrderedDict)
                        if "ClientToken" in doc and "ClientToken" not in given:
                            doc["ClientToken"] = "<generated>"
                        masked.append([target, json.dumps(doc, separators=(",", ":"), ensure_ascii=False)])
                    entry["requests"] = masked
                requests.append(entry)
            else:
                entry = OrderedDict(operation=key, args=args, answer=ANSWERS["/" + log_tag(key, args)],
                                    code=p.returncode, stdout=p.stdout)
                if p.returncode != 0:
                    entry["stderr"] = p.stderr
                outputs.append(entry)
    server.shutdown()
    golden = OrderedDict(
        generated_with=f"awscli {awscli.__version__}",
        operations=sorted(known),
        requests=requests,
        outputs=outputs,
    )
    with open(os.path.join(HERE, "aws-cli.json"), "w") as f:
        json.dump(golden, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(known)} operations, {len(requests)} request cases "
          f"({sum('aws_refused' in r for r in requests)} refused by the AWS CLI's botocore), "
          f"{len(outputs)} output runs")


INVITATION = (
    "Message=We would like you to co-sell with us.,"
    "Receiver={Account={Alias=Example Reseller,AwsAccountId=444455556666}},"
    "Payload={OpportunityInvitation={Customer={CompanyName=Example Corp,CountryCode=US,"
    "Industry=Software and Internet,WebsiteUrl=https://www.example.com},"
    "Project={BusinessProblem=Move the nightly batch warehouse to a managed analytics platform.,"
    "ExpectedCustomerSpend=[{Amount=12000.00,CurrencyCode=USD,Frequency=Monthly,"
    "TargetCompany=Example Reseller}],TargetCompletionDate=2027-06-30,"
    "Title=Data platform migration},ReceiverResponsibilities=[Reseller,Distributor],"
    "SenderContacts=[{Email=pdm@example.com,FirstName=Marisol,LastName=Quintanilha,"
    "Phone=+15555550100}]}}"
)

OPTION_CASES = [
    ["list-engagement-invitations", "--catalog", "Sandbox", "--participant-type", "SENDER",
     "--status", "PENDING", "ACCEPTED", "--sort", "SortOrder=ASCENDING,SortBy=InvitationDate",
     "--max-results", "5", "--payload-type", "OpportunityInvitation"],
    ["list-engagement-invitations", "--catalog", "AWS", "--participant-type", "RECEIVER",
     "--status", '["EXPIRED"]', "--engagement-identifier", "eng-abcdefghij1234",
     "--sender-aws-account-id", "444455556666", "--no-paginate"],
    ["create-engagement-invitation", "--catalog", "Sandbox", "--engagement-identifier",
     "eng-demo00000000s1", "--client-token", "tok-1", "--invitation", INVITATION],
    ["create-engagement-invitation", "--cli-input-json",
     '{"Catalog": "AWS", "EngagementIdentifier": "eng-abcdefghij1234", "Invitation": {}}',
     "--catalog", "Sandbox", "--engagement-identifier", "eng-demo00000000s1", "--invitation",
     INVITATION],
]


def log_tag(key, args):
    return f"output-{abs(hash(('output', str(key), tuple(args))))}"


def prune(value, shape):
    """`value` with only the members `shape` (the AWS CLI's botocore model) knows."""
    if shape.type_name == "structure" and isinstance(value, dict):
        return OrderedDict(
            (k, prune(v, shape.members[k])) for k, v in value.items() if k in shape.members
        )
    if shape.type_name == "list" and isinstance(value, list):
        return [prune(v, shape.member) for v in value]
    if shape.type_name == "map" and isinstance(value, dict):
        return OrderedDict((k, prune(v, shape.value)) for k, v in value.items())
    return value


def required_only(value, op_model):
    """The input the output runs send: only what the operation requires (the answer does not
    depend on it)."""
    shape = op_model.input_shape
    return OrderedDict((k, v) for k, v in value.items() if k in shape.required_members)


if __name__ == "__main__":
    main()
