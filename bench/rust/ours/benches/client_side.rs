//! The client-side work of one call, piece by piece, through the core's public API: validation
//! (on the generic tree the bindings pass, and on the typed input the Rust API takes), the wire
//! body, and parsing the response; then the rest of a call's own work (signing, the URL, the
//! UUIDs). Signing alone, step by step: bench/rust/floor/benches/sigv4.rs.
//! Run: `cargo bench --bench client_side` in bench/rust/ours.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use partnercentral_selling::model::CreateEngagementInvitationInput;
use partnercentral_selling::internals::request_body;
use partnercentral_selling::{Operation, operation};

fn cei() -> &'static Operation {
    operation("CreateEngagementInvitation").expect("in the model")
}

fn validate(tree: &Value) -> Vec<partnercentral_selling::Violation> {
    partnercentral_selling::validate(cei(), tree)
}

fn validate_input(typed: &CreateEngagementInvitationInput) -> Vec<partnercentral_selling::Violation> {
    validate(&serde_json::to_value(typed).expect("serializes"))
}

fn typed_request_body(typed: &CreateEngagementInvitationInput) -> Vec<u8> {
    request_body(&serde_json::to_value(typed).expect("serializes"))
}
use serde_json::Value;

const RESPONSE: &[u8] = br#"{"Id":"engi-0123456789abc","Arn":"arn:aws:partnercentral::123456789012:AWS/engagement-invitation/engi-0123456789abc"}"#;

fn request(name: &str) -> Value {
    let path = format!("{}/../../requests/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let mut tree: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("the request file"))
            .expect("JSON");
    tree["ClientToken"] = Value::String("3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f".into());
    tree
}

fn client_side(c: &mut Criterion) {
    let mut group = c.benchmark_group("client side");
    group
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    for kind in ["opportunity", "lead"] {
        let tree = request(kind);
        let typed: CreateEngagementInvitationInput =
            serde_json::from_value(tree.clone()).expect("the request fits the model");
        assert!(
            validate(&tree).is_empty(),
            "the bench request must be valid"
        );
        let parsed = |body: Vec<u8>| serde_json::from_slice::<Value>(&body).expect("a JSON body");
        // The same members and values; the typed body is in model order, the tree's in its own.
        assert_eq!(
            parsed(request_body(&tree)),
            parsed(typed_request_body(&typed))
        );

        group.bench_function(format!("{kind}: validate the JSON tree"), |b| {
            b.iter(|| validate(black_box(&tree)))
        });
        group.bench_function(format!("{kind}: validate the typed input"), |b| {
            b.iter(|| validate_input(black_box(&typed)))
        });
        group.bench_function(format!("{kind}: typed input to a JSON tree"), |b| {
            b.iter(|| serde_json::to_value(black_box(&typed)).expect("serializes"))
        });
        group.bench_function(format!("{kind}: body from the JSON tree"), |b| {
            b.iter(|| request_body(black_box(&tree)))
        });
        group.bench_function(format!("{kind}: body from the typed input"), |b| {
            b.iter(|| typed_request_body(black_box(&typed)))
        });
    }
    group.bench_function("parse the response", |b| {
        b.iter(|| serde_json::from_slice::<partnercentral_selling::model::CreateEngagementInvitationOutput>(black_box(RESPONSE)).expect("parses"))
    });
    group.finish();
}

/// The other per-call work of the client, outside validation and the body: signing as the core
/// does it and with the per-day work cached, parsing the endpoint URL, and the two UUIDs.
fn transport_side(c: &mut Criterion) {
    use partnercentral_selling::internals as signing;
    use std::time::SystemTime;

    let url = "http://127.0.0.1:18480/";
    let host = "127.0.0.1:18480";
    let body = request_body(&request("opportunity"));
    let credentials = aws_credential_types::Credentials::new(
        bench_floor::ACCESS_KEY,
        bench_floor::SECRET_KEY,
        None,
        None,
        "bench",
    );
    let headers = [
        ("content-type", partnercentral_selling::model::CONTENT_TYPE),
        ("host", host),
        ("x-amz-target", "AWSPartnerCentralSelling.CreateEngagementInvitation"),
    ];
    let mut cached = bench_floor::cached::CachedSigner::new(host);
    let now = SystemTime::now();
    let core = signing::sign(url, &headers, &body, &credentials, "us-east-1", now).expect("signs");
    let authorization = core
        .iter()
        .find(|h| h.0 == "authorization")
        .expect("an authorization header");
    assert_eq!(
        authorization.1,
        cached.sign(&body, now).1,
        "the cached signer must agree with the core"
    );

    let mut group = c.benchmark_group("transport side");
    group
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    group.bench_function("core signing::sign (aws-sigv4 per call)", |b| {
        b.iter(|| {
            signing::sign(
                url,
                &headers,
                black_box(&body),
                &credentials,
                "us-east-1",
                SystemTime::now(),
            )
        })
    });
    group.bench_function("signing with the per-day work cached", |b| {
        b.iter(|| cached.sign(black_box(&body), SystemTime::now()))
    });
    group.bench_function("parse the endpoint URL (reqwest's post(&str))", |b| {
        b.iter(|| reqwest::Url::parse(black_box(url)).expect("a URL"))
    });
    let parsed = reqwest::Url::parse(url).expect("a URL");
    group.bench_function("clone a parsed URL", |b| {
        b.iter(|| black_box(&parsed).clone())
    });
    group.bench_function("UUID v4 from getrandom (uuid's new_v4)", |b| {
        b.iter(|| uuid::Uuid::new_v4().to_string())
    });
    group.bench_function("UUID v4 from the thread-local CSPRNG (rand)", |b| {
        b.iter(|| {
            uuid::Builder::from_random_bytes(rand::random())
                .into_uuid()
                .to_string()
        })
    });
    group.finish();
}

criterion_group!(benches, client_side);
criterion_group!(transport, transport_side);
criterion_main!(benches, transport);
