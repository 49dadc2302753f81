//! Per-call client overhead against a loopback server, split into its parts: validation,
//! serialization (token fill + body), signing, and the full call next to a bare reqwest POST of
//! the same body to the same server (the I/O floor). Overhead = full call - bare POST.
//!
//! `cargo bench -p partnercentral-selling --bench client -- --warm-up-time 1 --measurement-time 3`
use std::hint::black_box;
use std::time::UNIX_EPOCH;

use client_support::InviteExt;
use criterion::{Criterion, criterion_group, criterion_main};
use partnercentral_selling::internals as signing;
use partnercentral_selling::model::CONTENT_TYPE;
use partnercentral_selling::{Client, Credentials};

/// The target header of the operation measured.
const TARGET: &str = "AWSPartnerCentralSelling.CreateEngagementInvitation";

fn validate(input: &serde_json::Value) -> Vec<partnercentral_selling::Violation> {
    partnercentral_selling::validate(client_support::cei(), input)
}

mod wire {
    pub use partnercentral_selling::internals::request_body;
}

#[path = "../tests/client_support/mod.rs"]
mod client_support;

const BODY: &str = r#"{"Id":"engi-0000000000001","Arn":"arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/engagement-invitation/engi-0000000000001"}"#;

async fn loopback() -> String {
    let app = axum::Router::new().route(
        "/",
        axum::routing::post(|| async {
            (
                [
                    ("content-type", "application/x-amz-json-1.0"),
                    ("x-amzn-requestid", "bench"),
                ],
                BODY,
            )
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

fn parts(c: &mut Criterion) {
    let input = client_support::valid_input();
    let mut group = c.benchmark_group("client");

    group.bench_function("validation", |b| b.iter(|| validate(black_box(&input))));

    // The caller hands its tree over by value, so the copy is set up outside the timing: the
    // client's own work is the token (a UUID v4 appended, as botocore's handler does) and the body.
    group.bench_function("serialization", |b| {
        b.iter_batched(
            || input.clone(),
            |mut v| {
                // The token as the client makes it.
                let token = uuid::Builder::from_random_bytes(rand::random())
                    .into_uuid()
                    .to_string();
                v.as_object_mut()
                    .unwrap()
                    .insert("ClientToken".into(), token.into());
                wire::request_body(&v)
            },
            criterion::BatchSize::SmallInput,
        )
    });

    let body = wire::request_body(&input);
    let creds = aws_credential_types::Credentials::new(
        client_support::AKID,
        client_support::SECRET,
        None,
        None,
        "bench",
    );
    let time = UNIX_EPOCH + std::time::Duration::from_secs(1_767_323_045);
    // A client keeps one signer: the signing key is derived once per secret and day.
    let signer = signing::Signer::default();
    group.bench_function("signing", |b| {
        b.iter(|| {
            signer
                .sign(
                    "https://partnercentral-selling.us-east-1.api.aws/",
                    &[
                        ("content-type", CONTENT_TYPE),
                        ("host", "partnercentral-selling.us-east-1.api.aws"),
                        ("x-amz-target", TARGET),
                    ],
                    black_box(&body),
                    &creds,
                    "us-east-1",
                    time,
                )
                .unwrap()
        })
    });

    // Everything the client does before the request leaves: the sum the target is set on.
    group.bench_function("client_side_total", |b| {
        b.iter_batched(
            || input.clone(),
            |mut v| {
                assert!(validate(&v).is_empty());
                // The token as the client makes it.
                let token = uuid::Builder::from_random_bytes(rand::random())
                    .into_uuid()
                    .to_string();
                v.as_object_mut()
                    .unwrap()
                    .insert("ClientToken".into(), token.into());
                let body = wire::request_body(&v);
                signer
                    .sign(
                        "https://partnercentral-selling.us-east-1.api.aws/",
                        &[
                            ("content-type", CONTENT_TYPE),
                            ("host", "partnercentral-selling.us-east-1.api.aws"),
                            ("x-amz-target", TARGET),
                        ],
                        &body,
                        &creds,
                        "us-east-1",
                        time,
                    )
                    .unwrap()
            },
            criterion::BatchSize::SmallInput,
        )
    });

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let url = rt.block_on(loopback());
    let client = rt.block_on(async {
        Client::builder()
            .endpoint_url(&url)
            .credentials(Credentials::new(
                client_support::AKID,
                client_support::SECRET,
                None,
            ))
            .env_vars(Vec::<(String, String)>::new())
            .build()
            .await
            .unwrap()
    });
    // Construction: static keys skip aws-config; the default chain pays for its loader.
    group.bench_function("build_static", |b| {
        b.to_async(&rt).iter(|| async {
            Client::builder()
                .endpoint_url(&url)
                .credentials(Credentials::new("AKID", "SECRET", None))
                .env_vars(Vec::<(String, String)>::new())
                .build()
                .await
                .unwrap()
        })
    });
    group.bench_function("build_default_chain", |b| {
        b.to_async(&rt).iter(|| async {
            Client::builder()
                .endpoint_url(&url)
                .env_vars([
                    ("AWS_ACCESS_KEY_ID", "AKID"),
                    ("AWS_SECRET_ACCESS_KEY", "S"),
                ])
                .build()
                .await
                .unwrap()
        })
    });

    group.bench_function("full_call", |b| {
        b.to_async(&rt).iter(|| async {
            client
                .create_engagement_invitation_value(input.clone())
                .await
                .unwrap()
        })
    });

    let bare = reqwest::Client::new();
    let bare_url = format!("{url}/");
    group.bench_function("bare_post_io_floor", |b| {
        b.to_async(&rt).iter(|| async {
            bare.post(&bare_url)
                .header("content-type", CONTENT_TYPE)
                .body(body.clone())
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, parts);
criterion_main!(benches);
