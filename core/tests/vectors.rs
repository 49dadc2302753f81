//! Runs the shared vectors (tests/vectors/*.json) that the Python and Node suites also run:
//! the exact violation list (path and code, in order) and, for valid cases, the exact body.
use partnercentral_selling::model::{CreateEngagementInvitationInput, shapes};
use partnercentral_selling::{validate, validate_input, validate_json_bytes, wire};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

struct Case {
    file: String,
    name: String,
    input: Value,
    violations: Vec<(String, String)>,
    body: Option<Value>,
}

fn load() -> Vec<Case> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/vectors exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for c in doc["cases"].as_array().expect("cases") {
            let violations = c["violations"]
                .as_array()
                .expect("violations")
                .iter()
                .map(|v| {
                    (
                        v["path"].as_str().unwrap().to_owned(),
                        v["code"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            cases.push(Case {
                file: file.clone(),
                name: c["name"].as_str().unwrap().to_owned(),
                input: c["input"].clone(),
                violations,
                body: c.get("body").cloned(),
            });
        }
    }
    cases
}

#[test]
fn every_vector_gives_its_exact_violations_and_body() {
    let cases = load();
    assert!(cases.len() >= 150, "only {} vectors", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        let got: Vec<(String, String)> = validate(&c.input)
            .into_iter()
            .map(|v| {
                assert!(!v.message.is_empty());
                (v.path, v.code.as_str().to_owned())
            })
            .collect();
        if got != c.violations {
            failures.push(format!(
                "{} / {}: expected {:?}, got {:?}",
                c.file, c.name, c.violations, got
            ));
        }
        // The bytes entry point agrees with the tree entry point.
        let bytes = serde_json::to_vec(&c.input).unwrap();
        let via_bytes: Vec<(String, String)> = validate_json_bytes(&bytes)
            .unwrap()
            .into_iter()
            .map(|v| (v.path, v.code.as_str().to_owned()))
            .collect();
        assert_eq!(via_bytes, got, "{} / {}", c.file, c.name);
        match &c.body {
            Some(body) => {
                assert!(
                    c.violations.is_empty(),
                    "{}: a body on an invalid case",
                    c.name
                );
                let expected = serde_json::to_vec(body).unwrap();
                let actual = wire::request_body(&c.input);
                if actual != expected {
                    failures.push(format!(
                        "{} / {}: body\n  expected {}\n  got      {}",
                        c.file,
                        c.name,
                        String::from_utf8_lossy(&expected),
                        String::from_utf8_lossy(&actual)
                    ));
                }
                typed_agrees(c);
            }
            None => assert!(
                !c.violations.is_empty(),
                "{}: valid case without a body",
                c.name
            ),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// A valid case read into the typed model validates clean and serializes to the same members.
fn typed_agrees(c: &Case) {
    let typed: CreateEngagementInvitationInput = serde_json::from_value(c.input.clone())
        .unwrap_or_else(|e| panic!("{} / {}: typed read failed: {e}", c.file, c.name));
    assert_eq!(validate_input(&typed), vec![], "{} / {}", c.file, c.name);
    let typed_body: Value = serde_json::from_slice(&wire::typed_request_body(&typed)).unwrap();
    assert_eq!(
        Some(&typed_body),
        c.body.as_ref(),
        "{} / {}",
        c.file,
        c.name
    );
}

fn strings(v: &Value, out: &mut BTreeSet<String>) {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => {
                out.insert(s.clone());
            }
            Value::Array(a) => stack.extend(a),
            Value::Object(m) => stack.extend(m.values()),
            _ => {}
        }
    }
}

#[test]
fn valid_vectors_use_every_enum_value_of_the_request() {
    let mut seen = BTreeSet::new();
    for c in load().iter().filter(|c| c.body.is_some()) {
        strings(&c.input, &mut seen);
    }
    let input_enums = [
        "CountryCode",
        "CurrencyCode",
        "Industry",
        "ReceiverResponsibility",
        "PaymentFrequency",
        "MarketSegment",
    ];
    for name in input_enums {
        let shape = shapes::by_name(name).unwrap();
        for v in shape.enum_values {
            assert!(seen.contains(*v), "no valid vector uses {name} value {v:?}");
        }
    }
}

#[test]
fn valid_vectors_use_the_demo_engagements() {
    let demo = [
        ("eng-demo00000000a1", "AWS"),
        ("eng-demo00000000a2", "AWS"),
        ("eng-demo00000000s1", "Sandbox"),
        ("eng-demo00000000s2", "Sandbox"),
    ];
    for c in load().iter().filter(|c| c.body.is_some()) {
        let id = c.input["EngagementIdentifier"].as_str();
        let catalog = c.input["Catalog"].as_str();
        let known = demo
            .iter()
            .any(|(i, cat)| Some(*i) == id && Some(*cat) == catalog);
        // The catalog-pattern vectors try other catalog names on purpose.
        let catalog_case = c.name.starts_with("Catalog accepts");
        assert!(
            known || catalog_case,
            "{}: {id:?} in {catalog:?} is not a demo engagement",
            c.name
        );
    }
}
