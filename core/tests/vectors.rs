//! Runs the shared vectors (tests/vectors/*.json, written by `codegen` from the model's
//! constraints) that the Python and Node suites also run, for every operation: the exact
//! violation list (path and code, in order), the same through the bytes entry point, and for
//! valid cases the exact body and a round trip through the operation's typed input. Every
//! operation of the model must have vectors, and every model-valid output must decode into its
//! typed output.
use partnercentral_selling::internals::{
    normalize_timestamps, request_body, roundtrip_input, roundtrip_output,
};
use partnercentral_selling::{OPERATIONS, operation, validate, validate_json_bytes};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

fn cases() -> Vec<(String, Value)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("tests/vectors exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        if let Some(cases) = doc["cases"].as_array() {
            out.extend(cases.iter().map(|c| (file.clone(), c.clone())));
        }
    }
    out
}

fn pairs(list: &Value) -> Vec<(String, String)> {
    list.as_array()
        .expect("violations")
        .iter()
        .map(|v| {
            (
                v["path"].as_str().unwrap().to_owned(),
                v["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn every_vector_gives_its_exact_violations_and_body() {
    let cases = cases();
    assert!(cases.len() >= 3000, "only {} vectors", cases.len());
    let mut failures = Vec::new();
    let mut operations = BTreeSet::new();
    for (file, c) in &cases {
        let name = format!("{file} / {}", c["name"].as_str().unwrap());
        let op = operation(c["operation"].as_str().unwrap()).expect("a model operation");
        operations.insert(op.name);
        let expected = pairs(&c["violations"]);
        let got: Vec<(String, String)> = validate(op, &c["input"])
            .into_iter()
            .map(|v| {
                assert!(!v.message.is_empty(), "{name}: empty message");
                (v.path, v.code.as_str().to_owned())
            })
            .collect();
        if got != expected {
            failures.push(format!("{name}: expected {expected:?}, got {got:?}"));
            continue;
        }
        let bytes = serde_json::to_vec(&c["input"]).unwrap();
        let via_bytes: Vec<(String, String)> = validate_json_bytes(op, &bytes)
            .unwrap()
            .into_iter()
            .map(|v| (v.path, v.code.as_str().to_owned()))
            .collect();
        assert_eq!(via_bytes, got, "{name}: bytes and tree entry points differ");
        if let Some(body) = c["body"].as_str() {
            // What `Client::call` does before writing: timestamps in the form botocore sends.
            let mut input = c["input"].clone();
            normalize_timestamps(op.input, &mut input);
            let sent = String::from_utf8(request_body(&input)).unwrap();
            if sent != body {
                failures.push(format!("{name}: body {sent} is not {body}"));
            }
            let wire: Value = serde_json::from_str(body).unwrap();
            match roundtrip_input(op.name, c["input"].clone()) {
                Ok(back) if back == wire => {}
                Ok(back) => failures.push(format!("{name}: typed input changed it to {back}")),
                Err(e) => failures.push(format!("{name}: typed input refused it: {e}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    let missing: Vec<&str> = OPERATIONS
        .iter()
        .map(|o| o.name)
        .filter(|n| !operations.contains(n))
        .collect();
    assert!(
        missing.is_empty(),
        "operations without vectors: {missing:?}"
    );
}

#[test]
fn every_model_valid_output_decodes_into_its_typed_output() {
    let doc: Value =
        serde_json::from_slice(&std::fs::read(dir().join("outputs.json")).unwrap()).unwrap();
    let outputs = doc["outputs"].as_object().unwrap();
    let with_output = OPERATIONS.iter().filter(|o| o.output.is_some()).count();
    assert_eq!(outputs.len(), with_output);
    for (name, output) in outputs {
        let back = roundtrip_output(name, output.clone()).unwrap_or_else(|e| {
            panic!("{name}: the typed output refused a model-valid answer: {e}")
        });
        assert_eq!(&back, output, "{name}: the typed output changed the answer");
    }
}
