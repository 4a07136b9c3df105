//! Reliability: atomic output, oversized input, and property tests over random
//! documents and change-sets (accept all = amended, reject all = base; no edits = same
//! bytes; no input makes the tool panic).

mod common;

use common::{pandoc_reading, root, run, snapshot};
use proptest::prelude::*;
use sec_redline::annex::{self, Item};
use sec_redline::corpus::{Corpus, Edition};
use sec_redline::output::{OutputFile, write_folder_with};
use sec_redline::redline::{Block, Change};
use std::path::PathBuf;

#[test]
fn a_failure_part_way_through_writing_leaves_the_previous_output_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(out.join("MP1")).unwrap();
    std::fs::write(out.join("MP1/annex-a.html"), "the previous annex").unwrap();
    let files: Vec<OutputFile> = ["annex-a.html", "annex-a.docx", "consolidated/section-f.md"]
        .iter()
        .map(|p| OutputFile {
            path: PathBuf::from(p),
            bytes: b"new".to_vec(),
        })
        .collect();
    let result = write_folder_with(&out, "MP1", &files, |i| {
        if i == 1 {
            Err(std::io::Error::other("disk full (injected)"))
        } else {
            Ok(())
        }
    });
    let err = result.expect_err("the injected failure stops the build");
    assert!(
        err.to_string()
            .contains("cannot write the output: disk full (injected)"),
        "{err}"
    );
    let names: Vec<String> = snapshot(&out).iter().map(|(p, _)| p.display().to_string()).collect();
    assert_eq!(
        names,
        ["MP1/annex-a.html"],
        "no partial folder is left, and the old one is whole"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("MP1/annex-a.html")).unwrap(),
        "the previous annex"
    );
    // A build killed part-way leaves a hidden partial folder; the next build clears it.
    std::fs::create_dir_all(out.join(".MP1.partial-99999/consolidated")).unwrap();
    write_folder_with(&out, "MP1", &files, |_| Ok(())).unwrap();
    let names: Vec<String> = snapshot(&out).iter().map(|(p, _)| p.display().to_string()).collect();
    assert_eq!(
        names,
        ["MP1/annex-a.docx", "MP1/annex-a.html", "MP1/consolidated/section-f.md"]
    );
}

#[test]
fn a_100_mb_file_is_refused_before_it_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let text = tmp.path().join("sec-text");
    std::fs::create_dir_all(&text).unwrap();
    let f = std::fs::File::create(text.join("section-f.md")).unwrap();
    f.set_len(100 << 20).unwrap();
    let cs = tmp.path().join("c.yaml");
    std::fs::write(
        &cs,
        "modification: BIG\ntitle: x\ndate: 2024-01-31\nchanges:\n  - replace: a\n    with: b\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let r = run(
        &root(),
        &[
            "build",
            &cs.display().to_string(),
            "--text",
            &text.display().to_string(),
            "--out",
            &out.display().to_string(),
        ],
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.lines().next().unwrap(),
        format!(
            "{}: error: the file is 100 MB; the limit is 64 MB",
            text.join("section-f.md").display()
        )
    );
    assert!(!out.exists());
}

// ---- property tests ----

const VOCAB: &[&str] = &[
    "alpha", "beta", "gamma", "delta", "expiry", "date", "Device", "Model", "shall", "the", "CPL", "of",
];

fn words(n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(prop::sample::select(VOCAB), n)
}

/// A document: Parts of provisions, some with sub-paragraphs, some words bold, lines wrapped.
fn document() -> impl Strategy<Value = String> {
    let provision = (
        words(3..12),
        prop::collection::vec(words(2..8), 0..3),
        any::<bool>(),
        any::<bool>(),
    );
    prop::collection::vec(prop::collection::vec(provision, 1..4), 1..3).prop_map(|parts| {
        let mut doc = String::from(
            "---\ndocument: F\ntitle: Random\nkind: Section\nversion: \"1.0\"\n---\n\n# Section F: Random\n\n",
        );
        for (p, provisions) in parts.iter().enumerate() {
            doc.push_str(&format!("## F{} Part {}\n\n", p + 1, p + 1));
            for (n, (lead, subs, bold, wrap)) in provisions.iter().enumerate() {
                let mut lead: Vec<String> = lead.iter().map(|w| w.to_string()).collect();
                // Bold over two words and italics over one, so phrases cross formatting runs.
                if *bold && lead.len() >= 2 {
                    lead[0] = format!("**{}", lead[0]);
                    lead[1] = format!("{}**", lead[1]);
                }
                if lead.len() >= 5 {
                    let i = lead.len() - 2;
                    lead[i] = format!("*{}*", lead[i]);
                }
                let sep = if *wrap { "\n" } else { " " };
                let half = lead.len() / 2;
                doc.push_str(&format!(
                    "**F{}.{}** {}{sep}{}\n\n",
                    p + 1,
                    n + 1,
                    lead[..half].join(" "),
                    lead[half..].join(" ")
                ));
                for (i, s) in subs.iter().enumerate() {
                    doc.push_str(&format!("- ({}) {}\n", ["a", "b", "c"][i], s.join(" ")));
                }
                if !subs.is_empty() {
                    doc.push('\n');
                }
            }
        }
        doc
    })
}

#[derive(Debug, Clone)]
enum Edit {
    /// A phrase of the text (the `n` words from word `at` of some line) and its replacement.
    Replace(usize, usize, Vec<&'static str>),
    Rewrite(usize, Vec<&'static str>),
    InsertAfter(usize, Vec<&'static str>),
    Delete(usize, bool),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (0usize..400, 1usize..3, words(0..4)).prop_map(|(at, n, b)| Edit::Replace(at, n, b)),
        (0usize..20, words(2..8)).prop_map(|(p, w)| Edit::Rewrite(p, w)),
        (0usize..20, words(2..8)).prop_map(|(p, w)| Edit::InsertAfter(p, w)),
        (0usize..20, any::<bool>()).prop_map(|(p, n)| Edit::Delete(p, n)),
    ];
    prop::collection::vec(edit, 1..5)
}

/// The change-set YAML for `edits` on `doc`, naming provisions that exist.
fn changeset(doc: &str, edits: &[Edit]) -> String {
    let numbers: Vec<String> = doc
        .lines()
        .filter_map(|l| {
            l.strip_prefix("**")
                .and_then(|r| r.split_once("**"))
                .map(|(n, _)| n.to_string())
        })
        .collect();
    let mut cs = String::from("modification: PROP\ntitle: Random\ndate: 2024-01-31\nchanges:\n");
    for e in edits {
        match e {
            Edit::Replace(at, n, b) => {
                // A phrase that is there, so most cases apply: words of one line of text.
                let lines: Vec<Vec<String>> = doc
                    .lines()
                    .filter(|l| l.starts_with("**F") || l.starts_with("- ("))
                    .map(|l| {
                        l.split_whitespace()
                            .skip(1)
                            .map(|w| w.replace('*', ""))
                            .filter(|w| !w.is_empty())
                            .collect()
                    })
                    .filter(|ws: &Vec<String>| !ws.is_empty())
                    .collect();
                let line = &lines[at % lines.len()];
                let start = (at / lines.len()) % line.len();
                let a = &line[start..(start + n).min(line.len())];
                // Formatting written in `with:` too, now and then.
                let mut b: Vec<String> = b.iter().map(|w| w.to_string()).collect();
                if b.len() >= 2 && b[0].len() % 2 == 1 {
                    b[0] = format!("**{}**", b[0]);
                }
                cs.push_str(&format!(
                    "  - replace: \"{}\"\n    with: \"{}\"\n",
                    a.join(" "),
                    b.join(" ")
                ))
            }
            Edit::Rewrite(p, w) => {
                let n = &numbers[p % numbers.len()];
                cs.push_str(&format!("  - rewrite: {n}\n    text: \"**{n}** {}\"\n", w.join(" ")));
            }
            Edit::InsertAfter(p, w) => {
                let n = &numbers[p % numbers.len()];
                cs.push_str(&format!(
                    "  - insert_after: {n}\n    text: \"**{n}ZZZ** {}\"\n",
                    w.join(" ")
                ));
            }
            Edit::Delete(p, nothing) => {
                let n = &numbers[p % numbers.len()];
                cs.push_str(&format!(
                    "  - delete: {n}\n{}",
                    if *nothing { "    leave: nothing\n" } else { "" }
                ));
            }
        }
    }
    cs
}

/// The text a redline reads with every change accepted (`without` Del) or rejected (Ins).
/// A paragraph whose start is left out joins the one before it, as in Word.
fn redline_text(blocks: &[Block], without: Change) -> String {
    let mut out = String::new();
    for b in blocks {
        if let Block::Para(p) = b {
            if p.label_change != without {
                out.push(' ');
                if let Some(l) = &p.label {
                    out.push_str(l);
                    out.push(' ');
                }
            }
            out.push_str(&sec_redline::redline::text_without(&p.runs, without));
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 128 cases from a fixed seed, so that every CI run tests the same inputs and a failure
/// reproduces. To explore further, set `PROPTEST_RNG_SEED` (any number) and `PROPTEST_CASES`;
/// anything found becomes a named regression test below.
fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 128;
    }
    // At most as many refused cases as accepted ones.
    config.max_global_rejects = config.cases;
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(0x5EC_2026);
    }
    // Failures are kept as named tests, not in a `.proptest-regressions` file.
    config.failure_persistence = None;
    config
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn accepting_every_change_gives_the_amended_text_and_rejecting_gives_the_base(doc in document(), edits in edits()) {
        let tmp = tempfile::tempdir().unwrap();
        let text = tmp.path().join("sec-text");
        std::fs::create_dir_all(&text).unwrap();
        std::fs::write(text.join("section-f.md"), &doc).unwrap();
        let cs = tmp.path().join("c.yaml");
        // An inserted number is made to fit with the tool's own suggestion.
        let corpus = Corpus::load(&text).unwrap();
        let mut yaml = changeset(&doc, &edits);
        let edition = Edition::new(&corpus);
        while let Some(at) = yaml.find("ZZZ** ") {
            let line_start = yaml[..at].rfind("**").unwrap() + 2;
            let base = yaml[line_start..at].to_string();
            let fits = sec_redline::changeset::suggest(&edition, &base, true).unwrap_or_else(|_| format!("{base}A"));
            yaml.replace_range(line_start..at + 3, &fits);
        }
        std::fs::write(&cs, &yaml).unwrap();
        let Ok((set, problems)) = sec_redline::changeset::load(&cs) else { return Ok(()) };
        prop_assume!(problems.is_empty());
        // Random edits often conflict (a phrase that is not there, a deleted target): those
        // are refused with errors, which is fine; the property is about the ones that apply.
        // Each refusal counts against `max_global_rejects`, so the test fails if fewer than
        // half of the generated cases apply.
        let applied = sec_redline::changeset::apply(&corpus, &set);
        prop_assume!(applied.is_ok());
        let applied = applied.unwrap();
        let pairs = annex::pairs(&applied.edition);
        let built = annex::build(annex::Cover {
            modification: "PROP".into(), title: "x".into(), annex: annex::AnnexKind::Modification("A".into()), heading: "x".into(),
            date: "2024-01-31".into(), author: "x".into(), ..Default::default()
        }, &pairs, annex::Context::Full, Default::default());
        for (doc_pair, doc) in pairs.iter().zip(&built.documents) {
            let provisions = doc_pair.units.iter().filter(|u| u.kind.provision().is_some());
            let items = doc.items.iter().filter(|i| matches!(i, Item::Provision { .. }));
            let units: Vec<_> = provisions.zip(items).collect();
            // pandoc reads every unit, both sides, and the whole consolidated document, at once.
            let consolidated = applied.edition.document_text(0);
            let mut texts: Vec<&str> = vec![consolidated.as_str()];
            for (u, _) in &units {
                texts.push(u.amended.unwrap_or(""));
                texts.push(u.base.unwrap_or(""));
            }
            let oracle = pandoc_reading(&texts);
            // The vocabulary has no literal `*` or `_`: any pandoc reads is a broken marker.
            prop_assert_eq!(oracle[0].1, 0, "unbalanced formatting in {}", consolidated);
            for (k, (_, item)) in units.iter().enumerate() {
                let Item::Provision { shown: annex::Shown { address, redline, .. }, .. } = item else { unreachable!() };
                prop_assert_eq!(redline_text(&redline.blocks, Change::Del), oracle[1 + 2 * k].0.clone(), "{} accepted", address);
                prop_assert_eq!(redline_text(&redline.blocks, Change::Ins), oracle[2 + 2 * k].0.clone(), "{} rejected", address);
            }
        }
    }

    #[test]
    fn no_edits_give_back_every_byte(doc in document(), crlf in any::<bool>(), bom in any::<bool>()) {
        let mut bytes = if crlf { doc.replace('\n', "\r\n") } else { doc };
        if bom { bytes.insert(0, '\u{feff}'); }
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("section-f.md"), &bytes).unwrap();
        let corpus = Corpus::load(tmp.path()).unwrap();
        let edition = Edition::new(&corpus);
        prop_assert_eq!(edition.document_text(0), bytes);
    }

    #[test]
    fn no_input_makes_check_panic(markdown in ".{0,400}", yaml in ".{0,300}") {
        let tmp = tempfile::tempdir().unwrap();
        let text = tmp.path().join("sec-text");
        std::fs::create_dir_all(&text).unwrap();
        std::fs::write(text.join("x.md"), format!("---\ndocument: F\ntitle: T\nkind: Section\nversion: \"1\"\n---\n{markdown}")).unwrap();
        let cs = tmp.path().join("c.yaml");
        std::fs::write(&cs, format!("modification: X\ntitle: x\ndate: 2024-01-31\nchanges:\n{yaml}")).unwrap();
        // Returning at all (Ok or located errors) is the property: a panic fails the test.
        let _ = sec_redline::check(std::slice::from_ref(&cs), &text);
    }
}

/// Found by `cargo fuzz run redline`: punctuation kept equal at the start, then a removed
/// paragraph break. Accepting must read as the amended text (the paragraphs join).
#[test]
fn fuzz_regression_a_removed_paragraph_break_after_equal_punctuation() {
    let text = String::from_utf8_lossy(b"\xd0\n\nE\xcc\xcc\xcc\xcc\xd0,\xc8").into_owned();
    let mid = text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i);
    let (a, b) = text.split_at(mid);
    let r = sec_redline::redline::redline(Some(a), Some(b));
    let plain = |t: &str| redline_text(&sec_redline::redline::redline(Some(t), Some(t)).blocks, Change::Del);
    assert_eq!(redline_text(&r.blocks, Change::Del), plain(b));
    assert_eq!(redline_text(&r.blocks, Change::Ins), plain(a));
}

/// Found by the property test in CI: a sub-paragraph emptied of words lost its label when
/// accepted. The redline keeps a label-only paragraph wherever it stands, not only last.
#[test]
fn proptest_regression_a_label_only_subparagraph_keeps_its_label() {
    let base = "**F1.1** alpha alpha\n\n- (a) the the\n- (b) alpha\n";
    let amended = "**F1.1** alpha alpha\n\n- (a)\n- (b) alpha\n";
    let r = sec_redline::redline::redline(Some(base), Some(amended));
    assert_eq!(redline_text(&r.blocks, Change::Del), "F1.1 alpha alpha (a) (b) alpha");
    assert_eq!(
        redline_text(&r.blocks, Change::Ins),
        "F1.1 alpha alpha (a) the the (b) alpha"
    );
}

/// Found by `cargo fuzz run redline` (here and, at the same time, on main): a code span broken over a line (LF or CRLF), starting
/// with a letter of more than one byte, made the reading slice inside that letter and panic.
/// Readers then turned out to disagree on the spaces inside such a span (fuzzing against
/// pandoc), so a code span broken across lines is now refused with a located error; on one
/// line, `compare` reads it as pandoc does.
#[test]
fn fuzz_regression_a_code_span_over_a_line_break_starting_with_a_wide_letter() {
    for eol in ["\r\n", "\n"] {
        let head =
            "---\ndocument: F\ntitle: T\nkind: Section\nversion: \"1\"\n---\n\n# Section F: T\n\n## F1 Charges\n\n";
        let write = |old: &str, new: &str| {
            let tmp = tempfile::tempdir().unwrap();
            std::fs::write(tmp.path().join("old.md"), old.replace('\n', eol)).unwrap();
            std::fs::write(tmp.path().join("new.md"), new.replace('\n', eol)).unwrap();
            let r = run(
                tmp.path(),
                &["compare", "old.md", "new.md", "--out", "out", "--context", "full"],
            );
            (tmp, r)
        };
        let (_tmp, r) = write(
            &format!("{head}**F1.1** The charge is `\u{20ac}5\nper unit` a day.\n"),
            &format!("{head}**F1.1** The charge is `\u{20ac}6\nper unit` a day.\n"),
        );
        assert_eq!(r.code, 1, "{eol:?}: {}", r.stderr);
        assert!(
            r.stderr
                .contains("old.md:12:24: error: a code span (`…`) broken across lines"),
            "{}",
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        let (tmp, r) = write(
            &format!("{head}**F1.1** The charge is `\u{20ac}5 per unit` a day.\n"),
            &format!("{head}**F1.1** The charge is `\u{20ac}6 per unit` a day.\n"),
        );
        assert_eq!(r.code, 0, "{eol:?}: {}", r.stderr);
        let html = std::fs::read_to_string(tmp.path().join("out/compare-old-new/redline.html")).unwrap();
        assert_eq!(
            common::page_texts(&html)["F1.1"],
            (
                "F1.1 The charge is \u{20ac}6 per unit a day.".to_string(),
                "F1.1 The charge is \u{20ac}5 per unit a day.".to_string()
            ),
            "{eol:?}"
        );
    }
}
