//! `validateJson`: the core's violation list for a request given as JSON text.
use napi_derive::napi;

/// One broken constraint, exactly as the core reports it.
#[napi(object)]
pub struct Violation {
    pub path: String,
    pub code: String,
    pub message: String,
}

impl From<partnercentral_selling::Violation> for Violation {
    fn from(v: partnercentral_selling::Violation) -> Self {
        Self {
            path: v.path,
            code: v.code.as_str().to_owned(),
            message: v.message,
        }
    }
}

pub(crate) fn violations(list: Vec<partnercentral_selling::Violation>) -> Vec<Violation> {
    list.into_iter().map(Violation::from).collect()
}

/// Validates a request given as JSON text (the JS layer has already turned the JS value into it).
#[napi(js_name = "validateJson")]
pub fn validate_json(json: String) -> napi::Result<Vec<Violation>> {
    let list = partnercentral_selling::validate::validate_json_bytes(json.as_bytes())
        .map_err(|e| napi::Error::from_reason(e.to_string()))?;
    Ok(violations(list))
}
