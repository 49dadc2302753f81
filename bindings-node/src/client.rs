//! `NativeClient`: the core `Client`, built on first use (so `new PartnerCentralSellingClient()`
//! stays synchronous and cheap, as in the JS SDK) and shared by every call of one JS client.
use std::sync::Arc;
use std::time::Duration;

use aws_credential_types::provider::SharedCredentialsProvider;
use napi_derive::napi;
use partnercentral_selling::{Client, Credentials, RetryMode};
use tokio::sync::OnceCell;

use crate::bulk::{BulkOptions, BulkSource, NativeBulkRun};
use crate::credentials::{JsCredentialsProvider, ProviderFn};
use crate::inbox::{self, Inbox, WakeFn};
use crate::outcome::{ErrorInfo, Outcome};

#[napi(object)]
pub struct StaticCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

/// The JS SDK's client options, already checked and normalised by `lib/client.js`.
#[napi(object)]
pub struct ClientOptions {
    pub region: Option<String>,
    pub endpoint: Option<String>,
    pub max_attempts: Option<u32>,
    pub retry_mode: Option<String>,
    /// 0 means no limit, as in the JS SDK.
    pub request_timeout_ms: Option<u32>,
    pub connection_timeout_ms: Option<u32>,
    pub tls: Option<bool>,
    /// A PEM bundle replacing the default trust roots (the core's `ca_bundle`).
    pub ca_bundle: Option<String>,
    /// false: accept any certificate (the core's `verify_tls`).
    pub reject_unauthorized: Option<bool>,
    pub parameter_validation: Option<bool>,
    pub profile: Option<String>,
    pub credentials: Option<StaticCredentials>,
}

enum CredentialSource {
    Static(Credentials),
    Provider(SharedCredentialsProvider),
    DefaultChain,
}

pub(crate) struct Settings {
    region: Option<String>,
    endpoint: Option<String>,
    max_attempts: Option<u32>,
    retry_mode: Option<RetryMode>,
    request_timeout_ms: Option<u32>,
    connection_timeout_ms: Option<u32>,
    tls: Option<bool>,
    ca_bundle: Option<String>,
    reject_unauthorized: Option<bool>,
    parameter_validation: Option<bool>,
    profile: Option<String>,
    credentials: CredentialSource,
}

fn limit(ms: Option<u32>) -> Option<Option<Duration>> {
    ms.map(|ms| (ms > 0).then(|| Duration::from_millis(u64::from(ms))))
}

/// `tls: false` in the JS SDK means plain HTTP to the same host.
fn without_tls(endpoint: &str) -> String {
    match endpoint.strip_prefix("https://") {
        Some(rest) => format!("http://{rest}"),
        None => endpoint.to_owned(),
    }
}

impl Settings {
    async fn build(
        &self,
        endpoint: Option<String>,
    ) -> Result<Client, partnercentral_selling::Error> {
        let mut b = Client::builder();
        if let Some(region) = &self.region {
            b = b.region(region.clone());
        }
        if let Some(endpoint) = endpoint {
            b = b.endpoint_url(endpoint);
        }
        if let Some(profile) = &self.profile {
            b = b.profile(profile.clone());
        }
        if let Some(n) = self.max_attempts {
            b = b.max_attempts(n);
        }
        if let Some(mode) = self.retry_mode {
            b = b.retry_mode(mode);
        }
        if let Some(t) = limit(self.request_timeout_ms) {
            b = b.read_timeout(t);
        }
        if let Some(t) = limit(self.connection_timeout_ms) {
            b = b.connect_timeout(t);
        }
        if let Some(path) = &self.ca_bundle {
            b = b.ca_bundle(path.clone());
        }
        if let Some(verify) = self.reject_unauthorized {
            b = b.verify_tls(verify);
        }
        if let Some(on) = self.parameter_validation {
            b = b.parameter_validation(on);
        }
        b = b.user_agent_suffix(format!("lang/js#{}", env!("CARGO_PKG_VERSION")));
        b = match &self.credentials {
            CredentialSource::Static(c) => b.credentials(c.clone()),
            CredentialSource::Provider(p) => b.credentials_provider(p.clone()),
            CredentialSource::DefaultChain => b,
        };
        b.build().await
    }

    pub(crate) async fn client(&self) -> Result<Client, partnercentral_selling::Error> {
        let client = self.build(self.endpoint.clone()).await?;
        if self.tls == Some(false) {
            let plain = without_tls(&client.config().endpoint);
            return self.build(Some(plain)).await;
        }
        Ok(client)
    }
}

#[napi]
pub struct NativeClient {
    settings: Arc<Settings>,
    client: Arc<OnceCell<Client>>,
}

#[napi]
impl NativeClient {
    /// Fails (as a plain Error the JS layer turns into ConfigurationError) on a setting the core refuses.
    #[napi(constructor)]
    pub fn new(options: ClientOptions, provider: Option<ProviderFn>) -> napi::Result<Self> {
        let retry_mode = options
            .retry_mode
            .as_deref()
            .map(str::parse::<RetryMode>)
            .transpose()
            .map_err(|e| napi::Error::from_reason(e.to_string()))?;
        let credentials = match (options.credentials, provider) {
            (_, Some(f)) => CredentialSource::Provider(SharedCredentialsProvider::new(
                JsCredentialsProvider::new(f),
            )),
            (Some(c), None) => CredentialSource::Static(Credentials::new(
                c.access_key_id,
                c.secret_access_key,
                c.session_token,
            )),
            (None, None) => CredentialSource::DefaultChain,
        };
        let settings = Settings {
            region: options.region,
            endpoint: options.endpoint,
            max_attempts: options.max_attempts,
            retry_mode,
            request_timeout_ms: options.request_timeout_ms,
            connection_timeout_ms: options.connection_timeout_ms,
            tls: options.tls,
            ca_bundle: options.ca_bundle,
            reject_unauthorized: options.reject_unauthorized,
            parameter_validation: options.parameter_validation,
            profile: options.profile,
            credentials,
        };
        Ok(Self {
            settings: Arc::new(settings),
            client: Arc::new(OnceCell::new()),
        })
    }

    /// Starts sending one request of operation `operation` (its index in the table; JSON text); its output or a description of its failure goes
    /// to `inbox` under `call_id`. `inbox.abort(call_id)` drops the call wherever it is, closing
    /// its connection, and reports it aborted.
    #[napi]
    pub fn start(
        &self,
        operation: u32,
        json: String,
        call_id: u32,
        inbox: &Inbox,
    ) -> napi::Result<()> {
        let op = crate::table::operation(operation)?;
        let sender = inbox.sender(call_id);
        let (registration, aborted) = inbox.register(call_id);
        let settings = self.settings.clone();
        let cell = self.client.clone();
        let work = async move {
            let input: serde_json::Value = match serde_json::from_str(&json) {
                Ok(v) => v,
                Err(e) => {
                    return Outcome::failed(ErrorInfo::plain(
                        "config",
                        format!("request is not JSON: {e}"),
                    ));
                }
            };
            let client = match cell.get_or_try_init(|| settings.client()).await {
                Ok(c) => c.clone(),
                Err(e) => return Outcome::failed(e.into()),
            };
            match client.call(op, input).await {
                Ok(out) => Outcome::ok(op, out),
                Err(e) => Outcome::failed(e.into()),
            }
        };
        let call = async move {
            let _registration = registration;
            tokio::select! {
                outcome = work => outcome,
                _ = aborted => Outcome::aborted(),
            }
        };
        inbox::spawn(call, sender);
        Ok(())
    }

    /// Starts a bulk run of operation `operation` (its index in the table) over the rows in
    /// `source` (see `bulk.rs`); `on_progress` is called, on the JS thread, when new counts wait
    /// in the run's `takeProgress()`.
    #[napi]
    pub fn bulk(
        &self,
        operation: u32,
        source: BulkSource,
        options: BulkOptions,
        on_progress: Option<WakeFn>,
    ) -> napi::Result<NativeBulkRun> {
        crate::bulk::start(
            self.settings.clone(),
            self.client.clone(),
            operation,
            source,
            options,
            on_progress,
        )
    }
}
