//! Atomic output: a modification's folder is written beside its target and renamed into place.
//!
//! A build that fails, or is interrupted, leaves the previous output as it was:
//! readers never see a half-written annex.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One file of an output folder: its path inside the folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Writes `files` as the folder `out/name`, replacing any previous folder of that name only
/// once every file is written. Returns the folder's path.
pub fn write_folder(out: &Path, name: &str, files: &[OutputFile]) -> Result<PathBuf, Diagnostics> {
    write_folder_with(out, name, files, |_| Ok(()))
}

/// The folder a path is in: `.` for a bare name.
pub fn parent_folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// As [`write_folder`], for a command whose `--out` names the folder itself (written beside
/// it, in its parent).
pub fn write_folder_at(out: &Path, files: &[OutputFile]) -> Result<PathBuf, Diagnostics> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Diagnostics::from(Diagnostic::file_error(out, "--out must name a folder")))?;
    write_folder(&parent_folder(out), &name, files)
}

/// As [`write_folder_at`], keeping the files `linked` (paths inside the folder) of the
/// folder it replaces as they are: each is a hard link to the old file (same bytes, same
/// modification time), or a copy with the old file's time where links cannot be made. The
/// old folder stands until the new one is complete.
pub fn write_folder_linking(out: &Path, files: &[OutputFile], linked: &[PathBuf]) -> Result<PathBuf, Diagnostics> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Diagnostics::from(Diagnostic::file_error(out, "--out must name a folder")))?;
    let old = out.to_path_buf();
    // Files written and linked on every core (a site is thousands of small files, and each
    // new file costs the file system more than its bytes).
    write_folder_staged(
        &parent_folder(out),
        &name,
        &[],
        |_| Ok(()),
        |partial| {
            enum Job<'a> {
                Write(&'a OutputFile),
                Link(&'a PathBuf),
            }
            let jobs: Vec<Job> = files
                .iter()
                .map(Job::Write)
                .chain(linked.iter().map(Job::Link))
                .collect();
            crate::parallel::in_parallel(&jobs, |job| -> io::Result<()> {
                let path = match job {
                    Job::Write(f) => &f.path,
                    Job::Link(p) => *p,
                };
                let to = partial.join(path);
                if let Some(parent) = to.parent() {
                    fs::create_dir_all(parent)?;
                }
                match job {
                    Job::Write(f) => fs::write(&to, &f.bytes),
                    Job::Link(_) => {
                        let from = old.join(path);
                        if fs::hard_link(&from, &to).is_err() {
                            fs::copy(&from, &to)?;
                            let modified = fs::metadata(&from)?.modified()?;
                            fs::File::options().write(true).open(&to)?.set_modified(modified)?;
                        }
                        Ok(())
                    }
                }
            })
            .into_iter()
            .collect()
        },
    )
}

/// As [`write_folder`], with a hook called after each file (tests use it to inject a failure).
pub fn write_folder_with(
    out: &Path,
    name: &str,
    files: &[OutputFile],
    after_file: impl FnMut(usize) -> io::Result<()>,
) -> Result<PathBuf, Diagnostics> {
    write_folder_staged(out, name, files, after_file, |_| Ok(()))
}

/// As [`write_folder_with`], with `more` called on the staging folder once every file is in
/// it (before it replaces the old folder).
fn write_folder_staged(
    out: &Path,
    name: &str,
    files: &[OutputFile],
    mut after_file: impl FnMut(usize) -> io::Result<()>,
    more: impl FnOnce(&Path) -> io::Result<()>,
) -> Result<PathBuf, Diagnostics> {
    let target = out.join(name);
    let pid = std::process::id();
    let partial = out.join(format!(".{name}.partial-{pid}"));
    let old = out.join(format!(".{name}.old-{pid}"));
    let fail = |what: &str, e: io::Error| {
        Diagnostics::from(
            Diagnostic::file_error(out, format!("cannot {what}: {e}"))
                .help("check that the output folder is writable, or choose another with --out DIR"),
        )
    };
    // A file where a folder must be: say so, rather than the system's "File exists".
    if let Some(file) = out.ancestors().find(|a| a.is_file()) {
        let message = if file == out {
            "`--out` names a file, not a folder".to_string()
        } else {
            format!("this is a file, so `--out {}` cannot be a folder", out.display())
        };
        return Err(Diagnostic::file_error(file, message)
            .help("name the folder the output goes under with --out DIR; it is created if missing")
            .into());
    }
    // The tool replaces its own output folder, never a file the user put there.
    if fs::symlink_metadata(&target).is_ok_and(|m| !m.is_dir()) {
        return Err(Diagnostic::file_error(
            &target,
            format!("a file is where the output folder {name} would go; it was left as it is"),
        )
        .help("nothing was moved or written; rename or move that file, or choose another folder with --out DIR")
        .into());
    }
    fs::create_dir_all(out).map_err(|e| fail("create the output folder", e))?;
    // Leftovers of an earlier build that was killed part-way are ours to clear: folders only
    // (a file of that name is not something this tool wrote, so it is left alone).
    if let Ok(entries) = fs::read_dir(out) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            let ours = n.starts_with(&format!(".{name}.partial-")) || n.starts_with(&format!(".{name}.old-"));
            if ours && e.file_type().is_ok_and(|t| t.is_dir()) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
    let written = (|| -> io::Result<()> {
        fs::create_dir(&partial)?;
        for (i, f) in files.iter().enumerate() {
            let path = partial.join(&f.path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&path, &f.bytes)?;
            after_file(i)?;
        }
        more(&partial)
    })();
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&partial);
        return Err(fail("write the output", e));
    }
    let had_old = target.exists();
    if had_old && let Err(e) = fs::rename(&target, &old) {
        let _ = fs::remove_dir_all(&partial);
        return Err(fail(&format!("move the previous {} aside", target.display()), e));
    }
    if let Err(e) = fs::rename(&partial, &target) {
        if had_old {
            let _ = fs::rename(&old, &target);
        }
        let _ = fs::remove_dir_all(&partial);
        return Err(fail(&format!("put {} in place", target.display()), e));
    }
    if had_old {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(target)
}

/// Writes one file atomically: beside its place first, then renamed over it, so a reader
/// never sees half of it and a failure leaves any previous file as it was.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostics> {
    let fail = |e: io::Error| {
        Diagnostics::from(
            Diagnostic::file_error(path, format!("cannot write the file: {e}"))
                .help("check that its folder exists and is writable, or choose another with --out"),
        )
    };
    if path.is_dir() {
        return Err(Diagnostic::file_error(path, "a folder is where this file would go")
            .help("nothing was written; choose another path with --out")
            .into());
    }
    let parent = parent_folder(path);
    fs::create_dir_all(&parent).map_err(fail)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let partial = parent.join(format!(".{name}.partial-{}", std::process::id()));
    let written = fs::write(&partial, bytes).and_then(|()| fs::rename(&partial, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&partial);
        return Err(fail(e));
    }
    Ok(())
}
