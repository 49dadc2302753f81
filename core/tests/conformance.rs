//! Model conformance: reads the vendored model JSON itself (not the generated tables), walks every
//! shape reachable from the request alongside a valid request, and for every constraint it finds
//! (required, type, union, unknown member, list bounds, enum, pattern and its length bounds)
//! builds a request that breaks exactly that constraint and checks the exact violation list.
//! A check missing from the validator makes one of these fail.
mod common;

use partnercentral_selling::model::shapes::{self, ShapeKind};
use partnercentral_selling::validate;
use regex::Regex;
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn model() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/model/create-engagement-invitation.model.json"
    );
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// One place in a valid request where a shape occurs.
#[derive(Clone)]
struct Loc {
    shape: String,
    path: String,
    pointer: String,
    base: Value,
}

fn child(parent: &str, member: &str) -> String {
    if parent.is_empty() {
        member.to_owned()
    } else {
        format!("{parent}.{member}")
    }
}

fn walk(model: &Value, loc: Loc, out: &mut Vec<Loc>) {
    let shape = &model["shapes"][&loc.shape];
    let here = loc.base.pointer(&loc.pointer).unwrap().clone();
    out.push(loc.clone());
    match shape["type"].as_str().unwrap() {
        "structure" => {
            for (name, m) in shape["members"].as_object().unwrap() {
                if here.get(name).is_some_and(|v| !v.is_null()) {
                    walk(
                        model,
                        Loc {
                            shape: m["shape"].as_str().unwrap().to_owned(),
                            path: child(&loc.path, name),
                            pointer: format!("{}/{name}", loc.pointer),
                            base: loc.base.clone(),
                        },
                        out,
                    );
                }
            }
        }
        "list" if !here.as_array().unwrap().is_empty() => {
            walk(
                model,
                Loc {
                    shape: shape["member"]["shape"].as_str().unwrap().to_owned(),
                    path: format!("{}[0]", loc.path),
                    pointer: format!("{}/0", loc.pointer),
                    base: loc.base.clone(),
                },
                out,
            );
        }
        _ => {}
    }
}

fn locations() -> (Value, Vec<Loc>) {
    let model = model();
    let input = model["operations"]["CreateEngagementInvitation"]["input"]["shape"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut locs = Vec::new();
    for base in [common::opportunity(), common::lead()] {
        walk(
            &model,
            Loc {
                shape: input.clone(),
                path: String::new(),
                pointer: String::new(),
                base,
            },
            &mut locs,
        );
    }
    (model, locs)
}

fn set(loc: &Loc, pointer: &str, v: Value) -> Value {
    let mut doc = loc.base.clone();
    *doc.pointer_mut(pointer).unwrap() = v;
    doc
}

fn remove(loc: &Loc, member: &str) -> Value {
    let mut doc = loc.base.clone();
    doc.pointer_mut(&loc.pointer)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove(member);
    doc
}

fn got(doc: &Value) -> Vec<(String, String)> {
    validate(doc)
        .into_iter()
        .map(|v| (v.path, v.code.as_str().to_owned()))
        .collect()
}

struct Checker {
    failures: Vec<String>,
    checks: usize,
}

impl Checker {
    fn expect(&mut self, what: &str, doc: &Value, expected: &[(&str, &str)]) {
        self.checks += 1;
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect();
        let actual = got(doc);
        if actual != expected {
            self.failures
                .push(format!("{what}: expected {expected:?}, got {actual:?}"));
        }
    }
}

#[test]
fn every_reachable_shape_and_member_is_exercised() {
    let (model, locs) = locations();
    let shapes_seen: BTreeSet<&str> = locs.iter().map(|l| l.shape.as_str()).collect();
    // Every shape reachable from the request, read from the model.
    let input = model["operations"]["CreateEngagementInvitation"]["input"]["shape"]
        .as_str()
        .unwrap();
    let mut reachable = BTreeSet::new();
    let mut stack = vec![input.to_owned()];
    while let Some(name) = stack.pop() {
        if !reachable.insert(name.clone()) {
            continue;
        }
        let s = &model["shapes"][&name];
        if let Some(ms) = s["members"].as_object() {
            stack.extend(ms.values().map(|m| m["shape"].as_str().unwrap().to_owned()));
        }
        if let Some(t) = s["member"]["shape"].as_str() {
            stack.push(t.to_owned());
        }
    }
    let reachable: BTreeSet<&str> = reachable.iter().map(String::as_str).collect();
    assert_eq!(
        shapes_seen, reachable,
        "the base requests must reach every shape"
    );
}

#[test]
fn generated_tables_match_the_model() {
    let model = model();
    let mut count = 0;
    for shape in shapes::SHAPES {
        let m = &model["shapes"][shape.name];
        assert!(m.is_object(), "{} is not in the model", shape.name);
        count += 1;
        let kind = match m["type"].as_str().unwrap() {
            "structure" if m["union"] == json!(true) => ShapeKind::Union,
            "structure" => ShapeKind::Structure,
            "list" => ShapeKind::List,
            "string" if m.get("enum").is_some() => ShapeKind::Enum,
            "string" => ShapeKind::String,
            other => panic!("unexpected type {other}"),
        };
        assert_eq!(shape.kind, kind, "{}", shape.name);
        assert_eq!(shape.pattern, m["pattern"].as_str(), "{}", shape.name);
        assert_eq!(shape.min, m["min"].as_u64(), "{}", shape.name);
        assert_eq!(shape.max, m["max"].as_u64(), "{}", shape.name);
        assert_eq!(
            shape.sensitive,
            m["sensitive"] == json!(true),
            "{}",
            shape.name
        );
        let values: Vec<&str> = m["enum"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str().unwrap()).collect())
            .unwrap_or_default();
        assert_eq!(shape.enum_values, values.as_slice(), "{}", shape.name);
        let members: Vec<(&str, &str, bool)> = m["members"]
            .as_object()
            .map(|ms| {
                ms.iter()
                    .map(|(n, mm)| {
                        let required = m["required"]
                            .as_array()
                            .is_some_and(|r| r.contains(&json!(n)));
                        (n.as_str(), mm["shape"].as_str().unwrap(), required)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let table: Vec<(&str, &str, bool)> = shape
            .members
            .iter()
            .map(|mm| (mm.name, shapes::get(mm.target).name, mm.required))
            .collect();
        assert_eq!(table, members, "{}", shape.name);
    }
    assert!(count >= 40, "only {count} shapes generated");
}

/// `(?s).{a,b}`, `.{a,b}`, or a leading look-ahead `(?=.{a,b}$)`: (min, max, dotall, whole).
fn bounds(pattern: &str) -> Option<(usize, usize, bool, bool)> {
    let whole = Regex::new(r"^(\(\?s\))?\.\{(\d+),(\d+)\}$").unwrap();
    let ahead = Regex::new(r"^\(\?=(\(\?s\))?\.\{(\d+),(\d+)\}\$\)").unwrap();
    for (re, is_whole) in [(&whole, true), (&ahead, false)] {
        if let Some(c) = re.captures(pattern) {
            return Some((
                c[2].parse().unwrap(),
                c[3].parse().unwrap(),
                c.get(1).is_some(),
                is_whole,
            ));
        }
    }
    None
}

/// `value` padded to `n` code points by repeating its first or last character; the first
/// padding that the validator accepts at the bound (the model says a value this long is fine).
fn padded(value: &str, n: usize, accepts: impl Fn(&str) -> bool) -> Option<(String, String)> {
    let len = value.chars().count();
    let first = value.chars().next()?;
    let last = value.chars().last()?;
    let at_front = |k: usize| format!("{}{value}", first.to_string().repeat(k));
    let at_back = |k: usize| format!("{value}{}", last.to_string().repeat(k));
    for pad in [&at_front as &dyn Fn(usize) -> String, &at_back] {
        let at = pad(n - len);
        if accepts(&at) {
            return Some((at, pad(n + 1 - len)));
        }
    }
    None
}

#[test]
fn every_constraint_is_enforced_at_its_path() {
    let (model, locs) = locations();
    let mut c = Checker {
        failures: Vec::new(),
        checks: 0,
    };
    for loc in &locs {
        assert_eq!(got(&loc.base), vec![], "base request must be valid");
        let shape = &model["shapes"][&loc.shape];
        let path = loc.path.as_str();
        match shape["type"].as_str().unwrap() {
            "structure" if shape["union"] == json!(true) => {
                let names: Vec<&String> = shape["members"].as_object().unwrap().keys().collect();
                c.expect(
                    &format!("{path}: empty union"),
                    &set(loc, &loc.pointer, json!({})),
                    &[(path, "INVALID_VALUE")],
                );
                let mut two = loc.base.pointer(&loc.pointer).unwrap().clone();
                let other = names
                    .iter()
                    .find(|n| two.get(n.as_str()).is_none())
                    .map_or("NotAMember".to_owned(), |n| n.to_string());
                two[other.as_str()] = json!({});
                c.expect(
                    &format!("{path}: two members"),
                    &set(loc, &loc.pointer, two),
                    &[(path, "INVALID_VALUE")],
                );
                c.expect(
                    &format!("{path}: unknown member only"),
                    &set(loc, &loc.pointer, json!({"NotAMember": {}})),
                    &[(path, "INVALID_VALUE")],
                );
                c.expect(
                    &format!("{path}: wrong type"),
                    &set(loc, &loc.pointer, json!([])),
                    &[(path, "INVALID_VALUE")],
                );
            }
            "structure" => {
                let required: Vec<&str> = shape["required"]
                    .as_array()
                    .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
                    .unwrap_or_default();
                for (name, m) in shape["members"].as_object().unwrap() {
                    let mpath = child(path, name);
                    let mptr = format!("{}/{name}", loc.pointer);
                    let expected_missing: Vec<(&str, &str)> = if required.contains(&name.as_str())
                        && m["idempotencyToken"] != json!(true)
                    {
                        vec![(mpath.as_str(), "REQUIRED_FIELD_MISSING")]
                    } else {
                        vec![]
                    };
                    c.expect(
                        &format!("{mpath} removed"),
                        &remove(loc, name),
                        &expected_missing,
                    );
                    if loc.base.pointer(&mptr).is_some() {
                        c.expect(
                            &format!("{mpath} null"),
                            &set(loc, &mptr, Value::Null),
                            &expected_missing,
                        );
                        for wrong in [json!(7), json!(true)] {
                            c.expect(
                                &format!("{mpath} = {wrong}"),
                                &set(loc, &mptr, wrong),
                                &[(&mpath, "INVALID_VALUE")],
                            );
                        }
                        let target_is_string = model["shapes"][m["shape"].as_str().unwrap()]["type"]
                            == json!("string");
                        let wrong = if target_is_string {
                            json!({"S": "x"})
                        } else {
                            json!("x")
                        };
                        c.expect(
                            &format!("{mpath} = {wrong}"),
                            &set(loc, &mptr, wrong),
                            &[(&mpath, "INVALID_VALUE")],
                        );
                    }
                }
                let mut extra = loc.base.pointer(&loc.pointer).unwrap().clone();
                extra["NotAMember"] = json!("x");
                let epath = child(path, "NotAMember");
                c.expect(
                    &format!("{path}: unknown member"),
                    &set(loc, &loc.pointer, extra),
                    &[(&epath, "INVALID_VALUE")],
                );
            }
            "list" => {
                let items = loc
                    .base
                    .pointer(&loc.pointer)
                    .unwrap()
                    .as_array()
                    .unwrap()
                    .clone();
                let item = items[0].clone();
                if let Some(min) = shape["min"].as_u64().filter(|m| *m > 0) {
                    let short = vec![item.clone(); min as usize - 1];
                    c.expect(
                        &format!("{path}: {} items", min - 1),
                        &set(loc, &loc.pointer, json!(short)),
                        &[(path, "NOT_ENOUGH_VALUES")],
                    );
                    c.expect(
                        &format!("{path}: {min} items"),
                        &set(loc, &loc.pointer, json!(vec![item.clone(); min as usize])),
                        &[],
                    );
                }
                if let Some(max) = shape["max"].as_u64() {
                    c.expect(
                        &format!("{path}: {max} items"),
                        &set(loc, &loc.pointer, json!(vec![item.clone(); max as usize])),
                        &[],
                    );
                    let long = vec![item.clone(); max as usize + 1];
                    c.expect(
                        &format!("{path}: {} items", max + 1),
                        &set(loc, &loc.pointer, json!(long)),
                        &[(path, "TOO_MANY_VALUES")],
                    );
                }
                let p0 = format!("{path}[0]");
                c.expect(
                    &format!("{p0} null"),
                    &set(loc, &format!("{}/0", loc.pointer), Value::Null),
                    &[(&p0, "INVALID_VALUE")],
                );
            }
            "string" if shape.get("enum").is_some() => {
                let values = shape["enum"].as_array().unwrap();
                for v in values {
                    c.expect(
                        &format!("{path} = {v}"),
                        &set(loc, &loc.pointer, v.clone()),
                        &[],
                    );
                }
                for bad in [
                    json!("NOT_A_VALUE"),
                    json!(""),
                    json!(values[0].as_str().unwrap().to_lowercase() + "x"),
                ] {
                    c.expect(
                        &format!("{path} = {bad}"),
                        &set(loc, &loc.pointer, bad),
                        &[(path, "INVALID_ENUM_VALUE")],
                    );
                }
            }
            "string" => string_checks(&mut c, loc, shape),
            other => panic!("unhandled shape type {other}"),
        }
    }
    assert!(c.checks > 300, "only {} checks", c.checks);
    assert!(
        c.failures.is_empty(),
        "{} of {} checks failed:\n{}",
        c.failures.len(),
        c.checks,
        c.failures.join("\n")
    );
}

fn string_checks(c: &mut Checker, loc: &Loc, shape: &Value) {
    let Some(pattern) = shape["pattern"].as_str() else {
        return;
    };
    let path = loc.path.as_str();
    let ptr = loc.pointer.as_str();
    let fail = [(path, "INVALID_STRING_FORMAT")];
    let base = loc.base.pointer(ptr).unwrap().as_str().unwrap().to_owned();
    let with = |s: &str| set(loc, ptr, json!(s));
    match bounds(pattern) {
        Some((min, max, dotall, true)) => {
            // Only a length: count code points, with multi-byte characters.
            for fill in ["a", "é", "日", "😀"] {
                c.expect(
                    &format!("{path}: {max} x {fill}"),
                    &with(&fill.repeat(max)),
                    &[],
                );
                c.expect(
                    &format!("{path}: {} x {fill}", max + 1),
                    &with(&fill.repeat(max + 1)),
                    &fail,
                );
                c.expect(
                    &format!("{path}: {min} x {fill}"),
                    &with(&fill.repeat(min)),
                    &[],
                );
                if min > 0 {
                    c.expect(
                        &format!("{path}: {} x {fill}", min - 1),
                        &with(&fill.repeat(min - 1)),
                        &fail,
                    );
                }
            }
            let broken = format!(
                "{}\n{}",
                "a".repeat(min.max(2) / 2),
                "a".repeat(min.max(2) / 2)
            );
            let expected: &[(&str, &str)] = if dotall { &[] } else { &fail };
            c.expect(&format!("{path}: line break"), &with(&broken), expected);
            c.expect(
                &format!("{path}: U+2028"),
                &with(&broken.replace('\n', "\u{2028}")),
                expected,
            );
        }
        Some((min, max, dotall, false)) => {
            // A look-ahead bound on top of a format: pad the valid value to the bounds.
            let accepts = |s: &str| got(&with(s)).is_empty();
            let (at_max, past_max) = padded(&base, max, accepts)
                .unwrap_or_else(|| panic!("{path}: no padding of the base value fits {pattern}"));
            c.expect(&format!("{path}: padded to {max}"), &with(&at_max), &[]);
            c.expect(
                &format!("{path}: padded to {}", max + 1),
                &with(&past_max),
                &fail,
            );
            assert!(min <= base.chars().count());
            if !dotall {
                let mid = base.char_indices().nth(1).unwrap().0;
                c.expect(
                    &format!("{path}: line break"),
                    &with(&format!("{}\n{}", &base[..mid], &base[mid..])),
                    &fail,
                );
            }
            c.expect(
                &format!("{path}: spaces"),
                &with(&" ".repeat(min.max(1))),
                &fail,
            );
            c.expect(&format!("{path}: base"), &with(&base), &[]);
        }
        None => {
            // A pure format: nothing in the model's formats accepts a lone space.
            c.expect(&format!("{path}: space"), &with(" "), &fail);
            c.expect(&format!("{path}: base"), &with(&base), &[]);
            c.expect(
                &format!("{path}: base with a space"),
                &with(&format!("{base} ")),
                &fail,
            );
            // `\d` is ASCII in ECMA-262: other scripts' digits do not match.
            // The first digit stays ASCII: some formats start with `[1-9]`.
            if base.chars().filter(|ch| ch.is_ascii_digit()).count() > 1 {
                let first = base.find(|ch: char| ch.is_ascii_digit()).unwrap();
                let arabic: String = base[..=first].to_owned()
                    + &base[first + 1..]
                        .chars()
                        .map(|ch| if ch.is_ascii_digit() { '\u{0663}' } else { ch })
                        .collect::<String>();
                c.expect(
                    &format!("{path}: Arabic-Indic digits"),
                    &with(&arabic),
                    &fail,
                );
            }
        }
    }
}
