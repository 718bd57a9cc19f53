//! The facilitator's panel: the drill clock, the objectives to rate, and
//! the master scenario events list with each inject's state and expected
//! action. A real incident's after-action review uses it too.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::action::Action;
use crate::app::App;
use crate::app::drill::PanelRow;
use crate::app::layer::{Layer, Outcome};
use crate::domain::drill::{ClockState, clock_text};
use crate::keymap::Ctx;
use crate::ui::{centered, fit, frame, theme};

#[derive(Default)]
pub struct DrillPanel {
    pub sel: usize,
}

impl Layer for DrillPanel {
    fn ctx(&self) -> Ctx {
        Ctx::Drill
    }

    fn handle(&mut self, app: &mut App, action: Action) -> Outcome {
        let n = app.panel_rows().len();
        match action {
            Action::Up => self.sel = self.sel.saturating_sub(1),
            Action::Down => self.sel = (self.sel + 1).min(n.saturating_sub(1)),
            Action::WriteReport => app.write_report(),
            a => app.panel_act(self.sel, a),
        }
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
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
            .filter(|_| state != ClockState::Ended)
            .map(|(n, ms)| tr.f("popup.drill_next", &[("n", &n.to_string()), ("t", &clock_text(ms))]))
            .unwrap_or_else(|| tr.t("drill.no_more").to_string());
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", d.scenario.title.get(app.lang)), theme::bold()),
            Span::styled(format!("[{}] ", tr.t(d.scenario.exercise.label_key())), theme::dim()),
            Span::styled(
                format!("{t} · {} · ×{speed} · {next}", tr.t(&format!("drill.state.{}", state.id()))),
                Style::default().fg(theme::WARN),
            ),
        ]));
        let mut selected_line = 0;
        let mut last_kind = None;
        for (idx, row) in app.panel_rows().into_iter().enumerate() {
            let objective = matches!(row, PanelRow::Objective(_));
            if last_kind != Some(objective) {
                let head = if objective { "popup.drill_objectives" } else { "popup.drill_msel" };
                lines.push(Line::from(Span::styled(tr.t(head), theme::bold().fg(theme::ACCENT))));
                last_kind = Some(objective);
            }
            let text = match row {
                PanelRow::Objective(o) => {
                    let Some(obj) = d.scenario.objective.get(o) else { continue };
                    let rating = d.ratings.iter().find(|r| r.objective == obj.id);
                    let mark = rating.map_or("·", |r| r.rating.id());
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
                    format!(
                        " {state}{:>3} {when} {} → {}: {}",
                        inj.number,
                        tr.t(&format!("method.{}", inj.method)),
                        app.content.role_short(&inj.to, app.lang),
                        inj.expected.get(app.lang)
                    )
                }
            };
            if idx == self.sel {
                selected_line = lines.len();
            }
            let line = Line::from(fit(&text, w));
            lines.push(if idx == self.sel { line.style(theme::selected()) } else { line });
        }
        let h = usize::from(inner.height);
        let offset = selected_line.saturating_sub(h.saturating_sub(2));
        let shown: Vec<Line> = lines.into_iter().skip(offset).take(h).collect();
        f.render_widget(Paragraph::new(shown), inner);
    }
}
