//! Knowing, without asking the database, that this process has committed something on SQLite:
//! every connection that may write gets a WAL hook, which SQLite calls after each commit —
//! once the commit is visible to other connections and its write lock released — and which
//! moves a process-wide counter (`count`). `cache::VersionCache` stamps its answers with it,
//! so a change made through this process is seen by the very next request without a query.
//!
//! The WAL hook is also how SQLite runs its automatic checkpoints, and setting our own hook
//! replaces that one; the hook therefore checkpoints itself, as SQLite's default does, once
//! the log holds `AUTOCHECKPOINT_FRAMES` pages.
//!
//! The counter is shared by every database this process opens: a commit on one file also
//! moves the stamp of another, which only costs a recomputation there, never a stale answer.

use std::ffi::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicU64, Ordering};

use libsqlite3_sys as ffi;
use sea_orm::sqlx::SqliteConnection;

/// SQLite's default `wal_autocheckpoint`.
const AUTOCHECKPOINT_FRAMES: c_int = 1000;

static COMMITS: AtomicU64 = AtomicU64::new(0);

/// How many commits connections of this process have made (only ever grows).
pub(crate) fn count() -> u64 {
    COMMITS.load(Ordering::Acquire)
}

/// Called by SQLite after each commit of a connection in WAL mode.
unsafe extern "C" fn after_commit(
    _arg: *mut c_void,
    db: *mut ffi::sqlite3,
    name: *const c_char,
    frames: c_int,
) -> c_int {
    COMMITS.fetch_add(1, Ordering::AcqRel);
    if frames >= AUTOCHECKPOINT_FRAMES {
        // SAFETY: `db` and `name` are the live handle and schema name SQLite passes to the
        // hook; a passive checkpoint from the hook is what SQLite's own default hook does.
        // Its result is ignored as SQLite ignores it: a busy checkpoint is retried next time.
        unsafe {
            ffi::sqlite3_wal_checkpoint(db, name);
        }
    }
    ffi::SQLITE_OK
}

/// Installs the hook on a newly opened connection (the pools' `after_connect`).
pub(crate) async fn watch(conn: &mut SqliteConnection) -> Result<(), sea_orm::sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    let raw = handle.as_raw_handle();
    // SAFETY: the handle is locked for the duration of the call, so no statement runs on it
    // concurrently; the hook is a plain function with no captured state, valid for the
    // whole program, so it can never outlive what it points to.
    unsafe {
        ffi::sqlite3_wal_hook(raw.as_ptr(), Some(after_commit), std::ptr::null_mut());
    }
    Ok(())
}
