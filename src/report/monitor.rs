//! The report's section on online opinion: the mentions linked to the
//! incident by source and state, how long the first reply took from the
//! first mention, and each mention's time to its answer. Authors and links
//! stay out: the report is printed and passed around (they are in the
//! export, which is the record).

use crate::domain::zone::Zone;
use chrono::{DateTime, Utc};

use super::{Block, s};
use crate::domain::after_action::minutes;
use crate::domain::monitor::response_figures;
use crate::domain::types::MentionState;
use crate::error::Error;
use crate::i18n::Catalog;
use crate::store::Store;

pub(super) fn blocks(store: &Store, id: i64, tr: &Catalog, tz: Zone) -> Result<Vec<Block>, Error> {
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    let list = store.incident_mentions(id)?;
    let mut b = vec![Block::Heading(s(tr.t("report.monitor")))];
    if list.is_empty() {
        b.push(Block::Para(s(tr.t("report.no_mentions"))));
        return Ok(b);
    }
    let fig = response_figures(list.iter().map(|m| (m.published_at, m.answered_at)));
    let dash = || "—".to_string();
    let by_state: Vec<String> = MentionState::ALL
        .iter()
        .filter_map(|st| {
            let n = list.iter().filter(|m| m.state == *st).count();
            (n > 0).then(|| format!("{} {n}", tr.t(&st.label_key())))
        })
        .collect();
    let mut facts = vec![tr.f(
        "report.mentions_total",
        &[("n", &list.len().to_string()), ("states", &by_state.join(tr.t("ui.list_sep")))],
    )];
    facts.push(tr.f(
        "report.first_mention",
        &[("at", &fig.first_mention.map(local).unwrap_or_else(dash))],
    ));
    facts.push(tr.f(
        "report.first_reply",
        &[
            ("at", &fig.first_reply.map(local).unwrap_or_else(dash)),
            ("t", &fig.to_first_reply.map(minutes).unwrap_or_else(dash)),
        ],
    ));
    facts.push(tr.f("report.median_reply", &[("t", &fig.median.map(minutes).unwrap_or_else(dash))]));
    let captured = store.captures(id)?.len();
    if captured > 0 {
        facts.push(tr.f("report.captured", &[("n", &captured.to_string())]));
    }
    b.push(Block::List(facts));
    let rows = list
        .iter()
        .map(|m| {
            vec![
                format!("#{}", m.id),
                tr.t(&m.source.label_key()).to_string(),
                local(m.published_at),
                tr.t(&m.state.label_key()).to_string(),
                m.answered_at
                    .map(|a| minutes((a - m.published_at).max(chrono::Duration::zero())))
                    .unwrap_or_else(dash),
            ]
        })
        .collect();
    b.push(Block::Table(
        vec![
            s(tr.t("report.mention")),
            s(tr.t("export.source")),
            s(tr.t("export.published")),
            s(tr.t("report.state")),
            s(tr.t("report.response_time")),
        ],
        rows,
    ));
    Ok(b)
}
