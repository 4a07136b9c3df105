//! Which modification made each change of a release's redline.
//!
//! The redline compares the current version with the new one in one go. A unit that one
//! modification changed has all its changes attributed to it. Where several changed the
//! same unit (the later naming the earlier in `after:`), each word is followed through the
//! redline of each modification's own step: an inserted word belongs to the step that
//! inserted it, a deleted word to the step that deleted it. Words are followed by their
//! visible characters (spaces aside), which every redline of the same text agrees on.

use crate::annex::{Attributor, attribute_all};
use crate::corpus::{Corpus, UnitRef};
use crate::redline::{Block, Change, Redline, Run, redline};
use std::collections::HashMap;

/// Who made each change of a release's redline, from the text after each of its
/// modifications: `stages[0]` is the text before the release; `stages[i]` (named by its
/// modification) the text after the i-th modification.
pub(crate) struct Stages<'a> {
    names: Vec<&'a str>,
    /// Each stage's units by their identity (what the annex's items carry).
    maps: Vec<HashMap<UnitRef, &'a str>>,
}

impl<'a> Stages<'a> {
    pub(crate) fn new(stages: &'a [(String, Corpus)]) -> Stages<'a> {
        Stages {
            names: stages.iter().map(|(n, _)| n.as_str()).collect(),
            maps: stages.iter().map(|(_, c)| units_by_identity(c)).collect(),
        }
    }
}

impl Attributor for Stages<'_> {
    /// Sets `by` on every inserted or deleted run of the unit's redline.
    fn attribute(&self, unit: &UnitRef, redline: &mut Redline) {
        // The unit's text at each stage, and the modifications that changed it.
        let texts: Vec<Option<&str>> = self.maps.iter().map(|m| m.get(unit).copied()).collect();
        let mut steps: Vec<(&str, Option<&str>, Option<&str>)> = Vec::new();
        for i in 1..texts.len() {
            if texts[i] != texts[i - 1] {
                steps.push((self.names[i], texts[i - 1], texts[i]));
            }
        }
        match steps.as_slice() {
            [] => {}
            [(only, ..)] => attribute_all(redline, only),
            several => follow(redline, several),
        }
    }
}

/// Each unit's text by its identity (what the annex's items carry).
fn units_by_identity(corpus: &Corpus) -> HashMap<UnitRef, &str> {
    let mut out = HashMap::new();
    for d in &corpus.documents {
        for (i, u) in d.units.iter().enumerate() {
            out.entry(UnitRef::of(&d.meta, &u.kind, u.part.as_deref()))
                .or_insert(d.unit_text(i));
        }
    }
    out
}

/// Every list of runs of a redline, in reading order (paragraphs, then table cells).
fn for_each_run(redline: &mut Redline, mut f: impl FnMut(&mut Vec<Run>)) {
    for b in &mut redline.blocks {
        match b {
            Block::Para(p) => f(&mut p.runs),
            Block::Table(t) => {
                for row in &mut t.rows {
                    for cell in &mut row.cells {
                        f(cell);
                    }
                }
            }
        }
    }
}

/// One step's redline seen as visible characters: which of the old side it deleted, which
/// of the new side it inserted, and where each kept character went.
struct Alignment {
    deleted: Vec<bool>,
    inserted: Vec<bool>,
    old_to_new: Vec<Option<usize>>,
    new_to_old: Vec<Option<usize>>,
}

fn align(mut r: Redline) -> Alignment {
    let mut a = Alignment {
        deleted: Vec::new(),
        inserted: Vec::new(),
        old_to_new: Vec::new(),
        new_to_old: Vec::new(),
    };
    for_each_run(&mut r, |runs| {
        for run in runs.iter() {
            for _ in run.text.chars().filter(|c| !c.is_whitespace()) {
                match run.change {
                    Change::Equal => {
                        a.old_to_new.push(Some(a.inserted.len()));
                        a.new_to_old.push(Some(a.deleted.len()));
                        a.deleted.push(false);
                        a.inserted.push(false);
                    }
                    Change::Del => {
                        a.old_to_new.push(None);
                        a.deleted.push(true);
                    }
                    Change::Ins => {
                        a.new_to_old.push(None);
                        a.inserted.push(true);
                    }
                }
            }
        }
    });
    a
}

/// Attributes each changed character of `redline` by following it through `steps`.
fn follow(redline: &mut Redline, steps: &[(&str, Option<&str>, Option<&str>)]) {
    let alignments: Vec<Alignment> = steps.iter().map(|(_, a, b)| align(redline_of(*a, *b))).collect();
    let names: Vec<&str> = steps.iter().map(|(m, ..)| *m).collect();
    // Who inserted new-side character n of the last step; who deleted old-side character o of the first.
    let inserted_by = |mut n: usize| -> Option<usize> {
        for (i, a) in alignments.iter().enumerate().rev() {
            if *a.inserted.get(n)? {
                return Some(i);
            }
            n = (*a.new_to_old.get(n)?)?;
        }
        None
    };
    let deleted_by = |mut o: usize| -> Option<usize> {
        for (i, a) in alignments.iter().enumerate() {
            if *a.deleted.get(o)? {
                return Some(i);
            }
            o = (*a.old_to_new.get(o)?)?;
        }
        None
    };
    // A character the steps cannot place (their redlines disagree) goes to the last step.
    let fallback = names.len() - 1;
    let (mut old, mut new) = (0usize, 0usize);
    for_each_run(redline, |runs| {
        let mut out: Vec<Run> = Vec::with_capacity(runs.len());
        for run in runs.drain(..) {
            if run.change == Change::Equal {
                let n = run.text.chars().filter(|c| !c.is_whitespace()).count();
                old += n;
                new += n;
                out.push(run);
                continue;
            }
            // Each visible character's step; spaces go with the character before them.
            let mut pieces: Vec<(usize, String)> = Vec::new();
            let mut pending = String::new();
            for c in run.text.chars() {
                if c.is_whitespace() {
                    match pieces.last_mut() {
                        Some((_, t)) => t.push(c),
                        None => pending.push(c),
                    }
                    continue;
                }
                let step = if run.change == Change::Ins {
                    new += 1;
                    inserted_by(new - 1)
                } else {
                    old += 1;
                    deleted_by(old - 1)
                }
                .unwrap_or(fallback);
                match pieces.last_mut() {
                    Some((s, t)) if *s == step => t.push(c),
                    _ => pieces.push((step, std::mem::take(&mut pending) + &c.to_string())),
                }
            }
            if pieces.is_empty() {
                pieces.push((fallback, pending));
            }
            for (step, text) in pieces {
                let mut piece = run.clone();
                piece.text = text.into();
                piece.set_by(Some(names[step].to_string()));
                out.push(piece);
            }
        }
        *runs = out;
    });
}

fn redline_of(a: Option<&str>, b: Option<&str>) -> Redline {
    redline(a, b)
}
