//! The reader's tools beside the document pages: a compare page per provision whose text
//! changed (every pair of its texts, diffed word by word by the project's redline, built
//! here and not in the browser) and the go-to-date page with its static date index.

use super::notes::{Compared, Log};
use super::search::js_string as js;
use super::text::esc;
use super::{Edition, page_name, version_folder};
use crate::diagnostics::Diagnostics;
use crate::output::OutputFile;
use crate::redline::{Block, Change, Run, redline};
use std::fmt::Write;
use std::path::PathBuf;

pub(crate) const COMPARE_JS: &str = include_str!("../../templates/site/compare.js");
pub(crate) const GOTO_JS: &str = include_str!("../../templates/site/goto.js");

/// The compare pages, the go-to-date page and their scripts.
pub(crate) fn files(log: &Log, editions: &[Edition]) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut out = vec![
        file("assets/compare.js", COMPARE_JS.as_bytes().to_vec()),
        file("assets/goto.js", GOTO_JS.as_bytes().to_vec()),
        file("goto.html", goto_page(log, editions).into_bytes()),
    ];
    let compared = log.compared();
    let pages = crate::parallel::in_parallel(&compared, |c| file(&c.page, compare_page(log, c).into_bytes()));
    out.extend(pages);
    Ok(out)
}

fn file(path: &str, bytes: Vec<u8>) -> OutputFile {
    OutputFile {
        path: PathBuf::from(path),
        bytes,
    }
}

/// The head and header every page of the site opens with, from a folder `root` deep.
fn head(title: &str, root: &str, script: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title} — Smart Energy Code</title>\n<link rel=\"stylesheet\" href=\"{root}assets/site.css\">\n<link rel=\"icon\" href=\"{root}favicon.ico\">\n<script src=\"{root}assets/{script}\" defer></script>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the text</a>\n<header class=\"site\" role=\"banner\">\n<p class=\"brand\"><a href=\"{root}index.html\">Smart Energy Code</a></p>\n</header>\n",
        title = esc(title)
    )
}

const FOOT: &str = "</main>\n</body>\n</html>\n";

/// Which versions a text was read in: `version 1.0`, `versions 1.1–1.3`, `versions 1.0, 1.2`.
fn versions_named(log: &Log, ks: &[usize]) -> String {
    let ids: Vec<&str> = ks.iter().map(|&k| log.versions()[k].id.as_str()).collect();
    let consecutive = ks.windows(2).all(|w| w[1] == w[0] + 1);
    match ids.as_slice() {
        [one] => format!("version {one}"),
        [first, .., last] if consecutive => format!("versions {first}\u{2013}{last}"),
        many => format!("versions {}", many.join(", ")),
    }
}

/// `compare/p-f-2-4.html`: every pair of the provision's texts, each the older against the
/// newer; a small script shows the pair chosen (without it, every pair shows).
fn compare_page(log: &Log, c: &Compared) -> String {
    let r = c.reference;
    let mut html = head(&format!("Compare versions of {r}"), "../", "compare.js");
    let versions = log.versions();
    let _ = write!(
        html,
        "<main id=\"main\" class=\"home\">\n<h1>Compare versions of {}</h1>\n<p class=\"lead\">Words inserted are underlined (<ins>like this</ins>), words omitted struck through (<del>like this</del>); a screen reader hears where each starts and ends.</p>\n",
        esc(r)
    );
    // Each version the provision is in, and which text it reads (its first version's id).
    let mut group_of: Vec<(usize, &str)> = Vec::new();
    for (_, ks) in &c.texts {
        for &k in ks {
            group_of.push((k, versions[ks[0]].id.as_str()));
        }
    }
    group_of.sort();
    let options = |selected: usize| {
        group_of
            .iter()
            .enumerate()
            .map(|(n, (k, _))| {
                format!(
                    "<option value=\"{id}\"{sel}>Version {id}</option>",
                    id = esc(&versions[*k].id),
                    sel = if n == selected { " selected" } else { "" }
                )
            })
            .collect::<String>()
    };
    let _ = write!(
        html,
        "<form class=\"search big compare\" method=\"get\" action=\"\"><label for=\"from\" class=\"inline\">From</label> <select id=\"from\" name=\"from\">{}</select> <label for=\"to\" class=\"inline\">to</label> <select id=\"to\" name=\"to\">{}</select> <button type=\"submit\">Compare</button></form>\n<p id=\"same\" class=\"lead\" hidden>These two versions of {} read the same.</p>\n",
        options(group_of.len().saturating_sub(2)),
        options(group_of.len() - 1),
        esc(r)
    );
    let groups: Vec<String> = group_of
        .iter()
        .map(|(k, g)| format!("{}:{}", js(&versions[*k].id), js(g)))
        .collect();
    let _ = writeln!(
        html,
        "<script type=\"application/json\" id=\"groups\">{{{}}}</script>",
        groups.join(",")
    );
    for (a, (old, old_ks)) in c.texts.iter().enumerate() {
        for (new, new_ks) in &c.texts[a + 1..] {
            let (x, y) = (&versions[old_ks[0]].id, &versions[new_ks[0]].id);
            let _ = write!(
                html,
                "<div class=\"pair\" id=\"{}-{}\">\n<h2>{r} in {} against {}</h2>\n<div class=\"provision diff\">\n{}</div>\n",
                esc(x),
                esc(y),
                esc(&versions_named(log, old_ks)),
                esc(&versions_named(log, new_ks)),
                diff_html(old, new),
                r = esc(r),
            );
            let links: Vec<String> = [old_ks[0], new_ks[0]]
                .iter()
                .map(|&k| {
                    format!(
                        "<a href=\"../{}\">{} in version {}</a>",
                        esc(&log.page_of(r, k)),
                        esc(r),
                        esc(&versions[k].id)
                    )
                })
                .collect();
            let _ = writeln!(html, "<p class=\"meta\">Read {} or {}.</p>\n</div>", links[0], links[1]);
        }
    }
    html.push_str(FOOT);
    html
}

/// The provision's two texts as the redline compares them: `<ins>` and `<del>` with words a
/// screen reader speaks at each start and end.
fn diff_html(old: &str, new: &str) -> String {
    let mut r = redline(Some(old), Some(new));
    // "ten days" struck and "twenty Working Days" inserted never read "daystwenty".
    r.mark_gaps();
    let mut out = String::new();
    if let Some(whole) = r.whole {
        let _ = writeln!(out, "<p class=\"meta\">({})</p>", esc(&whole.note()));
    }
    for b in &r.blocks {
        match b {
            Block::Para(p) => {
                let _ = write!(out, "<p class=\"level-{}\">", p.level.min(6));
                if let Some(l) = &p.label {
                    let label = match p.label_change {
                        Change::Equal => format!("<strong>{}</strong>", esc(l)),
                        c => changed(c, &format!("<strong>{}</strong>", esc(l))),
                    };
                    let _ = write!(out, "{label} ");
                }
                runs_html(&p.runs, &mut out);
                out.push_str("</p>\n");
            }
            Block::Table(t) => {
                out.push_str("<div class=\"table\"><table>\n");
                for row in &t.rows {
                    out.push_str("<tr>");
                    let cell = if row.header { "th" } else { "td" };
                    for c in &row.cells {
                        let _ = write!(out, "<{cell}>");
                        runs_html(c, &mut out);
                        let _ = write!(out, "</{cell}>");
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table></div>\n");
            }
        }
    }
    out
}

fn changed(c: Change, inner: &str) -> String {
    match c {
        Change::Ins => format!("<ins><span class=\"sr\">[inserted: </span>{inner}<span class=\"sr\">]</span></ins>"),
        Change::Del => format!("<del><span class=\"sr\">[omitted: </span>{inner}<span class=\"sr\">]</span></del>"),
        Change::Equal => inner.to_string(),
    }
}

/// Runs of one paragraph or cell: a stretch inserted or omitted is one `<ins>` or `<del>`,
/// whatever formatting its words have.
fn runs_html(runs: &[Run], out: &mut String) {
    let mut i = 0;
    while i < runs.len() {
        let change = runs[i].change;
        if runs[i].gap_before {
            out.push(' ');
        }
        let mut inner = String::new();
        while i < runs.len() && runs[i].change == change {
            let r = &runs[i];
            crate::render::open_emphasis(r.emphasis, &mut inner);
            inner.push_str(&esc(&r.text));
            crate::render::close_emphasis(r.emphasis, &mut inner);
            i += 1;
        }
        out.push_str(&changed(change, &inner));
    }
}

/// `goto.html?date=YYYY-MM-DD&doc=F`: the version in force that day, from the date index it
/// carries (each version's first day and its documents' pages); opened by the form on every
/// document page, with nothing on a server.
fn goto_page(log: &Log, editions: &[Edition]) -> String {
    let mut html = head("The Code on a day", "", "goto.js");
    let index: Vec<String> = editions
        .iter()
        .map(|e| {
            let v = &e.info;
            let pages: Vec<String> = e
                .corpus
                .documents
                .iter()
                .map(|d| {
                    let page = format!("{}{}", version_folder(&v.id), page_name(&d.meta.id));
                    format!("{}:[{},{}]", js(&d.meta.id), js(&page), js(&d.meta.name()))
                })
                .collect();
            let from = log.versions()[e.index].date.map(|d| d.to_string()).unwrap_or_default();
            format!(
                "{{\"id\":{},\"from\":{},\"shown\":{},\"until\":{},\"pages\":{{{}}}}}",
                js(&v.id),
                js(&from),
                js(&v.from),
                js(&v.until),
                pages.join(",")
            )
        })
        .collect();
    let index = format!("[{}]", index.join(","));
    let documents: String = editions
        .last()
        .map(|e| {
            e.corpus
                .documents
                .iter()
                .map(|d| format!("<option value=\"{}\">{}</option>", esc(&d.meta.id), esc(&d.meta.name())))
                .collect()
        })
        .unwrap_or_default();
    let rows: String = editions
        .iter()
        .map(|e| {
            let v = &e.info;
            format!(
                "<li>Version {}: {}</li>",
                esc(&v.id),
                match (v.from.is_empty(), v.until.is_empty()) {
                    (true, _) => format!(
                        "the base version, the text before the first release, in force up to {} (the last day)",
                        esc(&v.until)
                    ),
                    (false, false) => format!("in force from {} to {} (the last day)", esc(&v.from), esc(&v.until)),
                    (false, true) => format!("in force from {} (the current version)", esc(&v.from)),
                }
            )
        })
        .collect();
    let _ = write!(
        html,
        "<main id=\"main\" class=\"home\">\n<h1>The Code on a day</h1>\n<form class=\"search big goto\" action=\"goto.html\" method=\"get\"><label for=\"date\" class=\"inline\">Day</label> <input id=\"date\" name=\"date\" type=\"date\" required min=\"1900-01-01\" max=\"9999-12-31\"> <label for=\"doc\" class=\"inline\">document</label> <select id=\"doc\" name=\"doc\"><option value=\"\">every document</option>{documents}</select> <button type=\"submit\">Go</button></form>\n<p id=\"answer\" role=\"status\"></p>\n<h2>The versions of this history</h2>\n<ul>{rows}</ul>\n<script type=\"application/json\" id=\"dates\">{index}</script>\n"
    );
    html.push_str(FOOT);
    html
}
