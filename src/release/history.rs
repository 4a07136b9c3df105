//! The Code's history: every version since the base, kept inside the text folder, proving
//! itself on every read.
//!
//! The top-level `*.md` files are the current version. `history/<version>/` holds each
//! version's record (`version.yaml`: its release, date, modifications and a SHA-256 digest
//! of every document as it reads), what each modification did (`effects.csv`), every unit
//! it changed (`changed.csv`) and one reverse patch per document it changed
//! (`<file>.patch`), which turns the document as it reads in that version back into the
//! version before. The base version has a record and nothing else.
//!
//! Reading checks everything it uses: the records field by field and as one chain, the
//! current text against the current version's digests, each file against its digest, and
//! each rebuilt document against its version's digest; anything else is an error naming
//! the version, the file and what to do. A document of an earlier version is rebuilt from
//! the current text by the patches of the versions that changed it, applied to borrowed
//! pieces (no text is copied until the end), so reading any version is one pass over the
//! Code, and reading every version in turn is one patch per version. `history REF` reads
//! the records and indexes alone. See docs/format.md, "The history folder".

use super::csv;
use super::patch;
use super::record::{self, CHANGED_FILE, ChangedRow, EFFECTS_FILE, Record, VERSION_FILE, digest};
use super::store::{self, HISTORY_DIR};
use crate::corpus::reference::{Reference, Target, parse_reference, resolve_reference};
use crate::corpus::{Address, Corpus, Edition, UnitKind, UnitRef, read_meta};
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The columns of `effects.csv` (a release's output and each version's record).
pub(crate) const EFFECTS_HEADER: [&str; 6] = [
    "document",
    "provision",
    "effect",
    "modification",
    "release",
    "in force from",
];

/// What a change did to a provision, in the words of legislation's amendment notes
/// (docs/format.md §5): the `effect` of a row of `effects.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EffectKind {
    WordsSubstituted,
    WordsOmitted,
    ProvisionSubstituted,
    SubParagraphSubstituted,
    ProvisionInserted,
    SubParagraphInserted,
    ProvisionOmitted,
    SubParagraphOmitted,
}

impl EffectKind {
    /// Every kind, in the order docs/format.md lists them.
    pub(crate) const ALL: [EffectKind; 8] = [
        EffectKind::WordsSubstituted,
        EffectKind::WordsOmitted,
        EffectKind::ProvisionSubstituted,
        EffectKind::SubParagraphSubstituted,
        EffectKind::ProvisionInserted,
        EffectKind::SubParagraphInserted,
        EffectKind::ProvisionOmitted,
        EffectKind::SubParagraphOmitted,
    ];

    /// The words `effects.csv` and the amendment notes use: "words substituted".
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            EffectKind::WordsSubstituted => "words substituted",
            EffectKind::WordsOmitted => "words omitted",
            EffectKind::ProvisionSubstituted => "provision substituted",
            EffectKind::SubParagraphSubstituted => "sub-paragraph substituted",
            EffectKind::ProvisionInserted => "provision inserted",
            EffectKind::SubParagraphInserted => "sub-paragraph inserted",
            EffectKind::ProvisionOmitted => "provision omitted",
            EffectKind::SubParagraphOmitted => "sub-paragraph omitted",
        }
    }

    /// The kind `effects.csv` names, if it names one.
    pub(crate) fn parse(text: &str) -> Option<EffectKind> {
        EffectKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

impl std::fmt::Display for EffectKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EffectKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A version's documents: (file name, text), in file-name order, byte for byte.
pub type Documents = Vec<(String, String)>;

/// One version of the Code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// `1.1`
    pub id: String,
    /// In force from this day (inclusive); `None` for the base version, which is in force
    /// before the first release.
    #[serde(serialize_with = "date_text")]
    pub date: Option<Date>,
    /// The release that made it (`None` for the base version).
    pub release: Option<String>,
    /// The release's title.
    pub title: Option<String>,
    /// The modifications the release applied, in order.
    pub modifications: Vec<String>,
    /// What each modification did, one row per change to a provision.
    pub effects: Vec<Effect>,
}

fn written<S: serde::Serializer>(unit: &UnitRef, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(unit)
}

impl Effect {
    /// The id of the document changed: `F`, `Z`.
    pub(crate) fn document(&self) -> &str {
        &self.provision.document
    }
}

fn date_text<S: serde::Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

/// One change to a provision (or Part heading, or cross-heading) by one modification: a row
/// of `effects.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Effect {
    /// The unit changed (its document with it), written in `effects.csv` as `F2.1`,
    /// `Z:6.4A`, a Part `Z:6`, a cross-heading `F2 heading "X"`.
    #[serde(serialize_with = "written")]
    pub provision: UnitRef,
    /// What was done.
    pub effect: EffectKind,
    pub modification: String,
    pub release: String,
    /// YYYY-MM-DD
    pub in_force: String,
}

/// A version in which a provision, Part, sub-paragraph or document changed: a line of
/// `history REF`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Amendment {
    pub version: String,
    pub date: String,
    pub release: String,
    /// The modifications of that release that changed it.
    pub modifications: Vec<String>,
    /// The effects recorded for it in that version.
    pub effects: Vec<String>,
}

/// The current text and every earlier version, read from a text folder and checked.
#[derive(Debug, Clone)]
pub struct History {
    /// The text folder.
    pub dir: PathBuf,
    /// Oldest first; `versions[0]` is the base version, the last is current.
    pub versions: Vec<Version>,
    /// Each version's record (for a text folder without history, the base version's digests
    /// as the text reads now).
    records: Vec<Record>,
    /// Per version: its `changed.csv` (the units it changed; `None` for the base), read and
    /// checked by `load`, its rows read again where they are asked for (`changed_rows`), so
    /// that a command that does not ask (`publish`) holds no copy of its addresses.
    changed: Vec<Option<String>>,
    /// Per version: document file name → its reverse patch, checked against its digest.
    patches: Vec<BTreeMap<String, String>>,
    /// The current documents: file name → text.
    current: BTreeMap<String, String>,
    /// Whether the folder has a history (a release was applied to it).
    recorded: bool,
}

fn damaged(file: &Path, what: String) -> Diagnostics {
    Diagnostic::file_error(file, what)
        .help("the history is written by `sec-redline release --apply` and never edited; restore the text folder from your copy")
        .into()
}

fn store_error(text: &Path, e: store::StoreError) -> Diagnostics {
    let help = match &e {
        store::StoreError::Busy(_) => {
            "wait for the other command (a `release --apply`?) to finish, then run this one again"
        }
        store::StoreError::Io(..) => "check that the text folder is readable and writable",
    };
    Diagnostic::file_error(text, e.to_string()).help(help).into()
}

impl History {
    /// Reads and checks the text folder's current documents and its `history/` folder (which
    /// may be absent: then the current text is the base version and the only one). An
    /// interrupted `release --apply` is finished or undone first.
    pub fn load(text: &Path) -> Result<History, Diagnostics> {
        loop {
            // A writer makes the lock file before it changes anything, so a read that began
            // without one and ends without one saw no writer.
            let had_lock = store::has_lock_file(text);
            let lock = store::lock(text, false).map_err(|e| store_error(text, e))?;
            if had_lock {
                store::settle(text).map_err(|e| store_error(text, e))?;
            }
            let history = History::load_locked(text)?;
            drop(lock);
            if had_lock || !store::has_lock_file(text) {
                return Ok(history);
            }
        }
    }

    /// As [`History::load`], for a caller that holds the text folder's lock.
    pub(crate) fn load_locked(text: &Path) -> Result<History, Diagnostics> {
        let current = read_documents(text)?;
        let history_dir = text.join(HISTORY_DIR);
        let records = if history_dir.exists() {
            read_records(&history_dir)?
        } else {
            Vec::new()
        };
        if records.is_empty() {
            let base = Record::base(
                front_matter_version(current.values().next().map(String::as_str).unwrap_or("")),
                current.iter().map(|(n, t)| (n.clone(), digest(t.as_bytes()))).collect(),
            );
            return Ok(History {
                dir: text.to_path_buf(),
                versions: vec![version_of(&base, Vec::new())],
                records: vec![base],
                changed: vec![None],
                patches: vec![BTreeMap::new()],
                current,
                recorded: false,
            });
        }
        let chain = chain(&history_dir, records)?;
        check_current(text, &chain, &current)?;
        let mut versions = Vec::with_capacity(chain.len());
        let mut changed = Vec::with_capacity(chain.len());
        let mut patches = Vec::with_capacity(chain.len());
        for (k, r) in chain.iter().enumerate() {
            let folder = history_dir.join(&r.version);
            if k == 0 {
                only_files(&folder, &[VERSION_FILE])?;
                versions.push(version_of(r, Vec::new()));
                changed.push(None);
                patches.push(BTreeMap::new());
                continue;
            }
            let before = &chain[k - 1];
            // A patch for each document whose digest changed, and for no other.
            let wanted: BTreeSet<String> = before
                .documents
                .iter()
                .chain(&r.documents)
                .filter(|(name, _)| before.documents.get(*name) != r.documents.get(*name))
                .map(|(name, _)| format!("{name}.patch"))
                .collect();
            let listed: BTreeSet<String> = r.files.keys().filter(|n| n.ends_with(".patch")).cloned().collect();
            if let Some(odd) = wanted.symmetric_difference(&listed).next() {
                return Err(damaged(
                    &folder.join(VERSION_FILE),
                    format!("the record's digests and its patches disagree about {odd}: the record was changed"),
                ));
            }
            let names: Vec<&str> = r.files.keys().map(String::as_str).chain([VERSION_FILE]).collect();
            only_files(&folder, &names)?;
            let mut files: BTreeMap<String, String> = BTreeMap::new();
            for (name, want) in &r.files {
                files.insert(name.clone(), checked_file(&folder.join(name), want)?);
            }
            let effects = read_effects(&folder.join(EFFECTS_FILE), &files[EFFECTS_FILE], r)?;
            record::read_changed(&folder.join(CHANGED_FILE), &files[CHANGED_FILE], |_| {})?;
            let units = files.remove(CHANGED_FILE);
            patches.push(
                files
                    .into_iter()
                    .filter_map(|(n, t)| n.strip_suffix(".patch").map(|d| (d.to_string(), t)))
                    .collect(),
            );
            versions.push(version_of(r, effects));
            changed.push(units);
        }
        Ok(History {
            dir: text.to_path_buf(),
            versions,
            records: chain,
            changed,
            patches,
            current,
            recorded: true,
        })
    }

    /// The version the text folder reads as now.
    pub(crate) fn current(&self) -> &Version {
        // `load` always puts the base version first, so there is at least one.
        &self.versions[self.versions.len() - 1]
    }

    /// Whether the text folder has a history (a release was applied to it).
    pub(crate) fn is_recorded(&self) -> bool {
        self.recorded
    }

    pub(crate) fn version(&self, id: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.id == id)
    }

    /// The current documents (file name → text), as read and checked against the current
    /// version's digests.
    pub(crate) fn current_documents(&self) -> &BTreeMap<String, String> {
        &self.current
    }

    /// The current version parsed from the documents `load` read and checked, so that what
    /// is built on it is what was checked (no second read, in which the folder may change).
    pub(crate) fn current_corpus(&self) -> Result<Corpus, Diagnostics> {
        if self.current.is_empty() {
            // Its own error: the folder holds no documents.
            return Corpus::load(&self.dir);
        }
        corpus_of(&self.dir, self.current.clone().into_iter().collect())
    }

    /// The digests of every document of the current version (file name → `sha256:…`).
    pub(crate) fn current_digests(&self) -> &BTreeMap<String, String> {
        &self.records[self.records.len() - 1].documents
    }

    /// The digests of every document of version `k` (file name → `sha256:…`), oldest first.
    pub(crate) fn digests(&self, k: usize) -> &BTreeMap<String, String> {
        &self.records[k].documents
    }

    /// The version in force on `date`: the latest whose date is on or before it; the base
    /// version before the first release.
    pub(crate) fn in_force_on(&self, date: Date) -> &Version {
        self.versions
            .iter()
            .rev()
            .find(|v| v.date.is_none_or(|d| d <= date))
            .unwrap_or(&self.versions[0])
    }

    /// The first day a version is no longer in force (the next version's date), if any.
    pub(crate) fn in_force_until(&self, id: &str) -> Option<Date> {
        let i = self.versions.iter().position(|v| v.id == id)?;
        self.versions.get(i + 1).and_then(|v| v.date)
    }

    /// Every document of a version: (file name, text), in file-name order, byte for byte,
    /// each checked against the version's digest.
    pub(crate) fn documents(&self, id: &str) -> Result<Documents, Diagnostics> {
        let Some(target) = self.versions.iter().position(|v| v.id == id) else {
            return Err(self.unknown_version(id));
        };
        let mut out = Vec::new();
        for (name, want) in &self.records[target].documents {
            // The patches of the later versions that changed this document, newest first.
            let later: Vec<usize> = (target + 1..self.versions.len())
                .rev()
                .filter(|&j| self.patches[j].contains_key(name))
                .collect();
            let start = self.current.get(name).map(String::as_str).unwrap_or("");
            let mut pieces = patch::pieces(start);
            for &j in &later {
                pieces =
                    patch::apply_pieces(&pieces, self.patch(j, name)).map_err(|why| self.bad_patch(j, name, &why))?;
            }
            let text = pieces.concat();
            if digest(text.as_bytes()) != *want {
                return Err(self.first_bad_patch(target, name, &later));
            }
            out.push((name.clone(), text));
        }
        Ok(out)
    }

    /// Every version's documents, oldest first, with each distinct text once: the texts
    /// (file name, text), and per version, per file name in order, the index of its text.
    /// One patch per changed document per version, each result checked against its digest;
    /// a text no release changed is held once, whatever the number of versions.
    pub(crate) fn document_texts(&self) -> Result<(Documents, Vec<Vec<usize>>), Diagnostics> {
        let last = self.versions.len() - 1;
        let mut texts: Documents = self.current.iter().map(|(n, t)| (n.clone(), t.clone())).collect();
        let mut docs: BTreeMap<String, usize> = self.current.keys().cloned().zip(0..).collect();
        let mut out: Vec<Vec<usize>> = vec![docs.values().copied().collect()];
        for j in (1..=last).rev() {
            // `load` checked that version j has a patch for exactly the documents it changed.
            let before = &self.records[j - 1].documents;
            for name in self.patches[j].keys() {
                let now = docs.get(name).map(|&i| texts[i].1.as_str()).unwrap_or("");
                let older = patch::apply(now, self.patch(j, name)).map_err(|why| self.bad_patch(j, name, &why))?;
                match before.get(name) {
                    Some(want) if digest(older.as_bytes()) == *want => {
                        texts.push((name.clone(), older));
                        docs.insert(name.clone(), texts.len() - 1);
                    }
                    Some(_) => return Err(self.bad_patch(j, name, "the result does not match its digest")),
                    None => {
                        docs.remove(name);
                    }
                }
            }
            out.push(docs.values().copied().collect());
        }
        out.reverse();
        Ok((texts, out))
    }

    /// A version of the Code, parsed (its documents keep their paths in the text folder).
    pub fn corpus(&self, id: &str) -> Result<Corpus, Diagnostics> {
        corpus_of(&self.dir, self.documents(id)?)
    }

    /// Every version of the Code, parsed, oldest first.
    /// Each distinct text of a document is parsed once (on any core), so the work grows with
    /// what the releases changed, not with the number of versions.
    pub(crate) fn corpora(&self) -> Result<Vec<Corpus>, Diagnostics> {
        let (texts, at) = self.document_texts()?;
        let parsed: Vec<Corpus> = crate::parallel::in_parallel(&texts, |doc| corpus_of(&self.dir, vec![doc.clone()]))
            .into_iter()
            .collect::<Result<_, _>>()?;
        at.iter()
            .map(|row| {
                let mut documents: Vec<_> = row.iter().map(|&i| parsed[i].documents[0].clone()).collect();
                // The Code's order (as `Corpus` reads a folder): Sections, then Appendices, by id.
                documents.sort_by(|a, b| (a.meta.kind, &a.meta.id).cmp(&(b.meta.kind, &b.meta.id)));
                if documents.windows(2).any(|w| w[0].meta.id == w[1].meta.id) {
                    // Two documents with one id: the corpus's own error names them.
                    return corpus_of(&self.dir, row.iter().map(|&i| texts[i].clone()).collect());
                }
                Ok(Corpus {
                    dir: self.dir.clone(),
                    documents,
                })
            })
            .collect()
    }

    /// The Code as it stood on `date`: the version then in force and its documents.
    pub fn text_as_at(&self, date: Date) -> Result<(&Version, Documents), Diagnostics> {
        let v = self.in_force_on(date);
        Ok((v, self.documents(&v.id)?))
    }

    /// Every effect of every version, oldest first.
    pub(crate) fn effects(&self) -> impl Iterator<Item = &Effect> {
        self.versions.iter().flat_map(|v| v.effects.iter())
    }

    /// Each version in which `reference` (a document, Part, provision or sub-paragraph) read
    /// differently from the version before, oldest first. A Part's history includes every
    /// change under it. Read from the versions' indexes; no version is rebuilt.
    pub fn amendments(&self, reference: &str) -> Result<Vec<Amendment>, Diagnostics> {
        let not_found = |why: String| -> Diagnostics {
            Diagnostic::file_error(Path::new(reference), why)
                .help("name a document (F), a Part (F2), a provision (F2.1, \"Z:6.2\") or a sub-paragraph (F2.1(b)) of any version")
                .into()
        };
        let r = parse_reference(reference).map_err(not_found)?;
        let key = match self.resolve_current(&r)? {
            Ok(key) => key,
            Err(why) => self.resolve_past(&r)?.ok_or_else(|| not_found(why))?,
        };
        let mut out = Vec::new();
        for (k, v) in self.versions.iter().enumerate().skip(1) {
            // The provisions (and Parts) the rows lie in: an effect is recorded on its unit.
            let mut provisions: BTreeSet<UnitRef> = BTreeSet::new();
            let mut covered = false;
            self.changed_rows(k, |u| {
                if key.covers(&u) {
                    covered = true;
                    if let Some(a) = u.unit {
                        provisions.insert(a.unit);
                    }
                }
            })?;
            if !covered {
                continue;
            }
            let effects: Vec<&Effect> = v
                .effects
                .iter()
                .filter(|e| e.document() == key.document() && (key.is_document() || provisions.contains(&e.provision)))
                .collect();
            let mut modifications: Vec<String> = Vec::new();
            let mut kinds: Vec<String> = Vec::new();
            for e in &effects {
                if !modifications.contains(&e.modification) {
                    modifications.push(e.modification.clone());
                }
                if !kinds.iter().any(|k| k == e.effect.as_str()) {
                    kinds.push(e.effect.to_string());
                }
            }
            if modifications.is_empty() {
                modifications = v.modifications.clone();
            }
            out.push(Amendment {
                version: v.id.clone(),
                date: v.date.map(|d| d.to_string()).unwrap_or_default(),
                release: v.release.clone().unwrap_or_default(),
                modifications,
                effects: kinds,
            });
        }
        Ok(out)
    }

    /// The reference resolved in the current text, parsing only the documents it can be in.
    /// The inner `Err` says why it is not there.
    fn resolve_current(&self, r: &Reference) -> Result<Result<Key, String>, Diagnostics> {
        let mut files: Vec<(SourceFile, String)> = Vec::new();
        for (name, text) in &self.current {
            let file = SourceFile::new(self.dir.join(name), text.clone());
            let id = read_meta(&file)?.id;
            files.push((file, id));
        }
        let letters: String = r
            .number
            .as_deref()
            .unwrap_or("")
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let wanted = r.doc.clone().unwrap_or(letters);
        let narrow: Vec<SourceFile> = files
            .iter()
            .filter(|(_, id)| *id == wanted)
            .map(|(f, _)| f.clone())
            .collect();
        let attempt = |files: Vec<SourceFile>| -> Result<Result<Key, String>, Diagnostics> {
            let corpus = Corpus::from_files(&self.dir, files)?;
            let edition = Edition::new(&corpus);
            Ok(resolve_reference(&edition, r).map(|t| Key::of(&corpus, &t)))
        };
        if !narrow.is_empty() {
            let found = attempt(narrow)?;
            if found.is_ok() || r.doc.is_some() {
                return Ok(found);
            }
        }
        attempt(files.into_iter().map(|(f, _)| f).collect())
    }

    /// A reference to a unit the current text no longer has, found in a version's index.
    fn resolve_past(&self, r: &Reference) -> Result<Option<Key>, Diagnostics> {
        let Some(number) = r.number.as_deref() else {
            return Ok(None);
        };
        let mut found = None;
        for k in 0..self.changed.len() {
            // The first version that lists it names it: later files are not read.
            if found.is_some() {
                break;
            }
            self.changed_rows(k, |u| {
                let Some(place) = u.unit.as_ref().filter(|_| found.is_none()) else {
                    return;
                };
                let same = place.unit.number() == Some(number)
                    && place.path().eq(r.path.iter().map(String::as_str))
                    && r.doc.as_ref().is_none_or(|d| *d == u.document);
                if same {
                    found = Some(if u.part.as_ref() == Some(&place.unit) && place.is_whole() {
                        Key::Part(place.unit.clone())
                    } else {
                        Key::Unit(place.to_address())
                    });
                }
            })?;
        }
        Ok(found)
    }

    /// Each row of version `k`'s `changed.csv`, read again (`load` checked it), in order.
    fn changed_rows(&self, k: usize, each: impl FnMut(ChangedRow<'_>)) -> Result<(), Diagnostics> {
        match &self.changed[k] {
            Some(text) => {
                let path = self.dir.join(HISTORY_DIR).join(&self.versions[k].id).join(CHANGED_FILE);
                record::read_changed(&path, text, each)
            }
            None => Ok(()),
        }
    }

    /// Version `k`'s reverse patch of a document (`load` checked that it has one for each
    /// document it changed, and no other).
    fn patch(&self, k: usize, file: &str) -> &str {
        self.patches[k].get(file).map(String::as_str).unwrap_or("")
    }

    /// Where version `k`'s reverse patch of a document is kept.
    fn patch_path(&self, k: usize, file: &str) -> PathBuf {
        self.dir
            .join(HISTORY_DIR)
            .join(&self.versions[k].id)
            .join(format!("{file}.patch"))
    }

    fn bad_patch(&self, k: usize, file: &str, why: &str) -> Diagnostics {
        damaged(
            &self.patch_path(k, file),
            format!(
                "this patch does not give back {file} as version {} read it: {why}",
                self.versions[k - 1].id
            ),
        )
    }

    /// After a rebuilt document failed its digest: the first patch whose result fails its own.
    fn first_bad_patch(&self, target: usize, name: &str, later: &[usize]) -> Diagnostics {
        let mut now = self.current.get(name).cloned().unwrap_or_default();
        for &j in later {
            match patch::apply(&now, self.patch(j, name)) {
                Ok(older) => {
                    let want = self.records[j - 1].documents.get(name);
                    if want.is_some_and(|w| *w != digest(older.as_bytes())) {
                        return self.bad_patch(j, name, "the result does not match its digest");
                    }
                    now = older;
                }
                Err(why) => return self.bad_patch(j, name, &why),
            }
        }
        damaged(
            &self.dir.join(HISTORY_DIR).join(&self.versions[target].id),
            format!(
                "{name} does not come out as version {} recorded it",
                self.versions[target].id
            ),
        )
    }

    fn unknown_version(&self, id: &str) -> Diagnostics {
        let known: Vec<&str> = self.versions.iter().map(|v| v.id.as_str()).collect();
        Diagnostic::file_error(&self.dir, format!("the text folder has no version {id}"))
            .help(format!("its versions are: {}", known.join(", ")))
            .into()
    }
}

fn corpus_of(dir: &Path, docs: Documents) -> Result<Corpus, Diagnostics> {
    let files = docs
        .into_iter()
        .map(|(name, text)| SourceFile::new(dir.join(name), text))
        .collect();
    Corpus::from_files(dir, files)
}

/// What `history REF` follows through the indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    Document(String),
    /// A Part (`Z:6`, `F2`).
    Part(UnitRef),
    /// A provision or sub-paragraph (`F2.1`, `Z:6.2(a)`).
    Unit(Address),
}

impl Key {
    fn of(corpus: &Corpus, target: &Target) -> Key {
        let doc = &corpus.documents[target.doc()];
        let id = doc.meta.id.clone();
        match target {
            Target::Document { .. } => Key::Document(id),
            Target::Part { units, .. } => match &doc.units[units.start].kind {
                kind @ UnitKind::Part { .. } => Key::Part(UnitRef::of(&doc.meta, kind, None)),
                _ => Key::Document(id),
            },
            Target::Provision { unit, .. } | Target::SubParagraph { unit, .. } => {
                let u = &doc.units[*unit];
                let path = match target {
                    Target::SubParagraph { range, .. } => u
                        .subparagraphs
                        .iter()
                        .find(|s| s.range == *range)
                        .map(|s| s.path.to_vec())
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                Key::Unit(Address {
                    unit: UnitRef::of(&doc.meta, &u.kind, u.part.as_deref()),
                    path,
                })
            }
        }
    }

    fn document(&self) -> &str {
        match self {
            Key::Document(d) => d,
            Key::Part(p) => &p.document,
            Key::Unit(a) => &a.unit.document,
        }
    }

    fn is_document(&self) -> bool {
        matches!(self, Key::Document(_))
    }

    /// Whether a changed unit is this, or (for a document or Part) under it.
    fn covers(&self, u: &ChangedRow<'_>) -> bool {
        u.document == self.document()
            && match self {
                Key::Document(_) => true,
                Key::Part(p) => {
                    u.part.as_ref() == Some(p) || u.unit.as_ref().is_some_and(|a| a.is_whole() && a.unit == *p)
                }
                Key::Unit(a) => u.unit.as_ref().is_some_and(|w| w.is(a)),
            }
    }
}

fn version_of(r: &Record, effects: Vec<Effect>) -> Version {
    Version {
        id: r.version.clone(),
        date: r.date,
        release: r.release.clone(),
        title: r.title.clone(),
        modifications: r.modifications.clone(),
        effects,
    }
}

/// The largest file of a version's folder read: a patch of a document under the input
/// limit that changed every line holds both sides of each, with its markers.
const MAX_HISTORY_FILE: u64 = 4 * crate::diagnostics::MAX_FILE_BYTES;

/// A file of a version's folder, read and checked against its digest in the record. (Not
/// through `SourceFile::read`: a patch of a document that changed throughout may be larger
/// than a document may be, and the digest, not a size, says whether it is ours.)
fn checked_file(path: &Path, want: &str) -> Result<String, Diagnostics> {
    let cannot = |why: String| damaged(path, why);
    let size = std::fs::metadata(path)
        .map_err(|e| cannot(format!("cannot read it: {e}")))?
        .len();
    if size > MAX_HISTORY_FILE {
        return Err(cannot(format!(
            "the file is {} MB, larger than any file a release writes",
            size >> 20
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| cannot(format!("cannot read it: {e}")))?;
    if digest(&bytes) != want {
        return Err(cannot(
            "this file does not match the digest its version's record holds: it was changed after the release"
                .to_string(),
        ));
    }
    String::from_utf8(bytes).map_err(|_| cannot("the file is not UTF-8".to_string()))
}

/// A version's folder holds the files its record names, and nothing else.
fn only_files(folder: &Path, files: &[&str]) -> Result<(), Diagnostics> {
    let mut present = BTreeSet::new();
    let entries =
        std::fs::read_dir(folder).map_err(|e| damaged(folder, format!("cannot read the version's folder: {e}")))?;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !files.contains(&name.as_str()) {
            return Err(damaged(
                &e.path(),
                "a file the version's record does not account for: it was added by hand, or the record was changed"
                    .to_string(),
            ));
        }
        present.insert(name);
    }
    match files.iter().find(|f| !present.contains(**f)) {
        Some(f) => Err(damaged(
            &folder.join(f),
            "this file of the version is missing: an earlier version cannot be rebuilt without it".to_string(),
        )),
        None => Ok(()),
    }
}

/// Every record under `history/`, keyed by its folder.
fn read_records(history_dir: &Path) -> Result<Vec<Record>, Diagnostics> {
    let mut folders: Vec<PathBuf> = Vec::new();
    let entries = std::fs::read_dir(history_dir)
        .map_err(|e| Diagnostic::file_error(history_dir, format!("cannot read the history: {e}")))?;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if !e.path().is_dir() {
            return Err(damaged(
                &e.path(),
                "the history holds only version folders; this file was added by hand".to_string(),
            ));
        }
        folders.push(e.path());
    }
    folders.sort();
    let mut diagnostics = Diagnostics::default();
    let mut records = Vec::new();
    for folder in folders {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match SourceFile::read(&folder.join(VERSION_FILE)).and_then(|f| Record::read(&f, &name)) {
            Ok(r) => records.push(r),
            Err(ds) => diagnostics.extend(ds),
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(records)
}

/// The records as one chain from the base version, each following the one before, dates
/// strictly increasing; anything else (a gap, a fork, a second base) is an error.
fn chain(history_dir: &Path, records: Vec<Record>) -> Result<Vec<Record>, Diagnostics> {
    let at = |r: &Record| history_dir.join(&r.version).join(VERSION_FILE);
    let bases: Vec<&Record> = records.iter().filter(|r| r.previous.is_none()).collect();
    let base = match bases.as_slice() {
        [one] => (*one).clone(),
        [] => {
            return Err(damaged(
                history_dir,
                "the history has no base version (a record without `previous:`): its folder was removed".to_string(),
            ));
        }
        [a, b, ..] => {
            return Err(damaged(
                &at(b),
                format!(
                    "versions {} and {} both say they are the base version",
                    a.version, b.version
                ),
            ));
        }
    };
    let mut out = vec![base];
    let mut left: Vec<Record> = records.into_iter().filter(|r| r.previous.is_some()).collect();
    while !left.is_empty() {
        let last = &out[out.len() - 1];
        let next: Vec<usize> = (0..left.len())
            .filter(|&i| left[i].previous.as_deref() == Some(&last.version))
            .collect();
        match next.as_slice() {
            [] => {
                let r = &left[0];
                return Err(damaged(
                    &at(r),
                    format!(
                        "version {} says it follows {}, which the history does not have after {}: a version's folder was removed",
                        r.version,
                        r.previous.as_deref().unwrap_or(""),
                        last.version
                    ),
                ));
            }
            [one] => {
                let r = left.remove(*one);
                if let (Some(a), Some(b)) = (last.date, r.date)
                    && b <= a
                {
                    return Err(damaged(
                        &at(&r),
                        format!(
                            "version {} is in force from {b}, not after version {} ({a})",
                            r.version, last.version
                        ),
                    ));
                }
                out.push(r);
            }
            [a, b, ..] => {
                return Err(damaged(
                    &at(&left[*b]),
                    format!(
                        "versions {} and {} both say they follow {}",
                        left[*a].version, left[*b].version, last.version
                    ),
                ));
            }
        }
    }
    Ok(out)
}

/// The current text must read exactly as the current version's record says.
fn check_current(text: &Path, chain: &[Record], current: &BTreeMap<String, String>) -> Result<(), Diagnostics> {
    let last = &chain[chain.len() - 1];
    let mut diagnostics = Diagnostics::default();
    for (name, t) in current {
        match last.documents.get(name) {
            Some(want) if *want == digest(t.as_bytes()) => {}
            Some(_) if !chain.iter().any(|r| r.version == front_matter_version(t)) => diagnostics.push(
                Diagnostic::file_error(
                    &text.join(name),
                    format!(
                        "{name} reads as version {}, which the history does not have (its latest is {}): a version's folder was removed",
                        front_matter_version(t),
                        last.version
                    ),
                )
                .help("restore the text folder, history included, from your copy"),
            ),
            Some(_) => diagnostics.push(
                Diagnostic::file_error(
                    &text.join(name),
                    format!(
                        "{name} was changed outside a release: it does not read as version {} of the Code",
                        last.version
                    ),
                )
                .help("make the change with a change-set and a release, or restore the file (e.g. `sec-redline text --as-at` a date in force, or your copy)"),
            ),
            None => diagnostics.push(
                Diagnostic::file_error(
                    &text.join(name),
                    format!("{name} is not a document of version {} of the Code: it was added outside a release", last.version),
                )
                .help("move it out of the text folder; a document joins the Code through a release"),
            ),
        }
    }
    for name in last.documents.keys().filter(|n| !current.contains_key(*n)) {
        diagnostics.push(
            Diagnostic::file_error(
                &text.join(name),
                format!("{name} of version {} of the Code is missing", last.version),
            )
            .help("restore the file from your copy of the text folder"),
        );
    }
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(diagnostics)
    }
}

/// A version's `effects.csv`, checked against its digest and row by row.
fn read_effects(path: &Path, text: &str, r: &Record) -> Result<Vec<Effect>, Diagnostics> {
    let rows = csv::read_checked(path, text, &EFFECTS_HEADER)?;
    let release = r.release.clone().unwrap_or_default();
    let date = r.date.map(|d| d.to_string()).unwrap_or_default();
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        let row: Vec<String> = row.into_iter().map(std::borrow::Cow::into_owned).collect();
        let [document, provision, effect, modification, rel, in_force]: [String; 6] =
            row.try_into().unwrap_or_default();
        let kind = EffectKind::parse(&effect);
        let fits = kind.is_some() && r.modifications.contains(&modification) && rel == release && in_force == date;
        let (true, Some(effect)) = (fits, kind) else {
            return Err(damaged(
                path,
                format!(
                    "line {} does not fit the version's record (effect, modification, release and date)",
                    i + 2
                ),
            ));
        };
        // The unit's reference is read here, once, into its identity; every later stage
        // matches on that.
        let unit = UnitRef::read(&provision)
            .and_then(|u| {
                if u.document == document {
                    Ok(u)
                } else {
                    Err(format!(
                        "`{provision}` is not in document `{document}` (the first column)"
                    ))
                }
            })
            .map_err(|why| damaged(path, format!("line {}, column 2 (provision): {why}", i + 2)))?;
        out.push(Effect {
            provision: unit,
            effect,
            modification,
            release: rel,
            in_force,
        });
    }
    Ok(out)
}

/// The `version:` of a document's front matter, or `1.0` when it has none.
pub fn front_matter_version(text: &str) -> String {
    let file = SourceFile::new("", text.to_string());
    read_meta(&file)
        .ok()
        .map(|m| m.version)
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "1.0".to_string())
}

/// The document with its front matter `version:` set to `version` (the line is added after
/// `title:` when missing), by the one front-matter editor: every other byte is kept.
pub fn with_version(text: &str, version: &str) -> String {
    crate::yaml::front_matter::set(text, "version", version, &["title"]).unwrap_or_else(|| text.to_string())
}

/// The top-level `*.md` files of the text folder: file name → text, exactly as stored.
pub(crate) fn read_documents(dir: &Path) -> Result<BTreeMap<String, String>, Diagnostics> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        let mut d = Diagnostic::file_error(dir, format!("cannot read the text folder: {e}"))
            .help("run from the project folder, or name the folder of the Code's Markdown with --text DIR");
        if let Some(copy) = store::old_leftovers(dir).first() {
            d = d.help(format!(
                "{} is a copy of a text folder left by an interrupted `release --apply` of an earlier sec-redline: check it and rename it back",
                copy.display()
            ));
        }
        Diagnostics::from(d)
    })?;
    let mut out = BTreeMap::new();
    let mut diagnostics = Diagnostics::default();
    for e in entries.filter_map(Result::ok) {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if path.extension().is_some_and(|x| x == "md") && !name.starts_with('.') && path.is_file() {
            match SourceFile::read(&path) {
                Ok(f) => {
                    out.insert(name, f.text);
                }
                Err(ds) => diagnostics.extend(ds),
            }
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(out)
}

/// `effects.csv`: the header, then one row per effect.
pub fn effects_csv(effects: &[Effect]) -> String {
    let mut rows = vec![EFFECTS_HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    rows.extend(effects.iter().map(|e| {
        vec![
            e.document().to_string(),
            e.provision.to_string(),
            e.effect.to_string(),
            e.modification.clone(),
            e.release.clone(),
            e.in_force.clone(),
        ]
    }));
    csv::write(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_set_in_place() {
        let doc = "---\r\ndocument: F\r\ntitle: T\r\nversion: \"1.0\"\r\n---\r\n\r\n# F\r\n";
        assert_eq!(
            with_version(doc, "1.1"),
            "---\r\ndocument: F\r\ntitle: T\r\nversion: \"1.1\"\r\n---\r\n\r\n# F\r\n"
        );
        let none = "---\ndocument: F\ntitle: T\nkind: Section\n---\n# F\n";
        assert_eq!(
            with_version(none, "1.1"),
            "---\ndocument: F\ntitle: T\nversion: \"1.1\"\nkind: Section\n---\n# F\n"
        );
    }
}
