//! `--query`. The jmespath crate keeps objects in sorted maps, while the AWS CLI's Python
//! JMESPath keeps insertion order: a multiselect hash (`{b: Id, a: Arn}`) lists its keys as
//! written, and the response itself lists members in the model's order. This restores that order
//! by walking the expression alongside its result.
use jmespath::ast::Ast;
use serde_json::{Map, Value};

pub fn search(expr: &jmespath::Expression<'static>, response: &Value) -> Result<Value, String> {
    let result = expr.search(response).map_err(|e| e.to_string())?;
    let value = serde_json::to_value(&*result).map_err(|e| e.to_string())?;
    Ok(reorder(expr.as_ast(), value, response))
}

fn reorder(ast: &Ast, value: Value, input: &Value) -> Value {
    match (ast, value) {
        (Ast::MultiHash { elements, .. }, Value::Object(mut map)) => {
            let mut ordered = Map::new();
            for kv in elements {
                if let Some(v) = map.remove(&kv.key) {
                    ordered.insert(kv.key.clone(), reorder(&kv.value, v, input));
                }
            }
            ordered.extend(map);
            Value::Object(ordered)
        }
        (Ast::MultiList { elements, .. }, Value::Array(items)) => Value::Array(
            items
                .into_iter()
                .zip(elements)
                .map(|(v, a)| reorder(a, v, input))
                .collect(),
        ),
        (Ast::Subexpr { lhs, rhs, .. }, value) => {
            let inner = field_input(lhs, input);
            reorder(rhs, value, &inner)
        }
        (Ast::Projection { rhs, .. }, Value::Array(items)) => Value::Array(
            items
                .into_iter()
                .map(|v| reorder(rhs, v, &Value::Null))
                .collect(),
        ),
        (Ast::Identity { .. }, Value::Object(map)) => like(input, map),
        (Ast::Field { name, .. }, Value::Object(map)) => like(&input[name.as_str()], map),
        (_, value) => value,
    }
}

/// The part of the input a field path selects, so objects taken whole keep their own order.
fn field_input(ast: &Ast, input: &Value) -> Value {
    match ast {
        Ast::Field { name, .. } => input.get(name).cloned().unwrap_or(Value::Null),
        Ast::Subexpr { lhs, rhs, .. } => field_input(rhs, &field_input(lhs, input)),
        Ast::Identity { .. } => input.clone(),
        _ => Value::Null,
    }
}

/// `map` in the key order of `original` when it is the same object.
fn like(original: &Value, map: Map<String, Value>) -> Value {
    match original {
        Value::Object(o) if o.len() == map.len() && o.keys().all(|k| map.contains_key(k)) => {
            Value::Object(o.clone())
        }
        _ => Value::Object(map),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(q: &str, input: &Value) -> String {
        serde_json::to_string(&search(&jmespath::compile(q).unwrap(), input).unwrap()).unwrap()
    }

    #[test]
    fn keys_keep_the_order_they_are_written_or_received_in() {
        let response = json!({"Id": "i", "Arn": "a"});
        assert_eq!(run("{b: Id, a: Arn}", &response), r#"{"b":"i","a":"a"}"#);
        assert_eq!(run("@", &response), r#"{"Id":"i","Arn":"a"}"#);
        assert_eq!(
            run("[{z: Id, y: Arn}]", &response),
            r#"[{"z":"i","y":"a"}]"#
        );
        let nested = json!({"L": [{"Id": 1, "Arn": 2}, {"Id": 3, "Arn": 4}]});
        assert_eq!(
            run("L[].{q: Arn, p: Id}", &nested),
            r#"[{"q":2,"p":1},{"q":4,"p":3}]"#
        );
    }
}
