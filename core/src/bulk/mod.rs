//! Bulk work at the service's pace, for any operation: [`Client::bulk`] sends rows through a
//! pacer shared by every run of the process on the same account ([`pace`]), records each row's
//! idempotency token before sending and its outcome after the answer in a SQLite journal
//! ([`journal`]) so that an interrupted run resumes with nothing sent twice and nothing lost,
//! finds invalid rows before the first request, reports progress, cancels cleanly, and streams
//! both its input and its results (memory does not grow with the number of rows).
//!
//! ```no_run
//! # async fn demo(client: partnercentral_selling::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use futures_util::StreamExt;
//! use partnercentral_selling::bulk::BulkConfig;
//! let op = partnercentral_selling::operation("CreateEngagementInvitation").unwrap();
//! let rows: Vec<serde_json::Value> = vec![/* requests */];
//! let config = BulkConfig { journal: Some("run.db".into()), ..BulkConfig::default() };
//! let mut run = client.bulk(op, rows, config).await?;
//! while let Some(result) = run.next().await {
//!     println!("row {}: {:?}", result.row + 1, result.outcome.is_ok());
//! }
//! let summary = run.finish().await?;
//! # Ok(()) }
//! ```
pub mod columns;
pub mod files;
pub mod journal;
pub mod pace;

use std::fmt;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::sync::{Notify, mpsc, watch};
use tokio::task::JoinSet;

use crate::client::Client;
use crate::error::{Error, ErrorKind, is_throttling_code};
use crate::model::Operation;
use crate::types::Fault;
use journal::{Journal, Recorded};
use pace::{QuotaGroup, QuotaKey};

/// A progress callback, called after every row.
pub type ProgressFn = Arc<dyn Fn(&Progress) + Send + Sync>;

/// How a bulk run goes. Every field but the two handles (`cancel`, `on_progress`) is plain data,
/// so a binding can build it from keywords or an options object and a worker can receive it
/// pickled.
#[derive(Clone)]
pub struct BulkConfig {
    /// The journal file (SQLite). `None`: a temporary journal, deleted at the end (no resume).
    pub journal: Option<PathBuf>,
    /// Requests per second for this account and quota group; `None`: the documented rate
    /// ([`pace::QuotaGroup::documented_rate`]). It is a ceiling: throttling slows below it.
    pub rate: Option<f64>,
    /// Rows first sent per rolling 24 hours, counted from the journal across resumed runs;
    /// `None`: the group's documented limit (10,000 for writes, none otherwise).
    pub daily_limit: Option<u64>,
    /// Rows in flight at once (a row waits for its pacing slot before it is sent).
    pub concurrency: usize,
    /// Send the valid rows even when some are invalid (the invalid ones become failed rows).
    pub send_valid: bool,
    /// How many times one row is sent when the service throttles it before its result is the
    /// throttling error.
    pub row_attempts: u32,
    /// On cancel, how long to wait for the rows in flight.
    pub drain_timeout: Duration,
    /// Stop taking rows when cancelled (Ctrl-C, an AbortSignal, a KeyboardInterrupt).
    pub cancel: CancelToken,
    /// Called after every row with the run's counts.
    pub on_progress: Option<ProgressFn>,
}

impl Default for BulkConfig {
    fn default() -> Self {
        BulkConfig {
            journal: None,
            rate: None,
            daily_limit: None,
            concurrency: 16,
            send_valid: false,
            row_attempts: 10,
            drain_timeout: Duration::from_secs(30),
            cancel: CancelToken::default(),
            on_progress: None,
        }
    }
}

impl fmt::Debug for BulkConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BulkConfig")
            .field("journal", &self.journal)
            .field("rate", &self.rate)
            .field("daily_limit", &self.daily_limit)
            .field("concurrency", &self.concurrency)
            .field("send_valid", &self.send_valid)
            .field("row_attempts", &self.row_attempts)
            .field("drain_timeout", &self.drain_timeout)
            .field("cancelled", &self.cancel.is_cancelled())
            .finish_non_exhaustive()
    }
}

/// A cancel switch shared by clones: `cancel()` from a signal handler, an `AbortSignal` or a
/// `KeyboardInterrupt` handler; the run stops taking rows.
#[derive(Clone, Default, Debug)]
pub struct CancelToken(Arc<CancelInner>);

#[derive(Default, Debug)]
struct CancelInner {
    flag: AtomicBool,
    notify: Notify,
}

impl CancelToken {
    pub fn cancel(&self) {
        self.0.flag.store(true, Ordering::SeqCst);
        self.0.notify.notify_waiters();
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.flag.load(Ordering::SeqCst)
    }

    pub async fn cancelled(&self) {
        loop {
            let notified = self.0.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

/// Where the rows come from. It is read twice: once to validate and fingerprint every row before
/// anything is sent, once to send; rows are never held all at once. A row that cannot be read
/// (a bad JSON line, a CSV cell of the wrong type) is an `Err` with the reason: it is an invalid
/// row like any other.
pub trait RowSource: Send + 'static {
    fn rows(
        &mut self,
    ) -> Result<Box<dyn Iterator<Item = Result<Value, String>> + Send + '_>, String>;
}

impl RowSource for Vec<Value> {
    fn rows(
        &mut self,
    ) -> Result<Box<dyn Iterator<Item = Result<Value, String>> + Send + '_>, String> {
        Ok(Box::new(self.iter().cloned().map(Ok)))
    }
}

/// A source that is opened by calling `open` (once per pass): a file reader, a DataFrame walker.
pub struct FnSource<F>(pub F);

impl<F, I> RowSource for FnSource<F>
where
    F: FnMut() -> Result<I, String> + Send + 'static,
    I: Iterator<Item = Result<Value, String>> + Send + 'static,
{
    fn rows(
        &mut self,
    ) -> Result<Box<dyn Iterator<Item = Result<Value, String>> + Send + '_>, String> {
        Ok(Box::new((self.0)()?))
    }
}

/// One violation of a row: the service's (`ErrorList`) or the model's, with its path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowViolation {
    pub path: String,
    pub code: String,
    pub message: String,
}

/// Why a row failed: the error code (the service's, or this library's own such as
/// `ParamValidation`, `InvalidRow`, `Connection`), its message and every violation with its path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<RowViolation>,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        for v in &self.violations {
            let path = if v.path.is_empty() { "(row)" } else { &v.path };
            write!(f, "\n  - {path}: {} {}", v.code, v.message)?;
        }
        Ok(())
    }
}

impl RowError {
    fn invalid(violations: Vec<crate::types::Violation>) -> RowError {
        RowError {
            code: "ParamValidation".into(),
            message: format!("{} violation(s); the row was not sent", violations.len()),
            violations: violations
                .into_iter()
                .map(|v| RowViolation {
                    path: v.path,
                    code: v.code.as_str().to_string(),
                    message: v.message,
                })
                .collect(),
        }
    }

    fn unreadable(reason: String) -> RowError {
        RowError {
            code: "InvalidRow".into(),
            message: reason,
            violations: Vec::new(),
        }
    }

    fn from_error(e: &Error) -> RowError {
        match e {
            Error::Service(s) => RowError {
                code: s.code.clone(),
                message: s.message.clone().unwrap_or_default(),
                violations: s
                    .error_list
                    .iter()
                    .map(|v| RowViolation {
                        path: v.field_name.clone().unwrap_or_default(),
                        code: v.code.clone(),
                        message: v.message.clone(),
                    })
                    .collect(),
            },
            Error::Validation(v) => RowError::invalid(v.clone()),
            other => RowError {
                code: other.code().unwrap_or("Error").to_string(),
                message: other.to_string(),
                violations: Vec::new(),
            },
        }
    }
}

/// One row's result. `row` counts from 0 in input order (row numbers in messages count from 1).
#[derive(Debug, Clone, Serialize)]
pub struct RowResult {
    pub row: u64,
    pub outcome: Result<Value, RowError>,
    /// The idempotency token the row was sent with (operations that have one).
    pub client_token: Option<String>,
    /// The result was read from the journal: an earlier run finished this row.
    pub from_journal: bool,
}

/// An invalid row found before anything was sent.
#[derive(Debug, Clone, Serialize)]
pub struct InvalidRow {
    pub row: u64,
    pub error: RowError,
}

/// The run's counts, after every row.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Progress {
    /// Rows in the input.
    pub total: u64,
    /// Rows answered with an output (this run and, resumed, earlier ones).
    pub done: u64,
    /// Rows that failed (including invalid rows not sent).
    pub failed: u64,
    /// Of `done + failed`, those read from the journal.
    pub from_journal: u64,
    /// Rows sent and not answered yet.
    pub in_flight: u64,
    /// Rows without a result yet.
    pub remaining: u64,
    /// The pacer's current rate (requests per second).
    pub rate: f64,
    /// Rows answered per second in this run so far.
    pub throughput: f64,
    /// Seconds left at the current rate.
    pub eta_seconds: f64,
    /// Throttled attempts re-sent by the pacer in this run (never surfaced as row results
    /// unless a row spent its `row_attempts`).
    pub throttled: u64,
    /// Waiting for the rolling-day limit, until this Unix time.
    pub daily_limit_until: Option<f64>,
}

/// How a run ended.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub progress: Progress,
    /// The run stopped early because it was cancelled.
    pub cancelled: bool,
    /// Rows left in flight after the drain timeout (the journal has their tokens).
    pub abandoned: u64,
    pub elapsed: Duration,
}

/// What stops a run before (or while) it sends.
#[derive(Debug, thiserror::Error)]
pub enum BulkError {
    /// Some rows are invalid and `send_valid` is off: nothing was sent.
    #[error("{} of {total} rows are invalid; nothing was sent (fix them, or send the valid rows anyway){}", rows.len(), list_invalid(rows))]
    InvalidRows { rows: Vec<InvalidRow>, total: u64 },
    /// The journal belongs to another operation or another input.
    #[error("{0}")]
    JournalMismatch(String),
    /// Another run holds the journal.
    #[error("{0}")]
    JournalInUse(String),
    #[error("{0}")]
    Journal(String),
    /// The rows could not be opened.
    #[error("cannot read the rows: {0}")]
    Source(String),
    /// The input changed between the validation pass and the sending pass.
    #[error("{0}")]
    InputChanged(String),
    #[error(transparent)]
    Client(#[from] Error),
}

fn list_invalid(rows: &[InvalidRow]) -> String {
    let mut out = String::new();
    for r in rows {
        out.push_str(&format!(
            "\nrow {}: {}",
            r.row + 1,
            r.error.to_string().replace('\n', "\n  ")
        ));
    }
    out
}

/// A running bulk job: a [`futures_util::Stream`] of [`RowResult`]s in the order rows finish,
/// then [`BulkRun::finish`] for the summary.
pub struct BulkRun {
    results: mpsc::Receiver<RowResult>,
    progress: watch::Receiver<Progress>,
    task: tokio::task::JoinHandle<Result<Summary, BulkError>>,
    cancel: CancelToken,
}

impl BulkRun {
    /// The latest counts.
    pub fn progress(&self) -> Progress {
        self.progress.borrow().clone()
    }

    /// A receiver that changes after every row (for a progress bar on another task).
    pub fn watch_progress(&self) -> watch::Receiver<Progress> {
        self.progress.clone()
    }

    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// Drains the remaining results (dropping them) and returns how the run ended.
    pub async fn finish(mut self) -> Result<Summary, BulkError> {
        while self.results.recv().await.is_some() {}
        match self.task.await {
            Ok(r) => r,
            Err(e) => Err(BulkError::Journal(format!("the bulk run stopped: {e}"))),
        }
    }
}

impl futures_util::Stream for BulkRun {
    type Item = RowResult;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<RowResult>> {
        self.results.poll_recv(cx)
    }
}

/// The input's fingerprint: SHA-256 over every row's JSON text (as read, in order).
fn fingerprint_update(hasher: &mut Sha256, row: &Result<Value, String>) {
    match row {
        Ok(v) => hasher.update(v.to_string().as_bytes()),
        Err(reason) => {
            hasher.update(b"\x00unreadable:");
            hasher.update(reason.as_bytes());
        }
    }
    hasher.update(b"\n");
}

/// Validates every row and fingerprints the input, without sending anything.
pub fn check_rows(
    op: &Operation,
    source: &mut dyn RowSource,
) -> Result<(u64, Vec<InvalidRow>, String), BulkError> {
    let mut hasher = Sha256::new();
    hasher.update(op.name.as_bytes());
    let mut invalid = Vec::new();
    let mut total = 0u64;
    for row in source.rows().map_err(BulkError::Source)? {
        fingerprint_update(&mut hasher, &row);
        let error = match &row {
            Ok(v) => {
                let violations = crate::validate::validate(op, v);
                (!violations.is_empty()).then(|| RowError::invalid(violations))
            }
            Err(reason) => Some(RowError::unreadable(reason.clone())),
        };
        if let Some(error) = error {
            invalid.push(InvalidRow { row: total, error });
        }
        total += 1;
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok((total, invalid, hex))
}

/// A temporary journal file for a run without one, in the temporary directory (so the run shares
/// `.pcs-pace.sqlite` there with other processes), removed with its SQLite side files when
/// dropped. A run without `journal` makes its own and removes it when it ends; a front end that
/// reads the results back after the run ([`journal_results`]) makes one and keeps it as long as
/// it needs.
#[derive(Debug)]
pub struct TempJournal(PathBuf);

impl TempJournal {
    pub fn new() -> TempJournal {
        TempJournal(std::env::temp_dir().join(format!(
            "pcs-bulk-{}-{}.db",
            std::process::id(),
            uuid::Uuid::new_v4()
        )))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Default for TempJournal {
    fn default() -> Self {
        TempJournal::new()
    }
}

impl Drop for TempJournal {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut p = self.0.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
}

fn is_throttled(e: &Error) -> bool {
    e.service_error()
        .is_some_and(|s| s.metadata.http_status == 429 || is_throttling_code(&s.code))
}

/// A failure a later run may fix by sending the row again with its token.
fn is_retryable(e: &Error) -> bool {
    match e.kind() {
        ErrorKind::Timeout | ErrorKind::Connection | ErrorKind::Credentials => true,
        ErrorKind::Service => e
            .service_error()
            .is_some_and(|s| s.fault == Fault::Server || is_throttled(e)),
        _ => false,
    }
}

impl Client {
    /// Runs `op` for every row of `rows` at the account's pace (see the module docs). Returns
    /// once every row has been validated and the journal opened, before the first request:
    /// invalid rows (unless `send_valid`), a journal of another operation or input, or a journal
    /// another run holds are errors here, and nothing has been sent.
    pub async fn bulk<S: RowSource>(
        &self,
        op: &'static Operation,
        mut rows: S,
        config: BulkConfig,
    ) -> Result<BulkRun, BulkError> {
        if !(config.rate.is_none_or(|r| r.is_finite() && r > 0.0)) {
            return Err(BulkError::Client(Error::config(
                "the bulk rate must be a positive number of requests per second",
            )));
        }
        // The validation pass reads the whole input: off the async threads.
        let (rows, checked) = tokio::task::spawn_blocking(move || {
            let checked = check_rows(op, &mut rows);
            (rows, checked)
        })
        .await
        .map_err(|e| BulkError::Source(format!("the validation pass stopped: {e}")))?;
        let (total, invalid, fingerprint) = checked?;
        if !invalid.is_empty() && !config.send_valid {
            return Err(BulkError::InvalidRows {
                rows: invalid,
                total,
            });
        }
        let (path, temp) = match &config.journal {
            Some(p) => (p.clone(), None),
            None => {
                let temp = TempJournal::new();
                (temp.path().to_path_buf(), Some(temp))
            }
        };
        let journal = Journal::open(&path, op.name, &fingerprint, !op.readonly)?;
        let (endpoint, account) = self.quota_owner().await?;
        let group = QuotaGroup::of(op);
        let daily_limit = config.daily_limit.or(group.documented_daily_limit());
        let key = QuotaKey {
            endpoint,
            account,
            group,
        };
        let pacer = pace::pacer(key.clone(), config.rate);
        // Processes whose journals share a directory share the schedule too (`pace::share`).
        let share_dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let share = pacer
            .share(&share_dir, &key)
            .map_err(|e| tracing::warn!("{e}; this run paces alone"))
            .ok();
        let (results_tx, results_rx) = mpsc::channel(256);
        let (progress_tx, progress_rx) = watch::channel(Progress {
            total,
            remaining: total,
            rate: pacer.rate(),
            ..Progress::default()
        });
        let cancel = config.cancel.clone();
        let driver = Driver {
            client: self.for_bulk(),
            op,
            journal,
            pacer,
            daily_limit,
            invalid: invalid.into_iter().map(|r| (r.row, r.error)).collect(),
            results: results_tx,
            progress_tx,
            progress: Progress {
                total,
                remaining: total,
                ..Progress::default()
            },
            config,
            started: Instant::now(),
            sent_this_run: 0,
        };
        let task = tokio::spawn(async move {
            let _temp = temp;
            let _share = share;
            driver.run(rows).await
        });
        Ok(BulkRun {
            results: results_rx,
            progress: progress_rx,
            task,
            cancel,
        })
    }
}

struct Driver {
    client: Client,
    op: &'static Operation,
    journal: Journal,
    pacer: Arc<pace::Pacer>,
    daily_limit: Option<u64>,
    invalid: std::collections::BTreeMap<u64, RowError>,
    results: mpsc::Sender<RowResult>,
    progress_tx: watch::Sender<Progress>,
    progress: Progress,
    config: BulkConfig,
    started: Instant,
    sent_this_run: u64,
}

/// What a row's task hands back.
struct Sent {
    row: u64,
    token: Option<String>,
    result: Result<Value, Error>,
    throttled: u64,
}

const DAY: f64 = 86_400.0;

impl Driver {
    async fn run<S: RowSource>(mut self, mut source: S) -> Result<Summary, BulkError> {
        let mut in_flight: JoinSet<Sent> = JoinSet::new();
        let mut cancelled = false;
        let op = self.op;
        let rows = source.rows().map_err(BulkError::Source)?;
        for (index, row) in rows.enumerate() {
            let index = index as u64;
            if self.config.cancel.is_cancelled() {
                cancelled = true;
                break;
            }
            let recorded = self.journal.get(index)?;
            let token = match recorded {
                Some(Recorded::Done { token, output }) => {
                    self.progress.done += 1;
                    self.progress.from_journal += 1;
                    self.emit(RowResult {
                        row: index,
                        outcome: Ok(output),
                        client_token: token,
                        from_journal: true,
                    })
                    .await;
                    continue;
                }
                Some(Recorded::Failed { token, error }) => {
                    self.progress.failed += 1;
                    self.progress.from_journal += 1;
                    self.emit(RowResult {
                        row: index,
                        outcome: Err(error),
                        client_token: token,
                        from_journal: true,
                    })
                    .await;
                    continue;
                }
                Some(Recorded::InFlight { token }) | Some(Recorded::Retryable { token }) => {
                    Resend::Token(token)
                }
                None => Resend::Fresh,
            };
            if let Some(error) = self.invalid.remove(&index) {
                self.journal.invalid(index, &error)?;
                self.progress.failed += 1;
                self.emit(RowResult {
                    row: index,
                    outcome: Err(error),
                    client_token: None,
                    from_journal: false,
                })
                .await;
                continue;
            }
            let mut row = match row {
                Ok(v) => v,
                Err(reason) => {
                    return Err(BulkError::InputChanged(format!(
                        "row {} could not be read on the second pass ({reason}), though it could on the first: the input changed while the run started",
                        index + 1
                    )));
                }
            };
            if matches!(token, Resend::Fresh) && !self.wait_for_daily_limit().await? {
                cancelled = true;
                break;
            }
            // Wait for a free place.
            while in_flight.len() >= self.config.concurrency.max(1) {
                let done = in_flight.join_next().await.expect("not empty");
                self.finish_row(done).await?;
            }
            let token = match (op.idempotency_token, token) {
                (None, _) => None,
                (Some(member), Resend::Token(Some(token))) => {
                    row[member] = Value::String(token.clone());
                    Some(token)
                }
                (Some(member), _) => Some(match row.get(member) {
                    Some(Value::String(t)) => t.clone(),
                    _ => {
                        let t = uuid::Uuid::new_v4().to_string();
                        row[member] = Value::String(t.clone());
                        t
                    }
                }),
            };
            // The slot is taken first, then the journal is written while it approaches: the
            // token is on disk before the request leaves, and the fsync overlaps the wait instead
            // of pushing the schedule back. This row's token and the outcomes of the rows that
            // finished meanwhile are one transaction: one fsync, not one per row. A row cancelled
            // while it waits is recorded in flight and re-sent with this token.
            let slot = self.pacer.reserve();
            self.journal.begin()?;
            let mut ready = Vec::new();
            let mut written = self.journal.sending(index, token.as_deref());
            while written.is_ok()
                && let Some(done) = in_flight.try_join_next()
            {
                match self.record_row(done) {
                    Ok(result) => ready.push(result),
                    Err(e) => written = Err(e),
                }
            }
            match written {
                Ok(()) => self.journal.commit()?,
                Err(e) => {
                    self.journal.rollback();
                    return Err(e);
                }
            }
            for result in ready {
                self.emit(result).await;
            }
            let cancel = self.config.cancel.clone();
            tokio::select! {
                _ = self.pacer.wait(slot) => {}
                _ = cancel.cancelled() => { cancelled = true; break; }
            }
            self.sent_this_run += 1;
            self.progress.in_flight += 1;
            let client = self.client.clone();
            let pacer = self.pacer.clone();
            let attempts = self.config.row_attempts.max(1);
            in_flight.spawn(async move {
                let mut throttled = 0;
                loop {
                    pacer.sent();
                    let result = client.call(op, row.clone()).await;
                    match result {
                        Err(e) if is_throttled(&e) && throttled + 1 < attempts as u64 => {
                            throttled += 1;
                            pacer.on_throttle();
                            pacer.acquire().await;
                        }
                        other => {
                            if other.as_ref().is_err_and(is_throttled) {
                                pacer.on_throttle();
                            } else {
                                pacer.on_answer();
                            }
                            return Sent {
                                row: index,
                                token,
                                result: other.map(|r| r.output),
                                throttled,
                            };
                        }
                    }
                }
            });
        }
        if self.config.cancel.is_cancelled() {
            cancelled = true;
        }
        // Wait for the rows in flight: all of them, or (cancelled) as long as allowed.
        let deadline = cancelled.then(|| tokio::time::Instant::now() + self.config.drain_timeout);
        let mut abandoned = 0;
        loop {
            let next = match deadline {
                Some(d) => match tokio::time::timeout_at(d, in_flight.join_next()).await {
                    Ok(n) => n,
                    Err(_) => {
                        abandoned = in_flight.len() as u64;
                        in_flight.abort_all();
                        break;
                    }
                },
                None => in_flight.join_next().await,
            };
            match next {
                Some(done) => self.finish_row(done).await?,
                None => break,
            }
        }
        self.progress.in_flight = abandoned;
        self.publish();
        Ok(Summary {
            progress: self.progress.clone(),
            cancelled,
            abandoned,
            elapsed: self.started.elapsed(),
        })
    }

    /// Holds fresh rows back while the rolling day's sends reach the limit. Returns false when
    /// cancelled while waiting.
    async fn wait_for_daily_limit(&mut self) -> Result<bool, BulkError> {
        let Some(limit) = self.daily_limit else {
            return Ok(true);
        };
        loop {
            let (sent, oldest) = self.journal.sent_since(DAY)?;
            if sent < limit {
                if self.progress.daily_limit_until.take().is_some() {
                    self.publish();
                }
                return Ok(true);
            }
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64());
            let until = oldest.unwrap_or(now) + DAY;
            self.progress.daily_limit_until = Some(until);
            self.publish();
            tracing::info!(limit, until, "rolling-day limit reached; waiting");
            let wait = Duration::from_secs_f64((until - now).max(0.0) + 0.001);
            let cancel = self.config.cancel.clone();
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = cancel.cancelled() => return Ok(false),
            }
        }
    }

    async fn finish_row(
        &mut self,
        joined: Result<Sent, tokio::task::JoinError>,
    ) -> Result<(), BulkError> {
        let result = self.record_row(joined)?;
        // The journal is written; a consumer that dropped the stream only stops seeing results.
        self.emit(result).await;
        Ok(())
    }

    /// Writes a finished row's outcome to the journal and counts it; the caller emits it.
    fn record_row(
        &mut self,
        joined: Result<Sent, tokio::task::JoinError>,
    ) -> Result<RowResult, BulkError> {
        let sent = joined.map_err(|e| BulkError::Journal(format!("a row's task failed: {e}")))?;
        self.progress.in_flight -= 1;
        self.progress.throttled += sent.throttled;
        let outcome = match sent.result {
            Ok(output) => {
                self.journal.done(sent.row, &output)?;
                self.progress.done += 1;
                Ok(output)
            }
            Err(e) => {
                let error = RowError::from_error(&e);
                self.journal.failed(sent.row, &error, is_retryable(&e))?;
                self.progress.failed += 1;
                Err(error)
            }
        };
        Ok(RowResult {
            row: sent.row,
            outcome,
            client_token: sent.token,
            from_journal: false,
        })
    }

    async fn emit(&mut self, result: RowResult) {
        let _ = self.results.send(result).await;
        self.publish();
    }

    fn publish(&mut self) {
        let p = &mut self.progress;
        p.remaining = p.total.saturating_sub(p.done + p.failed);
        p.rate = self.pacer.rate();
        let secs = self.started.elapsed().as_secs_f64();
        let answered_here = (p.done + p.failed).saturating_sub(p.from_journal);
        p.throughput = if secs > 0.0 {
            answered_here as f64 / secs
        } else {
            0.0
        };
        p.eta_seconds = if p.rate > 0.0 {
            p.remaining as f64 / p.rate
        } else {
            0.0
        };
        if let Some(f) = &self.config.on_progress {
            f(p);
        }
        self.progress_tx.send_replace(p.clone());
    }
}

enum Resend {
    Fresh,
    Token(Option<String>),
}

/// One recorded row of a journal, read back by [`journal_results`].
#[derive(Debug, Clone)]
pub struct JournalRow {
    /// From 0, in input order.
    pub row: u64,
    pub outcome: Result<Value, RowError>,
    /// Sent and not answered (the run was interrupted): the resume sends it again with its token.
    pub unfinished: bool,
    /// The idempotency token the row was (or will be again) sent with.
    pub client_token: Option<String>,
}

/// Reads a journal's results in row order, for writing one result per row after a run (or to
/// inspect an interrupted one). Rows never reached are not in the journal. Fails while a run
/// holds the journal.
pub fn journal_results(path: &Path, mut f: impl FnMut(JournalRow)) -> Result<(), BulkError> {
    let mut bad = None;
    journal::read_results(path, |row, state, output, error, token| {
        let parsed = match state {
            "done" => serde_json::from_str(output.unwrap_or("null"))
                .map(Ok)
                .map_err(|e| e.to_string()),
            "inflight" => Ok(Err(RowError {
                code: "NotFinished".into(),
                message: "sent, no answer recorded; resume the run to finish it".into(),
                violations: Vec::new(),
            })),
            _ => serde_json::from_str::<RowError>(error.unwrap_or("null"))
                .map(Err)
                .map_err(|e| e.to_string()),
        };
        match parsed {
            Ok(outcome) => f(JournalRow {
                row,
                outcome,
                unfinished: state == "inflight",
                client_token: token.map(str::to_string),
            }),
            Err(e) if bad.is_none() => bad = Some(format!("row {}: {e}", row + 1)),
            Err(_) => {}
        }
    })?;
    match bad {
        Some(e) => Err(BulkError::Journal(format!(
            "journal {} holds unreadable results ({e})",
            path.display()
        ))),
        None => Ok(()),
    }
}
