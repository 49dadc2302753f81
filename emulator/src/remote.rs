//! The admin routes of a running emulator, from another process (`pcs emulator admin ...`):
//! advance its clock, read its events.
use std::time::Duration;

use serde_json::{Value, json};

use crate::error::Error;

/// A running emulator's admin routes at `url`, with its admin token if it has one.
pub struct Remote {
    url: String,
    token: Option<String>,
    client: reqwest::Client,
}

impl Remote {
    pub fn new(url: &str, token: Option<String>) -> Result<Remote, Error> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Error::Remote(format!(
                "the emulator's URL must start with http:// or https://, got {url:?} (it is printed at start)"
            )));
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .no_proxy()
            .build()
            .map_err(|e| Error::Remote(format!("no HTTP client: {e}")))?;
        Ok(Remote {
            url: url.trim_end_matches('/').to_owned(),
            token,
            client,
        })
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<Value, Error> {
        let request = match &self.token {
            Some(token) => {
                request.header(reqwest::header::AUTHORIZATION, format!("Bearer {token}"))
            }
            None => request,
        };
        let response = request
            .send()
            .await
            .map_err(|e| Error::Remote(format!("{}: cannot reach the emulator: {e}", self.url)))?;
        let status = response.status();
        let bytes = response.bytes().await.unwrap_or_default();
        let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        if status.is_success() {
            Ok(body)
        } else {
            let message = body["message"].as_str().unwrap_or("no message");
            Err(Error::Remote(format!(
                "{}: the emulator answered {status}: {message}{}",
                self.url,
                if status.as_u16() == 403 && self.token.is_none() {
                    " (give the admin token printed at start)"
                } else {
                    ""
                }
            )))
        }
    }

    /// Moves the clock forward; answers the new time.
    pub async fn advance(&self, by: Duration) -> Result<String, Error> {
        let body = json!({"advance": {"seconds": by.as_secs_f64()}});
        let answer = self
            .send(
                self.client
                    .post(format!("{}/__emulator/clock", self.url))
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body.to_string()),
            )
            .await?;
        Ok(answer["now"].as_str().unwrap_or_default().to_owned())
    }

    /// `{"events": [{"seq", "event"}], "last"}` after sequence number `after`.
    pub async fn events(&self, after: u64, account: Option<&str>) -> Result<Value, Error> {
        let mut url = format!("{}/__emulator/events?after={after}", self.url);
        if let Some(account) = account {
            url.push_str(&format!("&account={account}"));
        }
        self.send(self.client.get(url)).await
    }
}
