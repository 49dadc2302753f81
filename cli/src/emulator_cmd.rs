//! `pcs emulator`: the local endpoint in the foreground until Ctrl-C or SIGTERM; and
//! `pcs emulator admin advance|events --endpoint-url URL` for a running one.
use std::time::Duration;

use crate::args::{AdminAction, EmulatorArgs, EmulatorCommand, GlobalArgs};
use crate::error::CliError;
use crate::signals::Signals;
use partnercentral_selling_emulator::{
    Credential, Emulator, EmulatorConfig, Faults, Quotas, Remote, TlsConfig,
};
use serde_json::json;

fn config(args: &EmulatorArgs) -> Result<EmulatorConfig, CliError> {
    let mut config = EmulatorConfig {
        port: args.port,
        demo_data: !args.no_demo_data,
        seed_file: args.seed_file.clone(),
        faults: Faults {
            throttle_rps: args.throttle_rps,
            error_rate: args.error_rate,
            latency_ms: args.latency_ms,
            ..Faults::default()
        },
        state_file: args.state.clone(),
        event_url: args.event_url.clone(),
        admin_token: args.admin_token.clone(),
        ..EmulatorConfig::default()
    };
    if let Some(host) = args.host {
        config.host = host;
    }
    if !(args.task_seconds.is_finite() && args.task_seconds >= 0.0) {
        return Err(CliError::Usage(format!(
            "argument --task-seconds: must be a number of seconds, 0 or more, got {}",
            args.task_seconds
        )));
    }
    config.task_duration_ms = (args.task_seconds * 1000.0) as u64;
    if args.quotas.is_some() {
        let mut quotas = Quotas::aws();
        if let Some(scale) = args.quota_scale {
            quotas.scale = scale;
        }
        for spec in &args.quota {
            quotas.overrides.push(
                Quotas::parse_override(spec)
                    .map_err(|e| CliError::Usage(format!("argument --quota: {e}")))?,
            );
        }
        config.quotas = Some(quotas);
    }
    if args.tls || args.tls_cert.is_some() || args.ca_bundle_out.is_some() {
        config.tls = Some(TlsConfig {
            cert_file: args.tls_cert.clone(),
            key_file: args.tls_key.clone(),
            ca_bundle_file: args.ca_bundle_out.clone(),
        });
    }
    if let Some(path) = &args.accounts {
        if !args.credentials.is_empty() {
            return Err(CliError::Usage(
                "argument --accounts: not allowed with --credential (put every key in the file)"
                    .to_owned(),
            ));
        }
        config.credentials = Credential::load_accounts(path)
            .map_err(|e| CliError::Usage(format!("argument --accounts: {e}")))?;
    }
    if !args.credentials.is_empty() {
        config.credentials = args
            .credentials
            .iter()
            .map(|spec| {
                Credential::parse(spec)
                    .map_err(|e| CliError::Usage(format!("argument --credential: {e}")))
            })
            .collect::<Result<_, _>>()?;
    }
    Ok(config)
}

/// What `--print-config` writes: the URL, every account with its keys, the admin token.
fn printed_config(emulator: &Emulator) -> serde_json::Value {
    let accounts: Vec<serde_json::Value> = emulator
        .credentials()
        .iter()
        .map(|c| {
            json!({
                "AccountId": c.account_id,
                "AccessKeyId": c.access_key_id,
                "SecretAccessKey": c.secret_access_key,
                "Name": c.name,
            })
        })
        .collect();
    json!({"url": emulator.url(), "accounts": accounts, "admin_token": emulator.admin_token()})
}

pub async fn run(
    args: &EmulatorArgs,
    global: &GlobalArgs,
    signals: &mut Signals,
) -> Result<(), CliError> {
    if let Some(EmulatorCommand::Admin { action }) = &args.command {
        return admin(action, args, global).await;
    }
    let emulator = Emulator::start(config(args)?)
        .await
        .map_err(|e| CliError::Other(format!("the emulator could not start: {e}")))?;
    let url = emulator.url();
    println!("Partner Central Selling emulator listening on {url}");
    println!("Partner accounts (documented test values, not secrets):");
    for c in emulator.credentials() {
        println!(
            "  {:<24} account {}  AWS_ACCESS_KEY_ID={} AWS_SECRET_ACCESS_KEY={}",
            c.name, c.account_id, c.access_key_id, c.secret_access_key
        );
    }
    if let Some(token) = emulator.admin_token() {
        println!("Admin token (Authorization: Bearer ... on /__emulator/*): {token}");
    }
    if let Some(path) = &args.print_config {
        let text = serde_json::to_string_pretty(&printed_config(&emulator)).unwrap_or_default();
        std::fs::write(path, text).map_err(|e| {
            CliError::Other(format!(
                "argument --print-config: cannot write {}: {e}",
                path.display()
            ))
        })?;
        println!("Configuration written to {}", path.display());
    }
    let trust = match emulator.ca_bundle() {
        Some(path) => {
            let path = path.display();
            println!("HTTPS certificate authority (PEM), for --ca-bundle or AWS_CA_BUNDLE: {path}");
            format!(" --ca-bundle {path}")
        }
        None => String::new(),
    };
    println!(
        "Try: pcs create-engagement-invitation --endpoint-url {url}{trust} --region us-east-1 \
         --cli-input-json file://cli/examples/create-engagement-invitation.json"
    );
    println!("Press Ctrl-C to stop.");
    signals.terminated().await;
    emulator.stop().await;
    println!("Emulator stopped.");
    Ok(())
}

async fn admin(
    action: &AdminAction,
    args: &EmulatorArgs,
    global: &GlobalArgs,
) -> Result<(), CliError> {
    let url = global.endpoint_url.as_deref().ok_or_else(|| {
        CliError::Usage(
            "pcs emulator admin needs --endpoint-url URL (the URL the emulator printed at start)"
                .to_owned(),
        )
    })?;
    let remote = Remote::new(url, args.admin_token.clone())
        .map_err(|e| CliError::Usage(format!("argument --endpoint-url: {e}")))?;
    match action {
        AdminAction::Advance {
            days,
            hours,
            minutes,
            seconds,
        } => {
            let total = days * 86_400.0 + hours * 3_600.0 + minutes * 60.0 + seconds;
            if !(total.is_finite() && total > 0.0) {
                return Err(CliError::Usage(
                    "pcs emulator admin advance: give a positive --days, --hours, --minutes or --seconds"
                        .to_owned(),
                ));
            }
            let now = remote
                .advance(Duration::from_secs_f64(total))
                .await
                .map_err(|e| CliError::Other(e.to_string()))?;
            println!("{now}");
        }
        AdminAction::Events { after, account } => {
            let answer = remote
                .events(*after, account.as_deref())
                .await
                .map_err(|e| CliError::Other(e.to_string()))?;
            for entry in answer["events"].as_array().into_iter().flatten() {
                println!("{}", json!({"seq": entry["seq"], "event": entry["event"]}));
            }
        }
    }
    Ok(())
}
