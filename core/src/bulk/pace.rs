//! Pacing: one send schedule per (endpoint, partner account, quota group), shared by every client
//! and every bulk run of the process that spend the same account's quota.
//!
//! The schedule starts at the documented rate (or the configured one) and never goes above it;
//! on a throttle it drops to 70% of the rate it was sending at and climbs back along the CUBIC
//! curve of the adaptive retry mode ([`crate::adaptive`], botocore's `retries/adaptive.py`),
//! capped at the ceiling again.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::model::Operation;

/// The quotas page of Partner Central Selling ("Quotas for AWS Partner Central", the API's
/// request rates per partner account; the emulator's `--quotas aws` plays the same page): reads
/// are 10 requests per second, writes 1 per second and 10,000 per rolling day. Operations whose
/// rate differs from their group's are listed here, and only those; every other operation takes
/// its group from the model (`readonly`).
pub const QUOTA_EXCEPTIONS: &[(&str, f64)] = &[
    ("CreateEngagement", 15.0),
    ("GetProspectingFromEngagementTask", 100.0),
    ("ListProspectingFromEngagementTasks", 50.0),
    ("StartProspectingFromEngagementTask", 2.0),
];
/// Requests per second of the read group.
pub const READ_RATE: f64 = 10.0;
/// Requests per second of the write group.
pub const WRITE_RATE: f64 = 1.0;
/// Writes per rolling 24 hours per partner account.
pub const WRITE_DAILY_LIMIT: u64 = 10_000;

/// Which quota an operation spends.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum QuotaGroup {
    Reads,
    Writes,
    /// An operation with a quota of its own ([`QUOTA_EXCEPTIONS`]).
    Operation(&'static str),
}

impl QuotaGroup {
    pub fn of(op: &Operation) -> QuotaGroup {
        if let Some((name, _)) = QUOTA_EXCEPTIONS.iter().find(|(n, _)| *n == op.name) {
            QuotaGroup::Operation(name)
        } else if op.readonly {
            QuotaGroup::Reads
        } else {
            QuotaGroup::Writes
        }
    }

    /// The documented requests per second.
    pub fn documented_rate(&self) -> f64 {
        match self {
            QuotaGroup::Reads => READ_RATE,
            QuotaGroup::Writes => WRITE_RATE,
            QuotaGroup::Operation(name) => QUOTA_EXCEPTIONS
                .iter()
                .find(|(n, _)| n == name)
                .map_or(WRITE_RATE, |(_, r)| *r),
        }
    }

    /// The documented rolling-day limit (writes only).
    pub fn documented_daily_limit(&self) -> Option<u64> {
        match self {
            QuotaGroup::Writes => Some(WRITE_DAILY_LIMIT),
            _ => None,
        }
    }
}

/// The cut on a throttle. The adaptive retry mode cuts to 70% because it starts from a measured
/// rate with no idea of the quota; the pacer starts at the documented quota, and a throttle there
/// is most often a request that arrived early through jitter: a 10% cut (then the same cubic
/// regrowth) costs about 0.13 s at 20 requests per second instead of 0.55 s, and repeated
/// throttles (a quota lower than documented, or another process on the account) still bring the
/// rate down geometrically.
const BETA: f64 = 0.9;
const SCALE_CONSTANT: f64 = 0.4;
/// Slots are spaced for this share of the rate: the service's bucket has no burst (a request
/// that arrives a millisecond early is throttled), so 2% of slack absorbs the network's jitter
/// (2 ms at 10 requests per second, 20 ms at the documented write rate) for a run 2% longer.
pub const MARGIN: f64 = 0.98;
/// The schedule never falls below this share of its ceiling.
const MIN_SHARE: f64 = 0.05;

/// One account's send schedule for one quota group.
#[derive(Debug)]
pub struct Pacer {
    state: Mutex<PaceState>,
    origin: Instant,
}

#[derive(Debug)]
struct PaceState {
    ceiling: f64,
    rate: f64,
    /// Seconds since `origin` of the last slot handed out.
    last_slot: Option<f64>,
    /// CUBIC: the rate at the last throttle, its time and the curve's zero point.
    w_max: f64,
    last_fail: Option<f64>,
    k: f64,
    throttles: u64,
}

impl Pacer {
    fn new(ceiling: f64) -> Self {
        Pacer {
            state: Mutex::new(PaceState {
                ceiling,
                rate: ceiling,
                last_slot: None,
                w_max: ceiling,
                last_fail: None,
                k: 0.0,
                throttles: 0,
            }),
            origin: Instant::now(),
        }
    }

    fn now(&self) -> f64 {
        self.origin.elapsed().as_secs_f64()
    }

    /// Takes the next send slot; returns when it is (now or later). Slots are spaced by
    /// `1 / (rate * MARGIN)`, so a run of N requests takes (N - 1) / rate / MARGIN, and never
    /// bursts above the rate.
    pub fn reserve(&self) -> Instant {
        let now = self.now();
        let mut s = self.state.lock().expect("pacer lock");
        s.grow(now);
        let slot = match s.last_slot {
            Some(last) => (last + 1.0 / (s.rate * MARGIN)).max(now),
            None => now,
        };
        s.last_slot = Some(slot);
        self.origin + Duration::from_secs_f64(slot)
    }

    /// Waits for the next slot.
    pub async fn acquire(&self) {
        tokio::time::sleep_until(self.reserve().into()).await;
    }

    /// A request was throttled: send slower from now on.
    pub fn on_throttle(&self) {
        let now = self.now();
        let mut s = self.state.lock().expect("pacer lock");
        s.grow(now);
        s.w_max = s.rate;
        s.rate = (s.rate * BETA).max(s.ceiling * MIN_SHARE);
        s.k = (s.w_max * (1.0 - BETA) / SCALE_CONSTANT).cbrt();
        s.last_fail = Some(now);
        s.throttles += 1;
    }

    /// Sets the ceiling (a configured `rate`); the current rate follows it.
    pub fn set_ceiling(&self, ceiling: f64) {
        let mut s = self.state.lock().expect("pacer lock");
        s.ceiling = ceiling;
        s.rate = ceiling;
        s.w_max = ceiling;
        s.last_fail = None;
    }

    /// The rate the schedule sends at now (requests per second).
    pub fn rate(&self) -> f64 {
        let now = self.now();
        let mut s = self.state.lock().expect("pacer lock");
        s.grow(now);
        s.rate
    }

    pub fn ceiling(&self) -> f64 {
        self.state.lock().expect("pacer lock").ceiling
    }

    /// Throttles seen so far.
    pub fn throttles(&self) -> u64 {
        self.state.lock().expect("pacer lock").throttles
    }
}

impl PaceState {
    /// After a throttle, the rate climbs back along the cubic curve, capped at the ceiling.
    fn grow(&mut self, now: f64) {
        if let Some(fail) = self.last_fail {
            let cubic = SCALE_CONSTANT * (now - fail - self.k).powi(3) + self.w_max;
            self.rate = cubic.max(self.rate).min(self.ceiling);
            if self.rate >= self.ceiling {
                self.last_fail = None;
            }
        }
    }
}

/// Who spends a quota: the endpoint, the access key id (never the secret) and the group.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QuotaKey {
    pub endpoint: String,
    pub account: Option<String>,
    pub group: QuotaGroup,
}

fn registry() -> &'static Mutex<HashMap<QuotaKey, Arc<Pacer>>> {
    static REGISTRY: OnceLock<Mutex<HashMap<QuotaKey, Arc<Pacer>>>> = OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

/// The process's pacer for `key`, made at `rate` (or the group's documented rate) the first time.
/// A later `rate` that differs from the pacer's ceiling sets the new ceiling for every user of
/// the account: two runs on one account never send faster than the account allows together.
pub fn pacer(key: QuotaKey, rate: Option<f64>) -> Arc<Pacer> {
    let mut map = registry().lock().expect("pacer registry lock");
    let ceiling = rate.unwrap_or_else(|| key.group.documented_rate());
    let pacer = map
        .entry(key)
        .or_insert_with(|| Arc::new(Pacer::new(ceiling)))
        .clone();
    if rate.is_some() && (pacer.ceiling() - ceiling).abs() > f64::EPSILON {
        pacer.set_ceiling(ceiling);
    }
    pacer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_come_from_the_model_and_the_exception_table() {
        let create = crate::operation("CreateEngagementInvitation").unwrap();
        assert_eq!(QuotaGroup::of(create), QuotaGroup::Writes);
        assert_eq!(
            QuotaGroup::of(create).documented_daily_limit(),
            Some(10_000)
        );
        let list = crate::operation("ListEngagementInvitations").unwrap();
        assert_eq!(QuotaGroup::of(list), QuotaGroup::Reads);
        assert_eq!(QuotaGroup::of(list).documented_rate(), 10.0);
        let engagement = crate::operation("CreateEngagement").unwrap();
        assert_eq!(QuotaGroup::of(engagement).documented_rate(), 15.0);
        for (name, _) in QUOTA_EXCEPTIONS {
            assert!(
                crate::operation(name).is_some(),
                "{name} is not in the model"
            );
        }
    }

    #[test]
    fn slots_are_spaced_at_the_rate() {
        let p = Pacer::new(4.0);
        let first = p.reserve();
        let slots: Vec<Instant> = (0..8).map(|_| p.reserve()).collect();
        let span = slots.last().unwrap().duration_since(first).as_secs_f64();
        let expected = 2.0 / MARGIN;
        assert!(
            (span - expected).abs() < 0.01,
            "8 slots after the first at 4/s span {span}s"
        );
    }

    #[test]
    fn a_throttle_slows_and_the_rate_climbs_back_to_the_ceiling_only() {
        let p = Pacer::new(10.0);
        p.on_throttle();
        assert!((p.rate() - 9.0).abs() < 0.1, "{}", p.rate());
        for _ in 0..5 {
            p.on_throttle();
        }
        assert!(p.rate() < 6.0, "{}", p.rate());
        // Shift the throttle into the past: the cubic curve is back above the ceiling.
        {
            let mut s = p.state.lock().unwrap();
            s.last_fail = Some(-100.0);
        }
        assert_eq!(p.rate(), 10.0);
        assert_eq!(p.throttles(), 6);
    }

    #[test]
    fn one_pacer_per_account_and_group() {
        let key = |account: &str| QuotaKey {
            endpoint: "http://pace.test".into(),
            account: Some(account.into()),
            group: QuotaGroup::Writes,
        };
        let a = pacer(key("AKIDA"), None);
        let a2 = pacer(key("AKIDA"), None);
        let b = pacer(key("AKIDB"), Some(3.0));
        assert!(Arc::ptr_eq(&a, &a2));
        assert!(!Arc::ptr_eq(&a, &b));
        assert_eq!(a.ceiling(), 1.0);
        assert_eq!(b.ceiling(), 3.0);
    }
}
