//! `pcs create-engagement-invitation`: assemble the request, prompt if asked, validate every
//! member before anything is signed, then send it (or print a skeleton) and format the answer.
use crate::args::{CreateArgs, GlobalArgs};
use crate::error::CliError;
use crate::invoke::{self, Connection};
use crate::model::{input_shape, output_shape};
use crate::output::Printer;
use crate::profile::Profile;
use crate::{output, prompt, request, skeleton};
use serde_json::Value;

pub async fn run(
    global: &GlobalArgs,
    args: &CreateArgs,
    connection: Connection,
) -> Result<(), CliError> {
    match args.generate_cli_skeleton.as_deref() {
        Some("input") => {
            return print_plain(&output::json(&skeleton::generate(input_shape(), false)));
        }
        Some("yaml-input") => return print_plain(&skeleton::generate_yaml(input_shape())),
        _ => {}
    }
    let profile = Profile::load(global.profile.as_deref())?;
    let printer = Printer::new(global, &profile)?;
    let mut assembled = request::assemble(args)?;
    if prompt::enabled(global, &profile) {
        // Off the runtime's thread, so Ctrl-C at a prompt still ends the command (exit 130).
        let mut tree = std::mem::take(&mut assembled.tree);
        assembled.tree = tokio::task::spawn_blocking(move || {
            prompt::fill_missing(&mut tree)?;
            Ok::<_, CliError>(tree)
        })
        .await
        .map_err(|e| CliError::Other(format!("the prompt failed: {e}")))??;
    }
    if !assembled.from_document {
        request::require_all(&assembled.tree)?;
    }
    let tree = Value::Object(assembled.tree);
    let violations = partnercentral_selling::validate(&tree);
    if !violations.is_empty() {
        return Err(CliError::Validation(violations));
    }
    let response = if args.generate_cli_skeleton.as_deref() == Some("output") {
        skeleton::generate(output_shape(), true)
    } else {
        invoke::call(global, connection, tree).await?
    };
    printer.print(&response)
}

fn print_plain(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| CliError::Other(format!("writing output: {e}")))
}
