//! The one tokio runtime every client of this process shares, created on first use (never at
//! import) and created again in a child after `fork`, whose copy of the parent's worker threads
//! does not exist.
use std::cell::OnceCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicPtr, AtomicU32, Ordering};

use pyo3_async_runtimes::TaskLocals;
use pyo3_async_runtimes::generic::{ContextExt, Runtime as GenericRuntime};
use tokio::runtime::Runtime;

static OWNER_PID: AtomicU32 = AtomicU32::new(0);
static RUNTIME: AtomicPtr<Runtime> = AtomicPtr::new(std::ptr::null_mut());
static CREATE: Mutex<()> = Mutex::new(());

/// The runtime for this process. A runtime inherited through `fork` is leaked, not dropped:
/// dropping it would wait for worker threads that only exist in the parent.
pub fn get() -> &'static Runtime {
    let pid = std::process::id();
    if OWNER_PID.load(Ordering::Acquire) == pid {
        // SAFETY: set below together with OWNER_PID, never freed.
        return unsafe { &*RUNTIME.load(Ordering::Acquire) };
    }
    let _guard = CREATE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if OWNER_PID.load(Ordering::Acquire) != pid {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("partnercentral-selling")
            .build()
            .expect("the operating system refused to start the tokio runtime's threads");
        RUNTIME.store(Box::into_raw(Box::new(runtime)), Ordering::Release);
        OWNER_PID.store(pid, Ordering::Release);
        crate::logging::install();
    }
    // SAFETY: as above.
    unsafe { &*RUNTIME.load(Ordering::Acquire) }
}

tokio::task_local! {
    static TASK_LOCALS: OnceCell<TaskLocals>;
}

/// pyo3-async-runtimes' bridge to asyncio, driven by the fork-aware runtime above (its own
/// tokio runtime is a process-wide static that cannot be replaced after `fork`).
pub struct ForkAwareRuntime;

impl GenericRuntime for ForkAwareRuntime {
    type JoinError = tokio::task::JoinError;
    type JoinHandle = tokio::task::JoinHandle<()>;

    fn spawn<F>(fut: F) -> Self::JoinHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        get().spawn(fut)
    }

    fn spawn_blocking<F>(f: F) -> Self::JoinHandle
    where
        F: FnOnce() + Send + 'static,
    {
        get().spawn_blocking(f)
    }
}

impl ContextExt for ForkAwareRuntime {
    fn scope<F, R>(locals: TaskLocals, fut: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        let cell = OnceCell::new();
        let _ = cell.set(locals);
        Box::pin(TASK_LOCALS.scope(cell, fut))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS
            .try_with(|cell| cell.get().cloned())
            .unwrap_or_default()
    }
}
