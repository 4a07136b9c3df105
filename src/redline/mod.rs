//! The redline: a word-level comparison of a unit's base and amended text, cleaned up for a
//! human reader.
//!
//! Paragraphs are diffed as one stream of words, spaces and paragraph boundaries (so a
//! new sub-paragraph is an inserted boundary plus inserted words); tables are compared
//! row by row and cell by cell. Clean-up: a change never splits a word; a short word or
//! a space stranded between two changes is folded into them; within a change, deletions
//! come before insertions. A diff is attempted only within a budget decided by the two
//! texts (never by the clock); beyond it, or when the two texts have little in common, the
//! unit shows as wholly deleted then wholly inserted.

mod flatten;

use flatten::{Flat, Segments, flatten_each};
pub use flatten::{Piece, Segment, TableSource, flatten, is_safe_link};

use crate::words::Emphasis;

use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices};
use std::ops::Range;

/// Whether a run, paragraph mark or row is unchanged, inserted or deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Equal,
    Ins,
    Del,
}

impl Change {
    /// The name templates and class names use: `equal`, `ins`, `del`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Change::Equal => "equal",
            Change::Ins => "ins",
            Change::Del => "del",
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Text with one formatting and one change status.
///
/// 40 bytes: what few runs carry (a link, a formatting change, who made the change) is kept
/// out of line, since a dense redline holds millions of runs while both writers run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Inline up to 24 bytes (most runs of a dense redline are a word or two).
    pub text: compact_str::CompactString,
    pub change: Change,
    /// Bold, italic, code (in the template data as `bold`, `italic`, `code`).
    pub emphasis: Emphasis,
    /// An insertion right after a deletion: writers show a small gap before it, which is
    /// part of neither text (see [`Redline::mark_gaps`]).
    pub gap_before: bool,
    /// `None` when every field of [`Rare`] is absent (never a `Rare` of nothing, so that
    /// equal runs compare equal).
    rare: Option<Box<Rare>>,
}

/// The fields of a [`Run`] that few runs have.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Rare {
    link: Option<String>,
    was: Option<Emphasis>,
    reformatted: Option<String>,
    by: Option<String>,
}

impl Rare {
    fn is_empty(&self) -> bool {
        self.link.is_none() && self.was.is_none() && self.reformatted.is_none() && self.by.is_none()
    }
}

// Flags that are off and values that are absent are left out of the template data (a
// redline of a heavily rewritten text has millions of runs); templates test them with `if`.
// The same fields, in the same order, as when they were all inline.
impl Serialize for Run {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Fields<'a> {
            text: &'a str,
            change: Change,
            #[serde(flatten)]
            emphasis: Emphasis,
            #[serde(skip_serializing_if = "Option::is_none")]
            link: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            was: Option<Emphasis>,
            #[serde(skip_serializing_if = "Option::is_none")]
            reformatted: Option<&'a str>,
            #[serde(skip_serializing_if = "is_false")]
            gap_before: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            by: Option<&'a str>,
        }
        Fields {
            text: &self.text,
            change: self.change,
            emphasis: self.emphasis,
            link: self.link(),
            was: self.was(),
            reformatted: self.reformatted(),
            gap_before: self.gap_before,
            by: self.by(),
        }
        .serialize(serializer)
    }
}

impl Run {
    /// The target of the link the text is in.
    pub(crate) fn link(&self) -> Option<&str> {
        self.rare.as_ref()?.link.as_deref()
    }

    /// For unchanged words whose formatting alone changed: how they were formatted before.
    pub(crate) fn was(&self) -> Option<Emphasis> {
        self.rare.as_ref()?.was
    }

    /// What the formatting change did, for a reader ("bold added"), when `was` is set.
    pub(crate) fn reformatted(&self) -> Option<&str> {
        self.rare.as_ref()?.reformatted.as_deref()
    }

    /// Who made this change, when it differs from the annex's author: in a release's
    /// redline, the modification that inserted or deleted these words.
    pub(crate) fn by(&self) -> Option<&str> {
        self.rare.as_ref()?.by.as_deref()
    }

    /// Sets who made this change (see [`Run::by`]).
    pub(crate) fn set_by(&mut self, by: Option<String>) {
        self.edit_rare(|r| r.by = by);
    }

    fn edit_rare(&mut self, edit: impl FnOnce(&mut Rare)) {
        let mut rare = self.rare.take().unwrap_or_default();
        edit(&mut rare);
        self.rare = (!rare.is_empty()).then_some(rare);
    }
}

/// "bold added", "italic removed", "bold removed, italic added".
fn describe_reformatting(was: Emphasis, now: Emphasis) -> String {
    let mut parts = Vec::new();
    for (name, before, now) in [("bold", was.bold, now.bold), ("italic", was.italic, now.italic)] {
        if before != now {
            parts.push(format!("{name} {}", if now { "added" } else { "removed" }));
        }
    }
    parts.join(", ")
}

/// A paragraph or list item of the redline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Para {
    /// 0: body text; 1..: sub-paragraph depth.
    pub level: usize,
    /// The printed number or label (`F2.1`, `(b)`), if any.
    pub label: Option<String>,
    /// Whether the paragraph itself (its start) is new, removed or kept.
    pub label_change: Change,
    pub runs: Vec<Run>,
    /// The status of the paragraph's end (Word's paragraph mark).
    pub mark: Change,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub change: Change,
    pub header: bool,
    pub cells: Vec<Vec<Run>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    Para(Para),
    Table(Table),
}

/// The redline of one unit, with how many words it inserts and deletes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redline {
    pub blocks: Vec<Block>,
    pub inserted_words: usize,
    pub deleted_words: usize,
    /// Words kept whose bold or italic changed.
    pub reformatted_words: usize,
    /// Why the unit is shown wholly deleted then wholly inserted, when its comparison ran
    /// out of time (the annex says so beside it).
    pub whole: Option<Whole>,
}

/// Why a unit is shown as a whole rather than word by word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Whole {
    /// Comparing it word by word would cost more than the budget allows
    /// (`limits::affordable`): decided by the texts, so every run shows it the same way.
    TooLarge,
}

impl Whole {
    /// The note a reader sees.
    pub(crate) fn note(self) -> String {
        match self {
            Whole::TooLarge => {
                "shown wholly deleted and wholly inserted: it is too long and too changed to compare word by word"
                    .to_string()
            }
        }
    }
}

impl Redline {
    /// Marks each insertion that directly follows a deletion in the same paragraph or cell,
    /// so that "advise the Panel" struck and "decide" inserted never read "Paneldecide".
    pub(crate) fn mark_gaps(&mut self) {
        fn mark(runs: &mut [Run]) {
            for i in 1..runs.len() {
                runs[i].gap_before = runs[i].change == Change::Ins && runs[i - 1].change == Change::Del;
            }
        }
        for b in &mut self.blocks {
            match b {
                Block::Para(p) => mark(&mut p.runs),
                Block::Table(t) => t.rows.iter_mut().flat_map(|r| r.cells.iter_mut()).for_each(|c| mark(c)),
            }
        }
    }

    /// An empty redline.
    pub(crate) fn empty() -> Self {
        Redline {
            blocks: Vec::new(),
            inserted_words: 0,
            deleted_words: 0,
            reformatted_words: 0,
            whole: None,
        }
    }

    /// Whether anything shows as changed: a word, a paragraph break, a table row, formatting.
    pub(crate) fn is_changed(&self) -> bool {
        self.reformatted_words > 0 || self.is_reworded()
    }

    /// Whether words or structure changed (not only formatting).
    pub(crate) fn is_reworded(&self) -> bool {
        let runs = |rs: &[Run]| rs.iter().any(|r| r.change != Change::Equal);
        self.inserted_words + self.deleted_words > 0
            || self.blocks.iter().any(|b| match b {
                Block::Para(p) => p.label_change != Change::Equal || p.mark != Change::Equal || runs(&p.runs),
                Block::Table(t) => t
                    .rows
                    .iter()
                    .any(|r| r.change != Change::Equal || r.cells.iter().any(|c| runs(c))),
            })
    }
}

/// Compares a unit's base text with its amended text (`None`: the unit does not exist on that side).
///
/// What is compared, and how, is decided by the two texts alone, so the same texts always
/// give the same redline: a comparison beyond [`crate::limits::affordable`] shows the unit
/// whole (with a note), and so does one that could keep under a fifth of its words, which
/// is known before diffing from the words the two sides share.
pub fn redline(base: Option<&str>, amended: Option<&str>) -> Redline {
    let old = match base {
        Some(b) if base != amended => match read_base(b) {
            Ok(old) => old,
            Err(out) => return too_large(out, amended),
        },
        _ => base.map(flatten).unwrap_or_default(),
    };
    // A unit paired with itself (a clean document, a unit no change touched) is read once.
    let read_new;
    let new: &[Segment] = if base.is_some() && base == amended {
        &old
    } else {
        read_new = amended.map(flatten).unwrap_or_default();
        &read_new
    };
    let same = std::ptr::eq(old.as_ptr(), new.as_ptr());
    // Decided by the texts, not the clock: too costly a comparison shows the unit whole.
    let (ko, kn) = if same {
        (Vec::new(), Vec::new())
    } else {
        (keys(&old), keys(new))
    };
    if !same && !crate::limits::affordable(&ko, &kn) {
        let mut out = whole(&old, new);
        out.whole = Some(Whole::TooLarge);
        return out;
    }
    let old_words = old.iter().map(count_words).sum::<usize>();
    let new_words = new.iter().map(count_words).sum::<usize>();
    // A rewrite keeping under a fifth of its words reads better as out-with-the-old,
    // in-with-the-new. The words kept can be no more than the words both sides hold, so
    // when even those are too few the diff is not run at all.
    let enough = |kept: usize| old_words < 8 || new_words < 8 || kept * 5 >= old_words.max(new_words);
    // The words of the common start and end are shared: when they are enough (a small
    // edit in a long unit), the words both sides hold need not be counted.
    if !same && !enough(common_ends(&ko, &kn)) && !enough(shared_words(&old, new)) {
        return whole(&old, new);
    }
    let mut out = Redline::empty();
    let kinds = |s: &[Segment]| -> Vec<bool> { s.iter().map(|x| matches!(x, Segment::Table(_))).collect() };
    let (ok, nk) = (kinds(&old), kinds(new));
    for op in similar::capture_diff_slices(Algorithm::Myers, &ok, &nk) {
        for (o, n) in op
            .old_range()
            .zip(op.new_range())
            .filter(|_| matches!(op, DiffOp::Equal { .. }))
        {
            compare(Some(&old[o]), Some(&new[n]), &mut out);
        }
        if !matches!(op, DiffOp::Equal { .. }) {
            for o in op.old_range() {
                compare(Some(&old[o]), None, &mut out);
            }
            for n in op.new_range() {
                compare(None, Some(&new[n]), &mut out);
            }
        }
    }
    let similar_enough =
        out.inserted_words + out.deleted_words == 0 || enough(old_words.saturating_sub(out.deleted_words));
    if !similar_enough {
        return whole(&old, new);
    }
    out
}

/// The base's segments, or, once it holds more pieces than the diff budget
/// ([`crate::limits::affordable`] would say no whatever the amended text), the redline with
/// the base wholly deleted: from there its pieces go straight into runs, so a 50 MB
/// provision (some 16 million pieces) is never held as pieces.
fn read_base(text: &str) -> Result<Vec<Segment>, Redline> {
    let mut held = Segments::default();
    let mut count = 0;
    let mut streamed: Option<Stream> = None;
    flatten_each(text, |f| {
        if let Some(s) = streamed.as_mut() {
            return s.push(f);
        }
        count += match &f {
            Flat::Piece(_) => 1,
            Flat::Table(t) => t.rows.iter().flatten().map(Vec::len).sum(),
        };
        held.push(f);
        if count > crate::limits::MAX_PIECES {
            let mut s = Stream::new(Change::Del);
            for segment in std::mem::take(&mut held.done) {
                compare(Some(&segment), None, &mut s.out);
            }
            for p in std::mem::take(&mut held.pieces) {
                s.push(Flat::Piece(p));
            }
            streamed = Some(s);
        }
    });
    match streamed {
        Some(s) => Err(s.finish()),
        None => Ok(held.finish()),
    }
}

/// A unit whose base alone is beyond the diff budget, its base already deleted in `out`
/// ([`read_base`]): the amended text inserted after it, as [`whole`] shows it, streamed.
fn too_large(out: Redline, amended: Option<&str>) -> Redline {
    let mut s = Stream {
        out,
        change: Change::Ins,
        paras: None,
    };
    if let Some(text) = amended {
        flatten_each(text, |f| s.push(f));
    }
    let mut out = s.finish();
    out.whole = Some(Whole::TooLarge);
    out
}

/// One side shown whole, from [`flatten_each`]'s stream: what [`compare`] makes of each of
/// its segments with nothing on the other side.
struct Stream {
    out: Redline,
    change: Change,
    /// The running text being read.
    paras: Option<Paras>,
}

impl Stream {
    fn new(change: Change) -> Self {
        Stream {
            out: Redline::empty(),
            change,
            paras: None,
        }
    }

    fn push(&mut self, f: Flat) {
        match f {
            Flat::Piece(p) => self
                .paras
                .get_or_insert_default()
                .push(&mark(&p, self.change), &mut self.out),
            Flat::Table(t) => {
                if let Some(p) = self.paras.take() {
                    p.finish(&mut self.out);
                }
                let t = whole_table(&t, self.change, &mut self.out);
                self.out.blocks.push(Block::Table(t));
            }
        }
    }

    fn finish(mut self) -> Redline {
        if let Some(p) = self.paras.take() {
            p.finish(&mut self.out);
        }
        self.out
    }
}

/// A unit shown wholly deleted, then wholly inserted.
fn whole(old: &[Segment], new: &[Segment]) -> Redline {
    let mut out = Redline::empty();
    for s in old {
        compare(Some(s), None, &mut out);
    }
    for s in new {
        compare(None, Some(s), &mut out);
    }
    out
}

/// How many words the two sides' common start and end hold (as the diff compares them):
/// a lower bound of [`shared_words`], found without hashing.
fn common_ends(ko: &[Key], kn: &[Key]) -> usize {
    let prefix = ko.iter().zip(kn).take_while(|(a, b)| a == b).count();
    let rest = ko.len().min(kn.len()) - prefix;
    let suffix = ko
        .iter()
        .rev()
        .zip(kn.iter().rev())
        .take(rest)
        .take_while(|(a, b)| a == b)
        .count();
    let words = |k: &[Key]| {
        k.iter()
            .filter(|k| matches!(k, Key::Word(w) if w.chars().any(char::is_alphanumeric)))
            .count()
    };
    words(&ko[..prefix]) + words(&ko[ko.len() - suffix..])
}

/// How many words (counted with repeats) both sides hold: no diff can keep more.
fn shared_words(old: &[Segment], new: &[Segment]) -> usize {
    fn words(segments: &[Segment]) -> Vec<&str> {
        let mut out = Vec::new();
        for s in segments {
            let pieces: Box<dyn Iterator<Item = &Piece>> = match s {
                Segment::Text(p) => Box::new(p.iter()),
                Segment::Table(t) => Box::new(t.rows.iter().flatten().flatten()),
            };
            out.extend(pieces.filter(|p| p.is_word()).map(|p| match p {
                Piece::Word { text, .. } => text.as_str(),
                _ => "",
            }));
        }
        out
    }
    let mut count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for w in words(old) {
        *count.entry(w).or_default() += 1;
    }
    let mut shared = 0;
    for w in words(new) {
        if let Some(c) = count.get_mut(w).filter(|c| **c > 0) {
            *c -= 1;
            shared += 1;
        }
    }
    shared
}

/// Every piece of a unit, as the diff compares them.
fn keys(segments: &[Segment]) -> Vec<Key<'_>> {
    let mut out = Vec::new();
    for s in segments {
        match s {
            Segment::Text(p) => out.extend(p.iter().map(key)),
            Segment::Table(t) => out.extend(t.rows.iter().flatten().flatten().map(key)),
        }
    }
    out
}

fn count_words(s: &Segment) -> usize {
    match s {
        Segment::Text(p) => p.iter().filter(|p| p.is_word()).count(),
        Segment::Table(t) => t.rows.iter().flatten().flatten().filter(|p| p.is_word()).count(),
    }
}

fn compare(old: Option<&Segment>, new: Option<&Segment>, out: &mut Redline) {
    match (old, new) {
        // The same words with the same formatting: the diff would find one equal stretch.
        (Some(Segment::Text(a)), Some(Segment::Text(b))) if a == b => push_paras(marked(b, Change::Equal), out),
        (Some(Segment::Text(a)), Some(Segment::Text(b))) => {
            let changes = diff_pieces(a, b);
            push_paras(changes, out);
        }
        (Some(Segment::Text(a)), None) => push_paras(marked(a, Change::Del), out),
        (None, Some(Segment::Text(b))) => push_paras(marked(b, Change::Ins), out),
        (Some(Segment::Table(a)), Some(Segment::Table(b))) => {
            let t = diff_tables(a, b, out);
            out.blocks.push(Block::Table(t));
        }
        (Some(Segment::Table(a)), None) => {
            let t = whole_table(a, Change::Del, out);
            out.blocks.push(Block::Table(t));
        }
        (None, Some(Segment::Table(b))) => {
            let t = whole_table(b, Change::Ins, out);
            out.blocks.push(Block::Table(t));
        }
        _ => {}
    }
}

/// A piece of the diff's result, borrowed from its side: kept, inserted or deleted, and for
/// a kept word whose bold or italic changed, how it was emphasised before.
#[derive(Debug, Clone, Copy)]
struct Marked<'a> {
    piece: &'a Piece,
    change: Change,
    was: Option<Emphasis>,
}

fn mark(piece: &Piece, change: Change) -> Marked<'_> {
    Marked {
        piece,
        change,
        was: None,
    }
}

fn all(pieces: &[Piece], change: Change) -> Vec<Marked<'_>> {
    marked(pieces, change).collect()
}

/// Every piece with the same change, one by one (a side shown whole is not copied first).
fn marked(pieces: &[Piece], change: Change) -> impl Iterator<Item = Marked<'_>> {
    pieces.iter().map(move |p| mark(p, change))
}

/// What the diff compares, borrowed from a piece (formatting is not part of a word's
/// identity); borrowing keeps a long unit's diff from copying every word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key<'a> {
    Boundary(usize, Option<&'a str>),
    Word(&'a str),
    Space,
}

fn key(p: &Piece) -> Key<'_> {
    match p {
        Piece::Boundary { level, label } => Key::Boundary(*level, label.as_deref()),
        Piece::Word { text, .. } => Key::Word(text),
        Piece::Space => Key::Space,
    }
}

/// A piece's [`Key`] packed in 16 bytes, so that the diff compares two integers instead of
/// two strings: equal exactly when the keys are equal (the diff uses nothing but equality,
/// so it finds the same edits). A word of up to 15 bytes is its bytes and its length; a
/// space is zero; a longer word or a boundary is a number given by a [`Coder`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Code(u128);

/// Numbers the keys that do not fit in a [`Code`] (long words, boundaries), for one diff.
#[derive(Default)]
struct Coder<'a> {
    numbers: std::collections::HashMap<Key<'a>, u128>,
}

impl<'a> Coder<'a> {
    /// Marks a numbered key (no word's length byte is this large).
    const NUMBERED: u128 = 0x80 << 120;

    fn code(&mut self, p: &'a Piece) -> Code {
        match p {
            Piece::Space => Code(0),
            Piece::Word { text, .. } if (1..16).contains(&text.len()) => {
                let mut bytes = [0u8; 16];
                bytes[..text.len()].copy_from_slice(text.as_bytes());
                bytes[15] = text.len() as u8;
                Code(u128::from_le_bytes(bytes))
            }
            _ => {
                let next = self.numbers.len() as u128;
                Code(Self::NUMBERED | *self.numbers.entry(key(p)).or_insert(next))
            }
        }
    }
}

/// A stretch of the diff: the pieces `old` of the base and `new` of the amended text,
/// either kept (the same words on both sides) or changed (`old` struck, `new` inserted).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Region {
    kept: bool,
    old: Range<usize>,
    new: Range<usize>,
}

impl Region {
    fn kept(old: Range<usize>, new: Range<usize>) -> Region {
        Region { kept: true, old, new }
    }
    fn changed(old: Range<usize>, new: Range<usize>) -> Region {
        Region { kept: false, old, new }
    }
}

/// Word diff of two piece streams, cleaned up for a reader.
fn diff_pieces<'p>(a: &'p [Piece], b: &'p [Piece]) -> Vec<Marked<'p>> {
    let mut coder = Coder::default();
    let ka: Vec<Code> = a.iter().map(|p| coder.code(p)).collect();
    let kb: Vec<Code> = b.iter().map(|p| coder.code(p)).collect();
    let ops = capture_diff_slices(Algorithm::Myers, &ka, &kb);
    drop((ka, kb, coder));
    let mut regions: Vec<Region> = Vec::new();
    for op in ops {
        let equal = matches!(op, DiffOp::Equal { .. });
        match regions.last_mut() {
            Some(last) if !last.kept && !equal => {
                last.old.end = op.old_range().end;
                last.new.end = op.new_range().end;
            }
            _ => regions.push(Region {
                kept: equal,
                old: op.old_range(),
                new: op.new_range(),
            }),
        }
    }
    let regions = fold_stranded(a, b, regions);
    // A change that folding made long may still hold a long word both sides share
    // ("and Expiry" → ", Expiry and Renewal"): keep it, unless it is marooned again.
    let mut regions = regions;
    if refine(&mut regions, a, b) {
        regions = fold_stranded(a, b, regions);
    }
    let regions = fold_clauses(a, b, regions);
    let regions = fold_punctuation(a, b, regions);
    let regions = place_spaces(regions, a, b);
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    for Region {
        kept: equal,
        old: o,
        new: n,
    } in regions
    {
        if equal {
            // Formatting from the amended side: it is how the text will read. A word whose
            // bold or italic changed keeps its old formatting beside it (`was`).
            for (old, new) in a[o].iter().zip(&b[n]) {
                let was = match (old, new) {
                    (Piece::Word { emphasis: before, .. }, Piece::Word { emphasis: now, .. })
                        if before.bold_italic() != now.bold_italic() =>
                    {
                        Some(Emphasis { code: false, ..*before })
                    }
                    _ => None,
                };
                out.push(Marked {
                    was,
                    ..mark(new, Change::Equal)
                });
            }
        } else {
            // Words before a side's first new paragraph belong to the paragraph that goes on,
            // on both sides: they stand before the first paragraph this change removes or
            // adds, never inside it (`by email; or ¶(b) by fax.` → `by email. ¶(c) by post.`
            // puts the new `.` after "email", not in the struck-out (b)).
            let (old, new) = (&a[o], &b[n]);
            let first_paragraph = |side: &[Piece]| {
                side.iter()
                    .position(|p| matches!(p, Piece::Boundary { .. }))
                    .unwrap_or(side.len())
            };
            let (old_split, new_split) = (first_paragraph(old), first_paragraph(new));
            out.extend(old[..old_split].iter().map(|p| mark(p, Change::Del)));
            out.extend(new[..new_split].iter().map(|p| mark(p, Change::Ins)));
            out.extend(old[old_split..].iter().map(|p| mark(p, Change::Del)));
            out.extend(new[new_split..].iter().map(|p| mark(p, Change::Ins)));
        }
    }
    out
}

/// Folds an equality stranded between two changes into them: a space, a short word, or a
/// word or two marooned between long changes (a rewrite keeping one word of the old).
///
/// One pass with a stack: a fold only makes changes longer, which can strand the equality
/// before the merged change, so after each fold the top of the stack is looked at again.
/// Each region is pushed once and folded at most once: linear in the number of regions.
fn fold_stranded(a: &[Piece], b: &[Piece], regions: Vec<Region>) -> Vec<Region> {
    let words_in = |r: &Region| {
        a[r.old.clone()]
            .iter()
            .chain(&b[r.new.clone()])
            .filter(|p| p.is_word())
            .count()
    };
    // Whether an equality may be folded when the changes either side have `around` words.
    let stranded = |r: &Region, around: usize| {
        // At most three visible pieces decide it (spaces never come two in a row).
        let words: Vec<&Piece> = a[r.old.clone()]
            .iter()
            .filter(|p| !matches!(p, Piece::Space))
            .take(3)
            .collect();
        match words.as_slice() {
            [] => true,
            [Piece::Word { text, .. }] if text.chars().count() <= 5 => true,
            w => w.len() <= 2 && w.iter().all(|p| !matches!(p, Piece::Boundary { .. })) && around >= 8 * w.len(),
        }
    };
    // (region, its words): words are counted once per region and summed on folding.
    let mut stack: Vec<(Region, usize)> = Vec::with_capacity(regions.len());
    for region in regions {
        let words = words_in(&region);
        stack.push((region, words));
        loop {
            let n = stack.len();
            if n < 3 {
                break;
            }
            let (prev, mid, next) = (&stack[n - 3], &stack[n - 2], &stack[n - 1]);
            let fold = mid.0.kept && !prev.0.kept && !next.0.kept && stranded(&mid.0, prev.1.min(next.1));
            if !fold {
                break;
            }
            let (next, next_words) = stack.pop().expect("three regions");
            let (mid, mid_words) = stack.pop().expect("three regions");
            let (prev, prev_words) = stack.last_mut().expect("three regions");
            prev.old.end = next.old.end.max(mid.old.end);
            prev.new.end = next.new.end.max(mid.new.end);
            *prev_words += mid_words + next_words;
        }
    }
    stack.into_iter().map(|(r, _)| r).collect()
}

/// The most words a kept fragment between the changes of one rewritten clause may hold.
const CLAUSE_FRAGMENT: usize = 2;

/// A rewrite whose changes interleave with short kept fragments reads as one replacement:
/// where three or more changes follow one another in a clause (no paragraph start and no
/// `,` `;` `:` `.` between them), each kept fragment between them is at most
/// [`CLAUSE_FRAGMENT`] words, and those fragments hold fewer than half as many words as
/// the changes delete and insert, the stretch from the first change to the last is struck
/// and the new one inserted (docs/decisions.md, "Readable redlines"). One pass: linear.
fn fold_clauses(a: &[Piece], b: &[Piece], regions: Vec<Region>) -> Vec<Region> {
    let words = |p: &[Piece]| p.iter().filter(|p| p.is_word()).count();
    let breaks = |p: &[Piece]| {
        p.iter().any(|p| match p {
            Piece::Boundary { .. } => true,
            Piece::Word { text, .. } => matches!(text.as_str(), "," | ";" | ":" | "."),
            Piece::Space => false,
        })
    };
    let within = |r: &Region| {
        !a[r.old.clone()]
            .iter()
            .chain(&b[r.new.clone()])
            .any(|p| matches!(p, Piece::Boundary { .. }))
    };
    let changed = |r: &Region| words(&a[r.old.clone()]) + words(&b[r.new.clone()]);
    let mut out: Vec<Region> = Vec::with_capacity(regions.len());
    let mut i = 0;
    while i < regions.len() {
        if regions[i].kept || !within(&regions[i]) {
            out.push(regions[i].clone());
            i += 1;
            continue;
        }
        // The chain: a change, then (short kept fragment, change)…
        let (mut last, mut changes, mut kept, mut moved) = (i, 1, 0, changed(&regions[i]));
        while let (Some(k), Some(c)) = (regions.get(last + 1), regions.get(last + 2)) {
            let fragment = &a[k.old.clone()];
            let kw = words(fragment);
            if !k.kept || c.kept || kw > CLAUSE_FRAGMENT || breaks(fragment) || !within(c) {
                break;
            }
            (last, changes, kept, moved) = (last + 2, changes + 1, kept + kw, moved + changed(c));
        }
        if changes >= 3 && kept * 2 < moved {
            let (first, end) = (&regions[i], &regions[last]);
            out.push(Region::changed(
                first.old.start..end.old.end,
                first.new.start..end.new.end,
            ));
        } else {
            out.extend(regions[i..=last].iter().cloned());
        }
        i = last + 1;
    }
    out
}

/// Punctuation kept equal next to a new or removed paragraph would sit in the wrong
/// paragraph for one side (`by email.` → `by email; or ¶(c) … portal.`): fold it in.
fn fold_punctuation(a: &[Piece], b: &[Piece], regions: Vec<Region>) -> Vec<Region> {
    let has_boundary = |r: &Region| {
        a[r.old.clone()]
            .iter()
            .chain(&b[r.new.clone()])
            .any(|p| matches!(p, Piece::Boundary { .. }))
    };
    // (region, whether it holds a boundary): kept for merged regions so none is scanned twice.
    let mut out: Vec<(Region, bool)> = Vec::with_capacity(regions.len());
    let mut input = regions.into_iter().peekable();
    while let Some(region) = input.next() {
        let boundary = has_boundary(&region);
        let wordless = region.kept
            && !a[region.old.clone()]
                .iter()
                .any(|p| matches!(p, Piece::Word { .. } if p.is_word()));
        let next_to_boundary = out.last().is_some_and(|(_, b)| *b) || input.peek().is_some_and(has_boundary);
        let fold = wordless && next_to_boundary && !boundary;
        if !fold {
            out.push((region, boundary));
            continue;
        }
        let (mut region, mut boundary) = (Region { kept: false, ..region }, boundary);
        // Merge with changed neighbours so deletions still come before insertions.
        if let Some(next) = input.next_if(|r| !r.kept) {
            boundary |= has_boundary(&next);
            region.old.end = next.old.end;
            region.new.end = next.new.end;
        }
        match out.last_mut() {
            Some((prev, prev_boundary)) if !prev.kept => {
                prev.old.end = region.old.end;
                prev.new.end = region.new.end;
                *prev_boundary |= boundary;
            }
            _ => out.push((region, boundary)),
        }
    }
    out.into_iter().map(|(r, _)| r).collect()
}

/// The shortest word a change keeps when both its sides hold it: six letters, one more
/// than the short words that are folded into changes.
const KEPT_WORD: usize = 6;

/// Within each change holding words on both sides, keeps the long words (six letters or
/// more) both sides share in the same order, so a phrase edit strikes and inserts only
/// what differs. Short words, punctuation and spaces never match here, so common words
/// are never scattered through a replacement. Returns whether anything was split.
fn refine(regions: &mut Vec<Region>, a: &[Piece], b: &[Piece]) -> bool {
    /// A long word matches the same word; anything else matches nothing (it is unique to
    /// its side and place). Borrowed, so a dense redline allocates nothing per piece here.
    #[derive(PartialEq, Eq, Hash, PartialOrd, Ord)]
    enum Long<'a> {
        Word(&'a str),
        Unique(bool, usize),
    }
    fn key(p: &Piece, new: bool, i: usize) -> Long<'_> {
        match p {
            Piece::Word { text, .. } if text.chars().filter(|c| c.is_alphanumeric()).count() >= KEPT_WORD => {
                Long::Word(text)
            }
            _ => Long::Unique(new, i),
        }
    }
    let mut out = Vec::with_capacity(regions.len());
    let mut split = false;
    for Region {
        kept: equal,
        old: o,
        new: n,
    } in regions.drain(..)
    {
        if equal || o.is_empty() || n.is_empty() {
            out.push(Region {
                kept: equal,
                old: o,
                new: n,
            });
            continue;
        }
        let ka: Vec<Long> = o.clone().map(|i| key(&a[i], false, i)).collect();
        let kb: Vec<Long> = n.clone().map(|j| key(&b[j], true, j)).collect();
        let ops = capture_diff_slices(Algorithm::Myers, &ka, &kb);
        if !ops.iter().any(|op| matches!(op, DiffOp::Equal { .. })) {
            out.push(Region {
                kept: equal,
                old: o,
                new: n,
            });
            continue;
        }
        split = true;
        for op in ops {
            let (ro, rn) = (op.old_range(), op.new_range());
            let piece = Region {
                kept: matches!(op, DiffOp::Equal { .. }),
                old: o.start + ro.start..o.start + ro.end,
                new: n.start + rn.start..n.start + rn.end,
            };
            match out.last_mut() {
                Some(last)
                    if !last.kept
                        && !piece.kept
                        && last.old.end == piece.old.start
                        && last.new.end == piece.new.start =>
                {
                    last.old.end = piece.old.end;
                    last.new.end = piece.new.end;
                }
                _ => out.push(piece),
            }
        }
    }
    *regions = out;
    split
}

/// One rule for where a space goes. A space both sides of a replacement end (or start)
/// with is kept text, so "and " → ", " strikes "and" and inserts ","; the one space an
/// insertion or deletion needs goes before its words (" or renewal"), never after.
fn place_spaces(regions: Vec<Region>, a: &[Piece], b: &[Piece]) -> Vec<Region> {
    let space = |p: Option<&Piece>| matches!(p, Some(Piece::Space));
    // One pass into a new list (never an insert in the middle: a dense diff has millions of
    // regions); kept regions that touch are joined.
    let mut out: Vec<Region> = Vec::with_capacity(regions.len() + regions.len() / 2);
    let keep = |out: &mut Vec<Region>, o: Range<usize>, n: Range<usize>| match out.last_mut() {
        Some(Region {
            kept: true,
            old: po,
            new: pn,
        }) if po.end == o.start && pn.end == n.start => {
            po.end = o.end;
            pn.end = n.end;
        }
        _ => out.push(Region::kept(o, n)),
    };
    for Region {
        kept: equal,
        old: mut o,
        new: mut n,
    } in regions
    {
        if equal {
            keep(&mut out, o, n);
        } else if !o.is_empty() && !n.is_empty() {
            let mut trailing = None;
            if space(a.get(o.end - 1)) && space(b.get(n.end - 1)) && (o.len() > 1 || n.len() > 1) {
                trailing = Some((o.end - 1..o.end, n.end - 1..n.end));
                o.end -= 1;
                n.end -= 1;
            }
            // (Both sides must still hold the space: a side emptied above has none.)
            if !o.is_empty()
                && !n.is_empty()
                && space(a.get(o.start))
                && space(b.get(n.start))
                && (o.len() > 1 || n.len() > 1)
            {
                keep(&mut out, o.start..o.start + 1, n.start..n.start + 1);
                o.start += 1;
                n.start += 1;
            }
            out.push(Region::changed(o, n));
            if let Some((to, tn)) = trailing {
                keep(&mut out, to, tn);
            }
        } else {
            // A pure insertion (or deletion) ending in a space, after kept text ending in a
            // space: the same text, read one space earlier.
            let (side, range) = if o.is_empty() { (b, &n) } else { (a, &o) };
            let shiftable = matches!(out.last(), Some(Region { kept: true, old: po, .. }) if !po.is_empty() && space(a.get(po.end - 1)))
                && range.len() > 1
                && space(side.get(range.end - 1));
            if shiftable {
                if let Some(last) = out.last_mut() {
                    last.old.end -= 1;
                    last.new.end -= 1;
                    if last.old.is_empty() {
                        out.pop();
                    }
                }
                out.push(Region::changed(o.start - 1..o.end - 1, n.start - 1..n.end - 1));
                keep(&mut out, o.end - 1..o.end, n.end - 1..n.end);
            } else {
                out.push(Region::changed(o, n));
            }
        }
    }
    out
}

/// Turns a stream of changed pieces into paragraphs.
fn push_paras<'a>(changes: impl IntoIterator<Item = Marked<'a>>, out: &mut Redline) {
    let mut paras = Paras::default();
    for m in changes {
        paras.push(&m, out);
    }
    paras.finish(out);
}

/// The paragraphs of one stretch of running text, made piece by piece.
#[derive(Default)]
struct Paras {
    paras: Vec<Para>,
    /// The change of every piece so far, while they all have the same one.
    uniform: Option<Change>,
    mixed: bool,
}

impl Paras {
    fn push(&mut self, m: &Marked, out: &mut Redline) {
        match self.uniform {
            None if !self.mixed => self.uniform = Some(m.change),
            Some(c) if c != m.change => {
                self.uniform = None;
                self.mixed = true;
            }
            _ => {}
        }
        let paras = &mut self.paras;
        match m.piece {
            Piece::Boundary { level, label } => {
                if let Some(last) = paras.last_mut() {
                    last.mark = m.change;
                }
                paras.push(Para {
                    level: *level,
                    label: label.clone(),
                    label_change: m.change,
                    runs: Vec::new(),
                    mark: Change::Equal,
                });
            }
            Piece::Word { .. } | Piece::Space => {
                if paras.is_empty() {
                    paras.push(Para {
                        level: 0,
                        label: None,
                        label_change: Change::Equal,
                        runs: Vec::new(),
                        mark: Change::Equal,
                    });
                }
                let runs = &mut paras.last_mut().expect("a paragraph was just pushed").runs;
                count(m, out);
                push_run(runs, m);
            }
        }
    }

    fn finish(mut self, out: &mut Redline) {
        // Text wholly inserted or deleted has its last paragraph's end inserted or deleted too.
        // (Where a sub-paragraph is added at the end of a provision, the new paragraph break is
        // the end of the paragraph before it; the last end stays the provision's own.)
        if let Some(whole) = self.uniform.filter(|&c| c != Change::Equal)
            && let Some(last) = self.paras.last_mut()
        {
            last.mark = whole;
        }
        out.blocks.extend(self.paras.into_iter().map(Block::Para));
    }
}

fn count(m: &Marked, out: &mut Redline) {
    if m.piece.is_word() {
        match m.change {
            Change::Ins => out.inserted_words += 1,
            Change::Del => out.deleted_words += 1,
            Change::Equal if m.was.is_some() => out.reformatted_words += 1,
            Change::Equal => {}
        }
    }
}

fn push_run(runs: &mut Vec<Run>, m: &Marked) {
    let change = m.change;
    let space_link;
    let (text, emphasis, link, was) = match m.piece {
        Piece::Word { text, emphasis, link } => (text.as_str(), *emphasis, link.as_deref(), m.was),
        // A space takes the formatting of the text before it, so it never splits a run.
        Piece::Space => match runs.last_mut() {
            Some(last) if last.change == change => {
                last.text.push(' ');
                return;
            }
            Some(r) => {
                space_link = r.link().map(str::to_string);
                (" ", r.emphasis, space_link.as_deref(), r.was())
            }
            None => (" ", Emphasis::default(), None, None),
        },
        Piece::Boundary { .. } => return,
    };
    match runs.last_mut() {
        Some(last)
            if last.change == change && last.emphasis == emphasis && last.link() == link && last.was() == was =>
        {
            last.text.push_str(text)
        }
        last => {
            // A reformatted run ends at its last word: the space after it starts the next run.
            let mut text = compact_str::CompactString::from(text);
            // (Only into kept text: a space moved into a change would vanish on one side.)
            // So does a code span or a link: the space after it is not part of it.
            if let Some(last) = last.filter(|l| {
                l.change == change
                    && (change == Change::Equal && l.was().is_some()
                        || l.emphasis.code && !emphasis.code
                        || l.link().is_some_and(|l| Some(l) != link))
                    && l.text.len() > 1
                    && l.text.ends_with(' ')
            }) {
                last.text.pop();
                text.insert(0, ' ');
            }
            let mut run = Run {
                text,
                change,
                emphasis,
                gap_before: false,
                rare: None,
            };
            if was.is_some() || link.is_some() {
                run.rare = Some(Box::new(Rare {
                    link: link.map(str::to_string),
                    was,
                    reformatted: was.map(|w| describe_reformatting(w, emphasis)),
                    by: None,
                }));
            }
            runs.push(run)
        }
    }
}

fn cell_runs(pieces: &[Marked], out: &mut Redline) -> Vec<Run> {
    let mut runs = Vec::new();
    for m in pieces {
        count(m, out);
        push_run(&mut runs, m);
    }
    runs
}

fn whole_table(t: &TableSource, change: Change, out: &mut Redline) -> Table {
    let rows = t
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| Row {
            change,
            header: i < t.header_rows,
            cells: r.iter().map(|c| cell_runs(&all(c, change), out)).collect(),
        })
        .collect();
    Table { rows }
}

/// Tables row by row (rows matched by their text), and matched rows cell by cell.
fn diff_tables(a: &TableSource, b: &TableSource, out: &mut Redline) -> Table {
    let key = |r: &Vec<Vec<Piece>>| -> String {
        r.iter()
            .map(|c| c.iter().map(Piece::key).collect::<String>())
            .collect::<Vec<_>>()
            .join("\u{2}")
    };
    let ka: Vec<String> = a.rows.iter().map(key).collect();
    let kb: Vec<String> = b.rows.iter().map(key).collect();
    let mut rows = Vec::new();
    let first_cell = |r: &Vec<Vec<Piece>>| -> String {
        r.first()
            .map(|c| c.iter().map(Piece::key).collect())
            .unwrap_or_default()
    };
    for op in similar::capture_diff_slices(Algorithm::Myers, &ka, &kb) {
        let (o, n) = (op.old_range(), op.new_range());
        // Pair changed rows by their first cell (a field's name), else by position when the
        // counts agree; rows left unpaired are wholly deleted or inserted.
        let mut pair_of: Vec<Option<usize>> = n
            .clone()
            .map(|j| {
                if matches!(op, DiffOp::Equal { .. }) || o.len() == n.len() {
                    return Some(o.start + (j - n.start));
                }
                o.clone().find(|&i| first_cell(&a.rows[i]) == first_cell(&b.rows[j]))
            })
            .collect();
        for k in 1..pair_of.len() {
            // Keep pairs in order, so rows never cross.
            if pair_of[k].is_some() && pair_of[..k].iter().flatten().any(|&p| Some(p) >= pair_of[k]) {
                pair_of[k] = None;
            }
        }
        let mut next_old = o.start;
        let deleted = |i: usize, out: &mut Redline| Row {
            change: Change::Del,
            header: i < a.header_rows,
            cells: a.rows[i].iter().map(|c| cell_runs(&all(c, Change::Del), out)).collect(),
        };
        for (k, j) in n.clone().enumerate() {
            match pair_of[k] {
                Some(i) => {
                    while next_old < i {
                        if !pair_of.contains(&Some(next_old)) {
                            rows.push(deleted(next_old, out));
                        }
                        next_old += 1;
                    }
                    next_old = i + 1;
                    let (ra, rb) = (&a.rows[i], &b.rows[j]);
                    if ra.len() == rb.len() {
                        let cells = ra
                            .iter()
                            .zip(rb)
                            .map(|(ca, cb)| cell_runs(&diff_pieces(ca, cb), out))
                            .collect();
                        rows.push(Row {
                            change: Change::Equal,
                            header: j < b.header_rows,
                            cells,
                        });
                    } else {
                        rows.push(deleted(i, out));
                        let cells = rb.iter().map(|c| cell_runs(&all(c, Change::Ins), out)).collect();
                        rows.push(Row {
                            change: Change::Ins,
                            header: j < b.header_rows,
                            cells,
                        });
                    }
                }
                None => {
                    let cells = b.rows[j].iter().map(|c| cell_runs(&all(c, Change::Ins), out)).collect();
                    rows.push(Row {
                        change: Change::Ins,
                        header: j < b.header_rows,
                        cells,
                    });
                }
            }
        }
        for i in next_old..o.end {
            if !pair_of.contains(&Some(i)) {
                rows.push(deleted(i, out));
            }
        }
    }
    Table { rows }
}

/// The text of runs with one kind of change left out: `Del` left out gives the amended text.
pub fn text_without(runs: &[Run], without: Change) -> String {
    runs.iter()
        .filter(|r| r.change != without)
        .map(|r| r.text.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `[+ins+]` and `[-del-]` notation of a redline's paragraphs.
    fn shown(r: &Redline) -> String {
        let mut s = String::new();
        for b in &r.blocks {
            match b {
                Block::Para(p) => {
                    s.push('¶');
                    if let Some(l) = &p.label {
                        s.push_str(&match p.label_change {
                            Change::Ins => format!("[+{l}+]"),
                            Change::Del => format!("[-{l}-]"),
                            Change::Equal => l.clone(),
                        });
                        s.push(' ');
                    }
                    s.push_str(&runs(&p.runs));
                }
                Block::Table(t) => {
                    for row in &t.rows {
                        s.push_str(&format!("|{:?}|", row.change));
                        for c in &row.cells {
                            s.push_str(&runs(c));
                            s.push('|');
                        }
                    }
                }
            }
        }
        s
    }

    fn runs(rs: &[Run]) -> String {
        rs.iter()
            .map(|r| match r.change {
                Change::Ins => format!("[+{}+]", r.text),
                Change::Del => format!("[-{}-]", r.text),
                Change::Equal => r.text.to_string(),
            })
            .collect()
    }

    #[test]
    fn expiry_or_renewal_is_one_insertion() {
        let r = redline(
            Some("**F1.1** the expiry date of it"),
            Some("**F1.1** the expiry or renewal date of it"),
        );
        // The space an insertion needs goes before its words.
        assert_eq!(shown(&r), "¶F1.1 the expiry[+ or renewal+] date of it");
        assert_eq!((r.inserted_words, r.deleted_words), (2, 0));
    }

    #[test]
    fn a_phrase_edit_keeps_a_long_word_both_phrases_share() {
        let r = redline(
            Some("## 6 Withdrawal and Expiry of Certificates"),
            Some("## 6 Withdrawal, Expiry and Renewal of Certificates"),
        );
        let text = shown(&r);
        assert!(
            text.ends_with("Withdrawal[- and-][+,+] Expiry[+ and Renewal+] of Certificates"),
            "{text}"
        );
        assert_eq!((r.inserted_words, r.deleted_words), (2, 1));
    }

    #[test]
    fn a_rewrite_keeping_one_long_word_is_not_scattered() {
        // "Certificate" is shared, but marooned between long changes: one replacement.
        let r = redline(
            Some(
                "**F1.1** The Panel shall consider each relevant application for a Certificate made during the period.",
            ),
            Some(
                "**F1.1** Where the Security Sub-Committee so decides, no Certificate shall be issued to any Manufacturer at all.",
            ),
        );
        assert!(!shown(&r).contains("-] Certificate [+"), "{}", shown(&r));
    }

    #[test]
    fn a_rewrite_interleaved_with_short_kept_fragments_strikes_the_clause() {
        // Word by word this reads "The ~~Panel may~~ Committee shall consider ~~objections~~
        // appeals promptly and ~~then~~ shall publish ~~decisions~~ findings quickly": four
        // changes and kept scraps in turn. One clause struck, the new one inserted.
        let r = redline(
            Some(
                "**6.4** The Panel may consider objections promptly and then publish decisions quickly, and the DCC shall record each of them in its register.",
            ),
            Some(
                "**6.4** The Committee shall consider appeals promptly and shall publish findings quickly, and the DCC shall record each of them in its register.",
            ),
        );
        assert_eq!(
            shown(&r),
            "¶6.4 The [-Panel may consider objections promptly and then publish decisions-][+Committee shall consider appeals promptly and shall publish findings+] quickly, and the DCC shall record each of them in its register."
        );
        // Kept stretches of more than two words stay kept.
        let r = redline(
            Some(
                "**6.4** Then on expiry of the Certificate the Device Model shall be removed by the DCC within five days.",
            ),
            Some(
                "**6.4** Then after expiry or lapse the Certificate holder Device Model shall be kept by the Panel within five days.",
            ),
        );
        assert_eq!(
            shown(&r),
            "¶6.4 Then [-on expiry of the Certificate the-][+after expiry or lapse the Certificate holder+] Device Model shall be [-removed-][+kept+] by the [-DCC-][+Panel+] within five days."
        );
        // Two changes with a kept word between them stay as they are, and so does a dense
        // edit that keeps more than it changes.
        let r = redline(
            Some("**6.4** The DCC shall notify the Panel promptly after each review."),
            Some("**6.4** The DCC shall inform the Panel promptly after every review."),
        );
        assert_eq!(
            shown(&r),
            "¶6.4 The DCC shall [-notify-][+inform+] the Panel promptly after [-each-][+every+] review."
        );
    }

    #[test]
    fn a_deletion_then_an_insertion_is_marked_for_a_gap() {
        let mut r = redline(
            Some("**F1.1** the Panel has occurred today"),
            Some("**F1.1** the Panel has expired today"),
        );
        r.mark_gaps();
        let Block::Para(p) = &r.blocks[0] else { panic!() };
        let marked: Vec<(&str, Change, bool)> = p
            .runs
            .iter()
            .map(|r| (r.text.as_str(), r.change, r.gap_before))
            .collect();
        assert_eq!(
            marked,
            [
                ("the Panel has ", Change::Equal, false),
                ("occurred", Change::Del, false),
                ("expired", Change::Ins, true),
                (" today", Change::Equal, false)
            ]
        );
    }

    #[test]
    fn words_are_never_split_and_deletion_comes_first() {
        let r = redline(Some("**F1.1** the renewal date"), Some("**F1.1** the renewals date"));
        assert_eq!(shown(&r), "¶F1.1 the [-renewal-][+renewals+] date");
    }

    #[test]
    fn a_short_word_stranded_between_changes_is_folded() {
        let r = redline(
            Some("**F1.1** the Panel shall notify the DCC"),
            Some("**F1.1** the Committee shall inform the DCC"),
        );
        assert_eq!(
            shown(&r),
            "¶F1.1 the [-Panel shall notify-][+Committee shall inform+] the DCC"
        );
        // A longer word between short changes stays unchanged.
        let r = redline(
            Some("**F1.1** the Panel decides to notify"),
            Some("**F1.1** the Committee decides to inform"),
        );
        assert_eq!(
            shown(&r),
            "¶F1.1 the [-Panel-][+Committee+] decides to [-notify-][+inform+]"
        );
    }

    #[test]
    fn a_word_marooned_between_long_changes_is_folded() {
        let r = redline(
            Some("**F1.1** then on expiry of the CPA Certificate it is gone"),
            Some(
                "**F1.1** the Security Sub-Committee shall decide within twenty days after the expiry or renewal date or the date of withdrawal whether it stays",
            ),
        );
        let text = shown(&r);
        assert!(!text.contains("+] expiry [-"), "{text}");
    }

    #[test]
    fn capitalisation_is_a_change() {
        let r = redline(Some("**F1.1** a Device here"), Some("**F1.1** a device here"));
        assert_eq!(shown(&r), "¶F1.1 a [-Device-][+device+] here");
    }

    #[test]
    fn line_breaks_and_moved_bold_markers_are_not_changes() {
        let r = redline(
            Some("**F1.1** the **expiry** **date**\nof it"),
            Some("**F1.1** the **expiry date** of it"),
        );
        assert!(!r.is_changed());
    }

    #[test]
    fn a_paragraph_break_alone_is_a_change() {
        let r = redline(
            Some("**F1.1** Text:\n\n- (a) one;\n- (b) two.\n"),
            Some("**F1.1** Text:\n\n- (a) one; two.\n"),
        );
        assert_eq!((r.inserted_words, r.deleted_words), (0, 0));
        assert!(r.is_reworded() && r.is_changed());
    }

    #[test]
    fn a_formatting_change_is_a_change_of_kept_words() {
        let r = redline(
            Some("**F1.1** the expiry date of *the* Device"),
            Some("**F1.1** the **expiry date** of the Device"),
        );
        assert!(r.is_changed());
        assert_eq!((r.inserted_words, r.deleted_words, r.reformatted_words), (0, 0, 3));
        let Block::Para(p) = &r.blocks[0] else { panic!() };
        let marked: Vec<(&str, Option<&str>)> = p
            .runs
            .iter()
            .filter(|r| r.was().is_some())
            .map(|r| (r.text.as_str(), r.reformatted()))
            .collect();
        assert_eq!(
            marked,
            [("expiry date", Some("bold added")), ("the", Some("italic removed"))]
        );
        // A word both reworded and reformatted is simply deleted and inserted.
        let r = redline(Some("**F1.1** the expiry"), Some("**F1.1** the **renewal**"));
        assert_eq!((r.inserted_words, r.deleted_words, r.reformatted_words), (1, 1, 0));
    }

    #[test]
    fn a_new_sub_paragraph_is_an_inserted_paragraph() {
        let r = redline(
            Some("**F1.1** Text:\n\n- (a) one; and\n- (b) two.\n"),
            Some("**F1.1** Text:\n\n- (a) one;\n- (b) two; and\n- (c) three.\n"),
        );
        assert_eq!(
            shown(&r),
            "¶F1.1 Text:¶(a) one;[- and-]¶(b) two[-.-][+; and+]¶[+(c)+] [+three.+]"
        );
        let Block::Para(b) = &r.blocks[2] else { panic!() };
        assert_eq!(b.mark, Change::Ins);
    }

    #[test]
    fn a_replacement_that_is_only_a_space_on_one_side_does_not_panic() {
        // Found by `compare` of two versions with every other word changed: a change whose
        // old side was a single space left an inverted range after the spaces were placed.
        let base = "**GAA4.1** receiving that Smart accordance requires it Days purpose Party\nSmart Supplier notice Metering provided from Sub-Committee it from record\nrequire Days the kept on receiving record accordance in each Model reasonably\nfrom record of require in with kept the it notice;\n\n- (a) Specification where the after after this Technical Days Model accordance\n  Smart may as;\n- (b) after where for Certificate ensure Assurance accordance ensure and Model\n  of Technical in within;\n  - (i) Device any System receiving as reasonably notice provided provided\n    notice;\n  - (ii) provided Panel System notice each be on ensure this record;\n";
        let amended = "**GAA4.1** of that each accordance five it that purpose Specification\nSmart provided notice five provided Metering Sub-Committee such from where\nrequire Panel the Sub-Committee on accordance record listed in Sub-Committee Model information\nfrom Panel of such in Smart kept listed it notice;\n\n- (a) Specification purpose the such after in Technical any Model requires\n  Smart this as;\n- (b) after purpose for Assurance ensure DCC accordance and and Metering\n  of System in within;\n  - (i) Device Supplier System System as be notice on provided\n    notice;\n  - (ii) provided information System with each Sub-Committee on is this record;\n";
        let r = redline(Some(base), Some(amended));
        let words = |without: Change| -> String {
            r.blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Para(p) => Some(format!(
                        "{} {}",
                        p.label.as_deref().filter(|_| p.label_change != without).unwrap_or(""),
                        text_without(&p.runs, without)
                    )),
                    Block::Table(_) => None,
                })
                .collect::<Vec<_>>()
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let plain = |t: &str| {
            t.replace("**", "")
                .replace("- ", "")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(words(Change::Del), plain(amended));
        assert_eq!(words(Change::Ins), plain(base));
    }

    #[test]
    fn words_replacing_removed_paragraphs_stay_in_the_paragraph_that_goes_on() {
        let r = redline(
            Some("**F1.1** The DCC shall:\n\n- (a) keep a list; and\n- (b) publish it.\n"),
            Some("**F1.1** Not used\n"),
        );
        assert_eq!(
            shown(&r),
            "¶F1.1 [-The DCC shall:-][+Not used+]¶[-(a)-] [-keep a list; and-]¶[-(b)-] [-publish it.-]"
        );
    }

    #[test]
    fn tables_are_compared_cell_by_cell() {
        let r = redline(
            Some(
                "**4.1** Fields:\n\n| Field | Meaning |\n| --- | --- |\n| Number | The identifier |\n| Old | gone |\n",
            ),
            Some("**4.1** Fields:\n\n| Field | Meaning |\n| --- | --- |\n| Number | The identifier [E]/[R] |\n"),
        );
        assert_eq!(
            shown(&r),
            "¶4.1 Fields:|Equal|Field|Meaning||Equal|Number|The identifier[+ [E]/[R]+]||Del|[-Old-]|[-gone-]|"
        );
    }

    #[test]
    fn little_in_common_shows_as_whole_delete_then_insert() {
        let r = redline(
            Some("**F1.1** alpha beta gamma delta epsilon zeta eta theta iota kappa"),
            Some("**F1.1** one two three four five six seven eight nine ten"),
        );
        assert_eq!(
            shown(&r),
            "¶[-F1.1-] [-alpha beta gamma delta epsilon zeta eta theta iota kappa-]¶[+F1.1+] [+one two three four five six seven eight nine ten+]"
        );
    }

    #[test]
    fn too_few_shared_words_show_the_unit_whole_without_a_diff() {
        // One of ten words shared: no diff could keep a fifth, so none is run, and the
        // unit reads as out with the old, in with the new (no note: a reading choice).
        let base = "**F1.1** alpha beta gamma delta epsilon zeta eta theta iota kappa";
        let amended = "**F1.1** alpha one two three four five six seven eight nine";
        let (old, new) = (flatten(base), flatten(amended));
        assert_eq!(shared_words(&old, &new), 1, "F1.1 is a label, not a word");
        let r = redline(Some(base), Some(amended));
        assert_eq!(r.blocks.len(), 2);
        assert_eq!(r.whole, None);
        assert_eq!((r.inserted_words, r.deleted_words), (10, 10));
        // One word in three changed keeps enough: compared word by word.
        let r = redline(
            Some("**F1.1** the DCC shall keep the list and publish it every week on its website"),
            Some("**F1.1** the DCC shall keep the list and publish it every month on its website"),
        );
        assert_eq!(r.blocks.len(), 1);
        assert_eq!((r.inserted_words, r.deleted_words), (1, 1));
    }

    #[test]
    fn a_pathological_pair_falls_back_to_whole_delete_then_insert() {
        // Two large provisions of shuffled words: beyond the budget, so never diffed (its speed is measured in the benchmark, not here).
        let a: String = (0..40_000u64).map(|i| format!("w{} ", (i * 7919) % 10007)).collect();
        let b: String = (0..40_000u64).map(|i| format!("w{} ", (i * 104_729) % 10007)).collect();
        let r = redline(Some(&format!("**F1.1** {a}")), Some(&format!("**F1.1** {b}")));
        assert_eq!(r.blocks.len(), 2, "whole delete then whole insert");
        assert_eq!((r.inserted_words, r.deleted_words), (40_000, 40_000));
    }
}
