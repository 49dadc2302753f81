//! SigV4 verification: every genuine signing style passes, every failure answers as AWS does.
mod common;

use std::time::{Duration, SystemTime};

use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn invitation_bytes(token: &str) -> Vec<u8> {
    serde_json::to_vec(&invitation(token)).unwrap()
}

#[tokio::test]
async fn botocore_style_four_signed_headers_pass() {
    let emu = emulator().await;
    let reply = call_as_sender(&emu, CREATE_INVITATION, &invitation("t-4")).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    emu.stop().await;
}

#[tokio::test]
async fn rust_sdk_style_six_signed_headers_pass() {
    let emu = emulator().await;
    let body = invitation_bytes("t-6");
    let signing = Signing {
        extra_headers: vec![
            ("content-length".into(), body.len().to_string()),
            (
                "x-amz-user-agent".into(),
                "aws-sdk-rust/1.0 os/linux lang/rust".into(),
            ),
        ],
        ..Signing::sender()
    };
    let request = signed_request(emu.url(), CREATE_INVITATION, &body, &signing);
    let signed = request.headers()["authorization"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(signed.contains("SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-target;x-amz-user-agent"), "{signed}");
    let reply = send(&http(), request).await.unwrap();
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    emu.stop().await;
}

#[tokio::test]
async fn js_sdk_style_nine_signed_headers_with_content_sha256_pass() {
    let emu = emulator().await;
    let body = invitation_bytes("t-9");
    let signing = Signing {
        extra_headers: vec![
            (
                "amz-sdk-invocation-id".into(),
                "0b2c7c4e-6b7f-4bb6-9a43-3c9c1f0a7d11".into(),
            ),
            ("amz-sdk-request".into(), "attempt=1; max=3".into()),
            ("content-length".into(), body.len().to_string()),
            ("x-amz-user-agent".into(), "aws-sdk-js/3.0.0".into()),
        ],
        content_sha256: true,
        ..Signing::sender()
    };
    let request = signed_request(emu.url(), CREATE_INVITATION, &body, &signing);
    let signed = request.headers()["authorization"]
        .to_str()
        .unwrap()
        .to_owned();
    let listed = signed
        .split("SignedHeaders=")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    assert_eq!(listed.split(';').count(), 9, "{listed}");
    assert!(listed.contains("x-amz-content-sha256"));
    let reply = send(&http(), request).await.unwrap();
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    emu.stop().await;
}

#[tokio::test]
async fn session_token_is_accepted() {
    let emu = emulator().await;
    let signing = Signing {
        session_token: Some("FwoGZXIvYXdzEXAMPLETOKEN".into()),
        ..Signing::sender()
    };
    let reply = call(&emu, CREATE_INVITATION, &invitation("t-sts"), &signing).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    emu.stop().await;
}

#[tokio::test]
async fn any_region_in_the_scope_is_accepted() {
    let emu = emulator().await;
    let signing = Signing {
        region: "eu-west-1".into(),
        ..Signing::sender()
    };
    let reply = call(&emu, CREATE_INVITATION, &invitation("t-region"), &signing).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    emu.stop().await;
}

#[tokio::test]
async fn header_names_in_any_case_verify() {
    let emu = emulator().await;
    let body = invitation_bytes("t-case");
    let request = signed_request(emu.url(), CREATE_INVITATION, &body, &Signing::sender());
    // Write the request by hand with Title-Case header names; HTTP header names are
    // case-insensitive and the verifier must not care.
    let mut raw = String::from("POST / HTTP/1.1\r\n");
    for (name, value) in request.headers() {
        let title: String = name
            .as_str()
            .split('-')
            .map(|part| {
                let mut chars = part.chars();
                chars
                    .next()
                    .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join("-");
        raw.push_str(&format!("{title}: {}\r\n", value.to_str().unwrap()));
    }
    raw.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut stream = tokio::net::TcpStream::connect(emu.addr()).await.unwrap();
    stream.write_all(raw.as_bytes()).await.unwrap();
    stream.write_all(&body).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    emu.stop().await;
}

#[tokio::test]
async fn missing_authorization_is_missing_authentication_token() {
    let emu = emulator().await;
    let mut request = signed_request(
        emu.url(),
        CREATE_INVITATION,
        &invitation_bytes("t"),
        &Signing::sender(),
    );
    request.headers_mut().remove("authorization");
    let reply = send(&http(), request).await.unwrap();
    assert_eq!(reply.status, 403);
    assert_eq!(reply.error_type(), "MissingAuthenticationTokenException");
    assert!(reply.request_id().is_some());
    assert_eq!(emu.stored_invitations().len(), 0);
    assert_eq!(emu.stats().auth_failures, 1);
    emu.stop().await;
}

#[tokio::test]
async fn unknown_access_key_is_unrecognized_client() {
    let emu = emulator().await;
    let signing = Signing {
        access_key_id: "AKIDUNKNOWNEXAMPLE00".into(),
        ..Signing::sender()
    };
    let reply = call(&emu, CREATE_INVITATION, &invitation("t"), &signing).await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.error_type(), "UnrecognizedClientException");
    assert!(reply.message().contains("AKIDUNKNOWNEXAMPLE00"));
    emu.stop().await;
}

#[tokio::test]
async fn wrong_secret_is_invalid_signature() {
    let emu = emulator().await;
    let signing = Signing {
        secret: "not-the-secret".into(),
        ..Signing::sender()
    };
    let reply = call(&emu, CREATE_INVITATION, &invitation("t"), &signing).await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.error_type(), "InvalidSignatureException");
    assert!(
        reply.message().contains("does not match"),
        "{}",
        reply.message()
    );
    assert!(!reply.message().contains("not-the-secret"));
    emu.stop().await;
}

#[tokio::test]
async fn another_pairs_secret_is_invalid_signature() {
    let emu = emulator().await;
    let signing = Signing {
        secret: Signing::receiver().secret,
        ..Signing::sender()
    };
    let reply = call(&emu, CREATE_INVITATION, &invitation("t"), &signing).await;
    assert_eq!(reply.error_type(), "InvalidSignatureException");
    emu.stop().await;
}

#[tokio::test]
async fn a_request_older_than_five_minutes_has_expired() {
    let emu = emulator().await;
    let signing = Signing {
        time: SystemTime::now() - Duration::from_secs(6 * 60),
        ..Signing::sender()
    };
    let reply = call(&emu, CREATE_INVITATION, &invitation("t"), &signing).await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.error_type(), "InvalidSignatureException");
    assert!(
        reply.message().starts_with("Signature expired"),
        "{}",
        reply.message()
    );
    emu.stop().await;
}

#[tokio::test]
async fn a_request_more_than_five_minutes_ahead_is_refused() {
    let emu = emulator().await;
    let signing = Signing {
        time: SystemTime::now() + Duration::from_secs(6 * 60),
        ..Signing::sender()
    };
    let reply = call(&emu, CREATE_INVITATION, &invitation("t"), &signing).await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.error_type(), "InvalidSignatureException");
    assert!(
        reply.message().contains("not yet current"),
        "{}",
        reply.message()
    );
    emu.stop().await;
}

#[tokio::test]
async fn a_body_changed_after_signing_is_refused() {
    let emu = emulator().await;
    let mut request = signed_request(
        emu.url(),
        CREATE_INVITATION,
        &invitation_bytes("t"),
        &Signing::sender(),
    );
    let mut tampered = invitation("t");
    tampered["Invitation"]["Receiver"]["Account"]["AwsAccountId"] = "999999999999".into();
    *request.body_mut() = serde_json::to_vec(&tampered).unwrap();
    let reply = send(&http(), request).await.unwrap();
    assert_eq!(reply.status, 403);
    assert_eq!(reply.error_type(), "InvalidSignatureException");
    assert_eq!(emu.stored_invitations().len(), 0);
    emu.stop().await;
}

#[tokio::test]
async fn a_body_changed_despite_a_signed_content_hash_is_refused() {
    let emu = emulator().await;
    let signing = Signing {
        content_sha256: true,
        ..Signing::sender()
    };
    let mut request = signed_request(
        emu.url(),
        CREATE_INVITATION,
        &invitation_bytes("t"),
        &signing,
    );
    *request.body_mut() = invitation_bytes("u");
    let reply = send(&http(), request).await.unwrap();
    assert_eq!(reply.error_type(), "InvalidSignatureException");
    emu.stop().await;
}

#[tokio::test]
async fn a_signed_header_changed_after_signing_is_refused() {
    let emu = emulator().await;
    let mut request = signed_request(
        emu.url(),
        CREATE_INVITATION,
        &invitation_bytes("t"),
        &Signing::sender(),
    );
    request
        .headers_mut()
        .insert("x-amz-target", GET_INVITATION.parse().unwrap());
    let reply = send(&http(), request).await.unwrap();
    assert_eq!(reply.error_type(), "InvalidSignatureException");
    emu.stop().await;
}

#[tokio::test]
async fn a_scope_for_another_service_is_refused() {
    let emu = emulator().await;
    let signing = Signing {
        service: "dynamodb".into(),
        ..Signing::sender()
    };
    let reply = call(&emu, CREATE_INVITATION, &invitation("t"), &signing).await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.error_type(), "InvalidSignatureException");
    assert!(reply.message().contains("partnercentral-selling"));
    emu.stop().await;
}

#[tokio::test]
async fn a_malformed_authorization_header_is_an_incomplete_signature() {
    let emu = emulator().await;
    let mut request = signed_request(
        emu.url(),
        CREATE_INVITATION,
        &invitation_bytes("t"),
        &Signing::sender(),
    );
    request.headers_mut().insert(
        "authorization",
        "AWS4-HMAC-SHA256 Signature=00".parse().unwrap(),
    );
    let reply = send(&http(), request).await.unwrap();
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error_type(), "IncompleteSignatureException");
    emu.stop().await;
}
