//! The shared vectors (`tests/vectors/*.json`, every operation) sent to the emulator: what the
//! client would refuse, the service refuses with the same `ErrorList`, in the same order; what the
//! client accepts is never a request-validation failure.
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
    let mut operations = std::collections::BTreeSet::new();
    for file in vector_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let cases: Value = serde_json::from_str(&text).unwrap();
        let Some(cases) = cases["cases"].as_array() else {
            continue; // outputs.json
        };
        for (n, case) in cases.iter().enumerate() {
            let name = format!("{}#{n} {}", file.display(), case["name"]);
            let op =
                partnercentral_selling::operation(case["operation"].as_str().unwrap()).unwrap();
            operations.insert(op.name);
            let mut input = case["input"].clone();
            // The client fills in a missing (or null) token before sending; so does this test.
            if let (Some(token), Some(object)) = (op.idempotency_token, input.as_object_mut())
                && object.get(token).is_none_or(Value::is_null)
            {
                object.insert(token.into(), format!("vector-{n}").into());
            }
            // The vectors' synthetic catalog satisfies the model's pattern; the service knows two.
            if input.get("Catalog").and_then(Value::as_str) == Some("a") {
                input["Catalog"] = "Sandbox".into();
            }
            let body = serde_json::to_vec(&input).unwrap();
            let request = signed_request(emu.url(), op.target, &body, &signing);
            let reply = send(&client, request).await.unwrap();
            let want: Vec<(&Value, &Value)> = case["violations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| (&v["path"], &v["code"]))
                .collect();
            if want.is_empty() {
                // Model-valid: the emulator carries it out, or refuses it by the service's own
                // rules (these identifiers are synthetic) with one of the service's modelled
                // errors; never a server failure or an error the model does not have.
                assert!(reply.status < 500, "{name}: {:?}", reply.body);
                if reply.status != 200 {
                    let error = partnercentral_selling::model::shapes::by_name(reply.error_type());
                    assert!(
                        error.is_some_and(|s| s.exception),
                        "{name}: {} is not an error of the service",
                        reply.error_type()
                    );
                }
            } else {
                assert_eq!(reply.status, 400, "{name}: {:?}", reply.body);
                assert_eq!(reply.error_type(), "ValidationException", "{name}");
                assert_eq!(reply.body["Reason"], "REQUEST_VALIDATION_FAILED", "{name}");
                let got: Vec<(&Value, &Value)> = reply.body["ErrorList"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| (&e["FieldName"], &e["Code"]))
                    .collect();
                assert_eq!(got, want, "{name}");
            }
            checked += 1;
        }
    }
    assert!(checked > 3000, "only {checked} vectors");
    assert_eq!(operations.len(), partnercentral_selling::OPERATIONS.len());
    emu.stop().await;
}
