//! A TLS front for the emulator: HTTPS on loopback with a certificate made at test time by a
//! throw-away CA, forwarding every decrypted connection to the emulator's plain-HTTP port. The
//! client under test talks real TLS; the emulator behind it does the real work (and counts).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::aws_lc_rs;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

pub struct TlsFront {
    /// `https://127.0.0.1:PORT`
    pub url: String,
    /// PEM file holding the CA that signed the server's certificate.
    pub ca_bundle: PathBuf,
    _dir: tempfile::TempDir,
    accept_loop: tokio::task::JoinHandle<()>,
}

impl TlsFront {
    pub async fn start(backend: SocketAddr) -> TlsFront {
        let ca_key = KeyPair::generate().expect("CA key");
        let mut ca_params = CertificateParams::new(Vec::new()).expect("CA params");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "partnercentral-selling test CA");
        let ca_cert = ca_params.self_signed(&ca_key).expect("CA certificate");
        let issuer = Issuer::new(ca_params, ca_key);

        let leaf_key = KeyPair::generate().expect("server key");
        let leaf = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .expect("server params")
            .signed_by(&leaf_key, &issuer)
            .expect("server certificate");

        let dir = tempfile::tempdir().expect("temp dir");
        let ca_bundle = dir.path().join("ca.pem");
        std::fs::write(&ca_bundle, ca_cert.pem()).expect("write the CA bundle");

        let config = ServerConfig::builder_with_provider(Arc::new(aws_lc_rs::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(
                vec![leaf.der().clone()],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
            )
            .expect("server TLS config");
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("https://{}", listener.local_addr().expect("address"));

        let accept_loop = tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    // A client that refuses the certificate ends the handshake here; that is
                    // the expected outcome of some tests, not a failure of the front.
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    if let Ok(mut upstream) = TcpStream::connect(backend).await {
                        let _ = tokio::io::copy_bidirectional(&mut tls, &mut upstream).await;
                    }
                });
            }
        });
        TlsFront {
            url,
            ca_bundle,
            _dir: dir,
            accept_loop,
        }
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        self.accept_loop.abort();
    }
}
