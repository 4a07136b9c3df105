//! A deterministic, SEC-like corpus for benchmarks: documents of numbered provisions in
//! the project's Markdown format, with sub-paragraphs, tables, cross-headings and the
//! expiry vocabulary spread through the text, plus a change-set touching about 5% of the
//! provisions (terminology edits, rewrites, inserts and deletes).

use std::fmt::Write as _;

/// A small linear congruential generator: the same seed always gives the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "the",
    "DCC",
    "shall",
    "ensure",
    "that",
    "each",
    "Supplier",
    "Party",
    "Device",
    "Model",
    "is",
    "listed",
    "on",
    "CPL",
    "within",
    "five",
    "Working",
    "Days",
    "after",
    "receiving",
    "notice",
    "from",
    "Panel",
    "of",
    "any",
    "change",
    "to",
    "Technical",
    "Specification",
    "and",
    "may",
    "require",
    "information",
    "as",
    "it",
    "reasonably",
    "requires",
    "for",
    "purpose",
    "Security",
    "Sub-Committee",
    "Manufacturer",
    "Smart",
    "Metering",
    "System",
    "in",
    "accordance",
    "with",
    "this",
    "Section",
    "Assurance",
    "Certificate",
    "where",
    "relevant",
    "provided",
    "such",
    "record",
    "be",
    "kept",
];

const SENTENCE_ENDS: &[&str] = &[".", ";", ":"];

fn sentence(rng: &mut Rng, words: usize, expiry: bool) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        if expiry && i == words / 2 {
            s.push_str("the expiry date of the CPA Certificate");
        } else {
            s.push_str(rng.pick(WORDS));
        }
    }
    s
}

/// Wraps text at about 80 columns, as drafters' Markdown does.
fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut col = 0;
    for (i, w) in text.split(' ').enumerate() {
        if i > 0 {
            if col + w.len() + 1 > 78 {
                out.push('\n');
                out.push_str(indent);
                col = indent.len();
            } else {
                out.push(' ');
                col += 1;
            }
        }
        out.push_str(w);
        col += w.len();
    }
    out
}

/// One document of `provisions` provisions; returns its text and the numbers it prints.
pub fn document(letters: &str, provisions: usize, seed: u64) -> (String, Vec<String>) {
    let (text, numbers, _) = document_with(letters, provisions, seed, 3);
    (text, numbers)
}

/// As [`document`], with "the expiry date of the CPA Certificate" in `expiry_percent`% of
/// provisions (3 gives [`document`]'s bytes); also returns each provision's opening words.
pub fn document_with(
    letters: &str,
    provisions: usize,
    seed: u64,
    expiry_percent: u64,
) -> (String, Vec<String>, Vec<String>) {
    let mut leads = Vec::new();
    let mut rng = Rng(seed);
    let mut out = format!(
        "---\ndocument: {letters}\ntitle: Generated Section {letters}\nkind: Section\nversion: \"1.0\"\n---\n\n# Section {letters}: Generated Section {letters}\n\n"
    );
    let mut numbers = Vec::new();
    let per_part = 12;
    for p in 0..provisions.div_ceil(per_part) {
        let part = format!("{letters}{}", p + 1);
        let _ = write!(out, "## {part} {}\n\n", sentence(&mut rng, 3, false));
        for n in 0..per_part.min(provisions - p * per_part) {
            if n % 5 == 0 && n > 0 {
                let _ = write!(out, "### {}\n\n", sentence(&mut rng, 2, false));
            }
            let number = format!("{part}.{}", n + 1);
            let expiry = rng.below(100) < expiry_percent;
            let len = 30 + rng.below(20) as usize;
            let lead = sentence(&mut rng, len, expiry);
            leads.push(lead.clone());
            let _ = write!(
                out,
                "{}",
                wrap(&format!("**{number}** {lead}{}", rng.pick(SENTENCE_ENDS)), "")
            );
            out.push_str("\n\n");
            match rng.below(10) {
                0..=3 => {
                    for (i, label) in ["a", "b", "c"].iter().enumerate().take(1 + rng.below(3) as usize) {
                        let len = 12 + rng.below(10) as usize;
                        let text = sentence(&mut rng, len, false);
                        let _ = writeln!(out, "{}", wrap(&format!("- ({label}) {text};"), "  "));
                        if i == 1 {
                            for sub in ["i", "ii"] {
                                let text = sentence(&mut rng, 10, false);
                                let _ = writeln!(out, "{}", wrap(&format!("  - ({sub}) {text};"), "    "));
                            }
                        }
                    }
                    out.push('\n');
                }
                4 => {
                    out.push_str("| Field | Meaning |\n| --- | --- |\n");
                    for _ in 0..3 {
                        let _ = writeln!(
                            out,
                            "| {} | {} |",
                            sentence(&mut rng, 2, false),
                            sentence(&mut rng, 9, false)
                        );
                    }
                    out.push('\n');
                }
                _ => {}
            }
            numbers.push(number);
        }
    }
    (out, numbers, leads)
}

/// The corpus: `(file name, text)` for each document, and a change-set touching about 5%
/// of the provisions; documents of 500 provisions, as the Code's are.
pub fn corpus(provisions: usize) -> (Vec<(String, String)>, String) {
    corpus_in(provisions, 500)
}

/// As [`corpus`], with `per_doc` provisions in each document (`provisions` for one document
/// holding everything: the shape that shows a lookup growing with the document).
pub fn corpus_in(provisions: usize, per_doc: usize) -> (Vec<(String, String)>, String) {
    corpus_shaped(provisions, per_doc, 3)
}

/// The dense shape of a Code-wide terminology modification: as [`corpus_in`], with the
/// replaced phrase in 28% of provisions, so that the change-set changes about 30% of them.
pub fn dense(provisions: usize, per_doc: usize) -> (Vec<(String, String)>, String) {
    corpus_shaped(provisions, per_doc, 28)
}

/// The documents of [`corpus_in`] with the expiry phrase in `expiry_percent`% of provisions:
/// (documents, every number, every provision's opening words).
fn documents(provisions: usize, per_doc: usize, expiry_percent: u64) -> (Files, Vec<String>, Vec<String>) {
    let mut docs = Vec::new();
    let mut all_numbers = Vec::new();
    let mut all_leads = Vec::new();
    for d in 0..provisions.div_ceil(per_doc) {
        let letters = format!("G{}", (b'A' + (d / 26) as u8) as char).to_string()
            + &((b'A' + (d % 26) as u8) as char).to_string();
        let (text, numbers, leads) = document_with(
            &letters,
            per_doc.min(provisions - d * per_doc),
            1000 + d as u64,
            expiry_percent,
        );
        docs.push((format!("section-{}.md", letters.to_lowercase()), text));
        all_numbers.extend(numbers);
        all_leads.extend(leads);
    }
    (docs, all_numbers, all_leads)
}

/// The Code of [`corpus`] (documents of 500) with `changes` scoped replaces, each in its
/// own provision: a word of four letters or more of its opening words becomes
/// "WORD or Agent" there and nowhere else (`in: NUMBER`). Every such term occurs thousands
/// of times elsewhere, so the terminology audit has a great deal to report.
pub fn scoped(provisions: usize, changes: usize) -> (Vec<(String, String)>, String) {
    let (docs, numbers, leads) = documents(provisions, 500, 3);
    let mut rng = Rng(17);
    let mut cs = String::from("modification: SCOPED\ntitle: Scoped replaces\ndate: 2026-01-01\nchanges:\n");
    let mut used = std::collections::BTreeSet::new();
    let mut made = 0;
    while made < changes.min(numbers.len()) {
        let i = rng.below(numbers.len() as u64) as usize;
        if !used.insert(i) {
            continue;
        }
        let words: Vec<&str> = leads[i]
            .split(' ')
            .filter(|w| w.len() >= 4 && w.bytes().all(|b| b.is_ascii_alphabetic()))
            .collect();
        if words.is_empty() {
            continue;
        }
        let word = words[rng.below(words.len() as u64) as usize];
        let _ = write!(
            cs,
            "  - replace: {word}\n    with: {word} or Agent\n    in: {}\n",
            numbers[i]
        );
        made += 1;
    }
    (docs, cs)
}

/// One document holding one provision of about `bytes` bytes on a single line, with
/// "the expiry date of the CPA Certificate" ten times in it, and the terminology edit.
pub fn one_line(bytes: usize) -> (Vec<(String, String)>, String) {
    let mut rng = Rng(5);
    let mut text = String::with_capacity(bytes + 64);
    let mut next_phrase = bytes / 10;
    while text.len() < bytes {
        if text.len() >= next_phrase {
            text.push_str("the expiry date of the CPA Certificate ");
            next_phrase += bytes / 10;
        }
        text.push_str(rng.pick(WORDS));
        text.push(' ');
    }
    let doc = format!(
        "---\ndocument: L\ntitle: One line\nkind: Section\nversion: \"1.0\"\n---\n\n# Section L: One line\n\n## L1 One\n\n**L1.1** {}.\n",
        text.trim_end()
    );
    let cs = "modification: LINE\ntitle: One line\ndate: 2026-01-01\nchanges:\n  - replace: expiry date\n    with: expiry or renewal date\n".to_string();
    (vec![("section-l.md".to_string(), doc)], cs)
}

/// One document of `provisions` provisions, each with "Meter" `per_provision` times, and one
/// replace that matches every one of them.
pub fn matches(provisions: usize, per_provision: usize) -> (Vec<(String, String)>, String) {
    let mut rng = Rng(3);
    let mut doc = String::from(
        "---\ndocument: M\ntitle: Meters\nkind: Section\nversion: \"1.0\"\n---\n\n# Section M: Meters\n\n",
    );
    for p in 0..provisions {
        if p % 12 == 0 {
            let _ = write!(doc, "## M{} {}\n\n", p / 12 + 1, sentence(&mut rng, 3, false));
        }
        let mut body = String::new();
        for i in 0..per_provision {
            if i > 0 {
                body.push(' ');
            }
            let _ = write!(body, "each Meter {}", rng.pick(WORDS));
        }
        let _ = write!(
            doc,
            "{}\n\n",
            wrap(&format!("**M{}.{}** {body}.", p / 12 + 1, p % 12 + 1), "")
        );
    }
    let cs =
        "modification: METERS\ntitle: Meters\ndate: 2026-01-01\nchanges:\n  - replace: Meter\n    with: Energy Meter\n"
            .to_string();
    (vec![("section-m.md".to_string(), doc)], cs)
}

/// One provision whose sub-paragraphs nest `depth` deep (each list item holds the next), a
/// change-set that replaces a word at the deepest level, and a release of it:
/// (documents, change-set, release file). The modification's id is `NEST`.
pub fn nested(depth: usize) -> (Vec<(String, String)>, String, String) {
    let mut doc = String::from(
        "---\ndocument: N\ntitle: Nested\nkind: Section\nversion: \"1.0\"\n---\n\n# Section N: Nested\n\n## N1 One\n\n**N1.1** The Panel shall:\n\n",
    );
    for level in 0..depth {
        let indent = "  ".repeat(level);
        let what = if level + 1 == depth {
            "the expiry date of the CPA Certificate"
        } else {
            "the Panel"
        };
        let _ = writeln!(doc, "{indent}- (a) level {} of {what}:", level + 1);
    }
    doc.push('\n');
    let cs = "modification: NEST\ntitle: Nested\ndate: 2026-01-01\nchanges:\n  - replace: expiry date\n    with: expiry or renewal date\n".to_string();
    let release =
        "release: nest\ntitle: Nested release\ndate: 2026-06-01\nversion: \"1.1\"\nmodifications: [NEST]\n".to_string();
    (vec![("section-n.md".to_string(), doc)], cs, release)
}

fn corpus_shaped(provisions: usize, per_doc: usize, expiry_percent: u64) -> (Vec<(String, String)>, String) {
    let (docs, all_numbers, _) = documents(provisions, per_doc, expiry_percent);
    let mut rng = Rng(7);
    let mut cs = String::from("modification: BENCH\ntitle: Benchmark modification\ndate: 2026-01-01\nchanges:\n");
    // About 1% rewritten, 0.5% inserted after, 0.5% deleted: with the terminology edit
    // (about 3% of provisions) that touches about 5%.
    let mut used = std::collections::BTreeSet::new();
    let mut pick = |rng: &mut Rng| loop {
        let n = &all_numbers[rng.below(all_numbers.len() as u64) as usize];
        if used.insert(n.clone()) {
            return n.clone();
        }
    };
    for _ in 0..provisions / 100 {
        let n = pick(&mut rng);
        let _ = write!(
            cs,
            "  - rewrite: {n}\n    text: |\n      **{n}** {}.\n",
            sentence(&mut rng, 40, false)
        );
    }
    for _ in 0..provisions / 200 {
        let n = pick(&mut rng);
        let _ = write!(
            cs,
            "  - insert_after: {n}\n    text: |\n      **{n}A** {}.\n",
            sentence(&mut rng, 30, false)
        );
    }
    for _ in 0..provisions / 200 {
        let n = pick(&mut rng);
        let _ = writeln!(cs, "  - delete: {n}");
    }
    // Last, so that it never meets words the structural changes wrote.
    cs.push_str("  - replace: expiry date\n    with: expiry or renewal date\n");
    (docs, cs)
}

/// One document with a single provision of about `bytes` bytes, and a change-set that
/// rewrites it with the same words shuffled (the worst case for a diff).
pub fn pathological(bytes: usize) -> (Vec<(String, String)>, String) {
    let mut rng = Rng(99);
    let mut words = Vec::new();
    let mut len = 0;
    while len < bytes {
        let w = format!("w{}", rng.below(50_000));
        len += w.len() + 1;
        words.push(w);
    }
    let text = words.join(" ");
    let doc = format!(
        "---\ndocument: P\ntitle: Pathological\nkind: Section\nversion: \"1.0\"\n---\n\n# Section P: Pathological\n\n## P1 One\n\n**P1.1** {}\n",
        wrap(&text, "")
    );
    for i in (1..words.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        words.swap(i, j);
    }
    let shuffled = wrap(&words.join(" "), "");
    let indented: String = shuffled.lines().map(|l| format!("      {l}\n")).collect();
    let cs = format!(
        "modification: PATHO\ntitle: Shuffled\ndate: 2026-01-01\nchanges:\n  - rewrite: P1.1\n    text: |\n      **P1.1** {}",
        indented.trim_start()
    );
    (vec![("section-p.md".to_string(), doc)], cs)
}

/// `(file name, text)` pairs.
pub type Files = Vec<(String, String)>;

/// The corpus of [`corpus`] with its change-set split into a release of three modifications
/// (rewrites; insertions and deletions; the terminology edit, drafted after both):
/// `(documents, [(file name, change-set)], release file)`.
#[allow(dead_code)]
pub fn release(provisions: usize) -> (Files, Files, String) {
    let (docs, cs) = corpus(provisions);
    let (head, changes) = cs.split_once("changes:\n").expect("the change-set has changes");
    let structural = changes.find("  - insert_after:").unwrap_or(changes.len());
    let terminology = changes.find("  - replace:").unwrap_or(changes.len());
    let parts = [
        ("B1", "", &changes[..structural]),
        ("B2", "", &changes[structural..terminology]),
        ("B3", "after: [B1, B2]\n", &changes[terminology..]),
    ];
    let sets = parts
        .iter()
        .map(|(id, after, body)| {
            let head = head.replace("modification: BENCH", &format!("modification: {id}"));
            (
                format!("{}.yaml", id.to_lowercase()),
                format!("{head}{after}changes:\n{body}"),
            )
        })
        .collect();
    let release =
        "release: bench\ntitle: Benchmark release\ndate: 2026-06-01\nversion: \"2.0\"\nmodifications: [B1, B2, B3]\n"
            .to_string();
    (docs, sets, release)
}

/// One provision of `words` words `ab,ab,ab,…` rewritten as `ab;ab;ab;…`: every other
/// token changes and each change is one punctuation mark, so a diff finds a hundred
/// thousand tiny edits and the clean-up has as many regions to fold.
pub fn abab(words: usize) -> (Vec<(String, String)>, String) {
    let line = |sep: &str| vec!["ab"; words].join(sep);
    let doc = format!(
        "---\ndocument: P\ntitle: Pathological\nkind: Section\nversion: \"1.0\"\n---\n\n# Section P: Pathological\n\n## P1 One\n\n**P1.1** {}\n",
        line(",")
    );
    let cs = format!(
        "modification: ABAB\ntitle: Punctuation\ndate: 2026-01-01\nchanges:\n  - rewrite: P1.1\n    text: |\n      **P1.1** {}\n",
        line(";")
    );
    (vec![("section-p.md".to_string(), doc)], cs)
}

/// How the new version of a `compare` pair differs from the old.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edits {
    /// One word changed in about 2% of lines.
    Sparse,
    /// Every other word changed, in every provision.
    Dense,
    /// Every third word changed, in every provision.
    Third,
    /// Another text altogether (other words), with the same numbers.
    Different,
}

/// Two versions of one document of `provisions` provisions, for `compare`: (old, new).
pub fn compare_pair(provisions: usize, edits: Edits) -> (String, String) {
    let (old, _) = document("GAA", provisions, 1000);
    let mut rng = Rng(11);
    let mut new = String::with_capacity(old.len() + old.len() / 4);
    let mut in_front_matter = 0;
    for line in old.split_inclusive('\n') {
        if line.starts_with("---") {
            in_front_matter += 1;
        }
        let body = in_front_matter >= 2 && !line.starts_with('#') && !line.starts_with("| ---");
        let change_line = body
            && match edits {
                Edits::Sparse => rng.below(50) == 0,
                Edits::Dense | Edits::Third | Edits::Different => true,
            };
        if !change_line {
            new.push_str(line);
            continue;
        }
        let mut changed_one = false;
        for (i, token) in line.split_inclusive(' ').enumerate() {
            let word = token.trim_end();
            let is_word = !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphabetic());
            let change = is_word
                && match edits {
                    Edits::Sparse => !changed_one && i > 1,
                    Edits::Dense => i % 2 == 1,
                    Edits::Third => i % 3 == 2,
                    Edits::Different => true,
                };
            if change {
                changed_one = true;
                match edits {
                    // Another word of the same vocabulary, as an editor would write.
                    Edits::Sparse | Edits::Dense | Edits::Third => {
                        let mut other = rng.pick(WORDS);
                        while other == word {
                            other = rng.pick(WORDS);
                        }
                        new.push_str(other);
                    }
                    // A vocabulary the old text never uses.
                    Edits::Different => {
                        let _ = write!(new, "v{}", rng.below(50_000));
                    }
                }
                new.push_str(&token[word.len()..]);
            } else {
                new.push_str(token);
            }
        }
    }
    (old, new.replacen("version: \"1.0\"", "version: \"2.0\"", 1))
}
