//! CreateEngagement: a space invitations can point at.
use partnercentral_selling::ViolationCode;
use serde_json::{Value, json};

use super::checks::{self, violation};
use crate::config::Credential;
use crate::protocol::{ApiError, Operation};
use crate::service::App;
use crate::store::NewEngagement;

const MEMBERS: &[&str] = &["Catalog", "ClientToken", "Title", "Description", "Contexts"];
const CONTEXT_TYPES: &[&str] = &["CustomerProject", "Lead"];

pub fn create(app: &App, caller: &Credential, input: &Value) -> Result<Value, ApiError> {
    let object = super::members(input);
    let mut violations = Vec::new();
    checks::unknown_members(object, MEMBERS, &mut violations);
    let catalog = checks::catalog(object, &mut violations);
    let token = checks::client_token(object, &mut violations);
    let title = checks::string(object, "Title", true, &mut violations);
    if let Some(title) = title {
        checks::length("Title", title, (1, 40), true, &mut violations);
    }
    let description = checks::string(object, "Description", true, &mut violations);
    if let Some(description) = description {
        checks::length("Description", description, (0, 255), true, &mut violations);
    }
    if let Some(contexts) = checks::list(object, "Contexts", (0, 5), &mut violations) {
        for (i, context) in contexts.iter().enumerate() {
            let path = format!("Contexts[{i}].Type");
            match context.get("Type").and_then(Value::as_str) {
                Some(kind) => {
                    checks::one_of(&path, kind, CONTEXT_TYPES, &mut violations);
                }
                None => violations.push(violation(
                    &path,
                    ViolationCode::RequiredFieldMissing,
                    format!("{path} is required: CustomerProject or Lead"),
                )),
            }
        }
    }
    super::reject(violations)?;
    let (Some(catalog), Some(token), Some(title), Some(description)) =
        (catalog, token, title, description)
    else {
        unreachable!("every required member was checked above");
    };
    let created = app.store.create_engagement(
        &caller.account_id,
        NewEngagement {
            catalog,
            client_token: token.to_owned(),
            fingerprint: super::fingerprint(input),
            title: title.to_owned(),
            description: description.to_owned(),
        },
    )?;
    app.stats
        .created(Operation::CreateEngagement, created.replayed);
    Ok(json!({"Id": created.id, "Arn": created.arn, "ModifiedAt": created.modified_at}))
}
