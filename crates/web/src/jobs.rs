//! Long work started from a page (the bulk appraisal of hundreds of dossiers): run in the
//! background, its progress kept here so that a page can show a progress bar and refresh until
//! it is done. Only the user who started a job may see it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

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
    /// A file the job made for its owner (the sheet of initial passwords): name and PDF bytes,
    /// kept in this process's memory only.
    pub file: Option<Arc<(String, Vec<u8>)>>,
}

impl Progress {
    pub fn percent(&self) -> usize {
        match (self.done * 100).checked_div(self.total) {
            Some(p) => p,
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
    /// Registers a job and returns its number.
    pub fn start(&self, p: Progress) -> u64 {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        if let Ok(mut m) = self.map.lock() {
            m.insert(id, p);
        }
        id
    }

    pub fn update(&self, id: u64, f: impl FnOnce(&mut Progress)) {
        if let Ok(mut m) = self.map.lock()
            && let Some(p) = m.get_mut(&id)
        {
            f(p);
        }
    }

    /// The job, if `owner` started it.
    pub fn get(&self, id: u64, owner: &str) -> Option<Progress> {
        let m = self.map.lock().ok()?;
        m.get(&id).filter(|p| p.owner == owner).cloned()
    }
}
