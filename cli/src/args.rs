//! The command line, option for option as the AWS CLI reference page lists them. Global options
//! may appear before or after the command, as with `aws`.
use clap::{Args, Parser, Subcommand};
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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// This action creates an invitation from a sender to a single receiver to join an engagement.
    CreateEngagementInvitation(CreateArgs),
    /// Run the local Partner Central Selling endpoint in the foreground.
    Emulator(EmulatorArgs),
    /// Start an emulator in-process and create an invitation through the signed client.
    Demo(DemoArgs),
    /// Show help.
    Help { topic: Option<String> },
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
    /// The formatting style to be used for binary blobs (this operation has none).
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
pub struct CreateArgs {
    /// `help` after the command prints its documentation, as `aws ... create-engagement-invitation help`.
    #[arg(value_parser = ["help"], hide = true)]
    pub help_word: Option<String>,
    #[arg(long)]
    pub catalog: Option<String>,
    #[arg(long)]
    pub client_token: Option<String>,
    #[arg(long)]
    pub engagement_identifier: Option<String>,
    #[arg(long)]
    pub invitation: Option<String>,
    #[arg(long, conflicts_with = "cli_input_yaml")]
    pub cli_input_json: Option<String>,
    #[arg(long)]
    pub cli_input_yaml: Option<String>,
    #[arg(
        long,
        num_args = 0..=1,
        default_missing_value = "input",
        value_parser = ["input", "yaml-input", "output"]
    )]
    pub generate_cli_skeleton: Option<String>,
}

impl CreateArgs {
    /// The command-line value of each top-level input member, by its model name.
    pub fn member_values(&self) -> [(&'static str, Option<&str>); 4] {
        [
            ("Catalog", self.catalog.as_deref()),
            ("ClientToken", self.client_token.as_deref()),
            (
                "EngagementIdentifier",
                self.engagement_identifier.as_deref(),
            ),
            ("Invitation", self.invitation.as_deref()),
        ]
    }
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

/// The AWS CLI's option name for a model member: `EngagementIdentifier` -> `engagement-identifier`.
pub fn option_name(member: &str) -> String {
    let mut out = String::with_capacity(member.len() + 4);
    for (i, c) in member.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_names_follow_the_aws_cli() {
        assert_eq!(option_name("EngagementIdentifier"), "engagement-identifier");
        assert_eq!(option_name("ClientToken"), "client-token");
        assert_eq!(option_name("Catalog"), "catalog");
    }
}
