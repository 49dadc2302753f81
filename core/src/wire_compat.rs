//! Stand-in for `wire::parse_output` / `wire::parse_error` until the core's wire module lands
//! (docs/core-api.md); removed then.
use serde_json::Value;

use crate::error::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationExceptionError {
    pub field_name: Option<String>,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceErrorBody {
    pub code: String,
    pub message: Option<String>,
    pub reason: Option<String>,
    pub error_list: Vec<ValidationExceptionError>,
}

pub fn parse_output(body: &[u8]) -> Result<(String, String), Error> {
    let v: Value = serde_json::from_slice(body).map_err(|e| Error::InvalidInput(e.to_string()))?;
    match (v["Id"].as_str(), v["Arn"].as_str()) {
        (Some(id), Some(arn)) => Ok((id.to_string(), arn.to_string())),
        _ => Err(Error::InvalidInput("missing Id or Arn".into())),
    }
}

pub fn parse_error(status: u16, headers: &http::HeaderMap, body: &[u8]) -> ServiceErrorBody {
    let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let raw = headers
        .get("x-amzn-errortype")
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| v["code"].as_str().map(str::to_string))
        .or_else(|| v["__type"].as_str().map(str::to_string))
        .unwrap_or_else(|| status.to_string());
    let code = raw.split(':').next().unwrap_or_default();
    let code = code.rsplit('#').next().unwrap_or_default().to_string();
    let message = v["message"]
        .as_str()
        .or_else(|| v["Message"].as_str())
        .map(str::to_string);
    let error_list = v["ErrorList"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| ValidationExceptionError {
                    field_name: i["FieldName"].as_str().map(str::to_string),
                    code: i["Code"].as_str().unwrap_or_default().to_string(),
                    message: i["Message"].as_str().unwrap_or_default().to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    ServiceErrorBody {
        code,
        message,
        reason: v["Reason"].as_str().map(str::to_string),
        error_list,
    }
}
