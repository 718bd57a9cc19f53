//! The statement checker of the drafting desk.
//!
//! `lint` reads a draft public statement and reports two sorts of findings:
//!
//! - **block**: personal data that must never leave in a statement (national and
//!   resident ID numbers with a valid checksum, private phone numbers, e-mail addresses
//!   other than the clinic's own, dates of birth, chart and health-insurance card
//!   numbers, and the names the incident lists as private);
//! - **warn**: content advice from `assets/lint.toml` (missing first-message elements,
//!   wording to avoid, unexplained jargon, and length per audience).
//!
//! Everything is linear in the length of the text: every pattern is compiled once
//! (the fixed ones in a `OnceLock`, the word lists in `Rules`), and each detector is a
//! single left-to-right regex scan.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::domain::content::toml_error;
use crate::i18n::{Lang, Text};

const LINT_SRC: (&str, &str) = ("assets/lint.toml", include_str!("../../assets/lint.toml"));

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Block,
    Warn,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// national-id | resident-id | phone | email | birth-date | chart-number | private-name
    /// | missing-element | blame | defensive | speculation | over-reassurance | jargon | length
    pub kind: String,
    pub severity: Severity,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters (not bytes, not display cells).
    pub column: usize,
    /// The matched text ("" for missing-element and length).
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
}

#[derive(Debug, Deserialize)]
struct PhraseGroup {
    kind: String,
    message: Text,
    words: Words,
}

#[derive(Debug, Deserialize)]
struct JargonEntry {
    terms: Vec<String>,
    plain: Text,
}

#[derive(Debug)]
struct Element2 {
    id: String,
    name: Text,
    hint: Text,
    zh_cues: Vec<String>,
    /// ASCII-lowercased.
    en_cues: Vec<String>,
}

#[derive(Debug)]
struct Phrase {
    kind: String,
    message: Text,
    re: Regex,
}

/// The parsed and compiled `assets/lint.toml`.
#[derive(Debug)]
pub struct Rules {
    limits: HashMap<String, usize>,
    elements: Vec<Element2>,
    phrases: Vec<Phrase>,
    jargon: Vec<JargonEntry>,
    jargon_re: Option<Regex>,
    /// Normalised term (see `term_key`) -> index into `jargon`.
    jargon_index: HashMap<String, usize>,
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
            elements.push(Element2 {
                id: e.id,
                name: e.name,
                hint: e.hint,
                zh_cues,
                en_cues,
            });
        }

        let mut phrases = Vec::new();
        for p in lf.phrase {
            if p.kind.trim().is_empty() {
                return Err(format!("{file}: a [[phrase]] has an empty kind"));
            }
            let words: Vec<&str> = p.words.zh.iter().chain(p.words.en.iter()).map(String::as_str).collect();
            let Some(re) = alternation(&words).map_err(|e| format!("{file}: phrase {:?}: {e}", p.kind))? else {
                return Err(format!("{file}: phrase {:?} has no words", p.kind));
            };
            phrases.push(Phrase {
                kind: p.kind,
                message: p.message,
                re,
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
// Fixed patterns
// ---------------------------------------------------------------------------

struct Fixed {
    alnum: Regex,
    mobile: Regex,
    intl: Regex,
    land: Regex,
    email: Regex,
    date: Regex,
    birth_label: Regex,
    chart: Regex,
}

const SEP: &str = r"[-\x20]?";

fn fixed() -> &'static Fixed {
    static CELL: OnceLock<Fixed> = OnceLock::new();
    CELL.get_or_init(|| {
        let re = |p: &str| Regex::new(p).unwrap_or_else(|e| panic!("built-in lint pattern {p:?}: {e}"));
        let months = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
        Fixed {
            alnum: re(r"[A-Za-z0-9]+"),
            mobile: re(&format!(r"09\d{{2}}{SEP}\d{{3}}{SEP}\d{{3}}")),
            intl: re(&format!(
                r"\+886{SEP}(?:\(0?[2-8]\d{{0,2}}\)|0?[2-8]\d{{0,2}}|0?9\d{{2}}){SEP}\d{{3,4}}{SEP}\d{{3,4}}"
            )),
            land: re(&format!(r"(?:\(0[2-8]\d{{0,2}}\)|0[2-8]\d{{0,2}}){SEP}\d{{3,4}}{SEP}\d{{3,4}}")),
            email: re(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
            date: re(&[
                // 2026年11月24日, 民國75年3月2日, 75年3月2日, 1986年3月
                r"(?:民國\s*)?\d{2,4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日號])?".to_string(),
                // 2026-11-24, 2026/11/24, 2026.11.24
                r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}".to_string(),
                // 3/2/1986, 02-03-1986
                r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}".to_string(),
                // 75/03/02 (ROC year)
                r"\d{2,3}/\d{1,2}/\d{1,2}".to_string(),
                // 2 March 1986, 2nd Mar. 1986
                format!(r"\d{{1,2}}(?:st|nd|rd|th)?\s+(?i:{months})\.?,?\s+\d{{4}}"),
                // March 2, 1986 / March 1986
                format!(r"(?i:{months})\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?\d{{4}}"),
            ]
            .join("|")),
            birth_label: re(r"出生年月日|出生日期|出生|生日|生於|(?i:(?-u:\b)(?:d\.o\.b\.|(?:dob|date\s+of\s+birth|birth\s*date|birthday|born)(?-u:\b)))"),
            chart: re(&format!(
                r"(?:病歷號碼|病歷編號|病歷號|病歷碼|健保卡卡號|健保卡號碼|健保卡號|健保號碼|(?i:(?-u:\b)(?:{en})))[\s：:#為]*([A-Za-z0-9-]{{4,}})",
                en = [
                    r"chart\s*(?:number|no\.|no(?-u:\b)|#)",
                    r"medical\s+record\s+(?:number|no\.|no(?-u:\b))",
                    r"mrn(?-u:\b)",
                    r"nhi\s+card\s+(?:number|no\.|no(?-u:\b))",
                    r"insurance\s+card\s+number",
                ]
                .join("|")
            )),
        }
    })
}

// ---------------------------------------------------------------------------
// Public helpers
// ---------------------------------------------------------------------------

/// Characters as a reader counts them: every character except whitespace counts one
/// (a CJK character is one, not two cells or three bytes).
pub fn count_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

fn letter_value(c: char) -> Option<u32> {
    const VALUES: [u32; 26] = [
        10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33,
    ];
    let c = c.to_ascii_uppercase();
    c.is_ascii_uppercase().then(|| VALUES[(c as u8 - b'A') as usize])
}

/// Which kind of ID `s` is when it has a valid checksum.
fn tw_id_kind(s: &str) -> Option<&'static str> {
    let b = s.as_bytes();
    if b.len() != 10 || !b[2..].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let first = letter_value(b[0] as char)?;
    let second = b[1].to_ascii_uppercase();
    let (kind, d2) = match second {
        b'1' | b'2' => ("national-id", u32::from(second - b'0')),
        b'8' | b'9' => ("resident-id", u32::from(second - b'0')),
        b'A'..=b'D' => ("resident-id", letter_value(second as char)? % 10),
        _ => return None,
    };
    let mut digits = [0u32; 11];
    digits[0] = first / 10;
    digits[1] = first % 10;
    digits[2] = d2;
    for (i, d) in b[2..].iter().enumerate() {
        digits[3 + i] = u32::from(d - b'0');
    }
    const WEIGHTS: [u32; 11] = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1];
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    sum.is_multiple_of(10).then_some(kind)
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

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

/// The checker's own messages for the personal-data kinds and for length. The length
/// message holds `{count}` and `{limit}` placeholders.
fn msg(kind: &str, lang: Lang) -> &'static str {
    match (kind, lang) {
        ("national-id", Lang::Zh) => "身分證字號：發布前必須刪除",
        ("national-id", Lang::En) => "National ID number: remove before release",
        ("resident-id", Lang::Zh) => "居留證號（統一證號）：發布前必須刪除",
        ("resident-id", Lang::En) => "Resident certificate number: remove before release",
        ("phone", Lang::Zh) => "個人電話號碼：發布前必須刪除（診所公開的專線不在此限）",
        ("phone", Lang::En) => "Personal phone number: remove before release (the clinic's published hotline is fine)",
        ("email", Lang::Zh) => "個人電子郵件地址：發布前必須刪除（診所自己的信箱不在此限）",
        ("email", Lang::En) => "Personal email address: remove before release (the clinic's own address is fine)",
        ("birth-date", Lang::Zh) => "出生日期：發布前必須刪除",
        ("birth-date", Lang::En) => "Date of birth: remove before release",
        ("chart-number", Lang::Zh) => "病歷號或健保卡號：發布前必須刪除",
        ("chart-number", Lang::En) => "Chart or health-insurance card number: remove before release",
        ("private-name", Lang::Zh) => "事件中列為不公開的姓名：發布前必須刪除或改用代稱（例如「一位病人」）",
        ("private-name", Lang::En) => {
            "Name listed as private on the incident: remove it or use a description (e.g. \"a patient\") before release"
        }
        ("length", Lang::Zh) => "篇幅過長：全文 {count} 字，超過此發布對象的上限 {limit} 字，請精簡",
        ("length", Lang::En) => "Too long: {count} characters, over this audience's limit of {limit}; please shorten it",
        ("jargon", Lang::Zh) => "醫學術語「{term}」請加白話說明，例如：{plain}",
        ("jargon", Lang::En) => "Medical term “{term}”: explain it in plain words, e.g. {plain}",
        _ => "",
    }
}

// ---------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------

/// Check a statement. Findings sorted by (start, kind). Blocking findings are personal data.
pub fn lint(text: &str, ctx: &LintContext, rules: &Rules, lang: Lang) -> Vec<Finding> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut push = |kind: &str, severity: Severity, start: usize, end: usize, message: String| {
        out.push(Finding {
            kind: kind.to_string(),
            severity,
            line: 0,
            column: 0,
            text: text[start..end].to_string(),
            message,
            start,
            end,
        });
    };

    // --- personal data ---------------------------------------------------------
    let block = |kind: &str| msg(kind, lang).to_string();
    for (kind, s, e) in find_ids(text) {
        push(kind, Severity::Block, s, e, block(kind));
    }
    for (s, e) in find_phones(text, &ctx.clinic_hotline) {
        push("phone", Severity::Block, s, e, block("phone"));
    }
    for (s, e) in find_emails(text, &ctx.clinic_email, &ctx.clinic_website) {
        push("email", Severity::Block, s, e, block("email"));
    }
    for (s, e) in find_birth_dates(text) {
        push("birth-date", Severity::Block, s, e, block("birth-date"));
    }
    for (s, e) in find_chart_numbers(text, &ctx.chart_pattern) {
        push("chart-number", Severity::Block, s, e, block("chart-number"));
    }
    for (s, e) in find_names(text, &ctx.private_names) {
        push("private-name", Severity::Block, s, e, block("private-name"));
    }

    // --- content -----------------------------------------------------------------
    let lower = text.to_ascii_lowercase();
    for el in &rules.elements {
        let present = el.zh_cues.iter().any(|c| text.contains(c.as_str())) || el.en_cues.iter().any(|c| lower.contains(c.as_str()));
        if !present {
            push(
                "missing-element",
                Severity::Warn,
                0,
                0,
                format!("{}: {}", el.name.get(lang), el.hint.get(lang)),
            );
        }
    }
    for ph in &rules.phrases {
        for m in ph.re.find_iter(text) {
            push(&ph.kind, Severity::Warn, m.start(), m.end(), ph.message.get(lang).to_string());
        }
    }
    if let Some(re) = &rules.jargon_re {
        for m in re.find_iter(text) {
            if explained(&text[m.end()..]) {
                continue;
            }
            let Some(&i) = rules.jargon_index.get(&term_key(m.as_str())) else {
                continue;
            };
            let message = msg("jargon", lang)
                .replace("{term}", m.as_str())
                .replace("{plain}", rules.jargon[i].plain.get(lang));
            push("jargon", Severity::Warn, m.start(), m.end(), message);
        }
    }
    if let Some(limit) = rules.limit(&ctx.audience) {
        let count = count_chars(text);
        if count > limit {
            let at = text
                .char_indices()
                .filter(|(_, c)| !c.is_whitespace())
                .nth(limit)
                .map_or(text.len(), |(i, _)| i);
            let message = msg("length", lang)
                .replace("{count}", &count.to_string())
                .replace("{limit}", &limit.to_string());
            push("length", Severity::Warn, at, at, message);
        }
    }

    out.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.kind.cmp(&b.kind)));
    fill_positions(text, &mut out);
    out
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

fn is_word_byte(b: Option<&u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_alphanumeric())
}

/// No ASCII letter or digit directly before `s` or at `e`.
fn bounded(text: &str, s: usize, e: usize) -> bool {
    let b = text.as_bytes();
    !is_word_byte(s.checked_sub(1).and_then(|i| b.get(i))) && !is_word_byte(b.get(e))
}

/// National and resident ID numbers: a whole run of ASCII letters and digits that is a
/// valid ID (so an ID inside a longer code is not one).
fn find_ids(text: &str) -> Vec<(&'static str, usize, usize)> {
    fixed()
        .alnum
        .find_iter(text)
        .filter(|m| m.len() == 10)
        .filter_map(|m| tw_id_kind(m.as_str()).map(|k| (k, m.start(), m.end())))
        .collect()
}

/// Digits only, with a leading +886 / 886 country code turned into the trunk 0.
fn normalise_phone(s: &str) -> String {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    if s.trim_start().starts_with('+')
        && let Some(rest) = digits.strip_prefix("886")
    {
        return format!("0{}", rest.strip_prefix('0').unwrap_or(rest));
    }
    digits
}

/// The clinic's own numbers, normalised.
fn hotline_set(hotline: &str) -> HashSet<String> {
    let mut set = HashSet::new();
    for part in hotline.split([',', ';', '/', '，', '；', '、']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let whole = normalise_phone(part);
        if !whole.is_empty() {
            set.insert(whole);
        }
        for (s, e) in phone_candidates(part) {
            set.insert(normalise_phone(&part[s..e]));
        }
    }
    set
}

/// Phone-shaped runs with plausible digit counts, on letter/digit boundaries, not
/// overlapping (earliest, then longest, wins).
fn phone_candidates(text: &str) -> Vec<(usize, usize)> {
    let f = fixed();
    let mut cands: Vec<(usize, usize)> = Vec::new();
    for m in f.mobile.find_iter(text) {
        cands.push((m.start(), m.end()));
    }
    for m in f.land.find_iter(text) {
        let n = m.as_str().bytes().filter(u8::is_ascii_digit).count();
        if (9..=10).contains(&n) {
            cands.push((m.start(), m.end()));
        }
    }
    for m in f.intl.find_iter(text) {
        let national = normalise_phone(m.as_str());
        let ok = if national.starts_with("09") {
            national.len() == 10
        } else {
            (9..=10).contains(&national.len())
        };
        if ok {
            cands.push((m.start(), m.end()));
        }
    }
    cands.retain(|&(s, e)| bounded(text, s, e));
    cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<(usize, usize)> = Vec::new();
    for c in cands {
        if out.last().is_none_or(|l| c.0 >= l.1) {
            out.push(c);
        }
    }
    out
}

fn find_phones(text: &str, hotline: &str) -> Vec<(usize, usize)> {
    let own = hotline_set(hotline);
    phone_candidates(text)
        .into_iter()
        .filter(|&(s, e)| {
            let n = normalise_phone(&text[s..e]);
            !(n.starts_with("0800") || n.starts_with("0809") || own.contains(&n))
        })
        .collect()
}

/// The host of a URL or an e-mail domain: lowercased, without scheme, `www.`, port or path.
fn host_of(s: &str) -> String {
    let s = s.trim();
    let s = s.split_once("://").map_or(s, |(_, r)| r);
    let s = s.rsplit_once('@').map_or(s, |(_, r)| r);
    let s = s.split(['/', '?', '#', ':']).next().unwrap_or("");
    let s = s.trim_end_matches('.').to_ascii_lowercase();
    s.strip_prefix("www.").map(str::to_string).unwrap_or(s)
}

/// Free mail providers: a clinic that uses one does not make every address there its own.
const FREE_MAIL: [&str; 17] = [
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.com.tw",
    "hotmail.com",
    "hotmail.com.tw",
    "outlook.com",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "hinet.net",
    "msa.hinet.net",
    "pchome.com.tw",
    "seed.net.tw",
    "protonmail.com",
    "proton.me",
];

fn find_emails(text: &str, clinic_email: &str, clinic_website: &str) -> Vec<(usize, usize)> {
    let own_email = clinic_email.trim().to_ascii_lowercase();
    let mut own_domains: Vec<String> = Vec::new();
    for src in [clinic_email, clinic_website] {
        if src.trim().is_empty() {
            continue;
        }
        let h = host_of(src);
        if !h.is_empty() && !FREE_MAIL.contains(&h.as_str()) {
            own_domains.push(h);
        }
    }
    fixed()
        .email
        .find_iter(text)
        .filter(|m| {
            let addr = m.as_str().to_ascii_lowercase();
            if !own_email.is_empty() && addr == own_email {
                return false;
            }
            let d = host_of(&addr);
            !own_domains.contains(&d)
        })
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// The byte offset `n` characters before `at` (or 0).
fn back_chars(text: &str, at: usize, n: usize) -> usize {
    text[..at].char_indices().rev().take(n).last().map_or(at, |(i, _)| i)
}

fn find_birth_dates(text: &str) -> Vec<(usize, usize)> {
    const GAP: usize = 12;
    const LONGEST_LABEL: usize = 14;
    let f = fixed();
    let b = text.as_bytes();
    let mut out = Vec::new();
    for m in f.date.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        let digit_at = |i: Option<usize>| i.and_then(|i| b.get(i)).is_some_and(u8::is_ascii_digit);
        if digit_at(s.checked_sub(1)) || digit_at(Some(e)) {
            continue;
        }
        // A birth label at most GAP characters before the date, with only separators
        // in between ("出生日期：", "生日為", "DOB:", "born on").
        let from = back_chars(text, s, GAP + LONGEST_LABEL);
        let window = &text[from..s];
        let labelled = f.birth_label.find_iter(window).any(|l| {
            let gap = &window[l.end()..];
            gap.chars().count() <= GAP && only_separators(gap)
        });
        // Or directly followed by 生 / 出生 ("75年3月2日生"), but not 生效 and the like.
        let rest = text[e..].trim_start_matches([' ', '\u{3000}']);
        let born_after = rest.starts_with("出生")
            || rest
                .strip_prefix('生')
                .is_some_and(|r| r.chars().next().is_none_or(|c| !is_cjk(c) || "的之於在，、。".contains(c)));
        if labelled || born_after {
            out.push((s, e));
        }
    }
    out
}

/// Whether `gap` (between a birth label and a date) holds nothing but spaces,
/// punctuation such as `：` `:` `(`, the linking words 為 是 於 在, or is / was / on / in.
fn only_separators(gap: &str) -> bool {
    let mut s = gap;
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || ":：為是於在,，(（=-".contains(c));
        if s.is_empty() {
            return true;
        }
        let word = ["is", "was", "on", "in"].into_iter().find(|w| {
            s.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w)) && !s[w.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
        });
        match word {
            Some(w) => s = &s[w.len()..],
            None => return false,
        }
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

fn find_chart_numbers(text: &str, chart_pattern: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for c in fixed().chart.captures_iter(text) {
        let (Some(all), Some(tok)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if tok.as_str().bytes().any(|b| b.is_ascii_digit()) {
            out.push((all.start(), all.end()));
        }
    }
    if !chart_pattern.trim().is_empty()
        && let Ok(re) = Regex::new(chart_pattern)
    {
        let labelled = out.clone();
        for m in re.find_iter(text) {
            if m.is_empty() || labelled.iter().any(|&(s, e)| s <= m.start() && m.end() <= e) {
                continue;
            }
            out.push((m.start(), m.end()));
        }
    }
    out
}

fn find_names(text: &str, names: &[String]) -> Vec<(usize, usize)> {
    let ns: Vec<&str> = names.iter().map(|n| n.trim()).filter(|n| n.chars().count() >= 2).collect();
    match alternation(&ns) {
        Ok(Some(re)) => re.find_iter(text).map(|m| (m.start(), m.end())).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> &'static Rules {
        Rules::builtin().expect("built-in lint rules parse")
    }

    fn ctx() -> LintContext {
        LintContext {
            audience: String::new(),
            clinic_hotline: "(02)2700-1234".into(),
            clinic_email: "service@anxin-clinic.example.tw".into(),
            clinic_website: "https://www.anxin-clinic.example.tw/news".into(),
            private_names: vec!["林美華".into(), "Chen Mei-ling".into()],
            chart_pattern: String::new(),
        }
    }

    /// Block findings only, as (kind, text).
    fn blocks(text: &str, ctx: &LintContext) -> Vec<(String, String)> {
        lint(text, ctx, rules(), Lang::Zh)
            .into_iter()
            .filter(|f| f.severity == Severity::Block)
            .map(|f| (f.kind, f.text))
            .collect()
    }

    fn kinds(text: &str, ctx: &LintContext) -> Vec<String> {
        lint(text, ctx, rules(), Lang::En).into_iter().map(|f| f.kind).collect()
    }

    fn pair(kind: &str, text: &str) -> (String, String) {
        (kind.to_string(), text.to_string())
    }

    // --- checksum -----------------------------------------------------------------

    #[test]
    fn checksum_known_values() {
        assert!(tw_id_valid("A123456789"));
        assert!(!tw_id_valid("A123456788"));
        // Computed by hand with the weights 1,9,8,7,6,5,4,3,2,1,1:
        // F220012344: F=15 -> 1*1+5*9+2*8+2*7+0*6+0*5+1*4+2*3+3*2+4*1+4*1 = 100.
        assert!(tw_id_valid("F220012344"));
        // B102938474: B=11 -> 1+9+8+0+12+45+12+24+8+7+4 = 130.
        assert!(tw_id_valid("B102938474"));
        assert!(tw_id_valid("K287654324"));
        assert!(tw_id_valid("P148392019"));
        // Lowercase first letter.
        assert!(tw_id_valid("a123456789"));
        // New resident certificate.
        assert!(tw_id_valid("A800000014"));
        assert!(tw_id_valid("F912345678"));
        // Old resident certificate: the second letter stands for its value's last digit.
        assert!(tw_id_valid("AB12345677"));
        assert!(tw_id_valid("FC00523186"));
        assert!(tw_id_valid("HD98765436"));
        assert!(tw_id_valid("GA12345671"));
        assert!(tw_id_valid("ab12345677"));
        // Every other last digit is invalid.
        for id in ["A123456789", "F220012344", "A800000014", "AB12345677"] {
            let stem = &id[..9];
            let good = id.as_bytes()[9];
            for d in b'0'..=b'9' {
                let s = format!("{stem}{}", d as char);
                assert_eq!(tw_id_valid(&s), d == good, "{s}");
            }
        }
        // Wrong shapes.
        for s in [
            "A12345678",
            "A1234567890",
            "A323456789",
            "AE12345678",
            "1123456789",
            "A12345678X",
            "Ａ123456789",
            "",
        ] {
            assert!(!tw_id_valid(s), "{s}");
        }
    }

    #[test]
    fn checksum_sum_by_hand() {
        // A123456789: 1*1 + 0*9 + 1*8 + 2*7 + 3*6 + 4*5 + 5*4 + 6*3 + 7*2 + 8*1 + 9*1 = 130.
        let digits = [1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        let w = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1];
        let sum: u32 = digits.iter().zip(w).map(|(d, w)| d * w).sum();
        assert_eq!(sum, 130);
        assert_eq!(tw_id_kind("A123456789"), Some("national-id"));
        assert_eq!(tw_id_kind("A800000014"), Some("resident-id"));
        assert_eq!(tw_id_kind("AB12345677"), Some("resident-id"));
    }

    // --- IDs ------------------------------------------------------------------------

    #[test]
    fn national_and_resident_ids() {
        let c = ctx();
        assert_eq!(blocks("身分證字號A123456789。", &c), vec![pair("national-id", "A123456789")]);
        assert_eq!(blocks("id: f220012344", &c), vec![pair("national-id", "f220012344")]);
        assert_eq!(
            blocks("統一證號A800000014、舊證號AB12345677", &c),
            vec![pair("resident-id", "A800000014"), pair("resident-id", "AB12345677")]
        );
        // Look-alikes: bad checksum, inside a longer code, glued to letters or digits.
        assert!(blocks("A123456788 與 B123456789", &c).is_empty());
        assert!(blocks("XA123456789 A1234567890 A123456789B 訂單ZZA123456789", &c).is_empty());
        assert!(blocks("序號AB12345678", &c).is_empty());
    }

    // --- phones ---------------------------------------------------------------------

    #[test]
    fn phones_flagged() {
        let c = ctx();
        for p in [
            "0912-345-678",
            "0912 345 678",
            "0912345678",
            "+886 912 345 678",
            "+886-912-345-678",
            "+886912345678",
            "+886 2 2345 6789",
            "02-2345-6789",
            "(02)2345-6789",
            "04-2234-5678",
            "07-123-4567",
            "037-123456",
        ] {
            let t = format!("請聯絡家屬{p}。");
            assert_eq!(blocks(&t, &c), vec![pair("phone", p)], "{p}");
        }
    }

    #[test]
    fn phones_not_flagged() {
        let c = LintContext {
            clinic_hotline: "(02)2700-1234; +886 2 2700 5678 / 0912-000-111".into(),
            ..ctx()
        };
        for t in [
            // The clinic's own numbers in other spellings.
            "專線 02-2700-1234",
            "專線02 2700 1234",
            "call +886-2-2700-1234",
            "或 (02)2700-5678",
            "手機 0912000111",
            "+886 912 000 111",
            // Toll-free and public service numbers.
            "0800-123-456",
            "0809-091-234",
            "+886 800 123 456",
            "165 反詐騙、1922 防疫專線、1925、1957、110、119、113",
            // Parts of longer numbers / IDs.
            "10912345678",
            "091234567899",
            "訂單X0912345678",
            "02-2345-67890",
            // Ordinary numbers.
            "NT$50,000 元、10,000 筆、2026-11-24、09:30、0.5%",
        ] {
            assert!(blocks(t, &c).is_empty(), "{t}: {:?}", blocks(t, &c));
        }
    }

    #[test]
    fn hotline_may_list_several() {
        let set = hotline_set("(02)2700-1234, 0800-000-123；+886 912 000 111");
        assert!(set.contains("0227001234"));
        assert!(set.contains("0800000123"));
        assert!(set.contains("0912000111"));
    }

    // --- e-mail ---------------------------------------------------------------------

    #[test]
    fn emails() {
        let c = ctx();
        assert_eq!(
            blocks("家屬信箱 mei.hua.lin@gmail.com。", &c),
            vec![pair("email", "mei.hua.lin@gmail.com")]
        );
        assert!(blocks("來信 SERVICE@anxin-clinic.example.tw 或 pr@anxin-clinic.example.tw", &c).is_empty());
        // The website's domain counts too, without www.
        let c2 = LintContext {
            clinic_email: String::new(),
            clinic_website: "http://www.anxin.example.com.tw/".into(),
            ..ctx()
        };
        assert!(blocks("pr@anxin.example.com.tw", &c2).is_empty());
        assert_eq!(blocks("pr@other.example.tw", &c2), vec![pair("email", "pr@other.example.tw")]);
        // A clinic on a free mail service does not make every address there its own.
        let c3 = LintContext {
            clinic_email: "anxin.clinic@gmail.com".into(),
            clinic_website: String::new(),
            ..ctx()
        };
        assert!(blocks("anxin.clinic@gmail.com", &c3).is_empty());
        assert_eq!(blocks("patient.x@gmail.com", &c3), vec![pair("email", "patient.x@gmail.com")]);
    }

    // --- birth dates ----------------------------------------------------------------

    #[test]
    fn birth_dates_flagged() {
        let c = ctx();
        for (t, d) in [
            ("病人出生日期：1986-03-02，", "1986-03-02"),
            ("出生年月日為 2026/11/24。", "2026/11/24"),
            ("生日是2026.11.24", "2026.11.24"),
            ("民眾生於民國75年3月2日，", "民國75年3月2日"),
            ("出生：75年3月2日", "75年3月2日"),
            ("生日 75/03/02", "75/03/02"),
            ("DOB: 3/2/1986", "3/2/1986"),
            ("D.O.B. 1986-03-02", "1986-03-02"),
            ("date of birth 2 March 1986", "2 March 1986"),
            ("born on March 2, 1986", "March 2, 1986"),
            ("birthday: 1986年3月", "1986年3月"),
            ("該員1986年3月2日生，", "1986年3月2日"),
            ("75年3月2日出生", "75年3月2日"),
            ("出生於 1986年3月2日", "1986年3月2日"),
            ("date of birth is 1986-03-02", "1986-03-02"),
            ("林小姐（生日：1986/3/2）", "1986/3/2"),
        ] {
            assert_eq!(blocks(t, &c), vec![pair("birth-date", d)], "{t}");
        }
    }

    #[test]
    fn dates_without_birth_label_not_flagged() {
        let c = ctx();
        for t in [
            "本院於2026年11月24日發現異常。",
            "We learned of it on 24 November 2026.",
            "新制自2026年1月1日生效。",
            "出生後第3天，即2026年11月24日轉院。",
            "新生兒出生。2026年11月24日起暫停接生。",
            "不是生日的日期：本院於2026年11月24日發現",
            "生日快樂活動延至2026年12月1日",
            "born in Tainan, moved on 2026-11-24",
            "newborn care resumed on 2026-11-24",
        ] {
            assert!(blocks(t, &c).is_empty(), "{t}: {:?}", blocks(t, &c));
        }
    }

    // --- chart numbers --------------------------------------------------------------

    #[test]
    fn chart_numbers() {
        let c = ctx();
        assert_eq!(blocks("病歷號碼：A-0012345", &c), vec![pair("chart-number", "病歷號碼：A-0012345")]);
        assert_eq!(
            blocks("健保卡號 000012345678。", &c),
            vec![pair("chart-number", "健保卡號 000012345678")]
        );
        assert_eq!(blocks("Chart no. 88231 was", &c), vec![pair("chart-number", "Chart no. 88231")]);
        assert_eq!(blocks("MRN#20261124", &c), vec![pair("chart-number", "MRN#20261124")]);
        assert_eq!(
            blocks("NHI card number: 0000-1234-5678", &c),
            vec![pair("chart-number", "NHI card number: 0000-1234-5678")]
        );
        // A label without a number is fine.
        assert!(blocks("病歷號碼請勿外流；chart number will be withheld", &c).is_empty());
        assert!(blocks("informed consent form", &c).is_empty());
    }

    #[test]
    fn chart_pattern_extra_and_invalid() {
        let c = LintContext {
            chart_pattern: r"AX\d{6}".into(),
            ..ctx()
        };
        assert_eq!(blocks("檔案AX123456已封存", &c), vec![pair("chart-number", "AX123456")]);
        // Inside a labelled match: reported once.
        assert_eq!(blocks("病歷號 AX123456", &c), vec![pair("chart-number", "病歷號 AX123456")]);
        // Invalid regex: ignored, no panic; the error is available to the caller.
        let bad = LintContext {
            chart_pattern: r"AX(\d{6".into(),
            ..ctx()
        };
        assert!(blocks("檔案AX123456已封存", &bad).is_empty());
        assert!(chart_pattern_error(r"AX(\d{6").is_some());
        assert_eq!(chart_pattern_error(r"AX\d{6}"), None);
        assert_eq!(chart_pattern_error(""), None);
        // A pattern matching the empty string reports nothing empty.
        let empty = LintContext {
            chart_pattern: r"x*".into(),
            ..ctx()
        };
        assert!(blocks("沒有", &empty).is_empty());
    }

    // --- private names --------------------------------------------------------------

    #[test]
    fn private_names() {
        let c = LintContext {
            private_names: vec!["林美華".into(), " Chen Mei-ling ".into(), "王".into(), "".into(), "Li".into()],
            ..ctx()
        };
        assert_eq!(
            blocks("林美華女士與CHEN MEI-LING", &c),
            vec![pair("private-name", "林美華"), pair("private-name", "CHEN MEI-LING")]
        );
        // One-character names are ignored; English names only on word boundaries.
        assert!(blocks("王醫師說明 Lin Chenmei-lingo 與 Lily", &c).is_empty());
        assert_eq!(blocks("Ms Li said", &c), vec![pair("private-name", "Li")]);
        // Not listed: the spokesperson.
        assert!(blocks("發言人張雅婷表示", &c).is_empty());
    }

    // --- content warnings -------------------------------------------------------------

    #[test]
    fn missing_elements_and_bilingual_cues() {
        let r = rules();
        let f = lint("今天天氣很好。", &ctx(), r, Lang::Zh);
        let ids: Vec<&str> = f
            .iter()
            .filter(|f| f.kind == "missing-element")
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(ids.len(), 5);
        assert!(ids[0].starts_with("關懷與歉意: 先向受影響"), "{}", ids[0]);
        assert!(f.iter().all(|f| f.line == 1 && f.column == 1 && f.text.is_empty()));
        // zh cues for two elements, en cues for the other three.
        let t = "我們深感抱歉。經查，事件發生於上週。\nWe have paused the treatment. We will keep you informed. Call our hotline.";
        assert!(lint(t, &ctx(), r, Lang::En).is_empty(), "{:?}", lint(t, &ctx(), r, Lang::En));
        // en cues are case-insensitive substrings.
        let t2 = "SORRY. CONFIRMED. WE ARE ON IT. NEXT UPDATE SOON. HOTLINE.";
        assert!(lint(t2, &ctx(), r, Lang::En).is_empty());
        assert_eq!(r.element_name("empathy", Lang::En), Some("Empathy"));
        assert_eq!(r.element_name("info", Lang::Zh), Some("資訊與聯絡管道"));
        assert_eq!(r.element_name("nope", Lang::Zh), None);
    }

    #[test]
    fn phrases() {
        let c = ctx();
        let base = "深感抱歉。經查。我們已處理。下次更新。專線。";
        let k = |t: &str| {
            kinds(&format!("{base}{t}"), &c)
                .into_iter()
                .filter(|k| k != "missing-element")
                .collect::<Vec<_>>()
        };
        assert_eq!(k("病患自身體質不佳"), vec!["blame"]);
        assert_eq!(k("本院並無疏失"), vec!["defensive"]);
        assert_eq!(k("可能是因為器械"), vec!["speculation"]);
        assert_eq!(k("請大家放心，絕對安全"), vec!["over-reassurance", "over-reassurance"]);
        assert_eq!(k("It was PROBABLY a fault. Rest assured."), vec!["speculation", "over-reassurance"]);
        // en phrase words on word boundaries.
        assert_eq!(k("improbably, no-commentary"), Vec::<String>::new());
        assert_eq!(k("No comment."), vec!["defensive"]);
        let f = lint(&format!("{base}百分之百"), &c, rules(), Lang::En);
        let oe = f.iter().find(|f| f.kind == "over-reassurance").unwrap();
        assert!(oe.message.starts_with("Over-reassurance costs trust"));
        assert_eq!(oe.text, "百分之百");
    }

    #[test]
    fn jargon() {
        let c = ctx();
        let base = "深感抱歉。經查。我們已處理。下次更新。專線。";
        let jf = |t: &str, lang| {
            lint(&format!("{base}{t}"), &c, rules(), lang)
                .into_iter()
                .filter(|f| f.kind == "jargon")
                .collect::<Vec<_>>()
        };
        let f = jf("病人出現敗血症。", Lang::Zh);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].text, "敗血症");
        assert_eq!(
            f[0].message,
            "醫學術語「敗血症」請加白話說明，例如：感染擴散到全身、可能危及生命的嚴重反應"
        );
        let f = jf("signs of Sepsis.", Lang::En);
        assert_eq!(
            f[0].message,
            "Medical term “Sepsis”: explain it in plain words, e.g. a life-threatening reaction to an infection that spreads through the body"
        );
        // Explained by a parenthesis: fine.
        assert!(
            jf(
                "敗血症（感染擴散到全身）與 cellulitis (a skin infection)、敗血症 （說明）",
                Lang::Zh
            )
            .is_empty()
        );
        // The longer term wins over the shorter term inside it.
        let f = jf("發生藥物不良反應", Lang::Zh);
        assert_eq!(f.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(), vec!["藥物不良反應"]);
        let f = jf("an adverse drug reaction", Lang::En);
        assert_eq!(f.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(), vec!["adverse drug reaction"]);
        // en terms on word boundaries, also next to CJK text.
        assert!(jf("DNRs PCRX mrsax", Lang::En).is_empty());
        assert_eq!(jf("檢驗PCR陽性", Lang::En).len(), 1);
    }

    #[test]
    fn length_limit() {
        let r = rules();
        let c = LintContext {
            audience: "social".into(),
            ..ctx()
        };
        assert_eq!(r.limit("social"), Some(300));
        assert_eq!(r.limit("media"), Some(1500));
        assert_eq!(r.limit(""), None);
        let base = "深感抱歉。經查。我們已處理。下次更新。專線。"; // 22 characters
        assert_eq!(count_chars(base), 22);
        let ok = format!("{base}{}", "字".repeat(300 - 22));
        assert!(!lint(&ok, &c, r, Lang::Zh).iter().any(|f| f.kind == "length"));
        // 301 characters with spaces and line breaks mixed in: the 301st is flagged.
        let long = format!("{base}\n{} \n X", "字 ".repeat(300 - 22));
        let f = lint(&long, &c, r, Lang::Zh);
        let l = f.iter().find(|f| f.kind == "length").expect("length finding");
        assert_eq!(&long[l.start..], "X");
        assert_eq!((l.line, l.column, l.text.as_str()), (3, 2, ""));
        assert_eq!(l.message, "篇幅過長：全文 301 字，超過此發布對象的上限 300 字，請精簡");
        let en = lint(&long, &c, r, Lang::En);
        let l = en.iter().find(|f| f.kind == "length").unwrap();
        assert_eq!(
            l.message,
            "Too long: 301 characters, over this audience's limit of 300; please shorten it"
        );
        // No audience: no length check.
        let none = LintContext {
            audience: String::new(),
            ..ctx()
        };
        assert!(!lint(&long, &none, r, Lang::Zh).iter().any(|f| f.kind == "length"));
    }

    // --- positions, counting, empties ----------------------------------------------------

    #[test]
    fn line_and_column_count_chars() {
        let t = "第一行：中文。\r\n第二行 mixed 文字\n病人電話：0912-345-678。";
        let f: Vec<Finding> = lint(t, &ctx(), rules(), Lang::Zh)
            .into_iter()
            .filter(|f| f.kind == "phone")
            .collect();
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].line, f[0].column), (3, 6));
        assert_eq!(&t[f[0].start..f[0].end], "0912-345-678");
        // A lone CR also breaks a line; CR LF counts once.
        let t2 = "a\rb\r\n\r\nA123456789";
        let f = lint(t2, &ctx(), rules(), Lang::Zh);
        let id = f.iter().find(|f| f.kind == "national-id").unwrap();
        assert_eq!((id.line, id.column), (4, 1));
    }

    #[test]
    fn sorted_by_start_then_kind() {
        let t = "病人林美華，電話0912-345-678，身分證A123456789。";
        let f = lint(t, &ctx(), rules(), Lang::Zh);
        let starts: Vec<usize> = f.iter().map(|f| f.start).collect();
        let mut sorted = starts.clone();
        sorted.sort();
        assert_eq!(starts, sorted);
        let at0: Vec<&str> = f.iter().filter(|f| f.start == 0).map(|f| f.kind.as_str()).collect();
        assert!(at0.iter().all(|k| *k == "missing-element"));
        let bk: Vec<&str> = f
            .iter()
            .filter(|f| f.severity == Severity::Block)
            .map(|f| f.kind.as_str())
            .collect();
        assert_eq!(bk, vec!["private-name", "phone", "national-id"]);
        assert!(has_blocking(&f));
        assert!(!has_blocking(
            &f.into_iter().filter(|f| f.severity == Severity::Warn).collect::<Vec<_>>()
        ));
    }

    #[test]
    fn count_chars_mixed() {
        assert_eq!(count_chars(""), 0);
        assert_eq!(count_chars("敗血症 sepsis\n\t（說明）　！"), 3 + 6 + 4 + 1);
        assert_eq!(count_chars("a b  c"), 3);
        assert_eq!(count_chars("🙂é"), 2);
    }

    #[test]
    fn empty_text_has_no_findings() {
        let c = LintContext {
            audience: "social".into(),
            ..ctx()
        };
        assert!(lint("", &c, rules(), Lang::Zh).is_empty());
        assert!(lint("  \n\t　", &c, rules(), Lang::Zh).is_empty());
    }

    #[test]
    fn serialises_severity_lowercase_without_offsets() {
        let f = lint("A123456789", &ctx(), rules(), Lang::En);
        let id = f.iter().find(|f| f.kind == "national-id").unwrap();
        let v = serde_json::to_value(id).unwrap();
        assert_eq!(v["severity"], "block");
        assert_eq!(v["line"], 1);
        assert!(v.get("start").is_none() && v.get("end").is_none());
        let w = serde_json::to_value(Severity::Warn).unwrap();
        assert_eq!(w, "warn");
    }

    // --- rules file -----------------------------------------------------------------

    #[test]
    fn parse_errors_name_file_and_line() {
        let e = Rules::parse("x.toml", "[limits]\nmedia = \"long\"\n").err().unwrap();
        assert!(e.starts_with("x.toml, line 2:"), "{e}");
        let e = Rules::parse(
            "y.toml",
            "[[element]]\nid = \"a\"\nname = { zh = \"甲\", en = \"A\" }\nhint = { zh = \"\", en = \"\" }\ncues = { zh = [], en = [] }\n",
        )
        .err()
        .unwrap();
        assert!(e.starts_with("y.toml:") && e.contains("no cues"), "{e}");
        let r = Rules::parse("z.toml", "[limits]\nsocial = 10\n").unwrap();
        assert_eq!(r.limit("social"), Some(10));
        assert!(lint("hello", &LintContext::default(), &r, Lang::En).is_empty());
    }

    #[test]
    fn big_text_returns() {
        let unit = "本院於2026年11月24日發現器械滅菌紀錄異常，已暫停相關療程並通報衛生局。We are sorry; our records show the issue. 專線(02)2700-1234。\n";
        let mut t = String::with_capacity(1 << 20);
        while t.len() < 1 << 20 {
            t.push_str(unit);
        }
        t.push_str("病人電話0912-345-678");
        let c = LintContext {
            audience: "media".into(),
            ..ctx()
        };
        let f = lint(&t, &c, rules(), Lang::Zh);
        assert!(f.iter().any(|f| f.kind == "length"));
        let phone = f.iter().find(|f| f.kind == "phone").expect("phone at the end");
        assert_eq!(phone.column, 5);
    }
}
