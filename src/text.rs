//! Making user-controlled text inert wherever it is shown or written.
//!
//! Titles, notes, names, statements and imported text come from people and
//! from files. On a terminal an escape sequence could move the cursor or
//! retitle the window, in an HTML report a `<script>` would run, and a BiDi
//! override (U+202E) would show a sentence in another order than the one
//! stored, in a browser or a printout but not on the console. So each is
//! shown as a visible, harmless mark: control characters as their Unicode
//! control pictures (ESC as ␛), BiDi controls as `<RLO>`-style names, and
//! markup escaped for the format it goes into.

use std::borrow::Cow;

/// The name shown for a BiDi formatting character, if `c` is one.
fn bidi_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{061C}' => "ALM",
        '\u{200E}' => "LRM",
        '\u{200F}' => "RLM",
        '\u{202A}' => "LRE",
        '\u{202B}' => "RLE",
        '\u{202C}' => "PDF",
        '\u{202D}' => "LRO",
        '\u{202E}' => "RLO",
        '\u{2066}' => "LRI",
        '\u{2067}' => "RLI",
        '\u{2068}' => "FSI",
        '\u{2069}' => "PDI",
        _ => return None,
    })
}

/// Whether `c` would act on a terminal or reorder text rather than show.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || bidi_name(c).is_some()
}

/// `s` with every control character (but newline and tab) and every BiDi
/// control replaced by a visible mark. Borrowed when there is nothing to do.
pub fn inert(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            // C0 controls have pictures at U+2400 + code; DEL at U+2421.
            '\0'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
            '\u{7F}' => out.push('\u{2421}'),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => match bidi_name(c) {
                Some(name) => {
                    out.push('<');
                    out.push_str(name);
                    out.push('>');
                }
                None => out.push(c),
            },
        }
    }
    Cow::Owned(out)
}

/// Text for an HTML page: markup escaped, hidden characters made visible.
pub fn html(s: &str) -> String {
    let s = inert(s);
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// Text for a Markdown file, which a viewer may render as HTML: tags and
/// entities escaped, hidden characters made visible.
pub fn markdown(s: &str) -> String {
    inert(s).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Serialised JSON with BiDi controls and `<` `>` `&` written as `\uXXXX`
/// escapes (JSON already escapes control characters): the same values,
/// inert to read and safe to paste into a web page. None of these
/// characters can occur outside a string in JSON, so every one is in one.
pub fn json(serialised: String) -> String {
    let escape = |c: char| bidi_name(c).is_some() || matches!(c, '<' | '>' | '&');
    if !serialised.chars().any(escape) {
        return serialised;
    }
    let mut out = String::with_capacity(serialised.len() + 16);
    for c in serialised.chars() {
        if escape(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// One line of user text: breaks and tabs as spaces, other control and
/// BiDi characters as visible marks.
pub fn one_line(s: &str) -> String {
    inert(&s.replace(['\n', '\r', '\t'], " ")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_become_visible_marks() {
        assert!(matches!(inert("普通的文字\n第二行"), Cow::Borrowed(_)));
        assert_eq!(inert("a\u{1b}[31mb"), "a␛[31mb");
        assert_eq!(inert("x\u{7}\u{7f}\u{85}y"), "x␇␡\u{FFFD}y");
        assert_eq!(inert("名單\u{202E}txt.exe"), "名單<RLO>txt.exe");
        assert_eq!(inert("\u{2066}a\u{2069}"), "<LRI>a<PDI>");
    }

    #[test]
    fn markup_is_escaped_for_its_format() {
        let evil = "\"><img src=x onerror=alert(1)><script>alert(2)</script>";
        let h = html(evil);
        assert!(!h.contains('<') && !h.contains('>') && !h.contains('"'), "{h}");
        let m = markdown(evil);
        assert!(!m.contains('<') && !m.contains('>'), "{m}");
        assert_eq!(markdown("A & B"), "A &amp; B");
    }

    #[test]
    fn json_keeps_the_value_and_escapes_bidi() {
        let v = serde_json::json!({"t": "ab\u{202E}cd\u{1b}<script>&"});
        let s = json(v.to_string());
        assert!(
            !s.contains('\u{202E}') && !s.contains('\u{1b}') && !s.contains('<') && !s.contains('&'),
            "{s}"
        );
        let back: serde_json::Value = serde_json::from_str(&s).expect("still JSON");
        assert_eq!(back, v);
    }
}
