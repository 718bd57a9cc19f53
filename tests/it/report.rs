//! The after-action report and improvement plan, end to end through the
//! store: a played drill and a real incident, as Markdown and as HTML.

use chrono::{DateTime, Duration, TimeZone, Utc};
use crisisdesk::domain::desk::Step;
use crisisdesk::domain::drill::{DrillClock, Scenario, library};
use crisisdesk::domain::model::ItemState;
use crisisdesk::domain::timeline::ClockAct;
use crisisdesk::domain::types::{Audience, Category, NoteKind, Rating};
use crisisdesk::domain::{Content, Phase};
use crisisdesk::i18n::{Catalog, Lang};
use crisisdesk::report::ReportFormat;
use crisisdesk::store::Store;

const PHONE: &str = "0912-345-678";
const EMAIL: &str = "lin.director@clinic.example";

fn content() -> &'static Content {
    Content::builtin().expect("content")
}

/// 2026-11-24 14:00 in Taipei.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).single().expect("time")
}

fn at(m: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(m)
}

fn tz() -> crisisdesk::domain::zone::Zone {
    crisisdesk::domain::zone::Zone::taipei()
}

fn scenario() -> &'static (Scenario, &'static str) {
    library(content())
        .expect("library")
        .iter()
        .find(|(s, _)| s.id == "laser-burn")
        .expect("laser-burn scenario")
}

fn report(store: &Store, id: i64, format: ReportFormat, lang: Lang) -> String {
    let mut out = Vec::new();
    crisisdesk::report::write(store, content(), id, format, lang, tz(), at(120), &mut out).expect("report");
    String::from_utf8(out).expect("utf-8")
}

fn assign(s: &mut Store, id: i64, role: &str, name: &str, phone: &str, email: &str, m: i64) {
    let p = s.add_person(name, phone, email, at(m)).expect("person");
    s.assign_role(id, role, p, at(m)).expect("assign");
}

/// Staff the three critical roles: commander at 1, legal at 3,
/// communications at 5 minutes. Only the commander has a phone and e-mail.
fn staff(s: &mut Store, id: i64) {
    assign(s, id, "commander", "林院長", PHONE, EMAIL, 1);
    assign(s, id, "legal", "黃律師", "", "", 3);
    assign(s, id, "communications", "陳公關", "", "", 5);
}

/// A media statement through review and approval, released at `release`.
fn release_statement(s: &mut Store, id: i64, release: i64) {
    let st = s
        .create_statement(id, Audience::Media, "本診所深感抱歉，已全力協助病人。", at(release - 4))
        .expect("statement");
    for (k, step) in [Step::Submit, Step::Review, Step::Approve, Step::Release].into_iter().enumerate() {
        s.advance_for_tests(st, step, at(release - 3 + k as i64)).expect("step");
    }
}

/// Mark every item of the Report phase done; returns how many there are.
fn finish_report_phase(s: &mut Store, id: i64, m: i64) -> usize {
    let items: Vec<_> = s
        .checklist(id)
        .expect("checklist")
        .into_iter()
        .filter(|i| i.phase == Phase::Report)
        .collect();
    assert!(!items.is_empty(), "the playbook has report-phase items");
    for i in &items {
        s.set_item_state(i.id, ItemState::Done, "", at(m)).expect("done");
    }
    items.len()
}

/// A laser-burn drill played for 30 minutes with everything the report shows.
fn played_drill() -> (Store, i64) {
    let (sc, src) = scenario();
    let pb = content().playbook(&sc.crisis_type).expect("playbook");
    let mut s = Store::open_in_memory().expect("store");
    let id = s.start_drill(pb, sc, src, at(0)).expect("start");
    let mut clock = DrillClock::default();
    clock.run(at(0));
    s.set_drill_clock(id, &clock, ClockAct::Started, at(0)).expect("clock");
    // Everything in time order, as a facilitator would record it.
    // Inject 1 answered after 4:30; inject 2 never answered; inject 3 skipped.
    s.record_inject(id, sc.find(1).expect("inject 1"), false, false, 0, at(0))
        .expect("inject 1");
    assign(&mut s, id, "commander", "林院長", PHONE, EMAIL, 1);
    assign(&mut s, id, "legal", "黃律師", "", "", 3);
    s.record_inject(id, sc.find(2).expect("inject 2"), false, false, 180_000, at(3))
        .expect("inject 2");
    s.mark_answered(id, 1, "manual", at(0) + Duration::seconds(270)).expect("answered");
    assign(&mut s, id, "communications", "陳公關", "", "", 5);
    s.record_inject(id, sc.find(3).expect("inject 3"), true, false, 300_000, at(5))
        .expect("inject 3");
    finish_report_phase(&mut s, id, 7);
    release_statement(&mut s, id, 12);
    // Written down at 14:13 about something seen at 14:04.
    s.add_note(id, "陳先生抵達櫃台，情緒激動", at(4), at(13)).expect("note");
    clock.end(at(30));
    s.set_drill_clock(id, &clock, ClockAct::Ended, at(30)).expect("end");
    s.rate_objective(id, "o1", Rating::S, "Legal took 5 minutes to reach by phone", at(31))
        .expect("rate o1");
    s.rate_objective(id, "o2", Rating::P, "", at(31)).expect("rate o2");
    s.rate_objective(id, "o3", Rating::U, "", at(31)).expect("rate o3");
    s.add_after_action_note(id, NoteKind::Strength, "Patient safety came first", at(32))
        .expect("strength");
    s.add_after_action_note(id, NoteKind::Improvement, "Nobody knew where the laser log was", at(32))
        .expect("improvement");
    s.add_after_action_note(id, NoteKind::Hotwash, "Team agreed the call tree is out of date", at(33))
        .expect("hotwash");
    s.add_improvement(
        id,
        "Print the call tree | laminate it",
        "Office manager",
        "2026-12-31",
        Category::Training,
        at(34),
    )
    .expect("improvement");
    (s, id)
}

fn lines_with<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(needle)).collect()
}

/// The one table row that starts with `first` (a Markdown row `| first | ...`).
fn row<'a>(md: &'a str, first: &str) -> &'a str {
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with(&format!("| {first} |"))).collect();
    assert_eq!(rows.len(), 1, "exactly one row for {first:?} in:\n{md}");
    rows[0]
}

#[test]
fn drill_report_has_the_banner_overview_and_participants() {
    let (s, id) = played_drill();
    let md = report(&s, id, ReportFormat::Md, Lang::En);
    let en = Catalog::get(Lang::En);
    // The banner opens the report and closes it, so no printed page set lacks it.
    let top = en.t("export.drill_notice");
    assert!(top.contains("DRILL") && top.contains("not a real incident"), "{top}");
    assert!(md.contains(&format!("\n> **{top}**\n")), "the banner is a quoted bold line");
    assert!(
        md.find(top).expect("banner") < md.find("## Overview").expect("overview"),
        "banner comes first"
    );
    let bottom = en.t("report.drill_banner");
    assert!(bottom.contains("This is an exercise, not a real incident"), "{bottom}");
    assert!(md.trim_end().ends_with(&format!("> **{bottom}**")), "and last");
    assert!(md.starts_with("# [DRILL 演練] After-action report"), "{}", &md[..120]);
    assert!(!md.contains(en.t("report.not_drill")));
    // Scenario, synopsis, times in Taipei, duration from start to end.
    assert!(row(&md, "Scenario").contains("Facial burn after a fractional laser treatment (laser-burn)"));
    assert!(md.contains("## Synopsis\n\nA dermatology clinic in Taichung"));
    assert!(row(&md, "Severity").contains(" Level 2"), "{}", row(&md, "Severity"));
    assert!(row(&md, "Started").contains("2026-11-24 14:00"));
    assert!(row(&md, "Ended").contains("2026-11-24 14:30"));
    assert!(row(&md, "Duration").contains("30:00"));
    assert!(row(&md, "Type").contains(&content().type_name("medical-dispute", Lang::En)));
    assert!(row(&md, "Time zone").contains("Asia/Taipei"));
    // Participants by name with their role, and never their phone or e-mail.
    let people = &md[md.find("## Participants").expect("participants")..];
    let people = &people[..people.find("\n## ").expect("next section")];
    assert!(
        people.contains(&format!("- 林院長 ({})", content().role_name("commander", Lang::En))),
        "{people}"
    );
    assert!(
        people.contains(&format!("- 黃律師 ({})", content().role_name("legal", Lang::En))),
        "{people}"
    );
    assert_eq!(people.matches("\n- ").count(), 3, "three people: {people}");
    for format in [ReportFormat::Md, ReportFormat::Html] {
        for lang in [Lang::En, Lang::Zh] {
            let text = report(&s, id, format, lang);
            assert!(text.contains("林院長"));
            assert!(
                !text.contains(PHONE) && !text.contains("0912345678"),
                "no phone number in {format:?} {lang:?}"
            );
            assert!(!text.contains(EMAIL), "no e-mail in {format:?} {lang:?}");
        }
    }
}

#[test]
fn objectives_show_their_ratings_and_notes() {
    let (s, id) = played_drill();
    let md = report(&s, id, ReportFormat::Md, Lang::En);
    assert!(md.contains("## Objectives and ratings"));
    let o1 = row(&md, "o1");
    assert!(o1.contains("the commander, spokesperson and legal counsel are assigned"), "{o1}");
    assert!(o1.contains("S: performed with some challenges"), "{o1}");
    assert!(o1.contains("Legal took 5 minutes to reach by phone"), "{o1}");
    assert!(row(&md, "o2").contains("P: performed without challenges"));
    assert!(row(&md, "o3").contains("U: unable to perform"));
    assert!(row(&md, "o4").contains("| not rated |"), "{}", row(&md, "o4"));
    let zh = report(&s, id, ReportFormat::Md, Lang::Zh);
    assert!(row(&zh, "o1").contains("S：完成但有些困難"));
    assert!(row(&zh, "o4").contains("未評分"));
}

#[test]
fn strengths_improvements_and_hot_wash_have_their_own_sections() {
    let (s, id) = played_drill();
    let md = report(&s, id, ReportFormat::Md, Lang::En);
    let section = |head: &str| -> String {
        let start = md.find(&format!("## {head}\n")).unwrap_or_else(|| panic!("section {head}"));
        let rest = &md[start + head.len() + 4..];
        rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
    };
    let strengths = section("Strengths");
    assert!(strengths.contains("Patient safety came first"));
    assert!(!strengths.contains("laser log"));
    let improvements = section("Areas for improvement");
    assert!(improvements.contains("Nobody knew where the laser log was"));
    assert!(!improvements.contains("Patient safety"));
    let hot = section("Hot wash");
    assert!(hot.contains("Team agreed the call tree is out of date"));
    assert!(hot.contains("2026-11-24 14:33"), "note time in local time: {hot}");
}

#[test]
fn metrics_are_measured_from_the_record() {
    let (s, id) = played_drill();
    let md = report(&s, id, ReportFormat::Md, Lang::En);
    // Communications, the last critical role, arrived 5 minutes in.
    assert_eq!(
        row(&md, "Until commander, communications and legal were all staffed"),
        "| Until commander, communications and legal were all staffed | 5:00 |"
    );
    assert_eq!(
        row(&md, "Until the first released statement"),
        "| Until the first released statement | 12:00 |"
    );
    assert_eq!(row(&md, "Injects answered"), "| Injects answered | 1/2 |");
    let n = s
        .checklist(id)
        .expect("checklist")
        .iter()
        .filter(|i| i.phase == Phase::Report)
        .count();
    let label = Catalog::get(Lang::En).t(Phase::Report.label_key());
    assert_eq!(row(&md, label), format!("| {label} | {n}/{n} | 100% |"));
    let convene = Catalog::get(Lang::En).t(Phase::Convene.label_key());
    assert!(row(&md, convene).ends_with(" | 0% |"), "{}", row(&md, convene));
    assert!(row(&md, "Checklist completed at the end").contains(&format!("{n}/")));
    // Injects: delivered time, how long each took, or why not.
    assert_eq!(row(&md, "#1"), "| #1 | o1 | 2026-11-24 14:00 | 4:30 |");
    assert_eq!(row(&md, "#2"), "| #2 | o2 | 2026-11-24 14:03 | not answered |");
    assert_eq!(row(&md, "#3"), "| #3 | o4 | 2026-11-24 14:05 | skipped |");
    let zh = report(&s, id, ReportFormat::Md, Lang::Zh);
    assert!(row(&zh, "#2").ends_with("| 未回應 |"));
}

#[test]
fn improvement_plan_lists_action_owner_due_and_category() {
    let (s, id) = played_drill();
    let md = report(&s, id, ReportFormat::Md, Lang::En);
    assert!(md.contains("## Improvement plan"));
    assert!(md.contains("| Corrective action | Owner | Due | Category |"));
    // The '|' inside the action is escaped so the table holds together.
    assert!(
        md.contains("| Print the call tree \\| laminate it | Office manager | 2026-12-31 | training |"),
        "{md}"
    );
    let zh = report(&s, id, ReportFormat::Md, Lang::Zh);
    assert!(zh.contains("## 改善計畫"));
    assert!(zh.contains("| Office manager | 2026-12-31 | 訓練 |"));
}

#[test]
fn timeline_is_complete_and_oldest_first() {
    let (s, id) = played_drill();
    let md = report(&s, id, ReportFormat::Md, Lang::En);
    let tl = &md[md.find("## Timeline").expect("timeline")..];
    // A note backdated to 14:04, recorded at 14:13: both times are shown.
    assert!(
        tl.contains("| 2026-11-24 14:04:00 | 2026-11-24 14:13:00 | 陳先生抵達櫃台，情緒激動 |"),
        "{tl}"
    );
    assert!(
        tl.contains("| 2026-11-24 14:01:00 | 2026-11-24 14:01:00 | Assigned Crisis commander: 林院長 |"),
        "{tl}"
    );
    // Oldest first: the recorded times never go back.
    let recorded: Vec<&str> = tl
        .lines()
        .filter(|l| l.starts_with("| 2026-"))
        .map(|l| l.split(" | ").nth(1).expect("recorded column"))
        .collect();
    assert!(recorded.len() > 10);
    assert!(recorded.windows(2).all(|w| w[0] <= w[1]), "{recorded:?}");
    assert!(recorded[0] < recorded[recorded.len() - 1]);
    let rows = tl.lines().filter(|l| l.starts_with("| 2026-")).count();
    let mut n = 0;
    s.for_each_timeline(id, |_| {
        n += 1;
        Ok(())
    })
    .expect("timeline");
    assert_eq!(rows, n, "every entry is in the report");
    assert!(tl.contains(&format!("{n} entries")), "the chain head is printed");
}

#[test]
fn html_is_one_self_contained_printable_page() {
    let (s, id) = played_drill();
    for lang in [Lang::En, Lang::Zh] {
        let html = report(&s, id, ReportFormat::Html, lang);
        assert!(html.starts_with("<!doctype html>"), "{}", &html[..40]);
        assert!(html.contains("<meta charset=\"utf-8\">"));
        let code = if lang == Lang::Zh { "zh-Hant" } else { "en" };
        assert!(html.contains(&format!("<html lang=\"{code}\">")));
        assert!(html.contains("<style>") && html.contains("@media print"));
        assert!(html.contains("page-break-inside:avoid"));
        assert!(html.contains("\"Noto Sans TC\"") && html.contains("\"Microsoft JhengHei\""));
        for banned in ["http", "<script", "<link", "<img", "@import", "url("] {
            assert!(!html.contains(banned), "{banned} in the {lang:?} page");
        }
        for key in ["export.drill_notice", "report.drill_banner"] {
            let banner = Catalog::get(lang).t(key);
            assert!(
                html.contains(&format!("<div class=\"banner\" role=\"alert\">{banner}</div>")),
                "{key}"
            );
        }
        assert!(html.contains(".banner{border:4px solid"), "the banner is styled");
        assert!(html.contains("<table>") && html.contains("border:1px solid"));
        assert!(html.contains("<td>o1</td>"));
        assert!(html.trim_end().ends_with("</html>"));
        assert_eq!(html.matches("<html").count(), 1, "one page");
    }
    let zh = report(&s, id, ReportFormat::Html, Lang::Zh);
    assert!(zh.contains("演練 DRILL — 這是演練，不是真實事件。"));
    assert!(zh.contains("<li>林院長 (危機總指揮)</li>"));
    assert!(zh.contains("<td>S：完成但有些困難</td>"));
}

#[test]
fn html_escapes_every_text() {
    let mut s = Store::open_in_memory().expect("store");
    let pb = content()
        .playbook("drug-recall")
        .or_else(|| content().playbooks().next())
        .expect("playbook");
    let id = s.declare(pb, 2, "藥品<b>&\"回收\"'批號'", false, at(0)).expect("declare");
    s.add_improvement(
        id,
        "Fix <script>alert(1)</script> & more",
        "A&B",
        "2026-12-01",
        Category::Planning,
        at(2),
    )
    .expect("improvement");
    let html = report(&s, id, ReportFormat::Html, Lang::En);
    assert!(html.contains("藥品&lt;b&gt;&amp;&quot;回收&quot;&#39;批號&#39;"), "title escaped");
    assert!(!html.contains("<b>"), "no raw markup from the title");
    assert!(html.contains("<td>Fix &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</td><td>A&amp;B</td>"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("&\"") && !html.contains("'批號'"));
    let title = lines_with(&html, "<title>");
    assert_eq!(title.len(), 1);
    assert!(title[0].contains("&lt;b&gt;&amp;"), "{}", title[0]);
}

#[test]
fn real_incident_gets_a_post_incident_review_without_drill_parts() {
    let mut s = Store::open_in_memory().expect("store");
    let pb = content().playbook("data-breach").expect("playbook");
    let id = s.declare(pb, 2, "病歷系統遭加密", false, at(0)).expect("declare");
    staff(&mut s, id);
    release_statement(&mut s, id, 20);
    let n = finish_report_phase(&mut s, id, 9);
    s.add_after_action_note(id, NoteKind::Improvement, "Backups were not tested", at(50))
        .expect("note");
    s.add_improvement(
        id,
        "Test a restore every quarter",
        "IT vendor",
        "2027-03-31",
        Category::Equipment,
        at(55),
    )
    .expect("plan");
    s.close_incident(id, at(60)).expect("close");
    let en = Catalog::get(Lang::En);
    let md = report(&s, id, ReportFormat::Md, Lang::En);
    assert!(md.starts_with("# Post-incident review and improvement plan: #"), "{}", &md[..80]);
    assert!(md.contains(en.t("report.not_drill")));
    for drill_only in [
        en.t("report.drill_banner"),
        en.t("export.drill_notice"),
        "DRILL",
        "演練",
        "## Objectives",
        "Injects answered",
        "not rated",
    ] {
        assert!(!md.contains(drill_only), "{drill_only:?} in a real incident's report");
    }
    assert_eq!(
        row(&md, "Until commander, communications and legal were all staffed"),
        "| Until commander, communications and legal were all staffed | 5:00 |"
    );
    assert_eq!(
        row(&md, "Until the first released statement"),
        "| Until the first released statement | 20:00 |"
    );
    let label = en.t(Phase::Report.label_key());
    assert_eq!(row(&md, label), format!("| {label} | {n}/{n} | 100% |"));
    assert!(row(&md, "Ended").contains("2026-11-24 15:00"));
    assert!(row(&md, "Duration").contains("1:00:00"));
    assert!(md.contains("| Test a restore every quarter | IT vendor | 2027-03-31 | equipment |"));
    assert!(md.contains("Backups were not tested"));
    assert!(!md.contains(PHONE) && !md.contains(EMAIL));
    let zh = report(&s, id, ReportFormat::Html, Lang::Zh);
    assert!(!zh.contains("class=\"banner\""), "no drill banner in HTML either");
    assert!(!zh.contains(Catalog::get(Lang::Zh).t("report.drill_banner")));
    assert!(zh.contains("非演練"));
    assert!(zh.contains("<td>設備</td>"));
}

#[test]
fn an_open_incident_is_measured_up_to_now_and_demos_say_so() {
    let mut s = Store::open_in_memory().expect("store");
    let pb = content().playbook("data-breach").expect("playbook");
    let id = s.declare(pb, 1, "示範事件", true, at(0)).expect("declare");
    let md = report(&s, id, ReportFormat::Md, Lang::En);
    assert!(md.contains(Catalog::get(Lang::En).t("export.demo_notice")));
    // `now` is 120 minutes in; nothing was staffed or released.
    assert!(row(&md, "Ended").contains("not ended yet (measured up to 2026-11-24 16:00)"));
    assert_eq!(
        row(&md, "Until the first released statement"),
        "| Until the first released statement | never |"
    );
    assert!(md.contains("## Improvement plan\n\nNone recorded."));
    let zh = report(&s, id, ReportFormat::Html, Lang::Zh);
    assert!(zh.contains(Catalog::get(Lang::Zh).t("export.demo_notice")));
}

#[test]
fn a_missing_incident_is_a_clear_error() {
    let s = Store::open_in_memory().expect("store");
    for format in [ReportFormat::Md, ReportFormat::Html] {
        let mut out = Vec::new();
        let err = crisisdesk::report::write(&s, content(), 4242, format, Lang::En, tz(), at(0), &mut out).expect_err("no incident");
        let err = err.to_string();
        assert!(err.contains("4242") && err.contains("not found"), "{err}");
        assert!(out.is_empty(), "nothing written");
    }
}
