//! `startEmulator()`: the emulator crate on its own thread and runtime, with its fault controls.
use std::path::PathBuf;
use std::sync::Mutex;

use napi_derive::napi;
use partnercentral_selling_emulator::{
    Credential, Emulator, EmulatorConfig, FaultKind, Faults, Quotas, TlsConfig,
};

#[napi(object)]
pub struct EmulatorOptions {
    /// Port on 127.0.0.1; 0 or absent picks a free one.
    pub port: Option<u32>,
    /// Faults in force from the start.
    pub faults: Option<FaultOptions>,
    /// Serve HTTPS with a certificate for 127.0.0.1 and localhost made at start by a throw-away CA.
    pub tls: Option<bool>,
    /// Serve HTTPS with this certificate chain (PEM) instead (with `tlsKeyFile`).
    pub tls_cert_file: Option<String>,
    /// The private key (PEM) of `tlsCertFile`.
    pub tls_key_file: Option<String>,
    /// Where to write the generated CA certificate (PEM); a temporary file by default.
    pub ca_bundle_file: Option<String>,
    /// The partner accounts, `[{ AccountId, AccessKeyId, SecretAccessKey, Name }]` (the accounts
    /// file's form); a sender and three receivers by default.
    pub accounts: Option<serde_json::Value>,
    /// Keep everything in this SQLite file and start from it when it exists.
    pub state: Option<String>,
    /// `"aws"`: enforce the documented quotas.
    pub quotas: Option<String>,
    /// Multiply every quota rate and daily limit.
    pub quota_scale: Option<f64>,
    /// One operation's quota each: `{ CreateOpportunity: "5/20000" }`.
    pub quota: Option<std::collections::HashMap<String, String>>,
    /// POST every event to this URL, in order, retried until delivered.
    pub event_url: Option<String>,
    /// How long (emulator time) a task reads IN_PROGRESS; 1 by default.
    pub task_seconds: Option<f64>,
}

impl EmulatorOptions {
    fn tls(&self) -> Option<TlsConfig> {
        let wanted = self.tls == Some(true)
            || self.tls_cert_file.is_some()
            || self.tls_key_file.is_some()
            || self.ca_bundle_file.is_some();
        wanted.then(|| TlsConfig {
            cert_file: self.tls_cert_file.as_ref().map(PathBuf::from),
            key_file: self.tls_key_file.as_ref().map(PathBuf::from),
            ca_bundle_file: self.ca_bundle_file.as_ref().map(PathBuf::from),
        })
    }
}

#[napi(object)]
pub struct EmulatorCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
}

/// The emulator's faults (its `Faults`, in camelCase); a field left out is off.
#[napi(object)]
pub struct FaultOptions {
    /// Added to every answer, in milliseconds.
    pub latency_ms: Option<u32>,
    /// At most this many requests per second; the rest get ThrottlingException.
    pub throttle_rps: Option<f64>,
    pub throttle_burst: Option<u32>,
    /// Fraction (0..=1) of requests answered with InternalServerException.
    pub error_rate: Option<f64>,
    /// Fraction (0..=1) of requests whose connection is closed without an answer.
    pub drop_rate: Option<f64>,
    /// Fraction (0..=1) of requests carried out and then answered with InternalServerException.
    pub store_then_fail_rate: Option<f64>,
    /// What happens to the next requests, in order: "none" | "throttle" | "error" | "drop" | "store_then_fail".
    pub next: Option<Vec<String>>,
}

impl TryFrom<FaultOptions> for Faults {
    type Error = napi::Error;

    fn try_from(o: FaultOptions) -> napi::Result<Faults> {
        let next = o
            .next
            .unwrap_or_default()
            .into_iter()
            .map(|kind| {
                serde_json::from_value::<FaultKind>(serde_json::Value::String(kind.clone())).map_err(|_| {
                    emulator_error(format!(
                        "unknown fault {kind:?}; use \"none\", \"throttle\", \"error\", \"drop\" or \"store_then_fail\""
                    ))
                })
            })
            .collect::<napi::Result<Vec<_>>>()?;
        Ok(Faults {
            throttle_rps: o.throttle_rps,
            throttle_burst: o.throttle_burst,
            error_rate: o.error_rate.unwrap_or(0.0),
            drop_rate: o.drop_rate.unwrap_or(0.0),
            store_then_fail_rate: o.store_then_fail_rate.unwrap_or(0.0),
            latency_ms: o.latency_ms.map_or(0, u64::from),
            next,
        })
    }
}

#[napi]
pub struct NativeEmulator {
    inner: Mutex<Option<Emulator>>,
    url: String,
    credentials: (String, String),
    ca_bundle: Option<String>,
    ca_pem: Option<String>,
}

fn emulator_error(e: impl std::fmt::Display) -> napi::Error {
    napi::Error::from_reason(format!("emulator: {e}"))
}

#[napi(js_name = "startEmulator")]
pub fn start_emulator(options: Option<EmulatorOptions>) -> napi::Result<NativeEmulator> {
    let mut config = EmulatorConfig::default();
    if let Some(options) = options {
        if let Some(port) = options.port {
            config.port = u16::try_from(port)
                .map_err(|_| emulator_error(format!("port {port} is out of range")))?;
        }
        config.tls = options.tls();
        if let Some(accounts) = &options.accounts {
            config.credentials = Credential::parse_accounts(&accounts.to_string())
                .map_err(|e| emulator_error(format!("accounts: {e}")))?;
        }
        config.state_file = options.state.as_ref().map(PathBuf::from);
        config.event_url = options.event_url.clone();
        if let Some(seconds) = options.task_seconds {
            if !(seconds.is_finite() && seconds >= 0.0) {
                return Err(emulator_error(format!(
                    "taskSeconds must be 0 or more, got {seconds}"
                )));
            }
            config.task_duration_ms = (seconds * 1000.0) as u64;
        }
        match options.quotas.as_deref() {
            None if options.quota_scale.is_some() || options.quota.is_some() => {
                return Err(emulator_error("quotaScale and quota need quotas: \"aws\""));
            }
            None => {}
            Some("aws") => {
                let mut quotas = Quotas::aws();
                if let Some(scale) = options.quota_scale {
                    quotas.scale = scale;
                }
                let mut overrides: Vec<_> = options.quota.iter().flatten().collect();
                overrides.sort();
                for (name, limits) in overrides {
                    quotas.overrides.push(
                        Quotas::parse_override(&format!("{name}={limits}"))
                            .map_err(|e| emulator_error(format!("quota: {e}")))?,
                    );
                }
                config.quotas = Some(quotas);
            }
            Some(other) => {
                return Err(emulator_error(format!(
                    "quotas must be \"aws\" (the documented quotas), got {other:?}"
                )));
            }
        }
        if let Some(faults) = options.faults {
            config.faults = faults.try_into()?;
        }
    }
    let emu = Emulator::start_background(config).map_err(emulator_error)?;
    let first = emu
        .credentials()
        .first()
        .ok_or_else(|| emulator_error("no credentials configured"))?;
    Ok(NativeEmulator {
        url: emu.url().to_owned(),
        credentials: (first.access_key_id.clone(), first.secret_access_key.clone()),
        ca_bundle: emu
            .ca_bundle()
            .map(|path| path.to_string_lossy().into_owned()),
        ca_pem: emu.ca_pem().map(str::to_owned),
        inner: Mutex::new(Some(emu)),
    })
}

impl NativeEmulator {
    fn with<T>(&self, f: impl FnOnce(&Emulator) -> napi::Result<T>) -> napi::Result<T> {
        let guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        f(guard
            .as_ref()
            .ok_or_else(|| emulator_error("already stopped"))?)
    }
}

#[napi]
impl NativeEmulator {
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The generated certificate's CA as a PEM file path (for `caBundle` or AWS_CA_BUNDLE).
    #[napi(getter)]
    pub fn ca_bundle(&self) -> Option<String> {
        self.ca_bundle.clone()
    }

    /// The same CA certificate as PEM text.
    #[napi(getter)]
    pub fn ca_pem(&self) -> Option<String> {
        self.ca_pem.clone()
    }

    #[napi(getter)]
    pub fn credentials(&self) -> EmulatorCredentials {
        EmulatorCredentials {
            access_key_id: self.credentials.0.clone(),
            secret_access_key: self.credentials.1.clone(),
        }
    }

    /// Every partner account: `{ AccountId, AccessKeyId, SecretAccessKey, Name }`.
    #[napi]
    pub fn accounts(&self) -> napi::Result<serde_json::Value> {
        self.with(|emu| {
            Ok(emu
                .credentials()
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "AccountId": c.account_id,
                        "AccessKeyId": c.access_key_id,
                        "SecretAccessKey": c.secret_access_key,
                        "Name": c.name,
                    })
                })
                .collect())
        })
    }

    /// Moves the emulator's clock forward by `seconds`; answers the new time (RFC 3339).
    #[napi]
    pub fn advance(&self, seconds: f64) -> napi::Result<String> {
        if !(seconds.is_finite() && seconds >= 0.0) {
            return Err(emulator_error(format!(
                "advance takes a positive duration, got {seconds} seconds"
            )));
        }
        self.with(|emu| {
            emu.advance(std::time::Duration::from_secs_f64(seconds))
                .map_err(emulator_error)
        })
    }

    /// The emulator's time (RFC 3339).
    #[napi]
    pub fn now(&self) -> napi::Result<String> {
        self.with(|emu| Ok(emu.now()))
    }

    /// Events after sequence number `after` (for one account's bus, if given): `{ seq, event }`.
    #[napi]
    pub fn events(
        &self,
        after: Option<f64>,
        account: Option<String>,
    ) -> napi::Result<serde_json::Value> {
        let after = after.unwrap_or(0.0).max(0.0) as u64;
        self.with(|emu| {
            Ok(emu
                .events_after(after, account.as_deref())
                .into_iter()
                .map(|(seq, event)| serde_json::json!({"seq": seq, "event": event}))
                .collect())
        })
    }

    /// Replaces the faults in force (`{}` turns them all off).
    #[napi]
    pub fn set_faults(&self, faults: FaultOptions) -> napi::Result<()> {
        let faults = Faults::try_from(faults)?;
        self.with(|emu| emu.set_faults(faults).map_err(emulator_error))
    }

    #[napi]
    pub fn invitation_count(&self) -> napi::Result<u32> {
        self.with(|emu| Ok(u32::try_from(emu.stored_invitations().len()).unwrap_or(u32::MAX)))
    }

    /// The emulator's counters (requests, connections, tlsHandshakeFailures, ...), camelCase.
    #[napi]
    pub fn stats(&self) -> napi::Result<serde_json::Value> {
        self.with(|emu| {
            let stats = serde_json::to_value(emu.stats()).map_err(emulator_error)?;
            let serde_json::Value::Object(fields) = stats else {
                return Err(emulator_error("stats are not an object"));
            };
            Ok(fields
                .into_iter()
                .map(|(name, value)| (camel_case(&name), value))
                .collect())
        })
    }

    /// Stops the server. Stopping twice is harmless.
    #[napi]
    pub async fn stop(&self) -> napi::Result<()> {
        let emu = self.inner.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(emu) = emu {
            tokio::task::spawn_blocking(move || emu.shutdown())
                .await
                .map_err(emulator_error)?;
        }
        Ok(())
    }
}

/// `tls_handshake_failures` -> `tlsHandshakeFailures`: the JS spelling of the emulator's names.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}
