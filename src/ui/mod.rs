//! Drawing. Every function here reads the app state and writes a frame;
//! none does I/O.

mod panes;
pub mod widgets;
mod wrap;

pub use widgets::{centered, clock_mark, fit_line, frame, gauge, list, pad};
pub use wrap::wrap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::action::Pane;
use crate::app::App;
use crate::app::layout::{MIN_HEIGHT, MIN_WIDTH, layout};
use crate::keymap::{self, Ctx};

pub mod theme {
    use ratatui::style::{Color, Modifier, Style};
    pub const ACCENT: Color = Color::Cyan;
    pub const WARN: Color = Color::Yellow;
    pub const ALERT: Color = Color::Red;
    pub const OK: Color = Color::Green;
    pub const DIM: Color = Color::DarkGray;
    pub fn dim() -> Style {
        Style::default().fg(DIM)
    }
    pub fn bold() -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }
    pub fn alert() -> Style {
        Style::default().fg(ALERT).add_modifier(Modifier::BOLD)
    }
    pub fn drill_badge() -> Style {
        Style::default().fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn demo_badge() -> Style {
        Style::default().fg(Color::Black).bg(Color::Magenta).add_modifier(Modifier::BOLD)
    }
    pub fn selected() -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
}

/// Cut `s` to at most `width` terminal cells, marking the cut with "…".
/// Control and BiDi characters show as visible marks (see `text::inert`).
pub fn fit(s: &str, width: usize) -> String {
    let s = crate::text::inert(s);
    let s = s.as_ref();
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

pub fn pane_block<'a>(app: &App, pane: Pane, extra: String) -> Block<'a> {
    let focused = app.focus == pane && app.popups.is_empty();
    let n = pane.index() + 1;
    let title = format!(" {n} {}{extra} ", app.tr.t(pane.title_key()));
    let style = if focused {
        Style::default().fg(theme::ACCENT).add_modifier(Modifier::BOLD)
    } else {
        Style::default()
    };
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused { BorderType::Thick } else { BorderType::Plain })
        .border_style(style)
        .title(Span::styled(title, style))
}

pub fn draw(f: &mut Frame, app: &App) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(f, app, area);
        return;
    }
    let l = layout(area);
    draw_header(f, app, l.header);
    if app.view.is_some() {
        panes::incident(f, app, l.pane(Pane::Incident));
        panes::roles(f, app, l.pane(Pane::Roles));
        panes::checklist(f, app, l.pane(Pane::Checklist));
        panes::statement(f, app, l.pane(Pane::Statement));
        panes::timeline(f, app, l.pane(Pane::Timeline));
    } else {
        draw_welcome(
            f,
            app,
            Rect::new(area.x, l.header.bottom(), area.width, area.height.saturating_sub(2)),
        );
    }
    draw_footer(f, app, l.footer);
    for p in &app.popups {
        p.draw(f, app, area);
    }
}

fn draw_too_small(f: &mut Frame, app: &App, area: Rect) {
    let msg = app.tr.f(
        "ui.too_small",
        &[
            ("w", &area.width.to_string()),
            ("h", &area.height.to_string()),
            ("min_w", &MIN_WIDTH.to_string()),
            ("min_h", &MIN_HEIGHT.to_string()),
        ],
    );
    // Even the too-small screen says it is a drill.
    let msg = if app.view.as_ref().is_some_and(|v| v.incident.drill) {
        format!("{} · {msg}", app.tr.t("ui.drill_badge"))
    } else {
        msg
    };
    let p = Paragraph::new(msg).style(theme::alert());
    // ratatui's word wrapper can write a wide character one cell past a
    // 2-cell-wide area; so narrow, a clipped line is all that fits anyway.
    let p = if area.width < 4 { p } else { p.wrap(Wrap { trim: true }) };
    f.render_widget(p, area);
}

fn draw_welcome(f: &mut Frame, app: &App, area: Rect) {
    let tr = app.tr;
    let lines = vec![
        Line::from(Span::styled(tr.t("welcome.title"), theme::bold())),
        Line::from(""),
        Line::from(tr.t("welcome.no_incident")),
        Line::from(""),
        Line::from(tr.t("welcome.declare")),
        Line::from(tr.t("welcome.demo")),
        Line::from(tr.t("welcome.help")),
    ];
    let block = Block::default().borders(Borders::ALL);
    f.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}

fn draw_header(f: &mut Frame, app: &App, area: Rect) {
    let tr = app.tr;
    let local = app.now.with_timezone(&app.tz);
    let clock = format!(" {} ", local.format("%Y-%m-%d %H:%M:%S"));
    let mut spans = vec![Span::styled(
        format!(" {} ", tr.t("app.name")),
        Style::default().fg(Color::Black).bg(theme::ACCENT),
    )];
    if let Some(v) = &app.view {
        // A drill says so on every screen, with its clock.
        if v.incident.drill {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(format!(" {} ", tr.t("ui.drill_badge")), theme::drill_badge()));
            if let Some((t, state, speed)) = app.drill_status() {
                let mark = clock_mark(state);
                let x = if speed > 1 { format!(" ×{speed}") } else { String::new() };
                spans.push(Span::styled(format!(" {mark} {t}{x}"), theme::bold().fg(theme::WARN)));
            }
        }
        if v.incident.demo {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(format!(" {} ", tr.t("ui.demo_badge")), theme::demo_badge()));
        }
        let others = app.open_count.saturating_sub(1);
        if others > 0 {
            spans.push(Span::styled(
                format!(" {}", tr.f("ui.other_incidents", &[("n", &others_text(others))])),
                theme::dim(),
            ));
        }
    }
    // Mentions waiting on the board (M), when there are any.
    let mc = app.mention_counts;
    if mc.unanswered > 0 {
        let style = if mc.new > 0 {
            Style::default().fg(theme::WARN)
        } else {
            theme::dim()
        };
        spans.push(Span::styled(
            format!(
                " {}",
                tr.f(
                    "ui.mentions",
                    &[("new", &mention_count_text(mc.new)), ("open", &mention_count_text(mc.unanswered))],
                )
            ),
            style,
        ));
    }
    let missing = app.unfilled_critical();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|r| app.content.role_short(r, app.lang)).collect();
        spans.push(Span::styled(
            format!(" ⚠ {}", tr.f("ui.unfilled", &[("roles", &names.join(tr.t("ui.list_sep")))])),
            theme::alert(),
        ));
    }
    // Who is at the keyboard, beside the clock: every record names them.
    let op = match &app.operator {
        Some(name) => Span::styled(format!(" {} ", tr.f("ui.operator", &[("name", name)])), theme::dim()),
        None => Span::styled(format!(" {} ", tr.t("ui.no_operator")), Style::default().fg(theme::WARN)),
    };
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    let room = usize::from(area.width).saturating_sub(used);
    if room >= clock.width() + op.content.width() {
        spans.push(Span::raw(" ".repeat(room - clock.width() - op.content.width())));
        spans.push(op);
        spans.push(Span::styled(clock, theme::bold()));
    } else if room >= clock.width() {
        spans.push(Span::raw(" ".repeat(room - clock.width())));
        spans.push(Span::styled(clock, theme::bold()));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_footer(f: &mut Frame, app: &App, area: Rect) {
    f.render_widget(Clear, area);
    if let Some(st) = &app.status {
        let style = if st.error { theme::alert() } else { Style::default().fg(theme::OK) };
        f.render_widget(Paragraph::new(Span::styled(fit(&st.text, usize::from(area.width)), style)), area);
        return;
    }
    let ctxs = app.contexts();
    let mut spans = Vec::new();
    // The focused context's keys first, then the global ones that matter most.
    for ctx in ctxs.iter().filter(|c| **c != Ctx::Always) {
        for b in keymap::bindings_for(*ctx).filter(|b| b.footer) {
            spans.push(Span::styled(
                format!(" {} ", keymap::keys_label(b)),
                Style::default().fg(Color::Black).bg(Color::Gray),
            ));
            spans.push(Span::raw(format!(" {}  ", app.tr.t(b.help))));
        }
    }
    let mut out = Vec::new();
    let mut w = 0;
    for pair in spans.chunks(2) {
        let pw: usize = pair.iter().map(|s| s.content.width()).sum();
        if w + pw > usize::from(area.width) {
            break;
        }
        w += pw;
        out.extend(pair.iter().cloned());
    }
    f.render_widget(Paragraph::new(Line::from(out)), area);
}

/// "N other incidents open", where N comes from a count that stops at
/// `OPEN_COUNT_CAP`: at the cap it reads "99+".
pub fn others_text(others: usize) -> String {
    capped(others, others + 1, crate::store::OPEN_COUNT_CAP)
}

/// A mention count, which stops at `MENTION_COUNT_CAP`: at the cap it
/// reads "999+".
pub fn mention_count_text(n: usize) -> String {
    capped(n, n, crate::store::MENTION_COUNT_CAP)
}

/// `shown`, or "cap − 1 +" once the count it comes from (`counted`) has
/// reached the `cap` it stops at, past which the real number is unknown.
fn capped(shown: usize, counted: usize, cap: usize) -> String {
    if counted >= cap {
        format!("{}+", cap - 1)
    } else {
        shown.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn other_incidents_read_99_plus_at_the_counts_cap() {
        let cap = crate::store::OPEN_COUNT_CAP;
        assert_eq!(super::others_text(cap - 1), "99+");
        assert_eq!(super::others_text(cap - 2), "98");
        assert_eq!(super::others_text(1), "1");
    }
}
