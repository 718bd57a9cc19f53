use chrono::{Duration, TimeZone};

use super::*;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).single().expect("t0")
}

fn content() -> &'static Content {
    Content::builtin().expect("content")
}

#[test]
fn the_library_has_ten_valid_scenarios() {
    let lib = library(content()).expect("library parses and validates");
    assert!(lib.len() >= 10);
    for (sc, _) in lib {
        assert!(sc.inject.iter().any(|i| i.contingency.is_some()), "{} has no contingency", sc.id);
        assert!(!sc.objective.is_empty());
    }
}

#[test]
fn the_clock_runs_pauses_and_changes_speed_on_a_test_clock() {
    let mut c = DrillClock::default();
    assert_eq!(c.scenario_ms(t0() + Duration::minutes(5)), 0, "not started");
    c.run(t0());
    assert_eq!(c.scenario_ms(t0() + Duration::seconds(90)), 90_000);
    c.pause(t0() + Duration::seconds(90));
    assert_eq!(c.scenario_ms(t0() + Duration::minutes(10)), 90_000, "paused time stands still");
    c.run(t0() + Duration::minutes(10));
    c.set_speed(5, t0() + Duration::minutes(10));
    assert_eq!(c.scenario_ms(t0() + Duration::minutes(11)), 90_000 + 300_000, "one minute at x5");
    c.jump_to(1_000_000, t0() + Duration::minutes(11));
    assert_eq!(c.scenario_ms(t0() + Duration::minutes(11)), 1_000_000);
    c.jump_to(10, t0() + Duration::minutes(11));
    assert_eq!(c.scenario_ms(t0() + Duration::minutes(11)), 1_000_000, "never backwards");
    c.end(t0() + Duration::minutes(12));
    let at_end = c.scenario_ms(t0() + Duration::minutes(12));
    assert_eq!(c.scenario_ms(t0() + Duration::hours(3)), at_end, "an ended clock stops");
}

fn scenario() -> Scenario {
    library(content()).expect("lib")[0].0.clone()
}

fn rec(number: u32, ms: i64) -> InjectRecord {
    InjectRecord {
        number,
        skipped: false,
        scenario_ms: ms,
        at: t0(),
        answered_at: None,
    }
}

#[test]
fn injects_fall_due_in_order_and_once() {
    let sc = scenario();
    let first = sc.inject[0].number;
    assert_eq!(due_injects(&sc, &[], 0).first(), Some(&first));
    let all = due_injects(&sc, &[], i64::MAX / 2);
    assert_eq!(all.len(), sc.inject.len());
    let done: Vec<InjectRecord> = all.iter().map(|n| rec(*n, 0)).collect();
    assert!(due_injects(&sc, &done, i64::MAX / 2).is_empty());
    assert!(next_inject(&sc, &done).is_none());
}

#[test]
fn a_contingency_comes_only_when_the_expected_action_is_late() {
    let sc = scenario();
    let i = sc
        .inject
        .iter()
        .find(|i| i.contingency.is_some())
        .expect("an inject with a contingency");
    let (c, within) = (i.contingency.expect("c"), i64::from(i.within_minutes.expect("w")));
    let delivered = i64::from(i.at_minutes) * 60_000;
    let mut done = vec![rec(i.number, delivered)];
    assert!(due_contingencies(&sc, &done, delivered + within * 60_000 - 1).is_empty());
    assert_eq!(due_contingencies(&sc, &done, delivered + within * 60_000), vec![c]);
    done[0].answered_at = Some(t0());
    assert!(
        due_contingencies(&sc, &done, delivered + within * 60_000).is_empty(),
        "answered in time"
    );
    done[0].answered_at = None;
    done.push(rec(c, 0));
    assert!(due_contingencies(&sc, &done, i64::MAX / 2).is_empty(), "sent once");
}

#[test]
fn malformed_scenarios_name_file_line_and_field() {
    let (_, src) = library(content()).expect("lib")[0];
    let bad = src.replacen("method = \"", "method = \"carrier-pigeon-", 1);
    let errs = Scenario::parse("my.toml", &bad, content()).expect_err("must fail");
    let line = bad.lines().position(|l| l.contains("carrier-pigeon")).expect("line") + 1;
    assert!(
        errs.iter()
            .any(|e| e.starts_with(&format!("my.toml, line {line}: inject")) && e.contains("method")),
        "{errs:?}"
    );

    let bad = src.replacen("type = \"", "type = \"alien-", 1);
    let errs = Scenario::parse("my.toml", &bad, content()).expect_err("must fail");
    assert!(errs.iter().any(|e| e.contains("type: unknown crisis type")), "{errs:?}");

    let errs = Scenario::parse("my.toml", "id = \"x\"\ntitle = 3\n", content()).expect_err("syntax");
    assert!(errs[0].starts_with("my.toml, line 2"), "{errs:?}");
}

#[test]
fn an_exercise_is_a_tabletop_unless_it_says_functional() {
    let lib = library(content()).expect("lib");
    assert!(
        lib.iter().any(|(sc, _)| sc.exercise == Exercise::Functional),
        "no functional exercise"
    );
    let (tabletop, src) = lib.iter().find(|(sc, _)| sc.id == "laser-burn").expect("laser-burn");
    assert_eq!(tabletop.exercise, Exercise::Tabletop, "no exercise field means tabletop");

    // A functional exercise whose inject has no expect names the inject.
    let functional = src.replacen("id = \"laser-burn\"", "id = \"laser-burn\"\nexercise = \"functional\"", 1);
    assert!(
        Scenario::parse("my.toml", &functional, content()).is_ok(),
        "every inject has an expect"
    );
    let bad = functional.replacen("expect = \"item:md-activate-liaison\"\n", "", 1);
    let errs = Scenario::parse("my.toml", &bad, content()).expect_err("must fail");
    assert!(
        errs.iter()
            .any(|e| e.starts_with("my.toml, line") && e.contains("inject 3: expect") && e.contains("functional")),
        "{errs:?}"
    );

    // An unknown kind of exercise is a parse error with its line.
    let bad = src.replacen("id = \"laser-burn\"", "id = \"laser-burn\"\nexercise = \"full-scale\"", 1);
    let errs = Scenario::parse("my.toml", &bad, content()).expect_err("must fail");
    assert!(errs[0].starts_with("my.toml, line 2"), "{errs:?}");
}

#[test]
fn expectations_parse_against_the_content() {
    let c = content();
    assert_eq!(
        Expect::parse("roles:critical", c, "data-breach"),
        Some(Expect::AllHeld(vec!["commander".into(), "communications".into(), "legal".into()]))
    );
    assert_eq!(Expect::parse("role:legal", c, "data-breach"), Some(Expect::Role("legal".into())));
    assert_eq!(
        Expect::parse("phase:strategy", c, "data-breach"),
        Some(Expect::Phase(Phase::Strategy))
    );
    assert_eq!(
        Expect::parse("statement:released:media", c, "data-breach"),
        Some(Expect::Released(Some(Audience::Media)))
    );
    assert_eq!(Expect::parse("statement:released:aliens", c, "data-breach"), None);
    assert_eq!(Expect::parse("role:wizard", c, "data-breach"), None);
    assert_eq!(Expect::parse("item:no-such-item", c, "data-breach"), None);
    let key = &c.playbook("data-breach").expect("pb").item[0].id;
    assert_eq!(
        Expect::parse(&format!("item:{key}"), c, "data-breach"),
        Some(Expect::Item(key.clone()))
    );
}
