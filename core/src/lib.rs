//! AWS Partner Central Selling API: `CreateEngagementInvitation` with every model constraint
//! checked before a request leaves the machine, SigV4 signing, standard retries and typed errors.
//!
//! The call path: validate -> serialize -> sign -> send -> retry -> parse (see DESIGN.md).

mod adaptive;
pub mod client;
pub mod config;
pub mod credentials;
pub mod endpoint;
pub mod error;
pub mod model;
pub mod pattern;
pub mod retry;
pub mod signing;
pub mod strict_json;
pub mod validate;
pub mod wire;

pub use client::{Client, CreateEngagementInvitationOutput, ResponseMetadata};
pub use config::{ClientBuilder, ResolvedConfig};
pub use credentials::Credentials;
pub use error::{Error, ErrorKind, Fault, ServiceError};
pub use model::CreateEngagementInvitationInput;
pub use retry::RetryMode;
pub use validate::{Violation, ViolationCode, validate, validate_input, validate_json_bytes};
pub use wire::{ServiceErrorBody, ValidationExceptionError};
