//! Advice on wording, positions and counting, and the rules file.

use super::*;

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
