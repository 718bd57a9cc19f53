//! The preparedness view (`Z`, or `crisisdesk prepare`): four tabs for a
//! quiet day. Risks with the heat map, the resource and contact inventory,
//! the drill programme with the open improvement items, and the case
//! library. Opening it the first time loads the starter register and
//! inventory.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::action::Action;
use crate::app::App;
use crate::app::forms::case::CaseForm;
use crate::app::forms::drill_plan::DrillPlanForm;
use crate::app::forms::resource::ResourceForm;
use crate::app::forms::risk::RiskForm;
use crate::app::layer::{Layer, Outcome};
use crate::app::popups::form::Form;
use crate::domain::prepare::{Band, trend};
use crate::domain::types::{CaseSource, ResourceKind};
use crate::keymap::Ctx;
use crate::report::readiness::Readiness;
use crate::ui::{centered, fit, frame, list, theme};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Risks,
    Inventory,
    Drills,
    Cases,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Risks, Tab::Inventory, Tab::Drills, Tab::Cases];

    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    fn label_key(self) -> &'static str {
        match self {
            Tab::Risks => "prepare.tab.risks",
            Tab::Inventory => "prepare.tab.inventory",
            Tab::Drills => "prepare.tab.drills",
            Tab::Cases => "prepare.tab.cases",
        }
    }
}

pub struct PrepareView {
    pub tab: Tab,
    /// The selected row of each tab.
    pub sel: [usize; 4],
}

impl PrepareView {
    /// Open on the risks tab, loading the starter register and inventory
    /// the first time.
    pub fn open(app: &mut App) {
        app.open_prepare();
        if app.prepare.is_some() {
            app.push(PrepareView {
                tab: Tab::Risks,
                sel: [0; 4],
            });
        }
    }

    fn len(&self, r: &Readiness) -> usize {
        match self.tab {
            Tab::Risks => r.risks.len(),
            Tab::Inventory => r.resources.len(),
            Tab::Drills => r.programme.len(),
            Tab::Cases => r.cases.len(),
        }
    }

    fn sel(&self) -> usize {
        self.sel[self.tab.index()]
    }

    fn wrong_tab(app: &mut App, want: Tab) {
        let name = app.tr.t(want.label_key()).to_string();
        app.refuse(app.tr.f("prepare.wrong_tab", &[("tab", &name)]));
    }
}

impl Layer for PrepareView {
    fn ctx(&self) -> Ctx {
        Ctx::Prepare
    }

    fn takes_back(&self) -> bool {
        true
    }

    fn handle(&mut self, app: &mut App, action: Action) -> Outcome {
        let Some(r) = app.prepare.as_ref() else {
            return Outcome::Close;
        };
        let n = self.len(r);
        let i = self.tab.index();
        match action {
            Action::Back => {
                app.prepare = None;
                return Outcome::Close;
            }
            Action::Up => self.sel[i] = self.sel[i].saturating_sub(1),
            Action::Down => self.sel[i] = (self.sel[i] + 1).min(n.saturating_sub(1)),
            Action::NextTab => self.tab = Tab::ALL[(i + 1) % 4],
            Action::PrevTab => self.tab = Tab::ALL[(i + 3) % 4],
            Action::PrepEdit => match self.tab {
                Tab::Risks => {
                    if let Some(risk) = r.risks.get(self.sel()).cloned() {
                        let form = RiskForm::edit(app, &risk);
                        app.push(Form::new(form));
                    }
                }
                Tab::Inventory => {
                    if let Some(entry) = r.resources.get(self.sel()).cloned() {
                        let form = ResourceForm::new(app, &entry);
                        app.push(Form::new(form));
                    }
                }
                Tab::Drills => {
                    if let Some(row) = r.programme.get(self.sel()).cloned() {
                        let form = DrillPlanForm::new(app, &row);
                        app.push(Form::new(form));
                    }
                }
                Tab::Cases => Self::wrong_tab(app, Tab::Risks),
            },
            Action::MarkChecked => match self.tab {
                Tab::Inventory => {
                    if let Some((id, name)) = r.resources.get(self.sel()).map(|e| (e.row.id, e.name.clone())) {
                        match app.store.mark_checked(id, app.now) {
                            Ok(()) => {
                                app.reload();
                                app.info(app.tr.f("prepare.checked", &[("name", &name)]));
                            }
                            Err(e) => app.fail(e),
                        }
                    }
                }
                _ => Self::wrong_tab(app, Tab::Inventory),
            },
            Action::PlanDrill => match self.tab {
                Tab::Drills => {
                    if let Some(row) = r.programme.get(self.sel()).cloned() {
                        let form = DrillPlanForm::new(app, &row);
                        app.push(Form::new(form));
                    }
                }
                _ => Self::wrong_tab(app, Tab::Drills),
            },
            Action::PrepAdd => match self.tab {
                Tab::Risks => {
                    let form = RiskForm::add(app);
                    app.push(Form::new(form));
                }
                Tab::Cases => match CaseForm::from_closed_incident(app) {
                    Some(form) => app.push(Form::new(form)),
                    None => app.refuse_text("prepare.no_closed_incident"),
                },
                _ => Self::wrong_tab(app, Tab::Cases),
            },
            _ => {}
        }
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let tr = app.tr;
        let r = centered(area, 130, area.height.saturating_sub(2));
        let inner = frame(f, r, tr.t("popup.prepare"));
        let Some(data) = app.prepare.as_ref() else { return };
        let w = usize::from(inner.width);
        let [tabs, summary, body] = Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        // The tab bar.
        let mut spans = Vec::new();
        for (i, t) in Tab::ALL.iter().enumerate() {
            let label = format!(" {} {} ", i + 1, tr.t(t.label_key()));
            let style = if *t == self.tab {
                theme::selected().add_modifier(Modifier::BOLD)
            } else {
                theme::dim()
            };
            spans.push(Span::styled(label, style));
            spans.push(Span::raw(" "));
        }
        f.render_widget(Paragraph::new(crate::ui::widgets::fit_line(spans, w)), tabs);
        let counts = tr.f(
            "prepare.summary",
            &[
                ("overdue", &data.overdue_reviews().to_string()),
                ("stale", &data.stale_entries().to_string()),
                ("items", &data.open_items.len().to_string()),
            ],
        );
        let alert = data.overdue_reviews() + data.stale_entries() > 0;
        f.render_widget(
            Paragraph::new(Span::styled(fit(&counts, w), if alert { theme::alert() } else { theme::dim() })),
            summary,
        );
        match self.tab {
            Tab::Risks => self.draw_risks(f, app, data, body),
            Tab::Inventory => self.draw_inventory(f, app, data, body),
            Tab::Drills => self.draw_drills(f, app, data, body),
            Tab::Cases => self.draw_cases(f, app, data, body),
        }
    }
}

fn band_style(b: Band) -> Style {
    let bg = match b {
        Band::Low => Color::Green,
        Band::Medium => Color::Yellow,
        Band::High => Color::LightRed,
        Band::Extreme => Color::Red,
    };
    Style::default().bg(bg).fg(Color::Black)
}

fn type_name(app: &App, t: &str) -> String {
    app.content
        .playbook(t)
        .map(|p| p.name.get(app.lang).to_string())
        .unwrap_or_else(|| t.to_string())
}

fn item_text(app: &App, id: &str) -> Option<String> {
    app.content
        .playbooks()
        .flat_map(|p| p.item.iter())
        .find(|i| i.id == id)
        .map(|i| i.text.get(app.lang).to_string())
}

/// The detail of the selected row under the list, wrapped.
fn detail(f: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

/// Split a body into the list and a few lines of detail under it.
fn split(body: Rect, detail_rows: u16) -> (Rect, Rect) {
    let d = detail_rows.min(body.height / 2);
    let [top, bottom] = Layout::vertical([Constraint::Min(0), Constraint::Length(d)]).areas(body);
    (top, bottom)
}

impl PrepareView {
    fn draw_risks(&self, f: &mut Frame, app: &App, data: &Readiness, body: Rect) {
        let tr = app.tr;
        let sel = self.sel[0];
        // The heat map beside the list when there is room, else the list alone.
        let map_w: u16 = 26;
        let (left, right) = if body.width >= 70 {
            let [l, r] = Layout::horizontal([Constraint::Min(0), Constraint::Length(map_w)]).areas(body);
            (l, Some(r))
        } else {
            (body, None)
        };
        let (top, bottom) = split(left, 4);
        let w = usize::from(top.width);
        let mut lines: Vec<Line<'static>> = data
            .risks
            .iter()
            .map(|x| {
                let score = u32::from(x.row.likelihood) * u32::from(x.row.impact);
                let owner = if x.row.owner.is_empty() {
                    tr.t("prepare.no_owner").to_string()
                } else {
                    x.row.owner.clone()
                };
                let review = x.row.review_on.format("%Y-%m-%d").to_string();
                let review = if x.overdue {
                    tr.f("prepare.review_overdue", &[("date", &review)])
                } else {
                    review
                };
                let text = format!(
                    " {} · {} · {owner} · {review}",
                    x.title,
                    app.content
                        .playbook(&x.row.crisis_type)
                        .map(|p| p.name.get(app.lang).to_string())
                        .unwrap_or_default()
                );
                let head = format!("{}×{}={score:<2}", x.row.likelihood, x.row.impact);
                let rest_w = w.saturating_sub(unicode_width::UnicodeWidthStr::width(head.as_str()));
                Line::from(vec![
                    Span::styled(head, band_style(x.band())),
                    Span::styled(fit(&text, rest_w), if x.overdue { theme::alert() } else { Style::default() }),
                ])
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::from(Span::styled(tr.t("prepare.no_risks"), theme::dim())));
        }
        list(f, top, lines, sel);
        if let Some(x) = data.risks.get(sel) {
            detail(
                f,
                bottom,
                vec![
                    Line::from(Span::styled(x.title.clone(), theme::bold())),
                    Line::from(format!("{}：{}", tr.t("prepare.controls"), x.controls)),
                ],
            );
        }
        if let Some(map) = right {
            let selected = data.risks.get(sel).map(|x| (x.row.likelihood, x.row.impact));
            let mut rows: Vec<Line<'static>> = vec![Line::from(Span::styled(tr.t("prepare.heat_map").to_string(), theme::bold()))];
            for i in (1..=5u8).rev() {
                let mut spans = vec![Span::raw(format!("{i} "))];
                for l in 1..=5u8 {
                    let n = data.heat[usize::from(i - 1)][usize::from(l - 1)];
                    let mut st = band_style(Band::of(l, i));
                    if selected == Some((l, i)) {
                        st = st.add_modifier(Modifier::REVERSED | Modifier::BOLD);
                    }
                    let cell = if n == 0 { "  · ".to_string() } else { format!("{n:>3} ") };
                    spans.push(Span::styled(cell, st));
                }
                rows.push(Line::from(spans));
            }
            rows.push(Line::from(Span::styled("   1   2   3   4   5".to_string(), theme::dim())));
            rows.push(Line::from(Span::styled(
                fit(
                    &format!("↑{} →{}", tr.t("prepare.impact"), tr.t("prepare.likelihood")),
                    usize::from(map.width),
                ),
                theme::dim(),
            )));
            f.render_widget(Paragraph::new(rows), map);
        }
    }

    fn draw_inventory(&self, f: &mut Frame, app: &App, data: &Readiness, body: Rect) {
        let tr = app.tr;
        let sel = self.sel[1];
        let (top, bottom) = split(body, 3);
        let w = usize::from(top.width);
        let mut lines: Vec<Line<'static>> = data
            .resources
            .iter()
            .map(|x| {
                let mark = if x.row.kind == ResourceKind::External { "☎" } else { "▣" };
                let checked = match x.row.checked_at {
                    None => tr.t("prepare.never_checked").to_string(),
                    Some(c) => c.with_timezone(&app.tz).format("%Y-%m-%d").to_string(),
                };
                let checked = if x.stale {
                    format!("⚠ {checked}")
                } else {
                    format!("✓ {checked}")
                };
                let mut parts = vec![format!("{mark} {}", x.name)];
                for p in [&x.row.detail, &x.row.phone, &x.row.owner] {
                    if !p.is_empty() {
                        parts.push(p.clone());
                    }
                }
                parts.push(checked);
                Line::from(Span::styled(
                    fit(&parts.join(" · "), w),
                    if x.stale { theme::alert() } else { Style::default() },
                ))
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::from(Span::styled(tr.t("prepare.no_entries"), theme::dim())));
        }
        list(f, top, lines, sel);
        if let Some(x) = data.resources.get(sel) {
            let by = x.row.checked_by.clone().filter(|b| !b.is_empty()).unwrap_or_else(|| "—".into());
            detail(
                f,
                bottom,
                vec![
                    Line::from(Span::styled(x.hint.clone(), theme::dim())),
                    Line::from(tr.f("prepare.stale_rule", &[("days", &data.stale_days.to_string()), ("by", &by)])),
                ],
            );
        }
    }

    fn draw_drills(&self, f: &mut Frame, app: &App, data: &Readiness, body: Rect) {
        let tr = app.tr;
        let sel = self.sel[2];
        let rows = u16::try_from(data.programme.len()).unwrap_or(u16::MAX).saturating_add(1);
        let [top, bottom] = Layout::vertical([Constraint::Length(rows.min(body.height)), Constraint::Min(0)]).areas(body);
        let w = usize::from(top.width);
        let today = app.now.with_timezone(&app.tz).date_naive();
        let mut lines: Vec<Line<'static>> = vec![Line::from(Span::styled(fit(tr.t("prepare.programme_head"), w), theme::bold()))];
        for p in &data.programme {
            let last = p
                .last
                .map(|t| {
                    tr.f(
                        "prepare.last_on",
                        &[("date", &t.with_timezone(&app.tz).format("%Y-%m-%d").to_string())],
                    )
                })
                .unwrap_or_else(|| tr.t("prepare.never_drilled").to_string());
            let scores = if p.scores.is_empty() { "—".to_string() } else { trend(&p.scores) };
            let (next, late) = match p.planned {
                Some(d) => (d.format("%Y-%m-%d").to_string(), d < today),
                None => (tr.t("prepare.not_planned").to_string(), false),
            };
            let text = tr.f(
                "prepare.programme_line",
                &[
                    ("type", &type_name(app, &p.crisis_type)),
                    ("last", &last),
                    ("scores", &scores),
                    ("next", &next),
                ],
            );
            let style = if p.last.is_none() || late {
                theme::alert()
            } else {
                Style::default()
            };
            lines.push(Line::from(Span::styled(fit(&text, w), style)));
        }
        // The heading is line 0: the selection is one line down.
        list(f, top, lines, sel + 1);
        let mut items: Vec<Line<'static>> = vec![Line::from(Span::styled(
            fit(&tr.f("prepare.open_items", &[("n", &data.open_items.len().to_string())]), w),
            theme::bold(),
        ))];
        for o in &data.open_items {
            let from = if o.drill {
                tr.f("prepare.from_drill", &[("id", &o.incident.to_string())])
            } else {
                tr.f("prepare.from_incident", &[("id", &o.incident.to_string())])
            };
            let due = o.due.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "—".into());
            let late = o.due.is_some_and(|d| d < today);
            items.push(Line::from(Span::styled(
                fit(&format!("{from} · {} · {} · {due}", o.action, o.owner), w),
                if late { theme::alert() } else { Style::default() },
            )));
        }
        if data.open_items.is_empty() {
            items.push(Line::from(Span::styled(tr.t("prepare.no_open_items"), theme::dim())));
        }
        f.render_widget(Paragraph::new(items), bottom);
    }

    fn draw_cases(&self, f: &mut Frame, app: &App, data: &Readiness, body: Rect) {
        let tr = app.tr;
        let sel = self.sel[3];
        let (top, bottom) = split(body, body.height / 2);
        let w = usize::from(top.width);
        let lines: Vec<Line<'static>> = data
            .cases
            .iter()
            .map(|c| {
                let src = tr.t(&c.source.label_key()).to_string();
                let style = if c.source == CaseSource::Clinic {
                    theme::bold()
                } else {
                    Style::default()
                };
                Line::from(Span::styled(
                    fit(&format!("[{src}] {} · {}", c.title, type_name(app, &c.crisis_type)), w),
                    style,
                ))
            })
            .collect();
        list(f, top, lines, sel);
        if let Some(c) = data.cases.get(sel) {
            let mut d = vec![Line::from(Span::styled(c.title.clone(), theme::bold()))];
            for (key, text) in [
                ("prepare.case.happened", &c.happened),
                ("prepare.case.went_well", &c.went_well),
                ("prepare.case.went_wrong", &c.went_wrong),
                ("prepare.case.lessons", &c.lessons),
            ] {
                if !text.is_empty() {
                    d.push(Line::from(vec![
                        Span::styled(format!("{}：", tr.t(key)), theme::dim()),
                        Span::raw(text.clone()),
                    ]));
                }
            }
            if !c.scenarios.is_empty() {
                d.push(Line::from(vec![
                    Span::styled(format!("{}：", tr.t("prepare.case.scenarios")), theme::dim()),
                    Span::raw(c.scenarios.join(", ")),
                ]));
            }
            if !c.items.is_empty() {
                let texts: Vec<String> = c.items.iter().map(|id| item_text(app, id).unwrap_or_else(|| id.clone())).collect();
                d.push(Line::from(vec![
                    Span::styled(format!("{}：", tr.t("prepare.case.items")), theme::dim()),
                    Span::raw(texts.join("；")),
                ]));
            }
            if let Some(id) = c.incident {
                d.push(Line::from(Span::styled(
                    tr.f("prepare.case.from", &[("id", &id.to_string())]),
                    theme::dim(),
                )));
            }
            detail(f, bottom, d);
        }
    }
}
