//! The checks: personal data by kind.

mod folded;
mod wording;

pub(super) use super::personal::hotline_set;
pub(super) use super::*;

pub(super) fn rules() -> &'static Rules {
    Rules::builtin().expect("built-in lint rules parse")
}

pub(super) fn ctx() -> LintContext {
    LintContext {
        audience: String::new(),
        clinic_hotline: "(02)2700-1234".into(),
        clinic_email: "service@anxin-clinic.example.tw".into(),
        clinic_website: "https://www.anxin-clinic.example.tw/news".into(),
        private_names: vec!["林美華".into(), "Chen Mei-ling".into()],
        ..LintContext::default()
    }
}

/// Block findings only, as (kind, text).
pub(super) fn blocks(text: &str, ctx: &LintContext) -> Vec<(String, String)> {
    lint(text, ctx, rules(), Lang::Zh)
        .into_iter()
        .filter(|f| f.severity == Severity::Block)
        .map(|f| (f.kind.id().to_string(), f.text))
        .collect()
}

pub(super) fn kinds(text: &str, ctx: &LintContext) -> Vec<String> {
    lint(text, ctx, rules(), Lang::En)
        .into_iter()
        .map(|f| f.kind.id().to_string())
        .collect()
}

pub(super) fn pair(kind: &str, text: &str) -> (String, String) {
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
    assert_eq!(tw_id_kind("A123456789"), Some(FindingKind::NationalId));
    assert_eq!(tw_id_kind("A800000014"), Some(FindingKind::ResidentId));
    assert_eq!(tw_id_kind("AB12345677"), Some(FindingKind::ResidentId));
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
        ("該名病人（生日：1986/3/2）", "1986/3/2"),
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
    assert!(blocks("王主任說明 Lin Chenmei-lingo 與 Lily", &c).is_empty());
    assert_eq!(blocks("Ms Li said", &c), vec![pair("private-name", "Li")]);
    // Not listed: the spokesperson.
    assert!(blocks("發言人張雅婷表示", &c).is_empty());
}
