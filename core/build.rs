//! Generates the constraint tables and the typed request/response model from the vendored
//! service model, so neither can drift from it: `$OUT_DIR/shapes.rs` (data the validator, the CLI
//! and the bindings read), `$OUT_DIR/types.rs` (structs, unions and enums with serde) and
//! `$OUT_DIR/patterns.rs` (every pattern's length bounds and its DFA, built here so that no regex
//! is compiled at run time).

#[path = "src/pattern/ecma.rs"]
mod ecma;

use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const MODEL: &str = "model/create-engagement-invitation.model.json";
const OPERATION: &str = "CreateEngagementInvitation";
const REDACTED: &str = "*** Sensitive Data Redacted ***";

fn main() {
    println!("cargo:rerun-if-changed={MODEL}");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/pattern/ecma.rs");
    let text = std::fs::read_to_string(MODEL).expect("read the vendored model");
    let model: Value = serde_json::from_str(&text).expect("the vendored model is JSON");
    let op = &model["operations"][OPERATION];
    let input = op["input"]["shape"].as_str().expect("operation input");
    let output = op["output"]["shape"].as_str().expect("operation output");
    let all = model["shapes"].as_object().expect("shapes object");

    let reachable = reachable(all, &[input, output]);
    // Model file order (serde_json keeps it) restricted to the reachable shapes.
    let names: Vec<&str> = all
        .keys()
        .map(String::as_str)
        .filter(|n| reachable.contains(*n))
        .collect();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();

    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let shapes = gen_shapes(all, &names, &index, input, output);
    std::fs::write(out.join("shapes.rs"), shapes).expect("write shapes.rs");
    let types = gen_types(all, &names, input, output);
    std::fs::write(out.join("types.rs"), types).expect("write types.rs");
    let patterns = gen_patterns(all, &names, &out);
    std::fs::write(out.join("patterns.rs"), patterns).expect("write patterns.rs");
}

/// One entry per shape id: the pattern's bounds, and its DFA in a file of its own, serialized in
/// the target's byte order and embedded at a 4-byte boundary (`DFA::from_bytes` then borrows it).
/// The DFA is built from the same syntax, with the same defaults (Unicode, UTF-8), as
/// `regex::Regex::new` would use; the anchored start plus `\z` make a match a full match.
fn gen_patterns(all: &Map<String, Value>, names: &[&str], out: &Path) -> String {
    use regex_automata::dfa::{StartKind, dense};
    let little = std::env::var("CARGO_CFG_TARGET_ENDIAN").expect("target endianness") == "little";
    let mut table = String::new();
    let mut statics = String::new();
    for (i, name) in names.iter().enumerate() {
        let Some(source) = all[*name]["pattern"].as_str() else {
            writeln!(table, "    /* {i} */ None,").unwrap();
            continue;
        };
        let plan = ecma::Plan::new(source)
            .unwrap_or_else(|e| panic!("model pattern of {name} not translatable: {e}"));
        let dfa = match &plan.regex {
            None => "None".to_owned(),
            Some(regex) => {
                let dfa = dense::Builder::new()
                    .configure(
                        dense::DFA::config()
                            .start_kind(StartKind::Anchored)
                            .minimize(true),
                    )
                    .build(regex)
                    .unwrap_or_else(|e| panic!("pattern of {name} ({regex}): {e}"));
                let (bytes, pad) = if little {
                    dfa.to_bytes_little_endian()
                } else {
                    dfa.to_bytes_big_endian()
                };
                let file = format!("pattern-{i}.dfa");
                std::fs::write(out.join(&file), &bytes[pad..]).expect("write a pattern's DFA");
                writeln!(
                    statics,
                    "static DFA_{i}: AlignAs<[u8; {}], u32> = AlignAs {{ _align: [], bytes: \
                     *include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{file}\")) }};",
                    bytes.len() - pad
                )
                .unwrap();
                format!("Some(&DFA_{i}.bytes)")
            }
        };
        writeln!(
            table,
            "    /* {i} */ Some(Compiled {{ source: {}, min_len: {}, max_len: {}, \
             no_line_terminators: {}, dfa: {dfa} }}),",
            lit(source),
            opt_usize(plan.min_len),
            opt_usize(plan.max_len),
            plan.no_line_terminators,
        )
        .unwrap();
    }
    format!(
        "/// Every shape's pattern as build.rs compiled it, by shape id.\n\
         static COMPILED: [Option<Compiled>; {}] = [\n{table}];\n{statics}",
        names.len()
    )
}

fn opt_usize(v: Option<usize>) -> String {
    v.map_or("None".into(), |n| format!("Some({n})"))
}

fn reachable<'a>(all: &'a Map<String, Value>, roots: &[&'a str]) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = roots.to_vec();
    while let Some(name) = stack.pop() {
        if !seen.insert(name) {
            continue;
        }
        let shape = &all[name];
        if let Some(members) = shape["members"].as_object() {
            for m in members.values() {
                stack.push(m["shape"].as_str().expect("member shape"));
            }
        }
        if let Some(t) = shape["member"]["shape"].as_str() {
            stack.push(t);
        }
    }
    // Borrow the keys from `all` so the set lives as long as the model.
    all.keys()
        .map(String::as_str)
        .filter(|k| seen.contains(k))
        .collect()
}

fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn opt_u64(v: &Value) -> String {
    v.as_u64().map_or("None".into(), |n| format!("Some({n})"))
}

fn kind(shape: &Value) -> &'static str {
    match shape["type"].as_str().expect("shape type") {
        "structure" if shape["union"].as_bool() == Some(true) => "Union",
        "structure" => "Structure",
        "list" => "List",
        "string" if shape.get("enum").is_some() => "Enum",
        "string" => "String",
        other => panic!("shape type {other} is not handled; extend build.rs"),
    }
}

fn gen_shapes(
    all: &Map<String, Value>,
    names: &[&str],
    index: &HashMap<&str, usize>,
    input: &str,
    output: &str,
) -> String {
    let mut s = String::new();
    writeln!(
        s,
        "/// Every shape reachable from the operation's input and output, in model order."
    )
    .unwrap();
    writeln!(s, "pub static SHAPES: &[Shape] = &[").unwrap();
    for (i, name) in names.iter().enumerate() {
        let shape = &all[*name];
        let required: BTreeSet<&str> = shape["required"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut members = String::new();
        if let Some(ms) = shape["members"].as_object() {
            for (mname, m) in ms {
                let target = m["shape"].as_str().unwrap();
                let sensitive = m["sensitive"].as_bool().unwrap_or(false)
                    || all[target]["sensitive"].as_bool().unwrap_or(false);
                write!(
                    members,
                    "Member {{ name: {}, target: {}, required: {}, sensitive: {}, idempotency_token: {} }}, ",
                    lit(mname),
                    index[target],
                    required.contains(mname.as_str()),
                    sensitive,
                    m["idempotencyToken"].as_bool().unwrap_or(false),
                )
                .unwrap();
            }
        }
        let enum_values: Vec<String> = shape["enum"]
            .as_array()
            .map(|a| a.iter().map(|v| lit(v.as_str().unwrap())).collect())
            .unwrap_or_default();
        let list_member = shape["member"]["shape"]
            .as_str()
            .map_or("None".into(), |t| format!("Some({})", index[t]));
        let pattern = shape["pattern"]
            .as_str()
            .map_or("None".into(), |p| format!("Some({})", lit(p)));
        writeln!(
            s,
            "    /* {i} */ Shape {{ name: {}, kind: ShapeKind::{}, members: &[{members}], list_member: {list_member}, \
             pattern: {pattern}, min: {}, max: {}, enum_values: &[{}], sensitive: {} }},",
            lit(name),
            kind(shape),
            opt_u64(&shape["min"]),
            opt_u64(&shape["max"]),
            enum_values.join(", "),
            shape["sensitive"].as_bool().unwrap_or(false),
        )
        .unwrap();
    }
    writeln!(s, "];").unwrap();
    writeln!(s, "/// The request shape (`{input}`).").unwrap();
    writeln!(s, "pub const INPUT: ShapeId = {};", index[input]).unwrap();
    writeln!(s, "/// The response shape (`{output}`).").unwrap();
    writeln!(s, "pub const OUTPUT: ShapeId = {};", index[output]).unwrap();
    s
}

fn snake(name: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(*c);
        }
    }
    out
}

/// `"Energy - Oil and Gas"` -> `EnergyOilAndGas`, `"US"` -> `Us` (the AWS SDK for Rust's style).
fn variant(value: &str) -> String {
    let mut out = String::new();
    for word in value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut cs = word.chars();
        let first = cs.next().unwrap();
        out.push(first.to_ascii_uppercase());
        if word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            out.extend(cs.map(|c| c.to_ascii_lowercase()));
        } else {
            out.extend(cs);
        }
    }
    assert!(
        out.chars().next().is_some_and(|c| c.is_ascii_alphabetic()),
        "enum value {value:?} needs a naming rule in build.rs"
    );
    out
}

fn type_name<'a>(name: &'a str, input: &str, output: &str) -> &'a str {
    if name == input {
        "CreateEngagementInvitationInput"
    } else if name == output {
        "CreateEngagementInvitationResponse"
    } else {
        name
    }
}

fn rust_type(all: &Map<String, Value>, target: &str, input: &str, output: &str) -> String {
    let shape = &all[target];
    match kind(shape) {
        "String" => "String".into(),
        "List" => format!(
            "Vec<{}>",
            rust_type(
                all,
                shape["member"]["shape"].as_str().unwrap(),
                input,
                output
            )
        ),
        _ => type_name(target, input, output).into(),
    }
}

fn doc(s: &mut String, indent: &str, text: &str) {
    for line in text.lines() {
        writeln!(
            s,
            "{indent}///{}{line}",
            if line.is_empty() { "" } else { " " }
        )
        .unwrap();
    }
}

fn gen_types(all: &Map<String, Value>, names: &[&str], input: &str, output: &str) -> String {
    let mut s = String::new();
    for name in names {
        let shape = &all[*name];
        let tname = type_name(name, input, output);
        match kind(shape) {
            "Structure" => gen_struct(&mut s, all, shape, name, tname, input, output),
            "Union" => gen_union(&mut s, all, shape, name, tname, input, output),
            "Enum" => gen_enum(&mut s, shape, name, tname),
            _ => {}
        }
    }
    s
}

fn gen_struct(
    s: &mut String,
    all: &Map<String, Value>,
    shape: &Value,
    name: &str,
    tname: &str,
    input: &str,
    output: &str,
) {
    let required: BTreeSet<&str> = shape["required"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let members = shape["members"].as_object().unwrap();
    doc(
        s,
        "",
        &format!(
            "The `{name}` structure. Optional members are `Option`s; `Default` leaves required ones empty (validation reports them)."
        ),
    );
    writeln!(
        s,
        "#[derive(Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]"
    )
    .unwrap();
    writeln!(s, "pub struct {tname} {{").unwrap();
    let mut debug = String::new();
    for (mname, m) in members {
        let target = m["shape"].as_str().unwrap();
        let field = snake(mname);
        let ty = rust_type(all, target, input, output);
        // The idempotency token is required on the wire but filled in by the client when absent.
        let optional =
            !required.contains(mname.as_str()) || m["idempotencyToken"].as_bool() == Some(true);
        let sensitive = all[target]["sensitive"].as_bool().unwrap_or(false);
        doc(
            s,
            "    ",
            &format!(
                "`{mname}` (`{target}`){}{}.",
                if optional { ", optional" } else { ", required" },
                if sensitive { ", sensitive" } else { "" }
            ),
        );
        if optional {
            writeln!(
                s,
                "    #[serde(rename = {}, default, skip_serializing_if = \"Option::is_none\")]",
                lit(mname)
            )
            .unwrap();
            writeln!(s, "    pub {field}: Option<{ty}>,").unwrap();
        } else {
            writeln!(s, "    #[serde(rename = {})]", lit(mname)).unwrap();
            writeln!(s, "    pub {field}: {ty},").unwrap();
        }
        if sensitive {
            writeln!(
                debug,
                "            .field({}, &{})",
                lit(&field),
                lit(REDACTED)
            )
            .unwrap();
        } else {
            writeln!(debug, "            .field({}, &self.{field})", lit(&field)).unwrap();
        }
    }
    writeln!(s, "}}\n").unwrap();
    writeln!(s, "impl std::fmt::Debug for {tname} {{").unwrap();
    writeln!(
        s,
        "    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{"
    )
    .unwrap();
    writeln!(
        s,
        "        f.debug_struct({})\n{debug}            .finish()",
        lit(tname)
    )
    .unwrap();
    writeln!(s, "    }}\n}}\n").unwrap();
}

fn gen_union(
    s: &mut String,
    all: &Map<String, Value>,
    shape: &Value,
    name: &str,
    tname: &str,
    input: &str,
    output: &str,
) {
    let members = shape["members"].as_object().unwrap();
    doc(
        s,
        "",
        &format!(
            "The `{name}` union: exactly one member is set. `Default` is the first member, empty."
        ),
    );
    writeln!(
        s,
        "#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]"
    )
    .unwrap();
    writeln!(s, "#[allow(clippy::large_enum_variant)]").unwrap();
    writeln!(s, "pub enum {tname} {{").unwrap();
    let mut first = None;
    for (mname, m) in members {
        let target = m["shape"].as_str().unwrap();
        let ty = rust_type(all, target, input, output);
        assert!(
            all[target]["sensitive"].as_bool() != Some(true),
            "sensitive union member {mname}: redact it in build.rs"
        );
        writeln!(s, "    #[serde(rename = {})]", lit(mname)).unwrap();
        writeln!(s, "    {mname}({ty}),").unwrap();
        first.get_or_insert((mname.clone(), ty));
    }
    writeln!(s, "}}\n").unwrap();
    let (first, _) = first.expect("union with members");
    let names: Vec<&str> = members.keys().map(String::as_str).collect();
    // Deserialization treats a null member as absent, as validation does.
    writeln!(s, "impl<'de> serde::Deserialize<'de> for {tname} {{").unwrap();
    writeln!(
        s,
        "    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {{"
    )
    .unwrap();
    writeln!(s, "        use serde::de::Error as _;").unwrap();
    writeln!(
        s,
        "        let map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;"
    )
    .unwrap();
    writeln!(
        s,
        "        let mut set = map.into_iter().filter(|(_, v)| !v.is_null());"
    )
    .unwrap();
    writeln!(
        s,
        "        let (key, value) = match (set.next(), set.next()) {{"
    )
    .unwrap();
    writeln!(s, "            (Some(one), None) => one,").unwrap();
    let msg = format!("{name} must set exactly one of {}", names.join(", "));
    writeln!(
        s,
        "            _ => return Err(D::Error::custom({})),",
        lit(&msg)
    )
    .unwrap();
    writeln!(s, "        }};").unwrap();
    writeln!(s, "        match key.as_str() {{").unwrap();
    for mname in &names {
        writeln!(s, "            {} => serde_json::from_value(value).map(Self::{mname}).map_err(D::Error::custom),", lit(mname)).unwrap();
    }
    let list: Vec<String> = names.iter().map(|k| lit(k)).collect();
    writeln!(
        s,
        "            other => Err(D::Error::unknown_variant(other, &[{}])),",
        list.join(", ")
    )
    .unwrap();
    writeln!(s, "        }}\n    }}\n}}\n").unwrap();
    writeln!(s, "impl Default for {tname} {{\n    fn default() -> Self {{\n        Self::{first}(Default::default())\n    }}\n}}\n").unwrap();
}

fn gen_enum(s: &mut String, shape: &Value, name: &str, tname: &str) {
    let values: Vec<&str> = shape["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut seen = BTreeSet::new();
    let variants: Vec<String> = values.iter().map(|v| variant(v)).collect();
    for v in &variants {
        assert!(
            v != "Unknown" && seen.insert(v.clone()),
            "enum {name}: variant name {v} collides"
        );
    }
    doc(
        s,
        "",
        &format!(
            "The `{name}` enum ({} values). `Unknown` carries a value newer than this model; `Default` is an empty `Unknown`, which validation rejects.",
            values.len()
        ),
    );
    writeln!(
        s,
        "#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]"
    )
    .unwrap();
    writeln!(s, "#[non_exhaustive]").unwrap();
    writeln!(s, "pub enum {tname} {{").unwrap();
    for (v, var) in values.iter().zip(&variants) {
        writeln!(s, "    /// `{v}`").unwrap();
        writeln!(s, "    {var},").unwrap();
    }
    writeln!(s, "    /// A value this model does not list.").unwrap();
    writeln!(s, "    Unknown(String),").unwrap();
    writeln!(s, "}}\n").unwrap();
    writeln!(s, "impl {tname} {{").unwrap();
    writeln!(s, "    /// Every value the model lists, in model order.").unwrap();
    writeln!(
        s,
        "    pub const VALUES: &'static [&'static str] = &[{}];",
        values.iter().map(|v| lit(v)).collect::<Vec<_>>().join(", ")
    )
    .unwrap();
    writeln!(s, "    /// The value as sent on the wire.").unwrap();
    writeln!(
        s,
        "    pub fn as_str(&self) -> &str {{\n        match self {{"
    )
    .unwrap();
    for (v, var) in values.iter().zip(&variants) {
        writeln!(s, "            Self::{var} => {},", lit(v)).unwrap();
    }
    writeln!(s, "            Self::Unknown(v) => v,\n        }}\n    }}").unwrap();
    writeln!(
        s,
        "    /// The enum for a wire value (`Unknown` when the model does not list it)."
    )
    .unwrap();
    writeln!(
        s,
        "    pub fn from_wire(value: &str) -> Self {{\n        match value {{"
    )
    .unwrap();
    for (v, var) in values.iter().zip(&variants) {
        writeln!(s, "            {} => Self::{var},", lit(v)).unwrap();
    }
    writeln!(
        s,
        "            other => Self::Unknown(other.to_owned()),\n        }}\n    }}\n}}\n"
    )
    .unwrap();
    writeln!(s, "impl Default for {tname} {{\n    fn default() -> Self {{\n        Self::Unknown(String::new())\n    }}\n}}\n").unwrap();
    writeln!(s, "impl std::fmt::Display for {tname} {{\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n        f.write_str(self.as_str())\n    }}\n}}\n").unwrap();
    writeln!(s, "impl std::str::FromStr for {tname} {{\n    type Err = std::convert::Infallible;\n    fn from_str(s: &str) -> Result<Self, Self::Err> {{\n        Ok(Self::from_wire(s))\n    }}\n}}\n").unwrap();
    writeln!(s, "impl From<&str> for {tname} {{\n    fn from(s: &str) -> Self {{\n        Self::from_wire(s)\n    }}\n}}\n").unwrap();
    writeln!(s, "impl serde::Serialize for {tname} {{\n    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {{\n        s.serialize_str(self.as_str())\n    }}\n}}\n").unwrap();
    writeln!(s, "impl<'de> serde::Deserialize<'de> for {tname} {{\n    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {{\n        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;\n        Ok(Self::from_wire(&s))\n    }}\n}}\n").unwrap();
}
