//! Every fault, set at start, through the handle, and through the admin route.
mod common;

use std::time::{Duration, Instant};

use common::*;
use partnercentral_selling_emulator::{Emulator, EmulatorConfig, FaultKind, Faults};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn throttle_answers_throttling_exception_beyond_the_bucket() {
    // One token per thousand seconds and a burst of two: the refill cannot matter here.
    let emu = Emulator::start(EmulatorConfig {
        faults: Faults {
            throttle_rps: Some(0.001),
            throttle_burst: Some(2),
            ..Faults::default()
        },
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    for i in 0..2 {
        let reply = call_as_sender(&emu, CREATE_INVITATION, &invitation(&format!("th-{i}"))).await;
        assert_eq!(reply.status, 200);
    }
    let reply = call_as_sender(&emu, CREATE_INVITATION, &invitation("th-2")).await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error_type(), "ThrottlingException");
    assert_eq!(reply.headers["x-amzn-errortype"], "ThrottlingException");
    assert!(reply.request_id().is_some());
    assert_eq!(emu.stored_invitations().len(), 2);
    assert_eq!(emu.stats().throttled, 1);
    emu.stop().await;
}

#[tokio::test]
async fn error_rate_one_fails_every_request_without_storing() {
    let emu = emulator().await;
    emu.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    })
    .unwrap();
    for i in 0..3 {
        let reply = call_as_sender(&emu, CREATE_INVITATION, &invitation(&format!("err-{i}"))).await;
        assert_eq!(reply.status, 500);
        assert_eq!(reply.error_type(), "InternalServerException");
    }
    assert_eq!(emu.stored_invitations().len(), 0);
    assert_eq!(emu.stats().injected_errors, 3);
    emu.set_faults(Faults::default()).unwrap();
    assert_eq!(
        call_as_sender(&emu, CREATE_INVITATION, &invitation("err-ok"))
            .await
            .status,
        200
    );
    emu.stop().await;
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let emu = emulator().await;
    emu.set_faults(Faults {
        latency_ms: 300,
        ..Faults::default()
    })
    .unwrap();
    let started = Instant::now();
    let reply = call_as_sender(&emu, CREATE_INVITATION, &invitation("slow")).await;
    // A lower bound only: the sleep guarantees it, however busy the machine.
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(reply.status, 200);
    emu.stop().await;
}

#[tokio::test]
async fn a_dropped_connection_gets_no_answer_and_stores_nothing() {
    let emu = emulator().await;
    emu.set_faults(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    })
    .unwrap();
    let body = serde_json::to_vec(&invitation("drop")).unwrap();
    let request = signed_request(emu.url(), CREATE_INVITATION, &body, &Signing::sender());
    let error = send(&http(), request)
        .await
        .expect_err("no answer comes back");
    assert!(!error.is_timeout(), "{error:?}");
    assert!(
        error.is_request() || error.is_connect() || error.is_body(),
        "{error:?}"
    );
    assert_eq!(emu.stored_invitations().len(), 0);
    assert_eq!(emu.stats().dropped_connections, 1);
    emu.stop().await;
}

#[tokio::test]
async fn store_then_fail_stores_and_the_retry_finds_it() {
    let emu = emulator().await;
    emu.set_faults(Faults::next_requests(FaultKind::StoreThenFail, 1))
        .unwrap();
    let failed = call_as_sender(&emu, CREATE_INVITATION, &invitation("stf")).await;
    assert_eq!(failed.status, 500);
    assert_eq!(failed.error_type(), "InternalServerException");
    let stored = emu.stored_invitations();
    assert_eq!(stored.len(), 1);
    let retried = call_as_sender(&emu, CREATE_INVITATION, &invitation("stf")).await;
    assert_eq!(retried.status, 200);
    assert_eq!(retried.body["Id"], stored[0].id.as_str());
    assert_eq!(emu.stored_invitations().len(), 1);
    assert_eq!(emu.stats().stored_then_failed, 1);
    emu.stop().await;
}

#[tokio::test]
async fn store_then_fail_rate_one_stores_every_invitation_and_answers_500() {
    let emu = emulator().await;
    emu.set_faults(Faults {
        store_then_fail_rate: 1.0,
        ..Faults::default()
    })
    .unwrap();
    for i in 0..2 {
        let reply =
            call_as_sender(&emu, CREATE_INVITATION, &invitation(&format!("stfr-{i}"))).await;
        assert_eq!(reply.status, 500);
    }
    assert_eq!(emu.stored_invitations().len(), 2);
    emu.stop().await;
}

#[tokio::test]
async fn a_schedule_fails_exactly_the_next_requests() {
    let emu = emulator().await;
    emu.set_faults(Faults {
        next: vec![
            FaultKind::Error,
            FaultKind::Throttle,
            FaultKind::None,
            FaultKind::Error,
        ],
        ..Faults::default()
    })
    .unwrap();
    let mut statuses = Vec::new();
    for i in 0..6 {
        let reply =
            call_as_sender(&emu, CREATE_INVITATION, &invitation(&format!("sched-{i}"))).await;
        statuses.push((reply.status, reply.error_type().to_owned()));
    }
    let expected: Vec<(u16, String)> = [
        (500, "InternalServerException"),
        (400, "ThrottlingException"),
        (200, ""),
        (500, "InternalServerException"),
        (200, ""),
        (200, ""),
    ]
    .iter()
    .map(|(s, t)| (*s, t.to_string()))
    .collect();
    assert_eq!(statuses, expected);
    assert_eq!(emu.faults().next, vec![]);
    emu.stop().await;
}

#[tokio::test]
async fn faults_skip_requests_that_fail_authentication() {
    let emu = emulator().await;
    emu.set_faults(Faults::next_requests(FaultKind::Error, 1))
        .unwrap();
    let unsigned = Signing {
        secret: "wrong".into(),
        ..Signing::sender()
    };
    assert_eq!(
        call(&emu, CREATE_INVITATION, &invitation("a"), &unsigned)
            .await
            .status,
        403
    );
    assert_eq!(emu.faults().next, vec![FaultKind::Error]);
    emu.stop().await;
}

#[tokio::test]
async fn the_admin_route_sets_reads_and_clears_faults() {
    let emu = emulator().await;
    let (status, body) = admin(
        &emu,
        Method::POST,
        "/__emulator/faults",
        Some(json!({"next": ["error", "drop"], "latency_ms": 5})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["next"], json!(["error", "drop"]));
    let (_, body) = admin(&emu, Method::GET, "/__emulator/faults", None).await;
    assert_eq!(body["latency_ms"], 5);
    assert_eq!(
        call_as_sender(&emu, CREATE_INVITATION, &invitation("adm"))
            .await
            .status,
        500
    );
    let (_, body) = admin(&emu, Method::GET, "/__emulator/faults", None).await;
    assert_eq!(body["next"], json!(["drop"]));
    let (status, body) = admin(&emu, Method::DELETE, "/__emulator/faults", None).await;
    assert_eq!(status, 200);
    assert_eq!(body["next"], json!([]));
    assert_eq!(emu.faults(), Faults::default());
    assert_eq!(
        call_as_sender(&emu, CREATE_INVITATION, &invitation("adm"))
            .await
            .status,
        200
    );
    emu.stop().await;
}

#[tokio::test]
async fn the_admin_route_refuses_nonsense_faults() {
    let emu = emulator().await;
    let (status, body) = admin(
        &emu,
        Method::PUT,
        "/__emulator/faults",
        Some(json!({"error_rate": 2})),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("error_rate"));
    let (status, body) = admin(
        &emu,
        Method::PUT,
        "/__emulator/faults",
        Some(json!({"eror_rate": 0.5})),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body["message"].as_str().unwrap().contains("eror_rate"));
    assert_eq!(emu.faults(), Faults::default());
    assert!(
        emu.set_faults(Faults {
            drop_rate: -0.1,
            ..Faults::default()
        })
        .is_err()
    );
    emu.stop().await;
}

#[tokio::test]
async fn stats_invitations_and_reset_over_the_admin_route() {
    let emu = emulator().await;
    call_as_sender(&emu, CREATE_INVITATION, &invitation("st-1")).await;
    call_as_sender(&emu, CREATE_INVITATION, &invitation("st-1")).await;
    let (status, stats) = admin(&emu, Method::GET, "/__emulator/stats", None).await;
    assert_eq!(status, 200);
    assert_eq!(stats["requests"], 2);
    assert_eq!(stats["invitations_stored"], 1);
    assert_eq!(stats["idempotent_replays"], 1);
    assert_eq!(stats["engagements_stored"], 4);
    let (_, listed) = admin(&emu, Method::GET, "/__emulator/invitations", None).await;
    assert_eq!(listed["invitations"][0]["client_token"], "st-1");
    assert!(listed["invitations"][0].get("message").is_none());
    let (status, stats) = admin(&emu, Method::POST, "/__emulator/reset", None).await;
    assert_eq!(status, 200);
    assert_eq!(stats["invitations_stored"], 0);
    assert_eq!(stats["requests"], 0);
    assert_eq!(emu.stored_invitations().len(), 0);
    // After a reset the token is free again: a new invitation, not a replay.
    let again = call_as_sender(&emu, CREATE_INVITATION, &invitation("st-1")).await;
    assert_eq!(again.status, 200);
    assert_eq!(emu.stats().invitations_created, 1);
    emu.stop().await;
}
