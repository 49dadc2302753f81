//! Test helpers: requests signed with aws-sigv4 (the SDKs' own signer) and sent with reqwest.
#![allow(dead_code)] // each test file uses a different part of this module

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings, sign,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use partnercentral_selling_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, Emulator, EmulatorConfig,
    RECEIVER_ACCESS_KEY_ID, RECEIVER_SECRET_ACCESS_KEY,
};
use serde_json::{Value, json};

pub const CREATE_INVITATION: &str = "AWSPartnerCentralSelling.CreateEngagementInvitation";
pub const CREATE_ENGAGEMENT: &str = "AWSPartnerCentralSelling.CreateEngagement";
pub const GET_INVITATION: &str = "AWSPartnerCentralSelling.GetEngagementInvitation";
pub const LIST_INVITATIONS: &str = "AWSPartnerCentralSelling.ListEngagementInvitations";
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.0";

pub async fn emulator() -> Emulator {
    Emulator::start(EmulatorConfig::default())
        .await
        .expect("emulator starts")
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("reqwest client")
}

/// How to sign one request.
#[derive(Clone)]
pub struct Signing {
    pub access_key_id: String,
    pub secret: String,
    pub session_token: Option<String>,
    pub region: String,
    pub service: String,
    pub time: SystemTime,
    /// Extra headers sent and signed (the SDKs differ in which ones they sign).
    pub extra_headers: Vec<(String, String)>,
    /// Sign `x-amz-content-sha256` as the JS SDK does.
    pub content_sha256: bool,
    pub content_type: String,
}

impl Signing {
    pub fn sender() -> Signing {
        Signing {
            access_key_id: DEFAULT_ACCESS_KEY_ID.to_owned(),
            secret: DEFAULT_SECRET_ACCESS_KEY.to_owned(),
            session_token: None,
            region: "us-east-1".to_owned(),
            service: "partnercentral-selling".to_owned(),
            time: SystemTime::now(),
            extra_headers: Vec::new(),
            content_sha256: false,
            content_type: CONTENT_TYPE.to_owned(),
        }
    }

    pub fn receiver() -> Signing {
        Signing {
            access_key_id: RECEIVER_ACCESS_KEY_ID.to_owned(),
            secret: RECEIVER_SECRET_ACCESS_KEY.to_owned(),
            ..Signing::sender()
        }
    }
}

/// A signed `POST /` as an `http::Request`, so tests can change it after signing.
pub fn signed_request(
    url: &str,
    target: &str,
    body: &[u8],
    signing: &Signing,
) -> http::Request<Vec<u8>> {
    let host = url.trim_start_matches("http://").to_owned();
    let mut headers: Vec<(String, String)> = vec![
        ("host".to_owned(), host),
        ("content-type".to_owned(), signing.content_type.clone()),
        ("x-amz-target".to_owned(), target.to_owned()),
    ];
    headers.extend(signing.extra_headers.iter().cloned());
    if let Some(token) = &signing.session_token {
        headers.push(("x-amz-security-token".to_owned(), token.clone()));
    }
    let identity: Identity = Credentials::new(
        &signing.access_key_id,
        &signing.secret,
        signing.session_token.clone(),
        None,
        "emulator-tests",
    )
    .into();
    let mut settings = SigningSettings::default();
    if signing.content_sha256 {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(&signing.region)
        .name(&signing.service)
        .time(signing.time)
        .settings(settings)
        .build()
        .expect("signing params")
        .into();
    let uri = format!("{url}/");
    let signable = SignableRequest::new(
        "POST",
        &uri,
        headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(body),
    )
    .expect("signable request");
    let (instructions, _signature) = sign(signable, &params).expect("signs").into_parts();
    let mut builder = http::Request::builder().method("POST").uri(&uri);
    for (name, value) in &headers {
        builder = builder.header(name, value);
    }
    let mut request = builder.body(body.to_vec()).expect("request");
    instructions.apply_to_request_http1x(&mut request);
    request
}

/// What came back.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The error code as clients read it: `__type` after any `#`.
    pub fn error_type(&self) -> &str {
        let t = self.body["__type"].as_str().unwrap_or("");
        t.rsplit('#').next().unwrap_or(t)
    }

    pub fn message(&self) -> &str {
        self.body["message"].as_str().unwrap_or("")
    }

    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get("x-amzn-requestid")
            .and_then(|v| v.to_str().ok())
    }
}

pub async fn send(
    client: &reqwest::Client,
    request: http::Request<Vec<u8>>,
) -> Result<Reply, reqwest::Error> {
    let request = reqwest::Request::try_from(request).expect("reqwest request");
    let response = client.execute(request).await?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await?;
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    Ok(Reply {
        status,
        headers,
        body,
    })
}

thread_local! {
    /// One HTTP client per test (each test runs on its own thread and runtime): building one
    /// costs tens of milliseconds in a debug build, more than the call itself.
    static CLIENT: reqwest::Client = http();
}

/// Signs and sends one API call.
pub async fn call(emulator: &Emulator, target: &str, body: &Value, signing: &Signing) -> Reply {
    let bytes = serde_json::to_vec(body).expect("json");
    let request = signed_request(emulator.url(), target, &bytes, signing);
    let client = CLIENT.with(reqwest::Client::clone);
    send(&client, request).await.expect("the emulator answers")
}

pub async fn call_as_sender(emulator: &Emulator, target: &str, body: &Value) -> Reply {
    call(emulator, target, body, &Signing::sender()).await
}

/// A CreateEngagementInvitation request every constraint of the model accepts.
pub fn invitation(token: &str) -> Value {
    invitation_in("AWS", "eng-demo00000000a1", token)
}

pub fn invitation_in(catalog: &str, engagement: &str, token: &str) -> Value {
    json!({
        "Catalog": catalog,
        "ClientToken": token,
        "EngagementIdentifier": engagement,
        "Invitation": {
            "Message": "Join us on the Example Retail migration",
            "Receiver": {"Account": {"AwsAccountId": "444455556666", "Alias": "Receiver partner"}},
            "Payload": {"OpportunityInvitation": {
                "SenderContacts": [{
                    "Email": "alice@example.com", "FirstName": "Alice", "LastName": "Doe",
                    "BusinessTitle": "Partner manager", "Phone": "+12065550100"
                }],
                "ReceiverResponsibilities": ["Co-Sell Facilitator"],
                "Customer": {
                    "Industry": "Retail", "CompanyName": "Example Retail Co",
                    "WebsiteUrl": "https://www.example.com", "CountryCode": "US"
                },
                "Project": {
                    "BusinessProblem": "Their on-premises data centre lease ends next year.",
                    "Title": "Data centre migration",
                    "TargetCompletionDate": "2027-06-30",
                    "ExpectedCustomerSpend": [{
                        "Amount": "25000.00", "CurrencyCode": "USD",
                        "Frequency": "Monthly", "TargetCompany": "AWS"
                    }]
                }
            }}
        }
    })
}

/// Admin route helper: method, path, optional JSON body.
pub async fn admin(
    emulator: &Emulator,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = http().request(method, format!("{}{path}", emulator.url()));
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&body).expect("json"));
    }
    let response = request.send().await.expect("admin route answers");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}
