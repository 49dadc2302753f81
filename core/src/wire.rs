//! AWS JSON 1.0 for any operation: the request body, the response, the error forms.

use crate::model::shapes::{self, ShapeId, ShapeKind};
use crate::timestamp::Timestamp;
use crate::types::ValidationExceptionError;
use serde_json::Value;
use std::sync::LazyLock;

/// The request body boto3 would send: members in the order given, `null` members (absent ones)
/// left out at every level. Written without recursion, so any nesting depth is safe.
pub fn request_body(input: &Value) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    write_without_nulls(input, &mut out);
    out
}

enum Frame<'a> {
    Value(&'a Value),
    Object(serde_json::map::Iter<'a>, bool),
    Array(std::slice::Iter<'a, Value>, bool),
}

fn write_without_nulls(root: &Value, out: &mut Vec<u8>) {
    let mut stack = vec![Frame::Value(root)];
    while let Some(frame) = stack.pop() {
        match frame {
            Frame::Value(Value::Object(map)) => {
                out.push(b'{');
                stack.push(Frame::Object(map.iter(), true));
            }
            Frame::Value(Value::Array(items)) => {
                out.push(b'[');
                stack.push(Frame::Array(items.iter(), true));
            }
            Frame::Value(scalar) => {
                // Scalars (string escaping, number formatting) are serde_json's; they cannot fail
                // writing into a Vec.
                let _ = serde_json::to_writer(&mut *out, scalar);
            }
            Frame::Object(mut iter, first) => match iter.find(|(_, v)| !v.is_null()) {
                Some((key, v)) => {
                    if !first {
                        out.push(b',');
                    }
                    let _ = serde_json::to_writer(&mut *out, key);
                    out.push(b':');
                    stack.push(Frame::Object(iter, false));
                    stack.push(Frame::Value(v));
                }
                None => out.push(b'}'),
            },
            Frame::Array(mut iter, first) => match iter.next() {
                Some(v) => {
                    if !first {
                        out.push(b',');
                    }
                    stack.push(Frame::Array(iter, false));
                    stack.push(Frame::Value(v));
                }
                None => out.push(b']'),
            },
        }
    }
}

/// For each shape id: whether a timestamp can be found under it. Most operations have none, and
/// their requests are then written without a second walk.
static HAS_TIMESTAMP: LazyLock<Vec<bool>> = LazyLock::new(|| {
    let all = shapes::SHAPES;
    let mut has: Vec<bool> = all.iter().map(|s| s.kind == ShapeKind::Timestamp).collect();
    // A fixed point: the model has recursive shapes, so no single pass in any order settles it.
    loop {
        let mut changed = false;
        for (i, s) in all.iter().enumerate() {
            if has[i] {
                continue;
            }
            let child = s
                .members
                .iter()
                .map(|m| m.target)
                .chain(s.list_member)
                .chain(s.map_value)
                .any(|t| has[t]);
            if child {
                has[i] = true;
                changed = true;
            }
        }
        if !changed {
            return has;
        }
    }
});

/// Rewrites every timestamp under `shape` in the form botocore sends (`2024-05-01T12:00:00Z`),
/// whichever form the caller gave (ISO 8601 with an offset, epoch seconds). Values that are not
/// timestamps are left for the service to refuse (validation, when on, reports them first).
pub fn normalize_timestamps(shape: ShapeId, value: &mut Value) {
    if !HAS_TIMESTAMP[shape] {
        return;
    }
    let mut stack: Vec<(ShapeId, &mut Value)> = vec![(shape, value)];
    while let Some((id, v)) = stack.pop() {
        if !HAS_TIMESTAMP[id] {
            continue;
        }
        let s = shapes::get(id);
        match (s.kind, v) {
            (ShapeKind::Timestamp, v) => {
                let parsed = match v {
                    Value::String(text) => Timestamp::parse(text).ok(),
                    Value::Number(n) => n.as_f64().and_then(Timestamp::from_epoch_seconds),
                    _ => None,
                };
                if let Some(t) = parsed {
                    *v = Value::String(t.to_wire());
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
}

/// What an AWS JSON 1.0 error response says, in every form the protocol allows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceErrorBody {
    /// `ThrottlingException`, `ValidationException`, ... (namespace and `:suffix` removed).
    pub code: String,
    /// The error's `message` (or `Message`).
    pub message: Option<String>,
    /// `ValidationException.Reason` or `AccessDeniedException.Reason`.
    pub reason: Option<String>,
    /// `ValidationException.ErrorList`.
    pub error_list: Vec<ValidationExceptionError>,
    /// The whole body, for the modelled members of the error shape.
    pub body: Value,
}

/// `aws.protocols#Foo:http://internal/` -> `Foo`: everything after the first `:` and before the
/// last `#` goes.
fn sanitize_code(raw: &str) -> &str {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    before_colon
        .rsplit('#')
        .next()
        .unwrap_or(before_colon)
        .trim()
}

fn str_field<'a>(body: &'a Value, names: &[&str]) -> Option<&'a str> {
    names
        .iter()
        .find_map(|n| body.get(n).and_then(Value::as_str))
}

/// Reads an error response: the code from `X-Amzn-ErrorType`, else the body's `code`, else its
/// `__type`, else the HTTP status; the message from `message` or `Message`; and the modelled
/// `Reason` and `ErrorList`. A body that is not JSON (a proxy's HTML page) still gives a code.
pub fn parse_error(status: u16, headers: &http::HeaderMap, body: &[u8]) -> ServiceErrorBody {
    let tree: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let header = headers
        .get("x-amzn-errortype")
        .and_then(|h| h.to_str().ok())
        .map(sanitize_code)
        .filter(|c| !c.is_empty());
    let code = header
        .or_else(|| str_field(&tree, &["code"]).map(sanitize_code))
        .or_else(|| str_field(&tree, &["__type"]).map(sanitize_code))
        .filter(|c| !c.is_empty())
        .map_or_else(|| status.to_string(), str::to_owned);
    let error_list = tree
        .get("ErrorList")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|item| ValidationExceptionError {
                    field_name: str_field(item, &["FieldName"]).map(str::to_owned),
                    code: str_field(item, &["Code"]).unwrap_or_default().to_owned(),
                    message: str_field(item, &["Message", "message"])
                        .unwrap_or_default()
                        .to_owned(),
                })
                .collect()
        })
        .unwrap_or_default();
    ServiceErrorBody {
        code,
        message: str_field(&tree, &["message", "Message"]).map(str::to_owned),
        reason: str_field(&tree, &["Reason", "reason"]).map(str::to_owned),
        error_list,
        body: tree,
    }
}

/// A successful answer's body as a tree: `{}` when the service sent nothing (operations with no
/// output), `Err` with serde's reason when it is not a JSON object.
pub(crate) fn parse_output(body: &[u8]) -> Result<Value, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Default::default()));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(other) => Err(format!("expected a JSON object, got {other}")
            .chars()
            .take(200)
            .collect()),
        Err(e) => Err(e.to_string()),
    }
}
