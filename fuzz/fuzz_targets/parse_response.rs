//! The response and error parsers on arbitrary status, headers and body bytes.
//!
//! The input is a raw response head and body (`400\nName: value\n\nbody`, see
//! `src/response_text.rs`), so the seed corpus stays readable and the fuzzer's mutations land on
//! header values and bodies alike.
#![no_main]

#[path = "../src/response_text.rs"]
mod response_text;

use libfuzzer_sys::fuzz_target;
use partnercentral_selling::parse_error;

fuzz_target!(|data: &[u8]| {
    let (status, headers, body) = response_text::split_response(data);
    let _ = serde_json::from_slice::<serde_json::Value>(body);
    let error = parse_error(status, &headers, body);
    // The code is what callers match on (`err.code() == Some("ThrottlingException")`): the
    // `:`-suffix and `#`-prefix decorations of `__type` and `X-Amzn-ErrorType` must never survive.
    assert!(
        !error.code.contains([':', '#']),
        "error code kept a ':' suffix or '#' prefix: {:?}",
        error.code
    );
});
