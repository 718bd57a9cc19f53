//! Statement templates: one file per crisis type in `assets/templates/`,
//! each with a holding statement and one template per audience.

use std::sync::OnceLock;

use serde::Deserialize;

use super::content::{CRISIS_TYPES, toml_error};
use super::types::Audience;
use crate::i18n::{Lang, Text};

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub audience: Audience,
    pub name: Text,
    pub body: Text,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateSet {
    #[serde(rename = "type")]
    pub crisis_type: String,
    pub template: Vec<Template>,
}

/// The placeholders a template may use, with the label shown when the
/// value is not known yet.
pub const PLACEHOLDERS: [(&str, &str, &str); 10] = [
    ("clinic", "診所名稱", "clinic name"),
    ("address", "診所地址", "clinic address"),
    ("hotline", "服務專線", "hotline"),
    ("email", "電子郵件", "e-mail"),
    ("website", "網站", "website"),
    ("spokesperson", "發言人", "spokesperson"),
    ("incident", "事件名稱", "incident"),
    ("date", "日期", "date"),
    ("now", "時間", "time"),
    ("next_update", "下次更新時間", "next update time"),
];

const SOURCES: [(&str, &str); 7] = [
    (
        "assets/templates/medical-dispute.toml",
        include_str!("../../assets/templates/medical-dispute.toml"),
    ),
    (
        "assets/templates/online-reputation.toml",
        include_str!("../../assets/templates/online-reputation.toml"),
    ),
    (
        "assets/templates/data-breach.toml",
        include_str!("../../assets/templates/data-breach.toml"),
    ),
    (
        "assets/templates/staff-misconduct.toml",
        include_str!("../../assets/templates/staff-misconduct.toml"),
    ),
    (
        "assets/templates/drug-safety.toml",
        include_str!("../../assets/templates/drug-safety.toml"),
    ),
    (
        "assets/templates/public-health.toml",
        include_str!("../../assets/templates/public-health.toml"),
    ),
    (
        "assets/templates/violence.toml",
        include_str!("../../assets/templates/violence.toml"),
    ),
];

/// Names inside `{…}` in a body.
fn placeholders_in(body: &str) -> impl Iterator<Item = &str> {
    body.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

pub fn parse(sources: &[(&str, &str)]) -> Result<Vec<TemplateSet>, String> {
    let mut sets = Vec::new();
    for (file, src) in sources {
        let set: TemplateSet = toml::from_str(src).map_err(|e| toml_error(file, src, &e))?;
        if !CRISIS_TYPES.contains(&set.crisis_type.as_str()) {
            return Err(format!("{file}: type: unknown crisis type {:?}", set.crisis_type));
        }
        for t in &set.template {
            for body in [&t.body.zh, &t.body.en] {
                if let Some(bad) = placeholders_in(body).find(|p| !PLACEHOLDERS.iter().any(|(k, _, _)| k == p)) {
                    return Err(format!("{file}: template {}: unknown placeholder {{{bad}}}", t.id));
                }
            }
        }
        sets.push(set);
    }
    Ok(sets)
}

pub fn builtin() -> Result<&'static [TemplateSet], String> {
    static CELL: OnceLock<Result<Vec<TemplateSet>, String>> = OnceLock::new();
    CELL.get_or_init(|| parse(&SOURCES))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// The templates for a crisis type, holding statement first.
pub fn for_type(crisis_type: &str) -> Vec<&'static Template> {
    builtin()
        .map(|sets| {
            sets.iter()
                .filter(|s| s.crisis_type == crisis_type)
                .flat_map(|s| s.template.iter())
                .collect()
        })
        .unwrap_or_default()
}

/// Fill a body's placeholders. `value` gives a placeholder's value; an
/// empty value leaves a visible gap (【label】) for the drafter to fill.
pub fn fill(body: &str, lang: Lang, value: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.split_once('}') {
            Some((name, tail)) if PLACEHOLDERS.iter().any(|(k, _, _)| *k == name) => {
                let v = value(name);
                if v.trim().is_empty() {
                    let (_, zh, en) = PLACEHOLDERS.iter().find(|(k, _, _)| *k == name).copied().unwrap_or(("", "", ""));
                    match lang {
                        Lang::Zh => out.push_str(&format!("【{zh}】")),
                        Lang::En => out.push_str(&format!("[{en}]")),
                    }
                } else {
                    out.push_str(&v);
                }
                rest = tail;
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_a_holding_statement_and_each_audience() {
        let sets = builtin().expect("templates parse");
        assert_eq!(sets.len(), 7);
        for kind in CRISIS_TYPES {
            let ids: Vec<&str> = for_type(kind).iter().map(|t| t.id.as_str()).collect();
            for want in [
                "holding",
                "media",
                "patients",
                "staff",
                "social",
                "regulator",
                "partners",
                "doorstep",
                "qa",
            ] {
                assert!(ids.contains(&want), "{kind} lacks {want}");
            }
        }
    }

    #[test]
    fn fill_replaces_known_and_marks_missing_values() {
        let out = fill("{clinic} 專線 {hotline}，{x}", Lang::Zh, |k| {
            if k == "clinic" { "安心診所".into() } else { String::new() }
        });
        assert_eq!(out, "安心診所 專線 【服務專線】，{x}");
        let out = fill("Call {hotline}", Lang::En, |_| String::new());
        assert_eq!(out, "Call [hotline]");
    }

    #[test]
    fn an_unknown_placeholder_names_the_file() {
        let src = "type = \"data-breach\"\n[[template]]\nid = \"media\"\naudience = \"media\"\nname = { zh = \"甲\", en = \"a\" }\nbody = { zh = \"{nope}\", en = \"x\" }\n";
        let err = parse(&[("assets/templates/x.toml", src)]).expect_err("must fail");
        assert!(err.contains("assets/templates/x.toml") && err.contains("{nope}"), "{err}");
    }
}
