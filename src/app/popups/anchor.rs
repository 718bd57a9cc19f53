//! A record anchor just given, to be written down or photographed: the
//! digest large enough to copy, and the QR code when the screen has room.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::action::Action;
use crate::app::App;
use crate::app::layer::{Layer, Outcome};
use crate::keymap::Ctx;
use crate::store::Anchor;
use crate::ui::{centered, frame, theme};

pub struct AnchorNotice {
    pub anchor: Anchor,
    pub qr: Vec<String>,
}

impl AnchorNotice {
    /// The QR code carries the digest and when it was given, so a photo of
    /// it is enough to check the record later.
    pub fn new(anchor: Anchor, tz: crate::domain::zone::Zone) -> AnchorNotice {
        let at = anchor.created_at.with_timezone(&tz).format("%Y-%m-%d %H:%M");
        let qr = crate::domain::chain::anchor_qr(&format!("crisisdesk anchor {} {at}", anchor.digest));
        AnchorNotice { anchor, qr }
    }
}

impl Layer for AnchorNotice {
    fn ctx(&self) -> Ctx {
        Ctx::Viewer
    }

    fn handle(&mut self, _app: &mut App, _action: Action) -> Outcome {
        Outcome::Keep
    }

    fn draw(&self, f: &mut Frame, app: &App, area: Rect) {
        let tr = app.tr;
        let at = self.anchor.created_at.with_timezone(&app.tz).format("%Y-%m-%d %H:%M").to_string();
        let qr_w = self.qr.first().map_or(0, |l| l.width()) as u16;
        let show_qr = !self.qr.is_empty() && area.height >= self.qr.len() as u16 + 10 && area.width >= qr_w + 4;
        let h = if show_qr { self.qr.len() as u16 + 9 } else { 9 };
        let r = centered(area, 76.max(qr_w + 4), h);
        let inner = frame(f, r, tr.t("anchor.title"));
        let mut lines = vec![
            Line::from(Span::styled(
                tr.f(
                    "anchor.digest",
                    &[
                        ("digest", &self.anchor.digest),
                        ("at", &at),
                        ("n", &self.anchor.incidents.to_string()),
                    ],
                ),
                theme::bold().fg(theme::WARN),
            )),
            Line::from(""),
            Line::from(tr.t("anchor.body")),
        ];
        if show_qr {
            lines.push(Line::from(""));
            lines.extend(self.qr.iter().map(|l| Line::from(l.clone())));
        }
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }
}
