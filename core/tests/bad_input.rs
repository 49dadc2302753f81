//! Hostile input: every case gives violations or a clear error; never a panic, a stack overflow
//! or a hang. (No timings: completion is the assertion.)
mod common;

use common::{validate, validate_json_bytes, wire};
use partnercentral_selling::{Error, ViolationCode};
use serde_json::{Value, json};

fn invalid_input(bytes: &[u8]) -> String {
    match validate_json_bytes(bytes) {
        Err(Error::InvalidInput(msg)) => msg,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

/// Drops a deep tree without recursion (serde_json's own Drop recurses).
fn dismantle(v: Value) {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

#[test]
fn deep_nesting_in_bytes_is_a_clear_error() {
    let depth = 100_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(invalid_input(arrays.as_bytes()).contains("nested more than"));
    let objects = format!(
        "{{\"Catalog\":\"AWS\",\"Invitation\":{}1{}}}",
        "{\"a\":".repeat(depth),
        "}".repeat(depth)
    );
    assert!(invalid_input(objects.as_bytes()).contains("nested more than"));
}

#[test]
fn deep_nesting_in_a_tree_is_not_descended() {
    // Built by hand: `json!` would serialize (and so recurse into) the inner value.
    let mut deep = Value::String("bottom".into());
    for _ in 0..100_000 {
        let mut map = serde_json::Map::new();
        map.insert("a".into(), deep);
        deep = Value::Object(map);
    }
    let mut doc = common::opportunity();
    doc["Extra"] = deep;
    let violations = validate(&doc);
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].path, "Extra");
    assert_eq!(violations[0].code, ViolationCode::InvalidValue);
    // The body writer is iterative too.
    assert!(wire::request_body(&doc).len() > 500_000);
    dismantle(doc);
}

#[test]
fn ten_megabyte_strings() {
    let big = "é".repeat(5 * 1024 * 1024); // 10 MiB of UTF-8
    let mut doc = common::opportunity();
    doc["Invitation"]["Message"] = json!(big);
    doc["Invitation"]["Payload"]["OpportunityInvitation"]["SenderContacts"][0]["Email"] =
        json!(format!("{big}@example.com"));
    let v = validate(&doc);
    let paths: Vec<&str> = v.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Invitation.Message",
            "Invitation.Payload.OpportunityInvitation.SenderContacts[0].Email"
        ]
    );
    assert!(
        v[0].message.contains("5242880 characters"),
        "{}",
        v[0].message
    );
    // Through bytes as well, and as an unknown member's key.
    let bytes = serde_json::to_vec(&doc).unwrap();
    assert_eq!(validate_json_bytes(&bytes).unwrap(), v);
    let mut doc = common::lead();
    doc[big.as_str()] = json!(1);
    let v = validate(&doc);
    assert_eq!(v.len(), 1);
    assert!(
        v[0].message.len() < 300,
        "the message quotes a short form of the name"
    );
    // A huge value for an enum: no quadratic near-miss search over the allowed values.
    let mut doc = common::opportunity();
    doc["Invitation"]["Payload"]["OpportunityInvitation"]["Customer"]["CountryCode"] = json!(big);
    assert_eq!(validate(&doc)[0].code, ViolationCode::InvalidEnumValue);
}

#[test]
fn numbers_and_other_types_where_strings_belong() {
    let bytes = br#"{"Catalog": 1, "EngagementIdentifier": 1.5e3, "Invitation": {"Message": false,
        "Receiver": {"Account": {"AwsAccountId": 123456789012}}, "Payload": {"LeadInvitation": []}}}"#;
    let got: Vec<(String, ViolationCode)> = validate_json_bytes(bytes)
        .unwrap()
        .into_iter()
        .map(|v| (v.path, v.code))
        .collect();
    let expected: Vec<(String, ViolationCode)> = [
        "Catalog",
        "EngagementIdentifier",
        "Invitation.Message",
        "Invitation.Receiver.Account.AwsAccountId",
        "Invitation.Payload.LeadInvitation",
    ]
    .iter()
    .map(|p| (p.to_string(), ViolationCode::InvalidValue))
    .collect();
    assert_eq!(got, expected);
}

#[test]
fn nan_infinity_and_huge_numbers_are_not_json() {
    for text in [
        r#"{"Catalog": NaN}"#,
        r#"{"Catalog": Infinity}"#,
        r#"{"Catalog": -Infinity}"#,
        r#"{"Catalog": 1e999}"#,
    ] {
        let msg = invalid_input(text.as_bytes());
        assert!(msg.contains("not valid JSON"), "{text}: {msg}");
    }
}

#[test]
fn duplicate_keys_are_rejected_at_any_level() {
    let msg = invalid_input(br#"{"Catalog": "AWS", "Catalog": "Sandbox"}"#);
    assert!(msg.contains("duplicate key `Catalog`"), "{msg}");
    let msg = invalid_input(
        br#"{"Invitation": {"Receiver": {"Account": {"AwsAccountId": "1", "AwsAccountId": "2"}}}}"#,
    );
    assert!(msg.contains("duplicate key `AwsAccountId`"), "{msg}");
}

#[test]
fn invalid_utf8_and_broken_json() {
    let msg = invalid_input(b"{\"Catalog\": \"AW\xff\"}");
    assert!(
        msg.contains("not valid UTF-8") && msg.contains("offset 15"),
        "{msg}"
    );
    for bad in [
        &b""[..],
        b"   ",
        b"{",
        b"{\"Catalog\": \"AWS\"} trailing",
        b"{\"Catalog\": \"\\ud800\"}",
        b"\xef\xbb\xbf{}",
    ] {
        assert!(
            matches!(validate_json_bytes(bad), Err(Error::InvalidInput(_))),
            "{bad:?}"
        );
    }
}

#[test]
fn backtracking_killers_finish() {
    let mut doc = common::opportunity();
    let opp = &mut doc["Invitation"]["Payload"]["OpportunityInvitation"];
    opp["SenderContacts"][0]["Email"] = json!(format!("a@{}~", "b".repeat(77)));
    opp["Customer"]["WebsiteUrl"] = json!(format!("a{}~", ".a".repeat(120)));
    let codes: Vec<ViolationCode> = validate(&doc).into_iter().map(|v| v.code).collect();
    assert_eq!(codes, [ViolationCode::InvalidStringFormat; 2]);
}
