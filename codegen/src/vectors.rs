//! The shared validation vectors (`tests/vectors/*.json`) that Rust, Python and Node all run,
//! for every operation of the model: valid inputs (a minimal one, and maximal ones covering
//! every member and every union member) with the body they must produce, and for every
//! constraint of every input, an input that breaks exactly that constraint with the violations
//! it must give. Expectations come from the model's constraints here, never from the validator
//! under test. Valid strings for a pattern are found by walking the pattern's DFA.
//!
//! Also `tests/vectors/outputs.json`: a model-valid maximal output per operation, for decoding
//! and parity tests.

#[path = "../../core/src/pattern/ecma.rs"]
mod ecma;

use crate::Output;
use model_reader::{Kind, Model, Shape};
use regex_automata::dfa::{Automaton, dense};
use regex_automata::util::start;
use regex_automata::{Anchored, Input};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::PathBuf;

/// A token value for idempotency members (the pattern they carry, if any, accepts it too).
const TIMESTAMP: &str = "2026-01-02T03:04:05Z";
const UNKNOWN_MEMBER: &str = "UnknownMember";
/// Lists with a larger `max` are not filled past it (the case would weigh megabytes); the
/// same check runs on every list, whatever its bound.
const MAX_LIST_CASE: i64 = 100;

pub fn generate(model: &Model) -> Vec<Output> {
    let mut g = Gen {
        model,
        strings: HashMap::new(),
        files: BTreeMap::new(),
    };
    let mut outputs = Map::new();
    for op in &model.operations {
        g.operation(&op.name, &op.input);
        if let Some(out) = &op.output {
            outputs.insert(op.name.clone(), g.maximal(out, 0, &mut Vec::new()));
        }
    }
    let mut files: Vec<Output> = g
        .files
        .into_iter()
        .map(|(name, cases)| Output {
            path: PathBuf::from(format!("tests/vectors/{name}.json")),
            text: pretty(&json!({ "cases": cases })),
        })
        .collect();
    files.push(Output {
        path: PathBuf::from("tests/vectors/outputs.json"),
        text: pretty(&json!({ "outputs": outputs })),
    });
    files
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("JSON values serialize");
    s.push('\n');
    s
}

struct Gen<'a> {
    model: &'a Model,
    /// Per string shape: a valid value and, when there is one, an invalid one of valid length.
    strings: HashMap<String, (String, Option<String>)>,
    files: BTreeMap<&'static str, Vec<Value>>,
}

/// One step of a path into a request.
#[derive(Clone, Debug)]
enum Step {
    Member(String),
    Index,
}

fn render(steps: &[Step]) -> String {
    let mut s = String::new();
    for step in steps {
        match step {
            Step::Member(m) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(m);
            }
            Step::Index => s.push_str("[0]"),
        }
    }
    s
}

fn join(path: &str, member: &str) -> String {
    if path.is_empty() {
        member.to_owned()
    } else {
        format!("{path}.{member}")
    }
}

fn violation(path: &str, code: &str) -> Value {
    json!({ "path": path, "code": code })
}

impl<'a> Gen<'a> {
    fn shape(&self, name: &str) -> &'a Shape {
        self.model.shape(name)
    }

    fn case(
        &mut self,
        file: &'static str,
        op: &str,
        name: String,
        input: Value,
        violations: Vec<Value>,
    ) {
        let body = violations
            .is_empty()
            .then(|| serde_json::to_string(&input).unwrap());
        self.case_with_body(file, op, name, input, violations, body);
    }

    /// A case whose body is not the input as it is (timestamps given in another form).
    fn case_with_body(
        &mut self,
        file: &'static str,
        op: &str,
        name: String,
        input: Value,
        violations: Vec<Value>,
        body: Option<String>,
    ) {
        let mut case = Map::new();
        case.insert("name".into(), Value::String(format!("{op}: {name}")));
        case.insert("operation".into(), Value::String(op.to_owned()));
        if let Some(body) = body {
            case.insert("body".into(), Value::String(body));
        }
        case.insert("input".into(), input);
        case.insert("violations".into(), Value::Array(violations));
        self.files
            .entry(file)
            .or_default()
            .push(Value::Object(case));
    }

    fn operation(&mut self, op: &str, input: &str) {
        let minimal = self.minimal(input, &[], &mut Vec::new());
        self.case("valid", op, "minimal input".into(), minimal, vec![]);
        let variants = self.union_width(input, &mut Vec::new()).max(1);
        for k in 0..variants {
            let maximal = self.maximal(input, k, &mut Vec::new());
            self.case(
                "valid",
                op,
                format!("maximal input, union member {}", k + 1),
                maximal,
                vec![],
            );
        }
        let mut locations = Vec::new();
        self.locations(input, &mut Vec::new(), &mut Vec::new(), &mut locations);
        for (steps, shape) in locations {
            self.breakers(op, input, &steps, &shape);
        }
    }

    /// The widest union under `shape` (how many maximal variants cover every union member).
    fn union_width(&self, shape: &str, stack: &mut Vec<String>) -> usize {
        if stack.iter().any(|s| s == shape) {
            return 0;
        }
        stack.push(shape.to_owned());
        let s = self.shape(shape);
        let own = if s.kind == Kind::Union {
            s.members.len()
        } else {
            0
        };
        let children = s
            .members
            .iter()
            .map(|m| m.target.clone())
            .chain(s.list_member.clone())
            .chain(s.map_value.clone())
            .map(|t| self.union_width(&t, stack))
            .max()
            .unwrap_or(0);
        stack.pop();
        own.max(children)
    }

    /// Every place a shape occurs under the input, with its path (recursive shapes once).
    fn locations(
        &mut self,
        shape: &str,
        steps: &mut Vec<Step>,
        stack: &mut Vec<String>,
        out: &mut Vec<(Vec<Step>, String)>,
    ) {
        out.push((steps.clone(), shape.to_owned()));
        if stack.iter().any(|s| s == shape) {
            return;
        }
        stack.push(shape.to_owned());
        let s = self.shape(shape);
        match s.kind {
            Kind::Structure | Kind::Union => {
                for m in &s.members {
                    if stack.contains(&m.target) {
                        continue;
                    }
                    steps.push(Step::Member(m.name.clone()));
                    self.locations(&m.target, steps, stack, out);
                    steps.pop();
                }
            }
            Kind::List => {
                let element = s.list_member.clone().unwrap();
                steps.push(Step::Index);
                self.locations(&element, steps, stack, out);
                steps.pop();
            }
            Kind::Map => {
                let key = self.string_value(s.map_key.as_deref().unwrap()).0;
                steps.push(Step::Member(key));
                self.locations(s.map_value.as_deref().unwrap(), steps, stack, out);
                steps.pop();
            }
            _ => {}
        }
        stack.pop();
    }

    /// The smallest valid value of `shape`; `want` names the union members to take on the way
    /// to a location (the first member otherwise).
    fn minimal(&mut self, shape: &str, want: &[Step], stack: &mut Vec<String>) -> Value {
        let s = self.shape(shape);
        stack.push(shape.to_owned());
        let v = match s.kind {
            Kind::Structure => {
                let mut map = Map::new();
                for m in &s.members {
                    if m.required && !m.idempotency_token {
                        let v = self.minimal(&m.target, &[], stack);
                        map.insert(m.name.clone(), v);
                    }
                }
                Value::Object(map)
            }
            Kind::Union => {
                let chosen = match want.first() {
                    Some(Step::Member(name)) => s.member(name).unwrap_or(&s.members[0]),
                    _ => s
                        .members
                        .iter()
                        .find(|m| !stack.contains(&m.target))
                        .unwrap_or(&s.members[0]),
                };
                let v = self.minimal(&chosen.target.clone(), &[], stack);
                let mut map = Map::new();
                map.insert(chosen.name.clone(), v);
                Value::Object(map)
            }
            Kind::List => {
                let n = s.min.unwrap_or(0).max(0) as usize;
                let element = s.list_member.clone().unwrap();
                Value::Array((0..n).map(|_| self.minimal(&element, &[], stack)).collect())
            }
            Kind::Map => {
                let n = s.min.unwrap_or(0).max(0) as usize;
                self.map_value(s, n, stack)
            }
            _ => self.scalar(s),
        };
        stack.pop();
        v
    }

    fn map_value(&mut self, s: &Shape, n: usize, stack: &mut Vec<String>) -> Value {
        let value_shape = s.map_value.clone().unwrap();
        let base = self.string_value(s.map_key.as_deref().unwrap()).0;
        let mut map = Map::new();
        for i in 0..n {
            let key = if i == 0 {
                base.clone()
            } else {
                format!("{base}{i}")
            };
            let v = self.minimal(&value_shape, &[], stack);
            map.insert(key, v);
        }
        Value::Object(map)
    }

    /// A valid value with every member set (recursive shapes not re-entered), union member `k`
    /// (or the last one) everywhere.
    fn maximal(&mut self, shape: &str, k: usize, stack: &mut Vec<String>) -> Value {
        let s = self.shape(shape);
        stack.push(shape.to_owned());
        let v = match s.kind {
            Kind::Structure => {
                let mut map = Map::new();
                for m in &s.members {
                    if stack.contains(&m.target) {
                        continue;
                    }
                    let v = self.maximal(&m.target.clone(), k, stack);
                    map.insert(m.name.clone(), v);
                }
                Value::Object(map)
            }
            Kind::Union => {
                let usable: Vec<_> = s
                    .members
                    .iter()
                    .filter(|m| !stack.contains(&m.target))
                    .collect();
                let chosen = usable[k.min(usable.len() - 1)];
                let v = self.maximal(&chosen.target.clone(), k, stack);
                let mut map = Map::new();
                map.insert(chosen.name.clone(), v);
                Value::Object(map)
            }
            Kind::List => {
                let n = s.min.unwrap_or(1).max(1).min(s.max.unwrap_or(1)) as usize;
                let element = s.list_member.clone().unwrap();
                Value::Array((0..n).map(|_| self.maximal(&element, k, stack)).collect())
            }
            Kind::Map => {
                let n = s.min.unwrap_or(1).max(1).min(s.max.unwrap_or(1)) as usize;
                let value_shape = s.map_value.clone().unwrap();
                let base = self.string_value(s.map_key.as_deref().unwrap()).0;
                let mut map = Map::new();
                for i in 0..n {
                    let key = if i == 0 {
                        base.clone()
                    } else {
                        format!("{base}{i}")
                    };
                    map.insert(key, self.maximal(&value_shape, k, stack));
                }
                Value::Object(map)
            }
            _ => self.scalar(s),
        };
        stack.pop();
        v
    }

    fn scalar(&mut self, s: &Shape) -> Value {
        match s.kind {
            Kind::String => Value::String(self.string_value(&s.name).0),
            Kind::Enum => Value::String(s.enum_values[0].clone()),
            Kind::Integer | Kind::Long => json!(
                s.min
                    .unwrap_or(1)
                    .max(s.min.unwrap_or(i64::MIN))
                    .min(s.max.unwrap_or(i64::MAX))
            ),
            Kind::Double => json!(s.min.map_or(1.5, |m| m as f64)),
            Kind::Boolean => Value::Bool(true),
            Kind::Timestamp => Value::String(TIMESTAMP.into()),
            _ => unreachable!("not a scalar"),
        }
    }

    /// A valid value of a string shape, and an invalid one of valid length when the pattern
    /// refuses something.
    fn string_value(&mut self, name: &str) -> (String, Option<String>) {
        if let Some(v) = self.strings.get(name) {
            return v.clone();
        }
        let s = self.shape(name);
        let (lo, hi, pattern) = bounds(s);
        let valid = match &pattern {
            None => "a".repeat(lo.max(1).min(hi.unwrap_or(usize::MAX))),
            Some(p) => shortest_match(p, lo, hi, s.pattern.as_deref().unwrap()),
        };
        let invalid = pattern.as_ref().and_then(|p| {
            ["!", "~", "a b", "#", "a\u{7}", "\u{7}"]
                .iter()
                .map(|c| pad(c, lo, hi))
                .find(|c| !p.matches(c))
        });
        let v = (valid, invalid);
        self.strings.insert(name.to_owned(), v.clone());
        v
    }

    /// The minimal input with the way down to `steps` filled in.
    fn base_to(&mut self, input: &str, steps: &[Step]) -> Value {
        let mut root = self.minimal(input, steps, &mut Vec::new());
        let mut shape = input.to_owned();
        let mut node = &mut root;
        for (i, step) in steps.iter().enumerate() {
            let s = self.shape(&shape);
            let rest = &steps[i + 1..];
            match step {
                Step::Member(name) => {
                    let target = match s.kind {
                        Kind::Map => s.map_value.clone().unwrap(),
                        _ => s.member(name).expect("a path of the model").target.clone(),
                    };
                    if s.kind == Kind::Union {
                        // Take exactly this member.
                        let v = self.minimal(&target, rest, &mut Vec::new());
                        let mut map = Map::new();
                        map.insert(name.clone(), v);
                        *node = Value::Object(map);
                    } else if node.get(name).is_none() {
                        let v = self.minimal(&target, rest, &mut Vec::new());
                        node.as_object_mut().unwrap().insert(name.clone(), v);
                    }
                    node = node.get_mut(name).unwrap();
                    shape = target;
                }
                Step::Index => {
                    let element = s.list_member.clone().unwrap();
                    let items = node.as_array_mut().unwrap();
                    if items.is_empty() {
                        let v = self.minimal(&element, rest, &mut Vec::new());
                        items.push(v);
                    }
                    node = &mut node.as_array_mut().unwrap()[0];
                    shape = element;
                }
            }
        }
        root
    }

    /// Every way to break the shape at `steps`, each breaking exactly one constraint.
    fn breakers(&mut self, op: &str, input: &str, steps: &[Step], shape_name: &str) {
        let s = self.shape(shape_name);
        let path = render(steps);
        let base = self.base_to(input, steps);
        let edit = |v: Value| -> Value {
            let mut doc = base.clone();
            *locate(&mut doc, steps) = v;
            doc
        };
        let current = locate(&mut base.clone(), steps).clone();
        let shown = if path.is_empty() {
            "(request)".to_owned()
        } else {
            path.clone()
        };

        // A value of the wrong type.
        let wrong = match s.kind {
            Kind::String | Kind::Enum => json!(42),
            Kind::Boolean => json!("true"),
            Kind::Integer | Kind::Long | Kind::Double => json!("1"),
            Kind::Timestamp => json!(true),
            Kind::List => json!({}),
            Kind::Structure | Kind::Union | Kind::Map => json!([]),
        };
        if !path.is_empty() {
            self.case(
                "types",
                op,
                format!("{shown} has the wrong type"),
                edit(wrong),
                vec![violation(&path, "INVALID_VALUE")],
            );
        }

        match s.kind {
            Kind::Structure => {
                for m in &s.members {
                    if m.required && !m.idempotency_token {
                        let mut doc = base.clone();
                        locate(&mut doc, steps)
                            .as_object_mut()
                            .unwrap()
                            .remove(&m.name);
                        self.case(
                            "required",
                            op,
                            format!("{} is missing", join(&path, &m.name)),
                            doc.clone(),
                            vec![violation(&join(&path, &m.name), "REQUIRED_FIELD_MISSING")],
                        );
                        locate(&mut doc, steps)
                            .as_object_mut()
                            .unwrap()
                            .insert(m.name.clone(), Value::Null);
                        self.case(
                            "required",
                            op,
                            format!("{} is null", join(&path, &m.name)),
                            doc,
                            vec![violation(&join(&path, &m.name), "REQUIRED_FIELD_MISSING")],
                        );
                    }
                }
                for value in [json!("x"), Value::Null] {
                    let mut doc = base.clone();
                    locate(&mut doc, steps)
                        .as_object_mut()
                        .unwrap()
                        .insert(UNKNOWN_MEMBER.into(), value.clone());
                    self.case(
                        "unknown",
                        op,
                        format!("{shown} has an unknown member set to {value}"),
                        doc,
                        vec![violation(&join(&path, UNKNOWN_MEMBER), "INVALID_VALUE")],
                    );
                }
            }
            Kind::Union => {
                self.case(
                    "unions",
                    op,
                    format!("{shown} sets no member"),
                    edit(json!({})),
                    vec![violation(&path, "INVALID_VALUE")],
                );
                let mut unknown = current.clone();
                unknown.as_object_mut().unwrap().clear();
                unknown
                    .as_object_mut()
                    .unwrap()
                    .insert(UNKNOWN_MEMBER.into(), json!({}));
                self.case(
                    "unions",
                    op,
                    format!("{shown} sets only an unknown member"),
                    edit(unknown),
                    vec![
                        violation(&join(&path, UNKNOWN_MEMBER), "INVALID_VALUE"),
                        violation(&path, "INVALID_VALUE"),
                    ],
                );
                if s.members.len() >= 2 {
                    let mut two = Map::new();
                    for m in s.members.iter().take(2) {
                        let v = self.minimal(&m.target.clone(), &[], &mut Vec::new());
                        two.insert(m.name.clone(), v);
                    }
                    self.case(
                        "unions",
                        op,
                        format!("{shown} sets two members"),
                        edit(Value::Object(two)),
                        vec![violation(&path, "INVALID_VALUE")],
                    );
                }
            }
            Kind::List => {
                let element = s.list_member.clone().unwrap();
                let one = self.minimal(&element, &[], &mut Vec::new());
                if let Some(min) = s.min.filter(|m| *m > 0) {
                    let items = vec![one.clone(); (min - 1) as usize];
                    self.case(
                        "lists",
                        op,
                        format!("{shown} has {} items, fewer than {min}", min - 1),
                        edit(Value::Array(items)),
                        vec![violation(&path, "NOT_ENOUGH_VALUES")],
                    );
                }
                if let Some(max) = s.max.filter(|m| *m <= MAX_LIST_CASE) {
                    let items = vec![one; (max + 1) as usize];
                    self.case(
                        "lists",
                        op,
                        format!("{shown} has {} items, more than {max}", max + 1),
                        edit(Value::Array(items)),
                        vec![violation(&path, "TOO_MANY_VALUES")],
                    );
                }
            }
            Kind::Map => {
                if let Some(min) = s.min.filter(|m| *m > 0) {
                    let v = self.map_value(s, (min - 1) as usize, &mut Vec::new());
                    self.case(
                        "maps",
                        op,
                        format!("{shown} has {} entries, fewer than {min}", min - 1),
                        edit(v),
                        vec![violation(&path, "NOT_ENOUGH_VALUES")],
                    );
                }
                if let Some(max) = s.max.filter(|m| *m <= MAX_LIST_CASE) {
                    let v = self.map_value(s, (max + 1) as usize, &mut Vec::new());
                    self.case(
                        "maps",
                        op,
                        format!("{shown} has {} entries, more than {max}", max + 1),
                        edit(v),
                        vec![violation(&path, "TOO_MANY_VALUES")],
                    );
                }
                let key_shape = s.map_key.clone().unwrap();
                if let (_, Some(bad_key)) = self.string_value(&key_shape) {
                    let mut map = Map::new();
                    let v = self.minimal(&s.map_value.clone().unwrap(), &[], &mut Vec::new());
                    map.insert(bad_key.clone(), v);
                    self.case(
                        "maps",
                        op,
                        format!("{shown} has a key its pattern refuses"),
                        edit(Value::Object(map)),
                        vec![violation(&join(&path, &bad_key), "INVALID_STRING_FORMAT")],
                    );
                }
            }
            Kind::String => {
                let (lo, hi, _) = bounds(s);
                let (_, invalid) = self.string_value(shape_name);
                if let Some(bad) = invalid {
                    self.case(
                        "patterns",
                        op,
                        format!("{shown} does not match its pattern"),
                        edit(Value::String(bad)),
                        vec![violation(&path, "INVALID_STRING_FORMAT")],
                    );
                }
                if lo > 0 {
                    self.case(
                        "lengths",
                        op,
                        format!("{shown} is shorter than {lo}"),
                        edit(Value::String("a".repeat(lo - 1))),
                        vec![violation(&path, "INVALID_STRING_FORMAT")],
                    );
                }
                if let Some(hi) = hi {
                    // Code points, not bytes: a multi-byte character counts once.
                    let long: String = std::iter::once('é')
                        .chain(std::iter::repeat_n('a', hi))
                        .collect();
                    self.case(
                        "lengths",
                        op,
                        format!("{shown} is longer than {hi}"),
                        edit(Value::String(long)),
                        vec![violation(&path, "INVALID_STRING_FORMAT")],
                    );
                }
            }
            Kind::Enum => {
                self.case(
                    "enums",
                    op,
                    format!("{shown} is not one of its values"),
                    edit(json!("NOT_A_VALUE")),
                    vec![violation(&path, "INVALID_ENUM_VALUE")],
                );
                let lower = s.enum_values[0].to_lowercase();
                if !s.enum_values.contains(&lower) {
                    self.case(
                        "enums",
                        op,
                        format!("{shown} differs from a value only in case"),
                        edit(Value::String(lower)),
                        vec![violation(&path, "INVALID_ENUM_VALUE")],
                    );
                }
            }
            Kind::Integer | Kind::Long | Kind::Double => {
                if let Some(min) = s.min {
                    self.case(
                        "ranges",
                        op,
                        format!("{shown} is below {min}"),
                        edit(json!(min - 1)),
                        vec![violation(&path, "VALUE_OUT_OF_RANGE")],
                    );
                }
                if let Some(max) = s.max {
                    self.case(
                        "ranges",
                        op,
                        format!("{shown} is above {max}"),
                        edit(json!(max + 1)),
                        vec![violation(&path, "VALUE_OUT_OF_RANGE")],
                    );
                }
                if s.kind == Kind::Integer {
                    self.case(
                        "ranges",
                        op,
                        format!("{shown} does not fit 32 bits"),
                        edit(json!(1_i64 << 40)),
                        vec![violation(&path, "VALUE_OUT_OF_RANGE")],
                    );
                }
                if s.kind != Kind::Double {
                    self.case(
                        "types",
                        op,
                        format!("{shown} is a fraction"),
                        edit(json!(1.5)),
                        vec![violation(&path, "INVALID_VALUE")],
                    );
                }
            }
            Kind::Timestamp => {
                self.case(
                    "timestamps",
                    op,
                    format!("{shown} is not a date"),
                    edit(json!("next tuesday")),
                    vec![violation(&path, "INVALID_VALUE")],
                );
                self.case(
                    "timestamps",
                    op,
                    format!("{shown} is not a calendar date"),
                    edit(json!("2026-02-30T00:00:00Z")),
                    vec![violation(&path, "INVALID_VALUE")],
                );
                // Other forms boto3 accepts, and the form botocore sends them in.
                for (given, sent) in [
                    (json!(1767323045), TIMESTAMP),
                    (json!(1767323045.25), "2026-01-02T03:04:05.250000Z"),
                    (json!("2026-01-02"), "2026-01-02T00:00:00Z"),
                    (json!("2026-01-02T04:04:05+01:00"), TIMESTAMP),
                ] {
                    let body = serde_json::to_string(&edit(json!(sent))).unwrap();
                    self.case_with_body(
                        "timestamps",
                        op,
                        format!("{shown} as {given}"),
                        edit(given),
                        vec![],
                        Some(body),
                    );
                }
            }
            Kind::Boolean => {}
        }
    }
}

/// The value at `steps` (every step exists: the base was built along them).
fn locate<'v>(doc: &'v mut Value, steps: &[Step]) -> &'v mut Value {
    let mut node = doc;
    for step in steps {
        node = match step {
            Step::Member(m) => node.get_mut(m).expect("the base holds the path"),
            Step::Index => node.get_mut(0).expect("the base holds the path"),
        };
    }
    node
}

/// A pattern ready to test and search.
struct Compiled {
    plan: ecma::Plan,
    dfa: Option<dense::DFA<Vec<u32>>>,
}

impl Compiled {
    fn matches(&self, value: &str) -> bool {
        let len = value.chars().count();
        if self.plan.min_len.is_some_and(|m| len < m) || self.plan.max_len.is_some_and(|m| len > m)
        {
            return false;
        }
        if self.plan.no_line_terminators && value.contains(['\n', '\r', '\u{2028}', '\u{2029}']) {
            return false;
        }
        match &self.dfa {
            None => true,
            Some(dfa) => dfa
                .try_search_fwd(&Input::new(value).anchored(Anchored::Yes).earliest(true))
                .ok()
                .flatten()
                .is_some(),
        }
    }
}

/// A string shape's length bounds in code points (its own and its pattern's) and pattern.
fn bounds(s: &Shape) -> (usize, Option<usize>, Option<Compiled>) {
    let mut lo = s.min.unwrap_or(0).max(0) as usize;
    let mut hi = s.max.map(|m| m as usize);
    let pattern = s.pattern.as_deref().map(|source| {
        let plan = ecma::Plan::new(source).unwrap_or_else(|e| panic!("{}: {e}", s.name));
        let dfa = plan.regex.as_ref().map(|r| {
            dense::Builder::new()
                .configure(
                    dense::DFA::config().start_kind(regex_automata::dfa::StartKind::Anchored),
                )
                .build(r)
                .unwrap_or_else(|e| panic!("{}: {e}", s.name))
        });
        Compiled { plan, dfa }
    });
    if let Some(p) = &pattern {
        lo = lo.max(p.plan.min_len.unwrap_or(0));
        hi = match (hi, p.plan.max_len) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    (lo, hi, pattern)
}

fn pad(c: &str, lo: usize, hi: Option<usize>) -> String {
    let mut s = c.to_owned();
    while s.chars().count() < lo {
        s.push('!');
    }
    if hi.is_some_and(|h| s.chars().count() > h) {
        s = s.chars().take(hi.unwrap()).collect();
    }
    s
}

/// Bytes tried in this order, so values read as words: lower case, digits, upper case, then
/// the rest of printable ASCII, then anything (multi-byte characters).
fn byte_order() -> Vec<u8> {
    let mut order: Vec<u8> = (b'a'..=b'z')
        .chain(b'0'..=b'9')
        .chain(b'A'..=b'Z')
        .collect();
    order.extend((0x21u8..0x7f).filter(|b| !b.is_ascii_alphanumeric()));
    order.push(b' ');
    order.extend(0x80u8..=0xff);
    order
}

/// The shortest (then most word-like) string of at least `lo` (at most `hi`) code points that
/// the pattern matches, by breadth-first search over the DFA's states.
fn shortest_match(p: &Compiled, lo: usize, hi: Option<usize>, source: &str) -> String {
    let Some(dfa) = &p.dfa else {
        return "a".repeat(lo.max(1).min(hi.unwrap_or(usize::MAX)));
    };
    let order = byte_order();
    let start = dfa
        .start_state(&start::Config::new().anchored(Anchored::Yes))
        .expect("an anchored start state");
    let cap = lo + 1;
    let mut seen: HashSet<(u32, usize)> = HashSet::new();
    let mut queue: VecDeque<(regex_automata::util::primitives::StateID, Vec<u8>, usize)> =
        VecDeque::new();
    queue.push_back((start, Vec::new(), 0));
    while let Some((state, bytes, chars)) = queue.pop_front() {
        if chars >= lo
            && hi.is_none_or(|h| chars <= h)
            && dfa.is_match_state(dfa.next_eoi_state(state))
            && let Ok(text) = String::from_utf8(bytes.clone())
            && p.matches(&text)
        {
            return text;
        }
        if bytes.len() > 4 * (lo + 64) {
            continue;
        }
        for &b in &order {
            let next = dfa.next_state(state, b);
            if dfa.is_dead_state(next) || dfa.is_quit_state(next) {
                continue;
            }
            let counted = chars + usize::from(!(0x80..0xc0).contains(&b));
            if p.plan.no_line_terminators && (b == b'\n' || b == b'\r') {
                continue;
            }
            if !seen.insert((next.as_u32(), counted.min(cap))) {
                continue;
            }
            let mut more = bytes.clone();
            more.push(b);
            queue.push_back((next, more, counted));
        }
    }
    panic!("no value of at least {lo} characters matches the model pattern {source:?}");
}
