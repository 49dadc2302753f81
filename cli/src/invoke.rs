//! Sending the request through the core's signed client, with the global options mapped onto its
//! builder, and its errors mapped onto the AWS CLI's exit codes and messages.
use crate::args::GlobalArgs;
use crate::error::{CliError, FieldError};
use crate::model::output_shape;
use partnercentral_selling::Error;
use partnercentral_selling::client::Client;
use partnercentral_selling::credentials::Credentials;
use serde_json::{Map, Value};
use std::time::Duration;

/// What the command line can't say: the demo's in-process emulator and its test credentials.
#[derive(Default)]
pub struct Connection {
    pub endpoint_url: Option<String>,
    pub credentials: Option<Credentials>,
}

pub async fn call(
    global: &GlobalArgs,
    connection: Connection,
    tree: Value,
) -> Result<Value, CliError> {
    let mut builder = Client::builder().user_agent_suffix(format!(
        "pcs/{} md/command#create-engagement-invitation",
        env!("CARGO_PKG_VERSION")
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
    let client = builder.build().await.map_err(|e| map_error(e, u32::MAX))?;
    let endpoint = &client.config().endpoint;
    if global.no_verify_ssl && endpoint.starts_with("https://") {
        eprintln!("{}", insecure_warning(endpoint));
    }
    let config = client.config();
    tracing::debug!(
        endpoint = %endpoint,
        region = %config.region,
        connect_timeout = ?config.connect_timeout,
        read_timeout = ?config.read_timeout,
        verify_tls = config.verify_tls,
        sign_requests = config.sign_requests,
        "calling CreateEngagementInvitation"
    );
    let max_attempts = client.config().max_attempts;
    let out = client
        .create_engagement_invitation_value(tree)
        .await
        .map_err(|e| map_error(e, max_attempts))?;
    tracing::debug!(
        request_id = out.metadata.request_id.as_deref().unwrap_or("-"),
        status = out.metadata.http_status,
        attempts = out.metadata.attempts,
        "CreateEngagementInvitation succeeded"
    );
    // Members in the model's order, as botocore parses them.
    let mut response = Map::new();
    for member in output_shape().members() {
        let value = match member.name {
            "Id" => out.id.clone(),
            "Arn" => out.arn.clone(),
            _ => continue,
        };
        response.insert(member.name.to_string(), Value::String(value));
    }
    Ok(Value::Object(response))
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

/// `max_attempts`: as botocore, a failure on the last allowed attempt says how many retries it took.
fn map_error(error: Error, max_attempts: u32) -> CliError {
    match error {
        Error::Validation(violations) => CliError::Validation(violations),
        Error::InvalidInput(message) => CliError::Param(format!("Invalid input: {message}")),
        Error::Service(e) => CliError::Service {
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
        e @ (Error::Credentials { .. } | Error::Config { .. }) => CliError::Config(e.to_string()),
        // The AWS CLI's words for the same failure (exit code 255), so scripts that look for them
        // keep working; the core's message names the fix.
        e @ Error::Tls { .. } => CliError::Other(format!("SSL validation failed: {e}")),
        other => CliError::Other(other.to_string()),
    }
}
