//! `pcs`: `aws partnercentral-selling create-engagement-invitation`, option for option, on the
//! partnercentral-selling client, plus a local emulator and an offline demo.

use clap::Parser;
use partnercentral_selling_cli::args::{Cli, Command};
use partnercentral_selling_cli::error::CliError;
use partnercentral_selling_cli::{create, demo, emulator_cmd, help, signals};
use std::ffi::OsString;

fn main() {
    let argv: Vec<OsString> = std::env::args_os().collect();
    if argv.get(1).is_some_and(|a| a == "bulk") {
        std::process::exit(partnercentral_selling_cli::bulk::main(argv[2..].to_vec()));
    }
    let code = match run(argv) {
        Ok(()) => 0,
        Err(e) => {
            eprint!("{}", e.render());
            e.exit_code()
        }
    };
    std::process::exit(code);
}

fn run(mut argv: Vec<OsString>) -> Result<(), CliError> {
    // `pcs partnercentral-selling create-engagement-invitation ...` reads like the aws command.
    if argv.get(1).is_some_and(|a| a == "partnercentral-selling") {
        argv.remove(1);
    }
    let cli = Cli::try_parse_from(argv).map_err(clap_error)?;
    let global = &cli.global;
    if global.version {
        println!(
            "pcs/{} partnercentral-selling/{} {}/{}",
            env!("CARGO_PKG_VERSION"),
            env!("CARGO_PKG_VERSION"),
            std::env::consts::OS,
            std::env::consts::ARCH
        );
        return Ok(());
    }
    let topic = match &cli.command {
        Some(Command::Help { topic }) => Some(topic.as_deref()),
        Some(Command::CreateEngagementInvitation(a)) if a.help_word.is_some() || global.help => {
            Some(Some("create-engagement-invitation"))
        }
        Some(Command::Emulator(_)) if global.help => Some(Some("emulator")),
        Some(Command::Demo(_)) if global.help => Some(Some("demo")),
        None if global.help => Some(None),
        _ => None,
    };
    if let Some(topic) = topic {
        let text = help::text(topic).ok_or_else(|| {
            CliError::Usage(format!("no help topic {}", topic.unwrap_or_default()))
        })?;
        print!("{text}");
        return Ok(());
    }
    if global.debug {
        tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .with_env_filter(tracing_subscriber::EnvFilter::new(
                "debug,hyper=info,hyper_util=info,h2=info,rustls=info,tower=info",
            ))
            .init();
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Other(format!("could not start the async runtime: {e}")))?;
    let result = runtime.block_on(async {
        let mut signals = signals::Signals::install()?;
        match &cli.command {
            // The emulator stops cleanly on a signal; elsewhere Ctrl-C means exit 130.
            Some(Command::Emulator(a)) => emulator_cmd::run(a, global, &mut signals).await,
            Some(Command::CreateEngagementInvitation(a)) => {
                interruptible(&mut signals, create::run(global, a, Default::default())).await
            }
            Some(Command::Demo(a)) => interruptible(&mut signals, demo::run(global, a)).await,
            Some(Command::Help { .. }) => Ok(()),
            None => Err(CliError::Usage(
                "the following arguments are required: command".into(),
            )),
        }
    });
    // Don't wait for a prompt still blocked on the terminal after Ctrl-C.
    runtime.shutdown_background();
    result
}

async fn interruptible(
    signals: &mut signals::Signals,
    work: impl std::future::Future<Output = Result<(), CliError>>,
) -> Result<(), CliError> {
    tokio::select! {
        r = work => r,
        _ = signals.interrupted() => Err(CliError::Interrupted),
    }
}

/// clap's errors, in argparse's words where the AWS CLI has them.
fn clap_error(e: clap::Error) -> CliError {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let arg = || match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => {
            s.split_whitespace().next().unwrap_or_default().to_string()
        }
        _ => String::new(),
    };
    let message = match e.kind() {
        ErrorKind::UnknownArgument => match e.get(ContextKind::InvalidArg) {
            Some(ContextValue::String(s)) => format!("Unknown options: {s}"),
            _ => "Unknown options".into(),
        },
        ErrorKind::InvalidSubcommand => match e.get(ContextKind::InvalidSubcommand) {
            Some(ContextValue::String(s)) => format!(
                "argument command: Invalid choice '{s}', valid choices are: \
                 create-engagement-invitation, emulator, demo, help"
            ),
            _ => "argument command: Invalid choice".into(),
        },
        ErrorKind::InvalidValue => {
            let value = match e.get(ContextKind::InvalidValue) {
                Some(ContextValue::String(s)) => s.clone(),
                _ => String::new(),
            };
            // A stray word after the command: the AWS CLI calls it an unknown option.
            if arg().starts_with("[HELP_WORD]") {
                return CliError::Usage(format!("Unknown options: {value}"));
            }
            let choices = match e.get(ContextKind::ValidValue) {
                Some(ContextValue::Strings(v)) => v
                    .iter()
                    .map(|c| format!("'{c}'"))
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => String::new(),
            };
            if choices.is_empty() {
                format!("argument {}: expected one argument", arg())
            } else {
                format!(
                    "argument {}: Invalid choice: '{value}', valid choices are: {choices}",
                    arg()
                )
            }
        }
        ErrorKind::ArgumentConflict => {
            let other = match e.get(ContextKind::PriorArg) {
                Some(ContextValue::String(s)) => {
                    s.split_whitespace().next().unwrap_or_default().to_string()
                }
                Some(ContextValue::Strings(v)) => v.join(", "),
                _ => String::new(),
            };
            format!("argument {}: not allowed with argument {other}", arg())
        }
        ErrorKind::ValueValidation => {
            let value = match e.get(ContextKind::InvalidValue) {
                Some(ContextValue::String(s)) => s.clone(),
                _ => String::new(),
            };
            format!("argument {}: invalid value: '{value}'", arg())
        }
        _ => e
            .render()
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("error: ")
            .to_string(),
    };
    CliError::Usage(message)
}
