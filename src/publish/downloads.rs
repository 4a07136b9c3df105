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

pub fn downloads(history: &History, editions: &[Edition]) -> Vec<OutputFile> {
    let zips = crate::in_parallel(editions, version_zip);
    let mut sums = String::new();
    let mut out = Vec::new();
    for (e, bytes) in editions.iter().zip(zips) {
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
fn version_zip(edition: &Edition) -> Vec<u8> {
    let folder = format!("sec-{}", edition.info.id);
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for d in &edition.corpus.documents {
        entries.push((format!("markdown/{}", d.file_name), d.text().as_bytes().to_vec()));
    }
    for d in &edition.corpus.documents {
        let stem = d.file_name.strip_suffix(".md").unwrap_or(&d.file_name);
        entries.push((format!("docx/{stem}.docx"), clean_docx(d, &edition.info.id)));
    }
    let manifest: String = entries
        .iter()
        .map(|(name, bytes)| format!("{}  {name}\n", sha256(bytes)))
        .collect();
    entries.push(("SHA256SUMS".to_string(), manifest.into_bytes()));
    let mut zw = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in &entries {
        // Writing into memory cannot fail.
        zw.start_file(format!("{folder}/{name}"), options)
            .expect("a zip entry starts in memory");
        zw.write_all(bytes).expect("a zip entry is written to memory");
    }
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
    let cover = Cover {
        modification: "Smart Energy Code".to_string(),
        title: d.meta.title.clone(),
        annex: String::new(),
        heading: format!("Smart Energy Code, version {version}"),
        date: String::new(),
        author: String::new(),
        base: String::new(),
        ..Default::default()
    };
    let built = annex::build(cover, &[pair], annex::Context::Full);
    crate::render::docx::render_clean(&built)
}
