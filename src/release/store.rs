//! The text folder as a store: one writer at a time, files made durable before they count,
//! and an interrupted `release --apply` finished or undone at the next start.
//!
//! `release --apply` never moves the text folder (so a symlinked `--text` or a mount point
//! is updated in place, and there is no moment at which the folder is missing). It writes
//! the new version's folder as `history/.new-<version>/` and each new document beside the
//! old as `.<file>.new-<version>`, makes them durable (fsync of each file and folder),
//! then renames `history/.new-<version>` to `history/<version>`: that rename is the commit
//! point. It then renames each new document over the old. A process killed before the
//! commit point leaves leftovers that are removed (the old version stands); killed after,
//! leftovers that are renamed into place (the new version stands). Either way every read
//! first takes the lock and settles the folder, so no reader sees a mixture.

use super::record::VERSION_FILE;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The lock file in the text folder (a writer creates it; it is never removed, since removing
/// a lock file lets two processes each hold "the" lock).
pub(crate) const LOCK_FILE: &str = ".sec-redline.lock";
/// How long a command waits for another to finish with the text folder.
const WAIT: Duration = Duration::from_secs(120);

/// The folder the history lives in, inside the text folder.
pub(crate) const HISTORY_DIR: &str = "history";
const STAGING_PREFIX: &str = ".new-";

/// An exclusive hold on a text folder; released when dropped.
#[derive(Debug)]
pub(crate) struct Lock {
    _file: Option<File>,
}

/// Why the store could not be used.
#[derive(Debug)]
pub(crate) enum StoreError {
    /// Another command held the lock for longer than we wait.
    Busy(PathBuf),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Busy(p) => write!(
                f,
                "another sec-redline command has been using {} for over {} s",
                p.display(),
                WAIT.as_secs()
            ),
            StoreError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |e| StoreError::Io(path.to_path_buf(), e)
}

/// Takes the text folder's lock, waiting for another holder to finish. `create`: a writer
/// makes the lock file if it is missing; a reader of a folder no writer has touched (no lock
/// file, or a folder it cannot write) goes on without one.
pub(crate) fn lock(text: &Path, create: bool) -> Result<Lock, StoreError> {
    let path = text.join(LOCK_FILE);
    let file = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(create)
        .truncate(false)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if !create && e.kind() == io::ErrorKind::NotFound => return Ok(Lock { _file: None }),
        Err(e) if !create && e.kind() == io::ErrorKind::PermissionDenied => match File::open(&path) {
            Ok(f) => f,
            Err(_) => return Ok(Lock { _file: None }),
        },
        Err(e) => return Err(StoreError::Io(path, e)),
    };
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Lock { _file: Some(file) }),
            Err(fs::TryLockError::WouldBlock) if started.elapsed() < WAIT => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(fs::TryLockError::WouldBlock) => return Err(StoreError::Busy(text.to_path_buf())),
            Err(fs::TryLockError::Error(e)) => return Err(StoreError::Io(path, e)),
        }
    }
}

/// Whether a lock file exists (a writer has used the folder).
pub(crate) fn has_lock_file(text: &Path) -> bool {
    text.join(LOCK_FILE).exists()
}

/// Writes a file and makes it durable before returning.
pub(crate) fn write_durable(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let mut f = File::create(path).map_err(io_at(path))?;
    f.write_all(bytes).map_err(io_at(path))?;
    f.sync_all().map_err(io_at(path))
}

/// Makes a folder's entries (new names, renames) durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir).and_then(|f| f.sync_all()).map_err(io_at(dir))
}

/// The staging folder of a version being applied.
pub(crate) fn staging_dir(text: &Path, version: &str) -> PathBuf {
    text.join(HISTORY_DIR).join(format!("{STAGING_PREFIX}{version}"))
}

/// Where a new document waits beside the old until the version is committed.
pub(crate) fn pending_file(text: &Path, file: &str, version: &str) -> PathBuf {
    text.join(format!(".{file}{STAGING_PREFIX}{version}"))
}

/// What settling the folder did, for the caller to report.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Settled {
    /// Versions whose interrupted apply was undone (the commit point was not reached).
    pub undone: Vec<String>,
    /// Versions whose interrupted apply was finished (documents put in place).
    pub finished: Vec<String>,
}

/// Finishes or undoes an interrupted apply. Call with the lock held.
pub(crate) fn settle(text: &Path) -> Result<Settled, StoreError> {
    let mut settled = Settled::default();
    let history = text.join(HISTORY_DIR);
    // Staging folders: the commit point was not reached.
    if let Ok(entries) = fs::read_dir(&history) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(version) = name.strip_prefix(STAGING_PREFIX) {
                fs::remove_dir_all(e.path()).map_err(io_at(&e.path()))?;
                settled.undone.push(version.to_string());
            }
        }
        sync_dir(&history)?;
    }
    // Pending documents: put in place if their version was committed, else removed.
    let mut renamed = false;
    let entries = fs::read_dir(text).map_err(io_at(text))?;
    let mut pending: Vec<(PathBuf, String, String)> = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix('.') else { continue };
        let Some(at) = rest.rfind(STAGING_PREFIX) else { continue };
        let (file, version) = (&rest[..at], &rest[at + STAGING_PREFIX.len()..]);
        if file.ends_with(".md") && !version.is_empty() {
            pending.push((e.path(), file.to_string(), version.to_string()));
        }
    }
    pending.sort();
    for (path, file, version) in pending {
        if history.join(&version).join(VERSION_FILE).is_file() {
            fs::rename(&path, text.join(&file)).map_err(io_at(&path))?;
            renamed = true;
            if !settled.finished.contains(&version) {
                settled.finished.push(version);
            }
        } else {
            fs::remove_file(&path).map_err(io_at(&path))?;
            if !settled.undone.contains(&version) {
                settled.undone.push(version);
            }
        }
    }
    if renamed || !settled.undone.is_empty() {
        sync_dir(text)?;
    }
    Ok(settled)
}

/// Copies of a text folder left beside it by the earlier `release --apply`, which swapped
/// whole folders (`.<name>.release-<pid>`, `.<name>.before-<pid>`): named, never removed,
/// since one may be the only copy of a Code.
pub(crate) fn old_leftovers(text: &Path) -> Vec<PathBuf> {
    let Some(name) = text.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = fs::read_dir(crate::output::parent_folder(text))
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| {
                    let n = e.file_name().to_string_lossy().into_owned();
                    n.starts_with(&format!(".{name}.release-")) || n.starts_with(&format!(".{name}.before-"))
                })
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}
