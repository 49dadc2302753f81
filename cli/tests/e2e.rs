//! `pcs` against the real emulator over loopback HTTP: requests signed by the core client, checked
//! by the emulator's SigV4 verifier and validation, stored in its state.
mod common;
use common::{ACCESS_KEY, SAMPLE, SECRET_KEY, pcs, sample_with, spawn_emulator, stop_emulator};
use partnercentral_selling_emulator::{Emulator, EmulatorConfig};
use serde_json::{Value, json};
use std::io::BufRead;
use std::net::TcpListener;
use std::process::Command;

const CMD: &str = "create-engagement-invitation";

fn emulator() -> Emulator {
    Emulator::start_background(EmulatorConfig::default()).expect("emulator starts")
}

fn sample_input() -> String {
    format!("file://{SAMPLE}")
}

/// `create-engagement-invitation --endpoint-url URL --cli-input-json <the sample>`.
fn sample_call(url: &str) -> [String; 5] {
    [
        CMD.into(),
        "--endpoint-url".into(),
        url.into(),
        "--cli-input-json".into(),
        sample_input(),
    ]
}

/// `pcs create-engagement-invitation --endpoint-url URL` with the test credentials.
fn create(emu: &Emulator) -> common::Pcs {
    pcs()
        .test_credentials()
        .args([CMD, "--endpoint-url", emu.url()])
}

#[test]
fn creates_an_invitation_end_to_end() {
    let emu = emulator();
    let r = create(&emu)
        .args(["--cli-input-json", &sample_input()])
        .run()
        .expect_code(0);
    let out: Value = serde_json::from_str(&r.stdout).unwrap();
    let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["Id", "Arn"], "members in the model's order");
    let stored = emu.stored_invitations();
    assert_eq!(stored.len(), 1);
    assert_eq!(out["Id"], stored[0].id.as_str());
    assert_eq!(out["Arn"], stored[0].arn.as_str());
    assert_eq!(stored[0].catalog, "Sandbox");
    assert_eq!(stored[0].engagement_id, "eng-demo00000000s1");
    assert_eq!(stored[0].receiver_account_id, "444455556666");
    assert_eq!(stored[0].sender_account_id, "123456789012");
    // The client filled the idempotency token.
    assert_eq!(stored[0].client_token.len(), 36);
    assert!(
        r.stdout.starts_with("{\n    \"Id\": \"engi-"),
        "{}",
        r.stdout
    );
}

#[test]
fn command_line_options_override_the_input_document() {
    let emu = emulator();
    create(&emu)
        .args(["--cli-input-json", &sample_input()])
        .args([
            "--catalog",
            "AWS",
            "--engagement-identifier",
            "eng-demo00000000a1",
        ])
        .args(["--client-token", "0b6f1c7e-6a7d-4b8e-9c1f-2d3e4f5a6b7c"])
        .args([
            "--invitation",
            &sample_with(&[])["Invitation"]
                .to_string()
                .replace("444455556666", "111122223333"),
        ])
        .run()
        .expect_code(0);
    let stored = emu.stored_invitations();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].catalog, "AWS");
    assert_eq!(stored[0].engagement_id, "eng-demo00000000a1");
    assert_eq!(
        stored[0].client_token,
        "0b6f1c7e-6a7d-4b8e-9c1f-2d3e4f5a6b7c"
    );
    assert_eq!(stored[0].receiver_account_id, "111122223333");
}

#[test]
fn yaml_input_creates_too() {
    let emu = emulator();
    let p = create(&emu);
    let yaml = p.file(
        "input.yaml",
        &serde_yaml::to_string(&sample_with(&[])).unwrap(),
    );
    p.args(["--cli-input-yaml", &format!("file://{}", yaml.display())])
        .run()
        .expect_code(0);
    assert_eq!(emu.stored_invitations().len(), 1);
}

#[test]
fn a_real_response_in_every_output_format() {
    let emu = emulator();
    let token = "5f1e2d3c-4b5a-4697-8877-665544332211";
    let run = |args: &[&str]| {
        create(&emu)
            .args(["--cli-input-json", &sample_input(), "--client-token", token])
            .args(args)
            .run()
            .expect_code(0)
            .stdout
    };
    // One token: every call after the first returns the same invitation.
    let json: Value = serde_json::from_str(&run(&[])).unwrap();
    let (id, arn) = (json["Id"].as_str().unwrap(), json["Arn"].as_str().unwrap());
    assert_eq!(run(&["--output", "text"]), format!("{arn}\t{id}\n"));
    assert_eq!(
        run(&["--output", "yaml"]),
        format!("Arn: {arn}\nId: {id}\n")
    );
    assert_eq!(
        run(&["--output", "yaml-stream"]),
        format!("- Arn: {arn}\n  Id: {id}\n")
    );
    let table = run(&["--output", "table"]);
    assert!(table.contains("CreateEngagementInvitation"), "{table}");
    assert!(table.contains(id) && table.contains(arn), "{table}");
    assert_eq!(
        run(&["--query", "Arn", "--output", "text"]),
        format!("{arn}\n")
    );
    assert_eq!(
        run(&["--query", "{invitation: Id}"]),
        format!("{{\n    \"invitation\": \"{id}\"\n}}\n")
    );
    assert_eq!(emu.stored_invitations().len(), 1);
}

#[test]
fn validation_failures_list_every_path_and_send_nothing() {
    let emu = emulator();
    let mut invitation = sample_with(&[])["Invitation"].clone();
    let opp = &mut invitation["Payload"]["OpportunityInvitation"];
    opp["SenderContacts"][0]["Email"] = json!("not-an-email");
    opp["Customer"]["CountryCode"] = json!("XX");
    opp["Project"]["Title"] = json!("");
    let r = create(&emu)
        .args(["--catalog", "AWS", "--engagement-identifier", "eng-12"])
        .args(["--invitation", &invitation.to_string()])
        .run()
        .expect_code(252);
    for path in [
        "EngagementIdentifier (--engagement-identifier): INVALID_STRING_FORMAT",
        "Invitation.Payload.OpportunityInvitation.SenderContacts[0].Email (--invitation): INVALID_STRING_FORMAT",
        "Invitation.Payload.OpportunityInvitation.Customer.CountryCode (--invitation): INVALID_ENUM_VALUE",
        "Invitation.Payload.OpportunityInvitation.Project.Title (--invitation): INVALID_STRING_FORMAT",
    ] {
        assert!(r.stderr.contains(path), "missing {path} in\n{}", r.stderr);
    }
    r.stderr_has("(4 problems; nothing was sent)");
    assert!(r.stdout.is_empty());
    assert!(emu.stored_invitations().is_empty());
    assert_eq!(emu.stats().requests, 0, "nothing reached the endpoint");

    // Missing members in an input document are the validator's to report, all at once.
    let r = create(&emu)
        .args(["--cli-input-json", r#"{"Catalog": "AWS"}"#])
        .run()
        .expect_code(252);
    r.stderr_has("EngagementIdentifier (--engagement-identifier): REQUIRED_FIELD_MISSING");
    r.stderr_has("Invitation (--invitation): REQUIRED_FIELD_MISSING");
    assert!(emu.stored_invitations().is_empty());
}

#[test]
fn output_skeleton_validates_and_sends_nothing() {
    let emu = emulator();
    let r = create(&emu)
        .args([
            "--cli-input-json",
            &sample_input(),
            "--generate-cli-skeleton",
            "output",
        ])
        .run()
        .expect_code(0);
    assert_eq!(
        r.stdout,
        "{\n    \"Id\": \"Id\",\n    \"Arn\": \"Arn\"\n}\n"
    );
    let r = create(&emu)
        .args([
            "--cli-input-json",
            &sample_input(),
            "--generate-cli-skeleton",
            "output",
        ])
        .args(["--catalog", "A-W-S"])
        .run()
        .expect_code(252);
    r.stderr_has("Catalog (--catalog): INVALID_STRING_FORMAT");
    assert!(emu.stored_invitations().is_empty());
}

#[test]
fn service_errors_exit_254_with_the_aws_cli_line() {
    let emu = emulator();
    let r = create(&emu)
        .args(["--cli-input-json", &sample_input()])
        .args(["--engagement-identifier", "eng-zzzzzzzzzzzzzz"])
        .run()
        .expect_code(254);
    assert!(
        r.stderr.starts_with(
            "\nAn error occurred (ResourceNotFoundException) when calling the CreateEngagementInvitation operation: "
        ),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
}

#[test]
fn no_sign_request_sends_no_authorization_and_needs_no_credentials() {
    let emu = emulator();
    let r = pcs()
        .args([CMD, "--endpoint-url", emu.url(), "--region", "us-east-1"])
        .args(["--cli-input-json", &sample_input(), "--no-sign-request"])
        .run()
        .expect_code(254);
    r.stderr_has("An error occurred (MissingAuthenticationTokenException)");
    assert!(emu.stored_invitations().is_empty());
}

#[test]
fn missing_credentials_exit_253() {
    let emu = emulator();
    let r = pcs()
        .args([CMD, "--endpoint-url", emu.url(), "--region", "us-east-1"])
        .args(["--cli-input-json", &sample_input()])
        .run()
        .expect_code(253);
    assert!(!r.stderr.is_empty());
    assert!(emu.stored_invitations().is_empty());
}

#[test]
fn a_wrong_secret_is_refused_by_the_emulator() {
    let emu = emulator();
    let r = pcs()
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", "not-the-secret")
        .args([CMD, "--endpoint-url", emu.url(), "--region", "us-east-1"])
        .args(["--cli-input-json", &sample_input()])
        .run()
        .expect_code(254);
    assert!(r.stderr.contains("An error occurred ("), "{}", r.stderr);
    assert!(!r.stderr.contains("not-the-secret"));
    assert!(emu.stored_invitations().is_empty());
}

#[test]
fn profile_supplies_credentials_and_region() {
    let emu = emulator();
    let p = pcs();
    p.file(
        ".aws/credentials",
        &format!(
            "[partner]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n"
        ),
    );
    p.file(
        ".aws/config",
        "[profile partner]\nregion = eu-west-1\noutput = text\n",
    );
    let r = p
        .args([CMD, "--profile", "partner", "--endpoint-url", emu.url()])
        .args(["--cli-input-json", &sample_input(), "--debug"])
        .run()
        .expect_code(0);
    assert!(
        r.stdout.contains("\tengi-"),
        "text output from the profile: {}",
        r.stdout
    );
    r.stderr_has("region=eu-west-1");
    assert_eq!(emu.stored_invitations().len(), 1);
}

#[test]
fn region_option_beats_the_environment() {
    let emu = emulator();
    let r = create(&emu)
        .env("AWS_REGION", "ap-south-1")
        .args(["--region", "eu-central-1", "--debug"])
        .args(["--cli-input-json", &sample_input()])
        .run()
        .expect_code(0);
    r.stderr_has("region=eu-central-1");
}

#[test]
fn timeouts_are_seconds_and_zero_means_none() {
    let emu = emulator();
    let r = create(&emu)
        .args(["--cli-input-json", &sample_input(), "--debug"])
        .args(["--cli-connect-timeout", "7", "--cli-read-timeout", "0"])
        .run()
        .expect_code(0);
    r.stderr_has("connect_timeout=Some(7s) read_timeout=None");
    let r = create(&emu)
        .args(["--cli-input-json", &sample_input(), "--debug"])
        .run()
        .expect_code(0);
    r.stderr_has("connect_timeout=Some(60s) read_timeout=Some(60s)");
}

#[test]
fn endpoint_url_option_beats_the_environment() {
    let emu = emulator();
    create(&emu)
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env(
            "AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING",
            "http://127.0.0.1:9",
        )
        .args(["--cli-input-json", &sample_input()])
        .run()
        .expect_code(0);
    assert_eq!(emu.stored_invitations().len(), 1);
}

#[test]
fn debug_log_holds_no_secret_and_no_sensitive_value() {
    let emu = emulator();
    let session_token = "FQoGZXIvYXdzEXAMPLESESSIONTOKENvalue0123456789";
    let r = create(&emu)
        .env("AWS_SESSION_TOKEN", session_token)
        .args(["--cli-input-json", &sample_input(), "--debug"])
        .run();
    r.stderr_has("DEBUG");
    r.stderr_has("CreateEngagementInvitation");
    let sample = sample_with(&[]);
    let opp = &sample["Invitation"]["Payload"]["OpportunityInvitation"];
    for secret in [
        SECRET_KEY,
        session_token,
        sample["Invitation"]["Message"].as_str().unwrap(),
        opp["SenderContacts"][0]["Email"].as_str().unwrap(),
        opp["SenderContacts"][0]["Phone"].as_str().unwrap(),
        opp["SenderContacts"][0]["FirstName"].as_str().unwrap(),
        opp["SenderContacts"][0]["LastName"].as_str().unwrap(),
        sample["Invitation"]["Receiver"]["Account"]["AwsAccountId"]
            .as_str()
            .unwrap(),
        sample["Invitation"]["Receiver"]["Account"]["Alias"]
            .as_str()
            .unwrap(),
        opp["Customer"]["CompanyName"].as_str().unwrap(),
        opp["Customer"]["WebsiteUrl"].as_str().unwrap(),
        opp["Project"]["BusinessProblem"].as_str().unwrap(),
        opp["Project"]["ExpectedCustomerSpend"][0]["Amount"]
            .as_str()
            .unwrap(),
    ] {
        assert!(
            !r.stderr.contains(secret),
            "{secret} leaked into\n{}",
            r.stderr
        );
    }
}

#[test]
fn no_verify_ssl_warns_like_urllib3() {
    // Nothing listens on the port: the warning comes before the (failing) connection.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let r = pcs()
        .test_credentials()
        .env("AWS_MAX_ATTEMPTS", "1")
        .args([CMD, "--endpoint-url", &format!("https://127.0.0.1:{port}")])
        .args(["--cli-input-json", &sample_input(), "--no-verify-ssl"])
        .run()
        .expect_code(255);
    r.stderr_has(
        "InsecureRequestWarning: Unverified HTTPS request is being made to host '127.0.0.1'.",
    );
}

#[test]
fn an_unreadable_ca_bundle_is_reported() {
    let r = pcs()
        .test_credentials()
        .args([CMD, "--endpoint-url", "https://127.0.0.1:9"])
        .args(["--cli-input-json", &sample_input()])
        .args(["--ca-bundle", "/nonexistent/ca.pem"])
        .run();
    assert!(r.code == 253 || r.code == 255, "{} {}", r.code, r.stderr);
    r.stderr_has("/nonexistent/ca.pem");
}

/// A listener that accepts connections and never answers.
fn silent_listener() -> (String, std::sync::mpsc::Receiver<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
            let _ = tx.send(());
        }
    });
    (url, rx)
}

#[test]
fn read_timeout_fails_with_255() {
    let (url, _accepted) = silent_listener();
    let r = pcs()
        .test_credentials()
        .env("AWS_MAX_ATTEMPTS", "1")
        .args([CMD, "--endpoint-url", &url, "--cli-read-timeout", "1"])
        .args([
            "--cli-connect-timeout",
            "5",
            "--cli-input-json",
            &sample_input(),
        ])
        .run()
        .expect_code(255);
    r.stderr_has("timed out");
}

#[test]
fn ctrl_c_while_waiting_exits_130() {
    let (url, accepted) = silent_listener();
    let mut p = pcs()
        .test_credentials()
        // Were SIGINT ignored, the read timeout would end the call with 255 instead of hanging.
        .args([CMD, "--endpoint-url", &url, "--cli-read-timeout", "60"])
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["--cli-input-json", &sample_input()]);
    let child = p.cmd.spawn().unwrap();
    // The request is in flight once the listener has accepted it.
    accepted.recv().unwrap();
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
}

#[test]
fn emulator_command_serves_until_sigterm() {
    let (child, url, mut stdout) = spawn_emulator(&[]);
    let mut banner = String::new();
    for _ in 0..3 {
        stdout.read_line(&mut banner).unwrap();
    }
    assert!(banner.contains(ACCESS_KEY), "{banner}");

    let r = pcs()
        .test_credentials()
        .args(sample_call(&url))
        .run()
        .expect_code(0);
    assert!(r.stdout.contains("engi-"));

    let (code, rest) = stop_emulator(child, stdout);
    assert_eq!(code, Some(0), "{rest}");
    assert!(rest.contains("Emulator stopped."), "{rest}");
}

#[test]
fn emulator_command_takes_a_seed_file_credentials_and_faults() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    std::fs::write(
        &seed,
        r#"{"engagements": [{"Catalog": "AWS", "Id": "eng-example0000001", "Title": "Joint migration"}]}"#,
    )
    .unwrap();
    let (key, secret) = (
        "AKIAEXAMPLEPARTNER01",
        "partnerSecretKeyExample0123456789abcdefgh",
    );
    let (child, url, stdout) = spawn_emulator(&[
        "--seed-file",
        seed.to_str().unwrap(),
        "--no-demo-data",
        "--credential",
        &format!("{key}:{secret}:210987654321"),
    ]);
    let run = |engagement: &str| {
        pcs()
            .env("AWS_ACCESS_KEY_ID", key)
            .env("AWS_SECRET_ACCESS_KEY", secret)
            .env("AWS_REGION", "us-east-1")
            .args(sample_call(&url))
            .args(["--catalog", "AWS", "--engagement-identifier", engagement])
            .run()
    };
    let r = run("eng-example0000001").expect_code(0);
    r.stdout_has("arn:aws:partnercentral::210987654321:");
    let r = run("eng-demo00000000a1").expect_code(254);
    r.stderr_has("(ResourceNotFoundException)");
    // The documented pair is no longer accepted.
    let r = pcs()
        .test_credentials()
        .args(sample_call(&url))
        .run()
        .expect_code(254);
    assert!(r.stderr.contains("An error occurred ("), "{}", r.stderr);
    let (code, rest) = stop_emulator(child, stdout);
    assert_eq!(code, Some(0), "{rest}");

    let (child, url, stdout) = spawn_emulator(&["--error-rate", "1"]);
    let r = pcs()
        .test_credentials()
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(sample_call(&url))
        .run()
        .expect_code(254);
    r.stderr_has(
        "(InternalServerException) when calling the CreateEngagementInvitation operation \
         (reached max retries: 0): ",
    );
    // Two attempts: one retry, then the same error, as botocore reports it.
    let r = pcs()
        .test_credentials()
        .env("AWS_MAX_ATTEMPTS", "2")
        .args(sample_call(&url))
        .run()
        .expect_code(254);
    r.stderr_has("operation (reached max retries: 1): ");
    let (code, _) = stop_emulator(child, stdout);
    assert_eq!(code, Some(0));
}

#[test]
fn emulator_command_takes_credentials() {
    let r = pcs()
        .args(["emulator", "--credential", "not-a-credential"])
        .run()
        .expect_code(252);
    r.stderr_has("argument --credential");
}

#[test]
fn demo_runs_the_main_job_offline() {
    let r = pcs().args(["demo"]).run().expect_code(0);
    let out: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        out["Id"].as_str().unwrap().starts_with("engi-"),
        "{}",
        r.stdout
    );
    assert!(
        out["Arn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:partnercentral:"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("Started the Partner Central Selling emulator at http://127.0.0.1:")
    );
    assert!(
        r.stderr.contains("(1 invitation(s) stored)"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(SECRET_KEY));

    let r = pcs()
        .args(["demo", "--output", "text"])
        .run()
        .expect_code(0);
    assert!(
        r.stdout.starts_with("arn:aws:partnercentral:"),
        "{}",
        r.stdout
    );
}
