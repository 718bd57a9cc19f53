//! The live checks on the editor's text, kept off the keystroke.
//!
//! A short draft is checked in the update step (a few hundred microseconds).
//! A long one is checked on a worker thread: the update step hands it a
//! copy of the text and goes on; the tick picks the answer up when it comes
//! and uses it only if the text is still the one that was checked. Typing
//! never waits for the checks, and the screen shows the last answer until
//! the next one arrives. Sign-off and release do not rely on this: they
//! check the exact text again, synchronously, before anything is recorded.
//!
//! The character count is kept per line, so a keystroke recounts one line.

use std::sync::mpsc::{Receiver, Sender, channel};

use crate::domain::lint::{self, Finding, LintContext, Rules};
use crate::i18n::Lang;

/// Texts up to this many bytes are checked at once, in the update step.
pub const INLINE_BYTES: usize = 16 * 1024;
/// A long text is checked again once typing rests this long…
pub const REST_MS: i64 = 300;
/// …or, while it goes on, at most this often.
pub const EVERY_MS: i64 = 2000;

struct Job {
    generation: u64,
    text: String,
    context: LintContext,
    lang: Lang,
}

/// What the worker found for one generation of the text.
pub struct Answer {
    pub generation: u64,
    pub findings: Vec<Finding>,
}

/// The worker and what is asked of it.
#[derive(Default)]
pub struct Checker {
    /// Started with the first long text; `Some(None)` when it could not be.
    worker: Option<Option<(Sender<Job>, Receiver<Answer>)>>,
    /// The generation last sent and not yet answered.
    pub in_flight: Option<u64>,
}

impl Checker {
    /// Ask for `text` to be checked; the answer comes through `poll`.
    /// False when there is no worker to ask (the thread could not start):
    /// then the caller checks the text itself.
    pub fn ask(&mut self, generation: u64, text: String, context: LintContext, lang: Lang) -> bool {
        let Some((jobs, _)) = self.worker.get_or_insert_with(spawn) else {
            return false;
        };
        let job = Job {
            generation,
            text,
            context,
            lang,
        };
        if jobs.send(job).is_ok() {
            self.in_flight = Some(generation);
            true
        } else {
            self.worker = None;
            false
        }
    }

    /// The newest answer that has arrived, if any.
    pub fn poll(&mut self) -> Option<Answer> {
        let (_, answers) = self.worker.as_ref()?.as_ref()?;
        let mut newest = None;
        while let Ok(a) = answers.try_recv() {
            newest = Some(a);
        }
        if let Some(a) = &newest
            && self.in_flight == Some(a.generation)
        {
            self.in_flight = None;
        }
        newest
    }
}

fn spawn() -> Option<(Sender<Job>, Receiver<Answer>)> {
    let (jobs, inbox) = channel::<Job>();
    let (outbox, answers) = channel::<Answer>();
    std::thread::Builder::new()
        .name("checks".into())
        .spawn(move || {
            while let Ok(mut job) = inbox.recv() {
                // Only the newest text is worth checking.
                while let Ok(newer) = inbox.try_recv() {
                    job = newer;
                }
                let findings = match Rules::builtin() {
                    Ok(rules) => lint::lint(&job.text, &job.context, rules, job.lang),
                    Err(_) => Vec::new(),
                };
                if outbox
                    .send(Answer {
                        generation: job.generation,
                        findings,
                    })
                    .is_err()
                {
                    return;
                }
            }
        })
        .ok()?;
    Some((jobs, answers))
}

/// The character count of a text kept line by line: a change recounts only
/// the lines whose text changed.
#[derive(Default)]
pub struct LineCounts {
    lines: Vec<(String, usize)>,
    total: usize,
}

impl LineCounts {
    /// Bring the count up to date with `lines`; returns the total, counted
    /// as `lint::count_chars` counts (a CJK character or an English word is one).
    pub fn update(&mut self, lines: &[String]) -> usize {
        self.lines.truncate(lines.len());
        for (i, line) in lines.iter().enumerate() {
            match self.lines.get_mut(i) {
                Some((cached, n)) if cached == line => {
                    let _ = n;
                }
                Some(slot) => *slot = (line.clone(), lint::count_chars(line)),
                None => self.lines.push((line.clone(), lint::count_chars(line))),
            }
        }
        self.total = self.lines.iter().map(|(_, n)| n).sum();
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_counts_follow_every_change() {
        let mut c = LineCounts::default();
        let mut lines = vec!["本診所".to_string(), "we are sorry".to_string()];
        assert_eq!(c.update(&lines), 6);
        lines[1].push_str(" today");
        assert_eq!(c.update(&lines), 7);
        lines.insert(0, "一二".into());
        assert_eq!(c.update(&lines), 9);
        lines.truncate(1);
        assert_eq!(c.update(&lines), 2);
        let whole = lines.join("\n");
        assert_eq!(c.update(&lines), lint::count_chars(&whole));
    }

    #[test]
    fn the_worker_answers_with_the_generation_it_checked() {
        let mut c = Checker::default();
        c.ask(7, "病患身分證 A123456789".into(), LintContext::default(), Lang::Zh);
        let t = std::time::Instant::now();
        let answer = loop {
            if let Some(a) = c.poll() {
                break a;
            }
            assert!(t.elapsed() < std::time::Duration::from_secs(10), "no answer");
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        assert_eq!(answer.generation, 7);
        assert!(answer.findings.iter().any(|f| f.kind == "national-id"));
        assert_eq!(c.in_flight, None);
    }
}
