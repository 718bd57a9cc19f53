//! Drills on the facilitator's clock.

use super::*;
use crate::app::popups::drill_panel::DrillPanel;
use crate::domain::drill::ClockState;

/// A drill from the library's first scenario, opened in the console.
pub(super) fn drill_app() -> App {
    let mut a = app();
    let (sc, src) = crate::domain::drill::library(a.content).expect("library")[0].clone();
    let pb = a.content.playbook(&sc.crisis_type).expect("playbook");
    let id = a.store.start_drill(pb, &sc, src, t0()).expect("drill");
    a.reload();
    a.open_incident(id);
    a
}

fn delivered(a: &App) -> Vec<u32> {
    let id = a.view.as_ref().expect("v").incident.id;
    a.store
        .drill_injects(id)
        .expect("injects")
        .iter()
        .filter(|r| !r.skipped)
        .map(|r| r.number)
        .collect()
}

#[test]
fn drill_injects_arrive_on_the_facilitators_clock() {
    let mut a = drill_app();
    assert!(a.view.as_ref().is_some_and(|v| v.incident.drill));
    assert_eq!((a.open_count, a.first_open), (0, None), "a drill is not among the real incidents");
    let sc = a.drill.as_ref().expect("drill").scenario.clone();
    key(&mut a, KeyCode::Char('F'));
    assert!(a.top::<DrillPanel>().is_some());
    // Nothing arrives before the clock starts.
    a.tick(t0() + Duration::minutes(30));
    assert!(delivered(&a).is_empty());
    a.now = t0();
    key(&mut a, KeyCode::Char(' '));
    assert_eq!(a.drill_status().map(|s| s.1), Some(ClockState::Running));
    let first = sc.inject[0].number;
    assert_eq!(delivered(&a), vec![first], "the minute-0 inject arrives at once");
    assert!(a.top::<InjectNotice>().is_some_and(|i| i.number == first));
    key(&mut a, KeyCode::Esc);
    // The second inject arrives when its minute comes, not before.
    let second = &sc.inject[1];
    a.tick(t0() + Duration::minutes(i64::from(second.at_minutes)) - Duration::seconds(1));
    assert!(!delivered(&a).contains(&second.number) || second.at_minutes == 0);
    a.tick(t0() + Duration::minutes(i64::from(second.at_minutes)));
    assert!(delivered(&a).contains(&second.number));
    key(&mut a, KeyCode::Esc);
    // Paused time stands still.
    let paused_at = t0() + Duration::minutes(i64::from(second.at_minutes));
    a.now = paused_at;
    key(&mut a, KeyCode::Char(' '));
    assert_eq!(a.drill_status().map(|s| s.1), Some(ClockState::Paused));
    let before = delivered(&a).len();
    a.tick(paused_at + Duration::hours(2));
    assert_eq!(delivered(&a).len(), before, "no injects while paused");
    // Deliver the next one early, skip the one after.
    let next = crate::domain::drill::next_inject(&sc, &a.drill.as_ref().expect("d").injects)
        .expect("next")
        .number;
    key(&mut a, KeyCode::Char('n'));
    assert!(delivered(&a).contains(&next));
    assert!(a.top::<InjectNotice>().is_some_and(|i| i.number == next));
    key(&mut a, KeyCode::Esc);
    let skipped = crate::domain::drill::next_inject(&sc, &a.drill.as_ref().expect("d").injects)
        .expect("next")
        .number;
    key(&mut a, KeyCode::Char('x'));
    assert!(!delivered(&a).contains(&skipped));
    assert!(
        a.drill
            .as_ref()
            .expect("d")
            .injects
            .iter()
            .any(|r| r.number == skipped && r.skipped)
    );
    // Speed x2 and the timeline records the injects.
    key(&mut a, KeyCode::Char('s'));
    assert_eq!(a.drill_status().map(|s| s.2), Some(2));
    let tl = a
        .store
        .timeline_page(a.view.as_ref().expect("v").incident.id, None, 50)
        .expect("tl");
    assert!(tl.iter().any(|e| e.kind == "drill.inject" && e.data["number"] == first));
    assert!(tl.iter().any(|e| e.kind == "drill.skipped" && e.data["number"] == skipped));
    // Rate the first objective: P, then S.
    key(&mut a, KeyCode::Home);
    key(&mut a, KeyCode::Char('r'));
    key(&mut a, KeyCode::Char('r'));
    let d = a.drill.as_ref().expect("d");
    assert_eq!(
        d.ratings.iter().find(|r| r.objective == sc.objective[0].id).map(|r| r.rating.id()),
        Some("S")
    );
    key(&mut a, KeyCode::Char('E'));
    key(&mut a, KeyCode::Char('y'));
    assert_eq!(a.drill_status().map(|s| s.1), Some(ClockState::Ended));
}

#[test]
fn a_contingency_inject_comes_when_the_expected_action_is_missing() {
    let mut a = drill_app();
    let sc = a.drill.as_ref().expect("drill").scenario.clone();
    let i = sc
        .inject
        .iter()
        .find(|i| i.contingency.is_some())
        .expect("inject with contingency")
        .clone();
    let (c, within) = (i.contingency.expect("c"), i64::from(i.within_minutes.expect("w")));
    let at = t0() + Duration::minutes(i64::from(i.at_minutes));
    a.now = t0();
    key(&mut a, KeyCode::Char('F'));
    key(&mut a, KeyCode::Char(' '));
    a.popups.retain(|p| (p.as_ref() as &dyn std::any::Any).is::<DrillPanel>());
    a.tick(at);
    assert!(delivered(&a).contains(&i.number));
    let answered = a
        .drill
        .as_ref()
        .expect("d")
        .injects
        .iter()
        .any(|r| r.number == i.number && r.answered_at.is_some());
    assert!(!answered, "nothing the team did answers {} yet", i.number);
    a.tick(at + Duration::minutes(within) - Duration::seconds(1));
    assert!(!delivered(&a).contains(&c), "not before the window closes");
    a.tick(at + Duration::minutes(within) + Duration::seconds(1));
    assert!(delivered(&a).contains(&c), "the contingency redirects play");
}

#[test]
fn an_expected_action_seen_in_time_is_recorded_and_stops_the_contingency() {
    let mut a = app();
    // A library inject that expects a role to be filled.
    let lib = crate::domain::drill::library(a.content).expect("library");
    let (sc, src, inject) = lib
        .iter()
        .find_map(|(sc, src)| {
            sc.inject
                .iter()
                .find(|i| i.contingency.is_some() && i.expect.as_deref().is_some_and(|e| e == "roles:critical" || e.starts_with("role:")))
                .map(|i| (sc.clone(), *src, i.clone()))
        })
        .expect("a scenario with a role expectation");
    let pb = a.content.playbook(&sc.crisis_type).expect("pb");
    let id = a.store.start_drill(pb, &sc, src, t0()).expect("drill");
    a.open_incident(id);
    a.now = t0();
    key(&mut a, KeyCode::Char('F'));
    key(&mut a, KeyCode::Char(' '));
    let at = t0() + Duration::minutes(i64::from(inject.at_minutes));
    a.tick(at);
    // The team staffs the roles after the inject arrives.
    for role in [
        "commander",
        "communications",
        "legal",
        inject.expect.as_deref().unwrap_or("").trim_start_matches("role:"),
    ] {
        if a.content.role(role).is_some() && a.holder(role).is_none() {
            let p = a.store.add_person(&format!("人員{role}"), "", "", at).expect("p");
            a.store.assign_role(id, role, p, at + Duration::seconds(30)).expect("assign");
        }
    }
    a.tick(at + Duration::minutes(1));
    let rec = a
        .drill
        .as_ref()
        .expect("d")
        .injects
        .iter()
        .find(|r| r.number == inject.number)
        .cloned()
        .expect("rec");
    assert!(rec.answered_at.is_some(), "seen by the console");
    a.tick(at + Duration::minutes(i64::from(inject.within_minutes.expect("w")) + 1));
    assert!(
        !delivered(&a).contains(&inject.contingency.expect("c")),
        "no contingency once answered"
    );
}
