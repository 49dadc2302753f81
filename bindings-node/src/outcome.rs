//! A call's result as plain data for the JS layer: the output as JSON text (timestamps marked for
//! `lib/convert.js` to turn into `Date`s), or a description of the failure that `lib/errors.js`
//! turns into the matching error class.
use napi_derive::napi;
use partnercentral_selling::model::shapes::{self, ShapeId, ShapeKind};
use partnercentral_selling::{Error, ErrorKind, Operation, Response, ResponseMetadata, Timestamp};
use serde_json::{Map, Value};

use crate::validation::{Violation, violations};

/// The member name of the one-member object that stands for a timestamp in an output's JSON text:
/// `{"\u0001date": <epoch milliseconds>}`. No member name of the model starts with a control
/// character, so it cannot be confused with data.
pub(crate) const DATE_KEY: &str = "\u{1}date";

#[napi(object)]
pub struct Metadata {
    pub http_status_code: Option<u32>,
    pub request_id: Option<String>,
    pub attempts: u32,
    /// Milliseconds spent waiting between attempts.
    pub total_retry_delay: f64,
    pub client_token: Option<String>,
}

#[napi(object)]
pub struct Output {
    /// The output members as JSON text (`{}` for operations without output).
    pub json: String,
    /// Whether `json` holds marked timestamps (only then does the JS layer revive them).
    pub has_dates: bool,
    pub metadata: Metadata,
}

#[napi(object)]
pub struct ErrorInfo {
    /// service | validation | timeout | connection | tls | credentials | config | decode | aborted | other
    pub kind: String,
    pub code: Option<String>,
    pub message: String,
    pub fault: Option<String>,
    /// A service error's whole body as JSON text (its modelled members are copied onto the error).
    pub body: Option<String>,
    pub violations: Option<Vec<Violation>>,
    pub metadata: Option<Metadata>,
}

#[napi(object)]
pub struct Outcome {
    pub output: Option<Output>,
    pub error: Option<ErrorInfo>,
}

impl From<&ResponseMetadata> for Metadata {
    fn from(m: &ResponseMetadata) -> Self {
        Self {
            http_status_code: (m.http_status != 0).then_some(u32::from(m.http_status)),
            request_id: m.request_id.clone(),
            attempts: m.attempts,
            total_retry_delay: m.total_retry_delay.as_secs_f64() * 1000.0,
            client_token: m.client_token.clone(),
        }
    }
}

/// Replaces every timestamp under `shape` with its marked form; returns whether there was one.
/// Values that are not readable timestamps are left as the service sent them.
pub(crate) fn mark_dates(shape: ShapeId, value: &mut Value) -> bool {
    let mut found = false;
    let mut stack: Vec<(ShapeId, &mut Value)> = vec![(shape, value)];
    while let Some((id, v)) = stack.pop() {
        let s = shapes::get(id);
        match (s.kind, v) {
            (ShapeKind::Timestamp, v) => {
                let parsed = match v {
                    Value::String(text) => Timestamp::parse(text).ok(),
                    Value::Number(n) => n.as_f64().and_then(Timestamp::from_epoch_seconds),
                    _ => None,
                };
                if let Some(t) = parsed {
                    let millis =
                        t.unix_seconds() as f64 * 1000.0 + f64::from(t.subsec_nanos() / 1_000_000);
                    let mut map = Map::with_capacity(1);
                    map.insert(DATE_KEY.to_owned(), Value::from(millis));
                    *v = Value::Object(map);
                    found = true;
                }
            }
            (ShapeKind::Structure | ShapeKind::Union, Value::Object(map)) => {
                for (k, child) in map.iter_mut() {
                    if let Some(m) = s.member(k) {
                        stack.push((m.target, child));
                    }
                }
            }
            (ShapeKind::List, Value::Array(items)) => {
                if let Some(e) = s.list_member {
                    stack.extend(items.iter_mut().map(|item| (e, item)));
                }
            }
            (ShapeKind::Map, Value::Object(map)) => {
                if let Some(e) = s.map_value {
                    stack.extend(map.values_mut().map(|item| (e, item)));
                }
            }
            _ => {}
        }
    }
    found
}

impl Outcome {
    pub(crate) fn ok(op: &Operation, mut response: Response<Value>) -> Self {
        let has_dates = match op.output {
            Some(shape) => mark_dates(shape, &mut response.output),
            None => false,
        };
        Self {
            output: Some(Output {
                json: response.output.to_string(),
                has_dates,
                metadata: Metadata::from(&response.metadata),
            }),
            error: None,
        }
    }

    pub(crate) fn failed(error: ErrorInfo) -> Self {
        Self {
            output: None,
            error: Some(error),
        }
    }

    pub(crate) fn aborted() -> Self {
        Self::failed(ErrorInfo::plain("aborted", "Request aborted"))
    }
}

impl ErrorInfo {
    pub(crate) fn plain(kind: &str, message: impl Into<String>) -> Self {
        Self {
            kind: kind.to_owned(),
            code: None,
            message: message.into(),
            fault: Some("client".to_owned()),
            body: None,
            violations: None,
            metadata: None,
        }
    }
}

/// This binding's names for the settings the core's messages describe in general terms.
fn with_option_names(kind: ErrorKind, message: String) -> String {
    match kind {
        ErrorKind::Tls => format!(
            "{message} (in this client: caBundle: '/path/to/ca.pem'; rejectUnauthorized: false turns checks off, for local testing only)"
        ),
        ErrorKind::Timeout => format!(
            "{message} (in this client: requestTimeout and connectionTimeout, in milliseconds)"
        ),
        ErrorKind::Connection => {
            format!("{message} (in this client: the endpoint option, or AWS_ENDPOINT_URL)")
        }
        _ => message,
    }
}

impl From<Error> for ErrorInfo {
    fn from(error: Error) -> Self {
        let kind = error.kind();
        match error {
            Error::Validation(list) => {
                let mut info = Self::plain(
                    "validation",
                    format!("{} parameter validation error(s)", list.len()),
                );
                info.violations = Some(violations(list));
                info
            }
            Error::Service(service) => {
                let service = *service;
                Self {
                    kind: "service".to_owned(),
                    message: service.message.unwrap_or_default(),
                    fault: Some(service.fault.as_str().to_owned()),
                    body: Some(service.body.to_string()),
                    violations: None,
                    metadata: Some(Metadata::from(&service.metadata)),
                    code: Some(service.code),
                }
            }
            other => {
                let name = match kind {
                    ErrorKind::Timeout => "timeout",
                    ErrorKind::Connection => "connection",
                    // A refused certificate gets a class of its own: retrying cannot help.
                    ErrorKind::Tls => "tls",
                    ErrorKind::Credentials => "credentials",
                    ErrorKind::Config | ErrorKind::InvalidInput => "config",
                    ErrorKind::Decode => "decode",
                    _ => "other",
                };
                let metadata = other.metadata().map(Metadata::from);
                let mut info = Self::plain(name, with_option_names(kind, other.to_string()));
                info.metadata = metadata;
                info
            }
        }
    }
}
