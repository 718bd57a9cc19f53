//! The open incidents, to switch between; drills on request.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::action::Action;
use crate::app::App;
use crate::app::layer::{Layer, Outcome};
use crate::app::view::INCIDENT_LIST_MAX;
use crate::domain::clock::short_time;
use crate::domain::model::IncidentSummary;
use crate::keymap::Ctx;
use crate::ui::{centered, fit, frame, list, theme};

pub struct IncidentList {
    pub sel: usize,
    /// Read when the list opens (and when drills are shown or hidden):
    /// the console itself needs only the first incident and the count.
    pub items: Vec<IncidentSummary>,
}

impl IncidentList {
    /// Opened on the incident shown.
    pub fn open(app: &mut App) {
        let mut list = IncidentList { sel: 0, items: Vec::new() };
        list.load(app);
        list.sel = app
            .incident_id()
            .and_then(|id| list.items.iter().position(|i| i.id == id))
            .unwrap_or(0);
        app.push(list);
    }

    fn load(&mut self, app: &mut App) {
        match app.store.open_incidents(app.show_drills, INCIDENT_LIST_MAX) {
            Ok(items) => self.items = items,
            Err(e) => app.fail(e),
        }
        self.sel = self.sel.min(self.items.len().saturating_sub(1));
    }
}

impl Layer for IncidentList {
    fn ctx(&self) -> Ctx {
        Ctx::List
    }

    fn handle(&mut self, app: &mut App, action: Action) -> Outcome {
        let n = self.items.len();
        match action {
            Action::Up => self.sel = self.sel.saturating_sub(1),
            Action::Down => self.sel = (self.sel + 1).min(n.saturating_sub(1)),
            Action::Activate => {
                if let Some(id) = self.items.get(self.sel).map(|i| i.id) {
                    app.open_incident(id);
                    return Outcome::Close;
                }
            }
            Action::Declare => {
                app.open_declare();
                return Outcome::Close;
            }
            Action::ToggleDrills => {
                app.show_drills = !app.show_drills;
                app.reload();
                self.sel = 0;
                self.load(app);
            }
            _ => {}
        }
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let r = centered(area, 76, 16);
        let inner = frame(f, r, app.tr.t("popup.incidents"));
        let w = usize::from(inner.width);
        let mut lines: Vec<Line> = Vec::new();
        if self.items.is_empty() {
            lines.push(Line::from(Span::styled(app.tr.t("popup.no_incidents"), theme::dim())));
        }
        for inc in &self.items {
            let mut spans = vec![Span::raw(format!("#{:<4} ", inc.id))];
            if inc.demo {
                spans.push(Span::styled(format!("{} ", app.tr.t("ui.demo_badge")), theme::demo_badge()));
            }
            if inc.drill {
                spans.push(Span::styled(format!("{} ", app.tr.t("ui.drill_badge")), theme::drill_badge()));
            }
            let sev = format!("S{} ", inc.severity);
            spans.push(Span::styled(sev, if inc.severity <= 2 { theme::alert() } else { Style::default() }));
            let tail = format!(
                "  {} {}",
                app.content.type_name(&inc.crisis_type, app.lang),
                short_time(inc.declared_at, app.now, app.tz)
            );
            let used: usize = spans.iter().map(|s| s.content.width()).sum();
            spans.push(Span::raw(fit(&inc.title, w.saturating_sub(used + tail.width()).max(8))));
            spans.push(Span::styled(tail, theme::dim()));
            lines.push(Line::from(spans));
        }
        list(f, inner, lines, self.sel);
    }
}
