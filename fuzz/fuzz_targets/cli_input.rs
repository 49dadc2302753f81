//! The CLI's `--cli-input-json` / `--cli-input-yaml` path on arbitrary file contents: bytes that
//! may not be UTF-8, YAML with anchors, tags and non-string keys, then validation of the tree.
//!
//! The first byte picks the reader, the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partnercentral_selling::validate;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, file)) = data.split_first() else {
        return;
    };
    let tree = if selector % 2 == 0 {
        serde_json::from_slice::<serde_json::Value>(file).ok()
    } else {
        serde_yaml::from_slice::<serde_json::Value>(file).ok()
    };
    if let Some(tree) = tree {
        let _ = validate(&tree);
    }
});
