//! The validator on arbitrary bytes read as a JSON request.
//!
//! Beyond "never panics": the byte entry point and the tree entry point must agree, and a request
//! that validates clean must serialize to a body that is itself JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partnercentral_selling::{validate, validate::validate_json_bytes, wire};

fuzz_target!(|data: &[u8]| {
    let from_bytes = validate_json_bytes(data);
    let Ok(tree) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let from_tree = validate(&tree);
    if let Ok(violations) = &from_bytes {
        assert_eq!(
            violations, &from_tree,
            "validate_json_bytes and validate disagree"
        );
    }
    for violation in &from_tree {
        assert!(
            !violation.message.is_empty(),
            "violation without a message at {:?}",
            violation.path
        );
    }
    if from_tree.is_empty() {
        let body = wire::request_body(&tree);
        serde_json::from_slice::<serde_json::Value>(&body)
            .expect("a valid request serialized to a body that is not JSON");
    }
});
