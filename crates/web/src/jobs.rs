//! Long work started from a page (the bulk appraisal of hundreds of dossiers, the register of a
//! country as .csv): run in the background, its progress kept here so that a page can show a
//! progress bar and refresh until it is done. Only the user who started a job may see it. A
//! finished job, and the file it made, are forgotten an hour after it ended.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a finished job (and its file) is kept.
const KEEP_FINISHED: Duration = Duration::from_secs(3600);

/// A file a job made for its owner.
#[derive(Debug)]
pub struct JobFile {
    /// The name it is saved under.
    pub name: String,
    pub content_type: &'static str,
    pub body: FileBody,
}

/// Where a job's file is: in this process's memory (a sheet of passwords), or on disk for a
/// large one (a register of millions of lines), deleted when the job is forgotten.
#[derive(Debug)]
pub enum FileBody {
    Memory(Vec<u8>),
    Disk(tempfile::TempPath),
}

/// One job's progress.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    pub owner: String,
    /// Where the page returns to when done.
    pub back: String,
    pub title: String,
    pub done: usize,
    pub total: usize,
    /// The outcome, in Vietnamese, once finished (or the error).
    pub outcome: Option<String>,
    /// The label of the link back (`back`).
    pub back_label: String,
    /// A file the job made for its owner (the sheet of initial passwords, a register), kept
    /// by this process only.
    pub file: Option<Arc<JobFile>>,
    /// When the outcome was set.
    pub finished: Option<Instant>,
}

impl Progress {
    pub fn percent(&self) -> usize {
        match (self.done * 100).checked_div(self.total) {
            // A count made before the work started may be passed (a member added meanwhile).
            Some(p) => p.min(100),
            None if self.outcome.is_some() => 100,
            None => 0,
        }
    }
}

/// The jobs of this server process.
#[derive(Clone, Default)]
pub struct Jobs {
    map: Arc<Mutex<HashMap<u64, Progress>>>,
    next: Arc<AtomicU64>,
}

impl Jobs {
    /// Registers a job and returns its number; jobs finished over an hour ago are forgotten.
    pub fn start(&self, p: Progress) -> u64 {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        if let Ok(mut m) = self.map.lock() {
            m.retain(|_, j| j.finished.is_none_or(|at| at.elapsed() < KEEP_FINISHED));
            m.insert(id, p);
        }
        id
    }

    /// Changes a job's progress; setting its outcome marks it finished.
    pub fn update(&self, id: u64, f: impl FnOnce(&mut Progress)) {
        if let Ok(mut m) = self.map.lock()
            && let Some(p) = m.get_mut(&id)
        {
            f(p);
            if p.outcome.is_some() && p.finished.is_none() {
                p.finished = Some(Instant::now());
            }
        }
    }

    /// The job, if `owner` started it.
    pub fn get(&self, id: u64, owner: &str) -> Option<Progress> {
        let m = self.map.lock().ok()?;
        m.get(&id).filter(|p| p.owner == owner).cloned()
    }
}
