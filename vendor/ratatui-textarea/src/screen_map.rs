use crate::cursor::{DataCursor, ScreenCursor};
use crate::textarea::TextArea;
use crate::util::{char_width, num_digits};
use crate::wrap::{WrapMode, WrappedLine, effective_wrap_width, wrapped_rows};

#[derive(Debug, Clone, Copy)]
pub(crate) struct ScreenLine {
    pub wrapped: WrappedLine,
    pub screen_width: usize,
    pub cursor_max_col: usize,
}

/// What the screen map was built from (crisisdesk patch): the text as it
/// was, and the layout parameters. With them an edit is mapped by re-wrapping
/// only the lines between the unchanged head and tail of the text.
#[derive(Debug, Clone, Default)]
pub(crate) struct MapCache {
    lines: Vec<String>,
    params: Option<(Option<usize>, WrapMode, u8, Option<char>)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DataLine {
    pub first_screen_line: usize,
    pub screen_line_count: usize,
    pub pure_ascii: bool,
}

fn is_pure_ascii(line: &str) -> bool {
    line.is_ascii() && !line.contains('\t')
}

fn char_display_width(c: char, col: usize, tab_len: u8, mask: Option<char>) -> usize {
    // A masked line is drawn as one mask character per char, so each char is as wide as the mask.
    if let Some(mask) = mask {
        char_width(mask)
    } else if c == '\t' {
        let tab = tab_len.max(1) as usize;
        let pad = tab - (col % tab);
        pad.max(1)
    } else {
        char_width(c)
    }
}

fn display_width(text: &str, tab_len: u8, mask: Option<char>) -> usize {
    let mut col = 0usize;
    for c in text.chars() {
        col += char_display_width(c, col, tab_len, mask);
    }
    col
}

fn screen_col_for_char_offset(
    text: &str,
    char_offset: usize,
    tab_len: u8,
    mask: Option<char>,
) -> usize {
    let mut col = 0usize;
    for c in text.chars().take(char_offset) {
        col += char_display_width(c, col, tab_len, mask);
    }
    col
}

fn char_offset_for_screen_col(
    text: &str,
    screen_col: usize,
    tab_len: u8,
    mask: Option<char>,
) -> usize {
    let mut col = 0usize;
    let mut chars = 0usize;
    for c in text.chars() {
        if col >= screen_col {
            break;
        }
        let width = char_display_width(c, col, tab_len, mask);
        if col + width > screen_col {
            break;
        }
        col += width;
        chars += 1;
    }
    chars
}

impl TextArea<'_> {
    fn wrap_width(&self) -> Option<usize> {
        if self.wrap_mode() != WrapMode::None {
            let width = self.area.get().width;
            if width > 0 {
                let line_number_len = self
                    .line_number_style()
                    .map(|_| num_digits(self.lines.len()));
                Some(effective_wrap_width(width, line_number_len))
            } else {
                None
            }
        } else {
            None
        }
    }

    fn map_params(&self) -> (Option<usize>, WrapMode, u8, Option<char>) {
        (self.wrap_width(), self.wrap_mode(), self.tab_length(), self.mask_char())
    }

    /// The screen lines of `lines[first..]`, numbered from `first`.
    fn map_rows(&self, lines: &[String], first: usize) -> Vec<ScreenLine> {
        let mut rows = match self.wrap_width() {
            Some(width) => wrapped_rows(lines, self.wrap_mode(), width, self.tab_length(), self.mask_char()),
            None => lines
                .iter()
                .enumerate()
                .map(|(row, line)| WrappedLine {
                    row,
                    start_byte: 0,
                    end_byte: line.len(),
                    start_col: 0,
                    end_col: line.chars().count(),
                    first_in_row: true,
                    last_in_row: true,
                })
                .collect(),
        };
        rows.iter_mut().for_each(|w| w.row += first);
        rows.into_iter()
            .map(|wrapped| {
                let fragment = &lines[wrapped.row - first][wrapped.start_byte..wrapped.end_byte];
                let char_count = wrapped.end_col.saturating_sub(wrapped.start_col);
                let cursor_max_col = if wrapped.last_in_row {
                    display_width(fragment, self.tab_length(), self.mask_char())
                } else {
                    screen_col_for_char_offset(fragment, char_count.saturating_sub(1), self.tab_length(), self.mask_char())
                };
                ScreenLine {
                    wrapped,
                    screen_width: display_width(fragment, self.tab_length(), self.mask_char()),
                    cursor_max_col,
                }
            })
            .collect()
    }

    /// The map must be built again before its next use (crisisdesk patch:
    /// built lazily, so a text area made and configured in several steps,
    /// then drawn, wraps its text once, at the width it is drawn at).
    pub(crate) fn screen_map_load(&self) {
        self.map_cache.borrow_mut().params = None;
    }

    pub(crate) fn ensure_screen_map_for_widget(&self) {
        self.ensure_screen_map();
    }

    /// Build the map now if it is not up to date with the text's layout.
    fn ensure_screen_map(&self) {
        if self.map_cache.borrow().params != Some(self.map_params()) {
            self.screen_map_build();
        }
    }

    fn screen_map_build(&self) {
        let screen_lines = self.map_rows(&self.lines, 0);
        let mut data_pointers = vec![DataLine::default(); self.lines.len()];
        for (screen_idx, sl) in screen_lines.iter().enumerate() {
            let row = sl.wrapped.row;
            if data_pointers[row].screen_line_count == 0 {
                data_pointers[row].first_screen_line = screen_idx;
                data_pointers[row].pure_ascii = is_pure_ascii(&self.lines[row]);
            }
            data_pointers[row].screen_line_count += 1;
        }
        *self.screen_lines.borrow_mut() = screen_lines;
        *self.data_pointers.borrow_mut() = data_pointers;
        *self.map_cache.borrow_mut() = MapCache {
            lines: self.lines.clone(),
            params: Some(self.map_params()),
        };
    }

    /// After an edit: re-wrap only the lines between the unchanged head and
    /// tail of the text and splice them in. Finding the head and tail
    /// compares strings (a memory comparison); the wrapping, which measures
    /// every character, is done for the changed lines alone.
    pub(crate) fn screen_map_update(&self) {
        let params = self.map_params();
        let mut cache = self.map_cache.borrow_mut();
        if cache.params != Some(params) {
            // Not built, or built for another layout: the next use builds it.
            cache.params = None;
            return;
        }
        let (old, new) = (&cache.lines, &self.lines);
        let head = old.iter().zip(new.iter()).take_while(|(a, b)| a == b).count();
        let max_tail = old.len().min(new.len()) - head;
        let tail = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(max_tail)
            .take_while(|(a, b)| a == b)
            .count();
        let (old_end, new_end) = (old.len() - tail, new.len() - tail);
        if head == old_end && head == new_end {
            return;
        }
        let mut screen_lines = self.screen_lines.borrow_mut();
        let mut data_pointers = self.data_pointers.borrow_mut();
        // The old screen lines of the changed rows.
        let first_screen = data_pointers
            .get(head)
            .map_or(screen_lines.len(), |d| d.first_screen_line);
        let end_screen = if old_end < data_pointers.len() {
            data_pointers[old_end].first_screen_line
        } else {
            screen_lines.len()
        };
        let fresh = self.map_rows(&new[head..new_end], head);
        let row_shift = new_end as isize - old_end as isize;
        let screen_shift = fresh.len() as isize - (end_screen - first_screen) as isize;
        let mut fresh_pointers = vec![DataLine::default(); new_end - head];
        for (i, sl) in fresh.iter().enumerate() {
            let d = &mut fresh_pointers[sl.wrapped.row - head];
            if d.screen_line_count == 0 {
                d.first_screen_line = first_screen + i;
                d.pure_ascii = is_pure_ascii(&new[sl.wrapped.row]);
            }
            d.screen_line_count += 1;
        }
        let after = first_screen + fresh.len();
        screen_lines.splice(first_screen..end_screen, fresh);
        if row_shift != 0 {
            for sl in &mut screen_lines[after..] {
                sl.wrapped.row = sl.wrapped.row.saturating_add_signed(row_shift);
            }
        }
        data_pointers.splice(head..old_end, fresh_pointers);
        if screen_shift != 0 {
            for d in &mut data_pointers[new_end..] {
                d.first_screen_line = d.first_screen_line.saturating_add_signed(screen_shift);
            }
        }
        cache.lines.splice(head..old_end, new[head..new_end].iter().cloned());
    }

    pub(crate) fn screen_lines_count(&self) -> usize {
        self.ensure_screen_map();
        self.screen_lines.borrow().len()
    }

    pub(crate) fn screen_line_width(&self, row: usize) -> usize {
        self.ensure_screen_map();
        self.screen_lines.borrow()[row].screen_width
    }

    pub(crate) fn screen_line_max_cursor_col(&self, row: usize) -> usize {
        self.ensure_screen_map();
        self.screen_lines.borrow()[row].cursor_max_col
    }

    pub(crate) fn screen_line(&self, row: usize) -> ScreenLine {
        self.ensure_screen_map();
        self.screen_lines.borrow()[row]
    }

    pub(crate) fn screen_to_array(&self, screen: ScreenCursor) -> DataCursor {
        if let Some(dc) = screen.dc {
            return dc;
        }

        let line = self.screen_line(screen.row);
        let fragment =
            &self.lines[line.wrapped.row][line.wrapped.start_byte..line.wrapped.end_byte];
        let char_offset =
            char_offset_for_screen_col(fragment, screen.col, self.tab_length(), self.mask_char());
        DataCursor(line.wrapped.row, line.wrapped.start_col + char_offset)
    }

    pub(crate) fn array_to_screen(&self, array: DataCursor) -> ScreenCursor {
        self.ensure_screen_map();
        let data_line = &self.data_pointers.borrow()[array.0];
        let screen_lines = self.screen_lines.borrow();

        let mut screen_idx = data_line.first_screen_line;
        for idx in
            data_line.first_screen_line..data_line.first_screen_line + data_line.screen_line_count
        {
            let line = screen_lines[idx];
            let contains = if line.wrapped.last_in_row {
                line.wrapped.start_col <= array.1 && array.1 <= line.wrapped.end_col
            } else {
                line.wrapped.start_col <= array.1 && array.1 < line.wrapped.end_col
            };
            if contains {
                screen_idx = idx;
                break;
            }
        }

        let line = screen_lines[screen_idx];
        let fragment = &self.lines[array.0][line.wrapped.start_byte..line.wrapped.end_byte];
        let char_offset = array.1.saturating_sub(line.wrapped.start_col);
        let col =
            screen_col_for_char_offset(fragment, char_offset, self.tab_length(), self.mask_char());

        ScreenCursor {
            row: screen_idx,
            col,
            char: self.lines[array.0].chars().nth(array.1),
            dc: Some(array),
        }
    }

    pub(crate) fn data_cursor(&self, screen: ScreenCursor) -> DataCursor {
        screen.to_array_cursor(self)
    }

    pub(crate) fn increment_screen_cursor(&self, screen: ScreenCursor) -> ScreenCursor {
        let dc = self.data_cursor(screen);
        self.array_to_screen(DataCursor(dc.0, dc.1 + 1))
    }

    pub(crate) fn decrement_screen_cursor(&self, screen: ScreenCursor) -> ScreenCursor {
        let dc = self.data_cursor(screen);
        self.array_to_screen(DataCursor(dc.0, dc.1 - 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui_core::layout::Rect;

    fn make_textarea(lines: &[&str], wrap_mode: WrapMode, width: u16) -> TextArea<'static> {
        let mut textarea = TextArea::from(lines.iter().copied());
        textarea.set_wrap_mode(wrap_mode);
        textarea.area.set(Rect {
            x: 0,
            y: 0,
            width,
            height: 40,
        });
        textarea.screen_map_load();
        textarea
    }

    fn assert_round_trips(textarea: &TextArea<'_>) {
        for (row, line) in textarea.lines.iter().enumerate() {
            for col in 0..=line.chars().count() {
                let dc = DataCursor(row, col);
                let sc = textarea.array_to_screen(dc);
                assert_eq!(textarea.screen_to_array(sc), dc);

                let detached = ScreenCursor { dc: None, ..sc };
                assert_eq!(textarea.screen_to_array(detached), dc);
                assert_eq!(
                    textarea.array_to_screen(textarea.screen_to_array(detached)),
                    sc
                );
            }
        }
    }

    #[test]
    fn screen_map_round_trips_ascii_word_wrap() {
        let textarea = make_textarea(
            &[
                "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
                "Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.",
            ],
            WrapMode::Word,
            24,
        );

        assert!(textarea.screen_lines_count() > textarea.lines.len());
        assert_round_trips(&textarea);
    }

    #[test]
    fn screen_map_round_trips_cjk_glyph_wrap() {
        let textarea = make_textarea(
            &["混合中文字符和ASCIIabc来验证屏幕坐标与数据坐标的往返转换。"],
            WrapMode::Glyph,
            12,
        );

        assert!(textarea.screen_lines_count() > textarea.lines.len());
        assert_round_trips(&textarea);
    }

    #[test]
    fn screen_map_round_trips_multilingual_word_or_glyph_wrap() {
        let textarea = make_textarea(
            &[
                "ASCII and русский текст can share one buffer.",
                "第二行 mixed-width 内容 with English words.",
            ],
            WrapMode::WordOrGlyph,
            18,
        );

        assert!(textarea.screen_lines_count() > textarea.lines.len());
        assert_round_trips(&textarea);
    }
}
