//! Downloads, per document version (so that they grow with what releases changed, not with
//! the number of versions): `downloads/v/<version>/markdown/<file>.md.gz` (the text as
//! stored, gzip-compressed, deterministically), `downloads/v/<version>/markdown/text.sha256`
//! (the SHA-256 of each text uncompressed) and `downloads/v/<version>/docx/<file>.docx`
//! (clean), where `<version>` is the version of the Code the document version came in with;
//! the current text of each document plain, `downloads/markdown/<file>.md`; per version of
//! the Code a manifest of the files it is made of, `downloads/sec-<version>.sha256`;
//! `downloads/SHA256SUMS` of every file; and `effects.csv` of every release.

use super::{DocVersion, Edition, Reuse};
use crate::annex;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use crate::release::{Effect, History, effects_csv};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

/// `downloads/v/1.1/`: the folder of the document versions that came in with version 1.1.
fn folder(version: &str) -> String {
    format!("downloads/v/{version}/")
}

fn docx_path(edition: &Edition, d: usize) -> String {
    let doc = &edition.corpus.documents[d];
    let stem = doc.file_name.strip_suffix(".md").unwrap_or(&doc.file_name);
    format!("{}docx/{stem}.docx", folder(&edition.info.id))
}

/// `downloads/v/1.1/markdown/section-f.md.gz`: a document version's text, compressed (its
/// URL never changes).
fn markdown_path(edition: &Edition, d: usize) -> String {
    let doc = &edition.corpus.documents[d];
    format!("{}markdown/{}.gz", folder(&edition.info.id), doc.file_name)
}

/// `downloads/markdown/section-f.md`: the current text of a document, plain (like the root
/// pages, this URL always gives the current text).
fn current_path(edition: &Edition, d: usize) -> String {
    format!("downloads/markdown/{}", edition.corpus.documents[d].file_name)
}

/// `downloads/v/1.1/markdown/text.sha256`: the SHA-256 of the texts of the document versions
/// that came in with version 1.1, uncompressed (`sha256sum -c` after `gzip -dk *.md.gz`).
fn texts_path(version: &str) -> String {
    format!("{}markdown/text.sha256", folder(version))
}

/// A text as `gzip -9` compresses it, the same bytes on every system and run: no time stamp
/// (mtime 0), no file name, the operating system byte "unknown" (255).
pub(crate) fn gzip(text: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::with_capacity(text.len() / 3), flate2::Compression::best());
    encoder.write_all(text)?;
    encoder.finish()
}

/// The Markdown of the document versions `wanted` says (by their number), gzip-compressed,
/// on every core; `None` for the others.
pub(crate) fn compressed(
    editions: &[Edition],
    doc_versions: &[DocVersion],
    wanted: impl Fn(usize) -> bool + Sync,
) -> Result<Vec<Option<Vec<u8>>>, Diagnostics> {
    let numbers: Vec<usize> = (0..doc_versions.len()).collect();
    crate::parallel::in_parallel(&numbers, |&n| {
        if !wanted(n) {
            return Ok(None);
        }
        let dv = &doc_versions[n];
        compress(&editions[dv.start], dv.position).map(Some)
    })
    .into_iter()
    .collect()
}

/// Document `d` of `edition`, its text gzip-compressed.
fn compress(edition: &Edition, d: usize) -> Result<Vec<u8>, Diagnostics> {
    gzip(edition.corpus.documents[d].text().as_bytes()).map_err(|e| {
        Diagnostics::from(Diagnostic::file_error(
            std::path::Path::new(&markdown_path(edition, d)),
            format!("cannot compress this download: {e}"),
        ))
    })
}

/// What a document version's page (and the index) offers to download, from the site's root.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Links {
    /// The plain current text (`downloads/markdown/<file>.md`) of a document version in force
    /// now; else its `.md.gz`.
    pub markdown: String,
    /// Whether `markdown` is gzip-compressed.
    pub compressed: bool,
    /// Its size as a reader reads it: `228 KB`.
    pub size: String,
    pub docx: String,
}

/// The downloads of document `d` of `edition` (the version of the Code it came in with):
/// the plain text if it is `current`, else the compressed one (`gz`, or made here).
pub(crate) fn links(edition: &Edition, d: usize, current: bool, gz: Option<&[u8]>) -> Result<Links, Diagnostics> {
    let text = edition.corpus.documents[d].text().as_bytes();
    let (markdown, bytes) = if current {
        (current_path(edition, d), text.len())
    } else {
        let bytes = match gz {
            Some(gz) => gz.len(),
            None => compress(edition, d)?.len(),
        };
        (markdown_path(edition, d), bytes)
    };
    Ok(Links {
        markdown,
        compressed: !current,
        size: size(bytes),
        docx: docx_path(edition, d),
    })
}

/// A file's size as a reader reads it: `740 bytes`, `51 KB`, `1.2 MB` (decimal units,
/// rounded to the nearest).
pub(crate) fn size(bytes: usize) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..999_500 => format!("{} KB", (bytes + 500) / 1_000),
        _ => {
            let tenths = (bytes + 50_000) / 100_000;
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    }
}

/// A document version as a clean DOCX (`edition` is the version of the Code it came in with).
pub fn docx(edition: &Edition, d: usize) -> OutputFile {
    OutputFile {
        path: PathBuf::from(docx_path(edition, d)),
        bytes: clean_docx(&edition.corpus.documents[d], &edition.info.id),
    }
}

/// The downloads made on every core before they are listed: each new document version's
/// DOCX, and its Markdown compressed (by the document version's number; `None` where the old
/// site's file is kept).
pub(crate) struct Made {
    pub docx: Vec<OutputFile>,
    pub compressed: Vec<Option<Vec<u8>>>,
}

/// Every download: each new document version's Markdown, compressed, and its DOCX (`made`; those of the old site's versions are
/// linked), the plain text of each document in force now, the list of the texts' digests
/// and the manifest of each version of the Code, `SHA256SUMS` of them all, and `effects.csv`.
pub(crate) fn downloads(
    history: &History,
    editions: &[Edition],
    doc_versions: &[DocVersion],
    in_force: &[Vec<usize>],
    made: Made,
    reuse: &Reuse,
    linked: &mut Vec<PathBuf>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut out: Vec<OutputFile> = Vec::new();
    let last = editions.len() - 1;
    // Path → digest, of every file under downloads/.
    let mut sums: BTreeMap<String, String> = BTreeMap::new();
    // Per version of the Code, the digests of the texts that came in with it.
    let mut texts: BTreeMap<usize, String> = BTreeMap::new();
    let Made { docx, mut compressed } = made;
    let mut docx: BTreeMap<PathBuf, OutputFile> = docx.into_iter().map(|f| (f.path.clone(), f)).collect();
    let missing = |path: &str| Diagnostics::from(Diagnostic::file_error(&history.dir, format!("{path} was not made")));
    for (n, dv) in doc_versions.iter().enumerate() {
        let e = &editions[dv.start];
        let doc = &e.corpus.documents[dv.position];
        // The history's record of the text's digest (checked when the history was read), so
        // that no text is hashed again.
        let text = history
            .digests(dv.start)
            .get(&doc.file_name)
            .and_then(|d| d.strip_prefix("sha256:"))
            .map_or_else(|| sha256(doc.text().as_bytes()), str::to_string);
        texts
            .entry(dv.start)
            .or_default()
            .push_str(&format!("{text}  {}\n", doc.file_name));
        if dv.end == last {
            // The old site had this document version in force in its last version, so it
            // holds its plain text already.
            let plain = current_path(e, dv.position);
            sums.insert(plain.clone(), text);
            let bytes = || doc.text().as_bytes().to_vec();
            place(reuse.has(dv.start), plain, bytes, &mut out, linked);
        }
        let markdown = markdown_path(e, dv.position);
        let word = docx_path(e, dv.position);
        if reuse.has(dv.start) {
            sums.insert(markdown.clone(), reuse.digest(&markdown)?);
            sums.insert(word.clone(), reuse.digest(&word)?);
            linked.push(PathBuf::from(markdown));
            linked.push(PathBuf::from(word));
            continue;
        }
        let gz = compressed[n].take().ok_or_else(|| missing(&markdown))?;
        sums.insert(markdown.clone(), sha256(&gz));
        out.push(OutputFile {
            path: PathBuf::from(markdown),
            bytes: gz,
        });
        let file = docx.remove(&PathBuf::from(&word)).ok_or_else(|| missing(&word))?;
        sums.insert(word, sha256(&file.bytes));
        out.push(file);
    }
    for (k, list) in texts {
        let path = texts_path(&editions[k].info.id);
        sums.insert(path.clone(), sha256(list.as_bytes()));
        place(reuse.has(k), path, || list.into_bytes(), &mut out, linked);
    }
    let mut manifests = Vec::new();
    for (k, row) in in_force.iter().enumerate() {
        let e = &editions[k];
        let mut manifest = String::new();
        for &n in row {
            let dv = &doc_versions[n];
            for path in [
                markdown_path(&editions[dv.start], dv.position),
                docx_path(&editions[dv.start], dv.position),
            ] {
                let name = path.strip_prefix("downloads/").unwrap_or(&path);
                manifest.push_str(&format!("{}  {name}\n", sums[&path]));
            }
        }
        let path = format!("downloads/sec-{}.sha256", e.info.id);
        manifests.push((path.clone(), sha256(manifest.as_bytes())));
        place(reuse.has(k), path, || manifest.into_bytes(), &mut out, linked);
    }
    sums.extend(manifests);
    let all: String = sums
        .iter()
        .map(|(path, sum)| format!("{sum}  {}\n", path.strip_prefix("downloads/").unwrap_or(path)))
        .collect();
    out.push(OutputFile {
        path: PathBuf::from("downloads/SHA256SUMS"),
        bytes: all.into_bytes(),
    });
    let effects: Vec<Effect> = history.effects().cloned().collect();
    out.push(OutputFile {
        path: PathBuf::from("downloads/effects.csv"),
        bytes: effects_csv(&effects).into_bytes(),
    });
    Ok(out)
}

/// A file the old site holds (`kept`: linked as it is), or one to write (its `bytes`, made
/// only then).
fn place(
    kept: bool,
    path: String,
    bytes: impl FnOnce() -> Vec<u8>,
    out: &mut Vec<OutputFile>,
    linked: &mut Vec<PathBuf>,
) {
    if kept {
        linked.push(PathBuf::from(path));
    } else {
        out.push(OutputFile {
            path: PathBuf::from(path),
            bytes: bytes(),
        });
    }
}

pub(crate) fn sha256(bytes: &[u8]) -> String {
    super::hex(&Sha256::digest(bytes))
}

/// A document as a Word file with no tracked changes.
fn clean_docx(d: &crate::corpus::Document, version: &str) -> Vec<u8> {
    crate::render::docx::render_clean(&annex::clean_copy(d, version))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_in_decimal_units() {
        let read: Vec<String> = [
            0, 999, 1_000, 1_499, 1_500, 51_234, 999_499, 999_500, 1_250_000, 12_345_678,
        ]
        .into_iter()
        .map(super::size)
        .collect();
        assert_eq!(
            read,
            [
                "0 bytes",
                "999 bytes",
                "1 KB",
                "1 KB",
                "2 KB",
                "51 KB",
                "999 KB",
                "1.0 MB",
                "1.3 MB",
                "12.3 MB"
            ]
        );
    }
}
