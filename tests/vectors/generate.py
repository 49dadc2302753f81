#!/usr/bin/env python3
"""Writes the shared validation vectors (tests/vectors/*.json) that the Rust, Python and Node
suites all run. Expected violations are written here by hand from the model's constraints (not
computed by the validator under test); expected bodies are the input with null members dropped.

Run from anywhere: python3 tests/vectors/generate.py
"""
import copy
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = json.load(open(os.path.join(HERE, "..", "..", "core", "model", "create-engagement-invitation.model.json")))
SHAPES = MODEL["shapes"]
COUNTRIES = SHAPES["CountryCode"]["enum"]
CURRENCIES = SHAPES["CurrencyCode"]["enum"]
INDUSTRIES = SHAPES["Industry"]["enum"]
RESPONSIBILITIES = SHAPES["ReceiverResponsibility"]["enum"]
SEGMENTS = SHAPES["MarketSegment"]["enum"]
FREQUENCIES = SHAPES["PaymentFrequency"]["enum"]

OPP = "Invitation.Payload.OpportunityInvitation"
LEAD = "Invitation.Payload.LeadInvitation"


def opportunity():
    return {
        "Catalog": "AWS",
        "ClientToken": "3f1c6a52-8a52-4b8e-9a55-0d0c8a1b2c3d",
        "EngagementIdentifier": "eng-demo00000000a1",
        "Invitation": {
            "Message": "We'd like to co-sell this migration with you.",
            "Receiver": {"Account": {"Alias": "Receiver Co", "AwsAccountId": "444455556666"}},
            "Payload": {"OpportunityInvitation": {
                "SenderContacts": [{
                    "Email": "jane.doe@example.com", "FirstName": "Jane", "LastName": "Doe",
                    "BusinessTitle": "Partner Manager", "Phone": "+14155550100",
                }],
                "ReceiverResponsibilities": ["Distributor"],
                "Customer": {
                    "Industry": "Financial Services", "CompanyName": "Example Corp",
                    "WebsiteUrl": "https://www.example.com", "CountryCode": "US",
                },
                "Project": {
                    "BusinessProblem": "Legacy data warehouse cannot scale to the new reporting load.",
                    "Title": "Data warehouse migration",
                    "TargetCompletionDate": "2027-06-30",
                    "ExpectedCustomerSpend": [{
                        "Amount": "25000.00", "CurrencyCode": "USD", "Frequency": "Monthly",
                        "TargetCompany": "AWS",
                        "EstimationUrl": "https://calculator.aws/#/estimate?id=0123456789abcdef0123456789abcdef",
                    }],
                },
            }},
        },
    }


def lead():
    return {
        "Catalog": "Sandbox",
        "EngagementIdentifier": "eng-demo00000000s1",
        "Invitation": {
            "Message": "New lead from the re:Invent booth.",
            "Receiver": {"Account": {"AwsAccountId": "444455556666"}},
            "Payload": {"LeadInvitation": {
                "Customer": {
                    "Industry": "Retail", "CompanyName": "Shop GmbH", "WebsiteUrl": "shop.example.de",
                    "CountryCode": "DE", "AwsMaturity": "Early", "MarketSegment": "Small",
                },
                "Interaction": {
                    "SourceType": "Event", "SourceId": "reinvent-2026", "SourceName": "re:Invent",
                    "Usecase": "Analytics", "ContactBusinessTitle": "CTO",
                },
            }},
        },
    }


def parse_path(path):
    parts = []
    for seg in path.split("."):
        m = re.fullmatch(r"([^\[]*)((?:\[\d+\])*)", seg)
        if m.group(1):
            parts.append(m.group(1))
        parts.extend(int(i) for i in re.findall(r"\[(\d+)\]", m.group(2)))
    return parts


DELETE = object()


def with_(base, changes):
    doc = copy.deepcopy(base)
    for path, value in changes.items():
        if path == "":
            doc = value
            continue
        parts = parse_path(path)
        node = doc
        for p in parts[:-1]:
            node = node[p]
        if value is DELETE:
            del node[parts[-1]]
        else:
            node[parts[-1]] = value
    return doc


def drop_nulls(v):
    if isinstance(v, dict):
        return {k: drop_nulls(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [drop_nulls(x) for x in v]
    return v


FILES = {}


def case(file, name, doc, violations=()):
    c = {"name": name, "input": doc, "violations": [{"path": p, "code": code} for p, code in violations]}
    if not violations:
        c["body"] = drop_nulls(doc)
    FILES.setdefault(file, []).append(c)


def valid(file, name, doc):
    case(file, name, doc)


# ---------------------------------------------------------------- valid requests
valid("valid", "typical opportunity invitation", opportunity())
valid("valid", "typical lead invitation", lead())
valid("valid", "opportunity without a client token (the client fills it)", with_(opportunity(), {"ClientToken": DELETE}))
valid("valid", "null client token means absent", with_(opportunity(), {"ClientToken": None}))
valid("valid", "minimal opportunity: required members only", {
    "Catalog": "AWS", "EngagementIdentifier": "eng-demo00000000a2",
    "Invitation": {"Message": "m", "Receiver": {"Account": {"AwsAccountId": "123456789012"}},
                   "Payload": {"OpportunityInvitation": {
                       "ReceiverResponsibilities": [],
                       "Customer": {"Industry": "Other", "CompanyName": "C", "WebsiteUrl": "a.bc", "CountryCode": "FR"},
                       "Project": {"BusinessProblem": "x" * 20, "Title": "T", "TargetCompletionDate": "2026-12-01",
                                   "ExpectedCustomerSpend": []}}}}})
valid("valid", "minimal lead: required members only", {
    "Catalog": "Sandbox", "EngagementIdentifier": "eng-demo00000000s2",
    "Invitation": {"Message": "m", "Receiver": {"Account": {"AwsAccountId": "444455556666"}},
                   "Payload": {"LeadInvitation": {
                       "Customer": {"CompanyName": "C", "CountryCode": "JP"},
                       "Interaction": {"SourceType": "t", "SourceId": "i", "SourceName": "n", "ContactBusinessTitle": ""}}}}})
valid("valid", "optional members given as null are dropped from the body", with_(opportunity(), {
    "Invitation.Receiver.Account.Alias": None,
    OPP + ".SenderContacts[0].Phone": None,
    OPP + ".Project.ExpectedCustomerSpend[0].Amount": None,
}))
valid("valid", "null sender contact list is absent", with_(opportunity(), {OPP + ".SenderContacts": None}))
valid("valid", "union with the other member null", with_(opportunity(), {"Invitation.Payload.LeadInvitation": None}))
valid("valid", "unknown member given as null is absent", with_(opportunity(), {"Extra": None}))
valid("valid", "accents, CJK and emoji in free text", with_(opportunity(), {
    "Invitation.Message": "Zusammenarbeit für Müller & Söhne — 日本の顧客と協力 🚀🤝",
    OPP + ".Customer.CompanyName": "Société Générale 株式会社 🏦",
    OPP + ".SenderContacts[0].FirstName": "Zoë",
    OPP + ".SenderContacts[0].LastName": "王小明",
    OPP + ".Project.Title": "Migración a la nube ☁️",
    OPP + ".Project.BusinessProblem": "顧客のデータ基盤は拡張できず、レポートが遅い。🙁 Ça ne marche pas.",
}))
valid("valid", "line breaks are fine where the pattern is (?s)", with_(opportunity(), {
    "Invitation.Message": "Line one\nLine two\r\nLine three\u2028end",
}))
valid("valid", "every receiver responsibility", with_(opportunity(), {OPP + ".ReceiverResponsibilities": list(RESPONSIBILITIES)}))
valid("valid", "three sender contacts (the maximum)", with_(opportunity(), {
    OPP + ".SenderContacts": [{"Email": f"c{i}@example.com"} for i in range(3)]}))
valid("valid", "ten expected spends (the maximum)", with_(opportunity(), {
    OPP + ".Project.ExpectedCustomerSpend": [{"CurrencyCode": c, "Frequency": "Monthly", "TargetCompany": "AWS"} for c in CURRENCIES[:10]]}))
valid("valid", "members in a different order keep their order in the body", {
    "Invitation": opportunity()["Invitation"], "EngagementIdentifier": "eng-demo00000000a1", "Catalog": "AWS"})
for mat in ["Early", "x", "y" * 20]:
    valid("valid", f"lead AWS maturity of {len(mat)} characters", with_(lead(), {LEAD + ".Customer.AwsMaturity": mat}))

# ---------------------------------------------------------------- every enum value
for i, country in enumerate(COUNTRIES):
    if i % 2 == 0:
        doc = with_(opportunity(), {
            OPP + ".Customer.CountryCode": country,
            OPP + ".Customer.Industry": INDUSTRIES[i % len(INDUSTRIES)],
            OPP + ".Project.ExpectedCustomerSpend": [
                {"CurrencyCode": CURRENCIES[(i + k) % len(CURRENCIES)], "Frequency": FREQUENCIES[0], "TargetCompany": "AWS"}
                for k in range(2)],
        })
    else:
        doc = with_(lead(), {
            LEAD + ".Customer.CountryCode": country,
            LEAD + ".Customer.Industry": INDUSTRIES[i % len(INDUSTRIES)],
            LEAD + ".Customer.MarketSegment": SEGMENTS[i % len(SEGMENTS)],
        })
    valid("enum-values", f"country {country}", doc)
covered = {c for i in range(0, len(COUNTRIES), 2) for c in (CURRENCIES[i % len(CURRENCIES)], CURRENCIES[(i + 1) % len(CURRENCIES)])}
assert covered == set(CURRENCIES), sorted(set(CURRENCIES) - covered)

# ---------------------------------------------------------------- lengths at and past each bound
# (shape, path in an opportunity or lead request, min, max, base builder)
BOUNDS = [
    ("InvitationMessage", "Invitation.Message", 1, 255, opportunity),
    ("Alias", "Invitation.Receiver.Account.Alias", 0, 80, opportunity),
    ("Name", OPP + ".SenderContacts[0].FirstName", 0, 80, opportunity),
    ("Name", OPP + ".SenderContacts[0].LastName", 0, 80, opportunity),
    ("JobTitle", OPP + ".SenderContacts[0].BusinessTitle", 0, 80, opportunity),
    ("CompanyName", OPP + ".Customer.CompanyName", 1, 120, opportunity),
    ("EngagementCustomerBusinessProblem", OPP + ".Project.BusinessProblem", 20, 2000, opportunity),
    ("ProjectDetailsTitleString", OPP + ".Project.Title", 1, 255, opportunity),
    ("ExpectedCustomerSpendTargetCompanyString", OPP + ".Project.ExpectedCustomerSpend[0].TargetCompany", 1, 80, opportunity),
    ("AwsMaturity", LEAD + ".Customer.AwsMaturity", 1, 20, lead),
    ("LeadSourceType", LEAD + ".Interaction.SourceType", 1, 255, lead),
    ("LeadSourceId", LEAD + ".Interaction.SourceId", 1, 255, lead),
    ("LeadSourceName", LEAD + ".Interaction.SourceName", 1, 255, lead),
    ("EngagementUseCase", LEAD + ".Interaction.Usecase", 1, 255, lead),
    ("JobTitle", LEAD + ".Interaction.ContactBusinessTitle", 0, 80, lead),
    ("CompanyName", LEAD + ".Customer.CompanyName", 1, 120, lead),
]
FILLERS = ["é", "日", "😀", "a", "ß", "中"]
for n, (shape, path, lo, hi, base) in enumerate(BOUNDS):
    fill = FILLERS[n % len(FILLERS)]
    valid("lengths", f"{shape} at its maximum ({hi} code points of {fill!r})", with_(base(), {path: fill * hi}))
    valid("lengths", f"{shape} at its minimum ({lo})", with_(base(), {path: fill * lo}))
    case("lengths", f"{shape} one past its maximum ({hi + 1})", with_(base(), {path: fill * (hi + 1)}),
         [(path, "INVALID_STRING_FORMAT")])
    if lo > 0:
        case("lengths", f"{shape} one below its minimum ({lo - 1})", with_(base(), {path: fill * (lo - 1)}),
             [(path, "INVALID_STRING_FORMAT")])
# Bounded and patterned at once.
valid("lengths", "ClientToken at 255", with_(opportunity(), {"ClientToken": "t" * 255}))
case("lengths", "ClientToken at 256", with_(opportunity(), {"ClientToken": "t" * 256}), [("ClientToken", "INVALID_STRING_FORMAT")])
case("lengths", "ClientToken empty", with_(opportunity(), {"ClientToken": ""}), [("ClientToken", "INVALID_STRING_FORMAT")])
case("lengths", "ClientToken with a line break ('.' without (?s))", with_(opportunity(), {"ClientToken": "a\nb"}), [("ClientToken", "INVALID_STRING_FORMAT")])
case("lengths", "ClientToken with U+2028", with_(opportunity(), {"ClientToken": "a\u2028b"}), [("ClientToken", "INVALID_STRING_FORMAT")])
EMAIL = OPP + ".SenderContacts[0].Email"
valid("lengths", "e-mail at 80", with_(opportunity(), {EMAIL: "a" * 68 + "@example.com"}))
case("lengths", "e-mail at 81", with_(opportunity(), {EMAIL: "a" * 69 + "@example.com"}), [(EMAIL, "INVALID_STRING_FORMAT")])
WEB = OPP + ".Customer.WebsiteUrl"
valid("lengths", "website at 4", with_(opportunity(), {WEB: "a.bc"}))
case("lengths", "website at 3", with_(opportunity(), {WEB: "a.b"}), [(WEB, "INVALID_STRING_FORMAT")])
valid("lengths", "website at 255", with_(opportunity(), {WEB: "https://www." + "w" * 239 + ".com"}))
case("lengths", "website at 256", with_(opportunity(), {WEB: "https://www." + "w" * 240 + ".com"}), [(WEB, "INVALID_STRING_FORMAT")])
PHONE = OPP + ".SenderContacts[0].Phone"
valid("lengths", "phone with 15 digits", with_(opportunity(), {PHONE: "+123456789012345"}))
case("lengths", "phone with 16 digits", with_(opportunity(), {PHONE: "+1234567890123456"}), [(PHONE, "INVALID_STRING_FORMAT")])
valid("lengths", "phone with 2 digits", with_(opportunity(), {PHONE: "+12"}))
case("lengths", "phone with 1 digit", with_(opportunity(), {PHONE: "+1"}), [(PHONE, "INVALID_STRING_FORMAT")])
AMOUNT = OPP + ".Project.ExpectedCustomerSpend[0].Amount"
valid("lengths", "amount with 31 integer digits", with_(opportunity(), {AMOUNT: "9" * 31 + ".99"}))
case("lengths", "amount with 32 integer digits", with_(opportunity(), {AMOUNT: "9" * 32}), [(AMOUNT, "INVALID_STRING_FORMAT")])
EST = OPP + ".Project.ExpectedCustomerSpend[0].EstimationUrl"
valid("lengths", "estimate id of 64 hex digits", with_(opportunity(), {EST: "https://calculator.aws/#/estimate?id=" + "a" * 64}))
case("lengths", "estimate id of 65 hex digits", with_(opportunity(), {EST: "https://calculator.aws/#/estimate?id=" + "a" * 65}), [(EST, "INVALID_STRING_FORMAT")])
valid("lengths", "estimate id of 32 hex digits", with_(opportunity(), {EST: "https://calculator.aws/#/estimate?id=" + "b" * 32}))
case("lengths", "estimate id of 31 hex digits", with_(opportunity(), {EST: "https://calculator.aws/#/estimate?id=" + "b" * 31}), [(EST, "INVALID_STRING_FORMAT")])

# ---------------------------------------------------------------- patterns
ACCT = "Invitation.Receiver.Account.AwsAccountId"
DATE = OPP + ".Project.TargetCompletionDate"
PATTERNS = [
    ("Catalog", "Catalog", ["AWS", "Sandbox", "x"], ["AWS1", "", "AWS Sandbox", "Ünïcode"], opportunity),
    ("EngagementIdentifier", "EngagementIdentifier", ["eng-demo00000000a1", "eng-demo00000000a2"],
     ["eng-DEMO00000000A1", "eng-demo00000000a", "eng-demo00000000a12", "ENG-demo00000000a1", ""], opportunity),
    ("AwsAccount", ACCT, ["123456789012", "abc_123", "A"], ["1234567890123", "abc-1", "", "12345678901é"], opportunity),
    ("Amount", AMOUNT, ["", "0", "1.", "1.5", "0.99", "100"], ["01", "1.234", "-1", ".5", "1,000", "1e3"], opportunity),
    ("Date", DATE, ["2027-02-30", "1000-01-01", "2027-12-31"], ["2027-13-01", "27-01-01", "2027-1-01", "0999-01-01", "2027-01-32", "2027-06-30T00:00:00Z"], opportunity),
    ("PhoneNumber", PHONE, ["+14155550100", "+447911123456"], ["14155550100", "+0123", "+1 415 555 0100", "+１２３"], opportunity),
    ("SenderContactEmail", EMAIL, ["jane@example.com", "a.b+c@sub.example.co", "x@y", "o'brien!#$%&*/=?^_{|}~-@ex-ample.com", "a@b~c"],
     ["jane", "@example.com", "jane@", "a@" + "b" * 77 + "~", "jane doe@example.com", "jané@example.com"], opportunity),
    ("CompanyWebsiteUrl", WEB, ["example.com", "http://example.com", "www.example.com", "example.com/path=1?q", "my-site.co.uk"],
     ["example", "https://", "exa mple.com", "example.com\n"], opportunity),
    ("EstimationUrl", EST, ["https://pricing.calculator.aws.eu/#/estimate?id=" + "0" * 40],
     ["http://calculator.aws/#/estimate?id=" + "a" * 32, "https://calculator.aws/#/estimate?id=" + "A" * 32, "https://calculator.aws/estimate?id=" + "a" * 32], opportunity),
]
for shape, path, goods, bads, base in PATTERNS:
    for g in goods:
        doc = with_(base(), {path: g})
        if path == "Catalog" and g == "Sandbox":
            doc["EngagementIdentifier"] = "eng-demo00000000s1"
        valid("patterns", f"{shape} accepts {g!r}", doc)
    for b in bads:
        case("patterns", f"{shape} rejects {b!r}", with_(base(), {path: b}), [(path, "INVALID_STRING_FORMAT")])

# ---------------------------------------------------------------- required members
REQUIRED = [
    ("", ["Catalog", "EngagementIdentifier", "Invitation"], opportunity),
    ("Invitation", ["Message", "Receiver", "Payload"], opportunity),
    ("Invitation.Receiver.Account", ["AwsAccountId"], opportunity),
    (OPP, ["ReceiverResponsibilities", "Customer", "Project"], opportunity),
    (OPP + ".SenderContacts[0]", ["Email"], opportunity),
    (OPP + ".Customer", ["Industry", "CompanyName", "WebsiteUrl", "CountryCode"], opportunity),
    (OPP + ".Project", ["BusinessProblem", "Title", "TargetCompletionDate", "ExpectedCustomerSpend"], opportunity),
    (OPP + ".Project.ExpectedCustomerSpend[0]", ["CurrencyCode", "Frequency", "TargetCompany"], opportunity),
    (LEAD, ["Customer", "Interaction"], lead),
    (LEAD + ".Customer", ["CompanyName", "CountryCode"], lead),
    (LEAD + ".Interaction", ["SourceType", "SourceId", "SourceName", "ContactBusinessTitle"], lead),
]
for parent, members, base in REQUIRED:
    for m in members:
        path = f"{parent}.{m}" if parent else m
        case("required", f"{path} missing", with_(base(), {path: DELETE}), [(path, "REQUIRED_FIELD_MISSING")])
        case("required", f"{path} null", with_(base(), {path: None}), [(path, "REQUIRED_FIELD_MISSING")])
case("required", "empty request: every top-level required member reported, in model order", {},
     [("Catalog", "REQUIRED_FIELD_MISSING"), ("EngagementIdentifier", "REQUIRED_FIELD_MISSING"), ("Invitation", "REQUIRED_FIELD_MISSING")])
case("required", "empty invitation", with_(opportunity(), {"Invitation": {}}),
     [("Invitation.Message", "REQUIRED_FIELD_MISSING"), ("Invitation.Receiver", "REQUIRED_FIELD_MISSING"), ("Invitation.Payload", "REQUIRED_FIELD_MISSING")])

# ---------------------------------------------------------------- enums
for path, bad, base in [
    (OPP + ".Customer.CountryCode", "us", opportunity), (OPP + ".Customer.CountryCode", "USA", opportunity),
    (OPP + ".Customer.CountryCode", "", opportunity), (LEAD + ".Customer.CountryCode", "XX", lead),
    (OPP + ".Customer.Industry", "Financial services", opportunity), (OPP + ".Customer.Industry", "Banking", opportunity),
    (LEAD + ".Customer.Industry", "retail", lead), (LEAD + ".Customer.MarketSegment", "Tiny", lead),
    (LEAD + ".Customer.MarketSegment", "enterprise", lead),
    (OPP + ".Project.ExpectedCustomerSpend[0].CurrencyCode", "usd", opportunity),
    (OPP + ".Project.ExpectedCustomerSpend[0].CurrencyCode", "US$", opportunity),
    (OPP + ".Project.ExpectedCustomerSpend[0].Frequency", "Weekly", opportunity),
    (OPP + ".Project.ExpectedCustomerSpend[0].Frequency", "monthly", opportunity),
    (OPP + ".ReceiverResponsibilities[0]", "Reseller ", opportunity),
]:
    case("enums", f"{path} = {bad!r}", with_(base(), {path: bad}), [(path, "INVALID_ENUM_VALUE")])
case("enums", "second list element bad, first fine", with_(opportunity(), {OPP + ".ReceiverResponsibilities": ["Reseller", "Co-sell Facilitator"]}),
     [(OPP + ".ReceiverResponsibilities[1]", "INVALID_ENUM_VALUE")])

# ---------------------------------------------------------------- lists
SC = OPP + ".SenderContacts"
SPEND = OPP + ".Project.ExpectedCustomerSpend"
case("lists", "no sender contacts (minimum 1)", with_(opportunity(), {SC: []}), [(SC, "NOT_ENOUGH_VALUES")])
case("lists", "four sender contacts (maximum 3)", with_(opportunity(), {SC: [{"Email": f"c{i}@example.com"} for i in range(4)]}), [(SC, "TOO_MANY_VALUES")])
case("lists", "eleven expected spends (maximum 10)", with_(opportunity(), {SPEND: [{"CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "AWS"}] * 11}), [(SPEND, "TOO_MANY_VALUES")])
case("lists", "too many values and the elements still checked", with_(opportunity(), {SC: [{"Email": "ok@example.com"}, {"Email": "bad"}, {}, {"Email": "ok2@example.com"}]}),
     [(SC, "TOO_MANY_VALUES"), (SC + "[1].Email", "INVALID_STRING_FORMAT"), (SC + "[2].Email", "REQUIRED_FIELD_MISSING")])
case("lists", "null list element", with_(opportunity(), {SC: [None]}), [(SC + "[0]", "INVALID_VALUE")])
case("lists", "null among enum values", with_(opportunity(), {OPP + ".ReceiverResponsibilities": ["Reseller", None]}), [(OPP + ".ReceiverResponsibilities[1]", "INVALID_VALUE")])
case("lists", "a string where a list belongs", with_(opportunity(), {OPP + ".ReceiverResponsibilities": "Distributor"}), [(OPP + ".ReceiverResponsibilities", "INVALID_VALUE")])
case("lists", "an object where a list belongs", with_(opportunity(), {SC: {"Email": "a@b.c"}}), [(SC, "INVALID_VALUE")])
case("lists", "spend element of the wrong type", with_(opportunity(), {SPEND: ["USD"]}), [(SPEND + "[0]", "INVALID_VALUE")])

# ---------------------------------------------------------------- unions
case("unions", "payload with no member", with_(opportunity(), {"Invitation.Payload": {}}), [("Invitation.Payload", "INVALID_VALUE")])
case("unions", "payload with both members", with_(opportunity(), {"Invitation.Payload.LeadInvitation": lead()["Invitation"]["Payload"]["LeadInvitation"]}),
     [("Invitation.Payload", "INVALID_VALUE")])
case("unions", "payload with only null members", with_(opportunity(), {"Invitation.Payload": {"OpportunityInvitation": None, "LeadInvitation": None}}),
     [("Invitation.Payload", "INVALID_VALUE")])
case("unions", "payload with an unknown member", with_(opportunity(), {"Invitation.Payload": {"OpportunityInvite": {}}}), [("Invitation.Payload", "INVALID_VALUE")])
case("unions", "payload with a known and an unknown member is not descended into", with_(opportunity(), {"Invitation.Payload.Extra": 1, OPP + ".Customer": DELETE}),
     [("Invitation.Payload", "INVALID_VALUE")])
case("unions", "receiver with no member", with_(opportunity(), {"Invitation.Receiver": {}}), [("Invitation.Receiver", "INVALID_VALUE")])
case("unions", "receiver with an unknown member", with_(opportunity(), {"Invitation.Receiver": {"account": {"AwsAccountId": "123456789012"}}}), [("Invitation.Receiver", "INVALID_VALUE")])
case("unions", "a list where the payload union belongs", with_(opportunity(), {"Invitation.Payload": []}), [("Invitation.Payload", "INVALID_VALUE")])
case("unions", "the chosen member is validated", with_(lead(), {LEAD + ".Customer.CountryCode": "Germany", LEAD + ".Interaction.SourceId": ""}),
     [(LEAD + ".Customer.CountryCode", "INVALID_ENUM_VALUE"), (LEAD + ".Interaction.SourceId", "INVALID_STRING_FORMAT")])

# ---------------------------------------------------------------- wrong types
for path, value, base in [
    ("Catalog", 123, opportunity), ("Catalog", True, opportunity), ("Catalog", ["AWS"], opportunity),
    ("EngagementIdentifier", {"Id": "eng-demo00000000a1"}, opportunity), ("ClientToken", 42, opportunity),
    ("Invitation", "hello", opportunity), ("Invitation.Message", 3.5, opportunity),
    ("Invitation.Receiver.Account", "123456789012", opportunity), (ACCT, 123456789012, opportunity),
    (OPP + ".Customer.Industry", 7, opportunity), (OPP + ".Customer.CountryCode", ["US"], opportunity),
    (OPP + ".Project", [], opportunity), (DATE, 20270630, opportunity), (AMOUNT, 25000, opportunity),
    (AMOUNT, 25000.5, opportunity), (LEAD + ".Interaction", False, lead),
    (LEAD + ".Customer.MarketSegment", {"Value": "Small"}, lead),
]:
    case("types", f"{path} given {type(value).__name__} {json.dumps(value)}", with_(base(), {path: value}), [(path, "INVALID_VALUE")])
case("types", "request is a list", [], [("", "INVALID_VALUE")])
case("types", "request is a string", "CreateEngagementInvitation", [("", "INVALID_VALUE")])
case("types", "request is null", None, [("", "INVALID_VALUE")])
case("types", "request is a number", 1, [("", "INVALID_VALUE")])

# ---------------------------------------------------------------- unknown members
case("unknown", "misspelled top-level member", with_(opportunity(), {"Catalogue": "AWS", "Catalog": DELETE}),
     [("Catalog", "REQUIRED_FIELD_MISSING"), ("Catalogue", "INVALID_VALUE")])
case("unknown", "wrong case on a member", with_(opportunity(), {"clientToken": "x", "ClientToken": DELETE}), [("clientToken", "INVALID_VALUE")])
case("unknown", "unknown nested member", with_(opportunity(), {OPP + ".SenderContacts[0].Emial": "x@y.z"}), [(OPP + ".SenderContacts[0].Emial", "INVALID_VALUE")])
case("unknown", "unknown member with a nested value is not descended into", with_(lead(), {LEAD + ".Customer.Address": {"Street": None, "City": 5}}),
     [(LEAD + ".Customer.Address", "INVALID_VALUE")])
case("unknown", "several unknown members, in input order, after the model's", with_(opportunity(), {"Zeta": 1, "Alpha": 2, "Invitation.Message": DELETE}),
     [("Invitation.Message", "REQUIRED_FIELD_MISSING"), ("Zeta", "INVALID_VALUE"), ("Alpha", "INVALID_VALUE")])
case("unknown", "a member of another shape", with_(opportunity(), {OPP + ".Customer.MarketSegment": "Small"}), [(OPP + ".Customer.MarketSegment", "INVALID_VALUE")])

# ---------------------------------------------------------------- many at once
case("many", "every kind of violation in one pass", with_(opportunity(), {
    "Catalog": "AWS!", "ClientToken": DELETE, "Bogus": True,
    "Invitation.Message": "",
    "Invitation.Receiver": {},
    OPP + ".SenderContacts": [{"Email": "nope", "Phone": "555"}] * 4,
    OPP + ".ReceiverResponsibilities": ["Seller"],
    OPP + ".Customer.Industry": None,
    OPP + ".Customer.CountryCode": 1,
    OPP + ".Project.ExpectedCustomerSpend[0].Frequency": "Yearly",
}), [
    ("Catalog", "INVALID_STRING_FORMAT"),
    ("Invitation.Message", "INVALID_STRING_FORMAT"),
    ("Invitation.Receiver", "INVALID_VALUE"),
    (SC, "TOO_MANY_VALUES"),
] + [p for i in range(4) for p in [(f"{SC}[{i}].Email", "INVALID_STRING_FORMAT"), (f"{SC}[{i}].Phone", "INVALID_STRING_FORMAT")]] + [
    (OPP + ".ReceiverResponsibilities[0]", "INVALID_ENUM_VALUE"),
    (OPP + ".Customer.Industry", "REQUIRED_FIELD_MISSING"),
    (OPP + ".Customer.CountryCode", "INVALID_VALUE"),
    (SPEND + "[0].Frequency", "INVALID_ENUM_VALUE"),
    ("Bogus", "INVALID_VALUE"),
])

total = 0
for name, cases in FILES.items():
    with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as f:
        json.dump({"cases": cases}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    total += len(cases)
    print(f"{name}.json: {len(cases)} cases")
print(f"total: {total}")
