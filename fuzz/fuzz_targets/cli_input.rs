//! The CLI's `--cli-input-json` / `--cli-input-yaml` path on arbitrary file contents, then
//! validation of the tree. The first byte picks the reader, the rest is the file.
//!
//! The `pcs` crate is a binary only, so this target repeats its reading steps (cli/src/params.rs,
//! `parse_cli_input`): the file is read as UTF-8 text (`file://` uses `read_to_string`), parsed
//! with serde_json or serde_yaml into a `serde_json::Value`, must be an object (an empty YAML
//! document counts as `{}`), and is validated. Once the CLI exposes `parse_cli_input` from a
//! library target, call it here instead.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partnercentral_selling::validate;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, file)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(file) else {
        return; // read_to_string refuses it: "Unable to load paramfile"
    };
    let parsed = if selector % 2 == 0 {
        serde_json::from_str::<Value>(text).ok()
    } else {
        serde_yaml::from_str::<Value>(text).ok()
    };
    let tree = match parsed {
        Some(tree @ Value::Object(_)) => tree,
        Some(Value::Null) if selector % 2 == 1 => Value::Object(Default::default()),
        _ => return,
    };
    for violation in validate(&tree) {
        assert!(!violation.message.is_empty(), "empty message at {:?}", violation.path);
    }
});
