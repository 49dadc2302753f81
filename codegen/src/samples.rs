//! Model-valid sample values for any shape: every member present (one member of a union, one
//! element per list, one entry per map), strings that match their shape's pattern and length
//! bounds, numbers inside their ranges. The parity tests send them through this library and
//! through the official SDKs and compare what comes out.
//!
//! A pattern's sample is built from the pattern itself (regex-syntax's parse of it): each class
//! gives one of its characters (a letter or digit when it has one), each repetition its minimum
//! count plus `extra`, each alternation its first branch; `extra` grows until the text also fits
//! the length bounds, and the result is checked against the whole pattern with `regex`.
use model_reader::{Kind, Model, Shape};
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{Map, Value, json};

/// How deep optional members are followed (the model's search filters are recursive).
const MAX_DEPTH: usize = 6;

/// `tests/python/parity_cases.json`: per operation, an input and an output.
pub fn parity_cases(model: &Model) -> String {
    let mut cases = Map::new();
    for op in &model.operations {
        let input = sample(model, model.shape(&op.input), 0, &mut Vec::new());
        let mut timestamps = Vec::new();
        timestamp_paths(
            model,
            model.shape(&op.input),
            &input,
            String::new(),
            &mut timestamps,
        );
        let output = match &op.output {
            Some(o) => sample(model, model.shape(o), 0, &mut Vec::new()),
            None => json!({}),
        };
        let errors: Vec<Value> = op
            .errors
            .iter()
            .map(|code| {
                let mut body = sample(model, model.shape(code), 0, &mut Vec::new());
                if let Some(map) = body.as_object_mut() {
                    map.insert("__type".into(), Value::String(code.clone()));
                    map.entry("message")
                        .or_insert_with(|| Value::String(format!("a sample {code}")));
                }
                json!({ "code": code, "body": body })
            })
            .collect();
        cases.insert(
            op.name.clone(),
            json!({
                "input": input,
                "input_timestamps": timestamps,
                "output": output,
                "errors": errors,
            }),
        );
    }
    let mut text = serde_json::to_string_pretty(&json!({
        "generated_by": "codegen/src/python.rs (samples.rs) from core/model/; do not edit",
        "cases": cases,
    }))
    .expect("samples serialize");
    text.push('\n');
    text
}

/// JSON pointers of the timestamp members in `value` (so a test can put `datetime`s there).
fn timestamp_paths(model: &Model, shape: &Shape, value: &Value, at: String, out: &mut Vec<String>) {
    match (shape.kind, value) {
        (Kind::Timestamp, _) => out.push(at),
        (Kind::Structure | Kind::Union, Value::Object(map)) => {
            for m in &shape.members {
                if let Some(v) = map.get(&m.name) {
                    timestamp_paths(
                        model,
                        model.shape(&m.target),
                        v,
                        format!("{at}/{}", m.name),
                        out,
                    );
                }
            }
        }
        (Kind::List, Value::Array(items)) => {
            let element = model.shape(shape.list_member.as_deref().unwrap_or(""));
            for (i, v) in items.iter().enumerate() {
                timestamp_paths(model, element, v, format!("{at}/{i}"), out);
            }
        }
        (Kind::Map, Value::Object(map)) => {
            let element = model.shape(shape.map_value.as_deref().unwrap_or(""));
            for (k, v) in map {
                timestamp_paths(model, element, v, format!("{at}/{k}"), out);
            }
        }
        _ => {}
    }
}

fn sample(model: &Model, shape: &Shape, depth: usize, stack: &mut Vec<String>) -> Value {
    match shape.kind {
        Kind::Structure | Kind::Union => {
            let mut map = Map::new();
            stack.push(shape.name.clone());
            for m in &shape.members {
                let target = model.shape(&m.target);
                let recursive = stack.contains(&target.name);
                if shape.kind == Kind::Union {
                    // Exactly one member, whatever the depth: the first that does not recurse.
                    if !map.is_empty() {
                        break;
                    }
                    if recursive {
                        continue;
                    }
                } else if !m.required && (depth >= MAX_DEPTH || recursive) {
                    continue;
                }
                map.insert(m.name.clone(), sample(model, target, depth + 1, stack));
            }
            stack.pop();
            Value::Object(map)
        }
        Kind::List => {
            let element = model.shape(shape.list_member.as_deref().unwrap_or(""));
            let n = shape.min.unwrap_or(1).max(1) as usize;
            Value::Array(
                (0..n)
                    .map(|_| sample(model, element, depth + 1, stack))
                    .collect(),
            )
        }
        Kind::Map => {
            let key = model.shape(shape.map_key.as_deref().unwrap_or(""));
            let value = model.shape(shape.map_value.as_deref().unwrap_or(""));
            let mut map = Map::new();
            let k = match sample(model, key, depth + 1, stack) {
                Value::String(s) => s,
                _ => "key".into(),
            };
            map.insert(k, sample(model, value, depth + 1, stack));
            Value::Object(map)
        }
        Kind::Enum => Value::String(shape.enum_values.first().cloned().unwrap_or_default()),
        Kind::String => Value::String(string(shape)),
        Kind::Integer | Kind::Long => {
            let v = shape.min.unwrap_or(1).max(1);
            json!(shape.max.map_or(v, |max| v.min(max)))
        }
        Kind::Double => {
            let v = shape.min.map_or(1.5, |m| m as f64 + 0.5);
            json!(shape.max.map_or(v, |max| v.min(max as f64)))
        }
        Kind::Boolean => Value::Bool(true),
        Kind::Timestamp => Value::String("2024-05-01T12:30:45.250000Z".into()),
    }
}

/// A string of `shape`: its pattern's sample, fitted to its length bounds.
fn string(shape: &Shape) -> String {
    let min = shape.min.unwrap_or(0).max(0) as usize;
    let max = shape.max.map_or(usize::MAX, |m| m.max(0) as usize);
    let Some(pattern) = &shape.pattern else {
        let mut s = format!("sample {}", shape.name);
        while s.chars().count() < min {
            s.push('x');
        }
        return s.chars().take(max.max(min)).collect();
    };
    // A leading look-ahead only bounds the length: read the bounds, match the rest.
    let (body, look_min, look_max) = strip_lookahead(pattern);
    let min = min.max(look_min);
    let max = max.min(look_max);
    let source = ecma_escapes(&body);
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&source)
        .unwrap_or_else(|e| panic!("pattern {pattern:?} of {}: {e}", shape.name));
    let check = regex::Regex::new(&format!("^(?:{source})$")).expect("the pattern compiles");
    for extra in 0..64 {
        let s = witness(&hir, extra);
        let n = s.chars().count();
        if n >= min && n <= max && check.is_match(&s) {
            return s;
        }
    }
    panic!(
        "no sample for the pattern {pattern:?} of {} within {min}..{max} characters",
        shape.name
    );
}

fn strip_lookahead(pattern: &str) -> (String, usize, usize) {
    if let Some(rest) = pattern.strip_prefix("(?=.{")
        && let Some(end) = rest.find("}$)")
    {
        let bounds = &rest[..end];
        let (a, b) = bounds.split_once(',').unwrap_or((bounds, bounds));
        let min = a.parse().unwrap_or(0);
        let max = b.parse().unwrap_or(usize::MAX);
        return (rest[end + 3..].to_owned(), min, max);
    }
    (pattern.to_owned(), 0, usize::MAX)
}

fn witness(hir: &Hir, extra: u32) -> String {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => String::new(),
        HirKind::Literal(lit) => String::from_utf8_lossy(&lit.0).into_owned(),
        HirKind::Class(class) => class_char(class).to_string(),
        HirKind::Repetition(rep) => {
            let n = rep
                .min
                .saturating_add(extra)
                .min(rep.max.unwrap_or(u32::MAX));
            (0..n).map(|_| witness(&rep.sub, extra)).collect()
        }
        HirKind::Capture(cap) => witness(&cap.sub, extra),
        HirKind::Concat(parts) => parts.iter().map(|p| witness(p, extra)).collect(),
        HirKind::Alternation(branches) => witness(&branches[0], extra),
    }
}

/// A letter or digit of the class when it has one, else its first printable character.
fn class_char(class: &Class) -> char {
    let ranges: Vec<(char, char)> = match class {
        Class::Unicode(u) => u.ranges().iter().map(|r| (r.start(), r.end())).collect(),
        Class::Bytes(b) => b
            .ranges()
            .iter()
            .map(|r| (char::from(r.start()), char::from(r.end())))
            .collect(),
    };
    for preferred in ['a', 'b', '1', 'A'] {
        if ranges
            .iter()
            .any(|(a, b)| *a <= preferred && preferred <= *b)
        {
            return preferred;
        }
    }
    ranges
        .iter()
        .find_map(|(a, b)| {
            (u32::from(*a)..=u32::from(*b))
                .filter_map(char::from_u32)
                .find(|c| !c.is_control() && !c.is_whitespace())
        })
        .unwrap_or(' ')
}

/// ECMA-262's `\\uXXXX` as regex-syntax's `\\x{XXXX}`.
fn ecma_escapes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('u') => {
                    let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                    out.push_str(&format!("\\x{{{hex}}}"));
                }
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}
