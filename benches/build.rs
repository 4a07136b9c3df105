//! `cargo bench`: the full build (parse, apply, diff, DOCX, HTML, consolidated) on a
//! generated SEC-like corpus at 2,000 and 20,000 provisions, and the pathological case
//! (a 1 MB provision rewritten with its words shuffled). Side-by-side figures with pandoc
//! and git word-diff come from `benches/compare.sh`; see docs/performance.md. `release_build`
//! is a release of three modifications (rewrites; insertions and deletions; the terminology
//! edit) of the 20,000-provision Code: applied in turn, attributed, and written. Also `publish`
//! of the 20,000-provision Code with three versions.

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

fn run(bencher: Bencher, docs: Vec<(String, String)>, cs: String) {
    let (dir, changeset) = setup(docs, cs);
    let options = sec_redline::Options {
        text: dir.path().join("sec-text"),
        out: dir.path().join("out"),
        templates: None,
        ..Default::default()
    };
    bencher.bench(|| {
        sec_redline::build(std::slice::from_ref(&changeset), &options).expect("the benchmark change-set is valid")
    });
}

#[divan::bench(args = [2_000, 20_000], sample_count = 5, sample_size = 1)]
fn full_build(bencher: Bencher, provisions: usize) {
    let (docs, cs) = corpus::corpus(provisions);
    run(bencher, docs, cs);
}

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

/// Publishing the whole generated Code (20,000 provisions) with three versions: the base,
/// and two releases (the benchmark change-set, then a terminology edit of its new words).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn publish_three_versions(bencher: Bencher) {
    let (docs, cs) = corpus::corpus(20_000);
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
    bencher.bench(|| sec_redline::publish::publish(&options).expect("the site is written"));
}
