//! The preparedness view, driven by keys.

use super::*;
use crate::app::forms::case::CaseForm;
use crate::app::forms::drill_plan::DrillPlanForm;
use crate::app::forms::risk::RiskForm;
use crate::app::popups::call_tree::CallTreeView;
use crate::app::popups::prepare::{PrepareView, Tab};
use crate::domain::types::NoteKind;

fn prepared() -> App {
    let mut a = app();
    a.store.add_person("林志明", "0900-000-101", "", t0()).expect("person");
    a.reload();
    key(&mut a, KeyCode::Char('Z'));
    a
}

#[test]
fn z_loads_the_starter_and_opens_the_view_on_risks() {
    let mut a = prepared();
    assert!(a.top::<PrepareView>().is_some_and(|p| p.tab == Tab::Risks));
    assert!(a.status.as_ref().is_some_and(|s| s.text.contains("已載入")), "{:?}", a.status);
    let r = a.prepare.as_ref().expect("loaded");
    assert!(r.loaded && r.risks.len() >= 7 && r.resources.len() >= 12);
    assert!(r.risks[0].title.contains("雷射") || !r.risks[0].title.is_empty());
    assert_eq!(r.heat.iter().flatten().sum::<usize>(), r.risks.len());
    // A second open loads nothing again.
    key(&mut a, KeyCode::Esc);
    assert!(a.popups.is_empty() && a.prepare.is_none(), "closing lets go of the data");
    key(&mut a, KeyCode::Char('Z'));
    assert!(a.status.is_none() || !a.status.as_ref().is_some_and(|s| s.text.contains("已載入")));
}

#[test]
fn a_risk_is_re_scored_with_an_owner_from_the_roster() {
    let mut a = prepared();
    let first = a.prepare.as_ref().expect("p").risks[0].row.clone();
    key(&mut a, KeyCode::Char('e'));
    assert!(a.top::<Form<RiskForm>>().is_some());
    // Likelihood down to 1 (← from wherever it is), impact stays, owner: the roster's first.
    for _ in 0..5 {
        key(&mut a, KeyCode::Left);
        if a.top::<Form<RiskForm>>().is_some_and(|f| f.spec.likelihood.index() == 0) {
            break;
        }
    }
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Enter);
    assert!(a.top::<PrepareView>().is_some(), "{:?}", a.status);
    let r = a.prepare.as_ref().expect("p");
    let now = r.risks.iter().find(|x| x.row.id == first.id).expect("risk");
    assert_eq!(
        (now.row.likelihood, now.row.impact, now.row.owner.as_str()),
        (1, first.impact, "林志明")
    );
    assert_eq!(r.heat.iter().flatten().sum::<usize>(), r.risks.len());
}

#[test]
fn a_bad_review_date_keeps_the_form_open_with_one_line() {
    let mut a = prepared();
    key(&mut a, KeyCode::Char('e'));
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
    }
    for _ in 0..12 {
        key(&mut a, KeyCode::Backspace);
    }
    chars(&mut a, "明天");
    key(&mut a, KeyCode::Enter);
    let form = a.top::<Form<RiskForm>>().expect("still open");
    assert!(
        form.error.as_deref().is_some_and(|e| e.contains("明天") && !e.contains('\n')),
        "{:?}",
        form.error
    );
}

#[test]
fn an_entry_is_marked_checked_and_a_drill_planned() {
    let mut a = prepared();
    key(&mut a, KeyCode::Char('c'));
    assert!(a.status.as_ref().is_some_and(|s| s.error), "c works on the inventory tab only");
    key(&mut a, KeyCode::Tab);
    let stale_before = a.prepare.as_ref().expect("p").stale_entries();
    key(&mut a, KeyCode::Char('c'));
    let r = a.prepare.as_ref().expect("p");
    assert_eq!(r.stale_entries(), stale_before - 1);
    assert!(r.resources[0].row.checked_at.is_some());
    key(&mut a, KeyCode::Tab);
    assert!(a.top::<PrepareView>().is_some_and(|p| p.tab == Tab::Drills));
    // Nothing drilled yet: every type is "never", in playbook order.
    let first_type = a.prepare.as_ref().expect("p").programme[0].crisis_type.clone();
    key(&mut a, KeyCode::Char('p'));
    assert!(a.top::<Form<DrillPlanForm>>().is_some());
    key(&mut a, KeyCode::Enter);
    let r = a.prepare.as_ref().expect("p");
    let row = r.programme.iter().find(|p| p.crisis_type == first_type).expect("row");
    assert_eq!(row.planned, Some((t0() + Duration::days(30)).with_timezone(&a.tz).date_naive()));
}

#[test]
fn a_case_is_added_from_a_closed_incident_with_the_review_prefilled() {
    let mut a = prepared();
    key(&mut a, KeyCode::BackTab);
    assert!(a.top::<PrepareView>().is_some_and(|p| p.tab == Tab::Cases));
    let before = a.prepare.as_ref().expect("p").cases.len();
    key(&mut a, KeyCode::Char('a'));
    assert!(a.status.as_ref().is_some_and(|s| s.error), "nothing closed yet");
    key(&mut a, KeyCode::Esc);
    declare(&mut a, "預約系統遭加密");
    let id = a.incident_id().expect("incident");
    a.store
        .add_after_action_note(id, NoteKind::Strength, "十分鐘內隔離", t0())
        .expect("note");
    a.store
        .add_after_action_note(id, NoteKind::Improvement, "聲明稿太晚", t0())
        .expect("note");
    a.store
        .add_improvement(
            id,
            "離線備份每週還原",
            "資訊",
            "2027-01-01",
            crate::domain::types::Category::Equipment,
            t0(),
        )
        .expect("item");
    a.store.close_incident(id, t0()).expect("close");
    a.reload();
    key(&mut a, KeyCode::Char('Z'));
    key(&mut a, KeyCode::BackTab);
    key(&mut a, KeyCode::Char('a'));
    let form = a.top::<Form<CaseForm>>().expect("case form");
    assert_eq!(form.spec.title.value(), "預約系統遭加密");
    assert_eq!(form.spec.went_well.value(), "十分鐘內隔離");
    assert_eq!(form.spec.went_wrong.value(), "聲明稿太晚");
    assert_eq!(form.spec.lessons.value(), "離線備份每週還原");
    key(&mut a, KeyCode::Enter);
    let r = a.prepare.as_ref().expect("p");
    assert_eq!(r.cases.len(), before + 1);
    assert_eq!(r.cases[0].incident, Some(id));
    assert_eq!(r.open_items.len(), 1);
}

#[test]
fn the_call_tree_offers_the_contacts_the_playbook_needs() {
    let mut a = prepared();
    key(&mut a, KeyCode::Tab);
    // The IT vendor, written down: the call tree of a breach shows it.
    let vendor = a
        .prepare
        .as_ref()
        .expect("p")
        .resources
        .iter()
        .find(|r| r.row.starter.as_deref() == Some("it-vendor"))
        .map(|r| r.row.id)
        .expect("vendor");
    a.store
        .set_resource(vendor, "安全資訊公司 王工程師", "02-0000-1234", "", t0())
        .expect("write");
    key(&mut a, KeyCode::Esc);
    declare(&mut a, "預約系統遭加密");
    key(&mut a, KeyCode::Char('T'));
    assert!(a.top::<CallTreeView>().is_some());
    let contacts = &a.reach_lists.contacts;
    let it = contacts.iter().find(|c| c.detail.contains("王工程師")).expect("vendor offered");
    assert_eq!(it.phone, "02-0000-1234");
    assert!(!it.stale && !it.missing);
    assert!(
        contacts.iter().any(|c| c.phone == "165" && !c.missing),
        "the anti-fraud line for the scam warning"
    );
    assert!(!contacts.iter().any(|c| c.phone == "1922"), "no CDC line for a breach");
}

#[test]
fn re_scoring_an_overdue_risk_moves_its_review_a_quarter_on() {
    let mut a = prepared();
    // Half a year later every starter review is overdue.
    a.now = t0() + Duration::days(200);
    a.reload();
    let r = a.prepare.as_ref().expect("p");
    assert_eq!(r.overdue_reviews(), r.risks.len());
    key(&mut a, KeyCode::Char('e'));
    key(&mut a, KeyCode::Enter);
    let r = a.prepare.as_ref().expect("p");
    assert_eq!(r.overdue_reviews(), r.risks.len() - 1);
    let due = (a.now + Duration::days(90)).with_timezone(&a.tz).date_naive();
    assert!(r.risks.iter().any(|x| x.row.review_on == due && !x.overdue));
}
