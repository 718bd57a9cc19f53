//! Tabletop drills: scenarios (the MSEL), the facilitator's clock, and
//! which injects fall due. Plain data and rules; no SQL, no terminal.

use std::collections::HashSet;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::content::{CRISIS_TYPES, Content, Phase, toml_error};
use super::types::Audience;
use crate::i18n::Text;

pub const METHODS: [&str; 5] = ["phone", "news", "social", "email", "walk-in"];
pub const RATINGS: [&str; 4] = ["P", "S", "M", "U"];
pub const SPEEDS: [u32; 3] = [1, 2, 5];
pub const CATEGORIES: [&str; 5] = ["planning", "organisation", "equipment", "training", "exercise"];

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: String,
    pub text: Text,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inject {
    pub number: u32,
    #[serde(default)]
    pub at_minutes: u32,
    pub from: Text,
    pub to: String,
    pub method: String,
    pub message: Text,
    pub expected: Text,
    pub objective: String,
    pub expect: Option<String>,
    pub within_minutes: Option<u32>,
    pub contingency: Option<u32>,
}

/// What kind of exercise a scenario is: talked through around the table,
/// or with injects that ask for real actions in the console.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Exercise {
    #[default]
    Tabletop,
    Functional,
}

impl Exercise {
    /// The catalog key of its name.
    pub fn label_key(self) -> &'static str {
        match self {
            Exercise::Tabletop => "exercise.tabletop",
            Exercise::Functional => "exercise.functional",
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    #[serde(default)]
    pub exercise: Exercise,
    pub title: Text,
    #[serde(rename = "type")]
    pub crisis_type: String,
    pub severity: u8,
    pub duration_minutes: u32,
    pub synopsis: Text,
    pub roles: Vec<String>,
    pub objective: Vec<Objective>,
    pub inject: Vec<Inject>,
    #[serde(default)]
    pub contingency: Vec<Inject>,
}

/// What the console can see for itself to decide an inject was answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    Role(String),
    /// Every one of these roles held at once (`roles:critical`: the
    /// critical roles of `roles.toml`).
    AllHeld(Vec<String>),
    Phase(Phase),
    Submitted,
    Released(Option<Audience>),
    Item(String),
    Note,
}

impl Expect {
    pub fn parse(s: &str, content: &Content, kind: &str) -> Option<Expect> {
        let (head, rest) = s.split_once(':').unwrap_or((s, ""));
        match (head, rest) {
            ("roles", "critical") => Some(Expect::AllHeld(content.critical_roles().map(|r| r.id.clone()).collect())),
            ("role", r) if content.role(r).is_some() => Some(Expect::Role(r.to_string())),
            ("phase", p) => Phase::from_id(p).map(Expect::Phase),
            ("statement", "submitted") => Some(Expect::Submitted),
            ("statement", "released") => Some(Expect::Released(None)),
            ("statement", a) => a
                .strip_prefix("released:")
                .and_then(Audience::parse)
                .map(|a| Expect::Released(Some(a))),
            ("item", key) if content.playbook(kind).is_some_and(|p| p.item.iter().any(|i| i.id == key)) => {
                Some(Expect::Item(key.to_string()))
            }
            ("note", "") => Some(Expect::Note),
            _ => None,
        }
    }
}

/// The line of `field` inside the `[[table]]` entry whose `number` (or
/// `id`) is `key`, so a semantic error names its place like a syntax one.
fn locate(src: &str, table: &str, key: &str, field: &str) -> Option<usize> {
    let header = format!("[[{table}]]");
    let lines: Vec<&str> = src.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() == header {
            let end = (i + 1..lines.len())
                .find(|j| lines[*j].trim_start().starts_with('['))
                .unwrap_or(lines.len());
            let block = &lines[i + 1..end];
            let is_it = block.iter().any(|l| {
                let t = l.trim().replace(' ', "");
                t == format!("number={key}") || t == format!("id=\"{key}\"")
            });
            if is_it {
                let at = block
                    .iter()
                    .position(|l| l.trim_start().starts_with(&format!("{field} ")) || l.trim_start().starts_with(&format!("{field}=")));
                // 1-based: the header is line i + 1, the block starts on i + 2.
                return Some(match at {
                    Some(k) => i + 2 + k,
                    None => i + 1,
                });
            }
            i = end;
        } else {
            i += 1;
        }
    }
    None
}

fn top_line(src: &str, field: &str) -> Option<usize> {
    src.lines()
        .position(|l| l.trim_start().starts_with(&format!("{field} ")) || l.trim_start().starts_with(&format!("{field}=")))
        .map(|i| i + 1)
}

impl Scenario {
    /// Parse and check a scenario. Every error names the file, the line and
    /// the field; all errors are reported, not just the first.
    pub fn parse(file: &str, src: &str, content: &Content) -> Result<Scenario, Vec<String>> {
        let sc: Scenario = toml::from_str(src).map_err(|e| vec![toml_error(file, src, &e)])?;
        let errs = sc.check(file, src, content);
        if errs.is_empty() { Ok(sc) } else { Err(errs) }
    }

    fn check(&self, file: &str, src: &str, content: &Content) -> Vec<String> {
        let mut errs = Vec::new();
        let at = |line: Option<usize>| line.map(|l| format!("{file}, line {l}")).unwrap_or_else(|| file.to_string());
        let mut top = |field: &str, msg: String| errs.push(format!("{}: {field}: {msg}", at(top_line(src, field))));
        if self.id.is_empty() || !self.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            top("id", "use lowercase letters, digits and '-'".into());
        }
        if !CRISIS_TYPES.contains(&self.crisis_type.as_str()) {
            top(
                "type",
                format!("unknown crisis type {:?}; known: {}", self.crisis_type, CRISIS_TYPES.join(", ")),
            );
        }
        if !(1..=4).contains(&self.severity) {
            top("severity", "must be 1 to 4".into());
        }
        if self.duration_minutes == 0 || self.duration_minutes > 24 * 60 {
            top("duration_minutes", "must be 1 to 1440".into());
        }
        for r in &self.roles {
            if content.role(r).is_none() {
                top("roles", format!("unknown role {r:?}"));
            }
        }
        if self.objective.is_empty() {
            top("objective", "a drill needs at least one objective".into());
        }
        if self.inject.is_empty() {
            top("inject", "a drill needs at least one inject".into());
        }
        for (field, t) in [("title", &self.title), ("synopsis", &self.synopsis)] {
            if t.zh.trim().is_empty() || t.en.trim().is_empty() {
                top(field, "needs both zh and en".into());
            }
        }
        let objectives: HashSet<&str> = self.objective.iter().map(|o| o.id.as_str()).collect();
        if objectives.len() != self.objective.len() {
            errs.push(format!("{}: objective: duplicate id", at(top_line(src, "[[objective]]"))));
        }
        let contingencies: HashSet<u32> = self.contingency.iter().map(|c| c.number).collect();
        let mut numbers = HashSet::new();
        let mut last = 0;
        for (table, list) in [("inject", &self.inject), ("contingency", &self.contingency)] {
            for i in list {
                let n = i.number.to_string();
                let mut bad = |field: &str, msg: String| {
                    errs.push(format!("{}: {table} {n}: {field}: {msg}", at(locate(src, table, &n, field))));
                };
                if !numbers.insert(i.number) {
                    bad("number", "duplicate inject number".into());
                }
                if content.role(&i.to).is_none() {
                    bad("to", format!("unknown role {:?}", i.to));
                }
                if !METHODS.contains(&i.method.as_str()) {
                    bad("method", format!("{:?} is not one of {}", i.method, METHODS.join(", ")));
                }
                if !objectives.contains(i.objective.as_str()) {
                    bad("objective", format!("no objective {:?}", i.objective));
                }
                for (field, t) in [("from", &i.from), ("message", &i.message), ("expected", &i.expected)] {
                    if t.zh.trim().is_empty() || t.en.trim().is_empty() {
                        bad(field, "needs both zh and en".into());
                    }
                }
                if table == "inject" {
                    if self.exercise == Exercise::Functional && i.expect.is_none() {
                        bad(
                            "expect",
                            "a functional exercise asks for a real action: give every inject an expect".into(),
                        );
                    }
                    if i.at_minutes < last {
                        bad(
                            "at_minutes",
                            format!("injects must be in time order ({} after {last})", i.at_minutes),
                        );
                    }
                    if i.at_minutes > self.duration_minutes {
                        bad(
                            "at_minutes",
                            format!("{} is after the drill ends ({})", i.at_minutes, self.duration_minutes),
                        );
                    }
                    last = i.at_minutes;
                } else if i.expect.is_some() || i.contingency.is_some() || i.at_minutes != 0 {
                    bad(
                        "number",
                        "a contingency inject has no at_minutes, expect or contingency of its own".into(),
                    );
                }
                if let Some(e) = &i.expect
                    && Expect::parse(e, content, &self.crisis_type).is_none()
                {
                    bad("expect", format!("{e:?} is not a known expectation (see SCHEMA-scenario.md)"));
                }
                if let Some(c) = i.contingency {
                    if !contingencies.contains(&c) {
                        bad("contingency", format!("no [[contingency]] numbered {c}"));
                    }
                    if i.expect.is_none() || i.within_minutes.is_none() {
                        bad("contingency", "needs expect and within_minutes to know when to send it".into());
                    }
                }
            }
        }
        errs
    }

    pub fn find(&self, number: u32) -> Option<&Inject> {
        self.inject.iter().chain(&self.contingency).find(|i| i.number == number)
    }
}

const SOURCES: [(&str, &str); 13] = [
    (
        "assets/scenarios/laser-burn.toml",
        include_str!("../../../assets/scenarios/laser-burn.toml"),
    ),
    (
        "assets/scenarios/xray-posted.toml",
        include_str!("../../../assets/scenarios/xray-posted.toml"),
    ),
    (
        "assets/scenarios/review-storm.toml",
        include_str!("../../../assets/scenarios/review-storm.toml"),
    ),
    (
        "assets/scenarios/aesthetic-ransomware.toml",
        include_str!("../../../assets/scenarios/aesthetic-ransomware.toml"),
    ),
    (
        "assets/scenarios/covid-cluster.toml",
        include_str!("../../../assets/scenarios/covid-cluster.toml"),
    ),
    (
        "assets/scenarios/flu-surge.toml",
        include_str!("../../../assets/scenarios/flu-surge.toml"),
    ),
    (
        "assets/scenarios/birth-injury.toml",
        include_str!("../../../assets/scenarios/birth-injury.toml"),
    ),
    (
        "assets/scenarios/competence-questioned.toml",
        include_str!("../../../assets/scenarios/competence-questioned.toml"),
    ),
    (
        "assets/scenarios/drug-recall.toml",
        include_str!("../../../assets/scenarios/drug-recall.toml"),
    ),
    (
        "assets/scenarios/staff-harassment.toml",
        include_str!("../../../assets/scenarios/staff-harassment.toml"),
    ),
    (
        "assets/scenarios/measles-cluster.toml",
        include_str!("../../../assets/scenarios/measles-cluster.toml"),
    ),
    (
        "assets/scenarios/filler-injury.toml",
        include_str!("../../../assets/scenarios/filler-injury.toml"),
    ),
    (
        "assets/scenarios/front-desk-assault.toml",
        include_str!("../../../assets/scenarios/front-desk-assault.toml"),
    ),
];

/// The built-in scenario library, with each scenario's source text (a
/// drill stores the text it was started from).
pub fn library(content: &Content) -> Result<&'static [(Scenario, &'static str)], String> {
    static CELL: OnceLock<Result<Vec<(Scenario, &'static str)>, String>> = OnceLock::new();
    CELL.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(file, src)| Scenario::parse(file, src, content).map(|s| (s, *src)).map_err(|e| e.join("\n")))
            .collect()
    })
    .as_ref()
    .map(Vec::as_slice)
    .map_err(Clone::clone)
}

/// Where the facilitator's clock stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockState {
    Ready,
    Running,
    Paused,
    Ended,
}

impl ClockState {
    pub fn id(self) -> &'static str {
        match self {
            ClockState::Ready => "ready",
            ClockState::Running => "running",
            ClockState::Paused => "paused",
            ClockState::Ended => "ended",
        }
    }
    pub fn from_id(s: &str) -> ClockState {
        match s {
            "running" => ClockState::Running,
            "paused" => ClockState::Paused,
            "ended" => ClockState::Ended,
            _ => ClockState::Ready,
        }
    }
}

/// The drill clock: scenario time runs at `speed` while running. Stored as
/// the time banked so far plus when it last resumed, so it survives a
/// restart of the console and reads the same in the wall process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DrillClock {
    pub state: ClockState,
    pub speed: u32,
    pub banked_ms: i64,
    pub resumed_at: Option<DateTime<Utc>>,
}

impl Default for DrillClock {
    fn default() -> Self {
        DrillClock {
            state: ClockState::Ready,
            speed: 1,
            banked_ms: 0,
            resumed_at: None,
        }
    }
}

impl DrillClock {
    /// Scenario time, in milliseconds since play started.
    pub fn scenario_ms(&self, now: DateTime<Utc>) -> i64 {
        let running = match (self.state, self.resumed_at) {
            (ClockState::Running, Some(t)) => (now - t).num_milliseconds().max(0) * i64::from(self.speed),
            _ => 0,
        };
        self.banked_ms + running
    }

    fn bank(&mut self, now: DateTime<Utc>) {
        self.banked_ms = self.scenario_ms(now);
        self.resumed_at = None;
    }

    /// Start, or resume after a pause.
    pub fn run(&mut self, now: DateTime<Utc>) {
        if matches!(self.state, ClockState::Ready | ClockState::Paused) {
            self.state = ClockState::Running;
            self.resumed_at = Some(now);
        }
    }

    pub fn pause(&mut self, now: DateTime<Utc>) {
        if self.state == ClockState::Running {
            self.bank(now);
            self.state = ClockState::Paused;
        }
    }

    pub fn set_speed(&mut self, speed: u32, now: DateTime<Utc>) {
        let running = self.state == ClockState::Running;
        self.bank(now);
        self.speed = speed.clamp(1, 10);
        if running {
            self.resumed_at = Some(now);
        }
    }

    /// Move scenario time forward to `ms` (jumping to the next inject).
    pub fn jump_to(&mut self, ms: i64, now: DateTime<Utc>) {
        let running = self.state == ClockState::Running;
        self.bank(now);
        self.banked_ms = self.banked_ms.max(ms);
        if running {
            self.resumed_at = Some(now);
        }
    }

    pub fn end(&mut self, now: DateTime<Utc>) {
        self.bank(now);
        self.state = ClockState::Ended;
    }
}

/// What has happened to an inject so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InjectRecord {
    pub number: u32,
    pub skipped: bool,
    /// Scenario time it was delivered or skipped at.
    pub scenario_ms: i64,
    pub at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// The main injects that are due at scenario time `ms` and have been
/// neither delivered nor skipped, in MSEL order.
pub fn due_injects(sc: &Scenario, done: &[InjectRecord], ms: i64) -> Vec<u32> {
    sc.inject
        .iter()
        .filter(|i| i64::from(i.at_minutes) * 60_000 <= ms)
        .filter(|i| !done.iter().any(|d| d.number == i.number))
        .map(|i| i.number)
        .collect()
}

/// The next main inject not yet delivered or skipped.
pub fn next_inject<'a>(sc: &'a Scenario, done: &[InjectRecord]) -> Option<&'a Inject> {
    sc.inject.iter().find(|i| !done.iter().any(|d| d.number == i.number))
}

/// Contingency injects to send now: a delivered inject whose expected
/// action was not seen within its window calls its contingency, once.
pub fn due_contingencies(sc: &Scenario, done: &[InjectRecord], ms: i64) -> Vec<u32> {
    let mut out = Vec::new();
    for i in &sc.inject {
        let (Some(c), Some(within)) = (i.contingency, i.within_minutes) else {
            continue;
        };
        let Some(rec) = done.iter().find(|d| d.number == i.number && !d.skipped) else {
            continue;
        };
        let late = ms >= rec.scenario_ms + i64::from(within) * 60_000;
        let sent = done.iter().any(|d| d.number == c);
        if late && rec.answered_at.is_none() && !sent && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Scenario time as the wall and the console show it.
pub fn clock_text(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    format!("{:02}:{:02}", s / 60, s % 60)
}

#[cfg(test)]
mod tests;
