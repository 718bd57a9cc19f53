//! The UI string catalog. Every user-visible string lives in
//! `assets/i18n/<lang>.toml`; code refers to strings by key only.

use serde::Deserialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-tw" | "zh_tw" | "tw" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" | "english" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-TW",
            Lang::En => "en",
        }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// The catalogs as written, for the tests that hold the tables to them.
#[cfg(test)]
const SOURCES: [(Lang, &str); 2] = [
    (Lang::Zh, include_str!("../assets/i18n/zh-TW.toml")),
    (Lang::En, include_str!("../assets/i18n/en.toml")),
];

/// A text in both languages, as the asset files write it.
#[derive(Clone, Debug, Deserialize, Default, PartialEq, Eq)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A catalog as `build.rs` lays it out: every key and its text one after
/// another in `text`, and per key, in key order, where the key starts,
/// where its text starts and where the text ends. Compiled in, it costs
/// nothing at start; parsed into a map it cost a thread and a fifth of a
/// millisecond.
struct Table {
    text: &'static str,
    index: &'static [(u32, u32, u32)],
}

pub struct Catalog {
    lang: Lang,
    table: Table,
}

static ZH: Catalog = Catalog {
    lang: Lang::Zh,
    table: include!(concat!(env!("OUT_DIR"), "/assets/i18n/zh-TW.rs")),
};
static EN: Catalog = Catalog {
    lang: Lang::En,
    table: include!(concat!(env!("OUT_DIR"), "/assets/i18n/en.rs")),
};

impl Catalog {
    /// The built-in catalog for `lang`.
    pub fn get(lang: Lang) -> &'static Catalog {
        match lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Look a key up. A missing key shows as itself so the gap is visible,
    /// and a test keeps that from ever shipping.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.lookup(key).unwrap_or(key)
    }

    /// Look a key up and fill `{name}` placeholders.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.t(key), args)
    }

    #[cfg(test)]
    fn has(&self, key: &str) -> bool {
        self.lookup(key).is_some()
    }

    /// Every key and its text, in key order.
    #[cfg(test)]
    fn entries(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        let text = self.table.text;
        self.table
            .index
            .iter()
            .map(move |&(k, v, end)| (slice(text, k, v), slice(text, v, end)))
    }

    fn lookup(&self, key: &str) -> Option<&'static str> {
        let Table { text, index } = self.table;
        let i = index.binary_search_by(|&(k, v, _)| slice(text, k, v).cmp(key)).ok()?;
        let (_, v, end) = index[i];
        Some(slice(text, v, end))
    }
}

/// The table's offsets come from `build.rs` and fall on character
/// boundaries; were one ever wrong, the text would show empty, not panic.
fn slice(text: &'static str, from: u32, to: u32) -> &'static str {
    text.get(from as usize..to as usize).unwrap_or("")
}

/// Replace `{name}` with its value; unknown placeholders stay as written.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    #[test]
    fn fill_replaces_known_and_keeps_unknown() {
        assert_eq!(fill("{a} and {b}", &[("a", "甲")]), "甲 and {b}");
        assert_eq!(fill("no braces", &[]), "no braces");
        assert_eq!(fill("open { only", &[]), "open { only");
    }

    #[test]
    fn the_compiled_tables_hold_the_strings_as_written() {
        for (lang, src) in SOURCES {
            let written: BTreeMap<String, String> = toml::from_str(src).expect("the TOML reads");
            let compiled: BTreeMap<String, String> = Catalog::get(lang).entries().map(|(k, v)| (k.into(), v.into())).collect();
            assert_eq!(compiled, written, "{}", lang.code());
            // The lookup is a binary search: the keys must be in order.
            let keys: Vec<&str> = Catalog::get(lang).entries().map(|(k, _)| k).collect();
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "{} keys out of order", lang.code());
            // Every key is found by the lookup, with its own text.
            for (key, text) in &written {
                assert_eq!(Catalog::get(lang).t(key), text, "{key}");
            }
        }
        let zh = Catalog::get(Lang::Zh);
        assert_eq!(zh.t("pane.timeline"), "時間軸");
        let unknown = "no.such.key";
        assert_eq!(zh.t(unknown), unknown, "a missing key shows as itself");
        assert!(!zh.has(unknown) && !zh.has("") && zh.has("app.name"));
    }

    #[test]
    fn catalogs_have_the_same_keys() {
        let zk: BTreeSet<_> = Catalog::get(Lang::Zh).entries().map(|(k, _)| k).collect();
        let ek: BTreeSet<_> = Catalog::get(Lang::En).entries().map(|(k, _)| k).collect();
        assert!(zk.len() > 500, "{}", zk.len());
        let only_zh: Vec<_> = zk.difference(&ek).collect();
        let only_en: Vec<_> = ek.difference(&zk).collect();
        assert!(only_zh.is_empty(), "keys only in zh-TW: {only_zh:?}");
        assert!(only_en.is_empty(), "keys only in en: {only_en:?}");
    }

    /// Every `t("key")` / `f("key"` literal in the source must exist in
    /// both catalogs, so no raw key ever reaches a user's screen.
    #[test]
    fn every_key_used_in_source_exists() {
        let (zh, en) = (Catalog::get(Lang::Zh), Catalog::get(Lang::En));
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        let mut files = 0;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                files += 1;
                let src = std::fs::read_to_string(&path).expect("read file");
                for pat in [".t(\"", ".f(\"", "help: \"", "Msg::new(\"", "invalid(\""] {
                    let mut rest = src.as_str();
                    while let Some(i) = rest.find(pat) {
                        rest = &rest[i + pat.len()..];
                        let Some(end) = rest.find('"') else { break };
                        let key = &rest[..end];
                        if !key.is_empty() && !key.contains(' ') && (!zh.has(key) || !en.has(key)) {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(files > 10, "source scan found too few files");
        assert!(missing.is_empty(), "keys missing from a catalog: {missing:#?}");
    }
}
