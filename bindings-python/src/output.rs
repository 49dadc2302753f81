//! Core results to boto3's dicts: any operation's output read along its shape (timestamps become
//! timezone-aware `datetime`s, members the model does not have are dropped, as botocore's
//! parser drops them), `ResponseMetadata`, and a `ClientError`'s `response`.
use partnercentral_selling::error::ServiceError;
use partnercentral_selling::model::shapes::{self, ShapeId, ShapeKind};
use partnercentral_selling::{Operation, Response, ResponseMetadata, Timestamp};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};
use serde_json::Value;

/// boto3's `ResponseMetadata`, plus the `ClientToken` the call carried (generated when the caller
/// gave none) for the operations that have one, so that a caller can log it and retry the same
/// logical call later.
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
    if let Some(token) = &md.client_token {
        dict.set_item("ClientToken", token)?;
    }
    Ok(dict)
}

/// One call's answer: the output's members and `ResponseMetadata` (only the metadata for
/// operations without an output, as boto3 returns them).
pub fn response(
    py: Python<'_>,
    op: &'static Operation,
    response: &Response<Value>,
) -> PyResult<Py<PyAny>> {
    let dict = match op.output {
        Some(shape) => match value(py, Some(shape), &response.output)?.cast_into::<PyDict>() {
            Ok(dict) => dict,
            Err(_) => PyDict::new(py),
        },
        None => PyDict::new(py),
    };
    dict.set_item("ResponseMetadata", metadata(py, &response.metadata)?)?;
    Ok(dict.into_any().unbind())
}

/// A paginator's merged result (`build_full_result`): read along the operation's output shape.
pub fn full_result(py: Python<'_>, op: &'static Operation, full: &Value) -> PyResult<Py<PyAny>> {
    Ok(value(py, op.output, full)?.unbind())
}

/// `value` as Python objects, read along `shape` when there is one.
pub fn value<'py>(
    py: Python<'py>,
    shape: Option<ShapeId>,
    value: &Value,
) -> PyResult<Bound<'py, PyAny>> {
    let kind = shape.map(|id| shapes::get(id).kind);
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => {
            if kind == Some(ShapeKind::Timestamp)
                && let Some(ts) = n.as_f64().and_then(Timestamp::from_epoch_seconds)
            {
                return datetime(py, &ts);
            }
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => {
            if kind == Some(ShapeKind::Timestamp)
                && let Ok(ts) = Timestamp::parse(s)
            {
                return datetime(py, &ts);
            }
            s.into_pyobject(py)?.into_any()
        }
        Value::Array(items) => {
            let element = shape.and_then(|id| shapes::get(id).list_member);
            let list = PyList::empty(py);
            for item in items {
                list.append(self::value(py, element, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            match shape.map(shapes::get) {
                Some(s) if matches!(s.kind, ShapeKind::Structure | ShapeKind::Union) => {
                    // botocore's order and choice: the model's members, those present and not null.
                    for member in s.members {
                        match map.get(member.name) {
                            None | Some(Value::Null) => {}
                            Some(v) => dict
                                .set_item(member.name, self::value(py, Some(member.target), v)?)?,
                        }
                    }
                }
                Some(s) if s.kind == ShapeKind::Map => {
                    for (key, v) in map {
                        dict.set_item(key, self::value(py, s.map_value, v)?)?;
                    }
                }
                _ => {
                    for (key, v) in map {
                        dict.set_item(key, self::value(py, None, v)?)?;
                    }
                }
            }
            dict.into_any()
        }
    })
}

struct DateTimeParts {
    epoch: Py<PyAny>,
    timedelta: Py<PyAny>,
}

/// A timezone-aware `datetime` in UTC, exact to the microsecond (botocore's precision).
pub fn datetime<'py>(py: Python<'py>, ts: &Timestamp) -> PyResult<Bound<'py, PyAny>> {
    static PARTS: PyOnceLock<DateTimeParts> = PyOnceLock::new();
    let parts = PARTS.get_or_try_init(py, || -> PyResult<DateTimeParts> {
        let module = py.import("datetime")?;
        let utc = module.getattr("timezone")?.getattr("utc")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("tzinfo", utc)?;
        let epoch = module
            .getattr("datetime")?
            .call((1970, 1, 1), Some(&kwargs))?;
        Ok(DateTimeParts {
            epoch: epoch.unbind(),
            timedelta: module.getattr("timedelta")?.unbind(),
        })
    })?;
    let delta = parts
        .timedelta
        .bind(py)
        .call1((0, ts.unix_seconds(), ts.subsec_nanos() / 1000))?;
    parts.epoch.bind(py).add(delta)
}

/// A `ClientError.response` as botocore parses a JSON-protocol error: `Error.Code`,
/// `Error.Message`, `ResponseMetadata`, and the members of the error's shape found in the body
/// (spelt as the model spells them) at the top level, read along that shape.
pub fn error_response<'py>(py: Python<'py>, err: &ServiceError) -> PyResult<Bound<'py, PyDict>> {
    let error = PyDict::new(py);
    error.set_item("Message", err.message.as_deref().unwrap_or(""))?;
    error.set_item("Code", &err.code)?;
    let response = PyDict::new(py);
    response.set_item("Error", error)?;
    response.set_item("ResponseMetadata", metadata(py, &err.metadata)?)?;
    if let Some(id) = shapes::id_of(&err.code).filter(|id| shapes::get(*id).exception)
        && let Ok(modelled) = value(py, Some(id), &err.body)?.cast_into::<PyDict>()
    {
        for (key, item) in modelled.iter() {
            response.set_item(key, item)?;
        }
    }
    Ok(response)
}
