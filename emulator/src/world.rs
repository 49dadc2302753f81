//! Everything the emulator remembers, in one serializable value: every account's resources, the
//! ClientTokens already used, the clock's offset and the event log. One lock guards it (see
//! `store.rs`), so a check and the write that follows are one step for every operation.
use std::collections::{BTreeMap, HashMap};

use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// How long an invitation stays open before the service expires it (documented: 15 days).
pub const INVITATION_LIFETIME: time::Duration = time::Duration::days(15);
/// The EventBridge source of every event.
pub const EVENT_SOURCE: &str = "aws.partnercentral-selling";
/// The only region the service runs in.
pub const REGION: &str = "us-east-1";

/// One stored resource of one account in one catalog. `doc` holds the members a Get answer shows;
/// members whose name starts with `_` are the emulator's bookkeeping and never leave it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub kind: String,
    pub catalog: String,
    pub id: String,
    pub arn: String,
    pub owner: String,
    pub seq: u64,
    pub doc: Map<String, Value>,
}

impl Record {
    /// The document without bookkeeping members.
    pub fn public(&self) -> Map<String, Value> {
        self.doc
            .iter()
            .filter(|(k, _)| !k.starts_with('_'))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// A member by JSON pointer (`/LifeCycle/ReviewStatus`).
    pub fn ptr(&self, pointer: &str) -> Option<&Value> {
        let mut parts = pointer.trim_start_matches('/').split('/');
        let mut value = self.doc.get(parts.next()?)?;
        for part in parts {
            value = value.get(part)?;
        }
        Some(value)
    }

    pub fn str(&self, member: &str) -> &str {
        self.doc.get(member).and_then(Value::as_str).unwrap_or("")
    }

    /// Account ids listed in a bookkeeping array member (`_members`, ...).
    pub fn accounts(&self, member: &str) -> Vec<String> {
        self.doc
            .get(member)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// An answer remembered for a ClientToken.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenEntry {
    pub fingerprint: Value,
    pub response: Value,
}

/// One EventBridge event, as delivered to one account's default bus.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredEvent {
    pub seq: u64,
    pub account: String,
    /// The resource the event is about (ordering per resource is kept on delivery).
    pub resource: String,
    pub event: Value,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct World {
    /// Milliseconds added to the host's clock (`advance`, `set_time`).
    pub clock_offset_ms: i64,
    /// The last timestamp handed out, so creation order and date order agree.
    pub last_time_ms: i64,
    pub next_seq: u64,
    pub next_opportunity: u64,
    pub next_solution: u64,
    pub records: BTreeMap<String, Record>,
    pub arns: HashMap<String, String>,
    pub tokens: HashMap<String, TokenEntry>,
    pub events: Vec<StoredEvent>,
    /// (due time, record key) of every pending expiry and task end, earliest first.
    #[serde(default)]
    pub timers: std::collections::BTreeSet<(String, String)>,
    /// Bumped by every change, so persistence writes only after a change.
    #[serde(skip)]
    pub version: u64,
}

pub fn key(catalog: &str, kind: &str, id: &str) -> String {
    format!("{catalog}/{kind}/{id}")
}

impl World {
    /// The emulator's time: the host clock plus the offset, strictly after the last one handed out.
    pub fn now(&mut self) -> OffsetDateTime {
        let host = OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000;
        let mut ms = host as i64 + self.clock_offset_ms;
        if ms <= self.last_time_ms {
            ms = self.last_time_ms + 1;
        }
        self.last_time_ms = ms;
        from_ms(ms)
    }

    /// The emulator's time without advancing the "last handed out" mark.
    pub fn peek_now(&self) -> OffsetDateTime {
        let host = OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000;
        from_ms((host as i64 + self.clock_offset_ms).max(self.last_time_ms))
    }

    pub fn advance(&mut self, by: time::Duration) {
        self.clock_offset_ms += by.whole_milliseconds() as i64;
        self.version += 1;
    }

    /// Moves the clock so that it reads `at` now; refuses to go back before a time already
    /// handed out (dates would stop being ordered).
    pub fn set_time(&mut self, at: OffsetDateTime) -> Result<(), String> {
        let at_ms = (at.unix_timestamp_nanos() / 1_000_000) as i64;
        if at_ms < self.last_time_ms {
            return Err(format!(
                "the clock cannot go back before {} (a time it already handed out)",
                timestamp(from_ms(self.last_time_ms))
            ));
        }
        let host = (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64;
        self.clock_offset_ms = at_ms - host;
        self.version += 1;
        Ok(())
    }

    pub fn seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    pub fn insert(&mut self, record: Record) {
        let due = match record.kind.as_str() {
            "engagement-invitation" if record.str("Status") == "PENDING" => {
                Some(record.str("ExpirationDate").to_owned())
            }
            "task" if record.str("TaskStatus") == "IN_PROGRESS" => {
                Some(record.str("_EndTime").to_owned())
            }
            _ => None,
        };
        if let Some(due) = due {
            self.timers
                .insert((due, key(&record.catalog, &record.kind, &record.id)));
        }
        self.arns.insert(
            record.arn.clone(),
            key(&record.catalog, &record.kind, &record.id),
        );
        self.records
            .insert(key(&record.catalog, &record.kind, &record.id), record);
        self.version += 1;
    }

    pub fn get(&self, catalog: &str, kind: &str, id: &str) -> Option<&Record> {
        self.records.get(&key(catalog, kind, id))
    }

    pub fn get_mut(&mut self, catalog: &str, kind: &str, id: &str) -> Option<&mut Record> {
        self.version += 1;
        self.records.get_mut(&key(catalog, kind, id))
    }

    pub fn remove(&mut self, catalog: &str, kind: &str, id: &str) -> Option<Record> {
        let record = self.records.remove(&key(catalog, kind, id))?;
        self.arns.remove(&record.arn);
        self.version += 1;
        Some(record)
    }

    pub fn by_arn(&self, arn: &str) -> Option<&Record> {
        self.records.get(self.arns.get(arn)?)
    }

    pub fn by_arn_mut(&mut self, arn: &str) -> Option<&mut Record> {
        let key = self.arns.get(arn)?.clone();
        self.version += 1;
        self.records.get_mut(&key)
    }

    /// Records of one kind in one catalog, oldest first.
    pub fn of_kind<'a>(&'a self, catalog: &str, kind: &str) -> Vec<&'a Record> {
        let prefix = format!("{catalog}/{kind}/");
        let mut found: Vec<&Record> = self
            .records
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(_, r)| r)
            .collect();
        found.sort_by_key(|r| r.seq);
        found
    }

    /// A fresh id `prefix` + `len` of `[0-9a-z]`, unused in that kind and catalog.
    pub fn new_id(&self, catalog: &str, kind: &str, prefix: &str, len: usize) -> String {
        loop {
            let id = format!("{prefix}{}", random_id(len));
            if self.get(catalog, kind, &id).is_none() {
                return id;
            }
        }
    }

    /// Appends one EventBridge event per receiving account.
    pub fn emit(
        &mut self,
        at: OffsetDateTime,
        detail_type: &str,
        accounts: &[String],
        resource: &str,
        detail: Value,
    ) {
        let mut seen = Vec::new();
        for account in accounts {
            if seen.contains(account) {
                continue;
            }
            seen.push(account.clone());
            let seq = self.seq();
            let event = json!({
                "version": "0",
                "id": uuid::Uuid::new_v4().to_string(),
                "detail-type": detail_type,
                "source": EVENT_SOURCE,
                "account": account,
                "time": timestamp_seconds(at),
                "region": REGION,
                "resources": [resource],
                "detail": detail,
            });
            self.events.push(StoredEvent {
                seq,
                account: account.clone(),
                resource: resource.to_owned(),
                event,
            });
        }
        self.version += 1;
    }

    /// Brings time-driven state up to `now`: invitations past their expiration date expire, and
    /// tasks past their end time complete, in time order. Run before every request and after the
    /// clock moves; it looks only at the timers due, so it costs nothing when none is.
    pub fn settle(&mut self, now: OffsetDateTime) {
        let now_s = timestamp(now);
        let mut changed = false;
        while let Some((due, key)) = self.timers.first().cloned() {
            if due > now_s {
                break;
            }
            self.timers.pop_first();
            let Some(record) = self.records.get_mut(&key) else {
                continue;
            };
            match record.kind.as_str() {
                "engagement-invitation" if record.str("Status") == "PENDING" => {
                    record.doc.insert("Status".into(), "EXPIRED".into());
                    let arn = record.arn.clone();
                    let parties = vec![
                        record.str("_sender").to_owned(),
                        record.str("_receiver").to_owned(),
                    ];
                    let detail = invitation_detail(record);
                    let at = parse_time(&due).unwrap_or(now);
                    self.emit(at, "Engagement Invitation Expired", &parties, &arn, detail);
                    changed = true;
                }
                "task" if record.str("TaskStatus") == "IN_PROGRESS" => {
                    record.doc.insert("TaskStatus".into(), "COMPLETE".into());
                    record.doc.insert("EndTime".into(), due.into());
                    changed = true;
                }
                _ => {}
            }
        }
        if changed {
            self.version += 1;
        }
    }

    /// Which invitations and tasks are waiting on the clock (for `stats`-like views).
    pub fn count(&self, kind: &str) -> usize {
        self.records.values().filter(|r| r.kind == kind).count()
    }
}

/// The `detail` of an invitation event: the catalog and the invitation's identity and parties.
pub fn invitation_detail(record: &Record) -> Value {
    json!({
        "schemaVersion": "1",
        "catalog": record.catalog,
        "engagementInvitation": {
            "id": record.id,
            "arn": record.arn,
            "engagementId": record.str("EngagementId"),
            "status": record.str("Status"),
            "senderAwsAccountId": record.str("_sender"),
            "receiverAwsAccountId": record.str("_receiver"),
            "payloadType": record.str("PayloadType"),
        },
    })
}

pub fn from_ms(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// RFC 3339 with milliseconds, always `Z`: sorts as text in time order.
pub fn timestamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// EventBridge's `time`: whole seconds.
pub fn timestamp_seconds(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Reads a timestamp as clients send it: ISO 8601 text or epoch seconds.
pub fn parse_time(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

pub fn value_time(value: &Value) -> Option<OffsetDateTime> {
    match value {
        Value::String(s) => parse_time(s),
        Value::Number(n) => {
            let secs = n.as_f64()?;
            OffsetDateTime::from_unix_timestamp_nanos((secs * 1e9) as i128).ok()
        }
        _ => None,
    }
}

pub fn random_id(len: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_sort_as_text() {
        let a = timestamp(from_ms(1_000));
        let b = timestamp(from_ms(10_000_000_000));
        assert!(a < b);
        assert_eq!(a, "1970-01-01T00:00:01.000Z");
        assert_eq!(parse_time(&a), Some(from_ms(1_000)));
    }

    #[test]
    fn pending_invitations_expire_when_the_clock_passes_their_date() {
        let mut world = World::default();
        let now = world.now();
        let mut doc = Map::new();
        doc.insert("Status".into(), "PENDING".into());
        doc.insert(
            "ExpirationDate".into(),
            timestamp(now + INVITATION_LIFETIME).into(),
        );
        doc.insert("_sender".into(), "111111111111".into());
        doc.insert("_receiver".into(), "222222222222".into());
        world.insert(Record {
            kind: "engagement-invitation".into(),
            catalog: "AWS".into(),
            id: "engi-0000000000001".into(),
            arn: "arn:x".into(),
            owner: "111111111111".into(),
            seq: 1,
            doc,
        });
        world.settle(now + time::Duration::days(14));
        assert_eq!(
            world
                .get("AWS", "engagement-invitation", "engi-0000000000001")
                .unwrap()
                .str("Status"),
            "PENDING"
        );
        world.settle(now + INVITATION_LIFETIME);
        assert_eq!(
            world
                .get("AWS", "engagement-invitation", "engi-0000000000001")
                .unwrap()
                .str("Status"),
            "EXPIRED"
        );
        assert_eq!(world.events.len(), 2, "one event per party");
        assert_eq!(
            world.events[0].event["detail-type"],
            "Engagement Invitation Expired"
        );
    }
}
