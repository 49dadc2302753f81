//! Exactly once under faults: against the emulator's throttling, 500s, dropped connections,
//! "store, then fail" and answers slower than the read timeout, every logical call ends in exactly
//! one stored invitation or one clear error that names what happened and carries the
//! `ClientToken` to retry with; never two invitations. Attempts and time stay within the
//! configured bounds. Every assertion about invitations counts them in the emulator.

#[path = "hardening_support/request.rs"]
mod request;

mod common;
use common::InviteExt;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use partnercentral_selling::{Client, Credentials, Error, ErrorKind};
use partnercentral_selling_emulator::{Emulator, EmulatorConfig, FaultKind, Faults};
use request::{ACCESS_KEY, SECRET_KEY, valid_request};
use serde_json::Value;

const MAX_ATTEMPTS: u32 = 3;
const READ_TIMEOUT: Duration = Duration::from_millis(400);

async fn emulator_with(faults: Faults) -> Emulator {
    Emulator::start(EmulatorConfig {
        faults,
        ..EmulatorConfig::default()
    })
    .await
    .expect("emulator")
}

/// Retry waits scaled down (their shape unchanged) so the suite does not sleep for seconds.
async fn client_for(emulator: &Emulator, max_attempts: u32) -> Client {
    Client::builder()
        .env_vars(Vec::<(String, String)>::new())
        .region("us-east-1")
        .endpoint_url(emulator.url())
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .max_attempts(max_attempts)
        .read_timeout(Some(READ_TIMEOUT))
        .connect_timeout(Some(Duration::from_secs(5)))
        .retry_backoff_scale(0.01)
        .build()
        .await
        .expect("client")
}

/// The outer bound on one logical call: every attempt may wait a full read timeout, and the
/// (scaled) backoff between attempts is capped at 20 s * 0.01. Generous slack keeps a busy
/// machine from failing it; a retry loop that ignores `max_attempts` still would.
fn time_bound(max_attempts: u32, per_attempt: Duration) -> Duration {
    (per_attempt + Duration::from_millis(200)) * max_attempts + Duration::from_secs(15)
}

/// The token a failed call carried, so the caller can retry it without a duplicate.
fn token_of(error: &Error) -> Option<String> {
    match error {
        Error::Service(service) => service.metadata.client_token.clone(),
        Error::Timeout { client_token, .. } | Error::Connection { client_token, .. } => {
            client_token.clone()
        }
        _ => None,
    }
}

fn with_token(token: &str) -> Value {
    let mut input = valid_request();
    input["ClientToken"] = Value::from(token);
    input
}

fn stored_tokens(emulator: &Emulator) -> Vec<String> {
    emulator
        .stored_invitations()
        .into_iter()
        .map(|invitation| invitation.client_token)
        .collect()
}

#[tokio::test]
async fn store_then_fail_once_is_retried_into_the_same_single_invitation() {
    let emulator = emulator_with(Faults::next_requests(FaultKind::StoreThenFail, 1)).await;
    let client = client_for(&emulator, MAX_ATTEMPTS).await;

    let output = client
        .create_engagement_invitation_value(valid_request())
        .await
        .expect("the retry finds the stored invitation through its ClientToken");
    assert_eq!(output.metadata.attempts, 2);
    let stored = emulator.stored_invitations();
    assert_eq!(stored.len(), 1, "one logical call, one invitation");
    assert_eq!(
        stored[0].id, output.id,
        "the retry returned the stored invitation"
    );
    assert_eq!(stored[0].client_token, output.metadata.client_token);
}

#[tokio::test]
async fn store_then_fail_on_every_attempt_is_one_invitation_and_one_clear_error() {
    let emulator = emulator_with(Faults::next_requests(
        FaultKind::StoreThenFail,
        MAX_ATTEMPTS as usize,
    ))
    .await;
    let client = client_for(&emulator, MAX_ATTEMPTS).await;

    let error = client
        .create_engagement_invitation_value(valid_request())
        .await
        .expect_err("every attempt answered 500");
    assert_eq!(error.code(), Some("InternalServerException"));
    let metadata = error.metadata().expect("a service error has metadata");
    assert_eq!(metadata.attempts, MAX_ATTEMPTS);
    let text = error.to_string();
    assert!(text.contains("InternalServerException"), "{text}");
    assert!(
        text.contains("ClientToken"),
        "the error must say to retry with the ClientToken: {text}"
    );
    assert_eq!(
        stored_tokens(&emulator),
        std::slice::from_ref(metadata.client_token.as_ref().unwrap()),
        "three attempts of one call stored exactly one invitation"
    );

    // The caller retries later with the token from the error: the same invitation, no second one.
    let retried = client
        .create_engagement_invitation_value(with_token(metadata.client_token.as_deref().unwrap()))
        .await
        .expect("faults are spent; the replay answers");
    assert_eq!(retried.id, emulator.stored_invitations()[0].id);
    assert_eq!(emulator.stored_invitations().len(), 1);
}

#[tokio::test]
async fn dropped_connection_is_retried_and_stores_once() {
    let emulator = emulator_with(Faults::next_requests(FaultKind::Drop, 1)).await;
    let client = client_for(&emulator, MAX_ATTEMPTS).await;
    let output = client
        .create_engagement_invitation_value(valid_request())
        .await
        .expect("a dropped connection is retried");
    assert_eq!(output.metadata.attempts, 2);
    assert_eq!(stored_tokens(&emulator), [output.metadata.client_token]);
}

#[tokio::test]
async fn dropped_connections_on_every_attempt_end_in_one_connection_error() {
    let emulator = emulator_with(Faults::next_requests(
        FaultKind::Drop,
        MAX_ATTEMPTS as usize,
    ))
    .await;
    let client = client_for(&emulator, MAX_ATTEMPTS).await;
    let started = Instant::now();
    let error = client
        .create_engagement_invitation_value(valid_request())
        .await
        .expect_err("every attempt was dropped");
    assert!(started.elapsed() < time_bound(MAX_ATTEMPTS, READ_TIMEOUT));
    assert_eq!(error.kind(), ErrorKind::Connection, "{error}");
    match &error {
        Error::Connection { attempts, .. } => assert_eq!(*attempts, MAX_ATTEMPTS),
        other => panic!("expected a connection error, got {other:?}"),
    }
    assert!(
        token_of(&error).is_some(),
        "the error must carry the ClientToken: {error:?}"
    );
    assert!(emulator.stored_invitations().is_empty());
    assert_eq!(
        emulator.stats().dropped_connections,
        u64::from(MAX_ATTEMPTS)
    );
}

#[tokio::test]
async fn throttling_and_500s_are_retried_within_max_attempts() {
    let emulator = emulator_with(Faults {
        next: vec![FaultKind::Throttle, FaultKind::Error],
        ..Faults::default()
    })
    .await;
    let client = client_for(&emulator, MAX_ATTEMPTS).await;
    let output = client
        .create_engagement_invitation_value(valid_request())
        .await
        .expect("third attempt succeeds");
    assert_eq!(output.metadata.attempts, 3);
    assert!(output.metadata.total_retry_delay > Duration::ZERO);
    assert_eq!(stored_tokens(&emulator), [output.metadata.client_token]);
    assert_eq!(
        emulator.stats().requests,
        3,
        "no attempt beyond the three needed"
    );
}

#[tokio::test]
async fn throttling_on_every_attempt_stops_at_max_attempts() {
    let emulator = emulator_with(Faults::next_requests(FaultKind::Throttle, 10)).await;
    let client = client_for(&emulator, 2).await;
    let error = client
        .create_engagement_invitation_value(valid_request())
        .await
        .expect_err("throttled throughout");
    assert_eq!(error.code(), Some("ThrottlingException"));
    assert_eq!(error.metadata().map(|m| m.attempts), Some(2));
    assert_eq!(
        emulator.stats().requests,
        2,
        "max_attempts 2 means two requests"
    );
    assert!(emulator.stored_invitations().is_empty());
}

#[tokio::test]
async fn answers_slower_than_the_read_timeout_end_in_a_timeout_and_at_most_one_invitation() {
    let emulator = emulator_with(Faults {
        latency_ms: 3 * READ_TIMEOUT.as_millis() as u64,
        ..Faults::default()
    })
    .await;
    let client = client_for(&emulator, MAX_ATTEMPTS).await;
    let started = Instant::now();
    let error = client
        .create_engagement_invitation_value(valid_request())
        .await
        .expect_err("every answer comes after the read timeout");
    assert!(
        started.elapsed() < time_bound(MAX_ATTEMPTS, READ_TIMEOUT),
        "{:?} for {MAX_ATTEMPTS} attempts of {READ_TIMEOUT:?}",
        started.elapsed()
    );
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert!(error.to_string().contains("timed out"), "{error}");
    let token = token_of(&error).expect("a timeout carries the ClientToken");

    // Whatever the server did with the abandoned attempts, it holds at most one invitation for
    // this token; once it answers in time, the retry with the token settles on exactly one.
    emulator
        .set_faults(Faults::default())
        .expect("clear faults");
    let stored = stored_tokens(&emulator);
    assert!(
        stored.iter().all(|t| *t == token) && stored.len() <= 1,
        "{stored:?}"
    );
    let output = client
        .create_engagement_invitation_value(with_token(&token))
        .await
        .expect("the retry with the token succeeds");
    assert_eq!(stored_tokens(&emulator), [token]);
    assert_eq!(emulator.stored_invitations()[0].id, output.id);
}

/// Many logical calls at once under a mix of every fault: each ends in one invitation or one
/// error with its token; re-driving the failed ones with their tokens leaves exactly one
/// invitation per logical call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storm_of_mixed_faults_never_duplicates_an_invitation() {
    const CALLS: usize = 120;
    const IN_FLIGHT: usize = 16;
    let emulator = emulator_with(Faults {
        error_rate: 0.15,
        drop_rate: 0.1,
        store_then_fail_rate: 0.15,
        throttle_rps: Some(400.0),
        throttle_burst: Some(20),
        ..Faults::default()
    })
    .await;
    let client = client_for(&emulator, 4).await;

    let started = Instant::now();
    let mut outcomes = Vec::with_capacity(CALLS);
    let mut in_flight = tokio::task::JoinSet::new();
    for _ in 0..CALLS {
        if in_flight.len() == IN_FLIGHT {
            outcomes.push(
                in_flight
                    .join_next()
                    .await
                    .expect("a call")
                    .expect("no panic"),
            );
        }
        let client = client.clone();
        in_flight.spawn(async move {
            client
                .create_engagement_invitation_value(valid_request())
                .await
        });
    }
    while let Some(outcome) = in_flight.join_next().await {
        outcomes.push(outcome.expect("no panic"));
    }
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "the storm took {:?}",
        started.elapsed()
    );

    let mut tokens = HashSet::new();
    let mut failed = Vec::new();
    for outcome in &outcomes {
        let token = match outcome {
            Ok(output) => {
                assert!(output.metadata.attempts <= 4);
                output.metadata.client_token.clone()
            }
            Err(error) => {
                let token = token_of(error)
                    .unwrap_or_else(|| panic!("a failed call without its ClientToken: {error:?}"));
                failed.push(token.clone());
                token
            }
        };
        assert!(
            tokens.insert(token),
            "two logical calls shared a ClientToken"
        );
    }
    let stored = stored_tokens(&emulator);
    let unique: HashSet<_> = stored.iter().collect();
    assert_eq!(
        unique.len(),
        stored.len(),
        "one token stored twice: a duplicate invitation"
    );
    assert!(
        stored.iter().all(|t| tokens.contains(t)),
        "an invitation no call asked for"
    );
    for outcome in outcomes.iter().flatten() {
        assert!(
            stored.contains(&outcome.metadata.client_token),
            "a success with nothing stored"
        );
    }

    emulator
        .set_faults(Faults::default())
        .expect("clear faults");
    for token in &failed {
        client
            .create_engagement_invitation_value(with_token(token))
            .await
            .expect("the retry with the token succeeds once the faults stop");
    }
    let per_token = emulator.stored_invitations().into_iter().fold(
        HashMap::<String, usize>::new(),
        |mut counts, invitation| {
            *counts.entry(invitation.client_token).or_default() += 1;
            counts
        },
    );
    assert_eq!(
        per_token.len(),
        CALLS,
        "every logical call ends in an invitation"
    );
    assert!(per_token.values().all(|&n| n == 1), "exactly one each");
}
