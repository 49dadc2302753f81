//! `pcs`: the AWS CLI's `aws partnercentral-selling <operation>`, every operation of the model,
//! option for option, on the partnercentral-selling client, plus a local emulator and an offline
//! demo.

use clap::{FromArgMatches, Parser};
use partnercentral_selling::{OPERATIONS, Operation};
use partnercentral_selling_cli::args::{Cli, Command, GlobalArgs, HELP_WORD, operation_command};
use partnercentral_selling_cli::error::CliError;
use partnercentral_selling_cli::{demo, emulator_cmd, help, operation, signals};
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

/// The operation named on the command line (`list-engagement-invitations ...`, or
/// `partnercentral-selling list-engagement-invitations ...`), parsed with its own options.
enum Target {
    Operation(&'static Operation, clap::ArgMatches),
    Overview,
}

fn operation_target(words: &[OsString]) -> Result<Target, CliError> {
    let words = match words.first() {
        Some(w) if w == "partnercentral-selling" => &words[1..],
        _ => words,
    };
    let Some(name) = words.first() else {
        return Err(CliError::Usage(
            "the following arguments are required: operation".into(),
        ));
    };
    if name == "help" {
        return Ok(Target::Overview);
    }
    let name = name.to_string_lossy();
    let Some(op) = OPERATIONS.iter().find(|o| o.kebab_name == name) else {
        let mut choices: Vec<&str> = OPERATIONS.iter().map(|o| o.kebab_name).collect();
        choices.extend(["emulator", "demo", "help"]);
        return Err(CliError::Usage(format!(
            "argument command: Invalid choice '{name}', valid choices are: {}",
            choices.join(", ")
        )));
    };
    let matches = operation_command(op)
        .try_get_matches_from(words)
        .map_err(clap_error)?;
    Ok(Target::Operation(op, matches))
}

fn run(argv: Vec<OsString>) -> Result<(), CliError> {
    let cli = Cli::try_parse_from(argv).map_err(clap_error)?;
    let mut global = cli.global;
    let target = match &cli.command {
        Some(Command::Operation(words)) => Some(operation_target(words)?),
        _ => None,
    };
    if let Some(Target::Operation(_, matches)) = &target {
        let after = GlobalArgs::from_arg_matches(matches).map_err(clap_error)?;
        global = global.merged(after);
    }
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
    let topic = match (&cli.command, &target) {
        (Some(Command::Help { topic }), _) => Some(topic.clone()),
        (_, Some(Target::Overview)) => Some(None),
        (_, Some(Target::Operation(op, m)))
            if m.get_one::<String>(HELP_WORD).is_some() || global.help =>
        {
            Some(Some(op.kebab_name.to_string()))
        }
        (Some(Command::Emulator(_)), _) if global.help => Some(Some("emulator".into())),
        (Some(Command::Demo(_)), _) if global.help => Some(Some("demo".into())),
        (None, _) if global.help => Some(None),
        _ => None,
    };
    if let Some(topic) = topic {
        let text = help::text(topic.as_deref()).ok_or_else(|| {
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
        match (&cli.command, &target) {
            // The emulator stops cleanly on a signal; elsewhere Ctrl-C means exit 130.
            (Some(Command::Emulator(a)), _) => emulator_cmd::run(a, &global, &mut signals).await,
            (_, Some(Target::Operation(op, matches))) => {
                interruptible(
                    &mut signals,
                    operation::run(&global, op, matches, Default::default()),
                )
                .await
            }
            (Some(Command::Demo(a)), _) => interruptible(&mut signals, demo::run(&global, a)).await,
            (None, _) => Err(CliError::Usage(
                "the following arguments are required: command".into(),
            )),
            _ => Ok(()),
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
            Some(ContextValue::String(s)) => format!("argument command: Invalid choice '{s}'"),
            _ => "argument command: Invalid choice".into(),
        },
        ErrorKind::InvalidValue => {
            let value = match e.get(ContextKind::InvalidValue) {
                Some(ContextValue::String(s)) => s.clone(),
                _ => String::new(),
            };
            // A stray word after the command: the AWS CLI calls it an unknown option.
            if arg().to_ascii_uppercase().starts_with("[HELP_WORD]") {
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
