"""Regenerates expected.json: each case formatted by the AWS CLI's own formatters.

Generated with awscli 1.46.3. Run with the AWS CLI v1 package installed (its text/table/json formatters are the ones CLI v2
ships): python3 -m venv /tmp/aws && /tmp/aws/bin/pip install awscli &&
/tmp/aws/bin/python cli/tests/golden/generate.py
"""
import argparse
import io
import json
import os
from collections import OrderedDict

import jmespath
from awscli.formatter import get_formatter

HERE = os.path.dirname(os.path.abspath(__file__))
os.environ["COLUMNS"] = "80"

with open(os.path.join(HERE, "cases.json")) as f:
    cases = json.load(f, object_pairs_hook=OrderedDict)["cases"]

expected = OrderedDict()
for case in cases:
    outputs = OrderedDict()
    for fmt in ("json", "text", "table"):
        query = jmespath.compile(case["query"]) if "query" in case else None
        args = argparse.Namespace(query=query, color="off", paginate=False)
        out = io.StringIO()
        doc = json.loads(json.dumps(case["doc"]), object_pairs_hook=OrderedDict)
        get_formatter(fmt, args)("CreateEngagementInvitation", doc, out)
        outputs[fmt] = out.getvalue()
    expected[case["name"]] = outputs

with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump(expected, f, indent=2, ensure_ascii=False)
    f.write("\n")
