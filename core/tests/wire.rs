//! The JSON 1.0 wire format: request bodies, responses, and every error form.
mod common;

use common::{validate, wire};
use http::{HeaderMap, HeaderValue};
use partnercentral_selling::ValidationExceptionError;
use partnercentral_selling::model::CreateEngagementInvitationInput;
use serde_json::{Value, json};

#[test]
fn base_requests_are_valid() {
    for req in [common::opportunity(), common::lead(), common::maximal()] {
        assert_eq!(validate(&req), vec![]);
    }
}

#[test]
fn body_drops_nulls_at_every_level_and_keeps_order() {
    let input =
        json!({"b": 1, "a": null, "c": {"z": null, "y": [null, {"x": null}], "w": "é\"\n"}});
    let body = wire::request_body(&input);
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"b":1,"c":{"y":[null,{}],"w":"é\"\n"}}"#
    );
}

#[test]
fn body_of_deeply_nested_input_does_not_overflow() {
    let depth = 100_000;
    let text = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    // Build the tree without recursion-limited parsing.
    let mut v = Value::from(1);
    for _ in 0..depth {
        v = Value::Array(vec![v]);
    }
    let body = wire::request_body(&v);
    assert_eq!(body, text.as_bytes());
    // Dismantle iteratively: serde_json's Drop recurses.
    let mut cur = v;
    while let Value::Array(mut items) = cur {
        cur = items.pop().unwrap_or(Value::Null);
    }
}

#[test]
fn typed_body_equals_tree_body() {
    for req in [common::opportunity(), common::lead(), common::maximal()] {
        let typed: CreateEngagementInvitationInput = serde_json::from_value(req.clone()).unwrap();
        assert_eq!(wire::typed_request_body(&typed), wire::request_body(&req));
    }
}

#[test]
fn output_is_parsed() {
    let body = br#"{"Id":"engi-0123456789abc","Arn":"arn:aws:partnercentral::123456789012:AWS/engagement-invitation/engi-0123456789abc"}"#;
    let (id, arn) = wire::parse_output(body).unwrap();
    assert_eq!(id, "engi-0123456789abc");
    assert!(arn.ends_with("/engi-0123456789abc"));
    assert!(wire::parse_output(b"{\"Id\":\"x\"}").is_err());
    assert!(wire::parse_output(b"<html>").is_err());
}

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (k, v) in pairs {
        h.insert(*k, HeaderValue::from_str(v).unwrap());
    }
    h
}

#[test]
fn error_code_from_header_with_suffix_wins() {
    let e = wire::parse_error(
        429,
        &headers(&[(
            "X-Amzn-ErrorType",
            "ThrottlingException:http://internal.amazon.com/coral/",
        )]),
        b"{\"__type\":\"com.amazon#Other\",\"message\":\"slow down\"}",
    );
    assert_eq!(e.code, "ThrottlingException");
    assert_eq!(e.message.as_deref(), Some("slow down"));
}

#[test]
fn header_only_error_has_its_code() {
    let e = wire::parse_error(
        400,
        &headers(&[("x-amzn-errortype", "ThrottlingException")]),
        b"",
    );
    assert_eq!(e.code, "ThrottlingException");
    assert_eq!(e.message, None);
}

#[test]
fn type_with_and_without_namespace() {
    let e = wire::parse_error(404, &HeaderMap::new(),
        b"{\"__type\":\"com.amazonaws.partnercentral#ResourceNotFoundException\",\"Message\":\"no such engagement\"}");
    assert_eq!(e.code, "ResourceNotFoundException");
    assert_eq!(e.message.as_deref(), Some("no such engagement"));
    let e = wire::parse_error(
        409,
        &HeaderMap::new(),
        b"{\"__type\":\"ConflictException\"}",
    );
    assert_eq!(e.code, "ConflictException");
    let e = wire::parse_error(
        409,
        &HeaderMap::new(),
        b"{\"__type\":\"aws.protocoltests#ConflictException:http://internal\"}",
    );
    assert_eq!(e.code, "ConflictException");
}

#[test]
fn body_code_beats_type() {
    let e = wire::parse_error(
        400,
        &HeaderMap::new(),
        b"{\"code\":\"ServiceQuotaExceededException\",\"__type\":\"Other\"}",
    );
    assert_eq!(e.code, "ServiceQuotaExceededException");
}

#[test]
fn unreadable_body_falls_back_to_status() {
    let e = wire::parse_error(503, &HeaderMap::new(), b"<html>Service Unavailable</html>");
    assert_eq!(e.code, "503");
    assert_eq!(e.message, None);
}

#[test]
fn validation_exception_keeps_reason_and_error_list() {
    let body = json!({
        "__type": "ValidationException", "message": "bad request", "Reason": "REQUEST_VALIDATION_FAILED",
        "ErrorList": [
            {"FieldName": "Invitation.Message", "Code": "REQUIRED_FIELD_MISSING", "Message": "missing"},
            {"Code": "INVALID_VALUE", "Message": "no field"}
        ]
    });
    let e = wire::parse_error(400, &HeaderMap::new(), body.to_string().as_bytes());
    assert_eq!(e.code, "ValidationException");
    assert_eq!(e.reason.as_deref(), Some("REQUEST_VALIDATION_FAILED"));
    assert_eq!(
        e.error_list,
        vec![
            ValidationExceptionError {
                field_name: Some("Invitation.Message".into()),
                code: "REQUIRED_FIELD_MISSING".into(),
                message: "missing".into()
            },
            ValidationExceptionError {
                field_name: None,
                code: "INVALID_VALUE".into(),
                message: "no field".into()
            },
        ]
    );
}

#[test]
fn access_denied_keeps_reason() {
    let e = wire::parse_error(
        403,
        &headers(&[("x-amzn-errortype", "AccessDeniedException")]),
        b"{\"Message\":\"denied\",\"Reason\":\"INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE\"}",
    );
    assert_eq!(e.code, "AccessDeniedException");
    assert_eq!(
        e.reason.as_deref(),
        Some("INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE")
    );
    assert_eq!(e.message.as_deref(), Some("denied"));
}
