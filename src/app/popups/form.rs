//! A form: labelled fields, one focused, typed into or cycled through, and
//! a submit that either closes it or keeps it open with a message and
//! everything typed. What a form asks and what submitting does is a
//! `FormSpec`: a struct with a named field for each question (see
//! `app/forms/`), so a value is always read by name, never by position.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::{CursorMove, TextArea};
use unicode_width::UnicodeWidthStr;

use crate::action::Action;
use crate::app::App;
use crate::app::layer::{Layer, Outcome};
use crate::keymap::Ctx;
use crate::ui::{centered, fit, frame, theme};

pub enum FieldKind {
    // Boxed: a TextArea is ~600 bytes and forms hold several fields.
    Text(Box<TextArea<'static>>),
    Choice { options: Vec<String>, idx: usize },
}

/// One question of a form.
pub struct Field {
    pub label: String,
    pub kind: FieldKind,
}

impl Field {
    pub fn text(label: &str, value: &str) -> Field {
        let mut ta = TextArea::new(vec![value.to_string()]);
        ta.set_cursor_line_style(ratatui::style::Style::default());
        ta.move_cursor(CursorMove::End);
        Field {
            label: label.to_string(),
            kind: FieldKind::Text(Box::new(ta)),
        }
    }

    pub fn choice(label: &str, options: Vec<String>, idx: usize) -> Field {
        Field {
            label: label.to_string(),
            kind: FieldKind::Choice { options, idx },
        }
    }

    /// What was typed, on one line (or the chosen option's label).
    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Text(t) => t.lines().join(" "),
            FieldKind::Choice { options, idx } => options.get(*idx).cloned().unwrap_or_default(),
        }
    }

    /// The chosen option (0 for a text field).
    pub fn index(&self) -> usize {
        match &self.kind {
            FieldKind::Choice { idx, .. } => *idx,
            FieldKind::Text(_) => 0,
        }
    }

    /// Replace a choice's options, keeping the chosen index where it fits.
    pub fn set_options(&mut self, options: Vec<String>) {
        if let FieldKind::Choice { options: o, idx } = &mut self.kind {
            *idx = (*idx).min(options.len().saturating_sub(1));
            *o = options;
        }
    }

    fn cycle(&mut self, forward: bool) {
        match &mut self.kind {
            FieldKind::Choice { options, idx } => {
                let n = options.len().max(1);
                *idx = if forward { (*idx + 1) % n } else { (*idx + n - 1) % n };
            }
            FieldKind::Text(ta) => ta.move_cursor(if forward { CursorMove::Forward } else { CursorMove::Back }),
        }
    }
}

/// What a form asks and what submitting it does.
pub trait FormSpec: 'static {
    fn title(&self, app: &App) -> String;
    /// The fields in the order they are shown.
    fn fields(&self) -> Vec<&Field>;
    fn fields_mut(&mut self) -> Vec<&mut Field>;
    /// A choice changed (some forms relabel another field).
    fn changed(&mut self, _app: &App) {}
    /// A few lines under the fields, when the form has advice to give.
    fn guidance(&self, _app: &App) -> Option<String> {
        None
    }
    /// Carry the form out. `Ok` closes it (with a message for the footer,
    /// if any); `Err` keeps it open, with what was typed, and says why.
    fn submit(&mut self, app: &mut App) -> Result<Option<String>, String>;
}

/// The layer that shows a `FormSpec`.
pub struct Form<F: FormSpec> {
    pub spec: F,
    pub focus: usize,
    pub error: Option<String>,
}

impl<F: FormSpec> Form<F> {
    pub fn new(spec: F) -> Form<F> {
        Form {
            spec,
            focus: 0,
            error: None,
        }
    }

    fn len(&self) -> usize {
        self.spec.fields().len().max(1)
    }
}

impl<F: FormSpec> Layer for Form<F> {
    fn ctx(&self) -> Ctx {
        Ctx::Form
    }

    fn handle(&mut self, app: &mut App, action: Action) -> Outcome {
        match action {
            Action::NextField => self.focus = (self.focus + 1) % self.len(),
            Action::PrevField => self.focus = (self.focus + self.len() - 1) % self.len(),
            Action::ChoiceLeft | Action::ChoiceRight => {
                let focus = self.focus;
                if let Some(f) = self.spec.fields_mut().into_iter().nth(focus) {
                    f.cycle(action == Action::ChoiceRight);
                }
                self.spec.changed(app);
            }
            Action::Submit => {
                return match self.spec.submit(app) {
                    Ok(msg) => {
                        app.reload();
                        if let Some(m) = msg {
                            app.info(m);
                        }
                        Outcome::Close
                    }
                    Err(why) => {
                        self.error = Some(why);
                        Outcome::Keep
                    }
                };
            }
            _ => {}
        }
        Outcome::Keep
    }

    fn type_key(&mut self, key: KeyEvent) -> bool {
        // A single-line field never takes a newline.
        if key.code == KeyCode::Enter {
            return false;
        }
        let focus = self.focus;
        match self.spec.fields_mut().into_iter().nth(focus).map(|f| &mut f.kind) {
            Some(FieldKind::Text(ta)) => {
                ta.input(key);
                true
            }
            _ => false,
        }
    }

    fn paste(&mut self, text: &str) -> bool {
        let focus = self.focus;
        match self.spec.fields_mut().into_iter().nth(focus).map(|f| &mut f.kind) {
            Some(FieldKind::Text(ta)) => {
                ta.insert_str(text.replace('\n', " "));
                true
            }
            _ => false,
        }
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let fields = self.spec.fields();
        let guidance = self.spec.guidance(app);
        let extra = if guidance.is_some() { 5 } else { 0 };
        let n = fields.len() as u16;
        // Two rows a field when there is room, one when not; a form taller
        // than that scrolls to keep the focused field in view.
        let step: u16 = if n * 2 + 3 + extra <= area.height { 2 } else { 1 };
        let h = n * step + 3 + extra;
        let r = centered(area, 70, h);
        let inner = frame(f, r, &self.spec.title(app));
        let label_w = fields.iter().map(|fl| fl.label.width()).max().unwrap_or(8).min(20) as u16 + 2;
        let visible = usize::from((inner.height.saturating_sub(1) / step).max(1));
        let first = self.focus.saturating_sub(visible.saturating_sub(1));
        let mut y = inner.y;
        let mut cursor = None;
        for (i, field) in fields.iter().enumerate().skip(first) {
            if y >= inner.bottom() {
                break;
            }
            let focused = i == self.focus;
            let lstyle = if focused {
                theme::bold().fg(theme::ACCENT)
            } else {
                Default::default()
            };
            let lrect = Rect::new(inner.x, y, label_w.min(inner.width), 1);
            let label = app.tr.f("ui.field_label", &[("label", &field.label)]);
            f.render_widget(Paragraph::new(Span::styled(label, lstyle)), lrect);
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
                    let style = if focused { theme::selected() } else { Default::default() };
                    f.render_widget(Paragraph::new(Span::styled(s, style)), vrect);
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
        if let Some(err) = &self.error {
            let er = Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1.min(inner.height));
            f.render_widget(Paragraph::new(Span::styled(fit(err, usize::from(inner.width)), theme::alert())), er);
        }
        if let Some(c) = cursor {
            f.set_cursor_position(c);
        }
    }
}
