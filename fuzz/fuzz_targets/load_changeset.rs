//! Any text as a change-set: loading never panics; every problem is a located diagnostic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sec_redline::changeset::load_source;
use sec_redline::diagnostics::SourceFile;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    if let Err(ds) = load_source(SourceFile::new("c.yaml", text)) {
        let _ = ds.to_string();
    }
});
