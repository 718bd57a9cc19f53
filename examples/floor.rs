//! The floor `benches/pty.rs` measures crisisdesk against: the least a
//! program built on the same crates does to show the same kind of screen.
//! It opens the database, reads a page of the timeline, and draws four
//! bordered panes and an editor; keys go into the editor; Esc quits.
//!
//! `cargo run --release --example floor -- DB`

use std::io;

use crossterm::event::{self, Event, KeyCode, KeyEventKind};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui_textarea::{TextArea, WrapMode};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: floor DB")?;
    let conn = rusqlite::Connection::open(path)?;
    let rows: Vec<String> = conn
        .prepare("SELECT data FROM timeline_entry ORDER BY id DESC LIMIT 40")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut editor = TextArea::new(vec!["本診所已於今日上午發現預約系統異常。".to_string(); 3]);
    editor.set_wrap_mode(WrapMode::WordOrGlyph);
    enable_raw_mode()?;
    crossterm::execute!(io::stdout(), EnterAlternateScreen)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let result = (|| -> io::Result<()> {
        loop {
            terminal.draw(|f| {
                let [top, bottom] = Layout::vertical([Constraint::Percentage(50); 2]).areas(f.area());
                let [a, b] = Layout::horizontal([Constraint::Percentage(50); 2]).areas(top);
                let [c, d] = Layout::horizontal([Constraint::Percentage(50); 2]).areas(bottom);
                for (r, t) in [(a, "Incident"), (b, "Roles"), (d, "Timeline")] {
                    let block = Block::default().borders(Borders::ALL).title(t);
                    f.render_widget(Paragraph::new(rows.join("\n")).block(block), r);
                }
                f.render_widget(&editor, c);
            })?;
            if let Event::Key(k) = event::read()?
                && k.kind == KeyEventKind::Press
            {
                if k.code == KeyCode::Esc {
                    return Ok(());
                }
                editor.input(k);
            }
        }
    })();
    disable_raw_mode()?;
    crossterm::execute!(io::stdout(), LeaveAlternateScreen)?;
    Ok(result?)
}
