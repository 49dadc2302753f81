//! The shared HTTP clients (rustls, proxies, CA bundles, timeouts): built once per distinct
//! configuration and reused, so a second `Client` costs no TLS setup and shares the pool.
use std::time::Duration;

use crate::config::ResolvedConfig;
use crate::error::Error;

/// What makes two HTTP clients interchangeable: the TLS trust, the timeouts and the proxy
/// variables reqwest reads when it is built, in this process (a forked child must not share
/// its parent's sockets) and on this tokio runtime (a pooled connection is driven by a task of
/// the runtime that opened it, and dies with that runtime).
#[derive(PartialEq, Eq)]
struct HttpKey {
    process: u32,
    runtime: Option<tokio::runtime::Id>,
    verify_tls: bool,
    ca_bundle: Option<Vec<u8>>,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    proxy_env: Vec<Option<String>>,
}

/// The environment variables reqwest's system-proxy support reads.
const PROXY_VARS: [&str; 8] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// How many distinct HTTP configurations are kept; a program rarely has more than one or two.
const HTTP_CACHE_SIZE: usize = 8;

/// Building a reqwest client loads the TLS trust roots (milliseconds); clients with the same
/// configuration share one (and so its connection pool), which makes a second `Client` cheap.
static HTTP_CLIENTS: std::sync::Mutex<Vec<(HttpKey, reqwest::Client)>> =
    std::sync::Mutex::new(Vec::new());

pub(crate) fn http_client(config: &ResolvedConfig) -> Result<reqwest::Client, Error> {
    let ca_bundle = match &config.ca_bundle {
        Some(path) => Some(std::fs::read(path).map_err(|e| {
            Error::config(format!("cannot read the CA bundle {}: {e}", path.display()))
        })?),
        None => None,
    };
    let key = HttpKey {
        process: std::process::id(),
        runtime: tokio::runtime::Handle::try_current().ok().map(|h| h.id()),
        verify_tls: config.verify_tls,
        ca_bundle,
        connect_timeout: config.connect_timeout,
        read_timeout: config.read_timeout,
        proxy_env: PROXY_VARS
            .iter()
            .map(|name| std::env::var(name).ok())
            .collect(),
    };
    let mut cache = HTTP_CLIENTS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, client)) = cache.iter().find(|(k, _)| *k == key) {
        return Ok(client.clone());
    }
    let client = build_http_client(config, key.ca_bundle.as_deref())?;
    if cache.len() == HTTP_CACHE_SIZE {
        cache.remove(0);
    }
    cache.push((key, client.clone()));
    Ok(client)
}

fn build_http_client(
    config: &ResolvedConfig,
    ca_bundle: Option<&[u8]>,
) -> Result<reqwest::Client, Error> {
    let mut builder = reqwest::Client::builder()
        .tcp_nodelay(true)
        .pool_idle_timeout(Duration::from_secs(90));
    if let Some(t) = config.connect_timeout {
        builder = builder.connect_timeout(t);
    }
    if let Some(t) = config.read_timeout {
        builder = builder.read_timeout(t);
    }
    if let (Some(path), Some(pem)) = (&config.ca_bundle, ca_bundle) {
        let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
            Error::config(format!(
                "the CA bundle {} is not a PEM certificate bundle: {e}",
                path.display()
            ))
        })?;
        if certs.is_empty() {
            return Err(Error::config(format!(
                "the CA bundle {} holds no PEM certificates",
                path.display()
            )));
        }
        builder = builder.tls_certs_only(certs);
    }
    if !config.verify_tls {
        tracing::warn!(
            "TLS certificate verification is off: any server can pose as the endpoint; use a CA bundle (AWS_CA_BUNDLE) instead outside local testing"
        );
        builder = builder.tls_danger_accept_invalid_certs(true);
    }
    builder
        .build()
        .map_err(|e| Error::config(format!("cannot set up the HTTP client: {e}")))
}

pub(crate) fn transport_message(err: &reqwest::Error) -> String {
    let mut out = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

pub(crate) fn transport_error(
    err: &reqwest::Error,
    url: &str,
    attempts: u32,
    token: Option<&str>,
) -> Error {
    if err.is_timeout() {
        Error::Timeout {
            what: if err.is_connect() { "connect" } else { "read" },
            url: url.to_string(),
            attempts,
            client_token: token.map(str::to_string),
        }
    } else {
        let message = transport_message(err);
        // rustls and the platform verifier only say "certificate" in their text: the error
        // types are buried under hyper's and std::io's wrappers, which hide them from downcasts.
        if err.is_connect() && message.to_ascii_lowercase().contains("certificate") {
            return Error::Tls {
                url: url.to_string(),
                message,
                client_token: token.map(str::to_string),
            };
        }
        Error::Connection {
            url: url.to_string(),
            attempts,
            message,
            client_token: token.map(str::to_string),
        }
    }
}
