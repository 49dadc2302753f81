//! The crate's one error type.
//!
//! Every variant's `Display` says what happened and what to do about it. None of them ever holds a
//! credential, a signature or a request body, so printing or logging an error is always safe.
use std::fmt;

use crate::client::ResponseMetadata;
use crate::validate::Violation;
use crate::wire::ValidationExceptionError;

/// Who is at fault for a service error, as the JS SDK's `$fault` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// A 4xx answer: the request must change before it can succeed.
    Client,
    /// A 5xx answer: the service failed; the same request may succeed later.
    Server,
}

impl Fault {
    pub fn as_str(self) -> &'static str {
        match self {
            Fault::Client => "client",
            Fault::Server => "server",
        }
    }
}

/// The variant of an [`Error`], without its data (for bindings that map kinds to exception classes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    Validation,
    InvalidInput,
    Service,
    Timeout,
    Connection,
    Credentials,
    Config,
    Decode,
}

/// An error answer from the service, with its modelled fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceError {
    /// The service's error code, for example `ThrottlingException` or `ValidationException`.
    pub code: String,
    pub message: Option<String>,
    /// `ValidationException.Reason` (`REQUEST_VALIDATION_FAILED`, `BUSINESS_VALIDATION_FAILED`).
    pub reason: Option<String>,
    /// `ValidationException.ErrorList`: one entry per rejected field.
    pub error_list: Vec<ValidationExceptionError>,
    pub fault: Fault,
    pub metadata: ResponseMetadata,
}

impl ServiceError {
    fn advice(&self) -> &'static str {
        match self.code.as_str() {
            "ValidationException" => "fix the fields listed above and send the request again",
            "AccessDeniedException" => {
                "check that the credentials' IAM policy allows partnercentral:CreateEngagementInvitation on this catalog"
            }
            "ConflictException" => {
                "the engagement's state does not allow this invitation, or the ClientToken was already used with different parameters; reuse the token only for the same request"
            }
            "ResourceNotFoundException" => {
                "check EngagementIdentifier and Catalog (AWS or Sandbox) name an existing engagement"
            }
            "ServiceQuotaExceededException" => {
                "a Partner Central quota is exhausted; remove unused invitations or ask for a higher quota"
            }
            code if crate::retry::is_throttling_code(code) => {
                "the service throttled the call after every retry; slow down (about one write per second per account) or raise max_attempts"
            }
            _ if self.fault == Fault::Server => {
                "the service failed; retry later with the same ClientToken"
            }
            _ => "the service rejected the request",
        }
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}", self.code, self.metadata.http_status)?;
        if let Some(id) = &self.metadata.request_id {
            write!(f, ", request id {id}")?;
        }
        write!(f, ", after {} attempt(s))", self.metadata.attempts)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(reason) = &self.reason {
            write!(f, " [reason {reason}]")?;
        }
        for item in &self.error_list {
            write!(f, "\n  - ")?;
            if let Some(field) = &item.field_name {
                write!(f, "{field}: ")?;
            }
            write!(f, "{} {}", item.code, item.message)?;
        }
        write!(f, "\n{}", self.advice())
    }
}

/// Everything that can go wrong in this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request broke the model's constraints; nothing was sent.
    #[error("{}", validation_display(.0))]
    Validation(Vec<Violation>),
    /// Input that could not be read at all (not JSON, not UTF-8, nested too deep).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The service answered with an error.
    #[error("the service returned {0}")]
    Service(Box<ServiceError>),
    /// No answer in time (connect or read timeout) on the last attempt.
    #[error(
        "{what} timed out after {attempts} attempt(s) to {url}; check the network, or raise the {what} timeout (0 disables it)"
    )]
    Timeout {
        /// `connect` or `read`.
        what: &'static str,
        url: String,
        attempts: u32,
        client_token: Option<String>,
    },
    /// The connection could not be made or broke before a full answer arrived.
    #[error(
        "could not reach {url} after {attempts} attempt(s): {message}; check the endpoint URL, proxy settings (HTTPS_PROXY, NO_PROXY) and the network"
    )]
    Connection {
        url: String,
        attempts: u32,
        message: String,
        client_token: Option<String>,
    },
    /// The server's TLS certificate was refused. Retrying cannot help, so it is never retried.
    #[error(
        "the TLS certificate of {url} was refused: {message}; if the endpoint uses a private or self-signed certificate authority, point AWS_CA_BUNDLE (or the client's ca_bundle setting: --ca-bundle, verify=\"/path/to/ca.pem\", caBundle) at its PEM bundle; turning verification off is for local testing only"
    )]
    Tls {
        url: String,
        message: String,
        client_token: Option<String>,
    },
    /// No usable credentials.
    #[error("{message}")]
    Credentials { message: String },
    /// A setting is invalid or contradicts another.
    #[error("invalid configuration: {message}")]
    Config { message: String },
    /// A 2xx answer whose body is not the expected output.
    #[error(
        "could not decode the service's answer (HTTP {status}{}): {message}; this is a bug in the service or this library, please report it",
        .request_id.as_deref().map(|id| format!(", request id {id}")).unwrap_or_default()
    )]
    Decode {
        status: u16,
        request_id: Option<String>,
        message: String,
    },
}

fn validation_display(violations: &[Violation]) -> String {
    let mut out = format!(
        "{} parameter validation error(s); nothing was sent:",
        violations.len()
    );
    for v in violations {
        let path = if v.path.is_empty() {
            "(input)"
        } else {
            &v.path
        };
        out.push_str(&format!("\n  - {path}: {} {}", v.code, v.message));
    }
    out
}

impl Error {
    /// The service's error code (`ThrottlingException` ...) or, for client-side errors, a stable
    /// code of this library's own (`ParamValidation`, `Timeout`, `Connection`, `Credentials`, ...).
    pub fn code(&self) -> Option<&str> {
        Some(match self {
            Error::Service(e) => &e.code,
            Error::Validation(_) => "ParamValidation",
            Error::InvalidInput(_) => "InvalidInput",
            Error::Timeout { .. } => "Timeout",
            Error::Connection { .. } => "Connection",
            Error::Tls { .. } => "Tls",
            Error::Credentials { .. } => "NoCredentials",
            Error::Config { .. } => "InvalidConfiguration",
            Error::Decode { .. } => "Decode",
        })
    }

    pub fn service_error(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    pub fn metadata(&self) -> Option<&ResponseMetadata> {
        self.service_error().map(|e| &e.metadata)
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Validation(_) => ErrorKind::Validation,
            Error::InvalidInput(_) => ErrorKind::InvalidInput,
            Error::Service(_) => ErrorKind::Service,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Connection { .. } | Error::Tls { .. } => ErrorKind::Connection,
            Error::Credentials { .. } => ErrorKind::Credentials,
            Error::Config { .. } => ErrorKind::Config,
            Error::Decode { .. } => ErrorKind::Decode,
        }
    }

    /// The violations of a [`Error::Validation`].
    pub fn violations(&self) -> &[Violation] {
        match self {
            Error::Validation(v) => v,
            _ => &[],
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
        }
    }
}
