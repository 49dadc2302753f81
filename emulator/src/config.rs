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

/// One access key the emulator accepts, and the AWS account it acts for.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub account_id: String,
}

impl Credential {
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        account_id: impl Into<String>,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            account_id: account_id.into(),
        }
    }

    /// The sender pair then the receiver pair (see README.md).
    pub fn defaults() -> Vec<Credential> {
        vec![
            Credential::new(
                DEFAULT_ACCESS_KEY_ID,
                DEFAULT_SECRET_ACCESS_KEY,
                DEFAULT_ACCOUNT_ID,
            ),
            Credential::new(
                RECEIVER_ACCESS_KEY_ID,
                RECEIVER_SECRET_ACCESS_KEY,
                RECEIVER_ACCOUNT_ID,
            ),
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
        self.faults.check().map_err(Error::Config)
    }
}
