//! TLS: the emulator serving HTTPS with a certificate from a CA it made at start (a private CA,
//! as far as the client knows) is refused by default with an error that says how to fix
//! it, accepted with the CA bundle (builder or `AWS_CA_BUNDLE`) or with verification off, and an
//! `http://` endpoint is used only when it is set explicitly.

#[path = "hardening_support/log_capture.rs"]
mod log_capture;
#[path = "hardening_support/request.rs"]
mod request;

mod common;
use common::InviteExt;
use partnercentral_selling::{Client, ClientBuilder, Credentials};
use partnercentral_selling_emulator::{Emulator, EmulatorConfig, TlsConfig};
use request::{ACCESS_KEY, SECRET_KEY, valid_request};

/// A client for `endpoint` that sees an empty environment (plus `env`), so a CA bundle or proxy
/// set on the machine running the tests cannot change what they prove.
fn builder(endpoint: &str, env: &[(&str, &str)]) -> ClientBuilder {
    Client::builder()
        .env_vars(env.iter().copied())
        .region("us-east-1")
        .endpoint_url(endpoint)
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
}

/// The emulator on HTTPS; `ca_bundle()` is the PEM file of the CA to trust.
async fn https_emulator() -> Emulator {
    Emulator::start(EmulatorConfig {
        tls: Some(TlsConfig::default()),
        ..EmulatorConfig::default()
    })
    .await
    .expect("emulator")
}

#[tokio::test]
async fn self_signed_endpoint_is_refused_by_default_with_the_fix_in_the_error() {
    let emulator = https_emulator().await;
    let client = builder(emulator.url(), &[]).build().await.expect("client");

    let error = client
        .create_engagement_invitation_value(valid_request())
        .await
        .expect_err("an unknown CA must be refused");
    let text = error.to_string();
    let lower = text.to_lowercase();
    assert!(
        lower.contains("certificate"),
        "the error does not say it is about the certificate: {text}"
    );
    assert!(
        text.contains("AWS_CA_BUNDLE")
            || lower.contains("ca_bundle")
            || lower.contains("ca-bundle"),
        "the error does not say how to trust the server's CA: {text}"
    );
    assert_eq!(
        emulator.stored_invitations().len(),
        0,
        "a refused server got the request"
    );
}

#[tokio::test]
async fn self_signed_endpoint_is_accepted_with_its_ca_bundle() {
    let emulator = https_emulator().await;
    let client = builder(emulator.url(), &[])
        .ca_bundle(emulator.ca_bundle().expect("a CA bundle"))
        .build()
        .await
        .expect("client");

    let output = client
        .create_engagement_invitation_value(valid_request())
        .await
        .expect("the CA bundle makes the server trusted");
    assert!(output.id.starts_with("engi-"), "{}", output.id);
    assert_eq!(output.metadata.attempts, 1);
    assert_eq!(emulator.stored_invitations().len(), 1);
}

#[tokio::test]
async fn verification_off_accepts_the_server_and_warns() {
    let emulator = https_emulator().await;
    let (log, _guard) = log_capture::capture();
    let client = builder(emulator.url(), &[])
        .verify_tls(false)
        .build()
        .await
        .expect("client");

    client
        .create_engagement_invitation_value(valid_request())
        .await
        .expect("verification off accepts any certificate");
    assert_eq!(emulator.stored_invitations().len(), 1);
    let log = log.text();
    assert!(
        log.lines()
            .any(|line| line.contains("WARN") && line.to_lowercase().contains("verif")),
        "turning certificate verification off must log a warning; the log was:\n{log}"
    );
}

#[tokio::test]
async fn plain_http_is_used_when_the_endpoint_says_so() {
    let emulator = Emulator::start(EmulatorConfig::default())
        .await
        .expect("emulator");
    let client = builder(emulator.url(), &[]).build().await.expect("client");
    client
        .create_engagement_invitation_value(valid_request())
        .await
        .expect("an explicit http:// endpoint is used as given");
    assert_eq!(emulator.stored_invitations().len(), 1);
}

#[tokio::test]
async fn an_https_endpoint_never_falls_back_to_plain_http() {
    // The emulator speaks plain HTTP only: asked for https:// on its port, the client must fail
    // the handshake rather than quietly send the signed request in the clear.
    let emulator = Emulator::start(EmulatorConfig::default())
        .await
        .expect("emulator");
    let https_on_plain_port = emulator.url().replacen("http://", "https://", 1);
    let client = builder(&https_on_plain_port, &[])
        .max_attempts(1)
        .build()
        .await
        .expect("client");
    client
        .create_engagement_invitation_value(valid_request())
        .await
        .expect_err("a TLS handshake with a plain-HTTP server must fail");
    assert_eq!(emulator.stored_invitations().len(), 0);
}

#[tokio::test]
async fn aws_ca_bundle_in_the_environment_trusts_the_server() {
    let emulator = https_emulator().await;
    let bundle = emulator
        .ca_bundle()
        .and_then(|path| path.to_str())
        .expect("a UTF-8 temp path");
    let client = builder(emulator.url(), &[("AWS_CA_BUNDLE", bundle)])
        .build()
        .await
        .expect("client");
    client
        .create_engagement_invitation_value(valid_request())
        .await
        .expect("AWS_CA_BUNDLE makes the server trusted");
    assert_eq!(emulator.stored_invitations().len(), 1);
}
