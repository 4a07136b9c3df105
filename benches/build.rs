//! `cargo bench`: the full build (parse, apply, diff, DOCX, HTML, consolidated) and
//! `compare` on generated SEC-like inputs of every shape: the Code's (documents of 500
//! provisions), one document holding all 20,000 or 80,000 provisions, ten times the Code
//! (200,000 provisions), two 9 MB versions of one document with sparse and dense edits;
//! and the pathological cases (a 1 MB provision with its words shuffled, `ab,ab,…` →
//! `ab;ab;…`, two wholly different 5 MB texts). Side-by-side figures with pandoc and git
//! word-diff come from `benches/compare.sh`; see docs/performance.md.
//!
//! `release_build` is a release of three modifications (rewrites; insertions and deletions;
//! the terminology edit) of the 20,000-provision Code: applied in turn, attributed, and written.
//!
//! The dense shapes (issue 21): `dense_build` (a change-set that changes 30% of the 20,000
//! provisions), `scoped_replaces` (1,000 replaces each scoped to one provision, whose terms
//! occur thousands of times elsewhere), `one_line_provision` (50 MB on one line),
//! `million_matches` (one replace matching 1,000,000 times), `compare_9mb_third` (every
//! third word changed), `compare_9mb_different` (no word in common) and `nested_5000`
//! (sub-paragraphs nested 5,000 deep).
//! `import_word` imports a 9 MB Word document (the clean DOCX `publish` writes of one
//! document of 68,000 provisions: 77 MB of XML); `benches/import.sh` runs it beside pandoc.
//!
//! `publish_three_versions` publishes the 20,000-provision Code with three versions;
//! `publish_one_document` the same with every provision in one document.

#[path = "support/corpus.rs"]
mod corpus;

use divan::Bencher;
use std::path::PathBuf;

fn main() {
    divan::main();
}

/// Writes a corpus to a temporary folder: (folder, change-set path).
fn setup(docs: Vec<(String, String)>, cs: String) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let text = dir.path().join("sec-text");
    std::fs::create_dir_all(&text).expect("the text folder");
    for (name, body) in docs {
        std::fs::write(text.join(name), body).expect("a document");
    }
    let changeset = dir.path().join("change.yaml");
    std::fs::write(&changeset, cs).expect("the change-set");
    (dir, changeset)
}

fn options(dir: &tempfile::TempDir) -> sec_redline::Options {
    sec_redline::Options {
        text: dir.path().join("sec-text"),
        out: dir.path().join("out"),
        templates: None,
        ..Default::default()
    }
}

fn run(bencher: Bencher, docs: Vec<(String, String)>, cs: String) {
    let (dir, changeset) = setup(docs, cs);
    let options = options(&dir);
    bencher.bench(|| {
        sec_redline::build(std::slice::from_ref(&changeset), &options).expect("the benchmark change-set is valid")
    });
}

/// The Code's shape: documents of 500 provisions.
#[divan::bench(args = [2_000, 20_000], sample_count = 5, sample_size = 1)]
fn full_build(bencher: Bencher, provisions: usize) {
    let (docs, cs) = corpus::corpus(provisions);
    run(bencher, docs, cs);
}

/// Every provision in one document: a lookup that scans the document shows here.
#[divan::bench(args = [20_000, 80_000], sample_count = 3, sample_size = 1)]
fn one_document(bencher: Bencher, provisions: usize) {
    let (docs, cs) = corpus::corpus_in(provisions, provisions);
    run(bencher, docs, cs);
}

/// Ten times the Code: 200,000 provisions in 400 documents.
#[divan::bench(sample_count = 2, sample_size = 1)]
fn ten_codes(bencher: Bencher) {
    let (docs, cs) = corpus::corpus(200_000);
    run(bencher, docs, cs);
}

fn run_compare(bencher: Bencher, provisions: usize, edits: corpus::Edits) {
    let (old, new) = corpus::compare_pair(provisions, edits);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (a, b) = (dir.path().join("old.md"), dir.path().join("new.md"));
    std::fs::write(&a, old).expect("old.md");
    std::fs::write(&b, new).expect("new.md");
    let options = options(&dir);
    let stamp = sec_redline::Stamp::default();
    bencher.bench(|| sec_redline::compare(&a, &b, &stamp, &options).expect("the versions are valid"));
}

/// `compare` of two 9 MB versions of one document (20,000 provisions).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn compare_9mb_sparse(bencher: Bencher) {
    run_compare(bencher, 20_000, corpus::Edits::Sparse);
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn compare_9mb_dense(bencher: Bencher) {
    run_compare(bencher, 20_000, corpus::Edits::Dense);
}

/// Every third word changed, in every provision of a 9 MB document.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn compare_9mb_third(bencher: Bencher) {
    run_compare(bencher, 20_000, corpus::Edits::Third);
}

/// Two 9 MB versions with no word in common.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn compare_9mb_different(bencher: Bencher) {
    run_compare(bencher, 20_000, corpus::Edits::Different);
}

/// A Code-wide terminology modification: 30% of 20,000 provisions changed, in documents of
/// 500 and in one document.
#[divan::bench(args = [500, 20_000], sample_count = 3, sample_size = 1)]
fn dense_build(bencher: Bencher, per_doc: usize) {
    let (docs, cs) = corpus::dense(20_000, per_doc);
    run(bencher, docs, cs);
}

/// 1,000 replaces, each scoped to one provision of the 20,000.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn scoped_replaces(bencher: Bencher) {
    let (docs, cs) = corpus::scoped(20_000, 1_000);
    run(bencher, docs, cs);
}

/// One provision of 50 MB on one line, with ten occurrences replaced.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn one_line_provision(bencher: Bencher) {
    let (docs, cs) = corpus::one_line(50_000_000);
    run(bencher, docs, cs);
}

/// One replace matching 1,000,000 times (20,000 provisions, 50 each).
#[divan::bench(sample_count = 1, sample_size = 1)]
fn million_matches(bencher: Bencher) {
    let (docs, cs) = corpus::matches(20_000, 50);
    run(bencher, docs, cs);
}

/// Sub-paragraphs nested 5,000 deep (25 MB), one word replaced at the deepest.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn nested_5000(bencher: Bencher) {
    let (docs, cs, _) = corpus::nested(5_000);
    run(bencher, docs, cs);
}

/// Pathological: two 5 MB versions with no word in common.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn compare_5mb_different(bencher: Bencher) {
    run_compare(bencher, 11_000, corpus::Edits::Different);
}

/// Pathological: a 1 MB provision rewritten with its words shuffled.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn pathological_1mb_rewrite(bencher: Bencher) {
    let (docs, cs) = corpus::pathological(1 << 20);
    run(bencher, docs, cs);
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn release_build(bencher: Bencher) {
    let (docs, sets, release) = corpus::release(20_000);
    let (dir, _) = setup(docs, String::new());
    let changes = dir.path().join("changes");
    std::fs::create_dir_all(&changes).expect("the changes folder");
    for (name, text) in sets {
        std::fs::write(changes.join(name), text).expect("a change-set");
    }
    let release_file = dir.path().join("release.yaml");
    std::fs::write(&release_file, release).expect("the release file");
    let options = sec_redline::release::ReleaseOptions {
        text: dir.path().join("sec-text"),
        changes,
        out: dir.path().join("out"),
        templates: None,
    };
    bencher.bench(|| {
        sec_redline::release::release(&release_file, &options, false, |_| Ok(()))
            .expect("the benchmark release is valid")
    });
}

/// Pathological: one provision `ab,ab,…` rewritten as `ab;ab;…` (20,000 and 40,000 words,
/// and 300,000 words: 900 KB).
#[divan::bench(args = [20_000, 40_000, 300_000], sample_count = 3, sample_size = 1)]
fn pathological_abab(bencher: Bencher, words: usize) {
    let (docs, cs) = corpus::abab(words);
    run(bencher, docs, cs);
}

/// Publishing the whole generated Code (20,000 provisions) with three versions: the base,
/// and two releases (the benchmark change-set, then a terminology edit of its new words).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn publish_three_versions(bencher: Bencher) {
    publish(bencher, 500);
}

/// As `publish_three_versions`, with all 20,000 provisions in one document.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn publish_one_document(bencher: Bencher) {
    publish(bencher, 20_000);
}

/// Publishes three versions of 20,000 provisions in documents of `per_doc`.
fn publish(bencher: Bencher, per_doc: usize) {
    let (docs, cs) = corpus::corpus_in(20_000, per_doc);
    let (dir, _) = setup(docs, cs);
    let changes = dir.path().join("changes");
    std::fs::create_dir_all(&changes).expect("the changes folder");
    std::fs::copy(dir.path().join("change.yaml"), changes.join("bench.yaml")).expect("the change-set");
    std::fs::write(
        changes.join("bench2.yaml"),
        "modification: BENCH2\ntitle: Second benchmark modification\ndate: 2026-06-01\nchanges:\n  - replace: expiry or renewal date\n    with: expiry, renewal or lapse date\n",
    )
    .expect("the second change-set");
    let text = dir.path().join("sec-text");
    for (i, (id, m, date)) in [("2026-02", "BENCH", "2026-02-01"), ("2026-07", "BENCH2", "2026-07-01")]
        .into_iter()
        .enumerate()
    {
        let file = dir.path().join(format!("{id}.yaml"));
        std::fs::write(
            &file,
            format!(
                "release: {id}\ntitle: Release {id}\ndate: {date}\nversion: \"1.{}\"\nmodifications: [{m}]\n",
                i + 1
            ),
        )
        .expect("the release");
        let options = sec_redline::release::ReleaseOptions {
            text: text.clone(),
            changes: changes.clone(),
            out: dir.path().join("out"),
            templates: None,
        };
        sec_redline::release::release(&file, &options, true, |_| Ok(())).expect("the benchmark release applies");
    }
    let options = sec_redline::publish::PublishOptions {
        text,
        out: dir.path().join("site"),
        changes,
    };
    // Into an empty folder each time: a publish into its own site would reuse its pages.
    bencher.bench(|| {
        let _ = std::fs::remove_dir_all(&options.out);
        sec_redline::publish::publish(&options).expect("the site is written")
    });
}

/// `import` of a 9 MB Word document: the clean DOCX of one generated document of 68,000
/// provisions (77 MB of XML), read, resolved, written as Markdown and parsed.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn import_word(bencher: Bencher) {
    let (docs, cs) = corpus::corpus_in(68_000, 68_000);
    let name = format!("downloads/v/1.0/docx/{}", docs[0].0.replace(".md", ".docx"));
    let (dir, _) = setup(docs, cs);
    let site = dir.path().join("site");
    sec_redline::publish::publish(&sec_redline::publish::PublishOptions {
        text: dir.path().join("sec-text"),
        out: site.clone(),
        changes: dir.path().join("no-changes"),
    })
    .expect("the generated Code publishes");
    let bytes = std::fs::read(site.join(&name)).expect("the document's clean DOCX");
    let docx = dir.path().join("document.docx");
    std::fs::write(&docx, bytes).expect("the DOCX written");
    let out = dir.path().join("imported");
    bencher.bench(|| sec_redline::import(&docx, None, &out, false).expect("the clean DOCX imports"));
}
