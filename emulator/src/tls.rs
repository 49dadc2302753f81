//! HTTPS on request: a certificate made at start by a throw-away certificate authority (so a
//! client can be pointed at that CA, exactly as at a company's private CA), or the caller's own
//! certificate and key. The crypto provider is aws-lc-rs, the one the client's rustls uses.
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::aws_lc_rs;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::error::Error;

/// The names the generated certificate is valid for: what a loopback URL can say.
const SERVER_NAMES: [&str; 2] = ["127.0.0.1", "localhost"];

/// How to serve HTTPS. `TlsConfig::default()` makes a certificate at start and writes its CA to a
/// temporary file (`Emulator::ca_bundle`), removed when the emulator stops.
#[derive(Debug, Clone, Default)]
pub struct TlsConfig {
    /// Your own certificate chain (PEM, the server's certificate first) and its private key
    /// (PEM, PKCS#8, PKCS#1 or SEC1). Both or neither; neither means one is generated.
    pub cert_file: Option<PathBuf>,
    pub key_file: Option<PathBuf>,
    /// Where to write the generated CA certificate (PEM). Only for a generated certificate: with
    /// your own, trust the CA that issued it.
    pub ca_bundle_file: Option<PathBuf>,
}

/// What a started TLS emulator holds: the acceptor, and what a client needs to trust it.
pub(crate) struct Tls {
    pub acceptor: TlsAcceptor,
    /// The generated CA as PEM text (None with the caller's own certificate).
    pub ca_pem: Option<String>,
    /// The file holding `ca_pem`.
    pub ca_bundle: Option<PathBuf>,
    /// Keeps the temporary CA file alive as long as the emulator.
    _dir: Option<TempDir>,
}

/// A directory of the emulator's own under the system's temporary directory, removed on drop.
/// (Not the `tempfile` crate: as a normal dependency it pulls rustix into the Python and Node
/// builds with other features than `cargo test` resolves; see scripts/check-features.py.)
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        let name = format!("pcs-emulator-tls-{}", uuid::Uuid::new_v4());
        let path = std::env::temp_dir().join(name);
        std::fs::create_dir(&path)?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Tls {
    pub fn new(config: &TlsConfig) -> Result<Tls, Error> {
        match (&config.cert_file, &config.key_file) {
            (Some(cert), Some(key)) => {
                if config.ca_bundle_file.is_some() {
                    return Err(Error::Config(
                        "ca_bundle_file is written only for a generated certificate; with your own \
                         certificate, point clients at the CA that issued it"
                            .to_owned(),
                    ));
                }
                let (chain, key) = read_identity(cert, key)?;
                Ok(Tls {
                    acceptor: acceptor(chain, key)?,
                    ca_pem: None,
                    ca_bundle: None,
                    _dir: None,
                })
            }
            (None, None) => generated(config.ca_bundle_file.as_deref()),
            _ => Err(Error::Config(
                "give both cert_file and key_file (PEM), or neither to have a certificate generated"
                    .to_owned(),
            )),
        }
    }
}

fn generated(ca_bundle_file: Option<&Path>) -> Result<Tls, Error> {
    let failed = |e: rcgen::Error| Error::Tls(format!("cannot generate a certificate: {e}"));
    let ca_key = KeyPair::generate().map_err(failed)?;
    let mut ca_params = CertificateParams::new(Vec::new()).map_err(failed)?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca_params.distinguished_name.push(
        DnType::CommonName,
        "partnercentral-selling emulator test CA (generated at start, trust it nowhere else)",
    );
    let ca_cert = ca_params.self_signed(&ca_key).map_err(failed)?;
    let issuer = Issuer::new(ca_params, ca_key);

    let server_key = KeyPair::generate().map_err(failed)?;
    let mut server_params =
        CertificateParams::new(SERVER_NAMES.map(str::to_owned).to_vec()).map_err(failed)?;
    server_params
        .distinguished_name
        .push(DnType::CommonName, "partnercentral-selling emulator");
    let server_cert = server_params
        .signed_by(&server_key, &issuer)
        .map_err(failed)?;

    let ca_pem = ca_cert.pem();
    let (dir, path) = match ca_bundle_file {
        Some(path) => (None, path.to_owned()),
        None => {
            let dir = TempDir::new().map_err(|e| {
                Error::Tls(format!("cannot create a directory for the CA bundle: {e}"))
            })?;
            let path = dir.0.join("ca.pem");
            (Some(dir), path)
        }
    };
    std::fs::write(&path, &ca_pem).map_err(|e| {
        Error::Tls(format!(
            "cannot write the CA bundle to {}: {e}",
            path.display()
        ))
    })?;
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der()));
    Ok(Tls {
        acceptor: acceptor(vec![server_cert.der().clone()], key)?,
        ca_pem: Some(ca_pem),
        ca_bundle: Some(path),
        _dir: dir,
    })
}

fn read_identity(
    cert: &Path,
    key: &Path,
) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), Error> {
    let unreadable = |path: &Path, what: &str, e: &dyn std::fmt::Display| {
        Error::Tls(format!("{what} {}: {e}", path.display()))
    };
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(Iterator::collect::<Result<Vec<_>, _>>)
        .map_err(|e| unreadable(cert, "cannot read certificates (PEM) from", &e))?;
    if chain.is_empty() {
        return Err(Error::Tls(format!(
            "no certificate (-----BEGIN CERTIFICATE-----) in {}",
            cert.display()
        )));
    }
    let key = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| unreadable(key, "cannot read a private key (PEM) from", &e))?;
    Ok((chain, key))
}

fn acceptor(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Result<TlsAcceptor, Error> {
    let mut config = ServerConfig::builder_with_provider(Arc::new(aws_lc_rs::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Tls(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| {
            Error::Tls(format!(
                "the certificate and key do not make a server identity: {e}"
            ))
        })?;
    // The server speaks HTTP/1.1 only; saying so spares a client an HTTP/2 attempt.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}
