//! The block outline of Markdown text: top-level blocks and list items, each with its byte range.
//!
//! pulldown-cmark decides what is a heading, a paragraph, a list or a table (so
//! CommonMark's corner cases are its problem, not ours); this module keeps only
//! the block structure the Code's format is built from.

use crate::words::{Unsupported, unsupported};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Heading(u8),
    Paragraph,
    List,
    Table,
    /// Code blocks, quotes, HTML, rules: kept as bytes, not interpreted.
    Other,
}

/// One block at the top level of the text, or one list item inside a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OutlineEntry {
    Block {
        kind: BlockKind,
        range: Range<usize>,
    },
    /// A list item; `depth` 1 is an item of a top-level list.
    Item {
        depth: usize,
        range: Range<usize>,
    },
}

/// Scans `text` (no front matter) into its outline, in source order.
pub(crate) fn outline(text: &str) -> Vec<OutlineEntry> {
    outline_checked(text).0
}

/// The outline, and the constructs the Code's format does not take, from one parse.
pub(crate) fn outline_checked(text: &str) -> (Vec<OutlineEntry>, Vec<Unsupported>) {
    let mut out = Vec::new();
    let mut refused = Vec::new();
    let mut depth = 0usize; // nesting of container blocks
    let mut item_depth = 0usize;
    for (event, range) in Parser::new_ext(text, crate::words::options()).into_offset_iter() {
        if let Some(u) = unsupported(&event, &range, text) {
            refused.push(u);
        }
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let kind = match &tag {
                        Tag::Heading { level, .. } => BlockKind::Heading(heading_level(*level)),
                        Tag::Paragraph => BlockKind::Paragraph,
                        Tag::List(_) => BlockKind::List,
                        Tag::Table(_) => BlockKind::Table,
                        _ => BlockKind::Other,
                    };
                    out.push(OutlineEntry::Block {
                        kind,
                        range: range.clone(),
                    });
                }
                if matches!(tag, Tag::Item) {
                    item_depth += 1;
                    out.push(OutlineEntry::Item {
                        depth: item_depth,
                        range,
                    });
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if matches!(tag, TagEnd::Item) {
                    item_depth = item_depth.saturating_sub(1);
                }
            }
            // Leaf events at the top level (rules, HTML) are blocks of their own.
            Event::Rule | Event::Html(_) if depth == 0 => {
                out.push(OutlineEntry::Block {
                    kind: BlockKind::Other,
                    range,
                });
            }
            _ => {}
        }
    }
    (out, refused)
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The start of the line that holds byte `offset`.
pub(crate) fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_nested_items() {
        let text =
            "## F2 List\n\n**F2.1** Text:\n\n- (a) one\n  - (i) two\n- (b) three\n\n| a | b |\n| - | - |\n| c | d |\n";
        let entries = outline(text);
        let kinds: Vec<String> = entries
            .iter()
            .map(|e| match e {
                OutlineEntry::Block { kind, .. } => format!("{kind:?}"),
                OutlineEntry::Item { depth, range } => format!("item{depth}:{}", &text[range.start..range.start + 5]),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "Heading(2)",
                "Paragraph",
                "List",
                "item1:- (a)",
                "item2:- (i)",
                "item1:- (b)",
                "Table"
            ]
        );
    }
}
