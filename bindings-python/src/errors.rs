//! Core errors to the Python classes of `partnercentral_selling.errors`.
//!
//! The classes are defined in Python (so users can subclass and pickle them and read them in
//! an editor); this side only says which kind it is and hands over the fields.
use partnercentral_selling::{ErrorKind, Violation};
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

/// What to set in Python, added to the core's messages (which name no binding's settings).
fn python_hint(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Tls => {
            " (in Python: Client(verify=\"/path/ca.pem\") or AWS_CA_BUNDLE; verify=False turns checks off, for local testing only)"
        }
        ErrorKind::Timeout => {
            " (in Python: Client(connect_timeout=..., read_timeout=...) in seconds, 0 for no limit)"
        }
        _ => "",
    }
}

/// Any core error of a call of `operation` (empty outside a call), as the exception class its
/// kind calls for: one match on the kind.
pub fn from_core(py: Python<'_>, operation: &str, err: partnercentral_selling::Error) -> PyErr {
    use partnercentral_selling::Error;
    let kind = err.kind();
    let details = PyDict::new(py);
    let message = format!("{err}{}", python_hint(kind));
    let client_token = match &err {
        Error::Timeout { client_token, .. }
        | Error::Connection { client_token, .. }
        | Error::Tls { client_token, .. } => client_token.clone(),
        _ => None,
    };
    let filled = (|| -> PyResult<&'static str> {
        details.set_item("operation", operation)?;
        details.set_item("client_token", client_token)?;
        Ok(match kind {
            ErrorKind::Validation => return Ok("validation"),
            ErrorKind::Service => {
                if let Some(service) = err.service_error() {
                    details.set_item("response", crate::output::error_response(py, service)?)?;
                }
                "service"
            }
            ErrorKind::Timeout => "timeout",
            ErrorKind::Connection => "connection",
            ErrorKind::Tls => "tls",
            ErrorKind::Credentials => "credentials",
            ErrorKind::Config => "config",
            ErrorKind::Decode => "decode",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::Pagination => "pagination",
            _ => "internal",
        })
    })();
    match filled {
        Ok("validation") => validation(py, err.violations()),
        Ok(kind) => raise(py, kind, &message, details),
        Err(err) => err,
    }
}
