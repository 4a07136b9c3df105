//! The site's pages, filled from the compiled-in templates (templates/site/); tera escapes
//! every value, and the provision HTML it is given was escaped by `text.rs`.

use super::notes::{Annotated, Log};
use super::units::Renderings;
use super::{Edition, VersionInfo, page_name, unit_reference, version_folder};
use crate::corpus::UnitKind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub const CSS: &str = include_str!("../../templates/site/site.css");
pub const SEARCH_JS: &str = include_str!("../../templates/site/search.js");
const TEMPLATES: [(&str, &str); 3] = [
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
    version: &'a VersionInfo,
    current: &'a VersionInfo,
    in_current: bool,
    current_page: String,
    doc: DocInfo,
    parts: Vec<PartLink>,
    units: Vec<UnitView<'a>>,
    versions: Vec<VersionLink>,
}

/// A document's page in a version, `v/<id>/f.html`; for the current version also the same
/// page at the site's root, `f.html`, from the same reading.
pub fn document(
    edition: &Edition,
    d: usize,
    current: &Edition,
    versions: &[VersionInfo],
    log: &Log,
    renderings: &Renderings,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let doc = &edition.corpus.documents[d];
    let id = doc.meta.id.as_str();
    let page = page_name(id);
    let mut units = Vec::new();
    let mut parts = Vec::new();
    // Notes are numbered F1, F2, … down the page.
    let mut numbered = 0;
    for (i, u) in doc.units.iter().enumerate() {
        let reference = unit_reference(edition.corpus, d, i).unwrap_or_default();
        let rendered = renderings.get(edition.index, d, i);
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
    let in_current = current.corpus.document(id).is_some();
    let folder_page = format!("{}{page}", version_folder(&edition.info.id));
    let page_context = DocumentPage {
        root: "../../",
        at_root: false,
        canonical: if edition.info.current {
            page.clone()
        } else {
            folder_page.clone()
        },
        version: &edition.info,
        current: &current.info,
        in_current,
        current_page: page.clone(),
        doc: DocInfo {
            id: id.to_string(),
            name: doc.meta.name(),
            title: doc.meta.title.clone(),
            page: page.clone(),
        },
        parts,
        units,
        versions: versions
            .iter()
            .map(|v| VersionLink {
                id: v.id.clone(),
                href: format!("{}{page}", version_folder(&v.id)),
                current: v.current,
                has_doc: true,
            })
            .collect(),
    };
    // The page is turned into the template's values once; the copy at the root differs
    // only in where it stands.
    let mut context = tera::Context::from_serialize(&page_context).map_err(fail)?;
    drop(page_context);
    let mut files = vec![render_context("document.html", folder_page, &context)?];
    if edition.info.current {
        context.insert("root", "");
        context.insert("at_root", &true);
        files.push(render_context("document.html", page, &context)?);
    }
    Ok(files)
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
        })
        .collect()
}

/// `index.html`: the current version, its documents, every version and each release's redline.
pub fn home(editions: &[Edition], _versions: &[VersionInfo]) -> Result<OutputFile, Diagnostics> {
    let current = &editions[editions.len() - 1];
    let context = HomePage {
        current: &current.info,
        documents: doc_infos(current, ""),
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
pub fn search_page(current: &Edition, versions: &[VersionInfo]) -> Result<OutputFile, Diagnostics> {
    render(
        "search.html",
        "search.html".to_string(),
        &SearchPage {
            current: &current.info,
            versions: versions.iter().rev().collect(),
        },
    )
}
