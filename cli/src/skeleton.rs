//! `--generate-cli-skeleton`: every member of a shape, walked from the model as botocore's
//! `ArgumentGenerator` walks it. Enums show their first value (botocore picks one at random, which
//! makes its output unreproducible). The YAML form carries the AWS CLI v2's comments:
//! `[REQUIRED]`, the member's first documented sentence, and the allowed values.
use crate::model::{Kind, Member, Shape, first_sentence};
use serde_json::{Map, Value};
use std::fmt::Write as _;

/// The JSON skeleton. `use_member_names` fills strings with their member's name (the `output`
/// skeleton, as the AWS CLI prints `{"Id": "Id", "Arn": "Arn"}`).
pub fn generate(shape: Shape, use_member_names: bool) -> Value {
    walk(shape, "", use_member_names, &mut Vec::new())
}

fn walk(shape: Shape, name: &str, names: bool, stack: &mut Vec<&'static str>) -> Value {
    if stack.iter().filter(|s| **s == shape.name).count() > 1 {
        return Value::Object(Map::new());
    }
    stack.push(shape.name);
    let value = match shape.kind() {
        Kind::Structure | Kind::Union => Value::Object(
            shape
                .members()
                .into_iter()
                .map(|m| (m.name.to_string(), walk(m.shape, m.name, names, stack)))
                .collect(),
        ),
        Kind::List => {
            let member = shape.list_member().expect("a list shape names its member");
            Value::Array(vec![walk(member, member.name, names, stack)])
        }
        Kind::String | Kind::Other if names => Value::String(name.to_string()),
        Kind::String | Kind::Other => Value::String(
            shape
                .enum_values()
                .first()
                .map(|s| s.to_string())
                .unwrap_or_default(),
        ),
    };
    stack.pop();
    value
}

/// The YAML input skeleton with comments.
pub fn generate_yaml(shape: Shape) -> String {
    let mut out = String::new();
    yaml_members(shape, 0, false, &mut out, &mut Vec::new());
    out
}

fn yaml_members(
    shape: Shape,
    indent: usize,
    first_inline: bool,
    out: &mut String,
    stack: &mut Vec<&'static str>,
) {
    for (i, member) in shape.members().iter().enumerate() {
        let pad = if first_inline && i == 0 {
            String::new()
        } else {
            " ".repeat(indent)
        };
        let comment = comment(shape, member);
        let recursive = stack.iter().filter(|s| **s == member.shape.name).count() > 1;
        match member.shape.kind() {
            _ if recursive => {
                let _ = writeln!(out, "{pad}{}: {{}}{comment}", member.name);
            }
            Kind::Structure | Kind::Union => {
                let _ = writeln!(out, "{pad}{}:{comment}", member.name);
                stack.push(member.shape.name);
                yaml_members(member.shape, indent + 2, false, out, stack);
                stack.pop();
            }
            Kind::List => {
                let _ = writeln!(out, "{pad}{}:{comment}", member.name);
                let item = member
                    .shape
                    .list_member()
                    .expect("a list shape names its member");
                match item.kind() {
                    Kind::Structure | Kind::Union => {
                        let _ = write!(out, "{}- ", " ".repeat(indent));
                        stack.push(item.name);
                        yaml_members(item, indent + 2, true, out, stack);
                        stack.pop();
                    }
                    _ => {
                        let values = valid_values(item);
                        let comment = if values.is_empty() {
                            values
                        } else {
                            format!(" # {values}")
                        };
                        let _ = writeln!(out, "{}- {}{comment}", " ".repeat(indent), scalar(item));
                    }
                }
            }
            Kind::String | Kind::Other => {
                let _ = writeln!(
                    out,
                    "{pad}{}: {}{comment}",
                    member.name,
                    scalar(member.shape)
                );
            }
        }
    }
}

fn scalar(shape: Shape) -> String {
    let value = shape.enum_values().first().copied().unwrap_or_default();
    serde_yaml::to_string(value)
        .map(|s| s.trim_end().to_string())
        .unwrap_or_else(|_| "''".into())
}

fn comment(parent: Shape, member: &Member) -> String {
    let mut parts = Vec::new();
    if parent.is_required(member) {
        parts.push("[REQUIRED]".to_string());
    }
    if let Some(doc) = member.documentation.or(member.shape.documentation()) {
        parts.push(first_sentence(doc));
    }
    if member.shape.kind() == Kind::String {
        parts.push(valid_values(member.shape));
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

fn valid_values(shape: Shape) -> String {
    let values = shape.enum_values();
    if values.is_empty() {
        String::new()
    } else {
        format!("Valid values are: {}.", values.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{input_shape, output_shape};

    #[test]
    fn output_skeleton_uses_member_names() {
        let v = generate(output_shape(), true);
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"Id":"Id","Arn":"Arn"}"#
        );
    }

    #[test]
    fn yaml_skeleton_parses_to_the_json_skeleton() {
        let yaml: Value = serde_yaml::from_str(&generate_yaml(input_shape())).unwrap();
        assert_eq!(yaml, generate(input_shape(), false));
    }
}
