//! Finished async calls on their way back to the asyncio loop that awaits them.
//!
//! Tokio threads never take the GIL: a finished call is queued here in its Rust form, and the
//! completion that finds the queue empty writes one byte to a socket the loop watches
//! (`loop.add_reader`). The loop's own thread then takes the whole batch and converts it to Python
//! objects. Taking the GIL on a worker per call (what a generic future bridge does) makes the
//! workers and the loop queue for the GIL, and wakes the loop once per call instead of per batch.
use std::io::{ErrorKind, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex};

use partnercentral_selling::{Operation, Response};
use pyo3::prelude::*;
use pyo3::types::PyList;
use serde_json::Value;

use crate::{errors, output};

/// What a finished call produced.
pub enum Outcome {
    /// One call's answer.
    Call(Response<Value>),
    /// A paginator's next page, `None` after the last.
    Page(Option<Response<Value>>),
    /// A paginator's merged result.
    Full(Value),
}

impl Outcome {
    /// As Python objects, read along `op`'s output shape.
    pub fn into_py(self, py: Python<'_>, op: &'static Operation) -> PyResult<Py<PyAny>> {
        match self {
            Outcome::Call(response) | Outcome::Page(Some(response)) => {
                output::response(py, op, &response)
            }
            Outcome::Page(None) => Ok(py.None()),
            Outcome::Full(full) => output::full_result(py, op, &full),
        }
    }
}

/// A call's end: its outcome or its error, or the payload of a panic inside it.
pub type Finished = std::thread::Result<Result<Outcome, partnercentral_selling::Error>>;

struct Shared {
    queue: Mutex<Vec<(u64, &'static Operation, Finished)>>,
    /// Written by the completing side, watched by the loop; both ends live as long as any call
    /// that may still write, so a byte never lands in a closed (or reused) descriptor.
    wake: UnixStream,
    woken: UnixStream,
}

/// One event loop's inbox of finished calls (the Python layer keeps one per loop).
#[pyclass(frozen, module = "partnercentral_selling._native")]
pub struct Completions {
    shared: Arc<Shared>,
}

/// Where one call reports its end.
pub struct Sender {
    shared: Arc<Shared>,
    call_id: u64,
    op: &'static Operation,
}

impl Sender {
    pub fn send(self, finished: Finished) {
        let first = {
            let mut queue = self.shared.queue.lock().unwrap_or_else(|p| p.into_inner());
            queue.push((self.call_id, self.op, finished));
            queue.len() == 1
        };
        if first {
            // A full socket buffer (WouldBlock) means the loop has wake-ups pending already.
            let _ = (&self.shared.wake).write(&[1]);
        }
    }
}

#[pymethods]
impl Completions {
    #[new]
    fn new(py: Python<'_>) -> PyResult<Self> {
        let pair = UnixStream::pair().and_then(|(wake, woken)| {
            wake.set_nonblocking(true)?;
            woken.set_nonblocking(true)?;
            Ok((wake, woken))
        });
        let (wake, woken) = pair.map_err(|e| {
            errors::raise(
                py,
                "internal",
                &format!("cannot create the socket pair that wakes the event loop: {e}"),
                pyo3::types::PyDict::new(py),
            )
        })?;
        Ok(Self {
            shared: Arc::new(Shared {
                queue: Mutex::new(Vec::new()),
                wake,
                woken,
            }),
        })
    }

    /// The descriptor to watch with `loop.add_reader`.
    fn fileno(&self) -> i32 {
        self.shared.woken.as_raw_fd()
    }

    /// Every call finished since the last drain, as `(call_id, ok, result or exception)`.
    fn drain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        // The wake-up bytes first, then the queue: a call that finishes in between finds the
        // queue non-empty or writes a new byte, so no finished call waits for a wake-up.
        let mut bytes = [0u8; 256];
        loop {
            match (&self.shared.woken).read(&mut bytes) {
                Ok(n) if n == bytes.len() => continue,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                _ => break,
            }
        }
        let batch =
            std::mem::take(&mut *self.shared.queue.lock().unwrap_or_else(|p| p.into_inner()));
        let list = PyList::empty(py);
        for (call_id, op, finished) in batch {
            let (ok, value) = match finished {
                Ok(Ok(out)) => (true, out.into_py(py, op)?),
                Ok(Err(err)) => (
                    false,
                    errors::from_core(py, op.name, err)
                        .into_value(py)
                        .into_any(),
                ),
                Err(panic) => (
                    false,
                    errors::panic(py, panic.as_ref()).into_value(py).into_any(),
                ),
            };
            list.append((call_id, ok, value))?;
        }
        Ok(list)
    }
}

impl Completions {
    pub fn sender(&self, call_id: u64, op: &'static Operation) -> Sender {
        Sender {
            shared: self.shared.clone(),
            call_id,
            op,
        }
    }
}

/// A started call, for the Python layer to abort when its awaiting task is cancelled.
#[pyclass(frozen, module = "partnercentral_selling._native")]
pub struct InFlight {
    handle: tokio::task::AbortHandle,
}

impl InFlight {
    pub fn new(handle: tokio::task::AbortHandle) -> Self {
        Self { handle }
    }
}

#[pymethods]
impl InFlight {
    /// Drops the call wherever it is (closing its connection); nothing is reported for it.
    fn abort(&self) {
        self.handle.abort();
    }
}
