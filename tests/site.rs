//! The published website, read the way its users read it: files checked with a real HTML
//! parser, `sha256sum`, gzip, GNU patch, unzip and docx-validate, and the site driven in Debian's chromium
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

/// `publish` with the change-sets of `changes`; it must succeed (its output is returned).
fn publish_with(text: &Path, changes: &Path, site: &Path) -> common::Run {
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
    r
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
    // The compressed downloads among them (gzip with no time stamp or file name).
    assert!(
        a.iter().filter(|(p, _)| p.ends_with(".md.gz")).count() >= 6,
        "every document version's Markdown is gzip-compressed"
    );
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
    let (_tmp, site) = published();
    let downloads = site.join("downloads");
    // Every file, and each version of the Code's manifest of the files it is made of.
    for manifest in ["SHA256SUMS", "sec-1.0.sha256", "sec-1.2.sha256"] {
        let sums = Command::new("sha256sum")
            .args(["-c", manifest])
            .current_dir(&downloads)
            .output()
            .unwrap();
        assert!(sums.status.success(), "{}", String::from_utf8_lossy(&sums.stdout));
    }
    let manifest = std::fs::read_to_string(downloads.join("sec-1.0.sha256")).unwrap();
    let names: Vec<&str> = manifest.lines().map(|l| l.split_once("  ").unwrap().1).collect();
    assert_eq!(
        names,
        [
            "v/1.0/markdown/section-f.md.gz",
            "v/1.0/docx/section-f.docx",
            "v/1.0/markdown/appendix-z.md.gz",
            "v/1.0/docx/appendix-z.docx"
        ]
    );
    let folder = downloads.join("v/1.0");
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

/// `gzip -dc FILE`, by the system's gzip.
fn gunzip(file: &Path) -> Vec<u8> {
    let out = Command::new("gzip").arg("-dc").arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "gzip -dc {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The small history's downloads, read back by the system's gzip: each past document
/// version's Markdown is gzip-compressed (no time stamp, no file name: RFC 1952's header read
/// byte by byte) and unpacks to the text written out by hand in
/// tests/fixtures/site-downloads/; the current text is downloadable plain, byte for byte the
/// text folder's; the pages and the index link them, the compressed file with its size.
#[test]
fn past_markdown_is_gzip_of_the_text_and_the_current_is_plain() {
    if !need("gzip") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let site = reading_history(tmp.path());
    let fixture = |name: &str| std::fs::read(Path::new("tests/fixtures/site-downloads").join(name)).unwrap();
    let downloads = site.join("downloads");
    let gz = downloads.join("v/1.1/markdown/section-f.md.gz");
    assert_eq!(gunzip(&gz), fixture("section-f-1.1.md"), "version 1.1 of Section F");
    let header = std::fs::read(&gz).unwrap();
    assert_eq!(&header[..3], [0x1f, 0x8b, 8], "a gzip member, deflated");
    assert_eq!(header[3], 0, "no file name, comment or extra field in the header");
    assert_eq!(&header[4..8], [0, 0, 0, 0], "no time stamp");
    // The current text: plain, and the same bytes as the text folder's.
    let plain = std::fs::read(downloads.join("markdown/section-f.md")).unwrap();
    assert_eq!(plain, fixture("section-f-1.2.md"), "version 1.2 of Section F, plain");
    assert_eq!(
        plain,
        std::fs::read(tmp.path().join("reading-text/section-f.md")).unwrap()
    );
    assert_eq!(
        gunzip(&downloads.join("v/1.2/markdown/section-f.md.gz")),
        plain,
        "the current version is also in its folder, compressed"
    );
    // No document version's Markdown stands plain in v/.
    let plain_in_v: Vec<String> = files(&downloads.join("v"))
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.ends_with(".md"))
        .collect();
    assert!(plain_in_v.is_empty(), "{plain_in_v:?}");
    // Each page links its text: a past one the compressed file, saying so and its size (a
    // few hundred bytes here, so the exact number); the current one the plain file.
    let link = |page: &str| -> (String, String, String) {
        let doc = scraper::Html::parse_document(&std::fs::read_to_string(site.join(page)).unwrap());
        let p = doc
            .select(&scraper::Selector::parse("p.downloads").unwrap())
            .next()
            .unwrap_or_else(|| panic!("{page} offers its downloads"));
        let a = p.select(&scraper::Selector::parse("a").unwrap()).next().unwrap();
        (
            a.value().attr("href").unwrap().to_string(),
            a.text().collect(),
            p.text().collect(),
        )
    };
    let gz_len = std::fs::metadata(&gz).unwrap().len();
    assert!(gz_len < 1000, "a small file: {gz_len} bytes");
    let (href, name, said) = link("v/1.1/f.html");
    assert_eq!(href, "../../downloads/v/1.1/markdown/section-f.md.gz");
    assert_eq!(name, "Markdown, gzip-compressed");
    assert!(said.contains(&format!("({gz_len} bytes;")), "{said}");
    for (page, want) in [
        ("f.html", "downloads/markdown/section-f.md"),
        ("v/1.2/f.html", "../../downloads/markdown/section-f.md"),
    ] {
        let (href, name, said) = link(page);
        assert_eq!((href.as_str(), name.as_str()), (want, "Markdown"), "{page}");
        assert!(said.contains(&format!("({} bytes)", plain.len())), "{page}: {said}");
    }
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains(r#"href="downloads/markdown/section-f.md""#),
        "the index links the current text"
    );
}

/// Every compressed download of the repo's history (three versions, two documents), unpacked
/// by the system's gzip, is the text `text --as-at` writes for its version, the text the
/// history's reverse patches give when GNU `patch` applies them to the current text, and
/// the digest the history's record holds; the plain downloads are the current text folder;
/// and `sha256sum -c` passes over every list, the texts' lists after `gzip -dk`.
#[test]
fn compressed_downloads_are_each_versions_text_as_the_history_reads() {
    if !need("gzip") || !need("patch") || !need("sha256sum") {
        return;
    }
    let (tmp, site) = published();
    let text = tmp.path().join("sec-text");
    let downloads = site.join("downloads");
    let documents = ["appendix-z.md", "section-f.md"];
    // The current text, then each version back, by the history's patches (newest first).
    let by_patch = tmp.path().join("by-patch");
    std::fs::create_dir(&by_patch).unwrap();
    for d in documents {
        std::fs::copy(text.join(d), by_patch.join(d)).unwrap();
    }
    let mut compared = 0;
    for (version, day, later) in [
        ("1.2", "2022-11-03", None),
        ("1.1", "2022-08-01", Some("1.2")),
        ("1.0", "2022-07-31", Some("1.1")),
    ] {
        if let Some(later) = later {
            for d in documents {
                let patch = text.join(format!("history/{later}/{d}.patch"));
                if patch.exists() {
                    let ok = Command::new("patch")
                        .args(["--quiet", "--no-backup-if-mismatch", &s(&by_patch.join(d)), &s(&patch)])
                        .status()
                        .unwrap();
                    assert!(ok.success(), "patch {}", patch.display());
                }
            }
        }
        let as_at = tmp.path().join(format!("as-at-{version}"));
        let r = common::run(
            &common::root(),
            &["text", "--as-at", day, "--text", &s(&text), "--out", &s(&as_at)],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let record = std::fs::read_to_string(text.join(format!("history/{version}/version.yaml"))).unwrap();
        let folder = downloads.join(format!("v/{version}/markdown"));
        for d in documents {
            let gz = folder.join(format!("{d}.gz"));
            if !gz.exists() {
                continue;
            }
            let unpacked = gunzip(&gz);
            assert!(
                unpacked == std::fs::read(as_at.join(d)).unwrap(),
                "v/{version}/markdown/{d}.gz is not the text of `text --as-at {day}`"
            );
            assert!(
                unpacked == std::fs::read(by_patch.join(d)).unwrap(),
                "v/{version}/markdown/{d}.gz is not the text the history's patches give"
            );
            let digest = Command::new("sh")
                .arg("-c")
                .arg(format!("gzip -dc '{}' | sha256sum", gz.display()))
                .output()
                .unwrap();
            let digest = String::from_utf8(digest.stdout).unwrap();
            let digest = digest.split_whitespace().next().unwrap();
            assert!(
                record.contains(&format!("\"{d}\": sha256:{digest}")),
                "the record of {version} holds the digest of {d}'s text"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 6, "every document in each of its versions");
    for d in documents {
        assert!(
            std::fs::read(downloads.join("markdown").join(d)).unwrap() == std::fs::read(text.join(d)).unwrap(),
            "downloads/markdown/{d} is the current text"
        );
    }
    let plain: Vec<String> = files(&downloads.join("markdown")).into_iter().map(|(p, _)| p).collect();
    assert_eq!(plain, documents, "one plain file per current document");
    // Every list: as published, then each version's list of texts over its texts unpacked.
    let mut lists: Vec<PathBuf> = vec![downloads.join("SHA256SUMS")];
    lists.extend(
        files(&downloads)
            .into_iter()
            .filter(|(p, _)| p.ends_with(".sha256"))
            .map(|(p, _)| downloads.join(p)),
    );
    assert_eq!(
        lists.len(),
        1 + 3 + 3,
        "SHA256SUMS, a manifest and a list of texts per version"
    );
    for list in &lists {
        let dir = list.parent().unwrap();
        if list.ends_with("text.sha256") {
            let ok = Command::new("sh")
                .arg("-c")
                .arg("gzip -dk *.md.gz")
                .current_dir(dir)
                .status()
                .unwrap();
            assert!(ok.success());
        }
        let sums = Command::new("sha256sum")
            .args(["-c", "--strict", &s(list)])
            .current_dir(if list.ends_with("text.sha256") { dir } else { &downloads })
            .output()
            .unwrap();
        assert!(
            sums.status.success(),
            "{}: {}",
            list.display(),
            String::from_utf8_lossy(&sums.stdout)
        );
    }
}

/// The clean DOCX as a Word-compatible reader sees it: pandoc reads the same text whether
/// it accepts or rejects tracked changes (there are none), and the first lines say what the
/// file is, with no blank page and no "changes marked". The expected lines are written by
/// hand from the repo's Section F.
#[test]
fn the_clean_docx_reads_in_pandoc_as_the_document_in_full() {
    if !need("pandoc") {
        return;
    }
    let (_tmp, site) = published();
    let docx = site.join("downloads/v/1.0/docx/section-f.docx");
    let read = |changes: &str| {
        let out = Command::new("pandoc")
            .args([
                "-t",
                "plain",
                "--wrap=none",
                &format!("--track-changes={changes}"),
                &s(&docx),
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let accepted = read("accept");
    assert_eq!(accepted, read("reject"), "a clean DOCX has no tracked change");
    let lines: Vec<&str> = accepted.lines().filter(|l| !l.trim().is_empty()).take(4).collect();
    assert_eq!(
        lines,
        [
            "Section F: Smart Metering System Requirements",
            "Section F (Smart Metering System Requirements), version 1.0, in full.",
            "F1 Definitions and Interpretation",
            "F1.1 In this Section F, unless the context otherwise requires, expressions defined elsewhere in this Code have the meanings given to them there, and the following expressions have the meanings set out below:",
        ]
    );
    assert!(
        !accepted.contains("changes marked"),
        "a clean copy says no change is marked"
    );
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

/// The website's redline of a release says what the `release` command's says of it: the
/// changes the release made (not "would make"), its modifications, the date in words.
/// The expected sentence is written out by hand.
#[test]
fn the_sites_release_redline_has_the_release_commands_cover() {
    let (tmp, site) = published();
    let page = std::fs::read_to_string(site.join("releases/2022-08-adhoc/annex.html")).unwrap();
    let doc = scraper::Html::parse_document(&page);
    let header: String = doc
        .select(&scraper::Selector::parse("header").unwrap())
        .flat_map(|h| h.text())
        .collect();
    let header = common::normalise(&header);
    assert!(
        header.contains(
            "This document sets out every change that SEC Release 2022-08-adhoc makes to the Smart Energy Code, in force from 1 August 2022: Modifications MP209 \u{2018}Lifetime CPA Certificates\u{2019} and MP300 \u{2018}CPA Certificate reminders\u{2019}, applied in that order"
        ),
        "{header}"
    );
    assert!(!header.contains("would make"), "{header}");
    drop(tmp);
}

/// A release's redline is prepared by its modifications' authors, each once, in the order
/// the release applies them: the `release` command's annex and the website's say the same
/// (the website once said "MP209, MP300", the ids). The expected author is written by hand.
#[test]
fn the_sites_release_redline_is_prepared_by_the_modifications_authors() {
    let (tmp, text) = common::text_copy("sec-text");
    let changes = tmp.path().join("changes");
    std::fs::create_dir(&changes).unwrap();
    for name in ["mp209.yaml", "mp300.yaml"] {
        let set = std::fs::read_to_string(Path::new("changes").join(name)).unwrap();
        let set = if name == "mp300.yaml" {
            set.replacen("author: SECAS", "author: Ofgem Licensing", 1)
        } else {
            set
        };
        std::fs::write(changes.join(name), set).unwrap();
    }
    let release = tmp.path().join("r.yaml");
    std::fs::write(
        &release,
        "release: r1\ntitle: R1\ndate: 2022-08-01\nversion: \"1.1\"\nmodifications: [MP209, MP300]\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    apply_with(&release, &text, &changes, &out);
    let site = tmp.path().join("site");
    publish_with(&text, &changes, &site);
    let prepared_by = |page: &Path| {
        let doc = scraper::Html::parse_document(&std::fs::read_to_string(page).unwrap());
        let dt = scraper::Selector::parse("dt").unwrap();
        let by: Vec<String> = doc
            .select(&dt)
            .filter(|dt| dt.text().collect::<String>() == "Prepared by")
            .filter_map(|dt| dt.next_siblings().find_map(scraper::ElementRef::wrap))
            .map(|dd| dd.text().collect())
            .collect();
        by
    };
    let expected = vec!["SECAS, Ofgem Licensing".to_string()];
    assert_eq!(
        prepared_by(&out.join("r1/annex.html")),
        expected,
        "the release command's annex"
    );
    assert_eq!(
        prepared_by(&site.join("releases/r1/annex.html")),
        expected,
        "the website's redline"
    );
}

/// The words of a page's `main` as a reader sees them, read by an HTML parser, without the
/// amendment markers (`[F1`, `]`) that stand around changed words; spaces collapsed.
fn words_of(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let main = doc
        .select(&scraper::Selector::parse("main").unwrap())
        .next()
        .expect("a main");
    let marker = |e: &scraper::node::Element| {
        let cs = scraper::CaseSensitivity::CaseSensitive;
        e.has_class("marker", cs) || e.has_class("marker-end", cs)
    };
    let mut out = String::new();
    for node in main.descendants() {
        if let Some(t) = node.value().as_text()
            && !node.ancestors().any(|a| a.value().as_element().is_some_and(marker))
        {
            out.push_str(t);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A small history made with `release --apply` from the repo's text, each release changing
/// one document: 1.1 changes Section F, 1.2 Appendix Z, 1.3 Section F again (`releases` of
/// them applied). Returns the text folder and the change-sets' folder.
fn small_history(tmp: &Path, releases: usize) -> (PathBuf, PathBuf) {
    let text = tmp.join("sec-text");
    if !text.exists() {
        let copy = Command::new("cp").args(["-r", "sec-text", &s(&text)]).status().unwrap();
        assert!(copy.success());
        let _ = std::fs::remove_dir_all(text.join("history"));
    }
    let changes = tmp.join("changes");
    std::fs::create_dir_all(&changes).unwrap();
    let made = [
        (
            "1.1",
            "2031-01-01",
            "F2.2",
            "shall publish the CPL",
            "shall publish the whole CPL",
        ),
        (
            "1.2",
            "2031-06-01",
            "Z:1.1",
            "This Appendix is",
            "This Appendix is, and remains,",
        ),
        ("1.3", "2032-01-01", "F2.2", "the whole CPL", "the complete CPL"),
    ];
    let applied = std::fs::read_dir(text.join("history")).map_or(0, |d| d.count().saturating_sub(1));
    for (n, (version, date, provision, old, new)) in made.iter().enumerate().take(releases).skip(applied) {
        let id = format!("T{}", n + 1);
        std::fs::write(
            changes.join(format!("{id}.yaml")),
            format!(
                "modification: {id}\ntitle: Test {id}\nauthor: Test\ndate: 2030-01-01\nchanges:\n  - in: \"{provision}\"\n    replace: {old}\n    with: {new}\n    expect: 1\n"
            ),
        )
        .unwrap();
        let release = tmp.join(format!("r{version}.yaml"));
        std::fs::write(
            &release,
            format!(
                "release: r{version}\ntitle: R{version}\ndate: {date}\nversion: \"{version}\"\nmodifications: [{id}]\n"
            ),
        )
        .unwrap();
        apply_with(&release, &text, &changes, &tmp.join("out"));
    }
    (text, changes)
}

/// Every file's bytes and modification time.
fn stamped(dir: &Path) -> std::collections::BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    files(dir)
        .into_iter()
        .map(|(p, b)| {
            let t = std::fs::metadata(dir.join(&p)).unwrap().modified().unwrap();
            (p, (b, t))
        })
        .collect()
}

/// Pages are written per document version: in a version of the Code that did not change a
/// document, its page only leads to the version then in force; the log page says which
/// version of each document each version of the Code holds (hand-written expectations).
#[test]
fn pages_exist_per_document_version_and_the_log_says_which_was_in_force() {
    let tmp = tempfile::tempdir().unwrap();
    let (text, changes) = small_history(tmp.path(), 3);
    let site = tmp.path().join("site");
    publish_with(&text, &changes, &site);
    let read = |p: &str| std::fs::read_to_string(site.join(p)).unwrap();
    // Real pages: F in 1.0, 1.1, 1.3; Z in 1.0, 1.2. The others lead there.
    for (page, real) in [
        ("v/1.0/f.html", None),
        ("v/1.1/f.html", None),
        ("v/1.2/f.html", Some("../1.1/f.html")),
        ("v/1.3/f.html", None),
        ("v/1.0/z.html", None),
        ("v/1.1/z.html", Some("../1.0/z.html")),
        ("v/1.2/z.html", None),
        ("v/1.3/z.html", Some("../1.2/z.html")),
    ] {
        let html = read(page);
        let doc = scraper::Html::parse_document(&html);
        let refresh = doc
            .select(&scraper::Selector::parse(r#"meta[http-equiv="refresh"]"#).unwrap())
            .next()
            .map(|m| m.value().attr("content").unwrap().to_string());
        match real {
            None => {
                assert!(refresh.is_none(), "{page} is a document version's page");
                assert!(
                    doc.select(&scraper::Selector::parse("main h1").unwrap())
                        .next()
                        .is_some()
                );
            }
            Some(target) => {
                assert_eq!(refresh.as_deref(), Some(format!("0; url={target}").as_str()), "{page}");
                assert!(html.len() < 1000, "{page} is small: {} bytes", html.len());
            }
        }
    }
    // The words of each document version, as written by the test's releases.
    assert!(words_of(&read("v/1.1/f.html")).contains("shall publish the whole CPL"));
    assert!(words_of(&read("v/1.3/f.html")).contains("shall publish the complete CPL"));
    assert!(words_of(&read("f.html")).contains("shall publish the complete CPL"));
    assert!(words_of(&read("v/1.2/z.html")).contains("This Appendix is, and remains,"));
    // A superseded version says until when; the one in force has no banner.
    let banner = |p: &str| -> Option<String> {
        scraper::Html::parse_document(&read(p))
            .select(&scraper::Selector::parse(".banner").unwrap())
            .next()
            .map(|b| b.text().collect())
    };
    let f11 = banner("v/1.1/f.html").expect("F 1.1 is superseded");
    assert!(
        f11.contains("versions 1.1 to 1.2 of the Code") && f11.contains("from 1.1.2031 to 31.12.2031"),
        "{f11}"
    );
    assert!(banner("v/1.2/z.html").is_none() && banner("z.html").is_none());
    // The log: per version of the Code, each document's version, since when, and whether
    // that release changed it.
    let log = scraper::Html::parse_document(&read("log.html"));
    let tables: Vec<Vec<Vec<String>>> = log
        .select(&scraper::Selector::parse("table.log").unwrap())
        .map(|t| {
            t.select(&scraper::Selector::parse("tbody tr").unwrap())
                .map(|r| {
                    r.select(&scraper::Selector::parse("th, td").unwrap())
                        .map(|c| {
                            c.text()
                                .collect::<String>()
                                .trim()
                                .replace(" of Section F", "")
                                .replace(" of Appendix Z", "")
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let row = |a: &str, b: &str, c: &str, d: &str| vec![a.to_string(), b.to_string(), c.to_string(), d.to_string()];
    assert_eq!(
        tables,
        vec![
            // 1.3, newest first.
            vec![
                row("Section F", "1.3", "1.1.2032", "changed"),
                row("Appendix Z", "1.2", "1.6.2031", "—")
            ],
            vec![
                row("Section F", "1.1", "1.1.2031", "—"),
                row("Appendix Z", "1.2", "1.6.2031", "changed")
            ],
            vec![
                row("Section F", "1.1", "1.1.2031", "changed"),
                row("Appendix Z", "1.0", "base version", "—")
            ],
            vec![
                row("Section F", "1.0", "base version", "—"),
                row("Appendix Z", "1.0", "base version", "—")
            ],
        ]
    );
    let links: Vec<&str> = log
        .select(&scraper::Selector::parse("table.log a").unwrap())
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        links,
        [
            "v/1.3/f.html",
            "v/1.2/z.html",
            "v/1.1/f.html",
            "v/1.2/z.html",
            "v/1.1/f.html",
            "v/1.0/z.html",
            "v/1.0/f.html",
            "v/1.0/z.html"
        ]
    );
    // Downloads: one file per document version, whatever the number of versions.
    let docx: Vec<String> = files(&site.join("downloads"))
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.ends_with(".docx"))
        .collect();
    assert_eq!(
        docx,
        [
            "v/1.0/docx/appendix-z.docx",
            "v/1.0/docx/section-f.docx",
            "v/1.1/docx/section-f.docx",
            "v/1.2/docx/appendix-z.docx",
            "v/1.3/docx/section-f.docx"
        ]
    );
}

/// Publishing into the site of the history before one more release writes only what that
/// release added or changed: every page of a past document version keeps its bytes and its
/// time; and the site is byte for byte the one a publish into an empty folder writes.
#[test]
fn publishing_one_more_release_keeps_past_pages_and_equals_a_full_publish() {
    let tmp = tempfile::tempdir().unwrap();
    let (text, changes) = small_history(tmp.path(), 2);
    let site = tmp.path().join("site");
    publish_with(&text, &changes, &site);
    let before = stamped(&site);
    std::thread::sleep(std::time::Duration::from_millis(20));
    small_history(tmp.path(), 3);
    publish_with(&text, &changes, &site);
    let after = stamped(&site);
    // Past document versions (F 1.0, Z 1.0), Z 1.2 still in force, the pages of versions of
    // the Code that did not change a document, the earlier releases' redlines and downloads.
    for kept in [
        "v/1.0/z.html",
        "v/1.2/z.html",
        "z.html",
        "v/1.1/z.html",
        "v/1.2/f.html",
        "releases/r1.1/annex.html",
        "releases/r1.2/annex.html",
        "downloads/v/1.0/docx/section-f.docx",
        "downloads/v/1.1/docx/section-f.docx",
        "downloads/v/1.2/markdown/appendix-z.md.gz",
        "downloads/v/1.1/markdown/section-f.md.gz",
        "downloads/v/1.1/markdown/text.sha256",
        "downloads/markdown/appendix-z.md",
        "downloads/sec-1.1.sha256",
    ] {
        assert!(after[kept] == before[kept], "{kept} was written again");
    }
    // What the release changed: F 1.1 is superseded now, F 1.3 is new, the index pages.
    // F 1.0 too: its notes of later changes now name 1.3.
    for new in [
        "v/1.0/f.html",
        "v/1.1/f.html",
        "f.html",
        "index.html",
        "log.html",
        ".sec-redline-site",
        "downloads/markdown/section-f.md",
        "downloads/SHA256SUMS",
    ] {
        assert!(after[new] != before[new], "{new} is unchanged");
    }
    for added in [
        "v/1.3/f.html",
        "v/1.3/z.html",
        "releases/r1.3/annex.html",
        "downloads/v/1.3/docx/section-f.docx",
        "downloads/v/1.3/markdown/section-f.md.gz",
        "downloads/v/1.3/markdown/text.sha256",
    ] {
        assert!(!before.contains_key(added) && after.contains_key(added), "{added}");
    }
    let full = tmp.path().join("full");
    publish_with(&text, &changes, &full);
    assert!(
        files(&site) == files(&full),
        "the incremental site differs from a full publish"
    );
}

/// Publishing the same history into its own site makes every file again but writes none:
/// each comes out with the bytes the old site holds, so it stays the old file (its inode
/// and time); a file edited by hand among them is written fresh.
#[test]
fn publishing_the_same_history_again_writes_no_file_and_mends_an_edited_one() {
    use std::os::unix::fs::MetadataExt;
    let tmp = tempfile::tempdir().unwrap();
    let (text, changes) = small_history(tmp.path(), 2);
    let site = tmp.path().join("site");
    publish_with(&text, &changes, &site);
    let inodes = |dir: &Path| -> std::collections::BTreeMap<String, u64> {
        files(dir)
            .into_iter()
            .map(|(p, _)| {
                let ino = std::fs::metadata(dir.join(&p)).unwrap().ino();
                (p, ino)
            })
            .collect()
    };
    let before = inodes(&site);
    let bytes = files(&site);
    // The search index is always made again: a hand-edited shard is not the old bytes.
    let edited = before
        .keys()
        .find(|p| p.starts_with("assets/search/c-"))
        .expect("the site has a search entry file")
        .clone();
    std::fs::write(site.join(&edited), "edited by hand\n").unwrap();
    let r = publish_with(&text, &changes, &site);
    assert!(r.stdout.contains("(1 files)"), "one file written: {}", r.stdout);
    let after = inodes(&site);
    assert_eq!(before.len(), after.len());
    for (path, ino) in &before {
        if *path == edited {
            assert_ne!(after[path], *ino, "{path} was edited and must be written fresh");
        } else {
            assert_eq!(after[path], *ino, "{path} was written again");
        }
    }
    assert!(files(&site) == bytes, "the site is not the one published before");
}

/// A site made from another history (here: the same versions, but the last release
/// different) is not reused: it is written again in full, as into an empty folder.
#[test]
fn a_site_of_another_history_is_written_again_in_full() {
    let tmp = tempfile::tempdir().unwrap();
    let (text, changes) = small_history(tmp.path(), 3);
    let site = tmp.path().join("site");
    publish_with(&text, &changes, &site);
    let other_tmp = tempfile::tempdir().unwrap();
    let (other, other_changes) = small_history(other_tmp.path(), 2);
    // 1.3 changes Appendix Z instead of Section F.
    std::fs::write(
        other_changes.join("T3.yaml"),
        "modification: T3\ntitle: Test T3\nauthor: Test\ndate: 2030-01-01\nchanges:\n  - in: \"Z:1.1\"\n    replace: and remains\n    with: and stays\n    expect: 1\n",
    )
    .unwrap();
    let release = other_tmp.path().join("r1.3.yaml");
    std::fs::write(
        &release,
        "release: r1.3\ntitle: R1.3\ndate: 2032-01-01\nversion: \"1.3\"\nmodifications: [T3]\n",
    )
    .unwrap();
    apply_with(&release, &other, &other_changes, &other_tmp.path().join("out"));
    publish_with(&other, &other_changes, &site);
    let full = other_tmp.path().join("full");
    publish_with(&other, &other_changes, &full);
    assert!(files(&site) == files(&full), "the site was not written again in full");
    assert!(words_of(&std::fs::read_to_string(site.join("v/1.3/z.html")).unwrap()).contains("and stays"));
    assert!(!site.join("downloads/v/1.3/docx/section-f.docx").exists());
}

/// A publish killed at any moment leaves the old site or the new one, never a mix: the
/// site is made beside the old one and renamed into place.
#[test]
fn a_publish_killed_part_way_leaves_the_old_site_or_the_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let (text, changes) = small_history(tmp.path(), 2);
    let site = tmp.path().join("site");
    publish_with(&text, &changes, &site);
    let old = files(&site);
    small_history(tmp.path(), 3);
    let full = tmp.path().join("full");
    publish_with(&text, &changes, &full);
    let new = files(&full);
    let bin = env!("CARGO_BIN_EXE_sec-redline");
    let mut saw_old = false;
    for delay in [5u64, 20, 50, 100, 200, 400, 800] {
        let mut child = Command::new(bin)
            .args([
                "publish",
                "--text",
                &s(&text),
                "--changes",
                &s(&changes),
                "--out",
                &s(&site),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let now = files(&site);
        assert!(
            now == old || now == new,
            "killed after {delay} ms: the site is neither the old one nor the new"
        );
        saw_old |= now == old;
        if now == new {
            break;
        }
    }
    assert!(saw_old, "no kill landed before the end: the test proves nothing");
    // The next publish clears what the killed one left and finishes the site.
    publish_with(&text, &changes, &site);
    assert!(files(&site) == new);
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".site."))
        .collect();
    assert!(left.is_empty(), "leftovers: {left:?}");
}

/// What `publish` reads of an old site — its marker and the files it keeps — damaged: a
/// marker edited by hand, a kept page deleted. Neither is trusted: the site is written
/// again in full, byte for byte a publish into an empty folder.
#[test]
fn a_damaged_old_site_is_written_again_in_full() {
    let tmp = tempfile::tempdir().unwrap();
    let (text, changes) = small_history(tmp.path(), 3);
    let full = tmp.path().join("full");
    publish_with(&text, &changes, &full);
    let want = files(&full);
    let site = tmp.path().join("site");
    type Damage = fn(&Path);
    let damages: [(&str, Damage); 3] = [
        ("a kept page removed", |site| {
            std::fs::remove_file(site.join("v/1.0/f.html")).unwrap()
        }),
        ("a kept download removed", |site| {
            std::fs::remove_file(site.join("downloads/v/1.0/docx/section-f.docx")).unwrap()
        }),
        ("the marker edited", |site| {
            let marker = std::fs::read_to_string(site.join(".sec-redline-site")).unwrap();
            std::fs::write(
                site.join(".sec-redline-site"),
                marker.replacen("version 1.1 ", "version 1.1 0", 1),
            )
            .unwrap();
            std::fs::write(site.join("v/1.0/f.html"), "stale").unwrap();
        }),
    ];
    for (what, damage) in damages {
        let _ = std::fs::remove_dir_all(&site);
        publish_with(&text, &changes, &site);
        damage(&site);
        publish_with(&text, &changes, &site);
        assert!(files(&site) == want, "{what}: the site is not the full one");
    }
}
