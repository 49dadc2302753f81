//! Every model constraint of any operation's input, all violations in one pass, with paths
//! (docs/design.md, step 2).
//!
//! The walk follows the model, not the input: it descends only into known members of the right
//! type. Three shapes of the model are recursive (search filters), so the walk also stops at
//! [`MAX_DEPTH`] levels, reporting the value that goes deeper.
use crate::error::Error;
use crate::model::Operation;
use crate::model::shapes::{self, Shape, ShapeId, ShapeKind};
use crate::pattern::{Mismatch, Pattern};
use crate::timestamp::Timestamp;
use crate::types::{Violation, ViolationCode};
use serde_json::{Map, Value};
use std::fmt::Write as _;
use std::sync::LazyLock;

/// How deep a request may nest (members, elements and map values), far beyond what any real
/// request of the model needs.
pub const MAX_DEPTH: usize = 100;

/// The member name that marks a value a binding could not convert (bytes, NaN, a set, a
/// function): `{MARK: "a Python bytes object"}`. Validation reports it at its path.
const MARK: &str = "\u{1}partnercentral-selling:unconvertible";

/// A value a binding could not turn into JSON, described for the user (`"a Python set"`), to be
/// reported by validation at its path like any other violation.
pub fn unconvertible(description: impl Into<String>) -> Value {
    let mut map = Map::with_capacity(1);
    map.insert(MARK.to_owned(), Value::String(description.into()));
    Value::Object(map)
}

/// What [`unconvertible`] described, if `v` is such a value.
fn unconvertible_description(v: &Value) -> Option<&str> {
    match v {
        Value::Object(map) if map.len() == 1 => map.get(MARK).and_then(Value::as_str),
        _ => None,
    }
}

/// Compiled patterns, one slot per shape id, loaded from the DFAs `build.rs` embedded.
static PATTERNS: LazyLock<Vec<Option<Pattern>>> =
    LazyLock::new(|| (0..shapes::SHAPES.len()).map(Pattern::of_shape).collect());

/// The compiled pattern of a string shape.
pub fn pattern(shape: ShapeId) -> Option<&'static Pattern> {
    PATTERNS[shape].as_ref()
}

/// Validates `op`'s input given as a generic JSON tree (the AWS member names).
pub fn validate(op: &Operation, input: &Value) -> Vec<Violation> {
    validate_shape(op.input, input)
}

/// Validates a value against any shape of the model.
pub fn validate_shape(shape: ShapeId, input: &Value) -> Vec<Violation> {
    let mut walk = Walk {
        path: String::with_capacity(96),
        out: Vec::new(),
        depth: 0,
    };
    walk.value(shape, input);
    walk.out
}

/// Reads JSON bytes strictly (UTF-8, no duplicate keys, bounded nesting) and validates them as
/// `op`'s input.
pub fn validate_json_bytes(op: &Operation, bytes: &[u8]) -> Result<Vec<Violation>, Error> {
    let tree = crate::strict_json::parse(bytes)?;
    Ok(validate(op, &tree))
}

/// The paths of values a binding could not convert, for a client whose validation is off (they
/// must not be sent as if they were data).
pub(crate) fn unconvertible_values(input: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), input)];
    while let Some((path, v)) = stack.pop() {
        if let Some(what) = unconvertible_description(v) {
            out.push(Violation {
                path,
                code: ViolationCode::InvalidValue,
                message: unconvertible_message(what),
            });
            continue;
        }
        match v {
            Value::Object(map) => stack.extend(map.iter().map(|(k, v)| (join(&path, k), v))),
            Value::Array(items) => stack.extend(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (format!("{path}[{i}]"), v)),
            ),
            _ => {}
        }
    }
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn unconvertible_message(what: &str) -> String {
    format!("{what} cannot be sent: give a JSON value (string, number, boolean, list or mapping)")
}

struct Walk {
    path: String,
    out: Vec<Violation>,
    depth: usize,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn expected_type(kind: ShapeKind) -> &'static str {
    match kind {
        ShapeKind::Structure | ShapeKind::Union | ShapeKind::Map => "an object",
        ShapeKind::List => "a list",
        ShapeKind::String | ShapeKind::Enum => "a string",
        ShapeKind::Integer | ShapeKind::Long => "an integer",
        ShapeKind::Double => "a number",
        ShapeKind::Boolean => "a boolean",
        ShapeKind::Timestamp => "a timestamp (ISO 8601 text or epoch seconds)",
    }
}

impl Walk {
    fn report(&mut self, code: ViolationCode, message: String) {
        self.out.push(Violation {
            path: self.path.clone(),
            code,
            message,
        });
    }

    fn with_member(&mut self, name: &str, f: impl FnOnce(&mut Self)) {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        f(self);
        self.path.truncate(len);
    }

    fn with_index(&mut self, i: usize, f: impl FnOnce(&mut Self)) {
        let len = self.path.len();
        // Writing to a String cannot fail.
        let _ = write!(self.path, "[{i}]");
        f(self);
        self.path.truncate(len);
    }

    fn value(&mut self, id: ShapeId, v: &Value) {
        if let Some(what) = unconvertible_description(v) {
            return self.report(ViolationCode::InvalidValue, unconvertible_message(what));
        }
        if self.depth >= MAX_DEPTH {
            return self.report(
                ViolationCode::InvalidValue,
                format!("the request nests deeper than {MAX_DEPTH} levels here; flatten it"),
            );
        }
        self.depth += 1;
        let shape = shapes::get(id);
        match (shape.kind, v) {
            (ShapeKind::Structure, Value::Object(map)) => self.structure(shape, map),
            (ShapeKind::Union, Value::Object(map)) => self.union(shape, map),
            (ShapeKind::Map, Value::Object(map)) => self.map(shape, map),
            (ShapeKind::List, Value::Array(items)) => self.list(shape, items),
            (ShapeKind::String, Value::String(s)) => self.string(id, shape, s),
            (ShapeKind::Enum, Value::String(s)) => self.enumeration(shape, s),
            (ShapeKind::Integer | ShapeKind::Long | ShapeKind::Double, Value::Number(n)) => {
                self.number(shape, n)
            }
            (ShapeKind::Boolean, Value::Bool(_)) => {}
            (ShapeKind::Timestamp, Value::String(s)) => {
                if let Err(problem) = Timestamp::parse(s) {
                    self.report(
                        ViolationCode::InvalidValue,
                        format!(
                            "{} must be a timestamp (ISO 8601 such as 2024-05-01T12:00:00Z, or epoch seconds); the value {problem}",
                            shape.name
                        ),
                    );
                }
            }
            (ShapeKind::Timestamp, Value::Number(n)) => {
                if n.as_f64().and_then(Timestamp::from_epoch_seconds).is_none() {
                    self.report(
                        ViolationCode::InvalidValue,
                        format!("{} is out of the range of timestamps", shape.name),
                    );
                }
            }
            (kind, other) => self.report(
                ViolationCode::InvalidValue,
                format!(
                    "expected {} ({}), got {}",
                    expected_type(kind),
                    shape.name,
                    type_name(other)
                ),
            ),
        }
        self.depth -= 1;
    }

    fn structure(&mut self, shape: &Shape, map: &Map<String, Value>) {
        for m in shape.members {
            match map.get(m.name) {
                None | Some(Value::Null) => {
                    // The idempotency token is filled in by the client when absent.
                    if m.required && !m.idempotency_token {
                        self.with_member(m.name, |w| {
                            w.report(
                                ViolationCode::RequiredFieldMissing,
                                format!("required member {} of {} is missing", m.name, shape.name),
                            )
                        });
                    }
                }
                Some(v) => self.with_member(m.name, |w| w.value(m.target, v)),
            }
        }
        // Every unknown member is reported, whatever its value (botocore does the same).
        for key in map.keys() {
            if shape.member(key).is_none() {
                self.with_member(key, |w| {
                    w.report(ViolationCode::InvalidValue, unknown_member(shape, key))
                });
            }
        }
    }

    fn union(&mut self, shape: &Shape, map: &Map<String, Value>) {
        for key in map.keys() {
            if shape.member(key).is_none() {
                self.with_member(key, |w| {
                    w.report(ViolationCode::InvalidValue, unknown_member(shape, key))
                });
            }
        }
        let set: Vec<(&String, &Value)> = map
            .iter()
            .filter(|(k, v)| !v.is_null() && shape.member(k).is_some())
            .collect();
        let options = member_list(shape);
        match set.as_slice() {
            [(key, v)] => {
                let m = shape.member(key).expect("filtered to known members");
                self.with_member(m.name, |w| w.value(m.target, v));
            }
            [] => self.report(
                ViolationCode::InvalidValue,
                format!(
                    "{} must set exactly one of {options}; none is set",
                    shape.name
                ),
            ),
            many => {
                let named: Vec<&str> = many.iter().map(|(k, _)| k.as_str()).collect();
                self.report(
                    ViolationCode::InvalidValue,
                    format!(
                        "{} must set exactly one of {options}; {} are set: {}",
                        shape.name,
                        named.len(),
                        named.join(", ")
                    ),
                )
            }
        }
    }

    fn count_bounds(&mut self, shape: &Shape, len: u64, what: &str) {
        let bounds = match (shape.min, shape.max) {
            (Some(a), Some(b)) => format!("{a} to {b} {what}"),
            (Some(a), None) => format!("at least {a} {what}"),
            (None, Some(b)) => format!("at most {b} {what}"),
            (None, None) => return,
        };
        if shape.min.is_some_and(|m| (len as i128) < i128::from(m)) {
            self.report(
                ViolationCode::NotEnoughValues,
                format!("{} needs {bounds}, got {len}", shape.name),
            );
        }
        if shape.max.is_some_and(|m| (len as i128) > i128::from(m)) {
            self.report(
                ViolationCode::TooManyValues,
                format!("{} allows {bounds}, got {len}", shape.name),
            );
        }
    }

    fn list(&mut self, shape: &Shape, items: &[Value]) {
        self.count_bounds(shape, items.len() as u64, "items");
        let Some(element) = shape.list_member else {
            return;
        };
        // A null element is a wrong type like any other: the list is not sparse.
        for (i, item) in items.iter().enumerate() {
            self.with_index(i, |w| w.value(element, item));
        }
    }

    fn map(&mut self, shape: &Shape, map: &Map<String, Value>) {
        self.count_bounds(shape, map.len() as u64, "entries");
        let (Some(key_shape), Some(value_shape)) = (shape.map_key, shape.map_value) else {
            return;
        };
        for (key, v) in map {
            self.with_member(&shorten(key), |w| {
                let before = w.out.len();
                w.value(key_shape, &Value::String(key.clone()));
                for violation in &mut w.out[before..] {
                    violation.message = format!("the key: {}", violation.message);
                }
                w.value(value_shape, v);
            });
        }
    }

    fn number(&mut self, shape: &Shape, n: &serde_json::Number) {
        let integral = matches!(shape.kind, ShapeKind::Integer | ShapeKind::Long);
        let value = if integral {
            match n.as_i64() {
                Some(i) => i as f64,
                None => {
                    let f = n.as_f64().unwrap_or(f64::NAN);
                    if f.fract() != 0.0 || !f.is_finite() {
                        return self.report(
                            ViolationCode::InvalidValue,
                            format!("expected an integer ({}), got a fraction", shape.name),
                        );
                    }
                    f
                }
            }
        } else {
            n.as_f64().unwrap_or(f64::NAN)
        };
        let (lo, hi) = match shape.kind {
            ShapeKind::Integer => (i32::MIN as f64, i32::MAX as f64),
            ShapeKind::Long => (i64::MIN as f64, i64::MAX as f64),
            _ => (f64::MIN, f64::MAX),
        };
        let lo = shape.min.map_or(lo, |m| lo.max(m as f64));
        let hi = shape.max.map_or(hi, |m| hi.min(m as f64));
        if !(lo..=hi).contains(&value) {
            self.report(
                ViolationCode::ValueOutOfRange,
                format!("{} must be from {lo} to {hi}", shape.name),
            );
        }
    }

    fn string(&mut self, id: ShapeId, shape: &Shape, s: &str) {
        if shape.min.is_some() || shape.max.is_some() {
            let len = s.chars().count() as i64;
            if shape.min.is_some_and(|m| len < m) || shape.max.is_some_and(|m| len > m) {
                let bounds = match (shape.min, shape.max) {
                    (Some(a), Some(b)) => format!("{a} to {b}"),
                    (Some(a), None) => format!("at least {a}"),
                    (None, Some(b)) => format!("at most {b}"),
                    (None, None) => unreachable!(),
                };
                return self.report(
                    ViolationCode::InvalidStringFormat,
                    format!(
                        "{} must be {bounds} characters (Unicode code points); the value is {len} characters long",
                        shape.name
                    ),
                );
            }
        }
        let Some(p) = pattern(id) else { return };
        let problem = match p.check(s) {
            Ok(()) => return,
            Err(Mismatch::Length(n)) => format!("is {n} characters long"),
            Err(Mismatch::LineTerminator) => "contains a line break".to_owned(),
            Err(Mismatch::Format) => "does not match".to_owned(),
        };
        self.report(
            ViolationCode::InvalidStringFormat,
            format!(
                "{} must be {}; the value {problem}",
                shape.name,
                p.expectation()
            ),
        );
    }

    fn enumeration(&mut self, shape: &Shape, s: &str) {
        if shape.enum_values.contains(&s) {
            return;
        }
        self.report(ViolationCode::InvalidEnumValue, enum_message(shape, s));
    }
}

fn member_list(shape: &Shape) -> String {
    shape
        .members
        .iter()
        .map(|m| m.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The candidates closest to `given` by edit distance (case-insensitive first), best first.
fn closest<'a>(given: &str, candidates: &[&'a str], max: usize) -> Vec<&'a str> {
    // Edit distance is quadratic: a huge value cannot be a near miss of a short name anyway.
    if given.len() > MAX_SUGGEST_LEN {
        return Vec::new();
    }
    let lower = given.to_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .iter()
        .map(|c| (strsim::levenshtein(&lower, &c.to_lowercase()), *c))
        .collect();
    scored.sort_by_key(|(d, _)| *d);
    let limit = (given.chars().count() / 3).max(2);
    scored
        .into_iter()
        .filter(|(d, _)| *d <= limit)
        .take(max)
        .map(|(_, c)| c)
        .collect()
}

/// Longest value (in bytes) for which near misses are suggested.
const MAX_SUGGEST_LEN: usize = 128;

/// A member name for a message or a path, cut short: the input decides how long it is.
fn shorten(key: &str) -> String {
    match key.char_indices().nth(64) {
        Some((i, _)) => format!("{}…", &key[..i]),
        None => key.to_owned(),
    }
}

fn unknown_member(shape: &Shape, key: &str) -> String {
    let names: Vec<&str> = shape.members.iter().map(|m| m.name).collect();
    let mut msg = format!(
        "unknown member `{}` of {}; expected one of {}",
        shorten(key),
        shape.name,
        names.join(", ")
    );
    if let Some(best) = closest(key, &names, 1).first() {
        let _ = write!(msg, "; did you mean `{best}`?");
    }
    msg
}

fn enum_message(shape: &Shape, given: &str) -> String {
    let values = shape.enum_values;
    let mut msg = if values.len() <= 12 {
        format!(
            "{} must be one of: {}",
            shape.name,
            values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        format!(
            "{} must be one of its {} values (see the model's {} enum)",
            shape.name,
            values.len(),
            shape.name
        )
    };
    let near = closest(given, values, 3);
    if !near.is_empty() {
        let near: Vec<String> = near.iter().map(|v| format!("`{v}`")).collect();
        let _ = write!(msg, "; did you mean {}?", near.join(" or "));
    }
    msg
}
