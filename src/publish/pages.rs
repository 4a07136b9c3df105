//! The site's pages, filled from the compiled-in templates (templates/site/); tera escapes
//! every value, and the provision HTML it is given was escaped by `text.rs`.

use super::downloads::Links;
use super::notes::{Annotated, Log};
use super::units::Renderings;
use super::{DocVersion, Edition, VersionInfo, page_name, unit_reference, version_folder, version_page};
use crate::corpus::UnitKind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub(crate) const CSS: &str = include_str!("../../templates/site/site.css");
pub(crate) const SEARCH_JS: &str = include_str!("../../templates/site/search.js");
pub(crate) const TEMPLATES: [(&str, &str); 5] = [
    ("log.html", include_str!("../../templates/site/log.html.tera")),
    ("moved.html", include_str!("../../templates/site/moved.html.tera")),
    ("document.html", include_str!("../../templates/site/document.html.tera")),
    ("home.html", include_str!("../../templates/site/home.html.tera")),
    ("search.html", include_str!("../../templates/site/search.html.tera")),
];

fn tera() -> Result<&'static tera::Tera, Diagnostics> {
    static TERA: OnceLock<Result<tera::Tera, String>> = OnceLock::new();
    TERA.get_or_init(|| {
        let mut t = tera::Tera::default();
        for (name, text) in TEMPLATES {
            t.add_raw_template(name, text).map_err(|e| format!("{name}: {e}"))?;
        }
        Ok(t)
    })
    .as_ref()
    .map_err(fail)
}

fn fail(e: impl std::fmt::Display) -> Diagnostics {
    Diagnostic::file_error(
        Path::new("templates/site"),
        format!("the site's templates cannot be used: {e}"),
    )
    .help("this is a bug in sec-redline's built-in templates; please report it")
    .into()
}

fn render(name: &str, path: String, context: &impl Serialize) -> Result<OutputFile, Diagnostics> {
    render_context(name, path, &tera::Context::from_serialize(context).map_err(fail)?)
}

fn render_context(name: &str, path: String, context: &tera::Context) -> Result<OutputFile, Diagnostics> {
    let html = tera()?.render(name, context).map_err(fail)?;
    Ok(OutputFile {
        path: PathBuf::from(path),
        bytes: html.into_bytes(),
    })
}

#[derive(Serialize)]
struct DocInfo {
    id: String,
    name: String,
    title: String,
    page: String,
    /// Its downloads, where a page offers them.
    #[serde(skip_serializing_if = "Option::is_none")]
    download: Option<Links>,
}

#[derive(Serialize)]
struct PartLink {
    id: String,
    number: String,
    heading: String,
}

#[derive(Serialize)]
struct UnitView<'a> {
    kind: &'static str,
    id: String,
    number: &'a str,
    heading: &'a str,
    html: &'a str,
    /// Its notes (with markers in its HTML), history and later changes.
    note: Annotated,
}

#[derive(Serialize)]
struct VersionLink {
    id: String,
    href: String,
    current: bool,
    has_doc: bool,
}

#[derive(Serialize)]
struct DocumentPage<'a> {
    root: &'static str,
    at_root: bool,
    canonical: String,
    /// The document version: the version of the Code it came in with, its dates in force.
    version: &'a VersionInfo,
    /// The last version of the Code this document version was in, if not the first.
    through: String,
    in_current: bool,
    current_page: String,
    doc: DocInfo,
    /// Its Markdown (plain while in force, else gzip-compressed) and DOCX.
    download: Links,
    parts: Vec<PartLink>,
    units: Vec<UnitView<'a>>,
    versions: Vec<VersionLink>,
}

/// The page of document version `n`, `v/<start>/f.html`, as it reads in the version of the
/// Code it came in with; if it is in force now, also the same page at the site's root,
/// `f.html`, from the same reading. Its text depends only on that version; its notes of later
/// changes (and its provisions' timelines) on the later versions of the same document, so a
/// release that changes another document never changes it. It links the document version's
/// downloads: while in force the plain current text, else its compressed Markdown (`gz`, if
/// made already) with its size.
pub(crate) fn document(
    editions: &[Edition],
    doc_versions: &[DocVersion],
    n: usize,
    versions: &[VersionInfo],
    log: &Log,
    renderings: &Renderings,
    gz: Option<&[u8]>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let dv = &doc_versions[n];
    let (edition, d) = (&editions[dv.start], dv.position);
    let last = editions.len() - 1;
    let doc = &edition.corpus.documents[d];
    let id = doc.meta.id.as_str();
    let page = page_name(id);
    let mut units = Vec::new();
    let mut parts = Vec::new();
    // Notes are numbered F1, F2, … down the page.
    let mut numbered = 0;
    for (i, u) in doc.units.iter().enumerate() {
        let reference = unit_reference(edition.corpus, d, i).unwrap_or_default();
        let rendered = renderings.get(n, i);
        let view = match &u.kind {
            UnitKind::Part { number, heading } => {
                parts.push(PartLink {
                    id: reference.clone(),
                    number: number.clone(),
                    heading: heading.clone(),
                });
                UnitView {
                    kind: "part",
                    note: log.annotate(&reference, edition.index, &mut numbered, |marks| {
                        super::text::heading_marked(&rendered.html, marks)
                    }),
                    id: reference,
                    number,
                    heading: &rendered.html,
                    html: "",
                }
            }
            UnitKind::CrossHeading { .. } => UnitView {
                kind: "cross",
                id: String::new(),
                number: "",
                heading: &rendered.html,
                html: "",
                note: Annotated::default(),
            },
            UnitKind::Provision { number } => UnitView {
                kind: "provision",
                note: log.annotate(&reference, edition.index, &mut numbered, |marks| {
                    super::units::marked(edition, d, i, marks)
                }),
                id: reference,
                number,
                heading: "",
                html: &rendered.html,
            },
        };
        units.push(view);
    }
    let current = dv.end == last;
    let successor = doc_versions.iter().any(|o| o.id == dv.id && o.start == dv.end + 1);
    let info = VersionInfo {
        until: versions[dv.end].until.clone(),
        current,
        ..edition.info.clone()
    };
    let folder_page = version_page(&edition.info.id, id);
    let page_context = DocumentPage {
        root: "../../",
        at_root: false,
        canonical: if current { page.clone() } else { folder_page.clone() },
        version: &info,
        through: if dv.end > dv.start {
            versions[dv.end].id.clone()
        } else {
            String::new()
        },
        in_current: current || successor,
        current_page: page.clone(),
        doc: DocInfo {
            id: id.to_string(),
            name: doc.meta.name(),
            title: doc.meta.title.clone(),
            page: page.clone(),
            download: None,
        },
        download: super::downloads::links(edition, d, current, gz)?,
        parts,
        units,
        // This document's versions up to this one.
        versions: doc_versions
            .iter()
            .filter(|o| o.id == dv.id && o.start <= dv.start)
            .map(|o| VersionLink {
                id: versions[o.start].id.clone(),
                href: version_page(&versions[o.start].id, id),
                current: o.end == last && current,
                has_doc: true,
            })
            .collect(),
    };
    // The page is turned into the template's values once; the copy at the root differs
    // only in where it stands.
    let mut context = tera::Context::from_serialize(&page_context).map_err(fail)?;
    drop(page_context);
    let mut files = vec![render_context("document.html", folder_page, &context)?];
    if current {
        context.insert("root", "");
        context.insert("at_root", &true);
        files.push(render_context("document.html", page, &context)?);
    }
    Ok(files)
}

/// The page of a document in a version of the Code that did not change it: it leads to the
/// page of the document version then in force, `../<start>/f.html`, keeping the anchor.
pub(crate) fn moved(path: &str, start: &str, document: &str) -> Result<OutputFile, Diagnostics> {
    let target = format!("../{start}/{}", page_name(document));
    let mut context = tera::Context::new();
    context.insert("target", &target);
    context.insert("version", start);
    render_context("moved.html", path.to_string(), &context)
}

#[derive(Serialize)]
struct EditionView<'a> {
    info: &'a VersionInfo,
    documents: Vec<DocInfo>,
}

#[derive(Serialize)]
struct HomePage<'a> {
    current: &'a VersionInfo,
    documents: Vec<DocInfo>,
    editions: Vec<EditionView<'a>>,
}

fn doc_infos(edition: &Edition, folder: &str) -> Vec<DocInfo> {
    edition
        .corpus
        .documents
        .iter()
        .map(|d| DocInfo {
            id: d.meta.id.clone(),
            name: d.meta.name(),
            title: d.meta.title.clone(),
            page: format!("{folder}{}", page_name(&d.meta.id)),
            download: None,
        })
        .collect()
}

/// `index.html`: the current version, its documents (each with its plain text and DOCX to
/// download), every version and each release's redline.
pub(crate) fn home(
    editions: &[Edition],
    doc_versions: &[DocVersion],
    in_force: &[Vec<usize>],
) -> Result<OutputFile, Diagnostics> {
    let last = editions.len() - 1;
    let current = &editions[last];
    let mut documents = doc_infos(current, "");
    for (info, &n) in documents.iter_mut().zip(&in_force[last]) {
        let dv = &doc_versions[n];
        info.download = Some(super::downloads::links(&editions[dv.start], dv.position, true, None)?);
    }
    let context = HomePage {
        current: &current.info,
        documents,
        editions: editions
            .iter()
            .rev()
            .map(|e| EditionView {
                info: &e.info,
                documents: doc_infos(e, &version_folder(&e.info.id)),
            })
            .collect(),
    };
    render("home.html", "index.html".to_string(), &context)
}

#[derive(Serialize)]
struct SearchPage<'a> {
    current: &'a VersionInfo,
    /// Newest first.
    versions: Vec<&'a VersionInfo>,
}

/// `search.html`: the form (with its version filter) and the script that reads the index.
pub(crate) fn search_page(current: &Edition, versions: &[VersionInfo]) -> Result<OutputFile, Diagnostics> {
    render(
        "search.html",
        "search.html".to_string(),
        &SearchPage {
            current: &current.info,
            versions: versions.iter().rev().collect(),
        },
    )
}

#[derive(Serialize)]
struct LogRow {
    name: String,
    /// The version of the Code the document version came in with (its page's folder).
    version: String,
    page: String,
    /// In force since (empty for the base version).
    since: String,
    /// Changed by this version's release.
    changed: bool,
}

#[derive(Serialize)]
struct LogVersion<'a> {
    info: &'a VersionInfo,
    documents: Vec<LogRow>,
    /// Documents the version before had and this one has not.
    removed: Vec<String>,
}

#[derive(Serialize)]
struct LogPage<'a> {
    current: &'a VersionInfo,
    versions: Vec<LogVersion<'a>>,
}

/// `log.html`: per version of the Code, newest first, the version of each document then in
/// force (since when, and whether this version's release changed it).
pub(crate) fn log(
    editions: &[Edition],
    doc_versions: &[DocVersion],
    in_force: &[Vec<usize>],
) -> Result<OutputFile, Diagnostics> {
    let rows = |k: usize| -> LogVersion {
        let e = &editions[k];
        let documents: Vec<LogRow> = in_force[k]
            .iter()
            .enumerate()
            .map(|(position, &n)| {
                let dv = &doc_versions[n];
                let start = &editions[dv.start].info;
                LogRow {
                    name: e.corpus.documents[position].meta.name(),
                    version: start.id.clone(),
                    page: version_page(&start.id, &dv.id),
                    since: start.from.clone(),
                    changed: k > 0 && dv.start == k,
                }
            })
            .collect();
        let removed = match k.checked_sub(1) {
            Some(p) => editions[p]
                .corpus
                .documents
                .iter()
                .filter(|d| e.corpus.document(&d.meta.id).is_none())
                .map(|d| d.meta.name())
                .collect(),
            None => Vec::new(),
        };
        LogVersion {
            info: &e.info,
            documents,
            removed,
        }
    };
    let context = LogPage {
        current: &editions[editions.len() - 1].info,
        versions: (0..editions.len()).rev().map(rows).collect(),
    };
    render("log.html", "log.html".to_string(), &context)
}
