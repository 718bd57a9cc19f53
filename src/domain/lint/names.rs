//! People's names: surnames with a title or role (陳先生, 林護理師), and
//! the names the incident lists as private. The lists are data in
//! `assets/names.toml`.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

use super::normal::fold;
use super::personal::{Span, back_chars, is_cjk, patterns};

#[derive(Deserialize)]
struct NamesFile {
    surnames: Vec<String>,
    compound_surnames: Vec<String>,
    titles: Vec<String>,
    not_given: String,
    not_names: Vec<String>,
}

/// `assets/names.toml`, ready to search with.
#[derive(Debug)]
pub struct NameRules {
    surnames: HashSet<char>,
    compound: Vec<String>,
    /// Longest first.
    titles: Vec<String>,
    not_given: HashSet<char>,
    not_names: Vec<String>,
}

const NAMES_SRC: (&str, &str) = ("assets/names.toml", include_str!("../../../assets/names.toml"));

impl NameRules {
    pub fn parse(file: &str, src: &str) -> Result<NameRules, String> {
        let f: NamesFile = toml::from_str(src).map_err(|e| crate::domain::content::toml_error(file, src, &e))?;
        let mut surnames = HashSet::new();
        for s in &f.surnames {
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => {
                    surnames.insert(c);
                }
                _ => {
                    return Err(format!(
                        "{file}: surnames: {s:?} is not one character (two-character ones go in compound_surnames)"
                    ));
                }
            }
        }
        let mut titles: Vec<String> = f.titles.into_iter().filter(|t| !t.trim().is_empty()).collect();
        if titles.is_empty() || surnames.is_empty() {
            return Err(format!("{file}: surnames and titles must not be empty"));
        }
        titles.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        Ok(NameRules {
            surnames,
            compound: f.compound_surnames,
            titles,
            not_given: f.not_given.chars().filter(|c| !c.is_whitespace()).collect(),
            not_names: f.not_names,
        })
    }

    pub fn builtin() -> Result<&'static NameRules, String> {
        static CELL: OnceLock<Result<NameRules, String>> = OnceLock::new();
        CELL.get_or_init(|| NameRules::parse(NAMES_SRC.0, NAMES_SRC.1))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The title that starts `rest`, if any (longest first).
    fn title_at<'t>(&'t self, rest: &str) -> Option<&'t str> {
        self.titles.iter().find(|t| rest.starts_with(t.as_str())).map(String::as_str)
    }

    /// The surname starting at `rest`: a compound one first.
    fn surname_at(&self, rest: &str) -> Option<usize> {
        if let Some(c) = self.compound.iter().find(|c| rest.starts_with(c.as_str())) {
            return Some(c.len());
        }
        rest.chars().next().filter(|c| self.surnames.contains(c)).map(char::len_utf8)
    }
}

/// Whether a match belongs to someone the clinic names in public: its
/// spokesperson or director, by full name, or in the exact form the profile
/// lists (吳醫師).
fn is_public(name: &str, with_title: &str, public: &[String]) -> bool {
    // A bare surname is never enough: 張媽媽 is not the spokesperson 張雅婷.
    let given = name.chars().count() >= 2;
    public
        .iter()
        .map(|p| p.trim())
        .any(|p| !p.is_empty() && (with_title == p || given && (p.starts_with(name) || name.starts_with(p))))
}

/// A surname followed by a title or kinship word, with or without a one- or
/// two-character given name in between (王小姐, 楊淑芬小姐), and the English
/// Mr/Ms/Dr + name. The clinic's public names are left alone.
pub fn person_names(text: &str, rules: &NameRules, public: &[String]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if let Some(slen) = rules.surname_at(rest)
            && out.last().is_none_or(|l| i >= l.1)
            && let Some(end) = name_after_surname(text, i, slen, rules)
        {
            let before = &text[back_chars(text, i, 1)..i];
            let word_with_prev = format!("{before}{}", &text[i..i + slen]);
            let name = &text[i..end.0];
            let not_name = rules.not_names.iter().any(|w| {
                // A word that ends in this surname (院方, 病史), or a place that
                // starts the name (高雄, 林口).
                (!before.is_empty() && word_with_prev.ends_with(w.as_str()) && w.chars().count() == 2) || name.starts_with(w.as_str())
            });
            if !not_name && !is_public(name, &text[i..end.1], public) {
                out.push((i, end.1));
                i = end.1;
                continue;
            }
        }
        i += c.len_utf8();
    }
    for c in patterns().en_title.captures_iter(text) {
        let (Some(all), Some(name)) = (c.get(0), c.get(1)) else { continue };
        let words: Vec<&str> = name.as_str().split([' ', '-']).collect();
        let public_word = public
            .iter()
            .any(|p| p.split([' ', '-', ',']).any(|pw| words.iter().any(|w| w.eq_ignore_ascii_case(pw))));
        if !public_word {
            out.push((all.start(), all.end()));
        }
    }
    out.sort_unstable();
    out
}

/// After a surname at `at` (`slen` bytes): where the name ends and where
/// its title ends.
fn name_after_surname(text: &str, at: usize, slen: usize, rules: &NameRules) -> Option<(usize, usize)> {
    let after = at + slen;
    if let Some(t) = rules.title_at(&text[after..]) {
        return Some((after, after + t.len()));
    }
    let mut end = after;
    for _ in 0..2 {
        let c = text[end..].chars().next()?;
        if !is_cjk(c) || rules.not_given.contains(&c) {
            return None;
        }
        end += c.len_utf8();
        if let Some(t) = rules.title_at(&text[end..]) {
            return Some((end, end + t.len()));
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Names on the incident's private-person list
// ---------------------------------------------------------------------------

pub fn private_names(text: &str, names: &[String]) -> Vec<Span> {
    let folded: Vec<String> = names.iter().map(|n| fold(n.trim())).filter(|n| n.chars().count() >= 2).collect();
    let ns: Vec<&str> = folded.iter().map(String::as_str).collect();
    match super::alternation(&ns) {
        Ok(Some(re)) => re.find_iter(text).map(|m| (m.start(), m.end())).collect(),
        _ => Vec::new(),
    }
}
