//! SigV4 against botocore as an oracle: the Authorization header the client sends must equal
//! botocore's for the same request and time, byte for byte, and sign the same headers as a real
//! botocore client. Needs `python3` with botocore importable (scripts/test-rust.sh installs it).
mod client_support;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, UNIX_EPOCH};

use client_support::*;
use partnercentral_selling::Credentials;
use serde_json::{Value, json};

fn botocore(spec: Value) -> Value {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/client_support/botocore_sign.py"
    );
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(spec.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "botocore oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

async fn compare(token: Option<&str>) {
    let server = ScriptServer::start(vec![ok()]).await;
    let client = builder(&server.url)
        .credentials(Credentials::new(AKID, SECRET, token.map(str::to_string)))
        .build()
        .await
        .unwrap();
    let mut input = valid_input();
    input["ClientToken"] = "3f1a6c1e-8b1f-4a47-9a53-0f6f2a1b9c11".into();
    client
        .create_engagement_invitation_value(input.clone())
        .await
        .unwrap();
    let sent = server.recorded().pop().unwrap();
    let oracle = botocore(json!({
        "url": format!("{}/", server.url),
        "body": String::from_utf8(sent.body.clone()).unwrap(),
        "headers": {
            "content-type": sent.header("content-type"),
            "x-amz-target": sent.header("x-amz-target"),
        },
        "amz_date": sent.header("x-amz-date"),
        "access_key": AKID,
        "secret_key": SECRET,
        "token": token,
        "region": "us-east-1",
        "params": input,
    }));
    assert_eq!(
        sent.header("authorization").unwrap(),
        oracle["authorization"].as_str().unwrap(),
        "the client's signature differs from botocore's"
    );
    let ours = sent
        .header("authorization")
        .unwrap()
        .split("SignedHeaders=")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(ours, oracle["client_signed_headers"].as_str().unwrap());
}

#[tokio::test]
async fn authorization_equals_botocores() {
    compare(None).await;
}

#[tokio::test]
async fn authorization_with_a_session_token_equals_botocores() {
    compare(Some("FwoGZXIvYXdzEXAMPLETOKEN//+=")).await;
}

#[test]
fn the_signing_function_at_a_pinned_time_equals_botocore() {
    let time = UNIX_EPOCH + Duration::from_secs(1_767_323_045); // 2026-01-02T03:04:05Z
    let body = br#"{"Catalog":"Sandbox","ClientToken":"t"}"#;
    let url = "https://partnercentral-selling.us-east-1.api.aws/";
    let creds = aws_credential_types_from(AKID, SECRET);
    let headers = partnercentral_selling::internals::sign(
        url,
        &[
            ("content-type", "application/x-amz-json-1.0"),
            ("host", "partnercentral-selling.us-east-1.api.aws"),
            (
                "x-amz-target",
                "AWSPartnerCentralSelling.CreateEngagementInvitation",
            ),
        ],
        body,
        &creds,
        "us-east-1",
        time,
    )
    .unwrap();
    let get = |name: &str| {
        headers
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, v, _)| v.clone())
            .unwrap()
    };
    assert_eq!(get("x-amz-date"), "20260102T030405Z");
    let oracle = botocore(json!({
        "url": url,
        "body": std::str::from_utf8(body).unwrap(),
        "headers": {
            "content-type": "application/x-amz-json-1.0",
            "x-amz-target": "AWSPartnerCentralSelling.CreateEngagementInvitation",
        },
        "amz_date": "20260102T030405Z",
        "access_key": AKID,
        "secret_key": SECRET,
        "token": null,
        "region": "us-east-1",
        "params": valid_input(),
    }));
    assert_eq!(
        get("authorization"),
        oracle["authorization"].as_str().unwrap()
    );
    // The signature is a secret-derived value: marked sensitive for the transport's Debug.
    assert!(headers.iter().any(|(n, _, s)| *n == "authorization" && *s));
}

fn aws_credential_types_from(akid: &str, secret: &str) -> aws_credential_types::Credentials {
    aws_credential_types::Credentials::new(akid, secret, None, None, "test")
}
