//! `crisisdesk drill …`: the scenario library, checking a clinic's own
//! scenario, opening and deleting drills, and the trend across drills.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};

use crate::domain::Content;
use crate::domain::after_action::minutes;
use crate::domain::drill::{Scenario, library};
use crate::error::{Error, Msg};
use crate::i18n::{Catalog, Lang};
use crate::store::Store;

pub fn list(content: &Content, lang: Lang, out: &mut dyn Write) -> Result<(), Error> {
    let lib = library(content).map_err(|e| Msg::new("cli.content_damaged").with("detail", e))?;
    let tr = Catalog::get(lang);
    for (sc, _) in lib {
        let about = tr.f(
            "cli.scenario_line",
            &[
                ("title", sc.title.get(lang)),
                ("exercise", tr.t(sc.exercise.label_key())),
                ("minutes", &sc.duration_minutes.to_string()),
                ("injects", &sc.inject.len().to_string()),
            ],
        );
        writeln!(out, "{:<24} {:<18} {about}", sc.id, sc.crisis_type)?;
    }
    Ok(())
}

/// Read a scenario file the way `check` and `start` both need it.
fn read_file(path: &Path) -> Result<String, Error> {
    let (text, notes) = super::desk::read_text(path)?;
    if let Some(n) = notes.first() {
        return Err(Msg::new("cli.fix_file_first").with("path", path.display()).with("detail", n).into());
    }
    Ok(text)
}

/// `drill check FILE`: every error on its own line (file, line, field);
/// exit status 1 when there is any.
pub fn check(path: &Path, content: &Content, lang: Lang, out: &mut dyn Write) -> Result<u8, Error> {
    let src = read_file(path)?;
    match Scenario::parse(&path.display().to_string(), &src, content) {
        Ok(sc) => {
            let tr = Catalog::get(lang);
            writeln!(
                out,
                "{}",
                tr.f(
                    "cli.scenario_ok",
                    &[
                        ("path", &path.display().to_string()),
                        ("id", &sc.id),
                        ("exercise", tr.t(sc.exercise.label_key())),
                        ("objectives", &sc.objective.len().to_string()),
                        ("injects", &sc.inject.len().to_string()),
                        ("contingencies", &sc.contingency.len().to_string()),
                    ]
                )
            )?;
            Ok(0)
        }
        Err(errs) => {
            for e in errs {
                writeln!(out, "{e}")?;
            }
            Ok(1)
        }
    }
}

/// Resolve SCENARIO|FILE: a library id, else a path to a scenario file.
pub fn resolve(arg: &str, content: &Content) -> Result<(Scenario, String), Error> {
    let lib = library(content).map_err(|e| Msg::new("cli.content_damaged").with("detail", e))?;
    if let Some((sc, src)) = lib.iter().find(|(s, _)| s.id == arg) {
        return Ok((sc.clone(), src.to_string()));
    }
    let path = Path::new(arg);
    if !path.exists() {
        let ids: Vec<&str> = lib.iter().map(|(s, _)| s.id.as_str()).collect();
        return Err(Msg::new("cli.no_scenario").with("arg", arg).with("ids", ids.join(", ")).into());
    }
    let src = read_file(path)?;
    let sc = Scenario::parse(arg, &src, content).map_err(|errs| Msg::new("cli.scenario_errors").with("detail", errs.join("\n")))?;
    Ok((sc, src))
}

pub fn start(store: &mut Store, arg: &str, content: &Content, now: DateTime<Utc>) -> Result<i64, Error> {
    let (sc, src) = resolve(arg, content)?;
    let pb = content
        .playbook(&sc.crisis_type)
        .ok_or_else(|| Msg::new("cli.no_playbook").with("type", &sc.crisis_type))?;
    Ok(store.start_drill(pb, &sc, &src, now)?)
}

/// `drill history`: one line per drill, grouped by scenario, oldest first
/// within a scenario, so a clinic sees whether it is getting faster.
pub fn history(
    store: &Store,
    content: &Content,
    lang: Lang,
    tz: crate::domain::zone::Zone,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let tr = Catalog::get(lang);
    let mut drills = store.drills()?;
    if drills.is_empty() {
        writeln!(out, "{}", tr.t("drill.history_empty"))?;
        return Ok(());
    }
    drills.sort_by(|a, b| a.scenario_id.cmp(&b.scenario_id).then(a.incident_id.cmp(&b.incident_id)));
    writeln!(out, "{}", tr.t("drill.history_header"))?;
    let mut last = String::new();
    for d in drills {
        if d.scenario_id != last {
            writeln!(out, "\n{}", d.scenario_id)?;
            last = d.scenario_id.clone();
        }
        let m = crate::report::metrics(store, content, d.incident_id, now)?;
        let when = d
            .started_at
            .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| tr.t("drill.not_started").to_string());
        let dur = |x: Option<chrono::Duration>| x.map(minutes).unwrap_or_else(|| "—".into());
        let (done, total) = m.completion();
        let pct = (done * 100).checked_div(total).unwrap_or(0);
        let (answered, delivered) = m.answered();
        let ratings = store
            .ratings(d.incident_id)?
            .iter()
            .map(|r| r.rating.id())
            .collect::<Vec<_>>()
            .join("");
        writeln!(
            out,
            "  #{:<4} {when}  {:<8} {:>7} {:>7} {:>4}% {:>5} {:>3}/{:<3} {}",
            d.incident_id,
            tr.t(&format!("drill.state.{}", d.clock.state.id())),
            dur(m.critical_roles_after),
            dur(m.first_release_after),
            pct,
            m.overdue_items,
            answered,
            delivered,
            if ratings.is_empty() { "—".to_string() } else { ratings }
        )?;
    }
    Ok(())
}
