//! The statement-lint corpus: fictional clinic statements under `tests/it/lint/`, each with
//! exactly the findings it must produce. True positives are pinned by kind, line, column
//! and text; look-alikes must produce no personal-data findings at all.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crisisdesk::domain::lint::{Finding, LintContext, Rules, Severity, count_chars, has_blocking, lint};
use crisisdesk::i18n::Lang;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("it").join("lint")
}

fn corpus(name: &str) -> String {
    let p = dir().join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn rules() -> &'static Rules {
    Rules::builtin().expect("assets/lint.toml parses")
}

/// The fictional Anxin Clinic (安心診所) and its incident.
fn ctx(audience: &str) -> LintContext {
    LintContext {
        audience: audience.into(),
        clinic_hotline: "(02)2700-1234, 0800-000-123".into(),
        clinic_email: "service@anxin-clinic.example.tw".into(),
        clinic_website: "https://www.anxin-clinic.example.tw".into(),
        private_names: vec!["林美華".into(), "陳志明".into(), "Lin Mei-hua".into()],
        chart_pattern: r"ANX-\d{6}".into(),
        // The spokesperson and the director, as the clinic's profile lists them.
        public_names: vec!["張雅婷".into(), "王大明".into()],
        ..LintContext::default()
    }
}

fn check(name: &str, audience: &str, lang: Lang) -> Vec<Finding> {
    lint(&corpus(name), &ctx(audience), rules(), lang)
}

/// Blocking findings as (kind, line, column, text).
fn blocking(f: &[Finding]) -> Vec<(&str, usize, usize, &str)> {
    f.iter()
        .filter(|f| f.severity == Severity::Block)
        .map(|f| (f.kind.id(), f.line, f.column, f.text.as_str()))
        .collect()
}

/// Warnings as (kind, text), in order.
fn warnings(f: &[Finding]) -> Vec<(&str, &str)> {
    f.iter()
        .filter(|f| f.severity == Severity::Warn)
        .map(|f| (f.kind.id(), f.text.as_str()))
        .collect()
}

fn describe(f: &[Finding]) -> String {
    f.iter()
        .map(|f| format!("{} {}:{} {:?}", f.kind, f.line, f.column, f.text))
        .collect::<Vec<_>>()
        .join("\n")
}

const FILES: [&str; 15] = [
    "block_birth_date.txt",
    "block_chart_number.txt",
    "block_email.txt",
    "block_national_id.txt",
    "block_phone.txt",
    "block_private_name.txt",
    "block_resident_id.txt",
    "clean_bilingual_partners.txt",
    "clean_press_release_en.txt",
    "clean_press_release_zh.txt",
    "lookalikes.txt",
    "missing_elements.txt",
    "social_reply_too_long.txt",
    "warn_wording_en.txt",
    "warn_wording_zh.txt",
];

#[test]
fn every_corpus_file_is_checked() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(dir())
        .expect("tests/it/lint exists")
        .map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned())
        // The guard corpus has its own test (tests/guard_corpus.rs).
        .filter(|n| n != "guard_corpus.toml")
        .collect();
    let listed: BTreeSet<String> = FILES.iter().map(|s| s.to_string()).collect();
    assert_eq!(on_disk, listed);
}

// --- clean statements -----------------------------------------------------------------

#[test]
fn clean_press_release_zh_has_no_findings() {
    for lang in [Lang::Zh, Lang::En] {
        let f = check("clean_press_release_zh.txt", "media", lang);
        assert!(f.is_empty(), "{}", describe(&f));
    }
    assert!(count_chars(&corpus("clean_press_release_zh.txt")) <= rules().limit("media").unwrap());
}

#[test]
fn clean_press_release_en_has_no_findings() {
    let f = check("clean_press_release_en.txt", "media", Lang::En);
    assert!(f.is_empty(), "{}", describe(&f));
}

#[test]
fn clean_bilingual_statement_has_no_findings() {
    // Each element's cue appears in only one of the two languages.
    let f = check("clean_bilingual_partners.txt", "partners", Lang::Zh);
    assert!(f.is_empty(), "{}", describe(&f));
}

// --- personal data --------------------------------------------------------------------

#[test]
fn block_national_id() {
    let f = check("block_national_id.txt", "staff", Lang::Zh);
    assert_eq!(
        blocking(&f),
        vec![("national-id", 4, 17, "F220012344"), ("national-id", 4, 31, "k287654324"),]
    );
    assert!(has_blocking(&f));
    assert_eq!(
        f.iter().find(|f| f.kind == "national-id").unwrap().message,
        "身分證字號：發布前必須刪除"
    );
    let en = check("block_national_id.txt", "staff", Lang::En);
    assert_eq!(
        en.iter().find(|f| f.kind == "national-id").unwrap().message,
        "National ID number: remove before release"
    );
}

#[test]
fn block_national_id_with_crlf_line_ends() {
    let text = corpus("block_national_id.txt").replace('\n', "\r\n");
    let f = lint(&text, &ctx("staff"), rules(), Lang::Zh);
    assert_eq!(
        blocking(&f),
        vec![("national-id", 4, 17, "F220012344"), ("national-id", 4, 31, "k287654324"),]
    );
}

#[test]
fn block_resident_id() {
    let f = check("block_resident_id.txt", "staff", Lang::En);
    assert_eq!(
        blocking(&f),
        vec![
            ("resident-id", 3, 61, "A800000014"),
            ("resident-id", 4, 1, "HD98765436"),
            ("resident-id", 5, 28, "F912345678"),
            ("resident-id", 5, 43, "ab12345677"),
        ]
    );
}

#[test]
fn block_phone() {
    let f = check("block_phone.txt", "staff", Lang::Zh);
    assert_eq!(
        blocking(&f),
        vec![
            ("person-name", 2, 1, "林先生"),
            ("phone", 2, 7, "0912-345-678"),
            ("person-name", 3, 1, "林太太"),
            ("phone", 3, 5, "0933 222 111"),
            ("phone", 3, 21, "0987654321"),
            ("phone", 4, 6, "+886 912 345 678"),
            ("phone", 4, 23, "+886-955-123-456"),
            ("phone", 5, 4, "02-2345-6789"),
            ("phone", 5, 19, "(04)2234-5678"),
            ("phone", 6, 6, "07-123-4567"),
            ("phone", 6, 21, "037-123456"),
        ]
    );
}

#[test]
fn block_email() {
    let f = check("block_email.txt", "staff", Lang::En);
    assert_eq!(
        blocking(&f),
        vec![
            ("email", 3, 41, "lin.meihua.family@gmail.com"),
            ("email", 4, 1, "j.chen-1975@yahoo.com.tw"),
        ]
    );
}

#[test]
fn block_birth_date() {
    let f = check("block_birth_date.txt", "staff", Lang::Zh);
    assert_eq!(
        blocking(&f),
        vec![
            ("birth-date", 2, 8, "民國75年3月2日"),
            ("birth-date", 3, 9, "1990/07/15"),
            ("birth-date", 4, 6, "1988年12月3日"),
            ("birth-date", 5, 16, "02/14/1979"),
            ("birth-date", 6, 23, "March 9, 1995"),
        ]
    );
}

#[test]
fn block_chart_number() {
    let f = check("block_chart_number.txt", "staff", Lang::Zh);
    assert_eq!(
        blocking(&f),
        vec![
            ("chart-number", 2, 1, "病歷號碼：0012345"),
            ("chart-number", 3, 1, "健保卡號 000012345678"),
            ("chart-number", 4, 18, "Chart no. 88231-B"),
            ("chart-number", 4, 40, "MRN: 20261124"),
            ("chart-number", 5, 8, "ANX-204511"),
        ]
    );
    // Without the clinic's own pattern the unlabelled file number passes.
    let no_pattern = LintContext {
        chart_pattern: String::new(),
        ..ctx("staff")
    };
    let f = lint(&corpus("block_chart_number.txt"), &no_pattern, rules(), Lang::Zh);
    assert_eq!(blocking(&f).len(), 4);
    // A broken pattern is ignored rather than failing the check.
    let broken = LintContext {
        chart_pattern: r"ANX-(\d{6".into(),
        ..ctx("staff")
    };
    let f = lint(&corpus("block_chart_number.txt"), &broken, rules(), Lang::Zh);
    assert_eq!(blocking(&f).len(), 4);
}

#[test]
fn block_private_name() {
    let f = check("block_private_name.txt", "staff", Lang::Zh);
    assert_eq!(
        blocking(&f),
        vec![
            ("private-name", 1, 1, "林美華"),
            ("private-name", 1, 20, "陳志明"),
            ("private-name", 3, 4, "Lin Mei-hua"),
            ("private-name", 3, 58, "LIN MEI-HUA"),
        ]
    );
}

#[test]
fn lookalikes_have_no_personal_data() {
    let text = corpus("lookalikes.txt");
    for lang in [Lang::Zh, Lang::En] {
        let f = lint(&text, &ctx("media"), rules(), lang);
        assert!(!has_blocking(&f), "{}", describe(&f));
    }
    // The same file without the clinic's hotline: its numbers become personal data,
    // which shows the look-alike lines really are phone-shaped.
    let no_hotline = LintContext {
        clinic_hotline: String::new(),
        ..ctx("media")
    };
    let f = lint(&text, &no_hotline, rules(), Lang::Zh);
    assert_eq!(
        blocking(&f),
        vec![
            ("phone", 5, 8, "(02)2700-1234"),
            ("phone", 5, 22, "02-2700-1234"),
            ("phone", 5, 35, "+886 2 2700 1234"),
        ]
    );
    // And with the spokesperson listed as private, her name is found.
    let spokesperson = LintContext {
        private_names: vec!["張雅婷".into()],
        ..ctx("media")
    };
    let f = lint(&text, &spokesperson, rules(), Lang::Zh);
    assert_eq!(blocking(&f), vec![("private-name", 9, 22, "張雅婷")]);
}

// --- content warnings -----------------------------------------------------------------

#[test]
fn warn_wording_zh() {
    let f = check("warn_wording_zh.txt", "media", Lang::Zh);
    assert!(!has_blocking(&f));
    let missing = f.iter().filter(|f| f.kind == "missing-element").count();
    assert_eq!(missing, 6);
    let rest: Vec<(&str, &str)> = warnings(&f).into_iter().filter(|(k, _)| *k != "missing-element").collect();
    assert_eq!(
        rest,
        vec![
            ("blame", "不實指控"),
            ("defensive", "並無疏失"),
            ("defensive", "完全符合規範"),
            ("speculation", "可能是因為"),
            ("blame", "病患自身"),
            ("blame", "未遵照醫囑"),
            ("over-reassurance", "絕對安全"),
            ("over-reassurance", "請大家放心"),
            ("jargon", "蜂窩性組織炎"),
            ("jargon", "敗血症"),
            ("jargon", "藥物不良反應"),
        ]
    );
    let j = f.iter().find(|f| f.text == "敗血症").unwrap();
    assert_eq!((j.line, j.column), (4, 12));
    assert_eq!(
        j.message,
        "醫學術語「敗血症」請加白話說明，例如：感染擴散到全身、可能危及生命的嚴重反應"
    );
}

#[test]
fn warn_wording_en() {
    let f = check("warn_wording_en.txt", "media", Lang::En);
    assert!(!has_blocking(&f));
    // "wound care" carries the empathy cue "care"; the other five elements are missing.
    let missing: Vec<&str> = f
        .iter()
        .filter(|f| f.kind == "missing-element")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(missing.len(), 5);
    assert!(missing[0].starts_with("Confirmed facts: "), "{}", missing[0]);
    assert!(missing[3].starts_with("Where to get information: "), "{}", missing[3]);
    assert!(missing[4].starts_with("What people can do: "), "{}", missing[4]);
    let rest: Vec<(&str, &str)> = warnings(&f).into_iter().filter(|(k, _)| *k != "missing-element").collect();
    assert_eq!(
        rest,
        vec![
            ("defensive", "We categorically deny"),
            ("blame", "baseless"),
            ("defensive", "followed all protocols"),
            ("speculation", "probably"),
            ("blame", "the patient failed to"),
            ("over-reassurance", "Rest assured"),
            ("over-reassurance", "completely safe"),
            ("over-reassurance", "no cause for alarm"),
            ("jargon", "sepsis"),
            ("jargon", "intubation"),
        ]
    );
    let s = f.iter().find(|f| f.text == "sepsis").unwrap();
    assert_eq!((s.line, s.column), (4, 23));
}

#[test]
fn missing_elements_named_in_both_languages() {
    let zh = check("missing_elements.txt", "media", Lang::Zh);
    let msgs: Vec<&str> = zh.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(zh.len(), 3, "{}", describe(&zh));
    assert!(
        zh.iter()
            .all(|f| f.kind == "missing-element" && f.line == 1 && f.column == 1 && f.text.is_empty())
    );
    assert!(msgs[0].starts_with("已確認的事實：說明目前已確認的事實"), "{}", msgs[0]);
    assert!(msgs[1].starts_with("正在採取的行動："), "{}", msgs[1]);
    assert!(msgs[2].starts_with("後續更新：承諾會持續說明"), "{}", msgs[2]);
    let en = check("missing_elements.txt", "media", Lang::En);
    let names: Vec<&str> = en.iter().map(|f| f.message.split(": ").next().unwrap()).collect();
    assert_eq!(names, vec!["Confirmed facts", "What we are doing", "Next update"]);
}

#[test]
fn social_reply_too_long() {
    let text = corpus("social_reply_too_long.txt");
    let limit = rules().limit("social").unwrap();
    assert!(count_chars(&text) > limit);
    let f = lint(&text, &ctx("social"), rules(), Lang::Zh);
    assert_eq!(f.len(), 1, "{}", describe(&f));
    let l = &f[0];
    assert_eq!((l.kind.id(), l.severity, l.text.as_str()), ("length", Severity::Warn, ""));
    // It points at the first character past the limit.
    assert_eq!(count_chars(&text[..l.start]), limit);
    assert!(!text[l.start..].starts_with(char::is_whitespace));
    assert!(
        l.message.contains(&count_chars(&text).to_string()) && l.message.contains("300"),
        "{}",
        l.message
    );
    // For the press (1500) the same text is fine.
    assert!(lint(&text, &ctx("media"), rules(), Lang::Zh).is_empty());
}
