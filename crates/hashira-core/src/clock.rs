//! Time is injected so that tests, the demo and benchmarks are deterministic.

use std::sync::atomic::{AtomicI64, Ordering};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A source of "now". Workbooks take one at open so every timestamp they write comes from it.
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

/// The real wall clock, in UTC, truncated to milliseconds (what we store).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc();
        let millis = now.millisecond();
        now.replace_millisecond(millis).unwrap_or(now)
    }
}

/// A clock that starts at a fixed instant and advances by a fixed step on every reading, so
/// consecutive writes get distinct, predictable timestamps.
#[derive(Debug)]
pub struct FixedClock {
    next_unix_millis: AtomicI64,
    step_millis: i64,
}

impl FixedClock {
    pub fn new(start: OffsetDateTime, step_millis: i64) -> FixedClock {
        let millis = (start.unix_timestamp_nanos() / 1_000_000) as i64;
        FixedClock {
            next_unix_millis: AtomicI64::new(millis),
            step_millis,
        }
    }

    /// Parses an RFC 3339 instant such as `2026-04-01T09:00:00+09:00`.
    pub fn parse(text: &str, step_millis: i64) -> Option<FixedClock> {
        OffsetDateTime::parse(text, &Rfc3339)
            .ok()
            .map(|start| FixedClock::new(start, step_millis))
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        let millis = self
            .next_unix_millis
            .fetch_add(self.step_millis, Ordering::SeqCst);
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }
}

/// The stored form of an instant: RFC 3339 in UTC with milliseconds, e.g. `2026-04-01T00:00:00.000Z`.
pub fn format_timestamp(instant: OffsetDateTime) -> String {
    let utc = instant.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second(),
        utc.millisecond()
    )
}

/// Formats an instant as `2026-04-01 09:00 (UTC+09:00)`: times with their zone, for covers and
/// headers. Every surface formats times through this module.
pub fn display_instant(instant: OffsetDateTime) -> String {
    let offset = instant.offset();
    let zone = if offset.is_utc() {
        "UTC".to_string()
    } else {
        format!("UTC{}", crate::workbook::format_time_zone(offset))
    };
    format!("{} ({zone})", minutes(instant))
}

/// A stored timestamp (`2026-04-01T00:00:00.000Z`) in the given offset, without the zone:
/// `2026-04-01 09:00`. Unparseable text is shown as stored (never hidden).
pub fn display_stored(stored: &str, offset: time::UtcOffset) -> String {
    match OffsetDateTime::parse(stored, &Rfc3339) {
        Ok(at) => minutes(at.to_offset(offset)),
        Err(_) => stored.to_string(),
    }
}

fn minutes(at: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn fixed_clock_steps_and_formats_in_utc() {
        let clock = FixedClock::new(datetime!(2026-04-01 09:00:00 +09:00), 1500);
        assert_eq!(format_timestamp(clock.now()), "2026-04-01T00:00:00.000Z");
        assert_eq!(format_timestamp(clock.now()), "2026-04-01T00:00:01.500Z");
    }

    #[test]
    fn fixed_clock_parses_rfc3339() {
        let clock = FixedClock::parse("2026-11-22T10:00:00Z", 0).unwrap();
        assert_eq!(format_timestamp(clock.now()), "2026-11-22T10:00:00.000Z");
        assert!(FixedClock::parse("yesterday", 0).is_none());
    }
}
