//! `NativeEmulator`: the emulator crate's server on a background thread, for
//! `partnercentral_selling.Emulator`.
use std::path::PathBuf;
use std::sync::Mutex;

use partnercentral_selling_emulator::{
    Credential, Emulator, EmulatorConfig, Faults, Quotas, TlsConfig,
};
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

/// `accounts=[{"AccountId", "AccessKeyId", "SecretAccessKey", "Name"}]`, the accounts file's form.
fn accounts(py: Python<'_>, spec: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<Credential>>> {
    let Some(spec) = spec else {
        return Ok(None);
    };
    let value: serde_json::Value =
        pythonize::depythonize(spec).map_err(|e| emulator_error(py, format!("accounts: {e}")))?;
    Credential::parse_accounts(&value.to_string())
        .map(Some)
        .map_err(|e| emulator_error(py, format!("accounts: {e}")))
}

/// `quotas="aws"`, `quota_scale`, and `quota={"Operation": "RATE[/DAILY]"}`.
fn quotas(
    py: Python<'_>,
    set: Option<&str>,
    scale: Option<f64>,
    overrides: Option<&Bound<'_, PyDict>>,
) -> PyResult<Option<Quotas>> {
    match set {
        None if scale.is_none() && overrides.is_none() => Ok(None),
        None => Err(emulator_error(
            py,
            "quota_scale and quota need quotas=\"aws\"".to_owned(),
        )),
        Some("aws") => {
            let mut quotas = Quotas::aws();
            if let Some(scale) = scale {
                quotas.scale = scale;
            }
            for (name, limits) in overrides.into_iter().flat_map(|d| d.iter()) {
                let spec = format!("{}={}", name.extract::<String>()?, limits.str()?);
                quotas.overrides.push(
                    Quotas::parse_override(&spec)
                        .map_err(|e| emulator_error(py, format!("quota: {e}")))?,
                );
            }
            Ok(Some(quotas))
        }
        Some(other) => Err(emulator_error(
            py,
            format!("quotas must be \"aws\" (the documented quotas), got {other:?}"),
        )),
    }
}

#[pymethods]
impl NativeEmulator {
    #[new]
    #[pyo3(signature = (
        faults_spec=None, tls=false, certfile=None, keyfile=None, ca_bundle_file=None,
        accounts_spec=None, state=None, quotas_set=None, quota_scale=None, quota=None,
        event_url=None, task_seconds=1.0
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        faults_spec: Option<&Bound<'_, PyDict>>,
        tls: bool,
        certfile: Option<PathBuf>,
        keyfile: Option<PathBuf>,
        ca_bundle_file: Option<PathBuf>,
        accounts_spec: Option<&Bound<'_, PyAny>>,
        state: Option<PathBuf>,
        quotas_set: Option<&str>,
        quota_scale: Option<f64>,
        quota: Option<&Bound<'_, PyDict>>,
        event_url: Option<String>,
        task_seconds: f64,
    ) -> PyResult<Self> {
        if !(task_seconds.is_finite() && task_seconds >= 0.0) {
            return Err(emulator_error(
                py,
                format!("task_seconds must be 0 or more, got {task_seconds}"),
            ));
        }
        let tls = (tls || certfile.is_some() || keyfile.is_some() || ca_bundle_file.is_some())
            .then_some(TlsConfig {
                cert_file: certfile,
                key_file: keyfile,
                ca_bundle_file,
            });
        let mut config = EmulatorConfig {
            faults: faults(py, faults_spec)?,
            tls,
            state_file: state,
            quotas: quotas(py, quotas_set, quota_scale, quota)?,
            event_url,
            task_duration_ms: (task_seconds * 1000.0) as u64,
            ..EmulatorConfig::default()
        };
        if let Some(list) = accounts(py, accounts_spec)? {
            config.credentials = list;
        }
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

    /// Every partner account: `AccountId`, `AccessKeyId`, `SecretAccessKey`, `Name`.
    fn accounts(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let list: Vec<serde_json::Value> = self.with(py, |server| {
            Ok(server
                .credentials()
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "AccountId": c.account_id,
                        "AccessKeyId": c.access_key_id,
                        "SecretAccessKey": c.secret_access_key,
                        "Name": c.name,
                    })
                })
                .collect())
        })?;
        Ok(pythonize::pythonize(py, &list)?.unbind())
    }

    /// Moves the emulator's clock forward by `seconds`; answers the new time (RFC 3339).
    fn advance(&self, py: Python<'_>, seconds: f64) -> PyResult<String> {
        if !(seconds.is_finite() && seconds >= 0.0) {
            return Err(emulator_error(
                py,
                format!("advance takes a positive duration, got {seconds} seconds"),
            ));
        }
        self.with(py, |server| {
            server
                .advance(std::time::Duration::from_secs_f64(seconds))
                .map_err(|e| e.to_string())
        })
    }

    /// The emulator's time now (RFC 3339).
    fn now(&self, py: Python<'_>) -> PyResult<String> {
        self.with(py, |server| Ok(server.now()))
    }

    /// The events after sequence number `after`, oldest first: `{"seq", "event"}` each.
    #[pyo3(signature = (after=0, account=None))]
    fn events(&self, py: Python<'_>, after: u64, account: Option<&str>) -> PyResult<Py<PyAny>> {
        let list: Vec<serde_json::Value> = self.with(py, |server| {
            Ok(server
                .events_after(after, account)
                .into_iter()
                .map(|(seq, event)| serde_json::json!({"seq": seq, "event": event}))
                .collect())
        })?;
        Ok(pythonize::pythonize(py, &list)?.unbind())
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
