//! What SigV4 signing of one CreateEngagementInvitation request costs, step by step, and what a
//! signer that caches the per-day work saves. Run: `cargo bench --bench sigv4` in bench/rust/floor
//! (scripts/bench.sh --sigv4 does it and writes bench/out/sigv4.json).

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4::{self, calculate_signature, generate_signing_key};
use bench_floor::cached::CachedSigner;
use bench_floor::{REGION, SERVICE, authority, body_for, common};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use sha2::{Digest, Sha256};

const ENDPOINT: &str = "https://partnercentral-selling.us-east-1.api.aws/";

fn opportunity_body() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../requests/opportunity.json"
    );
    let tree = serde_json::from_str(&std::fs::read_to_string(path).expect("the request file"))
        .expect("JSON");
    body_for(&tree, "00000000-0000-4000-8000-000000000000")
}

fn signatures(c: &mut Criterion) {
    let body = opportunity_body();
    let identity = common::identity();
    let unsigned = common::unsigned_request(ENDPOINT, &body);
    let now = SystemTime::now();

    // The cached signer must produce aws-sigv4's exact header, or its timing means nothing.
    let mut reference = unsigned.clone();
    common::sign_request(&mut reference, &identity, now);
    let mut cached = CachedSigner::new(&authority(ENDPOINT));
    let (_, authorization) = cached.sign(&body, now);
    assert_eq!(reference.headers()["authorization"], authorization.as_str());

    let mut group = c.benchmark_group("sigv4");
    group
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    group.bench_function("aws-sigv4 as commonly called", |b| {
        b.iter_batched_ref(
            || unsigned.clone(),
            |request| common::sign_request(request, &identity, SystemTime::now()),
            BatchSize::SmallInput,
        )
    });
    let payload_hash = hex::encode(Sha256::digest(&body));
    group.bench_function("aws-sigv4, payload hash precomputed", |b| {
        b.iter(|| {
            let params = v4::SigningParams::builder()
                .identity(&identity)
                .region(REGION)
                .name(SERVICE)
                .time(SystemTime::now())
                .settings(SigningSettings::default())
                .build()
                .expect("params")
                .into();
            let headers = [
                ("content-type", bench_floor::CONTENT_TYPE),
                ("x-amz-target", bench_floor::TARGET),
            ];
            let signable = SignableRequest::new(
                "POST",
                ENDPOINT,
                headers.into_iter(),
                SignableBody::Precomputed(payload_hash.clone()),
            )
            .expect("signable");
            black_box(sign(signable, &params).expect("signed"))
        })
    });
    group.bench_function("cached signing key and canonical parts", |b| {
        b.iter(|| black_box(cached.sign(black_box(&body), SystemTime::now())))
    });
    group.finish();

    let mut parts = c.benchmark_group("sigv4 parts");
    parts
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    parts.bench_function("SHA-256 of the body (hex)", |b| {
        b.iter(|| hex::encode(Sha256::digest(black_box(&body))))
    });
    parts.bench_function("derive the signing key (4 HMACs)", |b| {
        b.iter(|| {
            black_box(generate_signing_key(
                black_box(bench_floor::SECRET_KEY),
                now,
                REGION,
                SERVICE,
            ))
        })
    });
    let key = generate_signing_key(bench_floor::SECRET_KEY, now, REGION, SERVICE);
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n20261127T050000Z\n20261127/{REGION}/{SERVICE}/aws4_request\n{payload_hash}"
    );
    parts.bench_function("final HMAC over the string to sign", |b| {
        b.iter(|| {
            calculate_signature(
                black_box(key.as_ref()),
                black_box(string_to_sign.as_bytes()),
            )
        })
    });
    parts.bench_function("SignableRequest::new (URI parse, header list)", |b| {
        b.iter(|| {
            let headers = [
                ("content-type", bench_floor::CONTENT_TYPE),
                ("x-amz-target", bench_floor::TARGET),
            ];
            black_box(
                SignableRequest::new(
                    "POST",
                    ENDPOINT,
                    headers.into_iter(),
                    SignableBody::Bytes(&body),
                )
                .expect("signable"),
            )
        })
    });
    parts.bench_function("request clone (the setup of the first case)", |b| {
        b.iter(|| black_box(unsigned.clone()))
    });
    parts.finish();
}

criterion_group!(benches, signatures);
criterion_main!(benches);
