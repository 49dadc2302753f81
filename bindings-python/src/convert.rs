//! Python objects to the generic request tree the core validates, and back.
//!
//! The walk never raises: a value JSON cannot carry (bytes, a set, NaN, a lone surrogate, a
//! custom object, a non-str key) becomes an `INVALID_VALUE` violation at its own path, so a
//! caller sees every problem at once, as with the core's own checks, instead of a `TypeError`
//! from deep inside a conversion. Values JSON can carry but of the wrong type (an int where a
//! string belongs) are left for the core to report.
use partnercentral_selling::{Violation, ViolationCode};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PySet, PyString,
    PyTuple, PyType,
};
use serde_json::{Map, Number, Value};

/// Far deeper than any shape of the model (7 levels); stops a self-containing list.
const MAX_DEPTH: usize = 32;

/// The converted tree, the violations found on the way, and the paths they were found at.
pub struct Converted {
    pub value: Value,
    pub violations: Vec<Violation>,
}

/// Converts the parameters of one call. Anything but a mapping at the root is a violation.
pub fn to_value(params: &Bound<'_, PyAny>) -> Converted {
    let mut walker = Walker {
        violations: Vec::new(),
    };
    let mut path = String::new();
    let value = if is_mapping(params) {
        walker.walk(params, &mut path, 0)
    } else {
        walker.flag(
            &path,
            format!("expected a dict of parameters, got {}", type_name(params)),
        );
        Value::Object(Map::new())
    };
    Converted {
        value,
        violations: walker.violations,
    }
}

/// Converts and validates: the walk's violations first, then the core's, without the core's
/// second opinion about the values the walk already replaced.
pub fn validate(params: &Bound<'_, PyAny>) -> (Value, Vec<Violation>) {
    let Converted {
        value,
        mut violations,
    } = to_value(params);
    let core = partnercentral_selling::validate(&value);
    violations.extend(without_replaced(core, &violations));
    (value, violations)
}

/// Drops core violations at or under a path the walk already reported (the walk puts an empty
/// object there, which the core would call a wrong type or a missing member).
pub fn without_replaced(core: Vec<Violation>, walked: &[Violation]) -> Vec<Violation> {
    core.into_iter()
        .filter(|v| !walked.iter().any(|w| is_at_or_under(&v.path, &w.path)))
        .collect()
}

fn is_at_or_under(path: &str, prefix: &str) -> bool {
    prefix.is_empty()
        || path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

struct Walker {
    violations: Vec<Violation>,
}

impl Walker {
    fn flag(&mut self, path: &str, message: String) -> Value {
        self.violations.push(Violation {
            path: path.to_owned(),
            code: ViolationCode::InvalidValue,
            message,
        });
        // An empty object keeps the member present (a union still counts it) while the core's
        // remarks about it are filtered out by `without_replaced`.
        Value::Object(Map::new())
    }

    /// A container whose reading raised: named by the exception's class only (its text could
    /// quote a value).
    fn unreadable(&mut self, path: &str, what: &str, err: &PyErr) -> Value {
        let class = Python::attach(|py| error_name(py, err));
        self.flag(path, format!("the {what} could not be read: {class}"))
    }

    fn walk(&mut self, obj: &Bound<'_, PyAny>, path: &mut String, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return self.flag(path, format!("nested more than {MAX_DEPTH} levels deep"));
        }
        if obj.is_none() {
            return Value::Null;
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return match s.to_cow() {
                Ok(s) => Value::String(s.into_owned()),
                Err(_) => self.flag(
                    path,
                    "the string contains a lone surrogate (U+D800..U+DFFF), which UTF-8 cannot encode".into(),
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
            return self.flag(path, "the integer is too large for a JSON number".into());
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            return match Number::from_f64(f.value()) {
                Some(n) => Value::Number(n),
                None => self.flag(path, "NaN and infinity are not JSON numbers".into()),
            };
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            let mut map = Map::with_capacity(dict.len());
            for (key, item) in dict.iter() {
                self.member(&key, &item, path, depth, &mut map);
            }
            return Value::Object(map);
        }
        if obj.cast::<PyList>().is_ok() {
            return self.sequence(obj, path, depth);
        }
        if obj.cast::<PyTuple>().is_ok() {
            // botocore would take it; the API's lists are lists, and a tuple where a list belongs
            // is more often a stray trailing comma than a choice.
            return self.flag(
                path,
                "a tuple cannot be sent; expected a list (write [...] instead of (...))".into(),
            );
        }
        if is_mapping(obj) {
            return self.mapping(obj, path, depth);
        }
        let hint = if obj.cast::<PyBytes>().is_ok() || obj.cast::<PyByteArray>().is_ok() {
            "; decode it to str first"
        } else if obj.cast::<PySet>().is_ok() || obj.cast::<PyFrozenSet>().is_ok() {
            "; use a list (sets have no order)"
        } else {
            ""
        };
        self.flag(
            path,
            format!(
                "a {} cannot be sent; expected str, dict, list, bool, int, float or None{hint}",
                type_name(obj)
            ),
        )
    }

    fn sequence(&mut self, obj: &Bound<'_, PyAny>, path: &mut String, depth: usize) -> Value {
        let items = match obj.try_iter() {
            Ok(items) => items,
            Err(err) => {
                return self.unreadable(path, "sequence", &err);
            }
        };
        let mut out = Vec::new();
        for (index, item) in items.enumerate() {
            let len = path.len();
            path.push_str(&format!("[{index}]"));
            let value = match item {
                Ok(item) => self.walk(&item, path, depth + 1),
                Err(err) => self.unreadable(path, "item", &err),
            };
            path.truncate(len);
            out.push(value);
        }
        Value::Array(out)
    }

    /// Any `collections.abc.Mapping`, read through its `items()`.
    fn mapping(&mut self, obj: &Bound<'_, PyAny>, path: &mut String, depth: usize) -> Value {
        let pairs = match obj.call_method0("items").and_then(|items| items.try_iter()) {
            Ok(pairs) => pairs,
            Err(err) => {
                return self.unreadable(path, "mapping", &err);
            }
        };
        let mut map = Map::new();
        for pair in pairs {
            match pair.and_then(|pair| pair.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()) {
                Ok((key, item)) => self.member(&key, &item, path, depth, &mut map),
                Err(err) => {
                    return self.unreadable(path, "mapping", &err);
                }
            }
        }
        Value::Object(map)
    }

    fn member(
        &mut self,
        key: &Bound<'_, PyAny>,
        item: &Bound<'_, PyAny>,
        path: &mut String,
        depth: usize,
        map: &mut Map<String, Value>,
    ) {
        let len = path.len();
        if !path.is_empty() {
            path.push('.');
        }
        match key.cast::<PyString>().map(|k| k.to_cow()) {
            Ok(Ok(name)) => {
                path.push_str(&name);
                let value = self.walk(item, path, depth + 1);
                map.insert(name.into_owned(), value);
            }
            _ => {
                // Not a name the model could have: report it under a readable stand-in.
                path.push_str(&format!("<{} key>", type_name(key)));
                self.flag(
                    path,
                    format!("member names must be str, got a {}", type_name(key)),
                );
            }
        }
        path.truncate(len);
    }
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
    use pyo3::ffi::c_str;

    fn walk(code: &std::ffi::CStr) -> (Value, Vec<(String, ViolationCode)>) {
        Python::initialize();
        Python::attach(|py| {
            let obj = py.eval(code, None, None).expect("test expression");
            let Converted { value, violations } = to_value(&obj);
            (
                value,
                violations.into_iter().map(|v| (v.path, v.code)).collect(),
            )
        })
    }

    #[test]
    fn json_values_convert_in_order() {
        let (value, violations) = walk(c_str!(
            "{'b': [1, 2.5, True, None, ['x']], 'a': {'k': 'v'}}"
        ));
        assert!(violations.is_empty());
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"b":[1,2.5,true,null,["x"]],"a":{"k":"v"}}"#
        );
    }

    #[test]
    fn a_tuple_is_flagged_where_a_list_belongs() {
        let (_, violations) = walk(c_str!("{'b': ('x',)}"));
        assert_eq!(
            violations,
            vec![("b".to_owned(), ViolationCode::InvalidValue)]
        );
    }

    #[test]
    fn unsendable_values_are_flagged_at_their_paths() {
        let (value, violations) = walk(c_str!("{'a': [b'x', {'n': float('nan')}], 'c': {1: 2}}"));
        assert_eq!(
            violations,
            vec![
                ("a[0]".to_owned(), ViolationCode::InvalidValue),
                ("a[1].n".to_owned(), ViolationCode::InvalidValue),
                ("c.<int key>".to_owned(), ViolationCode::InvalidValue),
            ]
        );
        // Replaced by empty objects, so that the shape around them is kept.
        assert_eq!(value["a"][0], Value::Object(Map::new()));
    }

    #[test]
    fn replaced_paths_cover_their_descendants_only() {
        assert!(is_at_or_under("a.b", "a"));
        assert!(is_at_or_under("a[0].c", "a"));
        assert!(is_at_or_under("a", "a"));
        assert!(!is_at_or_under("ab", "a"));
        assert!(is_at_or_under("anything", ""));
    }
}
