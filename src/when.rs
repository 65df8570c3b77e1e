//! Times as a person reads them: in their own time zone.
//!
//! Session logs keep every time in UTC, as RFC 3339 (`2026-11-22T09:14:03Z`,
//! see [`crate::log::rfc3339`]), so that a log means the same on every
//! machine. Whatever shows a time to a person (`attune replay`, `attune
//! history`, the page exported for supervision, the app's picker and its
//! list of past sessions) converts it here, to the time zone of the
//! computer it is shown on: `TZ` when it is set, else the system's
//! (`/etc/localtime` on Linux), else UTC. The conversion, daylight saving
//! time included, is jiff's, which reads the system's time zone database.

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The time zone times are shown in: `TZ` if it is set (a name such as
/// `Europe/Madrid` or a POSIX rule such as `CET-1CEST,M3.5.0,M10.5.0/3`),
/// else the system's; UTC when neither can be read.
pub fn local_zone() -> TimeZone {
    TimeZone::system()
}

/// A time from a log as it reads in one time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Local {
    /// `2026-11-22`.
    pub date: String,
    /// `10:14`, on a 24-hour clock.
    pub time: String,
    /// The zone's abbreviation at that time (`CET`, `CEST`, `UTC`, `-03`).
    pub zone: String,
}

impl Local {
    /// `2026-11-22 10:14`: for lists, where every time is in the same zone.
    pub fn short(&self) -> String {
        format!("{} {}", self.date, self.time)
    }

    /// `2026-11-22 at 10:14 CET`: for a time read on its own.
    pub fn long(&self) -> String {
        format!("{} at {} {}", self.date, self.time, self.zone)
    }
}

/// `stamp` (RFC 3339, as logs keep times) in the time zone `tz`; `None` if
/// it is not such a time.
pub fn in_zone(stamp: &str, tz: &TimeZone) -> Option<Local> {
    let at: Timestamp = stamp.parse().ok()?;
    let zoned = at.to_zoned_datetime(tz.clone());
    Some(Local {
        date: zoned.strftime("%Y-%m-%d").to_string(),
        time: zoned.strftime("%H:%M").to_string(),
        zone: zoned.strftime("%Z").to_string(),
    })
}

/// `stamp` in the local time zone ([`local_zone`]).
pub fn local(stamp: &str) -> Option<Local> {
    in_zone(stamp, &local_zone())
}

/// `stamp` in the local time zone as `2026-11-22 10:14`, or the stamp as
/// it is written when it is not a time.
pub fn short(stamp: &str) -> String {
    local(stamp).map_or_else(|| stamp.to_owned(), |l| l.short())
}

/// `stamp` in the local time zone as `2026-11-22 at 10:14 CET`, or the
/// stamp as it is written when it is not a time.
pub fn long(stamp: &str) -> String {
    local(stamp).map_or_else(|| stamp.to_owned(), |l| l.long())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Central European time as a POSIX rule, which needs no time zone
    /// database on the machine.
    fn cet() -> TimeZone {
        TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap()
    }

    #[test]
    fn a_utc_stamp_reads_in_the_zone_with_its_daylight_saving_time() {
        let winter = in_zone("2026-11-22T09:14:03Z", &cet()).unwrap();
        assert_eq!(winter.short(), "2026-11-22 10:14");
        assert_eq!(winter.long(), "2026-11-22 at 10:14 CET");
        let summer = in_zone("2026-07-01T22:30:00Z", &cet()).unwrap();
        assert_eq!(summer.long(), "2026-07-02 at 00:30 CEST");
        let utc = in_zone("2026-11-22T09:14:03Z", &TimeZone::UTC).unwrap();
        assert_eq!(utc.long(), "2026-11-22 at 09:14 UTC");
    }

    #[test]
    fn what_is_not_a_time_is_shown_as_written() {
        assert_eq!(in_zone("yesterday", &cet()), None);
        assert_eq!(short("yesterday"), "yesterday");
        assert_eq!(long(""), "");
    }
}
