//! Python objects to the generic request tree the core validates.
//!
//! The walk never raises: a value JSON cannot carry (bytes, a set, NaN, a lone surrogate, a
//! custom object, a non-str key) becomes the core's "unconvertible" mark at its own path, which
//! the core's validation reports there with the rest, so a caller sees every problem at once
//! instead of a `TypeError` from deep inside a conversion. Values JSON can carry but of the wrong
//! type (an int where a string belongs) are left for the core to report. The walk follows the
//! operation's input shape only to know where a `datetime` belongs (a timestamp member), as
//! botocore accepts one there.
use partnercentral_selling::model::shapes::{self, ShapeId, ShapeKind};
use partnercentral_selling::validate::{MAX_DEPTH, unconvertible};
use partnercentral_selling::{Operation, Violation};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PySet, PyString,
    PyTuple, PyType,
};
use serde_json::{Map, Number, Value};

/// Converts the parameters of one call of `op`. Anything but a mapping at the root is marked.
pub fn to_value(op: &Operation, params: &Bound<'_, PyAny>) -> Value {
    if is_mapping(params) {
        walk(params, Some(op.input), 0)
    } else {
        unconvertible(format!(
            "a {} (the parameters must be a dict of member names, or keyword arguments)",
            type_name(params)
        ))
    }
}

/// Converts and validates `params` as `op`'s input: every violation, wrong Python types included.
pub fn validate(op: &Operation, params: &Bound<'_, PyAny>) -> Vec<Violation> {
    let value = to_value(op, params);
    partnercentral_selling::validate(op, &value)
}

fn child(shape: Option<ShapeId>, member: &str) -> Option<ShapeId> {
    let s = shapes::get(shape?);
    match s.kind {
        ShapeKind::Structure | ShapeKind::Union => s.member(member).map(|m| m.target),
        ShapeKind::Map => s.map_value,
        _ => None,
    }
}

fn element(shape: Option<ShapeId>) -> Option<ShapeId> {
    shapes::get(shape?).list_member
}

/// A container whose reading raised: named by the exception's class only (its text could quote
/// a value).
fn unreadable(what: &str, err: &PyErr) -> Value {
    let class = Python::attach(|py| error_name(py, err));
    unconvertible(format!("a {what} that could not be read ({class})"))
}

fn walk(obj: &Bound<'_, PyAny>, shape: Option<ShapeId>, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return unconvertible(format!("a value nested more than {MAX_DEPTH} levels deep"));
    }
    if obj.is_none() {
        return Value::Null;
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_cow() {
            Ok(s) => Value::String(s.into_owned()),
            Err(_) => unconvertible(
                "a str with a lone surrogate (U+D800..U+DFFF), which UTF-8 cannot encode",
            ),
        };
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Value::Bool(b.is_true());
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(i) = obj.extract::<i64>() {
            return Value::Number(i.into());
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Value::Number(u.into());
        }
        return unconvertible("an int too large for a JSON number");
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return match Number::from_f64(f.value()) {
            Some(n) => Value::Number(n),
            None => {
                unconvertible("a float NaN or infinity (NaN and infinity are not JSON numbers)")
            }
        };
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = Map::with_capacity(dict.len());
        for (key, item) in dict.iter() {
            member(&key, &item, shape, depth, &mut map);
        }
        return Value::Object(map);
    }
    if obj.cast::<PyList>().is_ok() {
        return sequence(obj, shape, depth);
    }
    if obj.cast::<PyTuple>().is_ok() {
        // botocore would take it; the API's lists are lists, and a tuple where a list belongs
        // is more often a stray trailing comma than a choice.
        return unconvertible("a tuple (write a list, [...], instead of (...))");
    }
    if is_datetime(obj) {
        let is_timestamp = shape.is_some_and(|id| shapes::get(id).kind == ShapeKind::Timestamp);
        if !is_timestamp {
            return unconvertible("a datetime where the model has no timestamp");
        }
        // ISO 8601 with its offset, or without one for a naive datetime, which the core reads
        // as UTC (botocore's reading too).
        return match obj
            .call_method0("isoformat")
            .and_then(|s| s.extract::<String>())
        {
            Ok(text) => Value::String(text),
            Err(err) => unreadable("datetime", &err),
        };
    }
    if is_mapping(obj) {
        return mapping(obj, shape, depth);
    }
    let hint = if obj.cast::<PyBytes>().is_ok() || obj.cast::<PyByteArray>().is_ok() {
        " (decode it to str first)"
    } else if obj.cast::<PySet>().is_ok() || obj.cast::<PyFrozenSet>().is_ok() {
        " (use a list: sets have no order)"
    } else {
        ""
    };
    unconvertible(format!("a Python {} object{hint}", type_name(obj)))
}

fn sequence(obj: &Bound<'_, PyAny>, shape: Option<ShapeId>, depth: usize) -> Value {
    let items = match obj.try_iter() {
        Ok(items) => items,
        Err(err) => return unreadable("sequence", &err),
    };
    let inner = element(shape);
    let out = items
        .map(|item| match item {
            Ok(item) => walk(&item, inner, depth + 1),
            Err(err) => unreadable("list item", &err),
        })
        .collect();
    Value::Array(out)
}

/// Any `collections.abc.Mapping`, read through its `items()`.
fn mapping(obj: &Bound<'_, PyAny>, shape: Option<ShapeId>, depth: usize) -> Value {
    let pairs = match obj.call_method0("items").and_then(|items| items.try_iter()) {
        Ok(pairs) => pairs,
        Err(err) => return unreadable("mapping", &err),
    };
    let mut map = Map::new();
    for pair in pairs {
        match pair.and_then(|pair| pair.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()) {
            Ok((key, item)) => member(&key, &item, shape, depth, &mut map),
            Err(err) => return unreadable("mapping", &err),
        }
    }
    Value::Object(map)
}

fn member(
    key: &Bound<'_, PyAny>,
    item: &Bound<'_, PyAny>,
    shape: Option<ShapeId>,
    depth: usize,
    map: &mut Map<String, Value>,
) {
    match key.cast::<PyString>().map(|k| k.to_cow()) {
        Ok(Ok(name)) => {
            let value = walk(item, child(shape, &name), depth + 1);
            map.insert(name.into_owned(), value);
        }
        _ => {
            // Not a name the model could have: reported under a readable stand-in.
            let name = format!("<{} key>", type_name(key));
            map.insert(
                name,
                unconvertible(format!(
                    "a member name that is a {} (member names are str)",
                    type_name(key)
                )),
            );
        }
    }
}

fn is_datetime(obj: &Bound<'_, PyAny>) -> bool {
    static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    DATETIME
        .import(obj.py(), "datetime", "datetime")
        .and_then(|class| obj.is_instance(class))
        .unwrap_or(false)
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into())
}

/// The exception's class name only: its text could quote a value.
fn error_name(py: Python<'_>, err: &PyErr) -> String {
    err.get_type(py)
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "exception".into())
}

fn is_mapping(obj: &Bound<'_, PyAny>) -> bool {
    static MAPPING: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    if obj.cast::<PyDict>().is_ok() {
        return true;
    }
    MAPPING
        .import(obj.py(), "collections.abc", "Mapping")
        .and_then(|mapping| obj.is_instance(mapping))
        .unwrap_or(false)
}

/// A core violation as the dict Python callers get: `{"path", "code", "message"}`.
pub fn violation_to_py<'py>(py: Python<'py>, v: &Violation) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("path", &v.path)?;
    dict.set_item("code", v.code.as_str())?;
    dict.set_item("message", &v.message)?;
    Ok(dict)
}

pub fn violations_to_py<'py>(
    py: Python<'py>,
    violations: &[Violation],
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for v in violations {
        list.append(violation_to_py(py, v)?)?;
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use partnercentral_selling::OPERATIONS;
    use pyo3::ffi::c_str;

    /// The first operation whose input has a timestamp member: (operation, member name).
    fn with_timestamp() -> (&'static Operation, &'static str) {
        OPERATIONS
            .iter()
            .find_map(|op| {
                op.input_shape()
                    .members
                    .iter()
                    .find(|m| shapes::get(m.target).kind == ShapeKind::Timestamp)
                    .map(|m| (op, m.name))
            })
            .expect("some operation takes a timestamp")
    }

    fn walk_with(op: &Operation, code: &std::ffi::CStr, member: &str) -> Value {
        Python::initialize();
        Python::attach(|py| {
            let locals = PyDict::new(py);
            locals.set_item("member", member).unwrap();
            let obj = py.eval(code, None, Some(&locals)).expect("test expression");
            to_value(op, &obj)
        })
    }

    #[test]
    fn json_values_convert_in_order() {
        let op = &OPERATIONS[0];
        let value = walk_with(
            op,
            c_str!("{'b': [1, 2.5, True, None, ['x']], 'a': {'k': 'v'}}"),
            "",
        );
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"b":[1,2.5,true,null,["x"]],"a":{"k":"v"}}"#
        );
    }

    #[test]
    fn unsendable_values_are_marked_at_their_paths() {
        let op = &OPERATIONS[0];
        let value = walk_with(
            op,
            c_str!("{'a': [b'x', {'n': float('nan')}], 'c': {1: 2}, 'd': ('x',)}"),
            "",
        );
        assert_eq!(
            value["a"][0],
            unconvertible("a Python bytes object (decode it to str first)")
        );
        for marked in [&value["a"][1]["n"], &value["c"]["<int key>"], &value["d"]] {
            assert!(marked.as_object().is_some_and(|m| m.len() == 1), "{marked}");
        }
        // Reported by the core's validation at their paths, with the rest.
        let names: Vec<&str> = op.input_shape().members.iter().map(|m| m.name).collect();
        let (first, second) = (names[0], names[1]);
        let locals = format!("{{{first:?}: b'x', {second:?}: ('x',)}}");
        let code = std::ffi::CString::new(locals).unwrap();
        let value = walk_with(op, &code, "");
        let paths: Vec<String> = partnercentral_selling::validate(op, &value)
            .into_iter()
            .map(|v| v.path)
            .collect();
        assert_eq!(paths, vec![first.to_owned(), second.to_owned()]);
    }

    #[test]
    fn a_datetime_becomes_iso_text_only_where_the_model_has_a_timestamp() {
        let (op, member) = with_timestamp();
        let value = walk_with(
            op,
            c_str!(
                "{member: __import__('datetime').datetime(2024, 5, 1, 12, 0, 0, 5), 'Other': __import__('datetime').datetime(2024, 5, 1)}"
            ),
            member,
        );
        assert_eq!(
            value[member],
            Value::String("2024-05-01T12:00:00.000005".into())
        );
        assert!(value["Other"].is_object());
    }
}
