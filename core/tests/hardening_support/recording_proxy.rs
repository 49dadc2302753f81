//! A plain TCP relay in front of the emulator that keeps a copy of every byte the client sends,
//! so a test learns the real SigV4 signatures on the wire and can search everything else for them.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub struct RecordingProxy {
    /// `http://127.0.0.1:PORT`
    pub url: String,
    sent: Arc<Mutex<Vec<u8>>>,
    accept_loop: tokio::task::JoinHandle<()>,
}

impl RecordingProxy {
    pub async fn start(backend: SocketAddr) -> RecordingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let sent = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&sent);
        let accept_loop = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let record = Arc::clone(&record);
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(backend).await else {
                        return;
                    };
                    let (mut client_read, mut client_write) = client.into_split();
                    let (mut server_read, mut server_write) = server.into_split();
                    let upstream = async move {
                        let mut buffer = vec![0; 16 * 1024];
                        while let Ok(n @ 1..) = client_read.read(&mut buffer).await {
                            record
                                .lock()
                                .expect("record")
                                .extend_from_slice(&buffer[..n]);
                            if server_write.write_all(&buffer[..n]).await.is_err() {
                                break;
                            }
                        }
                        let _ = server_write.shutdown().await;
                    };
                    let downstream = async move {
                        let _ = tokio::io::copy(&mut server_read, &mut client_write).await;
                        let _ = client_write.shutdown().await;
                    };
                    tokio::join!(upstream, downstream);
                });
            }
        });
        RecordingProxy {
            url,
            sent,
            accept_loop,
        }
    }

    /// Every `Signature=<hex>` the client put in an `Authorization` header so far.
    pub fn signatures(&self) -> Vec<String> {
        let sent = String::from_utf8_lossy(&self.sent.lock().expect("record")).into_owned();
        sent.split("Signature=")
            .skip(1)
            .map(|rest| rest.chars().take_while(char::is_ascii_hexdigit).collect())
            .collect()
    }
}

impl Drop for RecordingProxy {
    fn drop(&mut self) {
        self.accept_loop.abort();
    }
}
