//! `help` and `--help`: the AWS CLI reference page for the operation (kept as data in `help/`),
//! and a short overview of the commands.
const CREATE_ENGAGEMENT_INVITATION: &str = include_str!("../help/create-engagement-invitation.txt");

const OVERVIEW: &str = "\
pcs: the AWS CLI's `partnercentral-selling` commands, plus a local emulator.

Usage: pcs [options] <command> [parameters]

Commands:
  create-engagement-invitation   Create an invitation from a sender to a single receiver to join
                                 an engagement (same options as `aws partnercentral-selling
                                 create-engagement-invitation`).
  emulator                       Run the local Partner Central Selling endpoint in the foreground
                                 (--port, --credential, --seed-file, fault options).
  demo                           Start an emulator in-process and create an invitation end to
                                 end through the signed client. No AWS account needed.
  help [command]                 Show this overview or a command's documentation.

Global options: --debug --endpoint-url --no-verify-ssl --no-paginate --output --query --profile
  --region --version --color --no-sign-request --ca-bundle --cli-read-timeout
  --cli-connect-timeout --cli-binary-format --no-cli-pager --cli-auto-prompt --no-cli-auto-prompt
";

/// The documentation for a topic (a command name), or the overview. `emulator` and `demo` are
/// this tool's own, so their options are described from their definitions.
pub fn text(topic: Option<&str>) -> Option<String> {
    match topic {
        None => Some(OVERVIEW.to_string()),
        Some("create-engagement-invitation") => Some(CREATE_ENGAGEMENT_INVITATION.to_string()),
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
        Some(_) => None,
    }
}
