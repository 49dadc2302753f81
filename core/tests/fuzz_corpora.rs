//! The committed seed corpus of `fuzz/fuzz_targets/validate_json.rs`, replayed as ordinary tests
//! with the target's own properties, against every operation (live fuzzing is its own command,
//! `scripts/fuzz-short.sh`; this keeps the corpus's cases in every test run).
use partnercentral_selling::internals::request_body;
use partnercentral_selling::{OPERATIONS, validate, validate_json_bytes};
use serde_json::Value;
use std::path::PathBuf;

#[test]
fn the_validate_json_corpus_holds_for_every_operation() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/validate_json");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        files += 1;
        for op in OPERATIONS {
            let from_bytes = validate_json_bytes(op, &data);
            let Ok(tree) = serde_json::from_slice::<Value>(&data) else {
                assert!(from_bytes.is_err(), "{op}: bytes serde refuses were read");
                continue;
            };
            let from_tree = validate(op, &tree);
            if let Ok(violations) = &from_bytes {
                assert_eq!(violations, &from_tree, "{op}: bytes and tree disagree");
            }
            assert!(from_tree.iter().all(|v| !v.message.is_empty()));
            if from_tree.is_empty() {
                serde_json::from_slice::<Value>(&request_body(&tree)).expect("a JSON body");
            }
        }
    }
    assert!(files >= 10, "only {files} corpus files");
}
