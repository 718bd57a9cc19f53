//! The five panes.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{fit, gauge, pane_block, theme};
use crate::action::Pane;
use crate::app::App;
use crate::domain::Phase;
use crate::domain::clock::{Urgency, short_time, span, t_plus, urgency};
use crate::domain::model::ItemState;
use crate::domain::timeline::{Event, operator_label};

fn urgency_style(u: Urgency) -> Style {
    match u {
        Urgency::Overdue => theme::alert(),
        Urgency::Soon => Style::default().fg(theme::WARN),
        Urgency::Later => Style::default(),
    }
}

/// "剩 00:42" / "逾時 00:05": how far a due time is from now.
fn due_label(app: &App, due: chrono::DateTime<chrono::Utc>) -> (String, Urgency) {
    let u = urgency(due, app.now);
    let d = due - app.now;
    let s = if u == Urgency::Overdue {
        app.tr.f("ui.overdue_by", &[("t", &span(d))])
    } else {
        app.tr.f("ui.due_in", &[("t", &span(d))])
    };
    (s, u)
}

pub fn incident(f: &mut Frame, app: &App, area: Rect) {
    let Some(v) = &app.view else { return };
    let tr = app.tr;
    let inc = &v.incident;
    let block = pane_block(app, Pane::Incident, String::new());
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = usize::from(inner.width);
    let pb = app.content.playbook(&inc.crisis_type);
    let sev = pb
        .and_then(|p| p.severity(inc.severity))
        .map(|s| s.label.get(app.lang).to_string())
        .unwrap_or_else(|| inc.severity.to_string());
    let mut lines = Vec::new();
    let mut title = vec![Span::styled(format!("#{} ", inc.id), theme::dim())];
    if inc.demo {
        title.push(Span::styled(format!("{} ", tr.t("ui.demo_badge")), theme::demo_badge()));
    }
    let used: usize = title.iter().map(|s| s.content.width()).sum();
    title.push(Span::styled(fit(&inc.title, w.saturating_sub(used)), theme::bold()));
    lines.push(Line::from(title));
    let sev_style = if inc.severity <= 2 {
        theme::alert()
    } else {
        Style::default().fg(theme::WARN)
    };
    lines.push(Line::from(vec![
        Span::raw(app.content.type_name(&inc.crisis_type, app.lang)),
        Span::raw(" · "),
        Span::styled(sev, sev_style),
    ]));
    lines.push(Line::from(vec![
        Span::raw(format!("{} ", tr.t("ui.phase"))),
        Span::styled(
            format!("{}/8 {}", inc.phase.index() + 1, tr.t(inc.phase.label_key())),
            Style::default().fg(theme::ACCENT),
        ),
    ]));
    let declared = inc.declared_at.with_timezone(&app.tz);
    lines.push(Line::from(vec![
        Span::styled(t_plus(inc.declared_at, app.now), theme::bold().fg(theme::WARN)),
        Span::raw(format!("  {} {}", tr.t("ui.declared_at"), declared.format("%m-%d %H:%M"))),
    ]));
    // Reaching people and hearing back, in counts, when there is any.
    if let Some(line) = v.reach.line(tr) {
        let late = v.reach.messages.1 > 0 || v.reach.tier_deadline.is_some_and(|(_, d)| d <= app.now);
        let style = if late { theme::alert() } else { Style::default().fg(theme::ACCENT) };
        lines.push(Line::from(Span::styled(fit(&line, w), style)));
    }
    // Mentions per hour over the last day, when there were any.
    let m = &v.mentions;
    if m.volume.iter().any(|n| *n > 0) || m.linked.0 > 0 {
        let label = tr.f(
            "ui.mention_volume",
            &[("n", &m.volume.iter().sum::<u64>().to_string()), ("open", &m.linked.1.to_string())],
        );
        let room = w.saturating_sub(label.width() + 1);
        let spark = super::widgets::sparkline(&m.volume, room);
        let style = if m.linked.1 > 0 {
            Style::default().fg(theme::WARN)
        } else {
            theme::dim()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{label} "), style),
            Span::styled(spark, Style::default().fg(theme::ACCENT)),
        ]));
    }
    // After a release, each audience is owed its next update on time.
    let updates = app.update_dues();
    if !updates.is_empty() {
        let mut spans = vec![Span::styled(tr.t("ui.next_update"), theme::dim())];
        for (audience, at) in &updates {
            let (label, u) = due_label(app, *at);
            spans.push(Span::raw(format!(" {} ", tr.t(&audience.label_key()))));
            spans.push(Span::styled(label, urgency_style(u)));
        }
        lines.push(Line::from(spans));
    }
    let due = app.next_due();
    if !due.is_empty() {
        lines.push(Line::from(Span::styled(tr.t("ui.next_due"), theme::dim())));
        for d in due.iter().take(4) {
            let (label, u) = due_label(app, d.at);
            let mut spans = vec![Span::styled(format!(" {label} "), urgency_style(u))];
            let mut t = d.what.clone();
            if d.unverified {
                t.push_str(&tr.f("ui.aside", &[("text", tr.t("ui.check_regulation"))]));
            }
            let room = w.saturating_sub(label.width() + 2);
            spans.push(Span::raw(fit(&t, room)));
            lines.push(Line::from(spans));
        }
    }
    if !v.briefing.is_empty() {
        lines.push(Line::from(Span::styled(tr.t("ui.briefing"), theme::dim())));
        for (k, val) in &v.briefing {
            if val.is_empty() {
                continue;
            }
            let label = tr.f("ui.field_label", &[("label", tr.t(&format!("briefing.{k}")))]);
            lines.push(Line::from(vec![
                Span::styled(label.clone(), theme::bold()),
                Span::raw(fit(val, w.saturating_sub(label.width()))),
            ]));
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
}

pub fn roles(f: &mut Frame, app: &App, area: Rect) {
    let tr = app.tr;
    let rows = app.role_rows();
    let filled = rows.iter().filter(|r| app.is_required(r) && app.holder(r).is_some()).count();
    let required = rows.iter().filter(|r| app.is_required(r)).count();
    let block = pane_block(app, Pane::Roles, format!(" {filled}/{required}"));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    let offset = scroll_offset(app.role_sel, h, rows.len());
    let name_w = rows
        .iter()
        .map(|r| app.content.role_short(r, app.lang).width())
        .max()
        .unwrap_or(6)
        .min(12);
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(h)
        .map(|(i, role)| {
            let critical = app.content.is_critical(role);
            let required = app.is_required(role);
            let short = app.content.role_short(role, app.lang);
            let pad = " ".repeat(name_w.saturating_sub(short.width()));
            let marker = if critical {
                "★"
            } else if required {
                "•"
            } else {
                " "
            };
            let mut spans = vec![Span::raw(format!("{marker}{short}{pad} "))];
            match app.holder(role) {
                Some(a) => {
                    let since = short_time(a.started_at, app.now, app.tz);
                    let rest = format!("{} {} {}", a.person_name, a.phone, since);
                    spans.push(Span::raw(fit(&rest, w.saturating_sub(name_w + 2))));
                }
                None if critical => spans.push(Span::styled(format!("⚠ {}", tr.t("ui.unassigned")), theme::alert())),
                None if required => spans.push(Span::styled(tr.t("ui.unassigned"), Style::default().fg(theme::WARN))),
                None => spans.push(Span::styled("—", theme::dim())),
            }
            let mut line = Line::from(spans);
            if !required && app.holder(role).is_none() {
                line = line.style(theme::dim());
            }
            if i == app.role_sel && app.focus == Pane::Roles {
                line = line.style(theme::selected());
            }
            line
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

/// The first row to show so that `sel` stays visible in `height` rows.
fn scroll_offset(sel: usize, height: usize, len: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    sel.saturating_sub(height / 2).min(len - height)
}

pub fn checklist(f: &mut Frame, app: &App, area: Rect) {
    let Some(v) = &app.view else { return };
    let tr = app.tr;
    let total = v.checklist.len();
    let done = v.checklist.iter().filter(|i| i.state != ItemState::Open).count();
    let pct = (done * 100).checked_div(total).unwrap_or(0);
    let block = pane_block(app, Pane::Checklist, format!(" {done}/{total} {pct}%"));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    let mut sel_line = 0;
    for phase in Phase::ALL {
        let (pd, pt) = app.phase_progress(phase);
        if pt == 0 {
            continue;
        }
        let current = phase == v.incident.phase;
        let name = tr.t(phase.label_key());
        let head = format!("{} {} ", if current { "▶" } else { "▸" }, fit(name, 10));
        let count = format!(" {pd}/{pt}");
        let gw = w.saturating_sub(head.width() + count.width()).min(12);
        let style = if current { theme::bold().fg(theme::ACCENT) } else { theme::bold() };
        let gstyle = if pd == pt {
            Style::default().fg(theme::OK)
        } else {
            Style::default().fg(theme::ACCENT)
        };
        lines.push(Line::from(vec![
            Span::styled(head, style),
            Span::styled(gauge(pd, pt, gw), gstyle),
            Span::raw(count),
        ]));
        for (idx, item) in v.checklist.iter().enumerate().filter(|(_, i)| i.phase == phase) {
            if idx == app.item_sel {
                sel_line = lines.len();
            }
            let (mark, mstyle) = match item.state {
                ItemState::Done => ("[x]", Style::default().fg(theme::OK)),
                ItemState::Skipped => ("[-]", theme::dim()),
                ItemState::Open => ("[ ]", Style::default()),
            };
            let owner = app.content.role_short(&item.owner, app.lang);
            let mut tail = format!(" {owner}");
            let mut tstyle = theme::dim();
            if let (ItemState::Open, Some(due)) = (item.state, item.due_at) {
                let (label, u) = due_label(app, due);
                tail = format!(" {owner} {label}");
                if u != Urgency::Later {
                    tstyle = urgency_style(u);
                }
            }
            let mut text = item.text(app.lang).to_string();
            if item.state == ItemState::Skipped && !item.note.is_empty() {
                text.push_str(&tr.f("ui.aside", &[("text", &item.note)]));
            }
            let room = w.saturating_sub(4 + tail.width());
            let body = fit(&text, room);
            let pad = " ".repeat(room.saturating_sub(body.width()));
            let body_style = if item.state == ItemState::Open {
                Style::default()
            } else {
                theme::dim().add_modifier(Modifier::CROSSED_OUT)
            };
            let mut line = Line::from(vec![
                Span::styled(format!("{mark} "), mstyle),
                Span::styled(body, body_style),
                Span::raw(pad),
                Span::styled(tail, tstyle),
            ]);
            if idx == app.item_sel && app.focus == Pane::Checklist {
                line = line.style(theme::selected());
            }
            lines.push(line);
        }
    }
    let h = usize::from(inner.height);
    let offset = scroll_offset(sel_line, h, lines.len());
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(h).collect();
    f.render_widget(Paragraph::new(shown), inner);
}

pub fn statement(f: &mut Frame, app: &App, area: Rect) {
    let tr = app.tr;
    let n = app.view.as_ref().map_or(0, |v| v.statements.len());
    let extra = match app.current_statement() {
        Some(s) => {
            let saved = if app.editor.dirty {
                tr.t("ui.unsaved").to_string()
            } else if app.saving() {
                tr.t("ui.saving").to_string()
            } else {
                app.editor
                    .saved_at
                    .map(|t| tr.f("ui.saved_at", &[("t", &short_time(t, app.now, app.tz))]))
                    .unwrap_or_default()
            };
            let count = app.editor_count.to_string();
            let count = match app.editor_limit {
                Some(max) => tr.f("ui.chars_of", &[("n", &count), ("max", &max.to_string())]),
                None => tr.f("ui.chars", &[("n", &count)]),
            };
            format!(
                " [{}] {}/{} v{} {} · {} · {}",
                tr.t(&s.audience.label_key()),
                app.statement_idx + 1,
                n,
                s.version,
                tr.t(&s.state.label_key()),
                count,
                saved
            )
        }
        None => String::new(),
    };
    let mut block = pane_block(app, Pane::Statement, extra);
    if app.editor.editing {
        block = block.title_bottom(Span::styled(format!(" {} ", tr.t("ui.editing")), Style::default().fg(theme::WARN)));
    }
    let blocking = app.blocking_count();
    if app.findings.is_empty() && app.editor.statement_id.is_some() {
        let ok = Span::styled(format!(" {} ", tr.t("ui.findings_none")), Style::default().fg(theme::OK));
        block = block.title_bottom(Line::from(ok).right_aligned());
    } else if !app.findings.is_empty() {
        let warn = app.findings.len() - blocking;
        let style = if blocking > 0 {
            theme::alert()
        } else {
            Style::default().fg(theme::WARN)
        };
        let text = tr.f("ui.findings", &[("block", &blocking.to_string()), ("warn", &warn.to_string())]);
        block = block.title_bottom(Line::from(Span::styled(format!(" {text} "), style)).right_aligned());
    }
    let inner = block.inner(area);
    f.render_widget(block, area);
    if app.editor.statement_id.is_none() {
        let hint = Paragraph::new(tr.t("ui.no_statement"))
            .style(theme::dim())
            .wrap(Wrap { trim: true });
        f.render_widget(hint, inner);
        return;
    }
    // The first findings sit under the text, most serious first, so the
    // drafter sees what blocks release without opening the list.
    let room = if inner.height >= 6 { (inner.height / 3).min(4) } else { 0 };
    let shown = app.findings.len().min(usize::from(room)) as u16;
    // At most a third of the rows, so the text keeps the rest (the
    // constraint solver gives the same, at a cost on the first frame).
    let text_area = Rect {
        height: inner.height - shown,
        ..inner
    };
    let list_area = Rect {
        y: text_area.bottom(),
        height: shown,
        ..inner
    };
    if shown > 0 {
        let mut order: Vec<&crate::domain::lint::Finding> = app.findings.iter().collect();
        order.sort_by_key(|x| (x.severity, x.start));
        let w = usize::from(list_area.width);
        let lines: Vec<Line> = order
            .into_iter()
            .take(usize::from(shown))
            .map(|x| {
                let l = crate::app::popups::findings::finding_line(x, tr);
                let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                let style = l.spans.first().map(|s| s.style).unwrap_or_default();
                Line::from(Span::styled(fit(&text, w), style))
            })
            .collect();
        f.render_widget(Paragraph::new(lines), list_area);
    }
    f.render_widget(&app.editor.textarea, text_area);
    if app.editor.editing && app.focus == Pane::Statement && app.popups.is_empty() {
        // The real cursor sits at the insertion point so an IME's
        // composition window opens where the text goes.
        let sc = app.editor.textarea.screen_cursor();
        let (top, left) = app.editor.textarea.scroll_offset();
        let x = text_area.x.saturating_add((sc.col as u16).saturating_sub(left));
        let y = text_area.y.saturating_add((sc.row as u16).saturating_sub(top));
        if x < text_area.right() && y < text_area.bottom() {
            f.set_cursor_position(Position::new(x, y));
        }
    }
}

pub fn timeline(f: &mut Frame, app: &App, area: Rect) {
    let Some(v) = &app.view else { return };
    let tr = app.tr;
    let pos = if app.timeline_top.is_some() {
        tr.t("ui.timeline_scrolled")
    } else {
        tr.t("ui.timeline_newest")
    };
    let block = pane_block(app, Pane::Timeline, format!(" ({}) {pos}", tr.t("ui.timeline_columns")));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = usize::from(inner.width);
    let lines: Vec<Line> = v
        .timeline
        .iter()
        .take(usize::from(inner.height))
        .map(|e| {
            let ev = e.event_at.with_timezone(&app.tz);
            let rec = e.recorded_at.with_timezone(&app.tz);
            let today = app.now.with_timezone(&app.tz).date_naive();
            let evs = if ev.date_naive() == today {
                ev.format("%H:%M:%S").to_string()
            } else {
                ev.format("%m-%d %H:%M").to_string()
            };
            let recs = if rec.date_naive() == today {
                rec.format("%H:%M:%S").to_string()
            } else {
                rec.format("%m-%d %H:%M").to_string()
            };
            let text = e.event.describe(tr, app.content);
            let prefix = format!("{evs} │ {recs} │ ");
            let style = if matches!(e.event, Event::Note { .. }) {
                theme::bold()
            } else {
                Style::default()
            };
            // The operator closes the line: who was at the keyboard.
            let op = format!(" · {}", operator_label(e.operator.as_deref(), tr));
            let room = w.saturating_sub(prefix.width());
            let text = fit(&text, room.saturating_sub(op.width()));
            let op = fit(&op, room.saturating_sub(text.width()));
            Line::from(vec![
                Span::raw(evs),
                Span::styled(" │ ", theme::dim()),
                Span::styled(recs, theme::dim()),
                Span::styled(" │ ", theme::dim()),
                Span::styled(text, style),
                Span::styled(op, theme::dim()),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scroll_keeps_selection_visible() {
        assert_eq!(scroll_offset(0, 5, 3), 0);
        assert_eq!(scroll_offset(9, 5, 10), 5);
        assert_eq!(scroll_offset(5, 4, 10), 3);
        assert_eq!(scroll_offset(3, 0, 10), 0);
    }
}
