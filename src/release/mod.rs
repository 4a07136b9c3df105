//! Releases, versions and the Code's history: several modifications applied in order make
//! the next version of the Code, and every earlier version stays readable byte for byte.
//!
//! `file.rs` reads a release file; `run.rs` applies its modifications and finds conflicts;
//! `attribute.rs` says which modification made each change of the redline; `history.rs`
//! reads the history folder inside the text folder (the public API the published website
//! reads); `commit.rs` writes a new version into it atomically; `patch.rs` its reverse
//! patches; `csv.rs` `effects.csv`.

mod attribute;
mod changed;
mod commit;
mod csv;
mod file;
pub(crate) mod history;
mod patch;
pub(crate) mod record;
mod run;
mod store;

pub use commit::{FAIL_AT_ENV, KILL_AT_ENV, commit, failure_from_env};
pub use file::{ReleaseFile, load as load_release};
pub use history::{
    Amendment, Documents, Effect, EffectKind, History, Version, effects_csv, front_matter_version, with_version,
};
pub use run::{AppliedModification, PreparedRelease, ReleaseOptions, prepare};
pub(crate) use store::HISTORY_DIR;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, OutputFile};
use std::io;
use std::path::{Path, PathBuf};

/// Prepares the release, writes `out/<release>/`, and with `apply` makes its version current
/// in the text folder. Nothing is written when any problem is found.
pub fn release(
    path: &Path,
    options: &ReleaseOptions,
    apply: bool,
    hook: impl FnMut(&str) -> io::Result<()>,
) -> Result<(PreparedRelease, PathBuf), Diagnostics> {
    let prepared = prepare(path, options)?;
    let folder = output::write_folder(&options.out, &prepared.release.release, &prepared.files)?;
    if apply && let Err(mut ds) = commit(&options.text, &prepared, hook) {
        ds.push(Diagnostic::wrote(&folder));
        return Err(ds);
    }
    Ok((prepared, folder))
}

/// `base:` checked against the history for `build` and `check`: an unknown version is an error;
/// a provision the change-set touches that a release since its base changed is a warning.
pub(crate) fn check_base(
    set: &crate::changeset::ChangeSet,
    reports: &[crate::changeset::ChangeReport],
    history: &History,
    diagnostics: &mut Diagnostics,
) -> Diagnostics {
    run::stale(set, &run::touches(reports), history, diagnostics)
}

/// `YYYY-MM-DD` or a version id: the version it names in the history.
pub(crate) fn version_named<'h>(history: &'h History, name: &str) -> Result<&'h Version, Diagnostics> {
    if let Ok(date) = crate::date::Date::parse(name) {
        return Ok(history.in_force_on(date));
    }
    history.version(name).ok_or_else(|| {
        let known: Vec<&str> = history.versions.iter().map(|v| v.id.as_str()).collect();
        Diagnostic::file_error(&history.dir, format!("the text folder has no version {name}"))
            .help(format!("name a version ({}) or a date (YYYY-MM-DD)", known.join(", ")))
            .into()
    })
}

/// Writes the Code as it stood on `date` into the folder `out` (its documents only).
pub fn text_as_at(text: &Path, date: crate::date::Date, out: &Path) -> Result<(Version, Vec<OutputFile>), Diagnostics> {
    let history = History::load(text)?;
    let (version, docs) = history.text_as_at(date)?;
    let version = version.clone();
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let foreign = out.is_dir()
        && std::fs::read_dir(out).is_ok_and(|mut entries| {
            entries.any(|e| e.is_ok_and(|e| !(e.path().extension().is_some_and(|x| x == "md") && e.path().is_file())))
        });
    if same(text, out) || foreign {
        return Err(
            Diagnostic::file_error(out, "this folder holds more than a copy of the Code's documents")
                .help(
                    "--out names a folder the documents are written into, replacing it as a whole: choose a new folder",
                )
                .into(),
        );
    }
    let files: Vec<OutputFile> = docs
        .into_iter()
        .map(|(name, t)| OutputFile {
            path: PathBuf::from(name),
            bytes: t.into_bytes(),
        })
        .collect();
    output::write_folder_at(out, &files)?;
    Ok((version, files))
}

/// Redlines the whole Code between two versions (each named by id or by a date it was in
/// force), into `out/compare-<from>-<to>/redline.docx` and `redline.html`.
/// Each document two versions of the Code hold whose words differ, paired by number for a
/// redline (the `version:` line alone is not a change of the Code's words).
pub(crate) fn changed_documents<'c>(
    old: &'c crate::corpus::Corpus,
    new: &'c crate::corpus::Corpus,
) -> Vec<crate::annex::DocumentPair<'c>> {
    new.documents
        .iter()
        .filter_map(|d| {
            let o = old.document(&d.meta.id)?;
            (with_version(o.text(), "") != with_version(d.text(), "")).then(|| crate::compare::pair_documents(o, d))
        })
        .collect()
}

pub fn compare_versions(
    text: &Path,
    from: &str,
    to: &str,
    stamp: &crate::annex::Stamp,
    options: &crate::render::Options,
) -> Result<(PathBuf, Vec<OutputFile>), Diagnostics> {
    let history = History::load(text)?;
    let (a, b) = (version_named(&history, from)?, version_named(&history, to)?);
    let template = crate::render::html::template(options.templates.as_deref())?;
    let (old, new) = (history.corpus(&a.id)?, history.corpus(&b.id)?);
    let pairs = changed_documents(&old, &new);
    fn side(v: &Version) -> crate::annex::CodeVersion<'_> {
        crate::annex::CodeVersion {
            id: &v.id,
            in_force: v.date,
            release: v.release.as_deref(),
        }
    }
    let cover = crate::annex::versions_cover(&side(a), &side(b), stamp);
    let built = crate::annex::build(cover, &pairs, options.context, crate::annex::Notes::default());
    let files = crate::render::annex_files(&built, &template, options.redline, "redline")?;
    let folder = output::write_folder(&options.out, &format!("compare-{}-{}", a.id, b.id), &files)?;
    Ok((folder, files))
}
