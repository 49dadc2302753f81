//! Node binding for `partnercentral-selling`: converts at the edge, calls the core, converts back.
//!
//! The JS layer (`lib/`) checks JS-only types and hands JSON text across; this crate validates it
//! with the core, runs calls on napi's shared tokio runtime (so no call blocks the event loop), and
//! returns results and failures as plain data that the JS layer turns into the SDK's shapes.

mod bulk;
mod client;
mod credentials;
mod inbox;
mod logging;
mod outcome;
pub mod table;
// Public only because the lint pass does not see napi's registration of free functions, and
// would call `startEmulator` and `validateJson` unused.
pub mod emulator;
pub mod validation;

#[cfg(feature = "test-hooks")]
use napi_derive::napi;

/// Rejects its Promise with the panic's message: proves a Rust panic never crashes the process.
#[cfg(feature = "test-hooks")]
#[napi(js_name = "panicForTest")]
pub async fn panic_for_test(message: String) -> napi::Result<()> {
    panic!("{message}");
}

/// The same through the path every call takes: a task that panics reports to `inbox` as
/// `call_id`'s end.
#[cfg(feature = "test-hooks")]
#[napi(js_name = "startPanicForTest")]
pub fn start_panic_for_test(message: String, call_id: u32, inbox: &inbox::Inbox) {
    inbox::spawn(async move { panic!("{message}") }, inbox.sender(call_id));
}
