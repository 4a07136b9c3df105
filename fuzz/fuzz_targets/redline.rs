//! Any two texts as the base and amended text of a provision: the redline never panics,
//! and accepting every change reads as the amended words, rejecting every one as the base.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sec_redline::redline::{Block, Change, flatten, redline, text_without};

/// The words the redline reads as with one kind of change left out. A paragraph whose start
/// is left out joins the paragraph before it, as in Word when a paragraph mark is removed.
fn reader(blocks: &[Block], without: Change) -> Vec<String> {
    let mut text = String::new();
    for b in blocks {
        match b {
            Block::Para(p) => {
                if p.label_change != without {
                    text.push('\n');
                    if let Some(l) = &p.label {
                        text.push_str(l);
                        text.push(' ');
                    }
                }
                text.push_str(&text_without(&p.runs, without));
            }
            Block::Table(t) => {
                for row in &t.rows {
                    for cell in &row.cells {
                        text.push('\n');
                        text.push_str(&text_without(cell, without));
                    }
                }
            }
        }
    }
    text.split_whitespace().map(str::to_string).collect()
}

fn plain(text: &str) -> Vec<String> {
    let same = redline(Some(text), Some(text));
    reader(&same.blocks, Change::Del)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_at(text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i));
    let r = redline(Some(a), Some(b));
    assert_eq!(reader(&r.blocks, Change::Del), plain(b), "accepted");
    assert_eq!(reader(&r.blocks, Change::Ins), plain(a), "rejected");
    let _ = flatten(a);
});
