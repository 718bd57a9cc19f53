//! The personal-data guard measured on a hand-written corpus
//! (`tests/it/lint/guard_corpus.toml`): statements with personal data, each item
//! listed with its kind, and clean statements full of look-alikes.
//!
//! Prints recall and false blocks, and fails below recall 0.97 or at any
//! false block. An expected item counts as found when a blocking finding of
//! its kind covers the whole item, at every place it occurs. A false block is
//! any blocking finding that overlaps no expected item.

use std::collections::BTreeMap;
use std::path::Path;

use crisisdesk::domain::lint::{LintContext, Rules, Severity, lint};
use crisisdesk::i18n::Lang;
use serde::Deserialize;

#[derive(Deserialize)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    id: String,
    audience: String,
    text: String,
    expect: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    kind: String,
    text: String,
}

/// The fictional 安心診所 as the corpus header describes it.
fn ctx(audience: &str) -> LintContext {
    LintContext {
        audience: audience.into(),
        clinic_hotline: "(02)2700-1234, 0800-000-123".into(),
        clinic_email: "service@anxin-clinic.example.tw".into(),
        clinic_website: "https://www.anxin-clinic.example.tw".into(),
        clinic_address: "台北市大安區安和路一段100號2樓".into(),
        clinic_social: "@anxinclinic, https://www.facebook.com/anxinclinic, @anxin.clinic".into(),
        public_names: vec!["張雅婷".into(), "吳建宏".into(), "Wu Chien-hung".into()],
        private_names: vec!["林美華".into(), "陳志明".into(), "Lin Mei-hua".into()],
        chart_pattern: r"ANX-\d{6}".into(),
    }
}

#[test]
fn personal_data_recall_and_false_blocks() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/lint/guard_corpus.toml");
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let corpus: Corpus = toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rules = Rules::builtin().expect("built-in rules");
    let pd = corpus.case.iter().filter(|c| !c.expect.is_empty()).count();
    let clean = corpus.case.len() - pd;
    assert!(pd >= 30 && clean >= 30, "the corpus needs 30 of each, has {pd} and {clean}");

    let (mut expected, mut found, mut false_blocks) = (0usize, 0usize, 0usize);
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut report = Vec::new();
    for case in &corpus.case {
        let findings = lint(&case.text, &ctx(&case.audience), rules, Lang::Zh);
        let blocks: Vec<_> = findings.iter().filter(|f| f.severity == Severity::Block).collect();
        let mut item_spans = Vec::new();
        for item in &case.expect {
            let places: Vec<usize> = case.text.match_indices(&item.text).map(|(i, _)| i).collect();
            assert!(!places.is_empty(), "{}: {:?} is not in the text", case.id, item.text);
            for at in places {
                let (s, e) = (at, at + item.text.len());
                item_spans.push((s, e));
                expected += 1;
                let tally = by_kind.entry(item.kind.as_str()).or_default();
                tally.0 += 1;
                if blocks.iter().any(|f| f.kind.id() == item.kind && f.start <= s && e <= f.end) {
                    found += 1;
                    tally.1 += 1;
                } else {
                    report.push(format!("{}: missed {} {:?}", case.id, item.kind, item.text));
                }
            }
        }
        for f in &blocks {
            if !item_spans.iter().any(|&(s, e)| f.start < e && s < f.end) {
                false_blocks += 1;
                report.push(format!("{}: false block {} {:?}", case.id, f.kind, f.text));
            }
        }
    }
    let recall = found as f64 / expected.max(1) as f64;
    println!(
        "guard corpus: {} statements ({pd} with personal data, {clean} clean)",
        corpus.case.len()
    );
    println!("recall {found}/{expected} = {recall:.3}; false blocks {false_blocks}");
    for (kind, (n, hit)) in &by_kind {
        println!("  {kind:<13} {hit}/{n}");
    }
    for line in &report {
        println!("  {line}");
    }
    assert!(
        recall >= 0.97 && false_blocks == 0,
        "recall {recall:.3}, false blocks {false_blocks}:\n{}",
        report.join("\n")
    );
}
