//! What the roll-up keeps in memory between requests (`metrics_many`, `rollup`): each year's
//! rows with the generations they were read at, and each superior's plan with the digest of
//! its plan generations. Nothing kept is used once a generation moved.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use domain::branch::target::Term;

use super::review::TargetRow;
use super::year_rows::YearRows;
use crate::Db;

/// A kept year: (the subtree's path, the year, today).
pub(crate) type YearKey = (String, i32, NaiveDate);

/// Years, and plans, kept at most (a year of a subtree on a day; a superior's plan); beyond,
/// all of that kind are let go.
const KEPT_AT_MOST: usize = 64;

/// A digest of what a kept thing was read at (organizations with their paths or generations).
pub(super) fn digest(x: &impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

/// Puts `value` in `map`, letting everything go first when it is full.
fn put_bounded<K: Eq + Hash, V>(map: &Mutex<HashMap<K, V>>, key: K, value: V) {
    if let Ok(mut m) = map.lock() {
        if m.len() >= KEPT_AT_MOST && !m.contains_key(&key) {
            m.clear();
        }
        m.insert(key, value);
    }
}

/// A year's rows kept, with the subtree and generations they were read at.
pub(super) struct KeptYear {
    /// A digest of the subtree's organizations and paths (a move reads the year whole).
    pub tree: u64,
    pub gens: HashMap<i32, i64>,
    /// What [`super::metrics_many`]'s one-line stamp query gave for the same generations: while
    /// it gives the same, nothing in the subtree moved and the generations need not be read.
    pub stamp: Stamp,
    /// Each organization's chain of ancestors (root first), to add the rows up.
    pub paths: Arc<HashMap<i32, Vec<i32>>>,
    pub rows: Arc<YearRows>,
}

/// How many organizations a subtree has on the reference date, the sum of their generations
/// (each only rises) and the sum of their versions' ids (a move makes a new version).
pub(super) type Stamp = (i64, i64, i64);

/// What the roll-up keeps: its years by (subtree's path, year, today), how many were read
/// whole and in part, and its plans; shared by the clones of a `Db`.
#[derive(Default, Clone)]
pub(crate) struct Kept {
    years: Arc<Mutex<HashMap<YearKey, Arc<KeptYear>>>>,
    reads: Arc<[AtomicU64; 2]>,
    /// The roll-up's plans (resolutions, targets, values by hand), by the superior's path
    /// (`branch::rollup`).
    plans: Arc<Mutex<HashMap<String, Arc<KeptPlan>>>>,
}

impl Kept {
    pub(super) fn get(&self, key: &YearKey) -> Option<Arc<KeptYear>> {
        self.years.lock().ok()?.get(key).cloned()
    }

    pub(super) fn put(&self, key: YearKey, year: KeptYear) {
        put_bounded(&self.years, key, Arc::new(year));
    }

    /// The plan kept for the superior at `path`, if read at `digest`.
    pub(super) fn plan(&self, path: &str, digest: u64) -> Option<Arc<KeptPlan>> {
        let m = self.plans.lock().ok()?;
        m.get(path).filter(|p| p.digest == digest).cloned()
    }

    pub(super) fn put_plan(&self, path: String, plan: Arc<KeptPlan>) {
        put_bounded(&self.plans, path, plan);
    }

    pub(crate) fn forget(&self) {
        if let Ok(mut m) = self.years.lock() {
            m.clear();
        }
        if let Ok(mut m) = self.plans.lock() {
            m.clear();
        }
    }

    pub(super) fn count(&self, whole: bool) {
        self.reads[usize::from(!whole)].fetch_add(1, Ordering::Relaxed);
    }
}

impl Db {
    /// How many yearly reads of the roll-up were whole and how many in part (only the
    /// organizations changed since), since the start.
    pub fn rollup_reads(&self) -> (u64, u64) {
        let r = &self.kept.reads;
        (r[0].load(Ordering::Relaxed), r[1].load(Ordering::Relaxed))
    }
}

/// The subordinates' plan as the roll-up reads it, with the digest of their plan generations.
pub(crate) struct KeptPlan {
    pub digest: u64,
    /// organization → its resolutions (term, id)
    pub terms: HashMap<i32, Vec<(Term, i32)>>,
    /// resolution → its targets, in order
    pub targets: HashMap<i32, Vec<TargetRow>>,
    /// target → year → value entered by hand
    pub manual: HashMap<i32, BTreeMap<i32, f64>>,
}
