//! `client.bulk(Command, rows, options)`: the core's bulk engine (`partnercentral_selling::bulk`)
//! for the JS layer (`lib/bulk.js`). The rows arrive as a file (the user's `.jsonl`/`.csv`, or the
//! JSON Lines file the JS layer spooled an array or an iterable into), read by the core's file
//! source on each pass, so nothing here holds them. Results leave in batches through the inbox
//! (`next`), the summary through `finish`, one result per input row through `results` (read back
//! from the journal), and progress through a weak threadsafe function that only says "there is
//! news" while the latest counts wait in a slot (`takeProgress`), so a fast run never piles up
//! calls on the JS thread.
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use napi::threadsafe_function::ThreadsafeFunctionCallMode;
use napi_derive::napi;
use partnercentral_selling::bulk::files::{Format, RowFile};
use partnercentral_selling::bulk::{
    self, BulkConfig, BulkError, BulkRun, CancelToken, Progress, RowError, RowResult, Summary,
    TempJournal,
};
use partnercentral_selling::{Client, Operation};
use serde_json::{Value, json};
use tokio::sync::{Mutex as AsyncMutex, OnceCell};

use crate::client::Settings;
use crate::inbox::{self, Inbox, WakeFn};
use crate::outcome::{ErrorInfo, Metadata, Outcome, Output, mark_dates};

/// `client.bulk`'s options, already checked by `lib/bulk.js` (`BulkConfig` one for one).
#[napi(object)]
pub struct BulkOptions {
    /// The journal (SQLite); absent: a temporary one, removed with the run.
    pub journal: Option<String>,
    pub rate: Option<f64>,
    pub daily_limit: Option<f64>,
    pub concurrency: Option<u32>,
    pub send_valid: Option<bool>,
    pub row_attempts: Option<u32>,
    /// Seconds to wait for the rows in flight after a cancel.
    pub drain_timeout: Option<f64>,
}

/// Where the rows are: a `.jsonl`/`.csv` file, or (`spooled`) a JSON Lines file whatever its name.
#[napi(object)]
pub struct BulkSource {
    pub path: String,
    pub spooled: bool,
}

/// The run's counts (the core's `Progress`; numbers as JS numbers).
#[napi(object)]
pub struct BulkProgress {
    pub total: f64,
    pub done: f64,
    pub failed: f64,
    pub from_journal: f64,
    pub in_flight: f64,
    pub remaining: f64,
    pub rate: f64,
    pub throughput: f64,
    pub eta_seconds: f64,
    pub throttled: f64,
    /// Unix time in milliseconds while the rolling-day limit holds fresh rows back.
    pub daily_limit_until: Option<f64>,
}

impl From<&Progress> for BulkProgress {
    fn from(p: &Progress) -> Self {
        Self {
            total: p.total as f64,
            done: p.done as f64,
            failed: p.failed as f64,
            from_journal: p.from_journal as f64,
            in_flight: p.in_flight as f64,
            remaining: p.remaining as f64,
            rate: p.rate,
            throughput: p.throughput,
            eta_seconds: p.eta_seconds,
            throttled: p.throttled as f64,
            daily_limit_until: p.daily_limit_until.map(|s| s * 1000.0),
        }
    }
}

/// Where the run is.
enum Phase {
    Starting,
    Running(BulkRun),
    /// The run could not start, or stopped with an error (handed to JS once).
    Failed(Option<Box<BulkError>>),
    Finished,
}

struct Shared {
    op: &'static Operation,
    phase: Arc<AsyncMutex<Phase>>,
    cancel: CancelToken,
    journal: PathBuf,
    temp: Mutex<Option<TempJournal>>,
    progress: Mutex<Option<Progress>>,
    /// Rows whose result came from the journal (an earlier run), one bit each.
    from_journal: Mutex<Vec<u64>>,
    summary: Mutex<Option<Summary>>,
}

impl Shared {
    fn note(&self, r: &RowResult) {
        if r.from_journal {
            let mut bits = self.from_journal.lock().unwrap_or_else(|p| p.into_inner());
            let word = (r.row / 64) as usize;
            if bits.len() <= word {
                bits.resize(word + 1, 0);
            }
            bits[word] |= 1 << (r.row % 64);
        }
    }

    fn was_from_journal(&self, row: u64) -> bool {
        let bits = self.from_journal.lock().unwrap_or_else(|p| p.into_inner());
        bits.get((row / 64) as usize)
            .is_some_and(|w| w & (1 << (row % 64)) != 0)
    }
}

/// One bulk run, driven from `lib/bulk.js`.
#[napi]
pub struct NativeBulkRun {
    shared: Arc<Shared>,
}

fn row_error_json(e: &RowError) -> Value {
    json!({
        "code": e.code,
        "message": e.message,
        "violations": e.violations.iter().map(|v| json!({
            "path": v.path, "code": v.code, "message": v.message,
        })).collect::<Vec<_>>(),
    })
}

/// A row's output with its timestamps marked for `lib/convert.js`.
fn output_json(op: &Operation, mut output: Value, has_dates: &mut bool) -> Value {
    if let Some(shape) = op.output {
        *has_dates |= mark_dates(shape, &mut output);
    }
    output
}

fn result_json(op: &Operation, r: RowResult, has_dates: &mut bool) -> Value {
    let mut v = json!({ "row": r.row, "fromJournal": r.from_journal });
    match r.outcome {
        Ok(output) => {
            v["status"] = json!("done");
            v["output"] = output_json(op, output, has_dates);
        }
        Err(e) => {
            v["status"] = json!("failed");
            v["error"] = row_error_json(&e);
        }
    }
    if let Some(t) = r.client_token {
        v["clientToken"] = json!(t);
    }
    v
}

fn json_outcome(value: Value, has_dates: bool) -> Outcome {
    Outcome {
        output: Some(Output {
            json: value.to_string(),
            has_dates,
            // A bulk answer is not one response: no metadata.
            metadata: Metadata {
                http_status_code: None,
                request_id: None,
                attempts: 0,
                total_retry_delay: 0.0,
                client_token: None,
            },
        }),
        error: None,
    }
}

/// The core's `BulkError` as plain data: `bulkInvalidRows` with every invalid row in `body`,
/// `bulk` with the variant's name as the code, or the client error's own description.
fn bulk_error(e: BulkError) -> ErrorInfo {
    let code = match &e {
        BulkError::InvalidRows { rows, total } => {
            let rows: Vec<Value> = rows
                .iter()
                .map(|r| {
                    let mut v = row_error_json(&r.error);
                    v["row"] = json!(r.row);
                    v
                })
                .collect();
            let mut info = ErrorInfo::plain("bulkInvalidRows", e.to_string());
            info.body = Some(json!({ "total": total, "rows": rows }).to_string());
            return info;
        }
        BulkError::JournalMismatch(_) => "JournalMismatch",
        BulkError::JournalInUse(_) => "JournalInUse",
        BulkError::Journal(_) => "Journal",
        BulkError::Source(_) => "Source",
        BulkError::InputChanged(_) => "InputChanged",
        BulkError::Client(_) => "",
    };
    match e {
        BulkError::Client(inner) => inner.into(),
        other => {
            let mut info = ErrorInfo::plain("bulk", other.to_string());
            info.code = Some(code.to_owned());
            info
        }
    }
}

fn summary_json(s: &Summary) -> Value {
    let p = &s.progress;
    json!({
        "total": p.total,
        "done": p.done,
        "failed": p.failed,
        "fromJournal": p.from_journal,
        "pending": p.total.saturating_sub(p.done + p.failed),
        "throttled": p.throttled,
        "rate": p.rate,
        "throughput": p.throughput,
        "cancelled": s.cancelled,
        "abandoned": s.abandoned,
        "elapsedMs": s.elapsed.as_secs_f64() * 1000.0,
    })
}

/// Results handed to JS per `next` at most: enough to cross once per burst of journal replays,
/// few enough that one batch stays small.
const BATCH: usize = 256;

pub(crate) fn start(
    settings: Arc<Settings>,
    cell: Arc<OnceCell<Client>>,
    operation: u32,
    source: BulkSource,
    options: BulkOptions,
    on_progress: Option<WakeFn>,
) -> napi::Result<NativeBulkRun> {
    let op = crate::table::operation(operation)?;
    let (journal, temp) = match &options.journal {
        Some(p) => (PathBuf::from(p), None),
        // The core removes its own temporary journal when the run ends, before `results` could
        // read it: the binding keeps one until the run object goes.
        None => {
            let temp = TempJournal::new();
            (temp.path().to_path_buf(), Some(temp))
        }
    };
    let cancel = CancelToken::default();
    let shared = Arc::new(Shared {
        op,
        phase: Arc::new(AsyncMutex::new(Phase::Starting)),
        cancel: cancel.clone(),
        journal: journal.clone(),
        temp: Mutex::new(temp),
        progress: Mutex::new(None),
        from_journal: Mutex::new(Vec::new()),
        summary: Mutex::new(None),
    });
    // Taken before the task starts (nobody else has seen this run yet), so `next` waits for the
    // start.
    let mut guard = shared
        .phase
        .clone()
        .try_lock_owned()
        .map_err(|_| napi::Error::from_reason("the bulk run is already starting"))?;
    let progress_fn = on_progress.map(|wake| {
        let slot = shared.clone();
        Arc::new(move |p: &Progress| {
            let first = slot
                .progress
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .replace(p.clone())
                .is_none();
            if first {
                let _ = wake.call((), ThreadsafeFunctionCallMode::NonBlocking);
            }
        }) as bulk::ProgressFn
    });
    let config = BulkConfig {
        journal: Some(journal),
        rate: options.rate,
        daily_limit: options.daily_limit.map(|d| d.max(0.0) as u64),
        concurrency: options
            .concurrency
            .map_or(BulkConfig::default().concurrency, |c| c.max(1) as usize),
        send_valid: options.send_valid.unwrap_or(false),
        row_attempts: options
            .row_attempts
            .unwrap_or(BulkConfig::default().row_attempts),
        drain_timeout: options
            .drain_timeout
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map_or(
                BulkConfig::default().drain_timeout,
                std::time::Duration::from_secs_f64,
            ),
        cancel,
        on_progress: progress_fn,
    };
    napi::bindgen_prelude::spawn(async move {
        let rows = if source.spooled {
            Ok(RowFile::with_format(op, &source.path, Format::JsonLines))
        } else {
            RowFile::open(op, &source.path).map_err(BulkError::Source)
        };
        let started = match rows {
            Ok(rows) => match cell.get_or_try_init(|| settings.client()).await {
                Ok(client) => client.bulk(op, rows, config).await,
                Err(e) => Err(BulkError::Client(e)),
            },
            Err(e) => Err(e),
        };
        *guard = match started {
            Ok(run) => Phase::Running(run),
            Err(e) => Phase::Failed(Some(Box::new(e))),
        };
    });
    Ok(NativeBulkRun { shared })
}

#[napi]
impl NativeBulkRun {
    /// Reports to `inbox` under `call_id` the next results, as JSON text `{ results: [...] }`
    /// (at least one, waiting for it), or at the end `{ results: [], summary }`; or the error
    /// that stopped the run (invalid rows, a journal of another input ...).
    #[napi]
    pub fn next(&self, call_id: u32, inbox: &Inbox) {
        let shared = self.shared.clone();
        inbox::spawn(
            async move {
                let op = shared.op;
                let mut phase = shared.phase.lock().await;
                let run = match &mut *phase {
                    Phase::Running(run) => run,
                    Phase::Failed(e) => {
                        return Outcome::failed(match e.take() {
                            Some(e) => bulk_error(*e),
                            None => ErrorInfo::plain("other", "the bulk run has already failed"),
                        });
                    }
                    Phase::Finished => return end(&shared),
                    Phase::Starting => {
                        return Outcome::failed(ErrorInfo::plain(
                            "other",
                            "the bulk run did not start",
                        ));
                    }
                };
                let mut has_dates = false;
                if let Some(first) = run.next().await {
                    let mut batch = Vec::new();
                    shared.note(&first);
                    batch.push(result_json(op, first, &mut has_dates));
                    while batch.len() < BATCH {
                        match futures_util::FutureExt::now_or_never(run.next()) {
                            Some(Some(r)) => {
                                shared.note(&r);
                                batch.push(result_json(op, r, &mut has_dates));
                            }
                            _ => break,
                        }
                    }
                    return json_outcome(json!({ "results": batch }), has_dates);
                }
                let Phase::Running(run) = std::mem::replace(&mut *phase, Phase::Finished) else {
                    unreachable!("matched above");
                };
                match run.finish().await {
                    Ok(summary) => {
                        *shared.summary.lock().unwrap_or_else(|p| p.into_inner()) = Some(summary);
                        end(&shared)
                    }
                    Err(e) => {
                        *phase = Phase::Failed(None);
                        Outcome::failed(bulk_error(e))
                    }
                }
            },
            inbox.sender(call_id),
        );
    }

    /// Reports one result per input row, in input order, read back from the journal (JSON text
    /// of an array; rows without an answer are `pending`). Call after the end.
    #[napi]
    pub fn results(&self, call_id: u32, inbox: &Inbox) {
        let shared = self.shared.clone();
        inbox::spawn(
            async move {
                let reader = shared.clone();
                let read = tokio::task::spawn_blocking(move || {
                    let read = read_results(&reader);
                    // Read once (lib/bulk.js keeps the answer): a temporary journal can go now.
                    drop(reader.temp.lock().unwrap_or_else(|p| p.into_inner()).take());
                    read
                })
                .await;
                match read {
                    Ok(Ok((value, has_dates))) => json_outcome(value, has_dates),
                    Ok(Err(e)) => Outcome::failed(bulk_error(e)),
                    Err(e) => Outcome::failed(ErrorInfo::plain(
                        "other",
                        format!("reading the journal stopped: {e}"),
                    )),
                }
            },
            inbox.sender(call_id),
        );
    }

    /// Stops taking rows; the rows in flight are awaited (up to the drain timeout).
    #[napi]
    pub fn cancel(&self) {
        self.shared.cancel.cancel();
    }

    /// The latest counts not yet taken, if any.
    #[napi]
    pub fn take_progress(&self) -> Option<BulkProgress> {
        self.shared
            .progress
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .as_ref()
            .map(BulkProgress::from)
    }
}

fn end(shared: &Shared) -> Outcome {
    let summary = shared.summary.lock().unwrap_or_else(|p| p.into_inner());
    let summary = summary.as_ref().map_or(Value::Null, summary_json);
    json_outcome(json!({ "results": [], "summary": summary }), false)
}

fn read_results(shared: &Shared) -> Result<(Value, bool), BulkError> {
    let total = shared
        .summary
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
        .map_or(0, |s| s.progress.total);
    let mut out = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    let mut has_dates = false;
    let pending = |row: u64| json!({ "row": row, "status": "pending", "fromJournal": false });
    bulk::journal_results(&shared.journal, |r| {
        let row = r.row;
        while (out.len() as u64) < row {
            out.push(pending(out.len() as u64));
        }
        let from_journal = shared.was_from_journal(row);
        let mut v = json!({ "row": row, "fromJournal": from_journal });
        if let Some(token) = r.client_token {
            v["clientToken"] = json!(token);
        }
        let unfinished = r.unfinished;
        match r.outcome {
            Ok(output) => {
                v["status"] = json!("done");
                v["output"] = output_json(shared.op, output, &mut has_dates);
            }
            Err(e) => {
                v["status"] = json!(if unfinished { "pending" } else { "failed" });
                v["error"] = row_error_json(&e);
            }
        }
        out.push(v);
    })?;
    while (out.len() as u64) < total {
        out.push(pending(out.len() as u64));
    }
    Ok((Value::Array(out), has_dates))
}
