//! The clock and event admin routes, event delivery to a URL with retries, and the admin token.
mod common;

use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use partnercentral_selling_emulator::{Emulator, EmulatorConfig};
use serde_json::{Value, json};

#[tokio::test]
async fn the_clock_route_advances_and_sets_time_and_expires_invitations() {
    let emu = emulator().await;
    let created = call_as_sender(&emu, CREATE_INVITATION, &invitation("c1")).await;
    let id = created.body["Id"].as_str().unwrap().to_owned();
    let (status, before) = admin(&emu, reqwest::Method::GET, "/__emulator/clock", None).await;
    assert_eq!(status, 200);
    let (status, after) = admin(
        &emu,
        reqwest::Method::POST,
        "/__emulator/clock",
        Some(json!({"advance": {"days": 15}})),
    )
    .await;
    assert_eq!(status, 200, "{after:?}");
    assert!(after["now"].as_str().unwrap() > before["now"].as_str().unwrap());
    let get = call(
        &emu,
        GET_INVITATION,
        &json!({"Catalog": "AWS", "Identifier": id}),
        &Signing::receiver(),
    )
    .await;
    assert_eq!(get.body["Status"], "EXPIRED");
    // Bad requests say what to send; the clock never goes back.
    let (status, body) = admin(
        &emu,
        reqwest::Method::POST,
        "/__emulator/clock",
        Some(json!({"advance": {"weeks": 1}})),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["message"].as_str().unwrap().contains("days"),
        "{body:?}"
    );
    let (status, body) = admin(
        &emu,
        reqwest::Method::POST,
        "/__emulator/clock",
        Some(json!({"set": "2001-01-01T00:00:00Z"})),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["message"].as_str().unwrap().contains("cannot go back"),
        "{body:?}"
    );
    let (status, body) = admin(
        &emu,
        reqwest::Method::POST,
        "/__emulator/clock",
        Some(json!({"set": "2040-01-01T00:00:00Z"})),
    )
    .await;
    assert_eq!(status, 200, "{body:?}");
    assert!(
        body["now"]
            .as_str()
            .unwrap()
            .starts_with("2040-01-01T00:00:0")
    );
    emu.stop().await;
}

#[tokio::test]
async fn the_events_route_reads_in_order_from_a_cursor_and_per_account() {
    let emu = emulator().await;
    call_as_sender(&emu, CREATE_INVITATION, &invitation("e1")).await;
    call_as_sender(&emu, CREATE_INVITATION, &invitation("e2")).await;
    let (status, all) = admin(&emu, reqwest::Method::GET, "/__emulator/events", None).await;
    assert_eq!(status, 200);
    let events = all["events"].as_array().unwrap();
    assert_eq!(
        events.len(),
        4,
        "two invitations, each to the sender's and the receiver's bus"
    );
    let seqs: Vec<u64> = events.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));
    let (_, later) = admin(
        &emu,
        reqwest::Method::GET,
        &format!("/__emulator/events?after={}", seqs[1]),
        None,
    )
    .await;
    assert_eq!(later["events"].as_array().unwrap().len(), 2);
    let (_, mine) = admin(
        &emu,
        reqwest::Method::GET,
        "/__emulator/events?account=444455556666",
        None,
    )
    .await;
    assert!(
        mine["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["event"]["account"] == "444455556666")
    );
    assert_eq!(
        mine["events"][0]["event"]["detail-type"],
        "Engagement Invitation Created"
    );
    let (status, _) = admin(
        &emu,
        reqwest::Method::GET,
        "/__emulator/events?after=x",
        None,
    )
    .await;
    assert_eq!(status, 400);
    emu.stop().await;
}

/// A tiny HTTP receiver on loopback: fails the first `fail_first` POSTs with 500, records the rest.
async fn receiver(fail_first: usize) -> (String, Arc<Mutex<Vec<Value>>>, Arc<Mutex<usize>>) {
    let got = Arc::new(Mutex::new(Vec::new()));
    let attempts = Arc::new(Mutex::new(0usize));
    let (g, a) = (Arc::clone(&got), Arc::clone(&attempts));
    let app = axum::Router::new().route(
        "/events",
        axum::routing::post(move |body: axum::body::Bytes| {
            let (g, a) = (Arc::clone(&g), Arc::clone(&a));
            async move {
                let n = {
                    let mut a = a.lock().unwrap();
                    *a += 1;
                    *a
                };
                if n <= fail_first {
                    return http::StatusCode::INTERNAL_SERVER_ERROR;
                }
                g.lock()
                    .unwrap()
                    .push(serde_json::from_slice(&body).unwrap());
                http::StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/events", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, got, attempts)
}

#[tokio::test]
async fn events_are_posted_to_a_url_in_order_with_retries() {
    let (url, got, attempts) = receiver(2).await;
    let emu = Emulator::start(EmulatorConfig {
        event_url: Some(url),
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    call_as_sender(&emu, CREATE_INVITATION, &invitation("d1")).await;
    call_as_sender(&emu, CREATE_INVITATION, &invitation("d2")).await;
    let expected: Vec<Value> = emu.events();
    for _ in 0..200 {
        if got.lock().unwrap().len() >= expected.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let delivered = got.lock().unwrap().clone();
    assert_eq!(
        delivered, expected,
        "every event, in order, each a complete event object"
    );
    assert_eq!(
        *attempts.lock().unwrap(),
        expected.len() + 2,
        "two failures retried"
    );
    let stats = emu.stats();
    assert_eq!(stats.events_delivered, expected.len() as u64);
    assert_eq!(stats.event_delivery_failures, 2);
    emu.stop().await;
}

#[tokio::test]
async fn with_an_admin_token_admin_routes_refuse_requests_without_it_and_change_nothing() {
    let token = "a-long-enough-admin-token";
    let emu = Emulator::start(EmulatorConfig {
        admin_token: Some(token.to_owned()),
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    assert_eq!(emu.admin_token(), Some(token));
    let (status, _) = admin(
        &emu,
        reqwest::Method::POST,
        "/__emulator/clock",
        Some(json!({"advance": {"days": 30}})),
    )
    .await;
    assert_eq!(status, 403);
    let before = emu.now();
    let response = http()
        .post(format!("{}/__emulator/clock", emu.url()))
        .header("authorization", "Bearer wrong-token-of-some-length")
        .body(r#"{"advance": {"days": 30}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(emu.now().as_str() < "2100", "{}", emu.now());
    assert!(
        emu.now()[..10] == before[..10],
        "the clock did not move: {} vs {before}",
        emu.now()
    );
    let response = http()
        .post(format!("{}/__emulator/clock", emu.url()))
        .header("authorization", format!("Bearer {token}"))
        .body(r#"{"advance": {"days": 30}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(emu.now()[..10] != before[..10]);
    // The API itself is unaffected: it is signed, not token-guarded.
    assert_eq!(
        call_as_sender(&emu, CREATE_INVITATION, &invitation("t"))
            .await
            .status,
        200
    );
    emu.stop().await;
}

#[tokio::test]
async fn off_loopback_a_token_is_made_at_start() {
    let emu = Emulator::start(EmulatorConfig {
        host: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    let token = emu.admin_token().expect("a token off loopback").to_owned();
    assert!(token.len() >= 32);
    let url = format!("http://127.0.0.1:{}", emu.addr().port());
    let response = http()
        .get(format!("{url}/__emulator/stats"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = http()
        .get(format!("{url}/__emulator/stats"))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    emu.stop().await;
}
