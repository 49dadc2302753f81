//! A call's result as plain data for the JS layer: the output, or a description of the failure that
//! `lib/errors.js` turns into the matching error class.
use napi_derive::napi;
use partnercentral_selling::{
    CreateEngagementInvitationOutput, Error, ErrorKind, ResponseMetadata,
};

use crate::validation::{Violation, violations};

#[napi(object)]
pub struct Metadata {
    pub http_status_code: Option<u32>,
    pub request_id: Option<String>,
    pub attempts: u32,
    /// Milliseconds spent waiting between attempts.
    pub total_retry_delay: f64,
    pub client_token: Option<String>,
}

#[napi(object)]
pub struct Output {
    pub id: String,
    pub arn: String,
    pub metadata: Metadata,
}

#[napi(object)]
pub struct ErrorListItem {
    pub field_name: Option<String>,
    pub code: String,
    pub message: String,
}

#[napi(object)]
pub struct ErrorInfo {
    /// service | validation | timeout | connection | credentials | config | decode | aborted | other
    pub kind: String,
    pub code: Option<String>,
    pub message: String,
    pub fault: Option<String>,
    pub reason: Option<String>,
    pub error_list: Option<Vec<ErrorListItem>>,
    pub violations: Option<Vec<Violation>>,
    pub metadata: Option<Metadata>,
}

#[napi(object)]
pub struct Outcome {
    pub output: Option<Output>,
    pub error: Option<ErrorInfo>,
}

impl From<&ResponseMetadata> for Metadata {
    fn from(m: &ResponseMetadata) -> Self {
        Self {
            http_status_code: (m.http_status != 0).then_some(u32::from(m.http_status)),
            request_id: m.request_id.clone(),
            attempts: m.attempts,
            total_retry_delay: m.total_retry_delay.as_secs_f64() * 1000.0,
            client_token: Some(m.client_token.clone()),
        }
    }
}

impl Outcome {
    pub(crate) fn ok(out: CreateEngagementInvitationOutput) -> Self {
        let metadata = Metadata::from(&out.metadata);
        Self {
            output: Some(Output {
                id: out.id,
                arn: out.arn,
                metadata,
            }),
            error: None,
        }
    }

    pub(crate) fn failed(error: ErrorInfo) -> Self {
        Self {
            output: None,
            error: Some(error),
        }
    }

    pub(crate) fn aborted() -> Self {
        Self::failed(ErrorInfo::plain("aborted", "Request aborted"))
    }
}

impl ErrorInfo {
    pub(crate) fn plain(kind: &str, message: impl Into<String>) -> Self {
        Self {
            kind: kind.to_owned(),
            code: None,
            message: message.into(),
            fault: Some("client".to_owned()),
            reason: None,
            error_list: None,
            violations: None,
            metadata: None,
        }
    }
}

fn kind_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Timeout => "timeout",
        ErrorKind::Connection => "connection",
        ErrorKind::Credentials => "credentials",
        ErrorKind::Config | ErrorKind::InvalidInput => "config",
        ErrorKind::Decode => "decode",
        _ => "other",
    }
}

impl From<Error> for ErrorInfo {
    fn from(error: Error) -> Self {
        match error {
            Error::Validation(list) => {
                let mut info = Self::plain(
                    "validation",
                    format!("{} parameter validation error(s)", list.len()),
                );
                info.violations = Some(violations(list));
                info
            }
            Error::Service(service) => {
                let service = *service;
                Self {
                    kind: "service".to_owned(),
                    message: service.message.unwrap_or_default(),
                    fault: Some(service.fault.as_str().to_owned()),
                    reason: service.reason,
                    error_list: Some(
                        service
                            .error_list
                            .into_iter()
                            .map(|e| ErrorListItem {
                                field_name: e.field_name,
                                code: e.code,
                                message: e.message,
                            })
                            .collect(),
                    ),
                    violations: None,
                    metadata: Some(Metadata::from(&service.metadata)),
                    code: Some(service.code),
                }
            }
            other => {
                // A refused certificate gets a class of its own: retrying cannot help, the fix differs.
                let kind = match other {
                    Error::Tls { .. } => "tls",
                    _ => kind_name(other.kind()),
                };
                let mut info = Self::plain(kind, other.to_string());
                info.metadata = other.metadata().map(Metadata::from);
                info
            }
        }
    }
}
