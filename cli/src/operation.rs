//! `pcs <operation>` for any operation of the core's table: assemble the request, prompt if
//! asked, validate every member before anything is signed, then send it (paging as the AWS CLI
//! does) or print a skeleton, and format the answer.
use crate::args::{GENERATE_CLI_SKELETON, GlobalArgs, MAX_ITEMS, PAGE_SIZE, STARTING_TOKEN};
use crate::error::CliError;
use crate::invoke::{self, Connection, Mode};
use crate::output::{Answer, Printer};
use crate::{output, prompt, request, skeleton};
use clap::ArgMatches;
use partnercentral_selling::{Operation, PaginationConfig, ProfileSettings};
use serde_json::{Map, Value};

/// The CLI's own settings of the selected profile (`output`, `cli_pager`, `cli_auto_prompt`),
/// read by the core's profile loader; a profile named explicitly must exist (exit 253).
pub struct Settings(Option<ProfileSettings>);

impl Settings {
    pub async fn load(profile: Option<&str>) -> Result<Self, CliError> {
        ProfileSettings::load(profile)
            .await
            .map(|s| Settings(Some(s)))
            .map_err(|e| CliError::Config(e.to_string()))
    }

    /// No profile settings at all (tests of the formatters).
    pub fn none() -> Self {
        Settings(None)
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.as_ref().and_then(|s| s.get(key))
    }
}

pub async fn run(
    global: &GlobalArgs,
    op: &'static Operation,
    matches: &ArgMatches,
    connection: Connection,
) -> Result<(), CliError> {
    let skeleton_kind = matches
        .get_one::<String>(GENERATE_CLI_SKELETON)
        .map(String::as_str);
    match skeleton_kind {
        Some("input") => {
            return print_plain(&output::json(&skeleton::generate(op.input_shape(), false)));
        }
        Some("yaml-input") => return print_plain(&skeleton::generate_yaml(op.input_shape())),
        _ => {}
    }
    let settings = Settings::load(global.profile.as_deref()).await?;
    let printer = Printer::new(global, &settings)?;
    let mut assembled = request::assemble(op, matches)?;
    if prompt::enabled(global, &settings) {
        // Off the runtime's thread, so Ctrl-C at a prompt still ends the command (exit 130).
        let mut tree = std::mem::take(&mut assembled.tree);
        assembled.tree = tokio::task::spawn_blocking(move || {
            prompt::fill_missing(op, &mut tree)?;
            Ok::<_, CliError>(tree)
        })
        .await
        .map_err(|e| CliError::Other(format!("the prompt failed: {e}")))??;
    }
    if !assembled.from_document {
        request::require_all(op, &assembled.tree)?;
    }
    let mode = mode(global, op, matches, &assembled.from_options)?;
    let tree = Value::Object(assembled.tree);
    let violations = partnercentral_selling::validate(op, &tree);
    if !violations.is_empty() {
        return Err(CliError::Validation(op, violations));
    }
    let answer = if skeleton_kind == Some("output") {
        Answer::Single(match op.output_shape() {
            Some(shape) => skeleton::generate(shape, true),
            None => Value::Object(Map::new()),
        })
    } else {
        let client = invoke::client(global, op, connection).await?;
        invoke::call(&client, op, tree, mode).await?
    };
    printer.print(op.name, &answer)
}

/// The AWS CLI's choice: a paginated operation pages automatically unless `--no-paginate` is
/// given or the operation's own token or page-size option is (then it makes the one call asked
/// for); the paging options make no sense without paging.
fn mode(
    global: &GlobalArgs,
    op: &Operation,
    matches: &ArgMatches,
    from_options: &[&str],
) -> Result<Mode, CliError> {
    let Some(paginator) = op.paginator else {
        return Ok(Mode::Single);
    };
    let manual = from_options
        .iter()
        .any(|m| *m == paginator.input_token || Some(*m) == paginator.limit_key);
    let config = PaginationConfig {
        starting_token: matches.get_one::<String>(STARTING_TOKEN).cloned(),
        page_size: matches.get_one::<i64>(PAGE_SIZE).copied(),
        max_items: matches
            .get_one::<i64>(MAX_ITEMS)
            .map(|n| usize::try_from(*n).unwrap_or(0)),
    };
    if let Some(n) = matches.get_one::<i64>(MAX_ITEMS)
        && *n <= 0
    {
        eprintln!("warning: Non-positive values for --max-items may result in undefined behavior.");
    }
    if !global.no_paginate && !manual {
        return Ok(Mode::Paginate(config));
    }
    let used: Vec<&str> = [
        ("--starting-token", config.starting_token.is_some()),
        ("--page-size", config.page_size.is_some()),
        ("--max-items", config.max_items.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, set)| set.then_some(name))
    .collect();
    if used.is_empty() {
        Ok(Mode::Single)
    } else {
        Err(CliError::Other(format!(
            "Cannot specify --no-paginate along with pagination arguments: {}",
            used.join(", ")
        )))
    }
}

fn print_plain(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| CliError::Other(format!("writing output: {e}")))
}
