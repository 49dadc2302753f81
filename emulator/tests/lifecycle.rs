//! Starting and stopping, in both modes; configuration errors.
mod common;

use common::*;
use partnercentral_selling_emulator::{Credential, Emulator, EmulatorConfig, Error};

#[tokio::test]
async fn start_listens_on_loopback_and_stop_frees_the_port() {
    let emu = emulator().await;
    assert!(emu.addr().ip().is_loopback());
    assert_eq!(emu.url(), format!("http://127.0.0.1:{}", emu.addr().port()));
    assert_eq!(emu.credentials(), Credential::defaults().as_slice());
    let addr = emu.addr();
    assert_eq!(
        call_as_sender(&emu, CREATE_INVITATION, &invitation("l"))
            .await
            .status,
        200
    );
    emu.stop().await;
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "still listening after stop"
    );
}

#[test]
fn start_background_runs_without_a_caller_runtime() {
    let emu = Emulator::start_background(EmulatorConfig::default()).unwrap();
    let addr = emu.addr();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let reply = runtime.block_on(call_as_sender(&emu, CREATE_INVITATION, &invitation("bg")));
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(emu.stored_invitations().len(), 1);
    emu.shutdown();
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "still listening after shutdown"
    );
}

#[tokio::test]
async fn a_chosen_port_is_used_and_a_busy_one_is_reported() {
    let first = emulator().await;
    let port = first.addr().port();
    let error = Emulator::start(EmulatorConfig {
        port,
        ..EmulatorConfig::default()
    })
    .await
    .err()
    .expect("the port is taken");
    assert!(matches!(error, Error::Bind { .. }));
    assert!(error.to_string().contains(&port.to_string()));
    first.stop().await;
}

#[tokio::test]
async fn configurations_that_cannot_work_are_refused() {
    let no_keys = EmulatorConfig {
        credentials: vec![],
        ..EmulatorConfig::default()
    };
    assert!(
        Emulator::start(no_keys)
            .await
            .err()
            .unwrap()
            .to_string()
            .contains("no credentials")
    );
    let twice = EmulatorConfig {
        credentials: [Credential::defaults(), Credential::defaults()].concat(),
        ..EmulatorConfig::default()
    };
    assert!(
        Emulator::start(twice)
            .await
            .err()
            .unwrap()
            .to_string()
            .contains("twice")
    );
    let bad_account = EmulatorConfig {
        credentials: vec![Credential::new("AKID", "secret", "12")],
        ..EmulatorConfig::default()
    };
    assert!(
        Emulator::start(bad_account)
            .await
            .err()
            .unwrap()
            .to_string()
            .contains("12 digits")
    );
}

#[test]
fn credentials_parse_from_a_flag_and_never_show_their_secret() {
    let credential = Credential::parse("AKIDEXAMPLE:se/cr+et:111122223333").unwrap();
    assert_eq!(
        credential,
        Credential::new("AKIDEXAMPLE", "se/cr+et", "111122223333")
    );
    assert!(!format!("{credential:?}").contains("se/cr+et"));
    assert!(Credential::parse("AKIDEXAMPLE:secret").is_err());
    assert!(Credential::parse("AKIDEXAMPLE:secret:notdigits").is_err());
}

#[tokio::test]
async fn custom_credentials_replace_the_defaults() {
    let emu = Emulator::start(EmulatorConfig {
        credentials: vec![Credential::new(
            "AKIDCUSTOM",
            "custom-secret",
            "210987654321",
        )],
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    let default_pair = call_as_sender(&emu, CREATE_INVITATION, &invitation("c")).await;
    assert_eq!(default_pair.error_type(), "UnrecognizedClientException");
    let signing = Signing {
        access_key_id: "AKIDCUSTOM".into(),
        secret: "custom-secret".into(),
        ..Signing::sender()
    };
    let reply = call(&emu, CREATE_INVITATION, &invitation("c"), &signing).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert!(
        reply.body["Arn"]
            .as_str()
            .unwrap()
            .contains("::210987654321:")
    );
    emu.stop().await;
}
