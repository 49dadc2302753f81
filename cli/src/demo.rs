//! `pcs demo`: the README's main job. An emulator on a free loopback port, then the same path a
//! user's command runs, through the real signed client, with the repository's sample input. The
//! sample file says what to call: its name is the operation's subcommand, its content the
//! request. No AWS account involved.
use crate::args::{DemoArgs, GlobalArgs, operation_command};
use crate::error::CliError;
use crate::invoke::Connection;
use partnercentral_selling::credentials::Credentials;
use partnercentral_selling::{OPERATIONS, Operation};
use partnercentral_selling_emulator::{Emulator, EmulatorConfig};

const SAMPLE: &str = include_str!("../examples/create-engagement-invitation.json");
const SAMPLE_PATH: &str = "cli/examples/create-engagement-invitation.json";

/// The operation the sample file is named after.
fn sample_operation() -> Result<&'static Operation, CliError> {
    let stem = std::path::Path::new(SAMPLE_PATH)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    OPERATIONS
        .iter()
        .find(|o| o.kebab_name == stem)
        .ok_or_else(|| CliError::Other(format!("{SAMPLE_PATH} names no operation of the model")))
}

pub async fn run(global: &GlobalArgs, args: &DemoArgs) -> Result<(), CliError> {
    let emulator = Emulator::start(EmulatorConfig {
        port: 0,
        ..EmulatorConfig::default()
    })
    .await
    .map_err(|e| CliError::Other(format!("the emulator could not start: {e}")))?;
    let url = emulator.url();
    let sender = emulator
        .credentials()
        .first()
        .cloned()
        .ok_or_else(|| CliError::Other("the emulator accepts no credentials".into()))?;
    let (input, shown) = match &args.cli_input_json {
        Some(given) => (given.clone(), given.clone()),
        None => (SAMPLE.to_string(), format!("file://{SAMPLE_PATH}")),
    };
    let op = sample_operation()?;
    eprintln!("Started the Partner Central Selling emulator at {url}");
    eprintln!(
        "$ AWS_ACCESS_KEY_ID={} AWS_SECRET_ACCESS_KEY=... pcs partnercentral-selling {} \
         --endpoint-url {url} --region us-east-1 --cli-input-json {shown}",
        sender.access_key_id, op.kebab_name
    );
    let matches = operation_command(op)
        .try_get_matches_from([op.kebab_name, "--cli-input-json", input.as_str()])
        .map_err(|e| CliError::Other(format!("the demo's command line: {e}")))?;
    let mut global = global.clone();
    global.region.get_or_insert_with(|| "us-east-1".into());
    let connection = Connection {
        endpoint_url: Some(url.to_string()),
        credentials: Some(Credentials::new(
            sender.access_key_id.clone(),
            sender.secret_access_key.clone(),
            None,
        )),
    };
    let result = crate::operation::run(&global, op, &matches, connection).await;
    let stored = emulator.stored_invitations().len();
    emulator.stop().await;
    eprintln!("Stopped the emulator ({stored} invitation(s) stored).");
    result
}
