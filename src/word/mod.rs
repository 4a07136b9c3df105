//! Word in: a `.docx` read into a document of the Code's Markdown format (`import`), and a
//! Word redline (tracked changes) turned into a change-set (`from_word`).
//!
//! `document.xml` is streamed with `quick-xml`, the small parts read with `roxmltree`
//! (docs/decisions.md); numbers are resolved from
//! `numbering.xml` and `styles.xml` as Word prints them (`numbering.rs`).

mod changes_yaml;
pub(crate) mod document;
pub mod from_word;
pub mod import;
pub(crate) mod markdown;
pub(crate) mod numbering;
pub(crate) mod package;
mod phrases;
mod stream;
pub(crate) mod styles;

use crate::corpus::{Corpus, DocKind, Document};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use document::View;
use import::{Line, Placed};
use std::collections::HashMap;
use std::path::Path;

/// A Word document read as a document of the Code.
#[derive(Debug)]
pub struct Imported {
    pub id: String,
    pub kind: DocKind,
    pub title: String,
    pub version: String,
    /// `section-f.md`, `appendix-z.md`.
    pub file_name: String,
    pub markdown: String,
    /// Each unit and the paragraph of document.xml it came from.
    pub lines: Vec<Placed>,
    /// What could not be carried over, each naming its paragraph.
    pub warnings: Diagnostics,
    /// Whether the document holds tracked changes.
    pub tracked: bool,
    /// The author and date of each tracked change, by paragraph (or table's first paragraph).
    pub revisions: std::collections::BTreeMap<usize, Vec<(String, String)>>,
}

/// Reads the Word document at `path` (every tracked change accepted) as a document of the
/// Code. `id` names the document where its heading does not (`Section F: …`). The Markdown
/// is parsed as `check` parses it; a refusal is an error.
pub fn import(path: &Path, id: Option<&str>) -> Result<Imported, Diagnostics> {
    let package = package::read(path)?;
    let mut imported = import_view(path, &package, id, View::Accept)?;
    if imported.tracked {
        imported.warnings.push(
            Diagnostic::file_error(
                path,
                "the document holds tracked changes: imported with every change accepted",
            )
            .warning()
            .help("to turn tracked changes into a change-set, use `sec-redline from-word`"),
        );
    }
    Ok(imported)
}

/// One view of a package as a document of the Code.
pub(crate) fn import_view(
    path: &Path,
    package: &package::Package,
    id: Option<&str>,
    view: View,
) -> Result<Imported, Diagnostics> {
    // The body is read streaming (docs/decisions.md): the tree of a large document.xml
    // cost a third of the import. A part that is not well-formed is named as before, the
    // document's first.
    let styles_xml = match &package.styles {
        Some(s) => match package::parse(path, "word/styles.xml", s) {
            Ok(d) => Some(d),
            Err(e) => {
                package::parse(path, "word/document.xml", &package.document)?;
                return Err(e);
            }
        },
        None => None,
    };
    let styles = styles_xml.as_ref().map(styles::Styles::parse).unwrap_or_default();
    let blocks = match document::read_str(&package.document, &styles, view) {
        Some(blocks) => blocks,
        None => {
            let document_xml = package::parse(path, "word/document.xml", &package.document)?;
            document::read(&document_xml, &styles, view)
        }
    };
    let numbering_xml = match &package.numbering {
        Some(s) => Some(package::parse(path, "word/numbering.xml", s)?),
        None => None,
    };
    let style_nums: HashMap<String, String> = styles_xml
        .as_ref()
        .map(|doc| {
            doc.root_element()
                .children()
                .filter(|n| package::is(*n, "style"))
                .filter_map(|s| {
                    let id = package::attr(s, "styleId")?;
                    Some((id.to_string(), styles.numbering(id).num_id?))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut numbering = numbering_xml
        .as_ref()
        .map(|n| numbering::Numbering::parse(n, style_nums))
        .unwrap_or_default();
    resolve(path, package, id, &blocks, &styles, &mut numbering)
}

/// The units of `blocks` as a document of the Code.
fn resolve(
    path: &Path,
    package: &package::Package,
    id: Option<&str>,
    blocks: &[document::Block],
    styles: &styles::Styles,
    numbering: &mut numbering::Numbering,
) -> Result<Imported, Diagnostics> {
    let tracked = blocks.iter().any(|b| match b {
        document::Block::Para(p) => p.tracked,
        document::Block::Table(t) => t.tracked,
    });
    let revisions = blocks
        .iter()
        .map(|b| match b {
            document::Block::Para(p) => (p.index, p.revisions.clone()),
            document::Block::Table(t) => (t.index, t.revisions.clone()),
        })
        .filter(|(_, r)| !r.is_empty())
        .collect();
    let (heading, mut lines, problems) = import::units(blocks, styles, numbering);
    let id = match (id, &heading.id) {
        (Some(i), _) => i.to_string(),
        (None, Some(i)) => i.clone(),
        (None, None) => {
            return Err(Diagnostic::file_error(
                path,
                "the document's id is not known: no heading reads like 'Section F: …' or 'Appendix Z: …'",
            )
            .help("give the document's letters with --id, e.g. --id F")
            .into());
        }
    };
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(Diagnostic::file_error(path, format!("'{id}' is not a document id"))
            .help("a document id is letters only, e.g. --id F")
            .into());
    }
    let kind = match heading.kind.as_deref() {
        Some("Section") => DocKind::Section,
        Some(_) => DocKind::Appendix,
        // Numbers that carry letters are a Section's.
        None if lines.iter().any(|l| {
            matches!(&l.line, Line::Provision { number, .. } if number.starts_with(|c: char| c.is_ascii_uppercase()))
        }) =>
        {
            DocKind::Section
        }
        None => DocKind::Appendix,
    };
    if kind == DocKind::Section {
        // A Section's numbers carry its letter (F2.1); Word numbering often prints 2.1.
        for l in &mut lines {
            if let Line::Provision { number, .. } | Line::Part { number, .. } = &mut l.line
                && number.starts_with(|c: char| c.is_ascii_digit())
            {
                *number = format!("{id}{number}");
            }
        }
    }
    let mut warnings = Diagnostics::default();
    for p in bookmark_mismatches(&id, kind, blocks, &lines) {
        warnings.push(
            Diagnostic::file_error(path, p)
                .warning()
                .help("the clean DOCX bookmarks each Part, provision and sub-paragraph with its address; check the number, label and indentation at that place"),
        );
    }
    let title = heading
        .title
        .clone()
        .or_else(|| package.core.as_deref().and_then(core_title))
        .unwrap_or_else(|| path.file_stem().unwrap_or_default().to_string_lossy().into_owned());
    let version = heading.version.clone().unwrap_or_else(|| "1.0".to_string());
    let markdown = markdown::document(&id, kind, &title, &version, &lines);
    let file_name = format!("{}-{}.md", kind.as_str().to_lowercase(), id.to_lowercase());
    for p in problems {
        let at = if p.excerpt.is_empty() {
            format!("paragraph {}", p.paragraph)
        } else {
            format!("paragraph {} (\"{}\")", p.paragraph, p.excerpt)
        };
        warnings.push(
            Diagnostic::file_error(path, format!("{at}: {}", p.what))
                .warning()
                .help("the Markdown cannot hold this; check the imported text at that place"),
        );
    }
    Ok(Imported {
        id,
        kind,
        title,
        version,
        file_name,
        markdown,
        lines,
        warnings,
        tracked,
        revisions,
    })
}

/// Each paragraph that carries the clean DOCX's bookmark of one address (`p_f2_1_b`, see
/// `render::docx`) but is read as another unit: the bookmark says where the paragraph was
/// published, so a Part, provision or sub-paragraph read at another address (a label or
/// indentation changed in editing) is named, with both addresses.
fn bookmark_mismatches(id: &str, kind: DocKind, blocks: &[document::Block], lines: &[Placed]) -> Vec<String> {
    let marks: HashMap<usize, &[String]> = blocks
        .iter()
        .filter_map(|b| match b {
            document::Block::Para(p) if !p.bookmarks.is_empty() => Some((p.index, p.bookmarks.as_slice())),
            _ => None,
        })
        .collect();
    let reference = |number: &str| {
        if kind == DocKind::Section && number.starts_with(id) {
            number.to_string()
        } else {
            format!("{id}:{number}")
        }
    };
    let name = |address: &str| crate::annex::anchor(address).replace('-', "_");
    let mut out = Vec::new();
    let mut provision: Option<String> = None;
    let mut path: Vec<String> = Vec::new();
    for l in lines {
        let address = match &l.line {
            Line::Part { number, .. } => {
                provision = None;
                reference(number)
            }
            Line::CrossHeading { .. } => {
                provision = None;
                continue;
            }
            Line::Provision { number, .. } => {
                provision = Some(reference(number));
                path.clear();
                reference(number)
            }
            Line::Sub { depth, label, .. } => {
                path.truncate(depth.saturating_sub(1));
                path.push(label.clone());
                match &provision {
                    Some(p) if path.len() == *depth => format!("{p}({})", path.join(")(")),
                    _ => continue,
                }
            }
            Line::Body { .. } | Line::Table { .. } => continue,
        };
        // A name over Word's 40 characters was cut and numbered: it cannot be checked.
        let Some(marks) = marks.get(&l.paragraph).filter(|_| name(&address).len() <= 40) else {
            continue;
        };
        let published: Vec<&String> = marks.iter().filter(|b| b.starts_with("p_")).collect();
        if published.is_empty() || published.iter().any(|b| **b == name(&address)) {
            continue;
        }
        out.push(format!(
            "paragraph {}: it carries the bookmark '{}', but reads as {address} (whose bookmark is '{}')",
            l.paragraph,
            published[0],
            name(&address)
        ));
    }
    out
}

/// The imported Markdown parsed as the Code's text is, as if it were `dir/file_name`.
pub(crate) fn parse(imported: &Imported, dir: &Path) -> Result<Document, Diagnostics> {
    let file = SourceFile::new(dir.join(&imported.file_name), imported.markdown.clone());
    let mut corpus = Corpus::from_files(dir, vec![file])?;
    Ok(corpus.documents.remove(0))
}

/// `dc:title` of `docProps/core.xml`.
fn core_title(core: &str) -> Option<String> {
    let doc = roxmltree::Document::parse(core).ok()?;
    doc.descendants()
        .find(|n| n.tag_name().name() == "title")
        .and_then(|n| n.text())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}
