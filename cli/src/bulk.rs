//! `pcs bulk <operation> --input rows.jsonl|rows.csv --journal run.db`: any operation over a file
//! of rows at the account's pace, resumable with the same journal (the core's bulk engine,
//! `partnercentral_selling::bulk`). Self-contained: `main.rs` hands it the words after `bulk`.
//!
//! Exit codes: 0 every row done, 1 some rows failed, 2 the input is invalid and nothing was sent
//! (or a usage error), 130 interrupted (Ctrl-C / SIGTERM; rerun the same command to resume), 255
//! anything else (a journal of another input, a journal in use, no credentials...).
use std::ffi::OsString;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use partnercentral_selling::bulk::{
    self, BulkConfig, BulkError, CancelToken, Progress, RowError, files::RowFile,
};
use partnercentral_selling::{Client, OPERATIONS, Operation};
use serde_json::Value;

/// pcs bulk: run one operation for every row of a JSONL or CSV file, at the service's pace.
#[derive(Parser, Debug)]
#[command(name = "pcs bulk", disable_version_flag = true)]
pub struct BulkArgs {
    /// The operation, as the CLI names it (`create-engagement-invitation`) or as the API does.
    pub operation: String,
    /// The rows: `.jsonl`/`.ndjson`/`.json` (one request object per line) or `.csv` (a header of
    /// member paths with dots, `Invitation.Payload.OpportunityInvitation.Customer.CompanyName`).
    #[arg(long)]
    pub input: PathBuf,
    /// The journal (SQLite): tokens before sending, outcomes after; the same journal resumes.
    #[arg(long)]
    pub journal: PathBuf,
    /// Write one result per input row, in input order (JSON Lines).
    #[arg(long)]
    pub results: Option<PathBuf>,
    /// Requests per second (default: the documented quota of the operation's group).
    #[arg(long)]
    pub rate: Option<f64>,
    /// Send the valid rows even when some rows are invalid.
    #[arg(long)]
    pub send_valid: bool,
    /// Rows first sent per rolling 24 hours (default: 10,000 for writes, none for reads).
    #[arg(long)]
    pub daily_limit: Option<u64>,
    /// Rows in flight at once.
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
    /// Attempts of a throttled row before its result is the throttling error.
    #[arg(long, default_value_t = 10)]
    pub row_attempts: u32,
    #[arg(long)]
    pub endpoint_url: Option<String>,
    #[arg(long)]
    pub region: Option<String>,
    #[arg(long)]
    pub profile: Option<String>,
    #[arg(long)]
    pub ca_bundle: Option<PathBuf>,
    #[arg(long)]
    pub no_verify_ssl: bool,
    /// Progress bar on stderr even when it is not a terminal (`--no-progress` to never show it).
    #[arg(long, overrides_with = "no_progress")]
    pub progress: bool,
    #[arg(long)]
    pub no_progress: bool,
}

/// Runs `pcs bulk` with the words after `bulk`; returns the exit code.
pub fn main(args: Vec<OsString>) -> i32 {
    let mut argv = vec![OsString::from("pcs bulk")];
    argv.extend(args);
    let args = match BulkArgs::try_parse_from(argv) {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("could not start the async runtime: {e}");
            return 255;
        }
    };
    let code = runtime.block_on(run(args));
    runtime.shutdown_timeout(Duration::from_secs(1));
    code
}

fn find(name: &str) -> Option<&'static Operation> {
    OPERATIONS
        .iter()
        .find(|o| o.kebab_name == name || o.name == name)
}

async fn run(args: BulkArgs) -> i32 {
    let Some(op) = find(&args.operation) else {
        eprintln!(
            "pcs bulk: {:?} is not an operation; one of: {}",
            args.operation,
            OPERATIONS
                .iter()
                .map(|o| o.kebab_name)
                .collect::<Vec<_>>()
                .join(", ")
        );
        return 2;
    };
    let source = match RowFile::open(op, &args.input) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("pcs bulk: {e}");
            return 2;
        }
    };
    let client = match client(&args).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("pcs bulk: {e}");
            return 255;
        }
    };
    let cancel = CancelToken::default();
    let show = !args.no_progress && (args.progress || std::io::stderr().is_terminal());
    let bar = show.then(|| Arc::new(Mutex::new(Bar::default())));
    let config = BulkConfig {
        journal: Some(args.journal.clone()),
        rate: args.rate,
        daily_limit: args.daily_limit,
        concurrency: args.concurrency,
        send_valid: args.send_valid,
        row_attempts: args.row_attempts,
        cancel: cancel.clone(),
        on_progress: bar.clone().map(|bar| {
            Arc::new(move |p: &Progress| bar.lock().expect("bar").draw(p, false))
                as bulk::ProgressFn
        }),
        ..BulkConfig::default()
    };
    let signals = tokio::spawn(watch_signals(cancel.clone()));
    let run = match client.bulk(op, source, config).await {
        Ok(run) => run,
        Err(BulkError::InvalidRows { rows, total }) => {
            eprintln!(
                "pcs bulk: {} of {total} rows of {} are invalid; nothing was sent. Fix them, or pass --send-valid to send the {} valid rows anyway.",
                rows.len(),
                args.input.display(),
                total - rows.len() as u64
            );
            for r in &rows {
                eprintln!("row {}: {}", r.row + 1, indent(&r.error));
            }
            signals.abort();
            return 2;
        }
        Err(e) => {
            eprintln!("pcs bulk: {e}");
            signals.abort();
            return 255;
        }
    };
    let summary = run.finish().await;
    signals.abort();
    if let Some(bar) = &bar {
        if let Ok(s) = &summary {
            bar.lock().expect("bar").draw(&s.progress, true);
        }
        eprintln!();
    }
    let summary = match summary {
        Ok(s) => s,
        Err(e) => {
            eprintln!("pcs bulk: {e}");
            return 255;
        }
    };
    let p = &summary.progress;
    if let Some(out) = &args.results
        && let Err(e) = write_results(&args.journal, out, p.total)
    {
        eprintln!("pcs bulk: {e}");
        return 255;
    }
    println!(
        "{}: {} rows, {} done, {} failed{}, {} remaining, in {:.1}s ({} throttled attempt(s) re-sent){}",
        op.kebab_name,
        p.total,
        p.done,
        p.failed,
        if p.from_journal > 0 {
            format!(" ({} from the journal)", p.from_journal)
        } else {
            String::new()
        },
        p.remaining,
        summary.elapsed.as_secs_f64(),
        p.throttled,
        args.results
            .as_ref()
            .map(|r| format!("; results in {}", r.display()))
            .unwrap_or_default()
    );
    if summary.cancelled {
        eprintln!(
            "pcs bulk: interrupted; run the same command again (same --journal) to resume{}",
            if summary.abandoned > 0 {
                format!(
                    " ({} row(s) were still in flight: they will be re-sent with their recorded tokens)",
                    summary.abandoned
                )
            } else {
                String::new()
            }
        );
        return 130;
    }
    if p.failed > 0 { 1 } else { 0 }
}

async fn watch_signals(cancel: CancelToken) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut int), Ok(mut term)) = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) else {
            return;
        };
        tokio::select! {
            _ = int.recv() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
    cancel.cancel();
}

fn indent(e: &RowError) -> String {
    e.to_string().replace('\n', "\n  ")
}

async fn client(args: &BulkArgs) -> Result<Client, partnercentral_selling::Error> {
    let mut b = Client::builder();
    if let Some(u) = &args.endpoint_url {
        b = b.endpoint_url(u);
    }
    if let Some(r) = &args.region {
        b = b.region(r);
    }
    if let Some(p) = &args.profile {
        b = b.profile(p);
    }
    if let Some(c) = &args.ca_bundle {
        b = b.ca_bundle(c);
    }
    if args.no_verify_ssl {
        b = b.verify_tls(false);
    }
    b.build().await
}

/// One JSON line per input row, in input order, from the journal.
fn write_results(journal: &Path, out: &Path, total: u64) -> Result<(), String> {
    let file = File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut w = BufWriter::new(file);
    let mut next = 0u64;
    let mut failed = None;
    let mut line = |w: &mut BufWriter<File>, v: Value| {
        if let Err(e) = writeln!(w, "{v}") {
            failed.get_or_insert(e.to_string());
        }
    };
    bulk::journal_results(journal, |r| {
        let (row, outcome, unfinished) = (r.row, r.outcome, r.unfinished);
        while next < row {
            line(
                &mut w,
                serde_json::json!({"Row": next + 1, "Status": "pending"}),
            );
            next += 1;
        }
        let v = match outcome {
            Ok(output) => serde_json::json!({"Row": row + 1, "Status": "done", "Output": output}),
            Err(error) => serde_json::json!({
                "Row": row + 1,
                "Status": if unfinished { "pending" } else { "failed" },
                "Error": error,
            }),
        };
        line(&mut w, v);
        next = row + 1;
    })
    .map_err(|e| e.to_string())?;
    while next < total {
        line(
            &mut w,
            serde_json::json!({"Row": next + 1, "Status": "pending"}),
        );
        next += 1;
    }
    if let Some(e) = failed {
        return Err(format!("{}: {e}", out.display()));
    }
    w.flush().map_err(|e| format!("{}: {e}", out.display()))
}

/// The progress bar: one line on stderr, redrawn at most ten times a second.
#[derive(Default)]
struct Bar {
    last: Option<Instant>,
}

impl Bar {
    fn draw(&mut self, p: &Progress, force: bool) {
        if !force
            && self
                .last
                .is_some_and(|t| t.elapsed() < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(Instant::now());
        let finished = p.done + p.failed;
        let width = 30usize;
        let filled = if p.total == 0 {
            width
        } else {
            (finished as f64 / p.total as f64 * width as f64) as usize
        };
        let eta = p.eta_seconds as u64;
        let waiting = if p.daily_limit_until.is_some() {
            " · waiting for the rolling-day limit"
        } else {
            ""
        };
        eprint!(
            "\r[{}{}] {finished}/{} · {} done · {} failed · {:.1}/s · {}h{:02}m{:02}s left{waiting}   ",
            "#".repeat(filled.min(width)),
            " ".repeat(width - filled.min(width)),
            p.total,
            p.done,
            p.failed,
            p.rate,
            eta / 3600,
            eta / 60 % 60,
            eta % 60
        );
    }
}
