//! The report's section on reaching people and hearing back: the call tree
//! with the time each person took to answer, the message log with response
//! times, the register in counts (never names or identifiers: the report is
//! printed and passed around), and the follow-ups carried into the plan.

use crate::domain::zone::Zone;
use chrono::{DateTime, Duration, Utc};

use super::{Block, s};
use crate::domain::after_action::minutes;
use crate::domain::types::{CallState, Progress};
use crate::error::Error;
use crate::i18n::Catalog;
use crate::store::Store;

/// The middle of some durations (the lower middle of an even count).
fn median(mut v: Vec<Duration>) -> Option<Duration> {
    v.sort();
    v.get(v.len().saturating_sub(1) / 2).copied()
}

pub(super) fn blocks(store: &Store, id: i64, tr: &Catalog, tz: Zone) -> Result<Vec<Block>, Error> {
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
    let mut b = Vec::new();
    b.push(Block::Heading(s(tr.t("report.reach"))));

    // The call tree.
    b.push(Block::Heading(s(tr.t("popup.call_tree"))));
    match store.call_tree(id)? {
        Some(tree) if tree.activated_at.is_some() => {
            let at = tree.activated_at.map(local).unwrap_or_default();
            b.push(Block::Para(tr.f("report.call_activated", &[("at", &at)])));
            let mut rows = Vec::new();
            let mut answers = Vec::new();
            for m in &tree.members {
                let started = tree.tiers.iter().find(|t| t.seq == m.tier).and_then(|t| t.started_at);
                let took = match (started, m.changed_at) {
                    (Some(st), Some(ch)) if m.state == CallState::Acknowledged => {
                        answers.push(ch - st);
                        minutes(ch - st)
                    }
                    _ => "—".into(),
                };
                rows.push(vec![
                    if m.person_name.is_empty() {
                        s(tr.t("ui.unassigned"))
                    } else {
                        m.person_name.clone()
                    },
                    m.tier.to_string(),
                    tr.t(&m.state.label_key()).to_string(),
                    m.channel.map(|c| tr.t(&c.label_key()).to_string()).unwrap_or_default(),
                    took,
                ]);
            }
            b.push(Block::Table(
                vec![
                    s(tr.t("export.holder")),
                    s(tr.t("report.tier")),
                    s(tr.t("report.state")),
                    s(tr.t("form.inbound.channel")),
                    s(tr.t("report.time_to_answer")),
                ],
                rows,
            ));
            let escalated: Vec<String> = tree
                .tiers
                .iter()
                .filter(|t| t.seq > 1)
                .filter_map(|t| {
                    t.started_at
                        .map(|at| tr.f("report.escalated", &[("tier", &t.seq.to_string()), ("at", &local(at))]))
                })
                .collect();
            let median = median(answers).map(minutes).unwrap_or_else(|| "—".into());
            let mut facts = vec![tr.f("report.median_answer", &[("t", &median)])];
            facts.extend(escalated);
            b.push(Block::List(facts));
        }
        _ => b.push(Block::Para(s(tr.t("report.call_not_activated")))),
    }

    // The message log: who asked, how soon they had an answer.
    b.push(Block::Heading(s(tr.t("popup.messages"))));
    let messages = store.messages(id)?;
    if messages.is_empty() {
        b.push(Block::Para(s(tr.t("report.none"))));
    } else {
        let mut times = Vec::new();
        let rows = messages
            .iter()
            .map(|m| {
                let took = m.answered_at.map(|a| {
                    times.push(a - m.received_at);
                    minutes(a - m.received_at)
                });
                vec![
                    local(m.received_at),
                    m.from_org.clone(),
                    tr.t(&m.channel.label_key()).to_string(),
                    tr.t(&m.priority.label_key()).to_string(),
                    m.owner.clone(),
                    took.unwrap_or_else(|| s(tr.t("report.not_answered"))),
                ]
            })
            .collect();
        b.push(Block::Table(
            vec![
                s(tr.t("report.when")),
                s(tr.t("form.inbound.from_org")),
                s(tr.t("form.inbound.channel")),
                s(tr.t("form.inbound.priority")),
                s(tr.t("form.inbound.owner")),
                s(tr.t("report.response_time")),
            ],
            rows,
        ));
        let median = median(times).map(minutes).unwrap_or_else(|| "—".into());
        b.push(Block::Para(tr.f("report.median_response", &[("t", &median)])));
    }

    // The register, in counts.
    b.push(Block::Heading(s(tr.t("popup.register"))));
    let (notified, total) = store.affected_counts(id)?;
    if total == 0 {
        b.push(Block::Para(s(tr.t("report.none"))));
    } else {
        let mut waits = Vec::new();
        let (mut first, mut last) = (None::<DateTime<Utc>>, None::<DateTime<Utc>>);
        let mut offset = 0;
        loop {
            let page = store.affected(id, offset, 1000)?;
            if page.is_empty() {
                break;
            }
            offset += page.len();
            for p in page {
                if let Some(at) = p.notified_at {
                    waits.push(at - p.created_at);
                    first = Some(first.map_or(at, |f| f.min(at)));
                    last = Some(last.map_or(at, |l| l.max(at)));
                }
            }
        }
        let median = median(waits).map(minutes).unwrap_or_else(|| "—".into());
        let mut facts = vec![
            tr.f("report.notified", &[("n", &notified.to_string()), ("of", &total.to_string())]),
            tr.f("report.median_notify", &[("t", &median)]),
        ];
        if let (Some(f), Some(l)) = (first, last) {
            facts.push(tr.f("report.notify_span", &[("first", &local(f)), ("last", &local(l))]));
        }
        b.push(Block::List(facts));
    }
    Ok(b)
}

/// Open follow-ups, as rows of the improvement plan.
pub(super) fn plan_rows(store: &Store, id: i64, tr: &Catalog, tz: Zone) -> Result<Vec<Vec<String>>, Error> {
    Ok(store
        .follow_ups(id)?
        .into_iter()
        .filter(|f| f.state == Progress::Open)
        .map(|f| {
            vec![
                f.action,
                f.owner,
                f.due_at
                    .map(|d| d.with_timezone(&tz).format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                s(tr.t("report.follow_up")),
            ]
        })
        .collect())
}
