//! Helpers shared by the end-to-end tests: run the real binary on real files.
#![allow(dead_code)]

#[path = "pandoc_ast.rs"]
pub mod pandoc_ast;

use scraper::{ElementRef, Html, Node, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of `sec-redline` gave back.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary with `args` in folder `cwd`.
pub fn run(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_sec-redline"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the sec-redline binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The repository's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the repository's text folder (its documents, no history) in a new temporary
/// folder, as `tmp/<name>`.
pub fn text_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let text = tmp.path().join(name);
    std::fs::create_dir(&text).unwrap();
    for (file, bytes) in documents(&root().join("sec-text")) {
        std::fs::write(text.join(file), bytes).unwrap();
    }
    (tmp, text)
}

/// Every file under `dir`, relative, sorted, with its bytes.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push((p.strip_prefix(base).unwrap().to_path_buf(), std::fs::read(&p).unwrap()));
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Whitespace folded to single spaces.
pub fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words pandoc reads in GitHub-flavoured Markdown (`pandoc -f gfm -t json`), whitespace
/// folded: the independent oracle for what a reader sees. Raw HTML (comments) is not text.
pub fn markdown_words(md: &str) -> String {
    pandoc_words_many(&[md]).pop().unwrap_or_default()
}

/// [`markdown_words`] of many texts with one pandoc run: each text is read on its own
/// (between separator headings that no text holds).
pub fn pandoc_words_many(texts: &[&str]) -> Vec<String> {
    pandoc_reading(texts).into_iter().map(|(words, _)| words).collect()
}

/// pandoc's words of each text, and the literal `*`, `_` and backticks it reads in them.
pub fn pandoc_reading(texts: &[&str]) -> Vec<(String, usize)> {
    use std::io::Write;
    assert!(
        tool("pandoc", "--version"),
        "pandoc is the Markdown oracle of the tests; .ci/run installs it"
    );
    const SEP: &str = "SEPARATORQZX";
    let mut input = String::new();
    for (i, t) in texts.iter().enumerate() {
        input.push_str(&format!("\n\n# {SEP}{i}\n\n"));
        input.push_str(&t.replace("\r\n", "\n").replace('\u{feff}', ""));
        input.push('\n');
    }
    let mut child = Command::new("pandoc")
        .args(["-f", "gfm", "-t", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("pandoc runs");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let ast: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut result: Vec<(String, usize)> = vec![(String::new(), 0); texts.len()];
    let mut current: Option<usize> = None;
    for block in ast["blocks"].as_array().unwrap() {
        let mut text = String::new();
        pandoc_ast::words(block, &mut text);
        if block["t"] == "Header"
            && let Some(i) = text.trim().strip_prefix(SEP).and_then(|n| n.parse::<usize>().ok())
        {
            current = Some(i);
            continue;
        }
        if let Some(i) = current {
            result[i].0.push_str(&text);
            result[i].0.push(' ');
        }
    }
    for r in &mut result {
        r.1 = r.0.chars().filter(|c| matches!(c, '*' | '_' | '`')).count();
        r.0 = normalise(&r.0);
    }
    result
}

/// As [`unit_text`], but "" where the address names nothing (an inserted or removed unit).
pub fn unit_text_or_empty(corpus: &sec_redline::corpus::Corpus, address: &str) -> String {
    let edition = sec_redline::corpus::Edition::new(corpus);
    match sec_redline::corpus::reference::resolve(&edition, address) {
        Ok(_) => unit_text(corpus, address),
        Err(_) => String::new(),
    }
}

/// The text of a unit (provision, or a Part's heading) named by `address`, from a text folder.
pub fn unit_text(corpus: &sec_redline::corpus::Corpus, address: &str) -> String {
    use sec_redline::corpus::reference::{Target, resolve};
    let edition = sec_redline::corpus::Edition::new(corpus);
    match resolve(&edition, address).unwrap_or_else(|e| panic!("{address}: {e}")) {
        Target::Provision { doc, unit } => edition.unit_text(doc, unit).to_string(),
        Target::Part { doc, units } => edition.unit_text(doc, units.start).to_string(),
        other => panic!("{address} is {other:?}"),
    }
}

/// Whether an external program runs. Under CI a missing tool is a failure, not a skip.
pub fn tool(name: &str, arg: &str) -> bool {
    let found = Command::new(name).arg(arg).output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").is_err(),
            "{name} is needed by this test and CI=true: install it (.ci/run does)"
        );
        eprintln!("skipping: {name} is not installed");
    }
    found
}

/// The words of an element as a reader sees them, leaving out `skip` elements and screen-reader notes.
pub fn text_without(el: ElementRef, skip: &str) -> String {
    let mut out = String::new();
    fn walk(node: ego_tree::NodeRef<Node>, skip: &str, out: &mut String) {
        match node.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                if e.name() == skip || e.classes().any(|c| c == "sr") {
                    return;
                }
                let block = matches!(e.name(), "p" | "td" | "th" | "tr" | "table" | "h3" | "h4");
                if block {
                    out.push(' ');
                }
                for c in node.children() {
                    walk(c, skip, out);
                }
                if block {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
    walk(*el, skip, &mut out);
    normalise(&out)
}

/// Every `data-address` in the page with its text without `<del>` and without `<ins>`.
pub fn page_texts(html: &str) -> BTreeMap<String, (String, String)> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("[data-address]").unwrap();
    doc.select(&sel)
        .map(|el| {
            let address = el.value().attr("data-address").unwrap().to_string();
            (address, (text_without(el, "del"), text_without(el, "ins")))
        })
        .collect()
}

/// pandoc's reading of the DOCX with every change accepted or rejected, as text per
/// bookmarked provision (the summary links to each, so pandoc keeps the anchors).
pub fn pandoc_texts(docx: &Path, mode: &str) -> BTreeMap<String, String> {
    let out = Command::new("pandoc")
        // `+styles` marks each paragraph's style, so the annex's own lines can be told apart.
        .args([&format!("--track-changes={mode}"), "-f", "docx+styles", "-t", "html"])
        .arg(docx)
        .output()
        .expect("pandoc runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = Html::parse_fragment(&String::from_utf8_lossy(&out.stdout));
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<String> = None;
    fn walk(node: ego_tree::NodeRef<Node>, current: &mut Option<String>, texts: &mut BTreeMap<String, String>) {
        match node.value() {
            Node::Text(t) => {
                if let Some(c) = current {
                    texts.entry(c.clone()).or_default().push_str(t);
                }
            }
            Node::Element(e) if e.name() == "div" && e.attr("data-custom-style") == Some("Intro") => {
                // The line under a document's title is the annex's, not legal text. A wholly
                // deleted provision just before it leaves its bookmark here once accepted:
                // that provision reads as nothing.
                *current = None;
                for d in node.descendants() {
                    if let Some(id) = d
                        .value()
                        .as_element()
                        .and_then(|e| e.attr("id"))
                        .filter(|id| id.starts_with("p-"))
                    {
                        texts.entry(id.to_string()).or_default();
                    }
                }
            }
            Node::Element(e) => {
                let heading = matches!(e.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                let omission = e.name() == "p"
                    && node
                        .children()
                        .all(|c| matches!(c.value(), Node::Text(t) if t.trim() == "\u{2026}"));
                if heading || omission {
                    *current = None;
                }
                if heading {
                    // pandoc 2.17 gives headings its own ids, dropping the bookmark: key them by text.
                    let text: String = ElementRef::wrap(node).map(|e| e.text().collect()).unwrap_or_default();
                    texts.insert(format!("heading:{}", normalise(&text)), String::new());
                }
                if let Some(id) = e.attr("id").filter(|id| id.starts_with("p-")) {
                    *current = Some(id.to_string());
                }
                if let Some(c) = current
                    .as_ref()
                    .filter(|_| matches!(e.name(), "p" | "td" | "th" | "tr"))
                {
                    texts.entry(c.clone()).or_default().push(' ');
                }
                for child in node.children() {
                    walk(child, current, texts);
                }
                if heading {
                    *current = None;
                }
            }
            _ => {
                for child in node.children() {
                    walk(child, current, texts);
                }
            }
        }
    }
    walk(html.tree.root(), &mut current, &mut texts);
    // An omission marker merged into a wholly deleted paragraph is not legal text.
    texts
        .into_iter()
        .map(|(k, v)| (k, normalise(&v.replace('\u{2026}', " "))))
        .collect()
}

/// Checks that accepting every change gives `amended` and rejecting every one gives `base`.
pub fn accept_and_reject(docx: &Path, expected: &[(String, String, String)]) {
    let accepted = pandoc_texts(docx, "accept");
    let rejected = pandoc_texts(docx, "reject");
    for (anchor, base, amended) in expected {
        if accepted.contains_key(anchor) {
            assert_eq!(
                accepted.get(anchor),
                Some(amended),
                "{anchor} with every change accepted"
            );
            assert_eq!(rejected.get(anchor), Some(base), "{anchor} with every change rejected");
        } else {
            assert!(
                accepted.contains_key(&format!("heading:{amended}")),
                "{anchor}: no heading {amended:?} with every change accepted"
            );
            assert!(
                rejected.contains_key(&format!("heading:{base}")),
                "{anchor}: no heading {base:?} with every change rejected"
            );
        }
    }
}

/// The text of a unit of a single Markdown file, by number (`None` if it is not there).
pub fn document_unit(path: &Path, number: &str) -> Option<String> {
    let d = sec_redline::corpus::parse_document(sec_redline::diagnostics::SourceFile::read(path).unwrap()).unwrap();
    d.units
        .iter()
        .position(|u| u.number() == Some(number))
        .map(|i| markdown_words(d.unit_text(i)))
}

/// Checks a DOCX with tools/docx-validate: the OOXML schemas and Word's tracked-change rules.
pub fn validate(docx: &Path) {
    if !tool("python3", "--version") {
        return;
    }
    let out = std::process::Command::new("python3")
        .arg(root().join("tools/docx-validate"))
        .arg(docx)
        .output()
        .expect("python3 runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if text.contains("needs lxml") {
        assert!(std::env::var("CI").is_err(), "python3-lxml is needed under CI");
        eprintln!("skipping validation: lxml is not installed");
        return;
    }
    assert!(
        out.status.success() && text.contains(": 0 problem(s)"),
        "docx-validate found problems:\n{text}"
    );
}

/// The class attribute of the annex section for a provision (`status-inserted` …).
pub fn section_class(doc: &Html, address: &str) -> String {
    let sel = Selector::parse(&format!("section[data-address='{address}']")).unwrap();
    doc.select(&sel)
        .next()
        .unwrap_or_else(|| panic!("no section for {address}"))
        .value()
        .attr("class")
        .unwrap()
        .to_string()
}

/// MP209's terminology audit as the Change Board should see it in every annex:
/// (where, the word as written, the start of why it is left unchanged).
pub const MP209_LEFT_UNCHANGED: [(&str, &str, &str); 5] = [
    ("Section F6.3", "expiry", "expiry of an SMKI Certificate"),
    ("Section F7.3", "expiry", "expiry of the Testing Services Contract"),
    ("Section F7.4", "expires", "expiry of the Testing Services Contract"),
    ("Appendix Z paragraph 7.3", "expiry", "expiry of a notice period"),
    ("Appendix Z paragraph 8.3", "expiry", "expiry of an SMKI Certificate"),
];

/// The rows of the HTML table whose header row reads `Term, Where, Word, Why`, as
/// (where, word, why), whitespace-normalised. Works on our page and on pandoc's HTML.
pub fn left_unchanged_rows(html: &str) -> Vec<(String, String, String)> {
    let doc = Html::parse_document(html);
    let tables = Selector::parse("table").unwrap();
    let rows = Selector::parse("tr").unwrap();
    let cells = Selector::parse("td, th").unwrap();
    let text = |e: ElementRef| normalise(&e.text().collect::<String>());
    for table in doc.select(&tables) {
        let mut grid = table
            .select(&rows)
            .map(|r| r.select(&cells).map(text).collect::<Vec<_>>());
        if grid.next().is_some_and(|h| h == ["Where", "Word", "Why"]) {
            return grid.map(|r| (r[0].clone(), r[1].clone(), r[2].clone())).collect();
        }
    }
    Vec::new()
}

/// Asserts `rows` are MP209's leftovers, in order.
pub fn assert_mp209_left_unchanged(rows: &[(String, String, String)]) {
    assert_eq!(rows.len(), MP209_LEFT_UNCHANGED.len(), "{rows:?}");
    for (row, (address, word, why)) in rows.iter().zip(MP209_LEFT_UNCHANGED) {
        assert_eq!((row.0.as_str(), row.1.as_str()), (address, word), "{rows:?}");
        assert!(row.2.starts_with(why), "{row:?} should say why: {why}");
    }
}

/// The top-level Markdown files of a folder, name → bytes: what a version of the Code is (the
/// history folder left out).
pub fn documents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A DOCX converted by LibreOffice (`soffice --convert-to FORMAT`) into `dir`: the path of
/// the file it wrote.
pub fn libreoffice(docx: &Path, dir: &Path, format: &str) -> PathBuf {
    let out = Command::new("soffice")
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(dir)
        .arg(docx)
        .env("HOME", dir)
        .output()
        .expect("soffice runs");
    let name = docx.file_stem().unwrap().to_string_lossy().into_owned();
    let written = dir.join(format!("{name}.{format}"));
    assert!(
        out.status.success() && written.is_file(),
        "LibreOffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    written
}

/// LibreOffice's reading of a DOCX, as flat ODF XML, written into `dir`.
pub fn libreoffice_fodt(docx: &Path, dir: &Path) -> String {
    std::fs::read_to_string(libreoffice(docx, dir, "fodt")).unwrap()
}
