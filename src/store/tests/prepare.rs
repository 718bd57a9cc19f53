//! The preparedness tables: the starter loads once, edits stick, bad input
//! is refused, and the drill programme reads the drill history.

use super::*;
use crate::domain::drill::{ClockState, DrillClock, library};
use crate::domain::prepare::{CaseDraft, builtin};
use crate::domain::types::ResourceKind;

fn tz() -> crate::domain::zone::Zone {
    crate::domain::zone::Zone::taipei()
}

fn loaded() -> Store {
    let mut s = Store::open_in_memory().expect("store");
    let starter = builtin(Content::builtin().expect("content")).expect("starter");
    assert!(!s.preparedness_loaded().expect("read"));
    assert!(s.load_preparedness(starter, now(), tz()).expect("load"));
    assert!(!s.load_preparedness(starter, now(), tz()).expect("again"), "only once");
    s
}

#[test]
fn the_starter_loads_once_and_edits_stay() {
    let mut s = loaded();
    let starter = builtin(Content::builtin().expect("content")).expect("starter");
    let risks = s.risks().expect("risks");
    assert_eq!(risks.len(), starter.risks.len());
    // Highest likelihood × impact first; the review falls due after review_days.
    let top = &risks[0];
    assert!(
        risks
            .iter()
            .all(|r| u32::from(r.likelihood) * u32::from(r.impact) <= u32::from(top.likelihood) * u32::from(top.impact))
    );
    assert_eq!(
        top.review_on,
        now().with_timezone(&tz()).date_naive() + Duration::days(i64::from(starter.review_days))
    );
    let edit = RiskEdit {
        likelihood: 1,
        impact: 2,
        owner: "林志明".into(),
        controls: "每週還原測試".into(),
        review_on: chrono::NaiveDate::from_ymd_opt(2027, 1, 31).expect("d"),
    };
    s.set_risk(top.id, &edit, now()).expect("re-score");
    let again = s.risks().expect("risks");
    let r = again.iter().find(|r| r.id == top.id).expect("still there");
    assert_eq!(
        (r.likelihood, r.impact, r.owner.as_str(), r.controls.as_str()),
        (1, 2, "林志明", "每週還原測試")
    );
    // Loading again never overwrites the clinic's edits.
    s.load_preparedness(starter, now(), tz()).expect("again");
    assert_eq!(s.risks().expect("risks").len(), starter.risks.len());
    assert!(s.risks().expect("r").iter().any(|x| x.id == top.id && x.likelihood == 1));
}

#[test]
fn bad_scores_and_titles_are_refused() {
    let mut s = loaded();
    let id = s.risks().expect("r")[0].id;
    let bad = RiskEdit {
        likelihood: 6,
        impact: 1,
        owner: String::new(),
        controls: String::new(),
        review_on: chrono::NaiveDate::from_ymd_opt(2027, 1, 1).expect("d"),
    };
    assert!(matches!(s.set_risk(id, &bad, now()), Err(StoreError::Invalid(_))));
    let ok = RiskEdit { likelihood: 2, ..bad };
    assert!(matches!(s.set_risk(9999, &ok, now()), Err(StoreError::NotFound(_))));
    assert!(matches!(s.add_risk("violence", "  ", &ok, now()), Err(StoreError::Invalid(_))));
    let new = s.add_risk("violence", "停車場衝突", &ok, now()).expect("add");
    assert!(s.risks().expect("r").iter().any(|r| r.id == new && r.starter.is_none()));
    assert!(matches!(
        s.add_case(None, "violence", &CaseDraft::default(), now()),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn entries_are_checked_and_written_down() {
    let mut s = loaded();
    let rows = s.resources().expect("inventory");
    assert!(
        rows.iter().take_while(|r| r.kind == ResourceKind::External).count() >= 9,
        "outside parties first"
    );
    let cdc = rows.iter().find(|r| r.starter.as_deref() == Some("cdc")).expect("cdc");
    assert_eq!(cdc.phone, "1922");
    assert!(cdc.checked_at.is_none());
    s.set_operator(Some("陳雅婷".into()));
    s.mark_checked(cdc.id, now()).expect("check");
    let insurer = rows.iter().find(|r| r.starter.as_deref() == Some("insurer")).expect("insurer");
    s.set_resource(insurer.id, "安心產險 保單 A-123", "02-0000-0000", "林志明", now())
        .expect("write");
    let rows = s.resources().expect("inventory");
    let cdc = rows.iter().find(|r| r.starter.as_deref() == Some("cdc")).expect("cdc");
    assert_eq!((cdc.checked_at, cdc.checked_by.as_deref()), (Some(now()), Some("陳雅婷")));
    let insurer = rows.iter().find(|r| r.starter.as_deref() == Some("insurer")).expect("insurer");
    assert_eq!(insurer.detail, "安心產險 保單 A-123");
    assert_eq!(insurer.checked_at, Some(now()), "writing it down is checking it");
    assert!(matches!(s.mark_checked(9999, now()), Err(StoreError::NotFound(_))));
}

#[test]
fn the_programme_reads_drill_scores_plans_and_open_items() {
    let mut s = loaded();
    let c = Content::builtin().expect("content");
    let (sc, src) = library(c)
        .expect("lib")
        .iter()
        .find(|(s, _)| s.id == "covid-cluster")
        .cloned()
        .expect("sc");
    let id = s.start_drill(pb(&sc.crisis_type), &sc, src, now()).expect("drill");
    assert!(s.drill_runs().expect("runs").is_empty(), "a drill never started is not a run");
    let mut clock = DrillClock {
        state: ClockState::Ready,
        speed: 1,
        banked_ms: 0,
        resumed_at: None,
    };
    clock.run(now());
    s.set_drill_clock(id, &clock, ClockAct::Started, now()).expect("start");
    let runs = s.drill_runs().expect("runs");
    assert_eq!(runs.len(), 1);
    assert_eq!((runs[0].crisis_type.as_str(), runs[0].score), ("public-health", 0));
    s.rate_objective(id, "o1", Rating::P, "", now()).expect("rate");
    s.rate_objective(id, "o2", Rating::S, "", now()).expect("rate");
    assert_eq!(s.drill_runs().expect("runs")[0].score, 84);
    let day = chrono::NaiveDate::from_ymd_opt(2027, 2, 1).expect("d");
    s.plan_drill("violence", Some(day), now()).expect("plan");
    s.plan_drill("violence", Some(day + Duration::days(1)), now()).expect("move");
    assert_eq!(
        s.drill_plans().expect("plans"),
        vec![("violence".to_string(), day + Duration::days(1))]
    );
    s.plan_drill("violence", None, now()).expect("clear");
    assert!(s.drill_plans().expect("plans").is_empty());
    s.add_improvement(id, "每季演練通報", "行政主管", "2027-01-15", Category::Training, now())
        .expect("item");
    s.add_follow_up(id, "補買快篩", "護理長", Some(now() + Duration::days(2)), now())
        .expect("follow-up");
    let open = s.open_improvements(tz()).expect("open");
    assert_eq!(open.len(), 2);
    assert_eq!(open[0].action, "補買快篩", "soonest due first");
    assert!(open.iter().all(|o| o.drill && o.incident == id));
}

#[test]
fn a_case_comes_from_a_closed_incident() {
    let (mut s, id) = declared();
    assert_eq!(s.closed_incident_for_case(Some(id)).expect("read"), None, "still open");
    s.close_incident(id, now()).expect("close");
    assert_eq!(s.closed_incident_for_case(None).expect("read"), Some(id));
    let d = CaseDraft {
        title: "預約系統遭加密".into(),
        lessons: "離線備份".into(),
        ..CaseDraft::default()
    };
    let case = s.add_case(Some(id), "data-breach", &d, now()).expect("case");
    let cases = s.cases().expect("cases");
    assert_eq!(
        (cases[0].id, cases[0].incident_id, cases[0].draft.lessons.as_str()),
        (case, Some(id), "離線備份")
    );
}
