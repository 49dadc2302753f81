//! SigV4 for a JSON 1.0 call, signing the headers botocore signs: `content-type`, `host`,
//! `x-amz-date`, `x-amz-target` (and `x-amz-security-token` with a session token). Headers that
//! change per attempt or per library (`user-agent`, `amz-sdk-*`) are added after signing, as
//! botocore does, so they never enter the canonical request.
//!
//! Every request of this crate is a POST with a fixed header set and no query, so the canonical
//! request is written here directly, and the signing key (four HMACs) is derived by aws-sigv4
//! once per secret and day and kept in a [`Signer`]. aws-sigv4's generic `sign` (which derives
//! the key on every call and builds a general canonical request) remains the path for URLs
//! whose path would need encoding or normalizing, or that carry a query.
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use sha2::{Digest, Sha256};

use crate::error::Error;

/// The service's signing name (the model's `signingName`).
pub use crate::model::SIGNING_NAME;

/// The headers to add to a request: `x-amz-date`, `authorization`, and `x-amz-security-token`
/// with a session token. Each value is marked sensitive or not, for the transport.
pub type SignatureHeaders = Vec<(&'static str, String, bool)>;

/// Signs one POST of `body` to `url` whose `host`, `content-type` and `x-amz-target` headers are
/// `headers`. `time` is a parameter so tests can pin it. Derives the signing key each time; a
/// client keeps a [`Signer`] instead.
#[cfg_attr(not(feature = "internals"), allow(dead_code))]
pub fn sign(
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    credentials: &aws_credential_types::Credentials,
    region: &str,
    time: SystemTime,
) -> Result<SignatureHeaders, Error> {
    Signer::default().sign(url, headers, body, credentials, region, time)
}

/// Signs requests, keeping the last derived signing key: it depends only on the secret, the day,
/// the region and the service, so one derivation serves every call of a day.
#[derive(Default)]
pub struct Signer {
    key: Mutex<Option<CachedKey>>,
}

struct CachedKey {
    secret: String,
    /// `YYYYMMDD`.
    date: [u8; 8],
    region: String,
    key: [u8; 32],
}

// The cache holds the secret and a key derived from it: neither may reach a log.
impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer").finish_non_exhaustive()
    }
}

impl Signer {
    /// As [`sign`], reusing the signing key derived for the same secret, day and region.
    pub fn sign(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        credentials: &aws_credential_types::Credentials,
        region: &str,
        time: SystemTime,
    ) -> Result<SignatureHeaders, Error> {
        let Some(path) = plain_path(url) else {
            return generic_sign(url, headers, body, credentials, region, time);
        };
        let stamp = AmzDate::new(time);
        let date = &stamp.0[..8];
        let token = credentials.session_token();

        let mut signed: Vec<(&str, &str)> = Vec::with_capacity(headers.len() + 2);
        signed.extend_from_slice(headers);
        let amz_date = stamp.as_str();
        signed.push(("x-amz-date", amz_date));
        if let Some(token) = token {
            signed.push(("x-amz-security-token", token));
        }
        signed.sort_unstable_by(|a, b| a.0.cmp(b.0));

        let mut canonical = String::with_capacity(256);
        canonical.push_str("POST\n");
        canonical.push_str(path);
        canonical.push_str("\n\n");
        for (name, value) in &signed {
            push_lowercase(&mut canonical, name);
            canonical.push(':');
            push_header_value(&mut canonical, value);
            canonical.push('\n');
        }
        canonical.push('\n');
        let names_start = canonical.len();
        for (i, (name, _)) in signed.iter().enumerate() {
            if i > 0 {
                canonical.push(';');
            }
            push_lowercase(&mut canonical, name);
        }
        let signed_names_end = canonical.len();
        canonical.push('\n');
        push_hex(&mut canonical, &Sha256::digest(body));
        let signed_names = &canonical[names_start..signed_names_end];

        let mut scope = String::with_capacity(64);
        scope.push_str(std::str::from_utf8(date).expect("digits"));
        scope.push('/');
        scope.push_str(region);
        scope.push('/');
        scope.push_str(SIGNING_NAME);
        scope.push_str("/aws4_request");

        let mut string_to_sign = String::with_capacity(160);
        string_to_sign.push_str("AWS4-HMAC-SHA256\n");
        string_to_sign.push_str(amz_date);
        string_to_sign.push('\n');
        string_to_sign.push_str(&scope);
        string_to_sign.push('\n');
        push_hex(&mut string_to_sign, &Sha256::digest(canonical.as_bytes()));

        let key = self.key(credentials.secret_access_key(), &stamp, region, time);
        let signature = v4::calculate_signature(key, string_to_sign.as_bytes());

        let mut authorization = String::with_capacity(200);
        let _ = write!(
            authorization,
            "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_names}, Signature={signature}",
            credentials.access_key_id()
        );
        let mut out = Vec::with_capacity(3);
        out.push(("x-amz-date", amz_date.to_string(), false));
        // The signature is secret-derived: a sensitive header value never shows in reqwest's or
        // http's Debug output.
        out.push(("authorization", authorization, true));
        if let Some(token) = token {
            out.push(("x-amz-security-token", token.to_string(), true));
        }
        Ok(out)
    }

    fn key(&self, secret: &str, stamp: &AmzDate, region: &str, time: SystemTime) -> [u8; 32] {
        let date: [u8; 8] = stamp.0[..8].try_into().expect("8 bytes");
        let mut cached = self.key.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = cached.as_ref()
            && c.date == date
            && c.region == region
            && c.secret == secret
        {
            return c.key;
        }
        let derived = v4::generate_signing_key(secret, time, region, SIGNING_NAME);
        let key: [u8; 32] = derived.as_ref().try_into().expect("HMAC-SHA256 output");
        *cached = Some(CachedKey {
            secret: secret.to_string(),
            date,
            region: region.to_string(),
            key,
        });
        key
    }
}

/// The URL's path when it is already canonical (only unreserved characters and single slashes,
/// no dot segments) and the URL has no query; `None` sends the request to the generic signer.
fn plain_path(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let path = &rest[rest.find('/')?..];
    let canonical = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/'))
        && !path.contains("//")
        && !path.split('/').any(|s| s == "." || s == "..");
    canonical.then_some(path)
}

fn push_lowercase(out: &mut String, s: &str) {
    out.extend(s.chars().map(|c| c.to_ascii_lowercase()));
}

/// SigV4's value form: trimmed, runs of spaces folded to one.
fn push_header_value(out: &mut String, value: &str) {
    let mut space = false;
    for c in value.trim().chars() {
        if c == ' ' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
}

fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
}

/// `YYYYMMDDTHHMMSSZ` in UTC, whole seconds (as aws-sigv4 and botocore send it).
struct AmzDate([u8; 16]);

impl AmzDate {
    fn new(time: SystemTime) -> Self {
        let secs = time
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let (year, month, day) = civil_from_days((secs / 86_400) as i64);
        let of_day = secs % 86_400;
        let mut s = [0u8; 16];
        let mut put = |at: usize, value: u64, width: usize| {
            let mut v = value;
            for i in (0..width).rev() {
                s[at + i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        };
        put(0, year as u64, 4);
        put(4, month, 2);
        put(6, day, 2);
        put(9, of_day / 3600, 2);
        put(11, of_day / 60 % 60, 2);
        put(13, of_day % 60, 2);
        s[8] = b'T';
        s[15] = b'Z';
        Self(s)
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII digits")
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u64, u64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u64;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u64;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// aws-sigv4's general signer, for URLs the direct path does not cover.
fn generic_sign(
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
        .map(|h| {
            let sensitive = h.sensitive() || h.name() == "authorization";
            (h.name(), h.value().to_string(), sensitive)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn creds(token: Option<&str>) -> aws_credential_types::Credentials {
        aws_credential_types::Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            token.map(str::to_string),
            None,
            "test",
        )
    }

    const HEADERS: &[(&str, &str)] = &[
        ("content-type", "application/x-amz-json-1.0"),
        ("host", "partnercentral-selling.us-east-1.api.aws"),
        (
            "x-amz-target",
            "AWSPartnerCentralSelling.CreateEngagementInvitation",
        ),
    ];

    #[test]
    fn the_direct_signer_equals_aws_sigv4_with_and_without_a_token_across_days() {
        let signer = Signer::default();
        for (secs, token) in [
            (1_767_323_045, None),
            (1_767_323_045, Some("session/token+=")),
            (1_767_398_399, None), // the last second of a day
            (1_767_398_400, None), // the next day: the cached key must not be reused
            (951_782_400, None),   // 2000-02-29
            (4_107_542_399, Some("t")),
        ] {
            let time = UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_millis(999);
            for url in [
                "https://partnercentral-selling.us-east-1.api.aws/",
                "http://127.0.0.1:8080/prefix/v1/",
            ] {
                let body = br#"{"Catalog":"AWS"}"#;
                let c = creds(token);
                let ours = signer
                    .sign(url, HEADERS, body, &c, "us-east-1", time)
                    .unwrap();
                let reference = generic_sign(url, HEADERS, body, &c, "us-east-1", time).unwrap();
                let mut ours_sorted = ours.clone();
                let mut reference_sorted = reference.clone();
                ours_sorted.sort();
                reference_sorted.sort();
                assert_eq!(ours_sorted, reference_sorted, "at {secs} for {url}");
            }
        }
    }

    #[test]
    fn a_new_secret_or_region_derives_a_new_key() {
        let signer = Signer::default();
        let time = UNIX_EPOCH + Duration::from_secs(1_767_323_045);
        let url = "https://partnercentral-selling.us-east-1.api.aws/";
        let first = creds(None);
        let other = aws_credential_types::Credentials::new("AKID2", "other", None, None, "t");
        for (c, region) in [
            (&first, "us-east-1"),
            (&other, "us-east-1"),
            (&other, "eu-west-1"),
        ] {
            let mut ours = signer.sign(url, HEADERS, b"{}", c, region, time).unwrap();
            let mut reference = generic_sign(url, HEADERS, b"{}", c, region, time).unwrap();
            ours.sort();
            reference.sort();
            assert_eq!(ours, reference);
        }
    }

    #[test]
    fn paths_that_need_encoding_or_a_query_take_the_generic_signer() {
        assert_eq!(plain_path("https://h/"), Some("/"));
        assert_eq!(plain_path("http://h:1/a/b/"), Some("/a/b/"));
        assert_eq!(plain_path("https://h/a b/"), None);
        assert_eq!(plain_path("https://h/a/../"), None);
        assert_eq!(plain_path("https://h/?x=1"), None);
        assert_eq!(plain_path("https://h//"), None);
    }

    #[test]
    fn debug_shows_no_secret() {
        let signer = Signer::default();
        let c = creds(None);
        signer
            .sign(
                "https://h/",
                HEADERS,
                b"{}",
                &c,
                "us-east-1",
                SystemTime::now(),
            )
            .unwrap();
        let shown = format!("{signer:?}");
        assert!(!shown.contains("EXAMPLEKEY"), "{shown}");
    }
}
