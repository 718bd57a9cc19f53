//! The shared screen (`crisisdesk wall`): what it shows and what it must
//! never show, drawn on ratatui's TestBackend; and the real binary in a
//! pseudo-terminal, following another process's writes.

use crate::common;

use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use chrono::{DateTime, Duration as Span, TimeZone, Utc};
use crisisdesk::domain::Content;
use crisisdesk::domain::desk::Step;
use crisisdesk::domain::drill::{ClockState, DrillClock, library};
use crisisdesk::domain::model::ItemState;
use crisisdesk::i18n::Lang;
use crisisdesk::store::Store;
use crisisdesk::wall::{self, Look, WallState};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use common::pty::{PATIENCE, Tui};
use crisisdesk::domain::timeline::ClockAct;
use crisisdesk::domain::types::Audience;

fn t0() -> DateTime<Utc> {
    // 14:00 in Taipei.
    Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).single().expect("time")
}

fn content() -> &'static Content {
    Content::builtin().expect("built-in content")
}

/// People on the fixture incident, with the contact details the wall must
/// never show.
const PEOPLE: [(&str, &str, &str); 4] = [
    ("林志明", "0900-000-101", "director@example-clinic.tw"),
    ("陳雅婷", "0900-000-102", "yating@example-clinic.tw"),
    ("王建宏", "0900-000-104", ""),
    ("黃律師", "0911-222-333", "lawyer@example-law.tw"),
];
const PRIVATE: &str = "黃小美";
const STATEMENT: &str = "親愛的病友：本診所預約系統今日遭到網路攻擊，我們已隔離系統並請專業團隊調查。看診照常。";

/// A live data-breach incident three hours in: roles staffed (names and
/// contacts on file), items ticked, a note quoting a private person and a
/// phone number, a released statement, and items, clocks and an update
/// past due.
fn breach_store() -> (Store, i64) {
    let mut s = Store::open_in_memory().expect("store");
    let c = content();
    let ids: Vec<i64> = PEOPLE
        .iter()
        .map(|(n, p, e)| s.add_person(n, p, e, t0()).expect("person"))
        .collect();
    let id = s
        .declare(c.playbook("data-breach").expect("pb"), 2, "預約系統遭勒索軟體加密", false, t0())
        .expect("declare");
    s.assign_role(id, "commander", ids[0], t0() + Span::minutes(5)).expect("r");
    s.assign_role(id, "it-security", ids[2], t0() + Span::minutes(6)).expect("r");
    s.assign_role(id, "communications", ids[1], t0() + Span::minutes(9)).expect("r");
    s.assign_role(id, "legal", ids[3], t0() + Span::minutes(10)).expect("r");
    for item in s.checklist(id).expect("c").iter().take(3) {
        s.set_item_state(item.id, ItemState::Done, "", t0() + Span::minutes(12))
            .expect("tick");
    }
    s.set_phase(
        id,
        crisisdesk::domain::Phase::Report,
        crisisdesk::domain::Phase::Convene,
        t0() + Span::minutes(15),
    )
    .expect("phase");
    s.add_private_person(id, PRIVATE, "病患", t0() + Span::minutes(16))
        .expect("private");
    s.add_note(id, "櫃台回報病患接到可疑來電", t0() + Span::minutes(20), t0() + Span::minutes(22))
        .expect("note");
    s.add_note(
        id,
        &format!("{PRIVATE}來電詢問，請回撥 0900000102 或寫信 Yating@example-clinic.tw"),
        t0() + Span::minutes(24),
        t0() + Span::minutes(24),
    )
    .expect("note");
    let st = s
        .create_statement(id, Audience::Patients, "", t0() + Span::minutes(30))
        .expect("st");
    s.save_statement_body(st, STATEMENT, t0() + Span::minutes(31)).expect("save");
    for step in [Step::Submit, Step::Review, Step::Approve, Step::Release] {
        s.advance_for_tests(st, step, t0() + Span::minutes(40)).expect("step");
    }
    (s, id)
}

fn now_live() -> DateTime<Utc> {
    t0() + Span::minutes(180) + Span::seconds(7)
}

/// A drill from the library, its clock running, the first inject delivered.
fn drill_store() -> (Store, i64, &'static crisisdesk::domain::drill::Scenario) {
    let mut s = Store::open_in_memory().expect("store");
    let (sc, src) = &library(content()).expect("library")[3];
    let pb = content().playbook(&sc.crisis_type).expect("playbook");
    let id = s.start_drill(pb, sc, src, t0()).expect("drill");
    let mut clock = DrillClock::default();
    let start = t0() + Span::minutes(1);
    clock.run(start);
    s.set_drill_clock(id, &clock, ClockAct::Started, start).expect("clock");
    let at = start + Span::seconds(20);
    s.record_inject(id, &sc.inject[0], false, false, clock.scenario_ms(at), at)
        .expect("inject");
    let p = s
        .add_person("林志明", "0900-000-101", "director@example-clinic.tw", t0())
        .expect("p");
    s.assign_role(id, "commander", p, start + Span::minutes(2)).expect("assign");
    (s, id, sc)
}

fn now_drill() -> DateTime<Utc> {
    t0() + Span::minutes(13) + Span::seconds(42)
}

fn look(lang: Lang, high_contrast: bool) -> Look {
    Look {
        lang,
        tz: crisisdesk::domain::zone::Zone::taipei(),
        high_contrast,
    }
}

fn render(state: &WallState, now: DateTime<Utc>, w: u16, h: u16, look: Look) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| wall::draw(f, state, now, content(), look)).expect("draw");
    term
}

/// The screen as text, one row per line, wide characters once each.
fn screen(state: &WallState, now: DateTime<Utc>, w: u16, h: u16, look: Look) -> String {
    let term = render(state, now, w, h, look);
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            out.push_str(sym);
        }
        out.push('\n');
    }
    out
}

fn live_state() -> WallState {
    let (store, _) = breach_store();
    wall::load(&store, None, content(), now_live()).expect("load")
}

/// Nothing that identifies a private person or reaches a person privately
/// may be on screen, in any form the fixture wrote it.
fn assert_private(s: &str) {
    assert!(!s.contains(PRIVATE), "a private person's name is on the wall:\n{s}");
    for (_, phone, email) in PEOPLE {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        assert!(!s.contains(phone) && !s.contains(&digits), "phone {phone} is on the wall:\n{s}");
        assert!(
            email.is_empty() || !s.to_lowercase().contains(email),
            "e-mail {email} is on the wall:\n{s}"
        );
    }
    assert!(!s.contains('@'), "an e-mail address is on the wall:\n{s}");
}

#[test]
fn wall_live_zh_80x24() {
    let state = live_state();
    let s = screen(&state, now_live(), 80, 24, look(Lang::Zh, false));
    assert!(s.contains("預約系統遭勒索軟體加密"), "{s}");
    assert!(!s.contains("演練"), "a live incident is not marked as a drill:\n{s}");
    assert!(s.contains("逾時"), "overdue items are shown:\n{s}");
    assert_private(&s);
    insta::assert_snapshot!(s);
}

#[test]
fn wall_live_zh_160x48() {
    let state = live_state();
    let s = screen(&state, now_live(), 160, 48, look(Lang::Zh, false));
    for name in ["林志明", "陳雅婷", "王建宏", "黃律師"] {
        assert!(s.contains(name), "role holder {name} is missing:\n{s}");
    }
    assert!(s.contains("親愛的病友：本診所預約系統今日遭到網路攻擊"), "the released text:\n{s}");
    assert!(
        s.contains("病患與家屬 · 第 1 版 · 14:40 發布"),
        "the release's audience and time:\n{s}"
    );
    assert!(s.contains("櫃台回報病患接到可疑來電"), "the timeline:\n{s}");
    assert!(s.contains("下次更新：病患與家屬"), "the overdue next update:\n{s}");
    assert!(s.contains("檢核項目逾時"), "the overdue checklist count:\n{s}");
    assert!(s.contains("•••來電詢問"), "the private name is blanked, not dropped silently:\n{s}");
    assert_private(&s);
    insta::assert_snapshot!(s);
}

#[test]
fn wall_live_en_120x40() {
    let state = live_state();
    let s = screen(&state, now_live(), 120, 40, look(Lang::En, false));
    for word in ["Roles", "Checklist", "Overdue", "Latest released statement", "Since declaration"] {
        assert!(s.contains(word), "{word} is missing:\n{s}");
    }
    assert_private(&s);
    insta::assert_snapshot!(s);
}

#[test]
fn the_big_clock_counts_from_the_declaration() {
    let state = live_state();
    let a = screen(&state, now_live(), 160, 48, look(Lang::Zh, false));
    let b = screen(&state, now_live() + Span::seconds(1), 160, 48, look(Lang::Zh, false));
    assert_ne!(a, b, "the clock moves with the time");
    assert!(a.contains("現在時間 17:00:07"), "local wall time:\n{a}");
    // Below the big digits' size the clock is one line of text.
    let s = screen(&state, now_live(), 60, 18, look(Lang::Zh, false));
    assert!(s.contains("17:00:07"), "{s}");
}

#[test]
fn private_persons_and_contacts_never_show() {
    let state = live_state();
    for (w, h) in [(60, 18), (80, 24), (100, 30), (120, 40), (160, 48), (250, 80)] {
        for lang in [Lang::Zh, Lang::En] {
            for hc in [false, true] {
                assert_private(&screen(&state, now_live(), w, h, look(lang, hc)));
            }
        }
    }
    // Nor does the state hold them, so no drawing can leak them.
    let dump = format!("{state:?}");
    assert_private(&dump);
}

fn drill_state() -> (WallState, &'static crisisdesk::domain::drill::Scenario) {
    let (store, _, sc) = drill_store();
    (wall::load(&store, None, content(), now_drill()).expect("load"), sc)
}

#[test]
fn wall_drill_zh_120x40() {
    let (state, sc) = drill_state();
    let s = screen(&state, now_drill(), 120, 40, look(Lang::Zh, false));
    assert!(s.contains("演練 DRILL"), "the drill banner:\n{s}");
    let msg: String = sc.inject[0].message.zh.chars().take(8).collect();
    assert!(s.contains(&msg), "the inject's message {msg:?}:\n{s}");
    assert!(s.contains(sc.inject[0].from.zh.as_str()), "who the inject is from:\n{s}");
    assert!(s.contains("林志明"), "the role holder:\n{s}");
    let expected: String = sc.inject[0].expected.zh.chars().take(8).collect();
    assert!(!s.contains(&expected), "the facilitator's expected action is never shown:\n{s}");
    assert!(s.contains("進行中"), "the clock's state:\n{s}");
    assert_private(&s);
    insta::assert_snapshot!(s);
}

#[test]
fn wall_drill_en_80x24() {
    let (state, sc) = drill_state();
    let s = screen(&state, now_drill(), 80, 24, look(Lang::En, false));
    assert!(s.contains("DRILL"), "{s}");
    let msg: String = sc.inject[0].message.en.chars().take(20).collect();
    assert!(s.contains(&msg), "the inject's message {msg:?}:\n{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn the_drill_clock_shows_scenario_time() {
    let (state, _) = drill_state();
    let d = state.view.as_ref().and_then(|v| v.drill.as_ref()).expect("drill");
    // Started at +1:00, so 12:42 of scenario time has run at 13:42.
    assert_eq!(d.clock.scenario_ms(now_drill()), (12 * 60 + 42) * 1000);
    // The narrow clock line carries the same time.
    let s = screen(&state, now_drill(), 40, 10, look(Lang::Zh, false));
    assert!(s.contains("12:42") && s.contains("演練"), "{s}");
}

#[test]
fn high_contrast_is_white_on_black_without_greys() {
    let state = live_state();
    let look = look(Lang::Zh, true);
    let term = render(&state, now_live(), 100, 30, look);
    let buf = term.backend().buffer();
    let mut alerts = 0;
    // The cell behind a wide character is never drawn by a terminal.
    let mut cells = Vec::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buf[(x, y)];
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
            cells.push(cell);
        }
    }
    for cell in cells {
        assert_ne!(cell.fg, Color::DarkGray, "no dim grey on a projector");
        assert_ne!(cell.fg, Color::Gray, "no dim grey on a projector");
        assert!(
            matches!(cell.bg, Color::Black | Color::Red | Color::Yellow),
            "background {:?} at {:?}",
            cell.bg,
            cell.symbol()
        );
        if cell.bg == Color::Red || cell.fg == Color::Yellow {
            alerts += 1;
        }
    }
    assert!(alerts > 0, "overdue items stand out in colour");
    let s = screen(&state, now_live(), 100, 30, look);
    insta::assert_snapshot!(s);
    // The ordinary theme uses greys; the projector theme is a real change.
    let plain = render(&state, now_live(), 100, 30, self::look(Lang::Zh, false));
    assert!(plain.backend().buffer().content().iter().any(|c| c.fg == Color::DarkGray));
}

#[test]
fn waiting_screen_without_an_incident() {
    let store = Store::open_in_memory().expect("store");
    let state = wall::load(&store, None, content(), t0()).expect("load");
    assert!(state.view.is_none());
    let s = screen(&state, t0(), 80, 24, look(Lang::Zh, false));
    assert!(s.contains("目前沒有進行中的事件"), "{s}");
    assert!(
        s.contains("q/Q/Esc 關閉大螢幕"),
        "the footer says how to leave, from the key table:\n{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn too_small_says_so() {
    let state = live_state();
    let s = screen(&state, now_live(), 59, 18, look(Lang::Zh, false));
    assert!(s.contains("60×18"), "{s}");
    assert!(!s.contains("━"), "no sections on the too-small screen:\n{s}");
}

#[test]
fn which_incident_the_wall_shows() {
    let (mut store, real) = breach_store();
    let c = content();
    let later = store
        .declare(
            c.playbook("drug-safety").expect("pb"),
            3,
            "藥品批號回收",
            false,
            t0() + Span::minutes(50),
        )
        .expect("declare");
    let shown = |store: &Store, pick: Option<i64>| wall::load(store, pick, c, now_live()).expect("load").view.map(|v| v.incident.id);
    assert_eq!(shown(&store, None), Some(later), "the newest open incident");
    assert_eq!(shown(&store, Some(real)), Some(real), "--incident wins");
    let (sc, src) = &library(c).expect("library")[0];
    let drill = store
        .start_drill(c.playbook(&sc.crisis_type).expect("pb"), sc, src, t0() + Span::minutes(60))
        .expect("drill");
    assert_eq!(shown(&store, None), Some(later), "a drill not yet started does not take the wall");
    let mut clock = DrillClock::default();
    clock.run(t0() + Span::minutes(61));
    store
        .set_drill_clock(drill, &clock, ClockAct::Started, t0() + Span::minutes(61))
        .expect("run");
    assert_eq!(shown(&store, None), Some(drill), "a running drill takes the wall");
    clock.pause(t0() + Span::minutes(62));
    store
        .set_drill_clock(drill, &clock, ClockAct::Paused, t0() + Span::minutes(62))
        .expect("pause");
    assert_eq!(shown(&store, None), Some(drill), "a paused drill keeps it");
    clock.end(t0() + Span::minutes(63));
    assert_eq!(clock.state, ClockState::Ended);
    store
        .set_drill_clock(drill, &clock, ClockAct::Ended, t0() + Span::minutes(63))
        .expect("end");
    assert_eq!(shown(&store, None), Some(later), "an ended drill gives it back");
    let state = wall::load(&store, None, c, now_live()).expect("load");
    assert_eq!(state.others, 2, "the other open incidents are counted");
    let s = screen(&state, now_live(), 100, 30, look(Lang::Zh, false));
    assert!(s.contains("另有 2 件進行中"), "{s}");
}

// ---- any size, any text -----------------------------------------------------

fn states() -> &'static [WallState; 3] {
    static CELL: OnceLock<[WallState; 3]> = OnceLock::new();
    CELL.get_or_init(|| {
        let empty = Store::open_in_memory().expect("store");
        [
            live_state(),
            drill_state().0,
            wall::load(&empty, None, content(), t0()).expect("load"),
        ]
    })
}

fn odd_text() -> impl Strategy<Value = String> {
    let chars: Vec<char> = "a 中文字😀👩‍⚕️\u{200d}\u{301}\t\n\r\u{7}é—…ｗ／한".chars().collect();
    prop::collection::vec(prop::sample::select(chars), 0..200).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_size_any_text_never_panics(
        w in 0u16..=300,
        h in 0u16..=100,
        which in 0usize..3,
        text in odd_text(),
        minutes in -100i64..200_000,
        en in any::<bool>(),
        hc in any::<bool>(),
    ) {
        let mut state = states()[which].clone();
        if let Some(v) = state.view.as_mut() {
            v.incident.title = text.clone();
            if let Some(t) = v.timeline.first_mut() {
                t.text.zh = text.clone();
                t.text.en = text.clone();
            }
            for r in &mut v.roles {
                r.holder = Some(text.clone());
            }
            if let Some(r) = v.releases.first_mut() {
                r.body = text.repeat(3);
            }
            if let Some(i) = v.drill.as_mut().and_then(|d| d.inject.as_mut()) {
                i.message.zh = text.clone();
                i.message.en = text.clone();
                i.from.zh = text.clone();
            }
        }
        state.notice = (!text.is_empty()).then(|| text.clone());
        let lang = if en { Lang::En } else { Lang::Zh };
        render(&state, t0() + Span::minutes(minutes), w, h, look(lang, hc));
    }
}

// ---- the real binary in a pseudo-terminal: tests/common/pty.rs ------------

fn cli(db: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crisisdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("XDG_DATA_HOME", db.parent().expect("dir"))
        .output()
        .expect("run the cli");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn e2e_wall_follows_another_process_and_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("crisis.db");
    // The file exists and is migrated before the wall opens it read-only.
    let id = cli(
        &db,
        &[
            "declare",
            "--type",
            "data-breach",
            "--severity",
            "2",
            "--title",
            "候診區螢幕外洩預約名單",
        ],
    );
    assert_eq!(id.trim(), "1");
    let mut tui = Tui::spawn(&db, &["wall"], 120, 40);
    tui.wait_for("候診區螢幕外洩預約名單");
    assert!(tui.in_wall(), "the wall runs on the alternate screen with the cursor hidden");

    // A note written by another process shows without a key press.
    cli(&db, &["log", "--incident", "1", "資安廠商已到場保全證據"]);
    tui.wait_for("資安廠商已到場保全證據");

    // So does a role given through the store, by name only.
    {
        let mut store = Store::open(&db, false).expect("open");
        let p = store
            .add_person("趙子龍", "0922-333-444", "zhao@example-clinic.tw", Utc::now())
            .expect("person");
        store.assign_role(1, "legal", p, Utc::now()).expect("assign");
        store.add_private_person(1, "錢多多", "病患", Utc::now()).expect("private");
    }
    let s = tui.wait_for("趙子龍");
    assert!(!s.contains("0922") && !s.contains("zhao@"), "contacts are not shown:\n{s}");
    assert!(!s.contains("錢多多"), "private persons are not shown:\n{s}");

    // t toggles the projector theme: the whole screen goes black.
    assert!(!tui.projector_theme(), "the ordinary theme keeps the terminal's background");
    tui.send("t");
    let start = Instant::now();
    while !tui.projector_theme() {
        assert!(
            start.elapsed() < PATIENCE,
            "t did not switch to the projector theme:\n{}",
            tui.screen()
        );
        std::thread::sleep(Duration::from_millis(30));
    }
    tui.wait_for("趙子龍");

    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "the wall exits cleanly: {status:?}");
    assert!(tui.restored(), "the terminal is restored after the wall:\n{}", tui.screen());
}

#[test]
fn e2e_wall_refuses_a_missing_database_in_one_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("nothing-here.db");
    let mut tui = Tui::spawn(&db, &["wall"], 80, 24);
    let status = tui.wait_exit();
    assert!(!status.success());
    let s = tui.screen();
    assert!(s.contains("找不到資料庫"), "{s}");
    assert!(!db.exists(), "the wall never creates a database");
    assert!(tui.restored(), "{s}");
}

/// Ctrl-C (a key in raw mode) and SIGTERM (from outside) both end the wall
/// with the terminal restored.
#[test]
fn e2e_wall_ends_on_ctrl_c_and_on_sigterm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("crisis.db");
    cli(
        &db,
        &[
            "declare",
            "--type",
            "medical-dispute",
            "--severity",
            "3",
            "--title",
            "雷射術後灼傷申訴",
        ],
    );

    let mut tui = Tui::spawn(&db, &["wall"], 100, 30);
    tui.wait_for("雷射術後灼傷申訴");
    tui.send("\x03");
    assert!(tui.wait_exit().success(), "Ctrl-C quits the wall");
    assert!(tui.restored(), "restored after Ctrl-C:\n{}", tui.screen());

    let mut tui = Tui::spawn(&db, &["wall", "--high-contrast"], 100, 30);
    tui.wait_for("雷射術後灼傷申訴");
    assert!(tui.projector_theme(), "--high-contrast starts in the projector theme");
    let pid = tui.child.process_id().expect("pid") as i32;
    // SAFETY: kill only sends a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    tui.wait_exit();
    assert!(tui.restored(), "restored after SIGTERM:\n{}", tui.screen());
}

/// With no open incident the wall waits, and shows the first one declared.
#[test]
fn e2e_wall_waits_for_an_incident() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("crisis.db");
    // An empty, migrated database.
    cli(&db, &["profile", "show"]);
    let mut tui = Tui::spawn(&db, &["wall", "--lang", "en"], 100, 30);
    tui.wait_for("No open incident");
    cli(
        &db,
        &[
            "declare",
            "--type",
            "online-reputation",
            "--severity",
            "3",
            "--title",
            "Review storm on the clinic page",
        ],
    );
    let s = tui.wait_for("Review storm on the clinic page");
    assert!(!s.contains("No open incident"), "{s}");
    tui.send("\x1b");
    assert!(tui.wait_exit().success(), "Esc quits the wall");
    assert!(tui.restored(), "{}", tui.screen());
}

/// An escape sequence or a BiDi override in a title or a note shows on the
/// wall as a visible mark, never acting on the projector's terminal.
#[test]
fn control_and_bidi_characters_show_as_marks_on_the_wall() {
    let (mut store, id) = breach_store();
    store
        .add_note(id, "櫃台\u{202E}回報\u{1b}[2J", now_live(), now_live())
        .expect("note");
    let state = wall::load(&store, None, content(), now_live()).expect("load");
    let s = screen(&state, now_live(), 160, 48, look(Lang::Zh, false));
    assert!(s.contains("<RLO>") && s.contains("␛[2J"), "{s}");
    assert!(!s.contains('\u{202E}') && !s.contains('\u{1b}'));
}

/// Mentions reach the wall as counts and a sparkline only: never an
/// author, a text or a link, even when one is linked to the incident and
/// its triage is on the timeline.
#[test]
fn mentions_show_as_counts_and_a_sparkline_only() {
    let (mut store, id) = breach_store();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/monitor");
    let tz = crisisdesk::domain::zone::Zone::taipei();
    let mut authors = Vec::new();
    for name in ["google-alerts.xml", "ptt-gossiping.xml", "reviews.json", "mentions.csv"] {
        let bytes = std::fs::read(format!("{dir}/{name}")).expect("fixture");
        let items = crisisdesk::domain::monitor::parse(name, &bytes, tz, t0()).expect("parse");
        authors.extend(items.iter().map(|m| m.author.clone()).filter(|a| !a.is_empty()));
        store.import_mentions(&items, name, Some(id), t0()).expect("import");
    }
    let first = store.incident_mentions(id).expect("linked")[0].clone();
    store.capture_mention(first.id, t0()).expect("capture");
    let state = wall::load(&store, None, content(), now_live()).expect("load");
    let shown = screen(&state, now_live(), 120, 40, look(Lang::En, false));
    assert!(shown.contains("mentions 10 new/10 open"), "{shown}");
    assert!(shown.contains('█'), "the sparkline shows:\n{shown}");
    let dump = format!("{state:?}\n{shown}");
    for a in &authors {
        assert!(!dump.contains(a.as_str()), "author {a} on the wall:\n{shown}");
    }
    for leak in ["http", "facebook.com", "ptt.cc", "雷射療程後臉部"] {
        assert!(!dump.contains(leak), "{leak} on the wall:\n{shown}");
    }
    // A drill's wall leaves real mentions out.
    let (mut store, _, _) = drill_store();
    let bytes = std::fs::read(format!("{dir}/google-alerts.xml")).expect("fixture");
    let items = crisisdesk::domain::monitor::parse("a.xml", &bytes, tz, t0()).expect("parse");
    store.import_mentions(&items, "a.xml", None, t0()).expect("import");
    let state = wall::load(&store, None, content(), now_drill()).expect("load");
    let shown = screen(&state, now_drill(), 120, 40, look(Lang::En, false));
    assert!(!shown.contains("mentions"), "{shown}");
}
