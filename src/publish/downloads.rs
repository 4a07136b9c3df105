//! Downloads: each version as a zip of its documents (Markdown as stored, and a clean DOCX),
//! with a `SHA256SUMS` manifest inside and one for the zips; and `effects.csv` of every release.
//!
//! Zips are deterministic like the DOCX writer's: fixed entry order, fixed times, deflate.

use super::Edition;
use crate::annex::{self, Cover, DocumentPair, UnitPair};
use crate::output::OutputFile;
use crate::release::{Effect, History, effects_csv};
use sha2::{Digest, Sha256};
use std::io::{Cursor, Write};
use std::path::PathBuf;

/// A file of a version's zip, compressed on its own (each file of every version on any
/// core), then copied into the zip as compressed: the same bytes as compressing it there.
pub struct Entry {
    /// `markdown/f.md`, inside the version's folder.
    name: String,
    sha256: String,
    /// A zip holding just this file, at its place in the version's folder.
    alone: Vec<u8>,
}

/// A document as stored (Markdown), for version `edition`'s zip.
pub fn markdown(edition: &Edition, d: usize) -> Entry {
    let doc = &edition.corpus.documents[d];
    entry(
        edition,
        format!("markdown/{}", doc.file_name),
        doc.text().as_bytes(),
        options(),
    )
}

/// A document as a clean DOCX, for version `edition`'s zip.
pub fn docx(edition: &Edition, d: usize) -> Entry {
    let doc = &edition.corpus.documents[d];
    let stem = doc.file_name.strip_suffix(".md").unwrap_or(&doc.file_name);
    // A DOCX is a zip already, deflated: stored as it is, it is no bigger and costs no
    // second compression.
    let stored = options().compression_method(zip::CompressionMethod::Stored);
    entry(
        edition,
        format!("docx/{stem}.docx"),
        &clean_docx(doc, &edition.info.id),
        stored,
    )
}

fn entry(edition: &Edition, name: String, bytes: &[u8], options: zip::write::SimpleFileOptions) -> Entry {
    let mut zw = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // Writing into memory cannot fail.
    zw.start_file(format!("{}/{name}", folder(edition)), options)
        .expect("a zip entry starts in memory");
    zw.write_all(bytes).expect("a zip entry is written to memory");
    Entry {
        name,
        sha256: sha256(bytes),
        alone: zw.finish().expect("the zip is finished in memory").into_inner(),
    }
}

fn folder(edition: &Edition) -> String {
    format!("sec-{}", edition.info.id)
}

fn options() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
}

/// The zip of each version (from its documents' entries: every Markdown file, then every
/// DOCX), `SHA256SUMS` of the zips, and `effects.csv`.
pub fn downloads(history: &History, editions: &[Edition], entries: Vec<Vec<Entry>>) -> Vec<OutputFile> {
    let mut sums = String::new();
    let mut out = Vec::new();
    for (e, entries) in editions.iter().zip(entries) {
        let bytes = version_zip(e, entries);
        sums.push_str(&format!("{}  sec-{}.zip\n", sha256(&bytes), e.info.id));
        out.push(OutputFile {
            path: PathBuf::from(&e.info.download),
            bytes,
        });
    }
    out.push(OutputFile {
        path: PathBuf::from("downloads/SHA256SUMS"),
        bytes: sums.into_bytes(),
    });
    let effects: Vec<Effect> = history.effects().cloned().collect();
    out.push(OutputFile {
        path: PathBuf::from("downloads/effects.csv"),
        bytes: effects_csv(&effects).into_bytes(),
    });
    out
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `sec-<version>/markdown/<file>.md`, `sec-<version>/docx/<file>.docx`, `sec-<version>/SHA256SUMS`.
fn version_zip(edition: &Edition, entries: Vec<Entry>) -> Vec<u8> {
    let manifest: String = entries.iter().map(|e| format!("{}  {}\n", e.sha256, e.name)).collect();
    let mut zw = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for e in entries {
        // Reading back a zip just written in memory, and copying it in memory, cannot fail.
        let mut alone = zip::ZipArchive::new(Cursor::new(e.alone)).expect("a zip just written reads back");
        let file = alone.by_index_raw(0).expect("the zip just written holds its file");
        zw.raw_copy_file(file).expect("a zip entry is copied in memory");
    }
    zw.start_file(format!("{}/SHA256SUMS", folder(edition)), options())
        .expect("a zip entry starts in memory");
    zw.write_all(manifest.as_bytes())
        .expect("a zip entry is written to memory");
    zw.finish().expect("the zip is finished in memory").into_inner()
}

/// A document as a Word file with no tracked changes: the document paired with itself.
fn clean_docx(d: &crate::corpus::Document, version: &str) -> Vec<u8> {
    let pair = DocumentPair {
        meta: &d.meta,
        units: d
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| UnitPair {
                kind: &u.kind,
                base: Some(d.unit_text(i)),
                amended: Some(d.unit_text(i)),
                touched: false,
            })
            .collect(),
    };
    // The footer and the file's title read "Section F, Smart Energy Code, version 1.2".
    let cover = Cover {
        modification: format!("{},", d.meta.name()),
        title: d.meta.title.clone(),
        annex: annex::AnnexKind::Clean,
        heading: format!("Smart Energy Code, version {version}"),
        date: String::new(),
        author: String::new(),
        base: String::new(),
        ..Default::default()
    };
    let mut built = annex::build(cover, &[pair], annex::Context::Full);
    for doc in &mut built.documents {
        // The clean text marks nothing: say what it is, not "with the changes marked".
        doc.intro = format!("{} ({}), version {}, in full.", doc.name, doc.title, d.meta.version);
    }
    crate::render::docx::render_clean(&built)
}
