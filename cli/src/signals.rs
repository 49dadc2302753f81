//! Signal handlers registered up front (before any work starts or any banner is printed), so a
//! signal that arrives early is still caught rather than killing the process.
use crate::error::CliError;

#[cfg(unix)]
use tokio::signal::unix::{Signal, SignalKind, signal};

pub struct Signals {
    #[cfg(unix)]
    interrupt: Signal,
    #[cfg(unix)]
    terminate: Signal,
}

impl Signals {
    /// Must run inside the tokio runtime.
    pub fn install() -> Result<Self, CliError> {
        #[cfg(unix)]
        {
            let install = |kind: SignalKind| {
                signal(kind).map_err(|e| {
                    CliError::Other(format!("could not install a signal handler: {e}"))
                })
            };
            Ok(Self {
                interrupt: install(SignalKind::interrupt())?,
                terminate: install(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    /// Ctrl-C: what interrupts a running command (exit 130, as the AWS CLI).
    pub async fn interrupted(&mut self) {
        #[cfg(unix)]
        self.interrupt.recv().await;
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }

    /// Ctrl-C or SIGTERM: what stops a server cleanly.
    pub async fn terminated(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}
