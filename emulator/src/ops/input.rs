//! Reading a request's members. The model's full validation runs before (the core's, for every
//! operation it covers); these reads report, never panic, so an operation stays total whatever the
//! input, and a problem names its path and the fix.
use partnercentral_selling::ViolationCode;
use serde_json::{Map, Value};

use super::checks::{self, violation};
use crate::protocol::ApiError;

static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

/// A request object (or a nested structure of it) and its path from the top.
pub struct Input<'a> {
    pub value: &'a Value,
    pub map: &'a Map<String, Value>,
    prefix: String,
}

impl<'a> Input<'a> {
    pub fn new(value: &'a Value) -> Input<'a> {
        Input {
            value,
            map: value.as_object().unwrap_or(&EMPTY),
            prefix: String::new(),
        }
    }

    /// A nested structure at `path`.
    pub fn at(value: &'a Value, path: &str) -> Input<'a> {
        Input {
            value,
            map: value.as_object().unwrap_or(&EMPTY),
            prefix: format!("{path}."),
        }
    }

    pub fn path(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    /// A ValidationException (`REQUEST_VALIDATION_FAILED`, code `INVALID_VALUE`) at `name`.
    pub fn bad(&self, name: &str, message: &str) -> ApiError {
        ApiError::validation(&[violation(
            &self.path(name),
            ViolationCode::InvalidValue,
            message.to_owned(),
        )])
    }

    pub fn opt_str(&self, name: &str) -> Result<Option<&'a str>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.bad(
                name,
                &format!(
                    "{} must be a string, got {}",
                    self.path(name),
                    checks::kind(other)
                ),
            )),
        }
    }

    pub fn req_str(&self, name: &str) -> Result<&'a str, ApiError> {
        self.opt_str(name)?.ok_or_else(|| {
            ApiError::validation(&[violation(
                &self.path(name),
                ViolationCode::RequiredFieldMissing,
                format!("{} is required", self.path(name)),
            )])
        })
    }

    pub fn req_enum(&self, name: &str, allowed: &[&str]) -> Result<&'a str, ApiError> {
        let value = self.req_str(name)?;
        self.check_enum(name, value, allowed)
    }

    pub fn opt_enum(&self, name: &str, allowed: &[&str]) -> Result<Option<&'a str>, ApiError> {
        match self.opt_str(name)? {
            None => Ok(None),
            Some(value) => self.check_enum(name, value, allowed).map(Some),
        }
    }

    fn check_enum(
        &self,
        name: &str,
        value: &'a str,
        allowed: &[&str],
    ) -> Result<&'a str, ApiError> {
        if allowed.contains(&value) {
            Ok(value)
        } else {
            Err(ApiError::validation(&[violation(
                &self.path(name),
                ViolationCode::InvalidEnumValue,
                format!(
                    "{} must be one of {}, got {value:?}",
                    self.path(name),
                    allowed.join(", ")
                ),
            )]))
        }
    }

    pub fn opt_u64(&self, name: &str) -> Result<Option<u64>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(value) => value.as_u64().map(Some).ok_or_else(|| {
                self.bad(
                    name,
                    &format!("{} must be a whole number, got {value}", self.path(name)),
                )
            }),
        }
    }

    pub fn opt_bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.bad(
                name,
                &format!("{} must be true or false, got {other}", self.path(name)),
            )),
        }
    }

    pub fn opt_object(&self, name: &str) -> Result<Option<&'a Value>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(value @ Value::Object(_)) => Ok(Some(value)),
            Some(other) => Err(self.bad(
                name,
                &format!(
                    "{} must be an object, got {}",
                    self.path(name),
                    checks::kind(other)
                ),
            )),
        }
    }

    pub fn req_object(&self, name: &str) -> Result<&'a Value, ApiError> {
        self.opt_object(name)?.ok_or_else(|| {
            ApiError::validation(&[violation(
                &self.path(name),
                ViolationCode::RequiredFieldMissing,
                format!("{} is required", self.path(name)),
            )])
        })
    }

    pub fn opt_list(&self, name: &str) -> Result<Option<&'a Vec<Value>>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(other) => Err(self.bad(
                name,
                &format!(
                    "{} must be a list, got {}",
                    self.path(name),
                    checks::kind(other)
                ),
            )),
        }
    }

    /// A list of strings (filters); `None` when absent.
    pub fn opt_strings(&self, name: &str) -> Result<Option<Vec<String>>, ApiError> {
        let Some(items) = self.opt_list(name)? else {
            return Ok(None);
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.as_str().map(str::to_owned).ok_or_else(|| {
                    self.bad(
                        &format!("{name}[{i}]"),
                        &format!("{}[{i}] must be a string", self.path(name)),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// `Catalog`: `AWS` or `Sandbox`; the two never see each other's data.
    pub fn catalog(&self) -> Result<&'static str, ApiError> {
        let value = self.req_str("Catalog")?;
        match value {
            "AWS" => Ok("AWS"),
            "Sandbox" => Ok("Sandbox"),
            other => {
                let mut out = Vec::new();
                let map: Map<String, Value> =
                    std::iter::once(("Catalog".to_owned(), Value::String(other.to_owned())))
                        .collect();
                checks::catalog(&map, &mut out);
                Err(ApiError::validation(&out))
            }
        }
    }
}
