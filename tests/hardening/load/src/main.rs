//! `load serve`: runs the emulator in this process until stdin closes, printing its URL first.
//! `load drive URL CALLS CHECKPOINTS`: CALLS invitations through the Rust client, 64 in flight,
//! printing one JSON line per checkpoint (calls done, errors by code, RSS of this process).
//!
//! The emulator runs in its own process so the driver's RSS is the client's alone (the emulator
//! keeps every invitation it stores, by design).

use std::collections::BTreeMap;
use std::time::Instant;

use partnercentral_selling::{Client, Credentials};
use partnercentral_selling_emulator::{Emulator, EmulatorConfig};
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;
use tokio::task::JoinSet;

const IN_FLIGHT: usize = 64;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("serve") => serve().await,
        Some("drive") if args.len() == 5 => {
            let calls = args[3].parse().expect("CALLS is a number");
            let checkpoints = args[4]
                .split(',')
                .map(|c| c.parse().expect("CHECKPOINTS are numbers"))
                .collect();
            drive(&args[2], calls, checkpoints).await;
        }
        _ => {
            eprintln!("usage: load serve | load drive URL CALLS CHECKPOINT[,CHECKPOINT...]");
            std::process::exit(2);
        }
    }
}

async fn serve() {
    let emulator = Emulator::start(EmulatorConfig::default())
        .await
        .expect("the emulator starts");
    println!("{}", emulator.url());
    // Stops when the script closes our stdin (or dies): no orphan server.
    let mut sink = Vec::new();
    let _ = tokio::io::stdin().read_to_end(&mut sink).await;
    eprintln!("load serve: stored {} invitations", emulator.stored_invitations().len());
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn request() -> Value {
    let table: Value =
        serde_json::from_str(include_str!("../../hostile-values.json")).expect("the table");
    table["base"].clone()
}

async fn drive(url: &str, calls: usize, checkpoints: Vec<usize>) {
    let client = Client::builder()
        .region("us-east-1")
        .endpoint_url(url)
        .credentials(Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            None,
        ))
        .build()
        .await
        .expect("client");
    let input = request();
    let started = Instant::now();
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    let mut in_flight = JoinSet::new();
    let (mut sent, mut done) = (0, 0);
    while done < calls {
        while sent < calls && in_flight.len() < IN_FLIGHT {
            let (client, input) = (client.clone(), input.clone());
            in_flight.spawn(async move {
                let op = partnercentral_selling::operation("CreateEngagementInvitation").expect("in the model");
                client.call(op, input).await
            });
            sent += 1;
        }
        let result = in_flight.join_next().await.expect("a call in flight");
        if let Err(error) = result.expect("a call task never panics") {
            let code = error.code().map_or_else(|| format!("{:?}", error.kind()), str::to_owned);
            *errors.entry(code).or_default() += 1;
        }
        done += 1;
        if checkpoints.contains(&done) {
            let line = json!({
                "lang": "rust", "calls": done, "in_flight": IN_FLIGHT,
                "errors": errors, "rss_kib": rss_kib(),
                "elapsed_s": started.elapsed().as_secs_f64(),
            });
            println!("{line}");
        }
    }
}
