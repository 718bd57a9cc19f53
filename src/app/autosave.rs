//! The autosave, kept off the keystroke.
//!
//! Saving a long draft writes and fsyncs hundreds of kilobytes; done in the
//! update step, a key that arrived meanwhile waited for the disk. With a
//! database file, the autosave hands the text to a worker that has its own
//! connection, and the tick applies the answer when it comes.
//!
//! Saves stay in order: whatever else writes the draft (leaving the editor,
//! opening another statement, quitting, the record being replaced) first
//! waits for the save in flight, and only one is ever in flight, so an older
//! text can never land after a newer one. The worker also refuses to write
//! into a record that is no longer the one the console opened (a restore
//! renewed its generation, or another file took its path), as the console
//! refuses for itself. An in-memory record has no file to open twice; its
//! autosave stays in the update step.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use chrono::{DateTime, Utc};

use crate::error::Msg;
use crate::store::{FileId, Store, StoreError, file_id};

/// One draft to save, and the record it belongs in.
pub struct Job {
    pub id: i64,
    pub body: String,
    pub at: DateTime<Utc>,
    pub generation: String,
    pub file: Option<FileId>,
}

/// How a save went.
pub struct Saved {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub result: Result<(), StoreError>,
}

struct Worker {
    jobs: Option<Sender<Job>>,
    answers: Receiver<Saved>,
    thread: Option<JoinHandle<()>>,
}

pub struct Saver {
    path: Option<PathBuf>,
    /// Started with the first save; `None` inside when it could not be.
    worker: Option<Option<Worker>>,
    /// The save sent and not yet answered: (statement, time).
    in_flight: Option<(i64, DateTime<Utc>)>,
}

impl Saver {
    /// A saver for the record at `path`; `None` (in memory) saves nothing
    /// itself and every `ask` hands the job back.
    pub fn new(path: Option<PathBuf>) -> Saver {
        Saver {
            path,
            worker: None,
            in_flight: None,
        }
    }

    pub fn in_flight(&self) -> bool {
        self.in_flight.is_some()
    }

    /// Send a save to the worker. The job comes back when there is no
    /// worker to take it (no file, the thread could not start or has
    /// stopped), or one is already in flight: the caller then saves it
    /// itself or waits.
    pub fn ask(&mut self, job: Job) -> Result<(), Job> {
        if self.in_flight.is_some() {
            return Err(job);
        }
        let Some(path) = self.path.clone() else { return Err(job) };
        let Some(worker) = self.worker.get_or_insert_with(|| spawn(path)) else {
            return Err(job);
        };
        let Some(jobs) = &worker.jobs else { return Err(job) };
        let (id, at) = (job.id, job.at);
        match jobs.send(job) {
            Ok(()) => {
                self.in_flight = Some((id, at));
                Ok(())
            }
            Err(back) => {
                self.worker = Some(None);
                Err(back.0)
            }
        }
    }

    /// The answer to the save in flight, if it has come.
    pub fn poll(&mut self) -> Option<Saved> {
        let (id, at) = self.in_flight?;
        let answers = &self.worker.as_ref()?.as_ref()?.answers;
        match answers.try_recv() {
            Ok(saved) => {
                self.in_flight = None;
                Some(saved)
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.in_flight = None;
                Some(stopped(id, at))
            }
        }
    }

    /// Wait for the answer to the save in flight (none: `None` at once).
    pub fn wait(&mut self) -> Option<Saved> {
        let (id, at) = self.in_flight.take()?;
        let answer = self.worker.as_ref().and_then(|w| w.as_ref()).and_then(|w| w.answers.recv().ok());
        Some(answer.unwrap_or_else(|| stopped(id, at)))
    }
}

impl Drop for Saver {
    /// A save under way finishes before the console's process may end.
    fn drop(&mut self) {
        if let Some(Some(w)) = &mut self.worker {
            w.jobs = None;
            if let Some(t) = w.thread.take() {
                let _ = t.join();
            }
        }
    }
}

fn stopped(id: i64, at: DateTime<Utc>) -> Saved {
    Saved {
        id,
        at,
        result: Err(StoreError::Io(Msg::new("error.autosave_stopped"))),
    }
}

fn spawn(path: PathBuf) -> Option<Worker> {
    let (jobs, inbox) = channel::<Job>();
    let (outbox, answers) = channel::<Saved>();
    let thread = std::thread::Builder::new()
        .name("autosave".into())
        .spawn(move || {
            let mut open: Option<(Store, Option<FileId>)> = None;
            while let Ok(job) = inbox.recv() {
                let result = save(&mut open, &path, &job);
                let saved = Saved {
                    id: job.id,
                    at: job.at,
                    result,
                };
                if outbox.send(saved).is_err() {
                    return;
                }
            }
        })
        .ok()?;
    Some(Worker {
        jobs: Some(jobs),
        answers,
        thread: Some(thread),
    })
}

/// Save `job` through the worker's connection, opened on first use and
/// again when the console moved to another file.
fn save(open: &mut Option<(Store, Option<FileId>)>, path: &std::path::Path, job: &Job) -> Result<(), StoreError> {
    // The file at the path must still be the console's, or the draft
    // would go into another record (or, opening, create one).
    let here = file_id(path);
    if here != job.file {
        return Err(StoreError::invalid("invalid.record_replaced"));
    }
    if open.as_ref().is_some_and(|(_, f)| *f != here) {
        *open = None;
    }
    let store = match open {
        Some((s, _)) => s,
        None => &mut open.insert((Store::open(path, false)?, here)).0,
    };
    store.autosave_draft(&job.generation, job.id, &job.body, std::process::id(), job.at)
}
