//! `client.bulk(...)`: the core's bulk engine (`partnercentral_selling::bulk`) for Python.
//!
//! The rows stay where the caller has them and are read on each of the core's two passes:
//! a list by index, a DataFrame through an `open()` callable the Python layer hands over (one
//! call per pass), a `.jsonl`/`.csv` file through the core's reader (`bulk::files`), and a
//! one-shot iterable through a JSON Lines spool this module writes and that reader reads back. The
//! run goes on the shared runtime; the Python thread only waits (GIL released), reads the
//! latest counts for its progress display and cancels. Python code is never called from the
//! run's threads except to read a row, with the GIL taken for that row only.
use std::fs::File;
use std::io::{BufWriter, Write};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use futures_util::{FutureExt, StreamExt};
use partnercentral_selling::Operation;
use partnercentral_selling::bulk::files::RowFile;
use partnercentral_selling::bulk::{
    self, BulkConfig, BulkError, CancelToken, Progress, RowError, RowResult, RowSource, Summary,
};
use partnercentral_selling::client::Client;
use partnercentral_selling::model::shapes;
use partnercentral_selling::validate::unconvertible;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyIterator, PyList, PyString};
use serde_json::Value;

use crate::{convert, errors, output, runtime};

type Rows<'a> = Box<dyn Iterator<Item = Result<Value, String>> + Send + 'a>;

/// Where a run's rows come from (see the module docs).
pub enum Source {
    /// A list or tuple of mappings of member names.
    Seq(Py<PyAny>),
    /// `open()` returns an iterator of rows: nested mappings, or (`flat`) mappings of dotted
    /// column names to cells, built into the request by `bulk::columns::unflatten`.
    Opener { open: Py<PyAny>, flat: bool },
    /// A `.jsonl`/`.csv` file, or a spool (JSON Lines whatever its name): the core's reader.
    File(RowFile),
}

pub struct PySource {
    pub op: &'static Operation,
    pub source: Source,
}

impl RowSource for PySource {
    fn rows(&mut self) -> Result<Rows<'_>, String> {
        let op = self.op;
        match &mut self.source {
            Source::Seq(seq) => {
                let seq = Python::attach(|py| seq.clone_ref(py));
                let mut next = 0usize;
                Ok(Box::new(std::iter::from_fn(move || {
                    Python::attach(|py| {
                        let seq = seq.bind(py);
                        if next >= seq.len().unwrap_or(0) {
                            return None;
                        }
                        let item = seq.get_item(next);
                        next += 1;
                        Some(match item {
                            Ok(item) => Ok(convert::to_value(op, &item)),
                            Err(e) => Err(describe(py, &e)),
                        })
                    })
                })))
            }
            Source::Opener { open, flat } => {
                let flat = *flat;
                let iter: Py<PyIterator> = Python::attach(|py| {
                    open.bind(py)
                        .call0()
                        .and_then(|it| it.try_iter())
                        .map(Bound::unbind)
                        .map_err(|e| describe(py, &e))
                })?;
                let mut ended = false;
                Ok(Box::new(std::iter::from_fn(move || {
                    if ended {
                        return None;
                    }
                    Python::attach(|py| {
                        let mut it = iter.bind(py).clone();
                        let next = it.next();
                        match next {
                            None => {
                                ended = true;
                                None
                            }
                            Some(Err(e)) => {
                                // An iterator that raised is finished: the reason is the last row.
                                ended = true;
                                Some(Err(describe(py, &e)))
                            }
                            Some(Ok(item)) if flat => Some(flat_row(op, &item)),
                            Some(Ok(item)) => Some(Ok(convert::to_value(op, &item))),
                        }
                    })
                })))
            }
            Source::File(file) => file.rows(),
        }
    }
}

/// An exception raised while reading the rows, as the row's reason: named by its class only
/// (its text could quote a value of the row, as `convert.rs` also avoids).
fn describe(py: Python<'_>, e: &PyErr) -> String {
    let class = e
        .get_type(py)
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "exception".into());
    format!("reading the row raised {class}")
}

/// One flat row (`{column: cell}`, absent cells left out by the Python layer) into the request.
/// Cells are typed by the member's shape, as a CSV cell is: a str as written, a number or bool
/// as its text, a datetime as ISO 8601, a dict or list (a whole member) as its JSON.
fn flat_row(op: &'static Operation, row: &Bound<'_, PyAny>) -> Result<Value, String> {
    let py = row.py();
    let pairs = row
        .call_method0("items")
        .and_then(|items| items.try_iter())
        .map_err(|e| describe(py, &e))?;
    let mut cells: Vec<(String, String)> = Vec::new();
    for pair in pairs {
        let (column, cell): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair
            .and_then(|p| p.extract())
            .map_err(|e| describe(py, &e))?;
        let Ok(column) = column.extract::<String>() else {
            return Err(format!(
                "a column name that is a {} (column names are str)",
                type_name(&column)
            ));
        };
        if let Some(text) = cell_text(op, &column, &cell)? {
            cells.push((column, text));
        }
    }
    bulk::columns::unflatten(op, cells.iter().map(|(c, t)| (c.as_str(), t.as_str())))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into())
}

fn cell_text(
    op: &'static Operation,
    column: &str,
    cell: &Bound<'_, PyAny>,
) -> Result<Option<String>, String> {
    if cell.is_none() {
        return Ok(None);
    }
    if let Ok(s) = cell.cast::<PyString>() {
        return s
            .to_cow()
            .map(|s| Some(s.into_owned()))
            .map_err(|_| format!("column {column:?}: a str with a lone surrogate"));
    }
    if let Ok(b) = cell.cast::<PyBool>() {
        return Ok(Some(b.is_true().to_string()));
    }
    if cell.cast::<PyInt>().is_ok() {
        return Ok(Some(cell.str().map_err(|e| e.to_string())?.to_string()));
    }
    if let Ok(f) = cell.cast::<PyFloat>() {
        let f = f.value();
        if f.is_nan() {
            return Ok(None);
        }
        // A whole number read into a float column (pandas does that to ints next to a gap).
        if f.fract() == 0.0 && f.abs() < 1e15 {
            return Ok(Some(format!("{f:.0}")));
        }
        return Ok(Some(f.to_string()));
    }
    let py = cell.py();
    let datetime = py
        .import("datetime")
        .and_then(|m| m.getattr("datetime"))
        .map_err(|e| e.to_string())?;
    if cell.is_instance(&datetime).unwrap_or(false) {
        return cell
            .call_method0("isoformat")
            .and_then(|s| s.extract::<String>())
            .map(Some)
            .map_err(|e| format!("column {column:?}: {}", describe(py, &e)));
    }
    // A whole member: converted along the model as a call's parameters are, then as JSON text.
    let wrapped = PyDict::new(py);
    wrapped
        .set_item(column, cell)
        .map_err(|e| describe(py, &e))?;
    let value = convert::to_value(op, &wrapped);
    let inner = value.get(column).cloned().unwrap_or(Value::Null);
    if !(inner.is_object() || inner.is_array()) || is_mark(&inner) {
        return Err(format!(
            "column {column:?}: a Python {} object; a cell is a str, a number, a bool, a datetime, or a dict/list for a whole member",
            type_name(cell)
        ));
    }
    Ok(Some(inner.to_string()))
}

fn is_mark(v: &Value) -> bool {
    let mark = unconvertible("");
    matches!((v, &mark), (Value::Object(a), Value::Object(b)) if a.len() == 1 && a.keys().eq(b.keys()))
}

/// Writes a one-shot iterable's rows to a JSONL file, converted as a call's parameters are
/// (what cannot be sent stays marked, for the validation pass to report at its path).
#[pyclass(module = "partnercentral_selling._native")]
pub struct NativeSpool {
    op: &'static Operation,
    out: Option<BufWriter<File>>,
    rows: u64,
}

#[pymethods]
impl NativeSpool {
    #[new]
    fn new(index: usize, path: PathBuf) -> PyResult<Self> {
        let op = crate::operation_at(index)?;
        let file = File::create(&path)
            .map_err(|e| PyValueError::new_err(format!("{}: {e}", path.display())))?;
        Ok(Self {
            op,
            out: Some(BufWriter::with_capacity(64 * 1024, file)),
            rows: 0,
        })
    }

    fn write(&mut self, row: &Bound<'_, PyAny>) -> PyResult<()> {
        let value = convert::to_value(self.op, row);
        let out = self
            .out
            .as_mut()
            .ok_or_else(|| PyValueError::new_err("the spool is closed"))?;
        writeln!(out, "{value}")
            .map_err(|e| PyValueError::new_err(format!("writing the spool: {e}")))?;
        self.rows += 1;
        Ok(())
    }

    /// Flushes and closes the file; returns the number of rows written.
    fn close(&mut self) -> PyResult<u64> {
        if let Some(mut out) = self.out.take() {
            out.flush()
                .and_then(|()| out.get_ref().sync_all())
                .map_err(|e| PyValueError::new_err(format!("writing the spool: {e}")))?;
        }
        Ok(self.rows)
    }
}

struct Finished {
    results: Vec<RowResult>,
    summary: Summary,
}

enum Ended {
    Ok(Finished),
    Failed(BulkError),
    Panicked(String),
}

#[derive(Default)]
struct State {
    progress: Option<Progress>,
    version: u64,
    ended: Option<Ended>,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A run going on the shared runtime.
#[pyclass(frozen, module = "partnercentral_selling._native")]
pub struct NativeBulk {
    op: &'static Operation,
    shared: Arc<Shared>,
    cancel: CancelToken,
}

/// Starts the run with `config` (its plain settings; the cancel handle and the progress
/// callback are this module's): the validation pass, the journal and the sending all happen on
/// the runtime; its end (results or the error) waits in the returned handle.
pub fn start(
    client: Client,
    op: &'static Operation,
    source: Source,
    config: BulkConfig,
) -> NativeBulk {
    let shared = Arc::new(Shared::default());
    let cancel = CancelToken::default();
    let on_progress = {
        let shared = shared.clone();
        Arc::new(move |p: &Progress| {
            let mut state = shared.lock();
            state.progress = Some(p.clone());
            state.version += 1;
        }) as bulk::ProgressFn
    };
    let config = BulkConfig {
        cancel: cancel.clone(),
        on_progress: Some(on_progress),
        ..config
    };
    let source = PySource { op, source };
    let run = async move {
        let mut run = client.bulk(op, source, config).await?;
        let mut results = Vec::new();
        while let Some(result) = run.next().await {
            results.push(result);
        }
        let summary = run.finish().await?;
        Ok::<_, BulkError>(Finished { results, summary })
    };
    let done = shared.clone();
    runtime::get().spawn(async move {
        let ended = match AssertUnwindSafe(run).catch_unwind().await {
            Ok(Ok(finished)) => Ended::Ok(finished),
            Ok(Err(e)) => Ended::Failed(e),
            Err(payload) => Ended::Panicked(
                payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into()),
            ),
        };
        done.lock().ended = Some(ended);
        done.changed.notify_all();
    });
    NativeBulk { op, shared, cancel }
}

#[pymethods]
impl NativeBulk {
    /// Waits up to `timeout` seconds with the GIL released; true once the run has ended. With
    /// `signals`, Python's signal handlers run afterwards (Ctrl-C raises `KeyboardInterrupt`).
    #[pyo3(signature = (timeout, signals=true))]
    fn wait(&self, py: Python<'_>, timeout: f64, signals: bool) -> PyResult<bool> {
        let ended = if timeout > 0.0 {
            let shared = self.shared.clone();
            py.detach(move || {
                let state = shared.lock();
                let (state, _) = shared
                    .changed
                    .wait_timeout_while(state, Duration::from_secs_f64(timeout), |s| {
                        s.ended.is_none()
                    })
                    .unwrap_or_else(|p| p.into_inner());
                state.ended.is_some()
            })
        } else {
            self.shared.lock().ended.is_some()
        };
        if signals {
            py.check_signals()?;
        }
        Ok(ended)
    }

    /// Stops taking rows; the rows in flight are awaited (bounded by the core's drain timeout).
    fn cancel(&self) {
        self.cancel.cancel();
    }

    /// `(version, counts)` of the latest progress, or `None` before the first row.
    fn progress<'py>(&self, py: Python<'py>) -> PyResult<Option<(u64, Bound<'py, PyDict>)>> {
        let (version, progress) = {
            let state = self.shared.lock();
            (state.version, state.progress.clone())
        };
        progress
            .map(|p| Ok((version, progress_dict(py, &p)?)))
            .transpose()
    }

    /// The results once the run has ended: `(results, summary)`, with `results` a list of row
    /// dicts in row order, or (`columns`) a dict of column lists for a DataFrame. Raises what
    /// stopped the run. The results are handed over once.
    #[pyo3(signature = (columns=false))]
    fn results<'py>(
        &self,
        py: Python<'py>,
        columns: bool,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyDict>)> {
        let ended = self.shared.lock().ended.take();
        match ended {
            None => Err(errors::raise(
                py,
                "bulk",
                "the bulk run has not ended, or its results were already read",
                PyDict::new(py),
            )),
            Some(Ended::Panicked(what)) => Err(errors::raise(
                py,
                "internal",
                &format!("internal error in partnercentral-selling (please report it): {what}"),
                PyDict::new(py),
            )),
            Some(Ended::Failed(e)) => Err(bulk_error(py, self.op, e)),
            Some(Ended::Ok(mut finished)) => {
                finished.results.sort_unstable_by_key(|r| r.row);
                let summary = summary_dict(py, &finished.summary)?;
                let results = if columns {
                    result_columns(py, self.op, &finished.results)?.into_any()
                } else {
                    let list = PyList::empty(py);
                    for r in &finished.results {
                        list.append(result_dict(py, self.op, r)?)?;
                    }
                    list.into_any()
                };
                Ok((results, summary))
            }
        }
    }
}

fn progress_dict<'py>(py: Python<'py>, p: &Progress) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("total", p.total)?;
    d.set_item("done", p.done)?;
    d.set_item("failed", p.failed)?;
    d.set_item("from_journal", p.from_journal)?;
    d.set_item("in_flight", p.in_flight)?;
    d.set_item("remaining", p.remaining)?;
    d.set_item("rate", p.rate)?;
    d.set_item("throughput", p.throughput)?;
    d.set_item("eta_seconds", p.eta_seconds)?;
    d.set_item("throttled", p.throttled)?;
    d.set_item("daily_limit_until", p.daily_limit_until)?;
    Ok(d)
}

fn summary_dict<'py>(py: Python<'py>, s: &Summary) -> PyResult<Bound<'py, PyDict>> {
    let d = progress_dict(py, &s.progress)?;
    d.set_item("cancelled", s.cancelled)?;
    d.set_item("abandoned", s.abandoned)?;
    d.set_item("elapsed_seconds", s.elapsed.as_secs_f64())?;
    Ok(d)
}

fn error_dict<'py>(py: Python<'py>, e: &RowError) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("code", &e.code)?;
    d.set_item("message", &e.message)?;
    d.set_item("violations", violations(py, e)?)?;
    Ok(d)
}

fn violations<'py>(py: Python<'py>, e: &RowError) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for v in &e.violations {
        let d = PyDict::new(py);
        d.set_item("path", &v.path)?;
        d.set_item("code", &v.code)?;
        d.set_item("message", &v.message)?;
        list.append(d)?;
    }
    Ok(list)
}

fn result_dict<'py>(
    py: Python<'py>,
    op: &'static Operation,
    r: &RowResult,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("row", r.row)?;
    match &r.outcome {
        Ok(out) => {
            d.set_item("status", "done")?;
            d.set_item("output", output::value(py, op.output, out)?)?;
            d.set_item("error", py.None())?;
        }
        Err(e) => {
            d.set_item("status", "failed")?;
            d.set_item("output", py.None())?;
            d.set_item("error", error_dict(py, e)?)?;
        }
    }
    d.set_item("client_token", &r.client_token)?;
    d.set_item("from_journal", r.from_journal)?;
    Ok(d)
}

/// The results as DataFrame columns: `status`, the output's top-level members (model order,
/// those any row has), `error_code`, `error_message`, `violations`, `client_token`,
/// `from_journal`.
fn result_columns<'py>(
    py: Python<'py>,
    op: &'static Operation,
    results: &[RowResult],
) -> PyResult<Bound<'py, PyDict>> {
    let members: Vec<(&'static str, Option<shapes::ShapeId>)> = match op.output {
        Some(id) => shapes::get(id)
            .members
            .iter()
            .filter(|m| {
                results.iter().any(|r| {
                    r.outcome
                        .as_ref()
                        .is_ok_and(|o| o.get(m.name).is_some_and(|v| !v.is_null()))
                })
            })
            .map(|m| (m.name, Some(m.target)))
            .collect(),
        None => Vec::new(),
    };
    let status = PyList::empty(py);
    let outputs: Vec<Bound<'py, PyList>> = members.iter().map(|_| PyList::empty(py)).collect();
    let code = PyList::empty(py);
    let message = PyList::empty(py);
    let violation_lists = PyList::empty(py);
    let token = PyList::empty(py);
    let journal = PyList::empty(py);
    for r in results {
        match &r.outcome {
            Ok(out) => {
                status.append("done")?;
                for ((name, shape), column) in members.iter().zip(&outputs) {
                    match out.get(*name) {
                        Some(v) if !v.is_null() => column.append(output::value(py, *shape, v)?)?,
                        _ => column.append(py.None())?,
                    }
                }
                code.append(py.None())?;
                message.append(py.None())?;
                violation_lists.append(py.None())?;
            }
            Err(e) => {
                status.append("failed")?;
                for column in &outputs {
                    column.append(py.None())?;
                }
                code.append(&e.code)?;
                message.append(&e.message)?;
                violation_lists.append(violations(py, e)?)?;
            }
        }
        token.append(&r.client_token)?;
        journal.append(r.from_journal)?;
    }
    let d = PyDict::new(py);
    d.set_item("status", status)?;
    for ((name, _), column) in members.iter().zip(outputs) {
        d.set_item(*name, column)?;
    }
    d.set_item("error_code", code)?;
    d.set_item("error_message", message)?;
    d.set_item("violations", violation_lists)?;
    d.set_item("client_token", token)?;
    d.set_item("from_journal", journal)?;
    Ok(d)
}

/// What stopped a run, as the exception class its kind calls for.
fn bulk_error(py: Python<'_>, op: &'static Operation, e: BulkError) -> PyErr {
    let message = e.to_string();
    let details = PyDict::new(py);
    let kind = match e {
        BulkError::InvalidRows { rows, total } => {
            let filled = (|| -> PyResult<()> {
                let list = PyList::empty(py);
                for r in &rows {
                    let d = PyDict::new(py);
                    d.set_item("row", r.row)?;
                    d.set_item("error", error_dict(py, &r.error)?)?;
                    list.append(d)?;
                }
                details.set_item("rows", list)?;
                details.set_item("total", total)?;
                Ok(())
            })();
            if let Err(err) = filled {
                return err;
            }
            "bulk_invalid_rows"
        }
        BulkError::JournalMismatch(_) => "journal_mismatch",
        BulkError::JournalInUse(_) => "journal_in_use",
        BulkError::Client(e) => return errors::from_core(py, op.name, e),
        BulkError::Journal(_) | BulkError::Source(_) | BulkError::InputChanged(_) => "bulk",
    };
    errors::raise(py, kind, &message, details)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyo3::ffi::c_str;

    fn flat(op: &str, code: &std::ffi::CStr) -> Result<Value, String> {
        Python::initialize();
        let op = partnercentral_selling::operation(op).expect("an operation of the model");
        Python::attach(|py| {
            let row = py.eval(code, None, None).expect("test expression");
            flat_row(op, &row)
        })
    }

    #[test]
    fn cells_are_typed_by_the_member_they_fill() {
        // A whole number read into a float column, a bool, a list cell for a whole member.
        let row = flat(
            "ListEngagementInvitations",
            c_str!("{'Catalog': 'AWS', 'MaxResults': 25.0, 'Status': ['PENDING'], 'ParticipantType': 'SENDER'}"),
        )
        .unwrap();
        assert_eq!(
            row,
            serde_json::json!({"Catalog": "AWS", "MaxResults": 25, "Status": ["PENDING"], "ParticipantType": "SENDER"})
        );
        let err = flat("ListEngagementInvitations", c_str!("{'MaxResults': 2.5}")).unwrap_err();
        assert!(
            err.contains("MaxResults") && err.contains("whole number"),
            "{err}"
        );
    }

    #[test]
    fn dotted_columns_and_datetimes_build_the_request() {
        let row = flat(
            "CreateEngagementInvitation",
            c_str!(
                "{'Invitation.Receiver': {'Account': {'AwsAccountId': '444455556666'}}, 'Invitation.Payload.OpportunityInvitation.SenderContacts[0].Email': 'a@example.com', 'ClientToken': __import__('datetime').datetime(2026, 1, 2, 3, 4, 5)}"
            ),
        )
        .unwrap();
        assert_eq!(
            row["Invitation"]["Receiver"]["Account"]["AwsAccountId"],
            "444455556666"
        );
        assert_eq!(
            row["Invitation"]["Payload"]["OpportunityInvitation"]["SenderContacts"][0]["Email"],
            "a@example.com"
        );
        assert_eq!(row["ClientToken"], "2026-01-02T03:04:05");
    }

    #[test]
    fn a_cell_of_another_type_names_its_column() {
        let err = flat(
            "CreateEngagementInvitation",
            c_str!("{'Catalog': object()}"),
        )
        .unwrap_err();
        assert!(
            err.contains("\"Catalog\"") && err.contains("object"),
            "{err}"
        );
    }
}
