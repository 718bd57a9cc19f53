//! `crisisdesk affected` and `crisisdesk calltree`: the register in and
//! out as CSV, and the call tree's message and the roster as files other
//! tools take (a bulk-SMS service, a phone's contacts).

use std::io::Write;

use chrono::{DateTime, Utc};

use super::{AffectedAction, CalltreeAction, Cli, open_existing};
use crate::domain::clock::to_db;
use crate::domain::reach::{bulk_sms_csv, parse_affected_csv, render, vcards};
use crate::domain::types::Channel;
use crate::error::{Error, Msg};

pub fn affected(cli: &Cli, action: &AffectedAction, now: DateTime<Utc>, out: &mut dyn Write) -> Result<u8, Error> {
    match action {
        AffectedAction::Import { incident, file } => {
            let bytes = super::desk::read_bytes(file)?;
            let rows = parse_affected_csv(&bytes, cli.tz).map_err(|e| {
                Msg::new("cli.bad_row")
                    .with("path", file.display())
                    .with("line", e.line)
                    .with_msg("error", e.what)
            })?;
            let mut store = open_existing(cli.db.as_ref())?;
            store.set_operator(Some(super::command_operator(cli)));
            store.incident(*incident)?;
            let (added, updated) = store.import_affected(*incident, &rows, now)?;
            let tr = crate::i18n::Catalog::get(cli.lang);
            writeln!(
                out,
                "{}",
                tr.f(
                    "reach.imported",
                    &[("added", &added.to_string()), ("updated", &updated.to_string())]
                )
            )?;
            Ok(0)
        }
        AffectedAction::Export { incident } => {
            let store = open_existing(cli.db.as_ref())?;
            store.incident(*incident)?;
            let mut w = csv::Writer::from_writer(Vec::new());
            let csv_err = |e: csv::Error| Error::from(std::io::Error::other(e.to_string()));
            w.write_record(["identifier", "what", "notified_at", "channel", "response"])
                .map_err(csv_err)?;
            let mut offset = 0;
            loop {
                let page = store.affected(*incident, offset, 1000)?;
                if page.is_empty() {
                    break;
                }
                offset += page.len();
                for p in page {
                    let when = p.notified_at.map(to_db).unwrap_or_default();
                    let channel = p.channel.map(|c| c.id()).unwrap_or_default();
                    w.write_record([p.identifier.as_str(), &p.what, &when, channel, &p.response])
                        .map_err(csv_err)?;
                }
            }
            out.write_all(&w.into_inner().map_err(|e| Error::from(std::io::Error::other(e.to_string())))?)?;
            Ok(0)
        }
    }
}

/// Percent-encode for a URI's query or path.
fn uri(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The call tree as a page to open on a phone: each person with links that
/// start a call, an SMS or an e-mail with the message already written.
fn call_tree_html(tree: &crate::store::CallTree, clinic: &str, tr: &crate::i18n::Catalog, lang: crate::i18n::Lang) -> String {
    let esc = crate::text::html;
    let sms = render(Channel::Sms, &tree.subject, &tree.body, clinic);
    let mail = render(Channel::Email, &tree.subject, &tree.body, clinic);
    let mut h = format!(
        "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{}</title><body><h1>{}</h1><p>{}</p>",
        if lang == crate::i18n::Lang::Zh { "zh-Hant-TW" } else { "en" },
        esc(tr.t("popup.call_tree")),
        esc(tr.t("popup.call_tree")),
        esc(&sms.body)
    );
    for t in &tree.tiers {
        h.push_str(&format!("<h2>{}</h2><ul>", esc(t.name.get(lang))));
        for m in tree.members.iter().filter(|m| m.tier == t.seq) {
            h.push_str(&format!("<li>{} ", esc(&m.person_name)));
            let phone: String = m.phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
            if !phone.is_empty() {
                h.push_str(&format!(
                    "<a href=\"tel:{phone}\">{}</a> <a href=\"sms:{phone}?body={}\">{}</a> ",
                    esc(tr.t("channel.phone")),
                    uri(&sms.body),
                    esc(tr.t("channel.sms"))
                ));
            }
            if !m.email.trim().is_empty() {
                h.push_str(&format!(
                    "<a href=\"mailto:{}?subject={}&amp;body={}\">{}</a>",
                    uri(m.email.trim()).replace("%40", "@"),
                    uri(mail.subject.as_deref().unwrap_or("")),
                    uri(&mail.body),
                    esc(tr.t("channel.email"))
                ));
            }
            h.push_str("</li>");
        }
        h.push_str("</ul>");
    }
    h.push_str("</body></html>\n");
    h
}

pub fn calltree(cli: &Cli, action: &CalltreeAction, out: &mut dyn Write) -> Result<u8, Error> {
    let store = open_existing(cli.db.as_ref())?;
    match action {
        CalltreeAction::Sms { incident } => {
            let Some(tree) = store.call_tree(*incident)? else {
                return Err(Msg::new("cli.no_call_tree").with("id", incident).into());
            };
            let profile = store.profile()?;
            let sms = render(Channel::Sms, &tree.subject, &tree.body, profile.get("name"));
            let people: Vec<(String, String)> = tree.members.iter().map(|m| (m.person_name.clone(), m.phone.clone())).collect();
            let csv = bulk_sms_csv(&people, &sms.body).map_err(|e| Error::from(std::io::Error::other(e)))?;
            out.write_all(&csv)?;
        }
        CalltreeAction::Html { incident } => {
            let Some(tree) = store.call_tree(*incident)? else {
                return Err(Msg::new("cli.no_call_tree").with("id", incident).into());
            };
            let profile = store.profile()?;
            let tr = crate::i18n::Catalog::get(cli.lang);
            out.write_all(call_tree_html(&tree, profile.get("name"), tr, cli.lang).as_bytes())?;
        }
        CalltreeAction::Vcards => {
            let roster: Vec<(String, String, String)> = store.persons()?.into_iter().map(|p| (p.name, p.phone, p.email)).collect();
            write!(out, "{}", vcards(&roster).map_err(|e| Error::from(std::io::Error::other(e)))?)?;
        }
    }
    Ok(0)
}
