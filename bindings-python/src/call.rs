//! Running one core future for Python: on the shared runtime, as its own task (so a panic
//! comes back as an error, not an unwinding through Python), with the GIL released while
//! waiting, and with Ctrl-C still heard.
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::time::Duration;

use futures_util::FutureExt;
use pyo3::prelude::*;

use crate::{errors, runtime};

/// How often a blocked call takes the GIL back to let Python deliver signals (Ctrl-C).
const SIGNAL_CHECK: Duration = Duration::from_millis(200);

/// Runs `fut` to completion from a synchronous Python call. `Err` holds what to raise.
pub fn block_on<T, F>(py: Python<'_>, fut: F) -> PyResult<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let rt = runtime::get();
    let mut task = rt.spawn(fut);
    loop {
        let waited = py
            .detach(|| rt.block_on(async { tokio::time::timeout(SIGNAL_CHECK, &mut task).await }));
        match waited {
            Ok(Ok(value)) => return Ok(value),
            Ok(Err(join)) => return Err(join_error(py, join)),
            Err(_elapsed) => {
                if let Err(interrupt) = py.check_signals() {
                    task.abort();
                    return Err(interrupt);
                }
            }
        }
    }
}

/// Starts `fut` on the shared runtime for async code and hands its end, or the payload of a
/// panic inside it, to `report` on the runtime's thread. The handle aborts it.
pub fn start<T, F, R>(fut: F, report: R) -> tokio::task::AbortHandle
where
    F: Future<Output = T> + Send + 'static,
    R: FnOnce(std::thread::Result<T>) + Send + 'static,
{
    // Boxed once here: the core's future is several kilobytes, and every layer below would
    // otherwise copy it whole.
    let fut = Box::pin(fut);
    runtime::get()
        .spawn(async move { report(AssertUnwindSafe(fut).catch_unwind().await) })
        .abort_handle()
}

fn join_error(py: Python<'_>, join: tokio::task::JoinError) -> PyErr {
    match join.try_into_panic() {
        Ok(payload) => errors::panic(py, payload.as_ref()),
        Err(_cancelled) => errors::raise(
            py,
            "internal",
            "the call was cancelled",
            pyo3::types::PyDict::new(py),
        ),
    }
}
