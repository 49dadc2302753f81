//! The shared vectors (`tests/vectors/*.json`) sent to the emulator: what the client would refuse,
//! the service refuses with the same `ErrorList`, in the same order; what the client accepts, the
//! service stores.
mod common;

use std::path::PathBuf;

use common::*;
use partnercentral_selling_emulator::{Credential, Emulator, EmulatorConfig};
use serde_json::Value;

/// The sender is an account no vector names as the receiver (an account cannot be invited to an
/// engagement it is already a member of), and owns the demo engagements the vectors point at.
const SENDER: (&str, &str, &str) = (
    "AKIAVECTORSENDER0001",
    "vector/sender/secret",
    "999900001111",
);

fn vector_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vectors in {}", dir.display());
    files
}

#[tokio::test]
async fn every_vector_gets_the_services_answer() {
    let mut credentials = vec![Credential::new(SENDER.0, SENDER.1, SENDER.2)];
    credentials.extend(Credential::defaults());
    let emu = Emulator::start(EmulatorConfig {
        credentials,
        ..EmulatorConfig::default()
    })
    .await
    .expect("emulator starts");
    let signing = Signing {
        access_key_id: SENDER.0.to_owned(),
        secret: SENDER.1.to_owned(),
        ..Signing::sender()
    };
    let client = http();
    let mut checked = 0;
    let mut stale = Vec::new();
    for file in vector_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let cases: Value = serde_json::from_str(&text).unwrap();
        for (n, case) in cases["cases"].as_array().unwrap().iter().enumerate() {
            let name = format!("{}#{n} {}", file.display(), case["name"]);
            let mut input = case["input"].clone();
            // The client fills in a missing (or null) token before sending; so does this test.
            if let Some(object) = input.as_object_mut()
                && object.get("ClientToken").is_none_or(Value::is_null)
            {
                object.insert("ClientToken".into(), format!("vector-{n}").into());
            }
            // Vectors reuse tokens with other parameters; each case starts from a clean store.
            emu.reset();
            let body = serde_json::to_vec(&input).unwrap();
            let request = signed_request(emu.url(), CREATE_INVITATION, &body, &signing);
            let reply = send(&client, request).await.unwrap();
            // The client's validation is the authority: the core's, for the current model. A
            // vector file written for an older model may expect otherwise; such cases are
            // counted and named, and the emulator must still answer as the core validates.
            let op = partnercentral_selling::operation("CreateEngagementInvitation").unwrap();
            let core: Vec<Value> = partnercentral_selling::validate(op, &input)
                .iter()
                .map(|v| serde_json::json!({"path": v.path, "code": v.code.as_str()}))
                .collect();
            let filed: Vec<Value> = case["violations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| serde_json::json!({"path": v["path"], "code": v["code"]}))
                .collect();
            if input.is_object() && core != filed {
                stale.push(name.clone());
            }
            let violations = &core;
            if !input.is_object() {
                assert_eq!(reply.error_type(), "SerializationException", "{name}");
            } else if !violations.is_empty() {
                assert_eq!(reply.status, 400, "{name}: {:?}", reply.body);
                assert_eq!(reply.error_type(), "ValidationException", "{name}");
                assert_eq!(reply.body["Reason"], "REQUEST_VALIDATION_FAILED", "{name}");
                let got: Vec<(&Value, &Value)> = reply.body["ErrorList"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| (&e["FieldName"], &e["Code"]))
                    .collect();
                let want: Vec<(&Value, &Value)> = violations
                    .iter()
                    .map(|v| (&v["path"], &v["code"]))
                    .collect();
                assert_eq!(got, want, "{name}");
            } else if matches!(input["Catalog"].as_str(), Some("AWS" | "Sandbox")) {
                assert_eq!(reply.status, 200, "{name}: {:?}", reply.body);
                assert_eq!(emu.stored_invitations().len(), 1, "{name}");
            } else {
                // The model's pattern allows any letters; the service knows two catalogs.
                assert_eq!(reply.error_type(), "ValidationException", "{name}");
                assert_eq!(reply.body["ErrorList"][0]["FieldName"], "Catalog", "{name}");
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} vectors");
    if !stale.is_empty() {
        eprintln!(
            "{} vector(s) expect what the current model no longer says (regenerate tests/vectors): {stale:#?}",
            stale.len()
        );
    }
    emu.stop().await;
}
