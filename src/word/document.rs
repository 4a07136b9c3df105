//! `word/document.xml`: the body as paragraphs of formatted runs and tables, in one view of
//! its tracked changes (every change accepted, or every change rejected).
//!
//! Insertions (`w:ins`, `w:moveTo`) are text in the accepted view only, deletions
//! (`w:del`, `w:moveFrom`) in the rejected view only; a paragraph whose mark is inserted
//! (or deleted) joins the next paragraph in the view that lacks the mark, as in Word; a
//! tracked paragraph or run property change (`w:pPrChange`, `w:rPrChange`) gives the old
//! properties in the rejected view. What a Markdown document cannot hold (an image, a
//! field, a text box, a comment, a footnote, an equation) is noted on its paragraph.

use super::stream::XNode;
use super::styles::Styles;

/// The `w:` child named `name` of `node`.
fn child<'a, N: XNode<'a>>(node: N, name: &str) -> Option<N> {
    node.elements().find(|c| is(*c, name))
}

/// Whether `node` is the `w:` element `name`.
fn is<'a, N: XNode<'a>>(node: N, name: &str) -> bool {
    node.in_w() && node.local() == name
}

/// The `w:` attribute `name` of `node`.
fn attr<'a, N: XNode<'a>>(node: N, name: &str) -> Option<&'a str> {
    node.w_attr(name)
}

/// `w:val` of the child `name`.
fn val<'a, N: XNode<'a>>(node: N, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|c| attr(c, "val"))
}

/// An on/off property (`<w:b/>`, `<w:b w:val="0"/>`): `None` when it is not set.
fn on_off<'a, N: XNode<'a>>(node: N, name: &str) -> Option<bool> {
    child(node, name).map(|c| !matches!(attr(c, "val"), Some("0" | "false" | "off")))
}

/// Which text of a document with tracked changes is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum View {
    /// Every tracked change accepted: the text as the redline proposes it.
    Accept,
    /// Every tracked change rejected: the text the redline was made on.
    Reject,
}

/// Text with one formatting.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

/// A paragraph of the body.
#[derive(Debug, Clone, Default)]
pub(crate) struct Paragraph {
    /// 1-based: the paragraph's place among every `w:p` of document.xml (tables included).
    pub index: usize,
    /// The paragraph style's id, as the paragraph names it.
    pub style: Option<String>,
    /// Its own `w:numPr`: `numId` and `ilvl`, each if given.
    pub num: Option<(Option<String>, Option<u8>)>,
    /// Its own `w:outlineLvl`.
    pub outline: Option<u8>,
    pub runs: Vec<Run>,
    /// What it holds that the Markdown cannot (“an image”, “a field”), once each.
    pub problems: Vec<&'static str>,
    /// Whether any tracked change was read in it.
    pub tracked: bool,
    pub bookmarks: Vec<String>,
    /// The author and date of each tracked change read in it.
    pub revisions: Vec<(String, String)>,
    /// Its mark is not in this view: it runs on into the next paragraph.
    pub(super) joins_next: bool,
}

impl Paragraph {
    /// The paragraph's text, runs joined.
    pub(crate) fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// A table: rows of cells, each cell its paragraphs' runs (joined by a space).
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The index of its first paragraph.
    pub index: usize,
    pub rows: Vec<Vec<Vec<Run>>>,
    pub problems: Vec<&'static str>,
    pub tracked: bool,
    pub revisions: Vec<(String, String)>,
}

/// The author and date of a tracked change element.
fn revision<'a, N: XNode<'a>>(node: N) -> (String, String) {
    (
        attr(node, "author").unwrap_or("").to_string(),
        attr(node, "date").unwrap_or("").chars().take(10).collect(),
    )
}

#[derive(Debug, Clone)]
pub enum Block {
    Para(Paragraph),
    Table(Table),
}

struct Reader<'s> {
    styles: &'s Styles,
    view: View,
    next_index: usize,
}

/// The body of `doc` in `view`.
pub fn read(doc: &roxmltree::Document, styles: &Styles, view: View) -> Vec<Block> {
    let mut r = Reader {
        styles,
        view,
        next_index: 0,
    };
    let Some(body) = child(doc.root_element(), "body") else {
        return Vec::new();
    };
    let mut blocks = Vec::new();
    r.blocks(body, &mut blocks);
    join_paragraphs(blocks)
}

/// The body of the XML text `xml` in `view`, read streaming (`stream.rs`): the same blocks
/// as [`read`] of its tree. `None` if the streaming reader does not read it; the tree then
/// says why, or is read instead.
pub(crate) fn read_str(xml: &str, styles: &Styles, view: View) -> Option<Vec<Block>> {
    let mut r = Reader {
        styles,
        view,
        next_index: 0,
    };
    let mut blocks = Vec::new();
    super::stream::body_blocks(xml, |n| r.block(n, &mut blocks)).ok()?;
    Some(join_paragraphs(blocks))
}

/// Paragraphs whose mark is not in the view run on into the next one: the joined paragraph
/// has the first one's properties unless the first has no text left (a wholly inserted or
/// deleted paragraph), which then simply goes.
fn join_paragraphs(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut carry: Option<Paragraph> = None;
    for b in blocks {
        match b {
            Block::Para(mut p) => {
                if let Some(c) = carry.take() {
                    if c.text().trim().is_empty() {
                        p.problems.extend(c.problems);
                        p.tracked |= c.tracked;
                        p.bookmarks.splice(0..0, c.bookmarks);
                        p.revisions.splice(0..0, c.revisions);
                    } else {
                        let mut joined = c;
                        joined.runs.extend(p.runs);
                        joined.problems.extend(p.problems);
                        joined.tracked |= p.tracked;
                        joined.bookmarks.extend(p.bookmarks);
                        joined.revisions.extend(p.revisions);
                        joined.joins_next = p.joins_next;
                        p = joined;
                    }
                }
                if p.joins_next {
                    carry = Some(p);
                } else {
                    out.push(Block::Para(p));
                }
            }
            Block::Table(t) => {
                if let Some(c) = carry.take().filter(|c| !c.text().trim().is_empty()) {
                    out.push(Block::Para(c));
                }
                out.push(Block::Table(t));
            }
        }
    }
    if let Some(c) = carry.filter(|c| !c.text().trim().is_empty()) {
        out.push(Block::Para(c));
    }
    out
}

impl Reader<'_> {
    fn blocks<'a, N: XNode<'a>>(&mut self, parent: N, out: &mut Vec<Block>) {
        for n in parent.elements() {
            self.block(n, out);
        }
    }

    fn block<'a, N: XNode<'a>>(&mut self, n: N, out: &mut Vec<Block>) {
        if is(n, "p") {
            out.push(Block::Para(self.paragraph(n)));
        } else if is(n, "tbl") {
            out.push(Block::Table(self.table(n)));
        } else if is(n, "sdt") {
            if let Some(content) = child(n, "sdtContent") {
                self.blocks(content, out);
            }
        } else if is(n, "customXml") {
            self.blocks(n, out);
        }
    }

    fn table<'a, N: XNode<'a>>(&mut self, tbl: N) -> Table {
        let mut t = Table {
            index: self.next_index + 1,
            ..Table::default()
        };
        for tr in tbl.elements().filter(|c| is(*c, "tr")) {
            let trpr = child(tr, "trPr");
            let row_ins = trpr.and_then(|p| child(p, "ins"));
            let row_del = trpr.and_then(|p| child(p, "del"));
            t.revisions.extend(row_ins.or(row_del).map(revision));
            let (inserted, deleted) = (row_ins.is_some(), row_del.is_some());
            t.tracked |= inserted || deleted;
            let shown = match self.view {
                View::Accept => !deleted,
                View::Reject => !inserted,
            };
            let mut row = Vec::new();
            for tc in tr.elements().filter(|c| is(*c, "tc")) {
                let mut blocks = Vec::new();
                self.blocks(tc, &mut blocks);
                let mut cell: Vec<Run> = Vec::new();
                for b in join_paragraphs(blocks) {
                    match b {
                        Block::Para(p) => {
                            if !cell.is_empty() {
                                cell.push(Run {
                                    text: " ".into(),
                                    ..Run::default()
                                });
                            }
                            cell.extend(p.runs);
                            t.problems.extend(p.problems);
                            t.tracked |= p.tracked;
                            t.revisions.extend(p.revisions);
                        }
                        Block::Table(_) => t.problems.push("a table inside a table"),
                    }
                }
                row.push(cell);
            }
            if shown {
                t.rows.push(row);
            }
        }
        t.problems.dedup();
        t
    }

    fn paragraph<'a, N: XNode<'a>>(&mut self, p: N) -> Paragraph {
        self.next_index += 1;
        let mut para = Paragraph {
            index: self.next_index,
            ..Paragraph::default()
        };
        if let Some(ppr) = child(p, "pPr") {
            let mark = child(ppr, "rPr");
            let ins = mark.and_then(|m| child(m, "ins"));
            let del = mark.and_then(|m| child(m, "del"));
            para.revisions.extend(ins.or(del).map(revision));
            let (mark_ins, mark_del) = (ins.is_some(), del.is_some());
            para.tracked |= mark_ins || mark_del;
            para.joins_next = match self.view {
                View::Accept => mark_del,
                View::Reject => mark_ins,
            };
            let change = child(ppr, "pPrChange");
            para.revisions.extend(change.map(revision));
            let old = change.and_then(|c| child(c, "pPr"));
            para.tracked |= old.is_some();
            let props = match (self.view, old) {
                (View::Reject, Some(old)) => old,
                _ => ppr,
            };
            para.style = val(props, "pStyle").map(str::to_string);
            para.outline = val(props, "outlineLvl").and_then(|v| v.parse().ok());
            para.num = child(props, "numPr").map(|n| {
                (
                    val(n, "numId").map(str::to_string),
                    val(n, "ilvl").and_then(|v| v.parse().ok()),
                )
            });
        }
        let style = self.styles.paragraph_style(para.style.as_deref()).map(str::to_string);
        let base = style.as_deref().map_or((false, false), |s| self.styles.format(s));
        let mut field: Vec<bool> = Vec::new();
        self.inline(p, &mut para, base, &mut field);
        para.problems.sort_unstable();
        para.problems.dedup();
        para
    }

    /// The runs under `node` that this view holds.
    fn inline<'a, N: XNode<'a>>(&self, node: N, para: &mut Paragraph, base: (bool, bool), field: &mut Vec<bool>) {
        for n in node.elements() {
            let name = n.local();
            if !n.in_w() {
                if name == "oMath" || name == "oMathPara" {
                    para.problems.push("an equation");
                }
                continue;
            }
            match name {
                "r" => self.run(n, para, base, field),
                "ins" | "moveTo" => {
                    para.tracked = true;
                    para.revisions.push(revision(n));
                    if self.view == View::Accept {
                        self.inline(n, para, base, field);
                    }
                }
                "del" | "moveFrom" => {
                    para.tracked = true;
                    para.revisions.push(revision(n));
                    if self.view == View::Reject {
                        self.inline(n, para, base, field);
                    }
                }
                "fldSimple" => {
                    para.problems.push("a field");
                    self.inline(n, para, base, field);
                }
                "hyperlink" | "smartTag" | "customXml" | "dir" | "bdo" => self.inline(n, para, base, field),
                "sdt" => {
                    if let Some(c) = child(n, "sdtContent") {
                        self.inline(c, para, base, field);
                    }
                }
                "bookmarkStart" => {
                    if let Some(name) = attr(n, "name") {
                        para.bookmarks.push(name.to_string());
                    }
                }
                "commentRangeStart" => para.problems.push("a comment"),
                _ => {}
            }
        }
    }

    fn run<'a, N: XNode<'a>>(&self, r: N, para: &mut Paragraph, base: (bool, bool), field: &mut Vec<bool>) {
        let rpr = child(r, "rPr");
        let change = rpr.and_then(|p| child(p, "rPrChange"));
        para.revisions.extend(change.map(revision));
        let old = change.and_then(|c| child(c, "rPr"));
        para.tracked |= old.is_some();
        let props = match (self.view, old) {
            (View::Reject, Some(old)) => Some(old),
            _ => rpr,
        };
        let char_style = props
            .and_then(|p| val(p, "rStyle"))
            .map(|s| self.styles.format(s))
            .unwrap_or((false, false));
        let bold = props.and_then(|p| on_off(p, "b")).unwrap_or(char_style.0 || base.0);
        let italic = props.and_then(|p| on_off(p, "i")).unwrap_or(char_style.1 || base.1);
        let mut text = String::new();
        for c in r.elements() {
            if !c.in_w() {
                continue;
            }
            match c.local() {
                // Inside a field's code (between begin and separate) text is not shown.
                "t" | "delText" if !field.iter().any(|code| *code) => text.push_str(c.first_text().unwrap_or("")),
                "tab" | "ptab" => text.push('\t'),
                "br" | "cr" => text.push(' '),
                "noBreakHyphen" => text.push('-'),
                "sym" => para.problems.push("a symbol character"),
                "fldChar" => match attr(c, "fldCharType") {
                    Some("begin") => {
                        para.problems.push("a field");
                        field.push(true);
                    }
                    Some("separate") => {
                        if let Some(code) = field.last_mut() {
                            *code = false;
                        }
                    }
                    Some("end") => {
                        field.pop();
                    }
                    _ => {}
                },
                "drawing" | "pict" | "object" => {
                    let text_box = c.has_descendant("txbxContent");
                    para.problems.push(if text_box { "a text box" } else { "an image" });
                }
                "footnoteReference" | "endnoteReference" => para.problems.push("a footnote"),
                "commentReference" => para.problems.push("a comment"),
                _ => {}
            }
        }
        if text.is_empty() {
            return;
        }
        match para.runs.last_mut() {
            Some(last) if last.bold == bold && last.italic == italic => last.text.push_str(&text),
            _ => para.runs.push(Run { text, bold, italic }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streaming reader gives the blocks the tree gives, in both views.
    #[test]
    fn streaming_reads_as_the_tree() {
        let xml = r#"<?xml version="1.0"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><w:body>
<w:p><w:pPr><w:pStyle w:val="H1"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr><w:rPr><w:ins w:author="A" w:date="2026-01-02T00:00:00Z"/></w:rPr></w:pPr><w:bookmarkStart w:name="p_f2_1"/><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">A &amp; B &#233; <![CDATA[c*d]]></w:t></w:r><w:ins w:author="X &lt;y&gt;" w:date="2026-03-04T05:06:07Z"><w:r><w:t>new</w:t></w:r></w:ins><w:del w:author="Z" w:date="2026-01-01"><w:r><w:delText>old</w:delText></w:r></w:del></w:p>
<w:p><w:r><w:t>a<!-- c -->b</w:t><w:tab/><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t>CODE</w:t></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:i w:val="0"/><w:rPrChange w:author="Q"><w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr><w:t>7</w:t></w:r><w:commentRangeStart w:id="1"/><m:oMath/><w:r><w:drawing><w:txbxContent/></w:drawing></w:r></w:p>
<w:sdt><w:sdtContent><w:p><w:r><w:t>in a control</w:t></w:r></w:p></w:sdtContent></w:sdt>
<w:tbl><w:tr><w:trPr><w:del w:author="R"/></w:trPr><w:tc><w:p><w:r><w:t>gone</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p><w:p><w:r><w:t>y</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p/><w:sectPr/></w:body></w:document>"#;
        let tree = roxmltree::Document::parse(xml).unwrap();
        let styles = Styles::default();
        for view in [View::Accept, View::Reject] {
            let streamed = read_str(xml, &styles, view).expect("quick-xml reads it");
            assert!(streamed.len() >= 4, "{streamed:?}");
            assert_eq!(format!("{streamed:?}"), format!("{:?}", read(&tree, &styles, view)));
        }
        assert!(
            read_str(
                "<w:document xmlns:w=\"x\"><w:body></w:bdy></w:document>",
                &styles,
                View::Accept
            )
            .is_none()
        );
    }
}
