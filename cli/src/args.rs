//! The command line. Global options may appear before or after the command, as with `aws`.
//! `pcs`'s own commands (`emulator`, `demo`, `help`) are declared here; every operation's
//! subcommand is built at run time from the core's operation table (`operation_command`), with
//! an option per input member of the model.
use clap::{Arg, ArgAction, Args, Parser, Subcommand};
use partnercentral_selling::Operation;
use partnercentral_selling::model::shapes::{self, ShapeKind};
use std::ffi::OsString;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "pcs",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

// Parsed once per process: the emulator's many options in place cost nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the local Partner Central Selling endpoint in the foreground.
    Emulator(EmulatorArgs),
    /// Start an emulator in-process and create an invitation through the signed client.
    Demo(DemoArgs),
    /// Show help.
    Help { topic: Option<String> },
    /// An operation (`list-engagement-invitations ...`), or `partnercentral-selling` followed by
    /// one, as `aws partnercentral-selling ...` takes it: parsed by `operation_command`.
    #[command(external_subcommand)]
    Operation(Vec<OsString>),
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Turn on debug logging.
    #[arg(long, global = true)]
    pub debug: bool,
    /// Override command's default URL with the given URL.
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Do not verify SSL certificates.
    #[arg(long, global = true)]
    pub no_verify_ssl: bool,
    /// Disable automatic pagination.
    #[arg(long, global = true)]
    pub no_paginate: bool,
    /// The formatting style for command output.
    #[arg(long, global = true, value_parser = ["json", "text", "table", "yaml", "yaml-stream"])]
    pub output: Option<String>,
    /// A JMESPath query to use in filtering the response data.
    #[arg(long, global = true)]
    pub query: Option<String>,
    /// Use a specific profile from your credential file.
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// The region to use. Overrides config/env settings.
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Display the version of this tool.
    #[arg(long, global = true)]
    pub version: bool,
    /// Turn on/off color output.
    #[arg(long, global = true, value_parser = ["on", "off", "auto"])]
    pub color: Option<String>,
    /// Do not sign requests. Credentials will not be loaded.
    #[arg(long, global = true)]
    pub no_sign_request: bool,
    /// The CA certificate bundle to use when verifying SSL certificates.
    #[arg(long, global = true)]
    pub ca_bundle: Option<PathBuf>,
    /// The maximum socket read time in seconds; 0 blocks without a timeout.
    #[arg(long, global = true)]
    pub cli_read_timeout: Option<u64>,
    /// The maximum socket connect time in seconds; 0 blocks without a timeout.
    #[arg(long, global = true)]
    pub cli_connect_timeout: Option<u64>,
    /// The formatting style to be used for binary blobs (the model has none).
    #[arg(long, global = true, value_parser = ["base64", "raw-in-base64-out"])]
    pub cli_binary_format: Option<String>,
    /// Disable cli pager for output.
    #[arg(long, global = true)]
    pub no_cli_pager: bool,
    /// Automatically prompt for CLI input parameters.
    #[arg(long, global = true, conflicts_with = "no_cli_auto_prompt")]
    pub cli_auto_prompt: bool,
    /// Disable automatically prompt for CLI input parameters.
    #[arg(long, global = true)]
    pub no_cli_auto_prompt: bool,
    /// Show the documentation.
    #[arg(long, global = true)]
    pub help: bool,
}

#[derive(Debug, Args)]
pub struct EmulatorArgs {
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 4566)]
    pub port: u16,
    /// An access key the emulator accepts, as ACCESS_KEY_ID:SECRET_ACCESS_KEY:ACCOUNT_ID (repeatable;
    /// replaces the two documented test pairs).
    #[arg(long = "credential", value_name = "KEY:SECRET:ACCOUNT")]
    pub credentials: Vec<String>,
    /// JSON file of engagements to load at start.
    #[arg(long)]
    pub seed_file: Option<PathBuf>,
    /// Start without the four demo engagements.
    #[arg(long)]
    pub no_demo_data: bool,
    /// Throttle above this many requests per second (ThrottlingException).
    #[arg(long)]
    pub throttle_rps: Option<f64>,
    /// Fraction (0 to 1) of requests answered with InternalServerException.
    #[arg(long, default_value_t = 0.0)]
    pub error_rate: f64,
    /// Delay added to every answer, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Serve HTTPS, with a certificate for 127.0.0.1 and localhost made at start by a throw-away
    /// CA; the CA's PEM file is printed, ready for --ca-bundle or AWS_CA_BUNDLE.
    #[arg(long)]
    pub tls: bool,
    /// Serve HTTPS with this certificate chain (PEM) instead of a generated one (with --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key (PEM) of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Where to write the generated certificate's CA (PEM); a temporary file by default.
    #[arg(long, value_name = "FILE", conflicts_with = "tls_cert")]
    pub ca_bundle_out: Option<PathBuf>,
    /// The partner accounts, a JSON list of {"AccountId", "AccessKeyId", "SecretAccessKey",
    /// "Name"} (replaces the four documented defaults).
    #[arg(long, value_name = "FILE")]
    pub accounts: Option<PathBuf>,
    /// Write {"url", "accounts", "admin_token"} as JSON to FILE once listening.
    #[arg(long, value_name = "FILE")]
    pub print_config: Option<PathBuf>,
    /// Keep everything in this SQLite file and start from it when it exists.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// The address to listen on (127.0.0.1 by default); off loopback the admin routes need the
    /// admin token.
    #[arg(long, value_name = "ADDR")]
    pub host: Option<std::net::IpAddr>,
    /// The admin token (made at start when --host is not loopback).
    #[arg(long, value_name = "TOKEN", env = "PCS_EMULATOR_ADMIN_TOKEN")]
    pub admin_token: Option<String>,
    /// Enforce the service's documented quotas: aws.
    #[arg(long, value_name = "SET", value_parser = ["aws"])]
    pub quotas: Option<String>,
    /// Multiply every quota rate and daily limit by N.
    #[arg(long, value_name = "N", requires = "quotas")]
    pub quota_scale: Option<f64>,
    /// One operation's quota, OPERATION=RATE[/DAILY] (repeatable).
    #[arg(long = "quota", value_name = "OP=RATE[/DAILY]", requires = "quotas")]
    pub quota: Vec<String>,
    /// POST every event to this URL (retried until delivered).
    #[arg(long, value_name = "URL")]
    pub event_url: Option<String>,
    /// Seconds (of emulator time) a task reads IN_PROGRESS before COMPLETE.
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    pub task_seconds: f64,
    #[command(subcommand)]
    pub command: Option<EmulatorCommand>,
}

#[derive(Debug, Subcommand)]
pub enum EmulatorCommand {
    /// Talk to a running emulator's admin routes (--endpoint-url URL).
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminAction {
    /// Move the emulator's clock forward.
    Advance {
        #[arg(long, default_value_t = 0.0)]
        days: f64,
        #[arg(long, default_value_t = 0.0)]
        hours: f64,
        #[arg(long, default_value_t = 0.0)]
        minutes: f64,
        #[arg(long, default_value_t = 0.0)]
        seconds: f64,
    },
    /// Print the events emitted so far, one JSON object a line, oldest first.
    Events {
        /// Only events after this sequence number.
        #[arg(long, default_value_t = 0)]
        after: u64,
        /// Only events for this account's bus.
        #[arg(long, value_name = "ACCOUNT_ID")]
        account: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The request to send; the repository's sample input when omitted.
    #[arg(long)]
    pub cli_input_json: Option<String>,
}

impl GlobalArgs {
    /// These options given before the command, overridden by those given after it.
    pub fn merged(self, after: GlobalArgs) -> GlobalArgs {
        GlobalArgs {
            debug: self.debug || after.debug,
            endpoint_url: after.endpoint_url.or(self.endpoint_url),
            no_verify_ssl: self.no_verify_ssl || after.no_verify_ssl,
            no_paginate: self.no_paginate || after.no_paginate,
            output: after.output.or(self.output),
            query: after.query.or(self.query),
            profile: after.profile.or(self.profile),
            region: after.region.or(self.region),
            version: self.version || after.version,
            color: after.color.or(self.color),
            no_sign_request: self.no_sign_request || after.no_sign_request,
            ca_bundle: after.ca_bundle.or(self.ca_bundle),
            cli_read_timeout: after.cli_read_timeout.or(self.cli_read_timeout),
            cli_connect_timeout: after.cli_connect_timeout.or(self.cli_connect_timeout),
            cli_binary_format: after.cli_binary_format.or(self.cli_binary_format),
            no_cli_pager: self.no_cli_pager || after.no_cli_pager,
            cli_auto_prompt: (self.cli_auto_prompt || after.cli_auto_prompt)
                && !after.no_cli_auto_prompt,
            no_cli_auto_prompt: (self.no_cli_auto_prompt && !after.cli_auto_prompt)
                || after.no_cli_auto_prompt,
            help: self.help || after.help,
        }
    }
}

/// Ids of the per-operation options that are not input members.
pub const HELP_WORD: &str = "help_word";
pub const CLI_INPUT_JSON: &str = "cli_input_json";
pub const CLI_INPUT_YAML: &str = "cli_input_yaml";
pub const GENERATE_CLI_SKELETON: &str = "generate_cli_skeleton";
pub const STARTING_TOKEN: &str = "starting_token";
pub const PAGE_SIZE: &str = "page_size";
pub const MAX_ITEMS: &str = "max_items";

/// The AWS CLI's option for an input member, and the `--no-` form of a boolean.
pub fn option_names(member: &str) -> (&'static str, &'static str) {
    crate::docs::option_names(member).expect("build.rs names every input member of every operation")
}

/// The subcommand of one operation: an option per input member (`--engagement-identifier`;
/// `--x`/`--no-x` for booleans; lists take several values), the input document and skeleton
/// options, the AWS CLI's paging options for paginated operations (the operation's own token
/// and page-size members stay accepted but hidden, as there), and the global options.
pub fn operation_command(op: &'static Operation) -> clap::Command {
    let mut cmd = clap::Command::new(op.kebab_name)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .args_override_self(true)
        .allow_negative_numbers(true)
        .arg(Arg::new(HELP_WORD).value_parser(["help"]).hide(true));
    let paging_members: Vec<&str> = op
        .paginator
        .iter()
        .flat_map(|p| std::iter::once(p.input_token).chain(p.limit_key))
        .collect();
    for member in op.input_shape().members {
        let (long, no_long) = option_names(member.name);
        let target = shapes::get(member.target);
        let hidden = paging_members.contains(&member.name);
        cmd = match target.kind {
            ShapeKind::Boolean => cmd
                .arg(
                    Arg::new(member.name)
                        .long(long)
                        .action(ArgAction::SetTrue)
                        .hide(hidden),
                )
                .arg(
                    Arg::new(no_long)
                        .long(no_long)
                        .action(ArgAction::SetTrue)
                        .hide(hidden),
                ),
            ShapeKind::List => cmd.arg(
                Arg::new(member.name)
                    .long(long)
                    .value_name("value")
                    .num_args(1..)
                    .action(ArgAction::Set)
                    .hide(hidden),
            ),
            _ => cmd.arg(
                Arg::new(member.name)
                    .long(long)
                    .value_name("value")
                    .num_args(1)
                    .action(ArgAction::Set)
                    .hide(hidden),
            ),
        };
    }
    cmd = cmd
        .arg(
            Arg::new(CLI_INPUT_JSON)
                .long("cli-input-json")
                .num_args(1)
                .conflicts_with(CLI_INPUT_YAML),
        )
        .arg(Arg::new(CLI_INPUT_YAML).long("cli-input-yaml").num_args(1))
        .arg(
            Arg::new(GENERATE_CLI_SKELETON)
                .long("generate-cli-skeleton")
                .num_args(0..=1)
                .default_missing_value("input")
                .value_parser(["input", "yaml-input", "output"]),
        );
    if let Some(p) = op.paginator {
        cmd = cmd.arg(Arg::new(STARTING_TOKEN).long("starting-token").num_args(1));
        if p.limit_key.is_some() {
            cmd = cmd.arg(
                Arg::new(PAGE_SIZE)
                    .long("page-size")
                    .num_args(1)
                    .value_parser(clap::value_parser!(i64)),
            );
        }
        cmd = cmd.arg(
            Arg::new(MAX_ITEMS)
                .long("max-items")
                .num_args(1)
                .value_parser(clap::value_parser!(i64)),
        );
    }
    GlobalArgs::augment_args(cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_command_is_well_formed() {
        for op in partnercentral_selling::OPERATIONS {
            operation_command(op).debug_assert();
        }
    }

    #[test]
    fn option_names_follow_botocore() {
        assert_eq!(
            option_names("EngagementIdentifier").0,
            "engagement-identifier"
        );
        assert_eq!(option_names("ClientToken").0, "client-token");
        assert_eq!(
            option_names("SenderAwsAccountId").0,
            "sender-aws-account-id"
        );
        assert_eq!(
            option_names("MaxResults"),
            ("max-results", "no-max-results")
        );
    }
}
