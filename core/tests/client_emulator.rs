//! Smoke test against the project's emulator over real loopback HTTP: it verifies the client's
//! SigV4 from scratch, answers as the service does, and keeps state, so idempotency across the
//! client's own retries is observable.
mod client_support;
use client_support::InviteExt;

use client_support::{builder, valid_input};
use partnercentral_selling::{Credentials, ErrorKind};
use partnercentral_selling_emulator::{Emulator, EmulatorConfig, FaultKind, Faults};

#[tokio::test]
async fn a_signed_call_creates_one_invitation() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let client = builder(emu.url()).build().await.unwrap();
    let out = client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap();
    let stored = emu.stored_invitations();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].id, out.id);
    assert_eq!(stored[0].arn, out.arn);
    assert_eq!(stored[0].client_token, out.metadata.client_token);
    assert_eq!(stored[0].engagement_id, "eng-demo00000000a1");
    emu.stop().await;
}

#[tokio::test]
async fn retries_after_store_then_fail_create_exactly_one_invitation() {
    let emu = Emulator::start(EmulatorConfig {
        faults: Faults {
            next: vec![
                FaultKind::StoreThenFail,
                FaultKind::Drop,
                FaultKind::Throttle,
            ],
            ..Faults::default()
        },
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    let client = builder(emu.url()).max_attempts(4).build().await.unwrap();
    let out = client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap();
    assert_eq!(out.metadata.attempts, 4);
    let stored = emu.stored_invitations();
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].id, out.id);
    emu.stop().await;
}

#[tokio::test]
async fn the_emulator_judges_what_validation_off_lets_through() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let mut input = valid_input();
    input["EngagementIdentifier"] = "not-an-engagement".into();
    let err = builder(emu.url())
        .parameter_validation(false)
        .build()
        .await
        .unwrap()
        .create_engagement_invitation_value(input)
        .await
        .unwrap_err();
    let service = err.service_error().expect("a service error");
    assert_eq!(service.code, "ValidationException");
    assert!(
        service
            .error_list
            .iter()
            .any(|e| e.field_name.as_deref() == Some("EngagementIdentifier")),
        "{service:?}"
    );
    assert!(emu.stored_invitations().is_empty());
    emu.stop().await;
}

#[tokio::test]
async fn a_wrong_secret_is_rejected_by_the_emulators_signature_check() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let err = builder(emu.url())
        .credentials(Credentials::new(
            client_support::AKID,
            "not-the-secret",
            None,
        ))
        .build()
        .await
        .unwrap()
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Service);
    assert_eq!(err.code(), Some("InvalidSignatureException"));
    assert_eq!(err.metadata().unwrap().attempts, 1);
    emu.stop().await;
}
