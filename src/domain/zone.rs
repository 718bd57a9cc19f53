//! The time zone local times are shown and read in, as a chrono `TimeZone`.
//!
//! The zone rules come from the IANA database that jiff bundles into the
//! binary as bytes. chrono-tz, used before, holds the same database as
//! about a megabyte of pointer tables that the loader had to relocate, a
//! page at a time, on every start: two thirds of the work done before
//! `main` and about a millisecond of the console's first frame.

use std::fmt;
use std::sync::Mutex;

use chrono::{FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone};
use jiff::tz::AmbiguousOffset;

/// A time zone by its IANA name. Copied freely: each zone is read from
/// the bundled database once per process and kept.
#[derive(Clone, Copy)]
pub struct Zone(&'static Rules);

struct Rules {
    name: String,
    tz: jiff::tz::TimeZone,
}

impl Zone {
    /// The zone named `name` (case-insensitive, links allowed), or `None`
    /// when the database has no such zone.
    pub fn get(name: &str) -> Option<Zone> {
        Zone::kept(name, || jiff::tz::TimeZone::get(name).ok())
    }

    /// Taiwan's zone, the default.
    pub fn taipei() -> Zone {
        Zone::get("Asia/Taipei").unwrap_or_else(Zone::utc)
    }

    pub fn utc() -> Zone {
        Zone::kept("UTC", || Some(jiff::tz::TimeZone::UTC)).expect("UTC is always at hand")
    }

    /// The zone kept under `name`, read with `read` the first time.
    fn kept(name: &str, read: impl FnOnce() -> Option<jiff::tz::TimeZone>) -> Option<Zone> {
        // A list, not a map: it holds one or two zones, and a map's random
        // seed costs a system call at start.
        static KEPT: Mutex<Vec<(String, &'static Rules)>> = Mutex::new(Vec::new());
        let mut kept = KEPT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, r)) = kept.iter().find(|(n, _)| n == name) {
            return Some(Zone(r));
        }
        let tz = read()?;
        let canonical = tz.iana_name().unwrap_or(name).to_string();
        // Leaked on purpose: a process meets one or two zones, and a
        // `'static` reference keeps `Zone` (and so chrono's `DateTime`) `Copy`.
        let rules: &'static Rules = Box::leak(Box::new(Rules { name: canonical, tz }));
        kept.push((name.to_string(), rules));
        Some(Zone(rules))
    }

    /// The IANA name, as the database spells it.
    pub fn name(&self) -> &'static str {
        &self.0.name
    }

    fn at(&self, utc_seconds: i64) -> ZoneOffset {
        let ts = jiff::Timestamp::from_second(utc_seconds).unwrap_or(if utc_seconds < 0 {
            jiff::Timestamp::MIN
        } else {
            jiff::Timestamp::MAX
        });
        let info = self.0.tz.to_offset_info(ts);
        ZoneOffset::new(*self, info.offset().seconds(), info.abbreviation())
    }
}

impl std::str::FromStr for Zone {
    type Err = UnknownZone;

    fn from_str(s: &str) -> Result<Zone, UnknownZone> {
        Zone::get(s).ok_or(UnknownZone)
    }
}

#[derive(Debug)]
pub struct UnknownZone;

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Zone {}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The offset in force at one instant, with its abbreviation (`CST`),
/// which `%Z` prints.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ZoneOffset {
    zone: Zone,
    fixed: FixedOffset,
    abbreviation: [u8; 8],
    len: u8,
}

impl ZoneOffset {
    fn new(zone: Zone, seconds: i32, abbreviation: &str) -> ZoneOffset {
        let fixed = FixedOffset::east_opt(seconds).unwrap_or(FixedOffset::east_opt(0).expect("zero is an offset"));
        let mut buf = [0u8; 8];
        // Abbreviations are short ASCII ("CST", "+08"); a longer one is
        // cut at a character boundary.
        let mut len = 0;
        for c in abbreviation.chars() {
            let n = c.len_utf8();
            if len + n > buf.len() {
                break;
            }
            c.encode_utf8(&mut buf[len..]);
            len += n;
        }
        ZoneOffset {
            zone,
            fixed,
            abbreviation: buf,
            len: len as u8,
        }
    }

    pub fn abbreviation(&self) -> &str {
        std::str::from_utf8(&self.abbreviation[..usize::from(self.len)]).unwrap_or("")
    }
}

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        self.fixed
    }
}

impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.abbreviation())
    }
}

impl fmt::Debug for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.abbreviation(), self.fixed)
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Zone {
        offset.zone
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> LocalResult<ZoneOffset> {
        self.offset_from_local_datetime(&local.and_time(chrono::NaiveTime::MIN))
    }

    /// A local time in a spring-forward gap does not exist (`None`); one in
    /// an autumn fold is `Ambiguous`, earlier instant first, as chrono-tz
    /// answered.
    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> LocalResult<ZoneOffset> {
        let wall = local.and_utc().timestamp();
        let Some(civil) = civil(local) else {
            return LocalResult::Single(self.at(wall));
        };
        let with = |offset: jiff::tz::Offset| self.at(wall - i64::from(offset.seconds()));
        match self.0.tz.to_ambiguous_timestamp(civil).offset() {
            AmbiguousOffset::Unambiguous { offset } => LocalResult::Single(with(offset)),
            AmbiguousOffset::Gap { .. } => LocalResult::None,
            AmbiguousOffset::Fold { before, after } => LocalResult::Ambiguous(with(before), with(after)),
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.offset_from_utc_datetime(&utc.and_time(chrono::NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        self.at(utc.and_utc().timestamp())
    }
}

/// chrono's wall time as jiff's, when jiff's range holds it.
fn civil(t: &NaiveDateTime) -> Option<jiff::civil::DateTime> {
    use chrono::{Datelike, Timelike};
    jiff::civil::DateTime::new(
        i16::try_from(t.year()).ok()?,
        t.month() as i8,
        t.day() as i8,
        t.hour() as i8,
        t.minute() as i8,
        t.second().min(59) as i8,
        0,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::Zone;

    #[test]
    fn taipei_is_eight_hours_east_and_prints_cst() {
        let tz = Zone::taipei();
        assert_eq!(tz.name(), "Asia/Taipei");
        let t = Utc.with_ymd_and_hms(2026, 12, 2, 16, 30, 0).unwrap().with_timezone(&tz);
        assert_eq!(t.format("%Y-%m-%d %H:%M %Z").to_string(), "2026-12-03 00:30 CST");
        let local = tz.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).single().expect("one");
        assert_eq!(local.with_timezone(&Utc), Utc.with_ymd_and_hms(2026, 12, 3, 1, 0, 0).unwrap());
    }

    #[test]
    fn names_links_and_unknown_zones() {
        assert_eq!(Zone::get("asia/taipei").map(|z| z.name()), Some("Asia/Taipei"));
        assert_eq!("UTC".parse::<Zone>().map(|z| z.name()).ok(), Some("UTC"));
        assert!(Zone::get("ROC").is_some());
        assert!(Zone::get("Mars/Olympus_Mons").is_none());
        assert_eq!(Zone::get("Asia/Taipei"), Some(Zone::taipei()));
    }

    /// Daylight saving, which Taiwan has not kept since 1979, still reads
    /// right in a zone that keeps it: the gap has no local time, the fold
    /// has two, the earlier first.
    #[test]
    fn gaps_and_folds() {
        let ny = Zone::get("America/New_York").expect("zone");
        let gap = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap().and_hms_opt(2, 30, 0).unwrap();
        assert!(ny.from_local_datetime(&gap).single().is_none());
        assert!(ny.from_local_datetime(&gap).earliest().is_none());
        let fold = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap().and_hms_opt(1, 30, 0).unwrap();
        let (a, b) = match ny.from_local_datetime(&fold) {
            chrono::LocalResult::Ambiguous(a, b) => (a, b),
            other => panic!("{other:?}"),
        };
        assert_eq!((b.with_timezone(&Utc) - a.with_timezone(&Utc)).num_hours(), 1);
        assert_eq!(a.format("%Z").to_string(), "EDT");
        assert_eq!(b.format("%Z").to_string(), "EST");
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap().with_timezone(&ny);
        assert_eq!(summer.format("%H %z").to_string(), "08 -0400");
    }

    /// Instants beyond jiff's years (a typo in a date) convert without a
    /// panic, at the offset of the nearest instant jiff knows.
    #[test]
    fn far_instants() {
        let tz = Zone::taipei();
        let far = Utc.with_ymd_and_hms(20000, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(far.with_timezone(&tz).with_timezone(&Utc), far);
        assert_eq!(far.with_timezone(&tz).format("%z").to_string(), "+0800");
        let local = NaiveDate::from_ymd_opt(20000, 1, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
        assert_eq!(tz.from_local_datetime(&local).single().map(|t| t.with_timezone(&Utc)), Some(far));
    }
}
