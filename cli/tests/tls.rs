//! `pcs` against the emulator serving HTTPS with a certificate from a throw-away CA (issue 8,
//! item 5): refused by default with the AWS CLI's exit code and a message naming the fix;
//! accepted through `--ca-bundle`, `AWS_CA_BUNDLE` or a profile's `ca_bundle`; accepted with
//! `--no-verify-ssl` after a warning; plain HTTP only when an endpoint says so.
mod common;
use common::{SAMPLE, pcs, spawn_emulator, stop_emulator};
use partnercentral_selling_emulator::{Emulator, EmulatorConfig, TlsConfig};
use serde_json::Value;
use std::io::BufRead;

const CMD: &str = "create-engagement-invitation";
/// The AWS CLI's exit code for an SSL validation failure (any non-service error).
const SSL_FAILURE: i32 = 255;

fn https_emulator() -> Emulator {
    Emulator::start_background(EmulatorConfig {
        tls: Some(TlsConfig::default()),
        ..EmulatorConfig::default()
    })
    .expect("emulator starts")
}

fn ca_bundle(emu: &Emulator) -> String {
    emu.ca_bundle()
        .expect("a generated CA bundle")
        .to_str()
        .unwrap()
        .to_owned()
}

/// `pcs create-engagement-invitation --endpoint-url URL --cli-input-json <sample>`, one attempt
/// at most unless retried, with the test credentials.
fn create(url: &str) -> common::Pcs {
    pcs().test_credentials().args([
        CMD,
        "--endpoint-url",
        url,
        "--cli-input-json",
        &format!("file://{SAMPLE}"),
    ])
}

/// The call succeeded and the emulator holds exactly the invitation it printed.
#[track_caller]
fn stored_what_was_printed(emu: &Emulator, run: &common::Run) {
    let out: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let stored = emu.stored_invitations();
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(out["Id"], stored[0].id.as_str());
}

/// The server learns of a refused certificate when the client's alert arrives, which may be just
/// after the client exits: wait for it (bounded).
fn refused_handshakes(emu: &Emulator) -> u64 {
    for _ in 0..500 {
        if emu.stats().tls_handshake_failures > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    emu.stats().tls_handshake_failures
}

#[test]
fn an_unknown_certificate_authority_is_refused_once_with_the_fix_named() {
    let emu = https_emulator();
    let r = create(emu.url()).run().expect_code(SSL_FAILURE);
    r.stderr_has("SSL validation failed");
    r.stderr_has(emu.url());
    r.stderr_has("--ca-bundle");
    r.stderr_has("AWS_CA_BUNDLE");
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert_eq!(refused_handshakes(&emu), 1);
    let stats = emu.stats();
    assert_eq!(stats.connections, 1, "a certificate error is never retried");
    assert_eq!(stats.requests, 0);
    assert!(emu.stored_invitations().is_empty());
}

#[test]
fn ca_bundle_option_trusts_the_emulator() {
    let emu = https_emulator();
    let r = create(emu.url())
        .args(["--ca-bundle", &ca_bundle(&emu)])
        .run()
        .expect_code(0);
    stored_what_was_printed(&emu, &r);
    assert_eq!(emu.stats().tls_handshake_failures, 0);
}

#[test]
fn aws_ca_bundle_variable_trusts_the_emulator() {
    let emu = https_emulator();
    let r = create(emu.url())
        .env("AWS_CA_BUNDLE", ca_bundle(&emu))
        .run()
        .expect_code(0);
    stored_what_was_printed(&emu, &r);
}

#[test]
fn a_profiles_ca_bundle_trusts_the_emulator() {
    let emu = https_emulator();
    let call = create(emu.url());
    let config = call.file(
        "aws/config",
        &format!(
            "[profile lab]\nregion = us-east-1\nca_bundle = {}\n",
            ca_bundle(&emu)
        ),
    );
    let r = call
        .env("AWS_CONFIG_FILE", &config)
        .args(["--profile", "lab"])
        .run()
        .expect_code(0);
    stored_what_was_printed(&emu, &r);

    // The same call under a profile without the setting is refused: the profile made the difference.
    let call = create(emu.url());
    let config = call.file("aws/config", "[profile lab]\nregion = us-east-1\n");
    call.env("AWS_CONFIG_FILE", &config)
        .args(["--profile", "lab"])
        .run()
        .expect_code(SSL_FAILURE);
}

#[test]
fn no_verify_ssl_is_accepted_after_a_warning() {
    let emu = https_emulator();
    let r = create(emu.url())
        .args(["--no-verify-ssl"])
        .run()
        .expect_code(0);
    r.stderr_has(
        "InsecureRequestWarning: Unverified HTTPS request is being made to host '127.0.0.1'.",
    );
    stored_what_was_printed(&emu, &r);
}

#[test]
fn plain_http_works_when_an_endpoint_says_so() {
    let emu = Emulator::start_background(EmulatorConfig::default()).expect("emulator starts");
    assert!(emu.url().starts_with("http://"), "{}", emu.url());
    let r = create(emu.url()).run().expect_code(0);
    stored_what_was_printed(&emu, &r);

    // The environment's endpoint setting counts as saying so too.
    let r = pcs()
        .test_credentials()
        .env("AWS_ENDPOINT_URL", emu.url())
        .args([CMD, "--cli-input-json", &format!("file://{SAMPLE}")])
        .run()
        .expect_code(0);
    r.stdout_has("engi-");
    assert_eq!(emu.stored_invitations().len(), 2);
}

/// A loopback HTTP proxy that reads the first request line of one connection, then hangs up.
fn one_shot_proxy() -> (String, std::sync::mpsc::Receiver<String>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        if let Ok((stream, _)) = listener.accept() {
            let mut line = String::new();
            let _ = std::io::BufReader::new(stream).read_line(&mut line);
            let _ = tx.send(line);
        }
    });
    (url, rx)
}

#[test]
fn the_default_endpoint_is_https_in_every_region() {
    // The request goes to a loopback proxy, never further: an HTTPS target reaches a proxy as
    // `CONNECT host:443`, a plain HTTP one as `POST http://...`.
    for region in ["us-east-1", "eu-west-1", "ap-southeast-2"] {
        let (proxy, first_line) = one_shot_proxy();
        let r = pcs()
            .test_credentials()
            .env("HTTPS_PROXY", &proxy)
            .env("HTTP_PROXY", &proxy)
            .env("NO_PROXY", "")
            .env("AWS_MAX_ATTEMPTS", "1")
            .args(["--debug", CMD, "--region", region])
            .args(["--cli-input-json", &format!("file://{SAMPLE}")])
            .run();
        assert_ne!(r.code, 0, "{}", r.stderr);
        let line = first_line
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the client went through the proxy");
        assert_eq!(
            line.trim_end(),
            format!("CONNECT partnercentral-selling.{region}.api.aws:443 HTTP/1.1"),
        );
        r.stderr_has(&format!(
            "endpoint=https://partnercentral-selling.{region}.api.aws"
        ));
    }
}

#[test]
fn emulator_command_serves_https_and_writes_its_ca_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("emulator-ca.pem");
    let (child, url, mut stdout) =
        spawn_emulator(&["--tls", "--ca-bundle-out", bundle.to_str().unwrap()]);
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    // The banner: the URL, every partner account, the CA file, then what to try.
    let mut banner = String::new();
    while !banner.contains("Try: ") {
        assert!(stdout.read_line(&mut banner).unwrap() > 0, "{banner}");
    }
    assert!(
        banner.contains(&format!("AWS_CA_BUNDLE: {}", bundle.display())),
        "{banner}"
    );
    let pem = std::fs::read_to_string(&bundle).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");

    create(&url).run().expect_code(SSL_FAILURE);
    let r = create(&url)
        .args(["--ca-bundle", bundle.to_str().unwrap()])
        .run()
        .expect_code(0);
    r.stdout_has("engi-");

    let (code, rest) = stop_emulator(child, stdout);
    assert_eq!(code, Some(0), "{rest}");
}
