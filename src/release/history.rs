//! The Code's history: every version since the base, kept inside the text folder.
//!
//! The top-level `*.md` files are the current version. `history/<version>/` holds, for each
//! version a release made, its record (`version.yaml`), what each modification did
//! (`effects.csv`) and one reverse patch per document (`<file>.patch`) that turns the
//! document as it reads in that version back into the version before. Earlier versions
//! are rebuilt by applying reverse patches from the current text backwards, so the
//! history grows with what changed, never needs git, and a published version's folder is
//! written once and never changed. See docs/format.md, "The history folder".

use super::csv;
use super::patch;
use crate::corpus::reference::resolve;
use crate::corpus::{Corpus, Edition};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::yaml;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder, inside the text folder, that holds the history.
pub const HISTORY_DIR: &str = "history";
/// A version's record in its folder.
pub const VERSION_FILE: &str = "version.yaml";
/// What each modification did to each provision, in its version's folder.
pub const EFFECTS_FILE: &str = "effects.csv";
/// The columns of `effects.csv` (a release's output and each version's record).
pub const EFFECTS_HEADER: [&str; 6] = [
    "document",
    "provision",
    "effect",
    "modification",
    "release",
    "in force from",
];

/// A version's documents: (file name, text), in file-name order, byte for byte.
pub type Documents = Vec<(String, String)>;

/// One version of the Code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// `1.1`
    pub id: String,
    /// In force from this day (YYYY-MM-DD, inclusive); `None` for the base version, which
    /// is in force before the first release.
    pub date: Option<String>,
    /// The release that made it (`None` for the base version).
    pub release: Option<String>,
    /// The release's title.
    pub title: Option<String>,
    /// The modifications the release applied, in order.
    pub modifications: Vec<String>,
    /// What each modification did, one row per change to a provision.
    pub effects: Vec<Effect>,
}

/// One change to a provision (or Part heading) by one modification: a row of `effects.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Effect {
    /// Document id: `F`, `Z`.
    pub document: String,
    /// The provision's reference: `F2.1`, `Z:6.4A`, or a Part: `Z:6`.
    pub provision: String,
    /// What was done, in the words of an amendment note: `words substituted`, `substituted`,
    /// `inserted`, `deleted`, `sub-paragraph inserted`, `sub-paragraph deleted`.
    pub effect: String,
    pub modification: String,
    pub release: String,
    /// YYYY-MM-DD
    pub in_force: String,
}

/// A version in which a provision or sub-paragraph changed: a line of `history REF`.
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

/// The current text and every earlier version, read from a text folder.
#[derive(Debug, Clone)]
pub struct History {
    /// The text folder.
    pub dir: PathBuf,
    /// Oldest first; `versions[0]` is the base version, the last is current.
    pub versions: Vec<Version>,
    /// The current documents: file name → text, in file-name order.
    current: BTreeMap<String, String>,
    /// Per version (same index as `versions`; empty for the base): file name → reverse patch.
    patches: Vec<BTreeMap<String, String>>,
}

impl History {
    /// Reads the text folder's current documents and its `history/` folder (which may be absent:
    /// then the current text is the base version and the only one).
    pub fn load(text: &Path) -> Result<History, Diagnostics> {
        let current = read_documents(text)?;
        let history_dir = text.join(HISTORY_DIR);
        let mut records: Vec<(Version, String, BTreeMap<String, String>)> = Vec::new();
        let mut diagnostics = Diagnostics::default();
        if history_dir.is_dir() {
            let mut folders: Vec<PathBuf> = std::fs::read_dir(&history_dir)
                .map_err(|e| Diagnostic::file_error(&history_dir, format!("cannot read the history: {e}")))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
            folders.sort();
            for folder in folders {
                match read_version(&folder) {
                    Ok(r) => records.push(r),
                    Err(ds) => diagnostics.extend(ds),
                }
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        records.sort_by(|a, b| a.0.date.cmp(&b.0.date));
        let damaged = |what: String| -> Diagnostics {
            Diagnostic::file_error(&history_dir, what)
                .help("the history is written by `sec-redline release --apply` and never edited; restore it from your copy of the text folder")
                .into()
        };
        let base_id = match records.first() {
            Some((_, previous, _)) => previous.clone(),
            None => front_matter_version(current.values().next().map(String::as_str).unwrap_or("")),
        };
        let mut versions = vec![Version {
            id: base_id,
            date: None,
            release: None,
            title: None,
            modifications: Vec::new(),
            effects: Vec::new(),
        }];
        let mut patches = vec![BTreeMap::new()];
        for (version, previous, p) in records {
            let before = versions.last().map(|v| v.id.clone()).unwrap_or_default();
            if previous != before {
                return Err(damaged(format!(
                    "version {} says it follows {previous}, but the version before it (by date) is {before}",
                    version.id
                )));
            }
            if versions.iter().any(|v| v.id == version.id) {
                return Err(damaged(format!("version {} appears twice", version.id)));
            }
            versions.push(version);
            patches.push(p);
        }
        Ok(History {
            dir: text.to_path_buf(),
            versions,
            current,
            patches,
        })
    }

    /// The version the text folder reads as now.
    pub fn current(&self) -> &Version {
        // `load` always puts the base version first, so there is at least one.
        &self.versions[self.versions.len() - 1]
    }

    pub fn version(&self, id: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.id == id)
    }

    /// The version in force on `date` (YYYY-MM-DD): the latest whose date is on or before it;
    /// the base version before the first release.
    pub fn in_force_on(&self, date: &str) -> &Version {
        self.versions
            .iter()
            .rev()
            .find(|v| v.date.as_deref().is_none_or(|d| d <= date))
            .unwrap_or(&self.versions[0])
    }

    /// The first day a version is no longer in force (the next version's date), if any.
    pub fn in_force_until(&self, id: &str) -> Option<&str> {
        let i = self.versions.iter().position(|v| v.id == id)?;
        self.versions.get(i + 1).and_then(|v| v.date.as_deref())
    }

    /// Every document of a version: (file name, text), in file-name order, byte for byte.
    pub fn documents(&self, id: &str) -> Result<Documents, Diagnostics> {
        let Some(target) = self.versions.iter().position(|v| v.id == id) else {
            return Err(self.unknown_version(id));
        };
        let mut docs = self.current.clone();
        for i in (target + 1..self.versions.len()).rev() {
            for (name, p) in &self.patches[i] {
                let text = docs.get(name).map(String::as_str).unwrap_or("");
                let older = patch::apply(text, p).map_err(|why| {
                    Diagnostics::from(
                        Diagnostic::file_error(
                            &self.patch_path(&self.versions[i].id, name),
                            format!(
                                "the history cannot rebuild {name} as it read before version {}: {why}",
                                self.versions[i].id
                            ),
                        )
                        .help(
                            "the text folder's documents or history were edited by hand; restore them from your copy",
                        ),
                    )
                })?;
                if older.is_empty() {
                    docs.remove(name);
                } else {
                    docs.insert(name.clone(), older);
                }
            }
        }
        Ok(docs.into_iter().collect())
    }

    /// A version of the Code, parsed (its documents keep their paths in the text folder).
    pub fn corpus(&self, id: &str) -> Result<Corpus, Diagnostics> {
        let files = self
            .documents(id)?
            .into_iter()
            .map(|(name, text)| SourceFile::new(self.dir.join(name), text))
            .collect();
        Corpus::from_files(&self.dir, files)
    }

    /// The Code as it stood on `date`: the version then in force and its documents.
    pub fn text_as_at(&self, date: &str) -> Result<(&Version, Documents), Diagnostics> {
        let v = self.in_force_on(date);
        Ok((v, self.documents(&v.id)?))
    }

    /// Every effect of every version, oldest first.
    pub fn effects(&self) -> impl Iterator<Item = &Effect> {
        self.versions.iter().flat_map(|v| v.effects.iter())
    }

    /// Each version in which `reference` (a provision, Part or sub-paragraph) read differently
    /// from the version before, oldest first.
    pub fn amendments(&self, reference: &str) -> Result<Vec<Amendment>, Diagnostics> {
        let mut texts: Vec<Option<String>> = Vec::new();
        let mut found = false;
        let mut why_not = String::new();
        for v in &self.versions {
            let corpus = self.corpus(&v.id)?;
            let edition = Edition::new(&corpus);
            match resolve(&edition, reference) {
                Ok(target) => {
                    found = true;
                    let text: String = target
                        .regions(&edition)
                        .into_iter()
                        .map(|(d, u, r)| {
                            let t = edition.unit_text(d, u);
                            r.map_or(t, |r| &t[r]).to_string()
                        })
                        .collect();
                    texts.push(Some(text));
                }
                Err(why) => {
                    why_not = why;
                    texts.push(None);
                }
            }
        }
        if !found {
            return Err(Diagnostic::file_error(Path::new(reference), why_not)
                .help("name a provision (F2.1, \"Z:6.2\"), a Part (F2) or a sub-paragraph (F2.1(b)) of any version")
                .into());
        }
        let provision = provision_of(reference);
        let mut out = Vec::new();
        for i in 1..self.versions.len() {
            if texts[i] == texts[i - 1] {
                continue;
            }
            let v = &self.versions[i];
            let matching: Vec<&Effect> = v
                .effects
                .iter()
                .filter(|e| same_provision(&e.document, &e.provision, &provision))
                .collect();
            let mut modifications: Vec<String> = Vec::new();
            for e in &matching {
                if !modifications.contains(&e.modification) {
                    modifications.push(e.modification.clone());
                }
            }
            if modifications.is_empty() {
                modifications = v.modifications.clone();
            }
            out.push(Amendment {
                version: v.id.clone(),
                date: v.date.clone().unwrap_or_default(),
                release: v.release.clone().unwrap_or_default(),
                modifications,
                effects: matching.iter().fold(Vec::new(), |mut acc, e| {
                    if !acc.contains(&e.effect) {
                        acc.push(e.effect.clone());
                    }
                    acc
                }),
            });
        }
        Ok(out)
    }

    /// Where a version's reverse patch of a document is kept.
    pub fn patch_path(&self, version: &str, file: &str) -> PathBuf {
        self.dir.join(HISTORY_DIR).join(version).join(format!("{file}.patch"))
    }

    fn unknown_version(&self, id: &str) -> Diagnostics {
        let known: Vec<&str> = self.versions.iter().map(|v| v.id.as_str()).collect();
        Diagnostic::file_error(&self.dir, format!("the text folder has no version {id}"))
            .help(format!("its versions are: {}", known.join(", ")))
            .into()
    }
}

/// `F2.1(b)(ii)` → `F2.1`; `Z:6.2` stays.
fn provision_of(reference: &str) -> String {
    reference.split('(').next().unwrap_or(reference).trim().to_string()
}

/// Whether an effect's provision is the one a reference names (`6.2` of Z is `Z:6.2`).
fn same_provision(document: &str, provision: &str, wanted: &str) -> bool {
    let unqualified = |p: &str| p.split_once(':').map_or(p.to_string(), |(_, n)| n.to_string());
    provision == wanted
        || match wanted.split_once(':') {
            Some((d, n)) => d == document && unqualified(provision) == n,
            None => unqualified(provision) == wanted,
        }
}

/// The `version:` of a document's front matter, or `1.0` when it has none.
pub fn front_matter_version(text: &str) -> String {
    front_matter_lines(text)
        .find_map(|l| l.trim_end().strip_prefix("version:"))
        .map(|v| {
            v.split(" #")
                .next()
                .unwrap_or(v)
                .trim()
                .trim_matches(['"', '\''])
                .to_string()
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "1.0".to_string())
}

fn front_matter_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let opened = lines.next().is_some_and(|l| l.trim_end() == "---");
    lines.take_while(move |l| opened && l.trim_end() != "---")
}

/// The document with its front matter `version:` set to `version` (the line is added after
/// `title:` when missing). Every other byte is kept.
pub fn with_version(text: &str, version: &str) -> String {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut offset = bom;
    let mut lines = text[bom..].split_inclusive('\n');
    let Some(first) = lines.next() else {
        return text.to_string();
    };
    if first.trim_end() != "---" {
        return text.to_string();
    }
    let ending = if first.ends_with("\r\n") { "\r\n" } else { "\n" };
    offset += first.len();
    let mut insert_at = None;
    for line in lines {
        if line.trim_end() == "---" {
            break;
        }
        if line.starts_with("version:") {
            let body = line.trim_end_matches(['\r', '\n']);
            let end = &line[body.len()..];
            let comment = body.find(" #").map(|i| &body[i..]).unwrap_or("");
            return format!(
                "{}version: \"{version}\"{comment}{end}{}",
                &text[..offset],
                &text[offset + line.len()..]
            );
        }
        offset += line.len();
        if line.starts_with("title:") || insert_at.is_none() {
            insert_at = Some(offset);
        }
    }
    let at = insert_at.unwrap_or(offset);
    format!("{}version: \"{version}\"{ending}{}", &text[..at], &text[at..])
}

/// The top-level `*.md` files of the text folder: file name → text, exactly as stored.
pub(crate) fn read_documents(dir: &Path) -> Result<BTreeMap<String, String>, Diagnostics> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostics::from(
            Diagnostic::file_error(dir, format!("cannot read the text folder: {e}"))
                .help("run from the project folder, or name the folder of the Code's Markdown with --text DIR"),
        )
    })?;
    let mut out = BTreeMap::new();
    let mut diagnostics = Diagnostics::default();
    for e in entries.filter_map(Result::ok) {
        let path = e.path();
        if path.extension().is_some_and(|x| x == "md") && path.is_file() {
            match SourceFile::read(&path) {
                Ok(f) => {
                    out.insert(e.file_name().to_string_lossy().into_owned(), f.text);
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

/// One `history/<version>/` folder: the version, the version before it, and its patches.
fn read_version(folder: &Path) -> Result<(Version, String, BTreeMap<String, String>), Diagnostics> {
    let record = SourceFile::read(&folder.join(VERSION_FILE))?;
    let root = yaml::parse(&record, &record.text, 1)?;
    let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Some(entries) = root.as_ref().and_then(yaml::entries) {
        for (key, _, value) in entries {
            let values = match &value.data {
                saphyr::YamlData::Sequence(items) => items
                    .iter()
                    .filter_map(|i| yaml::text(i))
                    .map(|t| t.into_owned())
                    .collect(),
                _ => yaml::text(value).map(|t| vec![t.into_owned()]).unwrap_or_default(),
            };
            fields.insert(key.into_owned(), values);
        }
    }
    let one = |key: &str| -> Result<String, Diagnostics> {
        fields.get(key).and_then(|v| v.first()).cloned().ok_or_else(|| {
            Diagnostics::from(
                Diagnostic::file_error(&record.path, format!("the version record has no `{key}:`"))
                    .help("the history is written by `sec-redline release --apply` and never edited; restore it from your copy"),
            )
        })
    };
    let mut version = Version {
        id: one("version")?,
        date: Some(one("date")?),
        release: Some(one("release")?),
        title: fields.get("title").and_then(|v| v.first()).cloned(),
        modifications: fields.get("modifications").cloned().unwrap_or_default(),
        effects: Vec::new(),
    };
    let previous = one("previous")?;
    let effects_path = folder.join(EFFECTS_FILE);
    if effects_path.is_file() {
        let file = SourceFile::read(&effects_path)?;
        for row in csv::read(&file.text).into_iter().skip(1) {
            if let [document, provision, effect, modification, release, in_force] = row.as_slice() {
                version.effects.push(Effect {
                    document: document.clone(),
                    provision: provision.clone(),
                    effect: effect.clone(),
                    modification: modification.clone(),
                    release: release.clone(),
                    in_force: in_force.clone(),
                });
            }
        }
    }
    let mut patches = BTreeMap::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|e| Diagnostic::file_error(folder, format!("cannot read the history: {e}")))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "patch"))
        .collect();
    names.sort();
    for path in names {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        patches.insert(name, SourceFile::read(&path)?.text);
    }
    Ok((version, previous, patches))
}

/// `history/<version>/version.yaml` for a new version.
pub(crate) fn version_record(version: &Version, previous: &str) -> String {
    let q = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    format!(
        "# Version {} of the Code. Written by `sec-redline release --apply`; never edit.\n\
         version: {}\nprevious: {}\nrelease: {}\ntitle: {}\ndate: {}\nmodifications: [{}]\n",
        version.id,
        q(&version.id),
        q(previous),
        q(version.release.as_deref().unwrap_or("")),
        q(version.title.as_deref().unwrap_or("")),
        version.date.as_deref().unwrap_or(""),
        version
            .modifications
            .iter()
            .map(|m| q(m))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// `effects.csv`: the header, then one row per effect.
pub fn effects_csv(effects: &[Effect]) -> String {
    let mut rows = vec![EFFECTS_HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    rows.extend(effects.iter().map(|e| {
        vec![
            e.document.clone(),
            e.provision.clone(),
            e.effect.clone(),
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
        assert_eq!(front_matter_version(&with_version(doc, "2.0")), "2.0");
        let none = "---\ndocument: F\ntitle: T\nkind: Section\n---\n# F\n";
        assert_eq!(
            with_version(none, "1.1"),
            "---\ndocument: F\ntitle: T\nversion: \"1.1\"\nkind: Section\n---\n# F\n"
        );
    }

    #[test]
    fn provisions_match_with_or_without_their_document() {
        assert!(same_provision("Z", "Z:6.4", "Z:6.4"));
        assert!(same_provision("Z", "Z:6.4", "6.4"));
        assert!(same_provision("F", "F2.1", "F2.1"));
        assert!(!same_provision("F", "F2.1", "Z:2.1"));
    }
}
