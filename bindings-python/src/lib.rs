//! The `partnercentral_selling._native` extension module: conversion at the edge, the core
//! underneath. The Python package in `python/partnercentral_selling/` wraps it.
use pyo3::prelude::*;
use pyo3::types::PyList;

mod call;
mod client;
mod completions;
mod convert;
mod emulator;
mod errors;
mod logging;
mod output;
mod runtime;

/// Every violation of `params` (a mapping of a CreateEngagementInvitation request), as
/// `{"path", "code", "message"}` dicts, in the core's order; wrong Python types included.
#[pyfunction]
fn validate<'py>(params: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    let (_, violations) = convert::validate(params);
    convert::violations_to_py(params.py(), &violations)
}

/// Panics inside a task on the shared runtime, through the same path a call takes: the tests'
/// proof that a Rust panic reaches Python as an exception and the process lives on.
#[pyfunction]
fn _panic_in_task(py: Python<'_>, message: String) -> PyResult<()> {
    call::block_on(py, async move { panic!("{message}") })
}

/// The same for async code: a task that panics, reporting to `completions` as a call does.
#[pyfunction]
fn _start_panic(
    message: String,
    completions: &Bound<'_, completions::Completions>,
    call_id: u64,
) -> completions::InFlight {
    let sender = completions.get().sender(call_id);
    let handle = call::start(
        async move { panic!("{message}") },
        move |finished: completions::Finished| sender.send(finished),
    );
    completions::InFlight::new(handle)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_in_task, m)?)?;
    m.add_function(wrap_pyfunction!(_start_panic, m)?)?;
    m.add_class::<client::NativeClient>()?;
    m.add_class::<completions::Completions>()?;
    m.add_class::<completions::InFlight>()?;
    m.add_class::<emulator::NativeEmulator>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
