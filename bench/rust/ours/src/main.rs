//! Our core `Client` sending CreateEngagementInvitation to the bench endpoint, validation on (the
//! default): what a Rust user of the library pays per call. The request goes in as the generic
//! tree (`create_engagement_invitation_value`, cloned per call as a caller would build it), the
//! entry point the client has today.

use std::sync::Arc;

use bench_harness::{Call, Settings};
use partnercentral_selling::{Client, Credentials};
use serde_json::{Value, json};

const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

#[derive(Clone)]
struct OursCall {
    client: Client,
    requests: Arc<[Value; 2]>,
}

impl Call for OursCall {
    async fn call(&self, i: usize) -> Result<(), String> {
        let out = self
            .client
            .create_engagement_invitation_value(self.requests[i % 2].clone())
            .await
            .map_err(|e| e.to_string())?;
        if out.id.is_empty() {
            return Err("empty Id in the response".into());
        }
        Ok(())
    }
}

async fn build_client(endpoint: &str) -> Client {
    Client::builder()
        .region("us-east-1")
        .endpoint_url(endpoint)
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .build()
        .await
        .unwrap_or_else(|e| panic!("building the client failed: {e}"))
}

#[tokio::main]
async fn main() {
    let settings = Settings::from_env();
    let endpoint = settings.endpoint.clone();
    let (first, median, client) =
        bench_harness::time_construction(settings.construct_reps, || build_client(&endpoint)).await;
    let caller = OursCall { client, requests: Arc::new(settings.requests()) };
    let extra = json!({"client_first_ms": first, "client_ms": median});
    bench_harness::run("rust", &settings, extra, caller).await;
}
