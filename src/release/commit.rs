//! `release --apply`: the new version becomes current and the one before goes into the history,
//! all or nothing.
//!
//! The whole text folder is copied beside itself, the new documents and the new
//! `history/<version>/` folder are written into the copy, the copy is checked (the history
//! must give back the previous version byte for byte), and only then is it swapped into
//! place. Any failure before the swap removes the copy; a failure during it puts the
//! original back. Either way the text folder is exactly as before.

use super::history::{EFFECTS_FILE, HISTORY_DIR, History, VERSION_FILE, effects_csv, read_documents, version_record};
use super::patch;
use super::run::PreparedRelease;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The environment variable tests set to make `--apply` fail at a named step
/// (`copy`, `write`, `check`, `swap`), to prove that a failure leaves the text folder as it was.
pub const FAIL_AT_ENV: &str = "SEC_REDLINE_FAIL_AT";

/// A hook that fails at the step named by [`FAIL_AT_ENV`], if set.
pub fn failure_from_env() -> impl FnMut(&str) -> io::Result<()> {
    let at = std::env::var(FAIL_AT_ENV).ok();
    move |step: &str| match &at {
        Some(s) if s == step => Err(io::Error::other(format!("simulated failure at step '{step}'"))),
        _ => Ok(()),
    }
}

/// Makes the prepared release's version the current one in `text`. `hook` is called at each
/// step (`copy`, `write` after each file, `check`, `swap` between the two renames).
pub fn commit(
    text: &Path,
    prepared: &PreparedRelease,
    mut hook: impl FnMut(&str) -> io::Result<()>,
) -> Result<(), Diagnostics> {
    let fail = |what: String| -> Diagnostics {
        Diagnostic::file_error(text, what)
            .help("the text folder was left as it was; check that it and its parent folder are writable")
            .into()
    };
    let old_docs = read_documents(text)?;
    let name = text
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| fail("the text folder has no name".to_string()))?;
    let parent = match text.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.release-{pid}"));
    let aside = parent.join(format!(".{name}.before-{pid}"));
    let version = &prepared.version;
    let staged = (|| -> io::Result<()> {
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        copy_dir(text, &staging)?;
        hook("copy")?;
        let folder = staging.join(HISTORY_DIR).join(&version.id);
        if folder.exists() {
            return Err(io::Error::other(format!(
                "{} already exists: a published version is never changed",
                folder.display()
            )));
        }
        fs::create_dir_all(&folder)?;
        fs::write(folder.join(VERSION_FILE), version_record(version, &prepared.previous))?;
        hook("write")?;
        fs::write(folder.join(EFFECTS_FILE), effects_csv(&version.effects))?;
        hook("write")?;
        for (file, new_text) in &prepared.documents {
            let old_text = old_docs.get(file).map(String::as_str).unwrap_or("");
            let p = patch::make(file, new_text, &version.id, old_text, &prepared.previous);
            if !p.is_empty() {
                fs::write(folder.join(format!("{file}.patch")), p)?;
            }
            fs::write(staging.join(file), new_text)?;
            hook("write")?;
        }
        Ok(())
    })();
    if let Err(e) = staged {
        let _ = fs::remove_dir_all(&staging);
        return Err(fail(format!("cannot prepare version {}: {e}", version.id)));
    }
    // The copy must read as the new version and give back the previous one exactly.
    let checked = (|| -> Result<(), String> {
        hook("check").map_err(|e| e.to_string())?;
        let h = History::load(&staging).map_err(|d| d.to_string())?;
        if h.current().id != version.id {
            return Err(format!(
                "the history reads as version {}, not {}",
                h.current().id,
                version.id
            ));
        }
        let before: Vec<(String, String)> = old_docs.clone().into_iter().collect();
        if h.documents(&prepared.previous).map_err(|d| d.to_string())? != before {
            return Err(format!(
                "the history does not give back version {} exactly",
                prepared.previous
            ));
        }
        Ok(())
    })();
    if let Err(why) = checked {
        let _ = fs::remove_dir_all(&staging);
        return Err(fail(format!("version {} was not applied: {why}", version.id)));
    }
    if let Err(e) = fs::rename(text, &aside) {
        let _ = fs::remove_dir_all(&staging);
        return Err(fail(format!("cannot move the text folder aside: {e}")));
    }
    let swapped = hook("swap").and_then(|()| fs::rename(&staging, text));
    if let Err(e) = swapped {
        let _ = fs::rename(&aside, text);
        let _ = fs::remove_dir_all(&staging);
        return Err(fail(format!("cannot put version {} in place: {e}", version.id)));
    }
    let _ = fs::remove_dir_all(&aside);
    Ok(())
}

/// Copies a folder and everything in it.
fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    let mut entries: Vec<_> = fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            fs::copy(e.path(), &target)?;
        }
    }
    Ok(())
}
