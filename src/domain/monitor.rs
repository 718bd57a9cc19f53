//! Online-opinion monitoring, the plain part: reading mentions out of the
//! files a clinic gets them in (Google Alerts and PTT Atom feeds, any RSS
//! or Atom feed, a Google Business Profile review export, a CSV typed by
//! hand), the key a mention is known by so a second import updates rather
//! than repeats it, and the digest that captures one as evidence.
//!
//! Nothing here touches the database or the network. A file is read whole
//! and either every mention in it is good or the first problem is named
//! (file, line where there is one, what is wrong) and nothing is taken.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Timelike, Utc};
use serde::Deserialize;

use super::types::Source;
use crate::error::Msg;

/// A mention as read from a file, before it is stored.
#[derive(Clone, Debug, PartialEq)]
pub struct NewMention {
    pub source: Source,
    /// What it is known by: the feed entry id, the review id, or the
    /// canonical link. A second import with the same key updates it.
    pub key: String,
    /// The link without tracking parameters or redirects ("" if none).
    pub canonical: String,
    /// The feed's or file's name: which alert, board or export.
    pub origin: String,
    /// As published; may be a nickname.
    pub author: String,
    pub published_at: DateTime<Utc>,
    pub title: String,
    pub text: String,
    pub link: String,
    /// 1–5 stars, for reviews.
    pub rating: Option<u8>,
    /// The terms the source marked as matched (Google Alerts' bold words).
    pub matched: Vec<String>,
    /// The clinic's reply already published with it (a review export's
    /// `reviewReply`): the mention arrives answered, at that time.
    pub replied_at: Option<DateTime<Utc>>,
}

/// What the board shows of a mention in one line: the title, else the text.
pub fn headline<'a>(title: &'a str, text: &'a str) -> &'a str {
    if title.is_empty() { text } else { title }
}

impl NewMention {
    pub fn headline(&self) -> &str {
        headline(&self.title, &self.text)
    }
}

/// What is wrong with a file, where.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    /// 1-based, when the problem is on a line.
    pub line: Option<u64>,
    pub what: Msg,
}

impl ParseError {
    fn at(line: u64, what: Msg) -> ParseError {
        ParseError { line: Some(line), what }
    }
    fn whole(what: Msg) -> ParseError {
        ParseError { line: None, what }
    }
}

/// The kinds of file `monitor import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Atom or RSS (Google Alerts, PTT, any feed).
    Feed,
    /// A Google Business Profile review export (JSON).
    Reviews,
    Csv,
}

/// Which kind a file is: by its extension when it has a telling one, else
/// by its first character.
pub fn detect(name: &str, bytes: &[u8]) -> Option<FileKind> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "xml" | "atom" | "rss" => return Some(FileKind::Feed),
        "json" => return Some(FileKind::Reviews),
        "csv" => return Some(FileKind::Csv),
        _ => {}
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') => Some(FileKind::Feed),
        Some(b'{' | b'[') => Some(FileKind::Reviews),
        Some(_)
            if body
                .split(|b| *b == b'\n')
                .next()
                .is_some_and(|h| h.windows(6).any(|w| w == b"source")) =>
        {
            Some(FileKind::Csv)
        }
        _ => None,
    }
}

/// Every mention in a file, or the first thing wrong with it.
pub fn parse(name: &str, bytes: &[u8], tz: crate::domain::zone::Zone, now: DateTime<Utc>) -> Result<Vec<NewMention>, ParseError> {
    match detect(name, bytes) {
        Some(FileKind::Feed) => parse_feed(name, bytes, now),
        Some(FileKind::Reviews) => parse_reviews(name, bytes),
        Some(FileKind::Csv) => parse_csv(name, bytes, tz),
        None => Err(ParseError::whole(Msg::new("monitor.unknown_kind"))),
    }
}

/// The line a byte offset is on, 1-based.
fn line_of(bytes: &[u8], offset: usize) -> u64 {
    1 + bytes[..offset.min(bytes.len())].iter().filter(|b| **b == b'\n').count() as u64
}

/// Text that claims (or is assumed) to be UTF-8 must be: a Big5 or
/// Latin-1 file saved under the wrong name is named, not read as mojibake.
fn utf8(bytes: &[u8]) -> Result<&str, ParseError> {
    std::str::from_utf8(bytes).map_err(|e| ParseError::at(line_of(bytes, e.valid_up_to()), Msg::new("monitor.not_utf8")))
}

/// The XML declaration's encoding, lower case ("" when none is declared).
fn declared_encoding(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(200)];
    let head = String::from_utf8_lossy(head);
    let Some(decl) = head.split("?>").next().filter(|d| d.trim_start().starts_with("<?xml")) else {
        return String::new();
    };
    decl.split("encoding=")
        .nth(1)
        .and_then(|r| r.trim_start_matches(['"', '\'']).split(['"', '\'']).next())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// The root element a feed must close with, or the file is cut short.
fn complete(text: &str) -> bool {
    let t = text.trim_end();
    ["</feed>", "</rss>", "</rdf:RDF>"].iter().any(|end| t.ends_with(end))
}

fn parse_feed(name: &str, bytes: &[u8], now: DateTime<Utc>) -> Result<Vec<NewMention>, ParseError> {
    let enc = declared_encoding(bytes);
    // feed-rs decodes a declared Big5 or other encoding itself; UTF-8 (said
    // or assumed) is checked here so a wrong one is named.
    let text: std::borrow::Cow<'_, str> = if enc.is_empty() || enc == "utf-8" || enc == "utf8" {
        utf8(bytes)?.into()
    } else {
        String::from_utf8_lossy(bytes)
    };
    if !text.trim_start().trim_start_matches('\u{feff}').starts_with('<') {
        return Err(ParseError::at(1, Msg::new("monitor.not_xml")));
    }
    let feed = feed_rs::parser::parse(bytes).map_err(|e| ParseError::whole(Msg::new("monitor.bad_feed").with("detail", e)))?;
    if !complete(&text) {
        return Err(ParseError::at(line_of(bytes, bytes.len()), Msg::new("monitor.truncated")));
    }
    let feed_title = feed.title.as_ref().map(|t| strip_html(&t.content).0).unwrap_or_default();
    let self_links: Vec<&str> = feed.links.iter().map(|l| l.href.as_str()).collect();
    let google = feed.id.contains("google.com") && feed.id.contains("alerts")
        || self_links.iter().any(|l| l.contains("google.com/alerts"))
        || feed_title.starts_with("Google Alert")
        || feed_title.starts_with("Google 快訊");
    let ptt = self_links.iter().any(|l| host_of(l).is_some_and(|h| h.ends_with("ptt.cc"))) || feed.id.contains("ptt.cc");
    let origin = crate::text::inert(if feed_title.is_empty() { name } else { &feed_title }).into_owned();
    let mut out = Vec::with_capacity(feed.entries.len());
    for (i, e) in feed.entries.into_iter().enumerate() {
        let href = e.links.first().map(|l| l.href.clone()).unwrap_or_default();
        let link = crate::text::inert(&real_link(&href)).into_owned();
        let (title, mut matched) = e.title.as_ref().map(|t| strip_html(&t.content)).unwrap_or_default();
        let body = e
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| e.summary.as_ref().map(|s| s.content.clone()))
            .unwrap_or_default();
        let (text, more) = strip_html(&body);
        for m in more {
            if !matched.contains(&m) {
                matched.push(m);
            }
        }
        let source = if google {
            Source::GoogleAlerts
        } else if ptt || host_of(&link).is_some_and(|h| h.ends_with("ptt.cc")) {
            Source::Ptt
        } else {
            Source::Feed
        };
        if title.is_empty() && text.is_empty() {
            return Err(ParseError::whole(Msg::new("monitor.empty_entry").with("n", i + 1)));
        }
        let canonical = canonical(&link);
        let key = if e.id.is_empty() {
            format!("url:{canonical}")
        } else {
            format!("{}:{}", source.id(), e.id)
        };
        out.push(NewMention {
            source,
            key,
            canonical,
            origin: origin.clone(),
            author: e
                .authors
                .iter()
                .filter_map(|a| a.name.clone())
                .find(|n| !n.trim().is_empty())
                .unwrap_or_default(),
            published_at: e.published.or(e.updated).unwrap_or(now),
            title: crate::text::inert(&title).into_owned(),
            text: crate::text::inert(&text).into_owned(),
            link,
            rating: None,
            matched,
            replied_at: None,
        });
    }
    Ok(out)
}

// ---- Google Business Profile reviews ----------------------------------

#[derive(Deserialize)]
#[serde(untagged)]
enum ReviewFile {
    Wrapped { reviews: Vec<Review> },
    Bare(Vec<Review>),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Review {
    review_id: String,
    #[serde(default)]
    reviewer: Reviewer,
    star_rating: String,
    #[serde(default)]
    comment: String,
    create_time: String,
    #[serde(default)]
    update_time: Option<String>,
    #[serde(default)]
    review_reply: Option<Reply>,
    /// The resource name: accounts/…/locations/…/reviews/…
    #[serde(default)]
    name: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Reviewer {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    is_anonymous: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Reply {
    #[serde(default)]
    update_time: Option<String>,
}

fn stars(s: &str) -> Option<u8> {
    Some(match s {
        "ONE" => 1,
        "TWO" => 2,
        "THREE" => 3,
        "FOUR" => 4,
        "FIVE" => 5,
        _ => return None,
    })
}

fn rfc3339(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim()).ok().map(|t| t.with_timezone(&Utc))
}

fn parse_reviews(name: &str, bytes: &[u8]) -> Result<Vec<NewMention>, ParseError> {
    let text = utf8(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file: ReviewFile = serde_json::from_str(text).map_err(|e| {
        let line = e.line() as u64;
        let what = if e.is_eof() {
            Msg::new("monitor.truncated")
        } else {
            Msg::new("monitor.bad_reviews").with("detail", e)
        };
        ParseError::at(line, what)
    })?;
    let reviews = match file {
        ReviewFile::Wrapped { reviews } | ReviewFile::Bare(reviews) => reviews,
    };
    let mut out = Vec::with_capacity(reviews.len());
    for (i, r) in reviews.into_iter().enumerate() {
        let n = i + 1;
        if r.review_id.trim().is_empty() {
            return Err(ParseError::whole(Msg::new("monitor.review_no_id").with("n", n)));
        }
        let rating = stars(&r.star_rating)
            .ok_or_else(|| ParseError::whole(Msg::new("monitor.review_bad_stars").with("n", n).with("value", &r.star_rating)))?;
        let created = rfc3339(&r.create_time)
            .ok_or_else(|| ParseError::whole(Msg::new("monitor.review_bad_time").with("n", n).with("value", &r.create_time)))?;
        let replied_at = r.review_reply.as_ref().map(|rep| {
            rep.update_time
                .as_deref()
                .and_then(rfc3339)
                .or_else(|| r.update_time.as_deref().and_then(rfc3339))
                .unwrap_or(created)
        });
        let author = if r.reviewer.is_anonymous {
            String::new()
        } else {
            r.reviewer.display_name
        };
        let _ = &r.name;
        out.push(NewMention {
            source: Source::GoogleReviews,
            key: format!("review:{}", r.review_id.trim()),
            canonical: String::new(),
            origin: name.to_string(),
            author: crate::text::inert(&author).into_owned(),
            published_at: created,
            title: String::new(),
            text: crate::text::inert(r.comment.trim()).into_owned(),
            link: String::new(),
            rating: Some(rating),
            matched: Vec::new(),
            replied_at,
        });
    }
    Ok(out)
}

// ---- CSV ---------------------------------------------------------------

/// The CSV columns, in the order the README documents them. `source`,
/// `time` and `text` are required.
pub const CSV_COLUMNS: [&str; 9] = ["source", "author", "time", "text", "link", "rating", "id", "title", "matched"];
const CSV_REQUIRED: [&str; 3] = ["source", "time", "text"];

fn parse_csv(name: &str, bytes: &[u8], tz: crate::domain::zone::Zone) -> Result<Vec<NewMention>, ParseError> {
    let text = utf8(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rd = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = rd
        .headers()
        .map_err(|e| ParseError::at(1, Msg::new("monitor.csv").with("detail", e)))?
        .clone();
    for h in headers.iter() {
        if !CSV_COLUMNS.contains(&h) {
            return Err(ParseError::at(
                1,
                Msg::new("monitor.csv_unknown_column")
                    .with("column", h)
                    .with("allowed", CSV_COLUMNS.join(", ")),
            ));
        }
    }
    for req in CSV_REQUIRED {
        if !headers.iter().any(|h| h == req) {
            return Err(ParseError::at(1, Msg::new("monitor.csv_missing_column").with("column", req)));
        }
    }
    let col = |rec: &csv::StringRecord, name: &str| -> String {
        headers
            .iter()
            .position(|h| h == name)
            .and_then(|i| rec.get(i))
            .unwrap_or("")
            .to_string()
    };
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for rec in rd.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            ParseError::at(line, Msg::new("monitor.csv").with("detail", e))
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        let source_id = col(&rec, "source").to_ascii_lowercase();
        let source = Source::parse(&source_id).ok_or_else(|| {
            ParseError::at(
                line,
                Msg::new("monitor.csv_bad_source")
                    .with("value", &source_id)
                    .with("allowed", Source::ids()),
            )
        })?;
        let when = col(&rec, "time");
        let published_at = super::reach::parse_when(&when, tz)
            .ok_or_else(|| ParseError::at(line, Msg::new("monitor.csv_bad_time").with("value", &when)))?;
        let body = col(&rec, "text");
        if body.is_empty() {
            return Err(ParseError::at(line, Msg::new("monitor.csv_no_text")));
        }
        let rating_s = col(&rec, "rating");
        let rating = if rating_s.is_empty() {
            None
        } else {
            match rating_s.parse::<u8>() {
                Ok(n @ 1..=5) => Some(n),
                _ => return Err(ParseError::at(line, Msg::new("monitor.csv_bad_rating").with("value", &rating_s))),
            }
        };
        let link = crate::text::inert(&real_link(&col(&rec, "link"))).into_owned();
        let canonical = canonical(&link);
        let id = col(&rec, "id");
        let key = if !id.is_empty() {
            format!("{}:{id}", source.id())
        } else if !canonical.is_empty() {
            format!("url:{canonical}")
        } else {
            let author = col(&rec, "author");
            let digest = super::desk::sha256_hex(&length_prefixed(&[source.id(), &author, &super::clock::to_db(published_at), &body]));
            format!("text:{}", &digest[..32])
        };
        if !seen.insert(key.clone()) {
            return Err(ParseError::at(line, Msg::new("monitor.csv_twice")));
        }
        let matched = col(&rec, "matched")
            .split([';', '、', '|'])
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_string)
            .collect();
        out.push(NewMention {
            source,
            key,
            canonical,
            origin: name.to_string(),
            author: crate::text::inert(&col(&rec, "author")).into_owned(),
            published_at,
            title: crate::text::inert(&col(&rec, "title")).into_owned(),
            text: crate::text::inert(&body).into_owned(),
            link,
            rating,
            matched,
            replied_at: None,
        });
    }
    Ok(out)
}

// ---- links and text ----------------------------------------------------

fn host_of(link: &str) -> Option<String> {
    url::Url::parse(link).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase))
}

/// The page a link really points at: Google Alerts wraps every link in a
/// google.com/url redirect whose `url` (or `q`) parameter is the article.
pub fn real_link(href: &str) -> String {
    let href = href.trim();
    let Ok(u) = url::Url::parse(href) else { return href.to_string() };
    let google = u.host_str().is_some_and(|h| h == "google.com" || h.ends_with(".google.com"));
    if google && u.path() == "/url" {
        for (k, v) in u.query_pairs() {
            if (k == "url" || k == "q") && (v.starts_with("http://") || v.starts_with("https://")) {
                return v.into_owned();
            }
        }
    }
    href.to_string()
}

/// A link as one page is known by, whichever way it was shared: https,
/// no `www.` or `m.`, no fragment, no tracking parameters, no trailing
/// slash. "" for no link.
pub fn canonical(link: &str) -> String {
    let link = link.trim();
    if link.is_empty() {
        return String::new();
    }
    let Ok(mut u) = url::Url::parse(link) else {
        return link.to_string();
    };
    if u.scheme() == "http" {
        let _ = u.set_scheme("https");
    }
    if let Some(h) = u.host_str().map(str::to_ascii_lowercase) {
        let bare = h.strip_prefix("www.").or_else(|| h.strip_prefix("m.")).unwrap_or(&h).to_string();
        let _ = u.set_host(Some(&bare));
    }
    u.set_fragment(None);
    let kept: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| !(k.starts_with("utm_") || matches!(k.as_ref(), "fbclid" | "gclid" | "igshid" | "mibextid" | "ref" | "ref_src")))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        u.set_query(None);
    } else {
        u.query_pairs_mut().clear().extend_pairs(kept);
    }
    let path = u.path().to_string();
    if path.len() > 1 && path.ends_with('/') {
        u.set_path(path.trim_end_matches('/'));
    }
    let s = u.to_string();
    if u.path() == "/" && u.query().is_none() {
        return s.trim_end_matches('/').to_string();
    }
    s
}

/// HTML to plain text: tags dropped, the common entities decoded, runs of
/// white space made one space. Returns the words in `<b>` too, which is
/// how Google Alerts marks what matched.
pub fn strip_html(html: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(html.len());
    let mut bold: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &mut current, &rest[..lt]);
        let after = &rest[lt..];
        let Some(gt) = after.find('>') else {
            push_text(&mut out, &mut current, after);
            rest = "";
            break;
        };
        let tag = after[1..gt].trim().to_ascii_lowercase();
        let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or("");
        match (tag.starts_with('/'), name) {
            (false, "b" | "strong") => current = Some(String::new()),
            (true, "b" | "strong") => {
                // "<b>...</b>" ends many alert snippets: only words are terms.
                if let Some(w) = current
                    .take()
                    .map(|w| w.trim().to_string())
                    .filter(|w| w.chars().any(char::is_alphanumeric))
                    && !bold.contains(&w)
                {
                    bold.push(w);
                }
            }
            (_, "br" | "p" | "div" | "li" | "pre") => out.push(' '),
            _ => {}
        }
        rest = &after[gt + 1..];
    }
    push_text(&mut out, &mut current, rest);
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (text, bold)
}

fn push_text(out: &mut String, bold: &mut Option<String>, raw: &str) {
    let t = decode_entities(raw);
    if let Some(b) = bold {
        b.push_str(&t);
    }
    out.push_str(&t);
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let end = after.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let ent = &after[1..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ => ent
                    .strip_prefix("#x")
                    .or_else(|| ent.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

// ---- evidence ----------------------------------------------------------

fn length_prefixed(parts: &[&str]) -> String {
    let mut s = String::new();
    for p in parts {
        s.push_str(&p.len().to_string());
        s.push(':');
        s.push_str(p);
    }
    s
}

/// The digest a capture puts on the incident's chain: the mention's text
/// and link as they were seen, and when, each length-prefixed so no two
/// different captures hash alike.
pub fn capture_digest(mention: i64, text: &str, link: &str, captured_at: &str) -> String {
    super::desk::sha256_hex(&length_prefixed(&[&mention.to_string(), text, link, captured_at]))
}

// ---- response times ------------------------------------------------------

/// How fast the clinic answered what was said about it, from the record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResponseFigures {
    pub first_mention: Option<DateTime<Utc>>,
    pub first_reply: Option<DateTime<Utc>>,
    /// From the first mention to the first reply.
    pub to_first_reply: Option<Duration>,
    /// The middle of each answered mention's time to its reply.
    pub median: Option<Duration>,
}

/// The figures for mentions given as (published, answered).
pub fn response_figures(items: impl IntoIterator<Item = (DateTime<Utc>, Option<DateTime<Utc>>)>) -> ResponseFigures {
    let mut f = ResponseFigures::default();
    let mut each = Vec::new();
    for (published, answered) in items {
        f.first_mention = Some(f.first_mention.map_or(published, |t| t.min(published)));
        if let Some(a) = answered {
            f.first_reply = Some(f.first_reply.map_or(a, |t| t.min(a)));
            each.push((a - published).max(Duration::zero()));
        }
    }
    f.to_first_reply = match (f.first_mention, f.first_reply) {
        (Some(m), Some(r)) => Some((r - m).max(Duration::zero())),
        _ => None,
    };
    each.sort();
    f.median = each.get(each.len().saturating_sub(1) / 2).copied();
    f
}

/// Whole minutes an answer took, for exports.
pub fn response_minutes(published: DateTime<Utc>, answered: Option<DateTime<Utc>>) -> Option<i64> {
    answered.map(|a| (a - published).num_minutes().max(0))
}

// ---- volume ------------------------------------------------------------

/// Hours shown by the volume sparkline.
pub const SPARK_HOURS: usize = 24;

/// The hour a time falls in, as the store groups them ("2026-11-24T06").
pub fn hour_key(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H").to_string()
}

/// Mentions per hour for the last `SPARK_HOURS` hours up to `now`, oldest
/// first, from counts keyed by `hour_key`.
pub fn per_hour(counts: &BTreeMap<String, u64>, now: DateTime<Utc>) -> Vec<u64> {
    let top = now
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now);
    (0..SPARK_HOURS)
        .rev()
        .map(|h| counts.get(&hour_key(top - Duration::hours(h as i64))).copied().unwrap_or(0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).single().expect("t")
    }

    const ALERT: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:idx="urn:atom-extension:indexing">
<id>tag:google.com,2005:reader/user/06807031914929345698/state/com.google/alerts/10604166159629661594</id>
<title>Google 快訊 - 安心診所</title>
<link href="https://www.google.com/alerts/feeds/06807031914929345698/10604166159629661594" rel="self"></link>
<updated>2026-11-24T05:40:12Z</updated>
<entry>
<id>tag:google.com,2013:googlealerts/feed:10850112408232431233</id>
<title type="html">&lt;b&gt;安心診所&lt;/b&gt;雷射&lt;b&gt;燙傷&lt;/b&gt;爭議</title>
<link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://news.example.com.tw/article/123%3Futm_source%3Dga&amp;ct=ga&amp;cd=CAIy&amp;usg=AOvVaw1"></link>
<published>2026-11-24T05:40:12Z</published>
<updated>2026-11-24T05:40:12Z</updated>
<content type="html">病患指控在&lt;b&gt;安心診所&lt;/b&gt;接受雷射後臉部燙傷 &amp;amp; 求償</content>
<author><name></name></author>
</entry>
</feed>"#;

    #[test]
    fn a_google_alert_gives_the_real_link_and_the_matched_terms() {
        let m = parse("alert.xml", ALERT.as_bytes(), crate::domain::zone::Zone::taipei(), now()).expect("parse");
        assert_eq!(m.len(), 1);
        let m = &m[0];
        assert_eq!(m.source, Source::GoogleAlerts);
        assert_eq!(m.link, "https://news.example.com.tw/article/123?utm_source=ga");
        assert_eq!(m.canonical, "https://news.example.com.tw/article/123");
        assert_eq!(m.title, "安心診所雷射燙傷爭議");
        assert_eq!(m.text, "病患指控在安心診所接受雷射後臉部燙傷 & 求償");
        assert_eq!(m.matched, vec!["安心診所".to_string(), "燙傷".to_string()]);
        assert_eq!(m.origin, "Google 快訊 - 安心診所");
        assert!(m.key.starts_with("google-alerts:tag:google.com,2013"), "{}", m.key);
    }

    #[test]
    fn bad_feeds_are_named_not_half_read() {
        let tz = crate::domain::zone::Zone::taipei();
        let e = parse("a.xml", b"just some words", tz, now()).expect_err("not xml");
        assert_eq!(e.what.key(), "monitor.not_xml");
        let cut = &ALERT[..ALERT.len() - 40];
        let e = parse("a.xml", cut.as_bytes(), tz, now()).expect_err("truncated");
        assert!(matches!(e.what.key(), "monitor.truncated" | "monitor.bad_feed"), "{e:?}");
        let mut big5 = ALERT.as_bytes().to_vec();
        let at = ALERT.find("病患").expect("text");
        big5.splice(at..at + 6, [0xAF, 0x66, 0xB1, 0x77]);
        let e = parse("a.xml", &big5, tz, now()).expect_err("big5");
        assert_eq!(e.what.key(), "monitor.not_utf8");
        assert_eq!(e.line, Some(13));
    }

    #[test]
    fn links_are_known_by_one_canonical_form() {
        assert_eq!(
            canonical("http://www.Example.com/a/?utm_medium=x&id=3&fbclid=9#top"),
            "https://example.com/a?id=3"
        );
        assert_eq!(canonical("https://m.facebook.com/story"), "https://facebook.com/story");
        assert_eq!(canonical(""), "");
        assert_eq!(real_link("https://www.google.com/url?q=https://ptt.cc/x&sa=U"), "https://ptt.cc/x");
        assert_eq!(real_link("https://example.com/url?url=x"), "https://example.com/url?url=x");
    }

    #[test]
    fn reviews_read_stars_and_replies() {
        let json = r#"{"reviews":[{"reviewId":"r1","reviewer":{"displayName":"王小明"},"starRating":"ONE",
            "comment":"等了兩小時","createTime":"2026-11-24T01:00:00Z",
            "reviewReply":{"comment":"抱歉","updateTime":"2026-11-24T03:00:00Z"}},
            {"reviewId":"r2","reviewer":{"isAnonymous":true},"starRating":"FIVE","createTime":"2026-11-24T02:00:00Z"}]}"#;
        let m = parse("reviews.json", json.as_bytes(), crate::domain::zone::Zone::taipei(), now()).expect("parse");
        assert_eq!(m[0].rating, Some(1));
        assert_eq!(m[0].author, "王小明");
        assert_eq!(m[0].replied_at.map(|t| t.to_rfc3339()), Some("2026-11-24T03:00:00+00:00".into()));
        assert_eq!(m[1].author, "");
        assert_eq!(m[1].key, "review:r2");
        let e = parse(
            "r.json",
            br#"{"reviews":[{"reviewId":"x","starRating":"SIX","createTime":"2026-11-24T01:00:00Z"}]}"#,
            crate::domain::zone::Zone::taipei(),
            now(),
        )
        .expect_err("six");
        assert_eq!(e.what.key(), "monitor.review_bad_stars");
    }

    #[test]
    fn a_csv_names_the_line_and_column() {
        let tz = crate::domain::zone::Zone::taipei();
        let ok =
            "source,author,time,text,link,rating\ndcard,匿名,2026-11-24 13:05,護理師態度很差,https://www.dcard.tw/f/x/p/1?utm_source=a,2\n";
        let m = parse("m.csv", ok.as_bytes(), tz, now()).expect("parse");
        assert_eq!(m[0].source, Source::Dcard);
        assert_eq!(m[0].key, "url:https://dcard.tw/f/x/p/1");
        assert_eq!(m[0].rating, Some(2));
        let e = parse("m.csv", b"source,author,text\ndcard,a,b\n", tz, now()).expect_err("no time");
        assert_eq!((e.line, e.what.key()), (Some(1), "monitor.csv_missing_column"));
        let e = parse("m.csv", b"source,time,text\nmyspace,2026-11-24 13:05,x\n", tz, now()).expect_err("source");
        assert_eq!((e.line, e.what.key()), (Some(2), "monitor.csv_bad_source"));
        let e = parse("m.csv", b"source,time,text\ndcard,2026-11-24 13:05,caf\xe9\n", tz, now()).expect_err("latin-1");
        assert_eq!((e.line, e.what.key()), (Some(2), "monitor.not_utf8"));
    }

    #[test]
    fn state_moves() {
        use crate::domain::types::MentionState as S;
        assert!(S::New.can_move(S::Triaged));
        assert!(!S::Triaged.can_move(S::New));
        assert!(!S::Answered.can_move(S::Ignored));
        assert!(S::Answered.can_move(S::Triaged));
        assert!(S::Ignored.can_move(S::Triaged));
    }

    #[test]
    fn response_figures_count_from_the_first_mention() {
        let t = now();
        let f = response_figures([
            (t, None),
            (t + Duration::minutes(30), Some(t + Duration::minutes(90))),
            (t + Duration::minutes(40), Some(t + Duration::minutes(50))),
        ]);
        assert_eq!(f.first_mention, Some(t));
        assert_eq!(f.first_reply, Some(t + Duration::minutes(50)));
        assert_eq!(f.to_first_reply, Some(Duration::minutes(50)));
        assert_eq!(f.median, Some(Duration::minutes(10)));
        assert_eq!(response_figures([]).to_first_reply, None);
    }

    #[test]
    fn volume_per_hour_is_oldest_first() {
        let mut c = BTreeMap::new();
        c.insert(hour_key(now()), 3);
        c.insert(hour_key(now() - Duration::hours(2)), 1);
        let v = per_hour(&c, now() + Duration::minutes(30));
        assert_eq!(v.len(), SPARK_HOURS);
        assert_eq!(&v[SPARK_HOURS - 3..], &[1, 0, 3]);
    }

    proptest::proptest! {
        /// Whatever a file holds, reading it gives mentions or one error,
        /// never a panic.
        #[test]
        fn any_bytes_are_read_or_refused(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400),
                                         ext in proptest::sample::select(vec!["xml", "json", "csv", "txt"])) {
            let _ = parse(&format!("f.{ext}"), &bytes, crate::domain::zone::Zone::taipei(), now());
        }

        #[test]
        fn any_text_is_read_or_refused(text in "[<>{}\\[\\],\"a-z0-9 &;#/:\n安心]{0,300}",
                                       ext in proptest::sample::select(vec!["xml", "json", "csv"])) {
            let _ = parse(&format!("f.{ext}"), text.as_bytes(), crate::domain::zone::Zone::taipei(), now());
            let _ = strip_html(&text);
            let _ = canonical(&text);
        }
    }

    #[test]
    fn html_entities_and_tags() {
        let (t, b) = strip_html("a&lt;b&gt; <b>x</b><br>y &#x4E2D;&#25991;");
        assert_eq!(t, "a<b> x y 中文");
        assert_eq!(b, vec!["x".to_string()]);
    }
}
