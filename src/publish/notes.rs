//! Amendment notes and provision histories, from the history's effects and each version's
//! text; and each release's redline, rebuilt from the two versions it lies between.

use super::text::Mark;
use super::{DocVersion, note_date};
use crate::annex::{self, Attribution};
use crate::corpus::{Corpus, qualified};
use crate::diagnostics::Diagnostics;
use crate::redline::{Block, Change, Run, redline};
use crate::release::{Effect, History};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One amendment note: *F1 Words substituted by MP209 "Lifetime CPA Certificates" (SEC
/// Release 2022-08-adhoc, in force 1.8.2022).*
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Note {
    /// Its number on the page, in reading order: `F1`.
    pub number: String,
    /// `Words substituted`
    pub effect: String,
    pub modification: String,
    pub title: String,
    pub release: String,
    pub in_force: String,
    /// The release's redline of the provision, from the site's root.
    pub href: String,
    /// The provision before and after this change, side by side (from the site's root).
    pub compare: String,
    /// Why the marker stands on the provision rather than around words, if it does.
    pub whole: String,
}

/// A version in which a provision read differently from the version before, or the version
/// it first appears in.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProvisionChange {
    pub version: String,
    /// The first day its text read so (D.M.YYYY); empty for the base version.
    pub from: String,
    /// The last day its text read so, if a later version changed it.
    pub until: String,
    pub release: String,
    /// The release's redline of the provision (from the site's root); empty for the original.
    pub redline: String,
    /// The provision in that version (from the site's root).
    pub page: String,
    /// Not in that version (deleted with nothing left).
    pub gone: bool,
    /// The text it first had: in the base version ("original text"), or where inserted.
    pub original: bool,
    /// This text against the one before (from the site's root); empty for the original.
    pub compare: String,
    /// The modifications that changed it in that version.
    pub modifications: Vec<String>,
}

/// What a provision (or Part heading) shows on a page of one version.
#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct Annotated {
    /// The provision's HTML with its notes' markers, if it has notes.
    pub html: Option<String>,
    pub notes: Vec<Note>,
    /// Every version in which its text changed, from the original on (empty if it never did).
    pub timeline: Vec<ProvisionChange>,
    /// On a page of an earlier version: the later versions that changed it.
    pub later: Vec<ProvisionChange>,
    /// The provision as it reads now (from the site's root), on an earlier version's page.
    pub now: String,
    /// Its compare page (from the site's root), if two versions read differently.
    pub compare: String,
}

/// What every provision went through, across all versions.
pub(crate) struct Log<'h> {
    history: &'h History,
    known: &'h BTreeMap<String, Attribution>,
    corpora: &'h [Corpus],
    doc_versions: &'h [DocVersion],
    /// Per version of the Code: document id → the document version then in force.
    in_force: Vec<HashMap<&'h str, usize>>,
    /// Per document version: reference → its unit.
    units: Vec<HashMap<String, usize>>,
    /// Reference → (version index, effect), oldest first.
    effects: HashMap<String, Vec<(usize, &'h Effect)>>,
    /// Reference → document id (for the page of a version).
    documents: HashMap<String, String>,
    /// Reference → the versions in which its text differs from the version before, oldest
    /// first (found once, comparing only the documents each version changed).
    changed_in: HashMap<String, Vec<usize>>,
}

/// Where the words of a note stand in a provision's reading stream (`text::stream`).
type Span = (usize, usize);

impl<'h> Log<'h> {
    pub(crate) fn new(
        history: &'h History,
        corpora: &'h [Corpus],
        doc_versions: &'h [DocVersion],
        in_force: &[Vec<usize>],
        known: &'h BTreeMap<String, Attribution>,
    ) -> Log<'h> {
        let mut documents = HashMap::new();
        let units: Vec<HashMap<String, usize>> = doc_versions
            .iter()
            .map(|dv| {
                let d = &corpora[dv.start].documents[dv.position];
                let mut m = HashMap::new();
                for (i, u) in d.units.iter().enumerate() {
                    if let Some(n) = u.number() {
                        let r = qualified(&d.meta, n);
                        if !documents.contains_key(&r) {
                            documents.insert(r.clone(), d.meta.id.clone());
                        }
                        m.insert(r, i);
                    }
                }
                m
            })
            .collect();
        let in_force: Vec<HashMap<&str, usize>> = in_force
            .iter()
            .map(|row| row.iter().map(|&n| (doc_versions[n].id.as_str(), n)).collect())
            .collect();
        let mut effects: HashMap<String, Vec<(usize, &Effect)>> = HashMap::new();
        for (k, v) in history.versions.iter().enumerate() {
            for e in &v.effects {
                effects.entry(e.provision.to_string()).or_default().push((k, e));
            }
        }
        let text = |n: usize, i: usize| {
            let dv = &doc_versions[n];
            corpora[dv.start].documents[dv.position].unit_text(i)
        };
        let mut changed_in: HashMap<String, Vec<usize>> = HashMap::new();
        for k in 1..in_force.len() {
            let (before, now) = (&in_force[k - 1], &in_force[k]);
            let mut changed: Vec<&String> = Vec::new();
            for (id, &n) in now {
                match before.get(id) {
                    Some(&m) if m == n => {}
                    Some(&m) => {
                        changed.extend(
                            units[n]
                                .iter()
                                .filter(|&(r, &i)| units[m].get(r).map(|&j| text(m, j)) != Some(text(n, i)))
                                .map(|(r, _)| r),
                        );
                        changed.extend(units[m].keys().filter(|r| !units[n].contains_key(*r)));
                    }
                    None => changed.extend(units[n].keys()),
                }
            }
            for (id, &m) in before {
                if !now.contains_key(id) {
                    changed.extend(units[m].keys());
                }
            }
            for r in changed {
                changed_in.entry(r.clone()).or_default().push(k);
            }
        }
        Log {
            history,
            known,
            corpora,
            doc_versions,
            in_force,
            units,
            effects,
            documents,
            changed_in,
        }
    }

    /// The text of a provision (or Part heading) in version `k`, if it has one.
    fn text(&self, reference: &str, k: usize) -> Option<&'h str> {
        let doc = self.documents.get(reference)?;
        let &n = self.in_force[k].get(doc.as_str())?;
        let &i = self.units[n].get(reference)?;
        let dv = &self.doc_versions[n];
        Some(self.corpora[dv.start].documents[dv.position].unit_text(i))
    }

    /// The provision's page in version `k`, from the site's root.
    pub(crate) fn page_of(&self, reference: &str, k: usize) -> String {
        let doc = self.documents.get(reference).map(String::as_str).unwrap_or("");
        format!(
            "{}{}#{reference}",
            super::version_folder(&self.history.versions[k].id),
            super::page_name(doc)
        )
    }

    /// The compare view of a provision between the texts of versions `a` and `b`.
    fn compare_href(&self, reference: &str, a: usize, b: usize) -> String {
        let group = |k: usize| self.group_of(reference, k);
        match (group(a), group(b)) {
            (Some(x), Some(y)) if x != y => format!(
                "{}#{}-{}",
                compare_page(reference),
                self.history.versions[x].id,
                self.history.versions[y].id
            ),
            _ => String::new(),
        }
    }

    /// The first version whose text of the provision is the one version `k` has.
    fn group_of(&self, reference: &str, k: usize) -> Option<usize> {
        let text = self.text(reference, k)?;
        (0..=k).find(|&j| self.text(reference, j) == Some(text))
    }

    /// A provision (or Part) as it reads in version `k`, with its notes numbered from
    /// `*numbered + 1` in reading order; `source` is its text and `render` renders it with
    /// marks.
    pub(crate) fn annotate(
        &self,
        reference: &str,
        k: usize,
        numbered: &mut usize,
        render: impl FnOnce(&[Mark]) -> String,
    ) -> Annotated {
        let mut out = Annotated {
            timeline: self.timeline(reference),
            ..Default::default()
        };
        if out.timeline.iter().any(|c| !c.compare.is_empty()) {
            out.compare = compare_page(reference);
        }
        let last = self.history.versions.len() - 1;
        if k < last {
            out.later = out
                .timeline
                .iter()
                .filter(|c| !c.original)
                .filter(|c| self.index_of(&c.version) > k)
                .cloned()
                .collect();
            if !out.later.is_empty() && self.text(reference, last).is_some() {
                let doc = self.documents.get(reference).map(String::as_str).unwrap_or("");
                out.now = format!("{}#{reference}", super::page_name(doc));
            }
        }
        let Some(list) = self.effects.get(reference) else {
            return out;
        };
        let list: Vec<(usize, &Effect)> = list.iter().filter(|(v, _)| *v <= k).copied().collect();
        if list.is_empty() {
            return out;
        }
        let stream = self.text(reference, k).map(super::text::stream);
        // Each note's spans in version k's text (empty: the marker stands on the provision).
        let mut spans: Vec<(Vec<Span>, String)> = Vec::new();
        // The effect as the history names it, or as the reader sees it where the words are
        // known: a `replace` that only adds words inserted them.
        let mut effects: Vec<String> = list.iter().map(|(_, e)| e.effect.to_string()).collect();
        for (v, e) in &list {
            let others: Vec<&str> = list
                .iter()
                .filter(|(w, x)| w == v && x.modification != e.modification)
                .map(|(_, x)| x.modification.as_str())
                .collect();
            if !others.is_empty() {
                let mut all = vec![e.modification.as_str()];
                all.extend(&others);
                all.sort();
                all.dedup();
                spans.push((
                    Vec::new(),
                    format!(
                        "SEC Release {} changed this provision by {}; the history does not record which words each changed, so the marker stands on the provision.",
                        e.release,
                        all.join(" and ")
                    ),
                ));
                continue;
            }
            match (&stream, self.words_of(reference, *v, k)) {
                (Some(_), Some((found, seen))) if !found.is_empty() => {
                    if let Some(seen) = seen {
                        effects[spans.len()] = seen.to_string();
                    }
                    spans.push((found, String::new()))
                }
                (Some(_), Some(_)) => spans.push((Vec::new(), String::new())),
                (Some(_), None) => spans.push((
                    Vec::new(),
                    "The words it changed have been changed again since (see the later notes), so the marker stands on the provision.".to_string(),
                )),
                (None, _) => spans.push((Vec::new(), String::new())),
            }
        }
        // One place per stretch of words: where two notes' words overlap, the later note's
        // words are the ones now there.
        let mut taken: Vec<(Span, usize)> = Vec::new();
        for (n, (found, _)) in spans.iter().enumerate().rev() {
            for &(a, b) in found {
                let clash = taken.iter().any(|&((x, y), _)| {
                    if a == b {
                        x < a && a < y
                    } else if x == y {
                        a < x && x < b
                    } else {
                        a < y && x < b
                    }
                });
                if !clash {
                    taken.push(((a, b), n));
                }
            }
        }
        // A note left without words has its marker at the provision's start.
        for n in 0..spans.len() {
            if !taken.iter().any(|&(_, m)| m == n) {
                taken.push(((0, 0), n));
            }
        }
        // Points before words at the same place; then in the history's order.
        taken.sort_by_key(|&((a, b), n)| (a, b != a, b, n));
        let mut order: Vec<usize> = Vec::new();
        for &(_, n) in &taken {
            if !order.contains(&n) {
                order.push(n);
            }
        }
        let number_of = |n: usize| {
            let at = order.iter().position(|&m| m == n).unwrap_or(0);
            format!("F{}", *numbered + at + 1)
        };
        let mut seen = Vec::new();
        let marks: Vec<Mark> = taken
            .iter()
            .map(|&((start, end), n)| {
                let first = !seen.contains(&n);
                seen.push(n);
                Mark {
                    start,
                    end,
                    note: number_of(n),
                    first,
                }
            })
            .collect();
        let mut notes: Vec<Note> = order
            .iter()
            .map(|&n| {
                let (v, e) = list[n];
                let mut effect = effects[n].clone();
                if let Some(first) = effect.get(..1) {
                    effect = format!("{}{}", first.to_uppercase(), &effect[1..]);
                }
                Note {
                    number: number_of(n),
                    effect,
                    modification: e.modification.clone(),
                    title: self
                        .known
                        .get(&e.modification)
                        .map(|a| a.title.clone())
                        .unwrap_or_default(),
                    release: e.release.clone(),
                    in_force: note_date(&e.in_force),
                    href: format!("releases/{}/annex.html#{}", e.release, annex::anchor(reference)),
                    compare: if v > 0 {
                        self.compare_href(reference, v - 1, v)
                    } else {
                        String::new()
                    },
                    whole: spans[n].1.clone(),
                }
            })
            .collect();
        *numbered += notes.len();
        out.html = Some(render(&marks));
        out.notes = std::mem::take(&mut notes);
        out
    }

    fn index_of(&self, id: &str) -> usize {
        self.history.versions.iter().position(|v| v.id == id).unwrap_or(0)
    }

    /// The words version `v` changed in the provision, as spans of its text in version `k`
    /// (`v <= k`): empty if it changed no words that can be shown, `None` if every one of
    /// them was changed again by a later version.
    /// With them, the effect the words show, where that is words inserted or omitted.
    fn words_of(&self, reference: &str, v: usize, k: usize) -> Option<(Vec<Span>, Option<&'static str>)> {
        if v == 0 {
            return Some((Vec::new(), None));
        }
        let (before, after) = (self.text(reference, v - 1), self.text(reference, v)?);
        let diff = redline(before, Some(after));
        let mut spans = changed_spans(&diff, &super::text::stream(after))?;
        let seen = match (before, diff.inserted_words > 0, diff.deleted_words > 0) {
            (Some(_), true, false) => Some("words inserted"),
            (Some(_), false, true) => Some("words omitted"),
            _ => None,
        };
        if spans.is_empty() {
            return Some((spans, seen));
        }
        let later = self.changed_in.get(reference).map(Vec::as_slice).unwrap_or_default();
        for &j in later.iter().filter(|&&j| j > v && j <= k) {
            let map = equal_stretches(
                &redline(self.text(reference, j - 1), self.text(reference, j)),
                self.text(reference, j - 1).map(super::text::stream).as_deref(),
                self.text(reference, j).map(super::text::stream).as_deref(),
            )?;
            spans = spans.into_iter().filter_map(|s| map_span(&map, s)).collect();
            if spans.is_empty() {
                return None;
            }
        }
        Some((spans, seen))
    }

    /// Each version in which the provision read differently from the version before, after
    /// the version it first appears in (the original text); empty if it never changed.
    pub(crate) fn timeline(&self, reference: &str) -> Vec<ProvisionChange> {
        let Some(changed) = self.changed_in.get(reference) else {
            return Vec::new();
        };
        let versions = &self.history.versions;
        let date = |k: usize| versions[k].date.map(|d| d.short()).unwrap_or_default();
        let mut starts: Vec<usize> = Vec::new();
        if self.text(reference, 0).is_some() {
            starts.push(0);
        }
        starts.extend(changed);
        let mut out = Vec::new();
        for (n, &k) in starts.iter().enumerate() {
            let until = starts
                .get(n + 1)
                .and_then(|&next| versions[next].date)
                .map(|d| d.day_before().short())
                .unwrap_or_default();
            let v = &versions[k];
            let release = v.release.clone().unwrap_or_default();
            let original = n == 0 && (k == 0 || self.text(reference, k - 1).is_none());
            let gone = self.text(reference, k).is_none();
            let mut modifications: Vec<String> = self
                .effects
                .get(reference)
                .map(|l| {
                    l.iter()
                        .filter(|(w, _)| *w == k)
                        .map(|(_, e)| e.modification.clone())
                        .collect()
                })
                .unwrap_or_default();
            modifications.dedup();
            out.push(ProvisionChange {
                version: v.id.clone(),
                from: date(k),
                until,
                redline: if k == 0 {
                    String::new()
                } else {
                    format!("releases/{release}/annex.html#{}", annex::anchor(reference))
                },
                release,
                page: if gone {
                    String::new()
                } else {
                    self.page_of(reference, k)
                },
                gone,
                original,
                compare: if k > 0 && !original {
                    self.compare_href(reference, k - 1, k)
                } else {
                    String::new()
                },
                modifications,
            });
        }
        out
    }

    /// Every provision whose text differs between two versions, with its compare page.
    pub(crate) fn compared(&self) -> Vec<Compared<'_>> {
        let mut refs: Vec<&String> = self.changed_in.keys().collect();
        refs.sort();
        refs.into_iter()
            .filter_map(|r| {
                // The distinct texts, each with the versions that read so.
                let mut texts: Vec<(&str, Vec<usize>)> = Vec::new();
                for k in 0..self.history.versions.len() {
                    let Some(t) = self.text(r, k) else { continue };
                    match texts.iter_mut().find(|(x, _)| *x == t) {
                        Some((_, vs)) => vs.push(k),
                        None => texts.push((t, vec![k])),
                    }
                }
                (texts.len() > 1).then(|| Compared {
                    reference: r.as_str(),
                    page: compare_page(r),
                    texts,
                })
            })
            .collect()
    }

    pub(crate) fn versions(&self) -> &[crate::release::Version] {
        &self.history.versions
    }
}

/// A provision that reads differently in two versions: its distinct texts, oldest first.
pub(crate) struct Compared<'l> {
    pub reference: &'l str,
    /// `compare/p-f-2-4.html`
    pub page: String,
    /// Each distinct text and the versions (indices) that read so.
    pub texts: Vec<(&'l str, Vec<usize>)>,
}

/// The compare page of a provision, from the site's root: `compare/p-z-6-2.html`.
pub(crate) fn compare_page(reference: &str) -> String {
    format!("compare/{}.html", annex::anchor(reference))
}

/// The changed stretches of a redline's amended side, as spans of its reading stream (a
/// deletion is an empty span where its words were); `None` if the redline's amended words
/// are not the stream (then no words can be marked).
fn changed_spans(redline: &crate::redline::Redline, stream: &str) -> Option<Vec<Span>> {
    let mut spans = Vec::new();
    let mut text = String::new();
    let mut block = |runs: &[Run], text: &mut String| {
        let mut open: Option<(usize, String)> = None;
        let mut close = |open: &mut Option<(usize, String)>, at: usize| {
            if let Some((start, inserted)) = open.take() {
                let lead = inserted.len() - inserted.trim_start().len();
                let trail = inserted.len() - inserted.trim_end().len();
                if inserted.trim().is_empty() {
                    spans.push((start + lead.min(at - start), start + lead.min(at - start)));
                } else {
                    spans.push((start + lead, at - trail));
                }
            }
        };
        for r in runs {
            match r.change {
                Change::Equal => {
                    close(&mut open, text.len());
                    text.push_str(&r.text);
                }
                Change::Ins => {
                    open.get_or_insert_with(|| (text.len(), String::new()))
                        .1
                        .push_str(&r.text);
                    text.push_str(&r.text);
                }
                Change::Del => {
                    open.get_or_insert_with(|| (text.len(), String::new()));
                }
            }
        }
        close(&mut open, text.len());
    };
    for b in &redline.blocks {
        match b {
            Block::Para(p) => block(&p.runs, &mut text),
            Block::Table(t) => t
                .rows
                .iter()
                .filter(|r| r.change != Change::Del)
                .flat_map(|r| r.cells.iter())
                .for_each(|c| block(c, &mut text)),
        }
    }
    (text == stream).then_some(spans)
}

/// The stretches a redline keeps: (start in the base's stream, start in the amended's,
/// length); `None` if the redline's words are not the two streams.
fn equal_stretches(
    redline: &crate::redline::Redline,
    old: Option<&str>,
    new: Option<&str>,
) -> Option<Vec<(usize, usize, usize)>> {
    let (mut o, mut n) = (String::new(), String::new());
    let mut out = Vec::new();
    let mut runs = |rs: &[Run], deleted_row: bool, inserted_row: bool| {
        for r in rs {
            match r.change {
                Change::Equal if !deleted_row && !inserted_row => {
                    out.push((o.len(), n.len(), r.text.len()));
                    o.push_str(&r.text);
                    n.push_str(&r.text);
                }
                Change::Del | Change::Equal if deleted_row => o.push_str(&r.text),
                Change::Ins | Change::Equal if inserted_row => n.push_str(&r.text),
                Change::Del => o.push_str(&r.text),
                _ => n.push_str(&r.text),
            }
        }
    };
    for b in &redline.blocks {
        match b {
            Block::Para(p) => runs(&p.runs, false, false),
            Block::Table(t) => {
                for row in &t.rows {
                    for c in &row.cells {
                        runs(c, row.change == Change::Del, row.change == Change::Ins);
                    }
                }
            }
        }
    }
    (Some(o.as_str()) == old.or(Some("")) && Some(n.as_str()) == new.or(Some(""))).then_some(out)
}

/// A span of the base's stream in the amended's, through the stretches kept: `None` if none
/// of its words (or, for an empty span, the place) was kept.
fn map_span(map: &[(usize, usize, usize)], (a, b): Span) -> Option<Span> {
    if a == b {
        return map
            .iter()
            .find(|&&(o, _, len)| o <= a && a <= o + len)
            .map(|&(o, n, _)| (n + a - o, n + a - o));
    }
    let mut found: Option<Span> = None;
    for &(o, n, len) in map {
        let (x, y) = (a.max(o), b.min(o + len));
        if x < y {
            let (s, e) = (n + x - o, n + y - o);
            found = Some(found.map_or((s, e), |(fs, fe)| (fs.min(s), fe.max(e))));
        }
    }
    found
}

/// The redline of the release that made version `k`: version `k - 1` against version `k`, each
/// change labelled with the modification the history's effects give for its provision.
pub(crate) fn release_annex(
    history: &History,
    corpora: &[Corpus],
    k: usize,
    known: &BTreeMap<String, Attribution>,
) -> Result<String, Diagnostics> {
    let (old, new) = (&corpora[k - 1], &corpora[k]);
    let v = &history.versions[k];
    let previous = &history.versions[k - 1];
    let pairs = crate::release::changed_documents(old, new);
    let modifications: Vec<Attribution> = v
        .modifications
        .iter()
        .map(|m| {
            known.get(m).cloned().unwrap_or_else(|| Attribution {
                id: m.clone(),
                ..Attribution::default()
            })
        })
        .collect();
    let cover = annex::ReleaseCover {
        release: v.release.as_deref().unwrap_or_default(),
        title: v.title.as_deref().unwrap_or_default(),
        version: &v.id,
        previous: &previous.id,
        in_force: v.date,
        modifications: &modifications,
    };
    let built = annex::release_redline(
        &cover,
        &pairs,
        annex::Notes {
            attribution: Some(&ByProvision::of(&v.effects)),
            ..annex::Notes::default()
        },
    );
    let template = crate::render::html::template(None)?;
    crate::render::html::render(&built, &template)
}

/// Who made the changes of a release's redline on the website, from the history's effects:
/// a provision one modification changed is all that modification's; where several changed
/// it, the history does not say which word is whose, so those words stay unlabelled and
/// its summary row names every modification that changed it.
struct ByProvision<'e> {
    /// Provision → the modifications that changed it, in the effects' order (one pass, not
    /// one per item: a release can change every provision).
    by: HashMap<&'e crate::corpus::UnitRef, Vec<&'e str>>,
}

impl<'e> ByProvision<'e> {
    fn of(effects: &'e [crate::release::Effect]) -> ByProvision<'e> {
        let mut by: HashMap<&crate::corpus::UnitRef, Vec<&str>> = HashMap::new();
        for e in effects {
            let of = by.entry(&e.provision).or_default();
            if of.last() != Some(&e.modification.as_str()) {
                of.push(&e.modification);
            }
        }
        ByProvision { by }
    }
}

impl annex::Attributor for ByProvision<'_> {
    fn attribute(&self, unit: &crate::corpus::UnitRef, redline: &mut crate::redline::Redline) {
        if let Some([only]) = self.by.get(unit).map(Vec::as_slice) {
            annex::attribute_all(redline, only);
        }
    }

    fn changed_by(&self, unit: &crate::corpus::UnitRef) -> Vec<String> {
        self.by
            .get(unit)
            .map(|ids| ids.iter().map(|id| id.to_string()).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::{changed_spans, equal_stretches, map_span};
    use crate::publish::text::stream;
    use crate::redline::redline;

    /// The words of `text` each span covers (an empty span: the place, as `|`).
    fn words(text: &str, spans: &[(usize, usize)]) -> Vec<String> {
        let s = stream(text);
        spans
            .iter()
            .map(|&(a, b)| {
                if a == b {
                    format!("|{}", &s[a..])
                } else {
                    s[a..b].to_string()
                }
            })
            .collect()
    }

    #[test]
    fn a_change_is_found_as_the_words_now_there_or_the_place_words_left() {
        let old = "**F1.1** The Panel may from time to time publish the expiry date.\n";
        let new = "**F1.1** The Panel may publish the expiry or renewal date.\n";
        let spans = changed_spans(&redline(Some(old), Some(new)), &stream(new)).unwrap();
        assert_eq!(
            words(new, &spans),
            ["| publish the expiry or renewal date.", "or renewal"]
        );
        // A new sub-paragraph: its words, in its own paragraph.
        let old = "**F1.2** The DCC shall:\n\n- (a) keep the list.\n";
        let new = "**F1.2** The DCC shall:\n\n- (a) keep the list; and\n- (b) publish it.\n";
        let spans = changed_spans(&redline(Some(old), Some(new)), &stream(new)).unwrap();
        assert_eq!(words(new, &spans), ["; and", "publish it."]);
    }

    #[test]
    fn words_follow_a_later_change_and_are_lost_when_it_replaces_them() {
        let v1 = "**F1.1** Send a notice within twenty Working Days.\n";
        let v2 = "**F1.1** Each Supplier shall send a notice within twenty Working Days.\n";
        let at = stream(v1).find("twenty").unwrap();
        let spans = vec![(at, at + "twenty Working Days".len())];
        assert_eq!(words(v1, &spans), ["twenty Working Days"]);
        let map = equal_stretches(&redline(Some(v1), Some(v2)), Some(&stream(v1)), Some(&stream(v2))).unwrap();
        let moved: Vec<_> = spans.iter().filter_map(|&s| map_span(&map, s)).collect();
        assert_eq!(words(v2, &moved), ["twenty Working Days"]);
        let v3 = "**F1.1** Each Supplier shall send a notice at once.\n";
        let map = equal_stretches(&redline(Some(v2), Some(v3)), Some(&stream(v2)), Some(&stream(v3))).unwrap();
        assert_eq!(moved.iter().filter_map(|&s| map_span(&map, s)).count(), 0);
    }
}
