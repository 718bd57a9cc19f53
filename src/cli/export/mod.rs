//! `crisisdesk export`: the full record of one incident, as JSON or Markdown.
//! Both are written from one typed record, so they always say the same;
//! the timeline is streamed, so a long record never sits in memory whole.

use std::io::Write;

use crate::domain::zone::Zone;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Format;

mod monitor;
mod reach;
use crate::domain::Content;
use crate::domain::clock::{due_at, to_db};
use crate::domain::content::DeadlineKind;
use crate::domain::desk::StatementState;
use crate::domain::model::*;
use crate::domain::timeline::operator_label;
use crate::domain::types::{Audience, CrisisType, RoleId};
use crate::error::Error;
use crate::i18n::{Catalog, Lang};
use crate::store::Store;

/// The JSON export's format name; bumped when a field changes meaning or name.
pub const FORMAT: &str = "crisisdesk-export/2";

/// A time as the record stores it: RFC 3339 in UTC, milliseconds.
#[derive(Clone, Copy, Debug)]
struct Time(pub(super) DateTime<Utc>);

impl Serialize for Time {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_db(self.0))
    }
}

impl Time {
    pub(super) fn local(self, tz: Zone) -> String {
        self.0.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
    }
}

#[derive(Serialize)]
struct ExportIncident {
    id: i64,
    #[serde(rename = "type")]
    crisis_type: CrisisType,
    type_name: String,
    severity: u8,
    severity_label: Option<String>,
    title: String,
    phase: &'static str,
    status: IncidentStatus,
    demo: bool,
    drill: bool,
    declared_at: Time,
    closed_at: Option<Time>,
    time_zone: &'static str,
    briefing: serde_json::Map<String, serde_json::Value>,
    deadlines: Vec<ExportDeadline>,
}

#[derive(Serialize)]
struct ExportDeadline {
    id: String,
    label: String,
    citation: String,
    kind: DeadlineKind,
    verified: bool,
    due_at: Option<Time>,
    met_at: Option<Time>,
}

#[derive(Serialize)]
struct ExportRole {
    role: RoleId,
    name: String,
    critical: bool,
    required: bool,
    holder: Option<ExportHolder>,
    history: Vec<ExportAssignment>,
}

#[derive(Serialize)]
struct ExportHolder {
    person: String,
    phone: String,
    email: String,
    since: Time,
}

#[derive(Serialize)]
struct ExportAssignment {
    person: String,
    started_at: Time,
    ended_at: Option<Time>,
    handed_to: Option<String>,
}

#[derive(Serialize)]
struct ExportItem {
    key: String,
    phase: &'static str,
    owner: String,
    text: String,
    due_at: Option<Time>,
    state: &'static str,
    note: String,
    changed_at: Option<Time>,
}

#[derive(Serialize)]
struct ExportStatement {
    id: i64,
    audience: Audience,
    state: StatementState,
    version: i64,
    body: String,
    reviewed_by: Option<String>,
    approved_by: Option<String>,
    created_at: Time,
    updated_at: Time,
    released: Vec<ExportVersion>,
}

#[derive(Serialize)]
struct ExportVersion {
    version: i64,
    audience: Audience,
    body: String,
    sha256: String,
    reviewed_by: String,
    approved_by: String,
    released_by: String,
    released_at: Time,
}

#[derive(Serialize)]
struct ExportEntry<'a> {
    id: i64,
    kind: &'a str,
    text: String,
    data: &'a serde_json::Value,
    event_at: Time,
    recorded_at: Time,
    operator: Option<&'a str>,
}

#[derive(Serialize)]
struct ExportChain<'a> {
    length: i64,
    head: &'a str,
}

struct Record {
    incident: ExportIncident,
    roles: Vec<ExportRole>,
    checklist: Vec<ExportItem>,
    statements: Vec<ExportStatement>,
    reach: reach::ExportReach,
    monitoring: monitor::ExportMonitoring,
}

fn build(store: &Store, content: &Content, id: i64, lang: Lang, tz: Zone) -> Result<Record, Error> {
    let inc = store.incident(id)?;
    let pb = content.playbook(&inc.crisis_type);
    let met = store.deadlines_met(id)?;
    let deadlines = pb
        .map(|p| {
            p.deadline
                .iter()
                .map(|c| ExportDeadline {
                    id: c.id.clone(),
                    label: c.label.get(lang).to_string(),
                    citation: c.citation.get(lang).to_string(),
                    kind: c.kind,
                    verified: c.verified,
                    due_at: c.due_in().map(|d| Time(due_at(inc.declared_at, d, tz))),
                    met_at: met.iter().find(|(k, _)| *k == c.id).map(|(_, at)| Time(*at)),
                })
                .collect()
        })
        .unwrap_or_default();
    let incident = ExportIncident {
        id: inc.id,
        type_name: content.type_name(&inc.crisis_type, lang),
        severity: inc.severity,
        severity_label: pb.and_then(|p| p.severity(inc.severity)).map(|s| s.label.get(lang).to_string()),
        title: inc.title.clone(),
        phase: inc.phase.id(),
        status: inc.status,
        demo: inc.demo,
        drill: inc.drill,
        declared_at: Time(inc.declared_at),
        closed_at: inc.closed_at.map(Time),
        time_zone: tz.name(),
        briefing: store.briefing(id)?.into_iter().map(|(k, v)| (k, v.into())).collect(),
        deadlines,
        crisis_type: inc.crisis_type,
    };
    let history = store.role_history(id, None)?;
    let required: Vec<String> = pb.map(|p| p.required_roles.clone()).unwrap_or_default();
    let roles = content
        .role_order(&incident.crisis_type)
        .into_iter()
        .filter(|r| required.contains(&r.id) || history.iter().any(|a| a.role == r.id))
        .map(|r| {
            let hist: Vec<&Assignment> = history.iter().filter(|a| a.role == r.id).collect();
            ExportRole {
                role: RoleId::new(r.id.as_str()),
                name: r.name.get(lang).to_string(),
                critical: r.critical,
                required: required.contains(&r.id),
                holder: hist.iter().find(|a| a.ended_at.is_none()).map(|a| ExportHolder {
                    person: a.person_name.clone(),
                    phone: a.phone.clone(),
                    email: a.email.clone(),
                    since: Time(a.started_at),
                }),
                history: hist
                    .iter()
                    .map(|a| ExportAssignment {
                        person: a.person_name.clone(),
                        started_at: Time(a.started_at),
                        ended_at: a.ended_at.map(Time),
                        handed_to: a.handed_to.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let checklist = store
        .checklist(id)?
        .into_iter()
        .map(|i| ExportItem {
            text: i.text(lang).to_string(),
            phase: i.phase.id(),
            due_at: i.due_at.map(Time),
            state: i.state.id(),
            changed_at: i.changed_at.map(Time),
            key: i.key,
            owner: i.owner,
            note: i.note,
        })
        .collect();
    let statements = store
        .statements(id)?
        .into_iter()
        .map(|s| -> Result<ExportStatement, Error> {
            let released = store
                .statement_versions(s.id)?
                .into_iter()
                .map(|v| ExportVersion {
                    version: v.version,
                    audience: v.audience,
                    body: v.body,
                    sha256: v.sha256,
                    reviewed_by: v.reviewed_by,
                    approved_by: v.approved_by,
                    released_by: v.released_by,
                    released_at: Time(v.released_at),
                })
                .collect();
            Ok(ExportStatement {
                id: s.id,
                audience: s.audience,
                state: s.state,
                version: s.version,
                body: s.body,
                reviewed_by: s.reviewed_by,
                approved_by: s.approved_by,
                created_at: Time(s.created_at),
                updated_at: Time(s.updated_at),
                released,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Record {
        incident,
        roles,
        checklist,
        statements,
        reach: reach::build(store, id)?,
        monitoring: monitor::build(store, id)?,
    })
}

/// Serialised, then escaped so it is inert to read and safe in a web page.
fn json<T: Serialize>(v: &T, pretty: bool) -> Result<String, Error> {
    let s = if pretty {
        serde_json::to_string_pretty(v)
    } else {
        serde_json::to_string(v)
    };
    let s = s.map_err(|e| Error::from(std::io::Error::other(e)))?;
    Ok(crate::text::json(s))
}

#[allow(clippy::too_many_arguments)]
pub fn export(
    store: &Store,
    content: &Content,
    id: i64,
    format: Format,
    lang: Lang,
    tz: Zone,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<(), Error> {
    // One snapshot: the printed chain head belongs to the printed timeline.
    store.snapshot(|store| {
        let rec = build(store, content, id, lang, tz)?;
        let tr = Catalog::get(lang);
        match format {
            Format::Json => {
                // Written piece by piece so the timeline can stream.
                writeln!(out, "{{")?;
                writeln!(out, "\"format\": {},", json(&FORMAT, false)?)?;
                writeln!(out, "\"exported_at\": {},", json(&Time(now), false)?)?;
                writeln!(out, "\"incident\": {},", json(&rec.incident, true)?)?;
                writeln!(out, "\"roles\": {},", json(&rec.roles, true)?)?;
                writeln!(out, "\"checklist\": {},", json(&rec.checklist, true)?)?;
                writeln!(out, "\"statements\": {},", json(&rec.statements, true)?)?;
                writeln!(out, "\"reach\": {},", json(&rec.reach, true)?)?;
                writeln!(out, "\"monitoring\": {},", json(&rec.monitoring, true)?)?;
                let chain = store.chain_head(id)?;
                let head = ExportChain {
                    length: chain.length,
                    head: &chain.head,
                };
                writeln!(out, "\"chain\": {},", json(&head, false)?)?;
                write!(out, "\"timeline\": [")?;
                let mut first = true;
                store.for_each_timeline(id, |e| {
                    let entry = ExportEntry {
                        id: e.id,
                        kind: &e.kind,
                        text: e.event.describe(tr, content),
                        data: &e.data,
                        event_at: Time(e.event_at),
                        recorded_at: Time(e.recorded_at),
                        operator: e.operator.as_deref(),
                    };
                    let line = json(&entry, false).map_err(|e| std::io::Error::other(e.to_string()))?;
                    write!(out, "{}\n  {line}", if first { "" } else { "," })?;
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

/// A Markdown table cell: inert, escaped, on one line, pipes kept literal.
pub(super) fn cell(s: &str) -> String {
    crate::text::markdown(&s.replace('\n', " ")).replace('|', "\\|")
}

fn markdown(store: &Store, content: &Content, id: i64, rec: &Record, tr: &Catalog, tz: Zone, out: &mut dyn Write) -> Result<(), Error> {
    let i = &rec.incident;
    // Every text from the record is made inert and escaped: a viewer may
    // render the Markdown as HTML.
    let md = crate::text::markdown;
    let mut badge = String::new();
    if i.drill {
        badge.push_str(&format!("[{}] ", tr.t("ui.drill_badge")));
    }
    if i.demo {
        badge.push_str(&format!("[{}] ", tr.t("ui.demo_badge")));
    }
    writeln!(out, "# {badge}#{} {}", id, md(&i.title))?;
    writeln!(out)?;
    if i.drill {
        writeln!(out, "> **{}**", tr.t("export.drill_notice"))?;
        writeln!(out)?;
    }
    if i.demo {
        writeln!(out, "> {}", tr.t("export.demo_notice"))?;
        writeln!(out)?;
    }
    writeln!(out, "| | |\n|---|---|")?;
    writeln!(out, "| {} | {} |", tr.t("export.type"), md(&i.type_name))?;
    writeln!(
        out,
        "| {} | {} |",
        tr.t("export.severity"),
        md(i.severity_label.as_deref().unwrap_or(""))
    )?;
    let phase = crate::domain::Phase::from_id(i.phase)
        .map(|p| tr.t(p.label_key()).to_string())
        .unwrap_or_default();
    writeln!(out, "| {} | {} |", tr.t("ui.phase"), phase)?;
    let status = if i.status == IncidentStatus::Open { "open" } else { "closed" };
    writeln!(out, "| {} | {} |", tr.t("export.status"), tr.t(&format!("export.status_{status}")))?;
    writeln!(out, "| {} | {} ({}) |", tr.t("ui.declared_at"), i.declared_at.local(tz), tz.name())?;
    for (k, v) in &i.briefing {
        writeln!(out, "| {} | {} |", tr.t(&format!("briefing.{k}")), cell(v.as_str().unwrap_or("")))?;
    }
    writeln!(out, "\n## {}\n", tr.t("export.deadlines"))?;
    for c in &i.deadlines {
        let verified = if c.verified {
            String::new()
        } else {
            format!(" **{}**", tr.t("ui.check_regulation"))
        };
        let due = match c.due_at {
            Some(t) => t.local(tz),
            None => tr.t("popup.deadline_reference").to_string(),
        };
        let met = match c.met_at {
            Some(t) => format!(" — {}", tr.f("popup.deadline_met", &[("t", &t.local(tz))])),
            None => String::new(),
        };
        writeln!(out, "- {} — {} ({}){}{}", md(&c.label), due, md(&c.citation), verified, met)?;
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
        let holder = r
            .holder
            .as_ref()
            .map(|h| format!("{} {}", h.person, h.phone))
            .unwrap_or_else(|| tr.t("ui.unassigned").to_string());
        let hist: Vec<String> = r
            .history
            .iter()
            .map(|h| {
                let end = h.ended_at.map_or_else(|| tr.t("popup.now").to_string(), |t| t.local(tz));
                format!("{} {}–{}", h.person, h.started_at.local(tz), end)
            })
            .collect();
        writeln!(out, "| {} | {} | {} |", md(&r.name), cell(&holder), cell(&hist.join("; ")))?;
    }
    writeln!(out, "\n## {}\n", tr.t("pane.checklist"))?;
    let mut phase_now = "";
    for c in &rec.checklist {
        if c.phase != phase_now {
            let name = crate::domain::Phase::from_id(c.phase)
                .map(|ph| tr.t(ph.label_key()).to_string())
                .unwrap_or_default();
            writeln!(out, "\n### {name}\n")?;
            phase_now = c.phase;
        }
        let mark = match c.state {
            "done" => "[x]",
            "skipped" => "[-]",
            _ => "[ ]",
        };
        let mut line = format!("- {mark} {} ({})", md(&c.text), content.role_short(&c.owner, tr.lang()));
        if c.state != "open"
            && let Some(t) = c.changed_at
        {
            line.push_str(&format!(" — {}", t.local(tz)));
        }
        if !c.note.is_empty() {
            line.push_str(&format!(" — {}", md(&c.note)));
        }
        writeln!(out, "{line}")?;
    }
    writeln!(out, "\n## {}\n", tr.t("export.statements"))?;
    for st in &rec.statements {
        writeln!(
            out,
            "### #{} {} (v{} {}, {})\n",
            st.id,
            tr.t(&st.audience.label_key()),
            st.version,
            tr.t(&st.state.label_key()),
            st.updated_at.local(tz)
        )?;
        for l in md(&st.body).lines() {
            writeln!(out, "> {l}")?;
        }
        writeln!(out)?;
        for v in &st.released {
            writeln!(
                out,
                "- v{} {} {} · {} · SHA-256 `{}`",
                v.version,
                tr.t("state.released"),
                v.released_at.local(tz),
                md(&v.released_by),
                v.sha256
            )?;
        }
        writeln!(out)?;
    }
    reach::markdown(&rec.reach, tr, tz, out)?;
    monitor::markdown(&rec.monitoring, tr, tz, out)?;
    writeln!(out, "\n## {}\n", tr.t("pane.timeline"))?;
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
            cell(&e.event.describe(tr, content)),
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
