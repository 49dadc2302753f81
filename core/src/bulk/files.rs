//! Rows from a file, streamed on each pass (never held whole): JSON Lines (one request object per
//! line) or CSV (a header of member paths with dots, typed by [`super::columns::unflatten`]).
//! `pcs bulk --input` reads through it, and the bindings spool a one-shot iterable (a Python
//! generator, a JS async iterator) into a JSON Lines file and read it back through it.
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{RowSource, columns};
use crate::model::Operation;

/// How a row file is read, from its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `.jsonl`, `.ndjson`, `.json`: one JSON object per line (blank lines are skipped).
    JsonLines,
    /// `.csv`: RFC 4180, a header of member paths, one row per record.
    Csv,
}

impl Format {
    /// The format of `path`, or an error that lists the extensions read.
    pub fn of(path: &Path) -> Result<Format, String> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("jsonl" | "ndjson" | "json") => Ok(Format::JsonLines),
            Some("csv") => Ok(Format::Csv),
            _ => Err(format!(
                "{}: the input is read by its extension: .jsonl (one JSON request per line) or .csv (member paths as the header)",
                path.display()
            )),
        }
    }
}

/// A file of rows for one operation; each pass reopens it.
#[derive(Clone, Debug)]
pub struct RowFile {
    op: &'static Operation,
    path: PathBuf,
    format: Format,
}

impl RowFile {
    /// Checks the extension and that the file can be opened; reads nothing yet.
    pub fn open(op: &'static Operation, path: impl Into<PathBuf>) -> Result<RowFile, String> {
        let path = path.into();
        let format = Format::of(&path)?;
        File::open(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Ok(RowFile { op, path, format })
    }

    /// The same, with the format given (a spool file whose name says nothing).
    pub fn with_format(op: &'static Operation, path: impl Into<PathBuf>, format: Format) -> Self {
        RowFile {
            op,
            path: path.into(),
            format,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

type Rows = Box<dyn Iterator<Item = Result<Value, String>> + Send>;

impl RowSource for RowFile {
    fn rows(
        &mut self,
    ) -> Result<Box<dyn Iterator<Item = Result<Value, String>> + Send + '_>, String> {
        let file = File::open(&self.path).map_err(|e| format!("{}: {e}", self.path.display()))?;
        let reader = BufReader::with_capacity(64 * 1024, file);
        Ok(match self.format {
            Format::JsonLines => json_lines(reader),
            Format::Csv => csv_rows(self.op, reader)?,
        })
    }
}

fn json_lines(reader: BufReader<File>) -> Rows {
    Box::new(
        reader
            .lines()
            .enumerate()
            .filter(|(_, l)| l.as_ref().map_or(true, |l| !l.trim().is_empty()))
            .map(|(i, line)| {
                let line = line.map_err(|e| format!("line {}: {e}", i + 1))?;
                let value: Value = serde_json::from_str(&line)
                    .map_err(|e| format!("line {}: not JSON ({e})", i + 1))?;
                if value.is_object() {
                    Ok(value)
                } else {
                    Err(format!(
                        "line {}: a row is a JSON object of member names",
                        i + 1
                    ))
                }
            }),
    )
}

fn csv_rows(op: &'static Operation, reader: BufReader<File>) -> Result<Rows, String> {
    // `flexible`: a record with the wrong number of cells is one invalid row, not the end of the
    // file.
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let header: Vec<String> = csv
        .headers()
        .map_err(|e| format!("the CSV header: {e}"))?
        .iter()
        .map(str::to_string)
        .collect();
    Ok(Box::new(csv.into_records().map(move |record| {
        let record = record.map_err(|e| match e.position() {
            Some(p) => format!("line {}: {e}", p.line()),
            None => e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != header.len() {
            return Err(format!(
                "line {line}: {} cells for {} columns",
                record.len(),
                header.len()
            ));
        }
        columns::unflatten(op, header.iter().map(String::as_str).zip(record.iter()))
            .map_err(|e| format!("line {line}: {e}"))
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op() -> &'static Operation {
        crate::operation("CreateEngagementInvitation").unwrap()
    }

    fn read(name: &str, text: &str) -> Vec<Result<Value, String>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let mut file = RowFile::open(op(), &path).unwrap();
        file.rows().unwrap().collect()
    }

    #[test]
    fn csv_quotes_line_breaks_and_bad_records() {
        let rows = read(
            "rows.csv",
            "Catalog,ClientToken\n\"Sand\"\"box\",\"a,\nb\"\n\nAWS,t,extra\nAWS,\n",
        );
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(
            rows[0].as_ref().unwrap(),
            &serde_json::json!({"Catalog": "Sand\"box", "ClientToken": "a,\nb"})
        );
        let bad = rows[1].as_ref().unwrap_err();
        assert!(bad.contains("3 cells for 2 columns"), "{bad}");
        assert_eq!(
            rows[2].as_ref().unwrap(),
            &serde_json::json!({"Catalog": "AWS"})
        );
    }

    #[test]
    fn json_lines_skip_blank_lines_and_name_bad_ones() {
        let rows = read("rows.jsonl", "{\"Catalog\":\"AWS\"}\n\n[1]\nnot json\n");
        assert_eq!(rows.len(), 3);
        assert!(rows[0].is_ok());
        assert!(
            rows[1]
                .as_ref()
                .unwrap_err()
                .starts_with("line 3: a row is")
        );
        assert!(
            rows[2]
                .as_ref()
                .unwrap_err()
                .starts_with("line 4: not JSON")
        );
    }

    #[test]
    fn the_extension_decides_and_is_named_when_unknown() {
        let e = RowFile::open(op(), "rows.xlsx").unwrap_err();
        assert!(e.contains(".jsonl") && e.contains(".csv"), "{e}");
    }
}
