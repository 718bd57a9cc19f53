//! Non-interactive commands, and the argument parser for the whole binary.

mod demo;
mod desk;
pub mod drill;
pub mod export;
mod monitor;
mod reach;

use std::io::Write;
use std::path::PathBuf;

use crate::domain::zone::Zone;
use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand, ValueEnum};

use crate::domain::Content;
use crate::domain::clock::parse_event_time;
use crate::domain::content::CRISIS_TYPES;
use crate::error::{Error, Msg};
use crate::i18n::{Catalog, Lang};
use crate::report::ReportFormat;
use crate::store::Store;

#[derive(Parser, Debug)]
#[command(
    name = "crisisdesk",
    version,
    about = "Crisis console for medical clinics: incidents, roles, checklists, statements and timeline, offline on one SQLite file."
)]
pub struct Cli {
    /// Database file (default: the platform data directory)
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Interface language: zh (Traditional Chinese, default) or en
    #[arg(long, global = true, value_name = "zh|en", value_parser = parse_lang, default_value = "zh")]
    pub lang: Lang,
    /// Time zone for display and local times
    #[arg(long, global = true, value_name = "ZONE", value_parser = parse_tz, default_value = "Asia/Taipei")]
    pub tz: Zone,
    /// Who is at the keyboard: recorded on every timeline entry. The console
    /// picks this person from the roster (adding them if new); commands
    /// default to the login name.
    #[arg(long, global = true, value_name = "NAME")]
    pub operator: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The arguments of this process. Opening the console with nothing
    /// but the global options (`--db X --operator Y`, the common case) is
    /// read directly: clap first builds the whole command tree, every
    /// subcommand and its help, which is about half a millisecond of a
    /// first frame that takes ten. Anything else, and any value the fast
    /// path would not accept exactly as clap does, goes to clap, which
    /// also words every error.
    pub fn from_env() -> Cli {
        let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
        Cli::console_only(args.get(1..).unwrap_or_default()).unwrap_or_else(|| Cli::parse_from(args))
    }

    /// The console's own options and nothing else, each given once with a
    /// value that clap would accept; `None` for anything else.
    pub fn console_only(args: &[std::ffi::OsString]) -> Option<Cli> {
        let mut cli = Cli {
            db: None,
            lang: Lang::Zh,
            tz: crate::domain::zone::Zone::taipei(),
            operator: None,
            command: None,
        };
        let mut seen = [false; 4];
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            let arg = arg.to_str()?;
            let (name, value) = match arg.split_once('=') {
                Some((n, v)) => (n, std::ffi::OsString::from(v)),
                None => (arg, rest.next()?.clone()),
            };
            let text = value.to_str();
            // clap reads a leading dash as the next option, and refuses
            // an empty path.
            if value.is_empty() || text.is_some_and(|t| t.starts_with('-')) {
                return None;
            }
            let slot = ["--db", "--lang", "--tz", "--operator"].iter().position(|n| *n == name)?;
            if std::mem::replace(&mut seen[slot], true) {
                return None;
            }
            match slot {
                0 => cli.db = Some(PathBuf::from(value)),
                1 => cli.lang = parse_lang(text?).ok()?,
                2 => cli.tz = parse_tz(text?).ok()?,
                _ => cli.operator = Some(text?.to_string()),
            }
        }
        Some(cli)
    }
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?}; use zh or en"))
}

fn parse_tz(s: &str) -> Result<Zone, String> {
    s.parse::<Zone>()
        .map_err(|_| format!("unknown time zone {s:?}; for example Asia/Taipei"))
}

fn parse_severity(s: &str) -> Result<u8, String> {
    match s.parse::<u8>() {
        Ok(n) if (1..=4).contains(&n) => Ok(n),
        _ => Err(format!("severity must be 1, 2, 3 or 4 (1 is the most severe), not {s:?}")),
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Declare an incident; prints its id
    Declare {
        /// Crisis type id (see `crisisdesk playbooks`)
        #[arg(long = "type", value_name = "ID")]
        kind: String,
        /// 1 (most severe) to 4
        #[arg(long, value_parser = parse_severity)]
        severity: u8,
        #[arg(long)]
        title: String,
    },
    /// Append a note to an incident's timeline
    Log {
        #[arg(long, value_name = "ID")]
        incident: i64,
        /// When it happened, if earlier: HH:MM today or "YYYY-MM-DD HH:MM"
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// The note
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
    },
    /// Write an incident's full record to stdout
    Export {
        /// Incident id (default: the newest open incident)
        #[arg(long, value_name = "ID")]
        incident: Option<i64>,
        #[arg(long, value_enum)]
        format: Format,
    },
    /// List the crisis types and their ids
    Playbooks,
    /// Add a sample incident, clearly marked as a demo
    Demo,
    /// Show or set the clinic profile (templates are filled from it)
    Profile {
        #[command(subcommand)]
        action: ProfileAction,
    },
    /// Check a statement file for personal data, template blanks and wording; exit 0 clean, 1 warnings, 2 blocked
    Lint {
        /// The text file to check (UTF-8)
        file: PathBuf,
        /// The audience, for its length limit: media, patients, staff, social, regulator, partners
        #[arg(long, value_name = "AUDIENCE")]
        audience: Option<String>,
        /// Print the findings as JSON
        #[arg(long)]
        json: bool,
        /// Also check for the names on this incident's private-person list
        #[arg(long, value_name = "ID")]
        incident: Option<i64>,
    },
    /// Work with statements
    Statement {
        #[command(subcommand)]
        action: StatementAction,
    },
    /// Tabletop drills: the scenario library, checking, starting, history
    Drill {
        #[command(subcommand)]
        action: DrillAction,
    },
    /// After-action report and improvement plan for a drill or a real incident
    Report {
        #[arg(long, value_name = "ID")]
        incident: i64,
        #[arg(long, value_enum)]
        format: ReportFormat,
    },
    /// Copy the database to a new file with SQLite's online backup API (safe while consoles run)
    Backup { path: PathBuf },
    /// Replace the database with a backup, after checking the backup is whole
    Restore {
        path: PathBuf,
        /// Restore even while a console or the wall has the database open
        /// (they notice and reopen; an unsaved draft goes to a recovery file)
        #[arg(long)]
        force: bool,
    },
    /// Recompute the tamper-evident chain; exit 0 when whole, 3 at the first broken link
    Verify {
        /// One incident (default: every incident)
        #[arg(long, value_name = "ID")]
        incident: Option<i64>,
        /// Also prove the record still extends this anchor (as `anchor` printed it)
        #[arg(long, value_name = "DIGEST")]
        anchor: Option<String>,
    },
    /// Give a record anchor: one short digest of every real incident's chain, to keep outside the file
    Anchor {
        /// Print only the digest, without the QR code
        #[arg(long)]
        no_qr: bool,
    },
    /// The affected-persons register (HICS 254): import from CSV, or export it (private)
    Affected {
        #[command(subcommand)]
        action: AffectedAction,
    },
    /// The call tree's message as a bulk-SMS CSV, or the roster as vCards
    Calltree {
        #[command(subcommand)]
        action: CalltreeAction,
    },
    /// Quiet-time preparedness: open the console on the preparedness view
    /// (risks, inventory, drill programme, cases); loads the starter
    /// register and inventory the first time. Not on a terminal, it only loads them
    Prepare,
    /// One page for a staff meeting: the risk heat map, the drill programme,
    /// open improvement items, the inventory and the case library
    Readiness {
        #[arg(long, value_enum)]
        format: ReportFormat,
        /// Write to this file instead of stdout
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Online-opinion monitoring: mentions from feeds, review exports and CSV files
    Monitor {
        #[command(subcommand)]
        action: MonitorAction,
    },
    /// The shared screen: a read-only view for a projector, beside the console
    Wall {
        /// Incident id (default: a running drill, else the newest open incident)
        #[arg(long, value_name = "ID")]
        incident: Option<i64>,
        /// Start in the high-contrast projector theme (t toggles it)
        #[arg(long)]
        high_contrast: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum AffectedAction {
    /// Add or update people from a CSV (identifier, what, notified_at, channel, response); all rows or none
    Import {
        #[arg(long, value_name = "ID")]
        incident: i64,
        file: PathBuf,
    },
    /// Write the register as CSV to stdout. It is private: only on request, never in `export`
    Export {
        #[arg(long, value_name = "ID")]
        incident: i64,
    },
}

#[derive(Subcommand, Debug)]
pub enum MonitorAction {
    /// Import mentions from a Google Alerts or PTT Atom feed, any RSS/Atom feed, a Google review export (JSON) or a CSV; all or nothing
    Import {
        file: PathBuf,
        /// Link every new mention to this incident
        #[arg(long, value_name = "ID")]
        incident: Option<i64>,
    },
    /// Download a feed and import it; without URL, refresh every saved feed
    Fetch {
        url: Option<String>,
        /// Link every new mention to this incident
        #[arg(long, value_name = "ID")]
        incident: Option<i64>,
        /// Seconds to wait for a feed in all
        #[arg(long, value_name = "SECS", default_value_t = 15)]
        timeout: u64,
    },
    /// Saved feed definitions, refreshed by `monitor fetch`
    Feed {
        #[command(subcommand)]
        action: FeedAction,
    },
    /// The mentions on the board, newest first
    List {
        /// all, open, new, triaged, responding, answered or ignored
        #[arg(long)]
        state: Option<String>,
        #[arg(long, value_name = "ID")]
        incident: Option<i64>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

#[derive(Subcommand, Debug)]
pub enum FeedAction {
    /// Save a feed (a Google Alert's RSS address, a PTT board's Atom feed, any RSS/Atom)
    Add {
        url: String,
        #[arg(long)]
        name: Option<String>,
        /// Link what it brings to this incident
        #[arg(long, value_name = "ID")]
        incident: Option<i64>,
    },
    /// The saved feeds: id, address, name, incident, last fetched, last error
    List,
    /// Forget a saved feed (its mentions stay)
    Remove { id: i64 },
}

#[derive(Subcommand, Debug)]
pub enum CalltreeAction {
    /// One row per person on the incident's call tree with a phone: phone, name, message
    Sms {
        #[arg(long, value_name = "ID")]
        incident: i64,
    },
    /// Every person on the roster as a vCard (RFC 6350)
    Vcards,
    /// The call tree as one HTML page with tel:, sms: and mailto: links, for a phone
    Html {
        #[arg(long, value_name = "ID")]
        incident: i64,
    },
}

#[derive(Subcommand, Debug)]
pub enum DrillAction {
    /// List the built-in scenarios
    List,
    /// Validate a scenario file; each error names the file, line and field
    Check { file: PathBuf },
    /// Open a drill from a library scenario id or a scenario file, in the console
    Start {
        #[arg(value_name = "SCENARIO|FILE")]
        scenario: String,
    },
    /// Delete a drill and everything recorded in it (never a real incident)
    Delete { id: i64 },
    /// Past drills with their measurements, by scenario
    History,
}

#[derive(Subcommand, Debug)]
pub enum ProfileAction {
    /// Print every profile value
    Show,
    /// Set one value: name, address, hotline, email, website, spokesperson, chart-pattern, cadence-1..cadence-4
    Set { key: String, value: String },
}

#[derive(Subcommand, Debug)]
pub enum StatementAction {
    /// Write a released statement's frozen text to stdout
    Export {
        /// Statement id (shown in the console and in `export`)
        id: i64,
        #[arg(long, value_enum, default_value = "txt")]
        format: TextFormat,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum TextFormat {
    Txt,
    Md,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Json,
    Md,
}

/// Where the database is when `--db` is not given.
fn default_db() -> Result<PathBuf, Error> {
    crate::store::default_path().ok_or_else(|| Msg::new("cli.no_data_dir").into())
}

/// Open a database that must already exist: a command that only reads
/// must not create an empty file from a mistyped path.
pub fn open_existing(db: Option<&PathBuf>) -> Result<Store, Error> {
    let path = match db {
        Some(p) => p.clone(),
        None => default_db()?,
    };
    if !path.exists() {
        return Err(Msg::new("cli.no_database").with("path", path.display()).into());
    }
    open_store(Some(&path))
}

/// Who a command records as its operator: `--operator`, else the login
/// name, marked with `@` so it reads as "command line (login)".
pub fn command_operator(cli: &Cli) -> String {
    match cli.operator.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        Some(o) => o.to_string(),
        None => {
            let login = std::env::var("USER")
                .or_else(|_| std::env::var("LOGNAME"))
                .unwrap_or_else(|_| "unknown".into());
            format!("@{login}")
        }
    }
}

/// Open the database for a command that writes, naming its operator.
fn open_writer(cli: &Cli) -> Result<Store, Error> {
    let mut store = open_store(cli.db.as_ref())?;
    store.set_operator(Some(command_operator(cli)));
    Ok(store)
}

pub fn open_store(db: Option<&PathBuf>) -> Result<Store, Error> {
    match db {
        Some(p) => Ok(Store::open(p, false)?),
        None => {
            let p = default_db()?;
            Ok(Store::open(&p, true)?)
        }
    }
}

/// Run a subcommand. `Ok` carries the exit status: 0, or the `lint`
/// verdict (1 warnings, 2 blocked).
pub fn run_command(cli: &Cli, cmd: &Command, content: &Content, now: DateTime<Utc>, out: &mut dyn Write) -> Result<u8, Error> {
    let tr = Catalog::get(cli.lang);
    match cmd {
        Command::Lint {
            file,
            audience,
            json,
            incident,
        } => {
            // A fresh machine has no database yet: then there is no profile,
            // unless an incident was named, which needs its database.
            let default_missing = cli.db.is_none() && crate::store::default_path().is_none_or(|p| !p.exists());
            let (profile, private) = if default_missing && incident.is_none() {
                (Default::default(), Vec::new())
            } else {
                let store = open_existing(cli.db.as_ref())?;
                let private = match incident {
                    Some(id) => {
                        store.incident(*id)?;
                        store.private_persons(*id)?.into_iter().map(|p| p.name).collect()
                    }
                    None => Vec::new(),
                };
                (store.profile()?, private)
            };
            desk::lint_file(file, audience.as_deref(), &profile, private, *json, cli.lang, out)
        }
        Command::Profile { action } => {
            let mut store = open_writer(cli)?;
            match action {
                ProfileAction::Show => desk::profile_show(&store, out)?,
                ProfileAction::Set { key, value } => store.set_profile(key, value, now)?,
            }
            Ok(0)
        }
        Command::Statement {
            action: StatementAction::Export { id, format },
        } => {
            let store = open_existing(cli.db.as_ref())?;
            desk::statement_export(&store, *id, *format == TextFormat::Md, cli.lang, cli.tz, out)?;
            Ok(0)
        }
        Command::Drill { action } => match action {
            DrillAction::List => drill::list(content, cli.lang, out).map(|()| 0),
            DrillAction::Check { file } => drill::check(file, content, cli.lang, out),
            DrillAction::Start { scenario } => {
                let mut store = open_writer(cli)?;
                let id = drill::start(&mut store, scenario, content, now)?;
                writeln!(out, "{id}")?;
                Ok(0)
            }
            DrillAction::Delete { id } => {
                open_existing(cli.db.as_ref())?.delete_drill(*id)?;
                Ok(0)
            }
            DrillAction::History => drill::history(&open_existing(cli.db.as_ref())?, content, cli.lang, cli.tz, now, out).map(|()| 0),
        },
        Command::Report { incident, format } => {
            let store = open_existing(cli.db.as_ref())?;
            crate::report::write(&store, content, *incident, *format, cli.lang, cli.tz, now, out)?;
            Ok(0)
        }
        Command::Backup { path } => {
            open_existing(cli.db.as_ref())?.backup_to(path)?;
            writeln!(out, "{}", path.display())?;
            Ok(0)
        }
        Command::Restore { path, force } => {
            let target = match &cli.db {
                Some(p) => p.clone(),
                None => default_db()?,
            };
            Store::check_backup(path)?;
            let Some(mut store) = Store::open_for_restore(&target, *force)? else {
                return Err(Msg::new("cli.held_open").with("path", target.display()).into());
            };
            store.set_operator(Some(command_operator(cli)));
            // Keep what is being replaced, in case the wrong backup was chosen.
            let keep = store
                .path()
                .map(|p| p.with_extension(format!("before-restore-{}.db", now.format("%Y%m%d-%H%M%S%.3f"))));
            if let Some(k) = &keep {
                store.backup_to(k)?;
            }
            let n = store.restore_from(path)?;
            writeln!(
                out,
                "{}",
                tr.f("cli.restored", &[("n", &n.to_string()), ("path", &path.display().to_string())])
            )?;
            if let Some(k) = keep {
                writeln!(out, "{}", tr.f("cli.kept_previous", &[("path", &k.display().to_string())]))?;
            }
            Ok(0)
        }
        // The wall is a screen: main runs it when there is a terminal.
        Command::Wall { .. } => Err(Msg::new("cli.wall_needs_terminal").into()),
        Command::Verify { incident, anchor } => {
            let store = open_existing(cli.db.as_ref())?;
            let ids = match incident {
                Some(id) => vec![*id],
                None => store.all_incident_ids()?,
            };
            for id in ids {
                match store.verify(id)? {
                    Ok(r) => writeln!(
                        out,
                        "{}",
                        tr.f(
                            "cli.verify_ok",
                            &[("id", &id.to_string()), ("n", &r.length.to_string()), ("head", &r.head)]
                        )
                    )?,
                    Err(b) => {
                        writeln!(out, "BROKEN {}", b.msg().words(tr))?;
                        return Ok(3);
                    }
                }
            }
            if let Some(typed) = anchor {
                match store.check_anchor(typed)? {
                    Ok(a) => {
                        let at = a.created_at.with_timezone(&cli.tz).format("%Y-%m-%d %H:%M").to_string();
                        writeln!(
                            out,
                            "{}",
                            tr.f(
                                "cli.anchor_ok",
                                &[("digest", &a.digest), ("n", &a.incidents.to_string()), ("at", &at)]
                            )
                        )?
                    }
                    Err(why) => {
                        writeln!(out, "BROKEN {why}")?;
                        return Ok(3);
                    }
                }
            }
            Ok(0)
        }
        Command::Anchor { no_qr } => {
            let mut store = open_writer(cli)?;
            let a = store.give_anchor(now)?;
            let at = a.created_at.with_timezone(&cli.tz).format("%Y-%m-%d %H:%M").to_string();
            writeln!(
                out,
                "{}",
                tr.f(
                    "anchor.digest",
                    &[("digest", &a.digest), ("at", &at), ("n", &a.incidents.to_string())]
                )
            )?;
            writeln!(out, "{}", tr.t("anchor.body"))?;
            if !no_qr {
                for line in crate::domain::chain::anchor_qr(&format!("crisisdesk anchor {} {at}", a.digest)) {
                    writeln!(out, "{line}")?;
                }
            }
            Ok(0)
        }
        Command::Playbooks => {
            for pb in content.playbooks() {
                writeln!(out, "{:<18} {}", pb.id, pb.name.get(cli.lang))?;
            }
            Ok(0)
        }
        Command::Declare { kind, severity, title } => {
            let pb = content.playbook(kind).ok_or_else(|| {
                Msg::new("cli.unknown_type")
                    .with("type", kind)
                    .with("known", CRISIS_TYPES.join(", "))
            })?;
            if title.trim().is_empty() {
                return Err(Msg::new("cli.empty_title").into());
            }
            let mut store = open_writer(cli)?;
            let id = store.declare(pb, *severity, title, false, now)?;
            writeln!(out, "{id}")?;
            Ok(0)
        }
        Command::Log { incident, at, text } => {
            let text = text.join(" ");
            let event_at = match at {
                Some(a) => parse_event_time(a, now, cli.tz).ok_or_else(|| Msg::new("cli.bad_time").with("time", a))?,
                None => now,
            };
            let mut store = open_writer(cli)?;
            store.add_note(*incident, &text, event_at, now)?;
            Ok(0)
        }
        Command::Export { incident, format } => {
            let store = open_existing(cli.db.as_ref())?;
            let id = match incident {
                Some(id) => *id,
                None => store.default_incident()?.ok_or_else(|| Msg::new("cli.no_open_incident"))?,
            };
            export::export(&store, content, id, *format, cli.lang, cli.tz, now, out)?;
            Ok(0)
        }
        Command::Affected { action } => reach::affected(cli, action, now, out),
        Command::Prepare => {
            let mut store = open_writer(cli)?;
            let starter = crate::report::readiness::starter(content)?;
            let key = if store.load_preparedness(starter, now, cli.tz)? {
                "prepare.loaded"
            } else {
                "prepare.already_loaded"
            };
            writeln!(
                out,
                "{}",
                tr.f(
                    key,
                    &[
                        ("risks", &starter.risks.len().to_string()),
                        ("entries", &starter.entries.len().to_string())
                    ]
                )
            )?;
            Ok(0)
        }
        Command::Readiness { format, out: file } => {
            let mut store = open_existing(cli.db.as_ref())?;
            store.set_operator(Some(command_operator(cli)));
            // The page shows the register: load the starter if nobody has yet.
            store.load_preparedness(crate::report::readiness::starter(content)?, now, cli.tz)?;
            match file {
                Some(path) => {
                    let mut buf = Vec::new();
                    crate::report::readiness::write(&store, content, *format, cli.lang, cli.tz, now, &mut buf)?;
                    std::fs::write(path, buf).map_err(|e| Msg::new("cli.write_failed").with("path", path.display()).with("detail", e))?;
                    writeln!(out, "{}", path.display())?;
                }
                None => crate::report::readiness::write(&store, content, *format, cli.lang, cli.tz, now, out)?,
            }
            Ok(0)
        }
        Command::Calltree { action } => reach::calltree(cli, action, out),
        Command::Monitor { action } => monitor::monitor(cli, action, now, out),
        Command::Demo => {
            let mut store = open_writer(cli)?;
            let id = demo::create(&mut store, content, now)?;
            writeln!(out, "{id}")?;
            Ok(0)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use clap::Parser;
    use proptest::prelude::*;

    use super::Cli;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    /// What the fast path reads, clap reads the same; where the two might
    /// differ, the fast path declines.
    fn agrees(args: &[OsString]) -> bool {
        let Some(fast) = Cli::console_only(args) else { return true };
        let mut argv = vec![OsString::from("crisisdesk")];
        argv.extend(args.iter().cloned());
        match Cli::try_parse_from(argv) {
            Ok(c) => {
                c.db == fast.db
                    && c.lang == fast.lang
                    && c.tz == fast.tz
                    && c.operator == fast.operator
                    && c.command.is_none()
                    && fast.command.is_none()
            }
            Err(_) => false,
        }
    }

    #[test]
    fn the_console_options_are_read_without_clap() {
        let cli = Cli::console_only(&os(&["--db", "x.db", "--operator", "王主任", "--lang=en", "--tz", "UTC"])).expect("fast");
        assert_eq!(cli.db.as_deref(), Some(std::path::Path::new("x.db")));
        assert_eq!(cli.operator.as_deref(), Some("王主任"));
        assert_eq!(cli.lang, crate::i18n::Lang::En);
        assert_eq!(cli.tz, crate::domain::zone::Zone::utc());
        assert!(Cli::console_only(&[]).is_some());
    }

    #[test]
    fn anything_else_goes_to_clap() {
        for args in [
            &["declare"][..],
            &["--help"],
            &["-V"],
            &["--db"],
            &["--db", ""],
            &["--db", "a", "--db", "b"],
            &["--lang", "fr"],
            &["--tz", "Mars/Base"],
            &["--operator", "-x"],
            &["--db", "a", "verify"],
        ] {
            assert!(Cli::console_only(&os(args)).is_none(), "{args:?}");
        }
    }

    proptest! {
        #[test]
        fn the_fast_path_reads_as_clap_does(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("--db"), Just("--lang"), Just("--tz"), Just("--operator"), Just("--db="),
                    Just("--lang=en"), Just("--tz=UTC"), Just("--operator=="), Just("x.db"), Just("a=b"),
                    Just("zh"), Just("EN"), Just("Asia/Taipei"), Just("王"), Just(""), Just("-"), Just("--"),
                    Just("-x"), Just("--dbx"), Just("log"), Just("--help"), Just(" "),
                ],
                0..7,
            )
        ) {
            prop_assert!(agrees(&os(&parts)), "{parts:?}");
        }
    }
}
