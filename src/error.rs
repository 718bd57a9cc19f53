//! Errors as people read them.
//!
//! Nothing that can fail says so in English prose of its own: it names a
//! catalog key and the values that go into it (`Msg`), and the screen or the
//! command line words it in the interface language. A store error is worded
//! the same way (`StoreError::msg`). `Error` is the one type a command or
//! the console shows.

use std::fmt;

use crate::i18n::{Catalog, Lang};
use crate::store::StoreError;

/// A value in a message: plain text, or another message worded in turn
/// (what was not found, inside "… not found").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Msg(Box<Msg>),
}

/// A message for people: a catalog key and the values it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Msg {
        Msg { key, args: Vec::new() }
    }

    /// Add a value for `{name}`.
    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Msg {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    /// Add a message, worded in the same language, for `{name}`.
    pub fn with_msg(mut self, name: &'static str, value: Msg) -> Msg {
        self.args.push((name, Arg::Msg(Box::new(value))));
        self
    }

    pub fn key(&self) -> &'static str {
        self.key
    }

    pub fn words(&self, tr: &Catalog) -> String {
        let args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, a)| {
                let v = match a {
                    Arg::Text(t) => t.clone(),
                    Arg::Msg(m) => m.words(tr),
                };
                (*name, v)
            })
            .collect();
        let borrowed: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tr.f(self.key, &borrowed)
    }
}

impl fmt::Display for Msg {
    /// In English: for logs and tests, never for a zh-TW screen.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(Catalog::get(Lang::En)))
    }
}

impl std::error::Error for Msg {}

/// Every error a command or the console shows.
#[derive(Debug)]
pub enum Error {
    Store(StoreError),
    Msg(Msg),
}

impl Error {
    pub fn msg(&self) -> Msg {
        match self {
            Error::Store(e) => e.msg(),
            Error::Msg(m) => m.clone(),
        }
    }

    pub fn words(&self, tr: &Catalog) -> String {
        self.msg().words(tr)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.msg())
    }
}

impl std::error::Error for Error {}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        Error::Store(e)
    }
}

impl From<Msg> for Error {
    fn from(m: Msg) -> Self {
        Error::Msg(m)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Msg(Msg::new("error.output").with("detail", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_key_has_words_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let tr = Catalog::get(lang);
            let m = Msg::new("error.not_found").with_msg("what", Msg::new("what.incident").with("id", 7));
            let w = m.words(tr);
            assert!(w.contains('7') && !w.contains("error.") && !w.contains("what."), "{w}");
        }
        let zh = Msg::new("error.not_found").with_msg("what", Msg::new("what.person").with("id", 3));
        assert!(!zh.words(Catalog::get(Lang::Zh)).is_ascii(), "zh words are Chinese");
    }
}
