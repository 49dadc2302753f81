//! `/__emulator/*`: unsigned routes for tests and demos (faults, counters, stored invitations,
//! reset). Only loopback peers are served; the server listens on 127.0.0.1 anyway.
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
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
        .layer(middleware::from_fn(loopback_only))
}

async fn loopback_only(request: Request, next: Next) -> Response {
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

fn json(status: StatusCode, value: &impl Serialize) -> Response {
    let mut response = Response::new(Body::from(serde_json::to_vec(value).unwrap_or_default()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
