//! HTTPS on request: the generated certificate is trusted through the CA bundle the emulator
//! writes, refused without it (and the emulator counts the refused handshake), and a caller's own
//! certificate and key are served as given.
mod common;

use common::invitation;
use partnercentral_selling::{Client, Credentials, ErrorKind};
use partnercentral_selling_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, Emulator, EmulatorConfig, Error, TlsConfig,
};

fn tls(config: TlsConfig) -> EmulatorConfig {
    EmulatorConfig {
        tls: Some(config),
        ..EmulatorConfig::default()
    }
}

async fn client(emu: &Emulator, ca_bundle: Option<&std::path::Path>) -> Client {
    let mut builder = Client::builder()
        .env_vars(Vec::<(String, String)>::new())
        .region("us-east-1")
        .endpoint_url(emu.url())
        .credentials(Credentials::new(
            DEFAULT_ACCESS_KEY_ID,
            DEFAULT_SECRET_ACCESS_KEY,
            None,
        ))
        .max_attempts(3)
        .retry_backoff_scale(0.001);
    if let Some(path) = ca_bundle {
        builder = builder.ca_bundle(path);
    }
    builder.build().await.expect("client builds")
}

#[tokio::test]
async fn the_generated_certificate_is_trusted_through_the_written_ca_bundle() {
    let emu = Emulator::start(tls(TlsConfig::default())).await.unwrap();
    assert!(emu.url().starts_with("https://127.0.0.1:"), "{}", emu.url());
    let bundle = emu.ca_bundle().expect("a CA bundle path").to_owned();
    let pem = std::fs::read_to_string(&bundle).unwrap();
    assert_eq!(Some(pem.as_str()), emu.ca_pem());
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");

    let out = client(&emu, Some(&bundle))
        .await
        .call(
            partnercentral_selling::operation("CreateEngagementInvitation").unwrap(),
            invitation("tls-trusted"),
        )
        .await
        .expect("accepted through the CA bundle");
    let stored = emu.stored_invitations();
    assert_eq!(stored.len(), 1);
    assert_eq!(out.output["Id"], stored[0].id.as_str());
    assert_eq!(emu.stats().tls_handshake_failures, 0);

    emu.stop().await;
    assert!(
        !bundle.exists(),
        "the temporary CA bundle outlived the emulator"
    );
}

#[tokio::test]
async fn without_the_ca_bundle_the_certificate_is_refused_once_and_never_served() {
    let emu = Emulator::start(tls(TlsConfig::default())).await.unwrap();
    let error = client(&emu, None)
        .await
        .call(
            partnercentral_selling::operation("CreateEngagementInvitation").unwrap(),
            invitation("tls-refused"),
        )
        .await
        .expect_err("an unknown CA must be refused");
    // The core reports a refused certificate as its own kind since it covers every operation.
    assert_eq!(error.kind(), ErrorKind::Tls, "{error}");
    assert!(error.to_string().contains("AWS_CA_BUNDLE"), "{error}");
    // The server learns of the refusal when the client's alert arrives, just after the client
    // has given up: wait for it (bounded), then check nothing else happened.
    for _ in 0..500 {
        if emu.stats().tls_handshake_failures > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let stats = emu.stats();
    assert_eq!(stats.requests, 0);
    assert_eq!(stats.connections, 1, "a certificate error is not retried");
    assert_eq!(stats.tls_handshake_failures, 1);
    assert!(emu.stored_invitations().is_empty());
    emu.stop().await;
}

#[tokio::test]
async fn the_ca_bundle_goes_where_the_caller_asks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("emulator-ca.pem");
    let emu = Emulator::start(tls(TlsConfig {
        ca_bundle_file: Some(path.clone()),
        ..TlsConfig::default()
    }))
    .await
    .unwrap();
    assert_eq!(emu.ca_bundle(), Some(path.as_path()));
    client(&emu, Some(&path))
        .await
        .call(
            partnercentral_selling::operation("CreateEngagementInvitation").unwrap(),
            invitation("tls-own-path"),
        )
        .await
        .expect("accepted");
    emu.stop().await;
    assert!(path.exists(), "a file the caller named is theirs to keep");
}

#[tokio::test]
async fn a_given_certificate_and_key_are_served() {
    // A first emulator's generated CA stands in for a company CA: issue a certificate with it.
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .unwrap()
        .signed_by(&key, &issuer)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (cert_file, key_file, ca_file) = (
        dir.path().join("server.pem"),
        dir.path().join("server-key.pem"),
        dir.path().join("ca.pem"),
    );
    std::fs::write(&cert_file, cert.pem()).unwrap();
    std::fs::write(&key_file, key.serialize_pem()).unwrap();
    std::fs::write(&ca_file, ca_cert.pem()).unwrap();

    let emu = Emulator::start(tls(TlsConfig {
        cert_file: Some(cert_file),
        key_file: Some(key_file),
        ca_bundle_file: None,
    }))
    .await
    .unwrap();
    assert_eq!(emu.ca_bundle(), None);
    client(&emu, Some(&ca_file))
        .await
        .call(
            partnercentral_selling::operation("CreateEngagementInvitation").unwrap(),
            invitation("tls-given-cert"),
        )
        .await
        .expect("accepted through the issuing CA");
    assert_eq!(emu.stored_invitations().len(), 1);
    emu.stop().await;
}

#[tokio::test]
async fn half_an_identity_or_an_unreadable_one_is_a_clear_configuration_error() {
    let only_cert = Emulator::start(tls(TlsConfig {
        cert_file: Some("cert.pem".into()),
        ..TlsConfig::default()
    }))
    .await;
    let Err(Error::Config(message)) = only_cert else {
        panic!("expected a configuration error");
    };
    assert!(message.contains("key_file"), "{message}");

    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "not PEM").unwrap();
    let unreadable = Emulator::start(tls(TlsConfig {
        cert_file: Some(empty.clone()),
        key_file: Some(empty.clone()),
        ca_bundle_file: None,
    }))
    .await;
    let Err(error @ Error::Tls(_)) = unreadable else {
        panic!("expected a TLS error");
    };
    assert!(
        error.to_string().contains(&empty.display().to_string()),
        "{error}"
    );
}
