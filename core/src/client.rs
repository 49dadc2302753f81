//! `Client`: validate -> serialize -> sign -> send -> retry -> parse.
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use serde_json::Value;

use crate::config::{ClientBuilder, ResolvedConfig};
use crate::credentials::CredentialsCache;
use crate::error::{Error, Fault, ServiceError};
use crate::model::CreateEngagementInvitationInput;
use crate::retry::{self, Failure, RetryPolicy};
use crate::signing;
use crate::wire;

/// What `CreateEngagementInvitation` returns.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateEngagementInvitationOutput {
    /// The invitation's id.
    pub id: String,
    pub arn: String,
    pub metadata: ResponseMetadata,
}

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
    /// The idempotency token the request carried (given by the caller or generated).
    pub client_token: String,
}

/// A Partner Central Selling client. Cheap to clone; clones share the connection pool, the
/// credentials cache and the retry quota.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Arc<ResolvedConfig>,
    http: reqwest::Client,
    credentials: Option<Arc<CredentialsCache>>,
    retry: RetryPolicy,
    signer: signing::Signer,
    /// The URL every request goes to, with the path the operation's `requestUri` gives it.
    url: String,
    /// The same, parsed once: handing reqwest a `&str` would parse it (IDNA and all) per attempt.
    parsed_url: reqwest::Url,
    /// The `Host` header, as sent and as signed.
    host: String,
}

/// One attempt's outcome before it is judged.
enum Attempt {
    Answer {
        status: u16,
        headers: http::HeaderMap,
        body: Bytes,
    },
    Failed(reqwest::Error),
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub(crate) fn from_parts(
        config: Arc<ResolvedConfig>,
        credentials: Option<Arc<CredentialsCache>>,
        retry: RetryPolicy,
    ) -> Result<Self, Error> {
        let http = http_client(&config)?;
        let uri: http::Uri = config
            .endpoint
            .parse()
            .map_err(|e| Error::config(format!("endpoint {:?}: {e}", config.endpoint)))?;
        let host = host_header(&uri);
        let mut url = config.endpoint.trim_end_matches('/').to_string();
        url.push('/');
        let parsed_url = reqwest::Url::parse(&url)
            .map_err(|e| Error::config(format!("endpoint {:?}: {e}", config.endpoint)))?;
        tracing::debug!(
            endpoint = %config.endpoint,
            region = %config.region,
            retry_mode = %config.retry_mode,
            max_attempts = config.max_attempts,
            credentials = %config.credentials_source,
            "client configured"
        );
        Ok(Self {
            inner: Arc::new(Inner {
                config,
                http,
                credentials,
                retry,
                signer: signing::Signer::default(),
                url,
                parsed_url,
                host,
            }),
        })
    }

    /// The settings this client resolved (no secrets).
    pub fn config(&self) -> &ResolvedConfig {
        &self.inner.config
    }

    /// `CreateEngagementInvitation` from the typed model.
    pub async fn create_engagement_invitation(
        &self,
        input: &CreateEngagementInvitationInput,
    ) -> Result<CreateEngagementInvitationOutput, Error> {
        if self.inner.config.parameter_validation {
            // The tree validation needs is also what the body is written from: converting the
            // typed input once, not once to validate and again (after a clone) to serialize.
            let mut tree = crate::validate::input_tree(input).map_err(Error::Validation)?;
            let violations = crate::validate::validate(&tree);
            if !violations.is_empty() {
                return Err(Error::Validation(violations));
            }
            let client_token = fill_client_token(&mut tree)?;
            let body = Bytes::from(wire::request_body(&tree));
            return self.send(body, client_token).await;
        }
        let (body, client_token) = match &input.client_token {
            Some(token) => (wire::typed_request_body(input), token.clone()),
            None => {
                let token = random_uuid();
                let mut with_token = input.clone();
                with_token.client_token = Some(token.clone());
                (wire::typed_request_body(&with_token), token)
            }
        };
        self.send(Bytes::from(body), client_token).await
    }

    /// `CreateEngagementInvitation` from a generic request tree with the AWS member names
    /// (`Catalog`, `EngagementIdentifier`, `Invitation`, `ClientToken`): what the bindings and
    /// the CLI hand over.
    pub async fn create_engagement_invitation_value(
        &self,
        mut input: Value,
    ) -> Result<CreateEngagementInvitationOutput, Error> {
        if self.inner.config.parameter_validation {
            let violations = crate::validate::validate(&input);
            if !violations.is_empty() {
                return Err(Error::Validation(violations));
            }
        }
        let client_token = fill_client_token(&mut input)?;
        let body = Bytes::from(wire::request_body(&input));
        self.send(body, client_token).await
    }

    /// Sends one logical call, retrying as the policy allows. `body` already carries the token.
    async fn send(
        &self,
        body: Bytes,
        client_token: String,
    ) -> Result<CreateEngagementInvitationOutput, Error> {
        let inner = &*self.inner;
        let invocation_id = random_uuid();
        let max = inner.retry.max_attempts;
        let mut total_retry_delay = Duration::ZERO;
        let mut last_cost = 0;
        let mut attempt = 1;
        loop {
            let held = inner.retry.send_delay();
            if !held.is_zero() {
                tracing::debug!(wait_ms = held.as_secs_f64() * 1000.0, "adaptive rate limit");
                tokio::time::sleep(held).await;
            }
            let started = Instant::now();
            let outcome = self.attempt(&body, attempt, &invocation_id).await?;
            let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
            let (failure, retry_after, error) = match outcome {
                Attempt::Answer {
                    status,
                    headers,
                    body,
                } => {
                    let metadata = ResponseMetadata {
                        request_id: request_id(&headers),
                        http_status: status,
                        http_headers: header_pairs(&headers),
                        attempts: attempt,
                        total_retry_delay,
                        client_token: client_token.clone(),
                    };
                    tracing::debug!(
                        method = "POST",
                        url = %inner.url,
                        status,
                        attempt,
                        latency_ms,
                        request_id = metadata.request_id.as_deref().unwrap_or("-"),
                        "response"
                    );
                    if (200..300).contains(&status) {
                        inner.retry.record(None);
                        inner.retry.release(last_cost);
                        return output(&body, metadata);
                    }
                    service_failure(&headers, &body, metadata)
                }
                Attempt::Failed(err) => {
                    tracing::debug!(
                        method = "POST",
                        url = %inner.url,
                        attempt,
                        latency_ms,
                        error = %transport_message(&err),
                        "no response"
                    );
                    let error = transport_error(&err, &inner.url, attempt, &client_token);
                    let failure = match error {
                        Error::Tls { .. } => Failure::Permanent,
                        _ => Failure::Transient,
                    };
                    (failure, None, error)
                }
            };
            inner.retry.record(Some(failure));
            match inner.retry.acquire(attempt, failure) {
                Some(cost) => {
                    last_cost = cost;
                    let wait = inner.retry.backoff(attempt, failure, retry_after);
                    tracing::debug!(
                        attempt,
                        max_attempts = max,
                        wait_ms = wait.as_secs_f64() * 1000.0,
                        throttled = failure == Failure::Throttling,
                        "retrying"
                    );
                    tokio::time::sleep(wait).await;
                    total_retry_delay += wait;
                    attempt += 1;
                }
                None => return Err(error),
            }
        }
    }

    /// Signs and sends one attempt. Only credential and signing failures are errors here: they
    /// would fail every retry the same way.
    async fn attempt(
        &self,
        body: &Bytes,
        attempt: u32,
        invocation_id: &str,
    ) -> Result<Attempt, Error> {
        let inner = &*self.inner;
        let mut request = inner
            .http
            .post(inner.parsed_url.clone())
            .header(http::header::HOST, &inner.host)
            .header(http::header::CONTENT_TYPE, wire::CONTENT_TYPE)
            .header("x-amz-target", wire::CREATE_ENGAGEMENT_INVITATION_TARGET);
        if let Some(cache) = &inner.credentials {
            let credentials = cache.get().await?;
            let signed = inner.signer.sign(
                &inner.url,
                &[
                    ("content-type", wire::CONTENT_TYPE),
                    ("host", &inner.host),
                    ("x-amz-target", wire::CREATE_ENGAGEMENT_INVITATION_TARGET),
                ],
                body,
                &credentials,
                &inner.config.region,
                SystemTime::now(),
            )?;
            for (name, value, sensitive) in signed {
                let mut value = http::HeaderValue::from_maybe_shared(Bytes::from(value))
                    .map_err(|e| Error::config(format!("signature header {name}: {e}")))?;
                value.set_sensitive(sensitive);
                request = request.header(name, value);
            }
        }
        let request = request
            .header(http::header::USER_AGENT, &inner.config.user_agent)
            .header("amz-sdk-invocation-id", invocation_id)
            .header(
                "amz-sdk-request",
                format!("attempt={attempt}; max={}", inner.retry.max_attempts),
            )
            .body(body.clone());
        let mut response = match request.send().await {
            Ok(r) => r,
            Err(e) => return Ok(Attempt::Failed(e)),
        };
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        match response.bytes().await {
            Ok(body) => Ok(Attempt::Answer {
                status,
                headers,
                body,
            }),
            Err(e) => Ok(Attempt::Failed(e)),
        }
    }
}

/// An error answer as a typed error, with what it means for retrying and the server's
/// `x-amz-retry-after` hint.
fn service_failure(
    headers: &http::HeaderMap,
    body: &[u8],
    metadata: ResponseMetadata,
) -> (Failure, Option<Duration>, Error) {
    let status = metadata.http_status;
    let parsed = wire::parse_error(status, headers, body);
    let failure = retry::classify_service(status, &parsed.code);
    let retry_after = headers
        .get("x-amz-retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_millis);
    let error = Error::Service(Box::new(ServiceError {
        code: parsed.code,
        message: parsed.message,
        reason: parsed.reason,
        error_list: parsed.error_list,
        fault: if status >= 500 {
            Fault::Server
        } else {
            Fault::Client
        },
        metadata,
    }));
    (failure, retry_after, error)
}

/// Lower-case names with their values, as boto3's `HTTPHeaders`.
fn header_pairs(headers: &http::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

fn output(
    body: &[u8],
    metadata: ResponseMetadata,
) -> Result<CreateEngagementInvitationOutput, Error> {
    match wire::parse_output(body) {
        Ok((id, arn)) => Ok(CreateEngagementInvitationOutput { id, arn, metadata }),
        Err(e) => Err(Error::Decode {
            status: metadata.http_status,
            request_id: metadata.request_id,
            message: e.to_string(),
        }),
    }
}

/// Gives the request its idempotency token: the caller's, or a fresh UUID v4 (once per logical
/// call; every retry sends the same body).
fn fill_client_token(input: &mut Value) -> Result<String, Error> {
    let object = input.as_object_mut().ok_or_else(|| {
        Error::InvalidInput(
            "the request must be an object of member names (Catalog, EngagementIdentifier, Invitation, ClientToken)".into(),
        )
    })?;
    match object.get("ClientToken") {
        Some(Value::String(token)) => Ok(token.clone()),
        Some(Value::Null) | None => {
            let token = random_uuid();
            object.insert("ClientToken".into(), Value::String(token.clone()));
            Ok(token)
        }
        // Only reachable with validation off: send what the caller gave, report it as text.
        Some(other) => Ok(other.to_string()),
    }
}

/// A UUID v4 from the thread's CSPRNG (rand's `ThreadRng`, a reseeded ChaCha): `Uuid::new_v4`
/// asks the OS for every one, a system call per token.
fn random_uuid() -> String {
    uuid::Builder::from_random_bytes(rand::random())
        .into_uuid()
        .to_string()
}

fn request_id(headers: &http::HeaderMap) -> Option<String> {
    ["x-amzn-requestid", "x-amz-request-id"]
        .iter()
        .find_map(|name| headers.get(*name))
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// `Host` as hyper would send it: the port only when it is not the scheme's default.
fn host_header(uri: &http::Uri) -> String {
    let host = uri.host().unwrap_or_default();
    let default_port = match uri.scheme_str() {
        Some("https") => 443,
        _ => 80,
    };
    match uri.port_u16() {
        Some(port) if port != default_port => format!("{host}:{port}"),
        _ => host.to_string(),
    }
}

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

fn http_client(config: &ResolvedConfig) -> Result<reqwest::Client, Error> {
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

fn transport_message(err: &reqwest::Error) -> String {
    let mut out = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

fn transport_error(err: &reqwest::Error, url: &str, attempts: u32, token: &str) -> Error {
    if err.is_timeout() {
        Error::Timeout {
            what: if err.is_connect() { "connect" } else { "read" },
            url: url.to_string(),
            attempts,
            client_token: Some(token.to_string()),
        }
    } else {
        let message = transport_message(err);
        // rustls and the platform verifier only say "certificate" in their text: the error
        // types are buried under hyper's and std::io's wrappers, which hide them from downcasts.
        if err.is_connect() && message.to_ascii_lowercase().contains("certificate") {
            return Error::Tls {
                url: url.to_string(),
                message,
                client_token: Some(token.to_string()),
            };
        }
        Error::Connection {
            url: url.to_string(),
            attempts,
            message,
            client_token: Some(token.to_string()),
        }
    }
}
