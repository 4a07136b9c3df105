//! The DOCX annex: WordprocessingML written directly, with real Word tracked changes.
//!
//! Insertions are `w:ins`, deletions `w:del` with `w:delText`, each with the change-set's
//! author and date and an id unique in the document; a wholly inserted or deleted
//! paragraph also has its paragraph mark tracked, and table rows are tracked as rows.
//! Elements are written in the order the OOXML schema requires (Word refuses files
//! that break it), ids are numbered per document, and the zip has fixed entry order and
//! times: the same annex always gives the same bytes. See docs/decisions.md for why this
//! is not built on docx-rs.

use crate::annex::{Annex, Item, Shown};
use crate::redline::{Block, Change, Para, Table};
use crate::words::Emphasis;
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
/// The gap between a deletion and the insertion after it: 4 pt of extra character spacing
/// on the deletion's last letter (`w:spacing` is in twentieths of a point).
const GAP: &str = r#"<w:spacing w:val="80"/>"#;

/// The whole `.docx` package.
pub fn render(annex: &Annex, mode: Redline) -> Vec<u8> {
    package(annex, mode, false)
}

/// A clean document (the published Code): the annex's text with no cover, summary or
/// tracked change; `annex` is built with `Context::Full` from a document paired with itself.
pub(crate) fn render_clean(annex: &Annex) -> Vec<u8> {
    package(annex, Redline::Formatted, true)
}

fn package(annex: &Annex, mode: Redline, clean: bool) -> Vec<u8> {
    // Every item with reasons gets a comment: known before the document is written, so the
    // parts before `word/document.xml` can be written first and the document streamed.
    let has_comments = annex
        .documents
        .iter()
        .flat_map(|d| &d.items)
        .any(|i| i.shown().is_some_and(|s| !s.reasons.is_empty()));
    let mut zw = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in [
        ("[Content_Types].xml", content_types(has_comments)),
        ("_rels/.rels", package_rels()),
        ("docProps/core.xml", core(annex)),
        ("docProps/app.xml", app()),
    ] {
        entry(&mut zw, name, text.len())
            .write_all(text.as_bytes())
            .expect(WRITTEN);
    }
    let mut w = Writer::new(annex, mode, clean, zw);
    w.document(annex, clean);
    w.spill(true);
    let Writer {
        zip: mut zw,
        comments,
        stamp,
        ..
    } = w;
    debug_assert_eq!(has_comments, !comments.is_empty());
    let mut parts: Vec<(&str, String)> = vec![
        ("word/styles.xml", styles(mode)),
        ("word/settings.xml", settings(mode)),
        ("word/header1.xml", header(annex)),
        ("word/footer1.xml", footer(annex)),
    ];
    if has_comments {
        parts.push(("word/comments.xml", comments_part(&comments, &stamp)));
    }
    parts.push(("word/_rels/document.xml.rels", document_rels(has_comments)));
    for (name, text) in parts {
        entry(&mut zw, name, text.len())
            .write_all(text.as_bytes())
            .expect(WRITTEN);
    }
    zw.finish().expect("the zip is finished in memory").into_inner()
}

/// Writing to memory cannot fail short of running out of it.
const WRITTEN: &str = "a zip entry is written to memory";

/// `word/comments.xml`: one Word comment per changed provision that has reasons, each
/// reason a paragraph, so Word shows them in the margin and the Review pane.
fn comments_part(comments: &[(u32, Vec<String>)], stamp: &str) -> String {
    let mut x = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<w:comments xmlns:w="{W_NS}">"#,
        "\n"
    );
    for (id, reasons) in comments {
        let _ = write!(x, r#"<w:comment w:id="{id}" {stamp}>"#);
        for (i, reason) in reasons.iter().enumerate() {
            x.push_str(r#"<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>"#);
            if i == 0 {
                x.push_str(r#"<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>"#);
            }
            let _ = write!(x, r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#, esc(reason));
        }
        x.push_str("</w:comment>");
    }
    x.push_str("</w:comments>");
    x
}

/// Parts longer than this are deflated at level 1 rather than 6: on a redline of tens of
/// megabytes level 6 took a quarter of the whole run, for files about a fifth smaller.
/// Decided by the part's length, so the same annex always gives the same bytes.
const FAST_DEFLATE_ABOVE: usize = 8 << 20;

/// A `word/document.xml` longer than this and [`SPILL_EVERY`] is deflated as it is written
/// rather than held whole (a redline of 100 MB of text made a string of 270 MB), keeping this much of it
/// ahead of the deflater: each of its calls then reads only from input it was handed whole
/// (one call reads at most some 15 MB even of the most repetitive text, and each fill of its
/// 64 kB window finds the window's worth there), so its bytes are those of one `write_all`
/// of the whole part.
const SPILL_AHEAD: usize = 16 << 20;
/// How much is written to the deflater at a time (the string then stays under 32 MB).
const SPILL_EVERY: usize = 8 << 20;

/// Starts the zip entry `name` of `len` bytes (its compression decided by its length).
fn entry<'z>(zw: &'z mut Zip, name: &str, len: usize) -> &'z mut Zip {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(if len > FAST_DEFLATE_ABOVE { 1 } else { 6 }))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    zw.start_file(name, options).expect("a zip entry starts in memory");
    zw
}

type Zip = zip::ZipWriter<Cursor<Vec<u8>>>;

/// Text made safe for XML: escaped, and stripped of characters XML 1.0 cannot hold.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    esc_into(&mut out, s);
    out
}

/// [`esc`], written at the end of `out`; text with nothing to escape (most runs) is copied whole.
fn esc_into(out: &mut String, s: &str) {
    let plain = s
        .bytes()
        .all(|b| b >= 0x20 && !matches!(b, b'&' | b'<' | b'>' | b'"' | 0xEF));
    if plain {
        out.push_str(s);
        return;
    }
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
}

struct Writer {
    /// The end of `word/document.xml` not yet in the zip (all of it while it is short).
    xml: String,
    /// The package being written; `word/document.xml` is its entry being written once
    /// `streaming`.
    zip: Zip,
    streaming: bool,
    /// How many bytes at the start of `xml` are already in the zip.
    sent: usize,
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
    /// The run being written ends a deletion that an insertion follows: widen its spacing.
    spaced: bool,
    /// Comments written so far: id and reasons.
    comments: Vec<(u32, Vec<String>)>,
    /// The comment being anchored on the current item's changed runs: its id, how many
    /// changed runs are still to come, and whether its range has started.
    comment: Option<(u32, usize, bool)>,
}

/// How many runs of a redline show a change (inserted, deleted or reformatted), in the
/// order the writer meets them: a paragraph's label, then its runs; a table's cells.
fn changed_runs(blocks: &[Block]) -> usize {
    let changed = |r: &crate::redline::Run| r.change != Change::Equal || r.was().is_some();
    blocks
        .iter()
        .map(|b| match b {
            Block::Para(p) => {
                usize::from(p.label.is_some() && p.label_change != Change::Equal)
                    + p.runs.iter().filter(|r| changed(r)).count()
            }
            Block::Table(t) => t
                .rows
                .iter()
                .flat_map(|r| &r.cells)
                .flatten()
                .filter(|r| changed(r))
                .count(),
        })
        .sum()
}

/// Word's longest bookmark name; a longer one is cut short by Word, so two could collide.
const MAX_BOOKMARK: usize = 40;

/// Bookmark names for `anchors` (HTML anchors, e.g. `p-z-6-4`), at most 40 characters, each
/// name once. An anchor's name is the anchor itself in an annex, and in a `clean` document
/// (which `import` and `from-word` read back) the anchor with `_` for `-`, so that it has
/// only the letters, digits and `_` Word allows in a name (`p_z_6_4`, `p_f2_1_b_ii`). A
/// longer one (a long document id, a deep sub-paragraph) is cut to 34 characters and
/// numbered (`-1`, or `_1` when clean, …) to a name no other anchor has. Same anchors, same
/// names.
fn bookmark_names<'a>(anchors: impl Iterator<Item = &'a str>, clean: bool) -> BTreeMap<String, String> {
    let mut order: Vec<&str> = Vec::new();
    let mut seen = BTreeSet::new();
    for a in anchors {
        if seen.insert(a) {
            order.push(a);
        }
    }
    let sep = if clean { '_' } else { '-' };
    let word = |a: &str| if clean { a.replace('-', "_") } else { a.to_string() };
    let mut taken: BTreeSet<String> = order
        .iter()
        .filter(|a| a.len() <= MAX_BOOKMARK)
        .map(|a| word(a))
        .collect();
    let mut names = BTreeMap::new();
    let mut n = 0;
    for a in order {
        if a.len() <= MAX_BOOKMARK {
            names.insert(a.to_string(), word(a));
            continue;
        }
        let cut: String = word(a).chars().take(MAX_BOOKMARK - 6).collect();
        let name = loop {
            n += 1;
            let candidate = format!("{}{sep}{n}", cut.trim_end_matches(sep));
            if !taken.contains(&candidate) {
                break candidate;
            }
        };
        taken.insert(name.clone());
        names.insert(a.to_string(), name);
    }
    names
}

/// The anchor of each block of a provision that is a sub-paragraph (`None` for the others):
/// the provision's anchor and the label of each level of its path, `p-z-6-4-b-ii`, as
/// `annex::anchor` makes of the address `Z:6.4(b)(ii)`.
fn sub_anchors(anchor: &str, blocks: &[Block]) -> Vec<Option<String>> {
    let mut path: Vec<String> = Vec::new();
    blocks
        .iter()
        .map(|b| {
            let Block::Para(p) = b else { return None };
            if p.level == 0 {
                path.clear();
                return None;
            }
            path.truncate(p.level - 1);
            let label: String = p
                .label
                .as_deref()?
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            if label.is_empty() || path.len() != p.level - 1 {
                return None;
            }
            path.push(label.to_ascii_lowercase());
            Some(format!("{anchor}-{}", path.join("-")))
        })
        .collect()
}

impl Writer {
    /// A writer of `annex`; a `clean` document also bookmarks every sub-paragraph.
    fn new(annex: &Annex, mode: Redline, clean: bool, zip: Zip) -> Self {
        Writer {
            xml: String::with_capacity(64 * 1024),
            zip,
            streaming: false,
            sent: 0,
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
            spaced: false,
            comments: Vec::new(),
            comment: None,
            bookmarks: bookmark_names(
                annex
                    .documents
                    .iter()
                    .flat_map(|d| &d.items)
                    .filter_map(|i| i.shown().map(|s| s.anchor.as_str()))
                    .chain(annex.summary.iter().map(|s| s.anchor.as_str()))
                    .chain(
                        annex
                            .documents
                            .iter()
                            .flat_map(|d| &d.items)
                            .filter(|_| clean)
                            .flat_map(|i| match i {
                                Item::Provision { shown, .. } => sub_anchors(&shown.anchor, &shown.redline.blocks),
                                _ => Vec::new(),
                            })
                            .flatten()
                            .collect::<Vec<_>>()
                            .iter()
                            .map(String::as_str),
                    ),
                clean,
            ),
        }
    }

    /// Moves what is written of `word/document.xml` into the zip once it is long, keeping
    /// [`SPILL_AHEAD`] of it unwritten; at the `end`, all of it, whatever its length.
    fn spill(&mut self, end: bool) {
        if !end && self.xml.len() - self.sent <= SPILL_AHEAD + SPILL_EVERY {
            return;
        }
        if !self.streaming {
            entry(&mut self.zip, "word/document.xml", self.xml.len());
            self.streaming = true;
        }
        if end {
            self.zip.write_all(&self.xml.as_bytes()[self.sent..]).expect(WRITTEN);
            self.xml.clear();
            self.sent = 0;
            return;
        }
        let mut done = self.sent;
        while self.xml.len() - done > SPILL_AHEAD {
            done += self.zip.write(&self.xml.as_bytes()[done..]).expect(WRITTEN);
        }
        // The deflater may stop inside a character; the string is cut before it.
        let cut = (0..=done).rev().find(|&i| self.xml.is_char_boundary(i)).unwrap_or(0);
        self.xml.drain(..cut);
        self.sent = done - cut;
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
        self.xml.push_str("<w:");
        self.xml.push_str(tag);
        let _ = write!(self.xml, r#" w:id="{id}" "#);
        self.xml.push_str(&self.stamp);
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
        for (n, doc) in annex.documents.iter().enumerate() {
            // Each document starts on a new page (the Heading1 style's page break), with the
            // line that says what follows; a clean text's first right under its title.
            let heading = format!("{}: {}", doc.name, doc.title);
            if clean && n == 0 {
                self.plain_para("Heading1", &[&heading]);
            } else {
                self.new_page_heading(&heading);
            }
            self.plain_para("Intro", &[&doc.intro]);
            for item in &doc.items {
                self.spill(false);
                match item {
                    Item::Omission => self.plain_para("Omission", &["\u{2026}"]),
                    Item::Heading { level, shown } => {
                        let (anchor, redline) = (&shown.anchor, &shown.redline);
                        self.start_comment(&shown.reasons, &redline.blocks);
                        let style = if *level == 2 { "Heading2" } else { "Heading3" };
                        for (i, b) in redline.blocks.iter().enumerate() {
                            if let Block::Para(p) = b {
                                self.para(style, p, (i == 0).then_some(anchor.as_str()), false, false);
                            }
                        }
                        self.end_comment();
                    }
                    Item::Provision {
                        shown:
                            Shown {
                                anchor,
                                redline,
                                reasons,
                                ..
                            },
                        ..
                    } => {
                        self.start_comment(reasons, &redline.blocks);
                        let subs = if clean {
                            sub_anchors(anchor, &redline.blocks)
                        } else {
                            Vec::new()
                        };
                        for (i, b) in redline.blocks.iter().enumerate() {
                            let bookmark = match subs.get(i) {
                                Some(Some(sub)) => Some(sub.as_str()),
                                _ => (i == 0).then_some(anchor.as_str()),
                            };
                            match b {
                                Block::Para(p) => {
                                    let style = if p.level == 0 && p.label.is_none() {
                                        "Body"
                                    } else {
                                        level_style(p.level)
                                    };
                                    // A lead-in keeps with the table or sub-paragraphs it introduces.
                                    let lead_in = match redline.blocks.get(i + 1) {
                                        Some(Block::Table(_)) => true,
                                        Some(Block::Para(next)) => next.level > p.level,
                                        None => false,
                                    };
                                    self.para(style, p, bookmark, p.level == 0, lead_in);
                                }
                                Block::Table(t) => self.table(t, bookmark),
                            }
                        }
                        self.end_comment();
                    }
                }
            }
        }
        let _ = write!(
            self.xml,
            r#"<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader1"/><w:footerReference w:type="default" r:id="rIdFooter1"/><w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/><w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" w:header="708" w:footer="708" w:gutter="0"/><w:cols w:space="708"/></w:sectPr></w:body></w:document>"#
        );
    }

    /// Starts the Word comment that carries an item's reasons; its range opens at the
    /// item's first changed run and closes after its last.
    fn start_comment(&mut self, reasons: &[String], blocks: &[Block]) {
        if reasons.is_empty() {
            return;
        }
        // Comments are numbered on their own, from 0, as Word numbers them.
        let id = self.comments.len() as u32;
        self.comments.push((id, reasons.to_vec()));
        self.comment = Some((id, changed_runs(blocks), false));
    }

    /// Closes the current comment's range, if it is still open (or was never started, when
    /// nothing in the item showed as changed: then the comment marks the item's end).
    fn end_comment(&mut self) {
        if let Some((id, _, started)) = self.comment.take() {
            if !started {
                let _ = write!(self.xml, r#"<w:commentRangeStart w:id="{id}"/>"#);
            }
            self.comment_end(id);
        }
    }

    fn comment_end(&mut self, id: u32) {
        let _ = write!(
            self.xml,
            r#"<w:commentRangeEnd w:id="{id}"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{id}"/></w:r>"#
        );
    }

    fn cover(&mut self, annex: &Annex) {
        let c = &annex.cover;
        if let Some(class) = &c.classification {
            self.plain_para("Classification", &[class]);
        }
        self.plain_para("Title", &[&c.title_line]);
        self.plain_para("Subtitle", &[&c.heading]);
        if let Some(v) = &c.annex_version {
            self.plain_para("Cover", &["Version:\t", v]);
        }
        if !c.date_words.is_empty() {
            self.plain_para("Cover", &["Date:\t", &c.date_words]);
        }
        self.plain_para("Cover", &["Prepared by:\t", &c.author]);
        self.plain_para("Heading2", &["About this document"]);
        self.plain_para("Normal", &[&c.about]);
        let key = match self.mode {
            Redline::Tracked => {
                "Changes are Word tracked changes: use Review \u{2192} Accept or Reject to step through them. \u{201c}\u{2026}\u{201d} marks unchanged text left out."
            }
            Redline::Formatted => {
                "Inserted text is underlined; deleted text is struck through. \u{201c}\u{2026}\u{201d} marks unchanged text left out."
            }
        };
        self.plain_para("Key", &[key]);
        if !annex.reasons.is_empty() {
            self.plain_para("Heading1", &["Reasons for the changes"]);
            let rows: Vec<Vec<String>> = annex
                .reasons
                .iter()
                .map(|r| {
                    let touched: Vec<String> = r.touched.iter().map(|t| t.printed.clone()).collect();
                    vec![r.number.to_string(), r.reason.clone(), touched.join("; ")]
                })
                .collect();
            self.plain_table(
                &["", "Reason", "Provisions changed"],
                &[500, 4763, 3763],
                &rows,
                None,
                false,
            );
        }
        self.plain_para("Heading1", &["Summary of changes"]);
        // A release's summary says which modification made each change.
        let release = annex.is_release();
        let rows: Vec<Vec<String>> = annex
            .summary
            .iter()
            .map(|s| {
                let status = format!("{:?}", s.status).to_lowercase();
                let reasons: Vec<String> = s.reasons.iter().map(usize::to_string).collect();
                let mut row = vec![s.document.clone(), s.printed.clone(), {
                    let status = match &s.note {
                        Some(note) => format!("{status} ({note})"),
                        None => status,
                    };
                    if reasons.is_empty() {
                        status
                    } else {
                        format!("{status} (reason {})", reasons.join(", "))
                    }
                }];
                if release {
                    row.push(s.modifications.join(", "));
                }
                row.extend([s.inserted_words.to_string(), s.deleted_words.to_string()]);
                row
            })
            .chain(std::iter::once({
                let mut total = vec![
                    "Total".to_string(),
                    String::new(),
                    format!("{} provisions and headings", annex.summary.len()),
                ];
                if release {
                    total.push(String::new());
                }
                total.extend([annex.inserted_words.to_string(), annex.deleted_words.to_string()]);
                total
            }))
            .collect();
        // Like the HTML summary, each provision links to its place in the annex.
        let links: Vec<&str> = annex.summary.iter().map(|s| s.anchor.as_str()).collect();
        let (header, widths): (&[&str], &[u32]) = if release {
            (
                &[
                    "Document",
                    "Provision",
                    "Change",
                    "Modification",
                    "Words inserted",
                    "Words deleted",
                ],
                &[1500, 1800, 2026, 1300, 1200, 1200],
            )
        } else {
            (
                &["Document", "Provision", "Change", "Words inserted", "Words deleted"],
                &[1700, 2100, 2426, 1400, 1400],
            )
        };
        self.plain_table(header, widths, &rows, Some((1, &links)), true);
        if !annex.left_unchanged.is_empty() {
            self.plain_para("Heading2", &["Left unchanged"]);
            self.plain_para(
                "Key",
                &["Occurrences of a replaced term that this modification leaves as they are, and why."],
            );
            let rows: Vec<Vec<String>> = annex
                .left_unchanged
                .iter()
                .map(|l| vec![l.printed.clone(), l.word.clone(), l.reason_text.clone()])
                .collect();
            self.plain_table(&["Where", "Word", "Why"], &[2600, 1200, 5226], &rows, None, false);
        }
    }

    /// A table of plain text with a repeated header row; `link` makes one column's cells
    /// hyperlinks to the given bookmarks, row by row.
    /// With `totals`, the last row is a totals row, in bold. Numbers (digits only) are
    /// right-aligned.
    fn plain_table(
        &mut self,
        header: &[&str],
        widths: &[u32],
        rows: &[Vec<String>],
        link: Option<(usize, &[&str])>,
        totals: bool,
    ) {
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
            let total_row = totals && i == rows.len();
            for (c, (cell, wd)) in row.iter().zip(widths).enumerate() {
                let number = i > 0 && !cell.is_empty() && cell.bytes().all(|b| b.is_ascii_digit());
                let _ = write!(
                    self.xml,
                    r#"<w:tc><w:tcPr><w:tcW w:w="{wd}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>{}</w:pPr>"#,
                    if number { r#"<w:jc w:val="right"/>"# } else { "" }
                );
                match link {
                    Some((column, anchors)) if i > 0 && c == column && i <= anchors.len() => {
                        let _ = write!(
                            self.xml,
                            r#"<w:hyperlink w:anchor="{}" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:hyperlink>"#,
                            esc(self.bookmark(anchors[i - 1])),
                            esc(cell)
                        );
                    }
                    _ => self.run(cell, Change::Equal, i == 0 || total_row, false),
                }
                self.xml.push_str("</w:p></w:tc>");
            }
            self.xml.push_str("</w:tr>");
        }
        self.xml.push_str("</w:tbl>");
    }

    /// A document's title: Heading 1 (so the Navigation pane and other readers see a
    /// heading), starting a new page.
    fn new_page_heading(&mut self, text: &str) {
        self.xml.push_str(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:pageBreakBefore/><w:spacing w:before="0"/></w:pPr>"#,
        );
        self.run(text, Change::Equal, false, false);
        self.xml.push_str("</w:p>");
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

    /// A redlined paragraph: its label, a tab, then its runs; the mark tracked as the redline
    /// says. A `lead_in` keeps with the next paragraph (the table or list it introduces).
    fn para(&mut self, style: &str, p: &Para, bookmark: Option<&str>, bold_label: bool, lead_in: bool) {
        let _ = write!(self.xml, r#"<w:p><w:pPr><w:pStyle w:val="{style}"/>"#);
        if lead_in {
            self.xml.push_str("<w:keepNext/>");
        }
        // A new or removed paragraph's label and mark belong to whoever changed its words.
        let by = p.runs.iter().find(|r| r.change != Change::Equal).and_then(|r| r.by());
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
        self.runs(&p.runs, false, by);
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
            self.xml.push_str("</w:");
            self.xml.push_str(tag);
            self.xml.push('>');
        }
    }

    /// Run properties in schema order: b, i, strike, color, u, and last the tracked
    /// formatting change (`w:rPrChange`, holding the properties before it).
    fn rpr(&mut self, change: Change, bold: bool, italic: bool, was: Option<Emphasis>) {
        let formatted = self.mode == Redline::Formatted && (change != Change::Equal || was.is_some());
        let tracked_format = self.mode == Redline::Tracked && was.is_some();
        if !(bold || italic || formatted || tracked_format || self.spaced) {
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
                    if self.spaced {
                        self.xml.push_str(GAP);
                    }
                }
                Change::Ins => {
                    let _ = write!(self.xml, r#"<w:color w:val="{INS_COLOUR}"/><w:u w:val="single"/>"#);
                }
                // Kept words whose formatting changed: a dotted underline in the insertion colour.
                Change::Equal => {
                    let _ = write!(self.xml, r#"<w:color w:val="{INS_COLOUR}"/><w:u w:val="dotted"/>"#);
                }
            }
        } else if self.spaced {
            // A tracked deletion's last letter: Word strikes it in its own colour; the
            // spacing (after `b`/`i`, as the schema orders them) is the gap.
            self.xml.push_str(GAP);
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

    /// The runs of a paragraph or cell. A deletion followed by an insertion ends with a
    /// little extra character spacing on its last letter (tracked or formatted), so the two
    /// never run together; the gap is spacing inside the deletion, not a character, so
    /// neither the accepted nor the rejected text gains a space.
    /// Each run is stamped with its own author (`by`, in a release's redline), else `by`.
    fn runs(&mut self, runs: &[crate::redline::Run], bold: bool, by: Option<&str>) {
        for (i, r) in runs.iter().enumerate() {
            self.author(r.by().or(by));
            let gap = runs.get(i + 1).is_some_and(|n| n.gap_before);
            let last = r.text.char_indices().last().map_or(0, |(k, _)| k);
            if gap && last > 0 {
                // Written as two runs, counted as one for the comment's range.
                if let Some((_, remaining, _)) = &mut self.comment {
                    *remaining += 1;
                }
                self.run_was(
                    &r.text[..last],
                    r.change,
                    r.emphasis.bold || bold,
                    r.emphasis.italic,
                    r.was(),
                );
                self.spaced = true;
                self.run_was(
                    &r.text[last..],
                    r.change,
                    r.emphasis.bold || bold,
                    r.emphasis.italic,
                    r.was(),
                );
                self.spaced = false;
            } else {
                self.spaced = gap;
                self.run_was(&r.text, r.change, r.emphasis.bold || bold, r.emphasis.italic, r.was());
                self.spaced = false;
            }
            self.spill(false);
        }
        self.author(None);
    }

    /// A run; `was` is its formatting before a formatting-only change.
    fn run_was(&mut self, text: &str, change: Change, bold: bool, italic: bool, was: Option<Emphasis>) {
        if text.is_empty() {
            return;
        }
        let counted = change != Change::Equal || was.is_some();
        if counted && let Some((id, _, started @ false)) = &mut self.comment {
            *started = true;
            let id = *id;
            let _ = write!(self.xml, r#"<w:commentRangeStart w:id="{id}"/>"#);
        }
        self.wrap(change, |w| {
            w.xml.push_str("<w:r>");
            w.rpr(change, bold, italic, was);
            let tag = if change == Change::Del && w.mode == Redline::Tracked {
                "w:delText"
            } else {
                "w:t"
            };
            w.xml.push('<');
            w.xml.push_str(tag);
            w.xml.push_str(r#" xml:space="preserve">"#);
            esc_into(&mut w.xml, text);
            w.xml.push_str("</");
            w.xml.push_str(tag);
            w.xml.push_str("></w:r>");
        });
        if counted && let Some((id, remaining, true)) = &mut self.comment {
            *remaining = remaining.saturating_sub(1);
            if *remaining == 0 {
                let id = *id;
                self.comment = None;
                self.comment_end(id);
            }
        }
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
                    let by = row.cells.iter().flatten().find_map(|r| r.by());
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
                self.runs(
                    row.cells.get(c).map(Vec::as_slice).unwrap_or_default(),
                    row.header,
                    None,
                );
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

fn content_types(comments: bool) -> String {
    let comments = if comments {
        r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>"#
    } else {
        ""
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>{comments}<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#
    )
}

fn package_rels() -> String {
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#.to_string()
}

fn document_rels(comments: bool) -> String {
    let comments = if comments {
        r#"<Relationship Id="rIdComments" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>"#
    } else {
        ""
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdHeader1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>{comments}</Relationships>"#
    )
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

/// The running header: the modification and annex, and the classification at the right.
fn header(annex: &Annex) -> String {
    let c = &annex.cover;
    let class = c
        .classification
        .as_deref()
        .map(|k| {
            format!(
                r#"<w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
                esc(k)
            )
        })
        .unwrap_or_default();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:t xml:space="preserve">{}</w:t></w:r>{class}</w:p></w:hdr>"#,
        esc(&c.running)
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
fn styles(mode: Redline) -> String {
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#
    );
    s.push_str(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#);
    s.push_str(r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#);
    // In the formatted redline an underline in colour means "inserted": links there are
    // dark and not underlined, so the two never look alike on screen or on paper.
    let link = match mode {
        Redline::Tracked => r#"<w:color w:val="0563C1"/><w:u w:val="single"/>"#,
        Redline::Formatted => r#"<w:color w:val="1F1F1F"/>"#,
    };
    let _ = write!(
        s,
        r#"<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr>{link}</w:rPr></w:style>"#
    );
    s.push_str(r#"<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>"#);
    s.push_str(r#"<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>"#);
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
    // An ellipsis keeps with the provision after it, never alone at the foot of a page.
    s.push_str(r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="Omission"><w:name w:val="Omission"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr><w:rPr><w:color w:val="5F6368"/></w:rPr></w:style>"#);
    // The line under a document's title keeps with what follows.
    s.push_str(r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="Intro"><w:name w:val="Intro"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:after="240"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>"#);
    s.push_str(r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="Classification"><w:name w:val="Classification"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="480"/><w:jc w:val="right"/></w:pPr><w:rPr><w:b/><w:caps/></w:rPr></w:style>"#);
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
    let _ = write!(
        s,
        r#"<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:tabs><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs><w:spacing w:after="0"/></w:pPr><w:rPr><w:color w:val="5F6368"/><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>"#
    );
    s.push_str(r#"<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>"#);
    s.push_str("</w:styles>");
    s
}
