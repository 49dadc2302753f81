//! The core's `tracing` log on stderr, when asked for the way Node users ask for debug output:
//! `NODE_DEBUG=partnercentral-selling` (debug level) or a `RUST_LOG` filter. The core redacts
//! secrets and sensitive members itself, so nothing here filters values.

use tracing_subscriber::EnvFilter;

const DEBUG_NAMES: [&str; 2] = ["partnercentral-selling", "partnercentral_selling"];

#[napi_derive::module_init]
fn init_logging() {
    let node_debug = std::env::var("NODE_DEBUG").unwrap_or_default();
    let asked = node_debug
        .split(',')
        .any(|name| DEBUG_NAMES.contains(&name.trim()));
    let filter = match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.is_empty() => EnvFilter::new(spec),
        _ if asked => EnvFilter::new("partnercentral_selling=debug"),
        _ => return,
    };
    // Another addon may have installed a subscriber first; then the log goes there.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}
