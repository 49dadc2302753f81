//! The measurement loops shared by the Rust contenders. Every contender gets the same loops, the
//! same warm-up and the same clock, so differences between them are the clients' own.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Settings the driver passes through the environment (the same variables for every language).
#[derive(Clone, Debug)]
pub struct Settings {
    pub endpoint: String,
    pub requests_dir: String,
    pub calls: usize,
    pub warmup: usize,
    pub in_flight: usize,
    pub throughput_secs: f64,
    pub construct_reps: usize,
}

impl Settings {
    pub fn from_env() -> Settings {
        fn var(name: &str, default: &str) -> String {
            std::env::var(name).unwrap_or_else(|_| default.to_string())
        }
        fn num<T: std::str::FromStr>(name: &str, default: &str) -> T {
            let raw = var(name, default);
            raw.parse()
                .unwrap_or_else(|_| panic!("{name}={raw:?} is not a number; unset it or pass one"))
        }
        Settings {
            endpoint: var("BENCH_ENDPOINT", "http://127.0.0.1:18480"),
            requests_dir: var(
                "BENCH_REQUESTS",
                concat!(env!("CARGO_MANIFEST_DIR"), "/../../requests"),
            ),
            calls: num("BENCH_CALLS", "2000"),
            warmup: num("BENCH_WARMUP", "200"),
            in_flight: num("BENCH_IN_FLIGHT", "16"),
            throughput_secs: num("BENCH_THROUGHPUT_SECS", "2"),
            construct_reps: num("BENCH_CONSTRUCT_REPS", "50"),
        }
    }

    /// The two valid requests, OpportunityInvitation then LeadInvitation, as JSON trees.
    pub fn requests(&self) -> [Value; 2] {
        ["opportunity.json", "lead.json"].map(|name| {
            let path = format!("{}/{name}", self.requests_dir);
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!("cannot read {path}: {e}; set BENCH_REQUESTS to bench/requests")
            });
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
        })
    }
}

/// Runs `construct` `reps` times (after one untimed run) and returns (first, median) in ms.
/// The first run is reported apart: it includes one-time work (loading config, TLS roots).
pub async fn time_construction<T, F, Fut>(reps: usize, mut construct: F) -> (f64, f64, T)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = T>,
{
    let start = Instant::now();
    let mut last = construct().await;
    let first = ms(start.elapsed());
    let mut samples = Vec::with_capacity(reps);
    for _ in 0..reps {
        let start = Instant::now();
        last = construct().await;
        samples.push(ms(start.elapsed()));
    }
    (first, percentile(&mut samples, 50.0), last)
}

/// One call through the contender; `i` picks the payload kind (even: opportunity, odd: lead).
/// Returns an error text on any failure: a benchmark of failing calls measures nothing.
pub trait Call: Clone + Send + Sync + 'static {
    fn call(&self, i: usize) -> impl Future<Output = Result<(), String>> + Send;
}

/// Sequential latency then throughput at `in_flight`, printed as the JSON line the driver reads.
pub async fn run<C: Call>(name: &str, settings: &Settings, extra: Value, caller: C) {
    for i in 0..settings.warmup {
        caller.call(i).await.unwrap_or_else(|e| fail(name, &e));
    }
    let mut latencies = Vec::with_capacity(settings.calls);
    for i in 0..settings.calls {
        let start = Instant::now();
        caller.call(i).await.unwrap_or_else(|e| fail(name, &e));
        latencies.push(start.elapsed().as_secs_f64() * 1e6);
    }
    let throughput = throughput(name, settings, caller).await;
    let mut out = json!({
        "contender": name,
        "seq": {
            "calls": settings.calls,
            "p50_us": percentile(&mut latencies, 50.0),
            "p90_us": percentile(&mut latencies, 90.0),
            "p99_us": percentile(&mut latencies, 99.0),
            "mean_us": latencies.iter().sum::<f64>() / latencies.len() as f64,
        },
        "throughput": throughput,
        "rss_mib": peak_rss_mib(),
    });
    if let (Value::Object(out), Value::Object(extra)) = (&mut out, extra) {
        out.extend(extra);
    }
    println!("{out}");
}

async fn throughput<C: Call>(name: &str, settings: &Settings, caller: C) -> Value {
    // A short untimed phase first, so every task has its connection before the clock starts.
    let warm = Duration::from_secs_f64((settings.throughput_secs / 8.0).min(0.5));
    let measured = Duration::from_secs_f64(settings.throughput_secs);
    let done = Arc::new(AtomicU64::new(0));
    let counting = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::with_capacity(settings.in_flight);
    for t in 0..settings.in_flight {
        let (caller, done, counting, stop) =
            (caller.clone(), done.clone(), counting.clone(), stop.clone());
        let name = name.to_string();
        tasks.push(tokio::spawn(async move {
            let mut i = t;
            while !stop.load(Ordering::Relaxed) {
                caller.call(i).await.unwrap_or_else(|e| fail(&name, &e));
                if counting.load(Ordering::Relaxed) {
                    done.fetch_add(1, Ordering::Relaxed);
                }
                i += 1;
            }
        }));
    }
    tokio::time::sleep(warm).await;
    counting.store(true, Ordering::Relaxed);
    let start = Instant::now();
    tokio::time::sleep(measured).await;
    let calls = done.load(Ordering::Relaxed);
    let secs = start.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.expect("a throughput task panicked");
    }
    json!({"in_flight": settings.in_flight, "calls": calls, "secs": secs, "calls_per_s": calls as f64 / secs})
}

fn fail(name: &str, error: &str) -> ! {
    eprintln!("{name}: a call failed, so nothing it measured means anything: {error}");
    std::process::exit(1)
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Nearest-rank percentile; sorts `samples` in place.
pub fn percentile(samples: &mut [f64], p: f64) -> f64 {
    assert!(!samples.is_empty(), "no samples");
    samples.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * samples.len() as f64).ceil() as usize;
    samples[rank.clamp(1, samples.len()) - 1]
}

/// Peak resident set size of this process (VmHWM, the figure getrusage's ru_maxrss reports).
pub fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(f64::NAN, |kib| kib / 1024.0)
}
