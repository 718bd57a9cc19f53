//! The export's part on reaching people and hearing back: the call tree,
//! the message log and the follow-ups whole; the affected-persons register
//! only in counts (it is exported on its own, on request:
//! `crisisdesk affected export`).

use std::io::Write;

use crate::domain::zone::Zone;
use serde::Serialize;

use super::{Time, cell};
use crate::domain::types::{CallState, Channel, Priority, Progress};
use crate::error::Error;
use crate::i18n::Catalog;
use crate::store::Store;

#[derive(Serialize)]
pub(super) struct ExportReach {
    call_tree: Option<ExportCallTree>,
    messages: Vec<ExportMessage>,
    follow_ups: Vec<ExportFollowUp>,
    affected: ExportAffected,
}

#[derive(Serialize)]
struct ExportCallTree {
    subject: String,
    message: String,
    activated_at: Option<Time>,
    tiers: Vec<ExportTier>,
}

#[derive(Serialize)]
struct ExportTier {
    tier: i64,
    wait_minutes: i64,
    needs: i64,
    started_at: Option<Time>,
    people: Vec<ExportCalled>,
}

#[derive(Serialize)]
struct ExportCalled {
    role: String,
    person: String,
    state: CallState,
    channel: Option<Channel>,
    changed_at: Option<Time>,
}

#[derive(Serialize)]
struct ExportMessage {
    id: i64,
    received_at: Time,
    from: String,
    from_person: String,
    channel: Channel,
    asked: String,
    priority: Priority,
    owner: String,
    due_at: Option<Time>,
    state: Progress,
    answer: String,
    answered_at: Option<Time>,
}

#[derive(Serialize)]
struct ExportFollowUp {
    action: String,
    owner: String,
    due_at: Option<Time>,
    state: Progress,
    done_at: Option<Time>,
}

/// Counts only: the register is private.
#[derive(Serialize)]
struct ExportAffected {
    total: usize,
    notified: usize,
}

pub(super) fn build(store: &Store, id: i64) -> Result<ExportReach, Error> {
    let call_tree = store.call_tree(id)?.map(|t| ExportCallTree {
        subject: t.subject.clone(),
        message: t.body.clone(),
        activated_at: t.activated_at.map(Time),
        tiers: t
            .tiers
            .iter()
            .map(|tier| ExportTier {
                tier: tier.seq,
                wait_minutes: tier.wait_minutes,
                needs: tier.needs,
                started_at: tier.started_at.map(Time),
                people: t
                    .members
                    .iter()
                    .filter(|m| m.tier == tier.seq)
                    .map(|m| ExportCalled {
                        role: m.role.clone(),
                        person: m.person_name.clone(),
                        state: m.state,
                        channel: m.channel,
                        changed_at: m.changed_at.map(Time),
                    })
                    .collect(),
            })
            .collect(),
    });
    let messages = store
        .messages(id)?
        .into_iter()
        .map(|m| ExportMessage {
            id: m.id,
            received_at: Time(m.received_at),
            from: m.from_org,
            from_person: m.from_person,
            channel: m.channel,
            asked: m.asked,
            priority: m.priority,
            owner: m.owner,
            due_at: m.due_at.map(Time),
            state: m.state,
            answer: m.answer,
            answered_at: m.answered_at.map(Time),
        })
        .collect();
    let follow_ups = store
        .follow_ups(id)?
        .into_iter()
        .map(|f| ExportFollowUp {
            action: f.action,
            owner: f.owner,
            due_at: f.due_at.map(Time),
            state: f.state,
            done_at: f.done_at.map(Time),
        })
        .collect();
    let (notified, total) = store.affected_counts(id)?;
    Ok(ExportReach {
        call_tree,
        messages,
        follow_ups,
        affected: ExportAffected { total, notified },
    })
}

pub(super) fn markdown(r: &ExportReach, tr: &Catalog, tz: Zone, out: &mut dyn Write) -> Result<(), Error> {
    let md = crate::text::markdown;
    let at = |t: &Option<Time>| t.map_or_else(|| "—".to_string(), |t| t.local(tz));
    writeln!(out, "\n## {}\n", tr.t("report.reach"))?;
    writeln!(out, "### {}\n", tr.t("popup.call_tree"))?;
    match &r.call_tree {
        Some(t) => {
            writeln!(out, "> {} {}\n", md(&t.subject), md(&t.message))?;
            for tier in &t.tiers {
                let head = tr.f(
                    "tl.call_tier",
                    &[
                        ("tier", &tier.tier.to_string()),
                        ("wait", &tier.wait_minutes.to_string()),
                        ("needs", &tier.needs.to_string()),
                    ],
                );
                writeln!(out, "- {head} — {}", at(&tier.started_at))?;
                for p in &tier.people {
                    let channel = p.channel.map(|c| tr.t(&c.label_key()).to_string()).unwrap_or_default();
                    writeln!(
                        out,
                        "  - {} — {} {} {}",
                        md(&p.person),
                        tr.t(&p.state.label_key()),
                        channel,
                        at(&p.changed_at)
                    )?;
                }
            }
        }
        None => writeln!(out, "{}", tr.t("report.call_not_activated"))?,
    }
    writeln!(out, "\n### {}\n", tr.t("popup.messages"))?;
    if r.messages.is_empty() {
        writeln!(out, "{}", tr.t("report.none"))?;
    } else {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|",
            tr.t("report.when"),
            tr.t("form.inbound.from_org"),
            tr.t("form.inbound.asked"),
            tr.t("form.answer.answer"),
            tr.t("report.response_time")
        )?;
        for m in &r.messages {
            let took = m.answered_at.map(|a| crate::domain::after_action::minutes(a.0 - m.received_at.0));
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                m.received_at.local(tz),
                cell(&m.from),
                cell(&m.asked),
                cell(&m.answer),
                took.unwrap_or_else(|| tr.t("report.not_answered").to_string())
            )?;
        }
    }
    writeln!(out, "\n### {}\n", tr.t("popup.follow_ups"))?;
    if r.follow_ups.is_empty() {
        writeln!(out, "{}", tr.t("report.none"))?;
    }
    for f in &r.follow_ups {
        let mark = if f.state == Progress::Done { "[x]" } else { "[ ]" };
        writeln!(out, "- {mark} {} ({}) — {}", md(&f.action), md(&f.owner), at(&f.due_at))?;
    }
    writeln!(out, "\n### {}\n", tr.t("popup.register"))?;
    writeln!(
        out,
        "{}",
        tr.f(
            "report.notified",
            &[("n", &r.affected.notified.to_string()), ("of", &r.affected.total.to_string())]
        )
    )?;
    Ok(())
}
