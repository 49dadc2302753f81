//! A scripted HTTP/1.1 server on loopback for the client tests: each request takes the next step
//! of the script (answer, drop the connection, stall), and every request is recorded.
//! Written on raw TCP because dropping a connection mid-exchange is the point of some steps.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const AKID: &str = "AKIAIOSFODNN7EXAMPLE";
pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

#[derive(Clone, Debug)]
pub enum Step {
    /// Answer with this status, extra headers and body.
    Reply(u16, Vec<(&'static str, String)>, String),
    /// Read the request, then close the socket without answering.
    Drop,
    /// Read the request, then answer nothing for this long.
    Stall(Duration),
}

pub fn ok_body() -> String {
    r#"{"Id":"engi-0000000000001","Arn":"arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/engagement-invitation/engi-0000000000001"}"#.to_string()
}

pub fn ok() -> Step {
    Step::Reply(200, vec![("x-amzn-requestid", "req-ok".into())], ok_body())
}

pub fn error(status: u16, code: &str, message: &str) -> Step {
    Step::Reply(
        status,
        vec![("x-amzn-requestid", format!("req-{status}"))],
        format!(r#"{{"__type":"com.amazonaws.partnercentral#{code}","message":"{message}"}}"#),
    )
}

#[derive(Clone, Debug)]
pub struct Recorded {
    /// Lower-case header names, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

pub struct ScriptServer {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for ScriptServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl ScriptServer {
    /// Serves `script` in order; once it runs out, every request gets `ok()`.
    pub async fn start(script: Vec<Step>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = requests.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                tokio::spawn(serve(stream, script.clone(), recorded.clone()));
            }
        });
        Self {
            url,
            requests,
            task,
        }
    }

    pub fn recorded(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

async fn serve(
    mut stream: TcpStream,
    script: Arc<Mutex<VecDeque<Step>>>,
    recorded: Arc<Mutex<Vec<Recorded>>>,
) {
    let mut buf = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buf).await else {
            return;
        };
        recorded.lock().unwrap().push(request);
        let step = script.lock().unwrap().pop_front().unwrap_or_else(ok);
        match step {
            Step::Drop => return,
            Step::Stall(d) => {
                tokio::time::sleep(d).await;
                return;
            }
            Step::Reply(status, headers, body) => {
                let mut head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: {}\r\n",
                    body.len()
                );
                for (k, v) in headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str("\r\n");
                head.push_str(&body);
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
            }
        }
    }
}

async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Recorded> {
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let headers: Vec<(String, String)> = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[head_end..head_end + length].to_vec();
    buf.drain(..head_end + length);
    Some(Recorded { headers, body })
}

#[path = "../common/mod.rs"]
mod common;
#[allow(unused_imports)]
pub use common::{InviteExt, Invited, cei};

/// The shared valid opportunity invitation, without a ClientToken so the client generates one.
pub fn valid_input() -> serde_json::Value {
    let mut input = common::opportunity();
    input.as_object_mut().unwrap().shift_remove("ClientToken");
    input
}

/// A client pointed at `url` with the test keys, no retry waits and a 2 s read timeout.
pub async fn client(url: &str) -> partnercentral_selling::Client {
    builder(url).build().await.unwrap()
}

pub fn builder(url: &str) -> partnercentral_selling::ClientBuilder {
    partnercentral_selling::Client::builder()
        .endpoint_url(url)
        .credentials(partnercentral_selling::Credentials::new(AKID, SECRET, None))
        .env_vars(Vec::<(String, String)>::new())
        .retry_backoff_scale(0.001)
        .read_timeout(Some(Duration::from_secs(2)))
}

/// Builds the client and makes one call with `valid_input()`.
pub async fn send(
    builder: partnercentral_selling::ClientBuilder,
) -> Result<Invited, partnercentral_selling::Error> {
    send_value(builder, valid_input()).await
}

/// Builds the client and makes one call with `input`.
pub async fn send_value(
    builder: partnercentral_selling::ClientBuilder,
    input: serde_json::Value,
) -> Result<Invited, partnercentral_selling::Error> {
    builder
        .build()
        .await?
        .create_engagement_invitation_value(input)
        .await
}
