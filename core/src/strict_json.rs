//! Strict JSON reading for untrusted bytes: UTF-8 only, no duplicate keys (a silent "last one
//! wins" would send something other than what the caller wrote), nesting bounded by serde_json's
//! recursion limit so deep input is an error, never a stack overflow.

use crate::error::Error;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// serde_json's own recursion limit; the request itself is 8 levels deep.
pub const MAX_DEPTH: usize = 128;

/// Parses `bytes` into a tree, or says clearly why it cannot.
pub fn parse(bytes: &[u8]) -> Result<Value, Error> {
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(Error::InvalidInput(format!(
            "input is not valid UTF-8 (first bad byte at offset {})",
            e.valid_up_to()
        )));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = StrictValue.deserialize(&mut de).map_err(describe)?;
    de.end().map_err(describe)?;
    Ok(value)
}

fn describe(e: serde_json::Error) -> Error {
    let text = e.to_string();
    if text.starts_with("recursion limit exceeded") {
        Error::InvalidInput(format!(
            "input is nested more than {MAX_DEPTH} levels deep (line {}, column {})",
            e.line(),
            e.column()
        ))
    } else {
        Error::InvalidInput(format!("input is not valid JSON: {text}"))
    }
}

struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number is not finite"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(StrictValue)? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
            }
            let v = access.next_value_seed(StrictValue)?;
            map.insert(key, v);
        }
        Ok(Value::Object(map))
    }
}
