//! Client configuration: the builder, and resolution of every setting in the standard order —
//! explicit setting, then environment variable, then the selected profile in the shared config
//! files, then the default.
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_runtime::env_config::property::PropertiesKey;
use aws_runtime::env_config::section::EnvConfigSections;
use aws_types::os_shim_internal::{Env, Fs};

use crate::credentials::{self, Credentials, CredentialsCache};
use crate::endpoint::{self, EndpointParams};
use crate::error::Error;
use crate::retry::{RetryMode, RetryPolicy};

/// The model's `serviceId` in the two spellings configuration uses: the environment variable's
/// suffix, and the key in a profile's `services` section (botocore's spelling; the Rust SDK's
/// hyphenated one is accepted too).
const SERVICE_ENV_ID: &str = "PARTNERCENTRAL_SELLING";
const SERVICE_PROFILE_IDS: &[&str] = &["partnercentral_selling", "partnercentral-selling"];
/// The service exists only here.
pub const DEFAULT_REGION: &str = "us-east-1";
/// The AWS CLI's connect and read timeouts.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Builds a [`Client`]; every setting is optional.
#[derive(Default)]
pub struct ClientBuilder {
    region: Option<String>,
    endpoint_url: Option<String>,
    use_fips: Option<bool>,
    credentials: Option<SharedCredentialsProvider>,
    credentials_description: Option<String>,
    no_sign_request: bool,
    profile: Option<String>,
    connect_timeout: Option<Option<Duration>>,
    read_timeout: Option<Option<Duration>>,
    max_attempts: Option<u32>,
    retry_mode: Option<RetryMode>,
    ca_bundle: Option<PathBuf>,
    verify_tls: Option<bool>,
    user_agent_suffix: Option<String>,
    parameter_validation: Option<bool>,
    env: Option<HashMap<String, String>>,
    backoff_scale: Option<f64>,
    clock_offset_ms: i64,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("profile", &self.profile)
            .field("credentials", &self.credentials_description)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Send every request here instead of the rule set's endpoint (an emulator, a proxy).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = Some(use_fips);
        self
    }

    /// Static credentials; the provider chain is not consulted.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials_description = Some(format!(
            "static credentials (access key {})",
            credentials.access_key_id()
        ));
        self.credentials = Some(credentials::provider_from_static(credentials));
        self
    }

    /// Any credentials provider (aws-config's, or the caller's own); results are cached.
    pub fn credentials_provider<P: ProvideCredentials + 'static>(mut self, provider: P) -> Self {
        // The type's name, not its Debug: a provider's Debug may show what it holds.
        self.credentials_description = Some(format!(
            "the given credentials provider ({})",
            std::any::type_name::<P>()
        ));
        self.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// Send requests unsigned and load no credentials (like the AWS CLI's `--no-sign-request`).
    pub fn no_sign_request(mut self, no_sign_request: bool) -> Self {
        self.no_sign_request = no_sign_request;
        self
    }

    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    /// `None` or a zero duration: no limit. Default 60 s.
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = Some(timeout.filter(|d| !d.is_zero()));
        self
    }

    /// Longest wait for the next bytes of an answer. `None` or zero: no limit. Default 60 s.
    pub fn read_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.read_timeout = Some(timeout.filter(|d| !d.is_zero()));
        self
    }

    /// Attempts per call, the first included (default 3; 5 in legacy mode).
    pub fn max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = Some(max_attempts);
        self
    }

    pub fn retry_mode(mut self, mode: RetryMode) -> Self {
        self.retry_mode = Some(mode);
        self
    }

    /// A PEM bundle that replaces the default trust roots (like `AWS_CA_BUNDLE`).
    pub fn ca_bundle(mut self, path: impl Into<PathBuf>) -> Self {
        self.ca_bundle = Some(path.into());
        self
    }

    /// `false` accepts any server certificate (the AWS CLI's `--no-verify-ssl`). Only for tests.
    pub fn verify_tls(mut self, verify: bool) -> Self {
        self.verify_tls = Some(verify);
        self
    }

    /// Appended to the User-Agent, for example `lang/python#3.11` from a binding.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Turn client-side validation off (botocore's `parameter_validation=False`). Default on.
    pub fn parameter_validation(mut self, on: bool) -> Self {
        self.parameter_validation = Some(on);
        self
    }

    /// Read settings and credentials from these variables instead of the process environment
    /// (tests, and hosts that keep their own environment).
    pub fn env_vars<K: Into<String>, V: Into<String>>(
        mut self,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.env = Some(
            vars.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// Multiplies every retry wait (1.0 by default). Tests use a tiny factor so that retry paths
    /// run without sleeping for seconds; the waits' shape is unchanged.
    pub fn retry_backoff_scale(mut self, scale: f64) -> Self {
        self.backoff_scale = Some(scale.max(0.0));
        self
    }

    /// Starts signing with this machine's clock moved by `ms` milliseconds (the JS SDK's
    /// `systemClockOffset`); a clock-skew error from the service corrects it anyway.
    pub fn system_clock_offset_ms(mut self, ms: i64) -> Self {
        self.clock_offset_ms = ms;
        self
    }

    /// Every setting resolved, with the credentials cache, retry policy and clock offset the
    /// client is built from (`build` is in `client.rs`).
    pub(crate) async fn resolve(
        self,
    ) -> Result<
        (
            ResolvedConfig,
            Option<Arc<CredentialsCache>>,
            RetryPolicy,
            i64,
        ),
        Error,
    > {
        let env = match &self.env {
            Some(vars) => Env::from(vars.clone()),
            None => Env::real(),
        };
        let profile_override = self
            .profile
            .clone()
            .or_else(|| non_empty(&env, "AWS_PROFILE"))
            .or_else(|| non_empty(&env, "AWS_DEFAULT_PROFILE"));
        let profiles = load_profiles(&env, profile_override.as_deref()).await?;
        let setting = |env_var: &str, key: &str| -> Option<String> {
            non_empty(&env, env_var).or_else(|| profiles.get(key).map(str::to_string))
        };

        let (region, region_defaulted) = match self
            .region
            .clone()
            .or_else(|| non_empty(&env, "AWS_REGION"))
            .or_else(|| setting("AWS_DEFAULT_REGION", "region"))
        {
            Some(r) => (r, false),
            None => {
                tracing::debug!(
                    "no region in the settings, AWS_REGION, AWS_DEFAULT_REGION or the profile; using {DEFAULT_REGION}, the only region of Partner Central"
                );
                (DEFAULT_REGION.to_string(), true)
            }
        };

        let use_fips = match self.use_fips {
            Some(b) => b,
            None => setting("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")
                .map(|v| parse_bool("use_fips_endpoint", &v))
                .transpose()?
                .unwrap_or(false),
        };
        let ignore_configured = setting(
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            "ignore_configured_endpoint_urls",
        )
        .map(|v| parse_bool("ignore_configured_endpoint_urls", &v))
        .transpose()?
        .unwrap_or(false);
        let endpoint_override = match &self.endpoint_url {
            Some(url) => Some(url.clone()),
            None if ignore_configured => None,
            None => configured_endpoint(&env, &profiles),
        };
        let endpoint = endpoint::resolve(&EndpointParams {
            region: Some(region.clone()),
            use_fips,
            endpoint: endpoint_override,
        })?;

        let retry_mode = match self.retry_mode {
            Some(m) => m,
            None => setting("AWS_RETRY_MODE", "retry_mode")
                .map(|v| v.parse())
                .transpose()?
                .unwrap_or_default(),
        };
        let max_attempts = match self.max_attempts {
            Some(n) => n,
            None => setting("AWS_MAX_ATTEMPTS", "max_attempts")
                .map(|v| {
                    v.trim().parse::<u32>().map_err(|_| {
                        Error::config(format!(
                            "max_attempts {v:?} is not a whole number (AWS_MAX_ATTEMPTS or the profile's max_attempts)"
                        ))
                    })
                })
                .transpose()?
                .unwrap_or_else(|| retry_mode.default_max_attempts()),
        };
        if max_attempts == 0 {
            return Err(Error::config(
                "max_attempts must be at least 1 (it counts the first attempt)",
            ));
        }

        let ca_bundle = self
            .ca_bundle
            .clone()
            .or_else(|| setting("AWS_CA_BUNDLE", "ca_bundle").map(PathBuf::from));

        let profile_name = profiles.selected_profile().to_string();
        let (credentials, credentials_source) = if self.no_sign_request {
            (None, "none (requests are not signed)".to_string())
        } else if let Some(provider) = self.credentials.clone() {
            let description = self.credentials_description.clone().unwrap_or_default();
            (Some(provider), description)
        } else {
            let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
                .env(env.clone())
                .region(aws_types::region::Region::new(region.clone()))
                .retry_config(aws_config::retry::RetryConfig::standard());
            if let Some(p) = &profile_override {
                loader = loader.profile_name(p);
            }
            let sdk = loader.load().await;
            let provider = sdk.credentials_provider().ok_or_else(|| {
                Error::config("aws-config built no credentials provider".to_string())
            })?;
            (
                Some(provider),
                credentials::default_chain_description(&profile_name),
            )
        };

        let mut user_agent = format!(
            "partnercentral-selling/{} lang/rust#{} os/{}",
            env!("CARGO_PKG_VERSION"),
            aws_types::build_metadata::BUILD_METADATA.rust_version,
            std::env::consts::OS,
        );
        if let Some(suffix) = self.user_agent_suffix.as_deref().filter(|s| !s.is_empty()) {
            user_agent.push(' ');
            user_agent.push_str(suffix);
        }

        let resolved = ResolvedConfig {
            region,
            region_defaulted,
            endpoint,
            use_fips,
            profile: profile_override,
            connect_timeout: self.connect_timeout.unwrap_or(Some(DEFAULT_TIMEOUT)),
            read_timeout: self.read_timeout.unwrap_or(Some(DEFAULT_TIMEOUT)),
            max_attempts,
            retry_mode,
            ca_bundle,
            verify_tls: self.verify_tls.unwrap_or(true),
            user_agent,
            parameter_validation: self.parameter_validation.unwrap_or(true),
            sign_requests: !self.no_sign_request,
            credentials_source: credentials_source.clone(),
        };
        let cache = credentials.map(|p| CredentialsCache::new(p, credentials_source));
        let retry = RetryPolicy::new(retry_mode, max_attempts, self.backoff_scale.unwrap_or(1.0));
        Ok((resolved, cache, retry, self.clock_offset_ms))
    }
}

/// The selected profile of the shared config files (`--profile`/`profile`, else `AWS_PROFILE`, else
/// `AWS_DEFAULT_PROFILE`, else `default`), as the client reads it, for front ends that have
/// settings of their own there (the CLI's `output`, `cli_pager`, `cli_auto_prompt`).
#[derive(Debug)]
pub struct ProfileSettings {
    sections: EnvConfigSections,
}

impl ProfileSettings {
    /// Loads the files. A profile named explicitly must exist ([`Error::Config`] otherwise, the
    /// same error a client build gives).
    pub async fn load(profile: Option<&str>) -> Result<Self, Error> {
        let env = Env::real();
        let name = profile
            .map(str::to_string)
            .or_else(|| non_empty(&env, "AWS_PROFILE"))
            .or_else(|| non_empty(&env, "AWS_DEFAULT_PROFILE"));
        let sections = load_profiles(&env, name.as_deref()).await?;
        Ok(Self { sections })
    }

    /// A setting of the selected profile; `None` when absent or empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.sections.get(key).filter(|v| !v.is_empty())
    }

    /// The selected profile's name.
    pub fn profile_name(&self) -> &str {
        self.sections.selected_profile()
    }
}

/// The settings a client ended up with, and where the defaults were used. Holds no secrets.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ResolvedConfig {
    pub region: String,
    /// No region was configured anywhere, so `us-east-1` is used.
    pub region_defaulted: bool,
    pub endpoint: String,
    pub use_fips: bool,
    /// The profile named by the builder, `AWS_PROFILE` or `AWS_DEFAULT_PROFILE`.
    pub profile: Option<String>,
    pub connect_timeout: Option<Duration>,
    pub read_timeout: Option<Duration>,
    pub max_attempts: u32,
    pub retry_mode: RetryMode,
    pub ca_bundle: Option<PathBuf>,
    pub verify_tls: bool,
    pub user_agent: String,
    pub parameter_validation: bool,
    pub sign_requests: bool,
    /// Where credentials come from (never the credentials themselves).
    pub credentials_source: String,
}

/// The configured endpoint URL, in the SDKs' order: service-specific variable, `AWS_ENDPOINT_URL`,
/// the profile's `services` section entry, the profile's `endpoint_url`.
fn configured_endpoint(env: &Env, profiles: &EnvConfigSections) -> Option<String> {
    let from_services = || {
        let section = profiles.get("services")?;
        SERVICE_PROFILE_IDS.iter().find_map(|id| {
            let key = PropertiesKey::builder()
                .section_key("services")
                .section_name(section)
                .property_name(*id)
                .sub_property_name("endpoint_url")
                .build()
                .ok()?;
            profiles.other_sections().get(&key).map(|v| v.to_string())
        })
    };
    non_empty(env, &format!("AWS_ENDPOINT_URL_{SERVICE_ENV_ID}"))
        .or_else(|| non_empty(env, "AWS_ENDPOINT_URL"))
        .or_else(from_services)
        .or_else(|| profiles.get("endpoint_url").map(str::to_string))
        .filter(|v| !v.is_empty())
}

fn non_empty(env: &Env, name: &str) -> Option<String> {
    env.get(name).ok().filter(|v| !v.is_empty())
}

fn parse_bool(name: &str, value: &str) -> Result<bool, Error> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(Error::config(format!(
            "{name} must be true or false, not {value:?}"
        ))),
    }
}

/// The shared config and credentials files (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, or
/// `~/.aws/...`), with `profile` selected. A profile named explicitly must exist.
async fn load_profiles(env: &Env, profile: Option<&str>) -> Result<EnvConfigSections, Error> {
    let files = EnvConfigFiles::default();
    let sections = aws_config::profile::load(
        &Fs::real(),
        env,
        &files,
        profile.map(|p| Cow::Owned(p.to_string())),
    )
    .await
    .map_err(|e| Error::config(format!("cannot read the shared AWS config files: {e}")))?;
    if let Some(name) = profile
        && sections.get_profile(name).is_none()
    {
        let config = non_empty(env, "AWS_CONFIG_FILE").unwrap_or_else(|| "~/.aws/config".into());
        let creds = non_empty(env, "AWS_SHARED_CREDENTIALS_FILE")
            .unwrap_or_else(|| "~/.aws/credentials".into());
        return Err(Error::config(format!(
            "profile {name:?} not found in {config} or {creds}; check the name, or AWS_PROFILE"
        )));
    }
    Ok(sections)
}
