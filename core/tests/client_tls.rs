//! HTTPS against a loopback TLS server with a self-signed test certificate: rejected by default,
//! accepted with it as the CA bundle (builder or AWS_CA_BUNDLE), accepted with verification off.
mod client_support;

use std::sync::Arc;

use client_support::*;
use partnercentral_selling::ErrorKind;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

const CERT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/client_support/test-server-cert.pem"
);
const KEY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/client_support/test-server-key.pem"
);

/// Answers every request on every connection with a success.
async fn tls_server() -> String {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let cert = CertificateDer::from_pem_file(CERT).unwrap();
    let key = PrivateKeyDer::from_pem_file(KEY).unwrap();
    let mut config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "https://127.0.0.1:{}",
        listener.local_addr().unwrap().port()
    );
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = vec![0u8; 65536];
                let mut seen = Vec::new();
                loop {
                    let Ok(n) = tls.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    seen.extend_from_slice(&buf[..n]);
                    // One request per connection is enough here: answer once the body is in.
                    if let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&seen[..end]).to_ascii_lowercase();
                        let len: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(0);
                        if seen.len() >= end + 4 + len {
                            let body = ok_body();
                            let reply = format!(
                                "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                                body.len()
                            );
                            let _ = tls.write_all(reply.as_bytes()).await;
                            let _ = tls.shutdown().await;
                            return;
                        }
                    }
                }
            });
        }
    });
    url
}

#[tokio::test]
async fn an_unknown_certificate_is_rejected_by_default() {
    let url = tls_server().await;
    let err = send(builder(&url).max_attempts(1)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Tls, "{err}");
}

#[tokio::test]
async fn a_ca_bundle_makes_it_trusted() {
    let url = tls_server().await;
    let out = send(builder(&url).ca_bundle(CERT)).await.unwrap();
    assert_eq!(out.id, "engi-0000000000001");

    let out = send(builder(&url).env_vars([("AWS_CA_BUNDLE", CERT)]))
        .await
        .unwrap();
    assert_eq!(out.metadata.http_status, 200);
}

#[tokio::test]
async fn verification_can_be_switched_off() {
    let url = tls_server().await;
    let out = send(builder(&url).verify_tls(false)).await.unwrap();
    assert_eq!(out.metadata.attempts, 1);
}
