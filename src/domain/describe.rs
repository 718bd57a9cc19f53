//! Timeline entries are stored as a kind plus the values involved, and
//! put into words at display time, so the record reads in either language.

use serde_json::Value;

use super::content::{Content, Phase};
use crate::i18n::{Catalog, Lang};

fn s<'a>(d: &'a Value, k: &str) -> &'a str {
    d.get(k).and_then(Value::as_str).unwrap_or("")
}

/// Who was at the keyboard for an entry, in words: an entry from before the
/// operator was kept says so, a command-line entry names the login.
pub fn operator_label(operator: Option<&str>, tr: &Catalog) -> String {
    match operator {
        None => tr.t("ui.op_not_recorded").to_string(),
        Some("") => tr.t("ui.op_none").to_string(),
        Some(o) => match o.strip_prefix('@') {
            Some(login) => tr.f("ui.op_cli", &[("login", login)]),
            None => o.to_string(),
        },
    }
}

pub fn describe(kind: &str, d: &Value, tr: &Catalog, content: &Content) -> String {
    let lang = tr.lang();
    let role = |k: &str| content.role_name(s(d, k), lang);
    let phase = |k: &str| Phase::from_id(s(d, k)).map(|p| tr.t(p.label_key()).to_string()).unwrap_or_default();
    let num = |k: &str| d.get(k).map(|v| v.to_string()).unwrap_or_default();
    let item = || {
        let key = if lang == Lang::Zh { "item_zh" } else { "item_en" };
        let t = s(d, key);
        if t.is_empty() { s(d, "item").to_string() } else { t.to_string() }
    };
    let audience = || tr.t(&format!("audience.{}", s(d, "audience"))).to_string();
    match kind {
        "note" => s(d, "text").to_string(),
        "incident.declared" => tr.f(
            "tl.declared",
            &[
                ("title", s(d, "title")),
                ("type", &content.type_name(s(d, "type"), lang)),
                ("severity", &num("severity")),
            ],
        ),
        "incident.phase" => tr.f("tl.phase", &[("from", &phase("from")), ("to", &phase("to"))]),
        "incident.severity" => tr.f("tl.severity", &[("from", &num("from")), ("to", &num("to"))]),
        "incident.closed" => tr.t("tl.closed").to_string(),
        "briefing.set" => tr.f(
            "tl.briefing",
            &[("field", tr.t(&format!("briefing.{}", s(d, "key")))), ("value", s(d, "value"))],
        ),
        "role.assigned" => tr.f("tl.assigned", &[("role", &role("role")), ("person", s(d, "person"))]),
        "role.handoff" => tr.f("tl.handoff", &[("role", &role("role")), ("from", s(d, "from")), ("to", s(d, "to"))]),
        "role.released" => tr.f("tl.released", &[("role", &role("role")), ("person", s(d, "person"))]),
        "item.done" => tr.f("tl.item_done", &[("item", &item())]),
        "item.reopened" => tr.f("tl.item_reopened", &[("item", &item())]),
        "item.skipped" => tr.f("tl.item_skipped", &[("item", &item()), ("note", s(d, "note"))]),
        "statement.created" => tr.f("tl.statement_created", &[("id", &num("statement")), ("audience", &audience())]),
        "statement.audience" => tr.f("tl.statement_audience", &[("id", &num("statement")), ("audience", &audience())]),
        "statement.submitted"
        | "statement.reviewed"
        | "statement.approved"
        | "statement.released"
        | "statement.withdrawn"
        | "statement.reopened"
        | "statement.version"
        | "statement.discarded" => {
            let step = kind.trim_start_matches("statement.");
            let who = if s(d, "person").is_empty() {
                String::new()
            } else {
                tr.f("tl.by", &[("role", &role("role")), ("person", s(d, "person"))])
            };
            let sha: String = s(d, "sha256").chars().take(12).collect();
            tr.f(
                &format!("tl.statement_{step}"),
                &[
                    ("id", &num("statement")),
                    ("v", &num("version")),
                    ("audience", &audience()),
                    ("by", &who),
                    ("sha", &sha),
                ],
            )
        }
        "drill.scenario" => tr.f("tl.drill_scenario", &[("id", s(d, "scenario"))]),
        "anchor.given" => tr.f("tl.anchor_given", &[("digest", s(d, "digest")), ("n", &num("incidents"))]),
        "drill.started" | "drill.paused" | "drill.resumed" | "drill.speed" | "drill.jumped" | "drill.ended" => {
            let t = super::drill::clock_text(d.get("scenario_ms").and_then(Value::as_i64).unwrap_or(0));
            tr.f(&format!("tl.{}", kind.replace('.', "_")), &[("t", &t), ("speed", &num("speed"))])
        }
        "drill.inject" => {
            let (from, message) = if lang == Lang::Zh {
                ("from_zh", "message_zh")
            } else {
                ("from_en", "message_en")
            };
            tr.f(
                "tl.drill_inject",
                &[
                    ("n", &num("number")),
                    ("method", tr.t(&format!("method.{}", s(d, "method")))),
                    ("from", s(d, from)),
                    ("message", s(d, message)),
                ],
            )
        }
        "drill.skipped" => tr.f("tl.drill_skipped", &[("n", &num("number"))]),
        "drill.answered" => tr.f("tl.drill_answered", &[("n", &num("number"))]),
        "drill.rated" => tr.f("tl.drill_rated", &[("objective", s(d, "objective")), ("rating", s(d, "rating"))]),
        "review.note" => tr.f(
            "tl.review_note",
            &[("kind", tr.t(&format!("review.kind.{}", s(d, "kind")))), ("text", s(d, "text"))],
        ),
        "review.improvement" => tr.f(
            "tl.review_improvement",
            &[
                ("action", s(d, "action")),
                ("owner", s(d, "owner")),
                ("due", s(d, "due")),
                ("category", tr.t(&format!("category.{}", s(d, "category")))),
            ],
        ),
        "private.added" => tr.t("tl.private_added").to_string(),
        "private.removed" => tr.t("tl.private_removed").to_string(),
        "clock.met" => tr.f("tl.clock_met", &[("clock", s(d, "label"))]),
        "clock.reopened" => tr.f("tl.clock_reopened", &[("clock", s(d, "label"))]),
        other => format!("{other} {d}"),
    }
}
