//! Shared fixtures for the integration tests.
#![allow(dead_code)]

pub mod cli;
pub mod pty;

use chrono::{DateTime, Duration, TimeZone, Utc};
use crisisdesk::app::App;
use crisisdesk::domain::Content;
use crisisdesk::domain::model::ItemState;
use crisisdesk::domain::types::Audience;
use crisisdesk::i18n::Lang;
use crisisdesk::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub fn t0() -> DateTime<Utc> {
    // 14:00 in Taipei.
    Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).single().expect("time")
}

pub fn content() -> &'static Content {
    Content::builtin().expect("built-in content")
}

/// A data-breach incident 47 minutes in: some roles staffed, items ticked,
/// a Chinese draft, and a timeline.
pub fn live_app(lang: Lang) -> App {
    let mut s = Store::open_in_memory().expect("store");
    // The director is at the keyboard.
    s.set_operator(Some("林志明".into()));
    let c = content();
    let a = s
        .add_person("林志明", "0900-000-101", "director@example-clinic.tw", t0())
        .expect("p");
    let b = s.add_person("陳雅婷", "0900-000-102", "", t0()).expect("p");
    let d = s.add_person("王建宏", "0900-000-104", "", t0()).expect("p");
    let id = s
        .declare(c.playbook("data-breach").expect("pb"), 2, "預約系統遭勒索軟體加密", false, t0())
        .expect("declare");
    s.set_briefing(id, "nature", "預約主機被加密，出現勒索訊息", t0() + Duration::minutes(3))
        .expect("b");
    s.assign_role(id, "commander", a, t0() + Duration::minutes(5)).expect("r");
    s.assign_role(id, "it-security", d, t0() + Duration::minutes(6)).expect("r");
    s.assign_role(id, "communications", b, t0() + Duration::minutes(9)).expect("r");
    for item in s.checklist(id).expect("c").iter().take(3) {
        s.set_item_state(item.id, ItemState::Done, "", t0() + Duration::minutes(12))
            .expect("tick");
    }
    s.set_phase(
        id,
        crisisdesk::domain::Phase::Report,
        crisisdesk::domain::Phase::Convene,
        t0() + Duration::minutes(15),
    )
    .expect("ph");
    s.add_note(
        id,
        "櫃台回報病患接到可疑來電",
        t0() + Duration::minutes(20),
        t0() + Duration::minutes(22),
    )
    .expect("n");
    let st = s
        .create_statement(id, Audience::Patients, "", t0() + Duration::minutes(30))
        .expect("st");
    s.save_statement_body(
        st,
        "親愛的病友：本診所預約系統今日遭到網路攻擊，我們已隔離系統並請專業團隊調查。看診照常。",
        t0() + Duration::minutes(31),
    )
    .expect("save");
    let mut app = App::new(
        s,
        c,
        lang,
        crisisdesk::domain::zone::Zone::taipei(),
        t0() + Duration::minutes(47),
        (80, 24),
    );
    app.set_size(80, 24);
    app
}

pub fn empty_app(lang: Lang) -> App {
    App::new(
        Store::open_in_memory().expect("store"),
        content(),
        lang,
        crisisdesk::domain::zone::Zone::taipei(),
        t0(),
        (80, 24),
    )
}

pub fn render(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    app.set_size(w, h);
    // As the event loop does after a statement opens: its checks run.
    let now = app.now;
    app.tick(now);
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| crisisdesk::ui::draw(f, app)).expect("draw");
    term
}

pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    let term = render(app, w, h);
    term.backend().to_string()
}

/// The monitoring fixtures, all imported; the laser-burn alert linked to the
/// active incident and triaged, a review storm of long wide text too.
pub fn with_mentions(app: &mut App, huge: bool) {
    use crisisdesk::domain::monitor::parse;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/monitor");
    for name in ["google-alerts.xml", "ptt-gossiping.xml", "news.rss", "reviews.json", "mentions.csv"] {
        let bytes = std::fs::read(format!("{dir}/{name}")).expect("fixture");
        let items = parse(name, &bytes, app.tz, t0()).expect("parse");
        app.store.import_mentions(&items, name, None, t0()).expect("import");
    }
    if huge {
        let mut csv = String::from("source,author,time,text,rating\n");
        for i in 0..60 {
            csv.push_str(&format!(
                "dcard,{},2026-11-24 14:{:02},{},{}\n",
                "歐陽😀".repeat(20),
                i % 60,
                "診所很糟😡".repeat(80),
                i % 5 + 1
            ));
        }
        let items = parse("storm.csv", csv.as_bytes(), app.tz, t0()).expect("parse");
        app.store.import_mentions(&items, "storm.csv", None, t0()).expect("import");
    }
    let all = app.store.mentions(&Default::default(), 0, 1000).expect("mentions");
    if let (Some(id), Some(m)) = (
        app.incident_id(),
        all.iter().find(|m| m.title.contains("燙傷") && m.source.id() == "google-alerts"),
    ) {
        app.store.link_mention(m.id, Some(id), t0() + Duration::minutes(40)).expect("link");
        app.store
            .triage_mention(
                m.id,
                crisisdesk::domain::types::MentionState::Triaged,
                "陳雅婷",
                crisisdesk::domain::types::Priority::High,
                "先確認病歷",
                t0() + Duration::minutes(41),
            )
            .expect("triage");
    }
    app.reload();
}
