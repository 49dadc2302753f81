//! Reading parameter values as the AWS CLI v2 does: `file://` loads the file's text, a structure
//! is JSON when it starts with `{` or `[` and shorthand otherwise, a string is taken as given.
use crate::error::CliError;
use partnercentral_selling::model::shapes::{self, Shape, ShapeKind};
use serde_json::Value;

/// The text of a value: the file's contents for `file://path`, else the value itself.
pub fn load_text(option: &str, raw: &str) -> Result<String, CliError> {
    match raw.strip_prefix("file://") {
        Some(path) => std::fs::read_to_string(path).map_err(|e| {
            CliError::Param(format!(
                "Error parsing parameter '{option}': Unable to load paramfile {raw}: {e}"
            ))
        }),
        None => Ok(raw.to_string()),
    }
}

/// One command-line option's values (several for a list) as the JSON value of a member of
/// shape `shape`, as the AWS CLI reads them: structures and maps are JSON when they start with
/// `{` and shorthand otherwise; a list is JSON when its one value starts with `[`, else each value
/// is one element; numbers and booleans become numbers and booleans.
pub fn parse_member(
    option: &str,
    raw: &[String],
    shape: &'static Shape,
) -> Result<Value, CliError> {
    match shape.kind {
        ShapeKind::List => {
            let item = shapes::get(shape.list_member.expect("a list shape names its member"));
            if let [one] = raw {
                let text = load_text(option, one)?;
                if text.trim_start().starts_with('[') {
                    return json(option, &text).map(|v| crate::shorthand::coerce(v, shape));
                }
            }
            let mut items = Vec::with_capacity(raw.len());
            for value in raw {
                items.push(parse_member(option, std::slice::from_ref(value), item)?);
            }
            Ok(Value::Array(items))
        }
        ShapeKind::Structure | ShapeKind::Union | ShapeKind::Map => {
            let text = load_text(option, raw.first().map(String::as_str).unwrap_or_default())?;
            let trimmed = text.trim_start();
            if trimmed.starts_with('{') || trimmed.starts_with('[') {
                json(option, &text)
            } else {
                crate::shorthand::parse(&text, shape).map_err(|e| {
                    CliError::Param(format!("Error parsing parameter '{option}': {e}"))
                })
            }
        }
        kind => {
            let text = load_text(option, raw.first().map(String::as_str).unwrap_or_default())?;
            match kind {
                ShapeKind::Integer | ShapeKind::Long => {
                    text.trim().parse::<i64>().map(Value::from).map_err(|_| {
                        CliError::Param(format!(
                            "Error parsing parameter '{option}': expected an integer, got '{}'",
                            text.trim()
                        ))
                    })
                }
                ShapeKind::Double => text
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .ok_or_else(|| {
                        CliError::Param(format!(
                            "Error parsing parameter '{option}': expected a number, got '{}'",
                            text.trim()
                        ))
                    }),
                ShapeKind::Boolean => Ok(crate::shorthand::scalar(kind, text)),
                _ => Ok(Value::String(text)),
            }
        }
    }
}

fn json(option: &str, text: &str) -> Result<Value, CliError> {
    serde_json::from_str(text).map_err(|e| {
        CliError::Param(format!(
            "Error parsing parameter '{option}': Invalid JSON: {e} (the text itself is not repeated: it may hold sensitive values)"
        ))
    })
}

/// `--cli-input-json` / `--cli-input-yaml`: a document whose top level is an object.
pub fn parse_cli_input(option: &str, raw: &str, yaml: bool) -> Result<Value, CliError> {
    let text = load_text(option, raw)?;
    let value: Value = if yaml {
        if flow_depth(&text) > MAX_YAML_DEPTH {
            return Err(CliError::Param(format!(
                "Error parsing parameter '{option}': Invalid YAML: collections nest deeper than {MAX_YAML_DEPTH} levels"
            )));
        }
        serde_yaml::from_str(&text).map_err(|e| {
            CliError::Param(format!(
                "Error parsing parameter '{option}': Invalid YAML: {e}"
            ))
        })?
    } else {
        serde_json::from_str(&text).map_err(|e| {
            CliError::Param(format!(
                "Error parsing parameter '{option}': Invalid JSON: {e} (the text itself is not repeated: it may hold sensitive values)"
            ))
        })?
    };
    match value {
        Value::Object(_) => Ok(value),
        // An empty YAML document is an empty input, as in the AWS CLI.
        Value::Null if yaml => Ok(Value::Object(Default::default())),
        _ => Err(CliError::Param(format!(
            "Error parsing parameter '{option}': the input must be a {} object of parameter names and values",
            if yaml { "YAML" } else { "JSON" }
        ))),
    }
}

/// serde_yaml refuses documents nested deeper than this, but only after its parser has read every
/// event, which takes close to a minute for 100,000 levels of `[`; refusing them first keeps a
/// hostile file from stalling the command.
const MAX_YAML_DEPTH: usize = 128;

/// The deepest nesting of YAML flow collections (`[`, `{`) outside quotes and comments. Block
/// nesting needs indentation that grows with depth, so it cannot get deep in a small document.
fn flow_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut comment = false;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            _ if comment => comment = c != '\n',
            (None, '#') => comment = true,
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}
