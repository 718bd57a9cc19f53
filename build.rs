//! The built-in content is written as TOML, for the people who edit it, and
//! read by the binary as JSON: serde_json reads the same data four to five
//! times faster than the TOML parser, which was the largest share of the
//! time to the first frame. Only the syntax changes here; every typed read
//! and every check stays in the crate, and the crate falls back to the TOML
//! itself (with its file and line) if the JSON ever disagrees.
//!
//! The string catalogs (`assets/i18n`) go further: each becomes a table
//! compiled into the binary, so nothing of them is read at start at all.
//! Their one check, that every value is a string, is made here.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=assets");
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut files = Vec::new();
    collect(Path::new("assets"), &mut files);
    for file in files {
        let src = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        // A syntax error fails the build here with its place; the crate's
        // tests report the same file's typed errors.
        let value: toml::Table = toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let (dest, text) = if file.starts_with("assets/i18n") {
            (out.join(file.with_extension("rs")), catalog_table(&file, value))
        } else {
            let json = serde_json::to_string(&to_json(&toml::Value::Table(value))).expect("JSON from a TOML value");
            (out.join(file.with_extension("json")), json)
        };
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        std::fs::write(&dest, text).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
    }
}

/// A string catalog as a Rust expression of `i18n::Table`: every key and
/// its text one after another in one string, and per key, in key order,
/// where the key starts, where its text starts and where the text ends.
/// Offsets rather than `&str`s, so the loader has no pointers to rewrite.
fn catalog_table(file: &Path, table: toml::Table) -> String {
    let sorted: std::collections::BTreeMap<String, toml::Value> = table.into_iter().collect();
    let mut text = String::new();
    let mut index = Vec::with_capacity(sorted.len());
    for (key, value) in sorted {
        let toml::Value::String(value) = value else {
            panic!("{}: \"{key}\" is not a string", file.display());
        };
        let key_at = text.len();
        text.push_str(&key);
        let value_at = text.len();
        text.push_str(&value);
        index.push((key_at, value_at, text.len()));
    }
    assert!(u32::try_from(text.len()).is_ok(), "{}: too large", file.display());
    // `{:?}` writes a string as a Rust literal, escapes and all.
    format!("Table {{ text: {text:?}, index: &{index:?} }}")
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
}

/// TOML has dates and times, JSON does not: they become strings. The
/// crate's tests compare each JSON read with the TOML read, so a field where
/// that makes a difference fails a test rather than ships.
fn to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.iter().map(to_json).collect()),
        toml::Value::Table(t) => J::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}
