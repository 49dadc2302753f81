//! The core's `tracing` events, forwarded to Python's `logging` logger `partnercentral_selling`.
//!
//! Deciding whether an event is wanted must not take the GIL on a tokio thread for every event,
//! so the logger's effective level is read once per call, on the caller's thread that holds
//! the GIL anyway (`refresh`), and kept in an atomic that `enabled` reads.
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU8, Ordering};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};

pub const LOGGER_NAME: &str = "partnercentral_selling";

/// Python's numeric level below which events are dropped; starts above CRITICAL (nothing)
/// until the first `refresh`.
static THRESHOLD: AtomicU8 = AtomicU8::new(u8::MAX);

static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `logging.WARNING`: what an unconfigured `logging` lets through.
const PYTHON_DEFAULT_LEVEL: u8 = 30;

fn logger(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    LOGGER
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(
                py.import("logging")?
                    .call_method1("getLogger", (LOGGER_NAME,))?
                    .unbind(),
            )
        })
        .map(|l| l.bind(py))
}

/// Reads the logger's effective level; called at the start of every call and construction.
///
/// A program that never imported `logging` has configured nothing, so Python's defaults hold
/// (WARNING and above, to stderr): that is assumed without importing `logging`, which costs
/// more than building a client.
pub fn refresh(py: Python<'_>) {
    static SYS_MODULES: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let imported = SYS_MODULES
        .import(py, "sys", "modules")
        .and_then(|modules| modules.contains("logging"))
        .unwrap_or(true);
    let level = if !imported {
        PYTHON_DEFAULT_LEVEL
    } else {
        logger(py)
            .and_then(|l| l.call_method0("getEffectiveLevel"))
            .and_then(|l| l.extract::<i64>())
            .map(|l| l.clamp(0, 255) as u8)
            .unwrap_or(u8::MAX)
    };
    // Python's NOTSET (0) on the root means "everything"; level 5 is TRACE's stand-in.
    THRESHOLD.store(level, Ordering::Relaxed);
}

/// Installs the bridge as the process's tracing subscriber, unless another already is.
pub fn install() {
    let _ = tracing::subscriber::set_global_default(PyLogging);
}

fn python_level(level: &Level) -> u8 {
    match *level {
        Level::ERROR => 40,
        Level::WARN => 30,
        Level::INFO => 20,
        Level::DEBUG => 10,
        Level::TRACE => 5,
    }
}

/// Only this project's events, plus warnings and errors from the crates underneath.
fn is_ours(meta: &Metadata<'_>) -> bool {
    meta.target().starts_with("partnercentral_selling") || *meta.level() <= Level::WARN
}

struct PyLogging;

impl Subscriber for PyLogging {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        if is_ours(meta) && meta.is_event() {
            Interest::sometimes()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, meta: &Metadata<'_>) -> bool {
        meta.is_event()
            && is_ours(meta)
            && python_level(meta.level()) >= THRESHOLD.load(Ordering::Relaxed)
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let meta = event.metadata();
        let mut text = Message::default();
        event.record(&mut text);
        let line = if text.fields.is_empty() {
            text.message
        } else {
            format!("{}{}", text.message, text.fields)
        };
        let level = python_level(meta.level());
        // During interpreter shutdown there is no Python left to log to.
        let _ = Python::try_attach(|py| {
            if let Ok(logger) = logger(py) {
                let _ = logger.call_method1("log", (level, "%s", line));
            }
        });
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[derive(Default)]
struct Message {
    message: String,
    fields: String,
}

impl Visit for Message {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            let _ = write!(self.fields, " {}={}", field.name(), value);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.fields, " {}={:?}", field.name(), value);
        }
    }
}
