//! `--cli-auto-prompt`: ask on the terminal for each required parameter the command line left out,
//! offering the values the model allows. Without a terminal it refuses clearly instead of hanging.
use crate::args::option_name;
use crate::error::CliError;
use crate::model::{Kind, documented_values, input_shape};
use crate::params::parse_param;
use serde_json::{Map, Value};
use std::io::{BufRead, IsTerminal, Write};

const ATTEMPTS: usize = 3;

/// Whether auto-prompt is on: the flags first, then `AWS_CLI_AUTO_PROMPT`, then the profile.
pub fn enabled(global: &crate::args::GlobalArgs, profile: &crate::profile::Profile) -> bool {
    if global.no_cli_auto_prompt {
        return false;
    }
    if global.cli_auto_prompt {
        return true;
    }
    let setting = std::env::var("AWS_CLI_AUTO_PROMPT")
        .ok()
        .or_else(|| profile.get("cli_auto_prompt").map(str::to_string));
    matches!(setting.as_deref(), Some("on" | "on-partial"))
}

pub fn fill_missing(tree: &mut Map<String, Value>) -> Result<(), CliError> {
    let missing = crate::request::missing_required(tree);
    if missing.is_empty() {
        return Ok(());
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        let options: Vec<String> = missing
            .iter()
            .map(|m| format!("--{}", option_name(m)))
            .collect();
        return Err(CliError::Usage(format!(
            "--cli-auto-prompt needs a terminal to ask for {}, but stdin or stderr is not one. \
             Pass them as options, or with --cli-input-json/--cli-input-yaml.",
            options.join(", ")
        )));
    }
    let shape = input_shape();
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut err = std::io::stderr();
    for name in missing {
        let member = shape.member(name).expect("missing_required names members");
        let option = format!("--{}", option_name(name));
        let hint = match member.shape.kind() {
            Kind::Structure | Kind::Union | Kind::List => {
                "JSON, shorthand or file://path".to_string()
            }
            _ => {
                let mut allowed: Vec<String> = member
                    .shape
                    .enum_values()
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
                if allowed.is_empty() {
                    allowed = documented_allowed(&member);
                }
                if allowed.is_empty() {
                    member
                        .shape
                        .pattern()
                        .map(|p| format!("matching {p}"))
                        .unwrap_or_else(|| "string".into())
                } else {
                    format!("one of: {}", allowed.join(", "))
                }
            }
        };
        let mut value = None;
        for _ in 0..ATTEMPTS {
            let _ = write!(err, "{option} ({hint}): ");
            let _ = err.flush();
            let Some(line) = lines.next() else {
                return Err(CliError::Interrupted);
            };
            let line = line.map_err(|e| CliError::Other(format!("reading the terminal: {e}")))?;
            let line = line.trim();
            if line.is_empty() {
                let _ = writeln!(err, "{option} is required.");
                continue;
            }
            match parse_param(&option, line, member.shape) {
                Ok(v) => {
                    value = Some(v);
                    break;
                }
                Err(e) => {
                    let _ = writeln!(err, "{}", e.render().trim());
                }
            }
        }
        let value = value
            .ok_or_else(|| CliError::Usage(format!("no usable value was given for {option}")))?;
        tree.insert(name.to_string(), value);
    }
    Ok(())
}

/// Values a member's documentation names (`<code>AWS</code>`) that also fit its pattern, so
/// `Catalog` offers AWS and Sandbox while a name mentioned in passing is not offered.
fn documented_allowed(member: &crate::model::Member) -> Vec<String> {
    let Some(pattern) = member.shape.pattern() else {
        return Vec::new();
    };
    let Ok(re) = regex::Regex::new(&format!("^(?:{pattern})$")) else {
        return Vec::new();
    };
    let mut values = member
        .documentation
        .map(documented_values)
        .unwrap_or_default();
    values.retain(|v| re.is_match(v));
    values.dedup();
    values
}
