//! Faults on demand: a throttle, random failures, latency, dropped connections, "store, then fail",
//! and a deterministic schedule for tests that must not depend on chance.
use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::Rng;
use serde::{Deserialize, Serialize};

/// The faults in force. Every field defaults to "off"; `Faults::default()` is a well-behaved service.
/// Serialized with these snake_case names on the admin route (`/__emulator/faults`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Token bucket: at most this many requests per second; the rest get `ThrottlingException`.
    pub throttle_rps: Option<f64>,
    /// Bucket size (requests allowed in a burst); defaults to `ceil(throttle_rps)`, at least 1.
    pub throttle_burst: Option<u32>,
    /// Fraction (0..=1) of requests answered with 500 `InternalServerException`.
    pub error_rate: f64,
    /// Fraction (0..=1) of requests whose connection is closed without an answer.
    pub drop_rate: f64,
    /// Fraction (0..=1) of requests that are carried out (an invitation is stored) and then
    /// answered with 500 `InternalServerException`.
    pub store_then_fail_rate: f64,
    /// Added to every answer, in milliseconds.
    pub latency_ms: u64,
    /// What happens to the next requests, one entry each, in order, before any rate above applies.
    pub next: Vec<FaultKind>,
}

/// One scheduled fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer normally.
    None,
    /// 400 `ThrottlingException`.
    Throttle,
    /// 500 `InternalServerException`, nothing done.
    Error,
    /// Close the connection without answering.
    Drop,
    /// Do the work, then answer 500 `InternalServerException`.
    StoreThenFail,
}

impl Faults {
    /// Schedules `kind` for the next `count` requests (a convenience for tests).
    pub fn next_requests(kind: FaultKind, count: usize) -> Faults {
        Faults {
            next: vec![kind; count],
            ..Faults::default()
        }
    }

    pub(crate) fn check(&self) -> Result<(), String> {
        for (name, rate) in [
            ("error_rate", self.error_rate),
            ("drop_rate", self.drop_rate),
            ("store_then_fail_rate", self.store_then_fail_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!(
                    "faults.{name} is a fraction between 0 and 1, got {rate}"
                ));
            }
        }
        if let Some(rps) = self.throttle_rps
            && !(rps.is_finite() && rps >= 0.0)
        {
            return Err(format!(
                "faults.throttle_rps is requests per second (0 or more), got {rps}"
            ));
        }
        if self.throttle_burst == Some(0) {
            return Err("faults.throttle_burst must be at least 1".to_owned());
        }
        Ok(())
    }
}

/// What to do with one request, decided before it is carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decision {
    pub kind: FaultKind,
    pub latency: Duration,
}

struct Bucket {
    capacity: f64,
    tokens: f64,
    per_second: f64,
    refilled: Instant,
}

impl Bucket {
    fn new(per_second: f64, burst: Option<u32>) -> Bucket {
        let capacity = f64::from(burst.unwrap_or_else(|| per_second.ceil().max(1.0) as u32));
        Bucket {
            capacity,
            tokens: capacity,
            per_second,
            refilled: Instant::now(),
        }
    }

    fn take(&mut self) -> bool {
        let now = Instant::now();
        let elapsed = now.duration_since(self.refilled).as_secs_f64();
        self.refilled = now;
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.capacity);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

struct Active {
    faults: Faults,
    next: VecDeque<FaultKind>,
    bucket: Option<Bucket>,
}

impl Active {
    fn new(faults: Faults) -> Active {
        Active {
            next: faults.next.iter().copied().collect(),
            bucket: faults
                .throttle_rps
                .map(|rps| Bucket::new(rps, faults.throttle_burst)),
            faults,
        }
    }
}

/// The faults in force plus their running state (bucket level, what is left of the schedule).
pub(crate) struct FaultState {
    active: Mutex<Active>,
}

impl FaultState {
    pub fn new(faults: Faults) -> FaultState {
        FaultState {
            active: Mutex::new(Active::new(faults)),
        }
    }

    /// Replaces the faults; the bucket starts full and the schedule from its first entry.
    pub fn set(&self, faults: Faults) {
        *self.lock() = Active::new(faults);
    }

    /// The faults in force, with `next` showing only what is still to come.
    pub fn get(&self) -> Faults {
        let active = self.lock();
        Faults {
            next: active.next.iter().copied().collect(),
            ..active.faults.clone()
        }
    }

    pub fn decide(&self) -> Decision {
        let mut active = self.lock();
        let latency = Duration::from_millis(active.faults.latency_ms);
        let kind = match active.next.pop_front() {
            Some(kind) => kind,
            None => random_fault(&mut active),
        };
        Decision { kind, latency }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Active> {
        self.active.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn random_fault(active: &mut Active) -> FaultKind {
    if let Some(bucket) = active.bucket.as_mut()
        && !bucket.take()
    {
        return FaultKind::Throttle;
    }
    let faults = &active.faults;
    if faults.drop_rate == 0.0 && faults.error_rate == 0.0 && faults.store_then_fail_rate == 0.0 {
        return FaultKind::None;
    }
    let mut rng = rand::rng();
    if rng.random::<f64>() < faults.drop_rate {
        FaultKind::Drop
    } else if rng.random::<f64>() < faults.error_rate {
        FaultKind::Error
    } else if rng.random::<f64>() < faults.store_then_fail_rate {
        FaultKind::StoreThenFail
    } else {
        FaultKind::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_runs_in_order_then_falls_back_to_rates() {
        let state = FaultState::new(Faults {
            next: vec![FaultKind::Error, FaultKind::None, FaultKind::Drop],
            ..Faults::default()
        });
        let kinds: Vec<_> = (0..4).map(|_| state.decide().kind).collect();
        assert_eq!(
            kinds,
            [
                FaultKind::Error,
                FaultKind::None,
                FaultKind::Drop,
                FaultKind::None
            ]
        );
    }

    #[test]
    fn bucket_allows_its_burst_then_throttles() {
        // One token per thousand seconds: the refill cannot matter within this test.
        let state = FaultState::new(Faults {
            throttle_rps: Some(0.001),
            throttle_burst: Some(2),
            ..Faults::default()
        });
        let kinds: Vec<_> = (0..3).map(|_| state.decide().kind).collect();
        assert_eq!(
            kinds,
            [FaultKind::None, FaultKind::None, FaultKind::Throttle]
        );
    }

    #[test]
    fn rates_outside_zero_to_one_are_refused() {
        let faults = Faults {
            error_rate: 1.5,
            ..Faults::default()
        };
        assert!(faults.check().unwrap_err().contains("error_rate"));
        let faults = Faults {
            throttle_rps: Some(f64::NAN),
            ..Faults::default()
        };
        assert!(faults.check().unwrap_err().contains("throttle_rps"));
    }
}
