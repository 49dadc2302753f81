//! A local AWS Partner Central Selling endpoint on loopback, for development, demos and
//! integration tests: AWS JSON 1.0, SigV4 verified against configured test keys, the model's
//! full validation, idempotent ClientTokens, seeded demo engagements, and faults on demand.
//!
//! ```no_run
//! # async fn demo() -> Result<(), partnercentral_selling_emulator::Error> {
//! use partnercentral_selling_emulator::{Emulator, EmulatorConfig};
//! let emulator = Emulator::start(EmulatorConfig::default()).await?;
//! println!("endpoint: {}", emulator.url());
//! emulator.stop().await;
//! # Ok(()) }
//! ```
//! README.md documents the credentials, demo data, admin routes and faults.

mod admin;
mod config;
mod delivery;
mod error;
mod faults;
mod ops;
mod persist;
mod protocol;
mod quotas;
mod remote;
mod seed;
mod server;
mod service;
mod sigv4;
mod stats;
mod store;
mod tls;
mod world;

pub use config::{
    Credential, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCOUNT_ID, DEFAULT_SECRET_ACCESS_KEY,
    EmulatorConfig, RECEIVER_ACCESS_KEY_ID, RECEIVER_ACCOUNT_ID, RECEIVER_SECRET_ACCESS_KEY,
    RECEIVER2_ACCESS_KEY_ID, RECEIVER2_ACCOUNT_ID, RECEIVER2_SECRET_ACCESS_KEY,
    RECEIVER3_ACCESS_KEY_ID, RECEIVER3_ACCOUNT_ID, RECEIVER3_SECRET_ACCESS_KEY,
};
pub use error::Error;
pub use faults::{FaultKind, Faults};
pub use quotas::{Quotas, Rate};
pub use remote::Remote;
pub use server::Emulator;
pub use stats::Stats;
pub use store::StoredInvitation;
pub use tls::TlsConfig;
