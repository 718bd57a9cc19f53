//! `crisisdesk demo`: a realistic sample incident for a first look. It is
//! flagged as a demo in the database, so every screen and export marks it
//! and it never sorts ahead of a real incident.

use chrono::{DateTime, Duration, Utc};

use crate::domain::Content;
use crate::domain::model::ItemState;
use crate::error::{Error, Msg};
use crate::store::Store;

/// Fictional people; the numbers are in the 0900-000-xxx range no carrier issues.
const PEOPLE: [(&str, &str, &str); 5] = [
    ("林志明", "0900-000-101", "director@example-clinic.tw"),
    ("陳雅婷", "0900-000-102", "pr@example-clinic.tw"),
    ("黃律師", "0900-000-103", "counsel@example-law.tw"),
    ("王建宏", "0900-000-104", "it@example-clinic.tw"),
    ("張美玲", "0900-000-105", "admin@example-clinic.tw"),
];

pub fn create(store: &mut Store, content: &Content, now: DateTime<Utc>) -> Result<i64, Error> {
    let pb = content
        .playbook("data-breach")
        .ok_or_else(|| Error::Msg(Msg::new("cli.content_damaged").with("detail", "data-breach")))?;
    let start = now - Duration::minutes(95);
    let at = |m: i64| start + Duration::minutes(m);
    let existing = store.persons()?;
    let mut ids = Vec::new();
    for (name, phone, email) in PEOPLE {
        let id = match existing.iter().find(|p| p.name == name) {
            Some(p) => p.id,
            None => store.add_person(name, phone, email, start)?,
        };
        ids.push(id);
    }
    let id = store.declare(
        pb,
        2,
        "【示範】預約系統遭勒索軟體加密 / [Demo] Booking system hit by ransomware",
        true,
        start,
    )?;
    store.set_briefing(
        id,
        "nature",
        "預約與病歷查詢主機被加密，畫面出現勒索訊息 / Booking server encrypted, ransom note shown",
        at(3),
    )?;
    store.set_briefing(id, "safety", "看診照常，改用紙本掛號 / Care continues on paper registration", at(4))?;
    store.set_briefing(
        id,
        "outside",
        "已聯絡資安廠商；尚未通報主管機關 / Security vendor called; authority not yet notified",
        at(6),
    )?;
    store.assign_role(id, "commander", ids[0], at(5))?;
    store.assign_role(id, "it-security", ids[3], at(7))?;
    store.assign_role(id, "communications", ids[1], at(12))?;
    store.assign_role(id, "scribe", ids[4], at(14))?;
    let items = store.checklist(id)?;
    for (n, item) in items
        .iter()
        .filter(|i| i.phase <= crate::domain::Phase::Activate)
        .enumerate()
        .take(6)
    {
        store.set_item_state(item.id, ItemState::Done, "", at(15 + 5 * n as i64))?;
    }
    store.set_phase(id, crate::domain::Phase::Report, crate::domain::Phase::Convene, at(10))?;
    store.set_phase(id, crate::domain::Phase::Convene, crate::domain::Phase::Activate, at(30))?;
    store.set_phase(id, crate::domain::Phase::Activate, crate::domain::Phase::Investigate, at(60))?;
    store.add_note(
        id,
        "櫃台回報：多位病患接到自稱本所的可疑來電 / Front desk: patients report suspicious calls claiming to be us",
        at(70),
        at(72),
    )?;
    let sid = store.create_statement(id, crate::domain::types::Audience::Patients, "", at(80))?;
    store.save_statement_body(
        sid,
        "親愛的病友：\n本診所預約系統於今日上午遭到網路攻擊，我們已立即隔離系統並請專業團隊協助調查。\n看診照常進行。本所不會來電要求您提供帳號或匯款，如接到可疑電話請撥 165 反詐騙專線。\n我們將於今日下午五點前再次說明最新進度。",
        at(90),
    )?;
    Ok(id)
}
