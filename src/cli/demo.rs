//! `crisisdesk demo`: a realistic sample incident for a first look, read
//! from `assets/demo.toml`. It is flagged as a demo in the database, so
//! every screen and export marks it and it never sorts ahead of a real
//! incident.

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use crate::domain::content::toml_error;
use crate::domain::model::ItemState;
use crate::domain::types::Audience;
use crate::domain::{Content, Phase};
use crate::error::{Error, Msg};
use crate::store::Store;

const DEMO_SRC: (&str, &str) = ("assets/demo.toml", include_str!("../../assets/demo.toml"));

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Demo {
    crisis_type: String,
    severity: u8,
    title: String,
    declared_minutes_ago: i64,
    person: Vec<DemoPerson>,
    briefing: Vec<DemoBriefing>,
    assignment: Vec<DemoAssignment>,
    items_done: usize,
    phase: Vec<DemoPhase>,
    note: Vec<DemoNote>,
    statement: Vec<DemoStatement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoPerson {
    name: String,
    phone: String,
    email: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoBriefing {
    key: String,
    at: i64,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoAssignment {
    role: String,
    person: String,
    at: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoPhase {
    to: String,
    at: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoNote {
    text: String,
    event_at: i64,
    at: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoStatement {
    audience: Audience,
    at: i64,
    saved_at: i64,
    body: String,
}

fn damaged(detail: impl std::fmt::Display) -> Error {
    Msg::new("cli.content_damaged").with("detail", detail).into()
}

pub fn create(store: &mut Store, content: &Content, now: DateTime<Utc>) -> Result<i64, Error> {
    let (file, src) = DEMO_SRC;
    let demo: Demo = toml::from_str(src).map_err(|e| damaged(toml_error(file, src, &e)))?;
    let pb = content.playbook(&demo.crisis_type).ok_or_else(|| damaged(&demo.crisis_type))?;
    let start = now - Duration::minutes(demo.declared_minutes_ago);
    let at = |m: i64| start + Duration::minutes(m);
    let existing = store.persons()?;
    let mut people = Vec::new();
    for p in &demo.person {
        let id = match existing.iter().find(|e| e.name == p.name) {
            Some(e) => e.id,
            None => store.add_person(&p.name, &p.phone, &p.email, start)?,
        };
        people.push((p.name.as_str(), id));
    }
    let id = store.declare(pb, demo.severity, &demo.title, true, start)?;
    for b in &demo.briefing {
        store.set_briefing(id, &b.key, &b.text, at(b.at))?;
    }
    for a in &demo.assignment {
        let person = people.iter().find(|(n, _)| *n == a.person).ok_or_else(|| damaged(&a.person))?.1;
        store.assign_role(id, &a.role, person, at(a.at))?;
    }
    let items = store.checklist(id)?;
    let early = items.iter().filter(|i| i.phase <= Phase::Activate).take(demo.items_done);
    for (n, item) in early.enumerate() {
        store.set_item_state(item.id, ItemState::Done, "", at(15 + 5 * n as i64))?;
    }
    let mut phase = Phase::Report;
    for p in &demo.phase {
        let to = Phase::from_id(&p.to).ok_or_else(|| damaged(&p.to))?;
        store.set_phase(id, phase, to, at(p.at))?;
        phase = to;
    }
    for n in &demo.note {
        store.add_note(id, &n.text, at(n.event_at), at(n.at))?;
    }
    for s in &demo.statement {
        let sid = store.create_statement(id, s.audience, "", at(s.at))?;
        store.save_statement_body(sid, &s.body, at(s.saved_at))?;
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_builds_a_whole_marked_incident() {
        let mut s = Store::open_in_memory().expect("store");
        let now = Utc::now();
        let id = create(&mut s, Content::builtin().expect("content"), now).expect("demo");
        let inc = s.incident(id).expect("incident");
        assert!(inc.demo);
        assert_eq!(inc.phase, Phase::Investigate);
        assert_eq!(s.current_assignments(id).expect("roles").len(), 4);
        assert_eq!(s.statements(id).expect("statements").len(), 1);
        // A second demo reuses the people.
        create(&mut s, Content::builtin().expect("content"), now).expect("again");
        assert_eq!(s.persons().expect("persons").len(), 5);
    }
}
