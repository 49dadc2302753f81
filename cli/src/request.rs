//! Assembling the request tree of any operation from `--cli-input-json`/`--cli-input-yaml` and the
//! command-line options (which override the input document member by member, as in the AWS CLI).
use crate::args::{self, CLI_INPUT_JSON, CLI_INPUT_YAML, option_names};
use crate::error::CliError;
use crate::params::{parse_cli_input, parse_member};
use clap::ArgMatches;
use partnercentral_selling::Operation;
use partnercentral_selling::model::shapes::{self, ShapeKind};
use serde_json::{Map, Value};

pub struct Assembled {
    pub tree: Map<String, Value>,
    /// Whether an input document was given (then missing members are the validator's to report).
    pub from_document: bool,
    /// Input members set on the command line (not from the document), by model name.
    pub from_options: Vec<&'static str>,
}

pub fn assemble(op: &'static Operation, matches: &ArgMatches) -> Result<Assembled, CliError> {
    let document = match (
        matches.get_one::<String>(CLI_INPUT_JSON),
        matches.get_one::<String>(CLI_INPUT_YAML),
    ) {
        (Some(j), None) => Some(parse_cli_input("--cli-input-json", j, false)?),
        (None, Some(y)) => Some(parse_cli_input("--cli-input-yaml", y, true)?),
        (None, None) => None,
        (Some(_), Some(_)) => {
            return Err(CliError::Usage(
                "argument --cli-input-yaml: not allowed with argument --cli-input-json".into(),
            ));
        }
    };
    let from_document = document.is_some();
    let mut tree = match document {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let mut from_options = Vec::new();
    for member in op.input_shape().members {
        let target = shapes::get(member.target);
        let (long, no_long) = option_names(member.name);
        let value = if target.kind == ShapeKind::Boolean {
            // Both forms write one member; the later one on the line wins, as with argparse.
            let index = |id: &str| matches.get_flag(id).then(|| matches.index_of(id)).flatten();
            match (index(member.name), index(no_long)) {
                (Some(a), Some(b)) => Some(Value::Bool(a > b)),
                (Some(_), None) => Some(Value::Bool(true)),
                (None, Some(_)) => Some(Value::Bool(false)),
                (None, None) => None,
            }
        } else {
            match matches.get_many::<String>(member.name) {
                Some(values) => {
                    let raw: Vec<String> = values.cloned().collect();
                    Some(parse_member(&format!("--{long}"), &raw, target)?)
                }
                None => None,
            }
        };
        if let Some(value) = value {
            tree.insert(member.name.to_string(), value);
            from_options.push(member.name);
        }
    }
    Ok(Assembled {
        tree,
        from_document,
        from_options,
    })
}

/// Required members the tree lacks, in the model's order (an idempotency token is filled by
/// the client, so it is never missing).
pub fn missing_required(op: &Operation, tree: &Map<String, Value>) -> Vec<&'static str> {
    op.input_shape()
        .members
        .iter()
        .filter(|m| m.required && !m.idempotency_token)
        .filter(|m| tree.get(m.name).is_none_or(Value::is_null))
        .map(|m| m.name)
        .collect()
}

/// The argparse error for missing required options.
pub fn require_all(op: &Operation, tree: &Map<String, Value>) -> Result<(), CliError> {
    let missing = missing_required(op, tree);
    if missing.is_empty() {
        return Ok(());
    }
    let options: Vec<String> = missing
        .iter()
        .map(|m| format!("--{}", args::option_names(m).0))
        .collect();
    Err(CliError::Usage(format!(
        "the following arguments are required: {}",
        options.join(", ")
    )))
}
