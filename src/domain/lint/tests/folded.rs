//! Input as a Chinese input method types it, names, addresses, social IDs and blanks.

use super::*;

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
