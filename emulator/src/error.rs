//! The crate's one error type: what can go wrong when starting or configuring an emulator.
//! (Errors a client sees travel over HTTP as AWS error bodies; see `protocol.rs`.)
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error(
        "cannot listen on {host}:{port}: {source}; pick another port (0 for a free one) or host"
    )]
    Bind {
        host: std::net::IpAddr,
        port: u16,
        source: std::io::Error,
    },
    #[error("seed file {}: {message}", path.display())]
    Seed { path: PathBuf, message: String },
    #[error("state file {}: {message}", path.display())]
    State { path: PathBuf, message: String },
    #[error("invalid emulator configuration: {0}")]
    Config(String),
    #[error("emulator admin: {0}")]
    Remote(String),
    #[error("HTTPS: {0}")]
    Tls(String),
    #[error("cannot start the emulator's runtime thread: {0}")]
    Runtime(std::io::Error),
}
