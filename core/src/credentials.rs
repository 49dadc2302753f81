//! Credentials: static keys, any `ProvideCredentials`, or aws-config's default provider chain,
//! behind a cache that refreshes them before they expire.
use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};

use crate::error::Error;

/// Static AWS credentials. `Debug` shows only the access key id.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

impl Credentials {
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
        }
    }

    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    pub(crate) fn into_aws(self) -> aws_credential_types::Credentials {
        aws_credential_types::Credentials::new(
            self.access_key_id,
            self.secret_access_key,
            self.session_token,
            None,
            "static",
        )
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .finish()
    }
}

/// Refresh this long before expiry, so a call never signs with credentials that lapse in flight
/// (botocore's mandatory refresh window is 10 minutes, its advisory one 15).
const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(10 * 60);

/// Shared by every clone of a client: at most one refresh runs at a time, and readers never wait
/// on it while the cached credentials are still fresh.
pub(crate) struct CredentialsCache {
    provider: SharedCredentialsProvider,
    /// What `provider` is, for the error when it yields nothing.
    description: String,
    cached: RwLock<Option<aws_credential_types::Credentials>>,
    refresh: tokio::sync::Mutex<()>,
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("source", &self.description)
            .finish_non_exhaustive()
    }
}

impl CredentialsCache {
    pub(crate) fn new(provider: SharedCredentialsProvider, description: String) -> Arc<Self> {
        Arc::new(Self {
            provider,
            description,
            cached: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(()),
        })
    }

    pub(crate) async fn get(&self) -> Result<aws_credential_types::Credentials, Error> {
        if let Some(fresh) = self.fresh(SystemTime::now()) {
            return Ok(fresh);
        }
        let _guard = self.refresh.lock().await;
        let now = SystemTime::now();
        if let Some(fresh) = self.fresh(now) {
            return Ok(fresh);
        }
        match self.provider.provide_credentials().await {
            Ok(creds) => {
                *self.cached.write().expect("credentials lock") = Some(creds.clone());
                tracing::debug!(
                    source = %self.description,
                    expires = ?creds.expiry(),
                    "loaded credentials"
                );
                Ok(creds)
            }
            Err(err) => {
                // Credentials that are close to expiry but not yet expired still work: use them
                // rather than fail a call because a refresh endpoint hiccuped.
                let still_valid = self
                    .cached
                    .read()
                    .expect("credentials lock")
                    .clone()
                    .filter(|c| c.expiry().is_none_or(|e| e > now));
                match still_valid {
                    Some(creds) => {
                        tracing::debug!(error = %describe(&err), "credential refresh failed; using the unexpired credentials");
                        Ok(creds)
                    }
                    None => Err(self.error(&err)),
                }
            }
        }
    }

    fn fresh(&self, now: SystemTime) -> Option<aws_credential_types::Credentials> {
        let cached = self.cached.read().expect("credentials lock");
        cached
            .as_ref()
            .filter(|c| c.expiry().is_none_or(|e| e > now + REFRESH_BEFORE_EXPIRY))
            .cloned()
    }

    fn error(&self, err: &CredentialsError) -> Error {
        let message = match err {
            CredentialsError::CredentialsNotLoaded(_) => format!(
                "no AWS credentials found. Tried: {}. Fix: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, \
                 choose a profile with credentials (AWS_PROFILE or the profile setting), or pass credentials explicitly. ({})",
                self.description,
                describe(err)
            ),
            _ => format!(
                "could not load AWS credentials from {}: {}",
                self.description,
                describe(err)
            ),
        };
        Error::Credentials { message }
    }
}

/// The whole cause chain on one line (aws-config's errors keep the useful part in `source()`).
fn describe(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

/// What the default chain tries, in order (aws-config's `DefaultCredentialsChain`).
pub(crate) fn default_chain_description(profile: &str) -> String {
    format!(
        "environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), \
         profile {profile:?} in the shared config and credentials files (static keys, credential_process, \
         SSO, assume role via source_profile, web identity), web identity token (AWS_WEB_IDENTITY_TOKEN_FILE), \
         container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI), EC2 instance metadata (IMDSv2)"
    )
}

/// Static keys as a provider: they never expire, so the cache loads them once.
pub(crate) fn provider_from_static(creds: Credentials) -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(creds.into_aws())
}
