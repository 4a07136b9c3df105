//! The reader's view of legal text: one CommonMark parse cut into words, spaces, punctuation,
//! markup and structure, each with its byte range in the source.
//!
//! Everything a reader sees comes from pulldown-cmark's offset events ([`read`]): emphasis,
//! strong, code spans, links (their text), escapes, entities, line breaks, and GFM tables.
//! Nothing here second-guesses CommonMark. From that one reading come both the tokens the
//! change-set matcher splices on ([`tokenize`]) and the formatted words the redline compares
//! (`redline::flatten`), so the two can never read the same bytes differently.

pub(crate) use crate::number::{is_part_number, is_provision_number};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// What a token is, from the reader's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// Letters and digits, with inner hyphens and apostrophes (`Sub-Committee`, `Party's`).
    Word,
    /// One visible character that is not a letter, digit or space.
    Punct,
    /// Spaces inside a line of text.
    Space,
    /// A line break inside a paragraph (soft or hard: a reader sees a space).
    Newline,
    /// Bytes between blocks that hold a blank line: a paragraph boundary.
    Break,
    /// Inline markup a reader does not see: `**`, `*`, backticks, a link's target, an escape's
    /// backslash, an HTML comment.
    Markup,
    /// Block structure: list bullets, heading hashes, table pipes and rule rows.
    Marker,
    /// A printed number or label that is text but not words: `F2.1`, `(b)`, a Part number.
    Label,
}

impl Kind {
    /// Words and punctuation: what a phrase is made of.
    pub(crate) fn is_word_like(self) -> bool {
        matches!(self, Kind::Word | Kind::Punct)
    }
    /// Whether a phrase may run across this token.
    pub(crate) fn is_boundary(self) -> bool {
        matches!(self, Kind::Break | Kind::Marker | Kind::Label)
    }
}

/// Bold, italic and code: the one type for how text is emphasised, from the CommonMark
/// reading ([`Format`]) through the redline's pieces and runs to the writers. Flags that
/// are off are left out of the template data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Emphasis {
    #[serde(skip_serializing_if = "is_false")]
    pub bold: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub italic: bool,
    /// In a code span (shown in a fixed-width font).
    #[serde(skip_serializing_if = "is_false")]
    pub code: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Emphasis {
    /// Only bold and italic, as a formatting change is judged (a code span is not
    /// reformatting).
    pub(crate) fn bold_italic(self) -> (bool, bool) {
        (self.bold, self.italic)
    }
}

/// The inline formatting a reader sees on a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Format {
    pub emphasis: Emphasis,
    /// Index into [`Reading::links`] of the link the text is in.
    pub link: Option<u32>,
}

impl Format {
    /// Whether the text carries no formatting of its own.
    pub(crate) fn is_plain(&self) -> bool {
        *self == Format::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: Kind,
    pub range: Range<usize>,
    /// The formatting of the token's first character.
    pub format: Format,
    /// What a reader sees, where it is not the source bytes (`&amp;` reads `&`, `a*b*c` reads `abc`).
    reader: Option<Box<str>>,
}

impl Token {
    /// What a reader sees of the token.
    pub(crate) fn text<'a>(&'a self, source: &'a str) -> &'a str {
        self.reader.as_deref().unwrap_or(&source[self.range.clone()])
    }
}

/// What an inline container is in the document's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Body text (`depth` 0) or the text of a list item (`depth` 1..); `opens_item` for the
    /// first paragraph of its item, where a label `(b)` may stand.
    Paragraph {
        depth: usize,
        opens_item: bool,
    },
    Heading {
        level: u8,
    },
    /// A table cell: which table of the text, which row (0 is the header row), which column.
    Cell {
        table: usize,
        row: usize,
        column: usize,
    },
}

/// One piece of what a reader sees, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    /// Bytes of [`Inline::reader`].
    pub reader: Range<usize>,
    /// Bytes of the source.
    pub source: Range<usize>,
    pub format: Format,
    /// The reader text is the source bytes exactly (so positions inside map one to one).
    pub exact: bool,
    /// A soft or hard line break (the reader text is one space).
    pub line_break: bool,
}

/// A paragraph, heading or table cell: the unit of running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    pub role: Role,
    /// Where the container's source starts (its first marker or character).
    pub start: usize,
    /// What a reader sees, line breaks as spaces.
    pub reader: String,
    pub atoms: Vec<Atom>,
}

/// A formatting span in the source: `**…**`, `*…*`, `` `…` ``, `[…](…)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub outer: Range<usize>,
    pub inner: Range<usize>,
}

/// A construct the Code's format does not take, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    pub range: Range<usize>,
    pub what: &'static str,
    pub help: &'static str,
}

/// One CommonMark reading of a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    pub inlines: Vec<Inline>,
    /// Link targets, by [`Format::link`].
    pub links: Vec<String>,
    pub spans: Vec<Span>,
    pub unsupported: Vec<Unsupported>,
}

/// The parser options of the Code's format: CommonMark with GFM tables. Strikethrough is
/// parsed so it can be refused (it is how a redline shows deletions).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

fn is_comment(html: &str) -> bool {
    let t = html.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}

fn is_line_break_tag(html: &str) -> bool {
    let t: String = html
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(t.as_str(), "<br>" | "<br/>")
}

/// Reads `text` as CommonMark (GFM tables) into inline containers of atoms.
pub fn read(text: &str) -> Reading {
    let mut reader = Reader::new(text);
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        reader.event(event, range);
    }
    reader.finish()
}

/// Whether an event is inline content: text directly in a tight list item (which has no
/// paragraph event) opens a paragraph with it.
fn is_inline_event(event: &Event) -> bool {
    matches!(
        event,
        Event::Text(_)
            | Event::Code(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::InlineHtml(_)
            | Event::Start(Tag::Strong | Tag::Emphasis | Tag::Link { .. } | Tag::Strikethrough | Tag::Image { .. })
    )
}

/// The state of one [`read`]: the reading so far, the container being filled, and what is
/// open around the next event (formatting, links, list items, a table's row and column).
struct Reader<'t> {
    text: &'t str,
    out: Reading,
    current: Option<Inline>,
    bold: usize,
    italic: usize,
    /// The open links, by index into [`Reading::links`].
    links: Vec<u32>,
    item_depth: usize,
    /// A list item has opened and its first paragraph not yet.
    fresh_item: bool,
    table: usize,
    row: usize,
    column: usize,
    /// Open spans: (start of outer, start of content once seen); `usize::MAX` for the
    /// constructs that are refused (strikethrough, images), which make no span.
    open: Vec<(usize, Option<usize>)>,
    /// Where the last inline thing (text, code, a closed span) ended: a span's content ends there.
    last_end: usize,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str) -> Self {
        Reader {
            text,
            out: Reading::default(),
            current: None,
            bold: 0,
            italic: 0,
            links: Vec::new(),
            item_depth: 0,
            fresh_item: false,
            table: 0,
            row: 0,
            column: 0,
            open: Vec::new(),
            last_end: 0,
        }
    }

    fn event(&mut self, event: Event, range: Range<usize>) {
        if let Some(u) = unsupported(&event, &range, self.text) {
            self.out.unsupported.push(u);
        }
        let format = self.format();
        if is_inline_event(&event) {
            self.inline_content(&event, &range);
        }
        match event {
            Event::Start(tag) => self.start(tag, &range),
            Event::End(tag) => self.end(tag, &range),
            Event::Text(t) => {
                self.last_end = range.end;
                push_atom(self.current.as_mut(), &t, self.text, range, format, false)
            }
            Event::Code(t) => {
                self.last_end = range.end;
                self.code(&t, range, format);
            }
            Event::SoftBreak | Event::HardBreak => {
                self.last_end = range.end;
                push_atom(self.current.as_mut(), " ", self.text, range, format, true)
            }
            Event::InlineHtml(h) => {
                self.last_end = range.end;
                if is_line_break_tag(&h) {
                    push_atom(self.current.as_mut(), " ", self.text, range, format, true);
                }
            }
            _ => {}
        }
    }

    /// The formatting of text read now.
    fn format(&self) -> Format {
        Format {
            emphasis: Emphasis {
                bold: self.bold > 0,
                italic: self.italic > 0,
                code: false,
            },
            link: self.links.last().copied(),
        }
    }

    /// Inline content arrives: a paragraph opens if none is (text directly in a tight list
    /// item), and the spans still waiting for their content start here.
    fn inline_content(&mut self, event: &Event, range: &Range<usize>) {
        if self.current.is_none() {
            let role = self.paragraph_role();
            self.current = Some(Inline::new(role, range.start));
        }
        for o in self.open.iter_mut().filter(|o| o.1.is_none()) {
            if !matches!(event, Event::Start(_)) || o.0 < range.start {
                o.1 = Some(range.start);
            }
        }
    }

    /// A paragraph at the current list depth (the first of its item opens the item).
    fn paragraph_role(&mut self) -> Role {
        Role::Paragraph {
            depth: self.item_depth,
            opens_item: std::mem::take(&mut self.fresh_item),
        }
    }

    /// The container being filled is complete.
    fn flush(&mut self) {
        if let Some(c) = self.current.take() {
            self.out.inlines.push(c);
        }
    }

    /// A new container (paragraph, heading, cell) whose source is `range`.
    fn open_container(&mut self, role: Role, range: &Range<usize>) {
        self.flush();
        self.current = Some(Inline::sized(role, range));
    }

    fn start(&mut self, tag: Tag, range: &Range<usize>) {
        match tag {
            Tag::Paragraph => {
                self.flush();
                let role = self.paragraph_role();
                self.current = Some(Inline::sized(role, range));
            }
            Tag::Heading { level, .. } => {
                self.fresh_item = false;
                self.open_container(Role::Heading { level: level as u8 }, range);
            }
            Tag::Item => {
                self.flush();
                self.item_depth += 1;
                self.fresh_item = true;
            }
            Tag::List(_) => self.flush(),
            Tag::Table(_) => {
                self.flush();
                self.table += 1;
                self.row = 0;
            }
            Tag::TableHead | Tag::TableRow => self.column = 0,
            Tag::TableCell => {
                let cell = Role::Cell {
                    table: self.table - 1,
                    row: self.row,
                    column: self.column,
                };
                self.open_container(cell, range);
            }
            Tag::Strong => {
                self.bold += 1;
                self.open.push((range.start, None));
            }
            Tag::Emphasis => {
                self.italic += 1;
                self.open.push((range.start, None));
            }
            Tag::Link { dest_url, .. } => {
                self.out.links.push(dest_url.to_string());
                self.links.push(self.out.links.len() as u32 - 1);
                self.open.push((range.start, None));
            }
            Tag::Strikethrough | Tag::Image { .. } => self.open.push((usize::MAX, None)),
            Tag::BlockQuote(_) | Tag::CodeBlock(_) | Tag::HtmlBlock => self.flush(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: &Range<usize>) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => self.flush(),
            TagEnd::TableCell => {
                self.flush();
                self.column += 1;
            }
            TagEnd::Item => {
                self.flush();
                self.item_depth = self.item_depth.saturating_sub(1);
                self.fresh_item = false;
            }
            TagEnd::TableHead | TagEnd::TableRow => self.row += 1,
            TagEnd::Strong => {
                self.bold = self.bold.saturating_sub(1);
                self.close_span(range);
            }
            TagEnd::Emphasis => {
                self.italic = self.italic.saturating_sub(1);
                self.close_span(range);
            }
            TagEnd::Link => {
                self.links.pop();
                self.close_span(range);
            }
            TagEnd::Strikethrough | TagEnd::Image => self.close_span(range),
            _ => {}
        }
    }

    /// A formatting span closes at `range`'s end: its delimiters and content are recorded.
    fn close_span(&mut self, range: &Range<usize>) {
        if let Some((start, content)) = self.open.pop()
            && start != usize::MAX
        {
            let inner_start = content.unwrap_or(range.end);
            let inner_end = if content.is_some() {
                self.last_end.clamp(inner_start, range.end)
            } else {
                inner_start
            };
            self.out.spans.push(Span {
                outer: range.clone(),
                inner: inner_start..inner_end,
            });
        }
        self.last_end = range.end;
    }

    /// A code span: its span, and its text as one atom (at its exact bytes where the reader
    /// text is the source, else over the whole span).
    fn code(&mut self, t: &str, range: Range<usize>, format: Format) {
        let text = self.text;
        let ticks = text[range.clone()].bytes().take_while(|&b| b == b'`').count();
        let inner = range.start + ticks..range.end - ticks;
        self.out.spans.push(Span {
            outer: range.clone(),
            inner: inner.clone(),
        });
        let code = Format {
            emphasis: Emphasis {
                code: true,
                ..format.emphasis
            },
            ..format
        };
        let body = &text[inner.clone()];
        let at = if body == t {
            Some(inner.start)
        } else if body.strip_prefix(' ').and_then(|b| b.strip_suffix(' ')) == Some(t) {
            Some(inner.start + 1)
        } else {
            None
        };
        match at {
            Some(s) => push_atom(self.current.as_mut(), t, text, s..s + t.len(), code, false),
            None => push_atom(self.current.as_mut(), t, text, range, code, false),
        }
    }

    fn finish(mut self) -> Reading {
        self.flush();
        self.out
            .spans
            .sort_by_key(|s| (s.outer.start, std::cmp::Reverse(s.outer.end)));
        self.out
    }
}

/// Whether `event` is a construct the Code's format does not take (and so refused at parse time).
pub(crate) fn unsupported(event: &Event, range: &Range<usize>, text: &str) -> Option<Unsupported> {
    let (what, help) = match event {
        Event::Start(Tag::Heading { .. }) if !text[range.clone()].trim_start().starts_with('#') => (
            "an underlined (Setext) heading",
            "write headings with `#`: `## F2 Heading` for a Part, `###` for a cross-heading",
        ),
        // GitHub reads a table here (its header row is the paragraph's last line); CommonMark
        // readers differ, so the Code's format asks for the blank line that removes the doubt.
        Event::Text(_) | Event::Start(Tag::Table(_))
            if delimiter_row_in_text(text, range) || table_after_text(event, text, range) =>
        {
            (
                "a table that starts without a blank line before it",
                "put a blank line between the text and the table's header row",
            )
        }
        // GFM's rule row is dashes per cell with optional colons at the ends; pulldown-cmark
        // also takes `- --` (other readers then see no table), so only the clean form is taken.
        Event::Start(Tag::Table(_)) if !text[range.clone()].lines().nth(1).is_some_and(is_clean_delimiter_row) => (
            "a table whose rule row is not dashes in each cell",
            "write the row under the header as `| --- | --- |` (a colon may stand at either end of a cell's dashes)",
        ),
        // Readers disagree on the spaces inside a code span broken across lines.
        Event::Code(_) if text[range.clone()].contains('\n') => (
            "a code span (`…`) broken across lines",
            "keep the text between backticks on one line",
        ),
        Event::Start(Tag::Strikethrough) => (
            "strikethrough (`~~`)",
            "a redline shows deletions struck through, so the Code's text cannot use it; remove the `~~`",
        ),
        Event::Start(Tag::Image { .. }) => (
            "an image",
            "the Code's text is words; describe the figure in words or refer to a published document",
        ),
        Event::Start(Tag::BlockQuote(_)) => (
            "a block quote (`>`)",
            "write quoted text as a paragraph in quotation marks",
        ),
        Event::Start(Tag::CodeBlock(_)) => (
            "a code block (a fence, or a line indented by four spaces after a blank line)",
            "indent continuation lines by two spaces at most, or remove the fence",
        ),
        Event::InlineHtml(h) if !is_comment(h) && !is_line_break_tag(h) => (
            "inline HTML",
            "write the text as Markdown (**bold**, *italic*, [links](…)); to show a `<` write `\\<`; `<br>` in a table cell and <!-- comments --> are allowed",
        ),
        Event::Start(Tag::HtmlBlock) if !is_comment(&text[range.clone()]) => (
            "an HTML block",
            "write the text as Markdown; only <!-- comments --> may stand as HTML (readers never see them)",
        ),
        Event::Rule => (
            "a horizontal rule",
            "remove the line of `---`, `***` or `___`; Parts are separated by their headings",
        ),
        _ => return None,
    };
    Some(Unsupported {
        range: range.clone(),
        what,
        help,
    })
}

/// Whether the text at `range` is a whole line of running text that reads as a table's
/// delimiter row (so GitHub would make the line above it a table's header).
fn delimiter_row_in_text(text: &str, range: &Range<usize>) -> bool {
    // Such a line starts (after spaces) with a pipe, a dash or a colon: most text does not.
    if !matches!(
        text.as_bytes().get(range.start),
        Some(b'|' | b'-' | b':' | b' ' | b'\t')
    ) {
        return false;
    }
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[range.start..].find('\n').map_or(text.len(), |i| range.start + i);
    text[line_start..range.start].trim().is_empty() && is_delimiter_row(&text[line_start..line_end])
}

/// Whether a table starts on the line right after a line of text (pulldown-cmark lets a
/// table interrupt a paragraph there; other CommonMark readers do not).
fn table_after_text(event: &Event, text: &str, range: &Range<usize>) -> bool {
    if !matches!(event, Event::Start(Tag::Table(_))) {
        return false;
    }
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    if line_start == 0 {
        return false;
    }
    let before = text[..line_start - 1].rsplit('\n').next().unwrap_or("").trim();
    !before.is_empty() && !before.starts_with('#')
}

/// A delimiter row every reader takes: each cell `:?-+:?`, nothing else but pipes and spaces.
fn is_clean_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').all(|cell| {
        let c = cell.trim();
        let c = c.strip_prefix(':').unwrap_or(c);
        let c = c.strip_suffix(':').unwrap_or(c);
        !c.is_empty() && c.bytes().all(|b| b == b'-')
    })
}

/// A GFM table's delimiter row: `| --- | :---: |`.
fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    t.contains('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

fn push_atom(
    current: Option<&mut Inline>,
    reader: &str,
    text: &str,
    source: Range<usize>,
    format: Format,
    line_break: bool,
) {
    let Some(c) = current else { return };
    let exact = !line_break && text.get(source.clone()) == Some(reader);
    let start = c.reader.len();
    c.reader.push_str(reader);
    c.atoms.push(Atom {
        reader: start..c.reader.len(),
        source,
        format,
        exact,
        line_break,
    });
}

impl Inline {
    fn new(role: Role, start: usize) -> Inline {
        Inline {
            role,
            start,
            reader: String::new(),
            atoms: Vec::new(),
        }
    }

    /// A container whose source is `range`: what a reader sees of it is no longer than its
    /// source (an entity reads shorter, a line break as one space), so its text is grown once.
    fn sized(role: Role, range: &Range<usize>) -> Inline {
        Inline {
            role,
            start: range.start,
            reader: String::with_capacity(range.len()),
            atoms: Vec::new(),
        }
    }

    /// The source byte where reader byte `pos` starts (`end`: where the byte before `pos` ends).
    fn source_at(&self, pos: usize, end: bool) -> usize {
        let i = if end {
            self.atoms.partition_point(|a| a.reader.end < pos)
        } else {
            self.atoms.partition_point(|a| a.reader.end <= pos)
        };
        let Some(a) = self.atoms.get(i.min(self.atoms.len().saturating_sub(1))) else {
            return self.start;
        };
        if a.exact {
            a.source.start + (pos.clamp(a.reader.start, a.reader.end) - a.reader.start)
        } else if end {
            a.source.end
        } else {
            a.source.start
        }
    }

    /// The formatting at reader byte `pos`.
    pub(crate) fn format_at(&self, pos: usize) -> Format {
        let i = self.atoms.partition_point(|a| a.reader.end <= pos);
        self.atoms.get(i).map(|a| a.format).unwrap_or_default()
    }

    fn is_line_break_at(&self, pos: usize) -> bool {
        let i = self.atoms.partition_point(|a| a.reader.end <= pos);
        self.atoms.get(i).is_some_and(|a| a.line_break)
    }
}

/// Cuts a Markdown block (a provision, heading or a whole text) into tokens covering every byte.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    tokens_of(text, &read(text))
}

/// The tokens of a reading of `text`, covering every byte once.
pub(crate) fn tokens_of(text: &str, reading: &Reading) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(text.len() / 4 + 4);
    each_token(text, reading, |t| out.push(t));
    out
}

/// The tokens of a reading of `text` handed to `out` one by one, in order, covering every
/// byte once: what [`tokens_of`] collects, for a caller that keeps only a few of them (a
/// replace in a unit of 50 MB keeps the words it matched, not 16 million tokens).
pub(crate) fn each_token(text: &str, reading: &Reading, mut out: impl FnMut(Token)) {
    let mut pos = 0;
    for inline in &reading.inlines {
        // Between containers: structure.
        let start = inline.start.max(pos);
        gap_structure(text, pos, start, &mut out);
        pos = start;
        let label = label_of(text, inline);
        let mut r = 0;
        let reader = inline.reader.as_str();
        while r < reader.len() {
            let c = reader[r..].chars().next().unwrap_or(' ');
            let (kind, next) = if inline.is_line_break_at(r) {
                let i = inline.atoms.partition_point(|a| a.reader.end <= r);
                (Kind::Newline, inline.atoms[i].reader.end)
            } else {
                match c {
                    ' ' | '\t' | '\n' | '\r' => {
                        let mut n = r + 1;
                        while n < reader.len()
                            && matches!(reader.as_bytes()[n], b' ' | b'\t' | b'\n' | b'\r')
                            && !inline.is_line_break_at(n)
                        {
                            n += 1;
                        }
                        (Kind::Space, n)
                    }
                    c if c.is_alphanumeric() => (Kind::Word, scan_word(reader, r, reader.len())),
                    _ => (Kind::Punct, r + c.len_utf8()),
                }
            };
            let (kind, next) = match &label {
                Some((lr, _)) if r == lr.start => (Kind::Label, lr.end),
                _ => (kind, next),
            };
            let s = inline.source_at(r, false).max(pos);
            let e = inline.source_at(next, true).max(s);
            if s > pos {
                out(Token {
                    kind: Kind::Markup,
                    range: pos..s,
                    format: Format::default(),
                    reader: None,
                });
            }
            let shown = &reader[r..next];
            out(Token {
                kind,
                range: s..e,
                format: inline.format_at(r),
                reader: (text.get(s..e) != Some(shown)).then(|| shown.into()),
            });
            pos = e;
            r = next;
        }
    }
    gap_structure(text, pos, text.len(), &mut out);
}

/// Bytes between containers: a blank line is a paragraph break, anything else (bullets,
/// hashes, pipes, rule rows, comments) is structure.
fn gap_structure(text: &str, start: usize, end: usize, out: &mut impl FnMut(Token)) {
    if start >= end {
        return;
    }
    let gap = &text[start..end];
    let blank_line = gap
        .split('\n')
        .skip(1)
        .take(gap.matches('\n').count().saturating_sub(1))
        .any(|line| line.trim().is_empty());
    let kind = if blank_line || end == text.len() {
        Kind::Break
    } else {
        Kind::Marker
    };
    out(Token {
        kind,
        range: start..end,
        format: Format::default(),
        reader: None,
    });
}

/// A label standing at the start of a container: a provision number in bold at the start of
/// body text, `(b)` at the start of a list item, a Part number at the start of a `##` heading.
/// Returns its reader range and its text.
pub(crate) fn label_of(text: &str, inline: &Inline) -> Option<(Range<usize>, String)> {
    let reader = inline.reader.as_str();
    match inline.role {
        Role::Paragraph { depth: 0, .. } => {
            let (a, b, _) = bold_number(&text[inline.start..])?;
            let number = &text[inline.start + a..inline.start + b];
            reader
                .starts_with(number)
                .then(|| (0..number.len(), number.to_string()))
        }
        Role::Paragraph { opens_item: true, .. } => {
            let n = label_len(reader)?;
            let first = inline.atoms.first()?;
            (first.exact && first.format.is_plain() && first.reader.end >= n).then(|| (0..n, reader[..n].to_string()))
        }
        Role::Heading { level: 2 } => {
            let n = reader.find([' ', '\t']).unwrap_or(reader.len());
            (n > 0 && is_part_number(&reader[..n])).then(|| (0..n, reader[..n].to_string()))
        }
        _ => None,
    }
}

/// Where the word starting at `start` of `text` ends.
pub(crate) fn word_end(text: &str, start: usize) -> usize {
    scan_word(text, start, text.len())
}

fn scan_word(text: &str, start: usize, end: usize) -> usize {
    let mut i = start;
    let mut chars = text[start..end].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        // Hyphens and apostrophes join words (`Sub-Committee`, `Party's`); a point or comma
        // joins digits (`F2.4`, `6.4`, `1,000`) so a number is one word.
        let joiner = match c {
            '-' | '\'' | '’' | '_' => chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric()),
            '.' | ',' => {
                chars.peek().is_some_and(|&(_, n)| n.is_ascii_digit())
                    && text[start..start + off].ends_with(|p: char| p.is_ascii_digit())
            }
            _ => false,
        };
        if c.is_alphanumeric() || (joiner && i == start + off) {
            i = start + off + c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// Length of a list bullet and the spaces after it (`- `, `* `, `1. `), after any indentation.
pub(crate) fn list_marker(rest: &str) -> Option<usize> {
    let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let bytes = &rest.as_bytes()[indent..];
    let bullet = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match bytes.get(digits) {
                Some(b'.' | b')') if digits <= 9 => digits + 1,
                _ => return None,
            }
        }
        _ => return None,
    };
    let spaces = bytes[bullet..].iter().take_while(|&&b| b == b' ' || b == b'\t').count();
    if spaces == 0 && bullet < bytes.len() {
        return None;
    }
    Some(indent + bullet + spaces)
}

/// Length of a sub-paragraph label `(b)`, `(ii)`, `(A)`, `(ba)` at the start of an item.
pub(crate) fn label_len(after: &str) -> Option<usize> {
    let inner = after.strip_prefix('(')?;
    let close = inner.find(')')?;
    let label = &inner[..close];
    let ok = !label.is_empty() && label.len() <= 8 && label.bytes().all(|b| b.is_ascii_alphanumeric());
    let followed = inner[close + 1..].is_empty() || inner[close + 1..].starts_with([' ', '\t', '\n', '\r']);
    (ok && followed).then_some(close + 2)
}

/// A provision number in bold at the start of a paragraph: `**F2.1**`, `**6.2**`, `**F2.3A**`.
/// Returns (start of number, end of number, end of closing `**`), relative to `rest`.
pub fn bold_number(rest: &str) -> Option<(usize, usize, usize)> {
    let inner = rest.strip_prefix("**")?;
    let close = inner.find("**")?;
    let number = &inner[..close];
    is_provision_number(number).then_some((2, 2 + close, 4 + close))
}

/// The words and punctuation of a phrase as a reader writes it (`replace:`): plain text, no
/// Markdown, so `2 * 3` is three words and a `*`.
pub(crate) fn phrase_tokens(phrase: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < phrase.len() {
        let c = phrase[i..].chars().next().unwrap_or(' ');
        let next = if c.is_whitespace() {
            i + c.len_utf8()
        } else if c.is_alphanumeric() {
            scan_word(phrase, i, phrase.len())
        } else {
            i + c.len_utf8()
        };
        if !c.is_whitespace() {
            out.push(Token {
                kind: if c.is_alphanumeric() { Kind::Word } else { Kind::Punct },
                range: i..next,
                format: Format::default(),
                reader: None,
            });
        }
        i = next;
    }
    out
}

/// Inline Markdown (`with:`) as it reads in the middle of a line: its tokens and spans,
/// relative to `text`, or what it would add that is not inline text.
pub(crate) fn inline_markdown(text: &str) -> Result<(Vec<Token>, Vec<Span>), &'static str> {
    // Read in the middle of a paragraph, as a splice puts it: `5. The` is not a list there.
    const LEAD: &str = "x ";
    let whole = format!("{LEAD}{text}");
    let reading = read(&whole);
    if reading.inlines.len() > 1
        || reading
            .inlines
            .iter()
            .any(|i| !matches!(i.role, Role::Paragraph { depth: 0, .. }))
    {
        return Err("a new paragraph, heading, list item or table");
    }
    if let Some(u) = reading.unsupported.first() {
        return Err(u.what);
    }
    let shift = |r: &Range<usize>| r.start.saturating_sub(LEAD.len())..r.end.saturating_sub(LEAD.len());
    let tokens: Vec<Token> = tokens_of(&whole, &reading)
        .into_iter()
        .filter(|t| t.range.start >= LEAD.len())
        .map(|t| Token {
            range: shift(&t.range),
            ..t
        })
        .collect();
    let spans = reading
        .spans
        .iter()
        .map(|s| Span {
            outer: shift(&s.outer),
            inner: shift(&s.inner),
        })
        .collect();
    Ok((tokens, spans))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<(Kind, String)> {
        tokenize(text)
            .iter()
            .map(|t| (t.kind, t.text(text).to_string()))
            .collect()
    }

    fn has(s: &[(Kind, String)], kind: Kind, text: &str) -> bool {
        s.iter().any(|(k, t)| *k == kind && t == text)
    }

    #[test]
    fn every_byte_is_covered_once() {
        let text = "**F2.1** The DCC shall:\r\n\r\n- (a) list each Device Model; and\n  - (i) its **expiry**\n    date.\n\n| A | B |\n| --- | --- |\n| x | y |\n<!-- note -->\n";
        let tokens = tokenize(text);
        let mut at = 0;
        for t in &tokens {
            assert_eq!(t.range.start, at, "{tokens:?}");
            at = t.range.end;
        }
        assert_eq!(at, text.len());
    }

    #[test]
    fn provision_numbers_labels_and_markers_are_not_words() {
        let s = shown("**F2.1** The DCC:\n\n- (a) Sub-Committee's list\n");
        assert_eq!(s[0], (Kind::Markup, "**".to_string()));
        assert_eq!(s[1], (Kind::Label, "F2.1".to_string()));
        assert!(has(&s, Kind::Label, "(a)"));
        assert!(has(&s, Kind::Word, "Sub-Committee's"));
        let s = shown("Section F5.7, paragraph 6.4. 1,000 a.b");
        assert!(has(&s, Kind::Word, "F5.7"));
        assert!(has(&s, Kind::Word, "6.4"));
        assert!(has(&s, Kind::Word, "1,000"));
    }

    #[test]
    fn what_commonmark_says_is_what_is_read() {
        // Literal asterisks, escapes, entities, code and intraword emphasis.
        let s = shown("**F1.1** 2 * 3 and 5 \\* 3 &amp; `a*b` and a*b*c\n");
        assert!(has(&s, Kind::Punct, "*"));
        assert!(has(&s, Kind::Punct, "&"));
        assert!(has(&s, Kind::Word, "abc"));
        assert!(has(&s, Kind::Word, "a"));
        // `5.` wrapped to the start of a line is paragraph text, not a list.
        let s = shown("**F1.1** a sum of\n5. The Party\n");
        assert!(has(&s, Kind::Word, "5"));
        // A link reads as its text; the target is markup.
        let t = "**F1.1** see [the guidance](https://example.org/x).\n";
        let s = shown(t);
        assert!(has(&s, Kind::Word, "guidance"));
        assert!(!s.iter().any(|(k, x)| k.is_word_like() && x.contains("example")));
    }

    #[test]
    fn table_cells_are_boundaries() {
        let s = shown("| Certificate identification number | x \\| y |\n| --- | --- |\n| a | b |\n");
        assert!(has(&s, Kind::Word, "identification"));
        assert!(has(&s, Kind::Punct, "|"));
        assert!(s.iter().filter(|t| t.0 == Kind::Marker).count() >= 3);
    }

    #[test]
    fn deep_and_tab_nested_items_have_labels() {
        let s = shown("**F1.1** Text:\n\n- (a) one\n    - (i) deep\n");
        assert!(has(&s, Kind::Label, "(i)"));
        let s = shown("**F1.1** Text:\n\n- (a) one\n\t- (i) deep\n");
        assert!(has(&s, Kind::Label, "(i)"));
    }

    #[test]
    fn a_code_span_starting_with_a_wide_character_is_read() {
        // Found by fuzzing: the code span's body was cut one byte in, inside a character.
        let text = "`\u{a5}\\[\n`";
        let s = shown(text);
        assert!(s.iter().any(|(_, t)| t.contains('\u{a5}')), "{s:?}");
        let s = shown("` \u{e9}t\u{e9} `");
        assert!(has(&s, Kind::Word, "\u{e9}t\u{e9}"), "{s:?}");
    }

    #[test]
    fn unsupported_constructs_are_found() {
        for t in [
            "> quoted\n",
            "```\ncode\n```\n",
            "Heading\n=======\n",
            "a <span>x</span>\n",
            "<div>\nx\n</div>\n",
            "a ~~gone~~ b\n",
            "---\n",
            "Some text\nField | Meaning\n--- | ---\nDate | x\n",
            "- (a) an item\nField | Meaning |\n| --- | --- |\n",
            "Some text:\n'\n| Field | Meaning |\n| --- | --- |\n| re.\n",
            "| Field | Meaning |\n| ---|-  -- |\n| A | b |\n",
            "a `  x\n  `5m\n",
        ] {
            assert!(!read(t).unsupported.is_empty(), "{t:?}");
        }
        for t in ["a <!-- note --> b\n", "<!-- note -->\n", "| a<br>b |\n| - |\n"] {
            assert!(read(t).unsupported.is_empty(), "{t:?}");
        }
    }

    #[test]
    fn with_text_is_inline_only() {
        assert!(inline_markdown("expiry or **renewal** date").is_ok());
        assert!(inline_markdown("5. The Party").is_ok());
        assert!(inline_markdown("date.\n\n**F1.3** Injected").is_err());
        assert!(inline_markdown("date\n## F9 New").is_err());
        assert!(inline_markdown("date\n- (c) item").is_err());
    }
}
