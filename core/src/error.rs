//! The crate's one error type.
//!
//! Every variant's `Display` says what happened and what to do about it. None of them ever holds a
//! credential, a signature or a request body, so printing or logging an error is always safe.
use std::fmt;

use crate::types::{Fault, ResponseMetadata, ValidationExceptionError, Violation};

/// The error codes the AWS SDKs treat as throttling (retried with the throttling backoff).
pub(crate) const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Whether `code` is a throttling error code.
pub fn is_throttling_code(code: &str) -> bool {
    THROTTLING_CODES.contains(&code)
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
    Tls,
    Credentials,
    Config,
    Decode,
    Pagination,
}

/// An error answer from the service, with its modelled fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceError {
    /// The model name of the operation that failed.
    pub operation: &'static str,
    /// The service's error code, for example `ThrottlingException` or `ValidationException`.
    pub code: String,
    pub message: Option<String>,
    /// `ValidationException.Reason` (`REQUEST_VALIDATION_FAILED`, `BUSINESS_VALIDATION_FAILED`).
    pub reason: Option<String>,
    /// `ValidationException.ErrorList`: one entry per rejected field.
    pub error_list: Vec<ValidationExceptionError>,
    /// The error body as the service sent it (the modelled members of the error shape).
    pub body: serde_json::Value,
    pub fault: Fault,
    pub metadata: ResponseMetadata,
}

impl ServiceError {
    fn advice(&self) -> String {
        match self.code.as_str() {
            "ValidationException" => "fix the fields listed above and send the request again".into(),
            "AccessDeniedException" => format!(
                "check that the credentials' IAM policy allows partnercentral:{} on this catalog",
                self.operation
            ),
            "ConflictException" => "the resource's current state does not allow this call, or the ClientToken was already used with different parameters; read the resource again, and reuse a token only for the same request".into(),
            "ResourceNotFoundException" => {
                "check the identifiers and the Catalog (AWS or Sandbox) name existing resources".into()
            }
            "ServiceQuotaExceededException" => {
                "a Partner Central quota is exhausted; remove unused resources or ask for a higher quota".into()
            }
            code if is_throttling_code(code) => {
                "the service throttled the call after every retry; slow down (about one write per second per account) or allow more attempts".into()
            }
            _ if self.fault == Fault::Server => {
                "the service failed; retry later with the same ClientToken".into()
            }
            _ => "the service rejected the request".into(),
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
        "the TLS certificate of {url} was refused: {message}; if the endpoint uses a private or self-signed certificate authority, point AWS_CA_BUNDLE (or the client's CA bundle setting) at its PEM bundle; turning verification off is for local testing only"
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
    /// A paginator met a token it had already sent: the service would page forever.
    #[error("{message}")]
    Pagination { message: String },
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
            Error::Pagination { .. } => "PaginationError",
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
            Error::Connection { .. } => ErrorKind::Connection,
            Error::Tls { .. } => ErrorKind::Tls,
            Error::Credentials { .. } => ErrorKind::Credentials,
            Error::Config { .. } => ErrorKind::Config,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::Pagination { .. } => ErrorKind::Pagination,
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
