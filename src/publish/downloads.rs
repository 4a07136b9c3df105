//! Downloads, per document version (so that they grow with what releases changed, not with
//! the number of versions): `downloads/v/<version>/markdown/<file>.md` as stored and
//! `downloads/v/<version>/docx/<file>.docx` (clean), where `<version>` is the version of the
//! Code the document version came in with; per version of the Code a manifest of the files
//! it is made of, `downloads/sec-<version>.sha256`; `downloads/SHA256SUMS` of every file;
//! and `effects.csv` of every release.

use super::{DocVersion, Edition, Reuse};
use crate::annex;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use crate::release::{Effect, History, effects_csv};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
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

fn markdown_path(edition: &Edition, d: usize) -> String {
    let doc = &edition.corpus.documents[d];
    format!("{}markdown/{}", folder(&edition.info.id), doc.file_name)
}

/// A document version as a clean DOCX (`edition` is the version of the Code it came in with).
pub fn docx(edition: &Edition, d: usize) -> OutputFile {
    OutputFile {
        path: PathBuf::from(docx_path(edition, d)),
        bytes: clean_docx(&edition.corpus.documents[d], &edition.info.id),
    }
}

/// Every download: each new document version's Markdown and DOCX (`docx`, made on every
/// core; those of the old site's versions are linked), the manifest of each version of the
/// Code, `SHA256SUMS` of them all, and `effects.csv`.
pub(crate) fn downloads(
    history: &History,
    editions: &[Edition],
    doc_versions: &[DocVersion],
    in_force: &[Vec<usize>],
    docx: Vec<OutputFile>,
    reuse: &Reuse,
    linked: &mut Vec<PathBuf>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut out: Vec<OutputFile> = Vec::new();
    // Path → digest, of every file under downloads/.
    let mut sums: BTreeMap<String, String> = BTreeMap::new();
    let mut docx: BTreeMap<PathBuf, OutputFile> = docx.into_iter().map(|f| (f.path.clone(), f)).collect();
    for dv in doc_versions {
        let e = &editions[dv.start];
        let doc = &e.corpus.documents[dv.position];
        let markdown = markdown_path(e, dv.position);
        sums.insert(markdown.clone(), sha256(doc.text().as_bytes()));
        let word = docx_path(e, dv.position);
        if reuse.has(dv.start) {
            linked.push(PathBuf::from(&markdown));
            linked.push(PathBuf::from(&word));
            sums.insert(word.clone(), reuse.digest(&word)?);
            continue;
        }
        out.push(OutputFile {
            path: PathBuf::from(markdown),
            bytes: doc.text().as_bytes().to_vec(),
        });
        let file = docx
            .remove(&PathBuf::from(&word))
            .ok_or_else(|| Diagnostics::from(Diagnostic::file_error(&history.dir, format!("{word} was not made"))))?;
        sums.insert(word, sha256(&file.bytes));
        out.push(file);
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
        if reuse.has(k) {
            linked.push(PathBuf::from(path));
        } else {
            out.push(OutputFile {
                path: PathBuf::from(path),
                bytes: manifest.into_bytes(),
            });
        }
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

pub(crate) fn sha256(bytes: &[u8]) -> String {
    super::hex(&Sha256::digest(bytes))
}

/// A document as a Word file with no tracked changes.
fn clean_docx(d: &crate::corpus::Document, version: &str) -> Vec<u8> {
    crate::render::docx::render_clean(&annex::clean_copy(d, version))
}
