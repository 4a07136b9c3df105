//! sec-redline: turns a modification of the Smart Energy Code into its redlined annex and
//! clean consolidated text.
//!
//! The pipeline runs one way: the Code's Markdown is parsed into a [`corpus::Corpus`], a
//! change-set is loaded and applied to give an amended [`corpus::Edition`], and writers turn
//! that into files. Every input problem is a located [`diagnostics::Diagnostic`].

pub mod annex;
pub mod changeset;
mod compare;
pub mod corpus;
pub mod date;
pub mod diagnostics;
pub mod limits;
pub(crate) mod number;
pub mod output;
mod parallel;
pub mod publish;
pub mod redline;
pub mod release;
pub mod render;
pub(crate) mod word;
pub mod words;
mod yaml;

pub use annex::{COMPARE_AUTHOR, Stamp};
pub use render::Options;

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
    /// What the terminology audit found left of each replaced term, term by term.
    pub audit: Vec<changeset::checks::TermAudit>,
    /// Problems that do not stop the build.
    pub warnings: Diagnostics,
}

/// One change-set's files, ready to write.
#[derive(Debug)]
pub struct Prepared {
    pub checked: Checked,
    pub files: Vec<OutputFile>,
}

/// Loads the text and every change-set, applies them, and reports every problem found.
pub fn check(changesets: &[PathBuf], text: &Path) -> Result<Vec<Checked>, Diagnostics> {
    check_listing(changesets, text, false)
}

/// As [`check`]; with `audit_all`, every leftover of the terminology audit is kept.
pub fn check_listing(changesets: &[PathBuf], text: &Path, audit_all: bool) -> Result<Vec<Checked>, Diagnostics> {
    let options = Options {
        text: text.to_path_buf(),
        audit_all,
        ..Options::default()
    };
    prepare(changesets, &options, false).map(|p| p.into_iter().map(|p| p.checked).collect())
}

/// Everything a build writes, computed in memory; nothing is written yet.
/// Without `render`, only the checks are run (for `check`).
pub fn prepare(changesets: &[PathBuf], options: &Options, render: bool) -> Result<Vec<Prepared>, Diagnostics> {
    // A text folder with a history is checked first: a document changed by hand is not a
    // version of the Code, and an annex marked against it would say it was.
    let mut history = if options.text.join(release::HISTORY_DIR).is_dir() {
        Some(release::History::load(&options.text)?)
    } else {
        None
    };
    let corpus = match &history {
        Some(h) => h.current_corpus()?,
        None => Corpus::load(&options.text)?,
    };
    let template = if render {
        Some(render::html::template(options.templates.as_deref())?)
    } else {
        None
    };
    let mut diagnostics = Diagnostics::default();
    let mut out: Vec<Prepared> = Vec::new();
    let mut seen: std::collections::HashMap<String, PathBuf> = std::collections::HashMap::new();
    for (i, path) in changesets.iter().enumerate() {
        // Only the last change-set's memory may be left to the system: an earlier one's is
        // freed for the next to reuse.
        let free = options.free || i + 1 < changesets.len();
        let set = match changeset::load(path) {
            Ok((s, problems)) => {
                diagnostics.extend(problems);
                s
            }
            Err(ds) => {
                diagnostics.extend(ds);
                continue;
            }
        };
        // Every change-set read so far, built or not, so that a second change-set of one
        // modification is reported even when the first has problems of its own.
        if let Some(other) = seen.get(&set.modification) {
            diagnostics.push(
                Diagnostic::file_error(
                    path,
                    format!(
                        "modification {} is also built from {}",
                        set.modification,
                        other.display()
                    ),
                )
                .help("each modification has one change-set; give them different `modification:` ids"),
            );
            continue;
        }
        seen.insert(set.modification.clone(), set.file.path.clone());
        let listed = (!options.audit_all).then_some(limits::AUDIT_LISTED);
        let mut applied = match changeset::apply_listing(&corpus, &set, listed) {
            Ok(a) => a,
            Err(ds) => {
                diagnostics.extend(ds);
                continue;
            }
        };
        // `base:`, when given, is checked against the text folder's history.
        if set.base.is_some() {
            if history.is_none() {
                // Its problems join the others', so one run reports every change-set's.
                match release::History::load(&options.text) {
                    Ok(h) => history = Some(h),
                    Err(ds) => {
                        diagnostics.extend(ds);
                        continue;
                    }
                }
            }
            if let Some(history) = &history {
                let warnings = release::check_base(&set, &applied.reports, history, &mut diagnostics);
                applied.warnings.extend(warnings);
            }
        }
        let mut files: Vec<OutputFile> = Vec::new();
        if let Some(template) = &template {
            let annex = annex::modification_annex(&set, &applied, options.context);
            let stem = format!("annex-{}", set.annex.to_lowercase());
            let rendered = render::annex_files(&annex, template, options.redline, &stem);
            retire(annex, free);
            match rendered {
                Ok(f) => files.extend(f),
                Err(ds) => {
                    diagnostics.extend(ds);
                    continue;
                }
            }
        }
        // Made once the annex is written and gone, so the two are never held at once (the
        // consolidated text is as long as the Code).
        let consolidated = render::markdown::consolidated(&applied.edition, Some(&set.modification));
        let changed = consolidated.iter().map(|(name, _)| name.clone()).collect();
        files.extend(consolidated.into_iter().map(|(name, text)| OutputFile {
            path: Path::new("consolidated").join(name),
            bytes: text.into_bytes(),
        }));
        out.push(Prepared {
            checked: Checked {
                changeset: set,
                reports: applied.reports,
                changed,
                audit: applied.audit,
                warnings: applied.warnings,
            },
            files,
        });
        retire(applied.edition, free);
    }
    retire(corpus, options.free);
    retire(history, options.free);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(out)
}

/// Drops a large value, or, where the caller is a process about to exit
/// ([`Options::free`] off), leaves its memory to the system: freeing a Code-sized corpus,
/// edition and annex piece by piece is 4–5% of a dense build's CPU time, spent on memory
/// the system takes back at once on exit anyway.
fn retire<T>(value: T, free: bool) {
    if free {
        drop(value);
    } else {
        std::mem::forget(value);
    }
}

/// Builds every change-set into `out/<modification>/`. Writes nothing unless all are valid.
pub fn build(changesets: &[PathBuf], options: &Options) -> Result<Vec<(Prepared, PathBuf)>, Diagnostics> {
    let prepared = prepare(changesets, options, true)?;
    // An annex of no changes would be a cover with nothing under it: refused, so that an
    // empty change-set (`check` accepts it) is never sent out as an annex by mistake.
    let mut empty = Diagnostics::default();
    for p in prepared.iter().filter(|p| p.checked.changeset.changes.is_empty()) {
        empty.push(changeset::no_changes(&p.checked.changeset));
    }
    if empty.has_errors() {
        return Err(empty);
    }
    let mut built = Vec::new();
    for p in prepared {
        let folder = output::write_folder(&options.out, &p.checked.changeset.modification, &p.files)?;
        built.push((p, folder));
    }
    Ok(built)
}

/// Redlines two versions of one document, matching provisions by number, into
/// `out/compare-<old>-<new>/redline.html` and `redline.docx`.
pub fn compare(
    old: &Path,
    new: &Path,
    stamp: &Stamp,
    options: &Options,
) -> Result<(PathBuf, Vec<OutputFile>), Diagnostics> {
    let template = render::html::template(options.templates.as_deref())?;
    let read = |p: &Path| -> Result<corpus::Document, Diagnostics> {
        corpus::parse_document(diagnostics::SourceFile::read(p)?)
    };
    let (a, b) = match (read(old), read(new)) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            let mut ds = Diagnostics::default();
            for r in [a, b] {
                if let Err(d) = r {
                    ds.extend(d);
                }
            }
            return Err(ds);
        }
    };
    let pair = compare::pair_documents(&a, &b);
    let stem = |p: &Path| -> String {
        p.file_stem()
            .map(|s| {
                s.to_string_lossy()
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let cover = annex::files_cover(&pair, stamp);
    let built = annex::build(
        cover,
        std::slice::from_ref(&pair),
        options.context,
        annex::Notes::default(),
    );
    let files = render::annex_files(&built, &template, options.redline, "redline")?;
    // Two files of one name (two copies of section-f.md) name the folder once.
    let name = if stem(old) == stem(new) {
        format!("compare-{}", stem(old))
    } else {
        format!("compare-{}-{}", stem(old), stem(new))
    };
    let folder = output::write_folder(&options.out, &name, &files)?;
    Ok((folder, files))
}

/// The number (or sub-paragraph label) that fits for an insertion after or before `reference`.
pub fn suggest_number(text: &Path, reference: &str, after: bool) -> Result<String, Diagnostics> {
    let corpus = Corpus::load(text)?;
    let edition = corpus::Edition::new(&corpus);
    changeset::suggest(&edition, reference, after).map_err(|why| {
        let flag = if after { "--number-after" } else { "--number-before" };
        Diagnostics::from(
            Diagnostic::file_error(Path::new(&format!("{flag} {reference}")), why)
                .help(changeset::suggest_help(&edition, reference, after)),
        )
    })
}

/// Imports a Word document into `out/<kind>-<id>.md`. The Markdown must parse as the Code's
/// text does; with `strict`, any warning is an error. Nothing is written on an error.
pub fn import(
    docx: &Path,
    id: Option<&str>,
    out: &Path,
    strict: bool,
) -> Result<(word::Imported, PathBuf), Diagnostics> {
    let mut imported = word::import(docx, id)?;
    if strict && !imported.warnings.is_empty() {
        for d in &mut imported.warnings.0 {
            d.severity = diagnostics::Severity::Error;
            d.help = Some("without --strict this is a warning and the rest is imported".to_string());
        }
        return Err(imported.warnings);
    }
    let parsed = word::parse(&imported, out).map_err(|mut ds| {
        ds.push(
            Diagnostic::file_error(docx, "the imported text is not valid in the Code's format")
                .help("the problems above are in the Markdown made from this document; nothing was written"),
        );
        ds
    })?;
    let path = out.join(&imported.file_name);
    // The parsed document is only the proof: a large one is freed on another core while
    // the file is written.
    std::thread::scope(|scope| {
        scope.spawn(move || drop(parsed));
        output::write_file(&path, imported.markdown.as_bytes())
    })?;
    Ok((imported, path))
}

/// Turns a Word redline of a document in `text` into a change-set, written to `out`
/// (default `changes/<modification>.yaml`), checked by applying it before it is written.
pub fn from_word(
    docx: &Path,
    text: &Path,
    out: Option<&Path>,
    modification: Option<&str>,
    id: Option<&str>,
) -> Result<word::from_word::Made, Diagnostics> {
    let corpus = Corpus::load(text)?;
    let made = word::from_word::from_word(docx, &corpus, out, modification, id)?;
    output::write_file(&made.path, made.yaml.as_bytes())?;
    Ok(made)
}
