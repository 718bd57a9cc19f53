//! The monitoring board: mentions of the clinic from Google Alerts, PTT,
//! review exports and hand-typed CSV, newest first, filtered by state,
//! source and incident; the selected one in full below the list. Only a
//! screenful is read at a time.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::action::Action;
use crate::app::App;
use crate::app::forms::declare::DeclareForm;
use crate::app::forms::triage::TriageForm;
use crate::app::layer::{Layer, Outcome};
use crate::app::monitor::state_filter_label;
use crate::app::popups::form::Form;
use crate::domain::clock::short_time;
use crate::domain::types::{MentionState, Source};
use crate::keymap::Ctx;
use crate::store::{IncidentFilter, Mention};
use crate::ui::{centered, fit, frame, list, theme};
use unicode_width::UnicodeWidthStr;

#[derive(Default)]
pub struct MonitorBoard {
    /// The selected mention, counted in the filtered list.
    pub sel: usize,
}

impl MonitorBoard {
    pub fn open(app: &mut App) {
        app.load_monitor(0);
        app.push(MonitorBoard { sel: 0 });
    }
}

fn stars(n: Option<u8>) -> String {
    n.map(|n| {
        format!(
            "{}{} ",
            "★".repeat(usize::from(n)),
            "☆".repeat(5usize.saturating_sub(usize::from(n)))
        )
    })
    .unwrap_or_default()
}

impl Layer for MonitorBoard {
    fn ctx(&self) -> Ctx {
        Ctx::Monitor
    }

    fn handle(&mut self, app: &mut App, action: Action) -> Outcome {
        let total = app.monitor.total;
        let page = app.board_page().min(10);
        let last = total.saturating_sub(1);
        let selected = app.monitor.get(self.sel).cloned();
        match action {
            Action::Up => self.sel = self.sel.saturating_sub(1),
            Action::Down => self.sel = (self.sel + 1).min(last),
            Action::PageUp => self.sel = self.sel.saturating_sub(page),
            Action::PageDown => self.sel = (self.sel + page).min(last),
            Action::Top => self.sel = 0,
            Action::Bottom => self.sel = last,
            Action::FilterState => {
                app.cycle_state_filter();
                self.sel = 0;
            }
            Action::FilterSource => {
                app.cycle_source_filter();
                self.sel = 0;
            }
            Action::FilterIncident => {
                app.cycle_incident_filter();
                self.sel = 0;
            }
            Action::Activate => {
                if let Some(m) = selected {
                    let form = TriageForm::new(app, &m);
                    app.push(Form::new(form));
                }
            }
            Action::LinkMention => {
                if let Some(m) = selected {
                    app.toggle_mention_link(&m);
                }
            }
            Action::IgnoreMention => {
                if let Some(m) = selected {
                    app.toggle_ignore(&m);
                }
            }
            Action::ImportMentions => {
                let form = crate::app::forms::mention_import::MentionImportForm::new(app);
                app.push(Form::new(form));
            }
            Action::AnswerWithStatement => {
                if let Some(m) = selected {
                    app.answer_with_current(&m);
                }
            }
            Action::CaptureMention => {
                if let Some(m) = selected {
                    app.capture(&m);
                }
            }
            Action::DraftReply => {
                if let Some(m) = selected
                    && app.draft_reply(&m)
                {
                    return Outcome::Close;
                }
            }
            Action::Declare => {
                if let Some(m) = selected {
                    let form = DeclareForm::from_mention(app, &m);
                    app.push(Form::new(form));
                }
            }
            _ => {}
        }
        app.load_monitor(self.sel);
        self.sel = self.sel.min(app.monitor.total.saturating_sub(1));
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let tr = app.tr;
        let lists = &app.monitor;
        let r = centered(area, 120, area.height.saturating_sub(2));
        let title = tr.f(
            "popup.monitor",
            &[
                ("new", &crate::ui::mention_count_text(app.mention_counts.new)),
                ("open", &crate::ui::mention_count_text(app.mention_counts.unanswered)),
            ],
        );
        let inner = frame(f, r, &title);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let w = usize::from(inner.width);
        let source = lists
            .filter
            .source
            .map_or_else(|| tr.t("monitor.filter_all").to_string(), |s| tr.t(&s.label_key()).to_string());
        let incident = match lists.filter.incident {
            IncidentFilter::All => tr.t("monitor.filter_all").to_string(),
            IncidentFilter::Incident(id) => format!("#{id}"),
            IncidentFilter::Unlinked => tr.t("monitor.filter_unlinked").to_string(),
        };
        let count = if lists.more {
            format!("{}+", lists.total)
        } else {
            lists.total.to_string()
        };
        let head = tr.f(
            "monitor.filters",
            &[
                ("state", &state_filter_label(tr, lists.filter.state)),
                ("source", &source),
                ("incident", &incident),
                ("n", &count),
            ],
        );
        f.render_widget(
            Paragraph::new(Span::styled(fit(&head, w), theme::dim())),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        let detail_h: u16 = if inner.height >= 12 { 6 } else { 0 };
        let list_area = Rect::new(
            inner.x,
            inner.y.saturating_add(1),
            inner.width,
            inner.height.saturating_sub(1 + detail_h),
        );
        let mut lines: Vec<Line<'static>> = Vec::new();
        for m in &lists.rows {
            lines.push(row(app, m, w));
        }
        if lines.is_empty() {
            lines.push(Line::from(Span::styled(fit(tr.t("monitor.none"), w), theme::dim())));
        }
        list(f, list_area, lines, self.sel.saturating_sub(lists.offset));
        if detail_h > 0
            && let Some(m) = lists.get(self.sel)
        {
            let d = Rect::new(
                inner.x,
                list_area.bottom(),
                inner.width,
                inner.bottom().saturating_sub(list_area.bottom()),
            );
            detail(f, app, m, d);
        }
    }
}

fn row(app: &App, m: &Mention, w: usize) -> Line<'static> {
    let tr = app.tr;
    let when = short_time(m.published_at, app.now, app.tz);
    let linked = m.incident_id.map(|i| format!(" →#{i}")).unwrap_or_default();
    let text = crate::text::one_line(m.headline());
    // Columns as wide as the longest name in this language.
    let widest = |keys: Vec<String>| keys.iter().map(|k| tr.t(k).width()).max().unwrap_or(0);
    let state_w = widest(MentionState::ALL.iter().map(|s| s.label_key()).collect());
    let source_w = widest(Source::ALL.iter().map(|s| s.label_key()).collect());
    let line = format!(
        "#{:<4} {} {} {when} {}{text}{linked}",
        m.id,
        crate::ui::widgets::pad(tr.t(&m.state.label_key()), state_w),
        crate::ui::widgets::pad(tr.t(&m.source.label_key()), source_w),
        stars(m.rating)
    );
    let style = match m.state {
        MentionState::New => theme::bold(),
        MentionState::Answered | MentionState::Ignored => theme::dim(),
        _ => Default::default(),
    };
    let style = if m.rating.is_some_and(|r| r <= 2) && m.state.open() {
        style.fg(theme::WARN)
    } else {
        style
    };
    Line::from(Span::styled(fit(&line, w), style))
}

fn detail(f: &mut Frame, app: &App, m: &Mention, area: Rect) {
    let tr = app.tr;
    let w = usize::from(area.width);
    let mut lines = vec![Line::from(Span::styled("─".repeat(w), theme::dim()))];
    let author = if m.author.is_empty() {
        tr.t("monitor.no_author").to_string()
    } else {
        crate::text::one_line(&m.author)
    };
    let mut who = format!("{author} · {} · {}", tr.t(&m.source.label_key()), crate::text::one_line(&m.origin));
    if !m.matched.is_empty() {
        who.push_str(&tr.f("monitor.matched", &[("terms", &m.matched.join("、"))]));
    }
    lines.push(Line::from(Span::styled(fit(&who, w), theme::bold())));
    if !m.link.is_empty() {
        lines.push(Line::from(Span::styled(
            fit(&crate::text::one_line(&m.link), w),
            theme::dim().add_modifier(Modifier::UNDERLINED),
        )));
    }
    let owner = if m.owner.is_empty() {
        tr.t("monitor.no_owner").to_string()
    } else {
        m.owner.clone()
    };
    let mut state = tr.f(
        "monitor.triage_line",
        &[
            ("state", tr.t(&m.state.label_key())),
            ("owner", &owner),
            ("priority", tr.t(&m.priority.label_key())),
        ],
    );
    if let Some(s) = m.statement_id {
        state.push_str(&tr.f("monitor.reply_in", &[("id", &s.to_string())]));
    }
    if !m.note.is_empty() {
        state.push_str(&format!(" · {}", crate::text::one_line(&m.note)));
    }
    lines.push(Line::from(Span::styled(fit(&state, w), theme::dim())));
    let mut body = m.text.clone();
    if !m.title.is_empty() && body.is_empty() {
        body = m.title.clone();
    }
    let used = lines.len() as u16;
    f.render_widget(Paragraph::new(lines), area);
    if area.height > used {
        let rest = Rect::new(area.x, area.y + used, area.width, area.height - used);
        f.render_widget(
            Paragraph::new(crate::text::inert(&body).into_owned()).wrap(Wrap { trim: true }),
            rest,
        );
    }
}
