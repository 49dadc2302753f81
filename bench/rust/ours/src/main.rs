//! Our core `Client` sending CreateEngagementInvitation to the bench endpoint, validation on (the
//! default): what a Rust user of the library pays per call.
//!
//!     bench-ours typed   `create_engagement_invitation(&input)`: the typed model (contender "rust")
//!     bench-ours value   `call(op, tree)`: the generic tree the bindings
//!                        and the CLI hand over, cloned per call as a caller builds it ("rust-value")

use std::sync::Arc;

use bench_harness::{Call, Settings};
use partnercentral_selling::model::CreateEngagementInvitationInput;
use partnercentral_selling::{Client, Credentials, Operation, operation};
use serde_json::{Value, json};

const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

#[derive(Clone)]
enum Requests {
    Typed(Arc<[CreateEngagementInvitationInput; 2]>),
    Value(Arc<[Value; 2]>),
}

#[derive(Clone)]
struct OursCall {
    client: Client,
    requests: Requests,
}

impl Call for OursCall {
    async fn call(&self, i: usize) -> Result<(), String> {
        let id = match &self.requests {
            Requests::Typed(r) => self
                .client
                .create_engagement_invitation(&r[i % 2])
                .await
                .map(|out| out.output.id),
            Requests::Value(r) => self
                .client
                .call(cei(), r[i % 2].clone())
                .await
                .map(|out| out.output["Id"].as_str().unwrap_or_default().to_owned()),
        }
        .map_err(|e| e.to_string())?;
        if id.is_empty() {
            return Err("empty Id in the response".into());
        }
        Ok(())
    }
}

fn cei() -> &'static Operation {
    operation("CreateEngagementInvitation").expect("in the model")
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
    let mode = std::env::args().nth(1).unwrap_or_else(|| "typed".into());
    let settings = Settings::from_env();
    let endpoint = settings.endpoint.clone();
    let (first, median, client) =
        bench_harness::time_construction(settings.construct_reps, || build_client(&endpoint)).await;
    let trees = settings.requests();
    let (name, requests) = match mode.as_str() {
        "typed" => {
            let typed = trees.map(|tree| {
                serde_json::from_value(tree)
                    .unwrap_or_else(|e| panic!("the bench request does not fit the model: {e}"))
            });
            ("rust", Requests::Typed(Arc::new(typed)))
        }
        "value" => ("rust-value", Requests::Value(Arc::new(trees))),
        other => panic!("unknown mode {other:?}: use typed or value"),
    };
    let caller = OursCall { client, requests };
    let extra = json!({"client_first_ms": first, "client_ms": median});
    bench_harness::run(name, &settings, extra, caller).await;
}
