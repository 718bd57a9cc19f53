//! The UI string catalog. Every user-visible string lives in
//! `assets/i18n/<lang>.toml`; code refers to strings by key only.

use std::collections::HashMap;
use std::sync::OnceLock;

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

pub const ZH_SOURCE: &str = include_str!("../assets/i18n/zh-TW.toml");
pub const EN_SOURCE: &str = include_str!("../assets/i18n/en.toml");
/// The same catalogs as JSON, made by `build.rs`, which reads faster.
const ZH_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/assets/i18n/zh-TW.json"));
const EN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/assets/i18n/en.json"));

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

pub struct Catalog {
    lang: Lang,
    map: HashMap<String, String>,
}

impl Catalog {
    pub fn parse(lang: Lang, src: &str) -> Result<Catalog, String> {
        let map: HashMap<String, String> = toml::from_str(src).map_err(|e| format!("string catalog {}: {e}", lang.code()))?;
        Ok(Catalog { lang, map })
    }

    /// The built-in catalog for `lang`, parsed once per process.
    pub fn get(lang: Lang) -> &'static Catalog {
        static ZH: OnceLock<Catalog> = OnceLock::new();
        static EN: OnceLock<Catalog> = OnceLock::new();
        let (cell, json, src) = match lang {
            Lang::Zh => (&ZH, ZH_JSON, ZH_SOURCE),
            Lang::En => (&EN, EN_JSON, EN_SOURCE),
        };
        // The catalogs are compiled in and checked by tests, so a parse
        // failure can only be a build defect; fall back to the TOML, then
        // to an empty catalog (keys show through) rather than abort the
        // console.
        cell.get_or_init(|| match serde_json::from_str(json) {
            Ok(map) => Catalog { lang, map },
            Err(_) => Catalog::parse(lang, src).unwrap_or(Catalog { lang, map: HashMap::new() }),
        })
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Look a key up. A missing key shows as itself so the gap is visible,
    /// and a test keeps that from ever shipping.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map(String::as_str).unwrap_or(key)
    }

    /// Look a key up and fill `{name}` placeholders.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.t(key), args)
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.map.keys()
    }
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
    use std::collections::BTreeSet;

    #[test]
    fn fill_replaces_known_and_keeps_unknown() {
        assert_eq!(fill("{a} and {b}", &[("a", "甲")]), "甲 and {b}");
        assert_eq!(fill("no braces", &[]), "no braces");
        assert_eq!(fill("open { only", &[]), "open { only");
    }

    #[test]
    fn json_twins_hold_the_same_strings_as_the_toml() {
        for (lang, json, src) in [(Lang::Zh, ZH_JSON, ZH_SOURCE), (Lang::En, EN_JSON, EN_SOURCE)] {
            let fast: HashMap<String, String> = serde_json::from_str(json).expect("the JSON made by build.rs reads");
            let toml = Catalog::parse(lang, src).expect("the TOML reads");
            assert_eq!(fast, toml.map, "{}", lang.code());
            assert_eq!(Catalog::get(lang).map, toml.map);
        }
    }

    #[test]
    fn catalogs_parse_and_have_the_same_keys() {
        let zh = Catalog::parse(Lang::Zh, ZH_SOURCE).expect("zh catalog");
        let en = Catalog::parse(Lang::En, EN_SOURCE).expect("en catalog");
        let zk: BTreeSet<_> = zh.keys().collect();
        let ek: BTreeSet<_> = en.keys().collect();
        let only_zh: Vec<_> = zk.difference(&ek).collect();
        let only_en: Vec<_> = ek.difference(&zk).collect();
        assert!(only_zh.is_empty(), "keys only in zh-TW: {only_zh:?}");
        assert!(only_en.is_empty(), "keys only in en: {only_en:?}");
    }

    /// Every `t("key")` / `f("key"` literal in the source must exist in
    /// both catalogs, so no raw key ever reaches a user's screen.
    #[test]
    fn every_key_used_in_source_exists() {
        let zh = Catalog::parse(Lang::Zh, ZH_SOURCE).expect("zh catalog");
        let en = Catalog::parse(Lang::En, EN_SOURCE).expect("en catalog");
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
                        if !key.is_empty() && !key.contains(' ') && (!zh.map.contains_key(key) || !en.map.contains_key(key)) {
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
