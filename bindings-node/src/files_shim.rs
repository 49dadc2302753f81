//! TEMPORARY, until `partnercentral_selling::bulk::files` lands on main (the lead moves the CLI's
//! file source there): JSON Lines only, the same API, so the switch is one `use` line.
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use partnercentral_selling::Operation;
use partnercentral_selling::bulk::RowSource;
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    JsonLines,
}

pub struct RowFile {
    path: PathBuf,
}

impl RowFile {
    pub fn open(_op: &'static Operation, path: impl Into<PathBuf>) -> Result<RowFile, String> {
        let path = path.into();
        if path.extension().and_then(|e| e.to_str()) != Some("jsonl") {
            return Err(format!(
                "{}: only .jsonl until the core reads files",
                path.display()
            ));
        }
        File::open(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Ok(RowFile { path })
    }

    pub fn with_format(_op: &'static Operation, path: impl Into<PathBuf>, _f: Format) -> Self {
        RowFile { path: path.into() }
    }
}

impl RowSource for RowFile {
    fn rows(
        &mut self,
    ) -> Result<Box<dyn Iterator<Item = Result<Value, String>> + Send + '_>, String> {
        let file = File::open(&self.path).map_err(|e| format!("{}: {e}", self.path.display()))?;
        Ok(Box::new(
            BufReader::new(file)
                .lines()
                .filter(|l| l.as_ref().map_or(true, |l| !l.trim().is_empty()))
                .map(|l| {
                    let l = l.map_err(|e| e.to_string())?;
                    serde_json::from_str::<Value>(&l).map_err(|e| format!("not JSON ({e})"))
                }),
        ))
    }
}
