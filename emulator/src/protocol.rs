//! AWS JSON 1.0 as the service speaks it: content types, operation targets, error bodies.
use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use partnercentral_selling::Violation;
use serde_json::{Map, Value, json};

pub const CONTENT_TYPE: &str = "application/x-amz-json-1.0";
pub const REQUEST_ID_HEADER: &str = "x-amzn-requestid";
const ERROR_TYPE_HEADER: &str = "x-amzn-errortype";
const TARGET_PREFIX: &str = "AWSPartnerCentralSelling.";
/// Errors raised by AWS's common front end (authentication, protocol) carry this namespace in
/// `__type`, as the real service's do; clients drop everything up to the `#`.
const CORAL: &str = "com.amazon.coral.service#";

/// The operation an `X-Amz-Target` names, from the core's operation table; its behaviour is
/// the emulator's (`ops::lookup`).
pub fn operation_from_target(target: &str) -> Result<&'static str, ApiError> {
    partnercentral_selling::OPERATIONS
        .iter()
        .find(|op| op.target == target)
        .and_then(|op| crate::ops::lookup(op.name))
        .map(|(name, _)| name)
        .ok_or_else(|| {
            ApiError::coral(
                StatusCode::BAD_REQUEST,
                "UnknownOperationException",
                format!(
                    "unknown operation {target:?}: the emulator answers X-Amz-Target \
                     {TARGET_PREFIX}<Operation> for the {} operations of the service model",
                    partnercentral_selling::OPERATIONS.len()
                ),
            )
        })
}

/// Accepts JSON 1.0 (what the model and every SDK send) and 1.1 (which AWS's front end also takes
/// for JSON services); parameters such as `; charset=utf-8` are ignored.
pub fn check_content_type(value: Option<&HeaderValue>) -> Result<(), ApiError> {
    let given = value.and_then(|v| v.to_str().ok()).unwrap_or("");
    let media_type = given.split(';').next().unwrap_or("").trim();
    if media_type.eq_ignore_ascii_case(CONTENT_TYPE)
        || media_type.eq_ignore_ascii_case("application/x-amz-json-1.1")
    {
        Ok(())
    } else {
        Err(ApiError::coral(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaTypeException",
            format!("Content-Type must be {CONTENT_TYPE} (1.1 is accepted too), got {given:?}"),
        ))
    }
}

/// An error answer: status, `__type`, `message`, and the modelled extra members.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    coral: bool,
    pub message: String,
    extra: Map<String, Value>,
}

impl ApiError {
    fn service(status: StatusCode, code: &'static str, message: String) -> ApiError {
        ApiError {
            status,
            code,
            coral: false,
            message,
            extra: Map::new(),
        }
    }

    pub fn coral(status: StatusCode, code: &'static str, message: String) -> ApiError {
        ApiError {
            coral: true,
            ..ApiError::service(status, code, message)
        }
    }

    /// 400 `ValidationException` with the service's `Reason` and `ErrorList`.
    pub fn validation(violations: &[Violation]) -> ApiError {
        let first = violations.first().map_or(String::new(), |v| {
            if v.path.is_empty() {
                format!(": {}", v.message)
            } else {
                format!(": {}: {}", v.path, v.message)
            }
        });
        let message = format!(
            "{} validation error{} detected{first}",
            violations.len(),
            if violations.len() == 1 { "" } else { "s" }
        );
        let errors = violations
            .iter()
            .map(|v| json!({"FieldName": v.path, "Code": v.code.as_str(), "Message": v.message}))
            .collect();
        let mut error = ApiError::service(StatusCode::BAD_REQUEST, "ValidationException", message);
        error
            .extra
            .insert("Reason".into(), "REQUEST_VALIDATION_FAILED".into());
        error.extra.insert("ErrorList".into(), Value::Array(errors));
        error
    }

    pub fn not_found(message: String) -> ApiError {
        ApiError::service(
            StatusCode::BAD_REQUEST,
            "ResourceNotFoundException",
            message,
        )
    }

    /// 400 `ValidationException` with `Reason: BUSINESS_VALIDATION_FAILED`: the request is well
    /// formed but the state does not allow it.
    pub fn business(message: String) -> ApiError {
        let mut error = ApiError::service(StatusCode::BAD_REQUEST, "ValidationException", message);
        error
            .extra
            .insert("Reason".into(), "BUSINESS_VALIDATION_FAILED".into());
        error
    }

    pub fn access_denied(message: String) -> ApiError {
        ApiError::service(StatusCode::BAD_REQUEST, "AccessDeniedException", message)
    }

    pub fn quota_exceeded(message: String) -> ApiError {
        ApiError::service(
            StatusCode::BAD_REQUEST,
            "ServiceQuotaExceededException",
            message,
        )
    }

    pub fn conflict(message: String) -> ApiError {
        ApiError::service(StatusCode::BAD_REQUEST, "ConflictException", message)
    }

    pub fn throttling() -> ApiError {
        ApiError::throttled("Rate exceeded (emulator fault: throttle)".to_owned())
    }

    pub fn throttled(message: String) -> ApiError {
        ApiError::service(StatusCode::BAD_REQUEST, "ThrottlingException", message)
    }

    pub fn internal(why: &str) -> ApiError {
        ApiError::service(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerException",
            format!("An internal error occurred (emulator fault: {why})"),
        )
    }

    pub fn internal_message(message: String) -> ApiError {
        ApiError::service(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerException",
            message,
        )
    }

    pub fn serialization(message: String) -> ApiError {
        ApiError::coral(StatusCode::BAD_REQUEST, "SerializationException", message)
    }

    pub fn not_routed(method: &http::Method, path: &str) -> ApiError {
        ApiError::coral(
            StatusCode::NOT_FOUND,
            "UnknownOperationException",
            format!(
                "{method} {path} is not part of the API: Partner Central Selling answers POST / \
                 (and the emulator's admin routes under /__emulator/)"
            ),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let type_name = if self.coral {
            format!("{CORAL}{}", self.code)
        } else {
            self.code.to_owned()
        };
        let mut body = Map::with_capacity(2 + self.extra.len());
        body.insert("__type".into(), Value::String(type_name));
        body.insert("message".into(), Value::String(self.message));
        body.extend(self.extra);
        let mut response = json_response(self.status, &Value::Object(body));
        response
            .headers_mut()
            .insert(ERROR_TYPE_HEADER, HeaderValue::from_static(self.code));
        response
    }
}

/// A JSON 1.0 answer.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    response
}
