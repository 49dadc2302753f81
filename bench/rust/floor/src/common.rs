//! aws-sigv4 as its documentation and most callers use it: a `SignableRequest` built from the
//! URL and headers, `SigningSettings::default()`, `sign`, and the instructions applied to an
//! `http::Request`. Every step is redone for every request.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

use crate::{ACCESS_KEY, CONTENT_TYPE, REGION, SECRET_KEY, SERVICE, TARGET};

pub fn identity() -> Identity {
    Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "bench").into()
}

/// The POST a JSON 1.0 client sends, before signing.
pub fn unsigned_request(endpoint: &str, body: &[u8]) -> http::Request<Vec<u8>> {
    http::Request::builder()
        .method("POST")
        .uri(endpoint)
        .header("content-type", CONTENT_TYPE)
        .header("x-amz-target", TARGET)
        .body(body.to_vec())
        .expect("a valid request")
}

/// Signs `request` in place at `time`: adds `x-amz-date` and `authorization`.
pub fn sign_request(request: &mut http::Request<Vec<u8>>, identity: &Identity, time: SystemTime) {
    let params = v4::SigningParams::builder()
        .identity(identity)
        .region(REGION)
        .name(SERVICE)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .expect("complete signing params")
        .into();
    let signable = SignableRequest::new(
        request.method().as_str(),
        request.uri().to_string(),
        request
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str(), v.to_str().expect("ASCII header"))),
        SignableBody::Bytes(request.body()),
    )
    .expect("a signable request");
    let (instructions, _signature) = sign(signable, &params)
        .expect("signing succeeds")
        .into_parts();
    instructions.apply_to_request_http1x(request);
}
