//! The statement checker of the drafting desk.
//!
//! `lint` reads a draft public statement and reports two sorts of findings:
//!
//! - **block**: what must never leave the clinic in a statement: personal data
//!   (national and resident ID numbers with a valid checksum, private phone
//!   numbers, e-mail addresses other than the clinic's own, dates of birth,
//!   chart and health-insurance card numbers, people's names, street
//!   addresses, LINE IDs and social-media handles), and template blanks left
//!   unfilled;
//! - **warn**: content advice from `assets/lint.toml` (missing first-message
//!   elements, wording to avoid, unexplained jargon, and length per audience).
//!
//! The personal-data detectors run on a folded copy of the text (full-width
//! forms, ideographic spaces and odd dashes made plain, see `normal.rs`) and
//! report their findings at the positions of the original. Everything is
//! linear in the length of the text: every pattern is compiled once.

mod names;
mod normal;
mod personal;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

pub use names::NameRules;
pub use normal::fold;
pub use personal::tw_id_kind;

use crate::domain::content::toml_error;
pub use crate::domain::types::FindingKind;
use crate::i18n::{Catalog, Lang, Text};

const LINT_SRC: (&str, &str) = ("assets/lint.toml", include_str!("../../../assets/lint.toml"));

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Block,
    Warn,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters (not bytes, not display cells).
    pub column: usize,
    /// The matched text as written ("" for missing-element and length).
    pub text: String,
    /// Why, in the requested language.
    pub message: String,
    /// Byte offset of the match in the whole text.
    #[serde(skip)]
    pub start: usize,
    /// Byte offset, exclusive.
    #[serde(skip)]
    pub end: usize,
}

/// What the check knows about the clinic and the incident.
#[derive(Clone, Debug, Default)]
pub struct LintContext {
    /// media | patients | staff | social | regulator | partners ("" = no length check).
    pub audience: String,
    /// The clinic's own published number(s); may hold several separated by `,` `;` or `/`.
    pub clinic_hotline: String,
    pub clinic_email: String,
    pub clinic_website: String,
    /// The clinic's own street address: never flagged.
    pub clinic_address: String,
    /// The clinic's own LINE official account, Facebook page, Instagram … (comma-separated).
    pub clinic_social: String,
    /// Names the clinic itself publishes (spokesperson, director): never flagged.
    pub public_names: Vec<String>,
    /// Names of private persons listed on the incident.
    pub private_names: Vec<String>,
    /// Optional extra regex for chart / insurance numbers ("" = none).
    pub chart_pattern: String,
}

// ---------------------------------------------------------------------------
// Rules (assets/lint.toml)
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
struct LintFile {
    #[serde(default)]
    limits: BTreeMap<String, usize>,
    #[serde(default)]
    element: Vec<Element>,
    #[serde(default)]
    phrase: Vec<PhraseGroup>,
    #[serde(default)]
    jargon: Vec<JargonEntry>,
    /// Audiences that read medical terms as they are (the health authority).
    #[serde(default)]
    jargon_exempt: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Words {
    #[serde(default)]
    zh: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Element {
    id: String,
    name: Text,
    hint: Text,
    cues: Words,
    /// The audiences this element is expected for (empty = all).
    #[serde(default)]
    audiences: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct PhraseGroup {
    kind: FindingKind,
    message: Text,
    words: Words,
    /// Longer phrases that contain a word but are fine (惡意程式 for 惡意).
    #[serde(default)]
    except: Words,
    /// A negation just before the word takes the warning away ("我們不會推測").
    #[serde(default)]
    negatable: bool,
}

#[derive(Debug, Deserialize)]
struct JargonEntry {
    terms: Vec<String>,
    plain: Text,
}

#[derive(Debug)]
struct CompiledElement {
    id: String,
    name: Text,
    hint: Text,
    zh_cues: Vec<String>,
    /// ASCII-lowercased.
    en_cues: Vec<String>,
    audiences: Vec<String>,
}

#[derive(Debug)]
struct Phrase {
    kind: FindingKind,
    message: Text,
    re: Regex,
    except: Option<Regex>,
    negatable: bool,
}

/// The parsed and compiled `assets/lint.toml`, with the name lists.
#[derive(Debug)]
pub struct Rules {
    limits: HashMap<String, usize>,
    elements: Vec<CompiledElement>,
    phrases: Vec<Phrase>,
    jargon: Vec<JargonEntry>,
    jargon_re: Option<Regex>,
    /// Normalised term (see `term_key`) -> index into `jargon`.
    jargon_index: HashMap<String, usize>,
    jargon_exempt: Vec<String>,
    names: &'static NameRules,
}

impl Rules {
    /// Parse and compile a lint rules file. Errors name the file (and the line when
    /// the TOML itself is bad).
    pub fn parse(file: &str, src: &str) -> Result<Rules, String> {
        let lf: LintFile = toml::from_str(src).map_err(|e| toml_error(file, src, &e))?;

        for (audience, limit) in &lf.limits {
            if *limit == 0 {
                return Err(format!("{file}: limits.{audience} must be greater than 0"));
            }
        }

        let mut seen = HashSet::new();
        let mut elements = Vec::new();
        for e in lf.element {
            if e.id.trim().is_empty() {
                return Err(format!("{file}: an [[element]] has an empty id"));
            }
            if !seen.insert(e.id.clone()) {
                return Err(format!("{file}: duplicate element id {:?}", e.id));
            }
            let zh_cues: Vec<String> = e.cues.zh.into_iter().filter(|c| !c.trim().is_empty()).collect();
            let en_cues: Vec<String> = e
                .cues
                .en
                .into_iter()
                .filter(|c| !c.trim().is_empty())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if zh_cues.is_empty() && en_cues.is_empty() {
                return Err(format!("{file}: element {:?} has no cues", e.id));
            }
            elements.push(CompiledElement {
                id: e.id,
                name: e.name,
                hint: e.hint,
                zh_cues,
                en_cues,
                audiences: e.audiences,
            });
        }

        let mut phrases = Vec::new();
        for p in lf.phrase {
            if p.kind.blocks() {
                return Err(format!("{file}: phrase {:?}: a wording rule cannot block release", p.kind.id()));
            }
            let words: Vec<&str> = p.words.zh.iter().chain(p.words.en.iter()).map(String::as_str).collect();
            let Some(re) = alternation(&words).map_err(|e| format!("{file}: phrase {:?}: {e}", p.kind))? else {
                return Err(format!("{file}: phrase {:?} has no words", p.kind));
            };
            let except: Vec<&str> = p.except.zh.iter().chain(p.except.en.iter()).map(String::as_str).collect();
            let except = alternation(&except).map_err(|e| format!("{file}: phrase {:?} except: {e}", p.kind))?;
            phrases.push(Phrase {
                kind: p.kind,
                message: p.message,
                re,
                except,
                negatable: p.negatable,
            });
        }

        let mut jargon_index = HashMap::new();
        let mut all_terms = Vec::new();
        for (i, j) in lf.jargon.iter().enumerate() {
            if j.terms.iter().all(|t| t.trim().is_empty()) {
                return Err(format!("{file}: [[jargon]] entry {} has no terms", i + 1));
            }
            for t in j.terms.iter().filter(|t| !t.trim().is_empty()) {
                jargon_index.entry(term_key(t)).or_insert(i);
                all_terms.push(t.as_str());
            }
        }
        let jargon_re = alternation(&all_terms).map_err(|e| format!("{file}: jargon: {e}"))?;

        Ok(Rules {
            limits: lf.limits.into_iter().collect(),
            elements,
            phrases,
            jargon: lf.jargon,
            jargon_re,
            jargon_index,
            jargon_exempt: lf.jargon_exempt,
            names: NameRules::builtin()?,
        })
    }

    /// The built-in rules (`assets/lint.toml`, compiled in), parsed once per process.
    pub fn builtin() -> Result<&'static Rules, String> {
        static CELL: OnceLock<Result<Rules, String>> = OnceLock::new();
        CELL.get_or_init(|| Rules::parse(LINT_SRC.0, LINT_SRC.1))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The length limit for an audience, in characters as `count_chars` counts them.
    pub fn limit(&self, audience: &str) -> Option<usize> {
        self.limits.get(audience).copied()
    }

    /// The display name of a first-message element.
    pub fn element_name(&self, id: &str, lang: Lang) -> Option<&str> {
        self.elements.iter().find(|e| e.id == id).map(|e| e.name.get(lang))
    }
}

/// The key a term is looked up by: ASCII-lowercased, runs of whitespace as one space.
fn term_key(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_lowercase()
}

/// The regex for one word-list term: ASCII letters match either case, whitespace matches
/// any run of whitespace, and a term that starts (ends) with an ASCII letter or digit only
/// matches where no ASCII letter, digit or `_` comes directly before (after) it.
/// CJK terms are plain substrings.
fn term_pattern(term: &str) -> String {
    let term = term.trim();
    let mut p = String::with_capacity(term.len() * 4);
    let starts = term.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    let ends = term.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric());
    if starts {
        p.push_str(r"(?-u:\b)");
    }
    let mut in_space = false;
    let mut buf = [0u8; 4];
    for c in term.chars() {
        if c.is_whitespace() {
            if !in_space {
                p.push_str(r"\s+");
            }
            in_space = true;
            continue;
        }
        in_space = false;
        if c.is_ascii_alphabetic() {
            p.push('[');
            p.push(c.to_ascii_lowercase());
            p.push(c.to_ascii_uppercase());
            p.push(']');
        } else {
            p.push_str(&regex::escape(c.encode_utf8(&mut buf)));
        }
    }
    if ends {
        p.push_str(r"(?-u:\b)");
    }
    p
}

/// One regex matching any of `terms`, longest first so that at one position the longest
/// term wins. `None` when there are no (non-blank) terms.
fn alternation(terms: &[&str]) -> Result<Option<Regex>, String> {
    let mut ts: Vec<&str> = terms.iter().map(|t| t.trim()).filter(|t| !t.is_empty()).collect();
    if ts.is_empty() {
        return Ok(None);
    }
    ts.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    ts.dedup();
    let pat = ts.iter().map(|t| term_pattern(t)).collect::<Vec<_>>().join("|");
    Regex::new(&pat).map(Some).map_err(|e| e.to_string())
}

// ---------------------------------------------------------------------------
// Public helpers
// ---------------------------------------------------------------------------

/// Length as a reader measures it: a Chinese character (or any other
/// non-ASCII character, full-width punctuation included) counts one, an
/// English word or number counts one, ASCII punctuation and spaces nothing.
/// So one limit serves both languages: 300 is a short Chinese reply or an
/// English one of about 300 words' worth of reading, not 300 letters.
pub fn count_chars(text: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || (in_word && matches!(c, '\'' | '’' | '-' | '_')) {
            if !in_word {
                n += 1;
            }
            in_word = true;
        } else {
            in_word = false;
            if !c.is_ascii() && !c.is_whitespace() {
                n += 1;
            }
        }
    }
    n
}

/// The byte offset where the unit numbered `limit` (0-based) starts, as
/// `count_chars` counts: where a text over its limit goes over.
fn unit_start(text: &str, limit: usize) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let starts = if c.is_ascii_alphanumeric() || (in_word && matches!(c, '\'' | '’' | '-' | '_')) {
            let s = !in_word;
            in_word = true;
            s
        } else {
            in_word = false;
            !c.is_ascii() && !c.is_whitespace()
        };
        if starts {
            if n == limit {
                return i;
            }
            n += 1;
        }
    }
    text.len()
}

/// Taiwan national ID / resident certificate checksum (new format [A-Z][12]\d{8}, new resident [A-Z][89]\d{8},
/// old resident [A-Z][A-D]\d{8}); case-insensitive.
pub fn tw_id_valid(s: &str) -> bool {
    tw_id_kind(s).is_some()
}

/// The regex error for a chart-number pattern, or `None` when it compiles (or is empty).
pub fn chart_pattern_error(p: &str) -> Option<String> {
    if p.trim().is_empty() {
        return None;
    }
    Regex::new(p).err().map(|e| e.to_string())
}

pub fn has_blocking(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Block)
}

/// The checker's own message for a kind it finds by itself (personal data,
/// blanks, jargon, length), from the catalogs.
fn msg(kind: FindingKind, lang: Lang, args: &[(&str, &str)]) -> String {
    Catalog::get(lang).f(&format!("finding.{}", kind.id()), args)
}

// ---------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------

/// Only what must never leave the clinic: personal data and template blanks,
/// as byte spans of `text`, with their kinds. This is what the review chain
/// and the store ask; it does not need the wording rules.
pub fn blocking_spans(text: &str, ctx: &LintContext, rules: &Rules) -> Vec<(FindingKind, usize, usize)> {
    let f = normal::Folded::new(text);
    let t = f.text.as_str();
    let mut spans: Vec<(FindingKind, usize, usize)> = personal::ids(t);
    let own_phones = personal::hotline_set(&ctx.clinic_hotline);
    let own_social = personal::own_social_list(&ctx.clinic_social, &ctx.clinic_website);
    let own_hosts: Vec<String> = [&ctx.clinic_email, &ctx.clinic_website]
        .into_iter()
        .map(|s| personal::host_of(&fold(s)))
        .filter(|h| !h.is_empty())
        .collect();
    let mut push = |kind: FindingKind, v: Vec<personal::Span>| spans.extend(v.into_iter().map(|(s, e)| (kind, s, e)));
    push(FindingKind::Phone, personal::phones(t, &own_phones));
    push(FindingKind::Email, personal::emails(t, &ctx.clinic_email, &ctx.clinic_website));
    push(FindingKind::BirthDate, personal::birth_dates(t));
    push(FindingKind::ChartNumber, personal::chart_numbers(t, &ctx.chart_pattern));
    let private = names::private_names(t, &ctx.private_names);
    // A private name with its title is reported once, as the private name.
    let named: Vec<personal::Span> = names::person_names(t, rules.names, &ctx.public_names)
        .into_iter()
        .filter(|&(s, e)| !private.iter().any(|&(ps, pe)| ps < e && s < pe))
        .collect();
    push(FindingKind::PrivateName, private);
    push(FindingKind::PersonName, named);
    push(FindingKind::Address, personal::addresses(t, &ctx.clinic_address));
    push(FindingKind::SocialId, personal::social_ids(t, &own_social, &own_hosts));
    push(FindingKind::Placeholder, personal::placeholders(t));
    let mut spans: Vec<(FindingKind, usize, usize)> = spans
        .into_iter()
        .map(|(k, s, e)| {
            let (s, e) = f.to_original(s, e);
            (k, s, e)
        })
        .collect();
    // Found in the text as typed: folding would not keep them apart.
    spans.extend(
        personal::hidden_characters(text)
            .into_iter()
            .map(|(s, e)| (FindingKind::HiddenCharacter, s, e)),
    );
    spans
}

/// Whether anything in `text` blocks its release.
pub fn blocks(text: &str, ctx: &LintContext, rules: &Rules) -> bool {
    !text.trim().is_empty() && !blocking_spans(text, ctx, rules).is_empty()
}

/// Check a statement. Findings sorted by (start, kind).
pub fn lint(text: &str, ctx: &LintContext, rules: &Rules, lang: Lang) -> Vec<Finding> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut push = |kind: FindingKind, severity: Severity, start: usize, end: usize, message: String| {
        out.push(Finding {
            kind,
            severity,
            line: 0,
            column: 0,
            text: text[start..end].to_string(),
            message,
            start,
            end,
        });
    };

    for (kind, s, e) in blocking_spans(text, ctx, rules) {
        push(kind, Severity::Block, s, e, msg(kind, lang, &[]));
    }

    // --- content -----------------------------------------------------------------
    let lower = text.to_ascii_lowercase();
    for el in &rules.elements {
        if !ctx.audience.is_empty() && !el.audiences.is_empty() && !el.audiences.contains(&ctx.audience) {
            continue;
        }
        let present = el.zh_cues.iter().any(|c| text.contains(c.as_str())) || el.en_cues.iter().any(|c| lower.contains(c.as_str()));
        if !present {
            let label = Catalog::get(lang).f("ui.field_label", &[("label", el.name.get(lang))]);
            push(
                FindingKind::MissingElement,
                Severity::Warn,
                0,
                0,
                format!("{label}{}", el.hint.get(lang)),
            );
        }
    }
    for ph in &rules.phrases {
        let excepted: Vec<(usize, usize)> = ph
            .except
            .as_ref()
            .map(|re| re.find_iter(text).map(|m| (m.start(), m.end())).collect())
            .unwrap_or_default();
        for m in ph.re.find_iter(text) {
            if excepted.iter().any(|&(s, e)| s <= m.start() && m.end() <= e) || ph.negatable && negated(&text[..m.start()]) {
                continue;
            }
            push(ph.kind, Severity::Warn, m.start(), m.end(), ph.message.get(lang).to_string());
        }
    }
    if let Some(re) = rules.jargon_re.as_ref().filter(|_| !rules.jargon_exempt.contains(&ctx.audience)) {
        for m in re.find_iter(text) {
            if explained(&text[m.end()..]) {
                continue;
            }
            let Some(&i) = rules.jargon_index.get(&term_key(m.as_str())) else {
                continue;
            };
            let message = msg(
                FindingKind::Jargon,
                lang,
                &[("term", m.as_str()), ("plain", rules.jargon[i].plain.get(lang))],
            );
            push(FindingKind::Jargon, Severity::Warn, m.start(), m.end(), message);
        }
    }
    if let Some(limit) = rules.limit(&ctx.audience) {
        let count = count_chars(text);
        if count > limit {
            let at = unit_start(text, limit);
            let message = msg(
                FindingKind::Length,
                lang,
                &[("count", &count.to_string()), ("limit", &limit.to_string())],
            );
            push(FindingKind::Length, Severity::Warn, at, at, message);
        }
    }

    out.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.kind.id().cmp(b.kind.id())));
    fill_positions(text, &mut out);
    out
}

/// A negation shortly before a word, within the same clause: 不會推測,
/// 請勿自行猜測, we will not speculate.
fn negated(before: &str) -> bool {
    let start = before.char_indices().rev().nth(5).map_or(0, |(i, _)| i);
    let clause = &before[start..];
    let clause = clause
        .rfind(['，', '。', '、', '；', '：', ',', '.', ';', ':', '\n'])
        .map_or(clause, |i| &clause[i..]);
    ["不", "勿", "避免", "無意", "沒有", "並未", "not ", "never ", "n't "]
        .iter()
        .any(|n| clause.to_ascii_lowercase().contains(n))
}

/// A jargon term is explained when `(` or `（` follows it directly (after optional spaces).
fn explained(rest: &str) -> bool {
    rest.trim_start_matches([' ', '\t', '\u{3000}']).starts_with(['(', '（'])
}

/// Set `line` and `column` from `start` in one pass over the text (findings sorted by start).
fn fill_positions(text: &str, findings: &mut [Finding]) {
    let bytes = text.as_bytes();
    let (mut pos, mut line, mut col) = (0usize, 1usize, 1usize);
    for f in findings.iter_mut() {
        if f.start > pos {
            for (i, c) in text[pos..f.start].char_indices() {
                let at = pos + i;
                match c {
                    '\n' => {
                        line += 1;
                        col = 1;
                    }
                    // A lone CR is a line break too; CR LF counts once (at the LF).
                    '\r' if bytes.get(at + 1) != Some(&b'\n') => {
                        line += 1;
                        col = 1;
                    }
                    _ => col += 1,
                }
            }
            pos = f.start;
        }
        f.line = line;
        f.column = col;
    }
}

#[cfg(test)]
mod tests;
