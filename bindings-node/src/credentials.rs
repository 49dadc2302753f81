//! Credentials from a JS provider function (the JS SDK's `credentials: async () => ({...})`), called
//! on the JS thread through a threadsafe function when the core needs credentials, and cached until
//! shortly before the expiration it reports.
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_credential_types::provider::{self, ProvideCredentials, error::CredentialsError};
use napi::Status;
use napi::bindgen_prelude::Promise;
use napi::threadsafe_function::ThreadsafeFunction;
use napi_derive::napi;

/// What the JS layer's wrapper resolves to (plain strings, expiration in epoch milliseconds).
#[napi(object)]
pub struct ProvidedCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
    pub expiration: Option<f64>,
}

/// Weak: a client holding a provider must not keep the process alive on its own.
pub(crate) type ProviderFn = ThreadsafeFunction<(), Promise<ProvidedCredentials>, (), Status, false, true>;

/// Refresh this long before expiry, as the JS SDK's memoized providers do.
const REFRESH_WINDOW: Duration = Duration::from_secs(300);

pub(crate) struct JsCredentialsProvider {
    function: Arc<ProviderFn>,
    cached: tokio::sync::Mutex<Option<Credentials>>,
}

impl JsCredentialsProvider {
    pub(crate) fn new(function: ProviderFn) -> Self {
        Self { function: Arc::new(function), cached: tokio::sync::Mutex::new(None) }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        // One load at a time: concurrent calls wait for it instead of each calling JS.
        let mut cached = self.cached.lock().await;
        if let Some(creds) = cached.as_ref().filter(|c| is_fresh(c)) {
            return Ok(creds.clone());
        }
        let promise = self.function.call_async(()).await.map_err(provider_error)?;
        let got = promise.await.map_err(provider_error)?;
        let expiry = got.expiration.map(|ms| UNIX_EPOCH + Duration::from_millis(ms.max(0.0) as u64));
        let creds = Credentials::new(
            got.access_key_id,
            got.secret_access_key,
            got.session_token,
            expiry,
            "JavaScript credentials provider",
        );
        *cached = Some(creds.clone());
        Ok(creds)
    }
}

fn is_fresh(creds: &Credentials) -> bool {
    creds.expiry().is_none_or(|at| SystemTime::now() + REFRESH_WINDOW < at)
}

fn provider_error(e: napi::Error) -> CredentialsError {
    CredentialsError::provider_error(format!("the credentials provider function failed: {}", e.reason))
}

impl fmt::Debug for JsCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JsCredentialsProvider")
    }
}

impl ProvideCredentials for JsCredentialsProvider {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::new(self.load())
    }
}
