//! Any text as a document of the Code: parsing never panics, and a parsed document
//! with no edits gives back every byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sec_redline::corpus::{Corpus, Edition, parse_document};
use sec_redline::diagnostics::SourceFile;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    // Half the inputs get valid front matter, so the body parser is reached too.
    let text = if data.first().is_some_and(|b| b % 2 == 0) {
        format!("---\ndocument: F\ntitle: T\nkind: Section\nversion: \"1\"\n---\n{text}")
    } else {
        text
    };
    if let Ok(doc) = parse_document(SourceFile::new("f.md", text.clone())) {
        let corpus = Corpus { dir: "fuzz".into(), documents: vec![doc] };
        assert_eq!(Edition::new(&corpus).document_text(0), text);
    }
});
