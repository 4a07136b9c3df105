//! Random documents of the Code and random rewrites of them, for property tests: a model
//! (Parts, provisions, sub-paragraphs, bold and italic words, tables) written out as
//! Markdown by the test itself, so each unit's expected text never comes from the tool.
#![allow(dead_code)]

use proptest::prelude::*;

/// Words with punctuation, capitals and non-ASCII letters; none is read as Markdown syntax
/// at the start of a line, and none holds `*`, `_`, `|` or a backtick.
pub const VOCAB: &[&str] = &[
    "alpha",
    "beta",
    "gamma",
    "delta",
    "expiry",
    "date;",
    "Device",
    "Model,",
    "shall",
    "the",
    "(CPL)",
    "of",
    "renewal.",
    "Données",
    "2.3",
    "\u{201c}Party\u{201d}",
    "and/or",
    "Certificate",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: &'static str,
    pub bold: bool,
    pub italic: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sub {
    pub words: Vec<Word>,
    /// Sub-paragraphs one level down: (i), (ii)…
    pub subs: Vec<Vec<Word>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Provision {
    /// As printed, without the document letter's Part prefix: `F1.2A`.
    pub number: String,
    pub lead: Vec<Word>,
    /// Whether the lead is wrapped over two lines.
    pub wrap: bool,
    pub subs: Vec<Sub>,
    /// Rows of cells; the first row is the header.
    pub table: Option<Vec<Vec<Vec<Word>>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub number: usize,
    pub heading: Vec<&'static str>,
    pub provisions: Vec<Provision>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub parts: Vec<Part>,
}

fn word() -> impl Strategy<Value = Word> {
    (prop::sample::select(VOCAB), 0u8..10).prop_map(|(text, f)| Word {
        text,
        bold: f == 0 || f == 2,
        italic: f == 1 || f == 2,
    })
}

fn words(n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Word>> {
    prop::collection::vec(word(), n)
}

fn table() -> impl Strategy<Value = Vec<Vec<Vec<Word>>>> {
    (2usize..4).prop_flat_map(|cols| prop::collection::vec(prop::collection::vec(words(1..4), cols), 2..5))
}

/// A document of one to three Parts of provisions, some with sub-paragraphs or a table.
pub fn draft() -> impl Strategy<Value = Draft> {
    let sub = (words(0..7), prop::collection::vec(words(1..5), 0..3)).prop_map(|(words, subs)| Sub {
        subs: if words.is_empty() { Vec::new() } else { subs },
        words,
    });
    let provision = (
        words(2..14),
        any::<bool>(),
        prop::collection::vec(sub, 0..4),
        prop::option::weighted(0.2, table()),
    );
    let part = (
        prop::collection::vec(prop::sample::select(VOCAB), 1..4),
        prop::collection::vec(provision, 1..5),
    );
    prop::collection::vec(part, 1..4).prop_map(|parts| Draft {
        parts: parts
            .into_iter()
            .enumerate()
            .map(|(p, (heading, provisions))| Part {
                number: p + 1,
                heading,
                provisions: provisions
                    .into_iter()
                    .enumerate()
                    .map(|(n, (lead, wrap, subs, table))| Provision {
                        number: format!("F{}.{}", p + 1, n + 1),
                        lead,
                        wrap,
                        subs,
                        table,
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// Words as Markdown: runs of the same formatting in one pair of markers.
pub fn inline(words: &[Word], wrap: bool) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < words.len() {
        let (bold, italic) = (words[i].bold, words[i].italic);
        let mut j = i;
        while j < words.len() && (words[j].bold, words[j].italic) == (bold, italic) {
            j += 1;
        }
        let marker = match (bold, italic) {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        if !out.is_empty() {
            // A wrapped lead breaks its line once, at the first run boundary past its middle.
            out.push(if wrap && i >= words.len() / 2 && !out.contains('\n') {
                '\n'
            } else {
                ' '
            });
        }
        let texts: Vec<&str> = words[i..j].iter().map(|w| w.text).collect();
        out.push_str(&format!("{marker}{}{marker}", texts.join(" ")));
        i = j;
    }
    out
}

const LETTERS: &[&str] = &["a", "b", "c", "d", "e", "f", "g", "h"];
const ROMAN: &[&str] = &["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"];

impl Provision {
    /// The provision's Markdown, ending with a blank line.
    pub fn markdown(&self) -> String {
        let mut out = format!("**{}**", self.number);
        let lead = inline(&self.lead, self.wrap);
        if !lead.is_empty() {
            out.push(' ');
            out.push_str(&lead);
        }
        out.push_str("\n\n");
        for (i, s) in self.subs.iter().enumerate() {
            let text = inline(&s.words, false);
            out.push_str(&format!("- ({})", LETTERS[i % LETTERS.len()]));
            if !text.is_empty() {
                out.push(' ');
                out.push_str(&text);
            }
            out.push('\n');
            for (k, w) in s.subs.iter().enumerate() {
                out.push_str(&format!("  - ({}) {}\n", ROMAN[k % ROMAN.len()], inline(w, false)));
            }
        }
        if !self.subs.is_empty() {
            out.push('\n');
        }
        if let Some(rows) = &self.table {
            for (r, row) in rows.iter().enumerate() {
                let cells: Vec<String> = row.iter().map(|c| inline(c, false)).collect();
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
                if r == 0 {
                    out.push_str(&format!("|{}\n", " --- |".repeat(row.len())));
                }
            }
            out.push('\n');
        }
        out
    }
}

impl Part {
    pub fn markdown(&self) -> String {
        format!("## F{} {}\n\n", self.number, self.heading.join(" "))
    }
}

impl Draft {
    /// The whole document, with front matter naming `version`.
    pub fn markdown(&self, version: &str) -> String {
        let mut doc = format!(
            "---\ndocument: F\ntitle: Random\nkind: Section\nversion: \"{version}\"\n---\n\n# Section F: Random\n\n"
        );
        for p in &self.parts {
            doc.push_str(&p.markdown());
            for q in &p.provisions {
                doc.push_str(&q.markdown());
            }
        }
        doc
    }

    /// Every unit's address (`F1`, `F1.2`) with its Markdown, in document order.
    pub fn units(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for p in &self.parts {
            out.push((format!("F{}", p.number), p.markdown()));
            for q in &p.provisions {
                out.push((q.number.clone(), q.markdown()));
            }
        }
        out
    }

    /// A rewrite of this document: each word, sub-paragraph, row and provision is changed
    /// with probability `density` percent (words replaced, removed, added or reformatted;
    /// sub-paragraphs, rows, tables and provisions added or removed). `seed` picks which.
    pub fn rewrite(&self, density: u32, seed: u64) -> Draft {
        let mut rng = Rng(seed ^ 0x9E37_79B9_7F4A_7C15);
        let mut new = self.clone();
        let p = density.min(100);
        for part in &mut new.parts {
            rng.words(&mut part.heading, p / 2);
            if part.heading.is_empty() {
                part.heading.push(VOCAB[0]);
            }
            let mut provisions = Vec::new();
            for mut q in std::mem::take(&mut part.provisions) {
                if rng.chance(p / 4) {
                    continue;
                }
                rng.formatted(&mut q.lead, p);
                if q.lead.is_empty() {
                    q.lead.push(rng.word());
                }
                let mut subs = Vec::new();
                for mut s in std::mem::take(&mut q.subs) {
                    if rng.chance(p / 3) {
                        continue;
                    }
                    rng.formatted(&mut s.words, p);
                    s.subs.retain(|_| !rng.chance(p / 3));
                    for w in &mut s.subs {
                        rng.formatted(w, p);
                        if w.is_empty() {
                            w.push(rng.word());
                        }
                    }
                    if s.words.is_empty() {
                        s.subs.clear();
                    }
                    subs.push(s);
                    if rng.chance(p / 4) {
                        subs.push(Sub {
                            words: rng.new_words(),
                            subs: Vec::new(),
                        });
                    }
                }
                if subs.len() < 6 && rng.chance(p / 4) {
                    subs.push(Sub {
                        words: rng.new_words(),
                        subs: Vec::new(),
                    });
                }
                subs.truncate(LETTERS.len());
                q.subs = subs;
                match &mut q.table {
                    Some(_) if rng.chance(p / 5) => q.table = None,
                    Some(rows) => {
                        let cols = rows[0].len();
                        let header = rows.remove(0);
                        rows.retain(|_| !rng.chance(p / 3));
                        rows.insert(0, header);
                        for row in rows.iter_mut() {
                            for cell in row.iter_mut() {
                                rng.formatted(cell, p);
                                if cell.is_empty() {
                                    cell.push(rng.word());
                                }
                            }
                        }
                        if rng.chance(p / 3) {
                            rows.push((0..cols).map(|_| rng.new_words()).collect());
                        }
                    }
                    None if rng.chance(p / 10) => {
                        q.table = Some(vec![
                            vec![rng.new_words(), rng.new_words()],
                            vec![rng.new_words(), rng.new_words()],
                        ]);
                    }
                    None => {}
                }
                let number = q.number.clone();
                provisions.push(q);
                if rng.chance(p / 4) {
                    provisions.push(Provision {
                        number: format!("{number}A"),
                        lead: rng.new_words(),
                        wrap: rng.chance(50),
                        subs: Vec::new(),
                        table: None,
                    });
                }
            }
            // Inserted numbers take a suffix; one inserted after an inserted one takes another.
            let mut seen: Vec<String> = Vec::new();
            for q in &mut provisions {
                while seen.contains(&q.number) {
                    q.number.push('A');
                }
                seen.push(q.number.clone());
            }
            if provisions.is_empty() {
                provisions.push(Provision {
                    number: format!("F{}.1Z", part.number),
                    lead: rng.new_words(),
                    wrap: false,
                    subs: Vec::new(),
                    table: None,
                });
            }
            part.provisions = provisions;
        }
        if rng.chance(p / 5) {
            let n = new.parts.len() + 1;
            new.parts.push(Part {
                number: n,
                heading: vec![VOCAB[rng.below(VOCAB.len())]],
                provisions: vec![Provision {
                    number: format!("F{n}.1"),
                    lead: rng.new_words(),
                    wrap: false,
                    subs: Vec::new(),
                    table: None,
                }],
            });
        }
        new
    }
}

/// A small deterministic generator (SplitMix64) for the rewrite, so one seed gives one rewrite.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u32) -> bool {
        (self.next() % 100) < percent as u64
    }
    fn word(&mut self) -> Word {
        Word {
            text: VOCAB[self.below(VOCAB.len())],
            bold: false,
            italic: false,
        }
    }
    fn new_words(&mut self) -> Vec<Word> {
        (0..1 + self.below(6)).map(|_| self.word()).collect()
    }
    /// Each word, with probability `p`: replaced, removed, followed by a new word, or reformatted.
    fn formatted(&mut self, words: &mut Vec<Word>, p: u32) {
        let mut out = Vec::with_capacity(words.len());
        for w in words.drain(..) {
            if !self.chance(p) {
                out.push(w);
                continue;
            }
            match self.below(4) {
                0 => out.push(Word {
                    text: VOCAB[self.below(VOCAB.len())],
                    ..w
                }),
                1 => {}
                2 => {
                    out.push(w);
                    out.push(self.word());
                }
                _ => out.push(Word {
                    bold: !w.bold,
                    italic: self.chance(30),
                    ..w
                }),
            }
        }
        *words = out;
    }
    /// As [`Rng::formatted`], for plain words (a heading).
    fn words(&mut self, words: &mut Vec<&'static str>, p: u32) {
        let mut formatted: Vec<Word> = words
            .iter()
            .map(|t| Word {
                text: t,
                bold: false,
                italic: false,
            })
            .collect();
        self.formatted(&mut formatted, p);
        *words = formatted.into_iter().map(|w| w.text).collect();
    }
}
