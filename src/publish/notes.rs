//! Amendment notes and provision histories, from the history's effects and each version's
//! text; and each release's redline, rebuilt from the two versions it lies between.

use super::note_date;
use crate::annex::{self, Attribution, Item};
use crate::corpus::{Corpus, qualified};
use crate::diagnostics::Diagnostics;
use crate::redline::{Block, Change, Run};
use crate::release::{Effect, History};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One amendment note: *Words substituted by MP209 "Lifetime CPA Certificates" (SEC Release
/// 2022-08-adhoc, in force 1.8.2022).*
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    /// `Words substituted`
    pub effect: String,
    pub modification: String,
    pub title: String,
    pub release: String,
    pub in_force: String,
    /// The release's redline of the provision, from the site's root.
    pub href: String,
}

/// A version in which a provision read differently from the version before.
#[derive(Debug, Clone, Serialize)]
pub struct ProvisionChange {
    pub version: String,
    pub from: String,
    pub release: String,
    /// The release's redline of the provision (from the site's root); empty for the base.
    pub redline: String,
    /// The provision in that version (from the site's root).
    pub page: String,
    /// Not in that version (deleted with nothing left).
    pub gone: bool,
}

/// What every provision went through, across all versions.
pub struct Log<'h> {
    history: &'h History,
    titles: &'h BTreeMap<String, String>,
    /// Per version: reference → the unit's text (borrowed: the versions share their texts).
    texts: Vec<HashMap<String, &'h str>>,
    /// Reference → (version index, effect), oldest first.
    effects: HashMap<String, Vec<(usize, &'h Effect)>>,
    /// Reference → document id (for the page of a version).
    documents: HashMap<String, String>,
}

impl<'h> Log<'h> {
    pub fn new(history: &'h History, corpora: &'h [Corpus], titles: &'h BTreeMap<String, String>) -> Log<'h> {
        let mut documents = HashMap::new();
        let texts = corpora
            .iter()
            .map(|c| {
                let mut m = HashMap::new();
                for d in &c.documents {
                    for (i, u) in d.units.iter().enumerate() {
                        if let Some(n) = u.number() {
                            let r = qualified(&d.meta, n);
                            documents.entry(r.clone()).or_insert_with(|| d.meta.id.clone());
                            m.insert(r, d.unit_text(i));
                        }
                    }
                }
                m
            })
            .collect();
        let mut effects: HashMap<String, Vec<(usize, &Effect)>> = HashMap::new();
        for (k, v) in history.versions.iter().enumerate() {
            for e in &v.effects {
                effects.entry(e.provision.clone()).or_default().push((k, e));
            }
        }
        Log {
            history,
            titles,
            texts,
            effects,
            documents,
        }
    }

    /// The amendment notes of a provision (or Part) as it reads in version `k`: each change
    /// a modification made to it up to that version.
    pub fn notes(&self, reference: &str, k: usize) -> Vec<Note> {
        let Some(list) = self.effects.get(reference) else {
            return Vec::new();
        };
        list.iter()
            .filter(|(v, _)| *v <= k)
            .map(|(_, e)| {
                let mut effect = e.effect.to_string();
                if let Some(first) = effect.get(..1) {
                    effect = format!("{}{}", first.to_uppercase(), &effect[1..]);
                }
                Note {
                    effect,
                    modification: e.modification.clone(),
                    title: self.titles.get(&e.modification).cloned().unwrap_or_default(),
                    release: e.release.clone(),
                    in_force: note_date(&e.in_force),
                    href: format!("releases/{}/annex.html#{}", e.release, annex::anchor(reference)),
                }
            })
            .collect()
    }

    /// Each version in which the provision read differently from the version before.
    pub fn changes(&self, reference: &str) -> Vec<ProvisionChange> {
        let mut out = Vec::new();
        let page = |k: usize| {
            let doc = self.documents.get(reference).map(String::as_str).unwrap_or("");
            format!(
                "{}{}#{reference}",
                super::version_folder(&self.history.versions[k].id),
                super::page_name(doc)
            )
        };
        for k in 1..self.texts.len() {
            let (before, now) = (self.texts[k - 1].get(reference), self.texts[k].get(reference));
            if before == now {
                continue;
            }
            let v = &self.history.versions[k];
            let release = v.release.clone().unwrap_or_default();
            out.push(ProvisionChange {
                version: v.id.clone(),
                from: v.date.map(|d| d.short()).unwrap_or_default(),
                redline: format!("releases/{release}/annex.html#{}", annex::anchor(reference)),
                release,
                page: page(k),
                gone: now.is_none(),
            });
        }
        out
    }
}

/// The redline of the release that made version `k`: version `k - 1` against version `k`, each
/// change labelled with the modification the history's effects give for its provision.
pub fn release_annex(
    history: &History,
    corpora: &[Corpus],
    k: usize,
    titles: &BTreeMap<String, String>,
) -> Result<String, Diagnostics> {
    let (old, new) = (&corpora[k - 1], &corpora[k]);
    let v = &history.versions[k];
    let previous = &history.versions[k - 1];
    let pairs = crate::release::changed_documents(old, new);
    let modifications: Vec<Attribution> = v
        .modifications
        .iter()
        .map(|m| Attribution {
            id: m.clone(),
            title: titles.get(m).cloned().unwrap_or_default(),
        })
        .collect();
    let cover = annex::ReleaseCover {
        release: v.release.as_deref().unwrap_or_default(),
        title: v.title.as_deref().unwrap_or_default(),
        version: &v.id,
        previous: &previous.id,
        in_force: v.date,
        modifications: &modifications,
        author: v.modifications.join(", "),
    };
    let mut built = annex::release_redline(&cover, &pairs);
    // A provision one modification changed is all that modification's; where several
    // changed it, the history does not say which word is whose, so those stay unlabelled.
    // Provision → the modifications that changed it, in the effects' order (one pass, not
    // one per item: a release can change every provision).
    let mut by_provision: HashMap<&str, Vec<&str>> = HashMap::new();
    for e in &v.effects {
        let by = by_provision.entry(e.provision.as_str()).or_default();
        if by.last() != Some(&e.modification.as_str()) {
            by.push(&e.modification);
        }
    }
    for doc in &mut built.documents {
        for item in &mut doc.items {
            let (Item::Provision { address, redline, .. } | Item::Heading { address, redline, .. }) = item else {
                continue;
            };
            let by = by_provision
                .get(address.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            if let [only] = by {
                for b in &mut redline.blocks {
                    let label = |runs: &mut Vec<Run>| {
                        for r in runs.iter_mut().filter(|r| r.change != Change::Equal) {
                            r.by = Some(only.to_string());
                        }
                    };
                    match b {
                        Block::Para(p) => label(&mut p.runs),
                        Block::Table(t) => t.rows.iter_mut().flat_map(|r| r.cells.iter_mut()).for_each(label),
                    }
                }
            }
        }
    }
    let template = crate::render::html::template(None)?;
    crate::render::html::render(&built, &template)
}
