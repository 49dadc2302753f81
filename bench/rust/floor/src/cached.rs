//! The same SigV4 signature as [`crate::common`], computing once what does not change per
//! request: the derived signing key (it depends only on the secret, the UTC date, the region and
//! the service, so it is reused until the date changes), the credential scope, the signed-header
//! list and the constant part of the canonical request. Per request there remains: the date-time
//! stamp, one SHA-256 of the body, one of the canonical request, and one HMAC.
//!
//! It exists to measure what caching buys; `tests` in the bench check that it produces the very
//! same `Authorization` header as aws-sigv4.

use std::fmt::Write as _;
use std::time::SystemTime;

use aws_sigv4::sign::v4::{calculate_signature, generate_signing_key};
use sha2::{Digest, Sha256};

use crate::{ACCESS_KEY, CONTENT_TYPE, REGION, SECRET_KEY, SERVICE, TARGET};

const SIGNED_HEADERS: &str = "content-type;host;x-amz-date;x-amz-target";

pub struct CachedSigner {
    /// `(yyyymmdd, key)`: re-derived only when the UTC date changes.
    key: Option<(String, Vec<u8>)>,
    /// "POST\n/\n\ncontent-type:...\nhost:...\n": everything before the date header.
    canonical_head: String,
    /// "\nx-amz-target:...\n\nsigned;headers\n": everything between the date and the body hash.
    canonical_tail: String,
    canonical: String,
    string_to_sign: String,
}

impl CachedSigner {
    pub fn new(host: &str) -> CachedSigner {
        CachedSigner {
            key: None,
            canonical_head: format!(
                "POST\n/\n\ncontent-type:{CONTENT_TYPE}\nhost:{host}\nx-amz-date:"
            ),
            canonical_tail: format!("\nx-amz-target:{TARGET}\n\n{SIGNED_HEADERS}\n"),
            canonical: String::with_capacity(512),
            string_to_sign: String::with_capacity(256),
        }
    }

    /// Returns `(x-amz-date, authorization)` for `body` at `time`.
    pub fn sign(&mut self, body: &[u8], time: SystemTime) -> (String, String) {
        let (date, date_time) = stamps(time);
        if self.key.as_ref().is_none_or(|(d, _)| *d != date) {
            let key = generate_signing_key(SECRET_KEY, time, REGION, SERVICE);
            self.key = Some((date.clone(), key.as_ref().to_vec()));
        }
        let payload_hash = hex::encode(Sha256::digest(body));
        self.canonical.clear();
        self.canonical.push_str(&self.canonical_head);
        self.canonical.push_str(&date_time);
        self.canonical.push_str(&self.canonical_tail);
        self.canonical.push_str(&payload_hash);
        let canonical_hash = hex::encode(Sha256::digest(self.canonical.as_bytes()));
        self.string_to_sign.clear();
        let _ = write!(
            self.string_to_sign,
            "AWS4-HMAC-SHA256\n{date_time}\n{date}/{REGION}/{SERVICE}/aws4_request\n{canonical_hash}"
        );
        let (_, key) = self.key.as_ref().expect("derived above");
        let signature = calculate_signature(key, self.string_to_sign.as_bytes());
        let authorization = format!(
            "AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{date}/{REGION}/{SERVICE}/aws4_request, \
             SignedHeaders={SIGNED_HEADERS}, Signature={signature}"
        );
        (date_time, authorization)
    }
}

/// `("yyyymmdd", "yyyymmddThhmmssZ")` in UTC.
fn stamps(time: SystemTime) -> (String, String) {
    let t = time::OffsetDateTime::from(time);
    let date = format!("{:04}{:02}{:02}", t.year(), u8::from(t.month()), t.day());
    let date_time = format!("{date}T{:02}{:02}{:02}Z", t.hour(), t.minute(), t.second());
    (date, date_time)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::CachedSigner;
    use crate::{body_for, common};

    #[test]
    fn matches_aws_sigv4_across_a_date_change() {
        let endpoint = "http://127.0.0.1:18480";
        let body = body_for(&serde_json::json!({"Catalog": "AWS"}), "t");
        let identity = common::identity();
        let mut signer = CachedSigner::new("127.0.0.1:18480");
        let day = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_000_000);
        for time in [
            day,
            day + Duration::from_secs(5),
            day + Duration::from_secs(86_400),
        ] {
            let mut request = common::unsigned_request(endpoint, &body);
            common::sign_request(&mut request, &identity, time);
            let (date, authorization) = signer.sign(&body, time);
            assert_eq!(request.headers()["x-amz-date"], date.as_str());
            assert_eq!(request.headers()["authorization"], authorization.as_str());
        }
    }
}
