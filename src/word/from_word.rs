//! A Word redline of a document of the Code turned into the change-set that reproduces it.
//!
//! The redline is read twice, every tracked change rejected and every one accepted, each
//! into the Code's Markdown (`import_view`). The rejected text must read as the document in
//! the text folder, unit by unit; the accepted text is then compared with it unit by unit
//! (Parts, cross-headings and provisions matched by number): a provision only on one side
//! is inserted (`insert_after` / `insert_before`) or deleted (`delete`, `leave: nothing`,
//! or kept as "Not used" when the redline says so); a changed provision becomes `replace`
//! changes of its plain words (`in:` the provision, `expect: 1`) where few words changed,
//! and a `rewrite` where most did or its structure or formatting changed. The change-set is
//! applied before it is written, and its consolidated text must read as the accepted text.

use super::changes_yaml::{Change, yaml};
use super::document::View;
use super::{Imported, import_view, package, parse};
use crate::corpus::{Corpus, DocKind, Document, UnitKind};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::redline::{Piece, Segment, flatten};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The change-set made from a redline.
#[derive(Debug)]
pub struct Made {
    pub modification: String,
    pub path: PathBuf,
    pub yaml: String,
    /// How many changes it holds, and how many tracked changes the redline held.
    pub changes: usize,
    pub tracked: usize,
    pub warnings: Diagnostics,
}

/// Reads the redline at `docx` against `corpus` and makes its change-set (not yet written).
pub fn from_word(
    docx: &Path,
    corpus: &Corpus,
    out: Option<&Path>,
    modification: Option<&str>,
    id: Option<&str>,
) -> Result<Made, Diagnostics> {
    let package = package::read(docx)?;
    let rejected = import_view(docx, &package, id, View::Reject)?;
    let Some(base) = corpus.document(&rejected.id) else {
        return Err(Diagnostic::file_error(
            docx,
            format!(
                "the redline is of {} {}, which is not in the text folder {}",
                rejected.kind.as_str(),
                rejected.id,
                corpus.dir.display()
            ),
        )
        .help("name the folder that holds that document with --text DIR")
        .into());
    };
    let accepted = import_view(docx, &package, Some(&rejected.id), View::Accept)?;
    if !accepted.tracked {
        return Err(Diagnostic::file_error(docx, "the document holds no tracked changes")
            .help("make the changes in Word with Track Changes on (Review > Track Changes)")
            .into());
    }
    let rejected_doc = parse(&rejected, &corpus.dir)?;
    let accepted_doc = parse(&accepted, &corpus.dir)?;
    same_text(docx, base, &rejected_doc, &rejected)?;
    let id = modification_id(docx, modification)?;
    let path = out.map_or_else(
        || Path::new("changes").join(format!("{}.yaml", id.to_lowercase())),
        Path::to_path_buf,
    );
    let tracked: usize = accepted.revisions.values().map(Vec::len).sum();
    let revisions: Vec<(String, String)> = accepted.revisions.values().flatten().cloned().collect();
    // `replace` wherever it fits; a provision whose replaces do not give the redline's
    // text (a line break left where words were deleted reads as a space) is rewritten
    // instead, and if the change-set does not apply at all, every changed provision is.
    let mut rewrite: Rewrite = Rewrite::Some(BTreeSet::new());
    let mut last_error = Diagnostics::default();
    for _ in 0..3 {
        let changes = changes(docx, base, &accepted_doc, &accepted, &rejected, &rewrite)?;
        let yaml = yaml(&id, docx, &revisions, &changes);
        match verify(&path, &yaml, corpus, base, &accepted_doc) {
            Ok(()) => {
                return Ok(Made {
                    modification: id,
                    path,
                    yaml,
                    changes: changes.len(),
                    tracked,
                    warnings: accepted.warnings,
                });
            }
            Err(Mismatch::Units(units)) => match &mut rewrite {
                Rewrite::Some(set) if !units.is_subset(set) => set.extend(units),
                _ => rewrite = Rewrite::All,
            },
            Err(Mismatch::Invalid(ds)) => {
                last_error = ds;
                if rewrite == Rewrite::All {
                    break;
                }
                rewrite = Rewrite::All;
            }
        }
    }
    if last_error.is_empty() {
        last_error.push(
            Diagnostic::file_error(&path, "the change-set does not give the redline's accepted text")
                .help("please report this with the redline; the change-set was not written"),
        );
    }
    last_error.push(
        Diagnostic::file_error(docx, "the change-set made from this redline does not apply to the text")
            .help("the problems above are in the change-set the redline gives; fix the redline (e.g. an inserted provision's number) and run from-word again"),
    );
    Err(last_error)
}

/// Which changed provisions are written as a `rewrite` rather than `replace`s.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Rewrite {
    Some(BTreeSet<String>),
    All,
}

impl Rewrite {
    fn wants(&self, number: &str) -> bool {
        match self {
            Rewrite::Some(set) => set.contains(number),
            Rewrite::All => true,
        }
    }
}

/// Why a change-set does not do: it does not apply, or these provisions read otherwise.
enum Mismatch {
    Invalid(Diagnostics),
    Units(BTreeSet<String>),
}

/// The modification id: given, or the redline's file name in capitals.
fn modification_id(docx: &Path, given: Option<&str>) -> Result<String, Diagnostics> {
    let id = match given {
        Some(g) => g.to_string(),
        None => docx
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '-'
                }
            })
            .collect::<String>()
            .to_uppercase(),
    };
    let ok = !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    if !ok {
        return Err(
            Diagnostic::file_error(docx, format!("'{id}' cannot be a modification id"))
                .help("give one with --modification, e.g. --modification MP400 (letters, digits, -, _ and .)")
                .into(),
        );
    }
    Ok(id)
}

/// What a unit reads as: its words with their formatting, the spaces between them (any run
/// of spaces and line breaks is one), paragraph starts and labels, and table cells.
pub(crate) fn reading(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let piece = |p: &Piece, out: &mut Vec<String>| match p {
        Piece::Word { text, emphasis, .. } => out.push(format!(
            "{text}\u{1}{}{}{}",
            u8::from(emphasis.bold),
            u8::from(emphasis.italic),
            u8::from(emphasis.code)
        )),
        Piece::Boundary { level, label } => out.push(format!("\u{2}{level}{}", label.as_deref().unwrap_or(""))),
        // A space between words is what a reader sees ("number ." is not "number.").
        Piece::Space => out.push(" ".into()),
    };
    for s in flatten(text) {
        match s {
            Segment::Text(pieces) => pieces.iter().for_each(|p| piece(p, &mut out)),
            Segment::Table(t) => {
                for row in &t.rows {
                    out.push("\u{3}row".into());
                    for cell in row {
                        out.push("\u{3}cell".into());
                        cell.iter().for_each(|p| piece(p, &mut out));
                    }
                }
            }
        }
    }
    out
}

fn key(kind: &UnitKind) -> String {
    match kind {
        UnitKind::Part { number, .. } => format!("part {number}"),
        UnitKind::Provision { number } => format!("provision {number}"),
        UnitKind::CrossHeading { heading } => format!("heading {heading}"),
    }
}

/// The paragraph of the redline each unit of an imported document starts at.
fn unit_paragraphs(imported: &Imported) -> Vec<usize> {
    use super::import::Line;
    imported
        .lines
        .iter()
        .filter(|l| {
            matches!(
                l.line,
                Line::Part { .. } | Line::CrossHeading { .. } | Line::Provision { .. }
            )
        })
        .map(|l| l.paragraph)
        .collect()
}

/// The words of a reading, for a message.
fn shown(tokens: &[String]) -> String {
    tokens
        .iter()
        .filter_map(|t| t.split('\u{1}').next().filter(|w| !w.starts_with(['\u{2}', '\u{3}'])))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The redline's text with every change rejected must read as `base`; else an error naming
/// the first paragraph that differs.
fn same_text(docx: &Path, base: &Document, rejected: &Document, imported: &Imported) -> Result<(), Diagnostics> {
    let paragraphs = unit_paragraphs(imported);
    for i in 0..base.units.len().max(rejected.units.len()) {
        let b = base.units.get(i).map(|u| (key(&u.kind), reading(base.unit_text(i))));
        let r = rejected
            .units
            .get(i)
            .map(|u| (key(&u.kind), reading(rejected.unit_text(i))));
        if b == r {
            continue;
        }
        let (at, words) = match (&r, paragraphs.get(i)) {
            (Some((_, tokens)), Some(p)) => (format!("paragraph {p}"), shown(tokens)),
            _ => ("the end of the document".to_string(), String::new()),
        };
        let (line, unit) = match &b {
            Some((k, _)) => (base.file.locate(base.units[i].span.start).0.line, format!(" {k}")),
            None => (base.file.text.lines().count(), " (its end)".to_string()),
        };
        let cut = |s: &str| super::import::excerpt(s);
        let first_diff = match (&b, &r) {
            (Some((_, bt)), Some((_, rt))) => {
                let k = bt.iter().zip(rt).take_while(|(x, y)| x == y).count();
                format!(
                    ": it reads \"{}\" where the text reads \"{}\"",
                    cut(&shown(&rt[k.min(rt.len())..])),
                    cut(&shown(&bt[k.min(bt.len())..]))
                )
            }
            (None, Some(_)) => ": the text has no unit here".to_string(),
            _ => String::new(),
        };
        return Err(Diagnostic::file_error(
            docx,
            format!(
                "{at} (\"{}\"), with every tracked change rejected, is not the text of {}{unit} ({}:{line}){first_diff}",
                cut(&words),
                base.meta.name(),
                base.file.path.display(),
            ),
        )
        .help("from-word reads a redline made on the text folder's current version: start from the clean DOCX that `publish` writes of it")
        .into());
    }
    Ok(())
}

/// The reference of unit `i` of `doc` as a change-set writes it: `F2.1`, `Z:6.2`, `F2`, `Z:6`.
fn reference(doc: &Document, number: &str) -> String {
    let carries = doc.meta.kind == DocKind::Section && number.starts_with(&doc.meta.id);
    if carries {
        number.to_string()
    } else {
        format!("{}:{number}", doc.meta.id)
    }
}

/// The unit's Markdown without its trailing blank lines.
fn unit_markdown(doc: &Document, i: usize) -> String {
    doc.unit_text(i).trim_end().to_string()
}

fn revisions_of(imported: &Imported, paragraphs: &[usize], i: usize) -> Vec<(String, String)> {
    let start = paragraphs.get(i).copied().unwrap_or(usize::MAX);
    let end = paragraphs.get(i + 1).copied().unwrap_or(usize::MAX);
    imported
        .revisions
        .range(start..end)
        .flat_map(|(_, r)| r.iter().cloned())
        .collect()
}

/// The changes from `base` to `accepted`, in document order.
fn changes(
    docx: &Path,
    base: &Document,
    accepted: &Document,
    accepted_import: &Imported,
    rejected_import: &Imported,
    rewrite: &Rewrite,
) -> Result<Vec<Change>, Diagnostics> {
    let old: Vec<String> = base.units.iter().map(|u| key(&u.kind)).collect();
    let new: Vec<String> = accepted.units.iter().map(|u| key(&u.kind)).collect();
    let new_paragraphs = unit_paragraphs(accepted_import);
    let old_paragraphs = unit_paragraphs(rejected_import);
    let mut out = Vec::new();
    let mut problems = Diagnostics::default();
    let unsupported = |what: String, paragraph: Option<&usize>| {
        Diagnostic::file_error(
            docx,
            format!(
                "paragraph {}: {what}, which a change-set cannot do: a change-set adds, rewrites and deletes provisions and sub-paragraphs and changes the words of headings, but has no operation that adds, removes or renumbers a Part or a cross-heading (docs/format.md §3)",
                paragraph.map_or("?".to_string(), |p| p.to_string())
            ),
        )
        .help("reject that tracked change in Word and run from-word again for the rest; a new or removed heading has to be put to the Code Administrator apart from the change-set")
    };
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old, &new) {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            similar::DiffTag::Equal => {
                for (i, j) in o.zip(n) {
                    if reading(base.unit_text(i)) == reading(accepted.unit_text(j)) {
                        continue;
                    }
                    let by = revisions_of(accepted_import, &new_paragraphs, j);
                    match modified(base, i, accepted, j, rewrite) {
                        Ok(lines) => out.extend(lines.into_iter().map(|lines| Change { lines, by: by.clone() })),
                        Err(why) => problems.push(heading_unsaid(docx, why, new_paragraphs.get(j))),
                    }
                }
            }
            similar::DiffTag::Delete | similar::DiffTag::Replace | similar::DiffTag::Insert => {
                // A cross-heading is known by its words, so one whose words changed is a
                // heading gone and a heading come: paired again where each side has the same
                // cross-headings, in the same Parts.
                let heads = |doc: &Document, range: std::ops::Range<usize>| -> Vec<usize> {
                    range
                        .filter(|&k| matches!(doc.units[k].kind, UnitKind::CrossHeading { .. }))
                        .collect()
                };
                let (old_heads, new_heads) = (heads(base, o.clone()), heads(accepted, n.clone()));
                let paired = old_heads.len() == new_heads.len()
                    && old_heads
                        .iter()
                        .zip(&new_heads)
                        .all(|(&i, &j)| base.units[i].part == accepted.units[j].part);
                if paired {
                    for (&i, &j) in old_heads.iter().zip(&new_heads) {
                        let by = revisions_of(accepted_import, &new_paragraphs, j);
                        match modified(base, i, accepted, j, rewrite) {
                            Ok(lines) => out.extend(lines.into_iter().map(|lines| Change { lines, by: by.clone() })),
                            Err(why) => problems.push(heading_unsaid(docx, why, new_paragraphs.get(j))),
                        }
                    }
                }
                let is_paired =
                    |doc: &Document, k: usize| paired && matches!(doc.units[k].kind, UnitKind::CrossHeading { .. });
                for i in o.filter(|&i| !is_paired(base, i)) {
                    let by = revisions_of(rejected_import, &old_paragraphs, i);
                    match &base.units[i].kind {
                        UnitKind::Provision { number } => out.push(Change {
                            lines: vec![
                                ("delete".into(), reference(base, number)),
                                ("leave".into(), "nothing".into()),
                            ],
                            by,
                        }),
                        other => problems.push(unsupported(
                            format!("the redline deletes the {}", described(other)),
                            old_paragraphs.get(i),
                        )),
                    }
                }
                for j in n.filter(|&j| !is_paired(accepted, j)) {
                    let by = revisions_of(accepted_import, &new_paragraphs, j);
                    let UnitKind::Provision { .. } = &accepted.units[j].kind else {
                        problems.push(unsupported(
                            format!("the redline inserts the {}", described(&accepted.units[j].kind)),
                            new_paragraphs.get(j),
                        ));
                        continue;
                    };
                    out.push(Change {
                        lines: insertion(accepted, j),
                        by,
                    });
                }
            }
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(out)
}

/// A new provision: after the provision before it in its Part, else before the one after it.
fn insertion(accepted: &Document, j: usize) -> Vec<(String, String)> {
    let part = &accepted.units[j].part;
    let same_part = |k: &usize| accepted.units[*k].part == *part;
    let before = (0..j)
        .rev()
        .take_while(same_part)
        .find_map(|k| accepted.units[k].kind.provision());
    let text = unit_markdown(accepted, j);
    if let Some(prev) = before {
        return vec![
            ("insert_after".into(), reference(accepted, prev)),
            ("text".into(), text),
        ];
    }
    let after = (j + 1..accepted.units.len())
        .take_while(same_part)
        .find_map(|k| accepted.units[k].kind.provision());
    match after {
        Some(next) => vec![
            ("insert_before".into(), reference(accepted, next)),
            ("text".into(), text),
        ],
        // The only provision of its Part: after the Part's heading is not a change-set's
        // place, so it goes after the last provision before the Part (the checker says if
        // that is not its Part).
        None => {
            let prev = (0..j)
                .rev()
                .find_map(|k| accepted.units[k].kind.provision())
                .unwrap_or("");
            vec![
                ("insert_after".into(), reference(accepted, prev)),
                ("text".into(), text),
            ]
        }
    }
}

/// The changes that turn unit `i` of `base` into unit `j` of `accepted`; for a heading
/// whose change no `replace` can say, why not.
fn modified(
    base: &Document,
    i: usize,
    accepted: &Document,
    j: usize,
    rewrite: &Rewrite,
) -> Result<Vec<Vec<(String, String)>>, String> {
    let old_text = base.unit_text(i);
    let new_text = accepted.unit_text(j);
    match &base.units[i].kind {
        UnitKind::Provision { number } => {
            let scope = reference(base, number);
            // "F2.9 Not used" is how the Code deletes a provision and keeps its number.
            if reading(new_text) == reading(&format!("**{number}** Not used\n")) {
                return Ok(vec![vec![("delete".into(), scope)]]);
            }
            if !rewrite.wants(number)
                && let Some(replaces) = super::phrases::replaces(old_text, new_text)
            {
                return Ok(replaces
                    .into_iter()
                    .map(|(from, to)| {
                        vec![
                            ("in".into(), scope.clone()),
                            ("replace".into(), from),
                            ("with".into(), to),
                            ("expect".into(), "1".into()),
                        ]
                    })
                    .collect());
            }
            Ok(vec![vec![
                ("rewrite".into(), scope),
                ("text".into(), unit_markdown(accepted, j)),
            ]])
        }
        UnitKind::Part { .. } | UnitKind::CrossHeading { .. } => heading_change(base, i, accepted, j),
    }
}

/// A Part heading or cross-heading whose words changed, as `replace`s `in:` the Part it
/// heads or lies in (the document, before the first Part), `expect: 1`: the changed words
/// with enough of the heading's words around them to occur once in the heading, and an
/// `except:` of each provision of the scope where they also occur. A heading has no
/// reference of its own, so where they also occur in another heading of the scope the
/// whole heading is the phrase; if even that occurs twice, no `replace` can say it.
fn heading_change(
    base: &Document,
    i: usize,
    accepted: &Document,
    j: usize,
) -> Result<Vec<Vec<(String, String)>>, String> {
    let (old, new) = (&base.units[i], &accepted.units[j]);
    let what = described(&old.kind);
    if let (UnitKind::Part { number: a, .. }, UnitKind::Part { number: b, .. }) = (&old.kind, &new.kind)
        && a != b
    {
        return Err(format!("the redline renumbers the {what} as {b}"));
    }
    let scope_units: Vec<usize> = (0..base.units.len())
        .filter(|&k| base.units[k].part == old.part)
        .collect();
    let scope = match &old.part {
        Some(p) => reference(base, p),
        None => base.meta.id.clone(),
    };
    let old_words = heading_words(&old.kind);
    let new_words = heading_words(&new.kind);
    let minimal = super::phrases::replaces(base.unit_text(i), accepted.unit_text(j));
    let whole = vec![(old_words.to_string(), new_words.to_string())];
    // (phrase, its replacement, the provisions to leave out) for each candidate.
    let said = |pairs: &[(String, String)]| -> Option<Vec<Vec<(String, String)>>> {
        let mut out = Vec::new();
        for (from, to) in pairs {
            let mut except = Vec::new();
            for &k in scope_units.iter().filter(|&&k| k != i) {
                if !super::phrases::occurs(from, base.unit_text(k)) {
                    continue;
                }
                match &base.units[k].kind {
                    UnitKind::Provision { number } => except.push(reference(base, number)),
                    _ => return None,
                }
            }
            let mut lines = vec![
                ("in".to_string(), scope.clone()),
                ("replace".to_string(), from.clone()),
                ("with".to_string(), to.clone()),
            ];
            if !except.is_empty() {
                lines.push(("except".to_string(), except.join("\n")));
            }
            lines.push(("expect".to_string(), "1".to_string()));
            out.push(lines);
        }
        Some(out)
    };
    if old_words.trim().is_empty() || new_words.trim().is_empty() {
        return Err(format!("the redline leaves the {what} with no words"));
    }
    minimal
        .as_deref()
        .and_then(said)
        .or_else(|| said(&whole))
        .ok_or_else(|| format!("the {what} is changed, and its words are also another heading's in {scope}, so no replace can name it alone"))
}

/// The words of a heading, without a Part's number.
fn heading_words(kind: &UnitKind) -> &str {
    match kind {
        UnitKind::Part { heading, .. } | UnitKind::CrossHeading { heading } => heading,
        UnitKind::Provision { number } => number,
    }
}

/// A unit as a message names it: "Part 6 heading ('Withdrawal and Expiry of Certificates')".
fn described(kind: &UnitKind) -> String {
    match kind {
        UnitKind::Part { number, heading } => format!("Part {number} heading ('{heading}')"),
        UnitKind::CrossHeading { heading } => format!("cross-heading '{heading}'"),
        UnitKind::Provision { number } => format!("provision {number}"),
    }
}

/// A heading change no change-set can make, as an error at its paragraph.
fn heading_unsaid(path: &Path, why: String, paragraph: Option<&usize>) -> Diagnostic {
    Diagnostic::file_error(
        path,
        format!(
            "paragraph {}: {why}, which a change-set cannot say: a heading is changed by `replace` `in:` its Part, and has no reference of its own (docs/format.md §3)",
            paragraph.map_or("?".to_string(), |p| p.to_string())
        ),
    )
    .help("reject that tracked change in Word and run from-word again for the rest; change the heading's words so that they differ from the other heading's, or put the change to the Code Administrator apart from the change-set")
}

/// Applies the change-set to `corpus` and checks that the document it changes reads as
/// `accepted`, unit by unit.
fn verify(path: &Path, yaml: &str, corpus: &Corpus, base: &Document, accepted: &Document) -> Result<(), Mismatch> {
    let (set, problems) =
        crate::changeset::load_source(SourceFile::new(path, yaml.to_string())).map_err(Mismatch::Invalid)?;
    if problems.has_errors() {
        return Err(Mismatch::Invalid(problems));
    }
    let applied = crate::changeset::apply(corpus, &set).map_err(Mismatch::Invalid)?;
    let consolidated = crate::render::markdown::consolidated(&applied.edition, None);
    let text = consolidated
        .into_iter()
        .find(|(name, _)| *name == base.file_name)
        .map(|(_, t)| t)
        .unwrap_or_else(|| base.text().to_string());
    let amended = Corpus::from_files(&corpus.dir, vec![SourceFile::new(base.file.path.clone(), text)])
        .map_err(Mismatch::Invalid)?;
    let amended = &amended.documents[0];
    if amended.units.len() != accepted.units.len() {
        return Err(Mismatch::Invalid(Diagnostics::default()));
    }
    let mut units = BTreeSet::new();
    for k in 0..amended.units.len() {
        if key(&amended.units[k].kind) != key(&accepted.units[k].kind) {
            return Err(Mismatch::Invalid(Diagnostics::default()));
        }
        if reading(amended.unit_text(k)) != reading(accepted.unit_text(k)) {
            match accepted.units[k].kind.provision() {
                Some(n) => units.insert(n.to_string()),
                None => return Err(Mismatch::Invalid(Diagnostics::default())),
            };
        }
    }
    if units.is_empty() {
        Ok(())
    } else {
        Err(Mismatch::Units(units))
    }
}
