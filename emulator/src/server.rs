//! Starting, serving and stopping. The accept loop is hand-written (hyper per connection, as
//! axum::serve does) so that a fault can close one socket without answering.
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::routing::any;
use http::HeaderValue;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tower_service::Service;

use crate::config::{Credential, EmulatorConfig};
use crate::error::Error;
use crate::faults::{FaultState, Faults};
use crate::protocol::{ApiError, REQUEST_ID_HEADER};
use crate::service::{self, App, Connection};
use crate::sigv4::Verifier;
use crate::stats::{Counters, Stats};
use crate::store::{Store, StoredInvitation};
use crate::tls::Tls;
use crate::{admin, seed};

/// How long in-flight requests get to finish when the emulator stops.
const GRACE: Duration = Duration::from_secs(2);
/// A client that opens a connection and never finishes the TLS handshake is dropped after this.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// A running emulator. Dropping it stops the server too (without waiting).
pub struct Emulator {
    addr: SocketAddr,
    url: String,
    credentials: Vec<Credential>,
    app: Arc<App>,
    /// HTTPS: the acceptor and what a client needs to trust it (`None` for plain HTTP); it also
    /// keeps a temporary CA file until the emulator is dropped.
    tls: Option<Tls>,
    stop: watch::Sender<bool>,
    stopped: watch::Receiver<bool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Emulator {
    /// Starts on the caller's tokio runtime and returns once it accepts connections.
    pub async fn start(config: EmulatorConfig) -> Result<Emulator, Error> {
        let app = build_app(&config)?;
        let listener = TcpListener::bind((config.host, config.port))
            .await
            .map_err(|source| Error::Bind {
                host: config.host,
                port: config.port,
                source,
            })?;
        let (emulator, acceptor, stop, stopped) = Emulator::new(&config, app, &listener)?;
        tokio::spawn(serve(
            listener,
            Arc::clone(&emulator.app),
            acceptor,
            stop,
            stopped,
            config.event_url.clone(),
        ));
        Ok(emulator)
    }

    /// Starts on a thread of its own with its own runtime, for callers without one (the CLI,
    /// the Python and Node packages). Stop it with `shutdown`.
    pub fn start_background(config: EmulatorConfig) -> Result<Emulator, Error> {
        let app = build_app(&config)?;
        let listener = std::net::TcpListener::bind((config.host, config.port))
            .and_then(|l| l.set_nonblocking(true).map(|()| l))
            .map_err(|source| Error::Bind {
                host: config.host,
                port: config.port,
                source,
            })?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("pcs-emulator")
            .enable_all()
            .build()
            .map_err(Error::Runtime)?;
        let listener = {
            let _guard = runtime.enter();
            TcpListener::from_std(listener).map_err(Error::Runtime)?
        };
        let (mut emulator, acceptor, stop, stopped) = Emulator::new(&config, app, &listener)?;
        let app = Arc::clone(&emulator.app);
        let event_url = config.event_url.clone();
        let thread = std::thread::Builder::new()
            .name("pcs-emulator".to_owned())
            .spawn(move || {
                runtime.block_on(serve(listener, app, acceptor, stop, stopped, event_url))
            })
            .map_err(Error::Runtime)?;
        emulator.thread = Some(thread);
        Ok(emulator)
    }

    #[allow(clippy::type_complexity)]
    fn new(
        config: &EmulatorConfig,
        app: Arc<App>,
        listener: &TcpListener,
    ) -> Result<
        (
            Emulator,
            Option<TlsAcceptor>,
            watch::Receiver<bool>,
            watch::Sender<bool>,
        ),
        Error,
    > {
        let addr = listener.local_addr().map_err(|source| Error::Bind {
            host: config.host,
            port: config.port,
            source,
        })?;
        let tls = config.tls.as_ref().map(Tls::new).transpose()?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        let acceptor = tls.as_ref().map(|t| t.acceptor.clone());
        let (stop, stop_rx) = watch::channel(false);
        let (stopped_tx, stopped) = watch::channel(false);
        let emulator = Emulator {
            addr,
            url: format!("{scheme}://{addr}"),
            credentials: config.credentials.clone(),
            app,
            stop,
            stopped,
            thread: None,
            tls,
        };
        Ok((emulator, acceptor, stop_rx, stopped_tx))
    }

    /// `http://127.0.0.1:PORT` (`https://` with TLS on), the endpoint URL to give a client.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The PEM file of the generated certificate's CA, for a client's CA bundle setting
    /// (`AWS_CA_BUNDLE`, `--ca-bundle`, `verify=`). `None` for plain HTTP or your own certificate.
    pub fn ca_bundle(&self) -> Option<&Path> {
        self.tls.as_ref().and_then(|t| t.ca_bundle.as_deref())
    }

    /// The same CA certificate as PEM text.
    pub fn ca_pem(&self) -> Option<&str> {
        self.tls.as_ref().and_then(|t| t.ca_pem.as_deref())
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The token every admin route requires (`Authorization: Bearer <token>`), if any: always
    /// when listening off loopback.
    pub fn admin_token(&self) -> Option<&str> {
        self.app.admin_token.as_deref()
    }

    /// The access keys it accepts; the first is the default sender.
    pub fn credentials(&self) -> &[Credential] {
        &self.credentials
    }

    /// Replaces the faults in force (the bucket refills, the schedule restarts).
    pub fn set_faults(&self, faults: Faults) -> Result<(), Error> {
        faults.check().map_err(Error::Config)?;
        self.app.faults.set(faults);
        Ok(())
    }

    /// The faults in force; `next` holds what is left of the schedule.
    pub fn faults(&self) -> Faults {
        self.app.faults.get()
    }

    /// Moves the emulator's clock forward (expiries and task ends that fall due happen now);
    /// answers the new time (RFC 3339).
    pub fn advance(&self, by: std::time::Duration) -> Result<String, Error> {
        let by =
            time::Duration::try_from(by).map_err(|e| Error::Config(format!("advance: {e}")))?;
        self.app.store.advance(by).map_err(Error::Config)
    }

    /// Sets the emulator's clock to `at` (never before a time it already handed out).
    pub fn set_time(&self, at: time::OffsetDateTime) -> Result<String, Error> {
        self.app.store.set_time(at).map_err(Error::Config)
    }

    /// The emulator's time now (RFC 3339, UTC).
    pub fn now(&self) -> String {
        self.app.store.now()
    }

    /// The EventBridge events emitted so far, oldest first (each a complete event object);
    /// `after` is a sequence number from an earlier `events_after` entry, 0 for all.
    pub fn events(&self) -> Vec<serde_json::Value> {
        self.events_after(0, None)
            .into_iter()
            .map(|(_, e)| e)
            .collect()
    }

    /// Events with a sequence number above `after`, for one receiving account or all.
    pub fn events_after(&self, after: u64, account: Option<&str>) -> Vec<(u64, serde_json::Value)> {
        self.app
            .store
            .events(after, account)
            .into_iter()
            .map(|e| (e.seq, e.event))
            .collect()
    }

    pub fn stored_invitations(&self) -> Vec<StoredInvitation> {
        self.app.store.stored_invitations()
    }

    pub fn stats(&self) -> Stats {
        self.app.snapshot()
    }

    /// Back to the seed data with zeroed counters; faults stay.
    pub fn reset(&self) {
        self.app.reset();
    }

    /// Stops accepting, lets in-flight requests finish (up to 2 s), and waits until it is down.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        let mut stopped = self.stopped.clone();
        let _ = stopped.wait_for(|done| *done).await;
        if let Some(thread) = self.thread.take() {
            // The runtime is finishing on its own thread; joining it must not block this one.
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }

    /// Blocking stop, for callers outside any async runtime (the background mode's users).
    pub fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

fn build_app(config: &EmulatorConfig) -> Result<Arc<App>, Error> {
    config.check()?;
    let mut engagements = if config.demo_data {
        seed::demo()
    } else {
        Vec::new()
    };
    if let Some(path) = &config.seed_file {
        engagements.extend(seed::load(path)?);
    }
    let persist = config
        .state_file
        .as_deref()
        .map(crate::persist::Persist::open)
        .transpose()?;
    let admin_token = config.admin_token.clone().or_else(|| {
        (!config.host.is_loopback()).then(|| {
            format!(
                "{}{}",
                uuid::Uuid::new_v4().simple(),
                uuid::Uuid::new_v4().simple()
            )
        })
    });
    Ok(Arc::new(App {
        admin_token,
        verifier: Verifier::new(&config.credentials),
        store: Store::new(
            engagements,
            config.credentials.clone(),
            time::Duration::milliseconds(config.task_duration_ms as i64),
            persist,
        )?,
        faults: FaultState::new(config.faults.clone()),
        quotas: crate::quotas::QuotaState::new(config.quotas.clone()),
        stats: Counters::default(),
    }))
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", any(service::handle))
        .merge(
            admin::routes().route_layer(axum::middleware::from_fn_with_state(
                Arc::clone(&app),
                admin::guard,
            )),
        )
        .fallback(|request: axum::extract::Request| async move {
            ApiError::not_routed(request.method(), request.uri().path())
        })
        .with_state(app)
}

async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    tls: Option<TlsAcceptor>,
    mut stop: watch::Receiver<bool>,
    stopped: watch::Sender<bool>,
    event_url: Option<String>,
) {
    let router = router(Arc::clone(&app));
    let delivery = event_url.map(|url| {
        tokio::spawn(crate::delivery::deliver(
            Arc::clone(&app),
            url,
            stop.clone(),
        ))
    });
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            () = stop_requested(&mut stop) => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    app.stats.connections.inc();
                    let _ = stream.set_nodelay(true);
                    let (router, stop) = (router.clone(), stop.clone());
                    match &tls {
                        None => {
                            connections.spawn(serve_connection(stream, peer, router, stop));
                        }
                        Some(acceptor) => {
                            let (acceptor, app) = (acceptor.clone(), Arc::clone(&app));
                            connections.spawn(async move {
                                let handshake = tokio::time::timeout(
                                    HANDSHAKE_TIMEOUT,
                                    acceptor.accept(stream),
                                );
                                match handshake.await {
                                    Ok(Ok(stream)) => {
                                        serve_connection(stream, peer, router, stop).await;
                                    }
                                    // A client refusing the certificate ends here, as it should.
                                    _ => app.stats.tls_handshake_failures.inc(),
                                }
                            });
                        }
                    }
                }
                // Out of file descriptors and the like: pause rather than spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    connections.shutdown().await;
    if let Some(delivery) = delivery {
        delivery.abort();
    }
    let _ = stopped.send(true);
}

async fn serve_connection<S>(
    stream: S,
    peer: SocketAddr,
    router: Router,
    mut stop: watch::Receiver<bool>,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let connection = Connection {
        peer,
        hang_up: Arc::new(Notify::new()),
    };
    let hang_up = Arc::clone(&connection.hang_up);
    let service = hyper::service::service_fn(move |mut request: http::Request<Incoming>| {
        let mut router = router.clone();
        request.extensions_mut().insert(connection.clone());
        async move {
            let mut response = router.call(request.map(Body::new)).await?;
            let id = uuid::Uuid::new_v4().to_string();
            if let Ok(value) = HeaderValue::from_str(&id) {
                response.headers_mut().insert(REQUEST_ID_HEADER, value);
            }
            Ok::<_, Infallible>(response)
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        // Returning drops the connection: the socket closes with no answer written.
        _ = hang_up.notified() => {}
        () = stop_requested(&mut stop) => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// Resolves once a stop was asked for (the guard `wait_for` returns is not `Send`, so it is
/// dropped in here).
async fn stop_requested(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}
