//! The one reader of the vendored service model (`core/model/`): botocore's `service-2.json`,
//! `paginators-1.json` and `waiters-2.json`. `core/build.rs` and the `codegen` binary both read the
//! model through this crate, so reachability, the idempotency-token rule, naming and the
//! documentation's plain text are decided once.
//!
//! It fails loudly on anything it does not understand (a new shape type, a paginator with several
//! result keys): a newer model must extend this reader, never be half-read.

#![forbid(unsafe_code)]

pub mod docs;
pub mod names;

use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// File names inside the model directory.
pub const SERVICE_FILE: &str = "partnercentral-selling-2022-07-26.service-2.json";
pub const PAGINATORS_FILE: &str = "partnercentral-selling-2022-07-26.paginators-1.json";
pub const WAITERS_FILE: &str = "partnercentral-selling-2022-07-26.waiters-2.json";
pub const VERSION_FILE: &str = "VERSION";

/// What a shape is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Structure,
    Union,
    List,
    Map,
    String,
    Enum,
    Integer,
    Long,
    Double,
    Boolean,
    Timestamp,
}

impl Kind {
    /// The variant name of core's `ShapeKind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Structure => "Structure",
            Kind::Union => "Union",
            Kind::List => "List",
            Kind::Map => "Map",
            Kind::String => "String",
            Kind::Enum => "Enum",
            Kind::Integer => "Integer",
            Kind::Long => "Long",
            Kind::Double => "Double",
            Kind::Boolean => "Boolean",
            Kind::Timestamp => "Timestamp",
        }
    }
}

/// A member of a structure or union.
#[derive(Debug, Clone)]
pub struct Member {
    pub name: String,
    pub target: String,
    pub required: bool,
    /// The member or its target shape is sensitive.
    pub sensitive: bool,
    /// Marked `idempotencyToken`: a client fills it when absent, so it is never "missing".
    pub idempotency_token: bool,
    /// The model's HTML.
    pub documentation: String,
}

/// One shape with every constraint it carries.
#[derive(Debug, Clone)]
pub struct Shape {
    pub name: String,
    pub kind: Kind,
    /// Structure and union members, in model order.
    pub members: Vec<Member>,
    /// The element of a list.
    pub list_member: Option<String>,
    /// The key and value shapes of a map.
    pub map_key: Option<String>,
    pub map_value: Option<String>,
    pub pattern: Option<String>,
    /// Length bounds (strings, lists, maps) or value bounds (numbers).
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub enum_values: Vec<String>,
    pub sensitive: bool,
    /// `iso8601`, `epoch-seconds` or `rfc822` for timestamps.
    pub timestamp_format: Option<String>,
    /// An error shape (`exception: true`); `fault` when the service is at fault (5xx).
    pub exception: bool,
    pub fault: bool,
    pub documentation: String,
}

impl Shape {
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }
}

/// botocore's `paginators-1.json` entry of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paginator {
    pub input_token: String,
    pub output_token: String,
    pub limit_key: Option<String>,
    pub result_key: String,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    pub name: String,
    pub input: String,
    pub output: Option<String>,
    /// Error shape names, in model order.
    pub errors: Vec<String>,
    pub readonly: bool,
    /// The input member marked `idempotencyToken`.
    pub idempotency_token: Option<String>,
    pub paginator: Option<Paginator>,
    pub documentation: String,
}

/// The whole model.
#[derive(Debug, Clone)]
pub struct Model {
    /// `botocore 1.44.8`, from `VERSION`.
    pub version: String,
    pub api_version: String,
    pub target_prefix: String,
    pub signing_name: String,
    pub json_version: String,
    pub service_full_name: String,
    pub documentation: String,
    /// Every shape, in model order.
    pub shapes: Vec<Shape>,
    /// Every operation, in model order.
    pub operations: Vec<Operation>,
    index: HashMap<String, usize>,
}

/// What went wrong reading the model: which file and what to do.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

fn err<T>(message: impl Into<String>) -> Result<T, Error> {
    Err(Error(message.into()))
}

fn read_json(dir: &Path, file: &str) -> Result<Value, Error> {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error(format!(
            "cannot read {}: {e}; run scripts/update-model BOTOCORE_VERSION to vendor the model",
            path.display()
        ))
    })?;
    serde_json::from_str(&text).map_err(|e| Error(format!("{} is not JSON: {e}", path.display())))
}

fn string(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

fn bound(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
}

impl Model {
    /// Reads `dir` (core/model): the service model, its paginators and VERSION.
    pub fn load(dir: &Path) -> Result<Model, Error> {
        let service = read_json(dir, SERVICE_FILE)?;
        let paginators = read_json(dir, PAGINATORS_FILE)?;
        let waiters = read_json(dir, WAITERS_FILE)?;
        if waiters["waiters"]
            .as_object()
            .is_some_and(|w| !w.is_empty())
        {
            return err(format!(
                "{WAITERS_FILE} defines waiters; model-reader does not read them yet: extend it (and core) before vendoring this model"
            ));
        }
        let version = std::fs::read_to_string(dir.join(VERSION_FILE))
            .map(|v| v.trim().to_owned())
            .unwrap_or_else(|_| "unknown".to_owned());
        Self::from_json(&service, &paginators, version)
    }

    /// Builds the model from already parsed files.
    pub fn from_json(service: &Value, paginators: &Value, version: String) -> Result<Model, Error> {
        let meta = &service["metadata"];
        if meta["protocol"] != "json" {
            return err(format!(
                "the model's protocol is {}, but the core speaks AWS JSON only",
                meta["protocol"]
            ));
        }
        let Some(raw_shapes) = service["shapes"].as_object() else {
            return err("the service model has no `shapes` object");
        };
        let mut shapes = Vec::with_capacity(raw_shapes.len());
        for (name, raw) in raw_shapes {
            shapes.push(read_shape(name, raw, raw_shapes)?);
        }
        let index: HashMap<String, usize> = shapes
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), i))
            .collect();
        let pages = paginators["pagination"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let Some(raw_ops) = service["operations"].as_object() else {
            return err("the service model has no `operations` object");
        };
        let mut operations = Vec::with_capacity(raw_ops.len());
        for (name, raw) in raw_ops {
            operations.push(read_operation(name, raw, &pages, &shapes, &index)?);
        }
        for name in pages.keys() {
            if !raw_ops.contains_key(name) {
                return err(format!("paginator {name} names no operation of the model"));
            }
        }
        let model = Model {
            version,
            api_version: string(&meta["apiVersion"]),
            target_prefix: string(&meta["targetPrefix"]),
            signing_name: string(&meta["signingName"]),
            json_version: string(&meta["jsonVersion"]),
            service_full_name: string(&meta["serviceFullName"]),
            documentation: string(&service["documentation"]),
            shapes,
            operations,
            index,
        };
        for shape in &model.shapes {
            let targets = shape
                .members
                .iter()
                .map(|m| &m.target)
                .chain(&shape.list_member)
                .chain(&shape.map_key)
                .chain(&shape.map_value);
            for t in targets {
                if !model.index.contains_key(t) {
                    return err(format!("shape {} refers to unknown shape {t}", shape.name));
                }
            }
        }
        Ok(model)
    }

    /// The shape called `name`. Panics on a name the model does not have: every name this
    /// crate hands out is a model name.
    pub fn shape(&self, name: &str) -> &Shape {
        &self.shapes[self.index[name]]
    }

    pub fn shape_index(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.name == name)
    }

    /// The shapes a client can meet (every operation's input, output and errors and what they
    /// reach), in model order.
    pub fn reachable(&self) -> Vec<&Shape> {
        let roots = self.operations.iter().flat_map(|o| {
            std::iter::once(o.input.as_str())
                .chain(o.output.as_deref())
                .chain(o.errors.iter().map(String::as_str))
        });
        self.reachable_from(roots)
    }

    /// The shapes reachable from `roots`, in model order.
    pub fn reachable_from<'a>(&self, roots: impl IntoIterator<Item = &'a str>) -> Vec<&Shape> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&str> = roots.into_iter().collect();
        while let Some(name) = stack.pop() {
            let Some(i) = self.index.get(name) else {
                continue;
            };
            if !seen.insert(*i) {
                continue;
            }
            let s = &self.shapes[*i];
            stack.extend(s.members.iter().map(|m| m.target.as_str()));
            stack.extend(s.list_member.as_deref());
            stack.extend(s.map_key.as_deref());
            stack.extend(s.map_value.as_deref());
        }
        seen.into_iter().map(|i| &self.shapes[i]).collect()
    }

    /// The error shapes of the model (`exception: true`), in model order.
    pub fn errors(&self) -> impl Iterator<Item = &Shape> {
        self.shapes.iter().filter(|s| s.exception)
    }
}

fn read_shape(name: &str, raw: &Value, all: &Map<String, Value>) -> Result<Shape, Error> {
    let ty = raw["type"].as_str().unwrap_or("");
    let kind = match ty {
        "structure" if raw["union"].as_bool() == Some(true) => Kind::Union,
        "structure" => Kind::Structure,
        "list" => Kind::List,
        "map" => Kind::Map,
        "string" if raw.get("enum").is_some() => Kind::Enum,
        "string" => Kind::String,
        "integer" => Kind::Integer,
        "long" => Kind::Long,
        "double" | "float" => Kind::Double,
        "boolean" => Kind::Boolean,
        "timestamp" => Kind::Timestamp,
        other => {
            return err(format!(
                "shape {name} has type {other:?}, which model-reader does not handle: extend model-reader/src/lib.rs (and core's ShapeKind) before vendoring this model"
            ));
        }
    };
    let required: BTreeSet<&str> = raw["required"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut members = Vec::new();
    if let Some(ms) = raw["members"].as_object() {
        for (mname, m) in ms {
            let target = string(&m["shape"]);
            let target_sensitive = all
                .get(&target)
                .and_then(|t| t["sensitive"].as_bool())
                .unwrap_or(false);
            members.push(Member {
                name: mname.clone(),
                required: required.contains(mname.as_str()),
                sensitive: m["sensitive"].as_bool().unwrap_or(false) || target_sensitive,
                idempotency_token: m["idempotencyToken"].as_bool().unwrap_or(false),
                documentation: string(&m["documentation"]),
                target,
            });
        }
    }
    for r in &required {
        if !members.iter().any(|m| m.name == *r) {
            return err(format!("shape {name} requires {r}, which is not a member"));
        }
    }
    let shape_ref = |key: &str| raw[key]["shape"].as_str().map(str::to_owned);
    Ok(Shape {
        name: name.to_owned(),
        kind,
        members,
        list_member: shape_ref("member"),
        map_key: shape_ref("key"),
        map_value: shape_ref("value"),
        pattern: raw["pattern"].as_str().map(str::to_owned),
        min: bound(&raw["min"]),
        max: bound(&raw["max"]),
        enum_values: raw["enum"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        sensitive: raw["sensitive"].as_bool().unwrap_or(false),
        timestamp_format: raw["timestampFormat"].as_str().map(str::to_owned),
        exception: raw["exception"].as_bool().unwrap_or(false),
        fault: raw["fault"].as_bool().unwrap_or(false),
        documentation: string(&raw["documentation"]),
    })
}

fn one_key(op: &str, what: &str, v: &Value) -> Result<String, Error> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Array(a) if a.len() == 1 && a[0].is_string() => Ok(string(&a[0])),
        _ => err(format!(
            "paginator {op}: {what} {v} is not a single key; model-reader and core's paginator read one"
        )),
    }
}

fn read_operation(
    name: &str,
    raw: &Value,
    pages: &Map<String, Value>,
    shapes: &[Shape],
    index: &HashMap<String, usize>,
) -> Result<Operation, Error> {
    let http = &raw["http"];
    if http["method"] != "POST" || http["requestUri"] != "/" {
        return err(format!(
            "operation {name} is not POST / ({http}); the core speaks AWS JSON 1.0 only"
        ));
    }
    let Some(input) = raw["input"]["shape"].as_str() else {
        return err(format!("operation {name} has no input shape"));
    };
    let Some(&input_index) = index.get(input) else {
        return err(format!("operation {name}: unknown input shape {input}"));
    };
    let tokens: Vec<&Member> = shapes[input_index]
        .members
        .iter()
        .filter(|m| m.idempotency_token)
        .collect();
    if tokens.len() > 1 {
        return err(format!("operation {name} has several idempotency tokens"));
    }
    let paginator = match pages.get(name) {
        None => None,
        Some(p) => Some(Paginator {
            input_token: one_key(name, "input_token", &p["input_token"])?,
            output_token: one_key(name, "output_token", &p["output_token"])?,
            limit_key: p["limit_key"].as_str().map(str::to_owned),
            result_key: one_key(name, "result_key", &p["result_key"])?,
        }),
    };
    Ok(Operation {
        name: name.to_owned(),
        input: input.to_owned(),
        output: raw["output"]["shape"].as_str().map(str::to_owned),
        errors: raw["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["shape"].as_str())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        readonly: raw["readonly"].as_bool().unwrap_or(false),
        idempotency_token: tokens.first().map(|m| m.name.clone()),
        paginator,
        documentation: string(&raw["documentation"]),
    })
}
