//! Every shipped template, filled in as a drafter would, passes the desk's
//! own checks: no personal data, no blank left, no wording it warns about,
//! every first-message element present, within the audience's length.
//!
//! The placeholders are filled from a complete clinic profile; each blank the
//! template leaves for the drafter (【…】 / […]) is replaced by a plain phrase.

use crisisdesk::domain::lint::{LintContext, Rules, lint};
use crisisdesk::domain::templates::{builtin, fill};
use crisisdesk::i18n::Lang;
use regex::Regex;

fn profile(key: &str, lang: Lang) -> String {
    match (key, lang) {
        ("clinic", Lang::Zh) => "安心診所".into(),
        ("clinic", Lang::En) => "Anxin Clinic".into(),
        ("address", _) => "台北市大安區安和路一段100號2樓".into(),
        ("hotline", _) => "(02)2700-1234".into(),
        ("email", _) => "service@anxin-clinic.example.tw".into(),
        ("website", _) => "https://www.anxin-clinic.example.tw".into(),
        ("spokesperson", Lang::Zh) => "張雅婷".into(),
        ("spokesperson", Lang::En) => "Chang Ya-ting".into(),
        ("incident", Lang::Zh) => "預約系統異常".into(),
        ("incident", Lang::En) => "booking system outage".into(),
        ("date", Lang::Zh) => "2026年11月24日".into(),
        ("date", Lang::En) => "2026-11-24".into(),
        ("now", _) => "2026-11-24 15:00".into(),
        ("next_update", _) => "2026-11-24 18:00".into(),
        _ => String::new(),
    }
}

fn ctx(audience: &str) -> LintContext {
    LintContext {
        audience: audience.into(),
        clinic_hotline: "(02)2700-1234".into(),
        clinic_email: "service@anxin-clinic.example.tw".into(),
        clinic_website: "https://www.anxin-clinic.example.tw".into(),
        clinic_address: "台北市大安區安和路一段100號2樓".into(),
        public_names: vec!["張雅婷".into(), "Chang Ya-ting".into()],
        ..LintContext::default()
    }
}

#[test]
fn every_filled_template_passes_its_own_checks() {
    let rules = Rules::builtin().expect("rules");
    let blank = Regex::new(r"【[^【】\n]*】|\[[^\[\]\n]*\]").expect("regex");
    let mut failures = Vec::new();
    let mut checked = 0;
    for set in builtin().expect("templates") {
        for t in &set.template {
            for lang in [Lang::Zh, Lang::En] {
                let filled = fill(t.body.get(lang), lang, |k| profile(k, lang));
                let filler = if lang == Lang::Zh { "相關情形" } else { "the details" };
                let text = blank.replace_all(&filled, filler);
                let found = lint(&text, &ctx(t.audience.id()), rules, lang);
                checked += 1;
                for f in found {
                    failures.push(format!(
                        "{} {} ({:?}): {} {:?} {}",
                        set.crisis_type, t.id, lang, f.kind, f.text, f.message
                    ));
                }
            }
        }
    }
    assert!(checked >= 72, "only {checked} templates checked");
    assert!(failures.is_empty(), "{} findings:\n{}", failures.len(), failures.join("\n"));
}
