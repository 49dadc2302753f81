"""Test oracle: botocore's SigV4 for a request the Rust client sent.

Reads JSON on stdin: {"url", "body", "headers": {name: value}, "amz_date", "access_key",
"secret_key", "token", "region", "params"} and prints JSON with
- "authorization": botocore's Authorization header for that request at that time, signing the
  headers botocore's JSON-protocol client would have at signing time (content-type, x-amz-target,
  host, x-amz-date, x-amz-security-token), and
- "client_signed_headers": the SignedHeaders of a request made by a real botocore client for the
  same call (captured before it is sent), so the header set itself is checked, not assumed.
"""
import datetime
import json
import sys
from unittest import mock

import botocore.auth
import botocore.session
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


class Captured(Exception):
    pass


def main():
    spec = json.load(sys.stdin)
    creds = Credentials(spec["access_key"], spec["secret_key"], spec.get("token"))
    when = datetime.datetime.strptime(spec["amz_date"], "%Y%m%dT%H%M%SZ")

    request = AWSRequest(
        method="POST",
        url=spec["url"],
        data=spec["body"].encode("utf-8"),
        headers={
            "Content-Type": spec["headers"]["content-type"],
            "X-Amz-Target": spec["headers"]["x-amz-target"],
        },
    )
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
        botocore.auth.SigV4Auth(creds, "partnercentral-selling", spec["region"]).add_auth(request)

    session = botocore.session.get_session()
    client = session.create_client(
        "partnercentral-selling",
        region_name=spec["region"],
        endpoint_url=spec["url"],
        aws_access_key_id=spec["access_key"],
        aws_secret_access_key=spec["secret_key"],
        aws_session_token=spec.get("token"),
    )
    seen = {}

    def capture(request, **kwargs):
        value = request.headers["Authorization"]
        seen["authorization"] = value.decode() if isinstance(value, bytes) else value
        raise Captured()

    client.meta.events.register("before-send", capture)
    try:
        client.create_engagement_invitation(**spec["params"])
    except Captured:
        pass
    signed = seen["authorization"].split("SignedHeaders=")[1].split(",")[0]
    print(json.dumps({"authorization": request.headers["Authorization"], "client_signed_headers": signed}))


if __name__ == "__main__":
    main()
