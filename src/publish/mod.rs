//! `publish`: a static website of the Code, every version, from the text folder and its history.
//!
//! `text.rs` renders a provision (anchors, cross-references, definitions); `notes.rs` finds
//! each provision's amendment notes and history; `pages.rs` fills the templates;
//! `search.rs` builds the static search index; `downloads.rs` the zips and checksums.
//! The URL scheme (docs/format.md, "The published website") is stable from release to release.

mod downloads;
mod notes;
mod pages;
mod reading;
mod search;
pub mod text;
mod units;

use crate::corpus::{Corpus, UnitKind, qualified};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, OutputFile};
use crate::release::History;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A 1×1 transparent icon: browsers ask every page's server for `/favicon.ico` (the release
/// redlines have no icon link), and a missing one is an error in the browser's console.
const FAVICON: [u8; 70] = [
    0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 32, 0, 48, 0, 0, 0, 22, 0, 0, 0, // ICONDIR + entry
    40, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 32, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, // BITMAPINFOHEADER
    0, 0, 0, 0, // the pixel (BGRA, transparent)
    0, 0, 0, 0, // the AND mask row
];

/// Where `publish` reads and writes.
#[derive(Debug, Clone)]
pub struct PublishOptions {
    /// The text folder (current version and history).
    pub text: PathBuf,
    /// The site's folder (replaced as a whole).
    pub out: PathBuf,
    /// Change-sets, read only for the titles of modifications (a missing folder is fine).
    pub changes: PathBuf,
}

/// The page of a document in its version's folder: `f.html`.
pub fn page_name(document: &str) -> String {
    format!("{}.html", document.to_lowercase())
}

/// The folder of a version's pages, from the site's root: `v/1.1/`.
pub fn version_folder(id: &str) -> String {
    format!("v/{id}/")
}

/// A version as the pages show it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VersionInfo {
    pub id: String,
    /// `1.8.2022`, or empty for the base version.
    pub from: String,
    /// The last day in force (`2.11.2022`), or empty for the current version.
    pub until: String,
    pub release: String,
    pub title: String,
    pub modifications: Vec<ModificationInfo>,
    pub current: bool,
    /// `releases/<id>/annex.html`, if a release made it.
    pub redline: String,
    /// `downloads/sec-<id>.zip`
    pub download: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ModificationInfo {
    pub id: String,
    pub title: String,
}

/// Everything the pages of one version are made from.
pub struct Edition<'a> {
    pub index: usize,
    pub info: VersionInfo,
    pub corpus: &'a Corpus,
    pub targets: text::Targets,
}

/// The file that marks a folder as a site `publish` wrote, and may replace.
pub const SITE_MARKER: &str = ".sec-redline-site";

/// `publish` replaces its `--out` folder as a whole, so it may only be a new or empty
/// folder, or a site it wrote before; never the text folder, a folder inside it or holding it.
fn check_out(out: &Path, text: &Path) -> Result<(), Diagnostics> {
    let absolute = |p: &Path| std::path::absolute(p).ok().map(|a| a.canonicalize().unwrap_or(a));
    let (o, t) = (absolute(out), absolute(text));
    if let (Some(o), Some(t)) = (&o, &t)
        && (o.starts_with(t) || t.starts_with(o))
    {
        return Err(Diagnostic::file_error(
            out,
            format!(
                "--out would replace the text folder {} or a folder with it",
                text.display()
            ),
        )
        .help("publish replaces its --out folder as a whole: name a folder of its own, e.g. output/site")
        .into());
    }
    let foreign = out.is_dir()
        && !out.join(SITE_MARKER).is_file()
        && std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some());
    if foreign {
        return Err(Diagnostic::file_error(out, "this folder holds files that `publish` did not write")
            .help("publish replaces its --out folder as a whole: name a new or empty folder, or a site it wrote before")
            .into());
    }
    Ok(())
}

/// Writes the site into `options.out` (atomically: nothing is left half-written).
pub fn publish(options: &PublishOptions) -> Result<(PathBuf, Vec<OutputFile>), Diagnostics> {
    check_out(&options.out, &options.text)?;
    let history = History::load(&options.text)?;
    let titles = modification_titles(&options.changes);
    let mut files = site(&history, &titles)?;
    files.insert(
        0,
        OutputFile {
            path: PathBuf::from(SITE_MARKER),
            bytes: b"This folder is a website written by `sec-redline publish`, which replaces it as a whole.\n"
                .to_vec(),
        },
    );
    let folder = output::write_folder_at(&options.out, &files)?;
    Ok((folder, files))
}

/// A piece of the site that can be made on its own, on any core.
enum Job {
    /// A document's page in a version (and at the root, for the current version).
    Page(usize, usize),
    /// A document of a version in its zip, as a clean DOCX.
    Docx(usize, usize),
    /// A document of a version in its zip, as Markdown.
    Markdown(usize, usize),
    /// The redline of the release that made a version.
    Redline(usize),
}

/// What a job made, with what it is.
enum Made {
    Page(usize, usize, Vec<OutputFile>),
    Docx(usize, usize, downloads::Entry),
    Markdown(usize, usize, downloads::Entry),
    Redline(usize, OutputFile),
}

/// Every file of the site, in a fixed order, from the history alone.
pub fn site(history: &History, titles: &BTreeMap<String, String>) -> Result<Vec<OutputFile>, Diagnostics> {
    // Each version from the one after it, one patch per changed document (linear in the
    // versions), every one checked against its digests.
    let corpora: Vec<Corpus> = history.corpora()?;
    let last = history.versions.len() - 1;
    let editions: Vec<Edition> = history
        .versions
        .iter()
        .enumerate()
        .map(|(k, _)| Edition {
            index: k,
            info: version_info(history, k, titles),
            corpus: &corpora[k],
            targets: targets(&corpora[k]),
        })
        .collect();
    let log = notes::Log::new(history, &corpora, titles);
    let renderings = units::Renderings::new(&editions);
    let versions: Vec<VersionInfo> = editions.iter().map(|e| e.info.clone()).collect();
    let current = &editions[last];
    // The longest jobs first, so that no core is left with one at the end.
    let documents = |k: usize| 0..editions[k].corpus.documents.len();
    let mut jobs: Vec<Job> = Vec::new();
    jobs.extend((1..editions.len()).map(Job::Redline));
    jobs.extend((0..editions.len()).flat_map(|k| documents(k).map(move |d| Job::Docx(k, d))));
    jobs.extend((0..editions.len()).flat_map(|k| documents(k).map(move |d| Job::Page(k, d))));
    jobs.extend((0..editions.len()).flat_map(|k| documents(k).map(move |d| Job::Markdown(k, d))));
    let made = crate::in_parallel(&jobs, |job| match *job {
        Job::Page(k, d) => {
            pages::document(&editions[k], d, current, &versions, &log, &renderings).map(|f| Made::Page(k, d, f))
        }
        Job::Docx(k, d) => Ok(Made::Docx(k, d, downloads::docx(&editions[k], d))),
        Job::Markdown(k, d) => Ok(Made::Markdown(k, d, downloads::markdown(&editions[k], d))),
        Job::Redline(k) => notes::release_annex(history, &corpora, k, titles).map(|html| {
            Made::Redline(
                k,
                OutputFile {
                    path: PathBuf::from(&editions[k].info.redline),
                    bytes: html.into_bytes(),
                },
            )
        }),
    });
    // Back in the site's order, whatever order the jobs ran in.
    let mut pages = BTreeMap::new();
    let mut redlines = BTreeMap::new();
    let mut docx = BTreeMap::new();
    let mut markdown = BTreeMap::new();
    for made in made {
        match made? {
            Made::Page(k, d, f) => pages.insert((k, d), f).map(drop),
            Made::Redline(k, f) => redlines.insert(k, f).map(drop),
            Made::Docx(k, d, e) => docx.insert((k, d), e).map(drop),
            Made::Markdown(k, d, e) => markdown.insert((k, d), e).map(drop),
        };
    }
    let mut files = vec![
        file("assets/site.css", pages::CSS),
        file("assets/search.js", pages::SEARCH_JS),
        OutputFile {
            path: PathBuf::from("favicon.ico"),
            bytes: FAVICON.to_vec(),
        },
    ];
    // Every document page of every version; the current version's also at the site's root.
    files.extend(pages.into_values().flatten());
    files.push(pages::home(&editions, &versions)?);
    files.push(pages::search_page(current, &versions)?);
    files.extend(search::index(&editions, &renderings));
    files.extend(reading::files(&log, &editions)?);
    files.extend(redlines.into_values());
    // Each version's zip: its Markdown files, then its DOCX files.
    let mut entries: Vec<Vec<downloads::Entry>> = editions.iter().map(|_| Vec::new()).collect();
    for ((k, _), e) in markdown.into_iter().chain(docx) {
        entries[k].push(e);
    }
    files.extend(downloads::downloads(history, &editions, entries));
    Ok(files)
}

fn file(path: &str, text: &str) -> OutputFile {
    OutputFile {
        path: PathBuf::from(path),
        bytes: text.as_bytes().to_vec(),
    }
}

/// `2022-08-01` → `1.8.2022`, as the Code's amendment notes print dates.
pub fn note_date(iso: &str) -> String {
    let mut parts = iso.splitn(3, '-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) => format!("{}.{}.{y}", d.trim_start_matches('0'), m.trim_start_matches('0')),
        _ => iso.to_string(),
    }
}

fn version_info(history: &History, k: usize, titles: &BTreeMap<String, String>) -> VersionInfo {
    let v = &history.versions[k];
    VersionInfo {
        id: v.id.clone(),
        from: v.date.map(|d| d.short()).unwrap_or_default(),
        // The last day in force (inclusive): the day before the next version's first day.
        until: history
            .in_force_until(&v.id)
            .map(|d| d.day_before().short())
            .unwrap_or_default(),
        release: v.release.clone().unwrap_or_default(),
        title: v.title.clone().unwrap_or_default(),
        modifications: v
            .modifications
            .iter()
            .map(|m| ModificationInfo {
                id: m.clone(),
                title: titles.get(m).cloned().unwrap_or_default(),
            })
            .collect(),
        current: k + 1 == history.versions.len(),
        redline: v
            .release
            .as_deref()
            .map(|r| format!("releases/{r}/annex.html"))
            .unwrap_or_default(),
        download: format!("downloads/sec-{}.zip", v.id),
    }
}

/// Every reference of a version and the page (in its version's folder) where it is read.
fn targets(corpus: &Corpus) -> text::Targets {
    let mut out = text::Targets::new();
    for d in &corpus.documents {
        let page = page_name(&d.meta.id);
        out.insert(d.meta.id.clone(), page.clone());
        for u in &d.units {
            let Some(number) = u.number() else { continue };
            let reference = qualified(&d.meta, number);
            for sp in &u.subparagraphs {
                out.insert(
                    format!("{reference}{}", sp.address()),
                    format!("{page}#{reference}{}", sp.address()),
                );
            }
            out.insert(reference.clone(), format!("{page}#{reference}"));
        }
    }
    out
}

/// The reference of a unit: `F2.4`, `Z:6.2`, a Part `F2`; `None` for a cross-heading.
pub fn unit_reference(corpus: &Corpus, document: usize, unit: usize) -> Option<String> {
    let d = &corpus.documents[document];
    match &d.units[unit].kind {
        UnitKind::Part { number, .. } | UnitKind::Provision { number } => Some(qualified(&d.meta, number)),
        UnitKind::CrossHeading { .. } => None,
    }
}

/// Modification id → title, from the change-sets' `modification:` and `title:` (read as
/// YAML, so quotes, escapes and block scalars come out as written).
fn modification_titles(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (_, header) in crate::changeset::declared(dir) {
        if let Some(title) = header.title {
            out.entry(header.modification).or_insert(title);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_as_in_amendment_notes() {
        assert_eq!(super::note_date("2022-08-01"), "1.8.2022");
        assert_eq!(super::note_date("2022-11-03"), "3.11.2022");
    }
}
