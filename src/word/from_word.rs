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
        let changes = changes(base, &accepted_doc, &accepted, &rejected, &rewrite)?;
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
pub fn reading(text: &str) -> Vec<String> {
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
            &accepted.file.path,
            format!(
                "paragraph {}: {what}, which a change-set cannot do",
                paragraph.map_or("?".to_string(), |p| p.to_string())
            ),
        )
        .help("a change-set changes provisions and the words of headings; make that change in the Markdown instead")
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
                        Some(lines) => out.extend(lines.into_iter().map(|lines| Change { lines, by: by.clone() })),
                        None => problems.push(unsupported(
                            format!(
                                "the heading '{}' is changed in a way a replace cannot say",
                                shown(&reading(base.unit_text(i)))
                            ),
                            new_paragraphs.get(j),
                        )),
                    }
                }
            }
            similar::DiffTag::Delete | similar::DiffTag::Replace | similar::DiffTag::Insert => {
                for i in o {
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
                            format!("the redline deletes the {}", key(other)),
                            old_paragraphs.get(i),
                        )),
                    }
                }
                for j in n {
                    let by = revisions_of(accepted_import, &new_paragraphs, j);
                    let UnitKind::Provision { .. } = &accepted.units[j].kind else {
                        problems.push(unsupported(
                            format!("the redline inserts the {}", key(&accepted.units[j].kind)),
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

/// The changes that turn unit `i` of `base` into unit `j` of `accepted`; `None` for a
/// heading whose change no `replace` can say.
fn modified(
    base: &Document,
    i: usize,
    accepted: &Document,
    j: usize,
    rewrite: &Rewrite,
) -> Option<Vec<Vec<(String, String)>>> {
    let old_text = base.unit_text(i);
    let new_text = accepted.unit_text(j);
    match &base.units[i].kind {
        UnitKind::Provision { number } => {
            let scope = reference(base, number);
            // "F2.9 Not used" is how the Code deletes a provision and keeps its number.
            if reading(new_text) == reading(&format!("**{number}** Not used\n")) {
                return Some(vec![vec![("delete".into(), scope)]]);
            }
            if !rewrite.wants(number)
                && let Some(replaces) = super::phrases::replaces(old_text, new_text)
            {
                return Some(
                    replaces
                        .into_iter()
                        .map(|(from, to)| {
                            vec![
                                ("in".into(), scope.clone()),
                                ("replace".into(), from),
                                ("with".into(), to),
                                ("expect".into(), "1".into()),
                            ]
                        })
                        .collect(),
                );
            }
            Some(vec![vec![
                ("rewrite".into(), scope),
                ("text".into(), unit_markdown(accepted, j)),
            ]])
        }
        UnitKind::Part { number, heading } => {
            let UnitKind::Part {
                heading: new,
                number: n2,
            } = &accepted.units[j].kind
            else {
                return None;
            };
            (n2 == number).then(|| {
                vec![vec![
                    ("in".into(), reference(base, number)),
                    ("replace".into(), heading.clone()),
                    ("with".into(), new.clone()),
                ]]
            })
        }
        UnitKind::CrossHeading { .. } => None,
    }
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
