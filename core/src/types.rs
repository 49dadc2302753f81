//! Leaf types every other module uses. This module imports nothing of the crate, so no import
//! cycle can run through it.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// What happened on the wire (boto3's `ResponseMetadata`, the JS SDK's `$metadata`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResponseMetadata {
    pub request_id: Option<String>,
    pub http_status: u16,
    /// Lower-case names, as boto3's `HTTPHeaders`.
    pub http_headers: Vec<(String, String)>,
    /// Attempts made, the first included.
    pub attempts: u32,
    /// Time spent waiting between attempts.
    pub total_retry_delay: Duration,
    /// The idempotency token the request carried (given by the caller or generated), for the
    /// operations that have one.
    pub client_token: Option<String>,
}

/// An operation's decoded answer and what happened on the wire. It dereferences to the output,
/// so `response.id` reads the output's `id`.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    pub output: T,
    pub metadata: ResponseMetadata,
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.output
    }
}

impl<T> Response<T> {
    /// The output, without the metadata.
    pub fn into_output(self) -> T {
        self.output
    }
}

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

/// The service's own `ValidationExceptionErrorCode` values that client-side validation produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ViolationCode {
    RequiredFieldMissing,
    InvalidEnumValue,
    InvalidStringFormat,
    NotEnoughValues,
    TooManyValues,
    InvalidValue,
    ValueOutOfRange,
}

impl ViolationCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RequiredFieldMissing => "REQUIRED_FIELD_MISSING",
            Self::InvalidEnumValue => "INVALID_ENUM_VALUE",
            Self::InvalidStringFormat => "INVALID_STRING_FORMAT",
            Self::NotEnoughValues => "NOT_ENOUGH_VALUES",
            Self::TooManyValues => "TOO_MANY_VALUES",
            Self::InvalidValue => "INVALID_VALUE",
            Self::ValueOutOfRange => "VALUE_OUT_OF_RANGE",
        }
    }
}

impl std::fmt::Display for ViolationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken constraint: where (`Invitation.Payload.OpportunityInvitation.SenderContacts[1].Email`),
/// which service code, and a message that names what was expected. Messages never quote the
/// value itself: many members are sensitive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub path: String,
    pub code: ViolationCode,
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path.is_empty() {
            "(request)"
        } else {
            &self.path
        };
        write!(f, "{path}: {} ({})", self.message, self.code)
    }
}

/// One entry of a `ValidationException`'s `ErrorList`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidationExceptionError {
    pub field_name: Option<String>,
    pub code: String,
    pub message: String,
}
