//! Generates `pcs`'s documentation from the vendored model (`core/model/`), read through
//! `model-reader` (the one model reader): `$OUT_DIR/docs.rs` holds
//! - `HELP_PAGES`: each operation's help page, laid out as `aws partnercentral-selling <op> help`
//!   lays it out (NAME, DESCRIPTION, SYNOPSIS, OPTIONS with every member's documentation, the
//!   shorthand and JSON syntax, GLOBAL OPTIONS, OUTPUT);
//! - `SERVICE_DOC`: the service's own description;
//! - `OPTION_NAMES`: every input member's option (`EngagementIdentifier` -> `engagement-identifier`,
//!   botocore's `xform_name`), with the `--no-` form booleans also take;
//! - `MEMBER_DOCS`: every structure member's plain-text documentation, sorted by (shape, member),
//!   for the YAML skeleton's comments and the auto-prompt's hints.
//!
//! Nothing here names an operation: every page is made from the model's operation list.

use model_reader::{Kind, Model, Shape, docs, names};
use std::fmt::Write as _;
use std::path::Path;

const MODEL_DIR: &str = "../core/model";
const WIDTH: usize = 79;

fn main() {
    for file in [
        model_reader::SERVICE_FILE,
        model_reader::PAGINATORS_FILE,
        model_reader::VERSION_FILE,
    ] {
        println!("cargo:rerun-if-changed={MODEL_DIR}/{file}");
    }
    println!("cargo:rerun-if-changed=build.rs");
    let model = Model::load(Path::new(MODEL_DIR)).unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    out.push_str("/// (operation name, help page), in model order.\npub static HELP_PAGES: &[(&str, &str)] = &[\n");
    for op in &model.operations {
        let page = help_page(&model, op);
        let _ = writeln!(out, "    ({:?}, {:?}),", op.name, page);
    }
    out.push_str("];\n\n");
    let _ = writeln!(
        out,
        "/// The service's description.\npub static SERVICE_DOC: &str = {:?};\n",
        wrap_doc(&docs::to_text(&model.documentation), 7)
    );
    let mut members: Vec<(String, String, String)> = Vec::new();
    for shape in model.reachable() {
        for m in &shape.members {
            let text = docs::to_text(&m.documentation);
            if !text.is_empty() {
                members.push((shape.name.clone(), m.name.clone(), text));
            }
        }
    }
    members.sort();
    let mut options: Vec<(String, String)> = model
        .operations
        .iter()
        .flat_map(|op| model.shape(&op.input).members.iter())
        .map(|m| (m.name.clone(), names::cli(&m.name)))
        .collect();
    options.sort();
    options.dedup();
    out.push_str("/// (input member, the AWS CLI's option name without `--`, the `--no-` form), sorted by member.\npub static OPTION_NAMES: &[(&str, &str, &str)] = &[\n");
    for (m, o) in &options {
        let _ = writeln!(out, "    ({m:?}, {o:?}, \"no-{o}\"),");
    }
    out.push_str("];\n\n");
    out.push_str("/// (shape, plain-text documentation), sorted by shape then member.\npub static MEMBER_DOCS: &[(&str, &str, &str)] = &[\n");
    for (s, m, t) in &members {
        let _ = writeln!(out, "    ({s:?}, {m:?}, {t:?}),");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("docs.rs");
    std::fs::write(dest, out).expect("write docs.rs");
}

/// The AWS CLI's type label for a shape.
fn type_name(shape: &Shape) -> &'static str {
    match shape.kind {
        Kind::Structure => "structure",
        Kind::Union => "tagged union structure",
        Kind::List => "list",
        Kind::Map => "map",
        Kind::String | Kind::Enum => "string",
        Kind::Integer => "integer",
        Kind::Long => "long",
        Kind::Double => "double",
        Kind::Boolean => "boolean",
        Kind::Timestamp => "timestamp",
    }
}

/// Words wrapped at `WIDTH`, each line indented by `indent` spaces; `* ` bullets become the
/// manual page's `o ` with a hanging indent, and paragraphs stay separated by a blank line.
fn wrap_doc(text: &str, indent: usize) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            if i > 0 && !out.ends_with("\n\n") {
                out.push('\n');
            }
            continue;
        }
        let depth = line.len() - line.trim_start().len();
        let body = line.trim_start();
        let (first, rest, body) = match body.strip_prefix("* ") {
            Some(b) => (
                format!("{}o ", " ".repeat(indent + depth)),
                " ".repeat(indent + depth + 2),
                b,
            ),
            None => (" ".repeat(indent + depth), " ".repeat(indent + depth), body),
        };
        let mut current = first.clone();
        let mut empty = true;
        for word in body.split(' ').filter(|w| !w.is_empty()) {
            if !empty && current.chars().count() + 1 + word.chars().count() > WIDTH {
                out.push_str(current.trim_end());
                out.push('\n');
                current = rest.clone();
                empty = true;
            }
            if !empty {
                current.push(' ');
            }
            current.push_str(word);
            empty = false;
        }
        out.push_str(current.trim_end());
        out.push('\n');
        // Bullets of one list stay together; other lines are paragraphs.
        if !line.trim_start().starts_with("* ") {
            out.push('\n');
        }
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out
}

fn paginated_hidden(op: &model_reader::Operation, member: &str) -> bool {
    op.paginator
        .as_ref()
        .is_some_and(|p| p.input_token == member || p.limit_key.as_deref() == Some(member))
}

fn help_page(model: &Model, op: &model_reader::Operation) -> String {
    let cli = names::cli(&op.name);
    let input = model.shape(&op.input);
    let mut page = String::new();
    let _ = writeln!(page, "NAME\n       {cli} -\n");
    page.push_str("DESCRIPTION\n");
    page.push_str(&wrap_doc(&docs::to_text(&op.documentation), 7));
    page.push_str("\n\n       See also: AWS API Documentation\n");
    if let Some(p) = &op.paginator {
        page.push('\n');
        page.push_str(&wrap_doc(
            &format!(
                "`{cli}` is a paginated operation. Multiple API calls may be issued in order to retrieve the entire data set of results. You can disable pagination by providing the `--no-paginate` argument. When using `--output text` and the `--query` argument on a paginated response, the `--query` argument must extract data from the results of the following query expressions: `{}`",
                p.result_key
            ),
            7,
        ));
        page.push('\n');
    }
    page.push_str("\nSYNOPSIS\n");
    let _ = writeln!(page, "            {cli}");
    for m in &input.members {
        if paginated_hidden(op, &m.name) {
            continue;
        }
        let target = model.shape(&m.target);
        let option = names::cli(&m.name);
        let text = if target.kind == Kind::Boolean {
            format!("--{option} | --no-{option}")
        } else {
            format!("--{option} <value>")
        };
        if m.required && !m.idempotency_token {
            let _ = writeln!(page, "          {text}");
        } else {
            let _ = writeln!(page, "          [{text}]");
        }
    }
    page.push_str("          [--cli-input-json | --cli-input-yaml]\n");
    if let Some(p) = &op.paginator {
        page.push_str("          [--starting-token <value>]\n");
        if p.limit_key.is_some() {
            page.push_str("          [--page-size <value>]\n");
        }
        page.push_str("          [--max-items <value>]\n");
    }
    page.push_str("          [--generate-cli-skeleton <value>]\n");
    for g in GLOBALS {
        let _ = writeln!(page, "          [{}]", g.0);
    }
    page.push_str("\nOPTIONS\n");
    for m in &input.members {
        if paginated_hidden(op, &m.name) {
            continue;
        }
        let target = model.shape(&m.target);
        let option = names::cli(&m.name);
        let head = if target.kind == Kind::Boolean {
            format!("--{option} | --no-{option}")
        } else {
            format!("--{option}")
        };
        let _ = writeln!(page, "       {head} ({})", type_name(target));
        let doc = docs::to_text(if m.documentation.is_empty() {
            &target.documentation
        } else {
            &m.documentation
        });
        if !doc.is_empty() {
            page.push_str(&wrap_doc(&doc, 10));
            page.push('\n');
        }
        let mut stack = vec![target.name.clone()];
        enum_values(target, 10, &mut page);
        nested_members(model, target, 10, &mut stack, &mut page);
        syntax(model, target, &mut page);
        page.push('\n');
    }
    page.push_str(CLI_INPUT_HELP);
    if let Some(p) = &op.paginator {
        page.push_str(STARTING_TOKEN_HELP);
        if p.limit_key.is_some() {
            page.push_str(PAGE_SIZE_HELP);
        }
        page.push_str(MAX_ITEMS_HELP);
    }
    page.push_str(SKELETON_HELP);
    page.push_str("GLOBAL OPTIONS\n");
    for (name, doc) in GLOBALS {
        let _ = writeln!(page, "       {name}\n{}\n", wrap_doc(doc, 10));
    }
    page.push_str("OUTPUT\n");
    match op.output.as_deref().map(|o| model.shape(o)) {
        Some(output) if !output.members.is_empty() => {
            let mut stack = vec![output.name.clone()];
            members_block(model, output, 7, &mut stack, &mut page);
        }
        _ => page.push_str("       None\n"),
    }
    page
}

fn enum_values(shape: &Shape, indent: usize, page: &mut String) {
    if shape.enum_values.is_empty() {
        return;
    }
    let pad = " ".repeat(indent);
    let _ = writeln!(page, "\n{pad}Possible values:\n");
    for v in &shape.enum_values {
        let _ = writeln!(page, "{pad}o {v}");
    }
}

/// The members under a structure, or under a list's or map's element.
fn nested_members(
    model: &Model,
    shape: &Shape,
    indent: usize,
    stack: &mut Vec<String>,
    page: &mut String,
) {
    match shape.kind {
        Kind::Structure | Kind::Union => {
            if shape.kind == Kind::Union {
                let keys: Vec<&str> = shape.members.iter().map(|m| m.name.as_str()).collect();
                let pad = " ".repeat(indent);
                let _ = writeln!(page, "\n{pad}NOTE:");
                page.push_str(&wrap_doc(
                    &format!(
                        "This is a Tagged Union structure. Only one of the following top level keys can be set: {}.",
                        keys.join(", ")
                    ),
                    indent + 3,
                ));
                page.push('\n');
            }
            page.push('\n');
            members_block(model, shape, indent, stack, page);
        }
        Kind::List => {
            let item = model.shape(shape.list_member.as_deref().unwrap_or_default());
            let pad = " ".repeat(indent);
            let _ = writeln!(page, "\n{pad}({})", type_name(item));
            let doc = docs::to_text(&item.documentation);
            if !doc.is_empty() {
                page.push_str(&wrap_doc(&doc, indent + 3));
                page.push('\n');
            }
            enum_values(item, indent + 3, page);
            if !stack.contains(&item.name) {
                stack.push(item.name.clone());
                nested_members(model, item, indent + 3, stack, page);
                stack.pop();
            }
        }
        Kind::Map => {
            let key = model.shape(shape.map_key.as_deref().unwrap_or_default());
            let value = model.shape(shape.map_value.as_deref().unwrap_or_default());
            let pad = " ".repeat(indent);
            let _ = writeln!(page, "\n{pad}key -> ({})\n", type_name(key));
            let _ = writeln!(page, "{pad}value -> ({})", type_name(value));
            if !stack.contains(&value.name) {
                stack.push(value.name.clone());
                nested_members(model, value, indent + 3, stack, page);
                stack.pop();
            }
        }
        _ => {}
    }
}

fn members_block(
    model: &Model,
    shape: &Shape,
    indent: usize,
    stack: &mut Vec<String>,
    page: &mut String,
) {
    let pad = " ".repeat(indent);
    for m in &shape.members {
        let target = model.shape(&m.target);
        let _ = writeln!(page, "{pad}{} -> ({})", m.name, type_name(target));
        let doc = docs::to_text(if m.documentation.is_empty() {
            &target.documentation
        } else {
            &m.documentation
        });
        if !doc.is_empty() {
            page.push_str(&wrap_doc(&doc, indent + 3));
            page.push('\n');
        }
        enum_values(target, indent + 3, page);
        if !stack.contains(&target.name) {
            stack.push(target.name.clone());
            nested_members(model, target, indent + 3, stack, page);
            stack.pop();
        }
        page.push('\n');
    }
}

/// "Shorthand Syntax" (structures, maps, lists) and "JSON Syntax" (every non-scalar), or the
/// list syntax of a list of scalars, as the AWS CLI documents them.
fn syntax(model: &Model, shape: &Shape, page: &mut String) {
    match shape.kind {
        Kind::List => {
            let item = model.shape(shape.list_member.as_deref().unwrap_or_default());
            if is_scalar(item) {
                page.push_str("\n          Syntax:\n\n");
                let _ = writeln!(
                    page,
                    "             {} {} ...",
                    scalar_sample(item),
                    scalar_sample(item)
                );
                if !item.enum_values.is_empty() {
                    page.push_str("\n             Where valid values are:\n");
                    for v in &item.enum_values {
                        let _ = writeln!(page, "                {v}");
                    }
                }
                return;
            }
        }
        Kind::Structure | Kind::Union | Kind::Map => {}
        _ => return,
    }
    let mut stack = Vec::new();
    let shorthand = match shape.kind {
        Kind::List => {
            let item = model.shape(shape.list_member.as_deref().unwrap_or_default());
            let s = shorthand_members(model, item, &mut stack);
            format!("{s} {s} ...")
        }
        _ => shorthand_members(model, shape, &mut stack),
    };
    page.push_str("\n       Shorthand Syntax:\n\n");
    let _ = writeln!(page, "          {shorthand}");
    page.push_str("\n       JSON Syntax:\n\n");
    let mut json = String::new();
    json_syntax(model, shape, 0, &mut Vec::new(), &mut json);
    for line in json.lines() {
        let _ = writeln!(page, "          {line}");
    }
}

fn is_scalar(shape: &Shape) -> bool {
    !matches!(
        shape.kind,
        Kind::Structure | Kind::Union | Kind::List | Kind::Map
    )
}

fn scalar_sample(shape: &Shape) -> &'static str {
    match shape.kind {
        Kind::Integer | Kind::Long => "integer",
        Kind::Double => "double",
        Kind::Boolean => "boolean",
        Kind::Timestamp => "timestamp",
        _ => "string",
    }
}

fn shorthand_value(model: &Model, shape: &Shape, stack: &mut Vec<String>) -> String {
    if stack.contains(&shape.name) {
        return "{...}".into();
    }
    match shape.kind {
        Kind::Structure | Kind::Union | Kind::Map => {
            format!("{{{}}}", shorthand_members(model, shape, stack))
        }
        Kind::List => {
            let item = model.shape(shape.list_member.as_deref().unwrap_or_default());
            let one = shorthand_value(model, item, stack);
            if is_scalar(item) {
                format!("{one},{one}")
            } else {
                format!("[{one},{one}]")
            }
        }
        _ => scalar_sample(shape).into(),
    }
}

fn shorthand_members(model: &Model, shape: &Shape, stack: &mut Vec<String>) -> String {
    if shape.kind == Kind::Map {
        let value = model.shape(shape.map_value.as_deref().unwrap_or_default());
        let v = shorthand_value(model, value, stack);
        return format!("KeyName1={v},KeyName2={v}");
    }
    stack.push(shape.name.clone());
    let parts: Vec<String> = shape
        .members
        .iter()
        .map(|m| {
            let target = model.shape(&m.target);
            format!("{}={}", m.name, shorthand_value(model, target, stack))
        })
        .collect();
    stack.pop();
    parts.join(",")
}

fn json_syntax(
    model: &Model,
    shape: &Shape,
    level: usize,
    stack: &mut Vec<String>,
    out: &mut String,
) {
    let pad = "  ".repeat(level + 1);
    let close = "  ".repeat(level);
    if stack.contains(&shape.name) {
        out.push_str("{ ... recursive ... }");
        return;
    }
    match shape.kind {
        Kind::Structure | Kind::Union => {
            stack.push(shape.name.clone());
            out.push_str("{\n");
            for (i, m) in shape.members.iter().enumerate() {
                let _ = write!(out, "{pad}\"{}\": ", m.name);
                json_syntax(model, model.shape(&m.target), level + 1, stack, out);
                if i + 1 < shape.members.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            let _ = write!(out, "{close}}}");
            stack.pop();
        }
        Kind::List => {
            let item = model.shape(shape.list_member.as_deref().unwrap_or_default());
            if is_scalar(item) {
                let mut one = String::new();
                json_syntax(model, item, level + 1, stack, &mut one);
                let _ = write!(out, "[{one}, ...]");
            } else {
                let _ = write!(out, "[\n{pad}");
                json_syntax(model, item, level + 1, stack, out);
                let _ = write!(out, "\n{pad}...\n{close}]");
            }
        }
        Kind::Map => {
            let value = model.shape(shape.map_value.as_deref().unwrap_or_default());
            let _ = write!(out, "{{\"string\": ");
            json_syntax(model, value, level + 1, stack, out);
            let _ = write!(out, "\n{pad}...\n{close}}}");
        }
        Kind::Enum => {
            let values: Vec<String> = shape.enum_values.iter().map(|v| format!("{v:?}")).collect();
            out.push_str(&values.join("|"));
        }
        Kind::String | Kind::Timestamp => {
            let _ = write!(out, "\"{}\"", scalar_sample(shape));
        }
        _ => out.push_str(scalar_sample(shape)),
    }
}

const CLI_INPUT_HELP: &str =
    "       --cli-input-json | --cli-input-yaml (string) Reads arguments from the
       JSON string provided. The JSON string follows the format provided by
       --generate-cli-skeleton. If other arguments are provided on the command
       line, those values will override the JSON-provided values. It is not
       possible to pass arbitrary binary values using a JSON-provided value as
       the string will be taken literally. This may not be specified along
       with --cli-input-yaml.

";

const STARTING_TOKEN_HELP: &str = "       --starting-token (string)
          A token to specify where to start paginating. This is the NextToken
          from a previously truncated response.

          For usage examples, see Pagination in the AWS Command Line Interface
          User Guide .

";

const PAGE_SIZE_HELP: &str = "       --page-size (integer)
          The size of each page to get in the AWS service call. This does not
          affect the number of items returned in the command's output. Setting
          a smaller page size results in more calls to the AWS service,
          retrieving fewer items in each call. This can help prevent the AWS
          service calls from timing out.

          For usage examples, see Pagination in the AWS Command Line Interface
          User Guide .

";

const MAX_ITEMS_HELP: &str = "       --max-items (integer)
          The total number of items to return in the command's output. If the
          total number of items available is more than the value specified, a
          NextToken is provided in the command's output. To resume pagination,
          provide the NextToken value in the starting-token argument of a
          subsequent command. Do not use the NextToken response element
          directly outside of the AWS CLI.

          For usage examples, see Pagination in the AWS Command Line Interface
          User Guide .

";

const SKELETON_HELP: &str =
    "       --generate-cli-skeleton (string) Prints a JSON skeleton to standard
       output without sending an API request. If provided with no value or
       the value input, prints a sample input JSON that can be used as an
       argument for --cli-input-json. Similarly, if provided yaml-input it
       will print a sample input YAML that can be used with --cli-input-yaml.
       If provided with the value output, it validates the command inputs and
       returns a sample output JSON for that command. The generated JSON
       skeleton is not stable between versions of the AWS CLI and there are
       no backwards compatibility guarantees in the JSON skeleton generated.

";

/// The global options, with the AWS CLI's own descriptions.
const GLOBALS: &[(&str, &str)] = &[
    ("--debug", "Turn on debug logging."),
    (
        "--endpoint-url <value>",
        "Override command's default URL with the given URL.",
    ),
    (
        "--no-verify-ssl",
        "By default, the AWS CLI uses SSL when communicating with AWS services. For each SSL connection, the AWS CLI will verify SSL certificates. This option overrides the default behavior of verifying SSL certificates.",
    ),
    (
        "--no-paginate",
        "Disable automatic pagination. If automatic pagination is disabled, the AWS CLI will only make one call, for the first page of results.",
    ),
    (
        "--output <value>",
        "The formatting style for command output.\n* json\n* text\n* table\n* yaml\n* yaml-stream",
    ),
    (
        "--query <value>",
        "A JMESPath query to use in filtering the response data.",
    ),
    (
        "--profile <value>",
        "Use a specific profile from your credential file.",
    ),
    (
        "--region <value>",
        "The region to use. Overrides config/env settings.",
    ),
    ("--version", "Display the version of this tool."),
    (
        "--color <value>",
        "Turn on/off color output.\n* on\n* off\n* auto",
    ),
    (
        "--no-sign-request",
        "Do not sign requests. Credentials will not be loaded if this argument is provided.",
    ),
    (
        "--ca-bundle <value>",
        "The CA certificate bundle to use when verifying SSL certificates. Overrides config/env settings.",
    ),
    (
        "--cli-read-timeout <value>",
        "The maximum socket read time in seconds. If the value is set to 0, the socket read will be blocking and not timeout. The default value is 60 seconds.",
    ),
    (
        "--cli-connect-timeout <value>",
        "The maximum socket connect time in seconds. If the value is set to 0, the socket connect will be blocking and not timeout. The default value is 60 seconds.",
    ),
    (
        "--cli-binary-format <value>",
        "The formatting style to be used for binary blobs. The default format is base64. The base64 format expects binary blobs to be provided as a base64 encoded string. The raw-in-base64-out format preserves compatibility with AWS CLI V1 behavior and binary values must be passed literally.",
    ),
    ("--no-cli-pager", "Disable cli pager for output."),
    (
        "--cli-auto-prompt",
        "Automatically prompt for CLI input parameters.",
    ),
    (
        "--no-cli-auto-prompt",
        "Disable automatically prompt for CLI input parameters.",
    ),
];
