//! `word/numbering.xml`: the numbers Word prints before numbered paragraphs.
//!
//! A paragraph's `w:numPr` (or its style's) names a numbering instance (`w:num`, `numId`) and a
//! level (`ilvl`). The instance points at an abstract definition (`w:abstractNum`) whose
//! levels say where counting starts (`w:start`), how a number is written (`w:numFmt`), the
//! label's pattern (`w:lvlText`, `%1.%2` meaning level 1's then level 2's number), whether
//! the other levels are shown in Arabic numerals (`w:isLgl`) and when a level starts again
//! (`w:lvlRestart`; by default whenever a higher level is used). An instance may override a
//! level's start or whole definition (`w:lvlOverride`). Instances of one abstract definition
//! share their counters (one list); where an instance overrides a level's start, that level
//! starts again at the instance's first paragraph, from the new start (as LibreOffice
//! prints it).

use super::package::{attr, child, is, on_off, val};
use std::collections::HashMap;

/// One level of a numbering definition.
#[derive(Debug, Clone, Default)]
pub struct Level {
    start: u32,
    format: String,
    text: String,
    /// `w:lvlRestart`: restart after a use of any level up to this one (1-based); 0 never.
    restart: Option<u32>,
    legal: bool,
}

impl Level {
    fn parse(node: roxmltree::Node) -> Level {
        Level {
            start: val(node, "start").and_then(|v| v.parse().ok()).unwrap_or(0),
            format: val(node, "numFmt").unwrap_or("decimal").to_string(),
            text: val(node, "lvlText").unwrap_or("").to_string(),
            restart: val(node, "lvlRestart").and_then(|v| v.parse().ok()),
            legal: on_off(node, "isLgl").unwrap_or(false),
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: HashMap<u8, Level>,
    /// `w:numStyleLink`: the levels are those of the numbering style of this name.
    num_style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Instance {
    abstract_id: String,
    /// Per level: a new start, and a whole new level definition.
    starts: HashMap<u8, u32>,
    levels: HashMap<u8, Level>,
}

/// The numbering definitions of a document, and the counters as paragraphs are read.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, Abstract>,
    instances: HashMap<String, Instance>,
    /// Numbering styles' `numId`s, for `w:numStyleLink`.
    style_nums: HashMap<String, String>,
    counters: HashMap<String, [Option<u32>; 9]>,
    /// Instances whose first paragraph has been met (their start overrides applied).
    started: std::collections::HashSet<String>,
}

/// A printed number: the label, and the format of its own level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Label {
    pub text: String,
    pub format: String,
    /// Where counting happens: paragraphs sharing it are one list.
    pub list: String,
}

impl Numbering {
    /// The definitions in `numbering.xml`; `style_nums` gives each numbering style's `numId`.
    pub(crate) fn parse(doc: &roxmltree::Document, style_nums: HashMap<String, String>) -> Numbering {
        let mut n = Numbering {
            style_nums,
            ..Numbering::default()
        };
        for node in doc.root_element().children().filter(|c| c.is_element()) {
            if is(node, "abstractNum") {
                let Some(id) = attr(node, "abstractNumId") else {
                    continue;
                };
                let mut a = Abstract {
                    num_style_link: val(node, "numStyleLink").map(str::to_string),
                    ..Abstract::default()
                };
                for lvl in node.children().filter(|c| is(*c, "lvl")) {
                    if let Some(i) = attr(lvl, "ilvl").and_then(|v| v.parse::<u8>().ok()) {
                        a.levels.insert(i, Level::parse(lvl));
                    }
                }
                n.abstracts.insert(id.to_string(), a);
            } else if is(node, "num") {
                let Some(id) = attr(node, "numId") else { continue };
                let mut inst = Instance {
                    abstract_id: val(node, "abstractNumId").unwrap_or("").to_string(),
                    ..Instance::default()
                };
                for o in node.children().filter(|c| is(*c, "lvlOverride")) {
                    let Some(i) = attr(o, "ilvl").and_then(|v| v.parse::<u8>().ok()) else {
                        continue;
                    };
                    if let Some(s) = val(o, "startOverride").and_then(|v| v.parse().ok()) {
                        inst.starts.insert(i, s);
                    }
                    if let Some(l) = child(o, "lvl") {
                        inst.levels.insert(i, Level::parse(l));
                    }
                }
                n.instances.insert(id.to_string(), inst);
            }
        }
        n
    }

    /// The abstract definition of an instance, following a numbering style's link once.
    fn abstract_of(&self, num_id: &str) -> Option<(&str, &Abstract)> {
        let inst = self.instances.get(num_id)?;
        let mut id = inst.abstract_id.as_str();
        let mut a = self.abstracts.get(id)?;
        for _ in 0..4 {
            let Some(link) = &a.num_style_link else { break };
            let Some(linked) = self.style_nums.get(link).and_then(|n| self.instances.get(n)) else {
                break;
            };
            id = linked.abstract_id.as_str();
            a = self.abstracts.get(id)?;
        }
        Some((id, a))
    }

    /// Level `ilvl` of instance `num_id`, overrides applied.
    pub(crate) fn level(&self, num_id: &str, ilvl: u8) -> Option<Level> {
        let inst = self.instances.get(num_id)?;
        let mut level = inst
            .levels
            .get(&ilvl)
            .cloned()
            .or_else(|| self.abstract_of(num_id)?.1.levels.get(&ilvl).cloned())?;
        if let Some(s) = inst.starts.get(&ilvl) {
            level.start = *s;
        }
        Some(level)
    }

    /// Counts a paragraph at level `ilvl` of instance `num_id` and gives its printed number;
    /// `None` if the document does not define that instance or level.
    pub(crate) fn next(&mut self, num_id: &str, ilvl: u8) -> Option<Label> {
        let ilvl = ilvl.min(8);
        let inst = self.instances.get(num_id)?;
        let (abstract_id, _) = self.abstract_of(num_id)?;
        let key = format!("abstract:{abstract_id}");
        let restarts: Vec<u8> = inst.starts.keys().copied().collect();
        let levels: Vec<Option<Level>> = (0..9u8).map(|l| self.level(num_id, l)).collect();
        let this = levels[ilvl as usize].clone()?;
        let first = self.started.insert(num_id.to_string());
        let counters = self.counters.entry(key.clone()).or_default();
        if first {
            for l in restarts {
                counters[(l as usize).min(8)] = None;
            }
        }
        let l = ilvl as usize;
        counters[l] = Some(counters[l].map_or(this.start, |c| c + 1));
        for (m, level) in levels.iter().enumerate().skip(l + 1) {
            let restart = level.as_ref().and_then(|lv| lv.restart);
            let reset = match restart {
                Some(0) => false,
                Some(r) if (r as usize) <= m => l < r as usize,
                _ => true,
            };
            if reset {
                counters[m] = None;
            }
        }
        let mut text = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let k = d as usize - 1;
                    let level = levels[k].as_ref();
                    let value = counters[k].unwrap_or_else(|| level.map_or(1, |lv| lv.start));
                    let format = match level {
                        _ if this.legal => "decimal",
                        Some(lv) => lv.format.as_str(),
                        None => "decimal",
                    };
                    text.push_str(&format_number(value, format));
                }
                _ => text.push(c),
            }
        }
        Some(Label {
            text,
            format: this.format,
            list: key,
        })
    }
}

/// A number in one of Word's formats; formats the Code does not use are written in Arabic
/// numerals (the importer warns about them).
pub(crate) fn format_number(n: u32, format: &str) -> String {
    match format {
        "none" | "bullet" => String::new(),
        "lowerLetter" => letters(n),
        "upperLetter" => letters(n).to_uppercase(),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "decimalZero" if n < 10 => format!("0{n}"),
        _ => n.to_string(),
    }
}

/// Whether the importer can print numbers of this format as Word does.
pub(crate) fn known_format(format: &str) -> bool {
    matches!(
        format,
        "decimal" | "decimalZero" | "lowerLetter" | "upperLetter" | "lowerRoman" | "upperRoman" | "none" | "bullet"
    )
}

/// Word's letters: a–z, then aa–zz, aaa… (the letter repeated).
fn letters(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, (n as usize - 1) / 26 + 1).collect()
}

fn roman(mut n: u32) -> String {
    const DIGITS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in DIGITS {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_as_word_prints_them() {
        assert_eq!(letters(1), "a");
        assert_eq!(letters(26), "z");
        assert_eq!(letters(27), "aa");
        assert_eq!(letters(53), "aaa");
        assert_eq!(format_number(4, "lowerRoman"), "iv");
        assert_eq!(format_number(1994, "upperRoman"), "MCMXCIV");
        assert_eq!(format_number(7, "decimalZero"), "07");
    }
}
