//! Generates the core's tables and typed API from the vendored model (`model/`), read through
//! `model-reader`, so nothing here can drift from the model:
//! - `$OUT_DIR/shapes.rs`: every shape a client can meet, with every constraint (validation, the
//!   CLI's skeletons and the bindings read it);
//! - `$OUT_DIR/operations.rs`: the operation table (names, input/output, errors, idempotency
//!   token, paginator, documentation as plain text);
//! - `$OUT_DIR/types.rs`: typed structures, unions and enums with serde;
//! - `$OUT_DIR/client_ops.rs`: a typed method per operation on `Client`;
//! - `$OUT_DIR/patterns.rs`: each pattern's bounds and DFA, compiled here so that no regex is
//!   compiled at run time.

#[path = "src/pattern/ecma.rs"]
mod ecma;

use model_reader::{Kind, Model, Shape, docs, names};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const MODEL_DIR: &str = "model";
const REDACTED: &str = "*** Sensitive Data Redacted ***";

fn main() {
    for file in [
        model_reader::SERVICE_FILE,
        model_reader::PAGINATORS_FILE,
        model_reader::WAITERS_FILE,
        model_reader::VERSION_FILE,
    ] {
        println!("cargo:rerun-if-changed={MODEL_DIR}/{file}");
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/pattern/ecma.rs");
    let model = Model::load(Path::new(MODEL_DIR)).unwrap_or_else(|e| panic!("{e}"));
    let shapes = model.reachable();
    let index: HashMap<&str, usize> = shapes
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    let g = Gen {
        model: &model,
        shapes: &shapes,
        index: &index,
    };
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    write(&out, "shapes.rs", g.shapes_table());
    write(&out, "operations.rs", g.operations_table());
    write(&out, "types.rs", g.types());
    write(&out, "client_ops.rs", g.client_ops());
    write(&out, "roundtrip.rs", g.roundtrip());
    write(&out, "patterns.rs", g.patterns(&out));
}

fn write(out: &Path, name: &str, text: String) {
    std::fs::write(out.join(name), text).unwrap_or_else(|e| panic!("write {name}: {e}"));
}

struct Gen<'a> {
    model: &'a Model,
    shapes: &'a [&'a Shape],
    index: &'a HashMap<&'a str, usize>,
}

fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn opt_lit(s: Option<&str>) -> String {
    s.map_or("None".into(), |s| format!("Some({})", lit(s)))
}

fn opt_num<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or("None".into(), |n| format!("Some({n})"))
}

impl Gen<'_> {
    fn id(&self, name: &str) -> usize {
        self.index[name]
    }

    fn opt_id(&self, name: Option<&String>) -> String {
        name.map_or("None".into(), |n| format!("Some({})", self.id(n)))
    }

    fn shapes_table(&self) -> String {
        let mut s = String::new();
        writeln!(
            s,
            "/// Every shape a client can meet (operation inputs, outputs, errors and what they \
             reach), in model order.\npub static SHAPES: &[Shape] = &["
        )
        .unwrap();
        for (i, shape) in self.shapes.iter().enumerate() {
            let mut members = String::new();
            for m in &shape.members {
                write!(
                    members,
                    "Member {{ name: {}, target: {}, required: {}, sensitive: {}, idempotency_token: {} }}, ",
                    lit(&m.name),
                    self.id(&m.target),
                    m.required,
                    m.sensitive,
                    m.idempotency_token,
                )
                .unwrap();
            }
            let enum_values: Vec<String> = shape.enum_values.iter().map(|v| lit(v)).collect();
            writeln!(
                s,
                "    /* {i} */ Shape {{ name: {}, kind: ShapeKind::{}, members: &[{members}], \
                 list_member: {}, map_key: {}, map_value: {}, pattern: {}, min: {}, max: {}, \
                 enum_values: &[{}], sensitive: {}, exception: {} }},",
                lit(&shape.name),
                shape.kind.as_str(),
                self.opt_id(shape.list_member.as_ref()),
                self.opt_id(shape.map_key.as_ref()),
                self.opt_id(shape.map_value.as_ref()),
                opt_lit(shape.pattern.as_deref()),
                opt_num(shape.min),
                opt_num(shape.max),
                enum_values.join(", "),
                shape.sensitive,
                shape.exception,
            )
            .unwrap();
        }
        writeln!(s, "];").unwrap();
        s
    }

    fn operations_table(&self) -> String {
        let m = self.model;
        let mut s = String::new();
        writeln!(s, "/// The model's version (`botocore X.Y.Z`).").unwrap();
        writeln!(s, "pub const MODEL_VERSION: &str = {};", lit(&m.version)).unwrap();
        writeln!(s, "/// The API version of the service model.").unwrap();
        writeln!(s, "pub const API_VERSION: &str = {};", lit(&m.api_version)).unwrap();
        writeln!(
            s,
            "/// `X-Amz-Target` is this, a dot, and the operation's name."
        )
        .unwrap();
        writeln!(
            s,
            "pub const TARGET_PREFIX: &str = {};",
            lit(&m.target_prefix)
        )
        .unwrap();
        writeln!(s, "/// The SigV4 signing name.").unwrap();
        writeln!(
            s,
            "pub const SIGNING_NAME: &str = {};",
            lit(&m.signing_name)
        )
        .unwrap();
        writeln!(
            s,
            "/// `application/x-amz-json-` and the model's JSON version."
        )
        .unwrap();
        writeln!(
            s,
            "pub const CONTENT_TYPE: &str = {};",
            lit(&format!("application/x-amz-json-{}", m.json_version))
        )
        .unwrap();
        writeln!(s, "/// Every operation of the model, in model order.").unwrap();
        writeln!(s, "pub static OPERATIONS: &[Operation] = &[").unwrap();
        for op in &m.operations {
            let errors: Vec<String> = op.errors.iter().map(|e| lit(e)).collect();
            let paginator = op.paginator.as_ref().map_or("None".into(), |p| {
                format!(
                    "Some(Paginator {{ input_token: {}, output_token: {}, limit_key: {}, result_key: {} }})",
                    lit(&p.input_token),
                    lit(&p.output_token),
                    opt_lit(p.limit_key.as_deref()),
                    lit(&p.result_key)
                )
            });
            writeln!(
                s,
                "    Operation {{ name: {}, target: {}, snake_name: {}, kebab_name: {}, js_name: {}, \
                 input: {}, output: {}, errors: &[{}], readonly: {}, idempotency_token: {}, \
                 paginator: {paginator}, documentation: {} }},",
                lit(&op.name),
                lit(&format!("{}.{}", m.target_prefix, op.name)),
                lit(&names::python(&op.name)),
                lit(&names::cli(&op.name)),
                lit(&names::js_method(&op.name)),
                self.id(&op.input),
                self.opt_id(op.output.as_ref()),
                errors.join(", "),
                op.readonly,
                opt_lit(op.idempotency_token.as_deref()),
                lit(&docs::to_text(&op.documentation)),
            )
            .unwrap();
        }
        writeln!(s, "];").unwrap();
        s
    }

    /// The Rust name of a shape's type: operation inputs and outputs are `{Operation}Input` and
    /// `{Operation}Output`, as in the AWS SDK for Rust; every other shape keeps its model name.
    fn type_name(&self, shape: &str) -> String {
        for op in &self.model.operations {
            if op.input == shape {
                return format!("{}Input", op.name);
            }
            if op.output.as_deref() == Some(shape) {
                return format!("{}Output", op.name);
            }
        }
        shape.to_owned()
    }

    fn rust_type(&self, target: &str) -> String {
        let shape = self.model.shape(target);
        match shape.kind {
            Kind::String => "String".into(),
            Kind::Integer => "i32".into(),
            Kind::Long => "i64".into(),
            Kind::Double => "f64".into(),
            Kind::Boolean => "bool".into(),
            Kind::Timestamp => "crate::timestamp::Timestamp".into(),
            Kind::List => format!(
                "Vec<{}>",
                self.rust_type(shape.list_member.as_ref().unwrap())
            ),
            Kind::Map => format!(
                "std::collections::BTreeMap<String, {}>",
                self.rust_type(shape.map_value.as_ref().unwrap())
            ),
            Kind::Structure | Kind::Union | Kind::Enum => self.type_name(target),
        }
    }

    /// Whether `from` reaches `to` through structure and union members only (lists and maps
    /// already put their elements behind a pointer).
    fn reaches_inline(&self, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(name) = stack.pop() {
            if name == to {
                return true;
            }
            if !seen.insert(name) {
                continue;
            }
            let shape = self.model.shape(name);
            if matches!(shape.kind, Kind::Structure | Kind::Union) {
                stack.extend(shape.members.iter().map(|m| m.target.as_str()));
            }
        }
        false
    }

    fn types(&self) -> String {
        let mut s = String::new();
        for shape in self.shapes {
            match shape.kind {
                Kind::Structure => self.gen_struct(&mut s, shape),
                Kind::Union => self.gen_union(&mut s, shape),
                Kind::Enum => gen_enum(&mut s, shape, &self.type_name(&shape.name)),
                _ => {}
            }
        }
        s
    }

    fn gen_struct(&self, s: &mut String, shape: &Shape) {
        let tname = self.type_name(&shape.name);
        doc(s, "", &docs::to_text(&shape.documentation));
        doc(
            s,
            "",
            &format!(
                "\nThe model's `{}` structure. Optional members are `Option`s; `Default` leaves \
                 required ones empty (validation reports them).",
                shape.name
            ),
        );
        writeln!(
            s,
            "#[derive(Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]"
        )
        .unwrap();
        writeln!(s, "pub struct {tname} {{").unwrap();
        let mut debug = String::new();
        for m in &shape.members {
            let field = names::rust_field(&m.name);
            let mut ty = self.rust_type(&m.target);
            if self.reaches_inline(&m.target, &shape.name) {
                ty = format!("Box<{ty}>");
            }
            // The idempotency token is required on the wire but filled in by the client.
            let optional = !m.required || m.idempotency_token;
            let text = docs::to_text(&m.documentation);
            if !text.is_empty() {
                doc(s, "    ", &text);
                doc(s, "    ", "");
            }
            doc(
                s,
                "    ",
                &format!(
                    "`{}` (`{}`){}{}.",
                    m.name,
                    m.target,
                    if optional { ", optional" } else { ", required" },
                    if m.sensitive { ", sensitive" } else { "" }
                ),
            );
            if optional {
                writeln!(
                    s,
                    "    #[serde(rename = {}, default, skip_serializing_if = \"Option::is_none\")]",
                    lit(&m.name)
                )
                .unwrap();
                writeln!(s, "    pub {field}: Option<{ty}>,").unwrap();
            } else {
                writeln!(s, "    #[serde(rename = {})]", lit(&m.name)).unwrap();
                writeln!(s, "    pub {field}: {ty},").unwrap();
            }
            let shown = field.trim_start_matches("r#");
            if m.sensitive {
                writeln!(
                    debug,
                    "            .field({}, &{})",
                    lit(shown),
                    lit(REDACTED)
                )
                .unwrap();
            } else {
                writeln!(debug, "            .field({}, &self.{field})", lit(shown)).unwrap();
            }
        }
        writeln!(s, "}}\n").unwrap();
        let f = if shape.members.is_empty() { "_f" } else { "f" };
        writeln!(
            s,
            "impl std::fmt::Debug for {tname} {{\n    fn fmt(&self, {f}: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{"
        )
        .unwrap();
        if shape.members.is_empty() {
            writeln!(s, "        {f}.write_str({})", lit(&tname)).unwrap();
        } else {
            writeln!(
                s,
                "        f.debug_struct({})\n{debug}            .finish()",
                lit(&tname)
            )
            .unwrap();
        }
        writeln!(s, "    }}\n}}\n").unwrap();
    }

    fn gen_union(&self, s: &mut String, shape: &Shape) {
        let tname = self.type_name(&shape.name);
        doc(s, "", &docs::to_text(&shape.documentation));
        doc(
            s,
            "",
            &format!(
                "\nThe model's `{}` union: exactly one member is set. `Default` is the first \
                 member, empty.",
                shape.name
            ),
        );
        writeln!(s, "#[derive(Clone, PartialEq, serde::Serialize)]").unwrap();
        writeln!(s, "#[allow(clippy::large_enum_variant)]").unwrap();
        writeln!(s, "pub enum {tname} {{").unwrap();
        let mut debug = String::new();
        for m in &shape.members {
            let mut ty = self.rust_type(&m.target);
            if self.reaches_inline(&m.target, &shape.name) {
                ty = format!("Box<{ty}>");
            }
            let text = docs::to_text(&m.documentation);
            if !text.is_empty() {
                doc(s, "    ", &text);
            }
            writeln!(s, "    #[serde(rename = {})]", lit(&m.name)).unwrap();
            writeln!(s, "    {}({ty}),", m.name).unwrap();
            if m.sensitive {
                writeln!(
                    debug,
                    "            Self::{}(_) => f.debug_tuple({}).field(&{}).finish(),",
                    m.name,
                    lit(&m.name),
                    lit(REDACTED)
                )
                .unwrap();
            } else {
                writeln!(
                    debug,
                    "            Self::{}(v) => f.debug_tuple({}).field(v).finish(),",
                    m.name,
                    lit(&m.name)
                )
                .unwrap();
            }
        }
        writeln!(s, "}}\n").unwrap();
        writeln!(
            s,
            "impl std::fmt::Debug for {tname} {{\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n        match self {{\n{debug}        }}\n    }}\n}}\n"
        )
        .unwrap();
        let names: Vec<&str> = shape.members.iter().map(|m| m.name.as_str()).collect();
        let msg = format!(
            "{} must set exactly one of {}",
            shape.name,
            names.join(", ")
        );
        // A null member counts as absent, as validation counts it.
        writeln!(
            s,
            "impl<'de> serde::Deserialize<'de> for {tname} {{\n    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {{\n        use serde::de::Error as _;\n        let map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;\n        let mut set = map.into_iter().filter(|(_, v)| !v.is_null());\n        let (key, value) = match (set.next(), set.next()) {{\n            (Some(one), None) => one,\n            _ => return Err(D::Error::custom({})),\n        }};\n        match key.as_str() {{",
            lit(&msg)
        )
        .unwrap();
        for n in &names {
            writeln!(
                s,
                "            {} => serde_json::from_value(value).map(Self::{n}).map_err(D::Error::custom),",
                lit(n)
            )
            .unwrap();
        }
        let list: Vec<String> = names.iter().map(|n| lit(n)).collect();
        writeln!(
            s,
            "            other => Err(D::Error::unknown_variant(other, &[{}])),\n        }}\n    }}\n}}\n",
            list.join(", ")
        )
        .unwrap();
        writeln!(
            s,
            "impl Default for {tname} {{\n    fn default() -> Self {{\n        Self::{}(Default::default())\n    }}\n}}\n",
            names[0]
        )
        .unwrap();
    }

    fn client_ops(&self) -> String {
        let mut s = String::new();
        writeln!(s, "impl crate::client::Client {{").unwrap();
        for (i, op) in self.model.operations.iter().enumerate() {
            let method = names::python(&op.name);
            let input = self.type_name(&op.input);
            doc(&mut s, "    ", &docs::to_text(&op.documentation));
            doc(
                &mut s,
                "    ",
                &format!(
                    "\n`{}`: validates, sends (retrying as configured) and decodes the answer.",
                    op.name
                ),
            );
            match &op.output {
                Some(output) => writeln!(
                    s,
                    "    pub async fn {method}(&self, input: &crate::model::{input}) -> Result<crate::client::Response<crate::model::{}>, crate::error::Error> {{\n        self.call_typed(&crate::model::OPERATIONS[{i}], input).await\n    }}\n",
                    self.type_name(output)
                )
                .unwrap(),
                None => writeln!(
                    s,
                    "    pub async fn {method}(&self, input: &crate::model::{input}) -> Result<crate::types::ResponseMetadata, crate::error::Error> {{\n        self.call_typed_unit(&crate::model::OPERATIONS[{i}], input).await\n    }}\n",
                )
                .unwrap(),
            }
            if let (Some(_), Some(output)) = (&op.paginator, &op.output) {
                doc(
                    &mut s,
                    "    ",
                    &format!(
                        "Every page of `{}` from `input` on, as botocore's paginator reads them.",
                        op.name
                    ),
                );
                writeln!(
                    s,
                    "    pub fn {method}_paginator(&self, input: &crate::model::{input}, config: crate::paginate::PaginationConfig) -> crate::paginate::TypedPages<crate::model::{}> {{\n        crate::paginate::TypedPages::new(self.paginate_typed(&crate::model::OPERATIONS[{i}], input, config))\n    }}\n",
                    self.type_name(output)
                )
                .unwrap();
            }
        }
        writeln!(s, "}}").unwrap();
        s
    }

    /// For tests: a JSON value through an operation's typed input or output and back, so every
    /// generated type is exercised against the shared vectors.
    fn roundtrip(&self) -> String {
        let mut s = String::new();
        for (which, pick) in [("input", true), ("output", false)] {
            writeln!(
                s,
                "/// `value` decoded into the operation's typed {which} and encoded again.\npub fn roundtrip_{which}(operation: &str, value: serde_json::Value) -> Result<serde_json::Value, String> {{\n    match operation {{"
            )
            .unwrap();
            for op in &self.model.operations {
                let shape = if pick {
                    Some(&op.input)
                } else {
                    op.output.as_ref()
                };
                if let Some(shape) = shape {
                    writeln!(
                        s,
                        "        {} => serde_json::from_value::<crate::model::{}>(value).and_then(serde_json::to_value).map_err(|e| e.to_string()),",
                        lit(&op.name),
                        self.type_name(shape)
                    )
                    .unwrap();
                }
            }
            writeln!(
                s,
                "        other => Err(format!(\"no typed {which} for {{other}}\")),\n    }}\n}}\n"
            )
            .unwrap();
        }
        writeln!(
            s,
            "/// Calls the typed method of `operation` with `input` decoded into its typed input, and\n/// gives the typed output encoded again (`{{}}` for operations without one).\npub async fn call_typed(client: &crate::Client, operation: &str, input: serde_json::Value) -> Result<serde_json::Value, crate::Error> {{\n    let bad = |e: serde_json::Error| crate::Error::InvalidInput(e.to_string());\n    match operation {{"
        )
        .unwrap();
        for op in &self.model.operations {
            let method = names::python(&op.name);
            let input = self.type_name(&op.input);
            let call = if op.output.is_some() {
                format!("serde_json::to_value(&client.{method}(&typed).await?.output).map_err(bad)")
            } else {
                format!("client.{method}(&typed).await.map(|_| serde_json::json!({{}}))")
            };
            writeln!(
                s,
                "        {} => {{\n            let typed: crate::model::{input} = serde_json::from_value(input).map_err(bad)?;\n            {call}\n        }}",
                lit(&op.name)
            )
            .unwrap();
        }
        writeln!(
            s,
            "        other => Err(crate::Error::InvalidInput(format!(\"no operation {{other}}\"))),\n    }}\n}}"
        )
        .unwrap();
        s
    }

    /// One entry per shape id: the pattern's bounds, and its DFA in a file of its own, serialized
    /// in the target's byte order and embedded at a 4-byte boundary (`DFA::from_bytes` then
    /// borrows it). The DFA is built from the same syntax, with the same defaults (Unicode,
    /// UTF-8), as `regex::Regex::new` would use; the anchored start plus `\z` make a match a full
    /// match. Shapes sharing a pattern share one DFA.
    fn patterns(&self, out: &Path) -> String {
        use regex_automata::dfa::{StartKind, dense};
        let little =
            std::env::var("CARGO_CFG_TARGET_ENDIAN").expect("target endianness") == "little";
        let mut table = String::new();
        let mut statics = String::new();
        let mut built: HashMap<String, String> = HashMap::new();
        for (i, shape) in self.shapes.iter().enumerate() {
            let Some(source) = shape.pattern.as_deref() else {
                writeln!(table, "    /* {i} */ None,").unwrap();
                continue;
            };
            let plan = ecma::Plan::new(source).unwrap_or_else(|e| {
                panic!("model pattern of {} not translatable: {e}", shape.name)
            });
            let dfa = match &plan.regex {
                None => "None".to_owned(),
                Some(regex) if built.contains_key(regex) => built[regex].clone(),
                Some(regex) => {
                    let dfa = dense::Builder::new()
                        .configure(
                            dense::DFA::config()
                                .start_kind(StartKind::Anchored)
                                .minimize(true),
                        )
                        .build(regex)
                        .unwrap_or_else(|e| panic!("pattern of {} ({regex}): {e}", shape.name));
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
                    let expr = format!("Some(&DFA_{i}.bytes)");
                    built.insert(regex.clone(), expr.clone());
                    expr
                }
            };
            writeln!(
                table,
                "    /* {i} */ Some(Compiled {{ source: {}, min_len: {}, max_len: {}, \
                 no_line_terminators: {}, dfa: {dfa} }}),",
                lit(source),
                opt_num(plan.min_len),
                opt_num(plan.max_len),
                plan.no_line_terminators,
            )
            .unwrap();
        }
        format!(
            "/// Every shape's pattern as build.rs compiled it, by shape id.\n\
             static COMPILED: [Option<Compiled>; {}] = [\n{table}];\n{statics}",
            self.shapes.len()
        )
    }
}

fn doc(s: &mut String, indent: &str, text: &str) {
    if text.is_empty() {
        writeln!(s, "{indent}///").unwrap();
    }
    for line in text.lines() {
        let line = line.replace("*/", "* /");
        writeln!(
            s,
            "{indent}///{}{line}",
            if line.is_empty() { "" } else { " " }
        )
        .unwrap();
    }
}

fn gen_enum(s: &mut String, shape: &Shape, tname: &str) {
    let values = &shape.enum_values;
    let mut seen = BTreeSet::new();
    let variants: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let base = names::enum_variant(v).unwrap_or_else(|| format!("Value{i}"));
            let mut name = base.clone();
            let mut n = 2;
            while name == "Unknown" || !seen.insert(name.clone()) {
                name = format!("{base}{n}");
                n += 1;
            }
            name
        })
        .collect();
    doc(s, "", &docs::to_text(&shape.documentation));
    doc(
        s,
        "",
        &format!(
            "\nThe model's `{}` enum ({} values). `Unknown` carries a value newer than this model; \
             `Default` is an empty `Unknown`, which validation rejects.",
            shape.name,
            values.len()
        ),
    );
    writeln!(
        s,
        "#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]\n#[non_exhaustive]"
    )
    .unwrap();
    writeln!(s, "pub enum {tname} {{").unwrap();
    for (v, var) in values.iter().zip(&variants) {
        writeln!(s, "    /// `{v}`\n    {var},").unwrap();
    }
    writeln!(
        s,
        "    /// A value this model does not list.\n    Unknown(String),\n}}\n"
    )
    .unwrap();
    let list: Vec<String> = values.iter().map(|v| lit(v)).collect();
    writeln!(
        s,
        "impl {tname} {{\n    /// Every value the model lists, in model order.\n    pub const VALUES: &'static [&'static str] = &[{}];\n    /// The value as sent on the wire.\n    pub fn as_str(&self) -> &str {{\n        match self {{",
        list.join(", ")
    )
    .unwrap();
    for (v, var) in values.iter().zip(&variants) {
        writeln!(s, "            Self::{var} => {},", lit(v)).unwrap();
    }
    writeln!(
        s,
        "            Self::Unknown(v) => v,\n        }}\n    }}\n    /// The enum for a wire value (`Unknown` when the model does not list it).\n    pub fn from_wire(value: &str) -> Self {{\n        match value {{"
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
