//! The after-action report and improvement plan (AAR/IP), for a drill or
//! a real incident (then it is the post-incident review), as Markdown or as
//! one self-contained HTML page. Both are rendered from one list of blocks,
//! so they always say the same.
//!
//! People appear by name and role only: the report is meant to be printed
//! and passed around, so phone numbers and e-mail addresses never go in.

use std::io::Write;

use crate::domain::zone::Zone;
use chrono::{DateTime, Utc};

use crate::domain::Content;
use crate::domain::after_action::{Metrics, minutes};
use crate::domain::drill::Scenario;
use crate::domain::model::IncidentStatus;
use crate::domain::timeline::operator_label;
use crate::domain::types::NoteKind;
use crate::error::{Error, Msg};
use crate::i18n::{Catalog, Lang};
use crate::store::{Store, StoreError};

mod monitor;
mod reach;
pub mod readiness;

/// The report's two forms.
#[derive(Clone, Copy, Debug, clap::ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Md,
    Html,
}

impl ReportFormat {
    /// The file name extension.
    pub fn ext(self) -> &'static str {
        match self {
            ReportFormat::Md => "md",
            ReportFormat::Html => "html",
        }
    }
}

/// The record's measurements for one incident, drill or real.
pub fn metrics(store: &Store, content: &Content, incident: i64, now: DateTime<Utc>) -> Result<Metrics, StoreError> {
    let inc = store.incident(incident)?;
    let drill = store.drill(incident)?;
    let start = drill.as_ref().and_then(|d| d.started_at).unwrap_or(inc.declared_at);
    let end = drill.as_ref().and_then(|d| d.ended_at).or(inc.closed_at).unwrap_or(now);
    let critical: Vec<&str> = content.critical_roles().map(|r| r.id.as_str()).collect();
    Ok(Metrics::compute(
        start,
        end,
        &critical,
        &store.role_history(incident, None)?,
        &store.checklist(incident)?,
        &store.all_releases(incident)?,
        &store.drill_injects(incident)?,
    ))
}

/// One piece of the report, independent of the output format.
pub(crate) enum Block {
    Title(String),
    Banner(String),
    Notice(String),
    Heading(String),
    Para(String),
    List(Vec<String>),
    /// A header row (all empty: no header) and the rows.
    Table(Vec<String>, Vec<Vec<String>>),
    /// A picture: inline SVG in HTML (built from escaped text only), the
    /// same as a text grid in Markdown.
    Picture {
        svg: String,
        text: Vec<String>,
    },
}

#[allow(clippy::too_many_arguments)]
pub fn write(
    store: &Store,
    content: &Content,
    incident: i64,
    format: ReportFormat,
    lang: Lang,
    tz: Zone,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let blocks = build(store, content, incident, lang, tz, now)?;
    match format {
        ReportFormat::Md => markdown(&blocks, out),
        ReportFormat::Html => html(&blocks, lang, out),
    }
    .map_err(Error::from)
}

pub(crate) fn s(v: &str) -> String {
    v.to_string()
}

fn build(store: &Store, content: &Content, id: i64, lang: Lang, tz: Zone, now: DateTime<Utc>) -> Result<Vec<Block>, Error> {
    let tr = Catalog::get(lang);
    let inc = store
        .incident(id)
        .map_err(|e| Msg::new("error.report").with("id", id).with_msg("error", e.msg()))?;
    let drill = store.drill(id)?.filter(|_| inc.drill);
    let scenario = drill
        .as_ref()
        .and_then(|d| Scenario::parse(&d.scenario_id, &d.scenario_src, content).ok());
    let m = metrics(store, content, id, now)?;
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    let dur = |d: Option<chrono::Duration>| d.map(minutes).unwrap_or_else(|| s(tr.t("report.never")));
    let pct = |d: usize, t: usize| (d * 100).checked_div(t).unwrap_or(0);
    let mut b = Vec::new();

    // Title and the notices that must not be missed.
    let mut badge = String::new();
    if inc.drill {
        badge.push_str(&format!("[{}] ", tr.t("ui.drill_badge")));
    }
    if inc.demo {
        badge.push_str(&format!("[{}] ", tr.t("ui.demo_badge")));
    }
    let title_key = if inc.drill { "report.title" } else { "report.title_review" };
    b.push(Block::Title(format!(
        "{badge}{}",
        tr.f(title_key, &[("id", &id.to_string()), ("title", &inc.title)])
    )));
    if inc.drill {
        b.push(Block::Banner(s(tr.t("export.drill_notice"))));
    } else {
        b.push(Block::Notice(s(tr.t("report.not_drill"))));
    }
    if inc.demo {
        b.push(Block::Banner(s(tr.t("export.demo_notice"))));
    }

    // 1. Overview.
    b.push(Block::Heading(s(tr.t("report.overview"))));
    let sev = content
        .playbook(&inc.crisis_type)
        .and_then(|p| p.severity(inc.severity))
        .map(|v| s(v.label.get(lang)))
        .unwrap_or_else(|| inc.severity.to_string());
    let ended = drill.as_ref().and_then(|d| d.ended_at).or(inc.closed_at);
    let end = match ended {
        Some(t) => local(t),
        None => tr.f("report.ongoing", &[("t", &local(m.end))]),
    };
    let status = if inc.status == IncidentStatus::Open {
        "export.status_open"
    } else {
        "export.status_closed"
    };
    let mut rows = vec![
        vec![s(tr.t("report.incident")), format!("#{id} {}", inc.title)],
        vec![s(tr.t("export.type")), content.type_name(&inc.crisis_type, lang)],
        vec![s(tr.t("export.severity")), sev],
        vec![s(tr.t("export.status")), s(tr.t(status))],
        vec![s(tr.t("report.declared")), local(inc.declared_at)],
        vec![s(tr.t("report.start")), local(m.start)],
        vec![s(tr.t("report.end")), end],
        vec![s(tr.t("report.duration")), minutes(m.end - m.start)],
        vec![s(tr.t("report.time_zone")), s(tz.name())],
    ];
    if let Some(d) = &drill {
        let name = scenario.as_ref().map(|sc| format!("{} ({})", sc.title.get(lang), d.scenario_id));
        rows.insert(1, vec![s(tr.t("report.scenario")), name.unwrap_or_else(|| d.scenario_id.clone())]);
    }
    b.push(Block::Table(vec![String::new(), String::new()], rows));
    if let Some(sc) = &scenario {
        b.push(Block::Heading(s(tr.t("report.synopsis"))));
        b.push(Block::Para(s(sc.synopsis.get(lang))));
    }

    // Participants: by name and role only; no phone, no e-mail.
    b.push(Block::Heading(s(tr.t("report.participants"))));
    let mut people: Vec<(String, Vec<String>)> = Vec::new();
    for a in store.role_history(id, None)? {
        let role = content.role_name(&a.role, lang);
        match people.iter_mut().find(|(n, _)| *n == a.person_name) {
            Some((_, roles)) if roles.contains(&role) => {}
            Some((_, roles)) => roles.push(role),
            None => people.push((a.person_name.clone(), vec![role])),
        }
    }
    if people.is_empty() {
        b.push(Block::Para(s(tr.t("report.none"))));
    } else {
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        b.push(Block::List(
            people.into_iter().map(|(n, r)| format!("{n} ({})", r.join(sep))).collect(),
        ));
    }

    // 2. Objectives and their ratings (drills only).
    if inc.drill {
        b.push(Block::Heading(s(tr.t("report.objectives"))));
        let ratings = store.ratings(id)?;
        let rating = |o: &str| ratings.iter().find(|r| r.objective == o);
        let row = |oid: &str, text: String| {
            let r = rating(oid);
            vec![
                s(oid),
                text,
                r.map(|r| s(tr.t(&format!("rating.{}", r.rating))))
                    .unwrap_or_else(|| s(tr.t("report.not_rated"))),
                r.map(|r| r.notes.clone()).filter(|n| !n.is_empty()).unwrap_or_else(|| s("—")),
            ]
        };
        let rows: Vec<Vec<String>> = match &scenario {
            Some(sc) => sc.objective.iter().map(|o| row(&o.id, s(o.text.get(lang)))).collect(),
            // The scenario text no longer reads: show what was rated.
            None => ratings.iter().map(|r| row(&r.objective, String::new())).collect(),
        };
        b.push(Block::Table(
            vec![
                String::new(),
                s(tr.t("report.objective")),
                s(tr.t("form.rating.rating")),
                s(tr.t("form.rating.notes")),
            ],
            rows,
        ));
    }

    // 3. Strengths, areas for improvement, hot wash.
    let notes = store.after_action_notes(id)?;
    for (kind, head) in [
        (NoteKind::Strength, "report.strengths"),
        (NoteKind::Improvement, "report.improvements"),
        (NoteKind::Hotwash, "report.hotwash"),
    ] {
        b.push(Block::Heading(s(tr.t(head))));
        let items: Vec<Vec<String>> = notes
            .iter()
            .filter(|n| n.kind == kind)
            .map(|n| vec![local(n.created_at), n.text.clone()])
            .collect();
        if items.is_empty() {
            b.push(Block::Para(s(tr.t("report.none"))));
        } else {
            b.push(Block::Table(vec![s(tr.t("report.when")), s(tr.t("form.after_action.text"))], items));
        }
    }

    // 4. Measurements, from the record alone.
    b.push(Block::Heading(s(tr.t("report.metrics"))));
    let (done, total) = m.completion();
    let (answered, delivered) = m.answered();
    let mut rows = vec![
        vec![s(tr.t("report.critical_roles")), dur(m.critical_roles_after)],
        vec![s(tr.t("report.first_release")), dur(m.first_release_after)],
        vec![s(tr.t("report.completion")), format!("{done}/{total} ({}%)", pct(done, total))],
        vec![s(tr.t("report.overdue")), m.overdue_items.to_string()],
    ];
    if inc.drill {
        rows.push(vec![s(tr.t("report.answered")), format!("{answered}/{delivered}")]);
    }
    b.push(Block::Table(vec![s(tr.t("report.measure")), s(tr.t("report.value"))], rows));
    let phases = m
        .phases
        .iter()
        .filter(|(_, _, t)| *t > 0)
        .map(|(p, d, t)| vec![s(tr.t(p.label_key())), format!("{d}/{t}"), format!("{}%", pct(*d, *t))])
        .collect();
    b.push(Block::Table(vec![s(tr.t("ui.phase")), s(tr.t("report.done")), s("%")], phases));
    if inc.drill {
        if m.injects.is_empty() {
            b.push(Block::Para(s(tr.t("report.no_injects"))));
        } else {
            let rows = m
                .injects
                .iter()
                .map(|i| {
                    let status = if i.skipped {
                        s(tr.t("report.skipped"))
                    } else {
                        i.answered_after.map(minutes).unwrap_or_else(|| s(tr.t("report.not_answered")))
                    };
                    let objective = scenario
                        .as_ref()
                        .and_then(|sc| sc.find(i.number))
                        .map(|x| x.objective.clone())
                        .unwrap_or_default();
                    vec![format!("#{}", i.number), objective, local(i.delivered_at), status]
                })
                .collect();
            b.push(Block::Table(
                vec![
                    s(tr.t("report.inject")),
                    s(tr.t("report.objective")),
                    s(tr.t("report.delivered")),
                    s(tr.t("report.answered_after")),
                ],
                rows,
            ));
        }
    }

    // 5. Reaching people and hearing back.
    b.extend(reach::blocks(store, id, tr, tz)?);

    // Online opinion: from the first mention to the first reply.
    b.extend(monitor::blocks(store, id, tr, tz)?);

    // 6. The improvement plan, with the follow-ups still open.
    b.push(Block::Heading(s(tr.t("report.plan"))));
    let mut plan: Vec<Vec<String>> = store
        .improvements(id)?
        .into_iter()
        .map(|i| vec![i.action, i.owner, i.due, s(tr.t(&format!("category.{}", i.category)))])
        .collect();
    plan.extend(reach::plan_rows(store, id, tr, tz)?);
    if plan.is_empty() {
        b.push(Block::Para(s(tr.t("report.none"))));
    } else {
        b.push(Block::Table(
            vec![
                s(tr.t("form.improvement.action")),
                s(tr.t("form.improvement.owner")),
                s(tr.t("report.due")),
                s(tr.t("form.improvement.category")),
            ],
            plan,
        ));
    }

    // 7. The timeline, oldest first.
    b.push(Block::Heading(s(tr.t("pane.timeline"))));
    let mut rows = Vec::new();
    store.for_each_timeline(id, |e| {
        rows.push(vec![
            e.event_at.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string(),
            e.recorded_at.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string(),
            e.event.describe(tr, content),
            operator_label(e.operator.as_deref(), tr),
        ]);
        Ok(())
    })?;
    b.push(Block::Table(
        vec![
            s(tr.t("export.event_at")),
            s(tr.t("export.recorded_at")),
            s(tr.t("report.entry")),
            s(tr.t("export.operator")),
        ],
        rows,
    ));
    // The chain head lets a printed copy be checked against the database.
    let chain = store.chain_head(id)?;
    b.push(Block::Para(
        tr.f("export.chain", &[("n", &chain.length.to_string()), ("head", &chain.head)]),
    ));
    // The last printed page says it again.
    if inc.drill {
        b.push(Block::Banner(s(tr.t("report.drill_banner"))));
    }
    Ok(b)
}

/// Table cells must not break the table.
/// A Markdown table cell: inert, escaped, on one line, pipes kept literal.
fn cell(s: &str) -> String {
    one_line(s).replace('|', "\\|")
}

/// Markdown text on one line: inert and escaped, since a viewer may render
/// it as HTML.
fn one_line(s: &str) -> String {
    crate::text::markdown(&s.replace("\r\n", " ").replace(['\n', '\r'], " "))
}

fn markdown(blocks: &[Block], out: &mut dyn Write) -> std::io::Result<()> {
    for b in blocks {
        match b {
            Block::Title(t) => writeln!(out, "# {}\n", one_line(t))?,
            Block::Banner(t) => writeln!(out, "> **{}**\n", one_line(t))?,
            Block::Notice(t) => writeln!(out, "> {}\n", one_line(t))?,
            Block::Heading(t) => writeln!(out, "## {}\n", one_line(t))?,
            Block::Para(t) => writeln!(out, "{}\n", crate::text::markdown(t))?,
            Block::List(items) => {
                for i in items {
                    writeln!(out, "- {}", one_line(i))?;
                }
                writeln!(out)?;
            }
            Block::Table(head, rows) => {
                writeln!(out, "| {} |", head.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | "))?;
                writeln!(out, "|{}", "---|".repeat(head.len()))?;
                for r in rows {
                    writeln!(out, "| {} |", r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "))?;
                }
                writeln!(out)?;
            }
            Block::Picture { text, .. } => {
                writeln!(out, "```text")?;
                for l in text {
                    // A fence inside would end the block early.
                    writeln!(out, "{}", crate::text::inert(l).replace("```", "ˋˋˋ"))?;
                }
                writeln!(out, "```\n")?;
            }
        }
    }
    Ok(())
}

/// Escape text for HTML element content and attribute values, with hidden
/// characters made visible.
fn esc(s: &str) -> String {
    crate::text::html(s)
}

/// Escape a paragraph, turning Markdown's `code` spans into <code>.
fn esc_para(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len().is_multiple_of(2) {
        // An unpaired backtick: leave it as text.
        return esc(s);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| if i % 2 == 1 { format!("<code>{}</code>", esc(p)) } else { esc(p) })
        .collect()
}

/// One page, no outside resources, readable on paper.
const STYLE: &str = "body{font-family:\"Noto Sans TC\",\"PingFang TC\",\"Microsoft JhengHei\",\"Heiti TC\",sans-serif;\
max-width:60em;margin:2em auto;padding:0 1em;color:#111;line-height:1.55;font-size:16px}\
h1{font-size:1.6em;line-height:1.3}h2{font-size:1.25em;border-bottom:2px solid #333;margin-top:1.6em;padding-bottom:.1em}\
table{border-collapse:collapse;width:100%;margin:.6em 0}\
th,td{border:1px solid #777;padding:.3em .5em;vertical-align:top;text-align:left}\
th{background:#eee;font-weight:bold}th[scope=row]{width:12em;background:#f6f6f6}\
.banner{border:4px solid #b00;background:#fdecec;color:#900;font-weight:bold;font-size:1.3em;padding:.6em .8em;margin:1em 0;text-align:center;letter-spacing:.05em}\
.notice{border-left:4px solid #555;padding:.4em .8em;margin:1em 0;color:#333}\
figure.picture{margin:1em 0;overflow-x:auto}figure.picture svg{max-width:100%;height:auto}\
code{word-break:break-all;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}\
@media print{body{margin:0;max-width:none;padding:0;font-size:11pt;color:#000}h1{font-size:16pt}h2{font-size:13pt;page-break-after:avoid}\
table,tr,td,th{page-break-inside:avoid}thead{display:table-header-group}th{background:none}td,th{border-color:#000}\
.banner{background:none;color:#000;border:3pt solid #000;font-size:14pt}}";

fn html(blocks: &[Block], lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    let code = if lang == Lang::Zh { "zh-Hant" } else { "en" };
    let title = blocks
        .iter()
        .find_map(|b| if let Block::Title(t) = b { Some(t.as_str()) } else { None })
        .unwrap_or("");
    writeln!(out, "<!doctype html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")?;
    writeln!(out, "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>", esc(title))?;
    for b in blocks {
        match b {
            Block::Title(t) => writeln!(out, "<h1>{}</h1>", esc(t))?,
            Block::Banner(t) => writeln!(out, "<div class=\"banner\" role=\"alert\">{}</div>", esc(t))?,
            Block::Notice(t) => writeln!(out, "<p class=\"notice\">{}</p>", esc(t))?,
            Block::Heading(t) => writeln!(out, "<h2>{}</h2>", esc(t))?,
            Block::Para(t) => writeln!(out, "<p>{}</p>", esc_para(t))?,
            Block::List(items) => writeln!(
                out,
                "<ul>{}</ul>",
                items.iter().map(|i| format!("<li>{}</li>", esc(i))).collect::<String>()
            )?,
            Block::Table(head, rows) => {
                writeln!(out, "<table>")?;
                let keyed = head.iter().all(String::is_empty);
                if !keyed {
                    writeln!(
                        out,
                        "<thead><tr>{}</tr></thead>",
                        head.iter().map(|h| format!("<th>{}</th>", esc(h))).collect::<String>()
                    )?;
                }
                writeln!(out, "<tbody>")?;
                for r in rows {
                    // A table without a header pairs labels and values: the label is a row header.
                    let cells: String = r
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            if keyed && i == 0 {
                                format!("<th scope=\"row\">{}</th>", esc(c))
                            } else {
                                format!("<td>{}</td>", esc(c))
                            }
                        })
                        .collect();
                    writeln!(out, "<tr>{cells}</tr>")?;
                }
                writeln!(out, "</tbody>\n</table>")?;
            }
            Block::Picture { svg, .. } => writeln!(out, "<figure class=\"picture\">{svg}</figure>")?,
        }
    }
    writeln!(out, "</body>\n</html>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_covers_the_five_characters() {
        assert_eq!(esc(r#"<b>&"x"'y'</b>"#), "&lt;b&gt;&amp;&quot;x&quot;&#39;y&#39;&lt;/b&gt;");
        assert_eq!(esc("診所"), "診所");
    }

    #[test]
    fn code_spans_are_escaped_too() {
        assert_eq!(esc_para("a `<x>` b"), "a <code>&lt;x&gt;</code> b");
        assert_eq!(esc_para("odd ` tick <"), "odd ` tick &lt;");
    }

    #[test]
    fn markdown_cells_keep_the_table_whole() {
        assert_eq!(cell("a|b\nc\r\nd"), "a\\|b c d");
    }
}
