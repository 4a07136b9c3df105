//! The published website, read the way its users read it: files checked with a real HTML
//! parser, `sha256sum`, unzip and docx-validate, and the site driven in Debian's chromium
//! (tests/browser/site.mjs) from a local static server. Under CI=true nothing is skipped.

mod common;

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// The repo's text folder with both example releases applied, and the site published from it.
fn published() -> (tempfile::TempDir, PathBuf) {
    let (tmp, text) = common::text_copy("sec-text");
    for r in ["releases/2022-08-adhoc.yaml", "releases/2022-11.yaml"] {
        let out = tmp.path().join("out");
        let r = common::run(
            &common::root(),
            &["release", r, "--text", &s(&text), "--out", &s(&out), "--apply"],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let site = tmp.path().join("site");
    let r = common::run(&common::root(), &["publish", "--text", &s(&text), "--out", &s(&site)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    (tmp, site)
}

/// A small history made as a user makes one, with `release --apply`: version 1.1 (r1, in
/// force 1.1.2023) substitutes words of F1.2 (MP1), inserts words in F1.4 (MP2) and changes
/// F1.1 by both; version 1.2 (r2, in force 1.6.2023) omits words of F1.3 (MP3). The browser
/// test checks the site's markers, notes, timelines, dates and compare views against it.
fn reading_history(tmp: &Path) -> PathBuf {
    let text = tmp.join("reading-text");
    let changes = tmp.join("reading-changes");
    std::fs::create_dir_all(&text).unwrap();
    std::fs::create_dir_all(&changes).unwrap();
    std::fs::write(
        text.join("section-f.md"),
        "---\ndocument: F\ntitle: Test Rules\nkind: Section\nversion: \"1.0\"\n---\n\n# Section F: Test Rules\n\n## F1 General\n\n\
         **F1.1** The DCC shall keep the list up to date.\n\n\
         **F1.2** Each Supplier shall send a notice to the DCC within ten days.\n\n\
         **F1.3** The Panel may from time to time publish guidance.\n\n\
         **F1.4** The Panel shall review the list.\n",
    )
    .unwrap();
    let change = |id: &str, title: &str, after: &str, edits: &[(&str, &str, &str)]| {
        let mut yaml = format!("modification: {id}\ntitle: {title}\ndate: 2022-12-01\n{after}changes:\n");
        for (at, old, new) in edits {
            yaml.push_str(&format!(
                "  - in: \"{at}\"\n    replace: \"{old}\"\n    with: \"{new}\"\n    expect: 1\n"
            ));
        }
        std::fs::write(changes.join(format!("{}.yaml", id.to_lowercase())), yaml).unwrap();
    };
    // (modification, title, other lines of its header, its edits: in, replace, with)
    type Edit<'a> = (&'a str, &'a str, &'a str);
    let modifications: [(&str, &str, &str, &[Edit]); 3] = [
        (
            "MP1",
            "Longer notice",
            "",
            &[
                ("F1.2", "ten days", "twenty Working Days"),
                ("F1.1", "keep", "maintain"),
            ],
        ),
        (
            "MP2",
            "Yearly review",
            // Drafted on the text as MP1 leaves it: both change F1.1.
            "after: [MP1]\n",
            &[
                ("F1.4", "review the list", "review the list every year"),
                ("F1.1", "up to date", "accurate"),
            ],
        ),
        (
            "MP3",
            "Guidance",
            "",
            &[("F1.3", "may from time to time publish", "may publish")],
        ),
    ];
    for (id, title, after, edits) in modifications {
        change(id, title, after, edits);
    }
    for (name, date, version, mods) in [
        ("r1", "2023-01-01", "1.1", "[MP1, MP2]"),
        ("r2", "2023-06-01", "1.2", "[MP3]"),
    ] {
        let release = tmp.join(format!("{name}.yaml"));
        std::fs::write(
            &release,
            format!(
                "release: {name}\ntitle: Release {name}\ndate: {date}\nversion: \"{version}\"\nmodifications: {mods}\n"
            ),
        )
        .unwrap();
        apply_with(&release, &text, &changes, &tmp.join("reading-out"));
    }
    let site = tmp.join("reading-site");
    publish_with(&text, &changes, &site);
    site
}

/// `release RELEASE --apply` with the change-sets of `changes`; it must succeed.
fn apply_with(release: &Path, text: &Path, changes: &Path, out: &Path) {
    let r = common::run(
        &common::root(),
        &[
            "release",
            &s(release),
            "--text",
            &s(text),
            "--changes",
            &s(changes),
            "--out",
            &s(out),
            "--apply",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// `publish` with the change-sets of `changes`; it must succeed.
fn publish_with(text: &Path, changes: &Path, site: &Path) {
    let r = common::run(
        &common::root(),
        &[
            "publish",
            "--text",
            &s(text),
            "--changes",
            &s(changes),
            "--out",
            &s(site),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((s(p.strip_prefix(dir).unwrap()), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn need(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found && std::env::var("CI").is_ok() {
        panic!("{tool} is needed by this test (CI=true: not skipped); .ci/run installs it");
    }
    if !found {
        eprintln!("skipped: {tool} is not installed");
    }
    found
}

#[test]
fn the_same_history_gives_the_same_site_byte_for_byte() {
    let (_a, site_a) = published();
    let (_b, site_b) = published();
    let (a, b) = (files(&site_a), files(&site_b));
    assert!(a.len() > 15);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.0, y.0);
        assert!(x.1 == y.1, "{} differs between two runs", x.0);
    }
}

#[test]
fn every_provision_and_sub_paragraph_is_anchored_and_notes_link_to_the_redline() {
    let (_tmp, site) = published();
    let page = scraper::Html::parse_document(&std::fs::read_to_string(site.join("f.html")).unwrap());
    let ids: Vec<String> = page
        .select(&scraper::Selector::parse("[id]").unwrap())
        .map(|e| e.value().id().unwrap().to_string())
        .collect();
    for want in ["F2", "F2.1", "F2.4", "F2.4(c)", "F2.1(b)(ii)"] {
        assert!(ids.iter().any(|i| i == want), "f.html has no id {want}");
    }
    let z = scraper::Html::parse_document(&std::fs::read_to_string(site.join("z.html")).unwrap());
    let note = z
        .select(&scraper::Selector::parse(r#"[id="Z:6.2"] ol.notes li i"#).unwrap())
        .next()
        .expect("Z:6.2 has an amendment note");
    let text: String = note.text().collect();
    assert_eq!(
        text,
        "Words substituted by MP209 \u{201c}Lifetime CPA Certificates\u{201d} (SEC Release 2022-08-adhoc, in force 1.8.2022)."
    );
    let href = note
        .select(&scraper::Selector::parse("a").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    let (file, anchor) = href.split_once('#').unwrap();
    let redline = std::fs::read_to_string(site.join(file)).unwrap();
    assert!(redline.contains(&format!("id=\"{anchor}\"")), "{href} names no element");
    // A past version says so, with its dates, and links to the current page.
    let old = scraper::Html::parse_document(&std::fs::read_to_string(site.join("v/1.0/z.html")).unwrap());
    let banner: String = old
        .select(&scraper::Selector::parse(".banner").unwrap())
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        banner.contains("version 1.0") && banner.contains("in force up to 31.7.2022"),
        "{banner}"
    );
}

#[test]
fn downloads_hold_each_version_byte_for_byte_with_checksums_and_valid_docx() {
    if !need("unzip") || !need("sha256sum") || !need("python3") {
        return;
    }
    let (tmp, site) = published();
    let sums = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(site.join("downloads"))
        .output()
        .unwrap();
    assert!(sums.status.success(), "{}", String::from_utf8_lossy(&sums.stdout));
    let unpacked = tmp.path().join("unzipped");
    let unzip = Command::new("unzip")
        .args(["-q", &s(&site.join("downloads/sec-1.0.zip")), "-d", &s(&unpacked)])
        .status()
        .unwrap();
    assert!(unzip.success());
    let folder = unpacked.join("sec-1.0");
    let check = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&folder)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    // Version 1.0 is the repo's text as it was before any release, byte for byte.
    for name in ["section-f.md", "appendix-z.md"] {
        assert_eq!(
            std::fs::read(folder.join("markdown").join(name)).unwrap(),
            std::fs::read(Path::new("sec-text").join(name))
                .map(|b| String::from_utf8(b)
                    .unwrap()
                    .replace("version: \"1.2\"", "version: \"1.0\"")
                    .into_bytes())
                .unwrap(),
        );
    }
    let docx = folder.join("docx/section-f.docx");
    let xml = Command::new("unzip")
        .args(["-p", &s(&docx), "word/document.xml"])
        .output()
        .unwrap();
    let xml = String::from_utf8_lossy(&xml.stdout);
    assert!(xml.contains("CPA Certificate"), "the DOCX holds the text");
    assert!(
        !xml.contains("<w:ins") && !xml.contains("<w:del"),
        "a clean DOCX has no tracked change"
    );
    // The clean text says what it is, starts on its first page and has a footer that reads.
    assert!(
        !xml.contains("changes marked"),
        "a clean DOCX marks no changes and says none"
    );
    assert!(
        xml.contains("Section F (Smart Metering System Requirements), version 1.0, in full."),
        "the clean DOCX says what it is"
    );
    assert!(
        !xml.contains("<w:pageBreakBefore/>"),
        "one document, so no page break: the first page is not blank"
    );
    let footer = Command::new("unzip")
        .args(["-p", &s(&docx), "word/footer1.xml"])
        .output()
        .unwrap();
    let footer = String::from_utf8_lossy(&footer.stdout);
    assert!(
        footer.contains(">Section F, Smart Energy Code, version 1.0 — page <"),
        "{footer}"
    );
    common::validate(&docx);
}

/// Serves `dir` on a free port with Python's static server; killed on drop.
struct Server(std::process::Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(dir: &Path) -> Server {
    let mut child = Command::new("python3")
        .args([
            "-u",
            "-m",
            "http.server",
            "0",
            "--bind",
            "127.0.0.1",
            "--directory",
            &s(dir),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
    let port = line
        .split(" port ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    Server(child, port)
}

#[test]
fn a_reader_follows_notes_anchors_search_and_versions_in_chromium() {
    if !need("node") || !need("chromium") || !need("python3") {
        return;
    }
    if !Path::new("tests/browser/node_modules/playwright-core").is_dir() {
        assert!(
            std::env::var("CI").is_err(),
            "tests/browser/node_modules is missing: .ci/run installs it with `npm ci --prefix tests/browser`"
        );
        eprintln!("skipped: run `npm ci --prefix tests/browser` first");
        return;
    }
    let (tmp, site) = published();
    // A Section whose words have ligatures, accents, "…", CJK and a table.
    let words_text = tmp.path().join("words");
    std::fs::create_dir(&words_text).unwrap();
    std::fs::copy(
        "tests/fixtures/site-words/section-f.md",
        words_text.join("section-f.md"),
    )
    .unwrap();
    let words_site = tmp.path().join("words-site");
    let r = common::run(
        &common::root(),
        &["publish", "--text", &s(&words_text), "--out", &s(&words_site)],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let reading_site = reading_history(tmp.path());
    let server = serve(&site);
    let words_server = serve(&words_site);
    let reading_server = serve(&reading_site);
    let out = Command::new("node")
        .args([
            "tests/browser/site.mjs",
            &format!("http://127.0.0.1:{}", server.1),
            &format!("http://127.0.0.1:{}", words_server.1),
            &format!("http://127.0.0.1:{}", reading_server.1),
        ])
        .output()
        .unwrap();
    eprintln!("{}", String::from_utf8_lossy(&out.stdout));
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `publish` replaces its `--out` folder as a whole, so it refuses any folder that is not a
/// new or empty one or a site it wrote before: the text folder, a folder inside it or
/// holding it, or a folder of the user's own. Each refusal leaves every file as it was.
#[test]
fn publish_never_replaces_a_folder_it_did_not_write() {
    let (tmp, site) = published();
    let text = tmp.path().join("sec-text");
    let mine = tmp.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "my own file").unwrap();
    let before_text = common::snapshot(&text);
    for out in [
        text.clone(),
        text.join("history"),
        tmp.path().to_path_buf(),
        mine.clone(),
    ] {
        let r = common::run(&common::root(), &["publish", "--text", &s(&text), "--out", &s(&out)]);
        assert_eq!(r.code, 1, "--out {}: {}", out.display(), r.stderr);
        assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    }
    assert_eq!(
        common::snapshot(&text),
        before_text,
        "the text folder and its history are untouched"
    );
    assert_eq!(std::fs::read_to_string(mine.join("notes.txt")).unwrap(), "my own file");
    // A site it wrote before is replaced, byte for byte the same.
    let first = files(&site);
    let r = common::run(&common::root(), &["publish", "--text", &s(&text), "--out", &s(&site)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(files(&site), first);
}

/// Modification titles come from the change-sets read as YAML: quotes, escapes, `#` inside
/// quotes and folded scalars come out as written.
#[test]
fn modification_titles_are_read_as_yaml() {
    let (tmp, text) = common::text_copy("sec-text");
    let changes = tmp.path().join("changes");
    std::fs::create_dir(&changes).unwrap();
    let mp209 = std::fs::read_to_string("changes/mp209.yaml").unwrap();
    let retitled = mp209.replacen(
        "title: Lifetime CPA Certificates",
        "title: >-\n  The \"Panel\"'s Fix #3:\n  Supplier's certificates",
        1,
    );
    assert_ne!(retitled, mp209);
    std::fs::write(changes.join("mp209.yaml"), retitled).unwrap();
    let release = tmp.path().join("r.yaml");
    std::fs::write(
        &release,
        "release: r1\ntitle: R1\ndate: 2022-08-01\nversion: \"1.1\"\nmodifications: [MP209]\n",
    )
    .unwrap();
    apply_with(&release, &text, &changes, &tmp.path().join("out"));
    let site = tmp.path().join("site");
    publish_with(&text, &changes, &site);
    let page = std::fs::read_to_string(site.join("f.html")).unwrap();
    let doc = scraper::Html::parse_document(&page);
    let text: String = doc.root_element().text().collect();
    assert!(
        text.contains("The \u{201c}Panel\u{201d}'s Fix #3: Supplier's certificates")
            || text.contains("The \"Panel\"'s Fix #3: Supplier's certificates"),
        "the title as written, in an amendment note"
    );
    assert!(!text.contains("\\\"Panel") && !text.contains(">-") && !text.contains("Supplier''s"));
}
