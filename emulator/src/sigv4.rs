//! SigV4 verification. aws-sigv4 signs but does not verify, so the canonical request is rebuilt
//! here from the headers the request itself says it signed, and compared in constant time.
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use hmac::{Hmac, Mac};
use http::request::Parts;
use http::{HeaderMap, StatusCode};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::macros::format_description;

use crate::config::Credential;
use crate::protocol::ApiError;

type HmacSha256 = Hmac<Sha256>;

const ALGORITHM: &str = "AWS4-HMAC-SHA256";
pub const SERVICE: &str = "partnercentral-selling";
const MAX_SKEW: time::Duration = time::Duration::minutes(5);
/// Derived keys change daily; this bound only guards against a client cycling through regions.
const KEY_CACHE_LIMIT: usize = 1024;

/// The access keys the emulator trusts, and a cache of derived signing keys.
pub struct Verifier {
    credentials: HashMap<String, Arc<Credential>>,
    keys: RwLock<HashMap<ScopeKey, [u8; 32]>>,
}

#[derive(Hash, PartialEq, Eq)]
struct ScopeKey {
    access_key_id: String,
    date: String,
    region: String,
}

/// The parts of an `Authorization` header.
struct Authorization<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

impl Verifier {
    pub fn new(credentials: &[Credential]) -> Verifier {
        Verifier {
            credentials: credentials
                .iter()
                .map(|c| (c.access_key_id.clone(), Arc::new(c.clone())))
                .collect(),
            keys: RwLock::new(HashMap::new()),
        }
    }

    /// Returns the credential that signed the request, or the error AWS would answer.
    pub fn verify(
        &self,
        parts: &Parts,
        body: &[u8],
        now: OffsetDateTime,
    ) -> Result<Arc<Credential>, ApiError> {
        let header = parts
            .headers
            .get(http::header::AUTHORIZATION)
            .ok_or_else(|| {
                ApiError::coral(
                    StatusCode::FORBIDDEN,
                    "MissingAuthenticationTokenException",
                    "Missing Authentication Token: sign the request with SigV4 (the emulator's test \
                     keys are in its README)"
                        .to_owned(),
                )
            })?;
        let header = header
            .to_str()
            .map_err(|_| incomplete("the Authorization header is not ASCII"))?;
        let auth = parse_authorization(header)?;
        let credential = self.credentials.get(auth.access_key_id).ok_or_else(|| {
            ApiError::coral(
                StatusCode::FORBIDDEN,
                "UnrecognizedClientException",
                format!(
                    "The security token included in the request is invalid: the emulator knows no \
                     access key {}",
                    auth.access_key_id
                ),
            )
        })?;
        if auth.service != SERVICE {
            return Err(invalid_signature(format!(
                "Credential should be scoped to correct service: '{SERVICE}', not '{}'",
                auth.service
            )));
        }
        let amz_date = header_str(&parts.headers, "x-amz-date").ok_or_else(|| {
            incomplete(
                "a signed request needs an X-Amz-Date header (the emulator does not read Date)",
            )
        })?;
        let request_time = parse_amz_date(amz_date)?;
        if !amz_date.starts_with(auth.date) || auth.date.len() != 8 {
            return Err(invalid_signature(format!(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date \
                 from HTTP: '{}' != '{}'",
                auth.date,
                &amz_date[..8.min(amz_date.len())]
            )));
        }
        check_skew(amz_date, request_time, now)?;
        if !auth
            .signed_headers
            .split(';')
            .any(|h| h.eq_ignore_ascii_case("host"))
        {
            return Err(incomplete(
                "'Host' must be a 'SignedHeader' in the AWS Authorization",
            ));
        }

        let canonical = canonical_request(parts, auth.signed_headers, body);
        let scope = format!(
            "{}/{}/{}/aws4_request",
            auth.date, auth.region, auth.service
        );
        let string_to_sign = format!(
            "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
            hex::encode(Sha256::digest(canonical.as_bytes()))
        );
        let provided = hex::decode(auth.signature).map_err(|_| signature_mismatch())?;
        let key = self.signing_key(credential, auth.date, auth.region);
        let mut mac = HmacSha256::new_from_slice(&key).expect("HMAC takes any key length");
        mac.update(string_to_sign.as_bytes());
        mac.verify_slice(&provided)
            .map_err(|_| signature_mismatch())?;
        Ok(Arc::clone(credential))
    }

    fn signing_key(&self, credential: &Credential, date: &str, region: &str) -> [u8; 32] {
        let cache_key = ScopeKey {
            access_key_id: credential.access_key_id.clone(),
            date: date.to_owned(),
            region: region.to_owned(),
        };
        if let Some(key) = self
            .keys
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&cache_key)
        {
            return *key;
        }
        let secret = format!("AWS4{}", credential.secret_access_key);
        let mut key = hmac(secret.as_bytes(), date.as_bytes());
        for part in [region, SERVICE, "aws4_request"] {
            key = hmac(&key, part.as_bytes());
        }
        let mut keys = self.keys.write().unwrap_or_else(|e| e.into_inner());
        if keys.len() >= KEY_CACHE_LIMIT {
            keys.clear();
        }
        keys.insert(cache_key, key);
        key
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn parse_authorization(header: &str) -> Result<Authorization<'_>, ApiError> {
    let rest = header
        .strip_prefix(ALGORITHM)
        .filter(|rest| rest.starts_with(' '))
        .ok_or_else(|| {
            incomplete("the Authorization header must start with 'AWS4-HMAC-SHA256 '")
        })?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim();
        if let Some(v) = part.strip_prefix("Credential=") {
            credential = Some(v);
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            signed_headers = Some(v);
        } else if let Some(v) = part.strip_prefix("Signature=") {
            signature = Some(v);
        }
    }
    let (Some(credential), Some(signed_headers), Some(signature)) =
        (credential, signed_headers, signature)
    else {
        return Err(incomplete(
            "the Authorization header needs Credential=, SignedHeaders= and Signature=",
        ));
    };
    let mut scope = credential.split('/');
    match (
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
    ) {
        (
            Some(access_key_id),
            Some(date),
            Some(region),
            Some(service),
            Some("aws4_request"),
            None,
        ) if !access_key_id.is_empty() => Ok(Authorization {
            access_key_id,
            date,
            region,
            service,
            signed_headers,
            signature,
        }),
        _ => Err(incomplete(
            "Credential must be ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request",
        )),
    }
}

fn parse_amz_date(value: &str) -> Result<OffsetDateTime, ApiError> {
    let format = format_description!("[year][month][day]T[hour][minute][second]Z");
    time::PrimitiveDateTime::parse(value, format)
        .map(|t| t.assume_utc())
        .map_err(|_| incomplete("X-Amz-Date must look like 20240101T000000Z"))
}

fn format_amz_date(t: OffsetDateTime) -> String {
    let format = format_description!("[year][month][day]T[hour][minute][second]Z");
    t.format(format).unwrap_or_default()
}

fn check_skew(
    amz_date: &str,
    request_time: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), ApiError> {
    if request_time < now - MAX_SKEW {
        Err(invalid_signature(format!(
            "Signature expired: {amz_date} is now earlier than {} ({} - 5 min.)",
            format_amz_date(now - MAX_SKEW),
            format_amz_date(now)
        )))
    } else if request_time > now + MAX_SKEW {
        Err(invalid_signature(format!(
            "Signature not yet current: {amz_date} is still later than {} ({} + 5 min.)",
            format_amz_date(now + MAX_SKEW),
            format_amz_date(now)
        )))
    } else {
        Ok(())
    }
}

/// The canonical request over the headers listed in `SignedHeaders`, whatever their case, with
/// the hash of the body as received (never a client-supplied hash, so a changed body fails).
fn canonical_request(parts: &Parts, signed_headers: &str, body: &[u8]) -> String {
    let mut names: Vec<String> = signed_headers
        .split(';')
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    names.sort();
    let mut out = String::with_capacity(512);
    out.push_str(parts.method.as_str());
    out.push('\n');
    out.push_str(parts.uri.path());
    out.push('\n');
    out.push_str(&canonical_query(parts.uri.query().unwrap_or("")));
    out.push('\n');
    for name in &names {
        out.push_str(name);
        out.push(':');
        let mut first = true;
        for value in parts.headers.get_all(name.as_str()) {
            if !first {
                out.push(',');
            }
            first = false;
            push_trimmed(&mut out, &String::from_utf8_lossy(value.as_bytes()));
        }
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&names.join(";"));
    out.push('\n');
    out.push_str(&hex::encode(Sha256::digest(body)));
    out
}

/// Query parameters sorted by name then value; SDKs send them already percent-encoded.
fn canonical_query(query: &str) -> String {
    if query.is_empty() {
        return String::new();
    }
    let mut pairs: Vec<(&str, &str)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Trims the value and folds each run of spaces into one, as SigV4 prescribes.
fn push_trimmed(out: &mut String, value: &str) {
    let mut space = false;
    for c in value.trim().chars() {
        if c == ' ' || c == '\t' {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn incomplete(message: &str) -> ApiError {
    ApiError::coral(
        StatusCode::BAD_REQUEST,
        "IncompleteSignatureException",
        message.to_owned(),
    )
}

fn invalid_signature(message: String) -> ApiError {
    ApiError::coral(StatusCode::FORBIDDEN, "InvalidSignatureException", message)
}

fn signature_mismatch() -> ApiError {
    invalid_signature(
        "The request signature we calculated does not match the signature you provided. Check \
         your AWS Secret Access Key and signing method, and that nothing changed the request \
         (body or signed headers) after it was signed."
            .to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_inside_values_fold_to_one() {
        let mut out = String::new();
        push_trimmed(&mut out, "  a   b \t c  ");
        assert_eq!(out, "a b c");
    }

    #[test]
    fn query_pairs_are_sorted() {
        assert_eq!(canonical_query("b=2&a=1&a=0"), "a=0&a=1&b=2");
    }

    #[test]
    fn malformed_scope_is_an_incomplete_signature() {
        let err = parse_authorization(
            "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1, SignedHeaders=host, Signature=00",
        )
        .err()
        .expect("a scope without service is refused");
        assert_eq!(err.code, "IncompleteSignatureException");
    }
}
