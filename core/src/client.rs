//! `Client`: validate -> serialize -> sign -> send -> retry -> parse, for any operation of the
//! model. The typed method per operation (`client.list_engagement_invitations(&input)`) is
//! generated on top of [`Client::call`].
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::config::{ClientBuilder, ResolvedConfig};
use crate::credentials::CredentialsCache;
use crate::error::{Error, ServiceError};
use crate::model::Operation;
use crate::retry::{self, Failure, RetryPolicy};
use crate::signing;
use crate::transport;
use crate::types::{Fault, Response, ResponseMetadata, Violation, ViolationCode};
use crate::wire;

/// A Partner Central Selling client. Cheap to clone; clones share the connection pool, the
/// credentials cache, the retry quota and the clock offset.
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
    /// The URL every request goes to (`requestUri` is `/` for every operation).
    url: String,
    /// The same, parsed once: handing reqwest a `&str` would parse it (IDNA and all) per attempt.
    parsed_url: reqwest::Url,
    /// The `Host` header, as sent and as signed.
    host: String,
    /// Milliseconds to add to this machine's clock when signing, learnt from the service's
    /// `Date` after a clock-skew error (the JS SDK's `systemClockOffset`).
    clock_offset_ms: AtomicI64,
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

/// Error codes with which AWS front ends refuse a request signed at the wrong time.
const CLOCK_SKEW_CODES: &[&str] = &[
    "AuthFailure",
    "InvalidSignatureException",
    "RequestExpired",
    "RequestInTheFuture",
    "RequestTimeTooSkewed",
    "SignatureDoesNotMatch",
];

/// A difference from the server's clock below this is not corrected (signatures allow 5 min).
const SKEW_TOLERANCE_MS: i64 = 4 * 60 * 1000;

impl ClientBuilder {
    /// Resolves every setting (explicit, environment, profile, default) and builds the client.
    pub async fn build(self) -> Result<Client, Error> {
        let (config, credentials, retry, clock_offset_ms) = self.resolve().await?;
        Client::from_parts(Arc::new(config), credentials, retry, clock_offset_ms)
    }
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    fn from_parts(
        config: Arc<ResolvedConfig>,
        credentials: Option<Arc<CredentialsCache>>,
        retry: RetryPolicy,
        clock_offset_ms: i64,
    ) -> Result<Self, Error> {
        let http = transport::http_client(&config)?;
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
                clock_offset_ms: AtomicI64::new(clock_offset_ms),
            }),
        })
    }

    /// For the bulk engine: a client sharing this one's connections, credentials and clock
    /// offset, whose throttled attempts come back as errors at once (the bulk pacer re-sends
    /// them at the account's pace); other failures retry as this client's policy says.
    pub(crate) fn for_bulk(&self) -> Client {
        let inner = &*self.inner;
        let mut retry = RetryPolicy::new(
            inner.retry.mode,
            inner.retry.max_attempts,
            inner.retry.backoff_scale,
        );
        retry.retry_throttling = false;
        Client {
            inner: Arc::new(Inner {
                config: inner.config.clone(),
                http: inner.http.clone(),
                credentials: inner.credentials.clone(),
                retry,
                signer: signing::Signer::default(),
                url: inner.url.clone(),
                parsed_url: inner.parsed_url.clone(),
                host: inner.host.clone(),
                clock_offset_ms: AtomicI64::new(self.clock_offset_ms()),
            }),
        }
    }

    /// Whose quota this client spends: the endpoint and the access key id of its credentials
    /// (`None` when requests are not signed). Never the secret.
    pub(crate) async fn quota_owner(&self) -> Result<(String, Option<String>), Error> {
        let key = match &self.inner.credentials {
            Some(cache) => Some(cache.get().await?.access_key_id().to_string()),
            None => None,
        };
        Ok((self.inner.config.endpoint.clone(), key))
    }

    /// The settings this client resolved (no secrets).
    pub fn config(&self) -> &ResolvedConfig {
        &self.inner.config
    }

    /// Milliseconds this client adds to the local clock when signing: what it learnt from the
    /// service after a clock-skew error, or what the builder set.
    pub fn clock_offset_ms(&self) -> i64 {
        self.inner.clock_offset_ms.load(Ordering::Relaxed)
    }

    /// Calls `op` with a generic request tree of the AWS member names (what the bindings and the
    /// CLI hand over). Returns the output as the service sent it (`{}` for operations without
    /// an output) and the response metadata.
    pub async fn call(
        &self,
        op: &'static Operation,
        input: Value,
    ) -> Result<Response<Value>, Error> {
        let (body, client_token) = self.prepare(op, input)?;
        let (body, metadata) = self.send(op, body, client_token).await?;
        match wire::parse_output(&body) {
            Ok(output) => Ok(Response { output, metadata }),
            Err(message) => Err(decode_error(op, &metadata, message)),
        }
    }

    /// Validates (when on), fills the idempotency token, writes timestamps as the protocol
    /// wants them, and serializes.
    fn prepare(&self, op: &Operation, mut input: Value) -> Result<(Bytes, Option<String>), Error> {
        let violations = if self.inner.config.parameter_validation {
            crate::validate::validate(op, &input)
        } else {
            crate::validate::unconvertible_values(&input)
        };
        if !violations.is_empty() {
            return Err(Error::Validation(violations));
        }
        // Validation reports a non-object at its path; with validation off it is unreadable.
        let object = input.as_object_mut().ok_or_else(|| {
            let members: Vec<&str> = op.input_shape().members.iter().map(|m| m.name).collect();
            Error::InvalidInput(format!(
                "the {} request must be an object of member names ({})",
                op.name,
                members.join(", ")
            ))
        })?;
        let client_token = op.idempotency_token.map(|member| match object.get(member) {
            Some(Value::String(token)) => token.clone(),
            Some(Value::Null) | None => {
                let token = random_uuid();
                object.insert(member.to_owned(), Value::String(token.clone()));
                token
            }
            // Only reachable with validation off: send what the caller gave, report it as text.
            Some(other) => other.to_string(),
        });
        wire::normalize_timestamps(op.input, &mut input);
        Ok((Bytes::from(wire::request_body(&input)), client_token))
    }

    /// The typed call: the input becomes the same tree [`Client::call`] takes (so validation and
    /// the body are exactly those of the generic path), the answer is decoded into `O`.
    pub(crate) async fn call_typed<I: Serialize, O: DeserializeOwned>(
        &self,
        op: &'static Operation,
        input: &I,
    ) -> Result<Response<O>, Error> {
        let tree = typed_tree(op, input)?;
        let (body, client_token) = self.prepare(op, tree)?;
        let (body, metadata) = self.send(op, body, client_token).await?;
        let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &body
        };
        match serde_json::from_slice(text) {
            Ok(output) => Ok(Response { output, metadata }),
            Err(e) => Err(decode_error(op, &metadata, e.to_string())),
        }
    }

    /// The typed call of an operation without output: metadata only.
    pub(crate) async fn call_typed_unit<I: Serialize>(
        &self,
        op: &'static Operation,
        input: &I,
    ) -> Result<ResponseMetadata, Error> {
        let tree = typed_tree(op, input)?;
        let (body, client_token) = self.prepare(op, tree)?;
        let (_, metadata) = self.send(op, body, client_token).await?;
        Ok(metadata)
    }

    /// Sends one logical call, retrying as the policy allows. `body` already carries the token.
    async fn send(
        &self,
        op: &'static Operation,
        body: Bytes,
        client_token: Option<String>,
    ) -> Result<(Bytes, ResponseMetadata), Error> {
        let inner = &*self.inner;
        let invocation_id = random_uuid();
        let max = inner.retry.max_attempts;
        let mut total_retry_delay = Duration::ZERO;
        let mut last_cost = 0;
        let mut attempt = 1;
        let mut skew_corrected = false;
        loop {
            let held = inner.retry.send_delay();
            if !held.is_zero() {
                tracing::debug!(wait_ms = held.as_secs_f64() * 1000.0, "adaptive rate limit");
                tokio::time::sleep(held).await;
            }
            let started = Instant::now();
            let outcome = self.attempt(op, &body, attempt, &invocation_id).await?;
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
                        operation = op.name,
                        status,
                        attempt,
                        latency_ms,
                        request_id = metadata.request_id.as_deref().unwrap_or("-"),
                        "response"
                    );
                    if (200..300).contains(&status) {
                        inner.retry.record(None);
                        inner.retry.release(last_cost);
                        return Ok((body, metadata));
                    }
                    let (failure, retry_after, error) =
                        service_failure(op, &headers, &body, metadata);
                    // A request signed with a wrong clock: learn the server's time from its
                    // `Date` and send once more at once, outside the retry budget.
                    if !skew_corrected && self.correct_clock(&error, &headers) {
                        skew_corrected = true;
                        continue;
                    }
                    (failure, retry_after, error)
                }
                Attempt::Failed(err) => {
                    tracing::debug!(
                        method = "POST",
                        url = %inner.url,
                        operation = op.name,
                        attempt,
                        latency_ms,
                        error = %transport::transport_message(&err),
                        "no response"
                    );
                    let error = transport::transport_error(
                        &err,
                        &inner.url,
                        attempt,
                        client_token.as_deref(),
                    );
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

    /// After a clock-skew error, sets the clock offset from the response's `Date` when the
    /// difference is real; says whether it changed.
    fn correct_clock(&self, error: &Error, headers: &http::HeaderMap) -> bool {
        let Some(service) = error.service_error() else {
            return false;
        };
        if !CLOCK_SKEW_CODES.contains(&service.code.as_str()) {
            return false;
        }
        let Some(server) = headers
            .get(http::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
        else {
            return false;
        };
        let server_ms = millis_since_epoch(server);
        let local_ms = millis_since_epoch(SystemTime::now());
        let current = self.clock_offset_ms();
        let offset = server_ms - local_ms;
        if (offset - current).abs() < SKEW_TOLERANCE_MS {
            return false;
        }
        tracing::warn!(
            offset_ms = offset,
            "this machine's clock differs from the service's; signing with the corrected time from now on"
        );
        self.inner.clock_offset_ms.store(offset, Ordering::Relaxed);
        true
    }

    /// Signs and sends one attempt. Only credential and signing failures are errors here: they
    /// would fail every retry the same way.
    async fn attempt(
        &self,
        op: &Operation,
        body: &Bytes,
        attempt: u32,
        invocation_id: &str,
    ) -> Result<Attempt, Error> {
        let inner = &*self.inner;
        let mut request = inner
            .http
            .post(inner.parsed_url.clone())
            .header(http::header::HOST, &inner.host)
            .header(http::header::CONTENT_TYPE, crate::model::CONTENT_TYPE)
            .header("x-amz-target", op.target);
        if let Some(cache) = &inner.credentials {
            let credentials = cache.get().await?;
            let offset = self.clock_offset_ms();
            let now = SystemTime::now();
            let signing_time = if offset >= 0 {
                now + Duration::from_millis(offset as u64)
            } else {
                now - Duration::from_millis(offset.unsigned_abs())
            };
            let signed = inner.signer.sign(
                &inner.url,
                &[
                    ("content-type", crate::model::CONTENT_TYPE),
                    ("host", &inner.host),
                    ("x-amz-target", op.target),
                ],
                body,
                &credentials,
                &inner.config.region,
                signing_time,
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

fn millis_since_epoch(t: SystemTime) -> i64 {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => d.as_millis() as i64,
        Err(e) => -(e.duration().as_millis() as i64),
    }
}

/// A typed input as the generic tree (the AWS member names, `None` members left out).
fn typed_tree<I: Serialize>(op: &Operation, input: &I) -> Result<Value, Error> {
    // Generated structs of strings, numbers, `Option`s, `Vec`s and maps: serialization cannot
    // fail; report rather than panic regardless.
    serde_json::to_value(input).map_err(|e| {
        Error::Validation(vec![Violation {
            path: String::new(),
            code: ViolationCode::InvalidValue,
            message: format!(
                "the {} request could not be converted to JSON: {e}",
                op.name
            ),
        }])
    })
}

fn decode_error(op: &Operation, metadata: &ResponseMetadata, message: String) -> Error {
    Error::Decode {
        status: metadata.http_status,
        request_id: metadata.request_id.clone(),
        message: format!("the answer is not a {} result: {message}", op.name),
    }
}

/// An error answer as a typed error, with what it means for retrying and the server's
/// `x-amz-retry-after` hint.
fn service_failure(
    op: &'static Operation,
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
        operation: op.name,
        code: parsed.code,
        message: parsed.message,
        reason: parsed.reason,
        error_list: parsed.error_list,
        body: parsed.body,
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

/// The typed method of every operation, generated from the model.
mod typed {
    // The model's documentation, turned into text, is not written for rustdoc's lints.
    #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
    include!(concat!(env!("OUT_DIR"), "/client_ops.rs"));
}
