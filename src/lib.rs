//! sec-redline: turns a modification of the Smart Energy Code into its redlined annex and
//! clean consolidated text.
//!
//! The pipeline runs one way: the Code's Markdown is parsed into a [`corpus::Corpus`], a
//! change-set is loaded and applied to give an amended [`corpus::Edition`], and writers turn
//! that into files. Every input problem is a located [`diagnostics::Diagnostic`].

pub mod changeset;
pub mod cli;
pub mod corpus;
pub mod diagnostics;
pub mod output;
pub mod redline;
pub mod render;
pub mod words;
mod yaml;

use changeset::{ChangeReport, ChangeSet};
use corpus::Corpus;
use diagnostics::{Diagnostic, Diagnostics};
use output::OutputFile;
use std::path::{Path, PathBuf};

/// What `check` found for one change-set.
#[derive(Debug)]
pub struct Checked {
    pub changeset: ChangeSet,
    pub reports: Vec<ChangeReport>,
    /// File names of the documents the modification changes.
    pub changed: Vec<String>,
}

/// One change-set's files, ready to write.
#[derive(Debug)]
pub struct Prepared {
    pub checked: Checked,
    pub files: Vec<OutputFile>,
}

/// Loads the text and every change-set, applies them, and reports every problem found.
pub fn check(changesets: &[PathBuf], text: &Path) -> Result<Vec<Checked>, Diagnostics> {
    prepare(changesets, text).map(|p| p.into_iter().map(|p| p.checked).collect())
}

/// Everything a build writes, computed in memory; nothing is written yet.
pub fn prepare(changesets: &[PathBuf], text: &Path) -> Result<Vec<Prepared>, Diagnostics> {
    let corpus = Corpus::load(text)?;
    let mut diagnostics = Diagnostics::default();
    let mut out: Vec<Prepared> = Vec::new();
    for path in changesets {
        let set = match changeset::load(path) {
            Ok(s) => s,
            Err(ds) => {
                diagnostics.extend(ds);
                continue;
            }
        };
        if let Some(other) = out
            .iter()
            .find(|p| p.checked.changeset.modification == set.modification)
        {
            diagnostics.push(
                Diagnostic::file_error(
                    path,
                    format!(
                        "modification {} is also built from {}",
                        set.modification,
                        other.checked.changeset.file.path.display()
                    ),
                )
                .help("each modification has one change-set; give them different `modification:` ids"),
            );
            continue;
        }
        match changeset::apply(&corpus, &set) {
            Ok(applied) => {
                let consolidated = render::markdown::consolidated(&applied.edition);
                let files = consolidated
                    .iter()
                    .map(|(name, text)| OutputFile {
                        path: Path::new("consolidated").join(name),
                        bytes: text.clone().into_bytes(),
                    })
                    .collect();
                let changed = consolidated.into_iter().map(|(name, _)| name).collect();
                out.push(Prepared {
                    checked: Checked {
                        changeset: set,
                        reports: applied.reports,
                        changed,
                    },
                    files,
                });
            }
            Err(ds) => diagnostics.extend(ds),
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(out)
}

/// Builds every change-set into `out/<modification>/`. Writes nothing unless all are valid.
pub fn build(changesets: &[PathBuf], text: &Path, out: &Path) -> Result<Vec<(Checked, PathBuf)>, Diagnostics> {
    let prepared = prepare(changesets, text)?;
    let mut built = Vec::new();
    for p in prepared {
        let folder = output::write_folder(out, &p.checked.changeset.modification, &p.files)?;
        built.push((p.checked, folder));
    }
    Ok(built)
}
