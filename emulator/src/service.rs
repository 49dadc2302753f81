//! `POST /`: one API request from bytes to answer — authenticate, dispatch, apply faults.
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Extension;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode};
use serde_json::Value;
use time::OffsetDateTime;
use tokio::sync::Notify;

use crate::faults::{FaultKind, FaultState};
use crate::ops;
use crate::protocol::{self, ApiError};
use crate::sigv4::Verifier;
use crate::stats::Counters;
use crate::store::Store;

/// The largest body accepted; a full CreateEngagementInvitation is a few kilobytes.
const MAX_BODY: usize = 1 << 20;

/// Everything a request handler reads or changes.
pub(crate) struct App {
    /// Required on every admin route when set (always when listening off loopback).
    pub admin_token: Option<String>,
    pub verifier: Verifier,
    pub store: Store,
    pub faults: FaultState,
    pub quotas: crate::quotas::QuotaState,
    pub stats: Counters,
}

/// Per-connection facts handed to handlers: who is on the other end, and how to hang up on them.
#[derive(Clone)]
pub(crate) struct Connection {
    pub peer: SocketAddr,
    pub hang_up: Arc<Notify>,
}

pub(crate) async fn handle(
    State(app): State<Arc<App>>,
    Extension(connection): Extension<Connection>,
    request: Request,
) -> Response {
    if request.method() != Method::POST {
        return ApiError::not_routed(request.method(), request.uri().path()).into_response();
    }
    app.stats.requests.inc();
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        app.stats.protocol_errors.inc();
        return ApiError::serialization(format!(
            "the request body is larger than {MAX_BODY} bytes or was cut off"
        ))
        .into_response();
    };
    let caller = match app
        .verifier
        .verify(&parts, &body, OffsetDateTime::now_utc())
    {
        Ok(caller) => caller,
        Err(error) => {
            app.stats.auth_failures.inc();
            return error.into_response();
        }
    };
    let (operation, input) = match read_request(&parts.headers, &body) {
        Ok(request) => request,
        Err(error) => {
            app.stats.protocol_errors.inc();
            return error.into_response();
        }
    };

    let decision = app.faults.decide();
    if !decision.latency.is_zero() {
        tokio::time::sleep(decision.latency).await;
    }
    app.stats.fault(decision.kind);
    match decision.kind {
        FaultKind::Drop => {
            // The connection task closes the socket; this answer is never written.
            connection.hang_up.notify_one();
            return std::future::pending::<Response>().await;
        }
        FaultKind::Throttle => return ApiError::throttling().into_response(),
        FaultKind::Error => return ApiError::internal("error").into_response(),
        FaultKind::None | FaultKind::StoreThenFail => {}
    }

    if app.quotas.enabled()
        && let Err(message) = app
            .quotas
            .take(&caller.account_id, operation, app.store.clock())
    {
        app.stats.quota_throttled();
        return ApiError::throttled(message).into_response();
    }
    let Some((name, handler)) = ops::lookup(operation) else {
        return ApiError::internal_message(format!("operation {operation} has no behaviour"))
            .into_response();
    };
    let outcome = app.store.call(name, handler, &caller, &input);
    let result = outcome.body;
    match &result {
        Ok(_) => app.stats.created(name, outcome.replayed),
        Err(error) => app.stats.error(error.code),
    }
    if decision.kind == FaultKind::StoreThenFail {
        return ApiError::internal("store_then_fail, the work was done").into_response();
    }
    match result {
        Ok(body) => protocol::json_response(StatusCode::OK, &body),
        Err(error) => error.into_response(),
    }
}

fn read_request(headers: &http::HeaderMap, body: &[u8]) -> Result<(&'static str, Value), ApiError> {
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let operation = protocol::operation_from_target(target)?;
    protocol::check_content_type(headers.get(http::header::CONTENT_TYPE))?;
    // AWS reads an empty body as an empty request.
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok((operation, Value::Object(Default::default())));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(input @ Value::Object(_)) => Ok((operation, input)),
        Ok(other) => Err(ApiError::serialization(format!(
            "the request body must be a JSON object, got {}",
            match other {
                Value::Array(_) => "a list",
                Value::String(_) => "a string",
                _ => "a scalar",
            }
        ))),
        Err(error) => Err(ApiError::serialization(format!(
            "the request body is not valid JSON: {error}"
        ))),
    }
}

impl App {
    pub fn snapshot(&self) -> crate::Stats {
        self.stats
            .snapshot(self.store.invitation_count(), self.store.engagement_count())
    }

    /// Back to the seed data with zeroed counters; faults stay as they are.
    pub fn reset(&self) {
        self.store.reset();
        self.quotas.reset();
        self.stats.reset();
    }
}
