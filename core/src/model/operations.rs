//! The operation table: what every front end iterates to offer the whole API.

use super::shapes::{self, Shape, ShapeId};

/// One operation of the model.
#[derive(Debug, PartialEq, Eq)]
pub struct Operation {
    /// `ListEngagementInvitations`.
    pub name: &'static str,
    /// `AWSPartnerCentralSelling.ListEngagementInvitations`, the `X-Amz-Target` header.
    pub target: &'static str,
    /// boto3's method name: `list_engagement_invitations`.
    pub snake_name: &'static str,
    /// The AWS CLI's subcommand: `list-engagement-invitations`.
    pub kebab_name: &'static str,
    /// The JS SDK's aggregated method: `listEngagementInvitations`.
    pub js_name: &'static str,
    pub input: ShapeId,
    /// `None` for operations that answer with metadata only.
    pub output: Option<ShapeId>,
    /// The modelled error codes.
    pub errors: &'static [&'static str],
    /// Marked read-only in the model.
    pub readonly: bool,
    /// The input member a client fills with a fresh UUID when absent (`ClientToken`).
    pub idempotency_token: Option<&'static str>,
    pub paginator: Option<Paginator>,
    /// The model's documentation as plain text.
    pub documentation: &'static str,
}

/// How an operation pages, from botocore's `paginators-1.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paginator {
    /// The input member that carries the token (`NextToken`).
    pub input_token: &'static str,
    /// The output member with the next page's token.
    pub output_token: &'static str,
    /// The input member with the page size (`MaxResults`).
    pub limit_key: Option<&'static str>,
    /// The output member holding the page's items.
    pub result_key: &'static str,
}

impl Operation {
    pub fn input_shape(&self) -> &'static Shape {
        shapes::get(self.input)
    }

    pub fn output_shape(&self) -> Option<&'static Shape> {
        self.output.map(shapes::get)
    }
}

impl std::fmt::Display for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

include!(concat!(env!("OUT_DIR"), "/operations.rs"));

/// The operation called exactly `name` (`ListEngagementInvitations`).
pub fn operation(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.name == name)
}

/// The operation by any of its names: `ListEngagementInvitations`,
/// `list_engagement_invitations`, `list-engagement-invitations`, `listEngagementInvitations`.
pub fn find_operation(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| {
        o.name == name || o.snake_name == name || o.kebab_name == name || o.js_name == name
    })
}
