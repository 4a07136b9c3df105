//! Parses one `sec-text/*.md` file: front matter, then Parts, cross-headings and provisions.

use super::outline::{BlockKind, OutlineEntry, line_start, outline, outline_checked};
use super::{DocKind, Document, LabelPath, LineEnding, Meta, SubParagraph, Unit, UnitKind};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, nearest};
use crate::words::{Unsupported, bold_number, is_part_number, label_len, list_marker};
use crate::yaml::{self, front_matter};
use std::collections::{HashMap, HashSet};

const FRONT_MATTER_KEYS: &[&str] = &["document", "title", "kind", "version"];
/// Optional front-matter keys: `amended_by:` lists the modifications made to this version
/// since it was published (written by `build` into the consolidated text).
const OPTIONAL_FRONT_MATTER_KEYS: &[&str] = &["amended_by"];

/// Parses a document, reporting every problem found in it.
pub fn parse_document(file: SourceFile) -> Result<Document, Diagnostics> {
    if let Some(d) = control_character(&file, 0, file.text.len()) {
        return Err(d.into());
    }
    let bom = front_matter::bom(&file.text);
    let (meta, body_start) = read_front_matter(&file, bom)?;
    let (entries, refused) = outline_checked(&file.text[body_start..]);
    let mut body = Body::new(&file, &meta, body_start);
    for u in &refused {
        body.refuse(u);
    }
    for entry in entries {
        match entry {
            OutlineEntry::Block { kind, range } => body.block(kind, range),
            OutlineEntry::Item { depth, range } => body.item(depth, range),
        }
    }
    let (units, diagnostics) = body.finish();
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let text = file.text.as_str();
    let preamble_end = units.first().map_or(text.len(), |u| u.span.start);
    let line_ending = LineEnding::of(text);
    let file_name = file
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Document {
        meta,
        file_name,
        preamble: 0..preamble_end,
        units: units.into(),
        line_ending,
        file: std::sync::Arc::new(file),
    })
}

/// A document's body as it is read, block by block: its units so far, the Part they are
/// in, the sub-paragraphs of the unit being read, and every problem found.
struct Body<'f> {
    file: &'f SourceFile,
    meta: &'f Meta,
    /// Where the body starts in the file (outline ranges are relative to it).
    body_start: usize,
    units: Vec<Unit>,
    part: Option<String>,
    /// The labelled items of the unit being read.
    items: Items,
    /// Where each number is first printed, so a repeat is found without scanning every unit.
    printed: Printed,
    diagnostics: Diagnostics,
}

impl<'f> Body<'f> {
    fn new(file: &'f SourceFile, meta: &'f Meta, body_start: usize) -> Self {
        Body {
            file,
            meta,
            body_start,
            units: Vec::new(),
            part: None,
            items: Items::default(),
            printed: Printed::default(),
            diagnostics: Diagnostics::default(),
        }
    }

    fn text(&self) -> &'f str {
        self.file.text.as_str()
    }

    /// A construct the format refuses, located on its first line.
    fn refuse(&mut self, u: &Unsupported) {
        let (start, end) = (self.body_start + u.range.start, self.body_start + u.range.end);
        let width = self.text()[start..end]
            .lines()
            .next()
            .map_or(1, |l| l.chars().count().max(1));
        self.diagnostics.push(
            Diagnostic::at_offset(
                self.file,
                start,
                width,
                format!("{} is not part of the Code's text format", u.what),
            )
            .help(u.help),
        );
    }

    /// A block of the body: a heading or a numbered paragraph starts a unit; anything else
    /// belongs to the unit before it.
    fn block(&mut self, kind: BlockKind, range: std::ops::Range<usize>) {
        let range = range.start + self.body_start..range.end + self.body_start;
        let start = line_start(self.text(), range.start);
        if let Some(kind) = self.unit_kind(kind, &range) {
            self.start_unit(kind, start);
        }
    }

    /// What unit a block starts, if it starts one.
    fn unit_kind(&mut self, kind: BlockKind, range: &std::ops::Range<usize>) -> Option<UnitKind> {
        let text = self.text();
        match kind {
            BlockKind::Heading(1) => {
                if !self.units.is_empty() {
                    self.diagnostics.push(
                        Diagnostic::at_offset(self.file, range.start, 1, "a second `#` title inside the document")
                            .help("a document has one `#` title at the top; use `##` for a Part and `###` for a cross-heading"),
                    );
                }
                None
            }
            // An underlined heading is refused above; it is not read as a Part.
            BlockKind::Heading(_) if !text[range.clone()].trim_start().starts_with('#') => None,
            BlockKind::Heading(2) => self.part_heading(range),
            BlockKind::Heading(_) => Some(UnitKind::CrossHeading {
                heading: heading_text(&text[range.clone()]).to_string(),
            }),
            BlockKind::Paragraph => self.provision(range),
            _ => None,
        }
    }

    /// A `##` heading: a Part, whose number must be new and of this document.
    fn part_heading(&mut self, range: &std::ops::Range<usize>) -> Option<UnitKind> {
        let heading = heading_text(&self.text()[range.clone()]);
        match part_heading(self.meta, heading) {
            Ok((number, title)) => {
                if !self.printed.parts.insert(number.clone()) {
                    self.diagnostics.push(
                        Diagnostic::at_offset(
                            self.file,
                            range.start,
                            heading.len() + 3,
                            format!("Part {number} appears twice"),
                        )
                        .help("each Part number is printed once; renumbering Parts is not something this tool does"),
                    );
                }
                self.part = Some(number.clone());
                Some(UnitKind::Part {
                    number,
                    heading: title.to_string(),
                })
            }
            Err(message) => {
                self.diagnostics.push(
                    Diagnostic::at_offset(self.file, range.start, heading.len() + 3, message).help(format!(
                        "a Part heading starts with its number: `## {} Heading`",
                        part_example(self.meta)
                    )),
                );
                None
            }
        }
    }

    /// A paragraph that opens with a bold number: a provision, whose number must be new,
    /// apart from its first word, and of its Part.
    fn provision(&mut self, range: &std::ops::Range<usize>) -> Option<UnitKind> {
        let text = self.text();
        let (a, b, close) = bold_number(&text[range.clone()])?;
        let number = text[range.start + a..range.start + b].to_string();
        let at = range.start + a;
        if let Some(d) = glued_number(self.file, &text[range.start..], range.start, &number, close) {
            self.diagnostics.push(d);
        }
        let first = *self
            .printed
            .provisions
            .entry(number.clone())
            .or_insert(self.units.len());
        let first = (first < self.units.len()).then(|| self.units[first].span.start);
        if let Some(d) = check_provision_number(self.file, self.meta, first, self.part.as_deref(), &number, at) {
            self.diagnostics.push(d);
        }
        Some(UnitKind::Provision { number })
    }

    /// A unit starts at `start`: the one before it ends there, with its sub-paragraphs.
    fn start_unit(&mut self, kind: UnitKind, start: usize) {
        if let Some(last) = self.units.last_mut() {
            last.span.end = start;
            last.subparagraphs = std::mem::take(&mut self.items).finish();
        }
        self.items = Items::default();
        self.units.push(Unit {
            kind,
            part: self.part.clone(),
            span: start..self.text().len(),
            subparagraphs: Vec::new(),
        });
    }

    /// A list item of a provision: a sub-paragraph, whose label must differ from its
    /// siblings'.
    fn item(&mut self, depth: usize, range: std::ops::Range<usize>) {
        let text = self.text();
        let Some(unit) = self.units.last_mut() else { return };
        if !matches!(unit.kind, UnitKind::Provision { .. }) {
            return;
        }
        let range = range.start + self.body_start..range.end + self.body_start;
        if let Some((i, again)) = self.items.read(text, depth, range, unit.span.start)
            && again
        {
            let number = unit.number().unwrap_or_default().to_string();
            self.diagnostics.push(
                Diagnostic::at_offset(
                    self.file,
                    self.items.items[i].range.start + unit.span.start,
                    1,
                    format!("{number}{} appears twice", self.items.address(i)),
                )
                .help("labels within one list must differ: (a), (b), (c) …"),
            );
        }
    }

    /// The units read (the last given its sub-paragraphs) and the problems found.
    fn finish(mut self) -> (Vec<Unit>, Diagnostics) {
        if let Some(last) = self.units.last_mut() {
            last.subparagraphs = self.items.finish();
        }
        (self.units, self.diagnostics)
    }
}

/// The labelled list items of a standalone provision text (its own outline), relative to its start.
pub fn subparagraphs(text: &str) -> Vec<SubParagraph> {
    let mut items = Items::default();
    for e in outline(text) {
        if let OutlineEntry::Item { depth, range } = e {
            items.read(text, depth, range, 0);
        }
    }
    items.finish()
}

/// The labelled items of one unit as they are read, each knowing its parent: a label is
/// read and stored once however deep it is nested, and the paths of labels are made once
/// the unit is read ([`Items::finish`]), so 5,000 levels cost 5,000 labels, not 12.5 million.
#[derive(Default)]
struct Items {
    /// The item open at each depth (from 1) on the current branch; `None` where the item
    /// there, or one around it, has no label (nothing inside it is a sub-paragraph).
    stack: Vec<Option<usize>>,
    items: Vec<Item>,
    /// (the parent's path, label) → the path: equal label paths get the same number, so a
    /// label repeated within one list is found without comparing whole paths.
    paths: HashMap<(usize, String), usize>,
}

struct Item {
    label: String,
    parent: Option<usize>,
    depth: usize,
    /// Which label path this is (see [`Items::paths`]).
    path: usize,
    range: std::ops::Range<usize>,
}

impl Items {
    /// Reads the list item at `range` (nested `depth` deep); returns the sub-paragraph it
    /// is, if labelled, and whether its label path was read before in this unit.
    fn read(
        &mut self,
        text: &str,
        depth: usize,
        range: std::ops::Range<usize>,
        unit_start: usize,
    ) -> Option<(usize, bool)> {
        let item = &text[range.clone()];
        let label = list_marker(item).and_then(|m| {
            let after = &item[m..];
            label_len(after).map(|n| after[1..n - 1].to_string())
        });
        let depth = depth.max(1);
        self.stack.truncate(depth - 1);
        while self.stack.len() < depth - 1 {
            self.stack.push(None);
        }
        let parent = match depth {
            1 => Some(None),
            _ => self.stack[depth - 2].map(Some),
        };
        let (Some(label), Some(parent)) = (label, parent) else {
            self.stack.push(None);
            return None;
        };
        let mut end = range.end;
        // An item's range runs over the blank lines after it; the sub-paragraph ends at its text.
        while end > range.start && text.as_bytes()[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        let parent_path = parent.map_or(usize::MAX, |p| self.items[p].path);
        let fresh = self.paths.len();
        let path = *self.paths.entry((parent_path, label.clone())).or_insert(fresh);
        let i = self.items.len();
        self.items.push(Item {
            label,
            parent,
            depth,
            path,
            range: range.start - unit_start..end - unit_start,
        });
        self.stack.push(Some(i));
        Some((i, path != fresh))
    }

    /// `(b)(ii)` of item `i`.
    fn address(&self, i: usize) -> String {
        let mut labels = Vec::new();
        let mut at = Some(i);
        while let Some(j) = at {
            labels.push(self.items[j].label.as_str());
            at = self.items[j].parent;
        }
        labels.iter().rev().map(|l| format!("({l})")).collect()
    }

    /// The sub-paragraphs, each with its path of labels. Items are read parents first, so
    /// from the last back each item's path is its last child's, cut short; only an item
    /// with no children has its path written out.
    fn finish(self) -> Vec<SubParagraph> {
        let mut shared: Vec<Option<std::sync::Arc<[String]>>> = vec![None; self.items.len()];
        for i in (0..self.items.len()).rev() {
            if shared[i].is_none() {
                let mut labels = Vec::with_capacity(self.items[i].depth);
                let mut at = Some(i);
                while let Some(j) = at {
                    labels.push(self.items[j].label.clone());
                    at = self.items[j].parent;
                }
                labels.reverse();
                shared[i] = Some(labels.into());
            }
            if let Some(p) = self.items[i].parent
                && shared[p].is_none()
            {
                shared[p] = shared[i].clone();
            }
        }
        self.items
            .into_iter()
            .zip(shared)
            .map(|(item, labels)| SubParagraph {
                path: LabelPath::new(labels.unwrap_or_else(|| std::sync::Arc::from(Vec::new())), item.depth),
                range: item.range,
            })
            .collect()
    }
}

/// `## F2 Central Products List` → `F2 Central Products List`.
fn heading_text(line: &str) -> &str {
    line.trim_start_matches([' ', '\t'])
        .trim_start_matches('#')
        .trim()
        .trim_end_matches('#')
        .trim_end()
}

/// A provision number glued to its first word (`**F1.1**The`): CommonMark reads one word
/// "F1.1The" there, so the number is refused rather than read as a number the reader
/// does not see.
pub(crate) fn glued_number(
    file: &SourceFile,
    paragraph: &str,
    start: usize,
    number: &str,
    close: usize,
) -> Option<Diagnostic> {
    let next = paragraph[close..].chars().next()?;
    (!next.is_whitespace()).then(|| {
        Diagnostic::at_offset(
            file,
            start + close,
            1,
            format!("provision number {number} is joined to the text after it"),
        )
        .help(format!("put a space after **{number}**"))
    })
}

fn part_heading<'h>(meta: &Meta, heading: &'h str) -> Result<(String, &'h str), String> {
    let (number, title) = heading.split_once([' ', '\t']).unwrap_or((heading, ""));
    if !is_part_number(number) {
        return Err(format!("Part heading `{heading}` does not start with a Part number"));
    }
    let letters = number.trim_end_matches(|c: char| c.is_ascii_digit());
    if !letters.is_empty() && letters != meta.id {
        return Err(format!(
            "Part {number} is in {}, so its number starts with {}",
            meta.name(),
            meta.id
        ));
    }
    if meta.kind == DocKind::Section && letters.is_empty() {
        return Err(format!(
            "Part {number} of {} must carry the letter: {}{number}",
            meta.name(),
            meta.id
        ));
    }
    Ok((number.to_string(), title.trim()))
}

fn part_example(meta: &Meta) -> String {
    match meta.kind {
        DocKind::Section => format!("{}2", meta.id),
        DocKind::Appendix => "2".to_string(),
    }
}

/// The numbers and labels printed so far in a document, to find a repeat in O(1).
#[derive(Default)]
struct Printed {
    /// Provision number → the unit that first prints it.
    provisions: HashMap<String, usize>,
    parts: HashSet<String>,
}

/// `first`: where the provision `number` was first printed, if it was already.
fn check_provision_number(
    file: &SourceFile,
    meta: &Meta,
    first: Option<usize>,
    part: Option<&str>,
    number: &str,
    at: usize,
) -> Option<Diagnostic> {
    if let Some(first) = first {
        let (p, _) = file.locate(first);
        return Some(
            Diagnostic::at_offset(
                file,
                at,
                number.len(),
                format!("provision {number} appears twice in {}", meta.name()),
            )
            .help(format!(
                "it is first printed on line {}; numbers are as printed and must be unique",
                p.line
            )),
        );
    }
    let prefix = crate::number::part_of(number);
    match part {
        Some(part) if prefix != part => Some(
            Diagnostic::at_offset(
                file,
                at,
                number.len(),
                format!("provision {number} is printed in Part {part}"),
            )
            .help(format!(
                "move it under the heading of Part {prefix}, or number it {part}.<n>"
            )),
        ),
        None if meta.kind == DocKind::Section && !prefix.starts_with(&meta.id) => Some(
            Diagnostic::at_offset(
                file,
                at,
                number.len(),
                format!("provision {number} does not carry the letter of {}", meta.name()),
            )
            .help(format!("numbers in {} start with {}", meta.name(), meta.id)),
        ),
        _ => None,
    }
}

/// A document's front matter alone (its id, title, kind and version), without reading its
/// body: what the history needs to find a document by id.
pub fn read_meta(file: &SourceFile) -> Result<Meta, Diagnostics> {
    read_front_matter(file, front_matter::bom(&file.text)).map(|(meta, _)| meta)
}

fn read_front_matter(file: &SourceFile, bom: usize) -> Result<(Meta, usize), Diagnostics> {
    let text = &file.text;
    let missing = || {
        Diagnostics::from(
            Diagnostic::at_offset(file, bom, 1, "the document does not start with front matter").help(
                "start the file with `---`, then `document:`, `title:`, `kind:` and `version:` lines, then `---`",
            ),
        )
    };
    let block = match front_matter::find(text) {
        Ok(block) => block,
        Err(front_matter::Unfound::NotStarted) => return Err(missing()),
        Err(front_matter::Unfound::NotClosed) => {
            return Err(Diagnostic::at_offset(file, bom, 3, "the front matter is never closed")
                .help("end it with a line holding only `---`")
                .into());
        }
    };
    let root = front_matter::parse(file, text, &block)?;
    let Some(entries) = root.as_ref().and_then(yaml::entries) else {
        return Err(missing());
    };
    let mut diagnostics = Diagnostics::default();
    let mut fields = Fields::default();
    for (key, key_node, value) in &entries {
        fields.read(file, key, key_node, value, &mut diagnostics);
    }
    for key in FRONT_MATTER_KEYS {
        if !entries.iter().any(|(k, _, _)| k == key) {
            diagnostics.push(
                Diagnostic::at_offset(file, bom, 3, format!("the front matter has no `{key}:`"))
                    .help(format!("add a `{key}:` line between the `---` lines")),
            );
        }
    }
    match fields {
        Fields {
            id: Some(id),
            title: Some(title),
            kind: Some(kind),
            version: Some(version),
            amended_by,
        } if !diagnostics.has_errors() => Ok((
            Meta {
                id,
                title,
                kind,
                version,
                amended_by,
            },
            block.body,
        )),
        _ => Err(diagnostics),
    }
}

/// The front matter's values as they are read, each checked on its own.
#[derive(Default)]
struct Fields {
    id: Option<String>,
    title: Option<String>,
    kind: Option<DocKind>,
    version: Option<String>,
    amended_by: Vec<String>,
}

impl Fields {
    /// Reads one key of the front matter, reporting a bad value or an unknown key.
    fn read(
        &mut self,
        file: &SourceFile,
        key: &str,
        key_node: &yaml::Node,
        value: &yaml::Node,
        diagnostics: &mut Diagnostics,
    ) {
        let value_at = yaml::position(value, 2);
        let value_text = yaml::text(value).map(|v| v.trim().to_string());
        let bad_value = |what: &str, help: &str| {
            Diagnostic::at_position(file, value_at, yaml::width(value), format!("`{key}:` {what}"))
                .help(help.to_string())
        };
        match key {
            "document" => match value_text {
                Some(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_alphabetic()) => self.id = Some(v),
                _ => diagnostics.push(bad_value(
                    "must be the document's letters, e.g. F or Z",
                    "write `document: F`",
                )),
            },
            "title" => match value_text {
                Some(v) if !v.is_empty() => self.title = Some(v),
                _ => diagnostics.push(bad_value(
                    "must be the document's title",
                    "write `title: Smart Metering System Requirements`",
                )),
            },
            "kind" => match value_text.as_deref() {
                Some("Section") => self.kind = Some(DocKind::Section),
                Some("Appendix") => self.kind = Some(DocKind::Appendix),
                _ => diagnostics.push(bad_value(
                    "must be Section or Appendix",
                    "write `kind: Section` or `kind: Appendix`",
                )),
            },
            "version" => match value_text {
                Some(v) if !v.is_empty() => self.version = Some(v),
                _ => diagnostics.push(bad_value(
                    "must be text, such as \"1.0\"",
                    "quote the version: `version: \"1.0\"`",
                )),
            },
            "amended_by" => {
                let items: Vec<&yaml::Node> = match &value.data {
                    saphyr::YamlData::Sequence(items) => items.iter().collect(),
                    _ => vec![value],
                };
                for item in items {
                    match yaml::text(item).map(|t| t.trim().to_string()) {
                        Some(t) if !t.is_empty() => self.amended_by.push(t),
                        _ => diagnostics.push(bad_value(
                            "must list modification ids, e.g. [MP209]",
                            "write `amended_by: [MP209]`",
                        )),
                    }
                }
            }
            other => diagnostics.push(unknown_front_matter_key(file, other, key_node)),
        }
    }
}

/// An unknown key of the front matter, with the nearest known one.
fn unknown_front_matter_key(file: &SourceFile, key: &str, key_node: &yaml::Node) -> Diagnostic {
    let d = Diagnostic::at_position(
        file,
        yaml::position(key_node, 2),
        yaml::width(key_node),
        format!("unknown front-matter key '{key}'"),
    );
    let known: Vec<&str> = FRONT_MATTER_KEYS
        .iter()
        .chain(OPTIONAL_FRONT_MATTER_KEYS)
        .copied()
        .collect();
    match nearest(key, &known) {
        Some(k) => d.help(format!("did you mean '{k}'?")),
        None => d.help(format!("the keys are: {}", FRONT_MATTER_KEYS.join(", "))),
    }
}

/// The first control character, as a located error: those XML 1.0 forbids (a DOCX cannot hold
/// them) and those it discourages (DEL, C1), which are invisible and never meant in legal text.
/// Where the first control character of UTF-8 `bytes` starts: the C0 controls (bar tab and
/// line breaks), DEL and the C1 controls (U+0080–U+009F, e.g. U+0085 "next line", which
/// editors show as nothing: `C2 80`–`C2 9F`), and the two non-characters U+FFFE and U+FFFF
/// (`EF BF BE`, `EF BF BF`). Read as bytes: the Code's whole text goes through here.
fn control_at(bytes: &[u8]) -> Option<usize> {
    // A chunk of 256 bytes none of which could begin one is passed over: its test is
    // branch-free arithmetic the compiler vectorises (ten times the speed of a test per
    // byte). A chunk that could is read byte by byte (a sequence may run on into the next).
    const CHUNK: usize = 256;
    let suspect = |b: u8| {
        (((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0x7F) | (b == 0xC2) | (b == 0xEF)) as u8
    };
    let whole = bytes.len() / CHUNK * CHUNK;
    (0..whole)
        .step_by(CHUNK)
        .filter(|&start| {
            let mut any = 0u8;
            for &b in &bytes[start..start + CHUNK] {
                any |= suspect(b);
            }
            any != 0
        })
        .chain([whole])
        .find_map(|start| {
            let end = if start == whole { bytes.len() } else { start + CHUNK };
            (start..end).find(|&i| control_byte(bytes, i))
        })
}

/// Whether a control character begins at byte `i` (see [`control_at`]).
fn control_byte(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\t' | b'\n' | b'\r' => false,
        0..=0x1F | 0x7F => true,
        0xC2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)),
        0xEF => bytes.get(i + 1) == Some(&0xBF) && bytes.get(i + 2).is_some_and(|n| matches!(n, 0xBE | 0xBF)),
        _ => false,
    }
}

pub fn control_character(file: &SourceFile, start: usize, end: usize) -> Option<Diagnostic> {
    let text = &file.text[start..end];
    let i = control_at(text.as_bytes())?;
    let c = text[i..].chars().next()?;
    Some(
        Diagnostic::at_offset(file, start + i, 1, format!("control character U+{:04X} in the text", c as u32))
            .help("delete it; such characters usually come from copying text out of another program, and Word cannot open a document holding them"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_as_bytes_where_they_are_as_characters() {
        // Every character next to the edges of the refused ranges, alone and after text.
        let refused = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}');
        let edges = [
            0u32, 8, 9, 10, 11, 12, 13, 14, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0x85, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF, 0x100,
            0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x2028,
        ];
        for c in edges.iter().filter_map(|&u| char::from_u32(u)) {
            // Also at places in and around a 256-byte chunk, after text with benign
            // lead bytes ("§" is C2 A7, "\u{FFEF}" EF BF AF).
            let padded = (0..600)
                .step_by(3)
                .map(move |n| format!("{}{c} after", "§a\u{FFEF}b".repeat(n / 7) + &"x".repeat(n % 7)));
            for text in [format!("{c}"), format!("é text {c} more"), format!("\u{FFEF}{c}")]
                .into_iter()
                .chain(padded)
                .chain((0..600).map(|n| format!("{}{c}.", "x".repeat(n))))
            {
                let expected = text.char_indices().find(|&(_, c)| refused(c)).map(|(i, _)| i);
                assert_eq!(control_at(text.as_bytes()), expected, "U+{:04X} in {text:?}", c as u32);
            }
        }
    }

    #[test]
    fn sub_paragraph_paths_are_their_labels_from_the_outermost_in() {
        let text = "**F1.1** Text:\n\n- (a) one:\n  - (i) deep:\n    - (A) deeper;\n  - (ii) next;\n- no label:\n  - (i) not a sub-paragraph;\n- (b) last.\n";
        let subs = subparagraphs(text);
        let paths: Vec<(String, &str)> = subs
            .iter()
            .map(|s| (s.address(), text[s.range.clone()].lines().next().unwrap_or("")))
            .collect();
        assert_eq!(
            paths,
            [
                ("(a)".to_string(), "- (a) one:"),
                ("(a)(i)".to_string(), "- (i) deep:"),
                ("(a)(i)(A)".to_string(), "- (A) deeper;"),
                ("(a)(ii)".to_string(), "- (ii) next;"),
                ("(b)".to_string(), "- (b) last."),
            ]
        );
        assert!(subs[1].path == vec!["a".to_string(), "i".to_string()]);
        assert_eq!(subs[3].path.last().map(String::as_str), Some("ii"));
    }

    #[test]
    fn a_deep_list_holds_each_label_once() {
        let depth = 300;
        let mut text = String::from("**F1.1** Text:\n\n");
        for d in 0..depth {
            text.push_str(&format!("{}- (a{d}) level;\n", "  ".repeat(d)));
        }
        let subs = subparagraphs(&text);
        assert_eq!(subs.len(), depth);
        assert_eq!(subs[depth - 1].path.len(), depth);
        assert_eq!(subs[depth - 1].path[depth - 1], format!("a{}", depth - 1));
        assert_eq!(subs[7].path.len(), 8);
        assert_eq!(subs[7].path[..], subs[depth - 1].path[..8]);
        // One chain: every level's path is a prefix of the deepest's, held in one place.
        assert!(
            subs.iter()
                .all(|s| std::ptr::eq(s.path.as_ptr(), subs[0].path.as_ptr()))
        );
    }
}
