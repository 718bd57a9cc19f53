//! The export's part on online-opinion monitoring: the mentions linked to
//! the incident with their triage, reply and response time, and the
//! captures with their digests.

use std::io::Write;

use crate::domain::zone::Zone;
use serde::Serialize;

use super::{Time, cell};
use crate::domain::monitor::{response_figures, response_minutes};
use crate::domain::types::{MentionState, Priority, Source};
use crate::error::Error;
use crate::i18n::Catalog;
use crate::store::Store;

#[derive(Serialize)]
pub(super) struct ExportMonitoring {
    mentions: Vec<ExportMention>,
    captures: Vec<ExportCapture>,
    first_mention_at: Option<Time>,
    first_reply_at: Option<Time>,
    minutes_to_first_reply: Option<i64>,
}

#[derive(Serialize)]
struct ExportMention {
    id: i64,
    source: Source,
    origin: String,
    author: String,
    published_at: Time,
    title: String,
    text: String,
    link: String,
    rating: Option<u8>,
    matched: Vec<String>,
    state: MentionState,
    owner: String,
    priority: Priority,
    note: String,
    statement: Option<i64>,
    answered_at: Option<Time>,
    response_minutes: Option<i64>,
}

#[derive(Serialize)]
struct ExportCapture {
    id: i64,
    mention: i64,
    captured_at: Time,
    link: String,
    sha256: String,
}

pub(super) fn build(store: &Store, id: i64) -> Result<ExportMonitoring, Error> {
    let list = store.incident_mentions(id)?;
    let fig = response_figures(list.iter().map(|m| (m.published_at, m.answered_at)));
    let mentions = list
        .into_iter()
        .map(|m| ExportMention {
            response_minutes: response_minutes(m.published_at, m.answered_at),
            id: m.id,
            source: m.source,
            origin: m.origin,
            author: m.author,
            published_at: Time(m.published_at),
            title: m.title,
            text: m.text,
            link: m.link,
            rating: m.rating,
            matched: m.matched,
            state: m.state,
            owner: m.owner,
            priority: m.priority,
            note: m.note,
            statement: m.statement_id,
            answered_at: m.answered_at.map(Time),
        })
        .collect();
    let captures = store
        .captures(id)?
        .into_iter()
        .map(|c| ExportCapture {
            id: c.id,
            mention: c.mention_id,
            captured_at: Time(c.captured_at),
            link: c.link,
            sha256: c.digest,
        })
        .collect();
    Ok(ExportMonitoring {
        mentions,
        captures,
        first_mention_at: fig.first_mention.map(Time),
        first_reply_at: fig.first_reply.map(Time),
        minutes_to_first_reply: fig.to_first_reply.map(|d| d.num_minutes()),
    })
}

pub(super) fn markdown(m: &ExportMonitoring, tr: &Catalog, tz: Zone, out: &mut dyn Write) -> Result<(), Error> {
    if m.mentions.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n## {}\n", tr.t("report.monitor"))?;
    writeln!(
        out,
        "| # | {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|---|",
        tr.t("export.source"),
        tr.t("export.published"),
        tr.t("report.state"),
        tr.t("form.triage.owner"),
        tr.t("report.response_time"),
        tr.t("export.mention_text"),
    )?;
    for x in &m.mentions {
        let took = x.response_minutes.map(|n| format!("{n} min")).unwrap_or_else(|| "—".into());
        let text = if x.title.is_empty() { &x.text } else { &x.title };
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {took} | {} |",
            x.id,
            tr.t(&x.source.label_key()),
            x.published_at.local(tz),
            tr.t(&x.state.label_key()),
            cell(&x.owner),
            cell(text)
        )?;
    }
    for c in &m.captures {
        writeln!(
            out,
            "\n{}",
            tr.f(
                "export.capture",
                &[("id", &c.mention.to_string()), ("at", &c.captured_at.local(tz)), ("sha", &c.sha256)]
            )
        )?;
    }
    Ok(())
}
