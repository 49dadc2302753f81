//! `NativeClient`: the core `Client` behind `partnercentral_selling.Client` and `AsyncClient`.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use partnercentral_selling::bulk::files::{Format, RowFile};
use partnercentral_selling::client::Client;
use partnercentral_selling::config::ClientBuilder;
use partnercentral_selling::credentials::Credentials;
use partnercentral_selling::retry::RetryMode;
use partnercentral_selling::{Operation, Pages, PaginationConfig};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::completions::{Completions, InFlight, Outcome};
use crate::{call, convert, errors, logging, output};

/// What the client was built from, kept to build it again in a child after `fork` (the
/// parent's pooled connections belong to a runtime the child does not have).
#[derive(Clone, Default)]
struct Settings {
    region: Option<String>,
    endpoint_url: Option<String>,
    credentials: Option<(String, String, Option<String>)>,
    profile: Option<String>,
    max_attempts: Option<u32>,
    retry_mode: Option<String>,
    connect_timeout: Option<Option<Duration>>,
    read_timeout: Option<Option<Duration>>,
    verify: Option<bool>,
    ca_bundle: Option<String>,
    parameter_validation: Option<bool>,
    user_agent_suffix: String,
}

impl Settings {
    fn builder(&self) -> Result<ClientBuilder, partnercentral_selling::Error> {
        let mut b = Client::builder().user_agent_suffix(self.user_agent_suffix.clone());
        if let Some(region) = &self.region {
            b = b.region(region.clone());
        }
        if let Some(url) = &self.endpoint_url {
            b = b.endpoint_url(url.clone());
        }
        if let Some((akid, secret, token)) = &self.credentials {
            b = b.credentials(Credentials::new(
                akid.clone(),
                secret.clone(),
                token.clone(),
            ));
        }
        if let Some(profile) = &self.profile {
            b = b.profile(profile.clone());
        }
        if let Some(n) = self.max_attempts {
            b = b.max_attempts(n);
        }
        if let Some(mode) = &self.retry_mode {
            b = b.retry_mode(mode.parse::<RetryMode>()?);
        }
        if let Some(t) = self.connect_timeout {
            b = b.connect_timeout(t);
        }
        if let Some(t) = self.read_timeout {
            b = b.read_timeout(t);
        }
        if let Some(verify) = self.verify {
            b = b.verify_tls(verify);
        }
        if let Some(path) = &self.ca_bundle {
            b = b.ca_bundle(path.clone());
        }
        if let Some(on) = self.parameter_validation {
            b = b.parameter_validation(on);
        }
        Ok(b)
    }
}

fn config_error(py: Python<'_>, message: String) -> PyErr {
    errors::raise(py, "config", &message, PyDict::new(py))
}

/// Seconds as a timeout: 0 means no limit (the core's `None`).
fn timeout(py: Python<'_>, name: &str, value: &Bound<'_, PyAny>) -> PyResult<Option<Duration>> {
    let seconds: f64 = value
        .extract()
        .map_err(|_| config_error(py, format!("{name} is a number of seconds")))?;
    if seconds == 0.0 {
        Ok(None)
    } else if seconds.is_finite() && seconds > 0.0 {
        Ok(Some(Duration::from_secs_f64(seconds)))
    } else {
        Err(config_error(
            py,
            format!("{name} must be 0 (no limit) or a positive number of seconds"),
        ))
    }
}

fn read_options(
    py: Python<'_>,
    options: &Bound<'_, PyDict>,
    settings: &mut Settings,
) -> PyResult<()> {
    for (key, value) in options.iter() {
        let name: String = key.extract()?;
        let wrong = |what: &str| config_error(py, format!("{name} must be {what}"));
        match name.as_str() {
            "max_attempts" => {
                let n: u32 = value.extract().map_err(|_| wrong("a positive integer"))?;
                if n == 0 {
                    return Err(wrong("at least 1 (the first attempt counts)"));
                }
                settings.max_attempts = Some(n);
            }
            "retry_mode" => {
                settings.retry_mode = Some(value.extract().map_err(|_| wrong("a str"))?)
            }
            "connect_timeout" => settings.connect_timeout = Some(timeout(py, &name, &value)?),
            "read_timeout" => settings.read_timeout = Some(timeout(py, &name, &value)?),
            "verify" => {
                if let Ok(flag) = value.cast::<pyo3::types::PyBool>() {
                    settings.verify = Some(flag.is_true());
                } else {
                    let path: String = value
                        .extract()
                        .map_err(|_| wrong("a bool or a CA bundle path"))?;
                    settings.ca_bundle = Some(path);
                }
            }
            "parameter_validation" => {
                let flag = value
                    .cast::<pyo3::types::PyBool>()
                    .map_err(|_| wrong("a bool"))?;
                settings.parameter_validation = Some(flag.is_true());
            }
            "user_agent_extra" => {
                let extra: String = value.extract().map_err(|_| wrong("a str"))?;
                settings.user_agent_suffix = format!("{} {extra}", settings.user_agent_suffix);
            }
            _ => return Err(config_error(py, format!("unknown setting {name:?}"))),
        }
    }
    Ok(())
}

fn python_user_agent(py: Python<'_>) -> String {
    let version = py.version_info();
    format!(
        "lang/python#{}.{}.{}",
        version.major, version.minor, version.patch
    )
}

#[pyclass(frozen, module = "partnercentral_selling._native")]
pub struct NativeClient {
    settings: Settings,
    /// The client and the process it was built in.
    state: Mutex<(u32, Client)>,
    #[pyo3(get)]
    region_name: String,
    #[pyo3(get)]
    endpoint_url: String,
}

fn build(py: Python<'_>, settings: &Settings) -> PyResult<Client> {
    logging::refresh(py);
    let builder = settings
        .builder()
        .map_err(|e| errors::from_core(py, "", e))?;
    call::block_on(py, async move { builder.build().await })?
        .map_err(|e| errors::from_core(py, "", e))
}

#[pymethods]
impl NativeClient {
    #[new]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        region_name: Option<String>,
        endpoint_url: Option<String>,
        aws_access_key_id: Option<String>,
        aws_secret_access_key: Option<String>,
        aws_session_token: Option<String>,
        profile_name: Option<String>,
        options: &Bound<'_, PyDict>,
    ) -> PyResult<Self> {
        let mut settings = Settings {
            region: region_name,
            endpoint_url,
            profile: profile_name,
            user_agent_suffix: python_user_agent(py),
            ..Settings::default()
        };
        settings.credentials = match (aws_access_key_id, aws_secret_access_key) {
            (Some(akid), Some(secret)) => Some((akid, secret, aws_session_token)),
            (None, None) if aws_session_token.is_none() => None,
            _ => {
                return Err(errors::raise(
                    py,
                    "credentials",
                    "partial credentials: give aws_access_key_id and aws_secret_access_key together \
                     (and aws_session_token only with both)",
                    PyDict::new(py),
                ));
            }
        };
        read_options(py, options, &mut settings)?;
        let client = build(py, &settings)?;
        let config = client.config();
        Ok(Self {
            region_name: config.region.clone(),
            endpoint_url: config.endpoint.clone(),
            settings,
            state: Mutex::new((std::process::id(), client)),
        })
    }

    /// Calls operation number `index` of the table with `params` (a mapping of member names).
    fn call(&self, py: Python<'_>, index: usize, params: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        logging::refresh(py);
        let op = crate::operation_at(index)?;
        let value = convert::to_value(op, params);
        let client = self.client(py)?;
        let result = call::block_on(py, async move { client.call(op, value).await })?;
        match result {
            Ok(response) => output::response(py, op, &response),
            Err(err) => Err(errors::from_core(py, op.name, err)),
        }
    }

    /// Starts a call for `AsyncClient`: its end goes to `completions` under `call_id`.
    fn start_call(
        &self,
        py: Python<'_>,
        index: usize,
        params: &Bound<'_, PyAny>,
        completions: &Bound<'_, Completions>,
        call_id: u64,
    ) -> PyResult<InFlight> {
        logging::refresh(py);
        let op = crate::operation_at(index)?;
        let value = convert::to_value(op, params);
        let client = self.client(py)?;
        let sender = completions.get().sender(call_id, op);
        let handle = call::start(
            async move { client.call(op, value).await.map(Outcome::Call) },
            move |finished| sender.send(finished),
        );
        Ok(InFlight::new(handle))
    }

    /// The pages of operation number `index` (botocore's `PaginationConfig` settings).
    #[pyo3(signature = (index, params, max_items=None, page_size=None, starting_token=None))]
    fn paginate(
        &self,
        py: Python<'_>,
        index: usize,
        params: &Bound<'_, PyAny>,
        max_items: Option<usize>,
        page_size: Option<i64>,
        starting_token: Option<String>,
    ) -> PyResult<NativePages> {
        logging::refresh(py);
        let op = crate::operation_at(index)?;
        let value = convert::to_value(op, params);
        let client = self.client(py)?;
        let config = PaginationConfig {
            max_items,
            page_size,
            starting_token,
        };
        let pages = client
            .paginate(op, value, config)
            .map_err(|e| errors::from_core(py, op.name, e))?;
        Ok(NativePages {
            op,
            pages: Arc::new(Mutex::new(Some(pages))),
        })
    }

    /// Starts a bulk run of operation number `index` (see `bulk.rs`): `kind` says what `rows`
    /// is: `"seq"` (a list or tuple of mappings), `"open"` / `"open_flat"` (a callable that
    /// opens the rows, nested or with dotted column names), `"file"` (a `.jsonl`/`.csv` path),
    /// `"spool"` (a JSON Lines file `NativeSpool` wrote).
    #[pyo3(signature = (index, kind, rows, journal, rate, daily_limit, concurrency, send_valid, row_attempts))]
    #[allow(clippy::too_many_arguments)]
    fn bulk_start(
        &self,
        py: Python<'_>,
        index: usize,
        kind: &str,
        rows: Bound<'_, PyAny>,
        journal: Option<std::path::PathBuf>,
        rate: Option<f64>,
        daily_limit: Option<u64>,
        concurrency: usize,
        send_valid: bool,
        row_attempts: u32,
    ) -> PyResult<crate::bulk::NativeBulk> {
        use crate::bulk::Source;
        logging::refresh(py);
        let op = crate::operation_at(index)?;
        let source = match kind {
            "seq" => Source::Seq(rows.unbind()),
            "open" | "open_flat" => Source::Opener {
                open: rows.unbind(),
                flat: kind == "open_flat",
            },
            "file" => Source::File(
                RowFile::open(op, rows.extract::<std::path::PathBuf>()?)
                    .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("bulk: {e}")))?,
            ),
            "spool" => Source::File(RowFile::with_format(
                op,
                rows.extract::<std::path::PathBuf>()?,
                Format::JsonLines,
            )),
            _ => {
                return Err(pyo3::exceptions::PyValueError::new_err(format!(
                    "unknown kind of rows {kind:?}"
                )));
            }
        };
        let client = self.client(py)?;
        let config = partnercentral_selling::bulk::BulkConfig {
            journal,
            rate,
            daily_limit,
            concurrency,
            send_valid,
            row_attempts,
            ..Default::default()
        };
        Ok(crate::bulk::start(client, op, source, config))
    }

    fn __repr__(&self) -> String {
        format!(
            "NativeClient(region_name={:?}, endpoint_url={:?})",
            self.region_name, self.endpoint_url
        )
    }
}

impl NativeClient {
    /// This process's client: the one built here, or a new one in a child after `fork`.
    fn client(&self, py: Python<'_>) -> PyResult<Client> {
        let pid = std::process::id();
        {
            let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
            if state.0 == pid {
                return Ok(state.1.clone());
            }
        }
        // Built without holding the lock: building waits with the GIL released.
        let fresh = build(py, &self.settings)?;
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.0 != pid {
            let stale = std::mem::replace(&mut *state, (pid, fresh.clone()));
            // Its connections belong to the parent's runtime: never touch them, not even to close.
            std::mem::forget(stale);
            return Ok(fresh);
        }
        Ok(state.1.clone())
    }
}

/// One paginated listing: the core's paginator, handed to one page request at a time (a page
/// being fetched holds it; it comes back when the page has arrived).
#[pyclass(frozen, module = "partnercentral_selling._native")]
pub struct NativePages {
    op: &'static Operation,
    pages: Arc<Mutex<Option<Pages>>>,
}

impl NativePages {
    fn take(&self, py: Python<'_>) -> PyResult<Pages> {
        self.pages
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .ok_or_else(|| {
                errors::raise(
                    py,
                    "pagination",
                    "this paginator is already fetching a page or has built its full result; \
                     iterate a paginator from one place at a time, or call paginate() again",
                    PyDict::new(py),
                )
            })
    }
}

/// Runs `pages.next_page()` and puts the paginator back for the next request.
async fn next_page(
    slot: Arc<Mutex<Option<Pages>>>,
    mut pages: Pages,
) -> Result<Outcome, partnercentral_selling::Error> {
    let page = pages.next_page().await;
    *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(pages);
    page.transpose().map(Outcome::Page)
}

#[pymethods]
impl NativePages {
    /// The next page as boto3's dict, or `None` after the last one.
    fn next_page(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        logging::refresh(py);
        let pages = self.take(py)?;
        let slot = self.pages.clone();
        let op = self.op;
        match call::block_on(py, next_page(slot, pages))? {
            Ok(outcome) => outcome.into_py(py, op),
            Err(err) => Err(errors::from_core(py, op.name, err)),
        }
    }

    /// The same for async code: the page (or `None`) goes to `completions` under `call_id`.
    fn start_next_page(
        &self,
        py: Python<'_>,
        completions: &Bound<'_, Completions>,
        call_id: u64,
    ) -> PyResult<InFlight> {
        logging::refresh(py);
        let pages = self.take(py)?;
        let slot = self.pages.clone();
        let sender = completions.get().sender(call_id, self.op);
        let handle = call::start(next_page(slot, pages), move |finished| {
            sender.send(finished)
        });
        Ok(InFlight::new(handle))
    }

    /// The result key's items of every remaining page, and `NextToken` when `MaxItems` stopped
    /// early (botocore's `build_full_result`).
    fn build_full_result(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        logging::refresh(py);
        let pages = self.take(py)?;
        let op = self.op;
        match call::block_on(py, pages.build_full_result())? {
            Ok(full) => output::full_result(py, op, &full),
            Err(err) => Err(errors::from_core(py, op.name, err)),
        }
    }

    fn start_build_full_result(
        &self,
        py: Python<'_>,
        completions: &Bound<'_, Completions>,
        call_id: u64,
    ) -> PyResult<InFlight> {
        logging::refresh(py);
        let pages = self.take(py)?;
        let sender = completions.get().sender(call_id, self.op);
        let handle = call::start(
            async move { pages.build_full_result().await.map(Outcome::Full) },
            move |finished| sender.send(finished),
        );
        Ok(InFlight::new(handle))
    }

    /// The token to resume from when `MaxItems` stopped the pages (botocore's `resume_token`).
    #[getter]
    fn resume_token(&self) -> Option<String> {
        let slot = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        slot.as_ref()
            .and_then(|pages| pages.resume_token().map(str::to_owned))
    }
}
