//! A Word package (`.docx`, a zip): the parts the importer reads, as text, bounded in size.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::io::Read;
use std::path::Path;

/// The largest part read (uncompressed): far above any real Code document, and a stop for a
/// zip that inflates to more than it says.
const MAX_PART: u64 = 512 * 1024 * 1024;

/// The WordprocessingML namespace every part uses.
pub(crate) const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The parts of a Word document the importer needs.
#[derive(Debug, Default)]
pub(crate) struct Package {
    pub document: String,
    pub styles: Option<String>,
    pub numbering: Option<String>,
    /// `docProps/core.xml`: the document's title, when it has one.
    pub core: Option<String>,
}

/// Reads `path` as a Word package.
pub fn read(path: &Path) -> Result<Package, Diagnostics> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::file_error(path, format!("cannot read the Word document: {e}"))
            .help("name a .docx file that exists and can be read")
    })?;
    from_bytes(path, &bytes)
}

/// A Word package from its bytes; `path` names it in diagnostics.
pub(crate) fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Package, Diagnostics> {
    let not_docx = |why: String| {
        Diagnostics::from(
            Diagnostic::file_error(path, format!("this is not a Word document (.docx): {why}"))
                .help("save the document from Word as a .docx (Word Document), not .doc, .odt or .pdf"),
        )
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| not_docx(e.to_string()))?;
    let mut part = |name: &str| -> Result<Option<String>, Diagnostics> {
        let Ok(file) = zip.by_name(name) else {
            return Ok(None);
        };
        let mut text = String::new();
        let read = file.take(MAX_PART + 1).read_to_string(&mut text);
        match read {
            Ok(n) if n as u64 > MAX_PART => Err(not_docx(format!("{name} is larger than 512 MB"))),
            Ok(_) => Ok(Some(text)),
            Err(e) => Err(not_docx(format!("{name} cannot be read: {e}"))),
        }
    };
    let document = part("word/document.xml")?.ok_or_else(|| not_docx("it has no word/document.xml".into()))?;
    Ok(Package {
        document,
        styles: part("word/styles.xml")?,
        numbering: part("word/numbering.xml")?,
        core: part("docProps/core.xml")?,
    })
}

/// Parses a part's XML, or says which part is broken.
pub(crate) fn parse<'a>(path: &Path, name: &str, text: &'a str) -> Result<roxmltree::Document<'a>, Diagnostics> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        Diagnostic::file_error(path, format!("{name} is not well-formed XML: {e}"))
            .help("open the document in Word and save it again")
            .into()
    })
}

/// The `w:` child named `name` of `node`.
pub(crate) fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| is(*c, name))
}

/// Whether `node` is the `w:` element `name`.
pub(crate) fn is(node: roxmltree::Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(W)
}

/// The `w:` attribute `name` of `node`.
pub(crate) fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name))
}

/// `w:val` of the child `name`.
pub(crate) fn val<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|c| attr(c, "val"))
}

/// An on/off property (`<w:b/>`, `<w:b w:val="0"/>`): `None` when it is not set.
pub(crate) fn on_off(node: roxmltree::Node, name: &str) -> Option<bool> {
    child(node, name).map(|c| !matches!(attr(c, "val"), Some("0" | "false" | "off")))
}
