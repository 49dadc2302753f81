//! Input checks in the core's terms (`Violation`), so every ValidationException looks alike.
//! `interim.rs` uses them for the operations today's core does not validate yet.
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

/// Members the operation does not have are errors at their own path, as the core reports them.
pub fn unknown_members(input: &Object, known: &[&str], out: &mut Vec<Violation>) {
    for name in input.keys() {
        if !known.contains(&name.as_str()) {
            out.push(violation(
                name,
                ViolationCode::InvalidValue,
                format!(
                    "unknown member {name:?}; expected one of {}",
                    known.join(", ")
                ),
            ));
        }
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

/// A list member of the given bounds; returns its elements.
pub fn list<'a>(
    input: &'a Object,
    name: &str,
    (min, max): (usize, usize),
    out: &mut Vec<Violation>,
) -> Option<&'a Vec<Value>> {
    match input.get(name) {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => {
            if items.len() < min {
                out.push(violation(
                    name,
                    ViolationCode::NotEnoughValues,
                    format!("{name} needs at least {min} item(s), got {}", items.len()),
                ));
            } else if items.len() > max {
                out.push(violation(
                    name,
                    ViolationCode::TooManyValues,
                    format!("{name} takes at most {max} item(s), got {}", items.len()),
                ));
            }
            Some(items)
        }
        Some(other) => {
            out.push(violation(
                name,
                ViolationCode::InvalidValue,
                format!("{name} must be a list, got {}", kind(other)),
            ));
            None
        }
    }
}

/// A string of `min..=max` Unicode code points with no line breaks unless `multiline`
/// (the model's `.{min,max}` and `(?s).{min,max}` patterns).
pub fn length(
    path: &str,
    value: &str,
    (min, max): (usize, usize),
    multiline: bool,
    out: &mut Vec<Violation>,
) {
    let count = value.chars().count();
    let breaks = !multiline && value.contains(['\n', '\r', '\u{2028}', '\u{2029}']);
    if count < min || count > max || breaks {
        out.push(violation(
            path,
            ViolationCode::InvalidStringFormat,
            format!(
                "{path} must be {min} to {max} characters{}, got {count}",
                if multiline { "" } else { " on one line" }
            ),
        ));
    }
}

pub fn one_of(path: &str, value: &str, allowed: &[&str], out: &mut Vec<Violation>) -> bool {
    if allowed.contains(&value) {
        return true;
    }
    out.push(violation(
        path,
        ViolationCode::InvalidEnumValue,
        format!(
            "{path} must be one of {}, got {value:?}",
            allowed.join(", ")
        ),
    ));
    false
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

/// `ClientToken`: required by the service (clients fill it in), pattern `.{1,255}`.
pub fn client_token<'a>(input: &'a Object, out: &mut Vec<Violation>) -> Option<&'a str> {
    let token = string(input, "ClientToken", true, out)?;
    length("ClientToken", token, (1, 255), false, out);
    Some(token)
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

    #[test]
    fn length_counts_code_points_and_refuses_line_breaks() {
        let mut out = Vec::new();
        length("T", "ééé", (1, 3), false, &mut out);
        assert!(out.is_empty());
        length("T", "a\nb", (1, 3), false, &mut out);
        assert_eq!(out.len(), 1);
        length("T", "a\nb", (1, 3), true, &mut out);
        assert_eq!(out.len(), 1);
    }
}
