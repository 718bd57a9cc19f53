//! The after-action report and improvement plan (AAR/IP), for a drill or
//! a real incident, as Markdown or as one self-contained HTML page. Both
//! are rendered from one list of blocks, so they always say the same.

use std::io::Write;

use chrono::{DateTime, Utc};

use crate::cli::{CliError, ReportFormat};
use crate::domain::Content;
use crate::domain::describe::describe;
use crate::domain::drill::Scenario;
use crate::domain::review::minutes;
use crate::i18n::{Catalog, Lang};
use crate::store::Store;

enum Block {
    Title(String),
    Banner(String),
    Heading(String),
    Para(String),
    Table(Vec<String>, Vec<Vec<String>>),
}

#[allow(clippy::too_many_arguments)]
pub fn write(
    store: &Store,
    content: &Content,
    incident: i64,
    format: ReportFormat,
    lang: Lang,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let blocks = build(store, content, incident, lang, tz, now)?;
    match format {
        ReportFormat::Md => markdown(&blocks, out),
        ReportFormat::Html => html(&blocks, lang, out),
    }
    .map_err(CliError::from)
}

fn build(store: &Store, content: &Content, id: i64, lang: Lang, tz: chrono_tz::Tz, now: DateTime<Utc>) -> Result<Vec<Block>, CliError> {
    let tr = Catalog::get(lang);
    let inc = store.incident(id)?;
    let drill = store.drill(id)?;
    let scenario = drill.as_ref().and_then(|d| Scenario::parse("drill", &d.scenario_src, content).ok());
    let m = crate::cli::drill::metrics(store, id, now)?;
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    let dur = |d: Option<chrono::Duration>| d.map(minutes).unwrap_or_else(|| tr.t("report.never").to_string());
    let mut b = Vec::new();

    b.push(Block::Title(
        tr.f("report.title", &[("id", &id.to_string()), ("title", &inc.title)]),
    ));
    if inc.drill {
        b.push(Block::Banner(tr.t("export.drill_notice").to_string()));
    }
    if inc.demo {
        b.push(Block::Banner(tr.t("export.demo_notice").to_string()));
    }

    // Overview.
    b.push(Block::Heading(tr.t("report.overview").to_string()));
    let sev = content
        .playbook(&inc.kind)
        .and_then(|p| p.severity(inc.severity))
        .map(|s| s.label.get(lang).to_string())
        .unwrap_or_else(|| inc.severity.to_string());
    let mut rows = vec![
        vec![tr.t("export.type").to_string(), content.type_name(&inc.kind, lang)],
        vec![tr.t("export.severity").to_string(), sev],
        vec![tr.t("report.start").to_string(), local(m.start)],
        vec![tr.t("report.end").to_string(), local(m.end)],
        vec![tr.t("report.duration").to_string(), minutes(m.end - m.start)],
    ];
    if let Some(sc) = &scenario {
        rows.insert(
            0,
            vec![tr.t("report.scenario").to_string(), format!("{} ({})", sc.title.get(lang), sc.id)],
        );
    }
    // Participants by name and role only: no phone, no e-mail.
    let mut people: Vec<String> = Vec::new();
    for a in store.role_history(id, None)? {
        let entry = format!("{} ({})", a.person_name, content.role_name(&a.role, lang));
        if !people.contains(&entry) {
            people.push(entry);
        }
    }
    rows.push(vec![
        tr.t("report.participants").to_string(),
        if people.is_empty() { "—".into() } else { people.join("、") },
    ]);
    b.push(Block::Table(vec![String::new(), String::new()], rows));
    if let Some(sc) = &scenario {
        b.push(Block::Para(sc.synopsis.get(lang).to_string()));
    }

    // Objectives and ratings.
    if let Some(sc) = &scenario {
        b.push(Block::Heading(tr.t("report.objectives").to_string()));
        let ratings = store.ratings(id)?;
        let rows = sc
            .objective
            .iter()
            .map(|o| {
                let r = ratings.iter().find(|r| r.objective == o.id);
                vec![
                    o.id.clone(),
                    o.text.get(lang).to_string(),
                    r.map(|r| tr.t(&format!("rating.{}", r.rating)).to_string())
                        .unwrap_or_else(|| tr.t("report.not_rated").to_string()),
                    r.map(|r| r.notes.clone()).unwrap_or_default(),
                ]
            })
            .collect();
        b.push(Block::Table(
            vec![
                "".into(),
                tr.t("report.objective").into(),
                tr.t("form.rating.rating").into(),
                tr.t("form.rating.notes").into(),
            ],
            rows,
        ));
    }

    // Strengths, areas for improvement, hot wash.
    let notes = store.review_notes(id)?;
    for (kind, head) in [
        ("strength", "report.strengths"),
        ("improvement", "report.improvements"),
        ("hotwash", "report.hotwash"),
    ] {
        b.push(Block::Heading(tr.t(head).to_string()));
        let items: Vec<Vec<String>> = notes
            .iter()
            .filter(|n| n.kind == kind)
            .map(|n| vec![local(n.created_at), n.text.clone()])
            .collect();
        if items.is_empty() {
            b.push(Block::Para(tr.t("report.none").to_string()));
        } else {
            b.push(Block::Table(
                vec![tr.t("report.when").into(), tr.t("form.review.text").into()],
                items,
            ));
        }
    }

    // Metrics.
    b.push(Block::Heading(tr.t("report.metrics").to_string()));
    let (done, total) = m.completion();
    let (answered, delivered) = m.answered();
    b.push(Block::Table(
        vec![tr.t("report.measure").into(), tr.t("report.value").into()],
        vec![
            vec![tr.t("report.critical_roles").into(), dur(m.critical_roles_after)],
            vec![tr.t("report.first_release").into(), dur(m.first_release_after)],
            vec![
                tr.t("report.completion").into(),
                format!("{done}/{total} ({}%)", (done * 100).checked_div(total).unwrap_or(0)),
            ],
            vec![tr.t("report.overdue").into(), m.overdue_items.to_string()],
            vec![tr.t("report.answered").into(), format!("{answered}/{delivered}")],
        ],
    ));
    let phases = m
        .phases
        .iter()
        .map(|(p, d, t)| {
            vec![
                tr.t(p.label_key()).to_string(),
                format!("{d}/{t}"),
                format!("{}%", (d * 100).checked_div(*t).unwrap_or(0)),
            ]
        })
        .collect();
    b.push(Block::Table(
        vec![tr.t("ui.phase").into(), tr.t("report.done").into(), "%".into()],
        phases,
    ));
    if !m.injects.is_empty() {
        let rows = m
            .injects
            .iter()
            .map(|i| {
                let status = if i.skipped {
                    tr.t("report.skipped").to_string()
                } else {
                    i.answered_after
                        .map(minutes)
                        .unwrap_or_else(|| tr.t("report.not_answered").to_string())
                };
                vec![format!("#{}", i.number), local(i.delivered_at), status]
            })
            .collect();
        b.push(Block::Table(
            vec![
                tr.t("report.inject").into(),
                tr.t("report.delivered").into(),
                tr.t("report.answered_after").into(),
            ],
            rows,
        ));
    }

    // Improvement plan.
    b.push(Block::Heading(tr.t("report.plan").to_string()));
    let plan: Vec<Vec<String>> = store
        .improvements(id)?
        .into_iter()
        .map(|i| vec![i.action, i.owner, i.due, tr.t(&format!("category.{}", i.category)).to_string()])
        .collect();
    if plan.is_empty() {
        b.push(Block::Para(tr.t("report.none").to_string()));
    } else {
        b.push(Block::Table(
            vec![
                tr.t("form.improvement.action").into(),
                tr.t("form.improvement.owner").into(),
                tr.t("report.due").into(),
                tr.t("form.improvement.category").into(),
            ],
            plan,
        ));
    }

    // Timeline, oldest first.
    b.push(Block::Heading(tr.t("pane.timeline").to_string()));
    let mut rows = Vec::new();
    store.for_each_timeline(id, |e| {
        rows.push(vec![
            e.event_at.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string(),
            e.recorded_at.with_timezone(&tz).format("%H:%M:%S").to_string(),
            describe(&e.kind, &e.data, tr, content),
        ]);
        Ok(())
    })?;
    b.push(Block::Table(
        vec![tr.t("export.event_at").into(), tr.t("export.recorded_at").into(), String::new()],
        rows,
    ));
    let chain = store.chain_head(id)?;
    b.push(Block::Para(
        tr.f("export.chain", &[("n", &chain.length.to_string()), ("head", &chain.head)]),
    ));
    Ok(b)
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown(blocks: &[Block], out: &mut dyn Write) -> std::io::Result<()> {
    for b in blocks {
        match b {
            Block::Title(t) => writeln!(out, "# {t}\n")?,
            Block::Banner(t) => writeln!(out, "> **{t}**\n")?,
            Block::Heading(t) => writeln!(out, "## {t}\n")?,
            Block::Para(t) => writeln!(out, "{t}\n")?,
            Block::Table(head, rows) => {
                writeln!(out, "| {} |", head.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | "))?;
                writeln!(out, "|{}", "---|".repeat(head.len()))?;
                for r in rows {
                    writeln!(out, "| {} |", r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "))?;
                }
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// One page, no outside resources, readable on paper.
const STYLE: &str = "body{font-family:\"Noto Sans TC\",\"PingFang TC\",\"Microsoft JhengHei\",sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#111;line-height:1.5}\
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:2px solid #333;margin-top:1.6em}\
table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border:1px solid #888;padding:.3em .5em;vertical-align:top;text-align:left}\
th{background:#eee}.banner{border:3px solid #b00;color:#b00;font-weight:bold;padding:.6em;margin:1em 0;font-size:1.2em}\
code{word-break:break-all}\
@media print{body{margin:0;max-width:none;font-size:10.5pt}h2{page-break-after:avoid}table,tr{page-break-inside:avoid}th{background:none}}";

fn html(blocks: &[Block], lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    let code = if lang == Lang::Zh { "zh-Hant" } else { "en" };
    let title = blocks
        .iter()
        .find_map(|b| if let Block::Title(t) = b { Some(t.as_str()) } else { None })
        .unwrap_or("");
    writeln!(out, "<!doctype html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(out, "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>", esc(title))?;
    for b in blocks {
        match b {
            Block::Title(t) => writeln!(out, "<h1>{}</h1>", esc(t))?,
            Block::Banner(t) => writeln!(out, "<div class=\"banner\">{}</div>", esc(t))?,
            Block::Heading(t) => writeln!(out, "<h2>{}</h2>", esc(t))?,
            Block::Para(t) => writeln!(out, "<p>{}</p>", esc(t))?,
            Block::Table(head, rows) => {
                writeln!(out, "<table>")?;
                if head.iter().any(|h| !h.is_empty()) {
                    writeln!(
                        out,
                        "<tr>{}</tr>",
                        head.iter().map(|h| format!("<th>{}</th>", esc(h))).collect::<String>()
                    )?;
                }
                for r in rows {
                    writeln!(
                        out,
                        "<tr>{}</tr>",
                        r.iter().map(|c| format!("<td>{}</td>", esc(c))).collect::<String>()
                    )?;
                }
                writeln!(out, "</table>")?;
            }
        }
    }
    writeln!(out, "</body>\n</html>")
}
