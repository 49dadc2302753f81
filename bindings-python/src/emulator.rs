//! `NativeEmulator`: the emulator crate's server on a background thread, for
//! `partnercentral_selling.Emulator`.
use std::path::PathBuf;
use std::sync::Mutex;

use partnercentral_selling_emulator::{Emulator, EmulatorConfig, Faults, TlsConfig};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors;

/// The region the emulator's credentials are meant to be used with (any region works).
const REGION: &str = "us-east-1";

#[pyclass(frozen, module = "partnercentral_selling._native")]
pub struct NativeEmulator {
    server: Mutex<Option<Emulator>>,
    #[pyo3(get)]
    url: String,
    /// The generated certificate's CA (a PEM file and its text); `None` for HTTP or own certificates.
    #[pyo3(get)]
    ca_bundle: Option<String>,
    #[pyo3(get)]
    ca_pem: Option<String>,
    access_key_id: String,
    secret_access_key: String,
}

fn emulator_error(py: Python<'_>, message: String) -> PyErr {
    errors::raise(py, "config", &message, PyDict::new(py))
}

/// Fault settings from keywords named as the emulator's `Faults` fields (its admin route's names).
fn faults(py: Python<'_>, spec: Option<&Bound<'_, PyDict>>) -> PyResult<Faults> {
    match spec {
        None => Ok(Faults::default()),
        Some(spec) => pythonize::depythonize(spec.as_any())
            .map_err(|e| emulator_error(py, format!("invalid emulator faults: {e}"))),
    }
}

#[pymethods]
impl NativeEmulator {
    #[new]
    #[pyo3(signature = (faults_spec=None, tls=false, certfile=None, keyfile=None, ca_bundle_file=None))]
    fn new(
        py: Python<'_>,
        faults_spec: Option<&Bound<'_, PyDict>>,
        tls: bool,
        certfile: Option<PathBuf>,
        keyfile: Option<PathBuf>,
        ca_bundle_file: Option<PathBuf>,
    ) -> PyResult<Self> {
        let tls = (tls || certfile.is_some() || keyfile.is_some() || ca_bundle_file.is_some())
            .then_some(TlsConfig {
                cert_file: certfile,
                key_file: keyfile,
                ca_bundle_file,
            });
        let config = EmulatorConfig {
            faults: faults(py, faults_spec)?,
            tls,
            ..EmulatorConfig::default()
        };
        let server = py
            .detach(|| Emulator::start_background(config))
            .map_err(|e| emulator_error(py, format!("the emulator did not start: {e}")))?;
        let first = server
            .credentials()
            .first()
            .ok_or_else(|| emulator_error(py, "the emulator trusts no credentials".into()))?;
        Ok(Self {
            url: server.url().to_owned(),
            ca_bundle: server
                .ca_bundle()
                .map(|path| path.to_string_lossy().into_owned()),
            ca_pem: server.ca_pem().map(str::to_owned),
            access_key_id: first.access_key_id.clone(),
            secret_access_key: first.secret_access_key.clone(),
            server: Mutex::new(Some(server)),
        })
    }

    /// The documented test pair, as `Client` and `boto3.client` keywords.
    #[getter]
    fn credentials<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("aws_access_key_id", &self.access_key_id)?;
        dict.set_item("aws_secret_access_key", &self.secret_access_key)?;
        dict.set_item("region_name", REGION)?;
        Ok(dict)
    }

    #[pyo3(signature = (faults_spec=None))]
    fn set_faults(&self, py: Python<'_>, faults_spec: Option<&Bound<'_, PyDict>>) -> PyResult<()> {
        let faults = faults(py, faults_spec)?;
        self.with(py, |server| {
            server.set_faults(faults).map_err(|e| e.to_string())
        })
    }

    fn faults(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let faults = self.with(py, |server| Ok(server.faults()))?;
        Ok(pythonize::pythonize(py, &faults)?.unbind())
    }

    fn stored_invitations(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let stored = self.with(py, |server| Ok(server.stored_invitations()))?;
        Ok(pythonize::pythonize(py, &stored)?.unbind())
    }

    fn stats(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let stats = self.with(py, |server| Ok(server.stats()))?;
        Ok(pythonize::pythonize(py, &stats)?.unbind())
    }

    fn reset(&self, py: Python<'_>) -> PyResult<()> {
        self.with(py, |server| {
            server.reset();
            Ok(())
        })
    }

    /// Stops the server and waits until it is down (the GIL released meanwhile). Idempotent.
    fn stop(&self, py: Python<'_>) {
        let server = self.server.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(server) = server {
            py.detach(|| server.shutdown());
        }
    }

    fn __repr__(&self) -> String {
        format!("NativeEmulator(url={:?})", self.url)
    }
}

impl NativeEmulator {
    fn with<T>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&Emulator) -> Result<T, String>,
    ) -> PyResult<T> {
        let guard = self.server.lock().unwrap_or_else(|p| p.into_inner());
        let server = guard
            .as_ref()
            .ok_or_else(|| emulator_error(py, "the emulator was stopped".into()))?;
        f(server).map_err(|message| emulator_error(py, message))
    }
}
