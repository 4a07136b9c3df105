//! `release --apply`: the new version becomes current and the one before stays readable,
//! all or nothing, one writer at a time.
//!
//! Under the text folder's lock the history is read again (a release prepared against a
//! version that is no longer current is refused), the new version's folder is staged and
//! the new documents written beside the old, all made durable, and one rename commits them
//! (see `store.rs`, which also finishes or undoes an apply that was killed). The work grows
//! with what the release changed, never with the number of versions: nothing is copied.

use super::history::{History, effects_csv};
use super::patch;
use super::record::{CHANGED_FILE, EFFECTS_FILE, Record, VERSION_FILE, changed_csv, digest};
use super::run::PreparedRelease;
use super::store::{self, HISTORY_DIR, StoreError};
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

/// The environment variable tests set to make `--apply` fail at a named step (`lock`,
/// `write`, `check`, `commit`, `rename`), to prove that a failure leaves the text folder as
/// it was (before the commit) or as the new version (after it).
pub const FAIL_AT_ENV: &str = "SEC_REDLINE_FAIL_AT";
/// The environment variable tests set to kill the process (abort, no clean-up) at the N-th
/// step of `--apply`, counting from 1.
pub const KILL_AT_ENV: &str = "SEC_REDLINE_KILL_AT";

/// A hook that fails at the step named by [`FAIL_AT_ENV`], or kills the process at the step
/// counted by [`KILL_AT_ENV`], if set.
pub fn failure_from_env() -> impl FnMut(&str) -> io::Result<()> {
    let at = std::env::var(FAIL_AT_ENV).ok();
    let kill: Option<usize> = std::env::var(KILL_AT_ENV).ok().and_then(|n| n.parse().ok());
    let mut count = 0;
    move |step: &str| {
        count += 1;
        if kill == Some(count) {
            std::process::abort();
        }
        match &at {
            Some(s) if s == step => Err(io::Error::other(format!("simulated failure at step '{step}'"))),
            _ => Ok(()),
        }
    }
}

/// A document the release changes: its file name, its text before and after.
type Changed<'a> = (&'a str, &'a str, &'a str);

/// Makes the prepared release's version the current one in `text`. `hook` is called at each
/// step: `lock`, `write` after each durable file, `check`, `commit` before and after the
/// commit point, `rename` after each document put in place.
pub fn commit(
    text: &Path,
    prepared: &PreparedRelease,
    mut hook: impl FnMut(&str) -> io::Result<()>,
) -> Result<(), Diagnostics> {
    let version = &prepared.version;
    let before = |what: String| -> Diagnostics {
        Diagnostic::file_error(text, format!("version {} was not applied: {what}", version.id))
            .help("the text folder was left as it was; check that it is writable, then run the release again")
            .into()
    };
    let lock = store::lock(text, true).map_err(|e| before(e.to_string()))?;
    hook("lock").map_err(|e| before(e.to_string()))?;
    store::settle(text).map_err(|e| before(e.to_string()))?;
    // Read again under the lock: another release may have been applied since this one was
    // prepared.
    let history = History::load_locked(text)?;
    still_current(text, prepared, &history)?;
    // The previous version is the current one, checked against its digests by `load_locked`.
    let old_docs = history.current_documents();
    let new_docs: BTreeMap<&str, &str> = prepared
        .documents
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let changed: Vec<Changed> = old_docs
        .iter()
        .filter_map(|(name, old)| {
            let new = new_docs.get(name.as_str()).copied().unwrap_or("");
            (new != old.as_str()).then_some((name.as_str(), old.as_str(), new))
        })
        .collect();
    let staging = store::staging_dir(text, &version.id);
    let history_dir = text.join(HISTORY_DIR);
    if let Err(e) = stage(text, prepared, &history, &new_docs, &changed, &mut hook) {
        let _ = store::settle(text);
        return Err(before(e.to_string()));
    }
    // The commit point.
    let to = history_dir.join(&version.id);
    if let Err(e) = fs::rename(&staging, &to) {
        let _ = store::settle(text);
        return Err(before(format!("cannot record it in {}: {e}", history_dir.display())));
    }
    if let Err(first) = put_in_place(text, &to, &changed, &mut hook) {
        // The version is recorded: it stands. Put the documents in place now if we can.
        if let Err(e) = store::settle(text) {
            return Err(Diagnostic::file_error(
                text,
                format!(
                    "version {} is recorded, but its documents could not all be put in place ({first}; then {e})",
                    version.id
                ),
            )
            .help("the next sec-redline command on this text folder finishes putting them in place; until then the folder cannot be read")
            .into());
        }
    }
    drop(lock);
    Ok(())
}

/// Refuses a release prepared against a version that is no longer the current one.
fn still_current(text: &Path, prepared: &PreparedRelease, history: &History) -> Result<(), Diagnostics> {
    if history.current().id != prepared.previous || *history.current_digests() != prepared.previous_digests {
        return Err(Diagnostic::file_error(
            text,
            format!(
                "the text folder changed while release {} was being prepared: it now reads as version {}, not {}",
                prepared.release.release,
                history.current().id,
                prepared.previous
            ),
        )
        .help("another `release --apply` finished first; run this release again, against the version now current")
        .into());
    }
    Ok(())
}

fn io_error(p: &Path) -> impl FnOnce(io::Error) -> StoreError + use<> {
    let p = p.to_path_buf();
    move |e: io::Error| StoreError::Io(p, e)
}

/// Everything before the commit point, made durable: the base version's record on the first
/// release, the new version's folder (effects, changed units, patches, record) staged, and
/// the new documents written beside the old ones.
fn stage(
    text: &Path,
    prepared: &PreparedRelease,
    history: &History,
    new_docs: &BTreeMap<&str, &str>,
    changed: &[Changed],
    hook: &mut impl FnMut(&str) -> io::Result<()>,
) -> Result<(), StoreError> {
    let version = &prepared.version;
    let staging = store::staging_dir(text, &version.id);
    let history_dir = text.join(HISTORY_DIR);
    if history_dir.join(&version.id).exists() {
        return Err(StoreError::Io(
            history_dir.join(&version.id),
            io::Error::other("already exists: a published version is never changed"),
        ));
    }
    fs::create_dir_all(&history_dir).map_err(io_error(&history_dir))?;
    if !history.is_recorded() {
        record_base(text, prepared, hook)?;
    }
    fs::create_dir(&staging).map_err(io_error(&staging))?;
    let effects = effects_csv(&version.effects);
    let units = changed_csv(&prepared.changed);
    store::write_durable(&staging.join(EFFECTS_FILE), effects.as_bytes())?;
    hook("write").map_err(io_error(&staging))?;
    store::write_durable(&staging.join(CHANGED_FILE), units.as_bytes())?;
    hook("write").map_err(io_error(&staging))?;
    let mut files = BTreeMap::from([
        (EFFECTS_FILE.to_string(), digest(effects.as_bytes())),
        (CHANGED_FILE.to_string(), digest(units.as_bytes())),
    ]);
    for (name, old, new) in changed {
        let p = patch::make(name, new, &version.id, old, &prepared.previous);
        files.insert(format!("{name}.patch"), digest(p.as_bytes()));
        // The patch must give back the version before exactly, before it is trusted.
        if patch::apply(new, &p).as_deref() != Ok(*old) {
            return Err(StoreError::Io(
                staging.join(format!("{name}.patch")),
                io::Error::other(format!("the patch does not give back {name} exactly")),
            ));
        }
        store::write_durable(&staging.join(format!("{name}.patch")), p.as_bytes())?;
        hook("write").map_err(io_error(&staging))?;
    }
    let record = Record {
        version: version.id.clone(),
        previous: Some(prepared.previous.clone()),
        release: version.release.clone(),
        title: version.title.clone(),
        date: version.date,
        modifications: version.modifications.clone(),
        files,
        documents: new_docs
            .iter()
            .map(|(n, t)| (n.to_string(), digest(t.as_bytes())))
            .collect(),
    };
    store::write_durable(&staging.join(VERSION_FILE), record.write().as_bytes())?;
    store::sync_dir(&staging)?;
    hook("write").map_err(io_error(&staging))?;
    for (name, _, new) in changed {
        store::write_durable(&store::pending_file(text, name, &version.id), new.as_bytes())?;
        hook("write").map_err(io_error(text))?;
    }
    store::sync_dir(text)?;
    hook("check").map_err(io_error(text))?;
    hook("commit").map_err(io_error(text))?;
    Ok(())
}

/// On the first release, the base version's record: what the text read as before.
fn record_base(
    text: &Path,
    prepared: &PreparedRelease,
    hook: &mut impl FnMut(&str) -> io::Result<()>,
) -> Result<(), StoreError> {
    let history_dir = text.join(HISTORY_DIR);
    let base = Record::base(prepared.previous.clone(), prepared.previous_digests.clone());
    let base_staging = store::staging_dir(text, &base.version);
    fs::create_dir(&base_staging).map_err(io_error(&base_staging))?;
    store::write_durable(&base_staging.join(VERSION_FILE), base.write().as_bytes())?;
    store::sync_dir(&base_staging)?;
    hook("write").map_err(io_error(&base_staging))?;
    let to = history_dir.join(&base.version);
    fs::rename(&base_staging, &to).map_err(io_error(&to))?;
    store::sync_dir(&history_dir)?;
    store::sync_dir(text)
}

/// After the commit point: the new documents renamed over the old ones.
fn put_in_place(
    text: &Path,
    recorded: &Path,
    changed: &[Changed],
    hook: &mut impl FnMut(&str) -> io::Result<()>,
) -> Result<(), StoreError> {
    let history_dir = text.join(HISTORY_DIR);
    let version = recorded
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    store::sync_dir(&history_dir)?;
    hook("commit").map_err(io_error(recorded))?;
    for (name, _, _) in changed {
        let from = store::pending_file(text, name, &version);
        fs::rename(&from, text.join(name)).map_err(|e| StoreError::Io(from.clone(), e))?;
        hook("rename").map_err(io_error(text))?;
    }
    store::sync_dir(text)
}
