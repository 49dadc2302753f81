//! The floor: what one request costs with no client library at all. Each request is signed once
//! at start (aws-sigv4) and then sent again and again by a bare keep-alive reqwest client: no
//! validation, no serialization, no signing per call. Nothing can be faster than this through
//! the same transport, so every contender is compared to it.

use std::sync::Arc;
use std::time::SystemTime;

use bench_floor::{body_for, common};
use bench_harness::{Call, Settings};
use bytes::Bytes;
use serde_json::json;

#[derive(Clone)]
struct FloorCall {
    client: reqwest::Client,
    url: Arc<str>,
    /// (headers, body) per payload kind, signed once.
    requests: Arc<[(http::HeaderMap, Bytes); 2]>,
}

impl Call for FloorCall {
    async fn call(&self, i: usize) -> Result<(), String> {
        let (headers, body) = &self.requests[i % 2];
        let response = self
            .client
            .post(&*self.url)
            .headers(headers.clone())
            .body(body.clone())
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if response.status() != 200 {
            return Err(format!("status {}", response.status()));
        }
        response.bytes().await.map_err(|e| e.to_string())?;
        Ok(())
    }
}

#[tokio::main]
async fn main() {
    let settings = Settings::from_env();
    let identity = common::identity();
    let requests = settings.requests().map(|tree| {
        let body = body_for(&tree, "00000000-0000-4000-8000-000000000000");
        let mut request = common::unsigned_request(&settings.endpoint, &body);
        common::sign_request(&mut request, &identity, SystemTime::now());
        let (parts, body) = request.into_parts();
        (parts.headers, Bytes::from(body))
    });
    let (first, median, client) =
        bench_harness::time_construction(settings.construct_reps, || async {
            reqwest::Client::builder()
                .build()
                .expect("a reqwest client")
        })
        .await;
    let caller = FloorCall {
        client,
        url: settings.endpoint.as_str().into(),
        requests: Arc::new(requests),
    };
    let extra = json!({"client_first_ms": first, "client_ms": median});
    bench_harness::run("floor", &settings, extra, caller).await;
}
