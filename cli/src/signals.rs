//! Ctrl-C and SIGTERM as one future, so a command can stop cleanly on either.
pub async fn terminated() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

/// Ctrl-C only: what interrupts a running command (exit 130, as the AWS CLI).
pub async fn interrupted() {
    let _ = tokio::signal::ctrl_c().await;
}
