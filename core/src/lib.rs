//! The AWS Partner Central Selling API, every operation of the vendored model: each request
//! checked against every model constraint before it leaves the machine, SigV4 signing, the
//! standard and adaptive retry modes, clock-skew correction, botocore's pagination, and typed
//! errors.
//!
//! The call path, for any operation: validate -> serialize -> sign -> send -> retry -> parse.
//! [`Client::call`] takes any [`Operation`] of [`model::OPERATIONS`] with a JSON tree of the AWS
//! member names; the typed method per operation (`client.list_engagement_invitations(&input)`)
//! is generated from the model on top of it.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod adaptive;
#[allow(missing_docs)]
pub mod bulk;
#[allow(missing_docs)]
pub mod client;
#[allow(missing_docs)]
pub mod config;
#[allow(missing_docs)]
pub mod credentials;
#[allow(missing_docs)]
pub mod endpoint;
#[allow(missing_docs)]
pub mod error;
pub mod model;
pub mod paginate;
#[allow(missing_docs)]
pub mod pattern;
#[allow(missing_docs)]
pub mod retry;
mod signing;
mod strict_json;
pub mod timestamp;
mod transport;
#[allow(missing_docs)]
pub mod types;
pub mod validate;
mod wire;

pub use client::Client;
pub use config::{ClientBuilder, ProfileSettings, ResolvedConfig};
pub use credentials::Credentials;
pub use error::{Error, ErrorKind, ServiceError};
pub use model::{OPERATIONS, Operation, find_operation, operation};
pub use paginate::{Pages, PaginationConfig};
pub use retry::RetryMode;
pub use timestamp::Timestamp;
pub use types::{
    Fault, Response, ResponseMetadata, ValidationExceptionError, Violation, ViolationCode,
};
pub use validate::{validate, validate_json_bytes};
pub use wire::{ServiceErrorBody, parse_error};

/// The crate's private pieces, for its own tests, benchmarks and fuzz targets only (feature
/// `internals`); not part of the API and not covered by semver.
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod internals {
    pub use crate::signing::{SIGNING_NAME, SignatureHeaders, Signer, sign};
    pub use crate::strict_json::parse as parse_strict_json;
    pub use crate::wire::{normalize_timestamps, request_body};
    include!(concat!(env!("OUT_DIR"), "/roundtrip.rs"));
}
