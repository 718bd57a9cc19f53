//! Drawing the wall: a pure function of the loaded state and the time, so
//! every screen can be snapshot-tested. The frame: banner, header, the big
//! clock and the footer; the body's sections are in `sections.rs`.

use crate::domain::zone::Zone;
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};
use unicode_width::UnicodeWidthStr;

use super::model::*;
use super::sections::sections;
use crate::app::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::domain::Content;
use crate::domain::clock::t_plus;
use crate::domain::drill::clock_text;
use crate::domain::model::IncidentStatus;
use crate::i18n::{Catalog, Lang};
use crate::keymap::{self, Ctx as KeyCtx};
use crate::text::one_line;
use crate::ui::{clock_mark, fit, fit_line, others_text, wrap};

/// How the wall is drawn: language, time zone and theme.
#[derive(Clone, Copy, Debug)]
pub struct Look {
    pub lang: Lang,
    pub tz: Zone,
    pub high_contrast: bool,
}

/// The wall's styles. The projector theme is white on black and bold, with
/// no dim greys; yellow and red are kept for alerts.
pub(super) struct Palette {
    pub(super) base: Style,
    pub(super) dim: Style,
    pub(super) bold: Style,
    pub(super) accent: Style,
    pub(super) ok: Style,
    pub(super) warn: Style,
    pub(super) alert: Style,
    pub(super) badge: Style,
    pub(super) clock: Style,
}

fn palette(high_contrast: bool) -> Palette {
    if high_contrast {
        let base = Style::default().fg(Color::White).bg(Color::Black).add_modifier(Modifier::BOLD);
        Palette {
            base,
            dim: base,
            bold: base,
            accent: base,
            ok: base,
            warn: base.fg(Color::Yellow),
            alert: base.fg(Color::White).bg(Color::Red),
            badge: base.fg(Color::Black).bg(Color::Yellow),
            clock: base,
        }
    } else {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        Palette {
            base: Style::default(),
            dim: Style::default().fg(Color::DarkGray),
            bold,
            accent: bold.fg(Color::Cyan),
            ok: Style::default().fg(Color::Green),
            warn: Style::default().fg(Color::Yellow),
            alert: bold.fg(Color::Red),
            badge: bold.fg(Color::Black).bg(Color::Yellow),
            clock: bold,
        }
    }
}

/// Everything a drawing function needs besides the state.
pub(super) struct Ctx<'a> {
    pub(super) tr: &'a Catalog,
    pub(super) content: &'a Content,
    pub(super) lang: Lang,
    pub(super) tz: Zone,
    pub(super) now: DateTime<Utc>,
    pub(super) p: Palette,
}

impl Ctx<'_> {
    pub(super) fn local(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.tz).format("%H:%M:%S").to_string()
    }
    pub(super) fn short(&self, t: DateTime<Utc>) -> String {
        crate::domain::clock::short_time(t, self.now, self.tz)
    }
}

/// Draw the wall. Pure: reads the state and the time, writes the frame.
pub fn draw(f: &mut Frame, state: &WallState, now: DateTime<Utc>, content: &Content, look: Look) {
    let area = f.area();
    let cx = Ctx {
        tr: Catalog::get(look.lang),
        content,
        lang: look.lang,
        tz: look.tz,
        now,
        p: palette(look.high_contrast),
    };
    f.render_widget(Block::default().style(cx.p.base), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(f, &cx, state, area);
        return;
    }
    let footer = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    let mut top = area.y;
    let Some(v) = &state.view else {
        waiting(f, &cx, Rect::new(area.x, top, area.width, area.height.saturating_sub(1)));
        draw_footer(f, &cx, state, footer);
        return;
    };
    if v.incident.drill {
        let exercise = v.drill.as_ref().map(|d| d.exercise).unwrap_or_default();
        let banner = format!(" {} ", cx.tr.f("wall.drill_banner", &[("exercise", cx.tr.t(exercise.label_key()))]));
        let pad = usize::from(area.width).saturating_sub(banner.width()) / 2;
        let text = fit(&format!("{}{banner}", " ".repeat(pad)), usize::from(area.width));
        let r = Rect::new(area.x, top, area.width, 1);
        f.render_widget(Paragraph::new(text).style(cx.p.badge), r);
        top = top.saturating_add(1);
    }
    header(f, &cx, v, Rect::new(area.x, top, area.width, 1));
    top = top.saturating_add(1);
    let room = footer.y.saturating_sub(top);
    let used = big_clock(f, &cx, v, Rect::new(area.x, top, area.width, room));
    top = top.saturating_add(used);
    let body = Rect::new(area.x, top, area.width, footer.y.saturating_sub(top));
    sections(f, &cx, v, body);
    draw_footer(f, &cx, state, footer);
}

fn too_small(f: &mut Frame, cx: &Ctx, state: &WallState, area: Rect) {
    let mut msg = cx.tr.f(
        "ui.too_small",
        &[
            ("w", &area.width.to_string()),
            ("h", &area.height.to_string()),
            ("min_w", &MIN_WIDTH.to_string()),
            ("min_h", &MIN_HEIGHT.to_string()),
        ],
    );
    if let Some(v) = &state.view {
        msg = format!("{} · {msg}", clock_line(cx, v));
        // Even the too-small screen says it is a drill.
        if v.incident.drill {
            msg = format!("{} · {msg}", cx.tr.t("ui.drill_badge"));
        }
    }
    let p = Paragraph::new(msg).style(cx.p.alert);
    // ratatui's word wrapper can write a wide character one cell past a
    // 2-cell-wide area; so narrow, a clipped line is all that fits anyway.
    let p = if area.width < 4 { p } else { p.wrap(Wrap { trim: true }) };
    f.render_widget(p, area);
}

/// The clock as one short line: "T+00:47:05" or "▶ 12:34".
fn clock_line(cx: &Ctx, v: &WallView) -> String {
    match &v.drill {
        Some(d) => format!("{} {}", clock_mark(d.clock.state), clock_text(d.clock.scenario_ms(cx.now))),
        None => t_plus(v.incident.declared_at, cx.now),
    }
}

fn waiting(f: &mut Frame, cx: &Ctx, area: Rect) {
    let title = Line::from(Span::styled(format!(" {} ", cx.tr.t("wall.title")), cx.p.accent));
    f.render_widget(Paragraph::new(title), Rect::new(area.x, area.y, area.width, 1.min(area.height)));
    let time = cx.now.with_timezone(&cx.tz).format("%H:%M:%S").to_string();
    let body = Rect::new(area.x, area.y.saturating_add(2), area.width, area.height.saturating_sub(2));
    let (size, h) = pick_size(&time, body.width, body.height.saturating_sub(4));
    let mut y = body.y;
    if let Some(size) = size {
        let big = BigText::builder()
            .pixel_size(size)
            .style(cx.p.clock)
            .lines(vec![Line::from(time.clone())])
            .centered()
            .build();
        f.render_widget(big, Rect::new(body.x, y, body.width, h).intersection(body));
        y = y.saturating_add(h).saturating_add(1);
    }
    let lines = vec![
        Line::from(Span::styled(cx.tr.t("wall.waiting"), cx.p.bold)),
        Line::from(Span::styled(cx.tr.t("wall.waiting_en"), cx.p.dim)),
        Line::from(Span::styled(format!("{} {time}", cx.tr.t("wall.now")), cx.p.base)),
    ];
    let rest = Rect::new(body.x, y, body.width, body.bottom().saturating_sub(y)).intersection(body);
    let lines: Vec<Line> = lines
        .into_iter()
        .flat_map(|l| {
            let style = l.spans.first().map(|s| s.style).unwrap_or_default();
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            wrap(&text, usize::from(rest.width))
                .into_iter()
                .map(move |t| Line::from(Span::styled(t, style)).centered())
        })
        .collect();
    f.render_widget(Paragraph::new(lines), rest);
}

fn header(f: &mut Frame, cx: &Ctx, v: &WallView, area: Rect) {
    let inc = &v.incident;
    let sev = cx
        .content
        .playbook(&inc.crisis_type)
        .and_then(|p| p.severity(inc.severity))
        .map(|s| s.label.get(cx.lang).to_string())
        .unwrap_or_else(|| inc.severity.to_string());
    let mut spans = vec![Span::styled(format!("#{} ", inc.id), cx.p.dim)];
    if inc.demo {
        spans.push(Span::styled(format!("{} ", cx.tr.t("ui.demo_badge")), cx.p.badge));
    }
    spans.push(Span::styled(one_line(&inc.title), cx.p.bold));
    spans.push(Span::styled(
        format!(" · {} · ", cx.content.type_name(&inc.crisis_type, cx.lang)),
        cx.p.base,
    ));
    let sev_style = if inc.severity <= 2 { cx.p.alert } else { cx.p.warn };
    spans.push(Span::styled(sev, sev_style));
    spans.push(Span::styled(
        format!(
            " · {} {}/8 {}",
            cx.tr.t("ui.phase"),
            inc.phase.index() + 1,
            cx.tr.t(inc.phase.label_key())
        ),
        cx.p.accent,
    ));
    if inc.status == IncidentStatus::Closed {
        spans.push(Span::styled(format!(" · {}", cx.tr.t("tl.closed")), cx.p.warn));
    }
    f.render_widget(Paragraph::new(fit_line(spans, usize::from(area.width))), area);
}

/// The largest glyphs that fit `text` in `width` × `height` cells, with
/// the rows they take. Only block elements every terminal font has.
pub(super) fn pick_size(text: &str, width: u16, height: u16) -> (Option<PixelSize>, u16) {
    let n = u16::try_from(text.chars().count()).unwrap_or(u16::MAX);
    for (size, gw, gh) in [
        (PixelSize::Full, 8u16, 8u16),
        (PixelSize::HalfHeight, 8, 4),
        (PixelSize::Quadrant, 4, 4),
    ] {
        if n.saturating_mul(gw) <= width && gh <= height {
            return (Some(size), gh);
        }
    }
    (None, 0)
}

/// The large clock with its labels; returns the rows it took.
fn big_clock(f: &mut Frame, cx: &Ctx, v: &WallView, area: Rect) -> u16 {
    let (big, label, state) = match &v.drill {
        Some(d) => {
            let speed = if d.clock.speed > 1 {
                format!(" ×{}", d.clock.speed)
            } else {
                String::new()
            };
            let st = format!(
                "{} {}{speed}",
                clock_mark(d.clock.state),
                cx.tr.t(&format!("drill.state.{}", d.clock.state.id()))
            );
            (clock_text(d.clock.scenario_ms(cx.now)), cx.tr.t("wall.scenario_time"), Some(st))
        }
        None => (t_plus(v.incident.declared_at, cx.now), cx.tr.t("wall.elapsed"), None),
    };
    let clock_style = if v.drill.is_some() {
        cx.p.warn.add_modifier(Modifier::BOLD)
    } else {
        cx.p.clock
    };
    let now_line = format!("{} {}", cx.tr.t("wall.now"), cx.local(cx.now));
    // A third of the screen at most goes to the clock.
    let budget = area.height.saturating_sub(1) / 3;
    let side_w: u16 = 26;
    // A blank row under the clock when the screen can spare it.
    let gap = u16::from(area.height >= 30);
    // The largest digits that fit; the labels go beside them if there is
    // room, else on a line underneath.
    let (size, gh) = pick_size(&big, area.width, budget);
    let Some(size) = size else {
        // No room for large digits: one bold line.
        let mut spans = vec![
            Span::styled(format!("{big} "), clock_style),
            Span::styled(format!("{label} "), cx.p.base),
        ];
        if let Some(st) = state {
            spans.push(Span::styled(format!("{st} "), cx.p.warn));
        }
        spans.push(Span::styled(now_line, cx.p.bold));
        if area.height > 0 {
            f.render_widget(Paragraph::new(fit_line(spans, usize::from(area.width))), Rect { height: 1, ..area });
        }
        return 1.min(area.height);
    };
    let n = u16::try_from(big.chars().count()).unwrap_or(u16::MAX);
    let gw = if size == PixelSize::Quadrant { 4 } else { 8 };
    let clock_w = n.saturating_mul(gw).min(area.width);
    let clock_rect = Rect::new(area.x, area.y, clock_w, gh).intersection(area);
    f.render_widget(
        BigText::builder()
            .pixel_size(size)
            .style(clock_style)
            .lines(vec![Line::from(big)])
            .build(),
        clock_rect,
    );
    let mut labels = vec![Line::from(Span::styled(label.to_string(), cx.p.bold))];
    if let Some(st) = state {
        labels.push(Line::from(Span::styled(st, cx.p.warn)));
    }
    labels.push(Line::from(Span::styled(now_line, cx.p.bold)));
    let side_x = area.x.saturating_add(clock_w).saturating_add(2);
    if area.right().saturating_sub(side_x) >= side_w {
        let r = Rect::new(side_x, area.y, area.right().saturating_sub(side_x), gh).intersection(area);
        let w = usize::from(r.width);
        let labels: Vec<Line> = labels.into_iter().map(|l| fit_line(l.spans, w)).collect();
        f.render_widget(Paragraph::new(labels), r);
        gh.saturating_add(gap).min(area.height)
    } else {
        // The labels go on one line under the digits.
        let r = Rect::new(area.x, area.y.saturating_add(gh), area.width, 1).intersection(area);
        let mut spans = Vec::new();
        for (i, l) in labels.into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" · ", cx.p.dim));
            }
            spans.extend(l.spans);
        }
        f.render_widget(Paragraph::new(fit_line(spans, usize::from(r.width))), r);
        gh.saturating_add(1 + gap).min(area.height)
    }
}

fn draw_footer(f: &mut Frame, cx: &Ctx, state: &WallState, area: Rect) {
    let mut spans = Vec::new();
    if let Some(n) = &state.notice {
        spans.push(Span::styled(
            format!(
                "{} ",
                cx.tr.f("wall.stale", &[("err", &one_line(n)), ("t", &cx.local(state.loaded_at))])
            ),
            cx.p.alert,
        ));
    }
    // The keys as the key table has them.
    let keys: Vec<String> = keymap::bindings_for(KeyCtx::Wall)
        .filter(|b| b.footer)
        .map(|b| format!("{} {}", keymap::keys_label(b), cx.tr.t(b.help)))
        .chain([cx.tr.t("wall.read_only").to_string()])
        .collect();
    spans.push(Span::styled(format!(" {} ", keys.join(" · ")), cx.p.dim));
    if state.others > 0 {
        spans.push(Span::styled(
            format!(" {}", cx.tr.f("wall.others", &[("n", &others_text(state.others))])),
            cx.p.dim,
        ));
    }
    f.render_widget(Paragraph::new(fit_line(spans, usize::from(area.width))), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_digits_shrink_to_fit() {
        assert_eq!(pick_size("00:47:05", 80, 8), (Some(PixelSize::Full), 8));
        assert_eq!(pick_size("00:47:05", 80, 5), (Some(PixelSize::HalfHeight), 4));
        assert_eq!(pick_size("00:47:05", 40, 8), (Some(PixelSize::Quadrant), 4));
        assert_eq!(pick_size("00:47:05", 20, 8), (None, 0));
    }
}
