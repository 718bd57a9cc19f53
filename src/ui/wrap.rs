//! Breaking text into lines for a fixed width, with textwrap doing the
//! fitting. Chinese has no spaces, so every character is a place to break,
//! except that closing punctuation (。，、」…) stays with the character
//! before it and opening punctuation (「（…) with the one after: no line
//! starts with 。 or ends with 「.

use textwrap::core::Word;
use textwrap::{Options, WordSeparator};
use unicode_width::UnicodeWidthChar;
#[cfg(test)]
use unicode_width::UnicodeWidthStr;

/// Never at the start of a line.
const CLOSING: &str = "。，、；：！？）」』】》〉”’…—,.;:!?)]}%";
/// Never at the end of a line.
const OPENING: &str = "（「『【《〈“‘([{";

/// Break `s` into lines of at most `width` cells, keeping its own line
/// breaks. Latin words move to the next line whole (one longer than a line
/// is cut); control and BiDi characters show as marks; a character wider
/// than the whole width is left out rather than overflow.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    if width == 0 {
        return Vec::new();
    }
    let s = crate::text::inert(s).replace('\t', " ");
    let fits: String = s.chars().filter(|c| c.width().unwrap_or(0) <= width).collect();
    let options = Options::new(width)
        .word_separator(WordSeparator::Custom(cjk_words))
        .break_words(true);
    let mut out = Vec::new();
    for para in fits.split('\n') {
        if para.trim().is_empty() {
            out.push(String::new());
            continue;
        }
        out.extend(textwrap::wrap(para, &options).into_iter().map(|l| l.trim_end().to_string()));
    }
    // Trailing empty lines carry nothing.
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// Split a line into words textwrap may break between: a run of narrow
/// characters up to its spaces, or one wide character, with closing
/// punctuation kept on the word before and opening on the word after.
fn cjk_words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    let mut in_space = false;
    for (i, c) in line.char_indices() {
        let wide = c.width().unwrap_or(0) > 1;
        let breakable = match prev {
            None => false,
            Some(p) => {
                let p_wide = p.width().unwrap_or(0) > 1;
                let boundary = (in_space && c != ' ') || wide || p_wide;
                boundary && !CLOSING.contains(c) && !OPENING.contains(p)
            }
        };
        if breakable && i > start {
            words.push(Word::from(&line[start..i]));
            start = i;
        }
        in_space = c == ' ';
        prev = Some(c);
    }
    if start < line.len() {
        words.push(Word::from(&line[start..]));
    }
    Box::new(words.into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_cjk_by_width_and_keeps_breaks() {
        assert_eq!(wrap("親愛的病友", 4), vec!["親愛", "的病", "友"]);
        assert_eq!(wrap("all three PCs", 9), vec!["all three", "PCs"]);
        assert_eq!(wrap("unbreakable", 4), vec!["unbr", "eaka", "ble"]);
        assert_eq!(wrap("看 NAS 也被", 5), vec!["看", "NAS", "也被"]);
        assert_eq!(wrap("ab\ncd", 10), vec!["ab", "cd"]);
        assert!(wrap("中", 1).is_empty());
        assert!(wrap("anything", 0).is_empty());
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // Width 4 would put 。 first on the second line if it could.
        let lines = wrap("診所說明。我們會", 4);
        assert!(lines.iter().all(|l| !l.starts_with('。') && !l.starts_with('，')), "{lines:?}");
        let lines = wrap("請撥「專線」聯絡，謝謝。", 6);
        for l in &lines {
            assert!(!l.starts_with(|c| CLOSING.contains(c)), "{lines:?}");
            assert!(!l.ends_with(|c| OPENING.contains(c)), "{lines:?}");
            assert!(l.width() <= 6, "{lines:?}");
        }
    }
}
