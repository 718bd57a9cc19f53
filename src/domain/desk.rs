//! The statement desk's rules: the review chain, the frozen release, the
//! clinic profile and the update cadence. Plain data, no SQL, no terminal.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::types::Audience;

/// Where a statement stands. Only a released text leaves the clinic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StatementState {
    Draft,
    Review,
    Approved,
    Released,
    Withdrawn,
}

impl StatementState {
    pub const ALL: [StatementState; 5] = [
        StatementState::Draft,
        StatementState::Review,
        StatementState::Approved,
        StatementState::Released,
        StatementState::Withdrawn,
    ];

    pub fn id(self) -> &'static str {
        match self {
            StatementState::Draft => "draft",
            StatementState::Review => "review",
            StatementState::Approved => "approved",
            StatementState::Released => "released",
            StatementState::Withdrawn => "withdrawn",
        }
    }

    pub fn from_id(s: &str) -> StatementState {
        StatementState::ALL
            .into_iter()
            .find(|x| x.id() == s)
            .unwrap_or(StatementState::Draft)
    }

    pub fn label_key(self) -> String {
        format!("state.{}", self.id())
    }

    /// Only a draft takes edits; anything else is either under review
    /// (an edit would void the review) or frozen.
    pub fn editable(self) -> bool {
        self == StatementState::Draft
    }
}

/// One move along the review chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Communications sends the draft to legal.
    Submit,
    /// Legal has read it and has no objection.
    Review,
    /// The commander approves it for release.
    Approve,
    /// It goes out; the text is frozen with its hash.
    Release,
    /// Pulled back: a draft abandoned, or a released text retracted.
    Withdraw,
    /// Back to draft from review or approval, for changes; approvals lapse.
    Reopen,
    /// A new draft version of a released or withdrawn statement.
    NewVersion,
    /// Throw a new draft version away: back to the released text it started from.
    Discard,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Submit,
        Step::Review,
        Step::Approve,
        Step::Release,
        Step::Withdraw,
        Step::Reopen,
        Step::NewVersion,
        Step::Discard,
    ];

    pub fn from_id(id: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn id(self) -> &'static str {
        match self {
            Step::Submit => "submitted",
            Step::Review => "reviewed",
            Step::Approve => "approved",
            Step::Release => "released",
            Step::Withdraw => "withdrawn",
            Step::Reopen => "reopened",
            Step::NewVersion => "version",
            Step::Discard => "discarded",
        }
    }

    /// The role whose holder takes this step, and whether the role must be
    /// staffed for the step to happen at all.
    pub fn actor(self) -> (&'static str, bool) {
        match self {
            Step::Review => ("legal", true),
            Step::Approve | Step::Withdraw => ("commander", true),
            Step::Submit | Step::Release | Step::Reopen | Step::NewVersion | Step::Discard => ("communications", false),
        }
    }
}

impl Step {
    /// A sign-off: a named person vouches for one exact version, so the
    /// operator must confirm that this person really did.
    pub fn is_sign_off(self) -> bool {
        matches!(self, Step::Review | Step::Approve)
    }
}

/// Why a step cannot be taken. Each names a catalog key for the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    WrongState,
    NotReviewed,
    AlreadyReviewed,
    NoHolder(&'static str),
    Blocked,
    Empty,
    /// Nothing released to go back to.
    NoPrior,
    /// The text is no longer the version that was confirmed.
    Changed,
}

impl Refusal {
    pub fn key(self) -> &'static str {
        match self {
            Refusal::WrongState => "desk.refuse.state",
            Refusal::NotReviewed => "desk.refuse.not_reviewed",
            Refusal::AlreadyReviewed => "desk.refuse.reviewed",
            Refusal::NoHolder("legal") => "desk.refuse.no_legal",
            Refusal::NoHolder(_) => "desk.refuse.no_commander",
            Refusal::Blocked => "desk.refuse.blocked",
            Refusal::Empty => "desk.refuse.empty",
            Refusal::NoPrior => "desk.refuse.no_prior",
            Refusal::Changed => "desk.refuse.changed",
        }
    }
}

/// What the sign-off steps need to know about a statement to judge one.
#[derive(Clone, Copy, Debug)]
pub struct StepContext {
    pub state: StatementState,
    pub reviewed: bool,
    pub empty: bool,
    /// Something the checks block (personal data, a template blank): legal
    /// review, approval and release are refused.
    pub blocking: bool,
    /// For a new draft version: the state of the released text it started
    /// from, which discarding it returns to.
    pub prior: Option<StatementState>,
}

/// The state a step leads to, or why it cannot be taken. `has_holder`
/// answers whether a role is staffed on this incident.
pub fn check_step(c: StepContext, step: Step, has_holder: impl Fn(&str) -> bool) -> Result<StatementState, Refusal> {
    use StatementState as S;
    let (role, required) = step.actor();
    if required && !has_holder(role) {
        return Err(Refusal::NoHolder(role));
    }
    match (step, c.state) {
        (Step::Submit, S::Draft) if c.empty => Err(Refusal::Empty),
        (Step::Submit, S::Draft) => Ok(S::Review),
        (Step::Review, S::Review) if c.reviewed => Err(Refusal::AlreadyReviewed),
        (Step::Review, S::Review) if c.blocking => Err(Refusal::Blocked),
        (Step::Review, S::Review) => Ok(S::Review),
        (Step::Approve, S::Review) if !c.reviewed => Err(Refusal::NotReviewed),
        (Step::Approve, S::Review) if c.blocking => Err(Refusal::Blocked),
        (Step::Approve, S::Review) => Ok(S::Approved),
        (Step::Release, S::Approved) if c.blocking => Err(Refusal::Blocked),
        (Step::Release, S::Approved) => Ok(S::Released),
        (Step::Withdraw, S::Draft | S::Review | S::Approved | S::Released) => Ok(S::Withdrawn),
        (Step::Reopen, S::Review | S::Approved) => Ok(S::Draft),
        (Step::NewVersion, S::Released | S::Withdrawn) => Ok(S::Draft),
        (Step::Discard, S::Draft) => c.prior.ok_or(Refusal::NoPrior),
        _ => Err(Refusal::WrongState),
    }
}

/// The SHA-256 of a released text, as lowercase hex: printed with every
/// export so a copy can be checked against the record.
pub fn sha256_hex(text: &str) -> String {
    super::chain::digest_hex(&Sha256::digest(text.as_bytes()))
}

/// One piece of a diff between two versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffPart {
    Same(String),
    Removed(String),
    Added(String),
}

/// A character-level diff: a CJK sentence has no spaces, so a word diff
/// would mark whole sentences as changed.
pub fn diff(old: &str, new: &str) -> Vec<DiffPart> {
    use similar::{ChangeTag, TextDiff};
    let d = TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .timeout(std::time::Duration::from_millis(500))
        .diff_chars(old, new);
    let mut out: Vec<DiffPart> = Vec::new();
    for ch in d.iter_all_changes() {
        let v = ch.value();
        match (ch.tag(), out.last_mut()) {
            (ChangeTag::Equal, Some(DiffPart::Same(s)))
            | (ChangeTag::Delete, Some(DiffPart::Removed(s)))
            | (ChangeTag::Insert, Some(DiffPart::Added(s))) => s.push_str(v),
            (ChangeTag::Equal, _) => out.push(DiffPart::Same(v.to_string())),
            (ChangeTag::Delete, _) => out.push(DiffPart::Removed(v.to_string())),
            (ChangeTag::Insert, _) => out.push(DiffPart::Added(v.to_string())),
        }
    }
    out
}

/// The clinic profile's keys, in the order forms and `profile show` list them.
pub const PROFILE_KEYS: [&str; 17] = [
    "name",
    "address",
    "hotline",
    "email",
    "website",
    "social",
    "spokesperson",
    "public-names",
    "chart-pattern",
    "cadence-1",
    "cadence-2",
    "cadence-3",
    "cadence-4",
    "smtp-server",
    "smtp-security",
    "smtp-user",
    "smtp-from",
];

/// Minutes until the next update for an audience after a release, by
/// severity level 1–4, unless the profile sets its own.
pub const DEFAULT_CADENCE_MIN: [i64; 4] = [60, 120, 240, 1440];

/// The clinic profile: what templates are filled with and what the checks
/// treat as the clinic's own contacts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub values: Vec<(String, String)>,
}

impl Profile {
    pub fn get(&self, key: &str) -> &str {
        self.values.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    /// Minutes between updates at a severity level.
    pub fn cadence_minutes(&self, severity: u8) -> i64 {
        let idx = usize::from(severity.clamp(1, 4)) - 1;
        self.get(&format!("cadence-{}", idx + 1))
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|m| *m > 0)
            .unwrap_or(DEFAULT_CADENCE_MIN[idx])
    }

    pub fn next_update(&self, released_at: DateTime<Utc>, severity: u8) -> DateTime<Utc> {
        released_at + Duration::minutes(self.cadence_minutes(severity))
    }

    /// The names the clinic itself publishes: the spokesperson and the
    /// profile's public names (director and the like).
    pub fn public_names(&self) -> Vec<String> {
        std::iter::once(self.get("spokesperson"))
            .chain(self.get("public-names").split([',', ';', '，', '；', '、', '/']))
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// What the checks need from the profile: the clinic's own contacts,
    /// address, accounts and public names are allowed, its chart-number
    /// pattern is searched for.
    /// `audience` None: checked for no audience in particular.
    pub fn lint_context(&self, audience: Option<Audience>, private_names: Vec<String>) -> crate::domain::lint::LintContext {
        crate::domain::lint::LintContext {
            audience: audience.map(|a| a.id().to_string()).unwrap_or_default(),
            clinic_hotline: self.get("hotline").to_string(),
            clinic_email: self.get("email").to_string(),
            clinic_website: self.get("website").to_string(),
            clinic_address: self.get("address").to_string(),
            clinic_social: self.get("social").to_string(),
            public_names: self.public_names(),
            private_names,
            chart_pattern: self.get("chart-pattern").to_string(),
        }
    }
}

/// Check a profile value before it is stored; the error is for people.
pub fn validate_profile(key: &str, value: &str) -> Result<String, crate::error::Msg> {
    use crate::error::Msg;
    let v = value.trim();
    match key {
        _ if !PROFILE_KEYS.contains(&key) => Err(Msg::new("invalid.profile_key")
            .with("key", key)
            .with("keys", PROFILE_KEYS.join(", "))),
        "chart-pattern" => match crate::domain::lint::chart_pattern_error(v) {
            None => Ok(v.to_string()),
            Some(e) => Err(Msg::new("invalid.chart_pattern").with("error", e)),
        },
        k if k.starts_with("cadence-") && !v.is_empty() => match v.parse::<i64>() {
            Ok(m) if (1..=10_080).contains(&m) => Ok(v.to_string()),
            _ => Err(Msg::new("invalid.cadence").with("key", k)),
        },
        "email" | "smtp-from" if !v.is_empty() && !v.contains('@') => Err(Msg::new("invalid.email")),
        "smtp-server" if !v.is_empty() && !v.rsplit_once(':').is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok()) => {
            Err(Msg::new("invalid.smtp_server"))
        }
        "smtp-security" if !["", "none", "starttls", "tls"].contains(&v) => Err(Msg::new("invalid.smtp_security")),
        _ if v.chars().any(char::is_control) => Err(Msg::new("invalid.one_line").with("key", key)),
        _ => Ok(v.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(state: StatementState, reviewed: bool) -> StepContext {
        StepContext {
            state,
            reviewed,
            empty: false,
            blocking: false,
            prior: None,
        }
    }

    #[test]
    fn the_chain_runs_draft_review_approve_release() {
        let all = |_: &str| true;
        let s = StatementState::Draft;
        assert_eq!(check_step(chain(s, false), Step::Submit, all), Ok(StatementState::Review));
        let s = StatementState::Review;
        assert_eq!(check_step(chain(s, false), Step::Approve, all), Err(Refusal::NotReviewed));
        assert_eq!(check_step(chain(s, false), Step::Review, all), Ok(StatementState::Review));
        assert_eq!(check_step(chain(s, true), Step::Review, all), Err(Refusal::AlreadyReviewed));
        assert_eq!(check_step(chain(s, true), Step::Approve, all), Ok(StatementState::Approved));
        assert_eq!(check_step(chain(s, true), Step::Release, all), Err(Refusal::WrongState));
        let a = StatementState::Approved;
        assert_eq!(check_step(chain(a, true), Step::Release, all), Ok(StatementState::Released));
        let r = StatementState::Released;
        assert_eq!(check_step(chain(r, true), Step::Submit, all), Err(Refusal::WrongState));
        assert_eq!(check_step(chain(r, true), Step::NewVersion, all), Ok(StatementState::Draft));
        assert_eq!(check_step(chain(r, true), Step::Withdraw, all), Ok(StatementState::Withdrawn));
    }

    #[test]
    fn review_and_approval_need_their_holders() {
        let only_commander = |r: &str| r == "commander";
        let c = chain(StatementState::Review, false);
        assert_eq!(check_step(c, Step::Review, only_commander), Err(Refusal::NoHolder("legal")));
        let none = |_: &str| false;
        let c = chain(StatementState::Review, true);
        assert_eq!(check_step(c, Step::Approve, none), Err(Refusal::NoHolder("commander")));
        // Submitting needs no one in particular: a solo practice still drafts.
        assert!(check_step(chain(StatementState::Draft, false), Step::Submit, none).is_ok());
    }

    #[test]
    fn blocking_findings_stop_every_sign_off_and_release() {
        let mut c = chain(StatementState::Review, false);
        c.blocking = true;
        assert_eq!(check_step(c, Step::Review, |_| true), Err(Refusal::Blocked));
        c.reviewed = true;
        assert_eq!(check_step(c, Step::Approve, |_| true), Err(Refusal::Blocked));
        // Sending a draft with blanks to legal is allowed: legal may read a work in progress.
        let mut d = chain(StatementState::Draft, false);
        d.blocking = true;
        assert!(check_step(d, Step::Submit, |_| true).is_ok());
        assert!(Step::Review.is_sign_off() && Step::Approve.is_sign_off() && !Step::Release.is_sign_off());
    }

    #[test]
    fn a_new_version_can_be_discarded_back_to_the_released_text() {
        let mut c = chain(StatementState::Draft, false);
        assert_eq!(check_step(c, Step::Discard, |_| true), Err(Refusal::NoPrior));
        c.prior = Some(StatementState::Released);
        assert_eq!(check_step(c, Step::Discard, |_| true), Ok(StatementState::Released));
        c.prior = Some(StatementState::Withdrawn);
        assert_eq!(check_step(c, Step::Discard, |_| true), Ok(StatementState::Withdrawn));
        let r = chain(StatementState::Released, true);
        assert_eq!(check_step(r, Step::Discard, |_| true), Err(Refusal::WrongState));
    }

    #[test]
    fn personal_data_blocks_release_and_empty_drafts_are_not_submitted() {
        let mut c = chain(StatementState::Approved, true);
        c.blocking = true;
        assert_eq!(check_step(c, Step::Release, |_| true), Err(Refusal::Blocked));
        let mut d = chain(StatementState::Draft, false);
        d.empty = true;
        assert_eq!(check_step(d, Step::Submit, |_| true), Err(Refusal::Empty));
    }

    #[test]
    fn sha256_matches_a_known_vector() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_ne!(sha256_hex("本診所"), sha256_hex("本診所。"));
    }

    #[test]
    fn the_diff_is_by_character_so_cjk_edits_stay_small() {
        let d = diff("本診所今日發現系統異常。", "本診所昨日發現系統異常。");
        assert_eq!(
            d,
            vec![
                DiffPart::Same("本診所".into()),
                DiffPart::Removed("今".into()),
                DiffPart::Added("昨".into()),
                DiffPart::Same("日發現系統異常。".into()),
            ]
        );
        assert_eq!(diff("同", "同"), vec![DiffPart::Same("同".into())]);
    }

    #[test]
    fn cadence_defaults_by_severity_and_can_be_set() {
        let mut p = Profile::default();
        assert_eq!(p.cadence_minutes(1), 60);
        assert_eq!(p.cadence_minutes(4), 1440);
        p.values.push(("cadence-1".into(), "30".into()));
        assert_eq!(p.cadence_minutes(1), 30);
        assert_eq!(p.cadence_minutes(9), 1440, "out-of-range levels clamp");
    }

    #[test]
    fn profile_values_are_checked() {
        assert!(validate_profile("hotline", "02-2345-6789").is_ok());
        assert!(validate_profile("fax", "x").is_err());
        assert!(validate_profile("chart-pattern", "[A-").is_err());
        assert!(validate_profile("cadence-2", "abc").is_err());
        assert!(validate_profile("cadence-2", "0").is_err());
        assert_eq!(validate_profile("cadence-2", " 90 "), Ok("90".into()));
        assert!(validate_profile("email", "not-an-address").is_err());
        assert!(validate_profile("name", "a\u{7}b").is_err());
    }
}
