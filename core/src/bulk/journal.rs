//! The journal: an embedded SQLite file that records, per input row, the idempotency token
//! before the row is sent and the outcome after the answer. It belongs to one operation and one
//! input (its fingerprint), and to one process at a time: the connection takes SQLite's
//! exclusive lock for as long as the run lives, and the operating system releases it when the
//! process ends, even by `kill -9`.
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use super::{BulkError, RowError};

/// What the journal holds for one row.
#[derive(Debug, Clone)]
pub enum Recorded {
    /// Sent, no answer recorded: re-send with this token.
    InFlight { token: Option<String> },
    /// Answered with an output.
    Done {
        token: Option<String>,
        output: Value,
    },
    /// Answered with an error that sending again cannot change.
    Failed {
        token: Option<String>,
        error: RowError,
    },
    /// Failed in a way a later run may fix (connection, timeout, 5xx, throttling budget spent):
    /// re-sent with its token on resume.
    Retryable { token: Option<String> },
}

/// A row as stored: token, state, output, error.
type StoredRow = (Option<String>, String, Option<String>, Option<String>);

pub struct Journal {
    conn: Connection,
    path: PathBuf,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rows (
    row INTEGER PRIMARY KEY,
    token TEXT,
    state TEXT NOT NULL,
    first_sent REAL NOT NULL,
    finished REAL,
    output TEXT,
    error TEXT
);
CREATE INDEX IF NOT EXISTS rows_first_sent ON rows(first_sent);
";

fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

fn sql(path: &Path, e: rusqlite::Error) -> BulkError {
    BulkError::Journal(format!("journal {}: {e}", path.display()))
}

impl Journal {
    /// Opens (or creates) the journal for `operation` and the input with `fingerprint`, taking
    /// the file's exclusive lock. Refuses a journal of another operation or another input, and
    /// one another process (or another run of this one) holds.
    ///
    /// `durable`: every commit is fsynced (`synchronous=FULL`), so a crashed kernel loses no
    /// token and no outcome. Off for read-only operations: a read that a crash makes the resume
    /// send again changes nothing, and without the fsyncs the journal keeps up with the 50 and
    /// 100 requests per second of the task reads (WAL with `synchronous=NORMAL` still never
    /// corrupts the file).
    pub fn open(
        path: &Path,
        operation: &str,
        fingerprint: &str,
        durable: bool,
    ) -> Result<Journal, BulkError> {
        let conn = Connection::open(path).map_err(|e| sql(path, e))?;
        let busy = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
                BulkError::JournalInUse(format!(
                    "journal {} is in use by another bulk run (another process, or another run in this one); \
                     a journal takes one run at a time: wait for that run to finish, or give this run its own journal file",
                    path.display()
                ))
            }
            _ => sql(path, e),
        };
        conn.busy_timeout(std::time::Duration::ZERO)
            .map_err(|e| sql(path, e))?;
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")
            .map_err(busy)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(busy)?;
        conn.pragma_update(None, "synchronous", if durable { "FULL" } else { "NORMAL" })
            .map_err(busy)?;
        // The first write takes the exclusive lock and keeps it until the connection closes.
        conn.execute_batch(&format!("BEGIN IMMEDIATE; {SCHEMA} COMMIT;"))
            .map_err(busy)?;
        let journal = Journal {
            conn,
            path: path.to_path_buf(),
        };
        for (key, expected, what) in [
            ("operation", operation, "operation"),
            ("fingerprint", fingerprint, "input"),
        ] {
            match journal.meta(key)? {
                None => journal.set_meta(key, expected)?,
                Some(found) if found == expected => {}
                Some(found) => {
                    return Err(BulkError::JournalMismatch(if what == "operation" {
                        format!(
                            "journal {} belongs to a run of {found}, not {expected}; resume it with {found}, or give this run a new journal file",
                            path.display()
                        )
                    } else {
                        format!(
                            "journal {} belongs to another input (its rows differ from this one's: fingerprint {} against {}); \
                             resume it with the input it was started with, or give this input a new journal file",
                            path.display(),
                            &found[..found.len().min(12)],
                            &expected[..expected.len().min(12)]
                        )
                    }));
                }
            }
        }
        Ok(journal)
    }

    fn meta(&self, key: &str) -> Result<Option<String>, BulkError> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| sql(&self.path, e))
    }

    fn set_meta(&self, key: &str, value: &str) -> Result<(), BulkError> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                params![key, value],
            )
            .map(drop)
            .map_err(|e| sql(&self.path, e))
    }

    /// What the journal holds for `row` (0-based), if anything.
    pub fn get(&self, row: u64) -> Result<Option<Recorded>, BulkError> {
        let found: Option<StoredRow> = self
            .conn
            .query_row(
                "SELECT token, state, output, error FROM rows WHERE row = ?1",
                [row as i64],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(|e| sql(&self.path, e))?;
        let Some((token, state, output, error)) = found else {
            return Ok(None);
        };
        let parse = |text: Option<String>| -> Result<Value, BulkError> {
            serde_json::from_str(text.as_deref().unwrap_or("null")).map_err(|e| {
                BulkError::Journal(format!(
                    "journal {}: row {} holds unreadable JSON: {e}",
                    self.path.display(),
                    row + 1
                ))
            })
        };
        Ok(Some(match state.as_str() {
            "inflight" => Recorded::InFlight { token },
            "done" => Recorded::Done {
                token,
                output: parse(output)?,
            },
            "retryable" => Recorded::Retryable { token },
            _ => Recorded::Failed {
                token,
                error: serde_json::from_value(parse(error)?).map_err(|e| {
                    BulkError::Journal(format!(
                        "journal {}: row {}'s error is unreadable: {e}",
                        self.path.display(),
                        row + 1
                    ))
                })?,
            },
        }))
    }

    /// Opens a transaction: the writes up to [`Journal::commit`] reach the disk together, with
    /// one fsync.
    pub fn begin(&self) -> Result<(), BulkError> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| sql(&self.path, e))
    }

    pub fn commit(&self) -> Result<(), BulkError> {
        self.conn
            .execute_batch("COMMIT")
            .map_err(|e| sql(&self.path, e))
    }

    /// Drops the open transaction's writes (the run is stopping with an error).
    pub fn rollback(&self) {
        let _ = self.conn.execute_batch("ROLLBACK");
    }

    /// Records that `row` is about to be sent with `token` (kept from an earlier send if any).
    pub fn sending(&self, row: u64, token: Option<&str>) -> Result<(), BulkError> {
        self.conn
            .execute(
                "INSERT INTO rows (row, token, state, first_sent) VALUES (?1, ?2, 'inflight', ?3)
                 ON CONFLICT(row) DO UPDATE SET token = excluded.token, state = 'inflight'",
                params![row as i64, token, now()],
            )
            .map(drop)
            .map_err(|e| sql(&self.path, e))
    }

    pub fn done(&self, row: u64, output: &Value) -> Result<(), BulkError> {
        self.finish(row, "done", Some(output.to_string()), None)
    }

    pub fn failed(&self, row: u64, error: &RowError, retryable: bool) -> Result<(), BulkError> {
        let text = serde_json::to_string(error).expect("a row error serializes");
        let state = if retryable { "retryable" } else { "failed" };
        self.finish(row, state, None, Some(text))
    }

    /// Records a row that was never sent because it is invalid (`--send-valid`).
    pub fn invalid(&self, row: u64, error: &RowError) -> Result<(), BulkError> {
        let text = serde_json::to_string(error).expect("a row error serializes");
        self.conn
            .execute(
                "INSERT OR REPLACE INTO rows (row, token, state, first_sent, finished, error)
                 VALUES (?1, NULL, 'invalid', 0, ?2, ?3)",
                params![row as i64, now(), text],
            )
            .map(drop)
            .map_err(|e| sql(&self.path, e))
    }

    fn finish(
        &self,
        row: u64,
        state: &str,
        output: Option<String>,
        error: Option<String>,
    ) -> Result<(), BulkError> {
        self.conn
            .execute(
                "UPDATE rows SET state = ?2, finished = ?3, output = ?4, error = ?5 WHERE row = ?1",
                params![row as i64, state, now(), output, error],
            )
            .map(drop)
            .map_err(|e| sql(&self.path, e))
    }

    /// Rows first sent within the last `window` seconds, and the oldest such send (Unix seconds).
    pub fn sent_since(&self, window: f64) -> Result<(u64, Option<f64>), BulkError> {
        self.conn
            .query_row(
                "SELECT COUNT(*), MIN(first_sent) FROM rows WHERE first_sent > ?1",
                [now() - window],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)),
            )
            .map_err(|e| sql(&self.path, e))
    }

    /// Every recorded row in row order: (row, state, output, error), for writing results.
    pub fn for_each_row(
        &self,
        mut f: impl FnMut(u64, &str, Option<&str>, Option<&str>, Option<&str>),
    ) -> Result<(), BulkError> {
        let mut stmt = self
            .conn
            .prepare("SELECT row, state, output, error, token FROM rows ORDER BY row")
            .map_err(|e| sql(&self.path, e))?;
        let mut rows = stmt.query([]).map_err(|e| sql(&self.path, e))?;
        while let Some(r) = rows.next().map_err(|e| sql(&self.path, e))? {
            let row: i64 = r.get(0).map_err(|e| sql(&self.path, e))?;
            let state: String = r.get(1).map_err(|e| sql(&self.path, e))?;
            let output: Option<String> = r.get(2).map_err(|e| sql(&self.path, e))?;
            let error: Option<String> = r.get(3).map_err(|e| sql(&self.path, e))?;
            let token: Option<String> = r.get(4).map_err(|e| sql(&self.path, e))?;
            f(
                row as u64,
                &state,
                output.as_deref(),
                error.as_deref(),
                token.as_deref(),
            );
        }
        Ok(())
    }
}

/// Reads a finished (or interrupted) journal without taking part in a run: one result per
/// recorded row, in row order: (row, state, output, error, token). Fails while a run holds the
/// journal.
pub fn read_results(
    path: &Path,
    mut f: impl FnMut(u64, &str, Option<&str>, Option<&str>, Option<&str>),
) -> Result<(), BulkError> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| sql(path, e))?;
    let journal = Journal {
        conn,
        path: path.to_path_buf(),
    };
    journal.for_each_row(&mut f)
}
