//! A timeline entry in words, in either language: one exhaustive match,
//! so a new kind of entry cannot be added without saying how it reads.

use super::*;

impl Event {
    /// The entry in words, in the catalog's language.
    pub fn describe(&self, tr: &Catalog, content: &Content) -> String {
        let lang = tr.lang();
        let role = |r: &RoleId| content.role_name(r, lang);
        let phase = |p: &Option<Phase>| p.map(|p| tr.t(p.label_key()).to_string()).unwrap_or_default();
        let audience = |a: &str| Audience::parse(a).map_or_else(|| a.to_string(), |a| tr.t(&a.label_key()).to_string());
        match self {
            Event::Note { text } => text.clone(),
            Event::Declared {
                title,
                crisis_type,
                severity,
                ..
            } => tr.f(
                "tl.declared",
                &[
                    ("title", title),
                    ("type", &content.type_name(crisis_type, lang)),
                    ("severity", &severity.to_string()),
                ],
            ),
            Event::Phase { from, to } => tr.f("tl.phase", &[("from", &phase(from)), ("to", &phase(to))]),
            Event::Severity { from, to } => tr.f("tl.severity", &[("from", &from.to_string()), ("to", &to.to_string())]),
            Event::Closed => tr.t("tl.closed").to_string(),
            Event::Briefing { key, value } => tr.f("tl.briefing", &[("field", tr.t(&format!("briefing.{key}"))), ("value", value)]),
            Event::Assigned { role: r, person } => tr.f("tl.assigned", &[("role", &role(r)), ("person", person)]),
            Event::Handoff { role: r, from, to } => tr.f("tl.handoff", &[("role", &role(r)), ("from", from), ("to", to)]),
            Event::StoodDown { role: r, person } => tr.f("tl.stood_down", &[("role", &role(r)), ("person", person)]),
            Event::Item { state, key, text, note } => {
                let item = if text.get(lang).is_empty() { key.as_str() } else { text.get(lang) };
                match state {
                    ItemState::Done => tr.f("tl.item_done", &[("item", item)]),
                    ItemState::Open => tr.f("tl.item_reopened", &[("item", item)]),
                    ItemState::Skipped => tr.f("tl.item_skipped", &[("item", item), ("note", note)]),
                }
            }
            Event::StatementCreated { statement, audience: a } => tr.f(
                "tl.statement_created",
                &[("id", &statement.to_string()), ("audience", &audience(a))],
            ),
            Event::AudienceChanged { statement, audience: a } => tr.f(
                "tl.statement_audience",
                &[("id", &statement.to_string()), ("audience", &audience(a))],
            ),
            Event::Statement {
                step,
                statement,
                version,
                audience: a,
                role: r,
                person,
                sha256,
            } => {
                let who = if person.is_empty() {
                    String::new()
                } else {
                    tr.f("tl.by", &[("role", &role(r)), ("person", person)])
                };
                let sha: String = sha256.as_deref().unwrap_or("").chars().take(12).collect();
                tr.f(
                    &format!("tl.statement_{}", step.id()),
                    &[
                        ("id", &statement.to_string()),
                        ("v", &version.to_string()),
                        ("audience", &audience(a)),
                        ("by", &who),
                        ("sha", &sha),
                    ],
                )
            }
            Event::Private { added, .. } => tr.t(if *added { "tl.private_added" } else { "tl.private_removed" }).to_string(),
            Event::Deadline { met, label, .. } => tr.f(
                if *met { "tl.deadline_met" } else { "tl.deadline_reopened" },
                &[("deadline", label)],
            ),
            Event::DrillScenario { scenario, .. } => tr.f("tl.drill_scenario", &[("id", scenario)]),
            Event::DrillClock { act, speed, scenario_ms } => tr.f(
                &format!("tl.drill_{}", act.id()),
                &[
                    ("t", &crate::domain::drill::clock_text(*scenario_ms)),
                    ("speed", &speed.to_string()),
                ],
            ),
            Event::Inject { skipped: true, number, .. } => tr.f("tl.drill_skipped", &[("n", &number.to_string())]),
            Event::Inject {
                number,
                method,
                from,
                message,
                ..
            } => {
                let method = Method::parse(method).map_or_else(|| method.clone(), |m| tr.t(&m.label_key()).to_string());
                tr.f(
                    "tl.drill_inject",
                    &[
                        ("n", &number.to_string()),
                        ("method", &method),
                        ("from", from.get(lang)),
                        ("message", message.get(lang)),
                    ],
                )
            }
            Event::InjectAnswered { number, .. } => tr.f("tl.drill_answered", &[("n", &number.to_string())]),
            Event::Rated { objective, rating, .. } => tr.f("tl.drill_rated", &[("objective", objective), ("rating", rating)]),
            Event::AfterActionNote { kind, text } => {
                let kind = NoteKind::parse(kind).map_or_else(|| kind.clone(), |k| tr.t(&k.label_key()).to_string());
                tr.f("tl.after_action_note", &[("kind", &kind), ("text", text)])
            }
            Event::Improvement {
                action,
                owner,
                due,
                category,
            } => {
                let category = Category::parse(category).map_or_else(|| category.clone(), |c| tr.t(&c.label_key()).to_string());
                tr.f(
                    "tl.improvement",
                    &[("action", action), ("owner", owner), ("due", due), ("category", &category)],
                )
            }
            Event::AnchorGiven { digest, incidents } => tr.f("tl.anchor_given", &[("digest", digest), ("n", &incidents.to_string())]),
            Event::Reach(r) => r.describe(tr),
            Event::Monitor(m) => m.describe(tr),
            Event::Other { kind, .. } => tr.f("tl.other", &[("kind", kind)]),
        }
    }
}
