//! The after-action report: what it says about a drill and a real incident.

mod common;

use chrono::Duration;
use common::*;
use crisisdesk::cli::ReportFormat;
use crisisdesk::domain::desk::Step;
use crisisdesk::domain::drill::{DrillClock, library};
use crisisdesk::i18n::Lang;
use crisisdesk::store::Store;

fn report(store: &Store, id: i64, format: ReportFormat, lang: Lang) -> String {
    let mut out = Vec::new();
    crisisdesk::report::write(
        store,
        content(),
        id,
        format,
        lang,
        chrono_tz::Asia::Taipei,
        t0() + Duration::minutes(40),
        &mut out,
    )
    .expect("report");
    String::from_utf8(out).expect("utf-8")
}

/// A 30-minute drill: roles filled at minute 5, a release at minute 12,
/// two injects (one answered), ratings, notes and one plan row.
fn drilled() -> (Store, i64) {
    let mut s = Store::open_in_memory().expect("store");
    let (sc, src) = library(content()).expect("library")[0].clone();
    let id = s
        .start_drill(content().playbook(&sc.kind).expect("pb"), &sc, src, t0())
        .expect("drill");
    let at = |m: i64| t0() + Duration::minutes(m);
    let mut clock = DrillClock::default();
    clock.run(at(0));
    s.set_drill_clock(id, &clock, "started", at(0)).expect("start");
    for (role, name, phone) in [
        ("commander", "林院長", "0911-222-333"),
        ("communications", "陳公關", ""),
        ("legal", "黃律師", ""),
    ] {
        let p = s.add_person(name, phone, "", at(0)).expect("p");
        s.assign_role(id, role, p, at(5)).expect("assign");
    }
    s.record_inject(id, &sc.inject[0], false, false, 0, at(0)).expect("inject");
    s.mark_answered(id, sc.inject[0].number, "seen", at(3)).expect("answered");
    s.record_inject(id, &sc.inject[1], false, false, 60_000, at(1)).expect("inject");
    let st = s.create_statement(id, "media", "本診所深感抱歉。", at(6)).expect("st");
    for (i, step) in [Step::Submit, Step::Review, Step::Approve, Step::Release].into_iter().enumerate() {
        s.statement_step(st, step, false, at(9 + i as i64)).expect("step");
    }
    s.rate_objective(id, &sc.objective[0].id, "S", "窗口指派慢了兩分鐘", at(30))
        .expect("rate");
    s.add_review_note(id, "strength", "發言人統一對外", at(31)).expect("note");
    s.add_review_note(id, "improvement", "名單匯出流程不熟", at(31)).expect("note");
    s.add_improvement(id, "每季演練名單匯出", "行政主管", "2027-01-31", "training", at(32))
        .expect("plan");
    clock.end(at(30));
    s.set_drill_clock(id, &clock, "ended", at(30)).expect("end");
    (s, id)
}

#[test]
fn a_drill_report_has_every_section_with_its_figures() {
    let (s, id) = drilled();
    let md = report(&s, id, ReportFormat::Md, Lang::Zh);
    let sc = &library(content()).expect("lib")[0].0;
    for want in [
        "演練：這是桌面演練，不是真實事件",
        sc.title.zh.as_str(),
        &sc.objective[0].text.zh,
        "S：完成但有些困難",
        "窗口指派慢了兩分鐘",
        "未評分",
        "發言人統一對外",
        "名單匯出流程不熟",
        "| 每季演練名單匯出 | 行政主管 | 2027-01-31 | 訓練 |",
        "| 總指揮、發言人、法律顧問全數到位所需時間 | 5:00 |",
        "| 首份聲明稿發布所需時間 | 12:00 |",
        "| 已回應的狀況 | 1/2 |",
        "| 3:00 |",
        "未回應",
        "林院長 (危機總指揮)",
        "紀錄鏈頭",
    ] {
        assert!(md.contains(want), "{want:?} missing:\n{md}");
    }
    assert!(!md.contains("0911-222-333"), "no phone numbers in a report");
    let en = report(&s, id, ReportFormat::Md, Lang::En);
    assert!(en.contains("S: performed with some challenges") && en.contains("DRILL"), "{en}");
}

#[test]
fn the_html_report_is_one_self_contained_printable_page() {
    let (mut s, id) = drilled();
    s.add_review_note(id, "hotwash", "<b>&\"引號\"", t0()).expect("note");
    let html = report(&s, id, ReportFormat::Html, Lang::Zh);
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<meta charset=\"utf-8\">") && html.contains("lang=\"zh-Hant\""));
    assert!(html.contains("@media print"));
    assert!(html.contains("class=\"banner\""));
    assert!(html.contains("&lt;b&gt;&amp;&quot;引號&quot;"), "text is escaped");
    for outside in ["http", "<script", "<link", "<img"] {
        assert!(!html.contains(outside), "{outside} in a self-contained page");
    }
}

#[test]
fn a_real_incident_gets_the_post_incident_review_without_a_drill_banner() {
    let mut s = Store::open_in_memory().expect("store");
    let id = s
        .declare(content().playbook("data-breach").expect("pb"), 2, "真實事件", false, t0())
        .expect("declare");
    s.add_improvement(id, "更換備份廠商", "資訊人員", "2027-02-01", "equipment", t0())
        .expect("plan");
    let md = report(&s, id, ReportFormat::Md, Lang::Zh);
    assert!(!md.contains("演練：這是桌面演練"), "{md}");
    assert!(
        md.contains("更換備份廠商") && md.contains("設備") && md.contains("量測結果"),
        "{md}"
    );
    assert!(md.contains("未達成"), "roles never staffed are said so:\n{md}");
    let mut out = Vec::new();
    let err = crisisdesk::report::write(
        &s,
        content(),
        999,
        ReportFormat::Md,
        Lang::En,
        chrono_tz::Asia::Taipei,
        t0(),
        &mut out,
    );
    assert!(err.is_err_and(|e| e.0.contains("not found")));
}
