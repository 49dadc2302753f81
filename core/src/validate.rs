//! Every model constraint, all violations in one pass, with paths (DESIGN.md, step 2).
//!
//! The walk follows the model, not the input: it descends only into known members of the right
//! type, so its depth is bounded by the model's (acyclic) depth whatever the input's nesting.
use crate::error::Error;
use crate::model::CreateEngagementInvitationInput;
use crate::model::shapes::{self, Shape, ShapeId, ShapeKind};
use crate::pattern::{Mismatch, Pattern};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt::Write as _;
use std::sync::LazyLock;

/// The service's own `ValidationExceptionErrorCode` values that client-side validation can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ViolationCode {
    RequiredFieldMissing,
    InvalidEnumValue,
    InvalidStringFormat,
    NotEnoughValues,
    TooManyValues,
    InvalidValue,
}

impl ViolationCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RequiredFieldMissing => "REQUIRED_FIELD_MISSING",
            Self::InvalidEnumValue => "INVALID_ENUM_VALUE",
            Self::InvalidStringFormat => "INVALID_STRING_FORMAT",
            Self::NotEnoughValues => "NOT_ENOUGH_VALUES",
            Self::TooManyValues => "TOO_MANY_VALUES",
            Self::InvalidValue => "INVALID_VALUE",
        }
    }
}

impl std::fmt::Display for ViolationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken constraint: where (`Invitation.Payload.OpportunityInvitation.SenderContacts[1].Email`),
/// which service code, and a message that names what was expected. Messages never quote the
/// value itself: many members are sensitive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub path: String,
    pub code: ViolationCode,
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path.is_empty() {
            "(request)"
        } else {
            &self.path
        };
        write!(f, "{path}: {} ({})", self.message, self.code)
    }
}

/// Compiled patterns, one slot per shape id, loaded from the DFAs `build.rs` embedded.
static PATTERNS: LazyLock<Vec<Option<Pattern>>> =
    LazyLock::new(|| (0..shapes::SHAPES.len()).map(Pattern::of_shape).collect());

/// The compiled pattern of a string shape.
pub fn pattern(shape: ShapeId) -> Option<&'static Pattern> {
    PATTERNS[shape].as_ref()
}

/// Validates a CreateEngagementInvitation request given as a generic JSON tree.
pub fn validate(input: &Value) -> Vec<Violation> {
    let mut walk = Walk {
        path: String::with_capacity(96),
        out: Vec::new(),
    };
    walk.value(shapes::INPUT, input);
    walk.out
}

/// Validates a typed request: the same checks as [`validate`] on its wire tree.
pub fn validate_input(input: &CreateEngagementInvitationInput) -> Vec<Violation> {
    match input_tree(input) {
        Ok(tree) => validate(&tree),
        Err(violations) => violations,
    }
}

/// A typed request's wire tree, which [`validate`] checks and the wire layer writes.
pub(crate) fn input_tree(input: &CreateEngagementInvitationInput) -> Result<Value, Vec<Violation>> {
    // Serializing plain structs of strings cannot fail; report rather than panic regardless.
    serde_json::to_value(input).map_err(|e| {
        vec![Violation {
            path: String::new(),
            code: ViolationCode::InvalidValue,
            message: format!("the request could not be converted to JSON: {e}"),
        }]
    })
}

/// Reads JSON bytes strictly (UTF-8, no duplicate keys, bounded nesting) and validates them.
pub fn validate_json_bytes(bytes: &[u8]) -> Result<Vec<Violation>, Error> {
    let tree = crate::strict_json::parse(bytes)?;
    Ok(validate(&tree))
}

struct Walk {
    path: String,
    out: Vec<Violation>,
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
        ShapeKind::Structure | ShapeKind::Union => "an object",
        ShapeKind::List => "a list",
        ShapeKind::String | ShapeKind::Enum => "a string",
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
        let shape = shapes::get(id);
        match (shape.kind, v) {
            (ShapeKind::Structure, Value::Object(map)) => self.structure(shape, map),
            (ShapeKind::Union, Value::Object(map)) => self.union(shape, map),
            (ShapeKind::List, Value::Array(items)) => self.list(shape, items),
            (ShapeKind::String, Value::String(s)) => self.string(id, shape, s),
            (ShapeKind::Enum, Value::String(s)) => self.enumeration(shape, s),
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
        for (key, v) in map {
            if v.is_null() || shape.member(key).is_some() {
                continue;
            }
            self.with_member(key, |w| {
                w.report(ViolationCode::InvalidValue, unknown_member(shape, key))
            });
        }
    }

    fn union(&mut self, shape: &Shape, map: &Map<String, Value>) {
        let mut set = map.iter().filter(|(_, v)| !v.is_null());
        let first = set.next();
        let second = set.next();
        let options = member_list(shape);
        match (first, second) {
            (Some((key, v)), None) => match shape.member(key) {
                Some(m) => self.with_member(m.name, |w| w.value(m.target, v)),
                None => self.report(
                    ViolationCode::InvalidValue,
                    format!(
                        "{} must set exactly one of {options}; {}",
                        shape.name,
                        unknown_member(shape, key)
                    ),
                ),
            },
            (None, _) => self.report(
                ViolationCode::InvalidValue,
                format!(
                    "{} must set exactly one of {options}; none is set",
                    shape.name
                ),
            ),
            (Some(_), Some(_)) => {
                let set: Vec<&String> = map
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, _)| k)
                    .collect();
                // The input decides how many members there are: name a few, count the rest.
                let mut named: Vec<String> =
                    set.iter().take(MAX_NAMED).map(|k| shorten(k)).collect();
                if set.len() > MAX_NAMED {
                    named.push(format!("and {} more", set.len() - MAX_NAMED));
                }
                self.report(
                    ViolationCode::InvalidValue,
                    format!(
                        "{} must set exactly one of {options}; {} are set: {}",
                        shape.name,
                        set.len(),
                        named.join(", ")
                    ),
                )
            }
        }
    }

    fn list(&mut self, shape: &Shape, items: &[Value]) {
        let len = items.len() as u64;
        let bounds = match (shape.min, shape.max) {
            (Some(a), Some(b)) => format!("{a} to {b} items"),
            (Some(a), None) => format!("at least {a} items"),
            (None, Some(b)) => format!("at most {b} items"),
            (None, None) => String::new(),
        };
        if shape.min.is_some_and(|m| len < m) {
            self.report(
                ViolationCode::NotEnoughValues,
                format!("{} needs {bounds}, got {len}", shape.name),
            );
        }
        if shape.max.is_some_and(|m| len > m) {
            self.report(
                ViolationCode::TooManyValues,
                format!("{} allows {bounds}, got {len}", shape.name),
            );
        }
        let Some(element) = shape.list_member else {
            return;
        };
        // A null element is a wrong type like any other: the list is not sparse.
        for (i, item) in items.iter().enumerate() {
            self.with_index(i, |w| w.value(element, item));
        }
    }

    fn string(&mut self, id: ShapeId, shape: &Shape, s: &str) {
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

/// A member name for a message, cut short: the name is in the path already.
/// How many of the input's own member names a message repeats.
const MAX_NAMED: usize = 5;

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
