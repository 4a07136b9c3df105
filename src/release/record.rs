//! A version's record (`history/<version>/version.yaml`) and its index of changed units
//! (`changed.csv`): written by `release --apply`, checked field by field on every read.
//!
//! The record holds a SHA-256 digest of every document as the version reads, and of the
//! version's other files, so that a version that does not come out exactly is an error,
//! never a different Code. See docs/format.md, "The history folder".

use super::csv;
use crate::changeset::check_id;
use crate::corpus::{Address, UnitRef, WrittenAddress};
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::yaml;
use saphyr::{Scalar, YamlData};
use sha2::{Digest as _, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// The record's file in a version's folder.
pub(crate) const VERSION_FILE: &str = "version.yaml";
/// What each modification did to each provision, in its version's folder.
pub(crate) const EFFECTS_FILE: &str = "effects.csv";
/// Every unit whose text the version changed, in its version's folder.
pub(crate) const CHANGED_FILE: &str = "changed.csv";
/// The record format this tool writes and reads.
pub(crate) const FORMAT: i64 = 2;
/// The columns of `changed.csv`.
pub(crate) const CHANGED_HEADER: [&str; 3] = ["document", "unit", "part"];

const KEYS: &[&str] = &[
    "format",
    "version",
    "previous",
    "release",
    "title",
    "date",
    "modifications",
    "files",
    "documents",
];

/// `sha256:` and 64 lower-case hex digits.
pub(crate) fn digest(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(71);
    out.push_str("sha256:");
    for b in Sha256::digest(bytes) {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

fn is_digest(v: &str) -> bool {
    v.strip_prefix("sha256:")
        .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// A document's file name as the text folder holds it: `section-f.md`, no folder.
pub(crate) fn is_document_name(name: &str) -> bool {
    name.ends_with(".md")
        && name.len() > 3
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0'])
        && !name.chars().any(char::is_control)
}

/// One version's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub version: String,
    /// The version before (`None` for the base version, the text before the first release).
    pub previous: Option<String>,
    pub release: Option<String>,
    pub title: Option<String>,
    pub date: Option<Date>,
    pub modifications: Vec<String>,
    /// The version's other files (`effects.csv`, `changed.csv`, each `<document>.patch`)
    /// → digest.
    pub files: BTreeMap<String, String>,
    /// Every document of the version → the digest of its text as the version reads.
    pub documents: BTreeMap<String, String>,
}

/// A YAML double-quoted string: readable, and exact for every character (a title with a line
/// break or a quote in it comes back as written).
pub(crate) fn quote(s: &str) -> String {
    crate::yaml::quote(s)
}

impl Record {
    /// The base version's record: the text before the first release, by its digests.
    pub(crate) fn base(version: String, documents: BTreeMap<String, String>) -> Record {
        Record {
            version,
            previous: None,
            release: None,
            title: None,
            date: None,
            modifications: Vec::new(),
            files: BTreeMap::new(),
            documents,
        }
    }

    /// The record as written into `version.yaml`.
    pub(crate) fn write(&self) -> String {
        let mut out = match &self.previous {
            Some(_) => format!(
                "# Version {} of the Code. Written by `sec-redline release --apply`; never edit.\n",
                self.version
            ),
            None => format!(
                "# Version {} of the Code: the text before the first release. Written by `sec-redline release --apply`; never edit.\n",
                self.version
            ),
        };
        out.push_str(&format!("format: {FORMAT}\nversion: {}\n", quote(&self.version)));
        if let Some(p) = &self.previous {
            out.push_str(&format!("previous: {}\n", quote(p)));
        }
        if let Some(r) = &self.release {
            out.push_str(&format!("release: {}\n", quote(r)));
        }
        if let Some(t) = &self.title {
            out.push_str(&format!("title: {}\n", quote(t)));
        }
        if let Some(d) = &self.date {
            out.push_str(&format!("date: {d}\n"));
        }
        if self.previous.is_some() {
            let ms: Vec<String> = self.modifications.iter().map(|m| quote(m)).collect();
            out.push_str(&format!("modifications: [{}]\n", ms.join(", ")));
            out.push_str("files:\n");
            for (name, d) in &self.files {
                out.push_str(&format!("  {}: {d}\n", quote(name)));
            }
        }
        out.push_str("documents:\n");
        for (name, d) in &self.documents {
            out.push_str(&format!("  {}: {d}\n", quote(name)));
        }
        out
    }

    /// Reads and checks a record. `folder` is the version's folder name, which must be its id.
    pub fn read(file: &SourceFile, folder: &str) -> Result<Record, Diagnostics> {
        let damaged = |d: Diagnostic| -> Diagnostics {
            d.help("the history is written by `sec-redline release --apply` and never edited; restore the text folder from your copy")
                .into()
        };
        let whole = |what: String| damaged(Diagnostic::file_error(&file.path, what));
        let Some(root) = yaml::parse(file, &file.text, 1)? else {
            return Err(whole("the version record is empty".to_string()));
        };
        let Some(entries) = yaml::entries(&root) else {
            return Err(whole("the version record is not a set of keys".to_string()));
        };
        let at = |node: &yaml::Node, what: String| {
            damaged(Diagnostic::at_position(
                file,
                yaml::position(node, 1),
                yaml::width(node),
                what,
            ))
        };
        let mut fields: BTreeMap<&str, &yaml::Node> = BTreeMap::new();
        for (key, knode, value) in &entries {
            match KEYS.iter().find(|k| **k == key.as_ref()) {
                Some(k) => {
                    fields.insert(k, value);
                }
                None => return Err(at(knode, format!("unknown key '{key}' in a version record"))),
            }
        }
        match fields.get("format").map(|n| &n.data) {
            Some(YamlData::Value(Scalar::Integer(FORMAT))) => {}
            Some(_) => {
                return Err(at(
                    fields["format"],
                    format!("this record is not of format {FORMAT}, the one this sec-redline reads"),
                ));
            }
            None => {
                return Err(Diagnostic::file_error(
                    &file.path,
                    "this version record has no digests (`format:` is missing): it was written by an earlier sec-redline, whose history cannot prove itself",
                )
                .help("make the history again: start from a copy of the base text and apply each release in turn with this sec-redline")
                .into());
            }
        }
        let text = |key: &str| -> Result<Option<(String, &yaml::Node)>, Diagnostics> {
            let Some(node) = fields.get(key) else { return Ok(None) };
            match &node.data {
                YamlData::Value(Scalar::String(s)) => Ok(Some((s.to_string(), node))),
                _ => Err(at(
                    node,
                    format!("`{key}:` must be quoted text, not {}", yaml::describe(node)),
                )),
            }
        };
        let id = |key: &str| -> Result<Option<String>, Diagnostics> {
            match text(key)? {
                Some((v, node)) => check_id(&v)
                    .map(|()| Some(v))
                    .map_err(|why| at(node, format!("`{key}:` {why}"))),
                None => Ok(None),
            }
        };
        let Some(version) = id("version")? else {
            return Err(whole("the version record has no `version:`".to_string()));
        };
        if version != folder {
            return Err(at(
                fields["version"],
                format!("this record says version {version}, but its folder is {folder}"),
            ));
        }
        let previous = id("previous")?;
        let release = id("release")?;
        let title = text("title")?.map(|(t, _)| t);
        let date = match fields.get("date") {
            None => None,
            Some(node) => {
                let written = yaml::text(node).map(|t| t.into_owned()).unwrap_or_default();
                Some(Date::parse(&written).map_err(|why| at(node, format!("`date:` {why}")))?)
            }
        };
        let list = |key: &str| -> Result<Vec<String>, Diagnostics> {
            let Some(node) = fields.get(key) else {
                return Ok(Vec::new());
            };
            let YamlData::Sequence(items) = &node.data else {
                return Err(at(node, format!("`{key}:` must be a list")));
            };
            items
                .iter()
                .map(|i| match &i.data {
                    YamlData::Value(Scalar::String(s)) => check_id(s)
                        .map(|()| s.to_string())
                        .map_err(|why| at(i, format!("`{key}:` {why}"))),
                    _ => Err(at(i, format!("`{key}:` must list quoted ids"))),
                })
                .collect()
        };
        let modifications = list("modifications")?;
        let map = |key: &str, name_ok: &dyn Fn(&str) -> bool| -> Result<BTreeMap<String, String>, Diagnostics> {
            let Some(node) = fields.get(key) else {
                return Ok(BTreeMap::new());
            };
            let Some(pairs) = yaml::entries(node) else {
                return Err(at(node, format!("`{key}:` must map each file to its digest")));
            };
            let mut out = BTreeMap::new();
            for (name, knode, value) in pairs {
                let d = yaml::text(value).map(|t| t.into_owned()).unwrap_or_default();
                if !name_ok(&name) {
                    return Err(at(
                        knode,
                        format!("`{key}:` names '{name}', which is not a file this record may name"),
                    ));
                }
                if !is_digest(&d) {
                    return Err(at(
                        value,
                        format!("the digest of {name} is not `sha256:` and 64 hex digits"),
                    ));
                }
                out.insert(name.into_owned(), d);
            }
            Ok(out)
        };
        let files = map("files", &|n| {
            n == EFFECTS_FILE || n == CHANGED_FILE || n.strip_suffix(".patch").is_some_and(is_document_name)
        })?;
        let documents = map("documents", &is_document_name)?;
        if documents.is_empty() {
            return Err(whole("the version record lists no documents".to_string()));
        }
        let record = Record {
            version,
            previous,
            release,
            title,
            date,
            modifications,
            files,
            documents,
        };
        // A release's version has every field; the base version has none of the release's.
        let release_fields = [
            record.release.is_some(),
            record.title.is_some(),
            record.date.is_some(),
            fields.contains_key("modifications"),
            record.files.contains_key(EFFECTS_FILE) && record.files.contains_key(CHANGED_FILE),
        ];
        match &record.previous {
            Some(_) if release_fields.iter().all(|x| *x) && !record.modifications.is_empty() => Ok(record),
            None if fields.len() == 3 => Ok(record),
            Some(_) => Err(whole(
                "the version record lacks a field a release writes (`release:`, `title:`, `date:`, `modifications:`, and the digests of effects.csv and changed.csv)".to_string(),
            )),
            None => Err(whole("the base version's record has only `format:`, `version:` and `documents:`".to_string())),
        }
    }
}

/// A unit a version changed: a row of `changed.csv`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChangedUnit {
    /// Document id: `F`.
    pub document: String,
    /// What changed: a provision (`F2.1`, `Z:6.4A`), a sub-paragraph (`F2.1(b)`), a Part
    /// (`Z:6`; the Part heading or anything under it changed), or `None`: the document's text
    /// outside every Part (its title).
    pub unit: Option<Address>,
    /// The Part it is in (written `Z:6`), or `None`.
    pub part: Option<UnitRef>,
}

/// `changed.csv`: the header, then one row per unit, each reference written by its one
/// formatter.
pub(crate) fn changed_csv(rows: &[ChangedUnit]) -> String {
    let written = |x: Option<String>| x.unwrap_or_default();
    let mut out = vec![CHANGED_HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    out.extend(rows.iter().map(|r| {
        vec![
            r.document.clone(),
            written(r.unit.as_ref().map(Address::to_string)),
            written(r.part.as_ref().map(UnitRef::to_string)),
        ]
    }));
    csv::write(&out)
}

/// A row of `changed.csv` as read: the unit's address borrowed from the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChangedRow<'a> {
    pub document: &'a str,
    /// As [`ChangedUnit::unit`].
    pub unit: Option<WrittenAddress<'a>>,
    pub part: Option<UnitRef>,
}

/// Reads `changed.csv`, each reference checked and read into its identity, and hands each
/// row to `each`; a row of the wrong shape, or a reference that is not one of its document,
/// is an error naming its line. Nothing is copied of a sub-paragraph's path (at nesting
/// depth 5,000 the file lists 12.5 million labels).
pub(crate) fn read_changed(path: &Path, text: &str, mut each: impl FnMut(ChangedRow<'_>)) -> Result<(), Diagnostics> {
    let rows = csv::read_checked(path, text, &CHANGED_HEADER)?;
    for (i, r) in rows.iter().enumerate() {
        let bad = |column: &str, why: String| -> Diagnostics {
            Diagnostic::file_error(path, format!("line {}, column {column}: {why}", i + 2))
                .help("the history is written by `sec-redline release --apply` and never edited; restore the text folder from your copy")
                .into()
        };
        // `read_checked` gives rows as wide as the header.
        let [document, unit, part] = &r[..] else {
            return Err(bad("1", "the row is not three fields".to_string()));
        };
        let document = document.as_ref();
        let of_document = |u: &UnitRef, text: &str| {
            if u.document == document {
                Ok(())
            } else {
                Err(format!("`{text}` is not in document `{document}` (the first column)"))
            }
        };
        let unit = match unit.as_ref() {
            "" => None,
            text => Some(
                WrittenAddress::read(text)
                    .and_then(|a| of_document(&a.unit, text).map(|()| a))
                    .map_err(|why| bad("2 (unit)", why))?,
            ),
        };
        let part = match part.as_ref() {
            "" => None,
            text => Some(
                UnitRef::read(text)
                    .and_then(|p| of_document(&p, text).map(|()| p))
                    .map_err(|why| bad("3 (part)", why))?,
            ),
        };
        each(ChangedRow { document, unit, part });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(previous: Option<&str>) -> Record {
        let d = digest(b"x");
        Record {
            version: "1.1".to_string(),
            previous: previous.map(str::to_string),
            release: previous.map(|_| "2022-08-adhoc".to_string()),
            title: previous.map(|_| "A \"quoted\" title\nover two lines, 50% # not a comment\u{7}".to_string()),
            date: previous.map(|_| Date::parse("2022-08-01").unwrap()),
            modifications: previous.map(|_| vec!["MP209".to_string()]).unwrap_or_default(),
            files: previous
                .map(|_| {
                    BTreeMap::from([
                        (EFFECTS_FILE.to_string(), d.clone()),
                        (CHANGED_FILE.to_string(), d.clone()),
                        ("section-f.md.patch".to_string(), d.clone()),
                    ])
                })
                .unwrap_or_default(),
            documents: BTreeMap::from([
                ("section-f.md".to_string(), d.clone()),
                ("odd: name #1.md".to_string(), d),
            ]),
        }
    }

    #[test]
    fn a_record_reads_back_as_written() {
        for previous in [Some("1.0"), None] {
            let r = sample(previous);
            let file = SourceFile::new("history/1.1/version.yaml", r.write());
            assert_eq!(Record::read(&file, "1.1").unwrap(), r, "{}", file.text);
        }
    }

    #[test]
    fn a_damaged_record_is_refused() {
        let good = sample(Some("1.0")).write();
        for (from, to) in [
            ("date: 2022-08-01", "date: soon"),
            ("date: 2022-08-01", "date: 2022-+8-01"),
            ("version: \"1.1\"", "version: \"../x\""),
            ("release: \"2022-08-adhoc\"", "release: \"../../../X\""),
            ("format: 2", "format: 1"),
            ("sha256:2d", "sha256:2D"),
            ("\"section-f.md\"", "\"../section-f.md\""),
            ("\"section-f.md.patch\"", "\"notes.txt\""),
            ("previous: \"1.0\"\n", ""),
            ("title:", "titel:"),
        ] {
            assert!(good.contains(from), "{from}");
            let file = SourceFile::new("version.yaml", good.replacen(from, to, 1));
            assert!(Record::read(&file, "1.1").is_err(), "{from} -> {to} was accepted");
        }
        let file = SourceFile::new("version.yaml", good.clone());
        assert!(
            Record::read(&file, "1.2").is_err(),
            "a record in another version's folder"
        );
    }
}
