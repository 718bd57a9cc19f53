//! Reaching people and hearing back: the call tree's tiers and when to go
//! on to the next, one message rendered for each channel, and the CSV
//! formats of the affected-persons register. Plain rules; no SQL.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use super::content::{Content, toml_error};
use super::types::{CallState, Channel};
use crate::error::Msg;
use crate::i18n::Text;

// ---- the default trees ----------------------------------------------------

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierDef {
    pub name: Text,
    pub roles: Vec<String>,
    pub wait_minutes: u32,
    pub needs: u32,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreeDef {
    #[serde(rename = "type")]
    pub crisis_type: String,
    pub tier: Vec<TierDef>,
}

#[derive(Deserialize)]
struct TreesFile {
    tree: Vec<TreeDef>,
}

const TREES_SRC: (&str, &str) = ("assets/call_trees.toml", include_str!("../../assets/call_trees.toml"));

/// Parse and check call trees against the content: every crisis type has
/// one tree, every role exists, every tier needs at least one answer.
pub fn parse_trees(file: &str, src: &str, content: &Content) -> Result<Vec<TreeDef>, String> {
    let f: TreesFile = toml::from_str(src).map_err(|e| toml_error(file, src, &e))?;
    for t in &f.tree {
        if !content.has_type(&t.crisis_type) {
            return Err(format!("{file}: tree {:?}: unknown crisis type", t.crisis_type));
        }
        if t.tier.is_empty() {
            return Err(format!("{file}: tree {:?}: no tiers", t.crisis_type));
        }
        for (i, tier) in t.tier.iter().enumerate() {
            if let Some(r) = tier.roles.iter().find(|r| content.role(r).is_none()) {
                return Err(format!("{file}: tree {:?} tier {}: unknown role {r:?}", t.crisis_type, i + 1));
            }
            if tier.needs == 0 || tier.wait_minutes == 0 {
                return Err(format!(
                    "{file}: tree {:?} tier {}: needs and wait_minutes must be at least 1",
                    t.crisis_type,
                    i + 1
                ));
            }
        }
    }
    for id in content.type_ids() {
        if f.tree.iter().filter(|t| t.crisis_type == id).count() != 1 {
            return Err(format!("{file}: crisis type {id:?} needs exactly one tree"));
        }
    }
    Ok(f.tree)
}

/// The built-in trees, parsed and checked once.
pub fn builtin_trees(content: &Content) -> Result<&'static [TreeDef], String> {
    static CELL: OnceLock<Result<Vec<TreeDef>, String>> = OnceLock::new();
    CELL.get_or_init(|| parse_trees(TREES_SRC.0, TREES_SRC.1, content))
        .as_deref()
        .map_err(Clone::clone)
}

// ---- escalation -------------------------------------------------------------

/// One tier as it stands on an incident.
#[derive(Clone, Debug, PartialEq)]
pub struct TierRun {
    pub wait: Duration,
    pub needs: usize,
    /// When its people were first called (the activation for tier 1, the
    /// escalation for the others).
    pub started_at: Option<DateTime<Utc>>,
    pub states: Vec<CallState>,
}

impl TierRun {
    pub fn acknowledged(&self) -> usize {
        self.states.iter().filter(|s| **s == CallState::Acknowledged).count()
    }

    /// Enough people answered, or nobody is left who still could.
    pub fn settled(&self) -> bool {
        let open = self
            .states
            .iter()
            .filter(|s| matches!(s, CallState::Unreached | CallState::Notified))
            .count();
        self.acknowledged() >= self.needs.min(self.states.len()) || open == 0 && !self.states.is_empty()
    }

    /// When the wait for this tier runs out.
    pub fn deadline(&self) -> Option<DateTime<Utc>> {
        self.started_at.map(|t| t + self.wait)
    }
}

/// The tier to escalate to, and since when it is due: the last started tier
/// has waited its time without enough acknowledgements, and a next tier
/// has not been called yet.
pub fn escalation_due(tiers: &[TierRun], now: DateTime<Utc>) -> Option<(usize, DateTime<Utc>)> {
    let last = tiers.iter().rposition(|t| t.started_at.is_some())?;
    let tier = &tiers[last];
    let due = tier.deadline()?;
    (last + 1 < tiers.len() && now >= due && tier.acknowledged() < tier.needs).then_some((last + 1, due))
}

// ---- one message, each channel ----------------------------------------------

/// Characters in one SMS in UCS-2 (any Chinese text); longer messages go
/// as several joined parts of 67.
pub const SMS_ONE: usize = 70;
pub const SMS_PART: usize = 67;
/// A LINE text message's limit.
pub const LINE_LIMIT: usize = 5000;

/// The message as it goes out on one channel.
#[derive(Clone, Debug, PartialEq)]
pub struct Rendered {
    pub subject: Option<String>,
    pub body: String,
    /// Characters, and the parts an SMS needs.
    pub chars: usize,
    pub parts: usize,
}

/// Render the drafted message for `channel`: an e-mail keeps its subject;
/// a text message puts the subject first on one line, signed with the
/// clinic so a receiver who does not know the number knows who writes.
pub fn render(channel: Channel, subject: &str, body: &str, clinic: &str) -> Rendered {
    let subject = subject.trim();
    let body = body.trim();
    let (subject_out, text) = match channel {
        Channel::Email | Channel::Letter => (Some(subject.to_string()), body.to_string()),
        _ => {
            let head = match (clinic.trim(), subject) {
                ("", "") => String::new(),
                ("", s) => format!("{s} "),
                (c, "") => format!("[{c}] "),
                (c, s) => format!("[{c}] {s} "),
            };
            (None, format!("{head}{}", body.replace('\n', " ")))
        }
    };
    let chars = text.chars().count();
    let parts = match channel {
        Channel::Sms if chars <= SMS_ONE => 1,
        Channel::Sms => chars.div_ceil(SMS_PART),
        _ => 1,
    };
    Rendered {
        subject: subject_out,
        body: text,
        chars,
        parts,
    }
}

/// The CSV a bulk-SMS service takes: phone, name, message, one row per
/// person with a phone number.
pub fn bulk_sms_csv(people: &[(String, String)], message: &str) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["phone", "name", "message"]).map_err(|e| e.to_string())?;
    for (name, phone) in people.iter().filter(|(_, p)| !p.trim().is_empty()) {
        w.write_record([phone.trim(), name.trim(), message]).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// The roster as vCards (RFC 6350), for a phone's contacts.
pub fn vcards(people: &[(String, String, String)]) -> Result<String, String> {
    let mut out = String::new();
    for (name, phone, email) in people {
        let mut b = vcard4::VcardBuilder::new(name.trim().to_string());
        if !phone.trim().is_empty() {
            b = b.telephone(phone.trim().to_string());
        }
        if !email.trim().is_empty() {
            b = b.email(email.trim().to_string());
        }
        let card = b.finish();
        out.push_str(&card.to_string());
    }
    Ok(out)
}

// ---- the affected-persons register -------------------------------------------

/// One row of an affected-persons CSV. Only `identifier` is required; a
/// row whose person is already on the register updates it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AffectedRow {
    /// A chart number or another id the clinic uses; never a national ID.
    pub identifier: String,
    #[serde(default)]
    pub what: String,
    #[serde(default)]
    pub notified_at: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub response: String,
}

/// A row as checked: the row, and when and how the person was notified.
pub type CheckedRow = (AffectedRow, Option<DateTime<Utc>>, Option<Channel>);

/// A row that could not be read, for one clear message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// 1-based, counting the header.
    pub line: u64,
    pub what: crate::error::Msg,
}

/// A notification time as a person types it in a CSV: `YYYY-MM-DD HH:MM`
/// in the clinic's zone, or RFC 3339.
pub fn parse_when(s: &str, tz: crate::domain::zone::Zone) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").ok()?;
    naive.and_local_timezone(tz).earliest().map(|t| t.with_timezone(&Utc))
}

/// Parsed rows, checked: every row or none. The register takes only ids a
/// clinic uses internally, so a national ID in the identifier column is an
/// error (it must never be stored as the key of a list that is exported).
pub fn parse_affected_csv(bytes: &[u8], tz: crate::domain::zone::Zone) -> Result<Vec<CheckedRow>, RowError> {
    let text = std::str::from_utf8(bytes).map_err(|e| RowError {
        line: 1 + bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() as u64,
        what: Msg::new("register.not_utf8"),
    })?;
    let mut rd = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = rd
        .headers()
        .map_err(|e| RowError {
            line: 1,
            what: csv_error(&e),
        })?
        .clone();
    if !headers.iter().any(|h| h == "identifier") {
        return Err(RowError {
            line: 1,
            what: Msg::new("register.no_identifier_column"),
        });
    }
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, rec) in rd.deserialize::<AffectedRow>().enumerate() {
        let line = i as u64 + 2;
        let row = rec.map_err(|e| RowError { line, what: csv_error(&e) })?;
        if row.identifier.is_empty() {
            return Err(RowError {
                line,
                what: Msg::new("register.empty_identifier"),
            });
        }
        if super::lint::tw_id_kind(&row.identifier.to_ascii_uppercase()).is_some() {
            return Err(RowError {
                line,
                what: Msg::new("register.national_id"),
            });
        }
        if !seen.insert(row.identifier.clone()) {
            return Err(RowError {
                line,
                what: Msg::new("register.twice").with("id", &row.identifier),
            });
        }
        let when = if row.notified_at.is_empty() {
            None
        } else {
            Some(parse_when(&row.notified_at, tz).ok_or_else(|| RowError {
                line,
                what: Msg::new("register.bad_time").with("value", &row.notified_at),
            })?)
        };
        let channel = if row.channel.is_empty() {
            None
        } else {
            Some(Channel::parse(&row.channel).ok_or_else(|| {
                RowError {
                    line,
                    what: Msg::new("register.bad_channel")
                        .with("value", &row.channel)
                        .with("allowed", Channel::ids()),
                }
            })?)
        };
        if when.is_some() != channel.is_some() {
            return Err(RowError {
                line,
                what: Msg::new("register.time_and_channel"),
            });
        }
        out.push((row, when, channel));
    }
    Ok(out)
}

/// A CSV reader's complaint, kept as detail under a worded message.
fn csv_error(e: &csv::Error) -> Msg {
    let detail = match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => err.to_string(),
        _ => e.to_string(),
    };
    Msg::new("register.csv").with("detail", detail)
}

/// A digest of a set of identifiers: what the hash chain records of the
/// register instead of the identifiers themselves.
pub fn set_digest<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut v: Vec<&str> = ids.into_iter().collect();
    v.sort_unstable();
    super::desk::sha256_hex(&v.join("\n"))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn t(m: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 6, 0, 0).single().expect("t") + Duration::minutes(m)
    }

    fn tier(wait: i64, needs: usize, started: Option<i64>, states: &[CallState]) -> TierRun {
        TierRun {
            wait: Duration::minutes(wait),
            needs,
            started_at: started.map(t),
            states: states.to_vec(),
        }
    }

    #[test]
    fn every_crisis_type_has_a_tree_of_known_roles() {
        let c = Content::builtin().expect("content");
        let trees = builtin_trees(c).expect("trees");
        assert_eq!(trees.len(), c.playbooks().count());
        let bad = TREES_SRC.1.replacen("\"legal\"", "\"janitor\"", 1);
        let err = parse_trees("f.toml", &bad, c).expect_err("unknown role");
        assert!(err.contains("unknown role \"janitor\""), "{err}");
    }

    #[test]
    fn escalation_falls_due_when_a_tier_waits_out_its_time() {
        use CallState::*;
        let tiers = vec![
            tier(10, 2, Some(0), &[Acknowledged, Notified, Unreached]),
            tier(20, 1, None, &[Unreached, Unreached]),
        ];
        assert_eq!(escalation_due(&tiers, t(9)), None, "still waiting");
        assert_eq!(escalation_due(&tiers, t(10)), Some((1, t(10))));
        let mut done = tiers.clone();
        done[0].states[1] = Acknowledged;
        assert_eq!(escalation_due(&done, t(30)), None, "enough answered");
        let mut escalated = tiers.clone();
        escalated[1].started_at = Some(t(12));
        assert_eq!(escalation_due(&escalated, t(40)), None, "no tier after the last");
        assert!(!tiers[0].settled());
        assert!(tier(5, 2, Some(0), &[Declined, Unreachable]).settled(), "nobody left to answer");
    }

    #[test]
    fn a_message_fits_each_channel() {
        let sms = render(Channel::Sms, "緊急集合", "請於30分鐘內回電確認。", "安心診所");
        assert_eq!(sms.body, "[安心診所] 緊急集合 請於30分鐘內回電確認。");
        assert_eq!((sms.subject, sms.parts), (None, 1));
        let long = render(Channel::Sms, "", &"字".repeat(140), "");
        assert_eq!(long.parts, 3, "140 characters in parts of 67");
        let mail = render(Channel::Email, "Subject", "Body\nline", "Clinic");
        assert_eq!(mail.subject.as_deref(), Some("Subject"));
        assert_eq!(mail.body, "Body\nline");
    }

    #[test]
    fn the_bulk_csv_and_vcards_hold_the_roster() {
        let csv = bulk_sms_csv(
            &[("王, 大明".into(), "0912000001".into()), ("無電話".into(), String::new())],
            "訊息",
        )
        .expect("csv");
        let text = String::from_utf8(csv).expect("utf-8");
        assert_eq!(text, "phone,name,message\n0912000001,\"王, 大明\",訊息\n");
        let cards = vcards(&[("陳雅婷".into(), "0900-000-102".into(), "a@b.tw".into())]).expect("vcf");
        assert!(
            cards.starts_with("BEGIN:VCARD") && cards.contains("FN:陳雅婷") && cards.contains("0900-000-102"),
            "{cards}"
        );
    }

    #[test]
    fn affected_csv_rows_are_checked_line_by_line() {
        let tz = crate::domain::zone::Zone::taipei();
        let ok = "identifier,what,notified_at,channel\nC-001,booking data,2026-12-01 14:30,sms\nC-002,,,\n";
        let rows = parse_affected_csv(ok.as_bytes(), tz).expect("rows");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].1, Some(t(30)));
        assert_eq!(rows[0].2, Some(Channel::Sms));
        let missing = "what,channel\nx,sms\n";
        assert_eq!(parse_affected_csv(missing.as_bytes(), tz).expect_err("no id").line, 1);
        let bad_time = "identifier,notified_at,channel\nC-1,yesterday,sms\n";
        let e = parse_affected_csv(bad_time.as_bytes(), tz).expect_err("time");
        assert!(e.line == 2 && e.what.to_string().contains("yesterday"), "{e:?}");
        let national = "identifier\nA123456789\n";
        assert!(
            parse_affected_csv(national.as_bytes(), tz)
                .expect_err("id")
                .what
                .to_string()
                .contains("national")
        );
        let twice = "identifier\nC-1\nC-1\n";
        assert_eq!(parse_affected_csv(twice.as_bytes(), tz).expect_err("dup").line, 3);
        let extra = "identifier,colour\nC-1,red\n";
        assert_eq!(parse_affected_csv(extra.as_bytes(), tz).expect_err("unknown").line, 2);
        assert_eq!(
            parse_affected_csv(&[0xff, 0xfe], tz).expect_err("bytes").what.key(),
            "register.not_utf8"
        );
        assert_eq!(set_digest(["b", "a"]), set_digest(["a", "b"]), "order does not matter");
    }
}
