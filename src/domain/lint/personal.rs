//! The personal-data detectors. Each one scans the folded text (see
//! `normal.rs`) and returns byte spans in it; the caller maps them back to
//! what the user typed. Every pattern is compiled once, and each detector is
//! a left-to-right scan, so the cost stays linear in the length of the text.
//!
//! Recall matters, but a false block is as bad: a blocked statement cannot be
//! released at all. So each detector also knows the look-alikes a clinic
//! writes every day: its own numbers, public service lines, lot and case
//! numbers, and event dates.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use super::normal::fold;
use crate::domain::types::FindingKind;

pub type Span = (usize, usize);

pub(super) struct Patterns {
    id: Regex,
    mobile: Regex,
    intl: Regex,
    land: Regex,
    local: Regex,
    not_phone_label: Regex,
    email: Regex,
    date: Regex,
    birth_label: Regex,
    chart: Regex,
    address: Regex,
    social_label: Regex,
    social_link: Regex,
    handle: Regex,
    placeholder: Regex,
    pub(super) en_title: Regex,
}

/// One separator between digit groups, as people type them.
const SEP: &str = r"[-\x20.]?";

pub(super) fn patterns() -> &'static Patterns {
    static CELL: OnceLock<Patterns> = OnceLock::new();
    CELL.get_or_init(|| {
        // Built-in patterns are fixed strings covered by the tests: a failure
        // here is a build defect, never user input.
        let re = |p: &str| Regex::new(p).unwrap_or_else(|e| panic!("built-in lint pattern {p:?}: {e}"));
        let months = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
        let cn = "[〇○零一二三四五六七八九十百]";
        let cities = "[台臺]北市|新北市|桃園[市縣]|[台臺]中[市縣]|[台臺]南[市縣]|高雄[市縣]|基隆市|新竹[市縣]|苗栗縣|彰化縣|南投縣|雲林縣|嘉義[市縣]|屏東縣|宜蘭縣|花蓮縣|[台臺]東縣|澎湖縣|金門縣|連江縣";
        Patterns {
            // A letter, then the sex or resident digit (or letter), then eight
            // digits, each group optionally separated.
            id: re(&format!(r"(?-u:\b)[A-Za-z](?:{SEP}[1289]|[A-Da-d])(?:{SEP}\d){{8}}")),
            mobile: re(&format!(r"09\d{{2}}{SEP}\d{{3}}{SEP}\d{{3}}")),
            intl: re(&format!(
                r"(?:\+\x20?|(?-u:\b))886{SEP}(?:\(0\){SEP})?(?:0?9\d{{2}}{SEP}\d{{3}}{SEP}\d{{3}}|\(?0?[2-8]\d{{0,2}}\)?{SEP}\d{{3,4}}{SEP}\d{{3,4}})"
            )),
            land: re(&format!(r"(?:\(0[2-8]\d{{0,2}}\)\x20?|0[2-8]\d{{0,2}}{SEP})\d{{3,4}}{SEP}\d{{3,4}}")),
            // A number without its area code counts only after a phone cue.
            local: re(&format!(
                r"(?i)(?:電話|手機|市話|室話|聯絡|連絡|聯繫|撥打|致電|來電|打給|(?-u:\b)(?:tel|phone|call|mobile)(?-u:\b))[^\n\d]{{0,6}}?([2-9]\d{{2,3}}{SEP}\d{{4}})"
            )),
            not_phone_label: re(
                r"(?i)(?:批號|批次|案號|文號|字第|序號|編號|訂單|發票|統編|統一編號|許可證|字號|帳號|卡號|條碼|型號|(?-u:\b)(?:lot|batch|case|invoice|ref|order|serial)(?-u:\b))[^\n]{0,4}$",
            ),
            email: re(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
            date: re(&[
                // 2026年11月24日, 民國75年3月2日, 75年3月2日, 1986年3月
                r"(?:民國\s*)?\d{2,4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日號])?".to_string(),
                // 民國七十二年五月三日
                format!(r"(?:民國\s*)?{cn}{{1,4}}年{cn}{{1,3}}月(?:{cn}{{1,3}}[日號])?"),
                // 2026-11-24, 2026/11/24, 2026.11.24
                r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}".to_string(),
                // 3/2/1986, 02-03-1986
                r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}".to_string(),
                // 75/03/02, 72.05.03, 072-05-03 (ROC year)
                r"\d{2,3}[-/.]\d{1,2}[-/.]\d{1,2}".to_string(),
                // 2 March 1986, 2nd Mar. 1986
                format!(r"\d{{1,2}}(?:st|nd|rd|th)?\s+(?i:{months})\.?,?\s+\d{{4}}"),
                // March 2, 1986 / March 1986
                format!(r"(?i:{months})\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?\d{{4}}"),
            ]
            .join("|")),
            birth_label: re(
                r"出生年月日|出生日期|出生年月|出生|生日|生於|(?i:(?-u:\b)(?:d\.o\.b\.|(?:dob|date\s+of\s+birth|birth\s*date|birthday|born)(?-u:\b)))",
            ),
            // A label, then a number whose later groups may be separated.
            chart: re(&format!(
                r"(?:病歷號碼|病歷編號|病歷號|病歷碼|健保卡卡號|健保卡號碼|健保卡號|健保號碼|健保卡|卡號|(?i:(?-u:\b)(?:{en})))[\s：:#為是]*([A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]|[\x20.][0-9]){{3,40}})",
                en = [
                    r"chart\s*(?:number|no\.|no(?-u:\b)|#)",
                    r"medical\s+record\s+(?:number|no\.|no(?-u:\b))",
                    r"mrn(?-u:\b)",
                    r"nhi\s+card\s+(?:number|no\.|no(?-u:\b))",
                    r"(?:health\s+)?insurance\s+card\s+(?:number|no\.|no(?-u:\b))",
                ]
                .join("|")
            )),
            // …市 …區 …路/街/大道 …段 …巷 …弄 …號 …樓: from the city (or road) to the number.
            address: re(&format!(
                r"(?:(?:{cities})\s*)?(?:\p{{Han}}{{1,3}}[區鄉鎮市]\s*)?(?:\p{{Han}}{{1,3}}[村里]\s*(?:\d+鄰\s*)?)?\p{{Han}}[\p{{Han}}\d]{{0,5}}(?:路|街|大道)\s*(?:(?:[一二三四五六七八九十]{{1,2}}|\d{{1,2}})段\s*)?(?:\d+巷\s*)?(?:\d+弄\s*)?\d+(?:之\d+)?號(?:\s*之\d+)?(?:\s*\d+樓(?:之\d+)?)?"
            )),
            social_label: re(&{
                let site = r"(?:(?-u:\b)line|賴|(?-u:\b)ig|(?-u:\b)instagram|(?-u:\b)threads|(?-u:\b)dcard|臉書|(?-u:\b)fb|(?-u:\b)facebook)";
                // "LINE ID su_88", "IG帳號：x", "賴：x", "LINE ID (x)"; a bare site
                // name needs its colon or bracket, so "line up" is not a label.
                format!(r"(?i)(?:{site}\s*(?:帳號|帳戶|名稱|id)\s*[:：(（]?\s*|{site}\s*[:：(（]\s*)(@?[A-Za-z0-9][A-Za-z0-9._-]{{2,29}})")
            }),
            social_link: re(
                r"(?i)(?:https?://)?(?:www\.|m\.|web\.)?(?:facebook\.com|fb\.com|fb\.me|instagram\.com|threads\.net|line\.me|dcard\.tw/@|x\.com|twitter\.com)/?[A-Za-z0-9._~@%/?=&+-]*[A-Za-z0-9_/=~-]",
            ),
            handle: re(r"@[A-Za-z0-9_](?:[A-Za-z0-9._]{1,29}[A-Za-z0-9_])"),
            // A blank a template left for the drafter: 【…】, […], {…}.
            placeholder: re(r"【[^【】\n]{0,80}】|\[[^\[\]\n]{0,80}\]|\{[^{}\n]{0,80}\}"),
            en_title: re(r"(?-u:\b)(?:Mr|Mrs|Ms|Miss|Mx|Dr|Madam)\.?\x20+([A-Z][a-z]+(?:-[A-Za-z][a-z]+|\x20[A-Z][a-z]+(?:-[a-z]+)?){0,2})"),
        }
    })
}

fn is_word_byte(b: Option<&u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_alphanumeric())
}

/// No ASCII letter or digit directly before `s` or at `e`.
fn bounded(text: &str, s: usize, e: usize) -> bool {
    let b = text.as_bytes();
    !is_word_byte(s.checked_sub(1).and_then(|i| b.get(i))) && !is_word_byte(b.get(e))
}

/// The byte offset `n` characters before `at` (or 0).
pub(super) fn back_chars(text: &str, at: usize, n: usize) -> usize {
    text[..at].char_indices().rev().take(n).last().map_or(at, |(i, _)| i)
}

pub(super) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

// ---------------------------------------------------------------------------
// IDs
// ---------------------------------------------------------------------------

fn letter_value(c: char) -> Option<u32> {
    const VALUES: [u32; 26] = [
        10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33,
    ];
    let c = c.to_ascii_uppercase();
    c.is_ascii_uppercase().then(|| VALUES[(c as u8 - b'A') as usize])
}

/// Which kind of ID `s` (ten characters, no separators) is when its checksum holds.
pub fn tw_id_kind(s: &str) -> Option<FindingKind> {
    let b = s.as_bytes();
    if b.len() != 10 || !b[2..].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let first = letter_value(b[0] as char)?;
    let second = b[1].to_ascii_uppercase();
    let (kind, d2) = match second {
        b'1' | b'2' => (FindingKind::NationalId, u32::from(second - b'0')),
        b'8' | b'9' => (FindingKind::ResidentId, u32::from(second - b'0')),
        b'A'..=b'D' => (FindingKind::ResidentId, letter_value(second as char)? % 10),
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

/// National and resident ID numbers, with any separators a person types
/// between the groups, standing alone (not inside a longer code).
pub fn ids(text: &str) -> Vec<(FindingKind, usize, usize)> {
    patterns()
        .id
        .find_iter(text)
        .filter(|m| bounded(text, m.start(), m.end()))
        .filter_map(|m| {
            let plain: String = m.as_str().chars().filter(char::is_ascii_alphanumeric).collect();
            tw_id_kind(&plain).map(|k| (k, m.start(), m.end()))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Phones
// ---------------------------------------------------------------------------

/// Digits only, with a leading 886 country code turned into the trunk 0.
fn normalise_phone(s: &str) -> String {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    if let Some(rest) = digits.strip_prefix("886")
        && (s.trim_start().starts_with('+') || digits.len() >= 11)
    {
        return format!("0{}", rest.strip_prefix('0').unwrap_or(rest));
    }
    digits
}

/// The clinic's own numbers, normalised; a profile may list several.
pub fn hotline_set(hotline: &str) -> HashSet<String> {
    let hotline = fold(hotline);
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

/// Phone-shaped runs with plausible digit counts, on letter/digit boundaries,
/// not overlapping (earliest, then longest, wins).
fn phone_candidates(text: &str) -> Vec<Span> {
    let p = patterns();
    let mut cands: Vec<Span> = Vec::new();
    for m in p.mobile.find_iter(text) {
        cands.push((m.start(), m.end()));
    }
    for m in p.land.find_iter(text) {
        let n = m.as_str().bytes().filter(u8::is_ascii_digit).count();
        if (9..=10).contains(&n) {
            cands.push((m.start(), m.end()));
        }
    }
    for m in p.intl.find_iter(text) {
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
    for c in p.local.captures_iter(text) {
        if let Some(m) = c.get(1) {
            cands.push((m.start(), m.end()));
        }
    }
    cands.retain(|&(s, e)| bounded(text, s, e));
    cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<Span> = Vec::new();
    for c in cands {
        if out.last().is_none_or(|l| c.0 >= l.1) {
            out.push(c);
        }
    }
    out
}

pub fn phones(text: &str, own: &HashSet<String>) -> Vec<Span> {
    let p = patterns();
    phone_candidates(text)
        .into_iter()
        .filter(|&(s, e)| {
            let n = normalise_phone(&text[s..e]);
            if n.starts_with("0800") || n.starts_with("0809") || own.contains(&n) {
                return false;
            }
            // A lot, case or document number is not a phone, nor is a
            // number a document closes with 號.
            let before = &text[back_chars(text, s, 10)..s];
            !(p.not_phone_label.is_match(before) || text[e..].starts_with('號'))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------

/// The host of a URL or an e-mail domain: lowercased, without scheme, `www.`, port or path.
pub fn host_of(s: &str) -> String {
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

pub fn emails(text: &str, clinic_email: &str, clinic_website: &str) -> Vec<Span> {
    let own_email = fold(clinic_email).trim().to_ascii_lowercase();
    let mut own_domains: Vec<String> = Vec::new();
    for src in [clinic_email, clinic_website] {
        if src.trim().is_empty() {
            continue;
        }
        let h = host_of(&fold(src));
        if !h.is_empty() && !FREE_MAIL.contains(&h.as_str()) {
            own_domains.push(h);
        }
    }
    patterns()
        .email
        .find_iter(text)
        .filter(|m| {
            let addr = m.as_str().to_ascii_lowercase();
            if !own_email.is_empty() && addr == own_email {
                return false;
            }
            !own_domains.contains(&host_of(&addr))
        })
        .map(|m| (m.start(), m.end()))
        .collect()
}

// ---------------------------------------------------------------------------
// Dates of birth
// ---------------------------------------------------------------------------

pub fn birth_dates(text: &str) -> Vec<Span> {
    const GAP: usize = 12;
    const LONGEST_LABEL: usize = 14;
    let p = patterns();
    let b = text.as_bytes();
    let mut out = Vec::new();
    for m in p.date.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        let digit_at = |i: Option<usize>| i.and_then(|i| b.get(i)).is_some_and(u8::is_ascii_digit);
        if digit_at(s.checked_sub(1)) || digit_at(Some(e)) {
            continue;
        }
        // A birth label at most GAP characters before the date, with only
        // separators in between ("出生日期：", "生日為", "DOB:", "born on").
        let from = back_chars(text, s, GAP + LONGEST_LABEL);
        let window = &text[from..s];
        let labelled = p.birth_label.find_iter(window).any(|l| {
            let gap = &window[l.end()..];
            // 發生於 / 產生於 mark when something happened, not a birth.
            let event = l.as_str() == "生於" && window[..l.start()].ends_with(['發', '產', '衍', '滋', '派', '寄']);
            !event && gap.chars().count() <= GAP && only_separators(gap)
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

// ---------------------------------------------------------------------------
// Chart and insurance-card numbers
// ---------------------------------------------------------------------------

pub fn chart_numbers(text: &str, chart_pattern: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for c in patterns().chart.captures_iter(text) {
        let (Some(all), Some(tok)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if tok.as_str().bytes().any(|b| b.is_ascii_digit()) && !is_word_byte(text.as_bytes().get(tok.end())) {
            out.push((all.start(), tok.end()));
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

// ---------------------------------------------------------------------------
// Street addresses
// ---------------------------------------------------------------------------

/// What comes before an address in a sentence and is not part of it.
const ADDRESS_LEAD: &[char] = &[
    '住', '在', '於', '為', '是', '址', '到', '至', '寄', '往', '從', '的', '位', '居', '：', ':',
];

/// The part of an address that tells it apart: no spaces, 臺 as 台.
fn address_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '臺' { '台' } else { c })
        .collect()
}

pub fn addresses(text: &str, clinic_address: &str) -> Vec<Span> {
    let own = address_key(&fold(clinic_address));
    let mut out = Vec::new();
    for m in patterns().address.find_iter(text) {
        let mut s = m.start();
        let e = m.end();
        while let Some(c) = text[s..e].chars().next().filter(|c| ADDRESS_LEAD.contains(c)) {
            s += c.len_utf8();
        }
        let key = address_key(&text[s..e]);
        // The clinic's own address, written in full or without its city.
        if !own.is_empty() && (own.contains(&key) || key.contains(&own)) {
            continue;
        }
        if !text[s..e].ends_with('樓') && text[e..].starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        out.push((s, e));
    }
    out
}

// ---------------------------------------------------------------------------
// LINE IDs, Instagram / Facebook / Threads handles and profile links
// ---------------------------------------------------------------------------

/// Whether a handle or link is one of the clinic's own.
fn own_social(found: &str, own: &[String]) -> bool {
    let f = found.trim_start_matches('@').trim_end_matches('/').to_ascii_lowercase();
    own.iter().any(|o| {
        let o = o.trim_start_matches('@').trim_end_matches('/').to_ascii_lowercase();
        !o.is_empty() && (f == o || f.ends_with(&format!("/{o}")) || o.ends_with(&format!("/{f}")) || f.contains(&o) && o.contains('/'))
    })
}

/// The clinic's own handles and links: the profile's social entries and
/// website, each folded, lowercased and without a scheme.
pub fn own_social_list(social: &str, website: &str) -> Vec<String> {
    let strip = |s: &str| {
        let s = s.trim();
        let s = s.split_once("://").map_or(s, |(_, r)| r);
        s.strip_prefix("www.").unwrap_or(s).to_ascii_lowercase()
    };
    fold(social)
        .split([',', ';', '，', '；', '、', ' '])
        .chain(std::iter::once(website))
        .map(strip)
        .filter(|s| !s.is_empty())
        .collect()
}

pub fn social_ids(text: &str, own: &[String], own_email_hosts: &[String]) -> Vec<Span> {
    let p = patterns();
    let mut out: Vec<Span> = Vec::new();
    for m in p.social_link.find_iter(text) {
        let link = m.as_str();
        let bare = link.split_once("://").map_or(link, |(_, r)| r);
        let bare = bare.trim_start_matches("www.").trim_start_matches("m.").trim_start_matches("web.");
        // A link to the site itself or its help pages names no one.
        let path = bare.split_once('/').map_or("", |(_, p)| p);
        if path.is_empty() || own_social(bare, own) {
            continue;
        }
        out.push((m.start(), m.end()));
    }
    for c in p.social_label.captures_iter(text) {
        if let Some(m) = c.get(1)
            && !own_social(m.as_str(), own)
            && !out.iter().any(|&(s, e)| s <= m.start() && m.end() <= e)
        {
            out.push((m.start(), m.end()));
        }
    }
    let b = text.as_bytes();
    for m in p.handle.find_iter(text) {
        // Part of an e-mail address, a domain ("@anxin-clinic.example.tw"),
        // or already found with its label.
        if is_word_byte(m.start().checked_sub(1).and_then(|i| b.get(i)))
            || is_domain(&text[m.start() + 1..])
            || b.get(m.start().wrapping_sub(1)) == Some(&b'.')
            || out.iter().any(|&(s, e)| s <= m.start() && m.end() <= e)
            || own_social(m.as_str(), own)
            || own_email_hosts.iter().any(|h| m.as_str()[1..].eq_ignore_ascii_case(h))
        {
            continue;
        }
        out.push((m.start(), m.end()));
    }
    out.sort_unstable();
    out
}

/// Whether the text after an `@` is a mail domain rather than a handle: it
/// has a hyphen or ends in a common top-level domain.
fn is_domain(rest: &str) -> bool {
    let host: &str = rest
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .next()
        .unwrap_or("")
        .trim_end_matches('.');
    let Some((_, tld)) = host.rsplit_once('.') else { return false };
    const TLDS: [&str; 12] = ["com", "tw", "net", "org", "edu", "gov", "io", "me", "co", "jp", "hk", "cn"];
    host.contains('-') || TLDS.contains(&tld.to_ascii_lowercase().as_str())
}

// ---------------------------------------------------------------------------
// Hidden characters
// ---------------------------------------------------------------------------

/// Control characters and BiDi overrides: invisible here, they can make the
/// released text read differently elsewhere (U+202E reverses what follows).
pub fn hidden_characters(text: &str) -> Vec<Span> {
    text.char_indices()
        .filter(|&(_, c)| crate::text::is_hidden(c) && c != '\r')
        .map(|(i, c)| (i, i + c.len_utf8()))
        .collect()
}

// ---------------------------------------------------------------------------
// Template blanks
// ---------------------------------------------------------------------------

pub fn placeholders(text: &str) -> Vec<Span> {
    patterns().placeholder.find_iter(text).map(|m| (m.start(), m.end())).collect()
}
