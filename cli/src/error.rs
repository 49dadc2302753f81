//! The CLI's one error type: each variant knows the AWS CLI exit code it maps to and prints itself
//! the way the AWS CLI v2 prints that kind of failure.
use partnercentral_selling::{Operation, Violation};
use std::fmt::Write as _;

/// One entry of a `ValidationException`'s `ErrorList`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field_name: Option<String>,
    pub code: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad command-line syntax, reported as argparse does (usage, then `pcs: error: ...`).
    #[error("{0}")]
    Usage(String),
    /// A parameter value that could not be read (bad JSON, bad shorthand, unreadable file://).
    #[error("{0}")]
    Param(String),
    /// Client-side validation of the operation's input failed: every violation, nothing sent.
    #[error("parameter validation failed")]
    Validation(&'static Operation, Vec<Violation>),
    /// Configuration: credentials, profile, region or endpoint settings.
    #[error("{0}")]
    Config(String),
    /// The service answered with an error.
    #[error("An error occurred ({code}) when calling the {operation} operation")]
    Service {
        operation: &'static str,
        code: String,
        message: Option<String>,
        reason: Option<String>,
        error_list: Vec<FieldError>,
        /// Retries made when the last allowed attempt failed (botocore's `MaxAttemptsReached`).
        max_retries_reached: Option<u32>,
    },
    /// Ctrl-C or SIGTERM while running.
    #[error("interrupted")]
    Interrupted,
    /// Anything else: connection failures, timeouts, I/O.
    #[error("{0}")]
    Other(String),
}

pub const USAGE: &str = "usage: pcs [options] <command> [parameters]\n\
To see help text, you can run:\n\n  pcs help\n  pcs <command> help\n";

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Usage(_) | Self::Param(_) | Self::Validation(..) => 252,
            Self::Config(_) => 253,
            Self::Service { .. } => 254,
            Self::Interrupted => 130,
            Self::Other(_) => 255,
        }
    }

    /// The text for stderr, laid out as the AWS CLI lays out the same failure.
    pub fn render(&self) -> String {
        match self {
            Self::Usage(msg) => format!("\n{USAGE}\npcs: error: {msg}\n"),
            Self::Param(msg) | Self::Config(msg) | Self::Other(msg) => format!("\n{msg}\n"),
            Self::Validation(op, violations) => render_violations(op, violations),
            Self::Service {
                operation,
                code,
                message,
                reason,
                error_list,
                max_retries_reached,
            } => {
                let retries = max_retries_reached
                    .map(|n| format!(" (reached max retries: {n})"))
                    .unwrap_or_default();
                let mut out = format!(
                    "\nAn error occurred ({code}) when calling the {operation} operation{retries}: {}\n",
                    message.as_deref().unwrap_or("Unknown")
                );
                if let Some(reason) = reason {
                    let _ = writeln!(out, "Reason: {reason}");
                }
                for e in error_list {
                    let field = e.field_name.as_deref().unwrap_or("(request)");
                    let _ = writeln!(out, "  {field}: {} {}", e.code, e.message);
                }
                out
            }
            Self::Interrupted => "\n".to_string(),
        }
    }
}

/// The AWS CLI stops at botocore's first report; we list every violation with its path, the
/// command-line option that sets it, and the validator's hint.
fn render_violations(op: &Operation, violations: &[Violation]) -> String {
    let mut out = format!(
        "\nParameter validation failed ({} problem{}; nothing was sent):\n",
        violations.len(),
        if violations.len() == 1 { "" } else { "s" }
    );
    for v in violations {
        let path = if v.path.is_empty() {
            "(input)"
        } else {
            &v.path
        };
        let option = option_for_path(op, &v.path)
            .map(|o| format!(" ({o})"))
            .unwrap_or_default();
        let _ = writeln!(out, "  {path}{option}: {}: {}", v.code, v.message);
    }
    out
}

/// `Invitation.Payload...` is set by `--invitation`; the top-level member names the option.
fn option_for_path(op: &Operation, path: &str) -> Option<String> {
    let top = path.split(['.', '[']).next().filter(|s| !s.is_empty())?;
    op.input_shape()
        .member(top)
        .map(|m| format!("--{}", crate::args::option_names(m.name).0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The operation these tests use: the one whose input has `Invitation.Payload...`.
    fn op() -> &'static Operation {
        partnercentral_selling::find_operation("create-engagement-invitation").unwrap()
    }

    #[test]
    fn service_errors_read_like_the_aws_cli_plus_the_error_list() {
        let e = CliError::Service {
            operation: op().name,
            code: "ValidationException".into(),
            message: Some("The request is invalid.".into()),
            reason: Some("BUSINESS_VALIDATION_FAILED".into()),
            error_list: vec![FieldError {
                field_name: Some("Invitation.Receiver".into()),
                code: "INVALID_VALUE".into(),
                message: "You cannot invite your own account.".into(),
            }],
            max_retries_reached: None,
        };
        assert_eq!(e.exit_code(), 254);
        assert_eq!(
            e.render(),
            format!(
                "\nAn error occurred (ValidationException) when calling the {} \
                 operation: The request is invalid.\nReason: BUSINESS_VALIDATION_FAILED\n  \
                 Invitation.Receiver: INVALID_VALUE You cannot invite your own account.\n",
                op().name
            )
        );
        let throttled = CliError::Service {
            operation: op().name,
            code: "ThrottlingException".into(),
            message: Some("Rate exceeded".into()),
            reason: None,
            error_list: Vec::new(),
            max_retries_reached: Some(2),
        };
        assert_eq!(
            throttled.render(),
            format!(
                "\nAn error occurred (ThrottlingException) when calling the {} \
                 operation (reached max retries: 2): Rate exceeded\n",
                op().name
            )
        );
    }

    #[test]
    fn violations_name_the_option_that_sets_them() {
        let e = CliError::Validation(
            op(),
            vec![
                Violation {
                    path: "Invitation.Payload.OpportunityInvitation.SenderContacts[0].Email".into(),
                    code: partnercentral_selling::ViolationCode::InvalidStringFormat,
                    message: "expected an e-mail address".into(),
                },
                Violation {
                    path: "Catalog".into(),
                    code: partnercentral_selling::ViolationCode::RequiredFieldMissing,
                    message: "Catalog is required".into(),
                },
            ],
        );
        assert_eq!(e.exit_code(), 252);
        let text = e.render();
        assert!(text.contains("(2 problems; nothing was sent)"), "{text}");
        assert!(text.contains(
            "  Invitation.Payload.OpportunityInvitation.SenderContacts[0].Email (--invitation): \
             INVALID_STRING_FORMAT: expected an e-mail address\n"
        ), "{text}");
        assert!(
            text.contains("  Catalog (--catalog): REQUIRED_FIELD_MISSING: Catalog is required\n")
        );
    }
}
