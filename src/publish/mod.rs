//! `publish`: a static website of the Code, every version, from the text folder and its history.
//!
//! `text.rs` renders a provision (anchors, cross-references, definitions); `notes.rs` finds
//! each provision's amendment notes and history; `pages.rs` fills the templates;
//! `search.rs` builds the static search index; `downloads.rs` the downloads (Markdown, DOCX)
//! and checksums.
//! The URL scheme (docs/format.md, "The published website") is stable from release to release.

mod downloads;
mod notes;
mod pages;
mod reading;
mod search;
pub(crate) mod text;
mod units;

use crate::annex::Attribution;
use crate::corpus::{Corpus, UnitKind, qualified};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, OutputFile};
use crate::release::History;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    /// Change-sets, read only for the titles and authors of modifications (a missing folder is fine).
    pub changes: PathBuf,
}

/// The page of a document in its version's folder: `f.html`.
pub(crate) fn page_name(document: &str) -> String {
    format!("{}.html", document.to_lowercase())
}

/// The folder of a version's pages, from the site's root: `v/1.1/`.
pub(crate) fn version_folder(id: &str) -> String {
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
    /// `downloads/sec-<id>.sha256`: the files it is made of
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
    /// Shared by the versions whose references are the same.
    pub targets: Arc<text::Targets>,
}

/// The file that marks a folder as a site `publish` wrote, and may replace.
pub(crate) const SITE_MARKER: &str = ".sec-redline-site";

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

/// Writes the site into `options.out` (atomically: nothing is left half-written). Into a site
/// it wrote before from the same history (its marker says which), only what the new
/// versions added or changed is made; everything else is linked from the old site.
pub fn publish(options: &PublishOptions) -> Result<(PathBuf, Vec<OutputFile>), Diagnostics> {
    check_out(&options.out, &options.text)?;
    let history = History::load(&options.text)?;
    let known = known_modifications(&options.changes);
    let marker = marker(&history, &known);
    let reuse = Reuse::of(&options.out, &marker);
    // A file of the old site gone or unreadable (removed by hand?): nothing of it is
    // trusted, and everything is made (an error of the history is an error again).
    let made = match site(&history, &known, &reuse) {
        Ok(made) if made.linked.iter().all(|p| options.out.join(p).is_file()) => made,
        _ if reuse.versions > 0 => site(&history, &known, &Reuse::none())?,
        other => other?,
    };
    let mut files = made.files;
    files.insert(
        0,
        OutputFile {
            path: PathBuf::from(SITE_MARKER),
            bytes: marker.into_bytes(),
        },
    );
    let mut linked = made.linked;
    if reuse.versions > 0 {
        // A file made again with the bytes the old site holds (a search shard no new entry
        // reached, a page of a version whose text did not move) is linked as it is, not
        // written: the same bytes, without a new file.
        let (same, changed): (Vec<OutputFile>, Vec<OutputFile>) = files
            .into_iter()
            .partition(|f| std::fs::read(options.out.join(&f.path)).is_ok_and(|old| old == f.bytes));
        linked.extend(same.into_iter().map(|f| f.path));
        linked.sort();
        files = changed;
    }
    let folder = output::write_folder_linking(&options.out, &files, &linked)?;
    Ok((folder, files))
}

/// The marker's text: what the site is, and what it was made from: the tool's templates (one
/// digest), then each version of the Code with a digest of its record (its release, date,
/// modifications with their titles and authors, effects and the digest of every document). A later
/// `publish` reuses the pages of an old site only if its marker is this one's first lines:
/// the same templates, and a history (and modifications) this one continues.
fn marker(history: &History, known: &BTreeMap<String, Attribution>) -> String {
    let mut site = Sha256::new();
    site.update(env!("CARGO_PKG_VERSION"));
    let assets = [("site.css", pages::CSS), ("search.js", pages::SEARCH_JS)];
    for (name, text) in pages::TEMPLATES.into_iter().chain(assets) {
        site.update(format!("\0{name}\0{}\0{text}", text.len()));
    }
    let mut out =
        String::from("This folder is a website written by `sec-redline publish`, which replaces it as a whole.\n");
    out.push_str(&format!("site: {}\n", hex(&site.finalize())));
    for (k, v) in history.versions.iter().enumerate() {
        let mut record = Sha256::new();
        let date = v.date.map(|d| d.to_string()).unwrap_or_default();
        let release = v.release.as_deref().unwrap_or("");
        let title = v.title.as_deref().unwrap_or("");
        record.update(format!("{}\0{date}\0{release}\0{title}\0", v.id));
        for m in &v.modifications {
            let (title, author) = known.get(m).map_or(("", ""), |a| (a.title.as_str(), a.author.as_str()));
            record.update(format!("{m}\0{title}\0{author}\0"));
        }
        for e in &v.effects {
            record.update(format!(
                "{}\0{}\0{}\0{}\0{}\0{}\0",
                e.document(),
                e.provision,
                e.effect,
                e.modification,
                e.release,
                e.in_force
            ));
        }
        for (name, digest) in history.digests(k) {
            record.update(format!("{name}\0{digest}\0"));
        }
        out.push_str(&format!("version {} {}\n", v.id, hex(&record.finalize())));
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What of an existing site a publish may keep: the site's folder and how many versions of
/// this history it was made from (0: nothing, everything is made again).
pub(crate) struct Reuse {
    dir: PathBuf,
    versions: usize,
}

impl Reuse {
    /// Nothing reused: every file is made.
    pub(crate) fn none() -> Reuse {
        Reuse {
            dir: PathBuf::new(),
            versions: 0,
        }
    }

    /// The old site at `out`, if its marker is the first lines of `marker` (the same
    /// templates and modifications, and the first versions of this history); else nothing.
    fn of(out: &Path, marker: &str) -> Reuse {
        let Ok(old) = std::fs::read_to_string(out.join(SITE_MARKER)) else {
            return Reuse::none();
        };
        let versions = old.lines().filter(|l| l.starts_with("version ")).count();
        if versions == 0 || !marker.starts_with(&old) || !old.ends_with('\n') {
            return Reuse::none();
        }
        Reuse {
            dir: out.to_path_buf(),
            versions,
        }
    }

    /// The SHA-256 of a file the old site holds (one that is kept).
    fn digest(&self, path: &str) -> Result<String, Diagnostics> {
        let file = self.dir.join(path);
        let bytes = std::fs::read(&file).map_err(|e| {
            Diagnostics::from(
                Diagnostic::file_error(&file, format!("cannot read this file of the old site: {e}"))
                    .help("publish into a new folder, or remove the site's folder and publish again"),
            )
        })?;
        Ok(downloads::sha256(&bytes))
    }

    /// Whether the old site was made from version `k` of this history.
    fn has(&self, k: usize) -> bool {
        k < self.versions
    }
}

/// The files of the site: those made, and those linked unchanged from the old site.
pub(crate) struct Site {
    pub files: Vec<OutputFile>,
    /// Paths (inside the site) kept as they are in the old site.
    pub linked: Vec<PathBuf>,
}

/// A version of a document: the document as it read, word for word, from version `start` of
/// the Code through version `end`. Its page is `v/<start>/<document>.html`.
#[derive(Debug, Clone)]
pub(crate) struct DocVersion {
    /// Its index in `corpora[start].documents`.
    pub position: usize,
    pub id: String,
    pub start: usize,
    pub end: usize,
}

/// Every version of every document, oldest first, and per version of the Code, per document
/// (its place in that version's corpus): which of them it is.
fn document_versions(corpora: &[Corpus]) -> (Vec<DocVersion>, Vec<Vec<usize>>) {
    let mut all: Vec<DocVersion> = Vec::new();
    let mut at: Vec<Vec<usize>> = Vec::new();
    for (k, corpus) in corpora.iter().enumerate() {
        let row = corpus
            .documents
            .iter()
            .enumerate()
            .map(|(position, doc)| {
                let same = k.checked_sub(1).and_then(|p| {
                    let before = corpora[p].documents.iter().position(|o| o.meta.id == doc.meta.id)?;
                    // The versions rebuilt from the history share a document no release
                    // changed: the same text, without reading it.
                    let old = &corpora[p].documents[before];
                    (Arc::ptr_eq(&old.file, &doc.file) || old.text() == doc.text()).then(|| at[p][before])
                });
                match same {
                    Some(n) => {
                        all[n].end = k;
                        n
                    }
                    None => {
                        all.push(DocVersion {
                            position,
                            id: doc.meta.id.clone(),
                            start: k,
                            end: k,
                        });
                        all.len() - 1
                    }
                }
            })
            .collect();
        at.push(row);
    }
    (all, at)
}

/// A piece of the site that can be made on its own, on any core.
enum Job {
    /// A document version's page (and at the root, if it is in force now).
    Page(usize),
    /// A document version as a clean DOCX.
    Docx(usize),
    /// The redline of the release that made a version.
    Redline(usize),
}

/// The page of a document in the folder of a version of the Code: `v/1.1/f.html`.
pub(crate) fn version_page(version: &str, document: &str) -> String {
    format!("{}{}", version_folder(version), page_name(document))
}

/// Every file of the site, in a fixed order, from the history alone; with `reuse`, the
/// files of past versions that the old site holds are listed as linked, not made.
pub(crate) fn site(
    history: &History,
    known: &BTreeMap<String, Attribution>,
    reuse: &Reuse,
) -> Result<Site, Diagnostics> {
    // Each version from the one after it, one patch per changed document (linear in the
    // versions), every one checked against its digests.
    let corpora: Vec<Corpus> = history.corpora()?;
    let last = history.versions.len() - 1;
    let (doc_versions, in_force) = document_versions(&corpora);
    let targets = all_targets(&corpora, &doc_versions, &in_force);
    let editions: Vec<Edition> = history
        .versions
        .iter()
        .enumerate()
        .map(|(k, _)| Edition {
            index: k,
            info: version_info(history, k, known),
            corpus: &corpora[k],
            targets: Arc::clone(&targets[k]),
        })
        .collect();
    drop(targets);
    let log = notes::Log::new(history, &corpora, &doc_versions, &in_force, known);
    let renderings = units::Renderings::new(&editions, &doc_versions);
    let versions: Vec<VersionInfo> = editions.iter().map(|e| e.info.clone()).collect();
    // A page reads the same as in the old site if the old site had its version and it was
    // then in force or superseded as it is now.
    // A page says which of its provisions later versions of its document changed (and its
    // timeline lists them), so it is kept only if the old site already had every version of
    // its document, as well as its own version and the one that superseded it.
    let mut newest: BTreeMap<&str, usize> = BTreeMap::new();
    for dv in &doc_versions {
        let at = newest.entry(dv.id.as_str()).or_default();
        *at = (*at).max(dv.start);
    }
    let kept = |dv: &DocVersion| {
        reuse.has(dv.start) && reuse.has(newest[dv.id.as_str()]) && (reuse.has(dv.end + 1) || dv.end == last)
    };
    // A document version's Markdown is compressed where its file is made, and where its page
    // is made after it was superseded (the page gives the compressed file's size).
    let compressed = downloads::compressed(&editions, &doc_versions, |n| {
        let dv = &doc_versions[n];
        !reuse.has(dv.start) || (!kept(dv) && dv.end != last)
    })?;
    let mut linked: Vec<PathBuf> = Vec::new();
    let mut jobs: Vec<Job> = Vec::new();
    // The longest jobs first, so that no core is left with one at the end.
    jobs.extend((1..editions.len()).filter(|&k| !reuse.has(k)).map(Job::Redline));
    jobs.extend(
        (0..doc_versions.len())
            .filter(|&n| !reuse.has(doc_versions[n].start))
            .map(Job::Docx),
    );
    jobs.extend(
        (0..doc_versions.len())
            .filter(|&n| !kept(&doc_versions[n]))
            .map(Job::Page),
    );
    let made = crate::parallel::in_parallel(&jobs, |job| match *job {
        Job::Page(n) => pages::document(
            &editions,
            &doc_versions,
            n,
            &versions,
            &log,
            &renderings,
            compressed[n].as_deref(),
        ),
        Job::Docx(n) => {
            let dv = &doc_versions[n];
            Ok(vec![downloads::docx(&editions[dv.start], dv.position)])
        }
        Job::Redline(k) => notes::release_annex(history, &corpora, k, known).map(|html| {
            vec![OutputFile {
                path: PathBuf::from(&editions[k].info.redline),
                bytes: html.into_bytes(),
            }]
        }),
    });
    let mut pages = BTreeMap::new();
    for (job, made) in jobs.iter().zip(made) {
        for f in made? {
            pages.insert(f.path.clone(), (matches!(job, Job::Page(_)), f));
        }
    }
    for dv in doc_versions.iter().filter(|dv| kept(dv)) {
        let page = version_page(&history.versions[dv.start].id, &dv.id);
        linked.push(PathBuf::from(&page));
        if dv.end == last {
            linked.push(PathBuf::from(page_name(&dv.id)));
        }
    }
    for k in (1..editions.len()).filter(|&k| reuse.has(k)) {
        linked.push(PathBuf::from(&editions[k].info.redline));
    }
    let mut files = vec![
        file("assets/site.css", pages::CSS),
        file("assets/search.js", pages::SEARCH_JS),
        OutputFile {
            path: PathBuf::from("favicon.ico"),
            bytes: FAVICON.to_vec(),
        },
    ];
    // Each document version's page (and the current ones at the site's root); in the folder
    // of every other version of the Code, a page that leads to the version then in force.
    let (made_pages, rest): (Vec<_>, Vec<_>) = pages.into_values().partition(|(page, _)| *page);
    files.extend(made_pages.into_iter().map(|(_, f)| f));
    for (k, row) in in_force.iter().enumerate() {
        for &n in row {
            let dv = &doc_versions[n];
            if dv.start == k {
                continue;
            }
            let path = version_page(&history.versions[k].id, &dv.id);
            if reuse.has(k) {
                linked.push(PathBuf::from(path));
            } else {
                files.push(pages::moved(&path, &history.versions[dv.start].id, &dv.id)?);
            }
        }
    }
    files.push(pages::home(&editions, &doc_versions, &in_force)?);
    files.push(pages::log(&editions, &doc_versions, &in_force)?);
    files.push(pages::search_page(&editions[last], &versions)?);
    files.extend(search::index(&editions, &doc_versions, &renderings));
    files.extend(reading::files(&log, &editions)?);
    let (redlines, docx): (Vec<_>, Vec<_>) = rest
        .into_iter()
        .map(|(_, f)| f)
        .partition(|f| f.path.starts_with("releases"));
    files.extend(redlines);
    files.extend(downloads::downloads(
        history,
        &editions,
        &doc_versions,
        &in_force,
        downloads::Made { docx, compressed },
        reuse,
        &mut linked,
    )?);
    linked.sort();
    Ok(Site { files, linked })
}

fn file(path: &str, text: &str) -> OutputFile {
    OutputFile {
        path: PathBuf::from(path),
        bytes: text.as_bytes().to_vec(),
    }
}

/// `2022-08-01` → `1.8.2022`, as the Code's amendment notes print dates.
pub(crate) fn note_date(iso: &str) -> String {
    let mut parts = iso.splitn(3, '-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) => format!("{}.{}.{y}", d.trim_start_matches('0'), m.trim_start_matches('0')),
        _ => iso.to_string(),
    }
}

fn version_info(history: &History, k: usize, known: &BTreeMap<String, Attribution>) -> VersionInfo {
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
                title: known.get(m).map(|a| a.title.clone()).unwrap_or_default(),
            })
            .collect(),
        current: k + 1 == history.versions.len(),
        redline: v
            .release
            .as_deref()
            .map(|r| format!("releases/{r}/annex.html"))
            .unwrap_or_default(),
        download: format!("downloads/sec-{}.sha256", v.id),
    }
}

/// Every reference of a version and the page (in its version's folder) where it is read.
#[cfg(test)]
fn targets(corpus: &Corpus) -> text::Targets {
    let docs: Vec<Option<Arc<text::DocTargets>>> = corpus
        .documents
        .iter()
        .map(|d| Some(Arc::new(document_targets(d).into_iter().collect())))
        .collect();
    let owner = owners(docs.iter().enumerate().filter_map(|(d, t)| Some((d, &**t.as_ref()?))));
    text::Targets::new(Arc::new(owner), docs)
}

/// Which document (by its number) each reference is in, from the targets of each document
/// version with its document's number; a reference of two documents is the first one's.
fn owners<'t>(docs: impl Iterator<Item = (usize, &'t text::DocTargets)>) -> HashMap<String, usize> {
    let mut owner: HashMap<String, usize> = HashMap::new();
    for (d, targets) in docs {
        for r in targets.keys() {
            if !owner.contains_key(r) {
                owner.insert(r.clone(), d);
            }
        }
    }
    owner
}

/// The references of one document and where they are read.
fn document_targets(d: &crate::corpus::Document) -> Vec<(String, String)> {
    let page = page_name(&d.meta.id);
    let mut out = vec![(d.meta.id.clone(), page.clone())];
    for u in d.units.iter() {
        let Some(number) = u.number() else { continue };
        let reference = qualified(&d.meta, number);
        for address in sub_addresses(&u.subparagraphs) {
            let reference = format!("{reference}{address}");
            let target = format!("{page}#{reference}");
            out.push((reference, target));
        }
        out.push((reference.clone(), format!("{page}#{reference}")));
    }
    out
}

/// Each sub-paragraph's address (`(b)(ii)`), in order, made from the one before it: a
/// path shares its first labels with the path before it, so only the labels after those
/// are written (`SubParagraph::address` for each writes its whole path: 12.5 million
/// labels at depth 5,000).
fn sub_addresses(subs: &[crate::corpus::SubParagraph]) -> Vec<String> {
    let mut out = Vec::with_capacity(subs.len());
    let mut address = String::new();
    // Where each label of the path before ends in `address`.
    let mut ends: Vec<usize> = Vec::new();
    let mut before: &[String] = &[];
    for sp in subs {
        let path: &[String] = &sp.path;
        let shared = before
            .iter()
            .zip(path)
            .take_while(|(a, b)| std::ptr::eq(*a, *b) || a == b)
            .count();
        ends.truncate(shared);
        address.truncate(ends.last().copied().unwrap_or(0));
        for label in &path[shared..] {
            address.push('(');
            address.push_str(label);
            address.push(')');
            ends.push(address.len());
        }
        out.push(address.clone());
        before = path;
    }
    out
}

/// The targets of every version: made once per document version, and per version of the
/// Code only the list of the document versions it holds (a release that changes one
/// document makes that document's targets alone).
fn all_targets(corpora: &[Corpus], doc_versions: &[DocVersion], in_force: &[Vec<usize>]) -> Vec<Arc<text::Targets>> {
    let parts: Vec<Arc<text::DocTargets>> = crate::parallel::in_parallel(doc_versions, |dv| {
        Arc::new(
            document_targets(&corpora[dv.start].documents[dv.position])
                .into_iter()
                .collect(),
        )
    });
    // Documents by their id, numbered in the order they first appear.
    let mut ids: Vec<&str> = Vec::new();
    for dv in doc_versions {
        if !ids.contains(&dv.id.as_str()) {
            ids.push(&dv.id);
        }
    }
    let number = |id: &str| ids.iter().position(|i| *i == id).unwrap_or(0);
    // Each reference's document: the one whose versions have it (the first, if two have).
    let mut by_document: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    for (n, dv) in doc_versions.iter().enumerate() {
        by_document[number(&dv.id)].push(n);
    }
    let shared = &parts;
    let owner = Arc::new(owners(
        by_document
            .iter()
            .enumerate()
            .flat_map(|(d, versions)| versions.iter().map(move |&n| (d, &*shared[n]))),
    ));
    in_force
        .iter()
        .map(|row| {
            let mut docs: Vec<Option<Arc<text::DocTargets>>> = vec![None; ids.len()];
            for &n in row {
                docs[number(&doc_versions[n].id)] = Some(Arc::clone(&parts[n]));
            }
            Arc::new(text::Targets::new(Arc::clone(&owner), docs))
        })
        .collect()
}

/// The reference of a unit: `F2.4`, `Z:6.2`, a Part `F2`; `None` for a cross-heading.
pub(crate) fn unit_reference(corpus: &Corpus, document: usize, unit: usize) -> Option<String> {
    let d = &corpus.documents[document];
    match &d.units[unit].kind {
        UnitKind::Part { number, .. } | UnitKind::Provision { number } => Some(qualified(&d.meta, number)),
        UnitKind::CrossHeading { .. } => None,
    }
}

/// Modification id → its title and author, from the change-sets' `modification:`, `title:`
/// and `author:` (read as YAML, so quotes, escapes and block scalars come out as written).
fn known_modifications(dir: &Path) -> BTreeMap<String, Attribution> {
    let mut out = BTreeMap::new();
    for (_, header) in crate::changeset::declared(dir) {
        if header.title.is_none() && header.author.is_none() {
            continue;
        }
        out.entry(header.modification.clone()).or_insert(Attribution {
            id: header.modification,
            title: header.title.unwrap_or_default(),
            author: header.author.unwrap_or_default(),
        });
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

    #[test]
    fn each_sub_paragraph_has_its_whole_address() {
        let subs: Vec<crate::corpus::SubParagraph> = [
            &["a"][..],
            &["a", "i"],
            &["a", "ii"],
            &["b"],
            &["b", "i", "A"],
            &["b", "ii"],
            &["c"],
        ]
        .iter()
        .map(|p| crate::corpus::SubParagraph {
            path: p.iter().map(|l| l.to_string()).collect::<Vec<_>>().into(),
            range: 0..0,
        })
        .collect();
        assert_eq!(
            super::sub_addresses(&subs),
            ["(a)", "(a)(i)", "(a)(ii)", "(b)", "(b)(i)(A)", "(b)(ii)", "(c)"]
        );
    }
}
