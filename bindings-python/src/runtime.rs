//! The one tokio runtime every client of this process shares, created on first use (never at
//! import) and created again in a child after `fork`, whose copy of the parent's worker threads
//! does not exist.
use std::sync::Mutex;
use std::sync::atomic::{AtomicPtr, AtomicU32, Ordering};

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
