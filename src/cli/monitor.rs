//! `crisisdesk monitor`: mentions of the clinic in, from a file or a feed,
//! the saved feeds, and a plain list of what is on the board.

use std::io::Write;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{Cli, FeedAction, MonitorAction, open_existing, open_writer};
use crate::domain::monitor::parse;
use crate::domain::types::MentionState;
use crate::error::{Error, Msg};
use crate::i18n::Catalog;
use crate::store::{ImportCount, IncidentFilter, MentionFilter, StateFilter, Store};

/// What went wrong with a file or feed, in one line naming it, and that
/// nothing was taken from it.
fn bad_input(name: &str, e: crate::domain::monitor::ParseError) -> Error {
    match e.line {
        Some(line) => Msg::new("cli.bad_row")
            .with("path", name)
            .with("line", line)
            .with_msg("error", e.what),
        None => Msg::new("monitor.bad_file").with("path", name).with_msg("error", e.what),
    }
    .into()
}

fn said(tr: &Catalog, name: &str, c: ImportCount, incident: Option<i64>) -> String {
    let mut line = tr.f(
        "monitor.imported",
        &[
            ("name", name),
            ("added", &c.added.to_string()),
            ("updated", &c.updated.to_string()),
            ("unchanged", &c.unchanged.to_string()),
        ],
    );
    if let Some(id) = incident {
        line.push_str(&tr.f("monitor.imported_into", &[("id", &id.to_string())]));
    }
    line
}

/// Fetch one feed and store what it holds; the error says why not.
fn fetch_one(
    store: &mut Store,
    cli: &Cli,
    url: &str,
    incident: Option<i64>,
    timeout: Duration,
    now: DateTime<Utc>,
) -> Result<ImportCount, Error> {
    let bytes = crate::effects::fetch::fetch(url, timeout)?;
    let items = parse(url, &bytes, cli.tz, now).map_err(|e| bad_input(url, e))?;
    Ok(store.import_mentions(&items, url, incident, now)?)
}

pub fn monitor(cli: &Cli, action: &MonitorAction, now: DateTime<Utc>, out: &mut dyn Write) -> Result<u8, Error> {
    let tr = Catalog::get(cli.lang);
    match action {
        MonitorAction::Import { file, incident } => {
            let bytes = super::desk::read_bytes(file)?;
            let name = file.display().to_string();
            let items = parse(&name, &bytes, cli.tz, now).map_err(|e| bad_input(&name, e))?;
            let mut store = open_writer(cli)?;
            let c = store.import_mentions(&items, &name, *incident, now)?;
            writeln!(out, "{}", said(tr, &name, c, *incident))?;
            Ok(0)
        }
        MonitorAction::Fetch { url, incident, timeout } => {
            let timeout = Duration::from_secs((*timeout).max(1));
            let mut store = open_writer(cli)?;
            if let Some(url) = url {
                let c = fetch_one(&mut store, cli, url, *incident, timeout, now)?;
                writeln!(out, "{}", said(tr, url, c, *incident))?;
                return Ok(0);
            }
            let feeds = store.feeds()?;
            if feeds.is_empty() {
                return Err(Msg::new("monitor.no_feeds").into());
            }
            let mut failed = 0;
            for f in feeds {
                let into = incident.or(f.incident_id);
                match fetch_one(&mut store, cli, &f.url, into, timeout, now) {
                    Ok(c) => {
                        store.feed_fetched(f.id, "", now)?;
                        writeln!(out, "{}", said(tr, &f.url, c, into))?;
                    }
                    Err(e) => {
                        failed += 1;
                        let why = e.words(tr);
                        store.feed_fetched(f.id, &why, now)?;
                        writeln!(out, "{why}")?;
                    }
                }
            }
            Ok(u8::from(failed > 0))
        }
        MonitorAction::Feed { action } => match action {
            FeedAction::Add { url, name, incident } => {
                let mut store = open_writer(cli)?;
                let id = store.add_feed(url, name.as_deref().unwrap_or(""), *incident, now)?;
                writeln!(
                    out,
                    "{}",
                    tr.f("monitor.feed_added", &[("id", &id.to_string()), ("url", url.trim())])
                )?;
                Ok(0)
            }
            FeedAction::List => {
                let store = open_existing(cli.db.as_ref())?;
                for f in store.feeds()? {
                    let when = f.fetched_at.map(crate::domain::clock::to_db).unwrap_or_else(|| "-".into());
                    let inc = f.incident_id.map(|i| format!("#{i}")).unwrap_or_else(|| "-".into());
                    writeln!(out, "{}\t{}\t{}\t{inc}\t{when}\t{}", f.id, f.url, f.name, f.last_error)?;
                }
                Ok(0)
            }
            FeedAction::Remove { id } => {
                let mut store = open_writer(cli)?;
                store.remove_feed(*id)?;
                Ok(0)
            }
        },
        MonitorAction::List { state, incident, limit } => {
            let store = open_existing(cli.db.as_ref())?;
            let state = match state.as_deref() {
                None | Some("all") => StateFilter::All,
                Some("open") => StateFilter::Open,
                Some(s) => StateFilter::Only(MentionState::parse(s).ok_or_else(|| {
                    Msg::new("monitor.bad_state")
                        .with("value", s)
                        .with("allowed", format!("all, open, {}", MentionState::ids()))
                })?),
            };
            let filter = MentionFilter {
                state,
                source: None,
                incident: incident.map_or(IncidentFilter::All, IncidentFilter::Incident),
            };
            for m in store.mentions(&filter, 0, *limit)? {
                let when = m.published_at.with_timezone(&cli.tz).format("%Y-%m-%d %H:%M");
                let inc = m.incident_id.map(|i| format!("#{i}")).unwrap_or_else(|| "-".into());
                let stars = m.rating.map(|r| format!("{r}★ ")).unwrap_or_default();
                writeln!(
                    out,
                    "{}\t{}\t{}\t{when}\t{inc}\t{}\t{stars}{}",
                    m.id,
                    m.state.id(),
                    m.source.id(),
                    crate::text::one_line(&m.author),
                    crate::text::one_line(m.headline())
                )?;
            }
            Ok(0)
        }
    }
}
