//! Core results to boto3's dicts: `{"Id", "Arn", "ResponseMetadata"}` and a `ClientError`'s
//! `response`.
use partnercentral_selling::client::{CreateEngagementInvitationOutput, ResponseMetadata};
use partnercentral_selling::error::ServiceError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// boto3's `ResponseMetadata`, plus the `ClientToken` the call carried (generated when the caller
/// gave none) so that a caller can log it and retry the same logical call later.
pub fn metadata<'py>(py: Python<'py>, md: &ResponseMetadata) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("RequestId", md.request_id.as_deref().unwrap_or(""))?;
    dict.set_item("HTTPStatusCode", md.http_status)?;
    let headers = PyDict::new(py);
    for (name, value) in &md.http_headers {
        headers.set_item(name, value)?;
    }
    dict.set_item("HTTPHeaders", headers)?;
    // boto3 counts retries, not attempts.
    dict.set_item("RetryAttempts", md.attempts.saturating_sub(1))?;
    dict.set_item("ClientToken", &md.client_token)?;
    Ok(dict)
}

pub fn output(py: Python<'_>, out: &CreateEngagementInvitationOutput) -> PyResult<Py<PyAny>> {
    let dict = PyDict::new(py);
    dict.set_item("Id", &out.id)?;
    dict.set_item("Arn", &out.arn)?;
    dict.set_item("ResponseMetadata", metadata(py, &out.metadata)?)?;
    Ok(dict.into_any().unbind())
}

/// A `ClientError.response` as botocore parses a JSON-protocol error: `Error.Code`,
/// `Error.Message`, `ResponseMetadata`, and the modelled `Reason` / `ErrorList` at the top level
/// (botocore copies only body members spelt as the model spells them; the message arrives as
/// `message`, so it stays under `Error`).
pub fn error_response<'py>(py: Python<'py>, err: &ServiceError) -> PyResult<Bound<'py, PyDict>> {
    let error = PyDict::new(py);
    error.set_item("Code", &err.code)?;
    error.set_item("Message", err.message.as_deref().unwrap_or(""))?;
    let response = PyDict::new(py);
    response.set_item("Error", error)?;
    response.set_item("ResponseMetadata", metadata(py, &err.metadata)?)?;
    if let Some(reason) = &err.reason {
        response.set_item("Reason", reason)?;
    }
    if !err.error_list.is_empty() {
        let list = PyList::empty(py);
        for item in &err.error_list {
            let entry = PyDict::new(py);
            if let Some(field) = &item.field_name {
                entry.set_item("FieldName", field)?;
            }
            entry.set_item("Message", &item.message)?;
            entry.set_item("Code", &item.code)?;
            list.append(entry)?;
        }
        response.set_item("ErrorList", list)?;
    }
    Ok(response)
}
