//! Pacing: one send schedule per (endpoint, partner account, quota group), shared by every client
//! and every bulk run of the process that spend the same account's quota.
//!
//! The schedule starts at the documented rate (or the configured one) and never goes above it;
//! on a throttle it drops to 70% of the rate it was sending at and climbs back along the CUBIC
//! curve of the adaptive retry mode ([`crate::adaptive`], botocore's `retries/adaptive.py`),
//! capped at the ceiling again.
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::model::Operation;

mod shared;

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

/// When throttles come densely (a quota lower than documented, another process on the account
/// that does not share the schedule), the rate that gets through is estimated from the share of
/// answers that were not throttled (at least `FLOOR_CUT` of the rate); the pacer drops to `BETA`
/// of that estimate and climbs back along the adaptive retry mode's CUBIC curve, whose plateau is
/// the estimate. Repeated dense throttles bring the rate down geometrically.
const BETA: f64 = 0.9;
const FLOOR_CUT: f64 = 0.3;
const SCALE_CONSTANT: f64 = 0.4;
/// Slots are spaced for this share of the rate at first: the service's bucket has no burst, so a
/// request that arrives early by more than the slack is throttled. The share is learned
/// ([`MARGIN_STEP_THROTTLE`], [`MARGIN_STEP_ANSWER`]) between [`MIN_MARGIN`] and [`MAX_MARGIN`].
pub const MARGIN: f64 = 0.98;
const MIN_MARGIN: f64 = 0.85;
const MAX_MARGIN: f64 = 0.995;
/// A sparse throttle is arrival jitter (the request before it left late, this one on time): it
/// widens the slack by a point; every answer narrows it a little. The two steps balance at about
/// one throttle per 50 requests, each costing one slot, so the learned slack settles where the
/// network's jitter puts it instead of where a constant guessed it.
const MARGIN_STEP_THROTTLE: f64 = 0.01;
const MARGIN_STEP_ANSWER: f64 = 0.0002;
/// Throttles are dense when at least this many of the last [`WINDOW`] answers were throttles.
const DENSE: usize = 5;
const WINDOW: usize = 20;
/// The schedule never falls below this share of its ceiling.
const MIN_SHARE: f64 = 0.05;

/// One account's send schedule for one quota group.
#[derive(Debug)]
pub struct Pacer {
    state: Mutex<PaceState>,
    origin: Instant,
    /// `origin` as Unix seconds: the clock the schedules shared with other processes are in.
    origin_unix: f64,
    shared: Mutex<Vec<Arc<shared::Schedule>>>,
}

#[derive(Debug)]
struct PaceState {
    ceiling: f64,
    rate: f64,
    margin: f64,
    /// Seconds since `origin` of the last slot handed out, and of the last request that left.
    last_slot: Option<f64>,
    last_sent: Option<f64>,
    /// The last answers, `true` for a throttle.
    recent: std::collections::VecDeque<bool>,
    /// CUBIC: the rate at the last dense throttle, its time and the curve's zero point.
    w_max: f64,
    last_fail: Option<f64>,
    k: f64,
    throttles: u64,
}

impl Pacer {
    fn new(ceiling: f64) -> Self {
        let origin_unix = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        Pacer {
            state: Mutex::new(PaceState {
                ceiling,
                rate: ceiling,
                margin: MARGIN,
                last_slot: None,
                last_sent: None,
                recent: Default::default(),
                w_max: ceiling,
                last_fail: None,
                k: 0.0,
                throttles: 0,
            }),
            origin: Instant::now(),
            origin_unix,
            shared: Mutex::new(Vec::new()),
        }
    }

    fn now(&self) -> f64 {
        self.origin.elapsed().as_secs_f64()
    }

    fn instant(&self, at: f64) -> Instant {
        self.origin + Duration::from_secs_f64(at.max(0.0))
    }

    /// Takes the next send slot; returns when it is (now or later). Slots are spaced by
    /// `1 / (rate * margin)` after the last slot (in this process and in every process sharing a
    /// schedule file) and at least `1 / rate` after the last request that really left: a request
    /// late by less than the slack costs nothing (the timer's usual millisecond would otherwise
    /// add up over a run), one late by more moves the schedule back.
    pub fn reserve(&self) -> Instant {
        let now = self.now();
        let mut s = self.state.lock().expect("pacer lock");
        s.grow(now);
        let gap = s.gap();
        let interval = 1.0 / s.rate;
        let mut slot = now;
        if let Some(last) = s.last_slot {
            slot = slot.max(last + gap);
        }
        if let Some(sent) = s.last_sent {
            slot = slot.max(sent + interval);
        }
        for schedule in self.shared.lock().expect("pacer shares").iter() {
            let unix = schedule.reserve(self.origin_unix + slot, gap, interval);
            slot = slot.max(unix - self.origin_unix);
        }
        s.last_slot = Some(slot);
        self.instant(slot)
    }

    /// Waits for the next slot. On waking it checks when the request before it really left: one
    /// that left later than the slack allows (a busy machine) moves this one back, since the
    /// service counts arrivals, not the schedule.
    pub async fn acquire(&self) {
        self.wait(self.reserve()).await;
    }

    /// Waits for a slot taken with [`Pacer::reserve`] (work done in between, such as the
    /// journal's fsync, overlaps the wait instead of delaying the schedule), with the same check
    /// on waking as [`Pacer::acquire`]; returns the slot it finally waited for.
    pub async fn wait(&self, slot: Instant) -> Instant {
        let mut at = slot;
        loop {
            tokio::time::sleep_until(at.into()).await;
            let shared_sent = self
                .shared
                .lock()
                .expect("pacer shares")
                .iter()
                .filter_map(|schedule| schedule.last_sent())
                .map(|unix| unix - self.origin_unix)
                .reduce(f64::max);
            let now = self.now();
            let mut s = self.state.lock().expect("pacer lock");
            let interval = 1.0 / s.rate;
            let last_sent = match (s.last_sent, shared_sent) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            match last_sent {
                Some(sent) if sent + interval > now + 1e-4 => {
                    // The last slot handed out moves back with this one. A slot handed out after
                    // this one (a throttled row waiting again) keeps its place, and this one goes
                    // after it: two waiters never wake together.
                    let mine = at.duration_since(self.origin).as_secs_f64();
                    let later = match s.last_slot {
                        Some(last) if last > mine + 1e-6 => (sent + interval).max(last + s.gap()),
                        _ => sent + interval,
                    };
                    s.last_slot = Some(s.last_slot.map_or(later, |l| l.max(later)));
                    at = self.instant(later);
                }
                _ => return at,
            }
        }
    }

    /// The request of a slot is leaving now.
    pub fn sent(&self) {
        let now = self.now();
        {
            let mut s = self.state.lock().expect("pacer lock");
            s.last_sent = Some(s.last_sent.map_or(now, |l| l.max(now)));
        }
        for schedule in self.shared.lock().expect("pacer shares").iter() {
            schedule.sent(self.origin_unix + now);
        }
    }

    /// A request was answered without a throttle.
    pub fn on_answer(&self) {
        let mut s = self.state.lock().expect("pacer lock");
        s.margin = (s.margin + MARGIN_STEP_ANSWER).min(MAX_MARGIN);
        s.remember(false);
    }

    /// A request was throttled: widen the slack; when throttles are dense, send slower.
    pub fn on_throttle(&self) {
        let now = self.now();
        let mut s = self.state.lock().expect("pacer lock");
        s.grow(now);
        s.throttles += 1;
        s.margin = (s.margin - MARGIN_STEP_THROTTLE).max(MIN_MARGIN);
        s.remember(true);
        let throttled = s.recent.iter().filter(|t| **t).count();
        if throttled >= DENSE {
            // The share of answers that got through estimates what the account takes from us
            // now (a quota a quarter of the rate is found in one or two cuts, not a dozen). The
            // curve's plateau is put there, not at the rate that was throttled: CUBIC climbs back
            // to its plateau within seconds, and a plateau above the quota would throttle again.
            let through = 1.0 - throttled as f64 / s.recent.len() as f64;
            let floor = s.ceiling * MIN_SHARE;
            s.w_max = (s.rate * through.clamp(FLOOR_CUT, 1.0)).max(floor);
            s.rate = (s.w_max * BETA).max(floor);
            s.k = (s.w_max * (1.0 - BETA) / SCALE_CONSTANT).cbrt();
            s.last_fail = Some(now);
            s.recent.clear();
        }
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

    /// The learned share of the rate that slots are spaced for.
    pub fn margin(&self) -> f64 {
        self.state.lock().expect("pacer lock").margin
    }

    /// Throttles seen so far.
    pub fn throttles(&self) -> u64 {
        self.state.lock().expect("pacer lock").throttles
    }

    /// Shares this schedule with every process that shares `dir` (the journal's directory) and
    /// spends the same quota: each slot is also taken in the file `dir/.pcs-pace.sqlite`, so
    /// processes there send one after another instead of throttling each other. Until the guard
    /// is dropped.
    pub fn share(self: &Arc<Self>, dir: &Path, key: &QuotaKey) -> Result<ShareGuard, String> {
        let (path, hashed) = shared::Schedule::locate(dir, key);
        let mut list = self.shared.lock().expect("pacer shares");
        let schedule = match list.iter().find(|s| s.is(&path, &hashed)) {
            Some(existing) => existing.clone(),
            None => {
                let opened = Arc::new(shared::Schedule::open(path, hashed)?);
                list.push(opened.clone());
                opened
            }
        };
        Ok(ShareGuard {
            pacer: self.clone(),
            schedule,
        })
    }
}

/// Keeps a [`Pacer`] attached to a shared schedule file; dropping it detaches (when no other run of
/// the process uses the same file).
pub struct ShareGuard {
    pacer: Arc<Pacer>,
    schedule: Arc<shared::Schedule>,
}

impl Drop for ShareGuard {
    fn drop(&mut self) {
        let mut list = self.pacer.shared.lock().expect("pacer shares");
        // The list holds one reference and this guard another: no other run uses the file.
        if Arc::strong_count(&self.schedule) <= 2 {
            list.retain(|s| !Arc::ptr_eq(s, &self.schedule));
        }
    }
}

impl PaceState {
    fn gap(&self) -> f64 {
        1.0 / (self.rate * self.margin)
    }

    fn remember(&mut self, throttled: bool) {
        if self.recent.len() == WINDOW {
            self.recent.pop_front();
        }
        self.recent.push_back(throttled);
    }

    /// After a dense throttle, the rate climbs back along the cubic curve, capped at the ceiling.
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
    fn a_sparse_throttle_widens_the_slack_and_answers_narrow_it_back() {
        let p = Pacer::new(10.0);
        p.on_throttle();
        assert_eq!(p.rate(), 10.0, "one throttle is jitter, not a lower quota");
        assert!((p.margin() - (MARGIN - MARGIN_STEP_THROTTLE)).abs() < 1e-9);
        for _ in 0..1000 {
            p.on_answer();
        }
        assert_eq!(p.margin(), MAX_MARGIN);
        for _ in 0..100 {
            for _ in 0..WINDOW {
                p.on_answer();
            }
            p.on_throttle();
        }
        assert_eq!(p.margin(), MIN_MARGIN, "the slack is bounded");
        assert_eq!(p.rate(), 10.0);
    }

    #[test]
    fn dense_throttles_slow_the_rate_which_climbs_back_to_the_ceiling_only() {
        let p = Pacer::new(10.0);
        // 5 throttles among 20 answers: three quarters got through.
        for _ in 0..WINDOW - DENSE {
            p.on_answer();
        }
        for _ in 0..DENSE {
            p.on_throttle();
        }
        let after_one = 7.5 * BETA;
        assert!((p.rate() - after_one).abs() < 0.05, "{}", p.rate());
        // Nothing gets through: the deepest cut, then again.
        for _ in 0..DENSE {
            p.on_throttle();
        }
        let after_two = after_one * FLOOR_CUT * BETA;
        assert!((p.rate() - after_two).abs() < 0.05, "{}", p.rate());
        for _ in 0..DENSE * 4 {
            p.on_throttle();
        }
        assert_eq!(p.rate(), 10.0 * MIN_SHARE, "never below the floor");
        // Shift the throttle into the past: the cubic curve is back above the ceiling.
        p.state.lock().unwrap().last_fail = Some(-100.0);
        assert_eq!(p.rate(), 10.0);
        assert_eq!(p.throttles(), DENSE as u64 * 6);
    }

    #[test]
    fn a_request_that_left_late_moves_the_next_slot() {
        let p = Pacer::new(10.0);
        let first = p.reserve();
        // The first request leaves 50 ms after its slot.
        p.state.lock().unwrap().last_sent = Some(p.now() + 0.05);
        let next = p.reserve();
        let gap = next.duration_since(first).as_secs_f64();
        assert!(gap >= 0.05 + 0.1 - 1e-3, "next slot {gap}s after the first");
    }

    #[tokio::test]
    async fn waiters_moved_back_by_a_late_send_never_wake_together() {
        let p = Pacer::new(20.0);
        let first = p.reserve();
        let second = p.reserve();
        // The request before both left late: both slots come too early after it. (Half a
        // second, so that a test thread woken late on a busy machine still wakes before it.)
        p.state.lock().unwrap().last_sent = Some(p.now() + 0.5);
        let (a, b) = tokio::join!(p.wait(first), p.wait(second));
        let apart = if a > b {
            a.duration_since(b)
        } else {
            b.duration_since(a)
        };
        assert!(
            apart.as_secs_f64() >= 1.0 / 20.0 - 1e-3,
            "the two slots are {apart:?} apart"
        );
        assert!(a.min(b).duration_since(first).as_secs_f64() >= 0.5 + 0.05 - 1e-3);
    }

    #[test]
    fn processes_sharing_a_directory_take_turns() {
        let dir = tempfile::tempdir().unwrap();
        let key = QuotaKey {
            endpoint: "http://pace.shared".into(),
            account: Some("AKIDSHARED".into()),
            group: QuotaGroup::Writes,
        };
        // Two pacers stand for two processes: each has its own state, the file is common.
        let a = Arc::new(Pacer::new(5.0));
        let b = Arc::new(Pacer::new(5.0));
        let _ga = a.share(dir.path(), &key).unwrap();
        let _gb = b.share(dir.path(), &key).unwrap();
        let mut slots: Vec<f64> = (0..10)
            .map(|i| {
                let (p, at) = if i % 2 == 0 {
                    (&a, a.reserve())
                } else {
                    (&b, b.reserve())
                };
                p.origin_unix + at.duration_since(p.origin).as_secs_f64()
            })
            .collect();
        slots.sort_by(f64::total_cmp);
        let gap = 1.0 / (5.0 * MARGIN);
        for w in slots.windows(2) {
            assert!(w[1] - w[0] >= gap - 1e-3, "slots {w:?} closer than {gap}s");
        }
        // Another account in the same file is not held back.
        let other = Arc::new(Pacer::new(5.0));
        let _go = other
            .share(
                dir.path(),
                &QuotaKey {
                    account: Some("AKIDOTHER".into()),
                    ..key.clone()
                },
            )
            .unwrap();
        let at = other.reserve();
        assert!(at.duration_since(Instant::now()) < Duration::from_millis(50));
    }

    #[test]
    fn a_detached_run_leaves_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let key = QuotaKey {
            endpoint: "http://pace.detach".into(),
            account: None,
            group: QuotaGroup::Reads,
        };
        let p = Arc::new(Pacer::new(10.0));
        let g1 = p.share(dir.path(), &key).unwrap();
        let g2 = p.share(dir.path(), &key).unwrap();
        assert_eq!(p.shared.lock().unwrap().len(), 1, "one file, attached once");
        drop(g1);
        assert_eq!(
            p.shared.lock().unwrap().len(),
            1,
            "still used by the other run"
        );
        drop(g2);
        assert!(p.shared.lock().unwrap().is_empty());
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
