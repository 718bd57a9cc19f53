//! Built-in content: the roles catalog and the playbooks, read from the
//! TOML files in `assets/` that are compiled into the binary (as JSON made
//! from them by `build.rs`, which reads faster), each playbook when it is
//! first needed.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Text};

/// The SOP phases, in the order a response moves through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    Report,
    Convene,
    Activate,
    Investigate,
    Strategy,
    Communicate,
    Monitor,
    Recover,
}

impl Phase {
    pub const ALL: [Phase; 8] = [
        Phase::Report,
        Phase::Convene,
        Phase::Activate,
        Phase::Investigate,
        Phase::Strategy,
        Phase::Communicate,
        Phase::Monitor,
        Phase::Recover,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Phase::Report => "report",
            Phase::Convene => "convene",
            Phase::Activate => "activate",
            Phase::Investigate => "investigate",
            Phase::Strategy => "strategy",
            Phase::Communicate => "communicate",
            Phase::Monitor => "monitor",
            Phase::Recover => "recover",
        }
    }

    pub fn from_id(s: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.id() == s)
    }

    /// The catalog key of the phase's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Phase::Report => "phase.report",
            Phase::Convene => "phase.convene",
            Phase::Activate => "phase.activate",
            Phase::Investigate => "phase.investigate",
            Phase::Strategy => "phase.strategy",
            Phase::Communicate => "phase.communicate",
            Phase::Monitor => "phase.monitor",
            Phase::Recover => "phase.recover",
        }
    }

    pub fn index(self) -> usize {
        Phase::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    pub fn next(self) -> Option<Phase> {
        Phase::ALL.get(self.index() + 1).copied()
    }

    pub fn prev(self) -> Option<Phase> {
        self.index().checked_sub(1).and_then(|i| Phase::ALL.get(i).copied())
    }
}

#[derive(Clone, Debug, Deserialize, Default)]
pub struct TextList {
    pub zh: Vec<String>,
    pub en: Vec<String>,
}

impl TextList {
    pub fn get(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleDef {
    pub id: String,
    #[serde(default)]
    pub critical: bool,
    pub name: Text,
    pub short: Text,
    pub mission: Text,
    #[serde(default)]
    pub reports_to: String,
    pub immediate: TextList,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityLevel {
    pub level: u8,
    pub label: Text,
    pub guidance: Text,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemTemplate {
    pub id: String,
    pub phase: Phase,
    pub owner: String,
    pub due_minutes: Option<i64>,
    pub text: Text,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DeadlineKind {
    Law,
    Policy,
}

/// When a deadline falls due, counted from the incident's declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DueIn {
    Hours(i64),
    Days(i64),
    WorkingDays(u32),
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineDef {
    pub id: String,
    pub label: Text,
    pub citation: Text,
    pub verified: bool,
    pub kind: DeadlineKind,
    pub hours: Option<i64>,
    pub days: Option<i64>,
    pub working_days: Option<u32>,
    pub note: Option<Text>,
    /// The clock runs for each person on the affected-persons register, from
    /// when that person was entered (never before the declaration), rather
    /// than once for the incident; it is done when everyone is notified.
    #[serde(default)]
    pub per_person: bool,
}

impl DeadlineDef {
    /// None for a reference fact that has no due time.
    pub fn due_in(&self) -> Option<DueIn> {
        self.hours
            .map(DueIn::Hours)
            .or(self.days.map(DueIn::Days))
            .or(self.working_days.map(DueIn::WorkingDays))
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    pub id: String,
    pub name: Text,
    pub description: Text,
    pub required_roles: Vec<String>,
    pub severity: Vec<SeverityLevel>,
    pub item: Vec<ItemTemplate>,
    /// Legal and policy deadlines (`[[deadline]]`; `[[clock]]` in older files).
    #[serde(default, alias = "clock")]
    pub deadline: Vec<DeadlineDef>,
}

impl Playbook {
    pub fn severity(&self, level: u8) -> Option<&SeverityLevel> {
        self.severity.iter().find(|s| s.level == level)
    }
}

#[derive(Deserialize)]
struct RolesFile {
    role: Vec<RoleDef>,
}

#[derive(Debug)]
pub struct Content {
    pub roles: Vec<RoleDef>,
    /// The playbooks, in `CRISIS_TYPES` order for the built-in ones; see
    /// `playbooks`.
    playbooks: Vec<Slot>,
}

/// A playbook, read when it is first asked for. The first screen needs
/// only its incident's playbook; reading all seven at start kept a core
/// busy for most of a millisecond while the record opened.
#[derive(Debug)]
struct Slot {
    id: String,
    /// Where a built-in playbook is read from: its JSON, then its TOML.
    source: Option<(&'static str, (&'static str, &'static str))>,
    /// The playbook, or what is wrong with it (its file and line).
    read: OnceLock<Result<Playbook, String>>,
}

/// The crisis type ids, in the order the product lists them.
pub const CRISIS_TYPES: [&str; 7] = [
    "medical-dispute",
    "online-reputation",
    "data-breach",
    "staff-misconduct",
    "drug-safety",
    "public-health",
    "violence",
];

const ROLES_SRC: (&str, &str) = ("assets/roles.toml", include_str!("../../assets/roles.toml"));
const PLAYBOOK_SRC: [(&str, &str); 7] = [
    (
        "assets/playbooks/medical-dispute.toml",
        include_str!("../../assets/playbooks/medical-dispute.toml"),
    ),
    (
        "assets/playbooks/online-reputation.toml",
        include_str!("../../assets/playbooks/online-reputation.toml"),
    ),
    (
        "assets/playbooks/data-breach.toml",
        include_str!("../../assets/playbooks/data-breach.toml"),
    ),
    (
        "assets/playbooks/staff-misconduct.toml",
        include_str!("../../assets/playbooks/staff-misconduct.toml"),
    ),
    (
        "assets/playbooks/drug-safety.toml",
        include_str!("../../assets/playbooks/drug-safety.toml"),
    ),
    (
        "assets/playbooks/public-health.toml",
        include_str!("../../assets/playbooks/public-health.toml"),
    ),
    (
        "assets/playbooks/violence.toml",
        include_str!("../../assets/playbooks/violence.toml"),
    ),
];

/// The same files as JSON, made by `build.rs`.
macro_rules! json_of {
    ($path:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/assets/", $path, ".json"))
    };
}
const ROLES_JSON: &str = json_of!("roles");
const PLAYBOOK_JSON: [&str; 7] = [
    json_of!("playbooks/medical-dispute"),
    json_of!("playbooks/online-reputation"),
    json_of!("playbooks/data-breach"),
    json_of!("playbooks/staff-misconduct"),
    json_of!("playbooks/drug-safety"),
    json_of!("playbooks/public-health"),
    json_of!("playbooks/violence"),
];

/// A TOML error as "file, line N: message", so a bad asset names its place.
pub fn toml_error(file: &str, src: &str, err: &toml::de::Error) -> String {
    let line = err.span().map(|s| src[..s.start.min(src.len())].matches('\n').count() + 1);
    let msg = err.message();
    match line {
        Some(l) => format!("{file}, line {l}: {msg}"),
        None => format!("{file}: {msg}"),
    }
}

impl Content {
    /// Content from TOML, every playbook read and checked at once.
    pub fn parse(roles: (&str, &str), playbooks: &[(&str, &str)]) -> Result<Content, String> {
        let rf: RolesFile = toml::from_str(roles.1).map_err(|e| toml_error(roles.0, roles.1, &e))?;
        check_roles(&rf.role)?;
        let mut slots = Vec::new();
        for (file, src) in playbooks {
            let pb: Playbook = toml::from_str(src).map_err(|e| toml_error(file, src, &e))?;
            check_playbook(&pb, &rf.role)?;
            slots.push(Slot {
                id: pb.id.clone(),
                source: None,
                read: OnceLock::from(Ok(pb)),
            });
        }
        Ok(Content {
            roles: rf.role,
            playbooks: slots,
        })
    }

    /// The built-in content, once per process: the roles read and checked
    /// now, each playbook when first asked for. The JSON made by `build.rs`
    /// is read first; the TOML itself names the place of anything wrong.
    pub fn builtin() -> Result<&'static Content, String> {
        static CELL: OnceLock<Result<Content, String>> = OnceLock::new();
        CELL.get_or_init(|| {
            let roles = read_builtin::<RolesFile>(ROLES_JSON, ROLES_SRC)?.role;
            check_roles(&roles)?;
            Ok(Content {
                roles,
                playbooks: builtin_slots(),
            })
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// Every playbook, each read on first use. A built-in playbook that
    /// would not read or pass the checks is left out, and `check` says
    /// why; the tests read every one, so none ships that way.
    pub fn playbooks(&self) -> impl Iterator<Item = &Playbook> {
        self.playbooks.iter().filter_map(|s| self.read(s).ok())
    }

    /// Read every playbook now: the first one that does not read or pass
    /// the checks, by file and line. Commands check before they run; the
    /// console checks after its first frame.
    pub fn check(&self) -> Result<(), String> {
        self.playbooks
            .iter()
            .try_for_each(|s| self.read(s).map(|_| ()).map_err(Clone::clone))
    }

    fn read<'a>(&'a self, slot: &'a Slot) -> Result<&'a Playbook, &'a String> {
        slot.read
            .get_or_init(|| {
                let Some((json, (file, toml))) = slot.source else {
                    return Err(format!("{}: not read", slot.id));
                };
                let pb: Playbook = read_builtin(json, (file, toml))?;
                // Found by the id it is listed under: the file must agree.
                if pb.id != slot.id {
                    return Err(format!("{file}: id {:?} where {:?} was expected", pb.id, slot.id));
                }
                check_playbook(&pb, &self.roles)?;
                Ok(pb)
            })
            .as_ref()
    }

    /// Whether `id` is a crisis type with a playbook here, without reading it.
    pub fn has_type(&self, id: &str) -> bool {
        self.type_ids().any(|t| t == id)
    }

    /// The crisis type ids, in order, without reading their playbooks.
    pub fn type_ids(&self) -> impl Iterator<Item = &str> {
        self.playbooks.iter().map(|s| s.id.as_str())
    }

    pub fn playbook(&self, id: &str) -> Option<&Playbook> {
        self.playbooks.iter().find(|s| s.id == id).and_then(|s| self.read(s).ok())
    }

    pub fn role(&self, id: &str) -> Option<&RoleDef> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// The role's display name, or the raw id for a role no longer in the
    /// catalog (an old database must still display).
    pub fn role_name(&self, id: &str, lang: Lang) -> String {
        self.role(id)
            .map(|r| r.name.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    }

    pub fn role_short(&self, id: &str, lang: Lang) -> String {
        self.role(id)
            .map(|r| r.short.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    }

    pub fn type_name(&self, id: &str, lang: Lang) -> String {
        self.playbook(id)
            .map(|p| p.name.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    }

    pub fn is_critical(&self, role: &str) -> bool {
        self.role(role).is_some_and(|r| r.critical)
    }

    /// The critical roles, from `roles.toml` and nowhere else.
    pub fn critical_roles(&self) -> impl Iterator<Item = &RoleDef> {
        self.roles.iter().filter(|r| r.critical)
    }

    /// Roles in the order every screen lists them: the critical roles first
    /// (they must never stay empty), then the crisis type's other required
    /// roles, then the rest of the catalog, each group in catalog order.
    pub fn role_order(&self, crisis_type: &str) -> Vec<&RoleDef> {
        let required: &[String] = self.playbook(crisis_type).map(|p| p.required_roles.as_slice()).unwrap_or_default();
        let mut roles: Vec<&RoleDef> = self.roles.iter().collect();
        // A stable sort keeps the catalog order within each group.
        roles.sort_by_key(|r| match (r.critical, required.contains(&r.id)) {
            (true, _) => 0,
            (false, true) => 1,
            (false, false) => 2,
        });
        roles
    }
}

/// The built-in content with one playbook that will not read, for the
/// tests of what the console says about it.
#[cfg(test)]
pub(crate) fn with_an_unreadable_playbook() -> Content {
    let roles = Content::builtin().map(|c| c.roles.clone()).unwrap_or_default();
    let mut playbooks = builtin_slots();
    playbooks[6].source = Some(("{ not json", ("assets/playbooks/violence.toml", "id = 3\n")));
    Content { roles, playbooks }
}

/// A built-in file, from the JSON `build.rs` made of it; when that does
/// not read, from the TOML itself, which names the place of what is wrong.
fn read_builtin<T: serde::de::DeserializeOwned>(json: &str, (file, toml): (&str, &str)) -> Result<T, String> {
    serde_json::from_str(json).or_else(|_| toml::from_str(toml).map_err(|e| toml_error(file, toml, &e)))
}

/// The built-in playbooks, none read yet.
fn builtin_slots() -> Vec<Slot> {
    CRISIS_TYPES
        .iter()
        .zip(PLAYBOOK_JSON.iter().zip(PLAYBOOK_SRC))
        .map(|(id, (json, toml))| Slot {
            id: (*id).to_string(),
            source: Some((json, toml)),
            read: OnceLock::new(),
        })
        .collect()
}

fn role_ids(roles: &[RoleDef]) -> HashSet<&str> {
    roles.iter().map(|r| r.id.as_str()).collect()
}

fn check_roles(roles: &[RoleDef]) -> Result<(), String> {
    let ids = role_ids(roles);
    if ids.len() != roles.len() {
        return Err("assets/roles.toml: duplicate role id".into());
    }
    for r in roles {
        if !r.reports_to.is_empty() && !ids.contains(r.reports_to.as_str()) {
            return Err(format!(
                "assets/roles.toml: role {}: reports_to {:?} is not a role",
                r.id, r.reports_to
            ));
        }
    }
    Ok(())
}

fn check_playbook(pb: &Playbook, roles: &[RoleDef]) -> Result<(), String> {
    let role_ids = role_ids(roles);
    let file = format!("assets/playbooks/{}.toml", pb.id);
    for r in &pb.required_roles {
        if !role_ids.contains(r.as_str()) {
            return Err(format!("{file}: required_roles: unknown role {r:?}"));
        }
    }
    let mut levels: Vec<u8> = pb.severity.iter().map(|s| s.level).collect();
    levels.sort_unstable();
    if levels != [1, 2, 3, 4] {
        return Err(format!("{file}: severity: levels must be exactly 1, 2, 3, 4"));
    }
    let mut ids = HashSet::new();
    for it in &pb.item {
        if !ids.insert(it.id.as_str()) {
            return Err(format!("{file}: item {}: duplicate id", it.id));
        }
        if !role_ids.contains(it.owner.as_str()) {
            return Err(format!("{file}: item {}: owner: unknown role {:?}", it.id, it.owner));
        }
    }
    for p in Phase::ALL {
        if !pb.item.iter().any(|i| i.phase == p) {
            return Err(format!("{file}: phase {} has no checklist item", p.id()));
        }
    }
    for c in &pb.deadline {
        let n = [c.hours.is_some(), c.days.is_some(), c.working_days.is_some()]
            .iter()
            .filter(|b| **b)
            .count();
        if n > 1 {
            return Err(format!("{file}: deadline {}: give at most one of hours, days, working_days", c.id));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path reads exactly what the TOML says, or it is not taken.
    #[test]
    fn json_twin_reads_the_same_content_as_the_toml() {
        let roles: RolesFile = serde_json::from_str(ROLES_JSON).expect("the JSON made by build.rs reads");
        let toml = Content::parse(ROLES_SRC, &PLAYBOOK_SRC).expect("the TOML reads");
        assert_eq!(format!("{:?}", roles.role), format!("{:?}", toml.roles));
        for (json, (file, _)) in PLAYBOOK_JSON.iter().zip(PLAYBOOK_SRC) {
            let pb: Playbook = serde_json::from_str(json).unwrap_or_else(|e| panic!("{file}: {e}"));
            let from_toml = toml.playbook(&pb.id).expect("the same playbook");
            assert_eq!(format!("{pb:?}"), format!("{from_toml:?}"), "{file}");
        }
        // What the console reads is the same again.
        let builtin = Content::builtin().expect("built-in");
        let read: Vec<String> = builtin.playbooks().map(|p| format!("{p:?}")).collect();
        let written: Vec<String> = toml.playbooks().map(|p| format!("{p:?}")).collect();
        assert_eq!(read, written);
        assert_eq!(read.len(), CRISIS_TYPES.len());
    }

    #[test]
    fn a_built_in_playbook_is_read_when_first_asked_for() {
        let c = Content::builtin().expect("built-in");
        let fresh = Content {
            roles: c.roles.clone(),
            playbooks: builtin_slots(),
        };
        let read = |c: &Content| c.playbooks.iter().filter(|s| s.read.get().is_some()).count();
        assert_eq!(read(&fresh), 0);
        assert_eq!(fresh.playbook("data-breach").map(|p| p.id.as_str()), Some("data-breach"));
        assert_eq!(read(&fresh), 1, "only the one asked for");
        assert!(fresh.playbook("no-such-type").is_none());
        assert_eq!(fresh.playbooks().count(), CRISIS_TYPES.len());
        assert_eq!(read(&fresh), CRISIS_TYPES.len());
        // JSON that does not read falls back to the TOML; a playbook that
        // fails the checks is left out rather than shown half right.
        let slot = |json: &'static str| Slot {
            id: "data-breach".into(),
            source: Some((json, PLAYBOOK_SRC[2])),
            read: OnceLock::new(),
        };
        let bad: &'static str = PLAYBOOK_JSON[2].replacen("\"owner\":\"", "\"owner\":\"nobody-", 1).leak();
        assert_ne!(bad, PLAYBOOK_JSON[2]);
        let with = |s: Slot| Content {
            roles: c.roles.clone(),
            playbooks: vec![s],
        };
        assert!(with(slot("{ not json")).playbook("data-breach").is_some(), "read from the TOML");
        let broken = with(slot(bad));
        assert!(broken.playbook("data-breach").is_none());
        assert_eq!(broken.playbooks().count(), 0);
        let why = broken.check().expect_err("says why");
        assert!(
            why.contains("assets/playbooks/data-breach.toml") && why.contains("unknown role"),
            "{why}"
        );
        let unreadable = with(Slot {
            id: "data-breach".into(),
            source: Some(("{ not json", ("assets/playbooks/x.toml", "id = 3\n"))),
            read: OnceLock::new(),
        });
        let why = unreadable.check().expect_err("says where");
        assert!(why.starts_with("assets/playbooks/x.toml, line 1"), "{why}");
        // A file must be the playbook it is listed as.
        let elsewhere = with(slot(PLAYBOOK_JSON[0]));
        assert!(elsewhere.playbook("data-breach").is_none());
        let why = elsewhere.check().expect_err("says so");
        assert!(why.contains("\"medical-dispute\" where \"data-breach\" was expected"), "{why}");
        assert_eq!(c.check(), Ok(()), "the built-in playbooks all read");
    }

    #[test]
    fn builtin_content_loads_all_seven_types() {
        let c = Content::builtin().expect("built-in content must parse");
        let ids: Vec<&str> = c.playbooks().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, CRISIS_TYPES);
        for pb in c.playbooks() {
            for r in ["commander", "communications", "legal"] {
                assert!(pb.required_roles.iter().any(|x| x == r), "{} lacks {r}", pb.id);
            }
            for it in &pb.item {
                assert!(
                    !it.text.zh.trim().is_empty() && !it.text.en.trim().is_empty(),
                    "{} {} has empty text",
                    pb.id,
                    it.id
                );
            }
        }
        let critical: Vec<&str> = c.roles.iter().filter(|r| r.critical).map(|r| r.id.as_str()).collect();
        assert_eq!(critical, ["commander", "communications", "legal"]);
        for r in &c.roles {
            assert!(
                !r.immediate.zh.is_empty() && r.immediate.zh.len() == r.immediate.en.len(),
                "job sheet of {}",
                r.id
            );
        }
    }

    #[test]
    fn per_person_clocks_count_hours_or_days() {
        let c = Content::builtin().expect("content");
        let per_person: Vec<&DeadlineDef> = c.playbooks().flat_map(|pb| &pb.deadline).filter(|d| d.per_person).collect();
        assert!(per_person.iter().any(|d| d.id == "db-individuals-72h"));
        for d in per_person {
            assert!(matches!(d.due_in(), Some(DueIn::Hours(_) | DueIn::Days(_))), "{}", d.id);
        }
    }

    #[test]
    fn data_breach_has_an_unverified_72h_clock() {
        let c = Content::builtin().expect("content");
        let pb = c.playbook("data-breach").expect("data-breach");
        assert!(pb.required_roles.iter().any(|r| r == "it-security"));
        assert!(pb.deadline.iter().any(|k| k.due_in() == Some(DueIn::Hours(72)) && !k.verified));
    }

    #[test]
    fn a_bad_playbook_names_file_and_line() {
        let roles = ROLES_SRC;
        let bad = "id = \"x\"\nname = { zh = \"甲\", en = \"a\" }\ndescription = 3\n";
        let err = Content::parse(roles, &[("assets/playbooks/x.toml", bad)]).expect_err("must fail");
        assert!(err.contains("assets/playbooks/x.toml, line 3"), "{err}");
    }

    #[test]
    fn unknown_owner_is_rejected() {
        let src = PLAYBOOK_SRC[2].1.replacen("owner = \"", "owner = \"nobody-", 1);
        let err = Content::parse(ROLES_SRC, &[("f.toml", &src)]).expect_err("must fail");
        assert!(err.contains("unknown role"), "{err}");
    }

    /// What is wrong with a playbook's clocks: a law clock must name its
    /// article in both languages (第…條, Art.), and a clock marked verified
    /// must not call itself unverified.
    fn deadline_problems(pb: &Playbook) -> Vec<String> {
        let zh_article = regex::Regex::new(r"第[0-9一二三四五六七八九十百]+條").expect("re");
        let en_article = regex::Regex::new(r"\bArts?\. [0-9]").expect("re");
        let mut out = Vec::new();
        for c in &pb.deadline {
            if c.kind == DeadlineKind::Law {
                if !zh_article.is_match(&c.citation.zh) {
                    out.push(format!("{} {}: zh citation names no article: {}", pb.id, c.id, c.citation.zh));
                }
                if !en_article.is_match(&c.citation.en) {
                    out.push(format!("{} {}: en citation names no article: {}", pb.id, c.id, c.citation.en));
                }
            }
            let says_unverified = [&c.label.zh, &c.citation.zh].iter().any(|t| t.contains("待查證"))
                || [&c.label.en, &c.citation.en].iter().any(|t| t.contains("unverified"));
            if c.verified && says_unverified {
                out.push(format!("{} {}: marked verified but its text says unverified", pb.id, c.id));
            }
        }
        out
    }

    #[test]
    fn every_law_deadline_names_its_article_and_says_whether_it_is_verified() {
        let c = Content::builtin().expect("content");
        let problems: Vec<String> = c.playbooks().flat_map(deadline_problems).collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(c.playbooks().all(|p| !p.deadline.is_empty()), "every type has deadlines");

        // A law clock that cites only the law's name is caught.
        let src = PLAYBOOK_SRC[0]
            .1
            .replacen("醫療法第70條", "醫療法", 1)
            .replacen("Medical Care Act Art. 70", "Medical Care Act", 1);
        let pb = Content::parse(ROLES_SRC, &[("f.toml", &src)])
            .expect("parses")
            .playbooks()
            .next()
            .cloned()
            .expect("one");
        let problems = deadline_problems(&pb);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("md-records-7y"), "{problems:?}");
    }

    #[test]
    fn a_deadline_without_verified_is_an_error_naming_file_and_line() {
        let (file, src) = PLAYBOOK_SRC[0];
        let at = src.find("verified = true\n").expect("a verified clock");
        let bad = format!("{}{}", &src[..at], &src[at + "verified = true\n".len()..]);
        let err = Content::parse(ROLES_SRC, &[(file, &bad)]).expect_err("must fail");
        assert!(err.starts_with(&format!("{file}, line ")), "{err}");
        assert!(err.contains("verified"), "{err}");
    }

    #[test]
    fn playbooks_written_with_the_old_clock_tables_still_read() {
        let (file, src) = PLAYBOOK_SRC[2];
        let old = src.replace("[[deadline]]", "[[clock]]");
        assert_ne!(old, src);
        let new = Content::parse(ROLES_SRC, &[(file, src)])
            .expect("new")
            .playbooks()
            .next()
            .cloned()
            .expect("one");
        let old = Content::parse(ROLES_SRC, &[(file, &old)])
            .expect("old")
            .playbooks()
            .next()
            .cloned()
            .expect("one");
        assert_eq!(old.deadline.len(), new.deadline.len());
        assert!(!new.deadline.is_empty());
    }

    #[test]
    fn phases_step_in_order() {
        assert_eq!(Phase::Report.next(), Some(Phase::Convene));
        assert_eq!(Phase::Report.prev(), None);
        assert_eq!(Phase::Recover.next(), None);
        assert_eq!(Phase::from_id("monitor"), Some(Phase::Monitor));
        assert_eq!(Phase::from_id("nope"), None);
    }
}
