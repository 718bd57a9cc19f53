//! Time rules: legal-clock deadlines, the T+ clock, and local display.

use crate::domain::zone::Zone;
use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc, Weekday};

use super::content::DueIn;
use super::model::{ChecklistItem, ItemState};
use crate::i18n::Lang;

/// When a deadline counted from `start` falls due.
///
/// Working days are Monday to Friday in the clinic's zone, counted from the
/// day after `start` (as 醫預法 Art 6 counts), due at the end of the last
/// one. Public holidays are not known offline, so the clock can only be
/// early, never late.
pub fn due_at(start: DateTime<Utc>, deadline: DueIn, tz: Zone) -> DateTime<Utc> {
    match deadline {
        DueIn::Hours(h) => start + Duration::hours(h),
        DueIn::Days(d) => start + Duration::days(d),
        DueIn::WorkingDays(n) => {
            let mut day = start.with_timezone(&tz).date_naive();
            let mut left = n;
            while left > 0 {
                day = day.succ_opt().unwrap_or(day);
                if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                    left -= 1;
                }
            }
            let end = day.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default());
            tz.from_local_datetime(&end)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or(start)
        }
    }
}

/// Something falling due: an open checklist item, a deadline, an update.
#[derive(Clone, Debug, PartialEq)]
pub struct Due {
    pub at: DateTime<Utc>,
    pub what: String,
    /// A deadline whose article is not yet checked against the law.
    pub unverified: bool,
}

/// The open checklist items that have a due time, with `others` (running
/// deadlines, updates due), soonest first. The console and the wall both
/// list what is next from this.
pub fn dues(checklist: &[ChecklistItem], others: impl IntoIterator<Item = Due>, lang: Lang) -> Vec<Due> {
    let mut out: Vec<Due> = checklist
        .iter()
        .filter(|i| i.state == ItemState::Open)
        .filter_map(|i| {
            i.due_at.map(|at| Due {
                at,
                what: i.text(lang).to_string(),
                unverified: false,
            })
        })
        .chain(others)
        .collect();
    out.sort_by_key(|d| d.at);
    out
}

/// "T+01:02:03" under a day, "T+2d 03:04" beyond.
pub fn t_plus(since: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - since).num_seconds().max(0);
    let (d, h, m, s) = (secs / 86400, (secs % 86400) / 3600, (secs % 3600) / 60, secs % 60);
    if d > 0 {
        format!("T+{d}d {h:02}:{m:02}")
    } else {
        format!("T+{h:02}:{m:02}:{s:02}")
    }
}

/// A signed span as "1d 02:03", "02:03" (h:mm) or "0:45" style minutes.
pub fn span(d: Duration) -> String {
    let mins = d.num_minutes().abs();
    let (days, h, m) = (mins / 1440, (mins % 1440) / 60, mins % 60);
    if days > 0 {
        format!("{days}d {h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}")
    }
}

/// How a due time stands against now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    Overdue,
    /// Due within the next hour.
    Soon,
    Later,
}

pub fn urgency(due: DateTime<Utc>, now: DateTime<Utc>) -> Urgency {
    if due <= now {
        Urgency::Overdue
    } else if due - now <= Duration::hours(1) {
        Urgency::Soon
    } else {
        Urgency::Later
    }
}

pub fn local(t: DateTime<Utc>, tz: Zone) -> DateTime<Zone> {
    t.with_timezone(&tz)
}

/// "14:05" today, "11-23 14:05" on another day: short enough for a pane.
pub fn short_time(t: DateTime<Utc>, now: DateTime<Utc>, tz: Zone) -> String {
    let (lt, ln) = (t.with_timezone(&tz), now.with_timezone(&tz));
    if lt.date_naive() == ln.date_naive() {
        lt.format("%H:%M").to_string()
    } else {
        lt.format("%m-%d %H:%M").to_string()
    }
}

/// Timestamps are stored as RFC 3339 UTC with milliseconds, which sort as text.
pub fn to_db(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn from_db(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

/// Parse a user's event time: "HH:MM" (today, local), "YYYY-MM-DD HH:MM"
/// or RFC 3339. A time later than now is refused: an event cannot be
/// recorded before it happens.
pub fn parse_event_time(s: &str, now: DateTime<Utc>, tz: Zone) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Some(t) = from_db(s) {
        return (t <= now).then_some(t);
    }
    let local_now = now.with_timezone(&tz);
    let naive = if let Ok(t) = NaiveTime::parse_from_str(s, "%H:%M") {
        local_now.date_naive().and_time(t)
    } else {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").ok()?
    };
    let t = tz.from_local_datetime(&naive).earliest()?.with_timezone(&Utc);
    (t <= now).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taipei(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        crate::domain::zone::Zone::taipei()
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .expect("valid")
            .with_timezone(&Utc)
    }

    #[test]
    fn working_days_skip_the_weekend_and_start_the_next_day() {
        // Thursday 2026-11-19 10:00: five working days are Fri, Mon, Tue, Wed, Thu.
        let start = taipei(2026, 11, 19, 10, 0);
        let due = due_at(start, DueIn::WorkingDays(5), crate::domain::zone::Zone::taipei());
        let local = due.with_timezone(&crate::domain::zone::Zone::taipei());
        assert_eq!(local.format("%Y-%m-%d %H:%M:%S").to_string(), "2026-11-26 23:59:59");
    }

    #[test]
    fn a_saturday_incident_counts_from_monday() {
        let start = taipei(2026, 11, 21, 23, 0); // Saturday
        let due = due_at(start, DueIn::WorkingDays(1), crate::domain::zone::Zone::taipei());
        assert_eq!(
            due.with_timezone(&crate::domain::zone::Zone::taipei()).format("%a %d").to_string(),
            "Mon 23"
        );
    }

    #[test]
    fn hours_and_days() {
        let start = taipei(2026, 11, 24, 9, 0);
        assert_eq!(
            due_at(start, DueIn::Hours(72), crate::domain::zone::Zone::taipei()),
            start + Duration::hours(72)
        );
        assert_eq!(
            due_at(start, DueIn::Days(45), crate::domain::zone::Zone::taipei()),
            start + Duration::days(45)
        );
    }

    #[test]
    fn t_plus_formats() {
        let s = taipei(2026, 11, 24, 9, 0);
        assert_eq!(t_plus(s, s + Duration::seconds(3723)), "T+01:02:03");
        assert_eq!(t_plus(s, s + Duration::hours(50)), "T+2d 02:00");
        assert_eq!(t_plus(s, s - Duration::hours(1)), "T+00:00:00");
    }

    #[test]
    fn urgency_bands() {
        let now = taipei(2026, 11, 24, 9, 0);
        assert_eq!(urgency(now - Duration::seconds(1), now), Urgency::Overdue);
        assert_eq!(urgency(now + Duration::minutes(30), now), Urgency::Soon);
        assert_eq!(urgency(now + Duration::hours(3), now), Urgency::Later);
    }

    #[test]
    fn event_time_parsing() {
        let tz = crate::domain::zone::Zone::taipei();
        let now = taipei(2026, 11, 24, 15, 0);
        assert_eq!(parse_event_time("14:05", now, tz), Some(taipei(2026, 11, 24, 14, 5)));
        assert_eq!(parse_event_time("2026-11-23 08:30", now, tz), Some(taipei(2026, 11, 23, 8, 30)));
        assert_eq!(parse_event_time("16:00", now, tz), None, "future time refused");
        assert_eq!(parse_event_time("soon", now, tz), None);
    }

    #[test]
    fn db_time_round_trips() {
        let t = taipei(2026, 11, 24, 15, 0) + Duration::milliseconds(123);
        assert_eq!(from_db(&to_db(t)), Some(t));
        assert!(to_db(t).ends_with('Z'));
    }
}
