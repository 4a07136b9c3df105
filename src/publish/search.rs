//! The static search index of every version, read by `assets/search.js`, in small files so
//! that a query downloads only what it needs (a phone on a slow line included):
//!
//! - `assets/search/meta.js`: the versions, how the entries are grouped by the versions
//!   they are in, the names of the term and reference files that exist;
//! - `assets/search/t-<prefix>.js`: for every term beginning with `<prefix>` (its first two
//!   characters, one more while a file is over [`TERM_FILE`]), each entry holding it, with
//!   the entry's length and the term's positions (for phrases and ranking);
//! - `assets/search/r-<part>.js`: provision, sub-paragraph and Part references of a Part
//!   (`f2`, `f2.4`, `f2.4(c)`) and the entries that hold them;
//! - `assets/search/c-<n>.js`: the entries themselves, [`CHUNK`] to a file: reference,
//!   anchor, page, words (for the result list and its snippet).
//!
//! An entry is a provision, a Part heading or a cross-heading, with its words as the page
//! shows them; one that reads the same in several versions in a row is one entry, with the
//! first and last of them. Scripts (not JSON) so that they load with a `<script>` tag.

use super::units::Renderings;
use super::{DocVersion, Edition, page_name, unit_reference};
use crate::corpus::UnitKind;
use crate::output::OutputFile;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Entries to a file of entries: a page of ten results touches at most ten files of ~4 KB.
pub(crate) const CHUNK: usize = 8;

/// What an entry is: its reference, where it is on its page, its page, its words.
#[derive(PartialEq, Eq, Hash, Clone)]
struct Entry<'a> {
    /// Found by its number: a provision or a Part, not a cross-heading.
    numbered: bool,
    label: String,
    anchor: String,
    page: usize,
    words: std::borrow::Cow<'a, str>,
}

/// The search terms of `text` in order, each with its position; a table cell or paragraph
/// boundary (`|`, a line break) leaves a gap, so that no phrase is found across one.
/// assets/search.js reads a query the same way (`terms`): NFKD, marks dropped, lower case,
/// split at anything but a letter or a digit (so a ligature `ﬁ` is `fi`, `é` is `e`).
pub(crate) fn terms(text: &str) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    let mut pos = 0u32;
    let mut token = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || is_combining_mark(c) {
            token.push(c);
            continue;
        }
        if !token.is_empty() && token.is_ascii() {
            // Letters and digits of ASCII: NFKD leaves them as they are.
            token.make_ascii_lowercase();
            out.push((std::mem::take(&mut token), pos));
            pos += 1;
        } else if !token.is_empty() {
            let folded: String = token
                .nfkd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .collect();
            for t in folded.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()) {
                out.push((t.to_string(), pos));
                pos += 1;
            }
            token.clear();
        }
        if c == '|' || c == '\n' {
            pos += 1;
        }
    }
    out
}

/// A prefix as a file name: itself if it is `a-z0-9`, else `_` and the hex of its UTF-8.
fn file_name(prefix: &str) -> String {
    if prefix.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        prefix.to_string()
    } else {
        std::iter::once("_".to_string())
            .chain(prefix.bytes().map(|b| format!("{b:02x}")))
            .collect()
    }
}

/// The file a reference is in: its Part's number (`f2` for `f2.4(c)`, `6` for `6.2`).
fn reference_file(bare: &str) -> String {
    file_name(bare.split(['.', '(']).next().unwrap_or(bare))
}

/// Term files of at most about this many bytes: a term file bigger is split by one more
/// character of its terms (a single term bigger than this has a file of its own).
pub(crate) const TERM_FILE: usize = 32 * 1024;

/// Term files: each term's postings in the file of its prefix of `depth` characters, split
/// further while a file is bigger than [`TERM_FILE`]. assets/search.js finds a term's file as
/// the longest prefix of it that names a file.
fn term_files(terms: &[(&str, String)], depth: usize, out: &mut BTreeMap<String, String>) {
    let mut groups: BTreeMap<String, Vec<(&str, String)>> = BTreeMap::new();
    for (t, e) in terms {
        groups
            .entry(t.chars().take(depth).collect())
            .or_default()
            .push((t, e.clone()));
    }
    for (prefix, group) in groups {
        let size: usize = group.iter().map(|(t, e)| t.len() + e.len() + 6).sum();
        let (here, longer): (Vec<_>, Vec<_>) = if size > TERM_FILE && depth < 12 {
            group.into_iter().partition(|(t, _)| t.chars().count() <= depth)
        } else {
            (group, Vec::new())
        };
        term_files(&longer, depth + 1, out);
        if !here.is_empty() {
            let body: Vec<String> = here
                .iter()
                .map(|(t, e)| format!("{}:{}", js_string(t), js_string(e)))
                .collect();
            out.insert(file_name(&prefix), body.join(","));
        }
    }
}

/// An entry's length in terms, and its terms (in order) each with its positions.
type Read = (usize, Vec<(String, Vec<u32>)>);

/// A term's posting: the search document, its length, the term's positions in it.
type Posting<'r> = (usize, usize, &'r [u32]);

/// The search files of every version (see the module's doc).
pub(crate) fn index(editions: &[Edition], doc_versions: &[DocVersion], renderings: &Renderings) -> Vec<OutputFile> {
    let last = editions.len() - 1;
    // Every entry once, with the runs of versions it is in (in order), and the sub-paragraph
    // references of each provision entry. Read per document version: its units read the
    // same in every version of the Code it is in.
    let mut known: HashMap<Entry, usize> = HashMap::new();
    let mut entries: Vec<(Entry, Vec<(usize, usize)>)> = Vec::new();
    // Borrowed from the renderings: at nesting depth 5,000 a provision's sub-paragraph
    // references are 37.5 MB.
    let mut subs: Vec<Vec<&str>> = Vec::new();
    let mut pages: Vec<String> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (n, dv) in doc_versions.iter().enumerate() {
        let edition = &editions[dv.start];
        let d = dv.position;
        let doc = &edition.corpus.documents[d];
        let page_file = page_name(&doc.meta.id);
        let page = pages.iter().position(|p| *p == page_file).unwrap_or_else(|| {
            pages.push(page_file);
            names.push(doc.meta.name());
            pages.len() - 1
        });
        for (i, u) in doc.units.iter().enumerate() {
            let rendered = renderings.get(n, i);
            let (label, anchor, words) = match &u.kind {
                UnitKind::Provision { .. } => {
                    let Some(r) = unit_reference(edition.corpus, d, i) else {
                        continue;
                    };
                    (r.clone(), r, std::borrow::Cow::Borrowed(rendered.plain.as_str()))
                }
                UnitKind::Part { number, heading } => {
                    let Some(r) = unit_reference(edition.corpus, d, i) else {
                        continue;
                    };
                    (r.clone(), r, format!("{number} {}", bare(heading)).into())
                }
                UnitKind::CrossHeading { heading } => {
                    // Found as the heading, it leads to the provision under it.
                    let next = (i + 1..doc.units.len())
                        .find(|&n| matches!(doc.units[n].kind, UnitKind::Provision { .. }))
                        .and_then(|n| unit_reference(edition.corpus, d, n));
                    let Some(r) = next else { continue };
                    (r.clone(), r, bare(heading).into())
                }
            };
            let entry = Entry {
                numbered: !matches!(u.kind, UnitKind::CrossHeading { .. }),
                label,
                anchor,
                page,
                words,
            };
            let e = match known.get(&entry) {
                Some(&e) => e,
                None => {
                    known.insert(entry.clone(), entries.len());
                    entries.push((entry, Vec::new()));
                    subs.push(Vec::new());
                    entries.len() - 1
                }
            };
            // An entry in versions 1.0–1.3 and again in 1.5 has two runs.
            let runs = &mut entries[e].1;
            match runs.last_mut() {
                Some(run) if run.1 + 1 == dv.start => run.1 = dv.end,
                // Twice in one document version (two cross-headings alike).
                Some(run) if run.1 >= dv.start => {}
                _ => runs.push((dv.start, dv.end)),
            }
            if matches!(u.kind, UnitKind::Provision { .. }) {
                // A new entry takes its sub-paragraphs as they are (looking each up in the
                // list was quadratic: 5,000 nested sub-paragraphs); a repeated one adds the
                // ones it lacks.
                if subs[e].is_empty() {
                    subs[e] = rendered.subparagraphs.iter().map(String::as_str).collect();
                } else {
                    for s in &rendered.subparagraphs {
                        if !subs[e].contains(&s.as_str()) {
                            subs[e].push(s);
                        }
                    }
                }
            }
        }
    }
    // One search document per run of versions.
    let mut docs: Vec<(usize, usize, usize)> = Vec::new(); // (from, to, entry)
    for (n, (_, runs)) in entries.iter().enumerate() {
        docs.extend(runs.iter().map(|&(from, to)| (from, to, n)));
    }
    // In the order they came in (by the version a run starts in, then in reading order),
    // so that a new version adds documents after the old ones and leaves the old ids, and
    // with them most of the files of entries and references, as they were (an incremental
    // publish links them); grouped by their versions (a group is [from, to, count]).
    // assets/search.js lists a later version's entries first among equals.
    docs.sort_by_key(|&(from, _, n)| (from, n));
    let mut groups: Vec<(usize, usize, usize)> = Vec::new();
    for &(from, to, _) in &docs {
        match groups.last_mut() {
            Some(g) if g.0 == from && g.1 == to => g.2 += 1,
            _ => groups.push((from, to, 1)),
        }
    }
    // Each entry's terms once (on every core), each with its positions, in term order; and
    // the entry's length in terms.
    let read: Vec<Read> = crate::parallel::in_parallel(&entries, |(entry, _)| {
        let found = terms(&format!("{}\n{}", entry.label, entry.words));
        let mut mine: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        for (t, p) in &found {
            mine.entry(t.as_str()).or_default().push(*p);
        }
        let grouped = mine.into_iter().map(|(t, ps)| (t.to_string(), ps)).collect();
        (found.len(), grouped)
    });
    // Postings: term → (doc, its length, the term's positions), docs in order.
    let mut postings: BTreeMap<&str, Vec<Posting>> = BTreeMap::new();
    let mut refs: BTreeMap<String, BTreeMap<&str, Vec<usize>>> = BTreeMap::new();
    let mut total = 0usize;
    for (id, &(_, _, n)) in docs.iter().enumerate() {
        let entry = &entries[n].0;
        let (length, grouped) = &read[n];
        total += length;
        for (t, ps) in grouped {
            postings
                .entry(t.as_str())
                .or_default()
                .push((id, *length, ps.as_slice()));
        }
        if entry.numbered {
            add_reference(&mut refs, &entry.anchor, id);
            for s in &subs[n] {
                add_reference(&mut refs, s, id);
            }
        }
    }
    let mut files = Vec::new();
    // Term files.
    let mut encoded_terms: Vec<(&str, String)> = Vec::with_capacity(postings.len());
    for (term, list) in &postings {
        let mut encoded = String::new();
        let mut previous = 0;
        for (k, (doc, length, positions)) in list.iter().enumerate() {
            if k > 0 {
                encoded.push(';');
            }
            let _ = write!(encoded, "{},{}", doc - previous, length);
            previous = *doc;
            let mut last = 0;
            for p in positions.iter() {
                let _ = write!(encoded, ",{}", p - last);
                last = *p;
            }
        }
        encoded_terms.push((term, encoded));
    }
    let mut by_shard: BTreeMap<String, String> = BTreeMap::new();
    term_files(&encoded_terms, 2, &mut by_shard);
    drop(encoded_terms);
    let term_shards: Vec<String> = by_shard.keys().cloned().collect();
    for (key, body) in by_shard {
        files.push(script(
            &format!("t-{key}"),
            &format!("SEC_SEARCH.shard({},{{{body}}});\n", js_string(&key)),
        ));
    }
    // Reference files.
    // Each file's text written where it ends up (no list joined, no copy of a shard into
    // its file: a shard of sub-paragraphs nested 5,000 deep is 75 MB).
    let mut by_shard: BTreeMap<String, String> = BTreeMap::new();
    for (bare, anchors) in &refs {
        let out = by_shard
            .entry(reference_file(bare))
            .or_insert_with_key(|key| format!("SEC_SEARCH.refs({},{{", js_string(key)));
        if !out.ends_with('{') {
            out.push(',');
        }
        js_string_into(bare, out);
        out.push_str(":[");
        for (k, (a, ds)) in anchors.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push('[');
            js_string_into(a, out);
            for d in ds {
                let _ = write!(out, ",{d}");
            }
            out.push(']');
        }
        out.push(']');
    }
    let ref_shards: Vec<String> = by_shard.keys().cloned().collect();
    for (key, mut text) in by_shard {
        text.push_str("});\n");
        files.push(OutputFile {
            path: PathBuf::from(format!("assets/search/r-{key}.js")),
            bytes: text.into_bytes(),
        });
    }
    // Entry files.
    for (c, chunk) in docs.chunks(CHUNK).enumerate() {
        let rows: Vec<String> = chunk
            .iter()
            .map(|&(_, _, n)| {
                let e = &entries[n].0;
                format!(
                    "[{},{},{},{}]",
                    js_string(&e.label),
                    js_string(&e.anchor),
                    e.page,
                    js_string(&e.words)
                )
            })
            .collect();
        files.push(script(
            &format!("c-{c}"),
            &format!("SEC_SEARCH.chunk({c},[\n{}\n]);\n", rows.join(",\n")),
        ));
    }
    let list = |items: &[String]| items.iter().map(|s| js_string(s)).collect::<Vec<_>>().join(",");
    let versions: Vec<String> = editions.iter().map(|e| e.info.id.clone()).collect();
    let groups: Vec<String> = groups.iter().map(|(f, t, n)| format!("[{f},{t},{n}]")).collect();
    let meta = format!(
        "SEC_SEARCH.meta({{versions:[{}],current:{last},groups:[{}],docs:{},average:{},chunk:{CHUNK},pages:[{}],names:[{}],terms:[{}],refs:[{}]}});\n",
        list(&versions),
        groups.join(","),
        docs.len(),
        total / docs.len().max(1),
        list(&pages),
        list(&names),
        list(&term_shards),
        list(&ref_shards),
    );
    files.insert(0, script("meta", &meta));
    files
}

/// Search document `id` holds `reference`: listed under its bare form (`f2.4(c)`, `6.2`).
fn add_reference<'a>(refs: &mut BTreeMap<String, BTreeMap<&'a str, Vec<usize>>>, reference: &'a str, id: usize) {
    let bare = reference.split_once(':').map_or(reference, |(_, b)| b).to_lowercase();
    let docs = refs.entry(bare).or_default().entry(reference).or_default();
    if docs.last() != Some(&id) {
        docs.push(id);
    }
}

/// A heading's words without Markdown's emphasis marks.
fn bare(heading: &str) -> String {
    heading.replace(['*', '_', '`'], "")
}

fn script(name: &str, text: &str) -> OutputFile {
    OutputFile {
        path: PathBuf::from(format!("assets/search/{name}.js")),
        bytes: text.as_bytes().to_vec(),
    }
}

/// A JavaScript (and JSON) string literal, safe inside a `<script>` element.
pub(super) fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    js_string_into(s, &mut out);
    out
}

/// [`js_string`], written onto `out`.
fn js_string_into(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_text_can_end_the_script() {
        assert_eq!(
            super::js_string("a\"</script>\n"),
            "\"a\\\"\\u003c/script\\u003e\\u000a\""
        );
    }

    #[test]
    fn terms_are_whole_words_folded_with_a_gap_at_each_cell() {
        let t = super::terms("The ﬁrst Café | expiry–date’s\nParty");
        let want: Vec<(String, u32)> = [
            ("the", 0),
            ("first", 1),
            ("cafe", 2),
            ("expiry", 4),
            ("date", 5),
            ("s", 6),
            ("party", 8),
        ]
        .iter()
        .map(|(w, p)| (w.to_string(), *p))
        .collect();
        assert_eq!(t, want);
    }
}
