//! The real client (`partnercentral_selling::Client`) against the emulator over loopback:
//! success, every error, every fault, idempotency under concurrency.
mod common;

use std::time::Duration;

use common::invitation;
use futures_util::future::join_all;
use partnercentral_selling::{Client, Credentials, Error};
use partnercentral_selling_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, Emulator, EmulatorConfig, FaultKind, Faults,
};
use serde_json::Value;

struct Setup {
    max_attempts: u32,
    validation: bool,
    secret: &'static str,
    access_key_id: &'static str,
    read_timeout: Option<Duration>,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            max_attempts: 3,
            validation: true,
            secret: DEFAULT_SECRET_ACCESS_KEY,
            access_key_id: DEFAULT_ACCESS_KEY_ID,
            read_timeout: Some(Duration::from_secs(30)),
        }
    }
}

async fn client(emu: &Emulator, setup: Setup) -> Client {
    Client::builder()
        // No AWS_* variable of the machine running the tests may steer the client elsewhere.
        .env_vars(Vec::<(String, String)>::new())
        .region("us-east-1")
        .endpoint_url(emu.url())
        .credentials(Credentials::new(setup.access_key_id, setup.secret, None))
        .max_attempts(setup.max_attempts)
        .retry_backoff_scale(0.001)
        .parameter_validation(setup.validation)
        .read_timeout(setup.read_timeout)
        .build()
        .await
        .expect("client builds")
}

/// A valid request without a ClientToken, so the client fills one in.
fn request() -> Value {
    let mut input = invitation("unused");
    input.as_object_mut().unwrap().remove("ClientToken");
    input
}

/// The operation every call here makes, from the core's table.
fn create_invitation() -> &'static partnercentral_selling::Operation {
    partnercentral_selling::operation("CreateEngagementInvitation").expect("in the model")
}

fn service_code(error: &Error) -> &str {
    error.service_error().map(|e| e.code.as_str()).unwrap_or("")
}

#[tokio::test]
async fn success_carries_id_arn_and_metadata() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let client = client(&emu, Setup::default()).await;
    let out = client.call(create_invitation(), request()).await.unwrap();
    let stored = emu.stored_invitations();
    assert_eq!(stored.len(), 1);
    assert_eq!(out.output["Id"], stored[0].id.as_str());
    assert_eq!(out.output["Arn"], stored[0].arn.as_str());
    assert_eq!(out.metadata.http_status, 200);
    assert_eq!(out.metadata.attempts, 1);
    assert!(out.metadata.request_id.is_some());
    assert_eq!(
        out.metadata.client_token.as_deref(),
        Some(stored[0].client_token.as_str())
    );
    emu.stop().await;
}

#[tokio::test]
async fn service_validation_errors_reach_the_caller_with_their_error_list() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let client = client(
        &emu,
        Setup {
            validation: false,
            ..Setup::default()
        },
    )
    .await;
    let mut input = request();
    input["Invitation"]["Payload"]["OpportunityInvitation"]["Customer"]["CountryCode"] =
        "ZZ".into();
    let error = client.call(create_invitation(), input).await.unwrap_err();
    let service = error.service_error().expect("a service error");
    assert_eq!(service.code, "ValidationException");
    assert_eq!(service.reason.as_deref(), Some("REQUEST_VALIDATION_FAILED"));
    assert_eq!(service.error_list.len(), 1);
    assert_eq!(
        service.error_list[0].field_name.as_deref(),
        Some("Invitation.Payload.OpportunityInvitation.Customer.CountryCode")
    );
    assert_eq!(service.error_list[0].code, "INVALID_ENUM_VALUE");
    assert_eq!(
        service.metadata.attempts, 1,
        "validation errors are not retried"
    );
    assert_eq!(emu.stored_invitations().len(), 0);
    emu.stop().await;
}

#[tokio::test]
async fn not_found_conflict_and_unknown_catalog_are_service_errors() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let client = client(&emu, Setup::default()).await;
    let mut input = request();
    input["EngagementIdentifier"] = "eng-zzzzzzzzzzzzzz".into();
    let error = client.call(create_invitation(), input).await.unwrap_err();
    assert_eq!(service_code(&error), "ResourceNotFoundException");

    let mut first = request();
    first["ClientToken"] = "client-conflict".into();
    client
        .call(create_invitation(), first.clone())
        .await
        .unwrap();
    first["Invitation"]["Message"] = "Something else".into();
    let error = client.call(create_invitation(), first).await.unwrap_err();
    assert_eq!(service_code(&error), "ConflictException");
    assert_eq!(
        error.metadata().unwrap().attempts,
        1,
        "conflicts are not retried"
    );

    let mut input = request();
    input["Catalog"] = "Marketplace".into();
    let error = client.call(create_invitation(), input).await.unwrap_err();
    assert_eq!(service_code(&error), "ValidationException");
    assert_eq!(emu.stored_invitations().len(), 1);
    emu.stop().await;
}

#[tokio::test]
async fn authentication_failures_are_service_errors() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let wrong_secret = client(
        &emu,
        Setup {
            secret: "not-the-secret",
            ..Setup::default()
        },
    )
    .await;
    let error = wrong_secret
        .call(create_invitation(), request())
        .await
        .unwrap_err();
    assert_eq!(service_code(&error), "InvalidSignatureException");
    assert_eq!(error.metadata().unwrap().http_status, 403);
    let unknown_key = client(
        &emu,
        Setup {
            access_key_id: "AKIDNOBODYEXAMPLE000",
            ..Setup::default()
        },
    )
    .await;
    let error = unknown_key
        .call(create_invitation(), request())
        .await
        .unwrap_err();
    assert_eq!(service_code(&error), "UnrecognizedClientException");
    assert_eq!(emu.stored_invitations().len(), 0);
    emu.stop().await;
}

#[tokio::test]
async fn throttling_is_retried_and_surfaces_when_attempts_run_out() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let client3 = client(&emu, Setup::default()).await;
    emu.set_faults(Faults::next_requests(FaultKind::Throttle, 1))
        .unwrap();
    let out = client3.call(create_invitation(), request()).await.unwrap();
    assert_eq!(out.metadata.attempts, 2);
    let client1 = client(
        &emu,
        Setup {
            max_attempts: 1,
            ..Setup::default()
        },
    )
    .await;
    emu.set_faults(Faults::next_requests(FaultKind::Throttle, 1))
        .unwrap();
    let error = client1
        .call(create_invitation(), request())
        .await
        .unwrap_err();
    assert_eq!(service_code(&error), "ThrottlingException");
    assert_eq!(emu.stats().throttled, 2);
    emu.stop().await;
}

#[tokio::test]
async fn server_errors_are_retried_up_to_max_attempts() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let client = client(&emu, Setup::default()).await;
    emu.set_faults(Faults::next_requests(FaultKind::Error, 2))
        .unwrap();
    let out = client.call(create_invitation(), request()).await.unwrap();
    assert_eq!(out.metadata.attempts, 3);
    emu.set_faults(Faults::next_requests(FaultKind::Error, 3))
        .unwrap();
    let error = client
        .call(create_invitation(), request())
        .await
        .unwrap_err();
    assert_eq!(service_code(&error), "InternalServerException");
    assert_eq!(error.metadata().unwrap().attempts, 3);
    assert_eq!(emu.stored_invitations().len(), 1);
    emu.stop().await;
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let client = client(&emu, Setup::default()).await;
    emu.set_faults(Faults::next_requests(FaultKind::Drop, 1))
        .unwrap();
    let out = client.call(create_invitation(), request()).await.unwrap();
    assert_eq!(out.metadata.attempts, 2);
    assert_eq!(emu.stats().dropped_connections, 1);
    let client1 = client_with_one_attempt(&emu).await;
    emu.set_faults(Faults::next_requests(FaultKind::Drop, 1))
        .unwrap();
    let error = client1
        .call(create_invitation(), request())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    emu.stop().await;
}

async fn client_with_one_attempt(emu: &Emulator) -> Client {
    client(
        emu,
        Setup {
            max_attempts: 1,
            ..Setup::default()
        },
    )
    .await
}

#[tokio::test]
async fn store_then_fail_is_retried_with_the_same_token_and_stores_once() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let client = client(&emu, Setup::default()).await;
    emu.set_faults(Faults::next_requests(FaultKind::StoreThenFail, 1))
        .unwrap();
    let out = client.call(create_invitation(), request()).await.unwrap();
    assert_eq!(out.metadata.attempts, 2);
    let stored = emu.stored_invitations();
    assert_eq!(stored.len(), 1);
    assert_eq!(out.output["Id"], stored[0].id.as_str());
    assert_eq!(
        out.metadata.client_token.as_deref(),
        Some(stored[0].client_token.as_str())
    );
    assert_eq!(emu.stats().idempotent_replays, 1);
    emu.stop().await;
}

#[tokio::test]
async fn latency_beyond_the_read_timeout_is_a_timeout() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let client = client(
        &emu,
        Setup {
            max_attempts: 1,
            read_timeout: Some(Duration::from_millis(200)),
            ..Setup::default()
        },
    )
    .await;
    // Far beyond the timeout, so the outcome does not depend on how busy the machine is.
    emu.set_faults(Faults {
        latency_ms: 3_000,
        ..Faults::default()
    })
    .unwrap();
    let error = client
        .call(create_invitation(), request())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_with_one_token_store_one_invitation() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let client = client(&emu, Setup::default()).await;
    let mut input = request();
    input["ClientToken"] = "client-concurrent".into();
    // Half of the first answers fail after storing; the retries must still find one invitation.
    emu.set_faults(Faults {
        store_then_fail_rate: 0.5,
        ..Faults::default()
    })
    .unwrap();
    let outs = join_all((0..32).map(|_| {
        let client = client.clone();
        let input = input.clone();
        tokio::spawn(async move { client.call(create_invitation(), input).await })
    }))
    .await;
    let stored = emu.stored_invitations();
    assert_eq!(stored.len(), 1);
    for out in outs {
        match out.unwrap() {
            Ok(out) => assert_eq!(out.output["Id"], stored[0].id.as_str()),
            // Three store-then-fail answers in a row are possible at rate 0.5.
            Err(error) => assert_eq!(service_code(&error), "InternalServerException"),
        }
    }
    emu.stop().await;
}
