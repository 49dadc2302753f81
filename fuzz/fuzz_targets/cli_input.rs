//! The CLI's `--cli-input-json` / `--cli-input-yaml` reader (`params::parse_cli_input`, the very
//! function `pcs` calls) on arbitrary text, then validation of the tree it yields against one
//! operation of the model. The first byte picks the reader (its low bit) and the operation (the
//! rest), the rest is the text (`file://` reading is plain `read_to_string`, so the text is passed
//! directly).
#![no_main]

use libfuzzer_sys::fuzz_target;
use partnercentral_selling::{OPERATIONS, validate};
use partnercentral_selling_cli::params::parse_cli_input;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, file)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(file) else {
        return; // read_to_string refuses it: "Unable to load paramfile"
    };
    if text.starts_with("file://") {
        return; // would read a file of the machine's, not the fuzzer's input
    }
    let yaml = selector % 2 == 1;
    let option = if yaml {
        "--cli-input-yaml"
    } else {
        "--cli-input-json"
    };
    let op = &OPERATIONS[usize::from(selector / 2) % OPERATIONS.len()];
    if let Ok(tree) = parse_cli_input(option, text, yaml) {
        for violation in validate(op, &tree) {
            assert!(
                !violation.message.is_empty(),
                "empty message at {:?}",
                violation.path
            );
        }
    }
});
