//! The affected-persons register (HICS 254): who was affected, how and when
//! each was notified, and what they said. Private: never on the wall, never
//! in the default export, and on the timeline only by counts and digests.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::Action;
use crate::app::App;
use crate::app::forms::notify::NotifyForm;
use crate::app::forms::register_import::RegisterImportForm;
use crate::app::forms::response::ResponseForm;
use crate::app::layer::{Layer, Outcome};
use crate::app::popups::form::Form;
use crate::app::reach::REGISTER_PAGE;
use crate::domain::clock::short_time;
use crate::keymap::Ctx;
use crate::ui::{centered, fit, frame, list, pad, theme};

pub struct Register {
    /// The selected row on the page read.
    pub sel: usize,
}

impl Register {
    pub fn open(app: &mut App) {
        if app.incident_id().is_none() {
            return app.info(app.tr.t("status.no_incident").to_string());
        }
        app.reach_lists.affected_offset = 0;
        app.load_reach_lists();
        app.push(Register { sel: 0 });
    }

    fn page(&mut self, app: &mut App, forward: bool) {
        let total = app.view.as_ref().map_or(0, |v| v.reach.notified.1);
        let offset = app.reach_lists.affected_offset;
        let next = if forward {
            (offset + REGISTER_PAGE).min(total.saturating_sub(1) / REGISTER_PAGE * REGISTER_PAGE)
        } else {
            offset.saturating_sub(REGISTER_PAGE)
        };
        app.reach_lists.affected_offset = next;
        app.load_reach_lists();
        self.sel = 0;
    }
}

impl Layer for Register {
    fn ctx(&self) -> Ctx {
        Ctx::Register
    }

    fn uses_reach_lists(&self) -> bool {
        true
    }

    fn handle(&mut self, app: &mut App, action: Action) -> Outcome {
        let n = app.reach_lists.affected.len();
        match action {
            Action::Up => self.sel = self.sel.saturating_sub(1),
            Action::Down => self.sel = (self.sel + 1).min(n.saturating_sub(1)),
            Action::PageDown => self.page(app, true),
            Action::PageUp => self.page(app, false),
            Action::ImportRegister => {
                let form = RegisterImportForm::new(app);
                app.push(Form::new(form));
            }
            Action::MarkNotified => match app.reach_lists.affected.get(self.sel) {
                Some(p) if p.notified_at.is_none() => {
                    let form = NotifyForm::new(app, vec![p.id]);
                    app.push(Form::new(form));
                }
                Some(_) => app.refuse_text("reach.already_notified"),
                None => {}
            },
            Action::SetResponse => {
                if let Some(p) = app.reach_lists.affected.get(self.sel).cloned() {
                    let form = ResponseForm::new(app, p.id, &p.response);
                    app.push(Form::new(form));
                }
            }
            _ => {}
        }
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let tr = app.tr;
        let r = centered(area, 100, area.height.saturating_sub(2));
        let inner = frame(f, r, tr.t("popup.register"));
        let w = usize::from(inner.width);
        let (notified, total) = app.view.as_ref().map_or((0, 0), |v| v.reach.notified);
        let offset = app.reach_lists.affected_offset;
        let shown = app.reach_lists.affected.len();
        let head = tr.f(
            "reach.register_head",
            &[
                ("n", &notified.to_string()),
                ("of", &total.to_string()),
                ("from", &(offset + usize::from(shown > 0)).to_string()),
                ("to", &(offset + shown).to_string()),
            ],
        );
        let [top, rest] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
        f.render_widget(
            Paragraph::new(vec![
                Line::from(Span::styled(fit(&head, w), theme::bold())),
                Line::from(Span::styled(fit(tr.t("reach.register_private"), w), theme::dim())),
            ]),
            top,
        );
        let mut lines: Vec<Line<'static>> = app
            .reach_lists
            .affected
            .iter()
            .map(|p| {
                let told = match (p.notified_at, p.channel) {
                    (Some(at), Some(c)) => format!("{} {}", tr.t(&c.label_key()), short_time(at, app.now, app.tz)),
                    _ => tr.t("reach.not_notified").to_string(),
                };
                let style = if p.notified_at.is_some() {
                    theme::dim()
                } else {
                    ratatui::style::Style::default()
                };
                let response = if p.response.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", p.response)
                };
                Line::from(Span::styled(
                    fit(&format!("{} {} {told}{response}", pad(&p.identifier, 12), pad(&p.what, 16)), w),
                    style,
                ))
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::from(Span::styled(tr.t("reach.register_empty"), theme::dim())));
        }
        list(f, rest, lines, self.sel);
    }
}
