//! Every unit of every version rendered once. A unit that reads the same in an earlier
//! version (same document, reference and text) and whose cross-references find the same
//! targets there has the same HTML, so that rendering is reused; the current version's
//! renderings serve its pages at the site's root, in `v/<current>/` and the search index.

use super::text::{self, Place, Rendered};
use super::{DocVersion, Edition};
use crate::corpus::UnitKind;
use std::collections::HashMap;

/// What a rendering is the rendering of: (document id, reference, the unit's text), with
/// the kind of unit (`0` Part, `1` cross-heading, `2` provision).
type Key<'a> = (u8, &'a str, String, &'a str);

/// The renderings of every unit of every document version.
pub(crate) struct Renderings {
    store: Vec<Rendered>,
    /// Per document version, per unit: its rendering in `store`.
    at: Vec<Vec<usize>>,
}

/// A unit's rendering found for another version, or made for this one (with the references
/// its rendering looked up).
enum Found<'a> {
    Reused(usize),
    Made(Key<'a>, Rendered, Vec<String>),
}

impl Renderings {
    /// Renders the units of every document version as the version of the Code it came in
    /// with reads them (its page's reading), the newest first; the document versions that
    /// came in with one version of the Code on every core. A unit rendered for a later
    /// document version is reused where its cross-references lead to the same places.
    pub(crate) fn new(editions: &[Edition], doc_versions: &[DocVersion]) -> Renderings {
        let mut store: Vec<Rendered> = Vec::new();
        // Per rendering: the version it was made for and the references it looked up.
        let mut made_in: Vec<(usize, Vec<String>)> = Vec::new();
        let mut known: HashMap<Key, usize> = HashMap::new();
        let mut at = vec![Vec::new(); doc_versions.len()];
        for edition in editions.iter().rev() {
            let k = edition.index;
            let units: Vec<(usize, usize)> = (0..doc_versions.len())
                .filter(|&n| doc_versions[n].start == k)
                .flat_map(|n| {
                    let d = doc_versions[n].position;
                    (0..edition.corpus.documents[d].units.len()).map(move |i| (n, i))
                })
                .collect();
            if units.is_empty() {
                continue;
            }
            let found = crate::parallel::in_parallel(&units, |&(n, i)| {
                let d = doc_versions[n].position;
                let key = key(edition, d, i);
                if let Some(&m) = known.get(&key) {
                    let (j, looked_up) = &made_in[m];
                    let other = &editions[*j].targets;
                    if looked_up.iter().all(|r| other.get(r) == edition.targets.get(r)) {
                        return Found::Reused(m);
                    }
                }
                let (rendered, looked_up) = render(edition, d, i);
                Found::Made(key, rendered, looked_up)
            });
            for (&(n, _), f) in units.iter().zip(found) {
                let m = match f {
                    Found::Reused(m) => m,
                    Found::Made(key, rendered, looked_up) => {
                        store.push(rendered);
                        made_in.push((k, looked_up));
                        known.insert(key, store.len() - 1);
                        store.len() - 1
                    }
                };
                at[n].push(m);
            }
        }
        Renderings { store, at }
    }

    /// Unit `i` of document version `n`.
    pub(crate) fn get(&self, n: usize, i: usize) -> &Rendered {
        &self.store[self.at[n][i]]
    }
}

fn key<'a>(edition: &Edition<'a>, d: usize, i: usize) -> Key<'a> {
    let doc = &edition.corpus.documents[d];
    let kind = match doc.units[i].kind {
        UnitKind::Part { .. } => 0,
        UnitKind::CrossHeading { .. } => 1,
        UnitKind::Provision { .. } => 2,
    };
    let reference = super::unit_reference(edition.corpus, d, i).unwrap_or_default();
    (kind, doc.meta.id.as_str(), reference, doc.unit_text(i))
}

/// A unit as HTML: a provision's body and words, or a heading's words without its number.
fn render(edition: &Edition, d: usize, i: usize) -> (Rendered, Vec<String>) {
    let doc = &edition.corpus.documents[d];
    let place = Place::new(&doc.meta.id, &edition.corpus.documents, &edition.targets);
    let source = doc.unit_text(i);
    let heading = |html: String| Rendered {
        html,
        plain: String::new(),
        subparagraphs: Vec::new(),
    };
    let rendered = match &doc.units[i].kind {
        UnitKind::Part { number, .. } => {
            // The heading's words without its number, from the one reading.
            let words = text::heading(source, &place);
            let words = words.strip_prefix(&text::esc(number)).unwrap_or(&words).trim_start();
            heading(words.to_string())
        }
        UnitKind::CrossHeading { .. } => heading(text::heading(source, &place)),
        UnitKind::Provision { .. } => {
            let reference = super::unit_reference(edition.corpus, d, i).unwrap_or_default();
            text::provision(source, &reference, &place)
        }
    };
    (rendered, place.looked_up())
}

/// A provision's HTML with the markers of its amendment notes (made for its page alone: the
/// markers' numbers depend on the page).
pub(crate) fn marked(edition: &Edition, d: usize, i: usize, marks: &[text::Mark]) -> String {
    let doc = &edition.corpus.documents[d];
    let place = Place::new(&doc.meta.id, &edition.corpus.documents, &edition.targets);
    let reference = super::unit_reference(edition.corpus, d, i).unwrap_or_default();
    text::provision_marked(doc.unit_text(i), &reference, &place, marks).html
}

#[cfg(test)]
mod tests {
    use super::super::{DocVersion, Edition, VersionInfo, targets};
    use super::Renderings;
    use crate::corpus::Corpus;
    use crate::diagnostics::SourceFile;
    use std::path::Path;

    fn corpus(body: &str) -> Corpus {
        let text = format!(
            "---\ndocument: F\ntitle: Test\nkind: Section\nversion: \"1.0\"\n---\n\n# Section F: Test\n\n## F1 One\n\n{body}"
        );
        Corpus::from_files(
            Path::new("sec-text"),
            vec![SourceFile::new("sec-text/section-f.md", text)],
        )
        .expect("the test document parses")
    }

    fn edition(index: usize, corpus: &Corpus) -> Edition<'_> {
        let info = VersionInfo {
            id: format!("1.{index}"),
            from: String::new(),
            until: String::new(),
            release: String::new(),
            title: String::new(),
            modifications: Vec::new(),
            current: index == 1,
            redline: String::new(),
            download: String::new(),
        };
        Edition {
            index,
            info,
            corpus,
            targets: std::sync::Arc::new(targets(corpus)),
        }
    }

    #[test]
    fn a_unit_is_reused_only_where_its_cross_references_lead_to_the_same_places() {
        // F1.1 reads the same in both versions, but F1.2 is new in the later one.
        let old = corpus("**F1.1** See Section F1.2.\n\n**F1.3** Plain words.\n");
        let new = corpus("**F1.1** See Section F1.2.\n\n**F1.2** New words.\n\n**F1.3** Plain words.\n");
        let editions = [edition(0, &old), edition(1, &new)];
        let dv = |start: usize| DocVersion {
            position: 0,
            id: "F".to_string(),
            start,
            end: start,
        };
        let r = Renderings::new(&editions, &[dv(0), dv(1)]);
        let link = "<a class=\"xref\" href=\"f.html#F1.2\">Section F1.2</a>";
        let (old_f11, new_f11) = (&r.get(0, 1).html, &r.get(1, 1).html);
        assert!(new_f11.contains(link), "{new_f11}");
        assert!(
            !old_f11.contains("xref") && old_f11.contains("See Section F1.2."),
            "{old_f11}"
        );
        // F1.3 has nothing that differs: one rendering serves both versions.
        assert!(std::ptr::eq(r.get(0, 2), r.get(1, 3)));
        assert!(r.get(1, 3).html.contains("Plain words."));
    }
}
