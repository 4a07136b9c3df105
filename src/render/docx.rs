//! The DOCX annex: WordprocessingML written directly, with real Word tracked changes.
//!
//! Insertions are `w:ins`, deletions `w:del` with `w:delText`, each with the change-set's
//! author and date and an id unique in the document; a wholly inserted or deleted
//! paragraph also has its paragraph mark tracked, and table rows are tracked as rows.
//! Elements are written in the order the OOXML schema requires (Word refuses files
//! that break it), ids are numbered per document, and the zip has fixed entry order and
//! times: the same annex always gives the same bytes. See docs/decisions.md for why this
//! is not built on docx-rs.

use crate::annex::{Annex, Item};
use crate::redline::{Block, Change, Para, Style, Table};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{Cursor, Write};

/// How changes are shown in the DOCX.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Redline {
    /// Word tracked changes a reviewer can accept or reject.
    #[default]
    Tracked,
    /// Static formatting: insertions underlined, deletions struck through, in colour.
    Formatted,
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// A4 with 2.54 cm margins, in twentieths of a point.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN: u32 = 1440;
const TEXT_W: u32 = PAGE_W - 2 * MARGIN;
/// Where provision text starts (the number hangs in the margin before it), and each level's step.
const NUMBER_INDENT: u32 = 1134;
const LEVEL_STEP: u32 = 851;
const INS_COLOUR: &str = "0B57D0";
const DEL_COLOUR: &str = "B3261E";

/// The whole `.docx` package.
pub fn render(annex: &Annex, mode: Redline) -> Vec<u8> {
    package(annex, mode, false)
}

/// A clean document (the published Code): the annex's text with no cover, summary or
/// tracked change; `annex` is built with `Context::Full` from a document paired with itself.
pub fn render_clean(annex: &Annex) -> Vec<u8> {
    package(annex, Redline::Formatted, true)
}

fn package(annex: &Annex, mode: Redline, clean: bool) -> Vec<u8> {
    let mut w = Writer::new(annex, mode);
    w.document(annex, clean);
    let document = w.xml;
    let parts: [(&str, String); 9] = [
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", package_rels()),
        ("docProps/core.xml", core(annex)),
        ("docProps/app.xml", app()),
        ("word/document.xml", document),
        ("word/styles.xml", styles()),
        ("word/settings.xml", settings(mode)),
        ("word/footer1.xml", footer(annex)),
        ("word/_rels/document.xml.rels", document_rels()),
    ];
    zip(&parts)
}

fn zip(parts: &[(&str, String)]) -> Vec<u8> {
    let mut zw = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, text) in parts {
        // Writing to memory cannot fail short of running out of it.
        zw.start_file(*name, options).expect("a zip entry starts in memory");
        zw.write_all(text.as_bytes()).expect("a zip entry is written to memory");
    }
    zw.finish().expect("the zip is finished in memory").into_inner()
}

/// Text made safe for XML: escaped, and stripped of characters XML 1.0 cannot hold.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

struct Writer {
    xml: String,
    mode: Redline,
    /// `w:author="…" w:date="…"`, escaped once, for the author of the change being written.
    stamp: String,
    /// The annex's author, and the date every change carries.
    author: String,
    date: String,
    /// Whose `stamp` is: `None` for the annex's author, else a run's `by`.
    stamp_by: Option<String>,
    next_revision: u32,
    next_bookmark: u32,
    /// Each anchor's bookmark name: the anchor itself, or a short unique form of a long one.
    bookmarks: BTreeMap<String, String>,
}

/// Word's longest bookmark name; a longer one is cut short by Word, so two could collide.
const MAX_BOOKMARK: usize = 40;

/// Bookmark names for `anchors` (HTML anchors, e.g. `p-z-6-4`): an anchor of at most 40
/// characters is its own name; a longer one (a long document id) is cut to 34 and numbered
/// (`-1`, `-2`, …) to a name no other anchor has. Same anchors, same names.
fn bookmark_names<'a>(anchors: impl Iterator<Item = &'a str>) -> BTreeMap<String, String> {
    let mut order: Vec<&str> = Vec::new();
    let mut seen = BTreeSet::new();
    for a in anchors {
        if seen.insert(a) {
            order.push(a);
        }
    }
    let mut taken: BTreeSet<String> = order
        .iter()
        .filter(|a| a.len() <= MAX_BOOKMARK)
        .map(|a| a.to_string())
        .collect();
    let mut names = BTreeMap::new();
    let mut n = 0;
    for a in order {
        if a.len() <= MAX_BOOKMARK {
            names.insert(a.to_string(), a.to_string());
            continue;
        }
        let cut: String = a.chars().take(MAX_BOOKMARK - 6).collect();
        let name = loop {
            n += 1;
            let candidate = format!("{}-{n}", cut.trim_end_matches('-'));
            if !taken.contains(&candidate) {
                break candidate;
            }
        };
        taken.insert(name.clone());
        names.insert(a.to_string(), name);
    }
    names
}

impl Writer {
    fn new(annex: &Annex, mode: Redline) -> Self {
        Writer {
            xml: String::with_capacity(64 * 1024),
            mode,
            stamp: format!(
                r#"w:author="{}" w:date="{}T00:00:00Z""#,
                esc(&annex.cover.author),
                esc(stamp_date(annex))
            ),
            author: annex.cover.author.clone(),
            date: stamp_date(annex).to_string(),
            stamp_by: None,
            next_revision: 1,
            next_bookmark: 0,
            bookmarks: bookmark_names(
                annex
                    .documents
                    .iter()
                    .flat_map(|d| &d.items)
                    .filter_map(|i| match i {
                        Item::Heading { anchor, .. } | Item::Provision { anchor, .. } => Some(anchor.as_str()),
                        Item::Omission => None,
                    })
                    .chain(annex.summary.iter().map(|s| s.anchor.as_str())),
            ),
        }
    }

    /// The author of the changes written next: `by` (a release's modification) or the annex's.
    fn author(&mut self, by: Option<&str>) {
        if self.stamp_by.as_deref() == by {
            return;
        }
        self.stamp_by = by.map(str::to_string);
        self.stamp = format!(
            r#"w:author="{}" w:date="{}T00:00:00Z""#,
            esc(by.unwrap_or(&self.author)),
            esc(&self.date)
        );
    }

    /// The bookmark name of an anchor.
    fn bookmark<'s>(&'s self, anchor: &'s str) -> &'s str {
        self.bookmarks.get(anchor).map_or(anchor, String::as_str)
    }

    fn revision(&mut self, tag: &str) {
        let id = self.next_revision;
        self.next_revision += 1;
        let _ = write!(self.xml, r#"<w:{tag} w:id="{id}" {}"#, self.stamp);
    }

    fn document(&mut self, annex: &Annex, clean: bool) {
        let _ = write!(
            self.xml,
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>"#,
            "\n"
        );
        if clean {
            self.plain_para("Title", &[&annex.cover.heading]);
        } else {
            self.cover(annex);
        }
        for doc in &annex.documents {
            self.plain_para("Heading1", &[&format!("{}: {}", doc.name, doc.title)]);
            for item in &doc.items {
                match item {
                    Item::Omission => self.plain_para("Omission", &["\u{2026}"]),
                    Item::Heading {
                        level, anchor, redline, ..
                    } => {
                        let style = if *level == 2 { "Heading2" } else { "Heading3" };
                        for (i, b) in redline.blocks.iter().enumerate() {
                            if let Block::Para(p) = b {
                                self.para(style, p, (i == 0).then_some(anchor.as_str()), false);
                            }
                        }
                    }
                    Item::Provision { anchor, redline, .. } => {
                        for (i, b) in redline.blocks.iter().enumerate() {
                            let bookmark = (i == 0).then_some(anchor.as_str());
                            match b {
                                Block::Para(p) => {
                                    let style = if p.level == 0 && p.label.is_none() {
                                        "Body"
                                    } else {
                                        level_style(p.level)
                                    };
                                    self.para(style, p, bookmark, p.level == 0);
                                }
                                Block::Table(t) => self.table(t, bookmark),
                            }
                        }
                    }
                }
            }
        }
        let _ = write!(
            self.xml,
            r#"<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/><w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/><w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" w:header="708" w:footer="708" w:gutter="0"/><w:cols w:space="708"/></w:sectPr></w:body></w:document>"#
        );
    }

    fn cover(&mut self, annex: &Annex) {
        let c = &annex.cover;
        self.plain_para("Title", &[&c.modification, ": ", &c.title]);
        self.plain_para("Subtitle", &[&c.heading]);
        if !c.date.is_empty() {
            self.plain_para("Cover", &["Date:\t", &c.date]);
        }
        self.plain_para("Cover", &["Base text:\t", &c.base]);
        self.plain_para("Cover", &["Prepared by:\t", &c.author]);
        let key = match self.mode {
            Redline::Tracked => {
                "Changes are Word tracked changes: use Review \u{2192} Accept or Reject to step through them. \u{201c}\u{2026}\u{201d} marks unchanged text left out."
            }
            Redline::Formatted => {
                "Inserted text is underlined; deleted text is struck through. \u{201c}\u{2026}\u{201d} marks unchanged text left out."
            }
        };
        self.plain_para("Key", &[key]);
        self.plain_para("Heading1", &["Summary of changes"]);
        let rows: Vec<Vec<String>> = annex
            .summary
            .iter()
            .map(|s| {
                vec![
                    s.document.clone(),
                    s.address.clone(),
                    match &s.note {
                        Some(note) => format!("{} ({note})", format!("{:?}", s.status).to_lowercase()),
                        None => format!("{:?}", s.status).to_lowercase(),
                    },
                    s.inserted_words.to_string(),
                    s.deleted_words.to_string(),
                ]
            })
            .collect();
        // Like the HTML summary, each provision links to its place in the annex.
        let links: Vec<&str> = annex.summary.iter().map(|s| s.anchor.as_str()).collect();
        self.plain_table(
            &["Document", "Provision", "Change", "Words inserted", "Words deleted"],
            &[2000, 2000, 1626, 1700, 1700],
            &rows,
            Some((1, &links)),
        );
        if !annex.left_unchanged.is_empty() {
            self.plain_para("Heading2", &["Left unchanged"]);
            self.plain_para(
                "Key",
                &["Occurrences of a replaced term that this modification leaves as they are, and why."],
            );
            let rows: Vec<Vec<String>> = annex
                .left_unchanged
                .iter()
                .map(|l| {
                    vec![
                        format!("{}-", l.term),
                        l.address.clone(),
                        l.word.clone(),
                        l.reason_text.clone(),
                    ]
                })
                .collect();
            self.plain_table(
                &["Term", "Where", "Word", "Why"],
                &[1200, 1500, 1300, 5026],
                &rows,
                None,
            );
        }
    }

    /// A table of plain text with a repeated header row; `link` makes one column's cells
    /// hyperlinks to the given bookmarks, row by row.
    fn plain_table(&mut self, header: &[&str], widths: &[u32], rows: &[Vec<String>], link: Option<(usize, &[&str])>) {
        self.xml.push_str(r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#);
        for wd in widths {
            let _ = write!(self.xml, r#"<w:gridCol w:w="{wd}"/>"#);
        }
        self.xml.push_str("</w:tblGrid>");
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        for (i, row) in std::iter::once(&header).chain(rows).enumerate() {
            // A row is never split across pages; the header row repeats on each.
            self.xml.push_str(if i == 0 {
                "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
            } else {
                "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            });
            for (c, (cell, wd)) in row.iter().zip(widths).enumerate() {
                let _ = write!(
                    self.xml,
                    r#"<w:tc><w:tcPr><w:tcW w:w="{wd}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>"#
                );
                match link {
                    Some((column, anchors)) if i > 0 && c == column => {
                        let _ = write!(
                            self.xml,
                            r#"<w:hyperlink w:anchor="{}" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:hyperlink>"#,
                            esc(self.bookmark(anchors[i - 1])),
                            esc(cell)
                        );
                    }
                    _ => self.run(cell, Change::Equal, i == 0, false),
                }
                self.xml.push_str("</w:p></w:tc>");
            }
            self.xml.push_str("</w:tr>");
        }
        self.xml.push_str("</w:tbl>");
    }

    /// A paragraph of plain text (tabs allowed), untracked.
    fn plain_para(&mut self, style: &str, pieces: &[&str]) {
        let _ = write!(self.xml, r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#);
        for piece in pieces {
            for (i, part) in piece.split('\t').enumerate() {
                if i > 0 {
                    self.xml.push_str("<w:r><w:tab/></w:r>");
                }
                if !part.is_empty() {
                    self.run(part, Change::Equal, false, false);
                }
            }
        }
        self.xml.push_str("</w:p>");
    }

    /// A redlined paragraph: its label, a tab, then its runs; the mark tracked as the redline says.
    fn para(&mut self, style: &str, p: &Para, bookmark: Option<&str>, bold_label: bool) {
        let _ = write!(self.xml, r#"<w:p><w:pPr><w:pStyle w:val="{style}"/>"#);
        // A new or removed paragraph's label and mark belong to whoever changed its words.
        let by = p
            .runs
            .iter()
            .find(|r| r.change != Change::Equal)
            .and_then(|r| r.by.as_deref());
        self.author(by);
        if p.mark != Change::Equal && self.mode == Redline::Tracked {
            self.xml.push_str("<w:rPr>");
            self.revision(if p.mark == Change::Ins { "ins" } else { "del" });
            self.xml.push_str("/></w:rPr>");
        }
        self.xml.push_str("</w:pPr>");
        if let Some(name) = bookmark {
            let id = self.next_bookmark;
            self.next_bookmark += 1;
            let _ = write!(
                self.xml,
                r#"<w:bookmarkStart w:id="{id}" w:name="{}"/><w:bookmarkEnd w:id="{id}"/>"#,
                esc(self.bookmark(name))
            );
        }
        if let Some(label) = &p.label {
            self.run(label, p.label_change, bold_label, false);
            self.tab(p.label_change);
        }
        for r in &p.runs {
            self.author(r.by.as_deref().or(by));
            self.run_was(&r.text, r.change, r.bold, r.italic, r.was);
        }
        self.author(None);
        self.xml.push_str("</w:p>");
    }

    fn tab(&mut self, change: Change) {
        self.wrap(change, |w| {
            w.xml.push_str("<w:r>");
            w.rpr(change, false, false, None);
            w.xml.push_str("<w:tab/></w:r>");
        });
    }

    /// Wraps content in `w:ins`/`w:del` when tracking.
    fn wrap(&mut self, change: Change, content: impl FnOnce(&mut Self)) {
        let tag = match (self.mode, change) {
            (Redline::Tracked, Change::Ins) => Some("ins"),
            (Redline::Tracked, Change::Del) => Some("del"),
            _ => None,
        };
        if let Some(tag) = tag {
            self.revision(tag);
            self.xml.push('>');
        }
        content(self);
        if let Some(tag) = tag {
            let _ = write!(self.xml, "</w:{tag}>");
        }
    }

    /// Run properties in schema order: b, i, strike, color, u, and last the tracked
    /// formatting change (`w:rPrChange`, holding the properties before it).
    fn rpr(&mut self, change: Change, bold: bool, italic: bool, was: Option<Style>) {
        let formatted = self.mode == Redline::Formatted && (change != Change::Equal || was.is_some());
        let tracked_format = self.mode == Redline::Tracked && was.is_some();
        if !(bold || italic || formatted || tracked_format) {
            return;
        }
        self.xml.push_str("<w:rPr>");
        if bold {
            self.xml.push_str("<w:b/>");
        }
        if italic {
            self.xml.push_str("<w:i/>");
        }
        if formatted {
            match change {
                Change::Del => {
                    let _ = write!(self.xml, r#"<w:strike/><w:color w:val="{DEL_COLOUR}"/>"#);
                }
                Change::Ins => {
                    let _ = write!(self.xml, r#"<w:color w:val="{INS_COLOUR}"/><w:u w:val="single"/>"#);
                }
                // Kept words whose formatting changed: a dotted underline in the insertion colour.
                Change::Equal => {
                    let _ = write!(self.xml, r#"<w:color w:val="{INS_COLOUR}"/><w:u w:val="dotted"/>"#);
                }
            }
        }
        if let (true, Some(was)) = (tracked_format, was) {
            self.revision("rPrChange");
            self.xml.push_str("><w:rPr>");
            if was.bold {
                self.xml.push_str("<w:b/>");
            }
            if was.italic {
                self.xml.push_str("<w:i/>");
            }
            self.xml.push_str("</w:rPr></w:rPrChange>");
        }
        self.xml.push_str("</w:rPr>");
    }

    fn run(&mut self, text: &str, change: Change, bold: bool, italic: bool) {
        self.run_was(text, change, bold, italic, None);
    }

    /// A run; `was` is its formatting before a formatting-only change.
    fn run_was(&mut self, text: &str, change: Change, bold: bool, italic: bool, was: Option<Style>) {
        if text.is_empty() {
            return;
        }
        self.wrap(change, |w| {
            w.xml.push_str("<w:r>");
            w.rpr(change, bold, italic, was);
            let tag = if change == Change::Del && w.mode == Redline::Tracked {
                "w:delText"
            } else {
                "w:t"
            };
            let _ = write!(w.xml, r#"<{tag} xml:space="preserve">{}</{tag}>"#, esc(text));
            w.xml.push_str("</w:r>");
        });
    }

    fn table(&mut self, t: &Table, bookmark: Option<&str>) {
        if let Some(name) = bookmark {
            // A table cannot hold a bookmark before it; an empty paragraph carries it.
            let id = self.next_bookmark;
            self.next_bookmark += 1;
            let _ = write!(
                self.xml,
                r#"<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr><w:bookmarkStart w:id="{id}" w:name="{}"/><w:bookmarkEnd w:id="{id}"/></w:p>"#,
                esc(self.bookmark(name))
            );
        }
        let columns = t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(1).max(1);
        let widths = column_widths(t, columns, TEXT_W - NUMBER_INDENT);
        let _ = write!(
            self.xml,
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblInd w:w="{NUMBER_INDENT}" w:type="dxa"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#
        );
        for wd in &widths {
            let _ = write!(self.xml, r#"<w:gridCol w:w="{wd}"/>"#);
        }
        self.xml.push_str("</w:tblGrid>");
        for row in &t.rows {
            self.xml.push_str("<w:tr>");
            let tracked_row = row.change != Change::Equal && self.mode == Redline::Tracked;
            if row.header || tracked_row {
                self.xml.push_str("<w:trPr>");
                if row.header {
                    self.xml.push_str("<w:tblHeader/>");
                }
                if tracked_row {
                    let by = row.cells.iter().flatten().find_map(|r| r.by.as_deref());
                    self.author(by);
                    self.revision(if row.change == Change::Ins { "ins" } else { "del" });
                    self.xml.push_str("/>");
                }
                self.xml.push_str("</w:trPr>");
            }
            for (c, width) in widths.iter().enumerate() {
                let _ = write!(
                    self.xml,
                    r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>"#
                );
                for r in row.cells.get(c).map(Vec::as_slice).unwrap_or_default() {
                    self.author(r.by.as_deref());
                    self.run_was(&r.text, r.change, r.bold || row.header, r.italic, r.was);
                }
                self.author(None);
                self.xml.push_str("</w:p></w:tc>");
            }
            self.xml.push_str("</w:tr>");
        }
        self.xml.push_str("</w:tbl>");
    }
}

fn level_style(level: usize) -> &'static str {
    match level {
        0 => "Provision",
        1 => "Level1",
        2 => "Level2",
        3 => "Level3",
        _ => "Level4",
    }
}

/// Column widths in proportion to each column's longest cell (within bounds), summing to `total`.
fn column_widths(t: &Table, columns: usize, total: u32) -> Vec<u32> {
    let mut longest = vec![6usize; columns];
    for row in &t.rows {
        for (c, cell) in row.cells.iter().enumerate() {
            let len: usize = cell.iter().map(|r| r.text.chars().count()).sum();
            longest[c] = longest[c].max(len.min(60));
        }
    }
    let sum: usize = longest.iter().sum();
    let mut widths: Vec<u32> = longest.iter().map(|&l| (total as usize * l / sum) as u32).collect();
    let used: u32 = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += total - used;
    }
    widths
}

fn content_types() -> String {
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#.to_string()
}

fn package_rels() -> String {
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#.to_string()
}

fn document_rels() -> String {
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#.to_string()
}

/// The date the document and its tracked changes carry. Word's rules want a date on every
/// tracked change, and the output must not depend on the clock: a `compare` given no
/// `--date` uses the zip epoch, 1980-01-01, as "no date".
fn stamp_date(annex: &Annex) -> &str {
    if annex.cover.date.is_empty() {
        "1980-01-01"
    } else {
        &annex.cover.date
    }
}

fn core(annex: &Annex) -> String {
    let c = &annex.cover;
    let date = esc(stamp_date(annex));
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{} {}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:modified></cp:coreProperties>"#,
        esc(&c.modification),
        esc(&c.heading),
        esc(&c.title),
        esc(&c.author)
    )
}

fn app() -> String {
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>sec-redline</Application></Properties>"#.to_string()
}

fn settings(mode: Redline) -> String {
    // Tracking on: a reviewer's own edits to the annex are tracked too.
    let track = if mode == Redline::Tracked {
        "<w:trackRevisions/>"
    } else {
        ""
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/>{track}<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#
    )
}

fn footer(annex: &Annex) -> String {
    let c = &annex.cover;
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:t xml:space="preserve">{} {} — page </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> of </w:t></w:r><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>"#,
        esc(&c.modification),
        esc(&c.heading)
    )
}

/// Paragraph styles: headings for the Navigation pane, hanging indents for numbers and labels.
fn styles() -> String {
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#
    );
    s.push_str(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#);
    s.push_str(r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#);
    s.push_str(r#"<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>"#);
    s.push_str(r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#);
    let heading = |id: &str, name: &str, level: u8, size: u32, italic: bool, before: u32| {
        format!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:tabs><w:tab w:val="left" w:pos="{NUMBER_INDENT}"/></w:tabs><w:spacing w:before="{before}" w:after="120"/><w:outlineLvl w:val="{level}"/></w:pPr><w:rPr><w:b/>{}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>"#,
            if italic { "<w:i/>" } else { "" }
        )
    };
    s.push_str(&heading("Heading1", "heading 1", 0, 30, false, 360));
    s.push_str(&heading("Heading2", "heading 2", 1, 24, false, 280));
    s.push_str(&heading("Heading3", "heading 3", 2, 21, true, 200));
    s.push_str(r#"<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/><w:pPr><w:spacing w:after="60"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>"#);
    s.push_str(r#"<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="11"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>"#);
    s.push_str(r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="Cover"><w:name w:val="Cover"/><w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="left" w:pos="1985"/></w:tabs><w:spacing w:after="40"/></w:pPr></w:style>"#);
    s.push_str(r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="Key"><w:name w:val="Key"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240"/></w:pPr><w:rPr><w:i/><w:color w:val="5F6368"/></w:rPr></w:style>"#);
    s.push_str(r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="Omission"><w:name w:val="Omission"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:color w:val="5F6368"/></w:rPr></w:style>"#);
    s.push_str(r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="40" w:after="40"/></w:pPr><w:rPr><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr></w:style>"#);
    let level = |id: &str, left: u32, hanging: u32| {
        format!(
            r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="{id}"><w:name w:val="{id}"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:tabs><w:tab w:val="left" w:pos="{left}"/></w:tabs><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr></w:style>"#
        )
    };
    s.push_str(&level("Provision", NUMBER_INDENT, NUMBER_INDENT));
    s.push_str(&format!(r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="Body"><w:name w:val="Body"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:left="{NUMBER_INDENT}"/></w:pPr></w:style>"#));
    for l in 1..=4u32 {
        s.push_str(&level(&format!("Level{l}"), NUMBER_INDENT + l * LEVEL_STEP, LEVEL_STEP));
    }
    s.push_str(r#"<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>"#);
    s.push_str(r#"<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>"#);
    s.push_str("</w:styles>");
    s
}
