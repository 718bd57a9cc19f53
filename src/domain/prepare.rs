//! Quiet-time preparedness: the risk register and its heat map, the
//! resource and contact inventory and when an entry goes stale, the drill
//! programme per crisis type, and the case library. Plain rules and the
//! starter files in `assets/preparedness/`; no SQL, no terminal.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::domain::zone::Zone;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use super::content::{Content, toml_error};
use super::types::{NoteKind, Rating, ResourceKind};
use crate::i18n::{Lang, Text};

// ---- the starter files -----------------------------------------------------

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskDef {
    pub id: String,
    #[serde(rename = "type")]
    pub crisis_type: String,
    pub title: Text,
    pub likelihood: u8,
    pub impact: u8,
    pub controls: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RisksFile {
    review_days: u32,
    risk: Vec<RiskDef>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryDef {
    pub id: String,
    pub kind: ResourceKind,
    pub name: Text,
    /// What to write down for it (policy number, section, where it is kept).
    pub hint: Text,
    /// A public number that is the same for every clinic (110, 165, 1922).
    #[serde(default)]
    pub phone: String,
    /// The crisis types that need it; empty means every type.
    #[serde(default)]
    pub types: Vec<String>,
    /// The playbook checklist items that need it.
    #[serde(default)]
    pub items: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InventoryFile {
    stale_days: u32,
    entry: Vec<EntryDef>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseDef {
    pub id: String,
    #[serde(rename = "type")]
    pub crisis_type: String,
    pub title: Text,
    pub happened: Text,
    pub went_well: Text,
    pub went_wrong: Text,
    pub lessons: Text,
    /// Built-in scenarios that drill this case.
    pub scenarios: Vec<String>,
    /// Playbook checklist items the case is the reason for.
    pub items: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CasesFile {
    case: Vec<CaseDef>,
}

/// The shipped starter register, inventory and case library.
#[derive(Clone, Debug)]
pub struct Starter {
    /// Days from loading until a starter risk's first review.
    pub review_days: u32,
    pub risks: Vec<RiskDef>,
    /// An inventory entry not checked for this many days is stale.
    pub stale_days: u32,
    pub entries: Vec<EntryDef>,
    pub cases: Vec<CaseDef>,
}

impl Starter {
    pub fn risk(&self, id: &str) -> Option<&RiskDef> {
        self.risks.iter().find(|r| r.id == id)
    }

    pub fn entry(&self, id: &str) -> Option<&EntryDef> {
        self.entries.iter().find(|e| e.id == id)
    }
}

pub const RISKS_FILE: (&str, &str) = (
    "assets/preparedness/risks.toml",
    include_str!("../../assets/preparedness/risks.toml"),
);
pub const INVENTORY_FILE: (&str, &str) = (
    "assets/preparedness/inventory.toml",
    include_str!("../../assets/preparedness/inventory.toml"),
);
pub const CASES_FILE: (&str, &str) = (
    "assets/preparedness/cases.toml",
    include_str!("../../assets/preparedness/cases.toml"),
);

fn unique<'a>(file: &str, what: &str, ids: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut seen = HashSet::new();
    for id in ids {
        if id.trim().is_empty() {
            return Err(format!("{file}: a {what} has an empty id"));
        }
        if !seen.insert(id) {
            return Err(format!("{file}: {what} {id:?} appears twice"));
        }
    }
    Ok(())
}

/// Parse the three starter files and check them against the content:
/// crisis types, playbook items and scenarios must exist, scores are 1–5.
pub fn parse_starter(
    risks: (&str, &str),
    inventory: (&str, &str),
    cases: (&str, &str),
    content: &Content,
    scenario_ids: &[&str],
) -> Result<Starter, String> {
    let r: RisksFile = toml::from_str(risks.1).map_err(|e| toml_error(risks.0, risks.1, &e))?;
    let inv: InventoryFile = toml::from_str(inventory.1).map_err(|e| toml_error(inventory.0, inventory.1, &e))?;
    let c: CasesFile = toml::from_str(cases.1).map_err(|e| toml_error(cases.0, cases.1, &e))?;
    let known_type = |t: &str| content.has_type(t);
    let known_item = |i: &str| content.playbooks().any(|p| p.item.iter().any(|it| it.id == i));
    unique(risks.0, "risk", r.risk.iter().map(|x| x.id.as_str()))?;
    for x in &r.risk {
        if !known_type(&x.crisis_type) {
            return Err(format!("{}: risk {:?}: unknown crisis type {:?}", risks.0, x.id, x.crisis_type));
        }
        if !(1..=5).contains(&x.likelihood) || !(1..=5).contains(&x.impact) {
            return Err(format!("{}: risk {:?}: likelihood and impact must be 1 to 5", risks.0, x.id));
        }
    }
    if inv.stale_days == 0 {
        return Err(format!("{}: stale_days must be at least 1", inventory.0));
    }
    unique(inventory.0, "entry", inv.entry.iter().map(|x| x.id.as_str()))?;
    for x in &inv.entry {
        if let Some(t) = x.types.iter().find(|t| !known_type(t)) {
            return Err(format!("{}: entry {:?}: unknown crisis type {t:?}", inventory.0, x.id));
        }
        if let Some(i) = x.items.iter().find(|i| !known_item(i)) {
            return Err(format!("{}: entry {:?}: unknown checklist item {i:?}", inventory.0, x.id));
        }
    }
    unique(cases.0, "case", c.case.iter().map(|x| x.id.as_str()))?;
    for x in &c.case {
        if !known_type(&x.crisis_type) {
            return Err(format!("{}: case {:?}: unknown crisis type {:?}", cases.0, x.id, x.crisis_type));
        }
        if let Some(s) = x.scenarios.iter().find(|s| !scenario_ids.contains(&s.as_str())) {
            return Err(format!("{}: case {:?}: unknown scenario {s:?}", cases.0, x.id));
        }
        if let Some(i) = x.items.iter().find(|i| !known_item(i)) {
            return Err(format!("{}: case {:?}: unknown checklist item {i:?}", cases.0, x.id));
        }
    }
    Ok(Starter {
        review_days: r.review_days,
        risks: r.risk,
        stale_days: inv.stale_days,
        entries: inv.entry,
        cases: c.case,
    })
}

/// The built-in starter files, parsed and checked once.
pub fn builtin(content: &Content) -> Result<&'static Starter, String> {
    static CELL: OnceLock<Result<Starter, String>> = OnceLock::new();
    CELL.get_or_init(|| {
        let lib = super::drill::library(content)?;
        let ids: Vec<&str> = lib.iter().map(|(s, _)| s.id.as_str()).collect();
        parse_starter(RISKS_FILE, INVENTORY_FILE, CASES_FILE, content, &ids)
    })
    .as_ref()
    .map_err(Clone::clone)
}

// ---- risks and the heat map ------------------------------------------------

/// How a likelihood × impact score reads on the heat map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    Low,
    Medium,
    High,
    Extreme,
}

impl Band {
    pub fn of(likelihood: u8, impact: u8) -> Band {
        match u32::from(likelihood) * u32::from(impact) {
            0..=4 => Band::Low,
            5..=9 => Band::Medium,
            10..=14 => Band::High,
            _ => Band::Extreme,
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Band::Low => "prepare.band.low",
            Band::Medium => "prepare.band.medium",
            Band::High => "prepare.band.high",
            Band::Extreme => "prepare.band.extreme",
        }
    }

    /// One letter for the text grid.
    pub fn letter(self) -> char {
        match self {
            Band::Low => 'L',
            Band::Medium => 'M',
            Band::High => 'H',
            Band::Extreme => 'E',
        }
    }

    /// The cell colour in the HTML heat map.
    pub fn fill(self) -> &'static str {
        match self {
            Band::Low => "#cfe8cf",
            Band::Medium => "#fff2b3",
            Band::High => "#ffc999",
            Band::Extreme => "#f4a3a3",
        }
    }
}

/// How many risks sit in each cell: `[impact - 1][likelihood - 1]`.
pub type HeatCounts = [[usize; 5]; 5];

pub fn heat_counts(scores: impl IntoIterator<Item = (u8, u8)>) -> HeatCounts {
    let mut grid = [[0usize; 5]; 5];
    for (l, i) in scores {
        if (1..=5).contains(&l) && (1..=5).contains(&i) {
            grid[usize::from(i - 1)][usize::from(l - 1)] += 1;
        }
    }
    grid
}

/// A review date passed: the day after it, in the clinic's zone.
pub fn review_overdue(review_on: NaiveDate, now: DateTime<Utc>, tz: Zone) -> bool {
    review_on < now.with_timezone(&tz).date_naive()
}

/// Parse a typed date (YYYY-MM-DD); None when it is not one.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The heat map as text, for Markdown and the terminal's narrow form:
/// impact up the side (5 at the top), likelihood along the bottom; each
/// cell is its count (· for none) and its band letter.
pub fn heat_grid_text(counts: &HeatCounts, impact: &str, likelihood: &str) -> Vec<String> {
    let mut out = vec![format!("{impact} ↑")];
    for i in (0..5).rev() {
        let cells: Vec<String> = (0..5)
            .map(|l| {
                let n = counts[i][l];
                let band = Band::of(l as u8 + 1, i as u8 + 1).letter();
                if n == 0 { format!(" ·{band}") } else { format!("{n:>2}{band}") }
            })
            .collect();
        out.push(format!("{} │{}", i + 1, cells.join(" ")));
    }
    out.push(format!("  └{}", "─".repeat(20)));
    out.push(format!(
        "    {}  {likelihood} →",
        (1..=5).map(|l| format!("{l:<3}")).collect::<Vec<_>>().join(" ")
    ));
    out
}

/// The heat map as an inline SVG: 25 cells (`class="cell"`, with
/// `data-likelihood`, `data-impact` and `data-count`), the count in each,
/// and the axis labels. Self-contained: no fonts or files from outside.
pub fn heat_map_svg(counts: &HeatCounts, title: &str, impact: &str, likelihood: &str) -> String {
    const CELL: u32 = 56;
    const LEFT: u32 = 48;
    const TOP: u32 = 12;
    let w = LEFT + CELL * 5 + 12;
    let h = TOP + CELL * 5 + 52;
    let esc = crate::text::html;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heat-map\" role=\"img\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" aria-label=\"{}\">",
        esc(title)
    );
    s.push_str(&format!("<title>{}</title>", esc(title)));
    for i in (1..=5u8).rev() {
        let y = TOP + CELL * u32::from(5 - i);
        for l in 1..=5u8 {
            let x = LEFT + CELL * u32::from(l - 1);
            let n = counts[usize::from(i - 1)][usize::from(l - 1)];
            let band = Band::of(l, i);
            s.push_str(&format!(
                "<rect class=\"cell\" data-likelihood=\"{l}\" data-impact=\"{i}\" data-count=\"{n}\" x=\"{x}\" y=\"{y}\" width=\"{CELL}\" height=\"{CELL}\" fill=\"{}\" stroke=\"#555\"/>",
                band.fill()
            ));
            if n > 0 {
                s.push_str(&format!(
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"20\" font-weight=\"bold\">{n}</text>",
                    x + CELL / 2,
                    y + CELL / 2 + 7
                ));
            }
        }
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"14\">{i}</text>",
            LEFT - 6,
            y + CELL / 2 + 5
        ));
    }
    let base = TOP + CELL * 5;
    for l in 1..=5u32 {
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"14\">{l}</text>",
            LEFT + CELL * (l - 1) + CELL / 2,
            base + 18
        ));
    }
    s.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"14\">{} →</text>",
        LEFT + CELL * 5 / 2,
        base + 40,
        esc(likelihood)
    ));
    s.push_str(&format!(
        "<text x=\"14\" y=\"{}\" text-anchor=\"middle\" font-size=\"14\" transform=\"rotate(-90 14 {})\">{} →</text>",
        TOP + CELL * 5 / 2,
        TOP + CELL * 5 / 2,
        esc(impact)
    ));
    s.push_str("</svg>");
    s
}

// ---- the inventory ---------------------------------------------------------

/// An entry never checked, or last checked more than `stale_days` ago.
pub fn stale(checked_at: Option<DateTime<Utc>>, now: DateTime<Utc>, stale_days: u32) -> bool {
    checked_at.is_none_or(|c| now - c > chrono::Duration::days(i64::from(stale_days)))
}

/// Whether an inventory entry is needed by an incident of `crisis_type`
/// whose checklist holds `item_keys`.
pub fn entry_needed(def: &EntryDef, crisis_type: &str, item_keys: &[&str]) -> bool {
    def.items.iter().any(|i| item_keys.contains(&i.as_str())) || def.types.is_empty() || def.types.iter().any(|t| t == crisis_type)
}

// ---- the drill programme ---------------------------------------------------

/// One drill, as the programme reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrillRun {
    pub incident: i64,
    pub crisis_type: String,
    pub at: DateTime<Utc>,
    pub score: u8,
}

/// A crisis type's line in the drill programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgrammeRow {
    pub crisis_type: String,
    pub last: Option<DateTime<Utc>>,
    /// Scores oldest first.
    pub scores: Vec<u8>,
    pub planned: Option<NaiveDate>,
}

/// A drill's score, 0–100: the mean of its objective ratings (P 100, S 67,
/// M 33, U 0) when the facilitator rated any, else the share of the
/// checklist done or skipped.
pub fn drill_score(ratings: &[Rating], completion: (usize, usize)) -> u8 {
    if ratings.is_empty() {
        let (done, total) = completion;
        return u8::try_from((done * 100).checked_div(total).unwrap_or(0).min(100)).unwrap_or(100);
    }
    let points: u32 = ratings
        .iter()
        .map(|r| match r {
            Rating::P => 100,
            Rating::S => 67,
            Rating::M => 33,
            Rating::U => 0,
        })
        .sum();
    let n = u32::try_from(ratings.len()).unwrap_or(u32::MAX);
    u8::try_from((points + n / 2) / n).unwrap_or(100)
}

/// The programme: one row per crisis type, the type never drilled first
/// (in the order given), then the longest since its last drill.
pub fn programme(types: &[&str], runs: &[DrillRun], plans: &[(String, NaiveDate)]) -> Vec<ProgrammeRow> {
    let mut rows: Vec<ProgrammeRow> = types
        .iter()
        .map(|t| {
            let mut mine: Vec<&DrillRun> = runs.iter().filter(|r| r.crisis_type == *t).collect();
            mine.sort_by_key(|r| (r.at, r.incident));
            ProgrammeRow {
                crisis_type: (*t).to_string(),
                last: mine.last().map(|r| r.at),
                scores: mine.iter().map(|r| r.score).collect(),
                planned: plans.iter().find(|(pt, _)| pt == t).map(|(_, d)| *d),
            }
        })
        .collect();
    // Stable: types never drilled keep the given order, ahead of the rest.
    rows.sort_by_key(|r| r.last.map_or((0, None), |l| (1, Some(l))));
    rows
}

/// Scores as a short trend: "40 → 67 → 100" (the last five).
pub fn trend(scores: &[u8]) -> String {
    let from = scores.len().saturating_sub(5);
    scores[from..].iter().map(u8::to_string).collect::<Vec<_>>().join(" → ")
}

// ---- the case library ------------------------------------------------------

/// What a clinic's own case starts from, taken from its after-action review.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseDraft {
    pub title: String,
    pub happened: String,
    pub went_well: String,
    pub went_wrong: String,
    pub lessons: String,
}

/// Prefill a case from a closed incident: what happened from the briefing's
/// nature and the hot-wash notes, what went well from the strengths, what
/// went wrong from the areas for improvement, lessons from the improvement
/// plan (its items and the open follow-ups).
pub fn case_from_review(title: &str, nature: Option<&str>, notes: &[(NoteKind, String)], improvements: &[String], lang: Lang) -> CaseDraft {
    let sep = if lang == Lang::Zh { "；" } else { "; " };
    let join = |kind: NoteKind| {
        notes
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, t)| t.trim())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(sep)
    };
    let mut happened: Vec<String> = nature
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .into_iter()
        .collect();
    let hotwash = join(NoteKind::Hotwash);
    if !hotwash.is_empty() {
        happened.push(hotwash);
    }
    CaseDraft {
        title: title.trim().to_string(),
        happened: happened.join(sep),
        went_well: join(NoteKind::Strength),
        went_wrong: join(NoteKind::Improvement),
        lessons: improvements
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(sep),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn content() -> &'static Content {
        Content::builtin().expect("content")
    }

    #[test]
    fn the_starter_files_load_and_cover_every_crisis_type() {
        let s = builtin(content()).expect("starter");
        for pb in content().playbooks() {
            assert!(s.risks.iter().any(|r| r.crisis_type == pb.id), "no starter risk for {}", pb.id);
        }
        for want in [
            "lawyer",
            "insurer",
            "pr-firm",
            "it-vendor",
            "health-bureau",
            "cdc",
            "tfda",
            "police",
            "mediation",
        ] {
            assert!(s.entry(want).is_some_and(|e| e.kind == ResourceKind::External), "{want}");
        }
        for want in ["backup", "spare-devices", "crisis-budget"] {
            assert!(s.entry(want).is_some_and(|e| e.kind == ResourceKind::Internal), "{want}");
        }
        assert_eq!(s.entry("cdc").map(|e| e.phone.as_str()), Some("1922"));
        assert!(s.cases.len() >= 9);
        for c in &s.cases {
            assert!(!c.scenarios.is_empty() && !c.items.is_empty(), "{} links nothing", c.id);
        }
    }

    #[test]
    fn a_bad_starter_file_names_the_file_and_what_is_wrong() {
        let c = content();
        let ok_inv = INVENTORY_FILE;
        let ok_cases = CASES_FILE;
        let ids = ["laser-burn"];
        let bad_score = (
            "r.toml",
            "review_days = 9\n[[risk]]\nid = \"x\"\ntype = \"violence\"\ntitle = { zh = \"a\", en = \"a\" }\nlikelihood = 6\nimpact = 1\ncontrols = { zh = \"\", en = \"\" }\n",
        );
        let e = parse_starter(
            bad_score,
            ok_inv,
            ok_cases,
            c,
            &[
                "laser-burn",
                "birth-injury",
                "xray-posted",
                "review-storm",
                "competence-questioned",
                "aesthetic-ransomware",
                "covid-cluster",
                "measles-cluster",
                "flu-surge",
            ],
        )
        .expect_err("6");
        assert!(e.contains("r.toml") && e.contains("1 to 5"), "{e}");
        let typo = ("r.toml", "review_days = 9\n[[risk]]\nid = \"x\"\ntype = \"violence\"\ntitel = 1\n");
        let e = parse_starter(typo, ok_inv, ok_cases, c, &ids).expect_err("typo");
        assert!(e.contains("r.toml") && e.contains("line"), "{e}");
        let bad_item = (
            "i.toml",
            "stale_days = 1\n[[entry]]\nid = \"x\"\nkind = \"external\"\nname = { zh = \"a\", en = \"a\" }\nhint = { zh = \"a\", en = \"a\" }\nitems = [\"no-such-item\"]\n",
        );
        let e = parse_starter(RISKS_FILE, bad_item, ok_cases, c, &ids).expect_err("item");
        assert!(e.contains("no-such-item"), "{e}");
        let e = parse_starter(RISKS_FILE, ok_inv, ok_cases, c, &ids).expect_err("scenario");
        assert!(e.contains("unknown scenario"), "{e}");
    }

    #[test]
    fn bands_and_the_heat_grid() {
        assert_eq!(Band::of(1, 1), Band::Low);
        assert_eq!(Band::of(3, 3), Band::Medium);
        assert_eq!(Band::of(3, 4), Band::High);
        assert_eq!(Band::of(5, 5), Band::Extreme);
        let counts = heat_counts([(3, 5), (3, 5), (4, 2), (9, 1)]);
        assert_eq!(counts[4][2], 2);
        assert_eq!(counts[1][3], 1);
        assert_eq!(counts.iter().flatten().sum::<usize>(), 3, "out of range is left out");
        let grid = heat_grid_text(&counts, "impact", "likelihood");
        assert_eq!(grid.len(), 8);
        assert!(grid[1].starts_with("5 │") && grid[1].contains(" 2E"), "{grid:?}");
        let svg = heat_map_svg(&counts, "<map>", "impact", "likelihood");
        assert_eq!(svg.matches("<rect class=\"cell\"").count(), 25);
        assert!(svg.contains("data-likelihood=\"3\" data-impact=\"5\" data-count=\"2\""));
        assert!(svg.contains("&lt;map&gt;") && !svg.contains("<map>"));
    }

    #[test]
    fn stale_and_overdue() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).single().expect("t");
        assert!(stale(None, now, 180));
        assert!(!stale(Some(now - chrono::Duration::days(180)), now, 180));
        assert!(stale(Some(now - chrono::Duration::days(181)), now, 180));
        let tz = crate::domain::zone::Zone::taipei();
        assert!(review_overdue(NaiveDate::from_ymd_opt(2026, 11, 30).expect("d"), now, tz));
        assert!(!review_overdue(NaiveDate::from_ymd_opt(2026, 12, 1).expect("d"), now, tz));
    }

    #[test]
    fn scores_and_the_oldest_undrilled_type_first() {
        assert_eq!(drill_score(&[Rating::P, Rating::P], (0, 10)), 100);
        assert_eq!(drill_score(&[Rating::P, Rating::U], (0, 10)), 50);
        assert_eq!(drill_score(&[], (3, 10)), 30);
        assert_eq!(drill_score(&[], (0, 0)), 0);
        let at = |d| Utc.with_ymd_and_hms(2026, 1, d, 0, 0, 0).single().expect("t");
        let run = |i, t: &str, d, s| DrillRun {
            incident: i,
            crisis_type: t.into(),
            at: at(d),
            score: s,
        };
        let runs = [run(1, "a", 1, 40), run(2, "b", 5, 70), run(3, "a", 9, 90)];
        let plan = NaiveDate::from_ymd_opt(2027, 1, 1).expect("d");
        let rows = programme(&["a", "b", "c", "d"], &runs, &[("b".into(), plan)]);
        let order: Vec<&str> = rows.iter().map(|r| r.crisis_type.as_str()).collect();
        assert_eq!(order, ["c", "d", "b", "a"]);
        assert_eq!(rows[3].scores, [40, 90]);
        assert_eq!(rows[2].planned, Some(plan));
        assert_eq!(trend(&rows[3].scores), "40 → 90");
    }

    #[test]
    fn a_case_is_prefilled_from_the_review() {
        let notes = vec![
            (NoteKind::Strength, "窗口很快就位".to_string()),
            (NoteKind::Improvement, "聲明稿太晚".to_string()),
            (NoteKind::Hotwash, "第一小時混亂".to_string()),
            (NoteKind::Strength, "紀錄完整".to_string()),
        ];
        let d = case_from_review(" 勒索 ", Some("主機被加密"), &notes, &["每季演練".into()], Lang::Zh);
        assert_eq!(d.title, "勒索");
        assert_eq!(d.happened, "主機被加密；第一小時混亂");
        assert_eq!(d.went_well, "窗口很快就位；紀錄完整");
        assert_eq!(d.went_wrong, "聲明稿太晚");
        assert_eq!(d.lessons, "每季演練");
    }

    #[test]
    fn an_entry_is_needed_by_its_items_or_types() {
        let s = builtin(content()).expect("starter");
        let insurer = s.entry("insurer").expect("insurer");
        assert!(entry_needed(insurer, "medical-dispute", &[]));
        assert!(!entry_needed(insurer, "data-breach", &[]));
        assert!(entry_needed(insurer, "data-breach", &["md-insurance"]));
        assert!(entry_needed(s.entry("crisis-budget").expect("b"), "violence", &[]));
    }
}
