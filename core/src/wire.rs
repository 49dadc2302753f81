//! AWS JSON 1.0 for CreateEngagementInvitation. (Skeleton: issue 2 fills it in.)

pub const TARGET_PREFIX: &str = "AWSPartnerCentralSelling";
pub const CREATE_ENGAGEMENT_INVITATION_TARGET: &str =
    "AWSPartnerCentralSelling.CreateEngagementInvitation";
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.0";

/// The request body boto3 would send: members in order, `null`s (absent members) left out.
pub fn request_body(input: &serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(input).unwrap_or_default()
}
