//! The statement desk from the command line: the clinic profile, the
//! checks on a file, and a released statement's frozen text.

use std::io::Write;
use std::path::Path;

use serde_json::json;

use crate::domain::clock::to_db;
use crate::domain::desk::{PROFILE_KEYS, Profile};
use crate::domain::lint::{self, Rules, Severity};
use crate::domain::types::Audience;
use crate::error::{Error, Msg};
use crate::i18n::{Catalog, Lang};
use crate::store::Store;

pub fn profile_show(store: &Store, out: &mut dyn Write) -> Result<(), Error> {
    let p = store.profile()?;
    for k in PROFILE_KEYS {
        writeln!(out, "{k:<14} {}", p.get(k))?;
    }
    Ok(())
}

/// Read a file to check: at most 8 MiB, UTF-8 (invalid bytes are replaced
/// and reported, not fatal), control characters other than newline and
/// tab taken out so they cannot hide text.
fn cannot_read(path: &Path, e: std::io::Error) -> Error {
    Msg::new("cli.cannot_read").with("path", path.display()).with("detail", e).into()
}

/// A file's bytes, at most 8 MiB: nothing crisisdesk reads is larger.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    const MAX: u64 = 8 * 1024 * 1024;
    let meta = std::fs::metadata(path).map_err(|e| cannot_read(path, e))?;
    if meta.len() > MAX {
        return Err(Msg::new("cli.file_too_big").with("path", path.display()).into());
    }
    std::fs::read(path).map_err(|e| cannot_read(path, e))
}

pub fn read_text(path: &Path) -> Result<(String, Vec<String>), Error> {
    let bytes = read_bytes(path)?;
    let mut notes = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            notes.push(format!("{} is not valid UTF-8; unreadable bytes were replaced", path.display()));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).replace("\r\n", "\n");
    let cleaned: String = text.chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect();
    if cleaned.len() != text.len() {
        notes.push("control characters were removed before checking".into());
    }
    Ok((cleaned, notes))
}

/// `crisisdesk lint`: the same checks the editor runs. Exit status 0 when
/// clean, 1 for warnings only, 2 when anything blocks release.
pub fn lint_file(
    path: &Path,
    audience: Option<&str>,
    profile: &Profile,
    private_names: Vec<String>,
    as_json: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<u8, Error> {
    let audience = match audience {
        Some(a) => {
            Some(Audience::parse(a).ok_or_else(|| Msg::new("invalid.audience").with("audience", a).with("allowed", Audience::ids()))?)
        }
        None => None,
    };
    let (text, notes) = read_text(path)?;
    let rules = Rules::builtin().map_err(|e| Msg::new("cli.content_damaged").with("detail", e))?;
    let ctx = profile.lint_context(audience, private_names);
    let findings = lint::lint(&text, &ctx, rules, lang);
    let status = if lint::has_blocking(&findings) {
        2
    } else if findings.is_empty() {
        0
    } else {
        1
    };
    if as_json {
        let v = json!({
            "file": path.display().to_string(),
            "audience": audience,
            "chars": lint::count_chars(&text),
            "blocking": findings.iter().filter(|f| f.severity == Severity::Block).count(),
            "warnings": findings.iter().filter(|f| f.severity == Severity::Warn).count(),
            "notes": notes,
            "findings": findings,
        });
        writeln!(out, "{}", crate::text::json(serde_json::to_string_pretty(&v).unwrap_or_default()))?;
    } else {
        let tr = Catalog::get(lang);
        for n in &notes {
            writeln!(out, "{}: {n}", path.display())?;
        }
        for f in &findings {
            let sev = if f.severity == Severity::Block { "BLOCK" } else { "warn" };
            let quoted = if f.text.is_empty() {
                String::new()
            } else {
                format!(" \"{}\"", crate::text::inert(&f.text))
            };
            writeln!(
                out,
                "{}:{}:{}: {sev} {}{quoted} {}",
                path.display(),
                f.line,
                f.column,
                f.kind,
                f.message
            )?;
        }
        let summary = tr.f(
            "popup.findings",
            &[
                (
                    "block",
                    &findings.iter().filter(|f| f.severity == Severity::Block).count().to_string(),
                ),
                (
                    "warn",
                    &findings.iter().filter(|f| f.severity == Severity::Warn).count().to_string(),
                ),
            ],
        );
        writeln!(out, "{summary}")?;
    }
    Ok(status)
}

/// `crisisdesk statement export`: the newest released text, exactly as it
/// went out (txt), or with its provenance (md).
pub fn statement_export(
    store: &Store,
    id: i64,
    md: bool,
    lang: Lang,
    tz: crate::domain::zone::Zone,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let (incident, st) = store.statement(id)?;
    let versions = store.statement_versions(id)?;
    let Some(v) = versions.last() else {
        return Err(Msg::new("cli.not_released").with("id", id).with("state", st.state.id()).into());
    };
    if !md {
        write!(out, "{}", v.body)?;
        if !v.body.ends_with('\n') {
            writeln!(out)?;
        }
        return Ok(());
    }
    let tr = Catalog::get(lang);
    let inc = store.incident(incident)?;
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S %Z").to_string();
    writeln!(out, "# {} #{id} v{}\n", tr.t("pane.statement"), v.version)?;
    if inc.drill {
        writeln!(out, "> **{}**\n", tr.t("export.drill_notice"))?;
    }
    if inc.demo {
        writeln!(out, "> {}\n", tr.t("export.demo_notice"))?;
    }
    writeln!(out, "| | |\n|---|---|")?;
    writeln!(out, "| {} | #{} {} |", tr.t("pane.incident"), inc.id, inc.title.replace('|', "\\|"))?;
    writeln!(
        out,
        "| {} | {} |",
        tr.t("export.audience"),
        tr.t(&format!("audience.{}", v.audience))
    )?;
    writeln!(
        out,
        "| {} | {} ({}) |",
        tr.t("state.released"),
        local(v.released_at),
        to_db(v.released_at)
    )?;
    writeln!(out, "| {} | {} |", tr.t("export.reviewed_by"), v.reviewed_by)?;
    writeln!(out, "| {} | {} |", tr.t("export.approved_by"), v.approved_by)?;
    writeln!(out, "| {} | {} |", tr.t("export.released_by"), v.released_by)?;
    writeln!(out, "| SHA-256 | `{}` |", v.sha256)?;
    if st.state == crate::domain::desk::StatementState::Withdrawn {
        writeln!(out, "| {} | {} |", tr.t("state.withdrawn"), tr.t("export.withdrawn_note"))?;
    }
    writeln!(out, "\n---\n")?;
    writeln!(out, "{}", v.body)?;
    Ok(())
}
