//! Assembling the request tree from `--cli-input-json`/`--cli-input-yaml` and the command-line
//! options (which override the input document member by member, as in the AWS CLI).
use crate::args::{CreateArgs, option_name};
use crate::error::CliError;
use crate::model::input_shape;
use crate::params::{parse_cli_input, parse_param};
use serde_json::{Map, Value};

pub struct Assembled {
    pub tree: Map<String, Value>,
    /// Whether an input document was given (then missing members are the validator's to report).
    pub from_document: bool,
}

pub fn assemble(args: &CreateArgs) -> Result<Assembled, CliError> {
    let document = match (&args.cli_input_json, &args.cli_input_yaml) {
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
    let shape = input_shape();
    for (member, raw) in args.member_values() {
        let Some(raw) = raw else { continue };
        let m = shape
            .member(member)
            .expect("CreateArgs names input members");
        let option = format!("--{}", option_name(member));
        tree.insert(member.to_string(), parse_param(&option, raw, m.shape)?);
    }
    Ok(Assembled {
        tree,
        from_document,
    })
}

/// Required members the tree lacks, as options (`--catalog`), in the reference page's order.
pub fn missing_required(tree: &Map<String, Value>) -> Vec<&'static str> {
    let shape = input_shape();
    shape
        .members()
        .into_iter()
        .filter(|m| shape.is_required(m) && tree.get(m.name).is_none_or(Value::is_null))
        .map(|m| m.name)
        .collect()
}

/// The argparse error for missing required options.
pub fn require_all(tree: &Map<String, Value>) -> Result<(), CliError> {
    let missing = missing_required(tree);
    if missing.is_empty() {
        return Ok(());
    }
    let options: Vec<String> = missing
        .iter()
        .map(|m| format!("--{}", option_name(m)))
        .collect();
    Err(CliError::Usage(format!(
        "the following arguments are required: {}",
        options.join(", ")
    )))
}
