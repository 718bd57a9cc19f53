//! The tamper-evident record: every timeline entry carries the hash of the
//! one before it in its incident, so an entry edited or deleted behind the
//! console's back breaks the chain at that point.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;
use sha2::{Digest, Sha256};

/// The `prev_hash` of an incident's first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of one entry: its predecessor's hash and every stored field,
/// each length-prefixed so no two different entries encode alike. Entries
/// recorded before the operator was kept (schema < 6) have no operator and
/// hash as they always did.
pub fn entry_hash(prev: &str, incident: i64, kind: &str, data: &str, event_at: &str, recorded_at: &str, operator: Option<&str>) -> String {
    let mut h = Sha256::new();
    let incident = incident.to_string();
    let parts = [prev, &incident, kind, data, event_at, recorded_at];
    for part in parts.into_iter().chain(operator) {
        h.update(part.len().to_string().as_bytes());
        h.update(b":");
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// What an incident's tables must hold, rebuilt from its timeline alone.
/// `verify` replays the hash chain through this and then holds every table
/// of the record against it, so an edit made behind the console's back to
/// any of them shows up, not only an edit to the timeline.
///
/// Times are kept as stored (`to_db` strings): an action's table row and its
/// timeline entry are written with the same `now`.
#[derive(Debug, Default)]
pub struct Replay {
    pub incident: Option<IncidentFacts>,
    pub briefing: BTreeMap<String, String>,
    /// Checklist item key -> state.
    pub items: HashMap<String, &'static str>,
    pub assignments: Vec<AssignmentFacts>,
    /// (statement, version) -> the SHA-256 recorded at release.
    pub releases: HashMap<(i64, i64), String>,
    pub statements: BTreeMap<i64, StatementFacts>,
    /// Clock id -> when it was marked met.
    pub clocks_met: BTreeMap<String, String>,
    /// Objective -> (rating, notes, rated at).
    pub ratings: BTreeMap<String, (String, String, String)>,
    /// (kind, text, created at), in order.
    pub review_notes: Vec<(String, String, String)>,
    /// (action, owner, due, category, created at), in order.
    pub improvements: Vec<[String; 5]>,
    /// Inject number -> what was recorded of it.
    pub injects: BTreeMap<i64, InjectFacts>,
    pub drill: DrillFacts,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentFacts {
    pub crisis_type: String,
    pub title: String,
    pub severity: i64,
    pub phase: String,
    pub closed_at: Option<String>,
    pub demo: bool,
    pub drill: bool,
    pub declared_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssignmentFacts {
    pub role: String,
    pub person: String,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub handed_to: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatementFacts {
    pub audience: String,
    pub state: String,
    pub version: i64,
    pub reviewed_by: Option<String>,
    pub approved_by: Option<String>,
    /// The sign-offs each released version went out with, so discarding a
    /// new version restores them.
    released_sign_offs: BTreeMap<i64, (Option<String>, Option<String>)>,
    prior: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InjectFacts {
    pub skipped: bool,
    pub scenario_ms: i64,
    pub at: String,
    pub answered_at: Option<String>,
}

/// The facilitator's clock as its recorded acts leave it, and the scenario
/// as started (recorded from schema 6 on).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrillFacts {
    pub state: &'static str,
    pub speed: i64,
    pub scenario: Option<(String, String)>,
}

impl Default for DrillFacts {
    fn default() -> Self {
        DrillFacts {
            state: "ready",
            speed: 1,
            scenario: None,
        }
    }
}

impl Replay {
    /// Take one entry (already checked against the chain) into account.
    pub fn apply(&mut self, kind: &str, d: &Value, recorded_at: &str) {
        let s = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let n = |k: &str| d.get(k).and_then(Value::as_i64).unwrap_or(0);
        let at = recorded_at.to_string();
        match kind {
            "incident.declared" => {
                self.incident = Some(IncidentFacts {
                    crisis_type: s("type"),
                    title: s("title"),
                    severity: n("severity"),
                    phase: "report".into(),
                    closed_at: None,
                    demo: d.get("demo").and_then(Value::as_bool).unwrap_or(false),
                    drill: d.get("drill").and_then(Value::as_bool).unwrap_or(false),
                    declared_at: at,
                });
            }
            "incident.phase" => {
                if let Some(i) = &mut self.incident {
                    i.phase = s("to");
                }
            }
            "incident.severity" => {
                if let Some(i) = &mut self.incident {
                    i.severity = n("to");
                }
            }
            "incident.closed" => {
                if let Some(i) = &mut self.incident {
                    i.closed_at = Some(at);
                }
            }
            "briefing.set" => {
                self.briefing.insert(s("key"), s("value"));
            }
            "item.done" => {
                self.items.insert(s("item"), "done");
            }
            "item.skipped" => {
                self.items.insert(s("item"), "skipped");
            }
            "item.reopened" => {
                self.items.insert(s("item"), "open");
            }
            "role.assigned" => self.assignments.push(AssignmentFacts {
                role: s("role"),
                person: s("person"),
                started_at: at,
                ended_at: None,
                handed_to: None,
            }),
            "role.handoff" => {
                let role = s("role");
                if let Some(a) = self.assignments.iter_mut().rev().find(|a| a.role == role && a.ended_at.is_none()) {
                    a.ended_at = Some(at.clone());
                    a.handed_to = Some(s("to"));
                }
                self.assignments.push(AssignmentFacts {
                    role,
                    person: s("to"),
                    started_at: at,
                    ended_at: None,
                    handed_to: None,
                });
            }
            "role.released" => {
                let role = s("role");
                if let Some(a) = self.assignments.iter_mut().rev().find(|a| a.role == role && a.ended_at.is_none()) {
                    a.ended_at = Some(at);
                }
            }
            "clock.met" => {
                self.clocks_met.entry(s("clock")).or_insert(at);
            }
            "clock.reopened" => {
                self.clocks_met.remove(&s("clock"));
            }
            "drill.rated" => {
                self.ratings.insert(s("objective"), (s("rating"), s("notes"), at));
            }
            "review.note" => self.review_notes.push((s("kind"), s("text"), at)),
            "review.improvement" => self.improvements.push([s("action"), s("owner"), s("due"), s("category"), at]),
            "drill.inject" | "drill.skipped" => {
                self.injects.entry(n("number")).or_insert(InjectFacts {
                    skipped: kind == "drill.skipped",
                    scenario_ms: n("scenario_ms"),
                    at,
                    answered_at: None,
                });
            }
            "drill.answered" => {
                if let Some(i) = self.injects.get_mut(&n("number")) {
                    i.answered_at.get_or_insert(at);
                }
            }
            "drill.scenario" => self.drill.scenario = Some((s("scenario"), s("sha256"))),
            "drill.started" | "drill.resumed" | "drill.paused" | "drill.ended" | "drill.speed" | "drill.jumped" => {
                self.drill.speed = n("speed").max(1);
                self.drill.state = match kind {
                    "drill.started" | "drill.resumed" => "running",
                    "drill.paused" => "paused",
                    "drill.ended" => "ended",
                    _ => self.drill.state,
                };
            }
            k if k.starts_with("statement.") => self.statement(k, d),
            _ => {}
        }
    }

    fn statement(&mut self, kind: &str, d: &Value) {
        let s = |k: &str| d.get(k).and_then(Value::as_str).map(str::to_string);
        let id = d.get("statement").and_then(Value::as_i64).unwrap_or(0);
        let version = d.get("version").and_then(Value::as_i64).unwrap_or(0);
        let st = self.statements.entry(id).or_default();
        match kind {
            "statement.created" => {
                *st = StatementFacts {
                    audience: s("audience").unwrap_or_default(),
                    state: "draft".into(),
                    version: 1,
                    ..StatementFacts::default()
                };
            }
            "statement.audience" => st.audience = s("audience").unwrap_or_default(),
            "statement.submitted" => st.state = "review".into(),
            "statement.reviewed" => st.reviewed_by = s("person"),
            "statement.approved" => {
                st.approved_by = s("person");
                st.state = "approved".into();
            }
            "statement.released" => {
                st.state = "released".into();
                st.prior = None;
                st.released_sign_offs
                    .insert(version, (st.reviewed_by.clone(), st.approved_by.clone()));
                self.releases.insert((id, version), s("sha256").unwrap_or_default());
            }
            "statement.withdrawn" => {
                st.state = "withdrawn".into();
                st.prior = None;
            }
            "statement.reopened" => {
                st.state = "draft".into();
                st.reviewed_by = None;
                st.approved_by = None;
            }
            "statement.version" => {
                st.prior = Some(std::mem::replace(&mut st.state, "draft".into()));
                st.version = version;
                st.reviewed_by = None;
                st.approved_by = None;
            }
            "statement.discarded" => {
                st.state = st.prior.take().unwrap_or_else(|| "released".into());
                st.version = version;
                let (r, a) = st.released_sign_offs.get(&version).cloned().unwrap_or_default();
                st.reviewed_by = r;
                st.approved_by = a;
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------
// Anchors: the record proved from outside the file
// ---------------------------------------------------------------------------

/// One incident's chain as an anchor covers it: its length and head then.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AnchoredHead {
    pub incident: i64,
    pub length: i64,
    pub head: String,
}

/// Anyone with the file can recompute the whole hash chain, so the chain
/// alone proves nothing against the file's owner. An anchor is a short
/// digest of every real incident's chain head, written down outside the
/// file (on paper, in a photograph, sent to the lawyer): a record that
/// still extends it must contain, at each anchored length, the anchored
/// head. 100 bits in Crockford base32: 20 characters, easy to copy by hand.
pub fn anchor_digest(heads: &[AnchoredHead]) -> String {
    let mut h = Sha256::new();
    h.update(b"crisisdesk-anchor/1\n");
    for a in heads {
        h.update(format!("{} {} {}\n", a.incident, a.length, a.head).as_bytes());
    }
    let digest = h.finalize();
    let code = base32::encode(base32::Alphabet::Crockford, &digest[..13]);
    let code: String = code.chars().take(20).collect();
    code.as_bytes()
        .chunks(5)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A digest as a person typed it back: case, spaces and dashes do not
/// matter, and the letters Crockford base32 never uses read as the digits
/// they look like (O as 0, I and L as 1).
pub fn normalise_anchor(typed: &str) -> Option<String> {
    let clean: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    let valid = clean.len() == 20 && clean.chars().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase() && c != 'U');
    valid.then(|| {
        clean
            .as_bytes()
            .chunks(5)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    })
}

/// The anchor as a QR code drawn with half-block characters, two module
/// rows to a text line, for a phone to photograph off the screen.
pub fn anchor_qr(payload: &str) -> Vec<String> {
    match qrcode::QrCode::new(payload.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .build()
            .lines()
            .map(str::to_string)
            .collect(),
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_and_the_predecessor_count() {
        let base = entry_hash(GENESIS, 1, "note", "{\"text\":\"a\"}", "t1", "t2", None);
        assert_eq!(base.len(), 64);
        assert_eq!(
            base,
            entry_hash(GENESIS, 1, "note", "{\"text\":\"a\"}", "t1", "t2", None),
            "deterministic"
        );
        for other in [
            entry_hash(&base, 1, "note", "{\"text\":\"a\"}", "t1", "t2", None),
            entry_hash(GENESIS, 2, "note", "{\"text\":\"a\"}", "t1", "t2", None),
            entry_hash(GENESIS, 1, "notes", "{\"text\":\"a\"}", "t1", "t2", None),
            entry_hash(GENESIS, 1, "note", "{\"text\":\"b\"}", "t1", "t2", None),
            entry_hash(GENESIS, 1, "note", "{\"text\":\"a\"}", "t0", "t2", None),
            entry_hash(GENESIS, 1, "note", "{\"text\":\"a\"}", "t1", "t3", None),
            // The operator counts, and an empty one differs from none.
            entry_hash(GENESIS, 1, "note", "{\"text\":\"a\"}", "t1", "t2", Some("")),
            entry_hash(GENESIS, 1, "note", "{\"text\":\"a\"}", "t1", "t2", Some("林志明")),
            // Moving a boundary between fields changes the hash too.
            entry_hash(GENESIS, 1, "note{", "\"text\":\"a\"}", "t1", "t2", None),
        ] {
            assert_ne!(base, other);
        }
    }

    #[test]
    fn an_anchor_is_short_stable_and_moves_with_any_head() {
        let heads = vec![
            AnchoredHead {
                incident: 1,
                length: 12,
                head: "ab".repeat(32),
            },
            AnchoredHead {
                incident: 3,
                length: 4,
                head: "cd".repeat(32),
            },
        ];
        let d = anchor_digest(&heads);
        assert_eq!(d.len(), 23, "{d}");
        assert_eq!(d.matches('-').count(), 3);
        assert_eq!(d, anchor_digest(&heads));
        let mut other = heads.clone();
        other[1].length = 5;
        assert_ne!(d, anchor_digest(&other));
        // Typed back loosely, it reads the same.
        let typed = d.to_lowercase().replace('-', " ").replace('0', "o");
        assert_eq!(normalise_anchor(&typed).as_deref(), Some(d.as_str()));
        assert_eq!(normalise_anchor("not an anchor"), None);
        let qr = anchor_qr(&format!("crisisdesk anchor {d}"));
        assert!(qr.len() > 10 && qr.iter().all(|l| l.chars().count() == qr[0].chars().count()));
    }
}
