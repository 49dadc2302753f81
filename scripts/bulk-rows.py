#!/usr/bin/env python3
"""Writes N CreateEngagementInvitation rows (JSONL or CSV with dotted columns) for the bulk proof
and benchmark; --invalid K breaks K rows spread through the file (a bad EngagementIdentifier)."""
import argparse, csv, json, sys

p = argparse.ArgumentParser()
p.add_argument("n", type=int)
p.add_argument("out")
p.add_argument("--invalid", type=int, default=0)
a = p.parse_args()

def row(i):
    return {
        "Catalog": "AWS",
        "EngagementIdentifier": "eng-demo00000000a1",
        "Invitation": {
            "Message": f"Bulk invitation {i}: we'd like to co-sell this migration with you.",
            "Receiver": {"Account": {"AwsAccountId": "444455556666"}},
            "Payload": {"OpportunityInvitation": {
                "SenderContacts": [{"Email": "jane.doe@example.com", "FirstName": "Jane", "LastName": "Doe",
                                    "BusinessTitle": "Partner Manager", "Phone": "+14155550100"}],
                "ReceiverResponsibilities": ["Distributor"],
                "Customer": {"Industry": "Financial Services", "CompanyName": f"Example Corp {i}",
                             "WebsiteUrl": "https://www.example.com", "CountryCode": "US"},
                "Project": {"BusinessProblem": "Legacy data warehouse cannot scale to the new reporting load.",
                            "Title": "Data warehouse migration", "TargetCompletionDate": "2027-06-30",
                            "ExpectedCustomerSpend": [{"Amount": "25000.00", "CurrencyCode": "USD",
                                                       "Frequency": "Monthly", "TargetCompany": "AWS"}]},
            }},
        },
    }

step = a.n // a.invalid if a.invalid else 0
bad = {k * step + step // 2 for k in range(a.invalid)} if a.invalid else set()

def flat(prefix, v, out):
    if isinstance(v, dict):
        for k, x in v.items():
            flat(f"{prefix}.{k}" if prefix else k, x, out)
    elif isinstance(v, list) and v and isinstance(v[0], dict):
        for i, x in enumerate(v):
            flat(f"{prefix}[{i}]", x, out)
    else:
        out[prefix] = json.dumps(v) if isinstance(v, list) else v
    return out

with open(a.out, "w", newline="") as f:
    w = None
    for i in range(a.n):
        r = row(i)
        if i in bad:
            r["EngagementIdentifier"] = "not-an-engagement"
        if a.out.endswith(".csv"):
            cells = flat("", r, {})
            if w is None:
                w = csv.DictWriter(f, fieldnames=list(cells))
                w.writeheader()
            w.writerow(cells)
        else:
            f.write(json.dumps(r) + "\n")
print(" ".join(str(b + 1) for b in sorted(bad)), file=sys.stderr)
