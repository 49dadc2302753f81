//! The core's operation table for the JS layer, which builds the client's methods, the Command
//! classes, the paginators and the modelled error classes from it at load time. Nothing here or in
//! `lib/` names an operation.
use napi_derive::napi;
use partnercentral_selling::OPERATIONS;
use partnercentral_selling::model::shapes::SHAPES;
use serde_json::{Value, json};

/// The operation table as JSON text: `{ operations: [{ name, jsName, output, paginator }],
/// errors: { Code: [member, ...] } }`, operations in the core's order (an operation's index is
/// what `NativeClient.start` and `validateJson` take).
#[napi(js_name = "operationTable")]
pub fn operation_table() -> String {
    let operations: Vec<Value> = OPERATIONS
        .iter()
        .map(|op| {
            let paginator = op.paginator.map(|p| {
                json!({
                    "inputToken": p.input_token,
                    "outputToken": p.output_token,
                    "limitKey": p.limit_key,
                    "resultKey": p.result_key,
                })
            });
            json!({
                "name": op.name,
                "jsName": op.js_name,
                "output": op.output.is_some(),
                "paginator": paginator,
            })
        })
        .collect();
    let errors: serde_json::Map<String, Value> = SHAPES
        .iter()
        .filter(|s| s.exception)
        .map(|s| {
            let members: Vec<&str> = s.members.iter().map(|m| m.name).collect();
            (s.name.to_owned(), json!(members))
        })
        .collect();
    json!({ "operations": operations, "errors": errors }).to_string()
}

/// The operation at `index` of the table, or a JS error naming the range.
pub(crate) fn operation(index: u32) -> napi::Result<&'static partnercentral_selling::Operation> {
    OPERATIONS.get(index as usize).ok_or_else(|| {
        napi::Error::from_reason(format!(
            "operation index {index} is outside the table (0..{})",
            OPERATIONS.len()
        ))
    })
}
