//! Sending a request of any operation through the core's signed client, with the global options
//! mapped onto its builder, pages fetched through the core's paginator, and errors mapped onto
//! the AWS CLI's exit codes and messages (one match on the error's kind).
use crate::args::GlobalArgs;
use crate::error::{CliError, FieldError};
use crate::output::Answer;
use partnercentral_selling::client::Client;
use partnercentral_selling::credentials::Credentials;
use partnercentral_selling::model::shapes::{self, Shape, ShapeKind};
use partnercentral_selling::{Error, ErrorKind, Operation, PaginationConfig};
use serde_json::{Map, Value};
use std::time::Duration;

/// What the command line can't say: the demo's in-process emulator and its test credentials.
#[derive(Default)]
pub struct Connection {
    pub endpoint_url: Option<String>,
    pub credentials: Option<Credentials>,
}

/// How to call: one request, or the AWS CLI's automatic pagination.
pub enum Mode {
    Single,
    Paginate(PaginationConfig),
}

pub async fn client(
    global: &GlobalArgs,
    op: &'static Operation,
    connection: Connection,
) -> Result<Client, CliError> {
    let mut builder = Client::builder().user_agent_suffix(format!(
        "pcs/{} md/command#{}",
        env!("CARGO_PKG_VERSION"),
        op.kebab_name
    ));
    if let Some(region) = &global.region {
        builder = builder.region(region);
    }
    if let Some(url) = global
        .endpoint_url
        .as_ref()
        .or(connection.endpoint_url.as_ref())
    {
        builder = builder.endpoint_url(url);
    }
    if let Some(profile) = &global.profile {
        builder = builder.profile(profile);
    }
    if global.no_sign_request {
        builder = builder.no_sign_request(true);
    } else if let Some(credentials) = connection.credentials {
        builder = builder.credentials(credentials);
    }
    if let Some(secs) = global.cli_connect_timeout {
        builder = builder.connect_timeout((secs > 0).then(|| Duration::from_secs(secs)));
    }
    if let Some(secs) = global.cli_read_timeout {
        builder = builder.read_timeout((secs > 0).then(|| Duration::from_secs(secs)));
    }
    if let Some(ca) = &global.ca_bundle {
        builder = builder.ca_bundle(ca);
    }
    if global.no_verify_ssl {
        builder = builder.verify_tls(false);
    }
    let client = builder
        .build()
        .await
        .map_err(|e| map_error(op, e, u32::MAX))?;
    let config = client.config();
    if global.no_verify_ssl && config.endpoint.starts_with("https://") {
        eprintln!("{}", insecure_warning(&config.endpoint));
    }
    tracing::debug!(
        endpoint = %config.endpoint,
        region = %config.region,
        connect_timeout = ?config.connect_timeout,
        read_timeout = ?config.read_timeout,
        verify_tls = config.verify_tls,
        sign_requests = config.sign_requests,
        "calling {}",
        op.name
    );
    Ok(client)
}

pub async fn call(
    client: &Client,
    op: &'static Operation,
    tree: Value,
    mode: Mode,
) -> Result<Answer, CliError> {
    let max_attempts = client.config().max_attempts;
    let output_shape = op.output_shape();
    match (mode, op.paginator) {
        (Mode::Paginate(config), Some(paginator)) => {
            let mut pages = client
                .paginate(op, tree, config)
                .map_err(|e| map_error(op, e, max_attempts))?;
            let mut collected = Vec::new();
            while let Some(page) = pages.next_page().await {
                let page = page.map_err(|e| map_error(op, e, max_attempts))?;
                log_response(op, &page.metadata);
                collected.push(as_parsed(output_shape, page.output));
            }
            Ok(Answer::Pages {
                pages: collected,
                result_key: paginator.result_key,
                resume_token: pages.resume_token().map(str::to_string),
            })
        }
        _ => {
            let out = client
                .call(op, tree)
                .await
                .map_err(|e| map_error(op, e, max_attempts))?;
            log_response(op, &out.metadata);
            Ok(Answer::Single(as_parsed(output_shape, out.output)))
        }
    }
}

fn log_response(op: &Operation, metadata: &partnercentral_selling::ResponseMetadata) {
    tracing::debug!(
        request_id = metadata.request_id.as_deref().unwrap_or("-"),
        status = metadata.http_status,
        attempts = metadata.attempts,
        "{} succeeded",
        op.name
    );
}

/// The output as botocore's parser hands it to the AWS CLI: structure members in the model's
/// order, members the model does not know and `null` members left out; maps and lists keep
/// their order; timestamps stay as the wire sent them (the AWS CLI v1's `wire` format).
fn as_parsed(shape: Option<&'static Shape>, value: Value) -> Value {
    match shape {
        Some(shape) => shape_order(shape, value),
        None => Value::Object(Map::new()),
    }
}

pub fn shape_order(shape: &'static Shape, value: Value) -> Value {
    match (shape.kind, value) {
        (ShapeKind::Structure | ShapeKind::Union, Value::Object(mut map)) => {
            let mut out = Map::new();
            for member in shape.members {
                match map.remove(member.name) {
                    None | Some(Value::Null) => {}
                    Some(v) => {
                        out.insert(
                            member.name.to_string(),
                            shape_order(shapes::get(member.target), v),
                        );
                    }
                }
            }
            Value::Object(out)
        }
        (ShapeKind::List, Value::Array(items)) => match shape.list_member {
            Some(item) => Value::Array(
                items
                    .into_iter()
                    .map(|v| shape_order(shapes::get(item), v))
                    .collect(),
            ),
            None => Value::Array(items),
        },
        (ShapeKind::Map, Value::Object(map)) => match shape.map_value {
            Some(value_shape) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, shape_order(shapes::get(value_shape), v)))
                    .collect(),
            ),
            None => Value::Object(map),
        },
        (_, v) => v,
    }
}

/// urllib3's `InsecureRequestWarning`, which the AWS CLI prints under `--no-verify-ssl`.
fn insecure_warning(endpoint: &str) -> String {
    let host = endpoint
        .trim_start_matches("https://")
        .split(['/', ':'])
        .next()
        .unwrap_or_default();
    format!(
        "InsecureRequestWarning: Unverified HTTPS request is being made to host '{host}'. \
         Adding certificate verification is strongly advised. \
         See: https://urllib3.readthedocs.io/en/latest/advanced-usage.html#tls-warnings"
    )
}

/// `max_attempts`: as botocore, a failure on the last allowed attempt says how many retries it
/// took.
pub fn map_error(op: &'static Operation, error: Error, max_attempts: u32) -> CliError {
    match error.kind() {
        ErrorKind::Validation => CliError::Validation(op, error.violations().to_vec()),
        ErrorKind::InvalidInput => CliError::Param(error.to_string()),
        ErrorKind::Service => match error.service_error() {
            Some(e) => CliError::Service {
                operation: op.name,
                code: e.code.clone(),
                message: e.message.clone(),
                reason: e.reason.clone(),
                error_list: e
                    .error_list
                    .iter()
                    .map(|x| FieldError {
                        field_name: x.field_name.clone(),
                        code: x.code.clone(),
                        message: x.message.clone(),
                    })
                    .collect(),
                max_retries_reached: (e.metadata.attempts >= max_attempts)
                    .then(|| e.metadata.attempts.saturating_sub(1)),
            },
            None => CliError::Other(error.to_string()),
        },
        ErrorKind::Credentials | ErrorKind::Config => CliError::Config(error.to_string()),
        // The AWS CLI's words for the same failure (exit code 255), so scripts that look for
        // them keep working; the core's message names the fix.
        ErrorKind::Tls => CliError::Other(format!(
            "SSL validation failed: {error} (with pcs: --ca-bundle FILE, or AWS_CA_BUNDLE)"
        )),
        _ => CliError::Other(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn output_members_in_model_order_without_unknown_or_null_members() {
        let op = partnercentral_selling::find_operation("create-engagement-invitation").unwrap();
        let v = as_parsed(
            op.output_shape(),
            json!({"Unknown": 1, "Arn": "a", "Id": "i", "Other": null}),
        );
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"Id":"i","Arn":"a"}"#
        );
    }
}
