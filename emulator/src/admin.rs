//! `/__emulator/*`: unsigned routes for tests and demos (faults, counters, stored invitations,
//! reset). Only loopback peers are served; the server listens on 127.0.0.1 anyway.
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;
use serde_json::json;

use crate::faults::Faults;
use crate::service::{App, Connection};

pub(crate) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route(
            "/__emulator/faults",
            get(get_faults)
                .post(set_faults)
                .put(set_faults)
                .delete(clear_faults),
        )
        .route("/__emulator/stats", get(stats))
        .route("/__emulator/invitations", get(invitations))
        .route("/__emulator/reset", post(reset))
        .route("/__emulator/clock", get(clock).post(move_clock))
        .route("/__emulator/events", get(events))
        .route("/__emulator/accounts", get(accounts))
}

/// With an admin token (always off loopback), every admin request must carry it; without one,
/// only loopback peers are served. A refused request changes nothing.
pub(crate) async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    match &app.admin_token {
        Some(token) => {
            let given = request
                .headers()
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "));
            if given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes())) {
                next.run(request).await
            } else {
                json(
                    StatusCode::FORBIDDEN,
                    &json!({"message": "the emulator's admin routes need the admin token printed at start: send Authorization: Bearer <token>"}),
                )
            }
        }
        None => {
            let loopback = request
                .extensions()
                .get::<Connection>()
                .is_some_and(|c| c.peer.ip().is_loopback());
            if loopback {
                next.run(request).await
            } else {
                json(
                    StatusCode::FORBIDDEN,
                    &json!({"message": "the emulator's admin routes answer loopback clients only"}),
                )
            }
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn get_faults(State(app): State<Arc<App>>) -> Response {
    json(StatusCode::OK, &app.faults.get())
}

async fn set_faults(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let faults = match serde_json::from_slice::<Faults>(&body) {
        Ok(faults) => faults,
        Err(error) => {
            return json(
                StatusCode::BAD_REQUEST,
                &json!({"message": format!("faults: {error} (see the emulator README for the fields)")}),
            );
        }
    };
    if let Err(message) = faults.check() {
        return json(StatusCode::BAD_REQUEST, &json!({ "message": message }));
    }
    app.faults.set(faults);
    json(StatusCode::OK, &app.faults.get())
}

async fn clear_faults(State(app): State<Arc<App>>) -> Response {
    app.faults.set(Faults::default());
    json(StatusCode::OK, &app.faults.get())
}

async fn stats(State(app): State<Arc<App>>) -> Response {
    json(StatusCode::OK, &app.snapshot())
}

async fn invitations(State(app): State<Arc<App>>) -> Response {
    json(
        StatusCode::OK,
        &json!({"invitations": app.store.stored_invitations()}),
    )
}

async fn reset(State(app): State<Arc<App>>) -> Response {
    app.reset();
    json(StatusCode::OK, &app.snapshot())
}

async fn clock(State(app): State<Arc<App>>) -> Response {
    json(StatusCode::OK, &json!({"now": app.store.now()}))
}

/// `{"advance": {"days": 15, "hours": 0, "minutes": 0, "seconds": 0}}` or `{"set": "RFC 3339"}`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockChange {
    advance: Option<Advance>,
    set: Option<String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct Advance {
    days: f64,
    hours: f64,
    minutes: f64,
    seconds: f64,
}

async fn move_clock(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let bad = |message: String| json(StatusCode::BAD_REQUEST, &json!({ "message": message }));
    let change: ClockChange = match serde_json::from_slice(&body) {
        Ok(change) => change,
        Err(error) => {
            return bad(format!(
                "clock: {error}; send {{\"advance\": {{\"days\": 15}}}} (days, hours, minutes, seconds) \
                 or {{\"set\": \"2030-01-01T00:00:00Z\"}}"
            ));
        }
    };
    let result = match (change.advance, change.set) {
        (Some(a), None) => {
            let seconds = a.days * 86_400.0 + a.hours * 3_600.0 + a.minutes * 60.0 + a.seconds;
            if !seconds.is_finite() || seconds < 0.0 {
                return bad("clock: advance takes a positive duration".to_owned());
            }
            app.store.advance(time::Duration::seconds_f64(seconds))
        }
        (None, Some(at)) => {
            match time::OffsetDateTime::parse(&at, &time::format_description::well_known::Rfc3339) {
                Ok(at) => app.store.set_time(at),
                Err(error) => {
                    return bad(format!(
                        "clock: set must be an RFC 3339 time such as 2030-01-01T00:00:00Z ({error})"
                    ));
                }
            }
        }
        _ => return bad("clock: give exactly one of advance or set".to_owned()),
    };
    match result {
        Ok(now) => json(StatusCode::OK, &json!({ "now": now })),
        Err(message) => bad(format!("clock: {message}")),
    }
}

/// `?after=N` (a sequence number; 0 for all) and `?account=ID` (one receiving account).
async fn events(
    State(app): State<Arc<App>>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Response {
    let after = match query.get("after").map(|a| a.parse::<u64>()) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            return json(
                StatusCode::BAD_REQUEST,
                &json!({"message": "events: after must be a sequence number (the last seq you read)"}),
            );
        }
    };
    let list = app
        .store
        .events(after, query.get("account").map(String::as_str));
    let last = list.last().map_or(after, |e| e.seq);
    let events: Vec<serde_json::Value> = list
        .into_iter()
        .map(|e| json!({"seq": e.seq, "event": e.event}))
        .collect();
    json(StatusCode::OK, &json!({"events": events, "last": last}))
}

/// The accounts and their keys (test keys; the admin token guards them off loopback).
async fn accounts(State(app): State<Arc<App>>) -> Response {
    let accounts: Vec<serde_json::Value> = app
        .store
        .accounts()
        .iter()
        .map(|a| json!({"AccountId": a.account_id, "AccessKeyId": a.access_key_id, "SecretAccessKey": a.secret_access_key, "Name": a.name}))
        .collect();
    json(StatusCode::OK, &json!({ "accounts": accounts }))
}

fn json(status: StatusCode, value: &impl Serialize) -> Response {
    let mut response = Response::new(Body::from(serde_json::to_vec(value).unwrap_or_default()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
