//! Signing for the floor and the SigV4 micro-benchmark: aws-sigv4 as commonly called
//! ([`common`]), and the same signature with everything that does not change per request
//! computed once ([`cached`]).

pub mod cached;
pub mod common;

pub const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
pub const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
pub const REGION: &str = "us-east-1";
pub const SERVICE: &str = "partnercentral-selling";
pub const TARGET: &str = "AWSPartnerCentralSelling.CreateEngagementInvitation";
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.0";

/// The wire body for a request tree, as every client sends it: compact JSON with a ClientToken.
pub fn body_for(tree: &serde_json::Value, client_token: &str) -> Vec<u8> {
    let mut tree = tree.clone();
    tree["ClientToken"] = serde_json::Value::String(client_token.to_string());
    serde_json::to_vec(&tree).expect("a JSON tree serializes")
}

/// `host[:port]` of an endpoint URL, as the Host header (and the canonical request) carry it.
pub fn authority(endpoint: &str) -> String {
    let uri: http::Uri = endpoint.parse().expect("the endpoint is a URL");
    uri.authority()
        .expect("the endpoint has a host")
        .to_string()
}
