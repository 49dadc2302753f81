//! Finished calls on their way back to the JS thread, a batch per wake-up; and the calls still
//! running, which JS may abort.
//!
//! A napi `async fn` creates a threadsafe function per call (a libuv handle opened and closed each
//! time) and wakes the event loop once per call. Here every call of one JS environment reports to
//! one queue, and only the completion that finds the queue empty wakes the loop, through one
//! long-lived threadsafe function; the JS thread then takes the whole batch.
use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};

use futures_util::FutureExt;
use napi::Status;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi_derive::napi;
use tokio::sync::oneshot;

use crate::outcome::{ErrorInfo, Outcome, Output};

/// Weak: waiting calls keep the process alive through the JS layer, not through this function.
pub(crate) type WakeFn = ThreadsafeFunction<(), (), (), Status, false, true>;

/// One finished call: its output, its error, or the message of a panic inside it.
#[napi(object)]
pub struct Completion {
    pub call_id: u32,
    pub output: Option<Output>,
    pub error: Option<ErrorInfo>,
    pub panic: Option<String>,
}

struct Shared {
    queue: Mutex<Vec<Completion>>,
    wake: WakeFn,
    /// Calls still running, by the id the JS layer gave them. Ids are this environment's own:
    /// two worker threads count from 1 each, so a process-wide table would mix their calls up.
    running: Mutex<HashMap<u32, oneshot::Sender<()>>>,
}

/// The queue of one JS environment; `onReady` is called (on the JS thread) when it has news.
#[napi]
pub struct Inbox {
    shared: Arc<Shared>,
}

/// Where one call reports its end.
pub(crate) struct Sender {
    shared: Arc<Shared>,
    call_id: u32,
}

impl Sender {
    pub(crate) fn send(self, finished: std::thread::Result<Outcome>) {
        let completion = match finished {
            Ok(outcome) => Completion {
                call_id: self.call_id,
                output: outcome.output,
                error: outcome.error,
                panic: None,
            },
            Err(payload) => Completion {
                call_id: self.call_id,
                output: None,
                error: None,
                panic: Some(panic_message(payload.as_ref())),
            },
        };
        let first = {
            let mut queue = self.shared.queue.lock().unwrap_or_else(|p| p.into_inner());
            queue.push(completion);
            queue.len() == 1
        };
        if first {
            // Fails only while the environment shuts down, when nobody waits for the answer.
            let _ = self
                .shared
                .wake
                .call((), ThreadsafeFunctionCallMode::NonBlocking);
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

#[napi]
impl Inbox {
    #[napi(constructor)]
    pub fn new(on_ready: WakeFn) -> Self {
        Self {
            shared: Arc::new(Shared {
                queue: Mutex::new(Vec::new()),
                wake: on_ready,
                running: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// Every call finished since the last drain.
    #[napi]
    pub fn drain(&self) -> Vec<Completion> {
        std::mem::take(&mut *self.shared.queue.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Aborts call `call_id`: its future is dropped wherever it is (closing its connection) and it
    /// reports itself aborted. A call that already ended is left alone.
    #[napi]
    pub fn abort(&self, call_id: u32) {
        if let Some(abort) = self.shared.running().remove(&call_id) {
            let _ = abort.send(());
        }
    }
}

impl Shared {
    fn running(&self) -> std::sync::MutexGuard<'_, HashMap<u32, oneshot::Sender<()>>> {
        self.running.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Removes a call from the running ones when it ends, however it ends.
pub(crate) struct Registration {
    shared: Arc<Shared>,
    call_id: u32,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.shared.running().remove(&self.call_id);
    }
}

/// Runs `call` on napi's tokio runtime and reports its end, or its panic, to `sender`.
pub(crate) fn spawn<F>(call: F, sender: Sender)
where
    F: Future<Output = Outcome> + Send + 'static,
{
    // Boxed once here: the core's future is several kilobytes, and every layer below would
    // otherwise copy it whole.
    let call = Box::pin(call);
    napi::bindgen_prelude::spawn(async move {
        sender.send(AssertUnwindSafe(call).catch_unwind().await);
    });
}

impl Inbox {
    /// Registers call `call_id` as running (on the JS thread, before it is spawned, so an abort
    /// always finds it); the receiver fires when JS aborts it.
    pub(crate) fn register(&self, call_id: u32) -> (Registration, oneshot::Receiver<()>) {
        let (abort, aborted) = oneshot::channel();
        self.shared.running().insert(call_id, abort);
        let registration = Registration {
            shared: self.shared.clone(),
            call_id,
        };
        (registration, aborted)
    }

    pub(crate) fn sender(&self, call_id: u32) -> Sender {
        Sender {
            shared: self.shared.clone(),
            call_id,
        }
    }
}
