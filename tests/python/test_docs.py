"""Every method carries the model's documentation as plain text, as boto3's `help()` shows it:
the operation's text, then each keyword argument with its type, whether it is required and its
own text, then what comes back. Checked against botocore's reading of the same model."""

from __future__ import annotations

import html
import pydoc
import re
from typing import Any

import pytest

import partnercentral_selling as pcs

boto3 = pytest.importorskip("boto3")


def words(text: str) -> str:
    """Plain words of an HTML or text fragment: tags, backquotes and spacing dropped."""
    text = re.sub(r"</?(code|i|b|em|strong|a)\b[^>]*>", "", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(re.sub(r"[`*]", "", text).split())


@pytest.fixture(scope="module")
def theirs() -> Any:
    return boto3.client("partnercentral-selling", region_name="us-east-1",
                        aws_access_key_id="a", aws_secret_access_key="b")


def test_help_shows_the_models_documentation_for_every_method(theirs: Any) -> None:
    client = pcs.Client(region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
    model = theirs.meta.service_model
    for method, operation in theirs.meta.method_to_api_mapping.items():
        op = model.operation_model(operation)
        for cls in (pcs.Client, pcs.AsyncClient):
            doc = getattr(cls, method).__doc__
            assert doc, f"{cls.__name__}.{method} has no docstring"
            plain = words(doc)
            # The operation's own text, from its start.
            assert words(op.documentation)[:80] in plain, method
            for name, member in op.input_shape.members.items():
                required = name in op.input_shape.required_members and not member.metadata.get("idempotencyToken")
                assert re.search(rf"\b{name} \(\w[\w ]*\)( -- \[REQUIRED\])?", plain), (method, name)
                assert (f"{name} (" in plain) and ((f"-- [REQUIRED]" in plain) or not required)
                if member.documentation:
                    assert words(member.documentation)[:60] in plain, (method, name)
            if op.output_shape is not None:
                for name in op.output_shape.members:
                    assert f"{name} (" in plain, (method, name)
        rendered = pydoc.render_doc(getattr(client, method), renderer=pydoc.plaintext)
        assert method in rendered and words(op.documentation)[:80] in words(rendered)


def test_required_members_are_marked(theirs: Any) -> None:
    doc = pcs.Client.list_engagement_invitations.__doc__ or ""
    assert "Catalog (str) -- [REQUIRED]" in doc
    assert "MaxResults (int)\n" in doc
    assert "ParticipantType (str) -- [REQUIRED]" in doc
    assert "One of: SENDER, RECEIVER." in doc


def test_validate_takes_any_operation_by_either_name() -> None:
    assert pcs.validate({"Catalog": "AWS", "ParticipantType": "SENDER"}, "ListEngagementInvitations") == []
    assert pcs.validate({"Catalog": "AWS", "ParticipantType": "SENDER"}, "list_engagement_invitations") == []
    found = pcs.validate({"Catalog": "AWS", "ParticipantType": "BOTH"}, operation="list_engagement_invitations")
    assert [(v["path"], v["code"]) for v in found] == [("ParticipantType", "INVALID_ENUM_VALUE")]
    # The default is the flagship operation, whose input has an Invitation.
    assert ("Invitation", "REQUIRED_FIELD_MISSING") in [(v["path"], v["code"]) for v in pcs.validate({})]
    with pytest.raises(ValueError, match="unknown operation"):
        pcs.validate({}, "ListEverything")
