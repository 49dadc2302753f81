//! Hostile input through the Rust front end, and the fuzz corpus as regression tests. Pure code
//! only (no sockets, no clock, no files at run time), so `scripts/miri.sh` runs this file under
//! Miri as well; there the sizes in the shared table are scaled down to keep the run in minutes.

#[path = "../../fuzz/src/response_text.rs"]
mod response_text;

mod common;

use common::{validate, validate_json_bytes, wire};
use partnercentral_selling::ViolationCode;
use response_text::split_response;
use serde_json::{Map, Value};

const TABLE: &str = include_str!("../../tests/hardening/hostile-values.json");

/// Sizes from the table, cut down under Miri (which runs about a thousand times slower).
fn scaled(n: u64) -> usize {
    let n = usize::try_from(n).expect("a size that fits in usize");
    if cfg!(miri) { n.min(40) } else { n }
}

/// The value a Rust caller could build for a table entry; `None` for values that only exist in
/// another language (NaN, a circular dict, a JavaScript Symbol, ...).
fn build(spec: &Value) -> Option<Value> {
    let spec = spec.as_object().expect("build is an object");
    if let Some(v) = spec.get("json") {
        return Some(v.clone());
    }
    if let Some(Value::String(digits)) = spec.get("bigint") {
        return Some(serde_json::from_str(digits).expect("digits parse as a JSON number"));
    }
    let count = || scaled(spec["count"].as_u64().expect("count"));
    if let Some(Value::String(unit)) = spec.get("repeat_string") {
        return Some(Value::String(unit.repeat(count())));
    }
    if let Some(item) = spec.get("repeat_list") {
        return Some(Value::Array(vec![item.clone(); count()]));
    }
    if let Some(depth) = spec.get("nested_list").and_then(Value::as_u64) {
        let mut value = Value::String("x".into());
        for _ in 0..scaled(depth) {
            value = Value::Array(vec![value]);
        }
        return Some(value);
    }
    if let Some(depth) = spec.get("nested_object").and_then(Value::as_u64) {
        let key = spec["key"].as_str().expect("key");
        let mut value = Value::String("x".into());
        for _ in 0..scaled(depth) {
            value = Value::Object(Map::from_iter([(key.to_owned(), value)]));
        }
        return Some(value);
    }
    if let Some(n) = spec.get("wide_object").and_then(Value::as_u64) {
        return Some(Value::Object(
            (0..scaled(n))
                .map(|i| (format!("Unknown{i}"), Value::from(i)))
                .collect(),
        ));
    }
    if let Some(key) = spec.get("huge_key") {
        let key = key["repeat_string"]
            .as_str()
            .expect("unit")
            .repeat(scaled(key["count"].as_u64().expect("count")));
        return Some(Value::Object(Map::from_iter([(key, Value::from(1))])));
    }
    if let Some(Value::Array(units)) = spec.get("utf16") {
        // A Rust String cannot hold a lone surrogate; a binding can only hand over U+FFFD.
        let units: Vec<u16> = units
            .iter()
            .map(|u| u16::try_from(u.as_u64().expect("unit")).expect("a UTF-16 unit"))
            .collect();
        return Some(Value::String(String::from_utf16_lossy(&units)));
    }
    None
}

enum Step<'a> {
    Member(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for segment in path.split('.') {
        let (name, indexes) = segment.split_once('[').unwrap_or((segment, ""));
        steps.push(Step::Member(name));
        for index in indexes.split('[') {
            if let Some(index) = index.strip_suffix(']') {
                steps.push(Step::Index(index.parse().expect("an index")));
            }
        }
    }
    steps
}

fn slot<'a>(tree: &'a mut Value, path: &str) -> &'a mut Value {
    steps(path).into_iter().fold(tree, |node, step| match step {
        Step::Member(name) => &mut node[name],
        Step::Index(index) => &mut node[index],
    })
}

/// Takes a tree apart without recursion: a 100,000-deep value would overflow the stack in
/// `Value`'s own (recursive) `Drop`.
fn dismantle(value: Value) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(members) => stack.extend(members.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
        Value::Bool(_) | Value::Number(_) => "scalar",
    }
}

fn at_or_under(path: &str, position: &str) -> bool {
    path == position
        || path.starts_with(&format!("{position}."))
        || path.starts_with(&format!("{position}["))
}

#[test]
fn every_hostile_value_at_every_position_gets_violations_at_that_position() {
    let table: Value = serde_json::from_str(TABLE).expect("the hostile table is JSON");
    let mut checked = 0;
    for entry in table["values"].as_array().expect("values") {
        let name = entry["name"].as_str().expect("name");
        if entry.get("front_ends").is_some() {
            continue;
        }
        for position in table["positions"].as_array().expect("positions") {
            let Some(hostile) = build(&entry["build"]) else {
                continue;
            };
            let path = position["path"].as_str().expect("path");
            let expected_type = position["type"].as_str().expect("type");
            let required = position["required"].as_bool().expect("required");
            let union_member = position["union_member"].as_bool().expect("union_member");
            let kind = type_of(&hostile);
            let mut tree = table["base"].clone();
            *slot(&mut tree, path) = hostile;

            let violations = validate(&tree);
            let case = format!("{name} ({kind}) at {path}");
            for violation in &violations {
                assert!(!violation.message.is_empty(), "{case}: empty message");
                assert!(
                    violation.message.len() < 2_000,
                    "{case}: a message of {} bytes echoes the input",
                    violation.message.len()
                );
            }
            match kind {
                "null" if !required => assert!(
                    violations.is_empty(),
                    "{case}: null for an optional member means absent, got {violations:?}"
                ),
                "null" => {
                    let at = if union_member {
                        path.rsplit_once('.').map_or("", |(parent, _)| parent)
                    } else {
                        path
                    };
                    assert!(
                        violations.iter().any(|v| v.path == at),
                        "{case}: no violation at {at:?}: {violations:?}"
                    );
                }
                _ if kind != expected_type => assert!(
                    violations
                        .iter()
                        .any(|v| v.path == path && v.code == ViolationCode::InvalidValue),
                    "{case}: a {kind} at a {expected_type} must be INVALID_VALUE there: {:?}",
                    &violations[..violations.len().min(5)]
                ),
                _ => assert!(
                    violations.iter().all(|v| at_or_under(&v.path, path)),
                    "{case}: violations outside the position: {:?}",
                    &violations[..violations.len().min(5)]
                ),
            }
            dismantle(tree);
            checked += 1;
        }
    }
    assert!(
        checked > 500,
        "only {checked} cases ran: the table did not load as expected"
    );
}

/// Regression (found by the hostile table): an invalid enum value was compared by edit distance
/// with every allowed value to suggest one, in time proportional to its length times the number
/// of values (a 400,000-character `CountryCode` took 30 s in a debug build). A megabyte of
/// garbage must be refused as fast as any other wrong value. The bound is a hang detector, two
/// orders of magnitude above the fixed cost even on a loaded debug build, not a speed test.
#[test]
fn an_oversized_enum_value_is_refused_without_a_hang() {
    use std::sync::mpsc;
    use std::time::Duration;

    let mut tree: Value = serde_json::from_str::<Value>(TABLE).expect("table")["base"].clone();
    let customer = &mut tree["Invitation"]["Payload"]["OpportunityInvitation"]["Customer"];
    customer["CountryCode"] = Value::String("Q".repeat(scaled(1_000_000)));
    customer["Industry"] = Value::String("q".repeat(scaled(1_000_000)));
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(validate(&tree));
    });
    let bound = if cfg!(miri) {
        Duration::from_secs(3_600)
    } else {
        Duration::from_secs(20)
    };
    let violations = finished.recv_timeout(bound).expect(
        "validating two 1 MB enum values took over 20 s: the suggestion search is not bounded",
    );
    assert_eq!(violations.len(), 2, "{violations:?}");
    assert!(
        violations
            .iter()
            .all(|v| v.code == ViolationCode::InvalidEnumValue)
    );
    assert!(
        violations.iter().all(|v| v.message.len() < 2_000),
        "a message echoes the value"
    );
}

#[test]
fn bytes_that_are_not_a_request_are_refused_clearly() {
    let deep_open = "[".repeat(scaled(100_000));
    let cases: [(&str, &[u8]); 6] = [
        ("invalid UTF-8", b"{\"Catalog\":\"\xff\xfe\"}"),
        ("a lone surrogate escape", br#"{"Catalog":"\ud800"}"#),
        ("truncated", br#"{"Catalog":"AW"#),
        ("NaN literal", br#"{"Catalog":NaN}"#),
        ("deep nesting", deep_open.as_bytes()),
        ("two documents", br#"{"Catalog":"AWS"} {"Catalog":"AWS"}"#),
    ];
    for (what, bytes) in cases {
        match validate_json_bytes(bytes) {
            Err(error) => {
                let text = error.to_string();
                assert!(!text.is_empty() && text.len() < 2_000, "{what}: {text:?}");
            }
            Ok(violations) => panic!("{what}: read as a request with {violations:?}"),
        }
    }
}

/// The committed seed corpus of the response parser, run as ordinary tests: each one is read
/// as `fuzz/fuzz_targets/parse_response.rs` reads it and checked against the same properties.
#[test]
fn response_parser_holds_on_the_fuzz_corpus() {
    let corpus: [&[u8]; 8] = [
        include_bytes!("../../fuzz/corpus/parse_response/ok"),
        include_bytes!("../../fuzz/corpus/parse_response/validation"),
        include_bytes!("../../fuzz/corpus/parse_response/header-throttle"),
        include_bytes!("../../fuzz/corpus/parse_response/code-member"),
        include_bytes!("../../fuzz/corpus/parse_response/html-503"),
        include_bytes!("../../fuzz/corpus/parse_response/wrong-types"),
        include_bytes!("../../fuzz/corpus/parse_response/ok-wrong-types"),
        include_bytes!("../../fuzz/corpus/parse_response/bad-utf8"),
    ];
    for input in corpus {
        let (status, headers, body) = split_response(input);
        let _ = wire::parse_output(body);
        let error = wire::parse_error(status, &headers, body);
        assert!(!error.code.contains([':', '#']), "{:?}", error.code);
    }
    let (status, headers, body) = split_response(corpus[2]);
    assert_eq!(
        wire::parse_error(status, &headers, body).code,
        "ThrottlingException",
        "a header-only throttle keeps its code (botocore reports `400`)"
    );
    let (status, headers, body) = split_response(corpus[1]);
    let validation = wire::parse_error(status, &headers, body);
    assert_eq!(validation.code, "ValidationException");
    assert_eq!(validation.error_list.len(), 1);
    let (id, arn) = wire::parse_output(split_response(corpus[0]).2).expect("the success body");
    assert_eq!(id, "engi-0123456789abc");
    assert!(arn.ends_with("/engagement-invitation/engi-0123456789abc"));
}
