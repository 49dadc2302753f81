//! In-flight calls that JS may cancel through an `AbortSignal`: a call registers under the id the JS
//! layer chose, and `abort(id)` wakes it so its future is dropped (closing its connection).
//!
//! The call's future registers on a runtime thread, so an abort can arrive first; it then leaves a
//! mark that the registration finds.
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, OnceLock};

use tokio::sync::oneshot;

enum Slot {
    Waiting(oneshot::Sender<()>),
    AbortedEarly,
}

fn registry() -> MutexGuard<'static, HashMap<u32, Slot>> {
    static CALLS: OnceLock<Mutex<HashMap<u32, Slot>>> = OnceLock::new();
    CALLS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner())
}

/// Removes the call's entry when the call ends, however it ends.
pub(crate) struct Registration {
    id: u32,
}

impl Drop for Registration {
    fn drop(&mut self) {
        registry().remove(&self.id);
    }
}

/// Registers call `id`; the receiver fires when JS aborts it (at once if it already did).
pub(crate) fn register(id: u32) -> (Registration, oneshot::Receiver<()>) {
    let (tx, rx) = oneshot::channel();
    let mut calls = registry();
    match calls.remove(&id) {
        Some(Slot::AbortedEarly) => {
            let _ = tx.send(());
        }
        _ => {
            calls.insert(id, Slot::Waiting(tx));
        }
    }
    (Registration { id }, rx)
}

/// Cancels call `id`, or marks it so it is cancelled as soon as it registers.
pub(crate) fn abort(id: u32) {
    let mut calls = registry();
    match calls.remove(&id) {
        Some(Slot::Waiting(tx)) => {
            let _ = tx.send(());
        }
        _ => {
            calls.insert(id, Slot::AbortedEarly);
        }
    }
}
