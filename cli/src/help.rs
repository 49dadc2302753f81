//! `help` and `--help`: an operation's reference page (generated from the model's documentation
//! by `build.rs`, laid out as the AWS CLI lays it out), or the overview with every operation of
//! the core's table.
use partnercentral_selling::{OPERATIONS, find_operation};
use std::fmt::Write as _;

const OVERVIEW: &str = "\
pcs: the AWS CLI's `partnercentral-selling` commands, plus a local emulator.

Usage: pcs [options] <command> [parameters]
       pcs [options] partnercentral-selling <command> [parameters]
       pcs <command> help

pcs's own commands:
  emulator    Run the local Partner Central Selling endpoint in the foreground
              (--port, --credential, --seed-file, fault options).
  demo        Start an emulator in-process and create an invitation end to end through the
              signed client. No AWS account needed.
  help        Show this overview or a command's documentation.

Global options: --debug --endpoint-url --no-verify-ssl --no-paginate --output --query --profile
  --region --version --color --no-sign-request --ca-bundle --cli-read-timeout
  --cli-connect-timeout --cli-binary-format --no-cli-pager --cli-auto-prompt --no-cli-auto-prompt
";

/// The overview: pcs's own commands, then the service's description and its operations.
pub fn overview() -> String {
    let mut out = String::from(OVERVIEW);
    out.push_str("\nPARTNERCENTRAL-SELLING\n\nDESCRIPTION\n");
    out.push_str(crate::docs::SERVICE_DOC);
    out.push_str("\n\nAVAILABLE COMMANDS\n");
    for op in OPERATIONS {
        let _ = writeln!(out, "       o {}\n", op.kebab_name);
    }
    out
}

/// The documentation for a topic (an operation in any of its names, `emulator`, `demo`), or the
/// overview.
pub fn text(topic: Option<&str>) -> Option<String> {
    match topic {
        None | Some("partnercentral-selling") => Some(overview()),
        Some(name @ ("emulator" | "demo")) => {
            use clap::CommandFactory;
            let mut command = crate::args::Cli::command();
            let sub = command.find_subcommand_mut(name)?;
            Some(
                sub.clone()
                    .bin_name(format!("pcs {name}"))
                    .render_long_help()
                    .to_string(),
            )
        }
        Some(name) => {
            let op = find_operation(name)?;
            let page = crate::docs::help_page(op.name)?;
            Some(page.to_string())
        }
    }
}
