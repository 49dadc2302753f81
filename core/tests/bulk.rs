//! The bulk engine against the emulator over loopback: pacing, throttles that never surface,
//! the journal's resume (nothing twice, nothing lost), invalid rows before the first request,
//! journal refusals, the rolling-day limit and cancel.
mod client_support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use client_support::{builder, valid_input};
use futures_util::StreamExt;
use partnercentral_selling::bulk::{BulkConfig, BulkError, CancelToken, journal_results};
use partnercentral_selling::{Operation, operation};
use partnercentral_selling_emulator::{Emulator, EmulatorConfig, FaultKind, Faults};
use serde_json::Value;

fn op() -> &'static Operation {
    operation("CreateEngagementInvitation").unwrap()
}

fn rows(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let mut row = valid_input();
            row["Invitation"]["Message"] = Value::String(format!("bulk row {i}"));
            row
        })
        .collect()
}

fn config(journal: Option<std::path::PathBuf>, rate: f64) -> BulkConfig {
    BulkConfig {
        journal,
        rate: Some(rate),
        ..BulkConfig::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_row_once_at_the_pace() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let client = builder(emu.url()).build().await.unwrap();
    let n = 40;
    let rate = 40.0;
    let started = Instant::now();
    let mut run = client
        .bulk(op(), rows(n), config(None, rate))
        .await
        .unwrap();
    let mut seen = vec![false; n];
    let mut tokens = std::collections::HashSet::new();
    while let Some(r) = run.next().await {
        let out = r.outcome.expect("every row succeeds");
        assert!(out["Id"].is_string(), "{out}");
        assert!(!seen[r.row as usize], "row {} twice", r.row);
        seen[r.row as usize] = true;
        assert!(tokens.insert(r.client_token.expect("a token")));
    }
    let summary = run.finish().await.unwrap();
    let elapsed = started.elapsed().as_secs_f64();
    assert!(seen.iter().all(|s| *s));
    assert_eq!(summary.progress.done, n as u64);
    assert_eq!(summary.progress.failed, 0);
    assert_eq!(summary.progress.remaining, 0);
    // Slots are 1/rate apart: the run cannot be faster than (n - 1) / rate.
    let floor = (n - 1) as f64 / rate;
    assert!(
        elapsed >= floor * 0.98,
        "{elapsed}s for {n} rows at {rate}/s"
    );
    assert_eq!(emu.stats().invitations_stored, n as u64);
    assert_eq!(emu.stats().requests, n as u64);
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttled_rows_are_resent_and_never_surface() {
    let emu = Emulator::start(EmulatorConfig {
        faults: Faults::next_requests(FaultKind::Throttle, 4),
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    let client = builder(emu.url()).build().await.unwrap();
    let run = client
        .bulk(op(), rows(10), config(None, 100.0))
        .await
        .unwrap();
    let results: Vec<_> = run.collect().await;
    assert_eq!(results.len(), 10);
    assert!(results.iter().all(|r| r.outcome.is_ok()), "{results:?}");
    assert_eq!(emu.stats().invitations_stored, 10);
    assert_eq!(emu.stats().requests, 14);
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_row_throttled_past_its_budget_fails_with_the_throttle() {
    let emu = Emulator::start(EmulatorConfig {
        faults: Faults::next_requests(FaultKind::Throttle, 3),
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    let client = builder(emu.url()).build().await.unwrap();
    let cfg = BulkConfig {
        row_attempts: 3,
        ..config(None, 100.0)
    };
    let results: Vec<_> = client
        .bulk(op(), rows(1), cfg)
        .await
        .unwrap()
        .collect()
        .await;
    let err = results[0].outcome.as_ref().unwrap_err();
    assert_eq!(err.code, "ThrottlingException");
    assert_eq!(emu.stats().requests, 3);
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_rows_are_reported_together_before_anything_is_sent() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let client = builder(emu.url()).build().await.unwrap();
    let mut input = rows(30);
    for i in [3usize, 11, 29] {
        input[i]["EngagementIdentifier"] = "not-an-engagement".into();
    }
    input[20]["Catalog"] = Value::Null;
    match client.bulk(op(), input.clone(), config(None, 100.0)).await {
        Err(BulkError::InvalidRows { rows, total }) => {
            assert_eq!(total, 30);
            let numbers: Vec<u64> = rows.iter().map(|r| r.row).collect();
            assert_eq!(numbers, vec![3, 11, 20, 29]);
            assert_eq!(rows[0].error.violations[0].path, "EngagementIdentifier");
            assert_eq!(rows[2].error.violations[0].path, "Catalog");
            let text = BulkError::InvalidRows { rows, total }.to_string();
            assert!(
                text.contains("row 4:") && text.contains("row 30:"),
                "{text}"
            );
        }
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("invalid rows were accepted"),
    }
    assert_eq!(emu.stats().requests, 0);
    // Sending the valid ones anyway: 26 stored, the 4 invalid rows are failed results.
    let cfg = BulkConfig {
        send_valid: true,
        ..config(None, 200.0)
    };
    let summary = client
        .bulk(op(), input, cfg)
        .await
        .unwrap()
        .finish()
        .await
        .unwrap();
    assert_eq!(summary.progress.done, 26);
    assert_eq!(summary.progress.failed, 4);
    assert_eq!(emu.stats().invitations_stored, 26);
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_run_resumes_with_nothing_twice_and_nothing_lost() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let client = builder(emu.url()).build().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("run.db");
    let n = 30;
    let cancel = CancelToken::default();
    let cfg = BulkConfig {
        cancel: cancel.clone(),
        ..config(Some(journal.clone()), 100.0)
    };
    let mut run = client.bulk(op(), rows(n), cfg).await.unwrap();
    let mut first = 0;
    while let Some(r) = run.next().await {
        assert!(r.outcome.is_ok());
        first += 1;
        if first == 10 {
            cancel.cancel();
        }
    }
    let summary = run.finish().await.unwrap();
    assert!(summary.cancelled);
    assert!(
        first >= 10 && first < n,
        "{first} rows before the cancel took effect"
    );
    assert_eq!(emu.stats().invitations_stored, first as u64);

    // The same input and journal: the done rows come from the journal, the rest are sent.
    let mut run = client
        .bulk(op(), rows(n), config(Some(journal.clone()), 100.0))
        .await
        .unwrap();
    let mut from_journal = 0;
    let mut count = 0;
    while let Some(r) = run.next().await {
        assert!(r.outcome.is_ok());
        from_journal += r.from_journal as usize;
        count += 1;
    }
    assert_eq!(count, n);
    assert_eq!(from_journal, first);
    assert_eq!(emu.stats().invitations_stored, n as u64);
    let mut recorded = Vec::new();
    journal_results(&journal, |r| {
        assert!(r.client_token.is_some(), "row {} has its token", r.row);
        recorded.push((
            r.row,
            r.outcome.unwrap()["Id"].as_str().unwrap().to_string(),
        ))
    })
    .unwrap();
    assert_eq!(recorded.len(), n);
    let ids: std::collections::HashSet<_> = recorded.iter().map(|(_, id)| id.clone()).collect();
    assert_eq!(ids.len(), n);
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_in_flight_row_is_resent_with_its_recorded_token() {
    // A row whose request was stored but whose answer was lost ("store, then fail" with no
    // retries left): the journal keeps its token, the resume re-sends it, the service answers
    // from the stored invitation, and there is still one invitation.
    let emu = Emulator::start(EmulatorConfig {
        faults: Faults::next_requests(FaultKind::StoreThenFail, 1),
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    let client = builder(emu.url()).max_attempts(1).build().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("run.db");
    let results: Vec<_> = client
        .bulk(op(), rows(1), config(Some(journal.clone()), 100.0))
        .await
        .unwrap()
        .collect()
        .await;
    let token = results[0].client_token.clone().unwrap();
    assert!(results[0].outcome.is_err());
    assert_eq!(emu.stats().invitations_stored, 1);
    let results: Vec<_> = client
        .bulk(op(), rows(1), config(Some(journal), 100.0))
        .await
        .unwrap()
        .collect()
        .await;
    assert!(results[0].outcome.is_ok(), "{results:?}");
    assert_eq!(results[0].client_token.as_deref(), Some(token.as_str()));
    assert_eq!(emu.stats().invitations_stored, 1);
    assert_eq!(emu.stats().idempotent_replays, 1);
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_refuses_another_input_another_operation_and_a_second_run() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let client = builder(emu.url()).build().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("run.db");
    client
        .bulk(op(), rows(2), config(Some(journal.clone()), 100.0))
        .await
        .unwrap()
        .finish()
        .await
        .unwrap();
    let err = client
        .bulk(op(), rows(3), config(Some(journal.clone()), 100.0))
        .await
        .err()
        .unwrap();
    assert!(matches!(err, BulkError::JournalMismatch(_)), "{err}");
    assert!(err.to_string().contains("another input"), "{err}");
    let get = operation("GetEngagementInvitation").unwrap();
    let err = client
        .bulk(get, vec![], config(Some(journal.clone()), 100.0))
        .await
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .contains("belongs to a run of CreateEngagementInvitation"),
        "{err}"
    );

    // While a run holds the journal, a second one is refused.
    let other = dir.path().join("held.db");
    let slow = client
        .bulk(op(), rows(3), config(Some(other.clone()), 1.0))
        .await
        .unwrap();
    let err = client
        .bulk(op(), rows(3), config(Some(other.clone()), 1.0))
        .await
        .err()
        .unwrap();
    assert!(matches!(err, BulkError::JournalInUse(_)), "{err}");
    assert!(
        err.to_string().contains("in use by another bulk run"),
        "{err}"
    );
    slow.cancel();
    slow.finish().await.unwrap();
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rolling_day_limit_holds_across_resumed_runs() {
    let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let client = builder(emu.url()).build().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("run.db");
    for _ in 0..2 {
        let cancel = CancelToken::default();
        let on_limit = cancel.clone();
        let cfg = BulkConfig {
            daily_limit: Some(6),
            cancel,
            on_progress: Some(Arc::new(move |p| {
                if p.daily_limit_until.is_some() {
                    on_limit.cancel();
                }
            })),
            ..config(Some(journal.clone()), 200.0)
        };
        let summary = tokio::time::timeout(
            Duration::from_secs(20),
            client.bulk(op(), rows(10), cfg).await.unwrap().finish(),
        )
        .await
        .expect("the run stops at the limit")
        .unwrap();
        assert!(summary.cancelled);
        assert_eq!(summary.progress.done, 6);
        assert_eq!(emu.stats().invitations_stored, 6);
    }
    emu.stop().await;
}

/// Sends `n` rows at `rate` to an emulator enforcing `quotas`; every row must be stored once and
/// none may surface a throttle. Returns the run's summary.
async fn run_at_quota(
    quotas: partnercentral_selling_emulator::Quotas,
    n: usize,
    rate: f64,
) -> partnercentral_selling::bulk::Summary {
    let emu = Emulator::start(EmulatorConfig {
        quotas: Some(quotas),
        ..EmulatorConfig::default()
    })
    .await
    .unwrap();
    let client = builder(emu.url()).build().await.unwrap();
    let summary = client
        .bulk(op(), rows(n), config(None, rate))
        .await
        .unwrap()
        .finish()
        .await
        .unwrap();
    eprintln!(
        "quota run: {:?}, {} throttled, rate at the end {:.1}/s",
        summary.elapsed, summary.progress.throttled, summary.progress.rate
    );
    assert_eq!(summary.progress.done, n as u64, "{summary:?}");
    assert_eq!(summary.progress.failed, 0);
    assert_eq!(emu.stats().invitations_stored, n as u64);
    emu.stop().await;
    summary
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_the_emulators_quota_no_throttle_surfaces_and_every_row_is_stored_once() {
    use partnercentral_selling_emulator::Quotas;
    // The documented quotas scaled 40 times: CreateEngagementInvitation (a write) 40 per second.
    let scale = 40.0;
    let quotas = Quotas {
        scale,
        overrides: Vec::new(),
    };
    run_at_quota(quotas, 80, scale).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quota_below_the_configured_rate_is_learned_without_surfacing_a_throttle() {
    use partnercentral_selling_emulator::{Quotas, Rate};
    // The account allows 10 invitations per second; the run is told 40.
    let quotas = Quotas {
        scale: 1.0,
        overrides: vec![(
            op().name.to_string(),
            Rate {
                per_second: 10.0,
                per_day: None,
            },
        )],
    };
    let n = 40;
    let summary = run_at_quota(quotas, n, 40.0).await;
    // At a fixed 40 per second three requests in four would be throttled (about three per row
    // past the bucket's first ten); learning, far fewer.
    assert!(
        summary.progress.throttled < n as u64,
        "{} throttled attempts for {n} rows",
        summary.progress.throttled
    );
}
