//! Writes the input of `benches/history.sh` to DIR (`cargo run --release --example
//! gen_history -- RELEASES DIR [PER_DOC]`): the generated Code of 20,000 provisions
//! (`sec-text/`, as `gen_corpus 20000 DIR PER_DOC` writes it: documents of PER_DOC
//! provisions, default 500; 20000 for one document) and RELEASES generated releases
//! (`releases/NNN.yaml`, dates increasing, one a month from 2030-02-01), each of 1–3
//! small modifications (`changes/rNNNx.yaml`): a few `replace` changes scoped `in:` one
//! provision, an `insert_after`, or a `delete`. No provision is touched twice, except
//! the *tracked* one, which every tenth release (the 1st, 11th, 21st, …) changes with a
//! `replace`; one other provision is never touched. `refs.txt` names both and the dates
//! before the first and after the last release:
//!
//! ```text
//! tracked GAB3.4
//! untouched GAD7.1
//! before 2030-01-01
//! after 2040-01-01
//! ```

#[allow(dead_code)]
#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::collections::BTreeSet;
use std::fmt::Write as _;

/// The same small generator as the corpus's: the same seed gives the same releases.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// Each provision's number and the plain words of its first line, in document order.
fn provisions(docs: &[(String, String)]) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for (_, text) in docs {
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("**") else { continue };
            let Some((number, words)) = rest.split_once("** ") else {
                continue;
            };
            let mut words: Vec<String> = words
                .split(' ')
                .filter(|w| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_alphabetic()))
                .map(str::to_string)
                .collect();
            words.sort();
            words.dedup();
            out.push((number.to_string(), words));
        }
    }
    out
}

/// `YYYY-MM-DD`: the first of the `k`-th month from January 2030.
fn month(k: usize, day: u32) -> String {
    format!("{}-{:02}-{day:02}", 2030 + k / 12, k % 12 + 1)
}

fn usage() -> ! {
    eprintln!("usage: gen_history RELEASES DIR [PER_DOC]");
    std::process::exit(2);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (releases, dir, per_doc) = match args.as_slice() {
        [r, d] => (r, d, "500"),
        [r, d, p] => (r, d, p.as_str()),
        _ => usage(),
    };
    let releases: usize = releases.parse().unwrap_or_else(|_| usage());
    let per_doc: usize = per_doc.parse().unwrap_or_else(|_| usage());
    let dir = std::path::Path::new(dir);
    let (docs, _) = corpus::corpus_in(20_000, per_doc);
    let all = provisions(&docs);
    let tracked = all.len() / 3;
    let untouched = 2 * all.len() / 3;
    let text = dir.join("sec-text");
    let changes = dir.join("changes");
    let release_dir = dir.join("releases");
    for d in [&text, &changes, &release_dir] {
        std::fs::create_dir_all(d).expect("the folder can be made");
    }
    for (name, body) in &docs {
        std::fs::write(text.join(name), body).expect("a document is written");
    }
    let mut rng = Rng(2030);
    let mut used = BTreeSet::from([tracked, untouched]);
    let mut pick = |rng: &mut Rng| loop {
        let i = rng.below(all.len() as u64) as usize;
        if !all[i].1.is_empty() && used.insert(i) {
            return i;
        }
    };
    let mut counts = [0usize; 3];
    for r in 1..=releases {
        let mut ids = Vec::new();
        for m in 0..1 + rng.below(3) as usize {
            let id = format!("R{r:03}{}", (b'A' + m as u8) as char);
            let mut cs = format!(
                "modification: {id}\ntitle: Generated modification {id}\ndate: {}\nchanges:\n",
                month(r - 1, 15)
            );
            let kind = if m == 0 && r % 10 == 1 { 0 } else { rng.below(5) };
            let target = if m == 0 && r % 10 == 1 { tracked } else { pick(&mut rng) };
            let (number, words) = &all[target];
            match kind {
                // A few words substituted inside one provision.
                0..=2 => {
                    counts[0] += 1;
                    let n = 1 + rng.below(3.min(words.len() as u64)) as usize;
                    let start = rng.below(words.len() as u64) as usize;
                    for j in 0..n {
                        let w = &words[(start + j) % words.len()];
                        let _ = write!(cs, "  - in: {number}\n    replace: {w}\n    with: {w} duly\n");
                    }
                }
                3 => {
                    counts[1] += 1;
                    let _ = write!(
                        cs,
                        "  - insert_after: {number}\n    text: |\n      **{number}A** The Panel shall publish the notice given under Section {number} within five Working Days (release {r}).\n"
                    );
                }
                _ => {
                    counts[2] += 1;
                    let _ = writeln!(cs, "  - delete: {number}");
                }
            }
            std::fs::write(changes.join(format!("{}.yaml", id.to_lowercase())), cs).expect("a change-set is written");
            ids.push(id);
        }
        std::fs::write(
            release_dir.join(format!("{r:03}.yaml")),
            format!(
                "release: r{r:03}\ntitle: Generated release {r}\ndate: {}\nversion: \"1.{r}\"\nmodifications: [{}]\n",
                month(r, 1),
                ids.join(", ")
            ),
        )
        .expect("a release is written");
    }
    std::fs::write(
        dir.join("refs.txt"),
        format!(
            "tracked {}\nuntouched {}\nbefore {}\nafter {}\n",
            all[tracked].0,
            all[untouched].0,
            month(0, 1),
            month(releases + 1, 1)
        ),
    )
    .expect("refs.txt is written");
    println!(
        "{} documents, {} bytes; {releases} releases: {} replace, {} insert_after, {} delete modifications",
        docs.len(),
        docs.iter().map(|(_, b)| b.len()).sum::<usize>(),
        counts[0],
        counts[1],
        counts[2]
    );
}
