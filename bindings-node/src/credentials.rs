//! Credentials from a JS provider function (the JS SDK's `credentials: async () => ({...})`), called
//! on the JS thread through a threadsafe function when the core needs credentials. The core's
//! credentials cache calls it once at a time and keeps the result until shortly before the
//! expiration it reports.
use std::fmt;
use std::time::{Duration, UNIX_EPOCH};

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
pub(crate) type ProviderFn =
    ThreadsafeFunction<(), Promise<ProvidedCredentials>, (), Status, false, true>;

pub(crate) struct JsCredentialsProvider {
    function: ProviderFn,
}

impl JsCredentialsProvider {
    pub(crate) fn new(function: ProviderFn) -> Self {
        Self { function }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let promise = self.function.call_async(()).await.map_err(provider_error)?;
        let got = promise.await.map_err(provider_error)?;
        let expiry = got
            .expiration
            .map(|ms| UNIX_EPOCH + Duration::from_millis(ms.max(0.0) as u64));
        Ok(Credentials::new(
            got.access_key_id,
            got.secret_access_key,
            got.session_token,
            expiry,
            "JavaScript credentials provider",
        ))
    }
}

fn provider_error(e: napi::Error) -> CredentialsError {
    CredentialsError::provider_error(format!(
        "the credentials provider function failed: {}",
        e.reason
    ))
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
