//! Timestamps as the model's `timestamp` shapes carry them: accepted as boto3 accepts them (ISO
//! 8601 text, with or without a time or an offset, or epoch seconds), sent as botocore writes
//! them (UTC, `2024-05-01T12:00:00Z`, microseconds only when there are some), read back from
//! ISO 8601 or epoch seconds.

use std::fmt;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// A point in time, in UTC.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

impl Default for Timestamp {
    fn default() -> Self {
        Timestamp(OffsetDateTime::UNIX_EPOCH)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.to_wire())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_wire())
    }
}

impl Timestamp {
    /// Seconds since the Unix epoch, with a fraction (what Python's `datetime.timestamp()` and
    /// JavaScript's `Date.getTime() / 1000` give).
    pub fn from_epoch_seconds(seconds: f64) -> Option<Self> {
        if !seconds.is_finite() {
            return None;
        }
        // Whole seconds and microseconds apart (Python's datetime precision): `seconds * 1e9`
        // would lose the fraction of today's epoch values to f64 rounding.
        let whole = seconds.floor();
        if whole.abs() > 1e14 {
            return None;
        }
        let micros = ((seconds - whole) * 1e6).round() as i128;
        let nanos = whole as i128 * 1_000_000_000 + micros * 1000;
        OffsetDateTime::from_unix_timestamp_nanos(nanos)
            .ok()
            .map(Timestamp)
    }

    /// Whole seconds and nanoseconds since the Unix epoch.
    pub fn from_unix(seconds: i64, nanos: u32) -> Option<Self> {
        let total = i128::from(seconds) * 1_000_000_000 + i128::from(nanos);
        OffsetDateTime::from_unix_timestamp_nanos(total)
            .ok()
            .map(Timestamp)
    }

    /// Whole seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        self.0.unix_timestamp()
    }

    /// The nanoseconds past [`Timestamp::unix_seconds`].
    pub fn subsec_nanos(&self) -> u32 {
        self.0.nanosecond()
    }

    /// Seconds since the epoch with a fraction.
    pub fn epoch_seconds(&self) -> f64 {
        self.0.unix_timestamp_nanos() as f64 / 1e9
    }

    /// Reads what boto3 accepts as a timestamp string: ISO 8601 (`2024-05-01`,
    /// `2024-05-01T12:00`, `2024-05-01 12:00:00.5+02:00`, `...Z`), or epoch seconds as text.
    /// Text without an offset is UTC, as botocore takes it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        if let Ok(n) = t.parse::<f64>() {
            return Self::from_epoch_seconds(n).ok_or_else(|| "is out of range".to_owned());
        }
        if let Ok(dt) = OffsetDateTime::parse(t, &Rfc3339) {
            return Ok(Timestamp(dt.to_offset(UtcOffset::UTC)));
        }
        parse_iso(t)
            .map(|dt| Timestamp(dt.to_offset(UtcOffset::UTC)))
            .ok_or_else(|| {
                "is not an ISO 8601 date-time (YYYY-MM-DDThh:mm:ssZ) or epoch seconds".to_owned()
            })
    }

    /// The text botocore sends for an `iso8601` timestamp: UTC with `Z`, and microseconds only
    /// when the value has some.
    pub fn to_wire(&self) -> String {
        let d = self.0;
        let mut s = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            d.year(),
            u8::from(d.month()),
            d.day(),
            d.hour(),
            d.minute(),
            d.second()
        );
        let micros = d.microsecond();
        if micros > 0 {
            s.push_str(&format!(".{micros:06}"));
        }
        s.push('Z');
        s
    }
}

/// `YYYY-MM-DD`, then optionally `T` or a space, `hh:mm[:ss[.fraction]]`, then optionally `Z`,
/// `±hh:mm`, `±hhmm` or `±hh`.
fn parse_iso(t: &str) -> Option<OffsetDateTime> {
    let b = t.as_bytes();
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|c| c.is_ascii_digit())).then(|| s.parse().ok())?
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = num(&t[0..4])? as i32;
    let month = time::Month::try_from(num(&t[5..7])? as u8).ok()?;
    let day = num(&t[8..10])? as u8;
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let rest = &t[10..];
    if rest.is_empty() {
        return Some(PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc());
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(zone_at);
    let mut parts = clock.splitn(3, ':');
    let hour = num(parts.next()?)? as u8;
    let minute = num(parts.next()?)? as u8;
    let (second, nanos) = match parts.next() {
        None => (0, 0),
        Some(s) => {
            let (whole, frac) = s.split_once(['.', ',']).unwrap_or((s, ""));
            let second = num(whole)? as u8;
            let nanos = if frac.is_empty() {
                0
            } else {
                let digits: String = frac.chars().take(9).collect();
                num(&digits)? * 10u32.pow(9 - digits.len() as u32)
            };
            (second, nanos)
        }
    };
    let time = Time::from_hms_nano(hour, minute, second, nanos).ok()?;
    let offset = match zone {
        "" | "Z" | "z" => UtcOffset::UTC,
        z => {
            let sign: i8 = if z.starts_with('-') { -1 } else { 1 };
            let digits = z[1..].replace(':', "");
            let (h, m) = match digits.len() {
                2 => (num(&digits)?, 0),
                4 => (num(&digits[..2])?, num(&digits[2..])?),
                _ => return None,
            };
            UtcOffset::from_hms(sign * h as i8, sign * m as i8, 0).ok()?
        }
    };
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_wire())
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => {
                Timestamp::parse(&s).map_err(|e| D::Error::custom(format!("timestamp {e}")))
            }
            serde_json::Value::Number(n) => n
                .as_f64()
                .and_then(Timestamp::from_epoch_seconds)
                .ok_or_else(|| D::Error::custom("timestamp out of range")),
            _ => Err(D::Error::custom(
                "a timestamp is ISO 8601 text or epoch seconds",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Timestamp;

    #[test]
    fn botocore_forms() {
        let t = Timestamp::parse("2024-05-01T12:00:00+02:00").unwrap();
        assert_eq!(t.to_wire(), "2024-05-01T10:00:00Z");
        assert_eq!(
            Timestamp::parse("2024-05-01").unwrap().to_wire(),
            "2024-05-01T00:00:00Z"
        );
        assert_eq!(
            Timestamp::parse("2024-05-01 12:00:00.5").unwrap().to_wire(),
            "2024-05-01T12:00:00.500000Z"
        );
        assert_eq!(
            Timestamp::parse("0").unwrap().to_wire(),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            Timestamp::from_epoch_seconds(1.25).unwrap().to_wire(),
            "1970-01-01T00:00:01.250000Z"
        );
        assert!(Timestamp::parse("yesterday").is_err());
        assert!(Timestamp::parse("2024-02-30").is_err());
    }
}
