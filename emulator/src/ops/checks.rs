//! Input checks in the core's terms (`Violation`), so every ValidationException looks alike.
use partnercentral_selling::{Violation, ViolationCode};
use serde_json::{Map, Value};

pub type Object = Map<String, Value>;

pub fn violation(path: &str, code: ViolationCode, message: String) -> Violation {
    Violation {
        path: path.to_owned(),
        code,
        message,
    }
}

/// A string member; absent or `null` is an error only when required.
pub fn string<'a>(
    input: &'a Object,
    name: &str,
    required: bool,
    out: &mut Vec<Violation>,
) -> Option<&'a str> {
    match input.get(name) {
        None | Some(Value::Null) => {
            if required {
                out.push(violation(
                    name,
                    ViolationCode::RequiredFieldMissing,
                    format!("{name} is required"),
                ));
            }
            None
        }
        Some(Value::String(s)) => Some(s),
        Some(other) => {
            out.push(violation(
                name,
                ViolationCode::InvalidValue,
                format!("{name} must be a string, got {}", kind(other)),
            ));
            None
        }
    }
}

/// `Catalog`: the model's pattern is `[a-zA-Z]+`, and the service knows two of them.
pub fn catalog(input: &Object, out: &mut Vec<Violation>) -> Option<&'static str> {
    let value = string(input, "Catalog", true, out)?;
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_alphabetic()) {
        out.push(violation(
            "Catalog",
            ViolationCode::InvalidStringFormat,
            format!("Catalog must be letters only (AWS or Sandbox), got {value:?}"),
        ));
        return None;
    }
    known_catalog(value, out)
}

pub fn known_catalog(value: &str, out: &mut Vec<Violation>) -> Option<&'static str> {
    let catalog = match value {
        "AWS" => Some("AWS"),
        "Sandbox" => Some("Sandbox"),
        _ => None,
    };
    if catalog.is_none() {
        out.push(violation(
            "Catalog",
            ViolationCode::InvalidValue,
            format!("Catalog {value:?} does not exist: use AWS (production) or Sandbox (testing)"),
        ));
    }
    catalog
}

/// `[prefix][0-9a-z]{len}` — the shape of engagement and invitation ids.
pub fn is_id(value: &str, prefix: &str, len: usize) -> bool {
    value.strip_prefix(prefix).is_some_and(|rest| {
        rest.len() == len
            && rest
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
    })
}

pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_prefix_plus_lowercase_alphanumerics() {
        assert!(is_id("engi-0123456789abc", "engi-", 13));
        assert!(!is_id("engi-0123456789ABC", "engi-", 13));
        assert!(!is_id("engi-0123456789ab", "engi-", 13));
        assert!(is_id("eng-demo00000000a1", "eng-", 14));
    }
}
