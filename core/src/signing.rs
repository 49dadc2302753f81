//! SigV4 through `aws-sigv4`, signing the headers botocore signs for a JSON 1.0 call:
//! `content-type`, `host`, `x-amz-date`, `x-amz-target` (and `x-amz-security-token` with a session
//! token). Headers that change per attempt or per library (`user-agent`, `amz-sdk-*`) are added
//! after signing, as botocore does, so they never enter the canonical request.
//!
//! aws-sigv4's `sign` derives the signing key on every call; its key-level functions would only
//! help if the canonical request were rebuilt by hand here, which is exactly what this crate
//! should not own. The derivation is four HMACs (about a microsecond).
use std::time::SystemTime;

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

use crate::error::Error;

/// The service's signing name (the model's `signingName`).
pub const SIGNING_NAME: &str = "partnercentral-selling";

/// The headers to add to a request: `x-amz-date`, `authorization`, and `x-amz-security-token`
/// with a session token. Each value is marked sensitive or not, for the transport.
pub type SignatureHeaders = Vec<(&'static str, String, bool)>;

/// Signs one POST of `body` to `url` whose `host`, `content-type` and `x-amz-target` headers are
/// `headers`. `time` is a parameter so tests can pin it.
pub fn sign(
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    credentials: &aws_credential_types::Credentials,
    region: &str,
    time: SystemTime,
) -> Result<SignatureHeaders, Error> {
    let identity = Identity::from(credentials.clone());
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(SIGNING_NAME)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| Error::config(format!("cannot sign the request: {e}")))?;
    let request = SignableRequest::new(
        "POST",
        url,
        headers.iter().copied(),
        SignableBody::Bytes(body),
    )
    .map_err(|e| Error::config(format!("cannot sign a request to {url}: {e}")))?;
    let (instructions, _signature) = aws_sigv4::http_request::sign(request, &params.into())
        .map_err(|e| Error::config(format!("cannot sign a request to {url}: {e}")))?
        .into_parts();
    let (out, _params) = instructions.into_parts();
    Ok(out
        .into_iter()
        // aws-sigv4 flags only the session token; the signature is secret-derived too, and a
        // sensitive header value never shows in reqwest's or http's Debug output.
        .map(|h| {
            let sensitive = h.sensitive() || h.name() == "authorization";
            (h.name(), h.value().to_string(), sensitive)
        })
        .collect())
}
