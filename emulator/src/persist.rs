//! `--state FILE`: the whole state in an embedded SQLite database (rusqlite, SQLite bundled).
//! One row holds the state as JSON; it is rewritten in a transaction, with `synchronous=FULL`,
//! after every request that changed something and before that request is answered, so a crash
//! loses nothing acknowledged.
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Error;
use crate::world::World;

/// The layout version written with the state; a file of another version is refused, not guessed.
const FORMAT: i64 = 1;

pub struct Persist {
    path: PathBuf,
    connection: Connection,
}

impl Persist {
    pub fn open(path: &Path) -> Result<Persist, Error> {
        let fail = |e: rusqlite::Error| Error::State {
            path: path.to_owned(),
            message: e.to_string(),
        };
        let connection = Connection::open(path).map_err(fail)?;
        connection
            .execute_batch(
                "PRAGMA journal_mode=WAL;
                 PRAGMA synchronous=FULL;
                 CREATE TABLE IF NOT EXISTS emulator_state (
                     id INTEGER PRIMARY KEY CHECK (id = 1),
                     format INTEGER NOT NULL,
                     world TEXT NOT NULL
                 );",
            )
            .map_err(fail)?;
        Ok(Persist {
            path: path.to_owned(),
            connection,
        })
    }

    /// The state saved by an earlier run, if any.
    pub fn load(&self) -> Result<Option<World>, Error> {
        let row: Option<(i64, String)> = self
            .connection
            .query_row(
                "SELECT format, world FROM emulator_state WHERE id = 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(|e| self.error(e.to_string()))?;
        let Some((format, text)) = row else {
            return Ok(None);
        };
        if format != FORMAT {
            return Err(self.error(format!(
                "it was written in state format {format}, this emulator reads format {FORMAT}; \
                 start with a new --state file"
            )));
        }
        serde_json::from_str(&text).map(Some).map_err(|e| {
            self.error(format!(
                "its state does not read back ({e}); start with a new --state file"
            ))
        })
    }

    pub fn save(&mut self, world: &World) -> Result<(), Error> {
        let text = serde_json::to_string(world).map_err(|e| self.error(e.to_string()))?;
        let tx = self.connection.transaction().map_err(|e| Error::State {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        tx.execute(
            "INSERT INTO emulator_state (id, format, world) VALUES (1, ?1, ?2)
             ON CONFLICT(id) DO UPDATE SET format = excluded.format, world = excluded.world",
            params![FORMAT, text],
        )
        .map_err(|e| Error::State {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        tx.commit().map_err(|e| Error::State {
            path: self.path.clone(),
            message: e.to_string(),
        })
    }

    fn error(&self, message: String) -> Error {
        Error::State {
            path: self.path.clone(),
            message,
        }
    }
}
