//! The console's side of preparedness: loading the starter register and
//! inventory the first time, and reading what the preparedness view shows
//! (the same `Readiness` the readiness page is written from).

use super::App;
use crate::domain::prepare::builtin;
use crate::report::readiness::Readiness;

impl App {
    /// Load the starter files into the database if they are not there yet
    /// (saying so), then read the view.
    pub fn open_prepare(&mut self) {
        let starter = match builtin(self.content) {
            Ok(s) => s,
            Err(e) => return self.refuse(self.tr.f("status.content_damaged", &[("detail", &e)])),
        };
        match self.store.load_preparedness(starter, self.now, self.tz) {
            Ok(true) => self.info(self.tr.f(
                "prepare.loaded",
                &[
                    ("risks", &starter.risks.len().to_string()),
                    ("entries", &starter.entries.len().to_string()),
                ],
            )),
            Ok(false) => {}
            Err(e) => return self.fail(e),
        }
        self.load_prepare();
    }

    /// Read the view again (after a write, or another console's).
    pub fn load_prepare(&mut self) {
        let starter = match builtin(self.content) {
            Ok(s) => s,
            Err(e) => return self.refuse(self.tr.f("status.content_damaged", &[("detail", &e)])),
        };
        match Readiness::load(&self.store, self.content, starter, self.lang, self.tz, self.now) {
            Ok(r) => self.prepare = Some(r),
            Err(e) => self.fail(e),
        }
    }
}
