//! `crisisdesk export`: the full record of one incident, as JSON or Markdown.
//! The timeline is streamed, so a long record never sits in memory whole.

use std::io::Write;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{Value, json};

use super::{CliError, Format};
use crate::domain::Content;
use crate::domain::clock::{due_at, to_db};
use crate::domain::describe::{describe, operator_label};
use crate::domain::model::*;
use crate::i18n::{Catalog, Lang};
use crate::store::Store;

struct Record {
    incident: Value,
    roles: Vec<Value>,
    checklist: Vec<Value>,
    statements: Vec<Value>,
}

fn t(v: Option<DateTime<Utc>>) -> Value {
    v.map(|t| Value::String(to_db(t))).unwrap_or(Value::Null)
}

fn build(store: &Store, content: &Content, id: i64, lang: Lang, tz: Tz) -> Result<Record, CliError> {
    let inc = store.incident(id)?;
    let pb = content.playbook(&inc.kind);
    let briefing: serde_json::Map<String, Value> = store.briefing(id)?.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
    let met = store.clocks_met(id)?;
    let clocks: Vec<Value> = pb
        .map(|p| {
            p.clock
                .iter()
                .map(|c| {
                    json!({
                        "id": c.id,
                        "label": c.label.get(lang),
                        "citation": c.citation.get(lang),
                        "kind": if c.kind == crate::domain::content::ClockKind::Law { "law" } else { "policy" },
                        "verified": c.verified,
                        "due_at": t(c.deadline().map(|d| due_at(inc.declared_at, d, tz))),
                        "met_at": t(met.iter().find(|(k, _)| *k == c.id).map(|(_, at)| *at)),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let incident = json!({
        "id": inc.id,
        "type": inc.kind,
        "type_name": content.type_name(&inc.kind, lang),
        "severity": inc.severity,
        "severity_label": pb.and_then(|p| p.severity(inc.severity)).map(|s| s.label.get(lang).to_string()),
        "title": inc.title,
        "phase": inc.phase.id(),
        "status": if inc.status == IncidentStatus::Open { "open" } else { "closed" },
        "demo": inc.demo,
        "drill": inc.drill,
        "declared_at": to_db(inc.declared_at),
        "closed_at": t(inc.closed_at),
        "time_zone": tz.name(),
        "briefing": briefing,
        "clocks": clocks,
    });
    let history = store.role_history(id, None)?;
    let required: Vec<String> = pb.map(|p| p.required_roles.clone()).unwrap_or_default();
    let roles = content
        .roles
        .iter()
        .filter(|r| required.contains(&r.id) || history.iter().any(|a| a.role == r.id))
        .map(|r| {
            let hist: Vec<&Assignment> = history.iter().filter(|a| a.role == r.id).collect();
            let holder = hist.iter().find(|a| a.ended_at.is_none());
            json!({
                "role": r.id,
                "name": r.name.get(lang),
                "critical": r.critical,
                "required": required.contains(&r.id),
                "holder": holder.map(|a| json!({"person": a.person_name, "phone": a.phone, "email": a.email, "since": to_db(a.started_at)})),
                "history": hist.iter().map(|a| json!({
                    "person": a.person_name,
                    "started_at": to_db(a.started_at),
                    "ended_at": t(a.ended_at),
                    "handed_to": a.handed_to,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let checklist = store
        .checklist(id)?
        .into_iter()
        .map(|i| {
            json!({
                "key": i.key,
                "phase": i.phase.id(),
                "owner": i.owner,
                "text": i.text(lang),
                "due_at": t(i.due_at),
                "state": i.state.id(),
                "note": i.note,
                "changed_at": t(i.changed_at),
            })
        })
        .collect();
    let statements = store
        .statements(id)?
        .into_iter()
        .map(|s| -> Result<Value, CliError> {
            let versions: Vec<Value> = store
                .statement_versions(s.id)?
                .into_iter()
                .map(|v| {
                    json!({
                        "version": v.version,
                        "audience": v.audience,
                        "body": v.body,
                        "sha256": v.sha256,
                        "reviewed_by": v.reviewed_by,
                        "approved_by": v.approved_by,
                        "released_by": v.released_by,
                        "released_at": to_db(v.released_at),
                    })
                })
                .collect();
            Ok(json!({
                "id": s.id,
                "audience": s.audience,
                "state": s.state,
                "version": s.version,
                "body": s.body,
                "reviewed_by": s.reviewed_by,
                "approved_by": s.approved_by,
                "created_at": to_db(s.created_at),
                "updated_at": to_db(s.updated_at),
                "released": versions,
            }))
        })
        .collect::<Result<_, _>>()?;
    Ok(Record {
        incident,
        roles,
        checklist,
        statements,
    })
}

#[allow(clippy::too_many_arguments)]
pub fn export(
    store: &Store,
    content: &Content,
    id: i64,
    format: Format,
    lang: Lang,
    tz: Tz,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    // One snapshot: the printed chain head belongs to the printed timeline.
    store.snapshot(|store| {
        let rec = build(store, content, id, lang, tz)?;
        let tr = Catalog::get(lang);
        match format {
            Format::Json => {
                let pretty = |v: &Value| crate::text::json(serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".into()));
                writeln!(out, "{{")?;
                writeln!(out, "\"format\": \"crisisdesk-export/1\",")?;
                writeln!(out, "\"exported_at\": \"{}\",", to_db(now))?;
                writeln!(out, "\"incident\": {},", pretty(&rec.incident))?;
                writeln!(out, "\"roles\": {},", pretty(&Value::Array(rec.roles)))?;
                writeln!(out, "\"checklist\": {},", pretty(&Value::Array(rec.checklist)))?;
                writeln!(out, "\"statements\": {},", pretty(&Value::Array(rec.statements)))?;
                let chain = store.chain_head(id)?;
                writeln!(out, "\"chain\": {{\"length\": {}, \"head\": \"{}\"}},", chain.length, chain.head)?;
                write!(out, "\"timeline\": [")?;
                let mut first = true;
                store.for_each_timeline(id, |e| {
                    let v = json!({
                        "id": e.id,
                        "kind": e.kind,
                        "text": describe(&e.kind, &e.data, tr, content),
                        "data": e.data,
                        "event_at": to_db(e.event_at),
                        "recorded_at": to_db(e.recorded_at),
                        "operator": e.operator,
                    });
                    write!(out, "{}\n  {}", if first { "" } else { "," }, crate::text::json(v.to_string()))?;
                    first = false;
                    Ok(())
                })?;
                writeln!(out, "\n]\n}}")?;
            }
            Format::Md => markdown(store, content, id, &rec, tr, tz, out)?,
        }
        Ok(())
    })
}

fn local(s: &Value, tz: Tz) -> String {
    s.as_str()
        .and_then(crate::domain::clock::from_db)
        .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "—".into())
}

/// Table cells must not break the table.
/// A Markdown table cell: inert, escaped, on one line, pipes kept literal.
fn cell(s: &str) -> String {
    crate::text::markdown(&s.replace('\n', " ")).replace('|', "\\|")
}

fn markdown(store: &Store, content: &Content, id: i64, rec: &Record, tr: &Catalog, tz: Tz, out: &mut dyn Write) -> Result<(), CliError> {
    let i = &rec.incident;
    // Every text from the record is made inert and escaped: a viewer may
    // render the Markdown as HTML.
    let s = |v: &Value, k: &str| crate::text::markdown(v.get(k).and_then(Value::as_str).unwrap_or(""));
    let demo = i.get("demo").and_then(Value::as_bool).unwrap_or(false);
    let drill = i.get("drill").and_then(Value::as_bool).unwrap_or(false);
    let mut badge = String::new();
    if drill {
        badge.push_str(&format!("[{}] ", tr.t("ui.drill_badge")));
    }
    if demo {
        badge.push_str(&format!("[{}] ", tr.t("ui.demo_badge")));
    }
    writeln!(out, "# {badge}#{} {}", id, s(i, "title"))?;
    writeln!(out)?;
    if drill {
        writeln!(out, "> **{}**", tr.t("export.drill_notice"))?;
        writeln!(out)?;
    }
    if demo {
        writeln!(out, "> {}", tr.t("export.demo_notice"))?;
        writeln!(out)?;
    }
    writeln!(out, "| | |\n|---|---|")?;
    writeln!(out, "| {} | {} |", tr.t("export.type"), s(i, "type_name"))?;
    writeln!(out, "| {} | {} |", tr.t("export.severity"), s(i, "severity_label"))?;
    let phase = crate::domain::Phase::from_id(&s(i, "phase"))
        .map(|p| tr.t(p.label_key()).to_string())
        .unwrap_or_default();
    writeln!(out, "| {} | {} |", tr.t("ui.phase"), phase)?;
    writeln!(
        out,
        "| {} | {} |",
        tr.t("export.status"),
        tr.t(&format!("export.status_{}", s(i, "status")))
    )?;
    writeln!(
        out,
        "| {} | {} ({}) |",
        tr.t("ui.declared_at"),
        local(&i["declared_at"], tz),
        tz.name()
    )?;
    if let Some(b) = i.get("briefing").and_then(Value::as_object) {
        for (k, v) in b {
            writeln!(out, "| {} | {} |", tr.t(&format!("briefing.{k}")), cell(v.as_str().unwrap_or("")))?;
        }
    }
    writeln!(out, "\n## {}\n", tr.t("export.clocks"))?;
    for c in i.get("clocks").and_then(Value::as_array).into_iter().flatten() {
        let verified = if c["verified"].as_bool().unwrap_or(false) {
            String::new()
        } else {
            format!(" **{}**", tr.t("ui.check_regulation"))
        };
        let due = if c["due_at"].is_null() {
            tr.t("popup.clock_reference").to_string()
        } else {
            local(&c["due_at"], tz)
        };
        let met = if c["met_at"].is_null() {
            String::new()
        } else {
            format!(" — {}", tr.f("popup.clock_met", &[("t", &local(&c["met_at"], tz))]))
        };
        writeln!(out, "- {} — {} ({}){}{}", s(c, "label"), due, s(c, "citation"), verified, met)?;
    }
    writeln!(out, "\n## {}\n", tr.t("pane.roles"))?;
    writeln!(
        out,
        "| {} | {} | {} |\n|---|---|---|",
        tr.t("export.role"),
        tr.t("export.holder"),
        tr.t("export.history")
    )?;
    for r in &rec.roles {
        let holder = r["holder"]
            .as_object()
            .map(|h| format!("{} {}", h["person"].as_str().unwrap_or(""), h["phone"].as_str().unwrap_or("")))
            .unwrap_or_else(|| tr.t("ui.unassigned").to_string());
        let hist: Vec<String> = r["history"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|h| {
                let end = if h["ended_at"].is_null() {
                    tr.t("popup.now").to_string()
                } else {
                    local(&h["ended_at"], tz)
                };
                format!("{} {}–{}", h["person"].as_str().unwrap_or(""), local(&h["started_at"], tz), end)
            })
            .collect();
        writeln!(out, "| {} | {} | {} |", s(r, "name"), cell(&holder), cell(&hist.join("; ")))?;
    }
    writeln!(out, "\n## {}\n", tr.t("pane.checklist"))?;
    let mut phase_now = String::new();
    for c in &rec.checklist {
        let p = s(c, "phase");
        if p != phase_now {
            let name = crate::domain::Phase::from_id(&p)
                .map(|ph| tr.t(ph.label_key()).to_string())
                .unwrap_or_default();
            writeln!(out, "\n### {name}\n")?;
            phase_now = p;
        }
        let mark = match c["state"].as_str() {
            Some("done") => "[x]",
            Some("skipped") => "[-]",
            _ => "[ ]",
        };
        let mut line = format!("- {mark} {} ({})", s(c, "text"), content.role_short(&s(c, "owner"), tr.lang()));
        if !c["changed_at"].is_null() && c["state"] != "open" {
            line.push_str(&format!(" — {}", local(&c["changed_at"], tz)));
        }
        if !s(c, "note").is_empty() {
            line.push_str(&format!(" — {}", s(c, "note")));
        }
        writeln!(out, "{line}")?;
    }
    writeln!(out, "\n## {}\n", tr.t("export.statements"))?;
    for st in &rec.statements {
        writeln!(
            out,
            "### #{} {} (v{} {}, {})\n",
            st["id"],
            tr.t(&format!("audience.{}", s(st, "audience"))),
            st["version"],
            tr.t(&format!("state.{}", s(st, "state"))),
            local(&st["updated_at"], tz)
        )?;
        for l in s(st, "body").lines() {
            writeln!(out, "> {l}")?;
        }
        writeln!(out)?;
        for v in st["released"].as_array().into_iter().flatten() {
            writeln!(
                out,
                "- v{} {} {} · {} · SHA-256 `{}`",
                v["version"],
                tr.t("state.released"),
                local(&v["released_at"], tz),
                s(v, "released_by"),
                s(v, "sha256")
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "## {}\n", tr.t("pane.timeline"))?;
    writeln!(
        out,
        "| {} | {} | | {} |\n|---|---|---|---|",
        tr.t("export.event_at"),
        tr.t("export.recorded_at"),
        tr.t("export.operator")
    )?;
    store.for_each_timeline(id, |e| {
        let ev = e.event_at.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S");
        let rc = e.recorded_at.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S");
        writeln!(
            out,
            "| {ev} | {rc} | {} | {} |",
            cell(&describe(&e.kind, &e.data, tr, content)),
            cell(&operator_label(e.operator.as_deref(), tr))
        )
    })?;
    // The chain head lets a printed copy be checked against the database.
    let chain = store.chain_head(id)?;
    writeln!(
        out,
        "\n{}",
        tr.f("export.chain", &[("n", &chain.length.to_string()), ("head", &chain.head)])
    )?;
    Ok(())
}
