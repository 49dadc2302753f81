//! `validateJson`: the core's violation list for a request given as JSON text.
use napi_derive::napi;
use serde_json::Value;

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

/// Validates a request given as JSON text (the JS layer has already turned the JS value into it,
/// with `unconvertibleKey()` marking what it could not convert) as the input of operation
/// `operation` (its index in the table).
#[napi(js_name = "validateJson")]
pub fn validate_json(operation: u32, json: String) -> napi::Result<Vec<Violation>> {
    let op = crate::table::operation(operation)?;
    let list = partnercentral_selling::validate::validate_json_bytes(op, json.as_bytes())
        .map_err(|e| napi::Error::from_reason(e.to_string()))?;
    Ok(violations(list))
}

/// The member name of the core's marked value (`validate::unconvertible`): the JS layer writes
/// `{ [key]: "a function" }` where it meets a value JSON cannot carry, and the core reports it at
/// its path.
#[napi(js_name = "unconvertibleKey")]
pub fn unconvertible_key() -> String {
    match partnercentral_selling::validate::unconvertible("") {
        Value::Object(map) => map.keys().next().cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

/// The member name of a marked timestamp in an output's JSON text.
#[napi(js_name = "dateKey")]
pub fn date_key() -> String {
    crate::outcome::DATE_KEY.to_owned()
}
