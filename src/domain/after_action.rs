//! The after-action review's measurements, computed from the record alone
//! so a drill and a real incident are measured the same way.

use chrono::{DateTime, Duration, Utc};

use super::content::Phase;
use super::drill::InjectRecord;
use super::model::{Assignment, ChecklistItem, ItemState, ReleasedVersion};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InjectMetric {
    pub number: u32,
    pub delivered_at: DateTime<Utc>,
    pub skipped: bool,
    /// How long the team took to do what the inject expected.
    pub answered_after: Option<Duration>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metrics {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// From the start until commander, communications and legal were all
    /// held at once; None if that never happened.
    pub critical_roles_after: Option<Duration>,
    pub first_release_after: Option<Duration>,
    /// (phase, done or skipped, total) at the end.
    pub phases: Vec<(Phase, usize, usize)>,
    /// Items that passed their due time still open, or were done late.
    pub overdue_items: usize,
    pub injects: Vec<InjectMetric>,
}

impl Metrics {
    pub fn compute(
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        critical: &[&str],
        history: &[Assignment],
        checklist: &[ChecklistItem],
        releases: &[ReleasedVersion],
        injects: &[InjectRecord],
    ) -> Metrics {
        // The first moment at which every critical role was held at once:
        // some assignment's start, when the others were also current.
        let held_at = |role: &str, t: DateTime<Utc>| {
            history
                .iter()
                .any(|a| a.role == role && a.started_at <= t && a.ended_at.is_none_or(|e| e > t))
        };
        let critical_roles_after = history
            .iter()
            .filter(|a| critical.contains(&a.role.as_str()) && a.started_at <= end)
            .map(|a| a.started_at)
            .filter(|t| !critical.is_empty() && critical.iter().all(|r| held_at(r, *t)))
            .min()
            .map(|t| (t - start).max(Duration::zero()));
        let first_release_after = releases
            .iter()
            .map(|r| r.released_at)
            .filter(|t| *t <= end)
            .min()
            .map(|t| (t - start).max(Duration::zero()));
        let phases = Phase::ALL
            .iter()
            .map(|p| {
                let items: Vec<_> = checklist.iter().filter(|i| i.phase == *p).collect();
                (*p, items.iter().filter(|i| i.state != ItemState::Open).count(), items.len())
            })
            .collect();
        let overdue_items = checklist
            .iter()
            .filter(|i| match (i.due_at, i.state, i.changed_at) {
                (Some(due), ItemState::Open, _) => due < end,
                (Some(due), _, Some(done)) => done > due,
                _ => false,
            })
            .count();
        let injects = injects
            .iter()
            .map(|r| InjectMetric {
                number: r.number,
                delivered_at: r.at,
                skipped: r.skipped,
                answered_after: r.answered_at.map(|a| (a - r.at).max(Duration::zero())),
            })
            .collect();
        Metrics {
            start,
            end,
            critical_roles_after,
            first_release_after,
            phases,
            overdue_items,
            injects,
        }
    }

    pub fn completion(&self) -> (usize, usize) {
        self.phases.iter().fold((0, 0), |(d, t), (_, pd, pt)| (d + pd, t + pt))
    }

    pub fn answered(&self) -> (usize, usize) {
        let delivered = self.injects.iter().filter(|i| !i.skipped).count();
        (self.injects.iter().filter(|i| i.answered_after.is_some()).count(), delivered)
    }
}

/// A duration as the report prints it: m:ss under an hour, h:mm:ss above.
pub fn minutes(d: Duration) -> String {
    let s = d.num_seconds().max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    const CRITICAL: [&str; 3] = ["commander", "communications", "legal"];

    fn t(m: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).single().expect("t") + Duration::minutes(m)
    }

    fn a(role: &str, from: i64, to: Option<i64>) -> Assignment {
        Assignment {
            id: 0,
            role: role.into(),
            person_id: 1,
            person_name: "x".into(),
            phone: String::new(),
            email: String::new(),
            started_at: t(from),
            ended_at: to.map(t),
            handed_to: None,
        }
    }

    fn item(phase: Phase, due: Option<i64>, state: ItemState, changed: Option<i64>) -> ChecklistItem {
        ChecklistItem {
            id: 0,
            key: "k".into(),
            phase,
            owner: "commander".into(),
            text_zh: String::new(),
            text_en: String::new(),
            due_at: due.map(t),
            state,
            note: String::new(),
            changed_at: changed.map(t),
        }
    }

    #[test]
    fn critical_roles_count_only_when_all_three_are_held_together() {
        // Legal left at 5 before communications arrived at 7; legal came back at 9.
        let h = [
            a("commander", 2, None),
            a("legal", 3, Some(5)),
            a("communications", 7, None),
            a("legal", 9, None),
        ];
        let m = Metrics::compute(t(0), t(30), &CRITICAL, &h, &[], &[], &[]);
        assert_eq!(m.critical_roles_after, Some(Duration::minutes(9)));
        let m = Metrics::compute(t(0), t(30), &CRITICAL, &h[..3], &[], &[], &[]);
        assert_eq!(m.critical_roles_after, None, "never all three at once");
    }

    #[test]
    fn completion_overdue_and_injects() {
        let items = [
            item(Phase::Report, Some(10), ItemState::Done, Some(5)),
            item(Phase::Report, Some(10), ItemState::Done, Some(15)),
            item(Phase::Convene, Some(20), ItemState::Open, None),
            item(Phase::Convene, None, ItemState::Skipped, Some(3)),
        ];
        let injects = [
            InjectRecord {
                number: 1,
                skipped: false,
                scenario_ms: 0,
                at: t(1),
                answered_at: Some(t(4)),
            },
            InjectRecord {
                number: 2,
                skipped: false,
                scenario_ms: 0,
                at: t(6),
                answered_at: None,
            },
        ];
        let m = Metrics::compute(t(0), t(30), &CRITICAL, &[], &items, &[], &injects);
        assert_eq!(m.overdue_items, 2, "one done late, one still open past due");
        assert_eq!(m.completion(), (3, 4));
        assert_eq!(m.phases[0], (Phase::Report, 2, 2));
        assert_eq!(m.answered(), (1, 2));
        assert_eq!(m.injects[0].answered_after, Some(Duration::minutes(3)));
        assert_eq!(minutes(Duration::seconds(185)), "3:05");
        assert_eq!(minutes(Duration::seconds(3725)), "1:02:05");
    }
}
