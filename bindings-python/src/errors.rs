//! Core errors to the Python classes of `partnercentral_selling.errors`.
//!
//! The classes are defined in Python (so users can subclass and pickle them and read them in
//! an editor); this side only says which kind it is and hands over the fields.
use partnercentral_selling::Violation;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

use crate::convert::violations_to_py;

static FACTORY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Builds `errors._from_native(kind, message, details)` and turns it into a raisable `PyErr`.
pub fn raise(py: Python<'_>, kind: &str, message: &str, details: Bound<'_, PyDict>) -> PyErr {
    let made = FACTORY
        .import(py, "partnercentral_selling.errors", "_from_native")
        .and_then(|factory| factory.call1((kind, message, details)));
    match made {
        Ok(exception) => PyErr::from_value(exception),
        Err(err) => err,
    }
}

pub fn validation(py: Python<'_>, violations: &[Violation]) -> PyErr {
    let details = PyDict::new(py);
    match violations_to_py(py, violations).and_then(|list| details.set_item("errors", list)) {
        Ok(()) => raise(py, "validation", "", details),
        Err(err) => err,
    }
}

/// A panic inside a call: reported, never a crash.
pub fn panic(py: Python<'_>, payload: &(dyn std::any::Any + Send)) -> PyErr {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    raise(
        py,
        "internal",
        &format!("internal error in partnercentral-selling (please report it): {what}"),
        PyDict::new(py),
    )
}

/// Any core error, as the exception class its kind calls for.
pub fn from_core(py: Python<'_>, err: partnercentral_selling::Error) -> PyErr {
    use partnercentral_selling::Error;
    let details = PyDict::new(py);
    let message = err.to_string();
    let filled = match &err {
        Error::Validation(violations) => return validation(py, violations),
        Error::Service(service) => crate::output::error_response(py, service)
            .and_then(|response| details.set_item("response", response))
            .map(|()| "service"),
        Error::Timeout { client_token, .. } => details
            .set_item("client_token", client_token)
            .map(|()| "timeout"),
        Error::Connection { client_token, .. } => details
            .set_item("client_token", client_token)
            .map(|()| "connection"),
        Error::Tls { client_token, .. } => details
            .set_item("client_token", client_token)
            .map(|()| "tls"),
        Error::Credentials { .. } => Ok("credentials"),
        Error::Config { .. } => Ok("config"),
        Error::Decode { .. } => Ok("decode"),
        Error::InvalidInput(_) => Ok("invalid_input"),
        _ => Ok("internal"),
    };
    match filled {
        Ok(kind) => raise(py, kind, &message, details),
        Err(err) => err,
    }
}
