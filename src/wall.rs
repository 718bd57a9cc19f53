//! `crisisdesk wall`: the shared screen. A read-only view for a projector
//! or a second monitor beside the console: a large clock, the drill's
//! current inject, who holds which role, checklist progress, what is
//! overdue, the latest released statement and the newest timeline entries.
//!
//! Loading (`load`) is the only I/O; `draw` is a pure function of the
//! loaded state and the time, so every screen can be snapshot-tested. The
//! state holds only what the wall may show: no phone numbers, no e-mail
//! addresses and no private persons; free text is scrubbed of them too.

use std::io;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use regex::Regex;
use tui_big_text::{BigText, PixelSize};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::domain::clock::{due_at, span};
use crate::domain::content::{ClockKind, Deadline};
use crate::domain::describe::describe;
use crate::domain::desk::StatementState;
use crate::domain::drill::{ClockState, DrillClock, Scenario, clock_text};
use crate::domain::model::{ChecklistItem, Incident, IncidentStatus, ItemState};
use crate::domain::{Content, Phase};
use crate::i18n::{Catalog, Lang, Text};
use crate::store::{Store, StoreError};
use crate::term::{Modes, Session};
use crate::ui::{MIN_HEIGHT, MIN_WIDTH, fit};

/// How often the wall looks for another process's writes.
const TICK: Duration = Duration::from_millis(250);
/// Timeline entries loaded; the screen shows as many as fit.
const TIMELINE_ROWS: usize = 12;
/// Redacted text shows as this.
const HIDDEN: &str = "•••";

// ---- state ------------------------------------------------------------

/// Everything the wall shows, as loaded from the store.
#[derive(Clone, Debug, PartialEq)]
pub struct WallState {
    /// The incident on screen; None while waiting for one.
    pub view: Option<WallView>,
    /// Open incidents other than the one shown.
    pub others: usize,
    pub loaded_at: DateTime<Utc>,
    /// A reload failed: the last good data stays up, with this note.
    pub notice: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WallView {
    /// The incident (its title scrubbed).
    pub incident: Incident,
    pub drill: Option<WallDrill>,
    pub roles: Vec<RoleRow>,
    /// The checklist, with skip notes left out (the wall never shows them).
    pub checklist: Vec<ChecklistItem>,
    pub clocks: Vec<ClockRow>,
    /// Next-update clocks: each audience's next update falls due then.
    pub updates: Vec<(String, DateTime<Utc>)>,
    /// The newest release to each audience, newest first.
    pub releases: Vec<Release>,
    /// Newest first.
    pub timeline: Vec<TimelineLine>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WallDrill {
    pub clock: DrillClock,
    /// The latest delivered inject, as the room received it.
    pub inject: Option<ShownInject>,
    pub delivered: usize,
    pub planned: usize,
}

/// An inject as the players see it; the facilitator's expected action is
/// deliberately not part of it.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownInject {
    pub number: u32,
    pub method: String,
    pub from: Text,
    /// The role it is addressed to.
    pub to: String,
    pub message: Text,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RoleRow {
    pub role: String,
    /// The holder's name; never a phone number or e-mail.
    pub holder: Option<String>,
    pub critical: bool,
    pub required: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClockRow {
    pub label: Text,
    pub kind: ClockKind,
    pub verified: bool,
    pub deadline: Deadline,
    pub met: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Release {
    pub audience: String,
    pub version: i64,
    /// The frozen text as released (scrubbed).
    pub body: String,
    pub released_at: DateTime<Utc>,
    /// The statement was withdrawn after this release.
    pub withdrawn: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TimelineLine {
    pub at: DateTime<Utc>,
    pub text: Text,
}

/// Strips what must never reach a shared screen from free text: private
/// persons' names and people's phone numbers and e-mail addresses (a note
/// or a title can quote them).
struct Scrubber {
    patterns: Vec<Regex>,
}

impl Scrubber {
    fn new(store: &Store, incident: i64) -> Result<Scrubber, StoreError> {
        let mut patterns = Vec::new();
        for p in store.private_persons(incident)? {
            let name = p.name.trim();
            if !name.is_empty() {
                patterns.push(regex::escape(name));
            }
        }
        for person in store.persons()? {
            let digits: Vec<String> = person.phone.chars().filter(char::is_ascii_digit).map(String::from).collect();
            // A number is matched however it is punctuated.
            if digits.len() >= 6 {
                patterns.push(digits.join(r"[\s\-.()]*"));
            } else if !person.phone.trim().is_empty() {
                patterns.push(regex::escape(person.phone.trim()));
            }
            if !person.email.trim().is_empty() {
                patterns.push(format!("(?i){}", regex::escape(person.email.trim())));
            }
        }
        // The longest first, so a name inside a longer name is not left half shown.
        patterns.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let patterns = patterns
            .iter()
            .map(|p| Regex::new(p).map_err(|e| StoreError::Other(format!("cannot build the wall's filter: {e}"))))
            .collect::<Result<_, _>>()?;
        Ok(Scrubber { patterns })
    }

    fn scrub(&self, s: &str) -> String {
        let mut out = s.to_string();
        for p in &self.patterns {
            if p.is_match(&out) {
                out = p.replace_all(&out, HIDDEN).into_owned();
            }
        }
        out
    }

    fn text(&self, t: &Text) -> Text {
        Text {
            zh: self.scrub(&t.zh),
            en: self.scrub(&t.en),
        }
    }
}

/// Which incident the wall shows: the one asked for, else the newest drill
/// whose clock is running or paused, else the newest open incident (real
/// ones before demos and drills, as the store orders them).
fn choose(store: &Store, incident: Option<i64>) -> Result<(Option<i64>, usize), StoreError> {
    let open = store.open_incidents(true)?;
    let others = |id: i64| open.iter().filter(|i| i.id != id).count();
    if let Some(id) = incident {
        return Ok((Some(id), others(id)));
    }
    for d in store.drills()? {
        if matches!(d.clock.state, ClockState::Running | ClockState::Paused) && open.iter().any(|i| i.id == d.incident_id) {
            return Ok((Some(d.incident_id), others(d.incident_id)));
        }
    }
    Ok(match open.first() {
        Some(i) => (Some(i.id), others(i.id)),
        None => (None, 0),
    })
}

/// Read everything the wall shows. The only I/O the wall does besides
/// polling `data_version`.
pub fn load(store: &Store, incident: Option<i64>, content: &Content, now: DateTime<Utc>) -> Result<WallState, StoreError> {
    // One snapshot, so a private name added with a note naming it can
    // never reach the screen with the name list read before it.
    store.snapshot(|store| {
        let (chosen, others) = choose(store, incident)?;
        let view = match chosen {
            Some(id) => Some(load_view(store, id, content)?),
            None => None,
        };
        Ok(WallState {
            view,
            others,
            loaded_at: now,
            notice: None,
        })
    })
}

fn load_view(store: &Store, id: i64, content: &Content) -> Result<WallView, StoreError> {
    let scrub = Scrubber::new(store, id)?;
    let mut incident = store.incident(id)?;
    incident.title = scrub.scrub(&incident.title);
    let pb = content.playbook(&incident.kind);
    let required: &[String] = pb.map(|p| p.required_roles.as_slice()).unwrap_or_default();

    // Roles: critical first, then the playbook's required ones, then any
    // other role someone holds.
    let assignments = store.current_assignments(id)?;
    let mut defs: Vec<_> = content.roles.iter().collect();
    defs.sort_by_key(|r| match (r.critical, required.contains(&r.id)) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => 2,
    });
    let roles = defs
        .into_iter()
        .map(|r| RoleRow {
            role: r.id.clone(),
            holder: assignments.iter().find(|a| a.role == r.id).map(|a| scrub.scrub(&a.person_name)),
            critical: r.critical,
            required: required.contains(&r.id),
        })
        .filter(|r| r.critical || r.required || r.holder.is_some())
        .collect();

    let mut checklist = store.checklist(id)?;
    for item in &mut checklist {
        item.note.clear();
    }

    let met = store.clocks_met(id)?;
    let clocks = pb
        .map(|pb| {
            pb.clock
                .iter()
                .filter_map(|c| {
                    Some(ClockRow {
                        label: c.label.clone(),
                        kind: c.kind,
                        verified: c.verified,
                        deadline: c.deadline()?,
                        met: met.iter().any(|(k, _)| *k == c.id),
                    })
                })
                .collect()
        })
        .unwrap_or_default();

    let profile = store.profile()?;
    let latest = store.latest_releases(id)?;
    let statements = store.statements(id)?;
    let updates = latest
        .iter()
        .map(|r| (r.audience.clone(), profile.next_update(r.released_at, incident.severity)))
        .collect();
    let releases = latest
        .iter()
        .map(|r| Release {
            audience: r.audience.clone(),
            version: r.version,
            body: scrub.scrub(&r.body),
            released_at: r.released_at,
            withdrawn: statements
                .iter()
                .any(|s| s.id == r.statement_id && s.version == r.version && s.state == StatementState::Withdrawn),
        })
        .collect();

    let (zh, en) = (Catalog::get(Lang::Zh), Catalog::get(Lang::En));
    let timeline = store
        .timeline_page(id, None, TIMELINE_ROWS)?
        .into_iter()
        .map(|e| TimelineLine {
            at: e.event_at,
            text: scrub.text(&Text {
                zh: describe(&e.kind, &e.data, zh, content),
                en: describe(&e.kind, &e.data, en, content),
            }),
        })
        .collect();

    let drill = match store.drill(id)? {
        Some(row) => {
            let scenario = Scenario::parse("drill", &row.scenario_src, content).ok();
            let injects = store.drill_injects(id)?;
            let inject = injects
                .iter()
                .rev()
                .find(|r| !r.skipped)
                .and_then(|r| scenario.as_ref().and_then(|s| s.find(r.number)))
                .map(|i| ShownInject {
                    number: i.number,
                    method: i.method.clone(),
                    from: scrub.text(&i.from),
                    to: i.to.clone(),
                    message: scrub.text(&i.message),
                });
            Some(WallDrill {
                clock: row.clock,
                inject,
                delivered: injects.iter().filter(|r| !r.skipped).count(),
                planned: scenario.as_ref().map_or(0, |s| s.inject.len()),
            })
        }
        None => None,
    };

    Ok(WallView {
        incident,
        drill,
        roles,
        checklist,
        clocks,
        updates,
        releases,
        timeline,
    })
}

// ---- drawing ------------------------------------------------------------

/// How the wall is drawn: language, time zone and theme.
#[derive(Clone, Copy, Debug)]
pub struct Look {
    pub lang: Lang,
    pub tz: Tz,
    pub high_contrast: bool,
}

/// The wall's styles. The projector theme is white on black and bold, with
/// no dim greys; yellow and red are kept for alerts.
struct Palette {
    base: Style,
    dim: Style,
    bold: Style,
    accent: Style,
    ok: Style,
    warn: Style,
    alert: Style,
    badge: Style,
    clock: Style,
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
struct Ctx<'a> {
    tr: &'a Catalog,
    content: &'a Content,
    lang: Lang,
    tz: Tz,
    now: DateTime<Utc>,
    p: Palette,
}

impl Ctx<'_> {
    fn local(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.tz).format("%H:%M:%S").to_string()
    }
    fn short(&self, t: DateTime<Utc>) -> String {
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
        let banner = format!(" {} ", cx.tr.t("wall.drill_banner"));
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

/// The clock as one short line: "T+0:47:05" or "▶ 12:34".
fn clock_line(cx: &Ctx, v: &WallView) -> String {
    match &v.drill {
        Some(d) => format!("{} {}", state_mark(d.clock.state), clock_text(d.clock.scenario_ms(cx.now))),
        None => format!("T+{}", elapsed(v.incident.declared_at, cx.now)),
    }
}

fn state_mark(s: ClockState) -> &'static str {
    match s {
        ClockState::Running => "▶",
        ClockState::Paused => "⏸",
        ClockState::Ready => "■",
        ClockState::Ended => "⏹",
    }
}

/// Time since declaration as h:mm:ss (hours keep counting past a day).
pub fn elapsed(since: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - since).num_seconds().max(0);
    format!("{}:{:02}:{:02}", secs / 3600, (secs % 3600) / 60, secs % 60)
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
        .playbook(&inc.kind)
        .and_then(|p| p.severity(inc.severity))
        .map(|s| s.label.get(cx.lang).to_string())
        .unwrap_or_else(|| inc.severity.to_string());
    let mut spans = vec![Span::styled(format!("#{} ", inc.id), cx.p.dim)];
    if inc.demo {
        spans.push(Span::styled(format!("{} ", cx.tr.t("ui.demo_badge")), cx.p.badge));
    }
    spans.push(Span::styled(one_line(&inc.title), cx.p.bold));
    spans.push(Span::styled(
        format!(" · {} · ", cx.content.type_name(&inc.kind, cx.lang)),
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
fn pick_size(text: &str, width: u16, height: u16) -> (Option<PixelSize>, u16) {
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
                state_mark(d.clock.state),
                cx.tr.t(&format!("drill.state.{}", d.clock.state.id()))
            );
            (clock_text(d.clock.scenario_ms(cx.now)), cx.tr.t("wall.scenario_time"), Some(st))
        }
        None => (
            format!("T+{}", elapsed(v.incident.declared_at, cx.now)),
            cx.tr.t("wall.elapsed"),
            None,
        ),
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

/// One block of the body: a title row and its lines.
struct Section<'a> {
    title: Line<'a>,
    lines: Vec<Line<'a>>,
    /// Lines it needs to be worth showing at all.
    min: usize,
}

fn sections(f: &mut Frame, cx: &Ctx, v: &WallView, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    if area.width >= 120 {
        let gap = 2;
        let lw = area.width.saturating_sub(gap) / 2;
        let left = Rect::new(area.x, area.y, lw, area.height);
        let right = Rect::new(
            area.x.saturating_add(lw + gap),
            area.y,
            area.width.saturating_sub(lw + gap),
            area.height,
        );
        let lwid = usize::from(left.width);
        let rwid = usize::from(right.width);
        let mut l = Vec::new();
        if v.drill.is_some() {
            l.push(inject_section(cx, v, lwid));
        }
        l.push(roles_section(cx, v, lwid));
        l.push(checklist_section(cx, v, lwid));
        let r = vec![
            overdue_section(cx, v, rwid),
            statement_section(cx, v, rwid),
            timeline_section(cx, v, rwid),
        ];
        column(f, l, left);
        column(f, r, right);
    } else {
        let w = usize::from(area.width);
        let mut s = Vec::new();
        if v.drill.is_some() {
            s.push(inject_section(cx, v, w));
        }
        s.push(overdue_section(cx, v, w));
        s.push(roles_section(cx, v, w));
        s.push(checklist_section(cx, v, w));
        s.push(statement_section(cx, v, w));
        s.push(timeline_section(cx, v, w));
        column(f, s, area);
    }
}

/// Stack sections in `area`, in order of importance: each gets its title
/// and its minimum while they fit, then a share of the spare rows. A
/// section that does not fit at its minimum is left out.
fn column(f: &mut Frame, sections: Vec<Section>, area: Rect) {
    let height = usize::from(area.height);
    let mut used = 0usize;
    let mut rows: Vec<usize> = Vec::new();
    for s in &sections {
        let need = 1 + s.min.min(s.lines.len());
        if used + need > height {
            break;
        }
        used += need;
        rows.push(s.min.min(s.lines.len()));
    }
    // Spare rows go round the sections one at a time, so a long list
    // cannot starve the sections after it.
    loop {
        let mut grew = false;
        for (i, s) in sections.iter().enumerate().take(rows.len()) {
            if used < height && rows[i] < s.lines.len() {
                rows[i] += 1;
                used += 1;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    let mut y = area.y;
    for (s, n) in sections.into_iter().zip(rows) {
        let h = u16::try_from(n + 1).unwrap_or(u16::MAX);
        let r = Rect::new(area.x, y, area.width, h).intersection(area);
        let mut lines = vec![s.title];
        lines.extend(s.lines.into_iter().take(n));
        f.render_widget(Paragraph::new(lines), r);
        y = y.saturating_add(h);
    }
}

fn title<'a>(cx: &Ctx, text: String, style: Style, width: usize) -> Line<'a> {
    let head = fit(&format!("━ {text} "), width);
    let rule = "━".repeat(width.saturating_sub(head.width()));
    Line::from(vec![Span::styled(head, style), Span::styled(rule, cx.p.dim)])
}

fn inject_section<'a>(cx: &Ctx, v: &WallView, w: usize) -> Section<'a> {
    let Some(d) = &v.drill else {
        return Section {
            title: title(cx, cx.tr.t("wall.inject").to_string(), cx.p.warn, w),
            lines: Vec::new(),
            min: 0,
        };
    };
    let sent = cx.tr.f(
        "wall.injects_sent",
        &[("n", &d.delivered.to_string()), ("total", &d.planned.to_string())],
    );
    let mut lines = Vec::new();
    let head = match &d.inject {
        Some(i) => {
            let method = cx.tr.t(&format!("method.{}", i.method)).to_string();
            lines.push(fit_line(
                vec![
                    Span::styled(format!("{method}  "), cx.p.warn.add_modifier(Modifier::BOLD)),
                    Span::styled(
                        format!("{} → {}", one_line(i.from.get(cx.lang)), cx.content.role_name(&i.to, cx.lang)),
                        cx.p.bold,
                    ),
                ],
                w,
            ));
            for l in wrap(i.message.get(cx.lang), w) {
                lines.push(Line::from(Span::styled(l, cx.p.base)));
            }
            format!(
                "{} · {} · {sent}",
                cx.tr.t("wall.inject"),
                cx.tr.f("wall.inject_n", &[("n", &i.number.to_string())])
            )
        }
        None => {
            lines.push(Line::from(Span::styled(cx.tr.t("wall.no_inject").to_string(), cx.p.dim)));
            format!("{} · {sent}", cx.tr.t("wall.inject"))
        }
    };
    Section {
        title: title(cx, head, cx.p.warn.add_modifier(Modifier::BOLD), w),
        min: lines.len().min(3),
        lines,
    }
}

/// What is late now: legal and policy clocks not met, next updates owed,
/// and checklist items past due (the most overdue first).
fn overdue_section<'a>(cx: &Ctx, v: &WallView, w: usize) -> Section<'a> {
    let now = cx.now;
    let mut lines: Vec<Line> = Vec::new();
    let late = |due: DateTime<Utc>| cx.tr.f("ui.overdue_by", &[("t", &span(now - due))]);
    let mut clocks: Vec<(DateTime<Utc>, &ClockRow)> = v
        .clocks
        .iter()
        .filter(|c| !c.met)
        .map(|c| (due_at(v.incident.declared_at, c.deadline, cx.tz), c))
        .filter(|(due, _)| *due <= now)
        .collect();
    clocks.sort_by_key(|(due, c)| (c.kind != ClockKind::Law, *due));
    for (due, c) in &clocks {
        let kind = if c.kind == ClockKind::Law {
            cx.tr.t("wall.clock.law")
        } else {
            cx.tr.t("wall.clock.policy")
        };
        let mut label = c.label.get(cx.lang).to_string();
        if !c.verified {
            label.push_str(&format!("（{}）", cx.tr.t("ui.check_regulation")));
        }
        lines.push(fit_line(
            vec![
                Span::styled(format!("! {kind} {} ", late(*due)), cx.p.alert),
                Span::styled(label, cx.p.bold),
            ],
            w,
        ));
    }
    let mut updates: Vec<&(String, DateTime<Utc>)> = v.updates.iter().filter(|(_, due)| *due <= now).collect();
    updates.sort_by_key(|(_, due)| *due);
    for (audience, due) in updates {
        let who = cx.tr.t(&format!("audience.{audience}")).to_string();
        lines.push(fit_line(
            vec![
                Span::styled(format!("! {} ", late(*due)), cx.p.alert),
                Span::styled(cx.tr.f("wall.update_due", &[("audience", &who)]), cx.p.bold),
            ],
            w,
        ));
    }
    let mut items: Vec<&ChecklistItem> = v
        .checklist
        .iter()
        .filter(|i| i.state == ItemState::Open && i.due_at.is_some_and(|d| d <= now))
        .collect();
    items.sort_by_key(|i| i.due_at);
    if !items.is_empty() {
        lines.push(Line::from(Span::styled(
            fit(&cx.tr.f("wall.items_overdue", &[("n", &items.len().to_string())]), w),
            cx.p.alert,
        )));
        for i in items {
            let owner = cx.content.role_short(&i.owner, cx.lang);
            let label = i.due_at.map(late).unwrap_or_default();
            lines.push(fit_line(
                vec![
                    Span::styled(format!("  {label} "), cx.p.warn),
                    Span::styled(format!("{} ", one_line(i.text(cx.lang))), cx.p.base),
                    Span::styled(owner, cx.p.dim),
                ],
                w,
            ));
        }
    }
    let any = !lines.is_empty();
    if !any {
        lines.push(Line::from(Span::styled(fit(cx.tr.t("wall.nothing_overdue"), w), cx.p.ok)));
        if let Some((due, text)) = next_due(cx, v) {
            let left = cx.tr.f("ui.due_in", &[("t", &span(due - now))]);
            lines.push(fit_line(
                vec![
                    Span::styled(format!("{} ", cx.tr.t("ui.next_due")), cx.p.dim),
                    Span::styled(format!("{left} "), cx.p.warn),
                    Span::styled(text, cx.p.base),
                ],
                w,
            ));
        }
    }
    let heading = if any { cx.p.alert } else { cx.p.ok.add_modifier(Modifier::BOLD) };
    Section {
        title: title(cx, cx.tr.t("wall.overdue").to_string(), heading, w),
        min: lines.len().min(3),
        lines,
    }
}

/// The soonest deadline still ahead: an open item, an unmet clock or an update.
fn next_due(cx: &Ctx, v: &WallView) -> Option<(DateTime<Utc>, String)> {
    let items = v
        .checklist
        .iter()
        .filter(|i| i.state == ItemState::Open)
        .filter_map(|i| i.due_at.map(|d| (d, one_line(i.text(cx.lang)))));
    let clocks = v
        .clocks
        .iter()
        .filter(|c| !c.met)
        .map(|c| (due_at(v.incident.declared_at, c.deadline, cx.tz), c.label.get(cx.lang).to_string()));
    let updates = v.updates.iter().map(|(a, d)| {
        let who = cx.tr.t(&format!("audience.{a}")).to_string();
        (*d, cx.tr.f("wall.update_due", &[("audience", &who)]))
    });
    items
        .chain(clocks)
        .chain(updates)
        .filter(|(d, _)| *d > cx.now)
        .min_by_key(|(d, _)| *d)
}

fn roles_section<'a>(cx: &Ctx, v: &WallView, w: usize) -> Section<'a> {
    let required = v.roles.iter().filter(|r| r.required || r.critical).count();
    let filled = v.roles.iter().filter(|r| (r.required || r.critical) && r.holder.is_some()).count();
    let name_w = v
        .roles
        .iter()
        .map(|r| cx.content.role_short(&r.role, cx.lang).width())
        .max()
        .unwrap_or(0)
        .min(12);
    let cells: Vec<Vec<Span>> = v
        .roles
        .iter()
        .map(|r| {
            let short = cx.content.role_short(&r.role, cx.lang);
            let pad = " ".repeat(name_w.saturating_sub(short.width()));
            let head = Span::styled(format!("{short}{pad} "), if r.critical { cx.p.bold } else { cx.p.base });
            let tail = match &r.holder {
                Some(name) => Span::styled(one_line(name), cx.p.accent),
                None if r.critical => Span::styled(format!("! {}", cx.tr.t("ui.unassigned")), cx.p.alert),
                None => Span::styled(cx.tr.t("ui.unassigned").to_string(), cx.p.warn),
            };
            vec![head, tail]
        })
        .collect();
    Section {
        title: title(cx, format!("{} {filled}/{required}", cx.tr.t("wall.roles")), cx.p.accent, w),
        min: 1,
        lines: grid(cells, w),
    }
}

/// Lay cells out in as many equal columns as fit, row by row.
fn grid<'a>(cells: Vec<Vec<Span<'a>>>, w: usize) -> Vec<Line<'a>> {
    let widest = cells
        .iter()
        .map(|c| c.iter().map(|s| s.content.width()).sum::<usize>())
        .max()
        .unwrap_or(0);
    let cell_w = widest.min(w).max(1);
    let gap = 3;
    let cols = ((w + gap) / (cell_w + gap)).max(1);
    let cell_w = if cols == 1 { w } else { cell_w };
    cells
        .chunks(cols)
        .map(|row| {
            let mut spans = Vec::new();
            for (i, c) in row.iter().enumerate() {
                let line = fit_line(c.clone(), cell_w);
                let used: usize = line.spans.iter().map(|s| s.content.width()).sum();
                spans.extend(line.spans);
                if i + 1 < row.len() {
                    spans.push(Span::raw(" ".repeat(cell_w.saturating_sub(used) + gap)));
                }
            }
            Line::from(spans)
        })
        .collect()
}

fn gauge(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width).checked_div(total).unwrap_or(0).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

fn checklist_section<'a>(cx: &Ctx, v: &WallView, w: usize) -> Section<'a> {
    let total = v.checklist.len();
    let done = v.checklist.iter().filter(|i| i.state != ItemState::Open).count();
    let pct = (done * 100).checked_div(total).unwrap_or(0);
    let mut lines = Vec::new();
    let count = format!(" {done}/{total} {pct}%");
    let label = format!("{} ", cx.tr.t("wall.total"));
    let gw = w.saturating_sub(label.width() + count.width()).min(40);
    let full = if done == total { cx.p.ok } else { cx.p.accent };
    lines.push(fit_line(
        vec![
            Span::styled(label, cx.p.bold),
            Span::styled(gauge(done, total, gw), full),
            Span::styled(count.clone(), cx.p.bold),
        ],
        w,
    ));
    // One gauge per phase, in columns when there is room.
    let phases: Vec<(Phase, usize, usize)> = Phase::ALL
        .iter()
        .map(|p| {
            let items: Vec<_> = v.checklist.iter().filter(|i| i.phase == *p).collect();
            (*p, items.iter().filter(|i| i.state != ItemState::Open).count(), items.len())
        })
        .filter(|(_, _, t)| *t > 0)
        .collect();
    let name_w = phases
        .iter()
        .map(|(p, _, _)| cx.tr.t(p.label_key()).width())
        .max()
        .unwrap_or(0)
        .min(12);
    let cell_w = 36.min(w);
    let cells: Vec<Vec<Span>> = phases
        .iter()
        .map(|(p, d, t)| {
            let current = *p == v.incident.phase;
            let name = fit(cx.tr.t(p.label_key()), name_w);
            let pad = " ".repeat(name_w.saturating_sub(name.width()));
            let head = format!("{}{name}{pad} ", if current { "▶" } else { " " });
            let tail = format!(" {d}/{t}");
            let gw = cell_w.saturating_sub(head.width() + tail.width()).min(16);
            let style = if current { cx.p.accent } else { cx.p.base };
            let gstyle = if d == t { cx.p.ok } else { cx.p.accent };
            vec![
                Span::styled(head, style),
                Span::styled(gauge(*d, *t, gw), gstyle),
                Span::styled(tail, cx.p.base),
            ]
        })
        .collect();
    lines.extend(grid(cells, w));
    Section {
        title: title(cx, format!("{}{count}", cx.tr.t("wall.checklist")), cx.p.accent, w),
        min: 1,
        lines,
    }
}

fn statement_section<'a>(cx: &Ctx, v: &WallView, w: usize) -> Section<'a> {
    let mut lines = Vec::new();
    match v.releases.first() {
        Some(r) => {
            let who = cx.tr.t(&format!("audience.{}", r.audience)).to_string();
            let mut spans = vec![Span::styled(
                cx.tr.f(
                    "wall.released",
                    &[("audience", &who), ("v", &r.version.to_string()), ("t", &cx.short(r.released_at))],
                ),
                cx.p.bold,
            )];
            if r.withdrawn {
                spans.push(Span::styled(format!(" · {}", cx.tr.t("wall.withdrawn")), cx.p.alert));
            }
            lines.push(fit_line(spans, w));
            let body_style = if r.withdrawn { cx.p.dim } else { cx.p.base };
            for l in wrap(&r.body, w) {
                lines.push(Line::from(Span::styled(l, body_style)));
            }
            if v.releases.len() > 1 {
                let list: Vec<String> = v.releases[1..]
                    .iter()
                    .map(|o| {
                        format!(
                            "{} v{} {}",
                            cx.tr.t(&format!("audience.{}", o.audience)),
                            o.version,
                            cx.short(o.released_at)
                        )
                    })
                    .collect();
                let also = cx.tr.f("wall.also_released", &[("list", &list.join("、"))]);
                // Kept right under the heading line, so it shows before a long text.
                lines.insert(1, Line::from(Span::styled(fit(&also, w), cx.p.dim)));
            }
        }
        None => lines.push(Line::from(Span::styled(fit(cx.tr.t("wall.no_release"), w), cx.p.dim))),
    }
    Section {
        title: title(cx, cx.tr.t("wall.statement").to_string(), cx.p.accent, w),
        min: lines.len().min(2),
        lines,
    }
}

fn timeline_section<'a>(cx: &Ctx, v: &WallView, w: usize) -> Section<'a> {
    let lines = v
        .timeline
        .iter()
        .map(|e| {
            let at = cx.short(e.at);
            fit_line(
                vec![
                    Span::styled(format!("{at} "), cx.p.dim),
                    Span::styled(one_line(e.text.get(cx.lang)), cx.p.base),
                ],
                w,
            )
        })
        .collect();
    Section {
        title: title(cx, cx.tr.t("wall.timeline").to_string(), cx.p.accent, w),
        min: 1,
        lines,
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
    spans.push(Span::styled(format!(" {} ", cx.tr.t("wall.keys")), cx.p.dim));
    if state.others > 0 {
        spans.push(Span::styled(
            format!(" {}", cx.tr.f("wall.others", &[("n", &state.others.to_string())])),
            cx.p.dim,
        ));
    }
    f.render_widget(Paragraph::new(fit_line(spans, usize::from(area.width))), area);
}

// ---- text helpers -----------------------------------------------------------

/// Control characters (a tab, a newline in a title) as spaces.
/// One line of user text: breaks as spaces, other control and BiDi
/// characters as visible marks.
fn one_line(s: &str) -> String {
    crate::text::inert(&s.replace(['\n', '\r', '\t'], " ")).into_owned()
}

/// Cut a line's spans to `width` cells, marking the cut with "…".
fn fit_line(spans: Vec<Span<'_>>, width: usize) -> Line<'_> {
    let mut out = Vec::new();
    let mut used = 0;
    for s in spans {
        let w = s.content.width();
        if used + w <= width {
            used += w;
            out.push(s);
            continue;
        }
        let cut = fit(&s.content, width.saturating_sub(used));
        if !cut.is_empty() {
            out.push(Span::styled(cut, s.style));
        }
        break;
    }
    Line::from(out)
}

/// Break text into lines of at most `width` cells, keeping the text's own
/// line breaks. Words of Latin script move to the next line whole; CJK,
/// which has no spaces, breaks between any two characters; a word longer
/// than a line is cut. A character wider than the width is left out
/// rather than overflow.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    if width == 0 {
        return out;
    }
    let s = crate::text::inert(s);
    for para in s.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for token in tokens(para) {
            let tw = token.width();
            if used + tw <= width {
                line.push_str(&token);
                used += tw;
                continue;
            }
            if token == " " {
                // A space at a break is dropped.
                out.push(std::mem::take(&mut line).trim_end().to_string());
                used = 0;
                continue;
            }
            if tw <= width && used > 0 {
                out.push(std::mem::take(&mut line).trim_end().to_string());
                line.push_str(&token);
                used = tw;
                continue;
            }
            for c in token.chars() {
                let cw = c.width().unwrap_or(0);
                if cw > width {
                    continue;
                }
                if used + cw > width {
                    out.push(std::mem::take(&mut line).trim_end().to_string());
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        out.push(line.trim_end().to_string());
    }
    // Trailing empty lines carry nothing.
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// Split a line into wrap units: a space, a wide character, or a run of
/// narrow non-space characters (a word). Control characters go; a tab is
/// a space.
fn tokens(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in s.chars() {
        let c = if c == '\t' { ' ' } else { c };
        if c.is_control() {
            continue;
        }
        if c == ' ' || c.width().unwrap_or(0) > 1 {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

// ---- the loop -----------------------------------------------------------------

enum Input {
    Quit,
    Toggle,
    Redraw,
    Nothing,
}

fn input(ev: &Event) -> Input {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press => match k.code {
            KeyCode::Char('q') | KeyCode::Char('Q') | KeyCode::Esc => Input::Quit,
            KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => Input::Quit,
            KeyCode::Char('t') | KeyCode::Char('T') => Input::Toggle,
            _ => Input::Redraw,
        },
        Event::Resize(..) | Event::FocusGained => Input::Redraw,
        _ => Input::Nothing,
    }
}

/// What the screen shows that changes with time alone: the wall-clock
/// second and, in a drill, the scenario second.
fn shown_second(state: &WallState, now: DateTime<Utc>) -> (i64, i64) {
    let scenario = state
        .view
        .as_ref()
        .and_then(|v| v.drill.as_ref())
        .map_or(0, |d| d.clock.scenario_ms(now) / 1000);
    (now.timestamp(), scenario)
}

fn err(e: StoreError) -> io::Error {
    io::Error::other(e.to_string())
}

/// The running wall: the store it reads and what it last showed.
struct Wall<'a> {
    store: Store,
    /// The file opened: if the path comes to name another file (a restore
    /// by copy or move), the wall opens that one instead of showing the old.
    file: Option<crate::store::FileId>,
    incident: Option<i64>,
    content: &'a Content,
    look: Look,
    state: WallState,
    version: i64,
}

impl Wall<'_> {
    /// Read the state again if another process committed since the last
    /// look; true when the screen must be drawn again.
    fn refresh(&mut self) -> bool {
        if let Some(path) = self.store.path()
            && crate::store::file_id(&path) != self.file
        {
            match Store::open_reader(&path) {
                Ok(store) => {
                    self.store = store;
                    self.file = crate::store::file_id(&path);
                    // Whatever the new file's data version, read it all.
                    self.version = i64::MIN;
                }
                Err(e) => {
                    let note = Some(e.to_string());
                    let changed = self.state.notice != note;
                    self.state.notice = note;
                    return changed;
                }
            }
        }
        let loaded = self.store.data_version().and_then(|v| {
            if v == self.version {
                Ok(None)
            } else {
                Ok(Some((v, load(&self.store, self.incident, self.content, Utc::now())?)))
            }
        });
        match loaded {
            Ok(None) => false,
            Ok(Some((v, s))) => {
                self.version = v;
                self.state = s;
                true
            }
            // The last good state stays up, marked as stale; the next tick tries again.
            Err(e) => {
                let note = Some(e.to_string());
                let changed = self.state.notice != note;
                self.state.notice = note;
                changed
            }
        }
    }

    fn event_loop(&mut self, terminal: &mut Terminal<CrosstermBackend<io::Stdout>>, session: &Session) -> io::Result<()> {
        let mut dirty = true;
        let mut shown = None;
        loop {
            if session.stopping() {
                return Ok(());
            }
            dirty |= self.refresh();
            let now = Utc::now();
            let second = Some(shown_second(&self.state, now));
            if dirty || second != shown {
                terminal.draw(|f| draw(f, &self.state, now, self.content, self.look))?;
                dirty = false;
                shown = second;
            }
            // Sleep until a key or the next tick; never spin.
            if event::poll(TICK)? {
                loop {
                    match input(&event::read()?) {
                        Input::Quit => return Ok(()),
                        Input::Toggle => {
                            self.look.high_contrast = !self.look.high_contrast;
                            dirty = true;
                        }
                        Input::Redraw => dirty = true,
                        Input::Nothing => {}
                    }
                    if !event::poll(Duration::ZERO)? {
                        break;
                    }
                }
            }
        }
    }
}

pub fn run(path: &Path, incident: Option<i64>, high_contrast: bool, content: &Content, lang: Lang, tz: Tz) -> io::Result<()> {
    // Every way the file can be wrong is told in one line, before the
    // terminal is touched.
    let store = Store::open_reader(path).map_err(err)?;
    if let Some(id) = incident {
        store.incident(id).map_err(err)?;
    }
    let version = store.data_version().map_err(err)?;
    let state = load(&store, incident, content, Utc::now()).map_err(err)?;
    let mut wall = Wall {
        store,
        file: crate::store::file_id(path),
        incident,
        content,
        look: Look { lang, tz, high_contrast },
        state,
        version,
    };
    let session = Session::start(Modes { paste_and_mouse: false })?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let result = wall.event_loop(&mut terminal, &session);
    session.finished();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_cjk_by_width_and_keeps_breaks() {
        assert_eq!(wrap("親愛的病友", 4), vec!["親愛", "的病", "友"]);
        assert_eq!(wrap("all three PCs", 9), vec!["all three", "PCs"]);
        assert_eq!(wrap("unbreakable", 4), vec!["unbr", "eaka", "ble"]);
        assert_eq!(wrap("看 NAS 也被", 5), vec!["看", "NAS", "也被"]);
        assert_eq!(wrap("ab\ncd", 10), vec!["ab", "cd"]);
        assert!(wrap("中", 1).is_empty());
        assert!(wrap("anything", 0).is_empty());
    }

    #[test]
    fn elapsed_counts_hours_past_a_day() {
        let t = DateTime::from_timestamp(0, 0).expect("t");
        assert_eq!(elapsed(t, t + chrono::Duration::seconds(3 * 3600 + 65)), "3:01:05");
        assert_eq!(elapsed(t, t + chrono::Duration::hours(30)), "30:00:00");
        assert_eq!(elapsed(t + chrono::Duration::hours(1), t), "0:00:00");
    }

    #[test]
    fn big_digits_shrink_to_fit() {
        assert_eq!(pick_size("0:47:05", 80, 8), (Some(PixelSize::Full), 8));
        assert_eq!(pick_size("0:47:05", 80, 5), (Some(PixelSize::HalfHeight), 4));
        assert_eq!(pick_size("0:47:05", 40, 8), (Some(PixelSize::Quadrant), 4));
        assert_eq!(pick_size("0:47:05", 20, 8), (None, 0));
    }
}
