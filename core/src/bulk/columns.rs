//! Flat rows (a CSV line, a DataFrame row) into the request tree: column names are member paths
//! with dots (`Invitation.Payload.OpportunityInvitation.Customer.CompanyName`) and list indexes
//! (`Invitation.Payload.OpportunityInvitation.SenderContacts[1].Email`); cells are typed from the
//! model (numbers and booleans by the member's shape; a JSON text for a whole list, map or
//! structure). An empty cell is an absent member.
use serde_json::{Map, Value};

use crate::model::Operation;
use crate::model::shapes::{self, ShapeId, ShapeKind};

enum Step<'a> {
    Member(&'a str),
    Index(usize),
}

fn steps(column: &str) -> Result<Vec<Step<'_>>, String> {
    let mut out = Vec::new();
    for part in column.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            out.push(Step::Member(name));
        } else if out.is_empty() || rest.is_empty() {
            return Err(format!("column {column:?} has an empty member name"));
        }
        while !rest.is_empty() {
            let close = rest
                .find(']')
                .ok_or_else(|| format!("column {column:?}: an index is written [N]"))?;
            let index = rest[1..close].parse::<usize>().map_err(|_| {
                format!("column {column:?}: an index is written [N], with N a number from 0")
            })?;
            out.push(Step::Index(index));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(format!(
                    "column {column:?}: unexpected {rest:?} after an index"
                ));
            }
        }
    }
    Ok(out)
}

/// The cell's value for a member of shape `target`. Errors name the column and what was expected.
fn typed(column: &str, target: ShapeId, text: &str) -> Result<Value, String> {
    let shape = shapes::get(target);
    let bad = |what: &str| format!("column {column:?}: {what}, not {text:?}");
    Ok(match shape.kind {
        ShapeKind::Integer | ShapeKind::Long => Value::from(
            text.trim()
                .parse::<i64>()
                .map_err(|_| bad("expected a whole number"))?,
        ),
        ShapeKind::Double => {
            let n: f64 = text.trim().parse().map_err(|_| bad("expected a number"))?;
            serde_json::Number::from_f64(n)
                .map(Value::Number)
                .ok_or_else(|| bad("expected a finite number"))?
        }
        ShapeKind::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(bad("expected true or false")),
        },
        ShapeKind::Structure | ShapeKind::Union | ShapeKind::List | ShapeKind::Map => {
            serde_json::from_str(text)
                .map_err(|e| bad(&format!("expected the {} as JSON ({e})", shape.name)))?
        }
        _ => Value::String(text.to_string()),
    })
}

/// Builds the request of `op` from `(column, cell)` pairs. Typing follows the model as far as
/// the path is known; a member the model does not have is kept as text, so validation reports
/// it at its path with the members that exist.
pub fn unflatten<'a>(
    op: &Operation,
    cells: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Value, String> {
    let mut root = Value::Object(Map::new());
    for (column, cell) in cells {
        if cell.is_empty() {
            continue;
        }
        let steps = steps(column.trim())?;
        let mut shape = Some(op.input);
        let mut node = &mut root;
        for (i, step) in steps.iter().enumerate() {
            let last = i + 1 == steps.len();
            match step {
                Step::Member(name) => {
                    let member_target = shape.and_then(|s| {
                        let sh = shapes::get(s);
                        match sh.kind {
                            ShapeKind::Map => sh.map_value,
                            _ => sh.member(name).map(|m| m.target),
                        }
                    });
                    if !node.is_object() {
                        return Err(format!(
                            "column {column:?}: {name} is under a member that is not a structure"
                        ));
                    }
                    let map = node.as_object_mut().expect("checked above");
                    if last {
                        let value = match member_target {
                            Some(t) => typed(column, t, cell)?,
                            None => Value::String(cell.to_string()),
                        };
                        map.insert((*name).to_string(), value);
                        break;
                    }
                    let next_is_index = matches!(steps[i + 1], Step::Index(_));
                    node = map.entry((*name).to_string()).or_insert_with(|| {
                        if next_is_index {
                            Value::Array(Vec::new())
                        } else {
                            Value::Object(Map::new())
                        }
                    });
                    shape = member_target;
                }
                Step::Index(index) => {
                    let item = shape.and_then(|s| shapes::get(s).list_member);
                    let Some(list) = node.as_array_mut() else {
                        return Err(format!(
                            "column {column:?}: [{index}] is under a member that is not a list"
                        ));
                    };
                    while list.len() <= *index {
                        list.push(Value::Null);
                    }
                    if last {
                        list[*index] = match item {
                            Some(t) => typed(column, t, cell)?,
                            None => Value::String(cell.to_string()),
                        };
                        break;
                    }
                    if list[*index].is_null() {
                        list[*index] = if matches!(steps[i + 1], Step::Index(_)) {
                            Value::Array(Vec::new())
                        } else {
                            Value::Object(Map::new())
                        };
                    }
                    node = &mut list[*index];
                    shape = item;
                }
            }
        }
    }
    Ok(root)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dotted_columns_build_nested_typed_members() {
        let op = crate::operation("CreateEngagementInvitation").unwrap();
        let row = unflatten(
            op,
            [
                ("Catalog", "AWS"),
                ("EngagementIdentifier", "eng-abcdefghij1234"),
                ("Invitation.Message", "hello"),
                ("Invitation.Receiver.Account.AwsAccountId", "444455556666"),
                (
                    "Invitation.Payload.OpportunityInvitation.Customer.CompanyName",
                    "Acme",
                ),
                (
                    "Invitation.Payload.OpportunityInvitation.SenderContacts[1].Email",
                    "b@example.com",
                ),
                ("ClientToken", ""),
            ],
        )
        .unwrap();
        assert_eq!(
            row,
            json!({
                "Catalog": "AWS",
                "EngagementIdentifier": "eng-abcdefghij1234",
                "Invitation": {
                    "Message": "hello",
                    "Receiver": {"Account": {"AwsAccountId": "444455556666"}},
                    "Payload": {"OpportunityInvitation": {
                        "Customer": {"CompanyName": "Acme"},
                        "SenderContacts": [null, {"Email": "b@example.com"}]
                    }}
                }
            })
        );
    }

    #[test]
    fn numbers_and_booleans_follow_the_shape() {
        let op = crate::operation("ListEngagementInvitations").unwrap();
        let row = unflatten(op, [("Catalog", "AWS"), ("MaxResults", "25")]).unwrap();
        assert_eq!(row["MaxResults"], json!(25));
        let err = unflatten(op, [("MaxResults", "many")]).unwrap_err();
        assert!(
            err.contains("MaxResults") && err.contains("whole number"),
            "{err}"
        );
        let list = unflatten(
            op,
            [("ParticipantType", "SENDER"), ("Status", "[\"PENDING\"]")],
        );
        assert_eq!(list.unwrap()["Status"], json!(["PENDING"]));
    }
}
