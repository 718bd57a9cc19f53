//! Popups drawn over the panes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{fit, theme};
use crate::app::{App, Confirm, Field, FieldKind, Form, FormPurpose, Popup, RosterPurpose};
use crate::domain::clock::{Urgency, short_time, span, urgency};
use crate::keymap::{self, BINDINGS, Ctx};

/// A rectangle of at most `w`×`h` centred in `area`, clipped to it.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

fn frame(f: &mut Frame, area: Rect, title: &str) -> Rect {
    // Clear one column beyond each side: a wide (CJK) character that
    // starts just outside the popup would otherwise paint over its border.
    let margin = Rect::new(area.x.saturating_sub(1), area.y, area.width.saturating_add(2), area.height).intersection(f.area());
    f.render_widget(Clear, margin);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(Style::default().fg(theme::ACCENT))
        .title(Span::styled(format!(" {title} "), theme::bold()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    inner
}

pub fn draw(f: &mut Frame, app: &App, popup: &Popup, area: Rect) {
    match popup {
        Popup::Help { scroll } => help(f, app, area, *scroll),
        Popup::IncidentList { sel } => incident_list(f, app, area, *sel),
        Popup::Roster { sel, purpose } => roster(f, app, area, *sel, purpose),
        Popup::Form(form) => draw_form(f, app, area, form),
        Popup::RoleHistory { role, rows, scroll } => {
            let r = centered(area, 72, 16);
            let title = app.tr.f("popup.history", &[("role", &app.content.role_name(role, app.lang))]);
            let inner = frame(f, r, &title);
            let mut lines: Vec<Line> = Vec::new();
            if rows.is_empty() {
                lines.push(Line::from(Span::styled(app.tr.t("popup.history_empty"), theme::dim())));
            }
            for a in rows {
                let from = short_time(a.started_at, app.now, app.tz);
                let to = a
                    .ended_at
                    .map(|t| short_time(t, app.now, app.tz))
                    .unwrap_or_else(|| app.tr.t("popup.now").to_string());
                let mut s = format!("{} → {}  {}", from, to, a.person_name);
                if let Some(h) = &a.handed_to {
                    s.push_str(&format!("  ⇒ {}", app.tr.f("popup.handed_to", &[("person", h)])));
                }
                lines.push(Line::from(fit(&s, usize::from(inner.width))));
            }
            f.render_widget(Paragraph::new(lines).scroll((*scroll, 0)), inner);
        }
        Popup::JobSheet { role, scroll } => job_sheet(f, app, area, role, *scroll),
        Popup::Clocks { sel } => clocks(f, app, area, *sel),
        Popup::Confirm(what) => confirm(f, app, area, what),
        Popup::Anchor { anchor, qr } => anchor_popup(f, app, area, anchor, qr),
        Popup::StatementText {
            statement,
            release,
            scroll,
        } => statement_text(f, app, area, statement, release.as_deref(), *scroll),
        Popup::Templates { sel } => templates(f, app, area, *sel),
        Popup::Private { sel } => private(f, app, area, *sel),
        Popup::Findings { scroll } => findings(f, app, area, *scroll),
        Popup::Inject { number } => inject(f, app, area, *number),
        Popup::DrillPanel { sel } => drill_panel(f, app, area, *sel),
        Popup::Diff {
            versions,
            from,
            to,
            scroll,
        } => diff(f, app, area, versions, *from, *to, *scroll),
    }
}

fn confirm(f: &mut Frame, app: &App, area: Rect, what: &Confirm) {
    let tr = app.tr;
    let operator = app.operator.clone().unwrap_or_default();
    let version = |id: i64| {
        app.view
            .as_ref()
            .and_then(|v| v.statements.iter().find(|s| s.id == id))
            .map_or(1, |s| s.version)
    };
    let msg = match what {
        Confirm::CloseIncident => {
            let id = app.view.as_ref().map(|v| v.incident.id).unwrap_or_default();
            tr.f("popup.confirm_close", &[("id", &id.to_string())])
        }
        Confirm::Release(_) => {
            let (audience, v) = app
                .current_statement()
                .map(|s| (tr.t(&format!("audience.{}", s.audience)).to_string(), s.version.to_string()))
                .unwrap_or_default();
            tr.f(
                "popup.confirm_release",
                &[("audience", &audience), ("v", &v), ("operator", &operator)],
            )
        }
        Confirm::Withdraw(_) => tr.t("popup.confirm_withdraw").to_string(),
        Confirm::EndDrill => tr.t("popup.confirm_end_drill").to_string(),
        Confirm::SignOff(so) => {
            let key = if so.step == crate::domain::desk::Step::Review {
                "popup.confirm_review"
            } else {
                "popup.confirm_approve"
            };
            tr.f(
                key,
                &[
                    ("person", &so.person),
                    ("role", &app.content.role_short(so.role, app.lang)),
                    ("v", &so.version.to_string()),
                    ("sha", &so.sha256.chars().take(12).collect::<String>()),
                    ("operator", &operator),
                ],
            )
        }
        Confirm::NewVersion(id) => {
            let v = version(*id);
            tr.f(
                "popup.confirm_new_version",
                &[("v", &v.to_string()), ("next", &(v + 1).to_string())],
            )
        }
        Confirm::Discard(id) => {
            let v = version(*id);
            tr.f("popup.confirm_discard", &[("v", &v.to_string()), ("prev", &(v - 1).to_string())])
        }
    };
    let h = if matches!(what, Confirm::SignOff(_)) { 10 } else { 8 };
    let r = centered(area, 64, h);
    let inner = frame(f, r, tr.t("popup.confirm"));
    f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), inner);
}

/// A record anchor to write down or photograph: the digest large enough to
/// copy, and the QR code when the screen has room for it.
fn anchor_popup(f: &mut Frame, app: &App, area: Rect, anchor: &crate::store::Anchor, qr: &[String]) {
    let tr = app.tr;
    let at = anchor.created_at.with_timezone(&app.tz).format("%Y-%m-%d %H:%M").to_string();
    let qr_w = qr.first().map_or(0, |l| l.width()) as u16;
    let show_qr = !qr.is_empty() && area.height >= qr.len() as u16 + 10 && area.width >= qr_w + 4;
    let h = if show_qr { qr.len() as u16 + 9 } else { 9 };
    let r = centered(area, 76.max(qr_w + 4), h);
    let inner = frame(f, r, tr.t("anchor.title"));
    let mut lines = vec![
        Line::from(Span::styled(
            tr.f(
                "anchor.digest",
                &[("digest", &anchor.digest), ("at", &at), ("n", &anchor.incidents.to_string())],
            ),
            theme::bold().fg(theme::WARN),
        )),
        Line::from(""),
        Line::from(tr.t("anchor.body")),
    ];
    if show_qr {
        lines.push(Line::from(""));
        lines.extend(qr.iter().map(|l| Line::from(l.clone())));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// A statement that is not a draft, read-only, with what went out and when.
fn statement_text(
    f: &mut Frame,
    app: &App,
    area: Rect,
    s: &crate::domain::model::Statement,
    release: Option<&crate::domain::model::ReleasedVersion>,
    scroll: u16,
) {
    let tr = app.tr;
    let title = tr.f(
        "popup.statement_text",
        &[
            ("id", &s.id.to_string()),
            ("v", &s.version.to_string()),
            ("state", tr.t(&s.state.label_key())),
        ],
    );
    let r = centered(area, 84, area.height.saturating_sub(2));
    let inner = frame(f, r, &title);
    let mut lines: Vec<Line> = Vec::new();
    let body = match release {
        Some(rel) => {
            lines.push(Line::from(Span::styled(
                tr.f(
                    "popup.statement_released",
                    &[
                        ("at", &short_time(rel.released_at, app.now, app.tz)),
                        ("by", &rel.released_by),
                        ("sha", &rel.sha256.chars().take(16).collect::<String>()),
                    ],
                ),
                theme::dim(),
            )));
            rel.body.as_str()
        }
        None => s.body.as_str(),
    };
    lines.push(Line::from(Span::styled(tr.t("popup.statement_read_only"), theme::dim())));
    lines.push(Line::from(""));
    lines.extend(crate::text::inert(body).lines().map(|l| Line::from(l.to_string())));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)), inner);
}

/// A one-line-per-entry list with the selection kept in view.
fn list(f: &mut Frame, inner: Rect, lines: Vec<Line<'static>>, sel: usize) {
    let h = usize::from(inner.height);
    let offset = sel.saturating_sub(h.saturating_sub(1));
    let shown: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .skip(offset)
        .take(h)
        .map(|(i, l)| if i == sel { l.style(theme::selected()) } else { l })
        .collect();
    f.render_widget(Paragraph::new(shown), inner);
}

fn templates(f: &mut Frame, app: &App, area: Rect, sel: usize) {
    let r = centered(area, 64, 12);
    let inner = frame(f, r, app.tr.t("popup.templates"));
    let Some(v) = &app.view else { return };
    let w = usize::from(inner.width);
    let lines: Vec<Line> = crate::domain::templates::for_type(&v.incident.kind)
        .iter()
        .map(|t| {
            let key = format!("audience.{}", t.audience);
            Line::from(fit(&format!(" {}  ({})", t.name.get(app.lang), app.tr.t(&key)), w))
        })
        .collect();
    list(f, inner, lines, sel);
}

fn private(f: &mut Frame, app: &App, area: Rect, sel: usize) {
    let r = centered(area, 64, 14);
    let inner = frame(f, r, app.tr.t("popup.private"));
    let Some(v) = &app.view else { return };
    let [hint, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
    f.render_widget(
        Paragraph::new(app.tr.t("popup.private_hint"))
            .style(theme::dim())
            .wrap(Wrap { trim: true }),
        hint,
    );
    let w = usize::from(inner.width);
    let mut lines: Vec<Line> = v
        .private
        .iter()
        .map(|p| {
            let note = if p.note.is_empty() {
                String::new()
            } else {
                format!(" · {}", p.note)
            };
            Line::from(fit(&format!(" {}{note}", p.name), w))
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(app.tr.t("popup.private_empty"), theme::dim())));
    }
    list(f, inner.intersection(body), lines, sel);
}

/// One finding as a line: where, how serious, and why.
pub fn finding_line(x: &crate::domain::lint::Finding, tr: &crate::i18n::Catalog) -> Line<'static> {
    let blocking = x.severity == crate::domain::lint::Severity::Block;
    let (mark, style) = if blocking {
        ("⛔", theme::alert())
    } else {
        ("⚠", Style::default().fg(theme::WARN))
    };
    let quoted = if x.text.is_empty() {
        String::new()
    } else {
        format!("{} ", tr.f("ui.quoted", &[("t", &crate::text::inert(&x.text))]))
    };
    Line::from(vec![
        Span::styled(format!("{mark} {}:{} ", x.line, x.column), style),
        Span::raw(format!("{quoted}{}", x.message)),
    ])
}

fn findings(f: &mut Frame, app: &App, area: Rect, scroll: u16) {
    let r = centered(area, 96, area.height.saturating_sub(2));
    let title = app.tr.f(
        "popup.findings",
        &[
            ("block", &app.blocking_count().to_string()),
            ("warn", &(app.findings.len() - app.blocking_count()).to_string()),
        ],
    );
    let inner = frame(f, r, &title);
    let mut order: Vec<&crate::domain::lint::Finding> = app.findings.iter().collect();
    order.sort_by_key(|x| (x.severity, x.start));
    let mut lines: Vec<Line> = order.into_iter().map(|x| finding_line(x, app.tr)).collect();
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            app.tr.t("popup.findings_none"),
            Style::default().fg(theme::OK),
        )));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)), inner);
}

fn diff(f: &mut Frame, app: &App, area: Rect, versions: &[crate::app::VersionText], from: usize, to: usize, scroll: u16) {
    use crate::domain::desk::DiffPart;
    let r = centered(area, 100, area.height.saturating_sub(2));
    let (Some(a), Some(b)) = (versions.get(from), versions.get(to)) else {
        return;
    };
    let title = app.tr.f("popup.diff", &[("from", &a.label), ("to", &b.label)]);
    let inner = frame(f, r, &title);
    // Lines are rebuilt from the parts so a change inside a line stays inline.
    let mut lines: Vec<Line> = vec![Line::default()];
    let removed = Style::default()
        .fg(theme::ALERT)
        .add_modifier(ratatui::style::Modifier::CROSSED_OUT);
    let added = Style::default().fg(theme::OK).add_modifier(ratatui::style::Modifier::UNDERLINED);
    for part in crate::domain::desk::diff(&a.body, &b.body) {
        // Markers as well as colour, so a monochrome projector shows it too.
        let (text, style) = match &part {
            DiffPart::Same(t) => (t.clone(), Style::default()),
            DiffPart::Removed(t) => (format!("[-{t}-]"), removed),
            DiffPart::Added(t) => (format!("{{+{t}+}}"), added),
        };
        for (i, piece) in text.split('\n').enumerate() {
            if i > 0 {
                lines.push(Line::default());
            }
            if !piece.is_empty()
                && let Some(l) = lines.last_mut()
            {
                l.spans.push(Span::styled(piece.to_string(), style));
            }
        }
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)), inner);
}

fn help(f: &mut Frame, app: &App, area: Rect, scroll: u16) {
    let r = centered(area, 76, area.height.saturating_sub(2));
    let inner = frame(f, r, app.tr.t("popup.help"));
    let mut lines: Vec<Line> = Vec::new();
    let mut last: Option<Ctx> = None;
    for b in BINDINGS.iter().filter(|b| b.ctx != Ctx::Always) {
        let ctx = if b.ctx == Ctx::Always { Ctx::Global } else { b.ctx };
        if last != Some(ctx) {
            if last.is_some() {
                lines.push(Line::from(""));
            }
            lines.push(Line::from(Span::styled(
                app.tr.t(ctx.title_key()).to_string(),
                theme::bold().fg(theme::ACCENT),
            )));
            last = Some(ctx);
        }
        let keys = keymap::keys_label(b);
        let pad = " ".repeat(18usize.saturating_sub(keys.width()));
        lines.push(Line::from(vec![
            Span::styled(format!("  {keys}"), theme::bold()),
            Span::raw(pad),
            Span::raw(app.tr.t(b.help).to_string()),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        format!("  Ctrl-C  {}", app.tr.t("key.quit")),
        theme::dim(),
    )));
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

fn incident_list(f: &mut Frame, app: &App, area: Rect, sel: usize) {
    let r = centered(area, 76, 16);
    let inner = frame(f, r, app.tr.t("popup.incidents"));
    let w = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    if app.incidents.is_empty() {
        lines.push(Line::from(Span::styled(app.tr.t("popup.no_incidents"), theme::dim())));
    }
    for (i, inc) in app.incidents.iter().enumerate() {
        let mut spans = vec![Span::raw(format!("#{:<4} ", inc.id))];
        if inc.demo {
            spans.push(Span::styled(format!("{} ", app.tr.t("ui.demo_badge")), theme::demo_badge()));
        }
        let sev = format!("S{} ", inc.severity);
        spans.push(Span::styled(sev, if inc.severity <= 2 { theme::alert() } else { Style::default() }));
        let tail = format!(
            "  {} {}",
            app.content.type_name(&inc.kind, app.lang),
            short_time(inc.declared_at, app.now, app.tz)
        );
        let used: usize = spans.iter().map(|s| s.content.width()).sum();
        spans.push(Span::raw(fit(&inc.title, w.saturating_sub(used + tail.width()).max(8))));
        spans.push(Span::styled(tail, theme::dim()));
        let mut line = Line::from(spans);
        if i == sel {
            line = line.style(theme::selected());
        }
        lines.push(line);
    }
    let off = sel.saturating_sub(usize::from(inner.height).saturating_sub(1));
    f.render_widget(Paragraph::new(lines.into_iter().skip(off).collect::<Vec<_>>()), inner);
}

fn roster(f: &mut Frame, app: &App, area: Rect, sel: usize, purpose: &RosterPurpose) {
    let title = match purpose {
        RosterPurpose::Browse => app.tr.t("popup.roster").to_string(),
        RosterPurpose::Assign { role } => app.tr.f("popup.assign", &[("role", &app.content.role_name(role, app.lang))]),
        RosterPurpose::Operator => app.tr.t("popup.operator").to_string(),
    };
    let r = centered(area, 72, 16);
    let inner = frame(f, r, &title);
    let mut lines: Vec<Line> = Vec::new();
    if app.persons.is_empty() {
        lines.push(Line::from(Span::styled(app.tr.t("popup.roster_empty"), theme::dim())));
    }
    for (i, p) in app.persons.iter().enumerate() {
        let held: Vec<String> = app
            .view
            .as_ref()
            .map(|v| {
                v.assignments
                    .iter()
                    .filter(|a| a.person_id == p.id)
                    .map(|a| app.content.role_short(&a.role, app.lang))
                    .collect()
            })
            .unwrap_or_default();
        let mut s = format!("{}  {}  {}", p.name, p.phone, p.email);
        if !held.is_empty() {
            s.push_str(&format!("  [{}]", held.join("、")));
        }
        let mut line = Line::from(fit(&s, usize::from(inner.width)));
        if i == sel {
            line = line.style(theme::selected());
        }
        lines.push(line);
    }
    let off = sel.saturating_sub(usize::from(inner.height).saturating_sub(1));
    f.render_widget(Paragraph::new(lines.into_iter().skip(off).collect::<Vec<_>>()), inner);
}

fn draw_form(f: &mut Frame, app: &App, area: Rect, form: &Form) {
    let guidance = declare_guidance(app, form);
    let extra = if guidance.is_some() { 5 } else { 0 };
    let n = form.fields.len() as u16;
    // Two rows a field when there is room, one when not; a form taller
    // than that scrolls to keep the focused field in view.
    let step: u16 = if n * 2 + 3 + extra <= area.height { 2 } else { 1 };
    let h = n * step + 3 + extra;
    let r = centered(area, 70, h);
    let inner = frame(f, r, &form.title);
    let label_w = form.fields.iter().map(|fl| fl.label.width()).max().unwrap_or(8).min(20) as u16 + 2;
    let visible = usize::from((inner.height.saturating_sub(1) / step).max(1));
    let first = form.focus.saturating_sub(visible.saturating_sub(1));
    let mut y = inner.y;
    let mut cursor = None;
    for (i, field) in form.fields.iter().enumerate().skip(first) {
        if y >= inner.bottom() {
            break;
        }
        let focused = i == form.focus;
        let lstyle = if focused {
            theme::bold().fg(theme::ACCENT)
        } else {
            Style::default()
        };
        let lrect = Rect::new(inner.x, y, label_w.min(inner.width), 1);
        f.render_widget(Paragraph::new(Span::styled(format!("{}：", field.label), lstyle)), lrect);
        let vrect = Rect::new(inner.x + lrect.width, y, inner.width.saturating_sub(lrect.width), 1);
        match &field.kind {
            FieldKind::Text(ta) => {
                f.render_widget(&**ta, vrect);
                if focused {
                    let sc = ta.screen_cursor();
                    let (_, left) = ta.scroll_offset();
                    let x = vrect.x.saturating_add((sc.col as u16).saturating_sub(left));
                    if x < vrect.right() {
                        cursor = Some(Position::new(x, y));
                    }
                }
            }
            FieldKind::Choice { options, idx } => {
                let v = options.get(*idx).map(String::as_str).unwrap_or("");
                let s = fit(&format!("◀ {v} ▶"), usize::from(vrect.width));
                f.render_widget(
                    Paragraph::new(Span::styled(s, if focused { theme::selected() } else { Style::default() })),
                    vrect,
                );
            }
        }
        y = y.saturating_add(step);
    }
    if let Some(g) = guidance
        && y < inner.bottom()
    {
        let gr = Rect::new(inner.x, y, inner.width, inner.bottom() - y);
        f.render_widget(Paragraph::new(g).style(theme::dim()).wrap(Wrap { trim: true }), gr);
    }
    if let Some(err) = &form.error {
        let er = Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1.min(inner.height));
        f.render_widget(Paragraph::new(Span::styled(fit(err, usize::from(inner.width)), theme::alert())), er);
    }
    if let Some(c) = cursor {
        f.set_cursor_position(c);
    }
}

/// Under the declare form: what the chosen severity means for this type.
fn declare_guidance(app: &App, form: &Form) -> Option<String> {
    if form.purpose != FormPurpose::Declare {
        return None;
    }
    let pb = app.content.playbooks.get(form.fields.first().map_or(0, Field::idx))?;
    let level = form.fields.get(1).map_or(0, Field::idx) as u8 + 1;
    let sev = pb.severity(level)?;
    Some(format!("{}\n{}", sev.guidance.get(app.lang), app.tr.t("form.declare.if_unsure")))
}

fn job_sheet(f: &mut Frame, app: &App, area: Rect, role: &str, scroll: u16) {
    let r = centered(area, 76, 18);
    let Some(def) = app.content.role(role) else { return };
    let inner = frame(f, r, &app.tr.f("popup.job_sheet", &[("role", def.name.get(app.lang))]));
    let tr = app.tr;
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{}：", tr.t("popup.mission")), theme::bold()),
            Span::raw(def.mission.get(app.lang).to_string()),
        ]),
        Line::from(vec![
            Span::styled(format!("{}：", tr.t("popup.reports_to")), theme::bold()),
            Span::raw(if def.reports_to.is_empty() {
                "—".to_string()
            } else {
                app.content.role_name(&def.reports_to, app.lang)
            }),
        ]),
        Line::from(""),
        Line::from(Span::styled(tr.t("popup.immediate"), theme::bold().fg(theme::ACCENT))),
    ];
    for t in def.immediate.get(app.lang) {
        lines.push(Line::from(format!("  □ {t}")));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)), inner);
}

fn clocks(f: &mut Frame, app: &App, area: Rect, sel: usize) {
    let r = centered(area, 90, area.height.saturating_sub(2));
    let inner = frame(f, r, app.tr.t("popup.clocks"));
    let tr = app.tr;
    let Some(v) = &app.view else { return };
    let Some(pb) = app.content.playbook(&v.incident.kind) else { return };
    let w = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    if v.clocks.is_empty() {
        lines.push(Line::from(Span::styled(tr.t("popup.no_clocks"), theme::dim())));
    }
    for (i, c) in v.clocks.iter().enumerate() {
        let Some(def) = pb.clock.iter().find(|d| d.id == c.id) else {
            continue;
        };
        let status = match (c.due, c.met_at) {
            (_, Some(t)) => Span::styled(
                tr.f("popup.clock_met", &[("t", &short_time(t, app.now, app.tz))]),
                Style::default().fg(theme::OK),
            ),
            (Some(due), None) => {
                let u = urgency(due, app.now);
                let when = short_time(due, app.now, app.tz);
                let s = if u == Urgency::Overdue {
                    tr.f("popup.clock_overdue", &[("when", &when), ("t", &span(due - app.now))])
                } else {
                    tr.f("popup.clock_due", &[("when", &when), ("t", &span(due - app.now))])
                };
                Span::styled(
                    s,
                    if u == Urgency::Overdue {
                        theme::alert()
                    } else {
                        Style::default().fg(theme::WARN)
                    },
                )
            }
            (None, None) => Span::styled(tr.t("popup.clock_reference"), theme::dim()),
        };
        let mut head = Line::from(vec![
            Span::styled(
                if def.kind == crate::domain::content::ClockKind::Law {
                    "⚖ "
                } else {
                    "◷ "
                },
                Style::default(),
            ),
            Span::styled(fit(def.label.get(app.lang), w.saturating_sub(4)), theme::bold()),
        ]);
        if i == sel {
            head = head.style(theme::selected());
        }
        lines.push(head);
        let mut meta = vec![
            Span::raw("   "),
            status,
            Span::styled(format!("  {}", def.citation.get(app.lang)), theme::dim()),
        ];
        if !def.verified {
            meta.push(Span::styled(
                format!("  {}", tr.t("ui.check_regulation")),
                Style::default().fg(theme::WARN),
            ));
        }
        lines.push(Line::from(meta));
        if i == sel
            && let Some(n) = &def.note
        {
            lines.push(Line::from(Span::styled(format!("   {}", n.get(app.lang)), theme::dim())));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(tr.t("popup.clocks_hint"), theme::dim())));
    let sel_line = lines.iter().position(|l| l.style == theme::selected()).unwrap_or(0);
    let off = sel_line.saturating_sub(usize::from(inner.height).saturating_sub(4));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((off as u16, 0)), inner);
}

/// An inject as it arrives: who it is from, how, to whom, and the message.
/// The expected action is the facilitator's and is not shown here.
fn inject(f: &mut Frame, app: &App, area: Rect, number: u32) {
    let tr = app.tr;
    let Some(i) = app.drill.as_ref().and_then(|d| d.scenario.find(number)) else {
        return;
    };
    let r = centered(area, 76, 16);
    let title = tr.f("popup.inject", &[("n", &number.to_string())]);
    let inner = frame(f, r, &title);
    let method = format!("method.{}", i.method);
    let lines = vec![
        Line::from(vec![
            Span::styled(format!("{} ", tr.t(&method)), theme::bold().fg(theme::WARN)),
            Span::raw(fit(
                &format!("{} → {}", i.from.get(app.lang), app.content.role_name(&i.to, app.lang)),
                usize::from(inner.width),
            )),
        ]),
        Line::from(""),
        Line::from(crate::text::inert(i.message.get(app.lang)).into_owned()),
    ];
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// The facilitator's panel: the clock, objectives to rate, and the MSEL
/// with each inject's state and expected action.
fn drill_panel(f: &mut Frame, app: &App, area: Rect, sel: usize) {
    use crate::app::PanelRow;
    let tr = app.tr;
    let r = centered(area, 110, area.height.saturating_sub(2));
    let inner = frame(f, r, tr.t("popup.drill"));
    let w = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    let Some(d) = &app.drill else {
        lines.push(Line::from(Span::styled(tr.t("popup.drill_not_drill"), theme::dim())));
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        return;
    };
    let Some((t, state, speed)) = app.drill_status() else { return };
    let next = app
        .drill_next_due()
        .filter(|_| state != crate::domain::drill::ClockState::Ended)
        .map(|(n, ms)| {
            tr.f(
                "popup.drill_next",
                &[("n", &n.to_string()), ("t", &crate::domain::drill::clock_text(ms))],
            )
        })
        .unwrap_or_else(|| tr.t("drill.no_more").to_string());
    let state_key = format!("drill.state.{}", state.id());
    lines.push(Line::from(vec![
        Span::styled(format!("{} ", d.scenario.title.get(app.lang)), theme::bold()),
        Span::styled(
            format!("{t} · {} · ×{speed} · {next}", tr.t(&state_key)),
            Style::default().fg(theme::WARN),
        ),
    ]));
    let mut selected_line = 0;
    let mut last_kind = None;
    for (idx, row) in app.panel_rows().into_iter().enumerate() {
        let kind = matches!(row, PanelRow::Objective(_));
        if last_kind != Some(kind) {
            let head = if kind { "popup.drill_objectives" } else { "popup.drill_msel" };
            lines.push(Line::from(Span::styled(tr.t(head), theme::bold().fg(theme::ACCENT))));
            last_kind = Some(kind);
        }
        let text = match row {
            PanelRow::Objective(o) => {
                let Some(obj) = d.scenario.objective.get(o) else { continue };
                let rating = d.ratings.iter().find(|r| r.objective == obj.id);
                let mark = rating.map(|r| r.rating.as_str()).unwrap_or("·");
                let notes = rating
                    .filter(|r| !r.notes.is_empty())
                    .map(|r| format!(" — {}", r.notes))
                    .unwrap_or_default();
                format!(" [{mark}] {} {}{notes}", obj.id, obj.text.get(app.lang))
            }
            PanelRow::Inject(i) => {
                let Some(inj) = d.scenario.inject.iter().chain(&d.scenario.contingency).nth(i) else {
                    continue;
                };
                let state = match d.injects.iter().find(|x| x.number == inj.number) {
                    None => "  ",
                    Some(x) if x.skipped => "⤼ ",
                    Some(x) if x.answered_at.is_some() => "✓ ",
                    Some(_) => "● ",
                };
                let when = if d.scenario.contingency.iter().any(|c| c.number == inj.number) {
                    tr.t("popup.drill_contingency").to_string()
                } else {
                    format!("{:>3}′", inj.at_minutes)
                };
                let method = format!("method.{}", inj.method);
                format!(
                    " {state}{:>3} {when} {} → {}: {}",
                    inj.number,
                    tr.t(&method),
                    app.content.role_short(&inj.to, app.lang),
                    inj.expected.get(app.lang)
                )
            }
        };
        if idx == sel {
            selected_line = lines.len();
        }
        let line = Line::from(fit(&text, w));
        lines.push(if idx == sel { line.style(theme::selected()) } else { line });
    }
    let h = usize::from(inner.height);
    let offset = selected_line.saturating_sub(h.saturating_sub(2));
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(h).collect();
    f.render_widget(Paragraph::new(shown), inner);
}
