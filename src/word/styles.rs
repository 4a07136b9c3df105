//! `word/styles.xml`: each paragraph style's name, heading level, numbering and bold/italic,
//! with what it inherits through `w:basedOn` resolved.

use super::package::{attr, child, is, on_off, val};
use std::collections::HashMap;

/// A paragraph or character style as written, before inheritance.
#[derive(Debug, Clone, Default)]
struct Raw {
    name: String,
    based_on: Option<String>,
    /// The style's own `w:numPr`, if it has one: `numId` and `ilvl`, each if given.
    num: Option<(Option<String>, Option<u8>)>,
    outline: Option<u8>,
    bold: Option<bool>,
    italic: Option<bool>,
}

/// What a style gives, inheritance resolved once (a document has few styles and many
/// paragraphs).
#[derive(Debug, Clone, Default)]
struct Resolved {
    name: String,
    outline: Option<u8>,
    numbering: StyleNumbering,
    format: (bool, bool),
}

/// The styles of a document.
#[derive(Debug, Default)]
pub(crate) struct Styles {
    raw: HashMap<String, Raw>,
    resolved: HashMap<String, Resolved>,
    /// The default paragraph style's id (`w:default="1"`), used where a paragraph names none.
    default_para: Option<String>,
}

/// A style's numbering: the `numId` (`"0"` means none) and the level, if the style sets them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct StyleNumbering {
    pub num_id: Option<String>,
    pub ilvl: Option<u8>,
}

impl Styles {
    pub(crate) fn parse(doc: &roxmltree::Document) -> Styles {
        let mut styles = Styles::default();
        for s in doc.root_element().children().filter(|n| is(*n, "style")) {
            let Some(id) = attr(s, "styleId") else { continue };
            let ppr = child(s, "pPr");
            let rpr = child(s, "rPr");
            let num = ppr.and_then(|p| child(p, "numPr"));
            let raw = Raw {
                name: val(s, "name").unwrap_or(id).to_string(),
                based_on: val(s, "basedOn").map(str::to_string),
                num: num.map(|n| {
                    (
                        val(n, "numId").map(str::to_string),
                        val(n, "ilvl").and_then(|v| v.parse().ok()),
                    )
                }),
                outline: ppr.and_then(|p| val(p, "outlineLvl")).and_then(|v| v.parse().ok()),
                bold: rpr.and_then(|r| on_off(r, "b")),
                italic: rpr.and_then(|r| on_off(r, "i")),
            };
            if attr(s, "type") == Some("paragraph") && matches!(attr(s, "default"), Some("1" | "true")) {
                styles.default_para = Some(id.to_string());
            }
            styles.raw.insert(id.to_string(), raw);
        }
        let resolved = styles
            .raw
            .keys()
            .map(|id| {
                let r = Resolved {
                    name: styles.raw_name(id),
                    outline: styles.raw_outline(id),
                    numbering: styles.raw_numbering(id),
                    format: styles.raw_format(id),
                };
                (id.clone(), r)
            })
            .collect();
        styles.resolved = resolved;
        styles
    }

    /// The style's name (`heading 2`), lower-cased.
    pub(crate) fn name(&self, id: &str) -> String {
        self.resolved
            .get(id)
            .map_or_else(|| id.to_lowercase(), |r| r.name.clone())
    }

    /// The heading level (0 = `heading 1`) the style gives: its outline level, inherited, or
    /// a built-in heading style's name.
    pub(crate) fn outline(&self, id: &str) -> Option<u8> {
        self.resolved.get(id).and_then(|r| r.outline)
    }

    /// The numbering the style sets: its own `w:numPr`, else the nearest one it inherits,
    /// taken whole (as LibreOffice reads it; Word writes both `numId` and `ilvl` there).
    pub(crate) fn numbering(&self, id: &str) -> StyleNumbering {
        self.resolved.get(id).map(|r| r.numbering.clone()).unwrap_or_default()
    }

    /// Bold and italic the style gives its text, inherited.
    pub(crate) fn format(&self, id: &str) -> (bool, bool) {
        self.resolved.get(id).map_or((false, false), |r| r.format)
    }

    /// The style a paragraph is in: the one it names, else the default paragraph style.
    pub(crate) fn paragraph_style<'a>(&'a self, named: Option<&'a str>) -> Option<&'a str> {
        named.or(self.default_para.as_deref())
    }

    /// The chain of styles from `id` up through `w:basedOn` (at most 32, so a loop ends).
    fn chain(&self, id: &str) -> impl Iterator<Item = &Raw> {
        let mut next = Some(id.to_string());
        let mut steps = 0;
        std::iter::from_fn(move || {
            let id = next.take()?;
            steps += 1;
            if steps > 32 {
                return None;
            }
            let raw = self.raw.get(&id)?;
            next = raw.based_on.clone();
            Some(raw)
        })
    }

    fn raw_name(&self, id: &str) -> String {
        self.raw.get(id).map_or(id, |r| r.name.as_str()).to_lowercase()
    }

    fn raw_outline(&self, id: &str) -> Option<u8> {
        if let Some(level) = self.chain(id).find_map(|r| r.outline) {
            return (level < 9).then_some(level);
        }
        for r in self.chain(id) {
            let name = r.name.to_lowercase();
            if let Some(n) = name.strip_prefix("heading ").and_then(|n| n.trim().parse::<u8>().ok()) {
                return Some(n.saturating_sub(1));
            }
        }
        None
    }

    fn raw_numbering(&self, id: &str) -> StyleNumbering {
        self.chain(id)
            .find_map(|r| r.num.clone())
            .map(|(num_id, ilvl)| StyleNumbering { num_id, ilvl })
            .unwrap_or_default()
    }

    fn raw_format(&self, id: &str) -> (bool, bool) {
        (
            self.chain(id).find_map(|r| r.bold).unwrap_or(false),
            self.chain(id).find_map(|r| r.italic).unwrap_or(false),
        )
    }
}
