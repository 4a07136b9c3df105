//! The documents of the built-in HTML annex, written straight from the Annex model.
//!
//! The built-in template's page (cover, summary, reasons, "Left unchanged") is rendered by
//! tera, but a redline of a heavily rewritten text has millions of runs, and tera needs each
//! as a map in its context. So for the built-in template the documents are written here,
//! byte for byte as the template's `documents` loop and its `runs`, `label`, `reasons` and
//! `blocks` components write them (with tera's escaping), and no run is ever copied into a
//! template context. A `--templates` template gets the whole annex as data, as before.
//! `tests/html.rs` checks that both ways give the same bytes.

use crate::annex::{AnnexDocument, Item, Shown};
use crate::redline::{Block, Change, Para, Run};

/// Appends `text` with tera's HTML escaping (`&`, `<`, `>`, `"`, `'`).
pub(super) fn escape(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// Whether a template would take the value as true: present and not empty.
fn truthy(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

/// Every document, as the built-in template's `{% for d in documents %}` loop writes it.
pub(super) fn documents(out: &mut String, documents: &[AnnexDocument]) {
    for d in documents {
        out.push_str("\n<section class=\"document\" id=\"");
        escape(out, &d.anchor);
        out.push_str("\">\n<h2>");
        escape(out, &d.name);
        out.push_str(": ");
        escape(out, &d.title);
        out.push_str("</h2>\n<p class=\"intro\">");
        escape(out, &d.intro);
        out.push_str("</p>");
        for item in &d.items {
            match item {
                Item::Omission => out.push_str(
                    "\n<p class=\"omission\" title=\"Unchanged text left out\"><span aria-hidden=\"true\">\u{2026}</span><span class=\"sr\">Unchanged text left out</span></p>",
                ),
                Item::Heading {
                    level,
                    shown: Shown {
                        address,
                        anchor,
                        redline,
                        reasons,
                        ..
                    },
                } => {
                    if !reasons.is_empty() {
                        out.push_str("\n<div class=\"item\">");
                    }
                    for block in &redline.blocks {
                        // Headings are paragraphs; a table has no label and no runs here.
                        let (label, label_change, runs) = match block {
                            Block::Para(p) => (p.label.as_deref(), p.label_change, p.runs.as_slice()),
                            Block::Table(_) => (None, Change::Equal, &[][..]),
                        };
                        if *level == 2 {
                            out.push_str("\n<h3 class=\"part\" id=\"");
                            escape(out, anchor);
                            out.push_str("\" data-address=\"");
                            escape(out, address);
                            out.push_str("\">");
                            if let Some(l) = label.filter(|l| !l.is_empty()) {
                                write_label(out, l, label_change);
                            }
                            write_runs(out, runs);
                            out.push_str("</h3>");
                        } else {
                            out.push_str("\n<h4 class=\"cross\" id=\"");
                            escape(out, anchor);
                            out.push_str("\">");
                            write_runs(out, runs);
                            out.push_str("</h4>");
                        }
                    }
                    if !reasons.is_empty() {
                        out.push('\n');
                        write_reasons(out, reasons);
                        out.push_str("\n</div>");
                    }
                }
                Item::Provision {
                    shown:
                        Shown {
                            address,
                            anchor,
                            status,
                            redline,
                            reasons,
                            ..
                        },
                    note,
                } => {
                    if !reasons.is_empty() {
                        out.push_str("\n<div class=\"item\">");
                    }
                    out.push_str("\n<section class=\"provision status-");
                    out.push_str(status.name());
                    out.push_str("\" id=\"");
                    escape(out, anchor);
                    out.push_str("\" data-address=\"");
                    escape(out, address);
                    out.push_str("\">");
                    if let Some(note) = note {
                        out.push_str("\n<p class=\"note\">");
                        escape(out, note);
                        out.push_str("</p>");
                    }
                    write_blocks(out, &redline.blocks);
                    out.push_str("\n</section>");
                    if !reasons.is_empty() {
                        out.push('\n');
                        write_reasons(out, reasons);
                        out.push_str("\n</div>");
                    }
                }
            }
        }
        out.push_str("\n</section>");
    }
}

/// The `label` component.
fn write_label(out: &mut String, text: &str, change: Change) {
    let (open, close) = match change {
        Change::Ins => ("<ins class=\"label\">", " </ins>"),
        Change::Del => ("<del class=\"label\">", " </del>"),
        Change::Equal => ("<span class=\"label\">", " </span>"),
    };
    out.push_str(open);
    escape(out, text);
    out.push_str(close);
}

/// The `reasons` component.
fn write_reasons(out: &mut String, reasons: &[String]) {
    if reasons.is_empty() {
        return;
    }
    out.push_str("<aside class=\"reason\" aria-label=\"Why this changes\">");
    for r in reasons {
        out.push_str("<p><span class=\"reason-label\">Reason</span> ");
        escape(out, r);
        out.push_str("</p>");
    }
    out.push_str("</aside>");
}

/// The `blocks` component.
fn write_blocks(out: &mut String, blocks: &[Block]) {
    for b in blocks {
        match b {
            Block::Para(p) => write_para(out, p),
            Block::Table(t) => {
                out.push_str("\n<table>");
                for row in &t.rows {
                    out.push_str("\n<tr class=\"row-");
                    out.push_str(row.change.name());
                    out.push_str("\">");
                    for cell in &row.cells {
                        out.push_str(if row.header { "<th>" } else { "<td>" });
                        match row.change {
                            Change::Ins => out.push_str("<span class=\"sr\">[row inserted] </span>"),
                            Change::Del => out.push_str("<span class=\"sr\">[row deleted] </span>"),
                            Change::Equal => {}
                        }
                        write_runs(out, cell);
                        out.push_str(if row.header { "</th>" } else { "</td>" });
                    }
                    out.push_str("</tr>");
                }
                out.push_str("\n</table>");
            }
        }
    }
}

fn write_para(out: &mut String, p: &Para) {
    let label = p.label.as_deref().filter(|l| !l.is_empty());
    out.push_str("\n<p class=\"para level-");
    out.push_str(&p.level.to_string());
    if label.is_none() {
        out.push_str(" no-label");
    }
    match p.label_change {
        Change::Ins => out.push_str(" para-ins"),
        Change::Del => out.push_str(" para-del"),
        Change::Equal => {}
    }
    out.push_str("\">");
    if let Some(l) = label {
        write_label(out, l, p.label_change);
    }
    write_runs(out, &p.runs);
    out.push_str("</p>");
}

/// The `runs` component.
fn write_runs(out: &mut String, runs: &[Run]) {
    for r in runs {
        let by = r.by().filter(|b| !b.is_empty());
        let reformatted = r.reformatted().filter(|f| !f.is_empty());
        match r.change {
            Change::Ins => {
                out.push_str("<ins");
                if r.gap_before {
                    out.push_str(" class=\"gap\"");
                }
                if let Some(by) = by {
                    out.push_str(" data-by=\"");
                    escape(out, by);
                    out.push_str("\" title=\"Inserted by ");
                    escape(out, by);
                    out.push('"');
                }
                out.push('>');
            }
            Change::Del => {
                out.push_str("<del");
                if let Some(by) = by {
                    out.push_str(" data-by=\"");
                    escape(out, by);
                    out.push_str("\" title=\"Deleted by ");
                    escape(out, by);
                    out.push('"');
                }
                out.push('>');
            }
            Change::Equal => {
                if let Some(f) = reformatted {
                    out.push_str("<span class=\"reformatted\" title=\"Formatting changed: ");
                    escape(out, f);
                    out.push_str("\">");
                }
            }
        }
        let link = truthy(r.link());
        if link {
            out.push_str("<a href=\"");
            escape(out, r.link().unwrap_or_default());
            out.push_str("\">");
        }
        super::open_emphasis(r.emphasis, out);
        escape(out, &r.text);
        super::close_emphasis(r.emphasis, out);
        if link {
            out.push_str("</a>");
        }
        match r.change {
            Change::Ins | Change::Del => {
                out.push_str(if r.change == Change::Ins { "</ins>" } else { "</del>" });
                if let Some(by) = by {
                    out.push_str("<sup class=\"by\" data-by=\"");
                    escape(out, by);
                    out.push_str("\">");
                    escape(out, by);
                    out.push_str("</sup>");
                }
            }
            Change::Equal => {
                if let Some(f) = reformatted {
                    out.push_str("<span class=\"sr\"> [formatting changed: ");
                    escape(out, f);
                    out.push_str("]</span></span>");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_tera_does() {
        let mut out = String::new();
        escape(&mut out, "a & <b> \"c\" 'd' é");
        assert_eq!(out, "a &amp; &lt;b&gt; &quot;c&quot; &#39;d&#39; é");
    }
}
