//! The operations: each takes the caller and the parsed request, and answers a JSON body or an
//! AWS error.
mod checks;
mod engagements;
mod invitations;

use partnercentral_selling::Violation;
use serde_json::Value;

use crate::config::Credential;
use crate::protocol::{ApiError, Operation};
use crate::service::App;

pub use checks::is_id;

pub fn dispatch(
    app: &App,
    operation: Operation,
    caller: &Credential,
    input: &Value,
) -> Result<Value, ApiError> {
    match operation {
        Operation::CreateEngagementInvitation => invitations::create(app, caller, input),
        Operation::GetEngagementInvitation => invitations::get(app, caller, input),
        Operation::ListEngagementInvitations => invitations::list(app, caller, input),
        Operation::CreateEngagement => engagements::create(app, caller, input),
    }
}

/// The request's members; the service only dispatches JSON objects, so the fallback is never
/// used, but it keeps the operations total.
fn members(input: &Value) -> &checks::Object {
    static EMPTY: std::sync::LazyLock<checks::Object> = std::sync::LazyLock::new(Default::default);
    input.as_object().unwrap_or(&EMPTY)
}

fn reject(violations: Vec<Violation>) -> Result<(), ApiError> {
    if violations.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(&violations))
    }
}

/// What "the same parameters" means for a repeated ClientToken: the request without its token,
/// with `null` members (absent, to the service) dropped; member order does not matter.
fn fingerprint(input: &Value) -> Value {
    fn strip(value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), strip(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    let mut stripped = strip(input);
    if let Some(map) = stripped.as_object_mut() {
        map.remove("ClientToken");
    }
    stripped
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fingerprint_ignores_token_nulls_and_member_order() {
        let a = json!({"ClientToken": "a", "Catalog": "AWS", "X": {"B": 1, "A": null, "C": 2}});
        let b = json!({"X": {"C": 2, "B": 1}, "Catalog": "AWS", "ClientToken": "b"});
        assert_eq!(fingerprint(&a), fingerprint(&b));
        let c = json!({"X": {"C": 3, "B": 1}, "Catalog": "AWS"});
        assert_ne!(fingerprint(&a), fingerprint(&c));
    }
}
