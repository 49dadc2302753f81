//! Full calls against a scripted loopback server: headers, idempotency token, retries, and the
//! error for every way an attempt can fail.
mod client_support;

use std::time::Duration;

use client_support::*;
use partnercentral_selling::{Error, ErrorKind, Fault, RetryMode};

fn is_uuid_v4(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok_and(|u| u.get_version_num() == 4)
}

#[tokio::test]
async fn success_sends_the_sdk_headers_and_a_generated_client_token() {
    let server = ScriptServer::start(vec![ok()]).await;
    let client = client(&server.url).await;
    let out = client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap();
    assert_eq!(out.id, "engi-0000000000001");
    assert!(out.arn.starts_with("arn:aws:partnercentral:"));
    assert_eq!(out.metadata.attempts, 1);
    assert_eq!(out.metadata.http_status, 200);
    assert_eq!(out.metadata.request_id.as_deref(), Some("req-ok"));
    assert!(
        out.metadata
            .http_headers
            .contains(&("x-amzn-requestid".to_string(), "req-ok".to_string()))
    );
    assert!(is_uuid_v4(&out.metadata.client_token));

    let requests = server.recorded();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(
        r.header("x-amz-target"),
        Some("AWSPartnerCentralSelling.CreateEngagementInvitation")
    );
    assert_eq!(r.header("content-type"), Some("application/x-amz-json-1.0"));
    let ua = r.header("user-agent").unwrap();
    assert!(
        ua.starts_with(&format!(
            "partnercentral-selling/{} lang/rust#1.",
            env!("CARGO_PKG_VERSION")
        )),
        "{ua}"
    );
    assert!(is_uuid_v4(r.header("amz-sdk-invocation-id").unwrap()));
    assert_eq!(r.header("amz-sdk-request"), Some("attempt=1; max=3"));
    let auth = r.header("authorization").unwrap();
    assert!(
        auth.starts_with(&format!("AWS4-HMAC-SHA256 Credential={AKID}/")),
        "{auth}"
    );
    assert!(auth.contains("/us-east-1/partnercentral-selling/aws4_request"));
    assert!(auth.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target,"));
    assert_eq!(
        r.json()["ClientToken"].as_str(),
        Some(out.metadata.client_token.as_str())
    );
    // The token is appended, the caller's members keep their order (boto3's body).
    let keys: Vec<String> = r.json().as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "Catalog",
            "EngagementIdentifier",
            "Invitation",
            "ClientToken"
        ]
    );
}

#[tokio::test]
async fn a_callers_client_token_is_sent_unchanged() {
    let server = ScriptServer::start(vec![ok()]).await;
    let mut input = valid_input();
    input["ClientToken"] = "my-token-1".into();
    let out = client(&server.url)
        .await
        .create_engagement_invitation_value(input)
        .await
        .unwrap();
    assert_eq!(out.metadata.client_token, "my-token-1");
    assert_eq!(server.recorded()[0].json()["ClientToken"], "my-token-1");
}

#[tokio::test]
async fn server_errors_are_retried_with_the_same_token_and_invocation_id() {
    let server = ScriptServer::start(vec![
        error(500, "InternalServerException", "boom"),
        error(503, "ServiceUnavailable", "busy"),
        ok(),
    ])
    .await;
    let out = send(builder(&server.url)).await.unwrap();
    assert_eq!(out.metadata.attempts, 3);
    let requests = server.recorded();
    assert_eq!(requests.len(), 3);
    let tokens: Vec<_> = requests
        .iter()
        .map(|r| r.json()["ClientToken"].clone())
        .collect();
    assert!(tokens.iter().all(|t| t == &tokens[0]));
    assert_eq!(tokens[0], out.metadata.client_token.as_str());
    let ids: Vec<_> = requests
        .iter()
        .map(|r| r.header("amz-sdk-invocation-id").unwrap().to_string())
        .collect();
    assert!(ids.iter().all(|i| i == &ids[0]));
    let attempts: Vec<_> = requests
        .iter()
        .map(|r| r.header("amz-sdk-request").unwrap().to_string())
        .collect();
    assert_eq!(
        attempts,
        ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]
    );
    // A fresh signature per attempt, all valid in form.
    assert!(requests.iter().all(|r| r.header("x-amz-date").is_some()));
}

#[tokio::test]
async fn retries_stop_at_max_attempts_with_the_last_error() {
    let server = ScriptServer::start(vec![
        error(502, "BadGateway", "a"),
        error(504, "GatewayTimeout", "b"),
        error(500, "InternalServerException", "c"),
        ok(),
    ])
    .await;
    let err = send(builder(&server.url)).await.unwrap_err();
    let service = err.service_error().expect("a service error");
    assert_eq!(service.code, "InternalServerException");
    assert_eq!(service.message.as_deref(), Some("c"));
    assert_eq!(service.fault, Fault::Server);
    assert_eq!(service.metadata.attempts, 3);
    assert_eq!(service.metadata.http_status, 500);
    assert_eq!(server.recorded().len(), 3);
}

#[tokio::test]
async fn throttling_is_retried_including_429_and_header_only_codes() {
    let server = ScriptServer::start(vec![
        error(400, "ThrottlingException", "slow down"),
        Step::Reply(429, vec![], String::new()),
        Step::Reply(
            400,
            vec![(
                "x-amzn-errortype",
                "TooManyRequestsException:http://x".into(),
            )],
            "{}".into(),
        ),
        ok(),
    ])
    .await;
    let out = send(builder(&server.url)).await;
    // Three throttles then success needs four attempts; the default allows three.
    let err = out.unwrap_err();
    assert_eq!(err.code(), Some("TooManyRequestsException"));
    assert_eq!(err.metadata().unwrap().attempts, 3);

    let server =
        ScriptServer::start(vec![error(400, "ThrottlingException", "slow down"), ok()]).await;
    let out = send(builder(&server.url)).await.unwrap();
    assert_eq!(out.metadata.attempts, 2);
}

#[tokio::test]
async fn client_errors_are_never_retried() {
    for (status, code) in [
        (400, "ValidationException"),
        (403, "AccessDeniedException"),
        (409, "ConflictException"),
        (404, "ResourceNotFoundException"),
        (402, "ServiceQuotaExceededException"),
        (400, "SomethingNew"),
    ] {
        let server = ScriptServer::start(vec![error(status, code, "no"), ok()]).await;
        let err = send(builder(&server.url)).await.unwrap_err();
        assert_eq!(err.code(), Some(code));
        assert_eq!(err.kind(), ErrorKind::Service);
        let service = err.service_error().unwrap();
        assert_eq!(service.fault, Fault::Client);
        assert_eq!(service.metadata.attempts, 1);
        assert_eq!(
            service.metadata.request_id.as_deref(),
            Some(&*format!("req-{status}"))
        );
        assert_eq!(server.recorded().len(), 1, "{code} was retried");
    }
}

#[tokio::test]
async fn validation_exception_carries_reason_and_error_list() {
    let body = r#"{"__type":"ValidationException","message":"Invalid input","Reason":"REQUEST_VALIDATION_FAILED","ErrorList":[{"FieldName":"Invitation.Message","Code":"INVALID_STRING_FORMAT","Message":"too long"}]}"#;
    let server = ScriptServer::start(vec![Step::Reply(
        400,
        vec![("x-amzn-requestid", "req-v".into())],
        body.into(),
    )])
    .await;
    let err = send(builder(&server.url)).await.unwrap_err();
    let service = err.service_error().unwrap();
    assert_eq!(service.code, "ValidationException");
    assert_eq!(service.reason.as_deref(), Some("REQUEST_VALIDATION_FAILED"));
    assert_eq!(service.error_list.len(), 1);
    assert_eq!(
        service.error_list[0].field_name.as_deref(),
        Some("Invitation.Message")
    );
    assert_eq!(service.error_list[0].code, "INVALID_STRING_FORMAT");
    let text = err.to_string();
    for part in [
        "ValidationException",
        "HTTP 400",
        "req-v",
        "Invalid input",
        "Invitation.Message: INVALID_STRING_FORMAT too long",
        "fix the fields",
    ] {
        assert!(text.contains(part), "{part:?} missing from {text}");
    }
}

#[tokio::test]
async fn a_dropped_connection_is_retried_then_reported() {
    let server = ScriptServer::start(vec![Step::Drop, ok()]).await;
    let out = send(builder(&server.url)).await.unwrap();
    assert_eq!(out.metadata.attempts, 2);
    assert_eq!(server.recorded().len(), 2);

    let server = ScriptServer::start(vec![Step::Drop, Step::Drop, Step::Drop, ok()]).await;
    let err = send(builder(&server.url)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection);
    match &err {
        Error::Connection {
            attempts,
            url,
            client_token,
            ..
        } => {
            assert_eq!(*attempts, 3);
            assert_eq!(url, &format!("{}/", server.url));
            assert!(client_token.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("after 3 attempt(s)"));
}

#[tokio::test]
async fn a_stall_past_the_read_timeout_is_retried_then_reported() {
    let stall = Step::Stall(Duration::from_secs(10));
    let server = ScriptServer::start(vec![stall.clone(), ok()]).await;
    let client = builder(&server.url)
        .read_timeout(Some(Duration::from_secs(1)))
        .build()
        .await
        .unwrap();
    let out = client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap();
    assert_eq!(out.metadata.attempts, 2);

    let server = ScriptServer::start(vec![stall.clone(), stall.clone()]).await;
    let client = builder(&server.url)
        .read_timeout(Some(Duration::from_secs(1)))
        .max_attempts(2)
        .build()
        .await
        .unwrap();
    let err = client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap_err();
    match &err {
        Error::Timeout { what, attempts, .. } => {
            assert_eq!(*what, "read");
            assert_eq!(*attempts, 2);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.code(), Some("Timeout"));
}

#[tokio::test]
async fn connection_refused_is_a_connection_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = send(builder(&url)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connection);
    assert!(err.to_string().contains(&url), "{err}");
}

#[tokio::test]
async fn max_attempts_one_means_no_retry() {
    let server = ScriptServer::start(vec![error(500, "InternalServerException", "x"), ok()]).await;
    let err = send(builder(&server.url).max_attempts(1))
        .await
        .unwrap_err();
    assert_eq!(err.metadata().unwrap().attempts, 1);
    assert_eq!(server.recorded().len(), 1);
}

#[tokio::test]
async fn retry_after_header_sets_a_floor_on_the_wait() {
    let server = ScriptServer::start(vec![
        Step::Reply(
            400,
            vec![("x-amz-retry-after", "150".into())],
            r#"{"__type":"ThrottlingException"}"#.into(),
        ),
        ok(),
    ])
    .await;
    let client = builder(&server.url)
        .retry_backoff_scale(1.0)
        .build()
        .await
        .unwrap();
    let out = client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap();
    assert_eq!(out.metadata.attempts, 2);
    assert!(
        out.metadata.total_retry_delay >= Duration::from_millis(150),
        "{:?}",
        out.metadata.total_retry_delay
    );
}

#[tokio::test]
async fn the_retry_quota_runs_out_and_stops_retrying() {
    // Always 500: 500 tokens at 14 per retry pay for 35 retries; later calls get one attempt.
    let script = (0..200)
        .map(|_| error(500, "InternalServerException", "down"))
        .collect();
    let server = ScriptServer::start(script).await;
    let client = builder(&server.url).max_attempts(2).build().await.unwrap();
    for _ in 0..40 {
        client
            .create_engagement_invitation_value(valid_input())
            .await
            .unwrap_err();
    }
    assert_eq!(server.recorded().len(), 40 + 35);
}

#[tokio::test]
async fn legacy_mode_from_the_environment_makes_five_attempts() {
    let server = ScriptServer::start(
        (0..6)
            .map(|_| error(503, "ServiceUnavailable", "x"))
            .collect(),
    )
    .await;
    let client = builder(&server.url)
        .env_vars([("AWS_RETRY_MODE", "legacy")])
        .build()
        .await
        .unwrap();
    assert_eq!(client.config().retry_mode, RetryMode::Legacy);
    assert_eq!(client.config().max_attempts, 5);
    let err = client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap_err();
    assert_eq!(err.metadata().unwrap().attempts, 5);
    assert_eq!(server.recorded().len(), 5);
}

#[tokio::test]
async fn an_undecodable_success_is_a_decode_error_not_retried() {
    let server = ScriptServer::start(vec![
        Step::Reply(
            200,
            vec![("x-amzn-requestid", "req-d".into())],
            "<html>".into(),
        ),
        ok(),
    ])
    .await;
    let err = send(builder(&server.url)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.to_string().contains("req-d"), "{err}");
    assert_eq!(server.recorded().len(), 1);
}

#[tokio::test]
async fn no_sign_request_sends_no_authorization() {
    let server = ScriptServer::start(vec![ok()]).await;
    let client = partnercentral_selling::Client::builder()
        .endpoint_url(&server.url)
        .no_sign_request(true)
        .env_vars(Vec::<(String, String)>::new())
        .build()
        .await
        .unwrap();
    client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap();
    let r = &server.recorded()[0];
    assert!(r.header("authorization").is_none());
    assert!(r.header("x-amz-date").is_none());
}

#[tokio::test]
async fn a_session_token_is_sent_and_signed() {
    let server = ScriptServer::start(vec![ok()]).await;
    let client = builder(&server.url)
        .credentials(partnercentral_selling::Credentials::new(
            AKID,
            SECRET,
            Some("session-token-value".into()),
        ))
        .build()
        .await
        .unwrap();
    client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap();
    let r = &server.recorded()[0];
    assert_eq!(
        r.header("x-amz-security-token"),
        Some("session-token-value")
    );
    assert!(
        r.header("authorization").unwrap().contains(
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,"
        )
    );
}

#[tokio::test]
async fn user_agent_suffix_is_appended() {
    let server = ScriptServer::start(vec![ok()]).await;
    send(builder(&server.url).user_agent_suffix("lang/python#3.11.7"))
        .await
        .unwrap();
    let ua = server.recorded()[0]
        .header("user-agent")
        .unwrap()
        .to_string();
    assert!(ua.ends_with(" lang/python#3.11.7"), "{ua}");
}

#[tokio::test]
async fn a_non_object_request_is_invalid_input_when_validation_is_off() {
    let server = ScriptServer::start(vec![ok()]).await;
    let client = builder(&server.url)
        .parameter_validation(false)
        .build()
        .await
        .unwrap();
    let err = client
        .create_engagement_invitation_value(serde_json::json!([1, 2]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(server.recorded().is_empty());
}

#[tokio::test]
async fn adaptive_mode_retries_throttles_like_standard() {
    let server = ScriptServer::start(vec![
        error(400, "ThrottlingException", "slow down"),
        error(400, "ThrottlingException", "slow down"),
        ok(),
        ok(),
    ])
    .await;
    let client = builder(&server.url)
        .env_vars([("AWS_RETRY_MODE", "adaptive")])
        .build()
        .await
        .unwrap();
    assert_eq!(client.config().retry_mode, RetryMode::Adaptive);
    assert_eq!(client.config().max_attempts, 3);
    let out = client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap();
    assert_eq!(out.metadata.attempts, 3);
    // Once throttled, later calls go through the (now active) rate limiter and still succeed.
    let out = client
        .create_engagement_invitation_value(valid_input())
        .await
        .unwrap();
    assert_eq!(out.metadata.attempts, 1);
}

#[tokio::test]
async fn client_side_validation_sends_nothing_and_can_be_switched_off() {
    let server = ScriptServer::start(vec![ok()]).await;
    let mut input = valid_input();
    input["Invitation"]["Payload"]["OpportunityInvitation"]["SenderContacts"][0]["Email"] =
        "not-an-email".into();
    input["Catalog"] = serde_json::Value::Null;
    let err = client(&server.url)
        .await
        .create_engagement_invitation_value(input.clone())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.code(), Some("ParamValidation"));
    let paths: Vec<&str> = err.violations().iter().map(|v| v.path.as_str()).collect();
    assert!(paths.contains(&"Catalog"), "{paths:?}");
    assert!(
        paths.contains(&"Invitation.Payload.OpportunityInvitation.SenderContacts[0].Email"),
        "{paths:?}"
    );
    assert!(err.to_string().contains("nothing was sent"), "{err}");
    assert!(server.recorded().is_empty());

    // Off: the request goes out as given (nulls dropped) and the service judges it.
    let out = send_value(builder(&server.url).parameter_validation(false), input).await;
    assert!(out.is_ok());
    let body = server.recorded()[0].json();
    assert!(body.get("Catalog").is_none());
}

#[tokio::test]
async fn the_typed_call_sends_the_same_request_as_the_generic_one() {
    let server = ScriptServer::start(vec![ok(), ok(), ok()]).await;
    let client = client(&server.url).await;
    let mut tree = valid_input();
    tree["ClientToken"] = "typed-token-1".into();
    let typed: partnercentral_selling::model::CreateEngagementInvitationInput =
        serde_json::from_value(tree.clone()).unwrap();
    let out = client.create_engagement_invitation(&typed).await.unwrap();
    assert_eq!(out.metadata.client_token.as_deref(), Some("typed-token-1"));
    client
        .create_engagement_invitation_value(tree)
        .await
        .unwrap();
    let sent = server.recorded();
    assert_eq!(sent[0].json(), sent[1].json());
    assert_eq!(
        sent[0].header("x-amz-target"),
        sent[1].header("x-amz-target")
    );

    // Without a token, the typed call generates one and reports it.
    let mut no_token = typed.clone();
    no_token.client_token = None;
    let out = client
        .create_engagement_invitation(&no_token)
        .await
        .unwrap();
    assert!(is_uuid_v4(out.metadata.client_token.as_deref().unwrap()));
    assert_eq!(
        server.recorded()[2].json()["ClientToken"],
        out.metadata.client_token.as_deref().unwrap()
    );

    // Typed validation: a bad value is caught before sending.
    let mut bad = typed;
    bad.engagement_identifier = "nope".into();
    let err = client.create_engagement_invitation(&bad).await.unwrap_err();
    assert_eq!(err.violations()[0].path, "EngagementIdentifier");
    assert_eq!(server.recorded().len(), 3);
}
