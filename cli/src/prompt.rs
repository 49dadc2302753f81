//! `--cli-auto-prompt`: ask on the terminal for each required parameter the command line left out,
//! offering the values the model allows. Without a terminal it refuses clearly instead of hanging.
use crate::args::option_names;
use crate::docs::{code_spans, member_doc};
use crate::error::CliError;
use crate::params::parse_member;
use partnercentral_selling::Operation;
use partnercentral_selling::model::shapes::{self, Member, ShapeKind};
use partnercentral_selling::pattern::Pattern;
use serde_json::{Map, Value};
use std::io::{BufRead, IsTerminal, Write};

const ATTEMPTS: usize = 3;

/// Whether auto-prompt is on: the flags first, then `AWS_CLI_AUTO_PROMPT`, then the profile.
pub fn enabled(global: &crate::args::GlobalArgs, profile: &crate::operation::Settings) -> bool {
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

pub fn fill_missing(op: &'static Operation, tree: &mut Map<String, Value>) -> Result<(), CliError> {
    let missing = crate::request::missing_required(op, tree);
    if missing.is_empty() {
        return Ok(());
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        let options: Vec<String> = missing
            .iter()
            .map(|m| format!("--{}", option_names(m).0))
            .collect();
        return Err(CliError::Usage(format!(
            "--cli-auto-prompt needs a terminal to ask for {}, but stdin or stderr is not one. \
             Pass them as options, or with --cli-input-json/--cli-input-yaml.",
            options.join(", ")
        )));
    }
    let shape = op.input_shape();
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut err = std::io::stderr();
    for name in missing {
        let member = shape.member(name).expect("missing_required names members");
        let target = shapes::get(member.target);
        let option = format!("--{}", option_names(name).0);
        let hint = match target.kind {
            ShapeKind::Structure | ShapeKind::Union | ShapeKind::List | ShapeKind::Map => {
                "JSON, shorthand or file://path".to_string()
            }
            _ => {
                let mut allowed: Vec<String> =
                    target.enum_values.iter().map(|s| s.to_string()).collect();
                if allowed.is_empty() {
                    allowed = documented_allowed(shape.name, member);
                }
                if allowed.is_empty() {
                    target
                        .pattern
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
            match parse_member(&option, &[line.to_string()], target) {
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

/// Values a member's documentation names (`` `AWS` ``) that also fit its pattern, so `Catalog`
/// offers AWS and Sandbox while a name mentioned in passing is not offered.
fn documented_allowed(shape: &str, member: &Member) -> Vec<String> {
    let Some(pattern) = Pattern::of_shape(member.target) else {
        return Vec::new();
    };
    let mut values = member_doc(shape, member.name)
        .map(code_spans)
        .unwrap_or_default();
    values.retain(|v| pattern.check(v).is_ok());
    values.dedup();
    values
}
