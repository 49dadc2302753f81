//! Endpoint resolution by the service's own rule set (`model/*.endpoint-rule-set-1.json`) and the
//! partition table (`model/partitions.json`, from the same botocore release).
//!
//! The rule set is interpreted rather than transcribed, so a newer vendored rule set changes the
//! behaviour without code changes, as long as it uses the functions implemented here.
use std::collections::HashMap;

use regex::Regex;
use serde_json::Value;

use crate::error::Error;

const RULE_SET: &str =
    include_str!("../model/partnercentral-selling-2022-07-26.endpoint-rule-set-1.json");
const PARTITIONS: &str = include_str!("../model/partitions.json");

/// The rule set's inputs (its `parameters`: `Region`, `UseFIPS`, `Endpoint`).
#[derive(Debug, Clone, Default)]
pub struct EndpointParams {
    pub region: Option<String>,
    pub use_fips: bool,
    pub endpoint: Option<String>,
}

/// Resolves the endpoint URL, or the rule set's error as [`Error::Config`].
pub fn resolve(params: &EndpointParams) -> Result<String, Error> {
    let rules: Value = serde_json::from_str(RULE_SET).expect("vendored rule set is JSON");
    if let Some(region) = &params.region
        && !is_valid_host_label(region)
    {
        return Err(Error::config(format!(
            "region {region:?} is not a valid region name (letters, digits and '-' only), for example us-east-1"
        )));
    }
    let mut scope = Scope::default();
    if let Some(r) = &params.region {
        scope.insert("Region".into(), Value::String(r.clone()));
    }
    if let Some(e) = &params.endpoint {
        scope.insert("Endpoint".into(), Value::String(e.clone()));
    }
    scope.insert("UseFIPS".into(), Value::Bool(params.use_fips));
    let url = match eval_rules(rules["rules"].as_array().unwrap_or(&Vec::new()), &scope)? {
        Outcome::Endpoint(url) => url,
        Outcome::Error(message) => {
            let hint = if params.endpoint.is_some() && params.use_fips {
                " (an endpoint URL and use_fips=true exclude each other: drop one of them)"
            } else {
                ""
            };
            return Err(Error::config(format!("{message}{hint}")));
        }
    };
    check_url(&url)?;
    Ok(url)
}

/// An endpoint URL must be absolute http(s) with a host, as botocore requires of `endpoint_url`.
fn check_url(url: &str) -> Result<(), Error> {
    let parsed: http::Uri = url
        .parse()
        .map_err(|e| Error::config(format!("endpoint URL {url:?} is not a URL: {e}")))?;
    match (parsed.scheme_str(), parsed.host()) {
        (Some("http" | "https"), Some(host)) if !host.is_empty() => Ok(()),
        _ => Err(Error::config(format!(
            "endpoint URL {url:?} must be an absolute http:// or https:// URL, for example http://127.0.0.1:4566"
        ))),
    }
}

type Scope = HashMap<String, Value>;

enum Outcome {
    Endpoint(String),
    Error(String),
}

fn eval_rules(rules: &[Value], scope: &Scope) -> Result<Outcome, Error> {
    for rule in rules {
        let mut local = scope.clone();
        if !conditions_hold(rule, &mut local)? {
            continue;
        }
        match rule["type"].as_str() {
            Some("tree") => {
                // A tree whose conditions hold is terminal in the rules language: no fall-through.
                return eval_rules(rule["rules"].as_array().unwrap_or(&Vec::new()), &local);
            }
            Some("endpoint") => {
                let url = expand(&rule["endpoint"]["url"], &local)?;
                return Ok(Outcome::Endpoint(url));
            }
            Some("error") => return Ok(Outcome::Error(expand(&rule["error"], &local)?)),
            other => return Err(unsupported(&format!("rule type {other:?}"))),
        }
    }
    Ok(Outcome::Error(
        "no endpoint rule matched the configuration".into(),
    ))
}

fn conditions_hold(rule: &Value, scope: &mut Scope) -> Result<bool, Error> {
    for cond in rule["conditions"].as_array().unwrap_or(&Vec::new()) {
        let value = call(cond, scope)?;
        let holds = match &value {
            Value::Null => false,
            Value::Bool(b) => *b,
            _ => true,
        };
        if !holds {
            return Ok(false);
        }
        if let Some(name) = cond["assign"].as_str() {
            scope.insert(name.to_string(), value);
        }
    }
    Ok(true)
}

fn call(cond: &Value, scope: &Scope) -> Result<Value, Error> {
    let args: Vec<Value> = cond["argv"]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|a| arg(a, scope))
        .collect::<Result<_, _>>()?;
    let func = cond["fn"].as_str().unwrap_or_default();
    Ok(match (func, args.as_slice()) {
        ("isSet", [v]) => Value::Bool(!v.is_null()),
        ("not", [Value::Bool(b)]) => Value::Bool(!b),
        ("booleanEquals", [a, b]) | ("stringEquals", [a, b]) => Value::Bool(a == b),
        ("aws.partition", [Value::String(region)]) => partition(region),
        ("aws.partition", [Value::Null]) => Value::Null,
        _ => return Err(unsupported(&format!("function {func} with {args:?}"))),
    })
}

fn arg(a: &Value, scope: &Scope) -> Result<Value, Error> {
    Ok(match a {
        Value::Object(o) if o.contains_key("ref") => {
            let name = o["ref"].as_str().unwrap_or_default();
            scope.get(name).cloned().unwrap_or(Value::Null)
        }
        Value::Object(o) if o.contains_key("fn") => call(a, scope)?,
        Value::String(_) => Value::String(expand(a, scope)?),
        other => other.clone(),
    })
}

/// Expands `{Name}` and `{Name#field}` templates, or evaluates a `{"ref": ..}` value.
fn expand(template: &Value, scope: &Scope) -> Result<String, Error> {
    if template.get("ref").is_some() {
        return match arg(template, scope)? {
            Value::String(s) => Ok(s),
            other => Err(unsupported(&format!("non-string URL {other}"))),
        };
    }
    let text = template.as_str().unwrap_or_default();
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .map(|i| open + i)
            .ok_or_else(|| unsupported(&format!("template {text:?}")))?;
        let inner = &rest[open + 1..close];
        let (name, field) = inner.split_once('#').unwrap_or((inner, ""));
        let mut value = scope.get(name).unwrap_or(&Value::Null);
        if !field.is_empty() {
            value = &value[field];
        }
        match value {
            Value::String(s) => out.push_str(s),
            Value::Bool(b) => out.push_str(&b.to_string()),
            _ => return Err(unsupported(&format!("template variable {inner}"))),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `aws.partition`: an exact region match first, then the first region pattern that matches, and
/// the `aws` partition for anything else (as every SDK does).
fn partition(region: &str) -> Value {
    let table: Value = serde_json::from_str(PARTITIONS).expect("vendored partitions are JSON");
    let partitions = table["partitions"].as_array().cloned().unwrap_or_default();
    let by_region = partitions
        .iter()
        .find(|p| p["regions"].get(region).is_some());
    let by_regex = || {
        partitions.iter().find(|p| {
            p["regionRegex"]
                .as_str()
                .and_then(|r| Regex::new(r).ok())
                .is_some_and(|re| re.is_match(region))
        })
    };
    let fallback = || partitions.iter().find(|p| p["id"] == "aws");
    by_region
        .or_else(by_regex)
        .or_else(fallback)
        .map(|p| p["outputs"].clone())
        .unwrap_or(Value::Null)
}

fn is_valid_host_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && !s.starts_with('-')
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn unsupported(what: &str) -> Error {
    Error::config(format!(
        "the vendored endpoint rule set uses {what}, which this library does not implement"
    ))
}
