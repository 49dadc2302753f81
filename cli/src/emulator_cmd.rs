//! `pcs emulator`: the local endpoint in the foreground until Ctrl-C or SIGTERM.
use crate::args::EmulatorArgs;
use crate::error::CliError;
use crate::signals::Signals;
use partnercentral_selling_emulator::{Credential, Emulator, EmulatorConfig, Faults, TlsConfig};

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
        ..EmulatorConfig::default()
    };
    if args.tls || args.tls_cert.is_some() || args.ca_bundle_out.is_some() {
        config.tls = Some(TlsConfig {
            cert_file: args.tls_cert.clone(),
            key_file: args.tls_key.clone(),
            ca_bundle_file: args.ca_bundle_out.clone(),
        });
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

pub async fn run(args: &EmulatorArgs, signals: &mut Signals) -> Result<(), CliError> {
    let emulator = Emulator::start(config(args)?)
        .await
        .map_err(|e| CliError::Other(format!("the emulator could not start: {e}")))?;
    let url = emulator.url();
    println!("Partner Central Selling emulator listening on {url}");
    println!("Accepted credentials (documented test values, not secrets):");
    for c in emulator.credentials() {
        println!(
            "  AWS_ACCESS_KEY_ID={} AWS_SECRET_ACCESS_KEY={}  (account {})",
            c.access_key_id, c.secret_access_key, c.account_id
        );
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
