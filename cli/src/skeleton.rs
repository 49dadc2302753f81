//! `--generate-cli-skeleton`: every member of a shape, walked from the core's shape table as
//! botocore's `ArgumentGenerator` walks it (strings `""`, numbers `0`/`0.0`, booleans `true`,
//! timestamps `1970-01-01T00:00:00`, maps `{"KeyName": ...}`, lists of one element, a shape met a
//! second time inside itself `{}`). Enums show their first value (botocore picks one at random,
//! which makes its output unreproducible). The YAML form carries the AWS CLI v2's comments:
//! `[REQUIRED]`, the member's first documented sentence, and the allowed values.
use crate::docs::{first_sentence, member_doc};
use partnercentral_selling::model::shapes::{self, Member, Shape, ShapeKind};
use serde_json::{Map, Value};
use std::fmt::Write as _;

/// The JSON skeleton. `use_member_names` fills strings with their member's name (the `output`
/// skeleton, as the AWS CLI prints `{"Id": "Id", "Arn": "Arn"}`).
pub fn generate(shape: &'static Shape, use_member_names: bool) -> Value {
    walk(shape, "", use_member_names, &mut Vec::new())
}

fn walk(shape: &'static Shape, name: &str, names: bool, stack: &mut Vec<&'static str>) -> Value {
    stack.push(shape.name);
    let value = match shape.kind {
        ShapeKind::Structure | ShapeKind::Union => {
            if stack.iter().filter(|s| **s == shape.name).count() > 1 {
                Value::Object(Map::new())
            } else {
                Value::Object(
                    shape
                        .members
                        .iter()
                        .map(|m| {
                            (
                                m.name.to_string(),
                                walk(shapes::get(m.target), m.name, names, stack),
                            )
                        })
                        .collect(),
                )
            }
        }
        ShapeKind::List => {
            let member = shapes::get(shape.list_member.expect("a list shape names its member"));
            let name = if names { member.name } else { "" };
            Value::Array(vec![walk(member, name, names, stack)])
        }
        ShapeKind::Map => {
            let value = shapes::get(shape.map_value.expect("a map shape names its value"));
            let mut map = Map::new();
            map.insert("KeyName".into(), walk(value, "", names, stack));
            Value::Object(map)
        }
        ShapeKind::String | ShapeKind::Enum if names => Value::String(name.to_string()),
        ShapeKind::String | ShapeKind::Enum => Value::String(
            shape
                .enum_values
                .first()
                .map(|s| s.to_string())
                .unwrap_or_default(),
        ),
        ShapeKind::Integer | ShapeKind::Long => Value::from(0),
        ShapeKind::Double => Value::from(0.0),
        ShapeKind::Boolean => Value::Bool(true),
        ShapeKind::Timestamp => Value::String("1970-01-01T00:00:00".into()),
    };
    stack.pop();
    value
}

/// The YAML input skeleton with comments.
pub fn generate_yaml(shape: &'static Shape) -> String {
    let mut out = String::new();
    yaml_members(shape, 0, false, &mut out, &mut vec![shape.name]);
    out
}

fn is_container(shape: &Shape) -> bool {
    matches!(
        shape.kind,
        ShapeKind::Structure | ShapeKind::Union | ShapeKind::Map | ShapeKind::List
    )
}

fn yaml_members(
    shape: &'static Shape,
    indent: usize,
    first_inline: bool,
    out: &mut String,
    stack: &mut Vec<&'static str>,
) {
    if shape.members.is_empty() && shape.kind != ShapeKind::Map {
        let _ = writeln!(out, "{{}}");
        return;
    }
    if shape.kind == ShapeKind::Map {
        let value = shapes::get(shape.map_value.expect("a map shape names its value"));
        let pad = if first_inline {
            String::new()
        } else {
            " ".repeat(indent)
        };
        yaml_entry("KeyName", value, String::new(), &pad, indent, out, stack);
        return;
    }
    for (i, member) in shape.members.iter().enumerate() {
        let pad = if first_inline && i == 0 {
            String::new()
        } else {
            " ".repeat(indent)
        };
        let target = shapes::get(member.target);
        let comment = comment(shape, member, target);
        yaml_entry(member.name, target, comment, &pad, indent, out, stack);
    }
}

fn yaml_entry(
    name: &str,
    target: &'static Shape,
    comment: String,
    pad: &str,
    indent: usize,
    out: &mut String,
    stack: &mut Vec<&'static str>,
) {
    // As `walk`: a structure met again inside itself is `{}`.
    let recursive = stack.contains(&target.name);
    match target.kind {
        ShapeKind::Structure | ShapeKind::Union if recursive || target.members.is_empty() => {
            let _ = writeln!(out, "{pad}{name}: {{}}{comment}");
        }
        ShapeKind::Structure | ShapeKind::Union | ShapeKind::Map => {
            let _ = writeln!(out, "{pad}{name}:{comment}");
            stack.push(target.name);
            yaml_members(target, indent + 2, false, out, stack);
            stack.pop();
        }
        ShapeKind::List => {
            let _ = writeln!(out, "{pad}{name}:{comment}");
            let item = shapes::get(target.list_member.expect("a list shape names its member"));
            if matches!(item.kind, ShapeKind::Structure | ShapeKind::Union)
                && (stack.contains(&item.name) || item.members.is_empty())
            {
                let _ = writeln!(out, "{}- {{}}", " ".repeat(indent));
            } else if is_container(item) && item.kind != ShapeKind::List {
                let _ = write!(out, "{}- ", " ".repeat(indent));
                stack.push(item.name);
                yaml_members(item, indent + 2, true, out, stack);
                stack.pop();
            } else {
                let values = valid_values(item);
                let comment = if values.is_empty() {
                    values
                } else {
                    format!(" # {values}")
                };
                let _ = writeln!(out, "{}- {}{comment}", " ".repeat(indent), scalar(item));
            }
        }
        _ => {
            let _ = writeln!(out, "{pad}{name}: {}{comment}", scalar(target));
        }
    }
}

fn scalar(shape: &Shape) -> String {
    match walk_scalar(shape) {
        Value::String(s) => serde_yaml::to_string(&s)
            .map(|s| s.trim_end().to_string())
            .unwrap_or_else(|_| "''".into()),
        other => other.to_string(),
    }
}

fn walk_scalar(shape: &Shape) -> Value {
    match shape.kind {
        ShapeKind::Integer | ShapeKind::Long => Value::from(0),
        ShapeKind::Double => Value::from(0.0),
        ShapeKind::Boolean => Value::Bool(true),
        ShapeKind::Timestamp => Value::String("1970-01-01T00:00:00".into()),
        ShapeKind::List => Value::String(String::new()),
        _ => Value::String(
            shape
                .enum_values
                .first()
                .map(|s| s.to_string())
                .unwrap_or_default(),
        ),
    }
}

fn comment(parent: &Shape, member: &Member, target: &Shape) -> String {
    let mut parts = Vec::new();
    if member.required && !member.idempotency_token {
        parts.push("[REQUIRED]".to_string());
    }
    if let Some(doc) = member_doc(parent.name, member.name) {
        parts.push(first_sentence(doc));
    }
    if !is_container(target) {
        parts.push(valid_values(target));
    }
    let text = parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if text.is_empty() {
        text
    } else {
        format!(" # {text}")
    }
}

fn valid_values(shape: &Shape) -> String {
    if shape.enum_values.is_empty() {
        String::new()
    } else {
        format!("Valid values are: {}.", shape.enum_values.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use partnercentral_selling::OPERATIONS;

    #[test]
    fn output_skeleton_uses_member_names() {
        let op = partnercentral_selling::find_operation("create-engagement-invitation").unwrap();
        let v = generate(op.output_shape().unwrap(), true);
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"Id":"Id","Arn":"Arn"}"#
        );
    }

    #[test]
    fn yaml_skeleton_parses_to_the_json_skeleton_for_every_operation() {
        for op in OPERATIONS {
            let yaml = generate_yaml(op.input_shape());
            let parsed: Value =
                serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{}: {e}\n{yaml}", op.name));
            let parsed = if parsed.is_null() {
                Value::Object(Map::new())
            } else {
                parsed
            };
            assert_eq!(parsed, generate(op.input_shape(), false), "{}", op.name);
        }
    }
}
