use super::*;
use crate::i18n::Lang;

#[test]
fn every_event_round_trips_through_its_stored_form() {
    let events = vec![
        Event::Declared {
            title: "外洩".into(),
            crisis_type: CrisisType::new("data-breach"),
            severity: 2,
            demo: false,
            drill: true,
        },
        Event::Phase {
            from: Some(Phase::Report),
            to: Some(Phase::Convene),
        },
        Event::StoodDown {
            role: RoleId::new("legal"),
            person: "黃律師".into(),
        },
        Event::Statement {
            step: Step::Review,
            statement: 3,
            version: 2,
            audience: "media".into(),
            role: RoleId::new("legal"),
            person: "黃律師".into(),
            sha256: Some("ab".repeat(32)),
        },
        Event::Deadline {
            met: true,
            deadline: "db-72h".into(),
            label: "通報".into(),
        },
        Event::DrillClock {
            act: ClockAct::Jumped,
            speed: 2,
            scenario_ms: 90_000,
        },
        Event::AfterActionNote {
            kind: "strength".into(),
            text: "分工清楚".into(),
        },
        Event::Other {
            kind: "future.kind".into(),
            data: json!({"x": 1}),
        },
    ];
    for e in events {
        assert_eq!(Event::from_parts(&e.kind(), &e.data()), e, "{}", e.kind());
    }
}

#[test]
fn entries_under_old_names_still_read() {
    let e = Event::from_parts("role.released", &json!({"role": "legal", "person": "黃律師"}));
    assert!(matches!(e, Event::StoodDown { .. }));
    let e = Event::from_parts("clock.met", &json!({"clock": "db-72h", "label": "x"}));
    assert_eq!(
        e,
        Event::Deadline {
            met: true,
            deadline: "db-72h".into(),
            label: "x".into()
        }
    );
    assert!(matches!(
        Event::from_parts("review.note", &json!({})),
        Event::AfterActionNote { .. }
    ));
    assert!(matches!(
        Event::from_parts("review.improvement", &json!({})),
        Event::Improvement { .. }
    ));
}

#[test]
fn describe_names_unknown_kinds_without_dumping_data() {
    let tr = Catalog::get(Lang::En);
    let content = Content::builtin().expect("content");
    let e = Event::from_parts("future.kind", &json!({"secret": "A123456789"}));
    let text = e.describe(tr, content);
    assert!(text.contains("future.kind") && !text.contains("A123456789"), "{text}");
}
