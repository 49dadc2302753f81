//! Events to a URL, as an EventBridge API destination would receive them: each event object is
//! POSTed (`application/json`) on its own, in the order the emulator emitted them; a delivery that
//! fails (connection error or a non-2xx answer) is retried with backoff until it succeeds, so
//! every event arrives at least once, duplicates are possible (a lost answer, a restart), and the
//! order per resource (indeed overall) is kept.
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::service::App;

const POLL: Duration = Duration::from_millis(50);
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

pub async fn deliver(app: Arc<App>, url: String, mut stop: watch::Receiver<bool>) {
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .no_proxy()
        .build()
    {
        Ok(client) => client,
        Err(error) => {
            tracing::error!(%error, "event delivery: no HTTP client");
            return;
        }
    };
    let mut cursor = 0u64;
    loop {
        let pending = app.store.events(cursor, None);
        if pending.is_empty() {
            tokio::select! {
                () = tokio::time::sleep(POLL) => continue,
                _ = stop.wait_for(|s| *s) => return,
            }
        }
        for event in pending {
            let mut backoff = FIRST_BACKOFF;
            loop {
                let body = serde_json::to_vec(&event.event).unwrap_or_default();
                let sent = client
                    .post(&url)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body)
                    .send()
                    .await;
                let delivered = matches!(&sent, Ok(r) if r.status().is_success());
                app.stats.event_delivery(delivered);
                if delivered {
                    break;
                }
                tokio::select! {
                    () = tokio::time::sleep(backoff) => {}
                    _ = stop.wait_for(|s| *s) => return,
                }
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
            cursor = event.seq;
        }
    }
}
