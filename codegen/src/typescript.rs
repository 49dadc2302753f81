//! The Node package's `index.d.ts` and its ESM entry `index.mjs`, from the model through
//! model-reader: an interface per structure, a string-literal union per enum, an exclusive union
//! per union shape, and per operation its `XCommandInput`/`XCommandOutput`, its `XCommand` class,
//! its aggregated client method and (when it pages) its `paginateX` function, each with the
//! model's documentation as JSDoc, so editors show it on hover as they do for the JS SDK v3.
//! The hand-written part (client options, client-side errors, the emulator) is
//! `bindings-node/scripts/client.d.ts.in`, appended as is.

use crate::Output;
use model_reader::{Kind, Member, Model, Operation, Shape, docs, names};
use std::fmt::Write as _;
use std::path::PathBuf;

const HAND_WRITTEN: &str = include_str!("../../bindings-node/scripts/client.d.ts.in");

pub fn generate(model: &Model) -> Vec<Output> {
    vec![
        Output {
            path: PathBuf::from("bindings-node/index.d.ts"),
            text: declarations(model),
        },
        Output {
            path: PathBuf::from("bindings-node/index.mjs"),
            text: esm_entry(model),
        },
        Output {
            path: PathBuf::from("tests/node/fixtures/operations.json"),
            text: operations_fixture(model),
        },
    ]
}

/// A JSDoc block of `paragraphs` (plain text, may hold line breaks) at `indent`.
fn jsdoc(out: &mut String, indent: &str, paragraphs: &[String]) {
    let lines: Vec<String> = paragraphs
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.trim().replace("*/", "*\u{2060}/"))
        .collect::<Vec<_>>()
        .join("\n\n")
        .lines()
        .map(str::trim_end)
        .map(str::to_owned)
        .collect();
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}/**");
    for line in lines {
        if line.is_empty() {
            let _ = writeln!(out, "{indent} *");
        } else {
            let _ = writeln!(out, "{indent} * {line}");
        }
    }
    let _ = writeln!(out, "{indent} */");
}

/// What a value of `shape` is checked against, for the JSDoc of the members that hold it.
fn constraints(shape: &Shape) -> Vec<String> {
    let mut notes = Vec::new();
    let what = match shape.kind {
        Kind::String => "Length (code points)",
        Kind::List => "Items",
        Kind::Map => "Entries",
        Kind::Integer | Kind::Long | Kind::Double => "Range",
        _ => "",
    };
    if !what.is_empty() && (shape.min.is_some() || shape.max.is_some()) {
        let min = shape.min.map_or(String::new(), |m| m.to_string());
        let max = shape.max.map_or(String::new(), |m| m.to_string());
        notes.push(format!("{what}: {min}..{max}"));
    }
    if let Some(p) = &shape.pattern {
        notes.push(format!("Pattern (whole value): `{p}`"));
    }
    if shape.kind == Kind::Timestamp {
        notes.push("A `Date` (ISO 8601 text and epoch seconds are accepted too).".to_owned());
    }
    if shape.sensitive {
        notes.push("Sensitive: never logged or shown by this package.".to_owned());
    }
    notes
}

/// The TypeScript type of a value of shape `name`.
fn type_of(model: &Model, name: &str) -> String {
    let shape = model.shape(name);
    match shape.kind {
        Kind::Structure | Kind::Union | Kind::Enum => name.to_owned(),
        Kind::String => "string".to_owned(),
        Kind::Integer | Kind::Long | Kind::Double => "number".to_owned(),
        Kind::Boolean => "boolean".to_owned(),
        Kind::Timestamp => "Date".to_owned(),
        Kind::List => {
            let item = type_of(model, shape.list_member.as_deref().unwrap_or("String"));
            if item.contains(' ') {
                format!("({item})[]")
            } else {
                format!("{item}[]")
            }
        }
        Kind::Map => format!(
            "Record<string, {}>",
            type_of(model, shape.map_value.as_deref().unwrap_or("String"))
        ),
    }
}

fn member_doc(model: &Model, m: &Member) -> Vec<String> {
    let mut doc = vec![docs::to_text(&m.documentation)];
    doc.extend(constraints(model.shape(&m.target)));
    if m.idempotency_token {
        doc.push("Filled with a fresh UUID v4 when left out.".to_owned());
    }
    doc
}

/// The members of a structure. `output`: as the JS SDK types outputs and errors, a required
/// member is present but may be `undefined` (the client does not check what the service sends).
fn members(out: &mut String, model: &Model, shape: &Shape, output: bool, skip: &[&str]) {
    for m in shape
        .members
        .iter()
        .filter(|m| !skip.contains(&m.name.as_str()))
    {
        jsdoc(out, "  ", &member_doc(model, m));
        let optional = !m.required || m.idempotency_token;
        let ty = type_of(model, &m.target);
        if output && !optional {
            let _ = writeln!(out, "  {}: {ty} | undefined;", m.name);
        } else if optional {
            let _ = writeln!(out, "  {}?: {ty} | undefined;", m.name);
        } else {
            let _ = writeln!(out, "  {}: {ty};", m.name);
        }
    }
}

fn operation_doc(op: &Operation) -> String {
    docs::to_text(&op.documentation)
}

/// Whether `op`'s input may be left out (no member a caller must give).
fn input_optional(model: &Model, op: &Operation) -> bool {
    !model
        .shape(&op.input)
        .members
        .iter()
        .any(|m| m.required && !m.idempotency_token)
}

fn declarations(model: &Model) -> String {
    let mut out = String::with_capacity(512 * 1024);
    let _ = writeln!(
        out,
        "// Generated by codegen (codegen/src/typescript.rs) from the model in core/model ({}).\n\
         // Do not edit: run `cargo run -p partnercentral-selling-codegen`; `--check` fails on drift.\n",
        model.version
    );
    jsdoc(
        &mut out,
        "",
        &[
            docs::to_text(&model.documentation),
            "@packageDocumentation".to_owned(),
        ],
    );
    out.push('\n');

    let inputs: Vec<&str> = model.operations.iter().map(|o| o.input.as_str()).collect();
    let outputs: Vec<&str> = model
        .operations
        .iter()
        .filter_map(|o| o.output.as_deref())
        .collect();

    out.push_str("// ---- Enums: every value the model lists ----\n\n");
    for shape in model.reachable() {
        if shape.kind != Kind::Enum {
            continue;
        }
        jsdoc(&mut out, "", &[docs::to_text(&shape.documentation)]);
        let _ = writeln!(out, "export type {} =", shape.name);
        let last = shape.enum_values.len().saturating_sub(1);
        for (i, v) in shape.enum_values.iter().enumerate() {
            let end = if i == last { ";" } else { "" };
            let _ = writeln!(out, "  | {}{end}", serde_json::Value::from(v.as_str()));
        }
        out.push('\n');
    }

    out.push_str("// ---- Structures and unions ----\n\n");
    for shape in model.reachable() {
        if shape.exception {
            continue;
        }
        match shape.kind {
            Kind::Union => {
                jsdoc(
                    &mut out,
                    "",
                    &[
                        docs::to_text(&shape.documentation),
                        "Exactly one member is set.".to_owned(),
                    ],
                );
                let _ = writeln!(out, "export type {} =", shape.name);
                let last = shape.members.len().saturating_sub(1);
                for (i, m) in shape.members.iter().enumerate() {
                    let mut alt = String::new();
                    jsdoc(&mut alt, "      ", &member_doc(model, m));
                    let _ = write!(
                        out,
                        "  | {{\n{alt}      {}: {};\n",
                        m.name,
                        type_of(model, &m.target)
                    );
                    for other in shape.members.iter().filter(|o| o.name != m.name) {
                        let _ = writeln!(out, "      {}?: never;", other.name);
                    }
                    let end = if i == last { ";" } else { "" };
                    let _ = writeln!(out, "    }}{end}");
                }
                out.push('\n');
            }
            Kind::Structure => {
                let is_input = inputs.contains(&shape.name.as_str());
                let is_output = outputs.contains(&shape.name.as_str());
                jsdoc(&mut out, "", &[docs::to_text(&shape.documentation)]);
                let _ = writeln!(out, "export interface {} {{", shape.name);
                members(&mut out, model, shape, is_output && !is_input, &[]);
                out.push_str("}\n\n");
            }
            _ => {}
        }
    }

    out.push_str(
        "// ---- Metadata and the errors the service answers with ----\n\n\
         export interface ResponseMetadata {\n\
         \x20 httpStatusCode?: number | undefined;\n\
         \x20 requestId?: string | undefined;\n\
         \x20 extendedRequestId?: string | undefined;\n\
         \x20 cfId?: string | undefined;\n\
         \x20 attempts?: number | undefined;\n\
         \x20 /** Milliseconds spent waiting between attempts. */\n\
         \x20 totalRetryDelay?: number | undefined;\n\
         \x20 /** The idempotency token sent (generated when the input had none); not enumerable. */\n\
         \x20 readonly clientToken?: string | undefined;\n\
         }\n\
         export interface MetadataBearer {\n\
         \x20 $metadata: ResponseMetadata;\n\
         }\n\n\
         /** Base of every error the service answered with. */\n\
         export declare class PartnerCentralSellingServiceException extends Error {\n\
         \x20 readonly $fault: 'client' | 'server';\n\
         \x20 $metadata: ResponseMetadata;\n\
         }\n\n",
    );
    for shape in model.errors() {
        jsdoc(&mut out, "", &[docs::to_text(&shape.documentation)]);
        let fault = if shape.fault { "server" } else { "client" };
        let _ = writeln!(
            out,
            "export declare class {0} extends PartnerCentralSellingServiceException {{\n  readonly name: '{0}';\n  readonly $fault: '{fault}';",
            shape.name
        );
        members(&mut out, model, shape, true, &["Message", "message"]);
        out.push_str("}\n\n");
    }

    out.push_str(
        "// ---- Commands: one per operation, for client.send(...) ----\n\n\
         export interface HttpHandlerOptions {\n\
         \x20 abortSignal?: AbortSignal | undefined;\n\
         }\n\n\
         /** Base of the Command classes: what `client.send` accepts. */\n\
         export declare abstract class Command<Input extends object, Output extends MetadataBearer> {\n\
         \x20 readonly input: Input;\n\
         \x20 /** Type-level only: the output `client.send` resolves to. */\n\
         \x20 protected readonly __output?: Output;\n\
         }\n\n",
    );
    out.push_str("/** The name of every operation (what `validate(input, operation)` takes). */\n");
    out.push_str("export type OperationName =\n");
    let last = model.operations.len().saturating_sub(1);
    for (i, op) in model.operations.iter().enumerate() {
        let end = if i == last { ";" } else { "" };
        let _ = writeln!(out, "  | '{}'{end}", op.name);
    }
    out.push('\n');
    for op in &model.operations {
        let name = &op.name;
        let output = match &op.output {
            Some(o) => format!("{o}, MetadataBearer"),
            None => "MetadataBearer".to_owned(),
        };
        let _ = writeln!(
            out,
            "/** The input of {name} (the JS SDK's `{name}CommandInput`). */\nexport interface {name}CommandInput extends {} {{}}",
            op.input
        );
        let _ = writeln!(
            out,
            "/** The output of {name}, with `$metadata`. */\nexport interface {name}CommandOutput extends {output} {{}}"
        );
        let mut doc = vec![operation_doc(op)];
        if let Some(p) = &op.paginator {
            doc.push(format!("Pages through `paginate{name}`."));
            let _ = p;
        }
        jsdoc(&mut out, "", &doc);
        let ctor = if input_optional(model, op) {
            format!("constructor(...[input]: [] | [{name}CommandInput]);")
        } else {
            format!("constructor(input: {name}CommandInput);")
        };
        let _ = writeln!(
            out,
            "export declare class {name}Command extends Command<{name}CommandInput, {name}CommandOutput> {{\n  static readonly operationName: '{name}';\n  {ctor}\n}}\n"
        );
    }

    out.push_str(
        "// ---- The client's aggregated methods, one per operation ----\n\n\
         export interface PartnerCentralSellingOperations {\n",
    );
    for op in &model.operations {
        let name = &op.name;
        let method = names::js_method(name);
        jsdoc(&mut out, "  ", &[operation_doc(op)]);
        let input = if input_optional(model, op) {
            "input?"
        } else {
            "input"
        };
        let _ = writeln!(
            out,
            "  {method}({input}: {name}CommandInput, options?: HttpHandlerOptions): Promise<{name}CommandOutput>;\n  {method}(input: {name}CommandInput, cb: (err: unknown, data?: {name}CommandOutput) => void): void;\n  {method}(input: {name}CommandInput, options: HttpHandlerOptions, cb: (err: unknown, data?: {name}CommandOutput) => void): void;"
        );
    }
    out.push_str("}\n\n");

    out.push_str(
        "// ---- Paginators: async generators of pages, as the JS SDK v3's ----\n\n\
         export interface PartnerCentralSellingPaginationConfiguration {\n\
         \x20 client: PartnerCentralSellingClient;\n\
         \x20 /** Items per request, sent in the operation's page-size member when the input sets none. */\n\
         \x20 pageSize?: number | undefined;\n\
         \x20 /** The token of the first request (a page's output token from an earlier run). */\n\
         \x20 startingToken?: string | undefined;\n\
         \x20 /** Stop when a page repeats the token it was fetched with. */\n\
         \x20 stopOnSameToken?: boolean | undefined;\n\
         }\n\
         export type Paginator<T> = AsyncGenerator<T, undefined, unknown>;\n\n",
    );
    for op in model.operations.iter().filter(|o| o.paginator.is_some()) {
        let name = &op.name;
        let p = op.paginator.as_ref().expect("filtered");
        let mut doc = vec![format!(
            "The pages of {name}: each page is one {name}CommandOutput; the next request carries the page's `{}` as `{}`, until a page has none.",
            p.output_token, p.input_token
        )];
        if let Some(limit) = &p.limit_key {
            doc.push(format!("`pageSize` is sent as `{limit}`."));
        }
        doc.push(operation_doc(op));
        jsdoc(&mut out, "", &doc);
        let input = if input_optional(model, op) {
            "input?"
        } else {
            "input"
        };
        let _ = writeln!(
            out,
            "export declare function paginate{name}(config: PartnerCentralSellingPaginationConfiguration, {input}: {name}CommandInput): Paginator<{name}CommandOutput>;\n"
        );
    }

    out.push_str(HAND_WRITTEN);
    out
}

/// The ESM entry: the CommonJS package's objects under their names, so `instanceof` holds
/// across `import` and `require`. The list of names is the model's, hence generated.
fn esm_entry(model: &Model) -> String {
    let mut names_list: Vec<String> = [
        "PartnerCentralSellingClient",
        "PartnerCentralSelling",
        "validate",
        "startEmulator",
        "PartnerCentralSellingServiceException",
        "PartnerCentralSellingClientError",
        "ValidationError",
        "CredentialsProviderError",
        "ConnectionError",
        "CertificateError",
        "TimeoutError",
        "ConfigurationError",
        "ResponseParseError",
        "AbortError",
        "InternalError",
        "BulkInvalidRowsError",
        "BulkError",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    names_list.extend(model.errors().map(|s| s.name.clone()));
    for op in &model.operations {
        names_list.push(format!("{}Command", op.name));
        if op.paginator.is_some() {
            names_list.push(format!("paginate{}", op.name));
        }
    }
    let mut out = String::from(
        "// Generated by codegen (codegen/src/typescript.rs) from the model; do not edit.\n\
         // ESM entry: the same objects as the CommonJS entry, so `instanceof` holds across both.\n\
         import { createRequire } from 'node:module';\n\n\
         const require = createRequire(import.meta.url);\n\
         const pkg = require('./index.js');\n\n\
         export const {\n",
    );
    for n in &names_list {
        let _ = writeln!(out, "  {n},");
    }
    out.push_str("} = pkg;\nexport default pkg;\n");
    out
}

/// `tests/node/fixtures/operations.json`: for every operation of the model, its names as the JS
/// SDK v3 exports them, its paginator, its idempotency-token member, its errors with a sample body each (every member of the
/// error shape), and the names of its input's timestamp members, where the parity tests put
/// `Date`s (with a flag for a name that also names a member of another type). The parity
/// tests and the "nothing missing" test read it: it is the model's list, independent of the
/// core's table the package is built from. (Inputs and outputs come from `tests/vectors/`.)
fn operations_fixture(model: &Model) -> String {
    use serde_json::{Map, Value, json};
    let ops: Vec<Value> = model
        .operations
        .iter()
        .map(|op| {
            let errors: Vec<Value> = op
                .errors
                .iter()
                .map(|e| {
                    let shape = model.shape(e);
                    json!({
                        "code": e,
                        "fault": if shape.fault { "server" } else { "client" },
                        "body": sample(model, e, 0),
                    })
                })
                .collect();
            let mut o = Map::new();
            o.insert("name".into(), json!(op.name));
            o.insert("jsName".into(), json!(names::js_method(&op.name)));
            o.insert("command".into(), json!(format!("{}Command", op.name)));
            o.insert(
                "paginator".into(),
                match &op.paginator {
                    Some(p) => json!({
                        "function": format!("paginate{}", op.name),
                        "inputToken": p.input_token,
                        "outputToken": p.output_token,
                        "limitKey": p.limit_key,
                        "resultKey": p.result_key,
                    }),
                    None => Value::Null,
                },
            );
            o.insert("errors".into(), Value::Array(errors));
            o.insert("idempotencyToken".into(), json!(op.idempotency_token));
            o.insert("hasOutput".into(), json!(op.output.is_some()));
            let (stamps, ambiguous) = timestamp_members(model, &op.input);
            o.insert("inputTimestampMembers".into(), json!(stamps));
            o.insert("inputTimestampNamesAmbiguous".into(), json!(ambiguous));
            Value::Object(o)
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&json!({
        "generatedBy": "codegen/src/typescript.rs",
        "model": model.version,
        "operations": ops,
    }))
    .unwrap_or_default();
    text.push('\n');
    text
}

/// The names of the members under `shape` that hold timestamps, and whether one of those names
/// also names a member of another type there (then a name alone does not tell a timestamp).
fn timestamp_members(model: &Model, shape: &str) -> (Vec<String>, bool) {
    let reach = model.reachable_from([shape]);
    let mut stamps = std::collections::BTreeSet::new();
    let mut others = std::collections::BTreeSet::new();
    for s in &reach {
        for m in &s.members {
            if model.shape(&m.target).kind == Kind::Timestamp {
                stamps.insert(m.name.clone());
            } else {
                others.insert(m.name.clone());
            }
        }
    }
    let ambiguous = stamps.iter().any(|n| others.contains(n));
    (stamps.into_iter().collect(), ambiguous)
}

/// A value of shape `name`; below depth 4 only required members, so recursive shapes end.
fn sample(model: &Model, name: &str, depth: usize) -> serde_json::Value {
    use serde_json::{Map, Value, json};
    let shape = model.shape(name);
    match shape.kind {
        Kind::Structure | Kind::Union => {
            let mut map = Map::new();
            for m in &shape.members {
                if depth >= 4 && !m.required {
                    continue;
                }
                map.insert(m.name.clone(), sample(model, &m.target, depth + 1));
                if shape.kind == Kind::Union {
                    break;
                }
            }
            Value::Object(map)
        }
        Kind::List => match &shape.list_member {
            Some(item) if depth < 6 => json!([sample(model, item, depth + 1)]),
            _ => json!([]),
        },
        Kind::Map => {
            let mut map = Map::new();
            if let Some(v) = &shape.map_value {
                map.insert("key".into(), sample(model, v, depth + 1));
            }
            Value::Object(map)
        }
        Kind::Enum => json!(shape.enum_values.first().cloned().unwrap_or_default()),
        Kind::String => {
            let min = usize::try_from(shape.min.unwrap_or(1).max(1)).unwrap_or(1);
            let max = shape
                .max
                .and_then(|m| usize::try_from(m).ok())
                .unwrap_or(64);
            let mut s = format!("{}-sample", name.to_lowercase());
            while s.chars().count() < min {
                s.push('x');
            }
            json!(s.chars().take(max.max(min)).collect::<String>())
        }
        Kind::Integer | Kind::Long => {
            let low = shape.min.unwrap_or(1);
            json!(low.min(shape.max.unwrap_or(i64::MAX)))
        }
        Kind::Double => json!(1.5),
        Kind::Boolean => json!(true),
        Kind::Timestamp => json!("2024-05-01T12:00:00.125Z"),
    }
}
