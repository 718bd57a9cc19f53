//! Normalising a draft before the personal-data checks, while keeping the
//! way back to the text the user typed.
//!
//! A Chinese input method often produces full-width digits and letters
//! (`０９１２－３４５－６７８`, `Ａ１２３４５６７８９`) and ideographic spaces; a person
//! separates digit groups with whatever is at hand (`‧`, `・`, `–`). The checks
//! match ASCII patterns, so each character is folded with NFKC, plus a small
//! table for the dashes and middle dots NFKC leaves alone. Every byte of the
//! folded text remembers the character of the original it came from, so a
//! finding is reported at, and highlights, what is actually on screen.

use unicode_normalization::UnicodeNormalization;

/// A folded text and, for each of its bytes, the original character's span.
pub struct Folded<'a> {
    pub original: &'a str,
    pub text: String,
    /// `(start, end)` byte offsets in `original` of the character that
    /// produced each byte of `text`. Empty when nothing was folded.
    spans: Vec<(u32, u32)>,
}

/// Characters NFKC keeps but a person types as a separator.
fn extra(c: char) -> Option<char> {
    match c {
        // hyphens, dashes, minus, the long-vowel mark an IME gives for "-"
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{30FC}' | '\u{FF70}' => Some('-'),
        // middle dots used between digit groups
        '\u{00B7}' | '\u{2027}' | '\u{2219}' | '\u{30FB}' | '\u{FF65}' => Some('.'),
        // the ideographic full stop is left alone: it ends Chinese sentences
        _ => None,
    }
}

impl<'a> Folded<'a> {
    pub fn new(original: &'a str) -> Folded<'a> {
        // Plain ASCII and ordinary CJK text fold to themselves; most drafts
        // need no table at all.
        let needs = original.chars().any(|c| !c.is_ascii() && (extra(c).is_some() || fold_changes(c)));
        if !needs {
            return Folded {
                original,
                text: original.to_string(),
                spans: Vec::new(),
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut spans = Vec::with_capacity(original.len());
        let mut buf = [0u8; 4];
        for (i, c) in original.char_indices() {
            let span = (i as u32, (i + c.len_utf8()) as u32);
            let before = text.len();
            if c.is_ascii() {
                text.push(c);
            } else if let Some(x) = extra(c) {
                text.push(x);
            } else {
                for d in std::iter::once(c).nfkc() {
                    text.push_str(d.encode_utf8(&mut buf));
                }
            }
            spans.extend(std::iter::repeat_n(span, text.len() - before));
        }
        Folded { original, text, spans }
    }

    /// The original byte span of the folded span `start..end`.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        if self.spans.is_empty() {
            return (start, end);
        }
        let s = self.spans.get(start).map_or(self.original.len(), |p| p.0 as usize);
        let e = if end == 0 {
            s
        } else {
            self.spans.get(end - 1).map_or(self.original.len(), |p| p.1 as usize)
        };
        (s, e.max(s))
    }
}

/// Whether NFKC changes this character.
fn fold_changes(c: char) -> bool {
    let mut it = std::iter::once(c).nfkc();
    !(it.next() == Some(c) && it.next().is_none())
}

/// One string folded the same way, for comparing profile values and names.
pub fn fold(s: &str) -> String {
    Folded::new(s).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_folds_and_maps_back() {
        let t = "電話０９１２－３４５－６７８。";
        let f = Folded::new(t);
        assert_eq!(f.text, "電話0912-345-678。");
        let s = f.text.find("0912").unwrap();
        let e = s + "0912-345-678".len();
        let (os, oe) = f.to_original(s, e);
        assert_eq!(&t[os..oe], "０９１２－３４５－６７８");
    }

    #[test]
    fn separators_and_spaces() {
        assert_eq!(fold("0912‧345・678"), "0912.345.678");
        assert_eq!(fold("F\u{3000}229–348—818"), "F 229-348-818");
        assert_eq!(fold("ｌｉｎ＠ｇｍａｉｌ．ｃｏｍ"), "lin@gmail.com");
        assert_eq!(fold("［診所名稱］｛x｝"), "[診所名稱]{x}");
    }

    #[test]
    fn plain_text_is_not_copied_into_a_table() {
        let f = Folded::new("本院已暫停療程 A123456789");
        assert!(f.spans.is_empty());
        assert_eq!(f.to_original(3, 9), (3, 9));
    }

    #[test]
    fn a_character_that_expands_maps_to_itself() {
        // ㈱ folds to "(株)": any part of it maps back to the one character.
        let t = "a㈱b";
        let f = Folded::new(t);
        assert_eq!(f.text, "a(株)b");
        assert_eq!(f.to_original(1, 2), (1, 4));
        assert_eq!(f.to_original(f.text.len(), f.text.len()), (t.len(), t.len()));
    }
}
