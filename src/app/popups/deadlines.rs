//! The incident's legal and policy deadlines with their articles, each
//! markable as met.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::action::Action;
use crate::app::App;
use crate::app::layer::{Layer, Outcome};
use crate::domain::clock::{Urgency, short_time, span, urgency};
use crate::domain::content::DeadlineKind;
use crate::keymap::Ctx;
use crate::ui::{centered, fit, frame, theme};

#[derive(Default)]
pub struct Deadlines {
    pub sel: usize,
}

impl Layer for Deadlines {
    fn ctx(&self) -> Ctx {
        Ctx::Deadlines
    }

    fn handle(&mut self, app: &mut App, action: Action) -> Outcome {
        let n = app.view.as_ref().map_or(0, |v| v.deadlines.len());
        match action {
            Action::Up => self.sel = self.sel.saturating_sub(1),
            Action::Down => self.sel = (self.sel + 1).min(n.saturating_sub(1)),
            Action::Activate => app.toggle_deadline(self.sel),
            _ => {}
        }
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let r = centered(area, 90, area.height.saturating_sub(2));
        let inner = frame(f, r, app.tr.t("popup.deadlines"));
        let tr = app.tr;
        let Some(v) = &app.view else { return };
        let Some(pb) = app.content.playbook(&v.incident.crisis_type) else {
            return;
        };
        let w = usize::from(inner.width);
        let mut lines: Vec<Line> = Vec::new();
        if v.deadlines.is_empty() {
            lines.push(Line::from(Span::styled(tr.t("popup.no_deadlines"), theme::dim())));
        }
        let mut selected_line = 0;
        for (i, c) in v.deadlines.iter().enumerate() {
            let Some(def) = pb.deadline.iter().find(|d| d.id == c.id) else {
                continue;
            };
            let status = match (c.due, c.met_at) {
                _ if c.persons.is_some_and(|p| p.all_notified()) => Span::styled(
                    tr.f(
                        "popup.deadline_all_notified",
                        &[("n", &c.persons.map_or(0, |p| p.total).to_string())],
                    ),
                    Style::default().fg(theme::OK),
                ),
                (_, Some(t)) => Span::styled(
                    tr.f("popup.deadline_met", &[("t", &short_time(t, app.now, app.tz))]),
                    Style::default().fg(theme::OK),
                ),
                (Some(due), None) => {
                    let u = urgency(due, app.now);
                    let when = short_time(due, app.now, app.tz);
                    let args = [("when", when.as_str()), ("t", &span(due - app.now))];
                    if u == Urgency::Overdue {
                        Span::styled(tr.f("popup.deadline_overdue", &args), theme::alert())
                    } else {
                        Span::styled(tr.f("popup.deadline_due", &args), Style::default().fg(theme::WARN))
                    }
                }
                (None, None) => Span::styled(tr.t("popup.deadline_reference"), theme::dim()),
            };
            let mark = if def.kind == DeadlineKind::Law { "⚖ " } else { "◷ " };
            let mut head = Line::from(vec![
                Span::raw(mark),
                Span::styled(fit(def.label.get(app.lang), w.saturating_sub(4)), theme::bold()),
            ]);
            if i == self.sel {
                selected_line = lines.len();
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
            if let Some(p) = c.persons.filter(|p| !p.all_notified()) {
                let args = [
                    ("n", p.notified.to_string()),
                    ("m", p.total.to_string()),
                    ("late", p.overdue.to_string()),
                ];
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let style = if p.overdue > 0 {
                    theme::alert()
                } else {
                    Style::default().fg(theme::WARN)
                };
                lines.push(Line::from(Span::styled(
                    format!("   {}", tr.f("popup.deadline_persons", &args)),
                    style,
                )));
            }
            if i == self.sel
                && let Some(n) = &def.note
            {
                lines.push(Line::from(Span::styled(format!("   {}", n.get(app.lang)), theme::dim())));
            }
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(tr.t("popup.deadlines_hint"), theme::dim())));
        let off = selected_line.saturating_sub(usize::from(inner.height).saturating_sub(4));
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((off as u16, 0)), inner);
    }
}
