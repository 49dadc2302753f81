//! The `partnercentral_selling._native` extension module: conversion at the edge, the core
//! underneath. The Python package in `python/partnercentral_selling/` wraps it and builds its
//! client methods from `operations()`, as botocore builds them from the model.
use partnercentral_selling::model::shapes::SHAPES;
use partnercentral_selling::{OPERATIONS, Operation};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

mod bulk;
mod call;
mod client;
mod completions;
mod convert;
mod emulator;
mod errors;
mod logging;
mod output;
mod runtime;

/// Operation number `index` of the table (the Python layer hands over the index it was given).
pub(crate) fn operation_at(index: usize) -> PyResult<&'static Operation> {
    OPERATIONS
        .get(index)
        .ok_or_else(|| PyValueError::new_err(format!("no operation number {index}")))
}

/// The operation table, one tuple per operation: `(name, boto3 method name, paginator or None,
/// documentation, modelled error codes, input member names)`; a paginator is `(input_token,
/// output_token, limit_key or None, result_key)`.
#[pyfunction]
fn operations(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let list = PyList::empty(py);
    for op in OPERATIONS {
        let paginator = match op.paginator {
            Some(p) => (p.input_token, p.output_token, p.limit_key, p.result_key)
                .into_pyobject(py)?
                .into_any(),
            None => py.None().into_bound(py),
        };
        let members: Vec<&str> = op.input_shape().members.iter().map(|m| m.name).collect();
        let entry = PyTuple::new(
            py,
            [
                op.name.into_pyobject(py)?.into_any(),
                op.snake_name.into_pyobject(py)?.into_any(),
                paginator,
                op.documentation.into_pyobject(py)?.into_any(),
                PyTuple::new(py, op.errors)?.into_any(),
                PyTuple::new(py, members)?.into_any(),
            ],
        )?;
        list.append(entry)?;
    }
    Ok(list)
}

/// Every error shape of the model (the service's error codes), in model order.
#[pyfunction]
fn error_codes(py: Python<'_>) -> PyResult<Bound<'_, PyTuple>> {
    let codes: Vec<&str> = SHAPES
        .iter()
        .filter(|s| s.exception)
        .map(|s| s.name)
        .collect();
    PyTuple::new(py, codes)
}

/// Every violation of `params` as the input of `operation` (its name or boto3 method name), as
/// `{"path", "code", "message"}` dicts, in the core's order; wrong Python types included.
#[pyfunction]
fn validate<'py>(
    py: Python<'py>,
    params: &Bound<'py, PyAny>,
    operation: &str,
) -> PyResult<Bound<'py, PyList>> {
    let op = partnercentral_selling::find_operation(operation).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown operation {operation:?}: give an operation name or a boto3 method name, such as {:?} or {:?}",
            OPERATIONS[0].name, OPERATIONS[0].snake_name
        ))
    })?;
    let violations = convert::validate(op, params);
    convert::violations_to_py(py, &violations)
}

/// Panics inside a task on the shared runtime, through the same path a call takes: the tests'
/// proof that a Rust panic reaches Python as an exception and the process lives on.
#[cfg(feature = "test-hooks")]
#[pyfunction]
fn _panic_in_task(py: Python<'_>, message: String) -> PyResult<()> {
    call::block_on(py, async move { panic!("{message}") })
}

/// The same for async code: a task that panics, reporting to `completions` as a call does.
#[cfg(feature = "test-hooks")]
#[pyfunction]
fn _start_panic(
    message: String,
    completions: &Bound<'_, completions::Completions>,
    call_id: u64,
) -> completions::InFlight {
    let sender = completions.get().sender(call_id, &OPERATIONS[0]);
    let handle = call::start(
        async move { panic!("{message}") },
        move |finished: completions::Finished| sender.send(finished),
    );
    completions::InFlight::new(handle)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    #[cfg(feature = "test-hooks")]
    {
        m.add_function(wrap_pyfunction!(_panic_in_task, m)?)?;
        m.add_function(wrap_pyfunction!(_start_panic, m)?)?;
    }
    m.add_class::<client::NativeClient>()?;
    m.add_class::<client::NativePages>()?;
    m.add_class::<bulk::NativeBulk>()?;
    m.add_class::<bulk::NativeSpool>()?;
    m.add_class::<completions::Completions>()?;
    m.add_class::<completions::InFlight>()?;
    m.add_class::<emulator::NativeEmulator>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
