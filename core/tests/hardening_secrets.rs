//! Secrets through the Rust front end: with every `tracing` event of every crate captured at
//! TRACE, successful, failing (validation, service, signature) and retried calls are made, and
//! everything logged, displayed or debug-printed is searched for the secret key, the session
//! token, the signatures seen on the wire and every sensitive member's value
//! (tests/hardening/secrets.json).

#[path = "hardening_support/log_capture.rs"]
mod log_capture;
#[path = "hardening_support/recording_proxy.rs"]
mod recording_proxy;

mod common;
use common::InviteExt;
use std::fmt::Write as _;

use partnercentral_selling::{Client, Credentials, Error};
use partnercentral_selling_emulator::{Emulator, EmulatorConfig, FaultKind, Faults};
use recording_proxy::RecordingProxy;
use serde_json::Value;

fn secrets() -> Value {
    serde_json::from_str(include_str!("../../tests/hardening/secrets.json"))
        .expect("secrets.json is JSON")
}

async fn client(endpoint: &str, secret_access_key: &str, secrets: &Value) -> Client {
    let credentials = &secrets["credentials"];
    Client::builder()
        .env_vars(Vec::<(String, String)>::new())
        .region("us-east-1")
        .endpoint_url(endpoint)
        .credentials(Credentials::new(
            credentials["access_key_id"].as_str().expect("akid"),
            secret_access_key,
            Some(
                credentials["session_token"]
                    .as_str()
                    .expect("token")
                    .to_owned(),
            ),
        ))
        .max_attempts(3)
        .retry_backoff_scale(0.01)
        .build()
        .await
        .expect("client")
}

/// Display, Debug and the whole `source()` chain of an error.
fn describe_error(error: &Error, out: &mut String) {
    let _ = write!(out, "\n{error}\n{error:?}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let _ = write!(out, "\n{cause}\n{cause:?}");
        source = cause.source();
    }
}

// A current-thread runtime: the captured subscriber is this thread's default, and every task of
// the client (connections included) runs here, so no event escapes the capture.
#[tokio::test]
async fn nothing_printed_logged_or_raised_holds_a_secret() {
    let secrets = secrets();
    let (log, _guard) = log_capture::capture();
    let emulator = Emulator::start(EmulatorConfig::default())
        .await
        .expect("emulator");
    let proxy = RecordingProxy::start(emulator.addr()).await;
    let secret_key = secrets["credentials"]["secret_access_key"]
        .as_str()
        .expect("secret");
    let good = client(&proxy.url, secret_key, &secrets).await;
    let mut printed = format!("{good:?}\n{:?}", good.config());

    // Success.
    let output = good
        .create_engagement_invitation_value(secrets["request"].clone())
        .await
        .expect("the sensitive request is valid");
    let _ = write!(printed, "\n{output:?}");

    // Retried, then successful: a 500 and a throttle first.
    emulator
        .set_faults(Faults {
            next: vec![FaultKind::Error, FaultKind::Throttle],
            ..Faults::default()
        })
        .expect("faults");
    let retried = good
        .create_engagement_invitation_value(secrets["request"].clone())
        .await
        .expect("third attempt succeeds");
    assert_eq!(retried.metadata.attempts, 3);
    let _ = write!(printed, "\n{retried:?}");

    // Retried until it fails: store-then-fail on every attempt.
    emulator
        .set_faults(Faults::next_requests(FaultKind::StoreThenFail, 3))
        .expect("faults");
    let failed = good
        .create_engagement_invitation_value(secrets["request"].clone())
        .await
        .expect_err("every attempt fails");
    describe_error(&failed, &mut printed);

    // Client-side validation of sensitive values that break their patterns.
    let invalid = good
        .create_engagement_invitation_value(secrets["invalid_request"].clone())
        .await
        .expect_err("the invalid request is refused before sending");
    assert!(!invalid.violations().is_empty());
    describe_error(&invalid, &mut printed);

    // The service refusing: an engagement it does not know.
    let mut unknown = secrets["request"].clone();
    unknown["EngagementIdentifier"] = Value::from("eng-zzzzzzzzzzzzzz");
    let not_found = good
        .create_engagement_invitation_value(unknown)
        .await
        .expect_err("unknown engagement");
    assert_eq!(not_found.code(), Some("ResourceNotFoundException"));
    describe_error(&not_found, &mut printed);

    // A wrong secret key: the server's signature error must not bring either key back.
    let wrong_key = secrets["wrong_secret_access_key"]
        .as_str()
        .expect("wrong key");
    let bad = client(&proxy.url, wrong_key, &secrets).await;
    let _ = write!(printed, "\n{bad:?}");
    let refused = bad
        .create_engagement_invitation_value(secrets["request"].clone())
        .await
        .expect_err("the signature cannot verify");
    assert_eq!(refused.code(), Some("InvalidSignatureException"));
    describe_error(&refused, &mut printed);

    let signatures = proxy.signatures();
    assert!(
        signatures.len() >= 8,
        "the relay saw {} signed requests",
        signatures.len()
    );
    let log = log.text();
    assert!(
        log.contains("DEBUG") || log.contains("TRACE"),
        "debug logging was not captured"
    );
    let haystacks = [("the log", &log), ("what the test printed", &printed)];

    let mut needles: Vec<String> = secrets["needles"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(secrets["quoted_needles"].as_array().into_iter().flatten())
        .map(|n| n.as_str().expect("needle").to_owned())
        .collect();
    needles.push(secret_key.to_owned());
    needles.push(wrong_key.to_owned());
    needles.push(
        secrets["credentials"]["session_token"]
            .as_str()
            .expect("token")
            .to_owned(),
    );
    needles.extend(signatures.into_iter().filter(|s| s.len() == 64));
    let mut leaks = Vec::new();
    for (where_, text) in haystacks {
        for needle in &needles {
            if let Some(at) = text.find(needle.as_str()) {
                let start = text.floor_char_boundary(at.saturating_sub(80));
                let end = text.ceil_char_boundary((at + needle.len() + 80).min(text.len()));
                leaks.push(format!("{needle:?} in {where_}: …{}…", &text[start..end]));
            }
        }
    }
    assert!(leaks.is_empty(), "secrets leaked:\n{}", leaks.join("\n"));
}
