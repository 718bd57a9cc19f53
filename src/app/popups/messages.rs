//! The inbound message log (HICS 213): every call, e-mail or visit from the
//! health bureau, the media or families, with what they asked, who answers
//! and by when; open ones first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::action::Action;
use crate::app::App;
use crate::app::forms::answer::AnswerForm;
use crate::app::forms::inbound::InboundForm;
use crate::app::layer::{Layer, Outcome};
use crate::app::popups::form::Form;
use crate::domain::clock::short_time;
use crate::domain::types::{Priority, Progress};
use crate::keymap::Ctx;
use crate::ui::{centered, fit, frame, list, theme};

pub struct MessageLog {
    pub sel: usize,
}

impl MessageLog {
    pub fn open(app: &mut App) {
        if app.incident_id().is_none() {
            return app.info(app.tr.t("status.no_incident").to_string());
        }
        app.load_reach_lists();
        app.push(MessageLog { sel: 0 });
    }
}

impl Layer for MessageLog {
    fn ctx(&self) -> Ctx {
        Ctx::Messages
    }

    fn uses_reach_lists(&self) -> bool {
        true
    }

    fn handle(&mut self, app: &mut App, action: Action) -> Outcome {
        let n = app.reach_lists.messages.len();
        match action {
            Action::Up => self.sel = self.sel.saturating_sub(1),
            Action::Down => self.sel = (self.sel + 1).min(n.saturating_sub(1)),
            Action::NewEntry => {
                let form = InboundForm::new(app);
                app.push(Form::new(form));
            }
            Action::AnswerMessage => match app.reach_lists.messages.get(self.sel) {
                Some(m) if m.state == Progress::Open => {
                    let form = AnswerForm::new(app, m.id, &m.from_org);
                    app.push(Form::new(form));
                }
                Some(_) => app.refuse_text("reach.already_answered"),
                None => {}
            },
            _ => {}
        }
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let tr = app.tr;
        let r = centered(area, 100, area.height.saturating_sub(2));
        let inner = frame(f, r, tr.t("popup.messages"));
        let w = usize::from(inner.width);
        let mut lines: Vec<Line<'static>> = Vec::new();
        for m in &app.reach_lists.messages {
            let when = short_time(m.received_at, app.now, app.tz);
            let mut tail = String::new();
            let mut style = Style::default();
            match (m.state, m.due_at) {
                (Progress::Done, _) => {
                    tail = format!(" · {}", tr.f("reach.answered", &[("answer", &m.answer)]));
                    style = theme::dim();
                }
                (Progress::Open, Some(due)) if due <= app.now => {
                    tail = format!(" · {}", tr.t("reach.overdue"));
                    style = theme::alert();
                }
                (Progress::Open, Some(due)) => {
                    tail = format!(" · {}", tr.f("reach.reply_by", &[("t", &short_time(due, app.now, app.tz))]));
                }
                (Progress::Open, None) => {}
            }
            if m.state == Progress::Open && m.priority == Priority::Urgent {
                style = style.add_modifier(ratatui::style::Modifier::BOLD);
            }
            let from = if m.from_person.is_empty() {
                m.from_org.clone()
            } else {
                format!("{} {}", m.from_org, m.from_person)
            };
            // Who, the owner and the due state come before what was asked,
            // so a narrow screen cuts the question, never the due time.
            let text = format!(
                "#{:<3} {when} {from} [{} {}] → {}{tail} · {}",
                m.id,
                tr.t(&m.channel.label_key()),
                tr.t(&m.priority.label_key()),
                m.owner,
                m.asked,
            );
            lines.push(Line::from(Span::styled(fit(&text, w), style)));
        }
        if lines.is_empty() {
            lines.push(Line::from(Span::styled(tr.t("reach.no_messages"), theme::dim())));
        }
        list(f, inner, lines, self.sel);
    }
}
