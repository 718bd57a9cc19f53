//! The wall's body: sections stacked by importance (the inject, what is
//! overdue, roles, checklist, the latest release, the timeline), in one or
//! two columns, each given the rows it needs before any gets more.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::draw::Ctx;
use super::model::*;
use crate::domain::Phase;
use crate::domain::clock::{Due, due_at, dues, span};
use crate::domain::content::DeadlineKind;
use crate::domain::model::{ChecklistItem, ItemState};
use crate::domain::types::Audience;
use crate::text::one_line;
use crate::ui::{fit, fit_line, gauge, mention_count_text, wrap};

/// One block of the body: a title row and its lines.
pub(super) struct Section<'a> {
    title: Line<'a>,
    lines: Vec<Line<'a>>,
    /// Lines it needs to be worth showing at all.
    min: usize,
}

pub(super) fn sections(f: &mut Frame, cx: &Ctx, v: &WallView, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    if area.width >= 120 {
        let gap = 2;
        let lw = area.width.saturating_sub(gap) / 2;
        let left = Rect::new(area.x, area.y, lw, area.height);
        let right = Rect::new(
            area.x.saturating_add(lw + gap),
            area.y,
            area.width.saturating_sub(lw + gap),
            area.height,
        );
        let lwid = usize::from(left.width);
        let rwid = usize::from(right.width);
        let mut l = Vec::new();
        if v.drill.is_some() {
            l.push(inject_section(cx, v, lwid));
        }
        l.push(roles_section(cx, v, lwid));
        l.push(checklist_section(cx, v, lwid));
        let r = vec![
            overdue_section(cx, v, rwid),
            statement_section(cx, v, rwid),
            timeline_section(cx, v, rwid),
        ];
        column(f, l, left);
        column(f, r, right);
    } else {
        let w = usize::from(area.width);
        let mut s = Vec::new();
        if v.drill.is_some() {
            s.push(inject_section(cx, v, w));
        }
        s.push(overdue_section(cx, v, w));
        s.push(roles_section(cx, v, w));
        s.push(checklist_section(cx, v, w));
        s.push(statement_section(cx, v, w));
        s.push(timeline_section(cx, v, w));
        column(f, s, area);
    }
}

/// Stack sections in `area`, in order of importance: each gets its title
/// and its minimum while they fit, then a share of the spare rows. A
/// section that does not fit at its minimum is left out.
fn column(f: &mut Frame, sections: Vec<Section>, area: Rect) {
    let height = usize::from(area.height);
    let mut used = 0usize;
    let mut rows: Vec<usize> = Vec::new();
    for s in &sections {
        let need = 1 + s.min.min(s.lines.len());
        if used + need > height {
            break;
        }
        used += need;
        rows.push(s.min.min(s.lines.len()));
    }
    // Spare rows go round the sections one at a time, so a long list
    // cannot starve the sections after it.
    loop {
        let mut grew = false;
        for (i, s) in sections.iter().enumerate().take(rows.len()) {
            if used < height && rows[i] < s.lines.len() {
                rows[i] += 1;
                used += 1;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    let mut y = area.y;
    for (s, n) in sections.into_iter().zip(rows) {
        let h = u16::try_from(n + 1).unwrap_or(u16::MAX);
        let r = Rect::new(area.x, y, area.width, h).intersection(area);
        let mut lines = vec![s.title];
        lines.extend(s.lines.into_iter().take(n));
        f.render_widget(Paragraph::new(lines), r);
        y = y.saturating_add(h);
    }
}

fn title<'a>(cx: &Ctx, text: String, style: Style, width: usize) -> Line<'a> {
    let head = fit(&format!("━ {text} "), width);
    let rule = "━".repeat(width.saturating_sub(head.width()));
    Line::from(vec![Span::styled(head, style), Span::styled(rule, cx.p.dim)])
}

fn inject_section<'a>(cx: &Ctx, v: &WallView, w: usize) -> Section<'a> {
    let Some(d) = &v.drill else {
        return Section {
            title: title(cx, cx.tr.t("wall.inject").to_string(), cx.p.warn, w),
            lines: Vec::new(),
            min: 0,
        };
    };
    let sent = cx.tr.f(
        "wall.injects_sent",
        &[("n", &d.delivered.to_string()), ("total", &d.planned.to_string())],
    );
    let mut lines = Vec::new();
    let head = match &d.inject {
        Some(i) => {
            let method = cx.tr.t(&format!("method.{}", i.method)).to_string();
            lines.push(fit_line(
                vec![
                    Span::styled(format!("{method}  "), cx.p.warn.add_modifier(Modifier::BOLD)),
                    Span::styled(
                        format!("{} → {}", one_line(i.from.get(cx.lang)), cx.content.role_name(&i.to, cx.lang)),
                        cx.p.bold,
                    ),
                ],
                w,
            ));
            for l in wrap(i.message.get(cx.lang), w) {
                lines.push(Line::from(Span::styled(l, cx.p.base)));
            }
            format!(
                "{} · {} · {sent}",
                cx.tr.t("wall.inject"),
                cx.tr.f("wall.inject_n", &[("n", &i.number.to_string())])
            )
        }
        None => {
            lines.push(Line::from(Span::styled(cx.tr.t("wall.no_inject").to_string(), cx.p.dim)));
            format!("{} · {sent}", cx.tr.t("wall.inject"))
        }
    };
    Section {
        title: title(cx, head, cx.p.warn.add_modifier(Modifier::BOLD), w),
        min: lines.len().min(3),
        lines,
    }
}

/// What is late now: legal and policy clocks not met, next updates owed,
/// and checklist items past due (the most overdue first).
fn overdue_section<'a>(cx: &Ctx, v: &WallView, w: usize) -> Section<'a> {
    let now = cx.now;
    let mut lines: Vec<Line> = Vec::new();
    let late = |due: DateTime<Utc>| cx.tr.f("ui.overdue_by", &[("t", &span(now - due))]);
    let mut deadlines: Vec<(DateTime<Utc>, &DeadlineRow)> = v
        .deadlines
        .iter()
        .filter(|c| !c.met)
        .map(|c| (due_at(v.incident.declared_at, c.due_in, cx.tz), c))
        .filter(|(due, _)| *due <= now)
        .collect();
    deadlines.sort_by_key(|(due, c)| (c.kind != DeadlineKind::Law, *due));
    for (due, c) in &deadlines {
        let kind = if c.kind == DeadlineKind::Law {
            cx.tr.t("wall.deadline.law")
        } else {
            cx.tr.t("wall.deadline.policy")
        };
        let mut label = c.label.get(cx.lang).to_string();
        if !c.verified {
            label.push_str(&cx.tr.f("ui.aside", &[("text", cx.tr.t("ui.check_regulation"))]));
        }
        lines.push(fit_line(
            vec![
                Span::styled(format!("! {kind} {} ", late(*due)), cx.p.alert),
                Span::styled(label, cx.p.bold),
            ],
            w,
        ));
    }
    let mut updates: Vec<&(Audience, DateTime<Utc>)> = v.updates.iter().filter(|(_, due)| *due <= now).collect();
    updates.sort_by_key(|(_, due)| *due);
    for (audience, due) in updates {
        let who = cx.tr.t(&audience.label_key()).to_string();
        lines.push(fit_line(
            vec![
                Span::styled(format!("! {} ", late(*due)), cx.p.alert),
                Span::styled(cx.tr.f("wall.update_due", &[("audience", &who)]), cx.p.bold),
            ],
            w,
        ));
    }
    let mut items: Vec<&ChecklistItem> = v
        .checklist
        .iter()
        .filter(|i| i.state == ItemState::Open && i.due_at.is_some_and(|d| d <= now))
        .collect();
    items.sort_by_key(|i| i.due_at);
    if !items.is_empty() {
        lines.push(Line::from(Span::styled(
            fit(&cx.tr.f("wall.items_overdue", &[("n", &items.len().to_string())]), w),
            cx.p.alert,
        )));
        for i in items {
            let owner = cx.content.role_short(&i.owner, cx.lang);
            let label = i.due_at.map(late).unwrap_or_default();
            lines.push(fit_line(
                vec![
                    Span::styled(format!("  {label} "), cx.p.warn),
                    Span::styled(format!("{} ", one_line(i.text(cx.lang))), cx.p.base),
                    Span::styled(owner, cx.p.dim),
                ],
                w,
            ));
        }
    }
    if v.messages.0 > 0 {
        let key = if v.messages.1 > 0 {
            "reach.sum_messages_late"
        } else {
            "reach.sum_messages"
        };
        let text = cx
            .tr
            .f(key, &[("n", &v.messages.0.to_string()), ("late", &v.messages.1.to_string())]);
        let style = if v.messages.1 > 0 { cx.p.alert } else { cx.p.warn };
        lines.push(Line::from(Span::styled(fit(&format!("! {text}"), w), style)));
    }
    let any = !lines.is_empty();
    if !any {
        lines.push(Line::from(Span::styled(fit(cx.tr.t("wall.nothing_overdue"), w), cx.p.ok)));
        if let Some(next) = next_due(cx, v) {
            let left = cx.tr.f("ui.due_in", &[("t", &span(next.at - now))]);
            lines.push(fit_line(
                vec![
                    Span::styled(format!("{} ", cx.tr.t("ui.next_due")), cx.p.dim),
                    Span::styled(format!("{left} "), cx.p.warn),
                    Span::styled(one_line(&next.what), cx.p.base),
                ],
                w,
            ));
        }
    }
    let (new, open, volume) = &v.mentions;
    if *open > 0 || volume.iter().any(|n| *n > 0) {
        let text = cx.tr.f(
            "ui.mentions",
            &[("new", &mention_count_text(*new)), ("open", &mention_count_text(*open))],
        );
        let room = w.saturating_sub(text.width() + 3);
        let style = if *new > 0 { cx.p.warn } else { cx.p.dim };
        // First, so a long overdue list never pushes it off the screen.
        lines.insert(
            0,
            fit_line(
                vec![
                    Span::styled(format!("! {text} "), style),
                    Span::styled(crate::ui::widgets::sparkline(volume, room), cx.p.base),
                ],
                w,
            ),
        );
    }
    let heading = if any { cx.p.alert } else { cx.p.ok.add_modifier(Modifier::BOLD) };
    Section {
        title: title(cx, cx.tr.t("wall.overdue").to_string(), heading, w),
        min: lines.len().min(3),
        lines,
    }
}

/// The soonest due time still ahead: an open item, an unmet deadline or
/// an update, chosen as the console chooses them.
fn next_due(cx: &Ctx, v: &WallView) -> Option<Due> {
    let deadlines = v.deadlines.iter().filter(|c| !c.met).map(|c| Due {
        at: due_at(v.incident.declared_at, c.due_in, cx.tz),
        what: c.label.get(cx.lang).to_string(),
        unverified: !c.verified,
    });
    let updates = v.updates.iter().map(|(a, at)| Due {
        at: *at,
        what: cx.tr.f("wall.update_due", &[("audience", cx.tr.t(&a.label_key()))]),
        unverified: false,
    });
    dues(&v.checklist, deadlines.chain(updates), cx.lang)
        .into_iter()
        .find(|d| d.at > cx.now)
}

fn roles_section<'a>(cx: &Ctx, v: &WallView, w: usize) -> Section<'a> {
    let required = v.roles.iter().filter(|r| r.required || r.critical).count();
    let filled = v.roles.iter().filter(|r| (r.required || r.critical) && r.holder.is_some()).count();
    let name_w = v
        .roles
        .iter()
        .map(|r| cx.content.role_short(&r.role, cx.lang).width())
        .max()
        .unwrap_or(0)
        .min(12);
    let cells: Vec<Vec<Span>> = v
        .roles
        .iter()
        .map(|r| {
            let short = cx.content.role_short(&r.role, cx.lang);
            let pad = " ".repeat(name_w.saturating_sub(short.width()));
            let head = Span::styled(format!("{short}{pad} "), if r.critical { cx.p.bold } else { cx.p.base });
            let tail = match &r.holder {
                Some(name) => Span::styled(one_line(name), cx.p.accent),
                None if r.critical => Span::styled(format!("! {}", cx.tr.t("ui.unassigned")), cx.p.alert),
                None => Span::styled(cx.tr.t("ui.unassigned").to_string(), cx.p.warn),
            };
            vec![head, tail]
        })
        .collect();
    Section {
        title: title(cx, format!("{} {filled}/{required}", cx.tr.t("wall.roles")), cx.p.accent, w),
        min: 1,
        lines: grid(cells, w),
    }
}

/// Lay cells out in as many equal columns as fit, row by row.
fn grid<'a>(cells: Vec<Vec<Span<'a>>>, w: usize) -> Vec<Line<'a>> {
    let widest = cells
        .iter()
        .map(|c| c.iter().map(|s| s.content.width()).sum::<usize>())
        .max()
        .unwrap_or(0);
    let cell_w = widest.min(w).max(1);
    let gap = 3;
    let cols = ((w + gap) / (cell_w + gap)).max(1);
    let cell_w = if cols == 1 { w } else { cell_w };
    cells
        .chunks(cols)
        .map(|row| {
            let mut spans = Vec::new();
            for (i, c) in row.iter().enumerate() {
                let line = fit_line(c.clone(), cell_w);
                let used: usize = line.spans.iter().map(|s| s.content.width()).sum();
                spans.extend(line.spans);
                if i + 1 < row.len() {
                    spans.push(Span::raw(" ".repeat(cell_w.saturating_sub(used) + gap)));
                }
            }
            Line::from(spans)
        })
        .collect()
}

fn checklist_section<'a>(cx: &Ctx, v: &WallView, w: usize) -> Section<'a> {
    let total = v.checklist.len();
    let done = v.checklist.iter().filter(|i| i.state != ItemState::Open).count();
    let pct = (done * 100).checked_div(total).unwrap_or(0);
    let mut lines = Vec::new();
    let count = format!(" {done}/{total} {pct}%");
    let label = format!("{} ", cx.tr.t("wall.total"));
    let gw = w.saturating_sub(label.width() + count.width()).min(40);
    let full = if done == total { cx.p.ok } else { cx.p.accent };
    lines.push(fit_line(
        vec![
            Span::styled(label, cx.p.bold),
            Span::styled(gauge(done, total, gw), full),
            Span::styled(count.clone(), cx.p.bold),
        ],
        w,
    ));
    // One gauge per phase, in columns when there is room.
    let phases: Vec<(Phase, usize, usize)> = Phase::ALL
        .iter()
        .map(|p| {
            let items: Vec<_> = v.checklist.iter().filter(|i| i.phase == *p).collect();
            (*p, items.iter().filter(|i| i.state != ItemState::Open).count(), items.len())
        })
        .filter(|(_, _, t)| *t > 0)
        .collect();
    let name_w = phases
        .iter()
        .map(|(p, _, _)| cx.tr.t(p.label_key()).width())
        .max()
        .unwrap_or(0)
        .min(12);
    let cell_w = 36.min(w);
    let cells: Vec<Vec<Span>> = phases
        .iter()
        .map(|(p, d, t)| {
            let current = *p == v.incident.phase;
            let name = fit(cx.tr.t(p.label_key()), name_w);
            let pad = " ".repeat(name_w.saturating_sub(name.width()));
            let head = format!("{}{name}{pad} ", if current { "▶" } else { " " });
            let tail = format!(" {d}/{t}");
            let gw = cell_w.saturating_sub(head.width() + tail.width()).min(16);
            let style = if current { cx.p.accent } else { cx.p.base };
            let gstyle = if d == t { cx.p.ok } else { cx.p.accent };
            vec![
                Span::styled(head, style),
                Span::styled(gauge(*d, *t, gw), gstyle),
                Span::styled(tail, cx.p.base),
            ]
        })
        .collect();
    lines.extend(grid(cells, w));
    Section {
        title: title(cx, format!("{}{count}", cx.tr.t("wall.checklist")), cx.p.accent, w),
        min: 1,
        lines,
    }
}

fn statement_section<'a>(cx: &Ctx, v: &WallView, w: usize) -> Section<'a> {
    let mut lines = Vec::new();
    match v.releases.first() {
        Some(r) => {
            let who = cx.tr.t(&r.audience.label_key()).to_string();
            let mut spans = vec![Span::styled(
                cx.tr.f(
                    "wall.released",
                    &[("audience", &who), ("v", &r.version.to_string()), ("t", &cx.short(r.released_at))],
                ),
                cx.p.bold,
            )];
            if r.withdrawn {
                spans.push(Span::styled(format!(" · {}", cx.tr.t("wall.withdrawn")), cx.p.alert));
            }
            lines.push(fit_line(spans, w));
            let body_style = if r.withdrawn { cx.p.dim } else { cx.p.base };
            for l in wrap(&r.body, w) {
                lines.push(Line::from(Span::styled(l, body_style)));
            }
            if v.releases.len() > 1 {
                let list: Vec<String> = v.releases[1..]
                    .iter()
                    .map(|o| format!("{} v{} {}", cx.tr.t(&o.audience.label_key()), o.version, cx.short(o.released_at)))
                    .collect();
                let also = cx.tr.f("wall.also_released", &[("list", &list.join(cx.tr.t("ui.list_sep")))]);
                // Kept right under the heading line, so it shows before a long text.
                lines.insert(1, Line::from(Span::styled(fit(&also, w), cx.p.dim)));
            }
        }
        None => lines.push(Line::from(Span::styled(fit(cx.tr.t("wall.no_release"), w), cx.p.dim))),
    }
    Section {
        title: title(cx, cx.tr.t("wall.statement").to_string(), cx.p.accent, w),
        min: lines.len().min(2),
        lines,
    }
}

fn timeline_section<'a>(cx: &Ctx, v: &WallView, w: usize) -> Section<'a> {
    let lines = v
        .timeline
        .iter()
        .map(|e| {
            let at = cx.short(e.at);
            fit_line(
                vec![
                    Span::styled(format!("{at} "), cx.p.dim),
                    Span::styled(one_line(e.text.get(cx.lang)), cx.p.base),
                ],
                w,
            )
        })
        .collect();
    Section {
        title: title(cx, cx.tr.t("wall.timeline").to_string(), cx.p.accent, w),
        min: 1,
        lines,
    }
}
