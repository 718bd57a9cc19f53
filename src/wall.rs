//! `crisisdesk wall`: the shared screen.

use std::path::Path;

use crate::domain::Content;
use crate::i18n::Lang;

pub fn run(
    path: &Path,
    incident: Option<i64>,
    high_contrast: bool,
    content: &Content,
    lang: Lang,
    tz: chrono_tz::Tz,
) -> std::io::Result<()> {
    let _ = (path, incident, high_contrast, content, lang, tz);
    Err(std::io::Error::other("the wall is being written"))
}
