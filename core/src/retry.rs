//! Retry decisions: which failures are worth another attempt, how long to wait, and the retry
//! quota that stops a client from hammering a failing service.
//!
//! `Standard` follows the AWS SDKs' current standard mode (docs/design.md, step 5): throttling waits
//! from a 1 s base, other transient failures from 50 ms, doubling per attempt, capped at 20 s,
//! with full jitter; a retry costs 14 quota tokens (5 when throttled) out of 500, and a success
//! gives back what its retries took. botocore's older figures (5 per retry, 10 per timeout) are
//! deliberately not used. `Legacy` is botocore's legacy mode: no quota, `rand * 2^(n-1)` seconds.
//! `Adaptive` is `Standard` plus botocore's client-side rate limiter ([`crate::adaptive`]).
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::adaptive::RateLimiter;
use crate::error::{Error, is_throttling_code};

/// How failed attempts are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RetryMode {
    #[default]
    Standard,
    Legacy,
    /// Standard, plus a client-side send rate that backs off after throttling.
    Adaptive,
}

impl RetryMode {
    pub fn as_str(self) -> &'static str {
        match self {
            RetryMode::Standard => "standard",
            RetryMode::Legacy => "legacy",
            RetryMode::Adaptive => "adaptive",
        }
    }

    /// botocore's defaults: 3 attempts in standard mode, 5 in legacy.
    pub fn default_max_attempts(self) -> u32 {
        match self {
            RetryMode::Standard | RetryMode::Adaptive => 3,
            RetryMode::Legacy => 5,
        }
    }
}

impl fmt::Display for RetryMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RetryMode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "standard" => Ok(RetryMode::Standard),
            "legacy" => Ok(RetryMode::Legacy),
            "adaptive" => Ok(RetryMode::Adaptive),
            other => Err(Error::config(format!(
                "retry mode {other:?} is not one of \"standard\", \"legacy\", \"adaptive\""
            ))),
        }
    }
}

/// Codes that are transient whatever their HTTP status.
const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException", "InternalError"];

const TRANSIENT_STATUS: &[u16] = &[500, 502, 503, 504];

/// Why an attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    Throttling,
    Transient,
    Permanent,
}

pub(crate) fn classify_service(status: u16, code: &str) -> Failure {
    if status == 429 || is_throttling_code(code) {
        Failure::Throttling
    } else if TRANSIENT_STATUS.contains(&status) || TRANSIENT_CODES.contains(&code) {
        Failure::Transient
    } else {
        Failure::Permanent
    }
}

const QUOTA_CAPACITY: u32 = 500;
const RETRY_COST: u32 = 14;
const THROTTLING_RETRY_COST: u32 = 5;
const NO_RETRY_INCREMENT: u32 = 1;
const MAX_BACKOFF: Duration = Duration::from_secs(20);
const THROTTLING_BASE: Duration = Duration::from_secs(1);
const TRANSIENT_BASE: Duration = Duration::from_millis(50);
/// How far past its computed backoff a server's `x-amz-retry-after` may push a wait.
const RETRY_AFTER_SLACK: Duration = Duration::from_secs(5);

/// One client's retry state, shared by all its clones.
#[derive(Debug)]
pub(crate) struct RetryPolicy {
    pub(crate) mode: RetryMode,
    pub(crate) max_attempts: u32,
    /// Multiplies every wait; 1.0 normally. Tests set it near 0 to run retries without sleeping.
    pub(crate) backoff_scale: f64,
    /// False for the bulk engine's clients: a throttled attempt goes back to the bulk pacer,
    /// which re-sends it at the account's pace instead of after a backoff of its own.
    pub(crate) retry_throttling: bool,
    quota: Mutex<u32>,
    limiter: Option<RateLimiter>,
    clock_start: Instant,
}

impl RetryPolicy {
    pub(crate) fn new(mode: RetryMode, max_attempts: u32, backoff_scale: f64) -> Self {
        Self {
            mode,
            max_attempts,
            backoff_scale,
            retry_throttling: true,
            quota: Mutex::new(QUOTA_CAPACITY),
            limiter: (mode == RetryMode::Adaptive).then(|| RateLimiter::new(0.0)),
            clock_start: Instant::now(),
        }
    }

    fn now(&self) -> f64 {
        self.clock_start.elapsed().as_secs_f64()
    }

    /// How long the adaptive rate limiter holds the next attempt back (zero in other modes).
    pub(crate) fn send_delay(&self) -> Duration {
        match &self.limiter {
            Some(l) => l.acquire(self.now()).mul_f64(self.backoff_scale),
            None => Duration::ZERO,
        }
    }

    /// Feeds an attempt's outcome to the adaptive rate limiter.
    pub(crate) fn record(&self, failure: Option<Failure>) {
        if let Some(l) = &self.limiter {
            l.on_response(self.now(), failure == Some(Failure::Throttling));
        }
    }

    /// Takes quota for one more attempt after `attempt` failed with `failure`, and returns the
    /// cost taken (to give back on success), or `None` when no retry may happen.
    pub(crate) fn acquire(&self, attempt: u32, failure: Failure) -> Option<u32> {
        if failure == Failure::Permanent || attempt >= self.max_attempts {
            return None;
        }
        if failure == Failure::Throttling && !self.retry_throttling {
            return None;
        }
        if self.mode == RetryMode::Legacy {
            return Some(0);
        }
        let cost = if failure == Failure::Throttling {
            THROTTLING_RETRY_COST
        } else {
            RETRY_COST
        };
        let mut quota = self.quota.lock().expect("retry quota lock");
        if *quota < cost {
            tracing::debug!(
                available = *quota,
                cost,
                "retry quota exhausted; not retrying"
            );
            return None;
        }
        *quota -= cost;
        Some(cost)
    }

    /// A call succeeded: return the quota its retries took (or one token if it needed none).
    pub(crate) fn release(&self, taken: u32) {
        if self.mode == RetryMode::Legacy {
            return;
        }
        let mut quota = self.quota.lock().expect("retry quota lock");
        let refund = if taken == 0 {
            NO_RETRY_INCREMENT
        } else {
            taken
        };
        *quota = (*quota + refund).min(QUOTA_CAPACITY);
    }

    /// The wait before attempt `attempt + 1`. `retry_after` is the server's `x-amz-retry-after`.
    pub(crate) fn backoff(
        &self,
        attempt: u32,
        failure: Failure,
        retry_after: Option<Duration>,
    ) -> Duration {
        let jitter: f64 = rand::random();
        let exponent = 2f64.powi(attempt.saturating_sub(1).min(30) as i32);
        let wait = match self.mode {
            RetryMode::Legacy => Duration::from_secs_f64(jitter * exponent).min(MAX_BACKOFF),
            RetryMode::Standard | RetryMode::Adaptive => {
                let base = if failure == Failure::Throttling {
                    THROTTLING_BASE
                } else {
                    TRANSIENT_BASE
                };
                let ceiling = (base.as_secs_f64() * exponent).min(MAX_BACKOFF.as_secs_f64());
                let computed = Duration::from_secs_f64(jitter * ceiling);
                match retry_after {
                    Some(hint) => hint.max(computed).min(computed + RETRY_AFTER_SLACK),
                    None => computed,
                }
            }
        };
        wait.mul_f64(self.backoff_scale)
    }
}
