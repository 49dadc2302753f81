//! The client-side rate limiter of the `adaptive` retry mode, as botocore implements it
//! (`botocore/retries/adaptive.py`, `bucket.py`, `throttling.py`): a token bucket that stays off
//! until the first throttle, then sends at a rate that CUBIC congestion control adjusts — cut to
//! 70% of the measured rate on each throttle, grown back along a cubic curve on success.
//!
//! Time is passed in (seconds on a monotonic clock), so the arithmetic is testable without sleeping.
use std::sync::Mutex;
use std::time::Duration;

const MIN_FILL_RATE: f64 = 0.5;
const BETA: f64 = 0.7;
const SCALE_CONSTANT: f64 = 0.4;
const SMOOTHING: f64 = 0.8;
/// The measured-rate clock's bucket width, in seconds.
const TIME_BUCKET: f64 = 0.5;
/// The bucket's rate never exceeds twice what the client actually sent.
const MAX_RATE_ADJUST_SCALE: f64 = 2.0;

#[derive(Debug)]
pub(crate) struct RateLimiter {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    enabled: bool,
    // token bucket
    fill_rate: f64,
    max_capacity: f64,
    capacity: f64,
    last_refill: Option<f64>,
    // CUBIC
    w_max: f64,
    k: f64,
    last_fail: f64,
    // measured send rate
    measured_rate: f64,
    count: f64,
    current_bucket: f64,
}

impl RateLimiter {
    pub(crate) fn new(now: f64) -> Self {
        let w_max = MIN_FILL_RATE;
        Self {
            state: Mutex::new(State {
                enabled: false,
                fill_rate: MIN_FILL_RATE,
                max_capacity: 1.0,
                capacity: 1.0,
                last_refill: None,
                w_max,
                k: zero_point(w_max),
                last_fail: now,
                measured_rate: 0.0,
                count: 0.0,
                current_bucket: (now / TIME_BUCKET).floor() * TIME_BUCKET,
            }),
        }
    }

    /// Takes a token for one request sent at `now`; returns how long to wait first (zero until
    /// the first throttle has switched the limiter on).
    pub(crate) fn acquire(&self, now: f64) -> Duration {
        let mut s = self.state.lock().expect("rate limiter lock");
        if !s.enabled {
            return Duration::ZERO;
        }
        s.refill(now);
        if s.capacity >= 1.0 {
            s.capacity -= 1.0;
            return Duration::ZERO;
        }
        // The token is taken now and paid for by the wait (the bucket goes negative).
        let wait = (1.0 - s.capacity) / s.fill_rate;
        s.capacity -= 1.0;
        Duration::from_secs_f64(wait)
    }

    /// Updates the rate from a response received at `now`.
    pub(crate) fn on_response(&self, now: f64, throttled: bool) {
        let mut s = self.state.lock().expect("rate limiter lock");
        let measured = s.record(now);
        let new_rate = if throttled {
            let rate = if s.enabled {
                measured.min(s.fill_rate)
            } else {
                measured
            };
            s.w_max = rate;
            s.k = zero_point(rate);
            s.last_fail = now;
            s.enabled = true;
            rate * BETA
        } else {
            SCALE_CONSTANT * (now - s.last_fail - s.k).powi(3) + s.w_max
        };
        s.refill(now);
        s.set_rate(new_rate.min(MAX_RATE_ADJUST_SCALE * measured));
    }

    #[cfg(test)]
    fn rate(&self) -> (bool, f64) {
        let s = self.state.lock().unwrap();
        (s.enabled, s.fill_rate)
    }
}

fn zero_point(w_max: f64) -> f64 {
    (w_max * (1.0 - BETA) / SCALE_CONSTANT).cbrt()
}

impl State {
    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_refill {
            self.capacity =
                (self.capacity + (now - last).max(0.0) * self.fill_rate).min(self.max_capacity);
        }
        self.last_refill = Some(now);
    }

    fn set_rate(&mut self, rate: f64) {
        self.fill_rate = rate.max(MIN_FILL_RATE);
        self.max_capacity = self.fill_rate.max(1.0);
        self.capacity = self.capacity.min(self.max_capacity);
    }

    /// Smoothed requests per second over half-second buckets.
    fn record(&mut self, now: f64) -> f64 {
        let bucket = (now / TIME_BUCKET).floor() * TIME_BUCKET;
        self.count += 1.0;
        if bucket > self.current_bucket {
            let rate = self.count / (bucket - self.current_bucket);
            self.measured_rate = rate * SMOOTHING + self.measured_rate * (1.0 - SMOOTHING);
            self.count = 0.0;
            self.current_bucket = bucket;
        }
        self.measured_rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_until_the_first_throttle() {
        let limiter = RateLimiter::new(0.0);
        for i in 0..100 {
            assert_eq!(limiter.acquire(i as f64 * 0.01), Duration::ZERO);
            limiter.on_response(i as f64 * 0.01, false);
        }
        assert!(!limiter.rate().0);
    }

    #[test]
    fn a_throttle_cuts_the_rate_and_success_grows_it_back() {
        let limiter = RateLimiter::new(0.0);
        // Ten requests per second for two seconds, then a throttle.
        let mut t = 0.0;
        for _ in 0..20 {
            limiter.on_response(t, false);
            t += 0.1;
        }
        limiter.on_response(t, true);
        let (enabled, after_throttle) = limiter.rate();
        assert!(enabled);
        // 70% of the measured ~10/s.
        assert!(
            (5.0..8.0).contains(&after_throttle),
            "rate after throttle {after_throttle}"
        );
        // Requests now wait: a burst drains the bucket.
        let waits: Vec<Duration> = (0..20).map(|_| limiter.acquire(t)).collect();
        assert!(waits.last().unwrap() > &Duration::from_secs(1));
        // Successes over the following seconds grow the rate again.
        for _ in 0..40 {
            t += 0.1;
            limiter.on_response(t, false);
        }
        assert!(limiter.rate().1 > after_throttle);
    }

    #[test]
    fn the_rate_never_drops_below_the_minimum() {
        let limiter = RateLimiter::new(0.0);
        for i in 0..50 {
            limiter.on_response(i as f64, true);
        }
        assert_eq!(limiter.rate().1, MIN_FILL_RATE);
    }
}
