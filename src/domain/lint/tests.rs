use super::personal::hotline_set;
use super::*;

fn rules() -> &'static Rules {
    Rules::builtin().expect("built-in lint rules parse")
}

fn ctx() -> LintContext {
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
fn blocks(text: &str, ctx: &LintContext) -> Vec<(String, String)> {
    lint(text, ctx, rules(), Lang::Zh)
        .into_iter()
        .filter(|f| f.severity == Severity::Block)
        .map(|f| (f.kind.id().to_string(), f.text))
        .collect()
}

fn kinds(text: &str, ctx: &LintContext) -> Vec<String> {
    lint(text, ctx, rules(), Lang::En)
        .into_iter()
        .map(|f| f.kind.id().to_string())
        .collect()
}

fn pair(kind: &str, text: &str) -> (String, String) {
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

// --- content warnings -------------------------------------------------------------

#[test]
fn missing_elements_and_bilingual_cues() {
    let r = rules();
    let f = lint("今天天氣很好。", &ctx(), r, Lang::Zh);
    let ids: Vec<&str> = f
        .iter()
        .filter(|f| f.kind == "missing-element")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(ids.len(), 6);
    assert!(
        ids[0].starts_with("關懷與歉意：先向受影響"),
        "Chinese punctuation in Chinese: {}",
        ids[0]
    );
    assert!(f.iter().all(|f| f.line == 1 && f.column == 1 && f.text.is_empty()));
    // zh cues for two elements, en cues for the other three.
    let t = "我們深感抱歉。經查，事件發生於上週。\nWe have paused the treatment. We will keep you informed. Call our hotline if you have questions.";
    assert!(lint(t, &ctx(), r, Lang::En).is_empty(), "{:?}", lint(t, &ctx(), r, Lang::En));
    // en cues are case-insensitive substrings.
    let t2 = "SORRY. CONFIRMED. WE ARE ON IT. NEXT UPDATE SOON. HOTLINE. IF YOU ARE UNWELL, COME IN.";
    assert!(lint(t2, &ctx(), r, Lang::En).is_empty());
    assert_eq!(r.element_name("empathy", Lang::En), Some("Empathy"));
    assert_eq!(r.element_name("info", Lang::Zh), Some("資訊與聯絡管道"));
    assert_eq!(r.element_name("nope", Lang::Zh), None);
}

#[test]
fn phrases() {
    let c = ctx();
    let base = "深感抱歉。經查。我們已處理。下次更新。專線。";
    let k = |t: &str| {
        kinds(&format!("{base}{t}"), &c)
            .into_iter()
            .filter(|k| k != "missing-element")
            .collect::<Vec<_>>()
    };
    assert_eq!(k("病患自身體質不佳"), vec!["blame"]);
    assert_eq!(k("本院並無疏失"), vec!["defensive"]);
    assert_eq!(k("可能是因為器械"), vec!["speculation"]);
    assert_eq!(k("請大家放心，絕對安全"), vec!["over-reassurance", "over-reassurance"]);
    assert_eq!(k("It was PROBABLY a fault. Rest assured."), vec!["speculation", "over-reassurance"]);
    // en phrase words on word boundaries.
    assert_eq!(k("improbably, no-commentary"), Vec::<String>::new());
    assert_eq!(k("No comment."), vec!["defensive"]);
    let f = lint(&format!("{base}百分之百"), &c, rules(), Lang::En);
    let oe = f.iter().find(|f| f.kind == "over-reassurance").unwrap();
    assert!(oe.message.starts_with("Over-reassurance costs trust"));
    assert_eq!(oe.text, "百分之百");
}

#[test]
fn jargon() {
    let c = ctx();
    let base = "深感抱歉。經查。我們已處理。下次更新。專線。";
    let jf = |t: &str, lang| {
        lint(&format!("{base}{t}"), &c, rules(), lang)
            .into_iter()
            .filter(|f| f.kind == "jargon")
            .collect::<Vec<_>>()
    };
    let f = jf("病人出現敗血症。", Lang::Zh);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].text, "敗血症");
    assert_eq!(
        f[0].message,
        "醫學術語「敗血症」請加白話說明，例如：感染擴散到全身、可能危及生命的嚴重反應"
    );
    let f = jf("signs of Sepsis.", Lang::En);
    assert_eq!(
        f[0].message,
        "Medical term “Sepsis”: explain it in plain words, e.g. a life-threatening reaction to an infection that spreads through the body"
    );
    // Explained by a parenthesis: fine.
    assert!(
        jf(
            "敗血症（感染擴散到全身）與 cellulitis (a skin infection)、敗血症 （說明）",
            Lang::Zh
        )
        .is_empty()
    );
    // The longer term wins over the shorter term inside it.
    let f = jf("發生藥物不良反應", Lang::Zh);
    assert_eq!(f.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(), vec!["藥物不良反應"]);
    let f = jf("an adverse drug reaction", Lang::En);
    assert_eq!(f.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(), vec!["adverse drug reaction"]);
    // en terms on word boundaries, also next to CJK text.
    assert!(jf("DNRs PCRX mrsax", Lang::En).is_empty());
    assert_eq!(jf("檢驗PCR陽性", Lang::En).len(), 1);
}

#[test]
fn length_limit() {
    let r = rules();
    let c = LintContext {
        audience: "social".into(),
        ..ctx()
    };
    assert_eq!(r.limit("social"), Some(300));
    assert_eq!(r.limit("media"), Some(1500));
    assert_eq!(r.limit(""), None);
    let base = "深感抱歉。經查。我們已處理。下次更新。專線。"; // 22 characters
    assert_eq!(count_chars(base), 22);
    let ok = format!("{base}{}", "字".repeat(300 - 22));
    assert!(!lint(&ok, &c, r, Lang::Zh).iter().any(|f| f.kind == "length"));
    // 301 characters with spaces and line breaks mixed in: the 301st is flagged.
    let long = format!("{base}\n{} \n X", "字 ".repeat(300 - 22));
    let f = lint(&long, &c, r, Lang::Zh);
    let l = f.iter().find(|f| f.kind == "length").expect("length finding");
    assert_eq!(&long[l.start..], "X");
    assert_eq!((l.line, l.column, l.text.as_str()), (3, 2, ""));
    assert_eq!(
        l.message,
        "篇幅過長：全文 301 字，超過此發布對象的上限 300 字，請精簡（中文每字、英文每個單字各算一字）"
    );
    let en = lint(&long, &c, r, Lang::En);
    let l = en.iter().find(|f| f.kind == "length").unwrap();
    assert_eq!(
        l.message,
        "Too long: 301 words, over this audience's limit of 300; please shorten it (an English word or a Chinese character counts one)"
    );
    // English counts words: 290 words of reply are within a 300 limit,
    // though they hold far more than 300 letters.
    let words = format!("We are sorry. {}", "careful ".repeat(287));
    assert_eq!(count_chars(&words), 290);
    assert!(!lint(&words, &c, r, Lang::En).iter().any(|f| f.kind == "length"));
    // No audience: no length check.
    let none = LintContext {
        audience: String::new(),
        ..ctx()
    };
    assert!(!lint(&long, &none, r, Lang::Zh).iter().any(|f| f.kind == "length"));
}

// --- positions, counting, empties ----------------------------------------------------

#[test]
fn line_and_column_count_chars() {
    let t = "第一行：中文。\r\n第二行 mixed 文字\n病人電話：0912-345-678。";
    let f: Vec<Finding> = lint(t, &ctx(), rules(), Lang::Zh)
        .into_iter()
        .filter(|f| f.kind == "phone")
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].line, f[0].column), (3, 6));
    assert_eq!(&t[f[0].start..f[0].end], "0912-345-678");
    // A lone CR also breaks a line; CR LF counts once.
    let t2 = "a\rb\r\n\r\nA123456789";
    let f = lint(t2, &ctx(), rules(), Lang::Zh);
    let id = f.iter().find(|f| f.kind == "national-id").unwrap();
    assert_eq!((id.line, id.column), (4, 1));
}

#[test]
fn sorted_by_start_then_kind() {
    let t = "病人林美華，電話0912-345-678，身分證A123456789。";
    let f = lint(t, &ctx(), rules(), Lang::Zh);
    let starts: Vec<usize> = f.iter().map(|f| f.start).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
    let at0: Vec<&str> = f.iter().filter(|f| f.start == 0).map(|f| f.kind.id()).collect();
    assert!(at0.iter().all(|k| *k == "missing-element"));
    let bk: Vec<&str> = f.iter().filter(|f| f.severity == Severity::Block).map(|f| f.kind.id()).collect();
    assert_eq!(bk, vec!["private-name", "phone", "national-id"]);
    assert!(has_blocking(&f));
    assert!(!has_blocking(
        &f.into_iter().filter(|f| f.severity == Severity::Warn).collect::<Vec<_>>()
    ));
}

#[test]
fn count_chars_mixed() {
    assert_eq!(count_chars(""), 0);
    // A CJK character or full-width mark counts one; an English word counts one.
    assert_eq!(count_chars("敗血症 sepsis\n\t（說明）　！"), 3 + 1 + 4 + 1);
    assert_eq!(count_chars("a b  c"), 3);
    assert_eq!(count_chars("🙂é"), 2);
    assert_eq!(count_chars("We'll call 1922, today."), 4);
    assert_eq!(count_chars("COVID-19 的 PCR 檢驗"), 1 + 1 + 1 + 2);
}

#[test]
fn empty_text_has_no_findings() {
    let c = LintContext {
        audience: "social".into(),
        ..ctx()
    };
    assert!(lint("", &c, rules(), Lang::Zh).is_empty());
    assert!(lint("  \n\t　", &c, rules(), Lang::Zh).is_empty());
}

#[test]
fn serialises_severity_lowercase_without_offsets() {
    let f = lint("A123456789", &ctx(), rules(), Lang::En);
    let id = f.iter().find(|f| f.kind == "national-id").unwrap();
    let v = serde_json::to_value(id).unwrap();
    assert_eq!(v["severity"], "block");
    assert_eq!(v["line"], 1);
    assert!(v.get("start").is_none() && v.get("end").is_none());
    let w = serde_json::to_value(Severity::Warn).unwrap();
    assert_eq!(w, "warn");
}

// --- rules file -----------------------------------------------------------------

#[test]
fn parse_errors_name_file_and_line() {
    let e = Rules::parse("x.toml", "[limits]\nmedia = \"long\"\n").err().unwrap();
    assert!(e.starts_with("x.toml, line 2:"), "{e}");
    let e = Rules::parse(
        "y.toml",
        "[[element]]\nid = \"a\"\nname = { zh = \"甲\", en = \"A\" }\nhint = { zh = \"\", en = \"\" }\ncues = { zh = [], en = [] }\n",
    )
    .err()
    .unwrap();
    assert!(e.starts_with("y.toml:") && e.contains("no cues"), "{e}");
    let r = Rules::parse("z.toml", "[limits]\nsocial = 10\n").unwrap();
    assert_eq!(r.limit("social"), Some(10));
    assert!(lint("hello", &LintContext::default(), &r, Lang::En).is_empty());
}

#[test]
fn big_text_returns() {
    let unit = "本院於2026年11月24日發現器械滅菌紀錄異常，已暫停相關療程並通報衛生局。We are sorry; our records show the issue. 專線(02)2700-1234。\n";
    let mut t = String::with_capacity(1 << 20);
    while t.len() < 1 << 20 {
        t.push_str(unit);
    }
    t.push_str("病人電話0912-345-678");
    let c = LintContext {
        audience: "media".into(),
        ..ctx()
    };
    let f = lint(&t, &c, rules(), Lang::Zh);
    assert!(f.iter().any(|f| f.kind == "length"));
    let phone = f.iter().find(|f| f.kind == "phone").expect("phone at the end");
    assert_eq!(phone.column, 5);
}

// --- folded input: what a Chinese input method types ------------------------------------

#[test]
fn full_width_ids_and_phones_are_found_where_they_were_typed() {
    let c = ctx();
    let t = "身分證Ａ１２３４５６７８９，手機０９１２－３４５－６７８。";
    assert_eq!(
        blocks(t, &c),
        vec![
            pair("national-id", "Ａ１２３４５６７８９"),
            pair("phone", "０９１２－３４５－６７８")
        ]
    );
    let f = lint(t, &c, rules(), Lang::Zh);
    let id = f.iter().find(|f| f.kind == "national-id").unwrap();
    assert_eq!((id.line, id.column), (1, 4));
    assert_eq!(&t[id.start..id.end], "Ａ１２３４５６７８９");
}

#[test]
fn ids_with_separators() {
    let c = ctx();
    for id in [
        "A 123 456 789",
        "A12-345-6789",
        "A123.456.789",
        "Ａ　１２３４５６７８９",
        "f 220 012 344",
    ] {
        assert_eq!(blocks(&format!("證號{id}。"), &c), vec![pair("national-id", id)], "{id}");
    }
    // A bad checksum stays clean however it is spaced.
    assert!(blocks("編號 A 123 456 788", &c).is_empty());
}

#[test]
fn phones_in_every_spelling() {
    let c = ctx();
    for p in [
        "0912.345.678",
        "0912‧345‧678",
        "0912–345–678",
        "886-912-345-678",
        "+886 (0)2 2345 6789",
        "(02) 2345-6789",
        "０２－２３４５－６７８９",
    ] {
        assert_eq!(blocks(&format!("請聯絡家屬{p}。"), &c), vec![pair("phone", p)], "{p}");
    }
    // Without an area code only after a phone cue.
    assert_eq!(blocks("家裡電話2345-6789", &c), vec![pair("phone", "2345-6789")]);
    assert_eq!(blocks("call 2345 6789 tonight", &c), vec![pair("phone", "2345 6789")]);
    assert!(blocks("共 2345-6789 筆", &c).is_empty());
}

#[test]
fn numbers_that_are_not_phones() {
    let c = ctx();
    for t in [
        "批號 0912-345-678 已下架",
        "案號02-2345-6789",
        "LOT 0912345678",
        "北市衛醫字第0912345678號",
        "１６５反詐騙專線、1922、0800-030-598",
        "專線０２－２７００－１２３４",
    ] {
        assert!(blocks(t, &c).is_empty(), "{t}: {:?}", blocks(t, &c));
    }
}

#[test]
fn event_dates_are_not_birth_dates() {
    let c = ctx();
    for t in [
        "事件發生於72年5月3日",
        "發生在2026/11/24",
        "問題產生於2026年11月",
        "自民國72年5月3日開業",
    ] {
        assert!(blocks(t, &c).is_empty(), "{t}: {:?}", blocks(t, &c));
    }
    for (t, d) in [
        ("72.05.03出生", "72.05.03"),
        ("民國七十二年五月三日生", "民國七十二年五月三日"),
        ("出生於１９８３年５月３日", "１９８３年５月３日"),
    ] {
        assert_eq!(blocks(t, &c), vec![pair("birth-date", d)], "{t}");
    }
}

#[test]
fn a_grouped_card_number_is_found_whole() {
    let c = ctx();
    assert_eq!(
        blocks("健保卡號 0000 1234 5678，請核對", &c),
        vec![pair("chart-number", "健保卡號 0000 1234 5678")]
    );
    assert_eq!(
        blocks("病歷號：ＡＮ－１２３４５", &c),
        vec![pair("chart-number", "病歷號：ＡＮ－１２３４５")]
    );
}

#[test]
fn surname_and_title_is_a_name() {
    let c = ctx();
    for n in [
        "王小姐",
        "陳先生",
        "林太太",
        "李女士",
        "張媽媽",
        "黃伯伯",
        "吳同學",
        "劉護理師",
        "楊淑芬小姐",
        "歐陽老師",
    ] {
        assert_eq!(blocks(&format!("感謝{n}的提醒。"), &c), vec![pair("person-name", n)], "{n}");
    }
    assert_eq!(blocks("We spoke with Mr. Chen today.", &c), vec![pair("person-name", "Mr. Chen")]);
    for t in [
        "各位先生女士",
        "這位小姐",
        "一位老先生",
        "本院全體護理師",
        "包括護理師在內",
        "衛生護理師",
        "院方醫師",
        "高雄醫師公會",
        "家長們與老師們",
        "該名護理師",
        "林姓病患",
    ] {
        assert!(blocks(t, &c).is_empty(), "{t}: {:?}", blocks(t, &c));
    }
}

#[test]
fn the_clinics_public_names_are_not_flagged() {
    let c = LintContext {
        public_names: vec!["張雅婷".into(), "吳醫師".into(), "Wu Chien-hung".into()],
        ..ctx()
    };
    assert!(blocks("發言人張雅婷小姐表示；吳醫師說明；Dr. Wu Chien-hung said", &c).is_empty());
    // The spokesperson's surname alone does not cover someone else.
    assert_eq!(blocks("張媽媽來電", &c), vec![pair("person-name", "張媽媽")]);
}

#[test]
fn street_addresses() {
    let c = LintContext {
        clinic_address: "台北市大安區安和路一段100號2樓".into(),
        ..ctx()
    };
    for a in [
        "台中市西屯區文心路三段241號5樓",
        "新北市板橋區民生路二段12巷3弄4號",
        "高雄市苓雅區四維三路2號之1",
        "中山北路二段４５號",
    ] {
        assert_eq!(blocks(&format!("住址{a}。"), &c), vec![pair("address", a)], "{a}");
    }
    for t in [
        "本院位於臺北市大安區安和路一段100號2樓",
        "安和路一段100號2樓",
        "3樓診間",
        "文心路上",
        "北市衛醫字第1133012345號",
    ] {
        assert!(blocks(t, &c).is_empty(), "{t}: {:?}", blocks(t, &c));
    }
}

#[test]
fn line_ids_and_social_handles() {
    let c = LintContext {
        clinic_social: "@anxinclinic, facebook.com/anxinclinic".into(),
        ..ctx()
    };
    for (t, h) in [
        ("LINE ID：meihua0503", "meihua0503"),
        ("賴：kevin_88", "kevin_88"),
        ("IG @lily.chen.88", "@lily.chen.88"),
        (
            "見 https://www.instagram.com/lily.chen.88 貼文",
            "https://www.instagram.com/lily.chen.88",
        ),
        ("fb.com/kevin.lin.77", "fb.com/kevin.lin.77"),
        ("add LINE ID (su_peiyu0815)", "su_peiyu0815"),
    ] {
        assert_eq!(blocks(t, &c), vec![pair("social-id", h)], "{t}");
    }
    for t in [
        "加入LINE官方帳號@anxinclinic",
        "https://www.facebook.com/anxinclinic",
        "accounts ending in @anxin-clinic.example.tw",
        "our hotline: (02)2700-1234",
    ] {
        assert!(blocks(t, &c).is_empty(), "{t}: {:?}", blocks(t, &c));
    }
}

#[test]
fn template_blanks_block() {
    let c = ctx();
    for b in ["【診所名稱】", "[treatment]", "{clinic}", "［日期］", "【】"] {
        assert_eq!(blocks(&format!("本院{b}於今日"), &c), vec![pair("placeholder", b)], "{b}");
    }
    assert!(blocks("（括號）與「引號」都不是空格", &c).is_empty());
}

#[test]
fn wording_false_alarms_and_additions() {
    let c = ctx();
    let base = "深感抱歉。經查。我們已處理。下次更新。專線。如有疑問請來電。";
    let k = |t: &str| {
        kinds(&format!("{base}{t}"), &c)
            .into_iter()
            .filter(|k| k != "missing-element")
            .collect::<Vec<_>>()
    };
    for t in ["系統遭惡意程式加密", "我們不會推測原因", "請勿自行猜測", "本院百分之百配合調查"] {
        assert_eq!(k(t), Vec::<String>::new(), "{t}");
    }
    assert_eq!(k("病人未依醫囑"), vec!["blame"]);
    assert_eq!(k("因個人體質"), vec!["blame"]);
    assert_eq!(k("有心人士散布"), vec!["blame"]);
    assert_eq!(k("目前安全無虞"), vec!["over-reassurance"]);
    assert_eq!(k("大家不用擔心"), vec!["over-reassurance"]);
    assert!(k("處置符合醫療常規").contains(&"defensive".to_string()));
    // Speculation still counts when nothing negates it.
    assert_eq!(k("我們推測是器械問題"), vec!["speculation"]);
}

#[test]
fn a_first_message_tells_people_what_they_can_do() {
    let c = LintContext {
        audience: "patients".into(),
        ..ctx()
    };
    let t = "深感抱歉。經查。我們已處理。下次更新。專線。";
    let missing: Vec<String> = lint(t, &c, rules(), Lang::En)
        .into_iter()
        .filter(|f| f.kind == "missing-element")
        .map(|f| f.message)
        .collect();
    assert_eq!(missing.len(), 1);
    assert!(missing[0].starts_with("What people can do"), "{}", missing[0]);
    // A letter to the regulator is not told what to do.
    let reg = LintContext {
        audience: "regulator".into(),
        ..ctx()
    };
    assert!(lint(t, &reg, rules(), Lang::En).is_empty());
}

#[test]
fn hidden_direction_and_control_characters_block() {
    let c = ctx();
    let t = "本院深感抱歉\u{202E}明說次再將\u{1b}[2J";
    let found = blocks(t, &c);
    assert_eq!(
        found,
        vec![pair("hidden-character", "\u{202E}"), pair("hidden-character", "\u{1b}")]
    );
    assert!(blocks("一般的換行\n與\t定位字元", &c).is_empty());
}
