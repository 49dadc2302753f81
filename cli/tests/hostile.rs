//! Hostile input through the command line: every case ends in exit 252 with a clear message
//! naming the option, never a panic, a hang or a request sent (the endpoint below has no server,
//! so anything sent would end in 255).
mod common;
use common::{pcs, sample_with};
use serde_json::{Value, json};

const CMD: &str = "create-engagement-invitation";
const NOWHERE: &str = "http://127.0.0.1:9";

/// Runs `pcs` with `--<option> file://<file holding bytes>` and the test credentials.
fn run_with_file(option: &str, name: &str, bytes: &[u8], extra: &[&str]) -> common::Run {
    let p = pcs().test_credentials();
    let path = p.home.path().join(name);
    std::fs::write(&path, bytes).expect("write input");
    p.args([CMD, "--endpoint-url", NOWHERE])
        .args([format!("--{option}"), format!("file://{}", path.display())])
        .args(extra)
        .run()
}

#[track_caller]
fn refused(run: common::Run, needle: &str) {
    let run = run.expect_code(252);
    run.stderr_has(needle);
    assert!(
        !run.stderr.contains("panicked"),
        "a panic reached the user:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.len() < 16_384,
        "the error repeats the input ({} bytes)",
        run.stderr.len()
    );
}

#[test]
fn invalid_utf8_in_an_input_file_is_refused() {
    let mut bytes = br#"{"Catalog": "AWS"#.to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, b'"', b'}']);
    refused(
        run_with_file("cli-input-json", "bad.json", &bytes, &[]),
        "cli-input-json",
    );
    refused(
        run_with_file("cli-input-yaml", "bad.yaml", &bytes, &[]),
        "cli-input-yaml",
    );
}

#[test]
fn deep_nesting_is_refused_without_a_stack_overflow() {
    let depth = 100_000;
    let json = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    refused(
        run_with_file("cli-input-json", "deep.json", json.as_bytes(), &[]),
        "cli-input-json",
    );
    let yaml = format!("Catalog: {}{}", "[".repeat(depth), "]".repeat(depth));
    refused(
        run_with_file("cli-input-yaml", "deep.yaml", yaml.as_bytes(), &[]),
        "cli-input-yaml",
    );
    let invitation = format!("{}{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    let sample = sample_with(&[]);
    let engagement = sample["EngagementIdentifier"].as_str().unwrap();
    let run = run_with_file(
        "invitation",
        "deep-invitation.json",
        invitation.as_bytes(),
        &["--catalog", "AWS", "--engagement-identifier", engagement],
    );
    refused(run, "--invitation");
}

#[test]
fn nan_and_infinity_are_refused() {
    for text in [r#"{"Catalog": NaN}"#, r#"{"Catalog": Infinity}"#] {
        refused(
            run_with_file("cli-input-json", "nan.json", text.as_bytes(), &[]),
            "cli-input-json",
        );
    }
    // YAML has NaN and infinity literals; JSON cannot carry them, so they never reach the wire.
    for text in ["Catalog: .nan\n", "Catalog: .inf\n"] {
        refused(
            run_with_file("cli-input-yaml", "nan.yaml", text.as_bytes(), &[]),
            "Catalog",
        );
    }
}

#[test]
fn keys_that_are_not_strings_are_refused() {
    refused(
        run_with_file(
            "cli-input-yaml",
            "keys.yaml",
            b"1: AWS\n? [a, b]\n: c\n",
            &[],
        ),
        "cli-input-yaml",
    );
}

#[test]
fn wrong_types_everywhere_are_violations_at_their_paths() {
    let mut sample = sample_with(&[]);
    sample["Catalog"] = json!(7);
    sample["EngagementIdentifier"] = json!(["eng"]);
    sample["Invitation"]["Message"] = json!({"text": "hi"});
    sample["Invitation"]["Receiver"] = json!("444455556666");
    let run = run_with_file(
        "cli-input-json",
        "types.json",
        sample.to_string().as_bytes(),
        &[],
    )
    .expect_code(252);
    for path in [
        "Catalog",
        "EngagementIdentifier",
        "Invitation.Message",
        "Invitation.Receiver",
    ] {
        run.stderr_has(path);
    }
}

#[test]
fn a_huge_string_is_a_violation_that_does_not_repeat_it() {
    let mut sample: Value = sample_with(&[]);
    let huge = "é".repeat(5_000_000);
    sample["Invitation"]["Message"] = Value::String(huge);
    let run = run_with_file(
        "cli-input-json",
        "huge.json",
        sample.to_string().as_bytes(),
        &[],
    );
    refused(run, "Invitation.Message");
}
