//! AWS JSON 1.0 for CreateEngagementInvitation: the request body, the response, the error forms.

use crate::error::Error;
use crate::model::{CreateEngagementInvitationInput, CreateEngagementInvitationResponse};
use serde_json::Value;

pub const TARGET_PREFIX: &str = "AWSPartnerCentralSelling";
pub const CREATE_ENGAGEMENT_INVITATION_TARGET: &str =
    "AWSPartnerCentralSelling.CreateEngagementInvitation";
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.0";

/// The request body boto3 would send: members in the order given, `null` members (absent ones)
/// left out at every level. Written without recursion, so any nesting depth is safe.
pub fn request_body(input: &Value) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    write_without_nulls(input, &mut out);
    out
}

/// The body for a typed request; the same bytes as [`request_body`] on its tree (model order).
pub fn typed_request_body(input: &CreateEngagementInvitationInput) -> Vec<u8> {
    // Plain structs of strings, `Option`s and `Vec`s: serialization cannot fail, and `None`
    // members are skipped, exactly as `request_body` drops `null`s.
    serde_json::to_vec(input).unwrap_or_default()
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

/// `{Id, Arn}` from a successful response body.
pub fn parse_output(body: &[u8]) -> Result<(String, String), Error> {
    let out: CreateEngagementInvitationResponse = serde_json::from_slice(body).map_err(|e| {
        Error::InvalidInput(format!(
            "the service's response is not a CreateEngagementInvitation result ({e})"
        ))
    })?;
    Ok((out.id, out.arn))
}

/// What an AWS JSON 1.0 error response says, in every form the protocol allows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceErrorBody {
    /// `ThrottlingException`, `ValidationException`, ... (namespace and `:suffix` removed).
    pub code: String,
    pub message: Option<String>,
    /// `ValidationException.Reason` or `AccessDeniedException.Reason`.
    pub reason: Option<String>,
    /// `ValidationException.ErrorList`.
    pub error_list: Vec<ValidationExceptionError>,
}

/// One entry of a `ValidationException`'s `ErrorList`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidationExceptionError {
    pub field_name: Option<String>,
    pub code: String,
    pub message: String,
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
    }
}
