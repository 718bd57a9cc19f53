//! Readiness: what the preparedness view shows and the one-page report a
//! director takes to a staff meeting (`crisisdesk readiness`), read from
//! the store in one place so the console and the page always agree.
//!
//! Like the after-action report, the page names people but never carries
//! phone numbers: it says whether a number is on file.

use std::io::Write;

use crate::domain::zone::Zone;
use chrono::{DateTime, Utc};

use super::{Block, ReportFormat, html, markdown, s};
use crate::domain::Content;
use crate::domain::drill::library;
use crate::domain::prepare::{
    Band, HeatCounts, ProgrammeRow, Starter, heat_counts, heat_grid_text, heat_map_svg, programme, review_overdue, stale, trend,
};
use crate::domain::types::CaseSource;
use crate::error::{Error, Msg};
use crate::i18n::{Catalog, Lang};
use crate::store::{OpenItem, ResourceRow, RiskRow, Store, StoreError};

/// A risk with its words in the interface language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskLine {
    pub row: RiskRow,
    pub title: String,
    pub controls: String,
    pub overdue: bool,
}

impl RiskLine {
    pub fn band(&self) -> Band {
        Band::of(self.row.likelihood, self.row.impact)
    }
}

/// An inventory entry with its words in the interface language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceLine {
    pub row: ResourceRow,
    pub name: String,
    pub hint: String,
    pub stale: bool,
}

/// One entry of the case library, whatever its source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseLine {
    pub source: CaseSource,
    pub crisis_type: String,
    pub title: String,
    pub happened: String,
    pub went_well: String,
    pub went_wrong: String,
    pub lessons: String,
    pub scenarios: Vec<String>,
    pub items: Vec<String>,
    pub incident: Option<i64>,
}

/// Everything the preparedness view and the readiness page show.
#[derive(Clone, Debug, Default)]
pub struct Readiness {
    /// Whether the starter register and inventory are in the database.
    pub loaded: bool,
    pub risks: Vec<RiskLine>,
    pub heat: HeatCounts,
    pub resources: Vec<ResourceLine>,
    pub stale_days: u32,
    /// Oldest undrilled crisis type first.
    pub programme: Vec<ProgrammeRow>,
    pub open_items: Vec<OpenItem>,
    pub cases: Vec<CaseLine>,
}

impl Readiness {
    pub fn load(
        store: &Store,
        content: &Content,
        starter: &Starter,
        lang: Lang,
        tz: Zone,
        now: DateTime<Utc>,
    ) -> Result<Readiness, StoreError> {
        let risks: Vec<RiskLine> = store
            .risks()?
            .into_iter()
            .map(|row| {
                let def = row.starter.as_deref().and_then(|id| starter.risk(id));
                let pick = |own: &str, dflt: Option<&str>| {
                    if own.is_empty() {
                        dflt.unwrap_or("").to_string()
                    } else {
                        own.to_string()
                    }
                };
                RiskLine {
                    title: pick(&row.title, def.map(|d| d.title.get(lang))),
                    controls: pick(&row.controls, def.map(|d| d.controls.get(lang))),
                    overdue: review_overdue(row.review_on, now, tz),
                    row,
                }
            })
            .collect();
        let heat = heat_counts(risks.iter().map(|r| (r.row.likelihood, r.row.impact)));
        let resources = store
            .resources()?
            .into_iter()
            .map(|row| {
                let def = row.starter.as_deref().and_then(|id| starter.entry(id));
                ResourceLine {
                    name: if row.name.is_empty() {
                        def.map(|d| d.name.get(lang).to_string()).unwrap_or_default()
                    } else {
                        row.name.clone()
                    },
                    hint: def.map(|d| d.hint.get(lang).to_string()).unwrap_or_default(),
                    stale: stale(row.checked_at, now, starter.stale_days),
                    row,
                }
            })
            .collect();
        let types: Vec<&str> = content.type_ids().collect();
        let programme = programme(&types, &store.drill_runs()?, &store.drill_plans()?);
        let mut cases: Vec<CaseLine> = store
            .cases()?
            .into_iter()
            .map(|c| CaseLine {
                source: CaseSource::Clinic,
                crisis_type: c.crisis_type,
                title: c.draft.title,
                happened: c.draft.happened,
                went_well: c.draft.went_well,
                went_wrong: c.draft.went_wrong,
                lessons: c.draft.lessons,
                scenarios: Vec::new(),
                items: Vec::new(),
                incident: c.incident_id,
            })
            .collect();
        cases.extend(starter.cases.iter().map(|c| CaseLine {
            source: CaseSource::Article,
            crisis_type: c.crisis_type.clone(),
            title: c.title.get(lang).to_string(),
            happened: c.happened.get(lang).to_string(),
            went_well: c.went_well.get(lang).to_string(),
            went_wrong: c.went_wrong.get(lang).to_string(),
            lessons: c.lessons.get(lang).to_string(),
            scenarios: c.scenarios.clone(),
            items: c.items.clone(),
            incident: None,
        }));
        // Every built-in scenario is an entry too: what it plays out, and
        // what its objectives say a good response does.
        if let Ok(lib) = library(content) {
            let sep = if lang == Lang::Zh { "；" } else { "; " };
            cases.extend(lib.iter().map(|(sc, _)| {
                CaseLine {
                    source: CaseSource::Scenario,
                    crisis_type: sc.crisis_type.clone(),
                    title: sc.title.get(lang).to_string(),
                    happened: sc.synopsis.get(lang).to_string(),
                    went_well: String::new(),
                    went_wrong: String::new(),
                    lessons: sc.objective.iter().map(|o| o.text.get(lang)).collect::<Vec<_>>().join(sep),
                    scenarios: vec![sc.id.clone()],
                    items: starter
                        .cases
                        .iter()
                        .filter(|c| c.scenarios.contains(&sc.id))
                        .flat_map(|c| c.items.iter().cloned())
                        .collect(),
                    incident: None,
                }
            }));
        }
        Ok(Readiness {
            loaded: store.preparedness_loaded()?,
            risks,
            heat,
            resources,
            stale_days: starter.stale_days,
            programme,
            open_items: store.open_improvements(tz)?,
            cases,
        })
    }

    pub fn overdue_reviews(&self) -> usize {
        self.risks.iter().filter(|r| r.overdue).count()
    }

    pub fn stale_entries(&self) -> usize {
        self.resources.iter().filter(|r| r.stale).count()
    }
}

/// The built-in starter, or the command's one-line error.
pub fn starter(content: &Content) -> Result<&'static Starter, Error> {
    crate::domain::prepare::builtin(content).map_err(|e| Msg::new("cli.content_damaged").with("detail", e).into())
}

/// The drill programme as an inline SVG: one row per crisis type with a
/// bar for its latest score (0–100) and the trend beside it.
pub fn programme_svg(rows: &[(String, Option<u8>, String)], title: &str) -> String {
    const ROW: u32 = 30;
    const LABEL: u32 = 230;
    const BAR: u32 = 250;
    let w = LABEL + BAR + 260;
    let h = ROW * u32::try_from(rows.len()).unwrap_or(0) + 20;
    let esc = crate::text::html;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"drill-programme\" role=\"img\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" aria-label=\"{}\"><title>{}</title>",
        esc(title),
        esc(title)
    );
    for (i, (label, last, note)) in rows.iter().enumerate() {
        let y = 10 + ROW * u32::try_from(i).unwrap_or(0);
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"14\">{}</text>",
            LABEL - 8,
            y + 18,
            esc(label)
        ));
        out.push_str(&format!(
            "<rect class=\"track\" x=\"{LABEL}\" y=\"{}\" width=\"{BAR}\" height=\"20\" fill=\"#eee\" stroke=\"#999\"/>",
            y + 3
        ));
        if let Some(score) = last {
            let fill = match score {
                0..=49 => "#e07b7b",
                50..=79 => "#f0c75e",
                _ => "#7bbf7b",
            };
            out.push_str(&format!(
                "<rect class=\"score\" data-score=\"{score}\" x=\"{LABEL}\" y=\"{}\" width=\"{}\" height=\"20\" fill=\"{fill}\"/>",
                y + 3,
                BAR * u32::from(*score) / 100
            ));
        }
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"13\">{}</text>",
            LABEL + BAR + 8,
            y + 18,
            esc(note)
        ));
    }
    out.push_str("</svg>");
    out
}

/// The same as text, for Markdown: a bar of ten blocks per type.
fn programme_text(rows: &[(String, Option<u8>, String)]) -> Vec<String> {
    let width = rows
        .iter()
        .map(|(l, _, _)| unicode_width::UnicodeWidthStr::width(l.as_str()))
        .max()
        .unwrap_or(0);
    rows.iter()
        .map(|(label, last, note)| {
            let pad = width.saturating_sub(unicode_width::UnicodeWidthStr::width(label.as_str()));
            let bar = match last {
                Some(s) => {
                    let n = usize::from(*s).div_ceil(10).min(10);
                    format!("{}{}", "█".repeat(n), "░".repeat(10 - n))
                }
                None => "·".repeat(10),
            };
            format!("{label}{} {bar} {note}", " ".repeat(pad))
        })
        .collect()
}

fn build(r: &Readiness, content: &Content, clinic: &str, lang: Lang, tz: Zone, now: DateTime<Utc>) -> Vec<Block> {
    let tr = Catalog::get(lang);
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d").to_string();
    let type_name = |t: &str| {
        content
            .playbook(t)
            .map(|p| p.name.get(lang).to_string())
            .unwrap_or_else(|| t.to_string())
    };
    let mut b = Vec::new();
    let title = if clinic.trim().is_empty() {
        tr.f("readiness.title", &[("date", &local(now))])
    } else {
        format!("{} — {clinic}", tr.f("readiness.title", &[("date", &local(now))]))
    };
    b.push(Block::Title(title));
    b.push(Block::Para(tr.f(
        "readiness.summary",
        &[
            ("risks", &r.risks.len().to_string()),
            ("overdue", &r.overdue_reviews().to_string()),
            ("entries", &r.resources.len().to_string()),
            ("stale", &r.stale_entries().to_string()),
            ("days", &r.stale_days.to_string()),
            ("items", &r.open_items.len().to_string()),
        ],
    )));
    if !r.loaded {
        b.push(Block::Notice(s(tr.t("readiness.not_loaded"))));
    }

    // The heat map.
    b.push(Block::Heading(s(tr.t("readiness.heat_map"))));
    b.push(Block::Picture {
        svg: heat_map_svg(
            &r.heat,
            tr.t("readiness.heat_map"),
            tr.t("prepare.impact"),
            tr.t("prepare.likelihood"),
        ),
        text: heat_grid_text(&r.heat, tr.t("prepare.impact"), tr.t("prepare.likelihood")),
    });
    b.push(Block::Para(s(tr.t("readiness.bands"))));
    let rows = r
        .risks
        .iter()
        .map(|x| {
            vec![
                format!(
                    "{}×{}={}",
                    x.row.likelihood,
                    x.row.impact,
                    u32::from(x.row.likelihood) * u32::from(x.row.impact)
                ),
                type_name(&x.row.crisis_type),
                x.title.clone(),
                if x.row.owner.is_empty() {
                    s(tr.t("prepare.no_owner"))
                } else {
                    x.row.owner.clone()
                },
                if x.overdue {
                    tr.f("prepare.review_overdue", &[("date", &day(x.row.review_on))])
                } else {
                    day(x.row.review_on)
                },
            ]
        })
        .collect();
    b.push(Block::Table(
        vec![
            s(tr.t("readiness.col.score")),
            s(tr.t("readiness.col.type")),
            s(tr.t("readiness.col.risk")),
            s(tr.t("readiness.col.owner")),
            s(tr.t("readiness.col.review")),
        ],
        rows,
    ));

    // The drill programme.
    b.push(Block::Heading(s(tr.t("readiness.programme"))));
    let pic: Vec<(String, Option<u8>, String)> = r
        .programme
        .iter()
        .map(|p| {
            let last = p
                .last
                .map(|t| tr.f("prepare.last_on", &[("date", &local(t))]))
                .unwrap_or_else(|| s(tr.t("prepare.never_drilled")));
            let next = p.planned.map(day).unwrap_or_else(|| "—".into());
            (
                type_name(&p.crisis_type),
                p.scores.last().copied(),
                tr.f("readiness.programme_note", &[("last", &last), ("next", &next)]),
            )
        })
        .collect();
    b.push(Block::Picture {
        svg: programme_svg(&pic, tr.t("readiness.programme")),
        text: programme_text(&pic),
    });
    let rows = r
        .programme
        .iter()
        .map(|p| {
            vec![
                type_name(&p.crisis_type),
                p.last.map(local).unwrap_or_else(|| s(tr.t("prepare.never_drilled"))),
                if p.scores.is_empty() { "—".into() } else { trend(&p.scores) },
                match p.planned {
                    Some(d) if d < now.with_timezone(&tz).date_naive() => tr.f("prepare.plan_passed", &[("date", &day(d))]),
                    Some(d) => day(d),
                    None => "—".into(),
                },
            ]
        })
        .collect();
    b.push(Block::Table(
        vec![
            s(tr.t("readiness.col.type")),
            s(tr.t("readiness.col.last")),
            s(tr.t("readiness.col.scores")),
            s(tr.t("readiness.col.next")),
        ],
        rows,
    ));

    // Improvement items still open.
    b.push(Block::Heading(s(tr.t("readiness.open_items"))));
    if r.open_items.is_empty() {
        b.push(Block::Para(s(tr.t("prepare.no_open_items"))));
    } else {
        let today = now.with_timezone(&tz).date_naive();
        let rows = r
            .open_items
            .iter()
            .map(|o| {
                vec![
                    if o.drill {
                        tr.f("prepare.from_drill", &[("id", &o.incident.to_string())])
                    } else {
                        tr.f("prepare.from_incident", &[("id", &o.incident.to_string())])
                    },
                    o.action.clone(),
                    o.owner.clone(),
                    match o.due {
                        Some(d) if d < today => tr.f("prepare.item_overdue", &[("date", &day(d))]),
                        Some(d) => day(d),
                        None => "—".into(),
                    },
                ]
            })
            .collect();
        b.push(Block::Table(
            vec![
                s(tr.t("readiness.col.from")),
                s(tr.t("readiness.col.action")),
                s(tr.t("readiness.col.owner")),
                s(tr.t("readiness.col.due")),
            ],
            rows,
        ));
    }

    // The inventory.
    b.push(Block::Heading(s(tr.t("readiness.inventory"))));
    let rows = r
        .resources
        .iter()
        .map(|x| {
            vec![
                s(tr.t(&x.row.kind.label_key())),
                x.name.clone(),
                x.row.detail.clone(),
                s(if x.row.phone.is_empty() { "—" } else { "✓" }),
                x.row.owner.clone(),
                match (x.row.checked_at, x.stale) {
                    (None, _) => s(tr.t("prepare.never_checked")),
                    (Some(c), true) => tr.f("prepare.stale_since", &[("date", &local(c))]),
                    (Some(c), false) => local(c),
                },
            ]
        })
        .collect();
    b.push(Block::Table(
        vec![
            s(tr.t("readiness.col.kind")),
            s(tr.t("readiness.col.entry")),
            s(tr.t("readiness.col.detail")),
            s(tr.t("readiness.col.phone")),
            s(tr.t("readiness.col.owner")),
            s(tr.t("readiness.col.checked")),
        ],
        rows,
    ));

    // The case library, by count, and the clinic's own by title.
    b.push(Block::Heading(s(tr.t("readiness.cases"))));
    let own: Vec<String> = r
        .cases
        .iter()
        .filter(|c| c.source == CaseSource::Clinic)
        .map(|c| format!("{} ({})", c.title, type_name(&c.crisis_type)))
        .collect();
    b.push(Block::Para(tr.f(
        "readiness.cases_count",
        &[("n", &r.cases.len().to_string()), ("own", &own.len().to_string())],
    )));
    if !own.is_empty() {
        b.push(Block::List(own));
    }
    b
}

#[allow(clippy::too_many_arguments)]
pub fn write(
    store: &Store,
    content: &Content,
    format: ReportFormat,
    lang: Lang,
    tz: Zone,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let starter = starter(content)?;
    let r = Readiness::load(store, content, starter, lang, tz, now)?;
    let clinic = store.profile()?.get("name").to_string();
    let blocks = build(&r, content, &clinic, lang, tz, now);
    match format {
        ReportFormat::Md => markdown(&blocks, out),
        ReportFormat::Html => html(&blocks, lang, out),
    }
    .map_err(Error::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::RiskEdit;
    use chrono::TimeZone;

    #[test]
    fn the_page_escapes_what_the_clinic_typed_and_shows_overdue_reviews() {
        let content = Content::builtin().expect("content");
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).single().expect("t");
        let mut store = Store::open_in_memory().expect("store");
        store
            .load_preparedness(starter(content).expect("starter"), now, crate::domain::zone::Zone::taipei())
            .expect("load");
        let edit = RiskEdit {
            likelihood: 5,
            impact: 5,
            owner: "<b>x</b>".into(),
            controls: String::new(),
            review_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("d"),
        };
        store.add_risk("violence", "<script>alert(1)</script>", &edit, now).expect("risk");
        let mut html = Vec::new();
        write(
            &store,
            content,
            ReportFormat::Html,
            Lang::En,
            crate::domain::zone::Zone::taipei(),
            now,
            &mut html,
        )
        .expect("html");
        let html = String::from_utf8(html).expect("utf-8");
        assert!(!html.contains("<script>") && !html.contains("<b>x"), "markup escaped");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("review overdue since 2026-01-01"));
        assert!(html.contains("data-likelihood=\"5\" data-impact=\"5\" data-count=\"1\""));
        let mut md = Vec::new();
        write(
            &store,
            content,
            ReportFormat::Md,
            Lang::Zh,
            crate::domain::zone::Zone::taipei(),
            now,
            &mut md,
        )
        .expect("md");
        let md = String::from_utf8(md).expect("utf-8");
        assert!(md.contains("1 項逾期未檢討"), "{md}");
        assert!(md.contains("5 │ ·M  4H  2E  ·E  1E"), "{md}");
    }
}
