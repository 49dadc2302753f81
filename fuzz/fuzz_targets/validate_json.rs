//! The validator on arbitrary bytes read as a JSON request of any operation (the first byte
//! picks it).
//!
//! Beyond "never panics": the byte entry point and the tree entry point must agree, and a request
//! that validates clean must serialize to a body that is itself JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partnercentral_selling::internals::request_body;
use partnercentral_selling::{OPERATIONS, validate, validate_json_bytes};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, data)) = data.split_first() else {
        return;
    };
    let op = &OPERATIONS[usize::from(pick) % OPERATIONS.len()];
    let from_bytes = validate_json_bytes(op, data);
    let Ok(tree) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let from_tree = validate(op, &tree);
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
        let body = request_body(&tree);
        serde_json::from_slice::<serde_json::Value>(&body)
            .expect("a valid request serialized to a body that is not JSON");
    }
});
