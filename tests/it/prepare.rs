//! Quiet-time preparedness through the real binary: the readiness page's
//! pictures, and the whole loop from an empty database in a terminal.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::pty::Tui;

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const TAB: &str = "\t";
const LEFT: &str = "\x1b[D";

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crisisdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("XDG_DATA_HOME", db.parent().unwrap_or(Path::new("/nonexistent")))
        .output()
        .expect("run")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// An element's name and its attributes.
type Element = (String, Vec<(String, String)>);

/// A small XML reader, enough to hold the SVG to being well formed: every
/// element closed in order, attributes quoted. Returns each element's name
/// and attributes in document order.
fn xml_elements(src: &str) -> Result<Vec<Element>, String> {
    let mut out = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut rest = src;
    while let Some(lt) = rest.find('<') {
        let after = &rest[lt + 1..];
        let gt = after.find('>').ok_or("a tag is never closed")?;
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(o) if o == name.trim() => continue,
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name = body.split_whitespace().next().ok_or("an empty tag")?.to_string();
        let mut attrs = Vec::new();
        let mut a = body[name.len()..].trim();
        while !a.is_empty() {
            let eq = a.find("=\"").ok_or_else(|| format!("an unquoted attribute in <{name}>: {a}"))?;
            let key = a[..eq].trim().to_string();
            let v = &a[eq + 2..];
            let end = v.find('"').ok_or("an attribute value is never closed")?;
            attrs.push((key, v[..end].to_string()));
            a = v[end + 1..].trim();
        }
        if !self_closing {
            open.push(name.clone());
        }
        out.push((name, attrs));
    }
    if open.is_empty() {
        Ok(out)
    } else {
        Err(format!("left open: {open:?}"))
    }
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// Every `<svg …>…</svg>` in a page, parsed.
fn svgs(html: &str) -> Vec<Vec<Element>> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..]
            .find("</svg>")
            .map(|e| start + e + "</svg>".len())
            .expect("svg closed");
        found.push(xml_elements(&rest[start..end]).unwrap_or_else(|e| panic!("svg not well formed: {e}")));
        rest = &rest[end..];
    }
    found
}

#[test]
fn the_readiness_page_draws_the_heat_map_as_an_svg_of_25_cells() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("c.db");
    // A read-only report refuses a database that does not exist.
    assert!(!run(&db, &["readiness", "--format", "html"]).status.success());
    assert!(ok(&db, &["prepare"]).contains("14"));
    let file = dir.path().join("readiness.html");
    ok(
        &db,
        &[
            "--lang",
            "en",
            "readiness",
            "--format",
            "html",
            "--out",
            file.to_str().expect("path"),
        ],
    );
    let html = std::fs::read_to_string(&file).expect("written");
    assert!(html.starts_with("<!doctype html>"));
    let pictures = svgs(&html);
    let heat = pictures
        .iter()
        .find(|els| els.first().is_some_and(|(n, a)| n == "svg" && attr(a, "class") == Some("heat-map")))
        .expect("the heat map is an svg");
    let cells: Vec<&Vec<(String, String)>> = heat
        .iter()
        .filter(|(n, a)| n == "rect" && attr(a, "class") == Some("cell"))
        .map(|(_, a)| a)
        .collect();
    assert_eq!(cells.len(), 25);
    let mut seen = std::collections::HashSet::new();
    let mut total = 0;
    for a in &cells {
        let l: u8 = attr(a, "data-likelihood").and_then(|v| v.parse().ok()).expect("likelihood");
        let i: u8 = attr(a, "data-impact").and_then(|v| v.parse().ok()).expect("impact");
        assert!((1..=5).contains(&l) && (1..=5).contains(&i));
        assert!(seen.insert((l, i)), "cell {l}×{i} twice");
        total += attr(a, "data-count").and_then(|v| v.parse::<usize>().ok()).expect("count");
    }
    assert_eq!(total, 14, "every starter risk sits in one cell");
    assert!(
        pictures
            .iter()
            .any(|els| els.first().is_some_and(|(_, a)| attr(a, "class") == Some("drill-programme"))),
        "the drill programme is a picture too"
    );
    // Markdown: the same as a text grid, and no phone number on paper.
    let md = ok(&db, &["--lang", "en", "readiness", "--format", "md"]);
    assert!(md.contains("```text\nimpact ↑\n5 │"), "{md}");
    assert!(!md.contains("1922") && !html.contains("1922"), "numbers stay off the printed page");
}

/// From an empty database: the starter loads, a risk is re-scored, a
/// contact is marked checked, a drill is run, and the readiness page shows
/// all of it with the drill's score.
#[test]
fn from_an_empty_database_to_a_readiness_page_with_the_new_score() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("crisis.db");
    let mut t = Tui::spawn(&db, &["prepare"], 120, 34);
    t.wait_for("已載入風險登錄範本");
    t.wait_for("雷射灼傷");
    // The top risk (3×5) re-scored to likelihood 1.
    t.send("e");
    t.wait_for("重新評估風險");
    t.send(LEFT);
    t.send(LEFT);
    t.send(ENTER);
    t.wait_for("可能性 × 影響 = 5");
    // The lawyer, first in the inventory, marked checked.
    t.send(TAB);
    t.wait_for("律師／法律顧問");
    t.send("c");
    t.wait_for("今日已查核：律師／法律顧問");
    t.send(ESC);
    t.send("q");
    assert!(t.wait_exit().success());
    assert!(t.restored());

    // A drill, run and rated as a facilitator does.
    let mut t = Tui::spawn(&db, &["drill", "start", "covid-cluster"], 120, 34);
    t.wait_for("演練 DRILL");
    t.send("F");
    t.wait_for("演練與檢討");
    t.send(" ");
    t.wait_for("狀況 1");
    t.send(ESC);
    t.send("r");
    t.wait_for("[P] o1");
    t.send("E");
    t.send("y");
    t.wait_for("已結束");
    t.send(ESC);
    t.send("q");
    assert!(t.wait_exit().success());

    let md = ok(&db, &["readiness", "--format", "md"]);
    let risk = md.lines().find(|l| l.contains("雷射灼傷")).expect("the risk row");
    assert!(risk.starts_with("| 1×5=5 |"), "{risk}");
    let lawyer = md.lines().find(|l| l.contains("律師／法律顧問")).expect("the lawyer row");
    assert!(!lawyer.contains("從未查核"), "{lawyer}");
    let drilled = md
        .lines()
        .find(|l| l.starts_with("| 公共衛生事件／群聚感染 |") && l.contains("| 100 |"))
        .unwrap_or_else(|| panic!("no score 100 for the drilled type:\n{md}"));
    assert!(!drilled.contains("從未演練"));
    // The type just drilled goes to the end of the programme; never-drilled first.
    let order: Vec<&str> = md.lines().filter(|l| l.contains("從未演練") || l.contains("| 100 |")).collect();
    assert!(order.last().is_some_and(|l| l.contains("公共衛生事件")), "{order:?}");
    // The picture of the programme carries the score too.
    let html = ok(&db, &["readiness", "--format", "html"]);
    assert!(html.contains("data-score=\"100\""));
}
