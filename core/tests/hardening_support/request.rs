//! The valid request every hardening test starts from: the `base` of the shared hostile-value
//! table, so the Rust, Python and Node suites send the same invitation.

use serde_json::Value;

pub const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
pub const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

pub fn valid_request() -> Value {
    let table: Value =
        serde_json::from_str(include_str!("../../../tests/hardening/hostile-values.json"))
            .expect("the hostile table is JSON");
    table["base"].clone()
}
