//! Quota mode: the documented per-account rates and daily limits, scaled so a test runs in about
//! a second; ThrottlingException as the service answers it, and none surfacing through a client in
//! adaptive retry mode.
mod common;

use std::time::{Duration, Instant};

use common::*;
use partnercentral_selling::{Client, Credentials, RetryMode};
use partnercentral_selling_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, Emulator, EmulatorConfig, Quotas, Rate,
};
use serde_json::json;

const CREATE_OPPORTUNITY: &str = "AWSPartnerCentralSelling.CreateOpportunity";

async fn with_quotas(quotas: Quotas) -> Emulator {
    Emulator::start(EmulatorConfig {
        quotas: Some(quotas),
        ..EmulatorConfig::default()
    })
    .await
    .expect("emulator starts")
}

fn opportunity(token: &str) -> serde_json::Value {
    json!({"Catalog": "Sandbox", "ClientToken": token, "Project": {"Title": "Quota"}})
}

#[tokio::test]
async fn writes_three_times_the_rate_are_throttled_about_two_in_three() {
    // CreateOpportunity: 1 per second, scaled by 10 (so the test takes a second, not ten).
    let emu = with_quotas(Quotas {
        scale: 10.0,
        overrides: vec![],
    })
    .await;
    let start = Instant::now();
    let (mut ok, mut throttled) = (0, 0);
    for n in 0..30 {
        // 30 per second: three times the scaled rate.
        let due = start + Duration::from_millis(n * 1000 / 30);
        tokio::time::sleep_until(due.into()).await;
        let reply = call_as_sender(&emu, CREATE_OPPORTUNITY, &opportunity(&format!("q{n}"))).await;
        match reply.status {
            200 => ok += 1,
            400 => {
                assert_eq!(
                    reply.error_type(),
                    "ThrottlingException",
                    "{:?}",
                    reply.body
                );
                assert_eq!(reply.headers["x-amzn-errortype"], "ThrottlingException");
                throttled += 1;
            }
            other => panic!("unexpected {other}: {:?}", reply.body),
        }
    }
    // One in the bucket plus about 10 refilled over the second, of 30: about two in three
    // throttled (a loaded machine sends late, so a few more pass).
    assert!((7..=15).contains(&ok), "{ok} passed, {throttled} throttled");
    assert_eq!(emu.stats().throttled, throttled);
    // Quotas are per account: another account is not throttled by the first one's calls.
    let reply = call(
        &emu,
        CREATE_OPPORTUNITY,
        &opportunity("other"),
        &Signing::receiver(),
    )
    .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    emu.stop().await;
}

#[tokio::test]
async fn the_daily_limit_holds_until_a_day_has_passed_on_the_emulator_clock() {
    let emu = with_quotas(Quotas {
        scale: 1.0,
        overrides: vec![(
            "ListSolutions".into(),
            Rate {
                per_second: 1000.0,
                per_day: Some(5),
            },
        )],
    })
    .await;
    let list = json!({"Catalog": "AWS"});
    for _ in 0..5 {
        assert_eq!(
            call_as_sender(&emu, "AWSPartnerCentralSelling.ListSolutions", &list)
                .await
                .status,
            200
        );
    }
    let reply = call_as_sender(&emu, "AWSPartnerCentralSelling.ListSolutions", &list).await;
    assert_eq!(reply.error_type(), "ThrottlingException");
    assert!(reply.message().contains("24 hours"), "{}", reply.message());
    emu.advance(Duration::from_secs(86_400)).unwrap();
    assert_eq!(
        call_as_sender(&emu, "AWSPartnerCentralSelling.ListSolutions", &list)
            .await
            .status,
        200
    );
    emu.stop().await;
}

#[tokio::test]
async fn an_adaptive_client_lets_no_throttle_surface() {
    let emu = with_quotas(Quotas {
        scale: 10.0,
        overrides: vec![],
    })
    .await;
    let client = Client::builder()
        .env_vars(Vec::<(String, String)>::new())
        .region("us-east-1")
        .endpoint_url(emu.url())
        .credentials(Credentials::new(
            DEFAULT_ACCESS_KEY_ID,
            DEFAULT_SECRET_ACCESS_KEY,
            None,
        ))
        .retry_mode(RetryMode::Adaptive)
        .max_attempts(10)
        .build()
        .await
        .expect("client builds");
    let op = partnercentral_selling::operation("CreateOpportunity").unwrap();
    let start = Instant::now();
    for n in 0..10 {
        let due = start + Duration::from_millis(n * 1000 / 30);
        tokio::time::sleep_until(due.into()).await;
        let out = client.call(op, opportunity(&format!("a{n}"))).await;
        assert!(out.is_ok(), "call {n}: {:?}", out.err());
    }
    // The emulator did throttle; the client absorbed it.
    assert!(emu.stats().throttled > 0);
    emu.stop().await;
}
