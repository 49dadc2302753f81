//! A send schedule shared by processes through a small SQLite file in the journal's directory
//! (`.pcs-pace.sqlite`): one row per quota key holding the last slot handed out and the time the
//! last request really left, in Unix seconds.
//! Taking a slot is one short write transaction, so two runs on one account from one directory
//! send one after another, and together stay under the account's quota.
//!
//! The file holds no secret and nothing that must survive a crash: a lost write costs at most one
//! early request (throttled and re-sent), so it is written without fsync.
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};

use super::QuotaKey;

/// The schedule file's name, in the journal's directory.
pub const FILE_NAME: &str = ".pcs-pace.sqlite";

#[derive(Debug)]
pub struct Schedule {
    path: PathBuf,
    key: String,
    conn: Mutex<Connection>,
    warned: std::sync::atomic::AtomicBool,
}

impl Schedule {
    /// The file for `dir` and the key's hash in it. The access key id is not a secret, but the
    /// file needs only to tell accounts apart.
    pub fn locate(dir: &Path, key: &QuotaKey) -> (PathBuf, String) {
        let mut h = Sha256::new();
        h.update(format!("{}\n{:?}\n{:?}", key.endpoint, key.account, key.group).as_bytes());
        let hashed = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        (dir.join(FILE_NAME), hashed)
    }

    pub fn open(path: PathBuf, key: String) -> Result<Schedule, String> {
        let fail = |e: rusqlite::Error| format!("the shared pace file {}: {e}", path.display());
        let conn = Connection::open(&path).map_err(fail)?;
        conn.busy_timeout(Duration::from_secs(2)).map_err(fail)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(fail)?;
        conn.pragma_update(None, "synchronous", "OFF")
            .map_err(fail)?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS schedule (key TEXT PRIMARY KEY, last_slot REAL NOT NULL, last_sent REAL)",
        )
        .map_err(fail)?;
        Ok(Schedule {
            path,
            key,
            conn: Mutex::new(conn),
            warned: Default::default(),
        })
    }

    pub fn is(&self, path: &Path, key: &str) -> bool {
        self.path == path && self.key == key
    }

    /// Takes the first slot at or after `slot` that is `gap` after the file's last slot and
    /// `interval` after the last request that left; returns it (Unix seconds). When the file
    /// cannot be used, `slot` itself, with one warning.
    pub fn reserve(&self, slot: f64, gap: f64, interval: f64) -> f64 {
        self.or_warn(self.try_reserve(slot, gap, interval), slot)
    }

    /// A request of this schedule is leaving at `at` (Unix seconds).
    pub fn sent(&self, at: f64) {
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let done = conn.execute(
            "INSERT INTO schedule (key, last_slot, last_sent) VALUES (?1, ?2, ?2)
             ON CONFLICT(key) DO UPDATE SET last_sent = max(coalesce(last_sent, 0), excluded.last_sent)",
            rusqlite::params![self.key, at],
        );
        drop(conn);
        self.or_warn(done.map(|_| ()), ());
    }

    /// When the last request of any process sharing the file left (Unix seconds).
    pub fn last_sent(&self) -> Option<f64> {
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let read = conn
            .query_row(
                "SELECT last_sent FROM schedule WHERE key = ?1",
                [&self.key],
                |r| r.get(0),
            )
            .optional()
            .map(Option::flatten);
        drop(conn);
        self.or_warn(read, None)
    }

    fn or_warn<T>(&self, result: rusqlite::Result<T>, fallback: T) -> T {
        result.unwrap_or_else(|e| {
            if !self.warned.swap(true, std::sync::atomic::Ordering::Relaxed) {
                tracing::warn!(
                    file = %self.path.display(),
                    error = %e,
                    "the shared pace file cannot be used; this run paces alone"
                );
            }
            fallback
        })
    }

    fn try_reserve(&self, slot: f64, gap: f64, interval: f64) -> rusqlite::Result<f64> {
        let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last: Option<(f64, Option<f64>)> = tx
            .query_row(
                "SELECT last_slot, last_sent FROM schedule WHERE key = ?1",
                [&self.key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let mut slot = slot;
        if let Some((last_slot, last_sent)) = last {
            slot = slot.max(last_slot + gap);
            if let Some(sent) = last_sent {
                slot = slot.max(sent + interval);
            }
        }
        tx.execute(
            "INSERT INTO schedule (key, last_slot) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET last_slot = excluded.last_slot",
            rusqlite::params![self.key, slot],
        )?;
        tx.commit()?;
        Ok(slot)
    }
}
