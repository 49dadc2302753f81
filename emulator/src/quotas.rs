//! The service's documented quotas, when asked for (`EmulatorConfig::quotas`, `--quotas aws`):
//! per partner account and per operation, a rate (token bucket over the host's clock) and a
//! rolling 24-hour limit (over the emulator's clock, so `advance` lets a day pass). Beyond either,
//! `ThrottlingException`, as the service answers.
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Per second, and per rolling 24 hours (`None`: no daily limit documented).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    pub per_second: f64,
    pub per_day: Option<u64>,
}

/// Which quotas apply. `Quotas::aws()` is the quotas page; `scale` multiplies every rate and daily
/// limit; `overrides` replace single operations' limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quotas {
    pub scale: f64,
    pub overrides: Vec<(String, Rate)>,
}

const READS: Rate = Rate {
    per_second: 10.0,
    per_day: Some(100_000),
};
const WRITES: Rate = Rate {
    per_second: 1.0,
    per_day: Some(10_000),
};

/// The quotas page, operation by operation.
const DOCUMENTED: &[(&str, Rate)] = &[
    ("GetOpportunity", READS),
    ("GetAwsOpportunitySummary", READS),
    ("ListOpportunities", READS),
    ("ListSolutions", READS),
    ("GetEngagementInvitation", READS),
    ("ListEngagementInvitations", READS),
    (
        "GetProspectingFromEngagementTask",
        Rate {
            per_second: 100.0,
            per_day: None,
        },
    ),
    (
        "ListProspectingFromEngagementTasks",
        Rate {
            per_second: 50.0,
            per_day: None,
        },
    ),
    ("CreateOpportunity", WRITES),
    ("UpdateOpportunity", WRITES),
    ("AssociateOpportunity", WRITES),
    ("DisassociateOpportunity", WRITES),
    ("RejectEngagementInvitation", WRITES),
    ("AssignOpportunity", WRITES),
    ("StartEngagementFromOpportunityTask", WRITES),
    ("StartEngagementByAcceptingInvitationTask", WRITES),
    (
        "StartProspectingFromEngagementTask",
        Rate {
            per_second: 2.0,
            per_day: None,
        },
    ),
    (
        "CreateEngagement",
        Rate {
            per_second: 15.0,
            per_day: None,
        },
    ),
];

impl Default for Quotas {
    fn default() -> Self {
        Quotas::aws()
    }
}

impl Quotas {
    pub fn aws() -> Quotas {
        Quotas {
            scale: 1.0,
            overrides: Vec::new(),
        }
    }

    /// `OPERATION=RATE[/DAILY]`, the form of the `--quota` flag.
    pub fn parse_override(spec: &str) -> Result<(String, Rate), String> {
        let usage = || {
            format!(
                "a quota is written OPERATION=RATE[/DAILY], e.g. CreateOpportunity=5/20000, got {spec:?}"
            )
        };
        let (name, limits) = spec.split_once('=').ok_or_else(usage)?;
        if partnercentral_selling::operation(name).is_none() {
            return Err(format!(
                "{name:?} is not an operation of the model; {}",
                usage()
            ));
        }
        let (rate, daily) = match limits.split_once('/') {
            Some((r, d)) => (r, Some(d)),
            None => (limits, None),
        };
        let per_second: f64 = rate.parse().map_err(|_| usage())?;
        if !(per_second.is_finite() && per_second > 0.0) {
            return Err(format!("the rate must be a positive number; {}", usage()));
        }
        let per_day = daily
            .map(|d| d.parse::<u64>().map_err(|_| usage()))
            .transpose()?;
        Ok((
            name.to_owned(),
            Rate {
                per_second,
                per_day,
            },
        ))
    }

    /// The limits of one operation: an override, else the page, else (not on the page) the read
    /// group's for operations the model marks read-only and the write group's for the rest.
    pub fn rate(&self, operation: &str) -> Rate {
        let base = self
            .overrides
            .iter()
            .find(|(n, _)| n == operation)
            .map(|(_, r)| *r)
            .or_else(|| {
                DOCUMENTED
                    .iter()
                    .find(|(n, _)| *n == operation)
                    .map(|(_, r)| *r)
            })
            .unwrap_or_else(|| {
                let readonly = partnercentral_selling::operation(operation)
                    .is_some_and(|o| o.readonly)
                    || operation.starts_with("Get")
                    || operation.starts_with("List")
                    || operation.starts_with("Search");
                if readonly { READS } else { WRITES }
            });
        Rate {
            per_second: base.per_second * self.scale,
            per_day: base
                .per_day
                .map(|d| ((d as f64) * self.scale).ceil().max(1.0) as u64),
        }
    }

    pub(crate) fn check(&self) -> Result<(), String> {
        if !(self.scale.is_finite() && self.scale > 0.0) {
            return Err(format!(
                "quota scale must be a positive number, got {}",
                self.scale
            ));
        }
        Ok(())
    }
}

struct Bucket {
    tokens: f64,
    at: Instant,
    day: VecDeque<i128>,
}

/// The live counters, per (account, operation).
pub struct QuotaState {
    quotas: Option<Quotas>,
    buckets: Mutex<HashMap<(String, &'static str), Bucket>>,
}

const DAY_MS: i128 = 86_400_000;

impl QuotaState {
    pub fn new(quotas: Option<Quotas>) -> QuotaState {
        QuotaState {
            quotas,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    pub fn enabled(&self) -> bool {
        self.quotas.is_some()
    }

    /// Takes one request of `account` for `operation` at emulator time `now`; `Err` with the
    /// ThrottlingException message when over a limit (nothing is counted then).
    pub fn take(
        &self,
        account: &str,
        operation: &'static str,
        now: OffsetDateTime,
    ) -> Result<(), String> {
        let Some(quotas) = &self.quotas else {
            return Ok(());
        };
        let rate = quotas.rate(operation);
        // The bucket holds one second's worth of the unscaled rate: scaling speeds the refill
        // without widening bursts, so a scaled run keeps the documented proportions.
        let burst = (rate.per_second / quotas.scale).max(1.0);
        let now_ms = now.unix_timestamp_nanos() / 1_000_000;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let bucket = buckets
            .entry((account.to_owned(), operation))
            .or_insert_with(|| Bucket {
                tokens: burst,
                at: Instant::now(),
                day: VecDeque::new(),
            });
        let elapsed = bucket.at.elapsed().as_secs_f64();
        bucket.at = Instant::now();
        bucket.tokens = (bucket.tokens + elapsed * rate.per_second).min(burst);
        while bucket.day.front().is_some_and(|&t| t <= now_ms - DAY_MS) {
            bucket.day.pop_front();
        }
        if let Some(limit) = rate.per_day
            && bucket.day.len() as u64 >= limit
        {
            return Err(format!(
                "Rate exceeded: account {account} made {limit} {operation} requests in the last 24 hours, its daily quota"
            ));
        }
        if bucket.tokens < 1.0 {
            return Err(format!(
                "Rate exceeded: {operation} allows {} requests per second per account",
                rate.per_second
            ));
        }
        bucket.tokens -= 1.0;
        if rate.per_day.is_some() {
            bucket.day.push_back(now_ms);
        }
        Ok(())
    }

    pub fn reset(&self) {
        self.buckets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_groups_and_the_emulators_choice_for_the_rest() {
        let q = Quotas::aws();
        assert_eq!(q.rate("GetOpportunity"), READS);
        assert_eq!(q.rate("CreateOpportunity"), WRITES);
        assert_eq!(q.rate("CreateEngagement").per_second, 15.0);
        assert_eq!(q.rate("CreateEngagementInvitation"), WRITES);
        assert_eq!(q.rate("AcceptEngagementInvitation"), WRITES);
        assert_eq!(q.rate("GetEngagement"), READS);
        let scaled = Quotas {
            scale: 10.0,
            overrides: vec![],
        };
        assert_eq!(
            scaled.rate("CreateOpportunity"),
            Rate {
                per_second: 10.0,
                per_day: Some(100_000)
            }
        );
    }

    #[test]
    fn overrides_parse_and_name_the_fix() {
        assert_eq!(
            Quotas::parse_override("CreateOpportunity=5/20000").unwrap(),
            (
                "CreateOpportunity".to_owned(),
                Rate {
                    per_second: 5.0,
                    per_day: Some(20_000)
                }
            )
        );
        assert_eq!(
            Quotas::parse_override("ListSolutions=2").unwrap().1.per_day,
            None
        );
        assert!(
            Quotas::parse_override("Nope=1")
                .unwrap_err()
                .contains("not an operation")
        );
        assert!(
            Quotas::parse_override("ListSolutions=fast")
                .unwrap_err()
                .contains("OPERATION=RATE")
        );
    }

    #[test]
    fn the_daily_limit_rolls_with_the_emulator_clock() {
        let state = QuotaState::new(Some(Quotas {
            scale: 1.0,
            overrides: vec![(
                "ListSolutions".into(),
                Rate {
                    per_second: 1000.0,
                    per_day: Some(3),
                },
            )],
        }));
        let t0 = OffsetDateTime::UNIX_EPOCH;
        for _ in 0..3 {
            state.take("a", "ListSolutions", t0).unwrap();
        }
        assert!(
            state
                .take("a", "ListSolutions", t0)
                .unwrap_err()
                .contains("24 hours")
        );
        // Another account has its own quota.
        state.take("b", "ListSolutions", t0).unwrap();
        // A day later the window has moved on.
        state
            .take("a", "ListSolutions", t0 + time::Duration::days(1))
            .unwrap();
    }

    #[test]
    fn the_rate_refills_over_time() {
        let state = QuotaState::new(Some(Quotas::aws()));
        let t0 = OffsetDateTime::UNIX_EPOCH;
        state.take("a", "CreateOpportunity", t0).unwrap();
        assert!(
            state
                .take("a", "CreateOpportunity", t0)
                .unwrap_err()
                .contains("per second")
        );
    }
}
