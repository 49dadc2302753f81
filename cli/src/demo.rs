//! `pcs demo`: the README's main job. An emulator on a free loopback port, then the same
//! `create-engagement-invitation` path a user runs, through the real signed client, with the
//! repository's sample input. No AWS account involved.
use crate::args::{CreateArgs, DemoArgs, GlobalArgs};
use crate::error::CliError;
use crate::invoke::Connection;
use partnercentral_selling::credentials::Credentials;
use partnercentral_selling_emulator::{Emulator, EmulatorConfig};

const SAMPLE: &str = include_str!("../examples/create-engagement-invitation.json");
const SAMPLE_PATH: &str = "cli/examples/create-engagement-invitation.json";

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
    eprintln!("Started the Partner Central Selling emulator at {url}");
    eprintln!(
        "$ AWS_ACCESS_KEY_ID={} AWS_SECRET_ACCESS_KEY=... pcs create-engagement-invitation \
         --endpoint-url {url} --region us-east-1 --cli-input-json {shown}",
        sender.access_key_id
    );
    let create = CreateArgs {
        help_word: None,
        catalog: None,
        client_token: None,
        engagement_identifier: None,
        invitation: None,
        cli_input_json: Some(input),
        cli_input_yaml: None,
        generate_cli_skeleton: None,
    };
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
    let result = crate::create::run(&global, &create, connection).await;
    let stored = emulator.stored_invitations().len();
    emulator.stop().await;
    eprintln!("Stopped the emulator ({stored} invitation(s) stored).");
    result
}
