//! What the emulator starts with: where it listens, whom it trusts, what it knows, how it misbehaves.
use std::fmt;
use std::path::PathBuf;

use crate::error::Error;
use crate::faults::Faults;
use crate::tls::TlsConfig;

/// The documented test pair every example and test uses (the sender).
pub const DEFAULT_ACCESS_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
pub const DEFAULT_SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
pub const DEFAULT_ACCOUNT_ID: &str = "123456789012";
/// The second pair: a receiver, so a demo can invite and then look at the invitation from the other side.
pub const RECEIVER_ACCESS_KEY_ID: &str = "AKIAI44QH8DHBEXAMPLE";
pub const RECEIVER_SECRET_ACCESS_KEY: &str = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
pub const RECEIVER_ACCOUNT_ID: &str = "444455556666";
/// The second and third receivers (made-up keys in the documentation's style, valid nowhere).
pub const RECEIVER2_ACCESS_KEY_ID: &str = "AKIAEMULATORRECV0002";
pub const RECEIVER2_SECRET_ACCESS_KEY: &str = "emuLATORreceiver2/K7MDENG/bPxRfiCYEXAMPLEKEY";
pub const RECEIVER2_ACCOUNT_ID: &str = "111122223333";
pub const RECEIVER3_ACCESS_KEY_ID: &str = "AKIAEMULATORRECV0003";
pub const RECEIVER3_SECRET_ACCESS_KEY: &str = "emuLATORreceiver3/K7MDENG/bPxRfiCYEXAMPLEKEY";
pub const RECEIVER3_ACCOUNT_ID: &str = "777788889999";

/// One access key the emulator accepts, and the AWS account it acts for.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub account_id: String,
    /// The partner's company name (engagement members, invitations); defaults to
    /// "Partner <account id>".
    pub name: String,
}

impl Credential {
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        account_id: impl Into<String>,
    ) -> Self {
        let account_id = account_id.into();
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            name: format!("Partner {account_id}"),
            account_id,
        }
    }

    /// The same key with a company name.
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Reads an accounts file: a JSON list of
    /// `{"AccountId", "AccessKeyId", "SecretAccessKey", "Name"}` (`Name` optional).
    pub fn load_accounts(path: &std::path::Path) -> Result<Vec<Credential>, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Config(format!(
                "accounts file {}: cannot read it: {e}",
                path.display()
            ))
        })?;
        Credential::parse_accounts(&text).map_err(|message| {
            Error::Config(format!("accounts file {}: {message}", path.display()))
        })
    }

    /// The accounts list from JSON text (the accounts file's format).
    pub fn parse_accounts(text: &str) -> Result<Vec<Credential>, String> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "PascalCase")]
        struct Entry {
            account_id: String,
            access_key_id: String,
            secret_access_key: String,
            name: Option<String>,
        }
        let entries: Vec<Entry> = serde_json::from_str(text).map_err(|e| {
            format!(
                "{e}; write a JSON list like [{{\"AccountId\": \"111122223333\", \"AccessKeyId\": \"AKIA...\", \
                 \"SecretAccessKey\": \"...\", \"Name\": \"Example Partner\"}}]"
            )
        })?;
        if entries.is_empty() {
            return Err("the list is empty; give at least one account".to_owned());
        }
        entries
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                let mut credential =
                    Credential::new(e.access_key_id, e.secret_access_key, e.account_id);
                if let Some(name) = e.name {
                    credential.name = name;
                }
                credential
                    .check()
                    .map_err(|err| format!("entry [{i}]: {err}"))?;
                Ok(credential)
            })
            .collect()
    }

    /// The sender then the three receivers (see README.md).
    pub fn defaults() -> Vec<Credential> {
        vec![
            Credential::new(
                DEFAULT_ACCESS_KEY_ID,
                DEFAULT_SECRET_ACCESS_KEY,
                DEFAULT_ACCOUNT_ID,
            )
            .named("Example Sender Co"),
            Credential::new(
                RECEIVER_ACCESS_KEY_ID,
                RECEIVER_SECRET_ACCESS_KEY,
                RECEIVER_ACCOUNT_ID,
            )
            .named("Example Receiver One"),
            Credential::new(
                RECEIVER2_ACCESS_KEY_ID,
                RECEIVER2_SECRET_ACCESS_KEY,
                RECEIVER2_ACCOUNT_ID,
            )
            .named("Example Receiver Two"),
            Credential::new(
                RECEIVER3_ACCESS_KEY_ID,
                RECEIVER3_SECRET_ACCESS_KEY,
                RECEIVER3_ACCOUNT_ID,
            )
            .named("Example Receiver Three"),
        ]
    }

    /// Reads `ACCESS_KEY_ID:SECRET_ACCESS_KEY:ACCOUNT_ID` (the form a command-line flag takes).
    /// Secrets never contain `:`, so the split is unambiguous.
    pub fn parse(spec: &str) -> Result<Credential, Error> {
        let mut parts = spec.splitn(3, ':');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(key), Some(secret), Some(account))
                if !key.is_empty() && !secret.is_empty() && !account.is_empty() =>
            {
                let credential = Credential::new(key, secret, account);
                credential.check()?;
                Ok(credential)
            }
            _ => Err(Error::Config(
                "a credential is written ACCESS_KEY_ID:SECRET_ACCESS_KEY:ACCOUNT_ID, \
                 e.g. AKIAIOSFODNN7EXAMPLE:<secret>:123456789012"
                    .to_owned(),
            )),
        }
    }

    fn check(&self) -> Result<(), Error> {
        if self.access_key_id.is_empty() || self.secret_access_key.is_empty() {
            return Err(Error::Config(
                "a credential needs a non-empty access key id and secret".to_owned(),
            ));
        }
        if self.account_id.len() != 12 || !self.account_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::Config(format!(
                "account id of access key {} must be 12 digits (it goes into invitation ARNs), got {:?}",
                self.access_key_id, self.account_id
            )));
        }
        Ok(())
    }
}

// The secret never reaches debug output or logs.
impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("account_id", &self.account_id)
            .field("name", &self.name)
            .finish()
    }
}

/// How to start an emulator. `EmulatorConfig::default()` listens on a free loopback port, trusts the
/// two documented test pairs, and seeds the four demo engagements.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// Port on 127.0.0.1; 0 picks a free one (read it back with `Emulator::url`).
    pub port: u16,
    /// Access keys accepted, each tied to its account. The first one owns the seeded engagements.
    pub credentials: Vec<Credential>,
    /// Seed the demo engagements of README.md (both catalogs).
    pub demo_data: bool,
    /// More engagements to load, from a JSON file (format in README.md).
    pub seed_file: Option<PathBuf>,
    /// Faults active from the first request; change them later with `Emulator::set_faults`.
    pub faults: Faults,
    /// Serve HTTPS instead of HTTP (see `TlsConfig`); `None` serves plain HTTP.
    pub tls: Option<TlsConfig>,
    /// How long (emulator time) a started task reads `IN_PROGRESS` before `COMPLETE`.
    pub task_duration_ms: u64,
    /// Keep everything in this SQLite file, and start from it if it exists (`--state FILE`).
    pub state_file: Option<PathBuf>,
    /// The service's documented quotas (`Some(Quotas::aws())`, `--quotas aws`); off by default.
    pub quotas: Option<crate::quotas::Quotas>,
    /// POST every event to this URL, in order, retrying until delivered (see README.md).
    pub event_url: Option<String>,
    /// The address to listen on; 127.0.0.1 unless given (`--host`). Off loopback, every admin
    /// route requires the admin token.
    pub host: std::net::IpAddr,
    /// The admin routes' token; made at start (random) when the host is not loopback and none
    /// is given. With a token, every admin request must carry `Authorization: Bearer <token>`.
    pub admin_token: Option<String>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            port: 0,
            credentials: Credential::defaults(),
            demo_data: true,
            seed_file: None,
            faults: Faults::default(),
            tls: None,
            task_duration_ms: 1_000,
            state_file: None,
            quotas: None,
            event_url: None,
            host: std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
            admin_token: None,
        }
    }
}

impl EmulatorConfig {
    pub(crate) fn check(&self) -> Result<(), Error> {
        if self.credentials.is_empty() {
            return Err(Error::Config(
                "no credentials: give at least one access key (Credential::defaults() has the test pairs)"
                    .to_owned(),
            ));
        }
        for (i, credential) in self.credentials.iter().enumerate() {
            credential.check()?;
            if self.credentials[..i]
                .iter()
                .any(|c| c.access_key_id == credential.access_key_id)
            {
                return Err(Error::Config(format!(
                    "access key {} is listed twice; each key maps to one secret",
                    credential.access_key_id
                )));
            }
        }
        if let Some(url) = &self.event_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(Error::Config(format!(
                "event_url must be an http:// or https:// URL, got {url:?}"
            )));
        }
        if self.admin_token.as_ref().is_some_and(|t| t.len() < 16) {
            return Err(Error::Config(
                "admin_token must be at least 16 characters (or leave it out to get a random one)"
                    .to_owned(),
            ));
        }
        if let Some(quotas) = &self.quotas {
            quotas.check().map_err(Error::Config)?;
        }
        self.faults.check().map_err(Error::Config)
    }
}
