//! `sec-redline from-word`: redlines made by another writer (tests/word/redline.py adds
//! `w:ins`/`w:del` to the published clean DOCX by hand, as a reviewer in Word would) become
//! change-sets that `check` accepts, whose annex reads as the redline does with every change
//! accepted and with every change rejected (pandoc's reading of both DOCX files).

mod common;

use common::{normalise, root, run, tool};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The clean DOCX `publish` writes of Appendix Z, in `dir`.
fn clean_appendix_z(dir: &Path) -> PathBuf {
    clean_docx(dir, "appendix-z")
}

/// The clean DOCX `publish` writes of the document `name` (`section-f`), in `dir`.
fn clean_docx(dir: &Path, name: &str) -> PathBuf {
    let site = dir.join("site");
    if !site.exists() {
        let r = run(
            &root(),
            &[
                "publish",
                "--out",
                site.to_str().unwrap(),
                "--changes",
                root().join("changes").to_str().unwrap(),
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let b = std::fs::read(site.join(format!("downloads/v/1.0/docx/{name}.docx"))).unwrap();
    let path = dir.join(format!("{name}.docx"));
    std::fs::write(&path, b).unwrap();
    path
}

/// The clean DOCX with `edits` (tests/word/redline.py's JSON) made by hand.
fn redline(clean: &Path, edits: &str, name: &str) -> PathBuf {
    let dir = clean.parent().unwrap();
    let json = dir.join(format!("{name}.json"));
    std::fs::write(&json, edits).unwrap();
    let out = dir.join(format!("{name}.docx"));
    let r = Command::new("python3")
        .arg(root().join("tests/word/redline.py"))
        .args([clean, &out, &json])
        .output()
        .expect("python3 runs");
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    out
}

/// pandoc's words of Appendix Z in a DOCX, every change accepted or rejected: what follows
/// its heading and the line under it (the annex's own pages before it are left out).
fn appendix_z_words(docx: &Path, mode: &str) -> String {
    document_words(docx, mode, APPENDIX_Z)
}

const APPENDIX_Z: &str = "Appendix Z: CPL Requirements Document";

/// pandoc's words of the document headed `heading` in a DOCX, every change accepted or
/// rejected: what follows its heading and the line under it.
fn document_words(docx: &Path, mode: &str, heading: &str) -> String {
    let out = Command::new("pandoc")
        .args([&format!("--track-changes={mode}"), "-f", "docx", "-t", "json"])
        .arg(docx)
        .output()
        .expect("pandoc runs");
    assert!(out.status.success());
    let ast: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let blocks = ast["blocks"].as_array().unwrap();
    let at = blocks
        .iter()
        .position(|b| {
            let mut t = String::new();
            common::pandoc_ast::words(b, &mut t);
            b["t"] == "Header" && normalise(&t) == heading
        })
        .unwrap_or_else(|| panic!("the heading {heading:?}"));
    let mut text = String::new();
    for b in &blocks[at + 2..] {
        common::pandoc_ast::words(b, &mut text);
    }
    normalise(&text)
}

const EDITS: &str = r#"[
 {"replace": "three months", "with": "six months", "author": "Jane Drafter", "date": "2026-01-05T10:00:00Z"},
 {"replace": "seven years", "with": "ten years", "author": "Jane Drafter", "date": "2026-01-05T10:00:00Z"},
 {"replace": "the fields that each entry", "with": "the fields that every entry", "author": "Jane Drafter", "date": "2026-01-05T10:00:00Z"},
 {"replace": "Where there is any inconsistency between this Appendix and Section F, Section F shall prevail in accordance with Section F1.4.", "with": "Section F prevails over this Appendix.", "author": "Bob Reviewer", "date": "2026-01-06T09:30:00Z"},
 {"delete_paragraph": "3.4", "author": "Bob Reviewer", "date": "2026-01-06T09:30:00Z"},
 {"insert_after_paragraph": "3.3", "text": "3.3A\tThe DCC shall publish a summary of each change to the CPL.", "author": "Bob Reviewer", "date": "2026-01-06T09:30:00Z"}
]"#;

#[test]
fn a_hand_made_redline_becomes_a_change_set_whose_annex_reads_as_the_redline() {
    if !tool("python3", "--version") || !tool("pandoc", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let clean = clean_appendix_z(dir.path());
    let red = redline(&clean, EDITS, "mp400-redline");
    let yaml = dir.path().join("changes/mp400.yaml");
    let r = run(
        &root(),
        &[
            "from-word",
            red.to_str().unwrap(),
            "--out",
            yaml.to_str().unwrap(),
            "--modification",
            "MP400",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("MP400: 6 changes from 14 tracked change(s)"),
        "{}",
        r.stdout
    );
    let set = std::fs::read_to_string(&yaml).unwrap();
    // The smallest changes: words within a provision, a rewrite where most changed, a new
    // and a deleted provision; each with who made it in Word.
    for expected in [
        "author: \"Bob Reviewer\"\ndate: 2026-01-06\n",
        "  # tracked change by Jane Drafter (2026-01-05)\n  - in: \"Z:6.2\"\n    replace: \"three\"\n    with: \"six\"\n    expect: 1\n",
        "  - in: \"Z:3.3\"\n    replace: \"seven\"\n    with: \"ten\"\n    expect: 1\n",
        "  - in: \"Z:1.2\"\n    replace: \"each\"\n    with: \"every\"\n    expect: 1\n",
        "  # tracked change by Bob Reviewer (2026-01-06)\n  - rewrite: \"Z:1.3\"\n    text: |\n      **1.3** Section F prevails over this Appendix.\n",
        "  - delete: \"Z:3.4\"\n    leave: \"nothing\"\n",
        "  - insert_after: \"Z:3.3\"\n    text: |\n      **3.3A** The DCC shall publish a summary of each change to the CPL.\n",
    ] {
        assert!(set.contains(expected), "missing {expected:?} in\n{set}");
    }
    let annex = build_full(&yaml, &dir.path().join("out"), "MP400");
    assert_reads_as(&annex, &red, APPENDIX_Z);
    assert_ne!(appendix_z_words(&red, "accept"), appendix_z_words(&red, "reject"));
    common::validate(&annex);
}

#[test]
fn a_redline_over_other_text_is_an_error_naming_the_first_paragraph_that_differs() {
    if !tool("python3", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let clean = clean_appendix_z(dir.path());
    let red = redline(
        &clean,
        r#"[
         {"untracked_replace": "seven years", "with": "eight years"},
         {"replace": "three months", "with": "six months", "author": "Jane Drafter", "date": "2026-01-05T10:00:00Z"}
        ]"#,
        "other",
    );
    let yaml = dir.path().join("changes/other.yaml");
    let r = run(
        &root(),
        &["from-word", red.to_str().unwrap(), "--out", yaml.to_str().unwrap()],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "other.docx: error: paragraph 21 (\"The DCC shall retain each superseded version of…\"), with every tracked change rejected, is not the text of Appendix Z provision 3.3 (sec-text/appendix-z.md:49): "
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(": it reads \"eight years and shall provide a copy of…\" where the text reads \"seven years and shall provide a copy of…\""),
        "{}",
        r.stderr
    );
    assert!(!yaml.exists() && !yaml.parent().unwrap().exists(), "nothing is written");
}

/// A LibreOffice Basic macro that opens a DOCX, turns on LibreOffice's own change tracking
/// (`RecordChanges`), replaces words with its search-and-replace (each pair, everywhere),
/// and saves it as DOCX.
fn redline_macro(replacements: &[(&str, &str)]) -> String {
    let mut replaces = String::new();
    for (from, to) in replacements {
        replaces.push_str(&format!(
            "  rd.SearchString = &quot;{from}&quot;\n  rd.ReplaceString = &quot;{to}&quot;\n  doc.replaceAll(rd)\n"
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Redline(src As String, dst As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), &quot;_blank&quot;, 0, args())
  doc.RecordChanges = True
  rd = doc.createReplaceDescriptor()
{replaces}  Dim out(0) As New com.sun.star.beans.PropertyValue
  out(0).Name = &quot;FilterName&quot;
  out(0).Value = &quot;MS Word 2007 XML&quot;
  doc.storeToURL(ConvertToURL(dst), out())
  doc.close(True)
End Sub
</script:module>
"#
    )
}

/// `clean` with `replacements` made by LibreOffice with its change tracking on, as `name`.docx.
fn libreoffice_redline(dir: &Path, clean: &Path, replacements: &[(&str, &str)], name: &str) -> PathBuf {
    // A profile of LibreOffice's own, holding the macro. LibreOffice settles a new profile
    // over its first two runs (the second restores the Basic libraries the first wrote), so
    // the macro is written after two.
    let home = dir.join(format!("home-{name}"));
    for _ in 0..2 {
        let first = Command::new("soffice")
            .args(["--headless", "--convert-to", "txt", "--outdir"])
            .arg(dir.join("first-runs"))
            .arg(clean)
            .env("HOME", &home)
            .output()
            .unwrap();
        assert!(first.status.success());
    }
    let module = home.join(".config/libreoffice/4/user/basic/Standard/Module1.xba");
    assert!(module.is_file(), "LibreOffice made its profile");
    std::fs::write(&module, redline_macro(replacements)).unwrap();
    let red = dir.join(format!("{name}.docx"));
    let r = Command::new("soffice")
        .arg("--headless")
        .arg(format!(
            "macro:///Standard.Module1.Redline(\"{}\",\"{}\")",
            clean.display(),
            red.display()
        ))
        .env("HOME", &home)
        .output()
        .unwrap();
    assert!(
        r.status.success() && red.is_file(),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    red
}

#[test]
fn libreoffices_own_tracked_changes_become_a_change_set() {
    if !tool("soffice", "--version") || !tool("pandoc", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let clean = clean_appendix_z(dir.path());
    let red = libreoffice_redline(
        dir.path(),
        &clean,
        &[
            ("three months", "six months"),
            (" and the date on which it was published", ""),
            ("seven years", "ten calendar years"),
        ],
        "libreoffice-redline",
    );
    let yaml = dir.path().join("lo.yaml");
    let set = from_word(&red, &yaml, Some("LO1"));
    // "three months" is in two provisions, so LibreOffice replaced it in both.
    for expected in [
        "  - in: \"Z:6.2\"\n    replace: \"three\"\n    with: \"six\"\n",
        "  - in: \"Z:8.1\"\n    replace: \"three\"\n    with: \"six\"\n",
        "  - in: \"Z:3.3\"\n    replace: \"seven\"\n    with: \"ten calendar\"\n",
    ] {
        assert!(set.contains(expected), "missing {expected:?} in\n{set}");
    }
    let annex = build_full(&yaml, &dir.path().join("out"), "LO1");
    assert_reads_as(&annex, &red, APPENDIX_Z);
}

#[test]
fn moved_words_become_a_change_set_whose_annex_reads_as_the_redline() {
    if !tool("python3", "--version") || !tool("pandoc", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let clean = clean_appendix_z(dir.path());
    let red = redline(
        &clean,
        r#"[{"move": " for not less than seven years", "to_after": "The DCC shall retain", "author": "Mo Ver", "date": "2026-02-01T00:00:00Z"}]"#,
        "moved",
    );
    let yaml = dir.path().join("moved.yaml");
    let set = from_word(&red, &yaml, None);
    assert!(
        set.contains("modification: MOVED\n") && set.contains("# tracked change by Mo Ver (2026-02-01)"),
        "{set}"
    );
    let annex = build_full(&yaml, &dir.path().join("out"), "MOVED");
    assert_reads_as(&annex, &red, APPENDIX_Z);
}

#[test]
fn a_provision_left_as_not_used_is_a_delete_that_keeps_its_number() {
    if !tool("python3", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let clean = clean_appendix_z(dir.path());
    let red = redline(
        &clean,
        r#"[{"replace": "Each date recorded on the CPL shall be given in the format YYYY-MM-DD.", "with": "Not used", "author": "Jane Drafter", "date": "2026-01-05T10:00:00Z"}]"#,
        "not-used",
    );
    let yaml = dir.path().join("not-used.yaml");
    let set = from_word(&red, &yaml, None);
    assert!(
        set.ends_with("changes:\n  # tracked change by Jane Drafter (2026-01-05)\n  - delete: \"Z:4.4\"\n"),
        "{set}"
    );
    let c = run(&root(), &["check", yaml.to_str().unwrap()]);
    assert_eq!(c.code, 0, "{}{}", c.stdout, c.stderr);
}

/// Section F's words in a DOCX, every change accepted or rejected.
fn section_f_words(docx: &Path, mode: &str) -> String {
    document_words(docx, mode, SECTION_F)
}

/// `from-word` of `red` into `yaml` (with `--modification`, if given): its YAML.
fn from_word(red: &Path, yaml: &Path, modification: Option<&str>) -> String {
    let mut args = vec!["from-word", red.to_str().unwrap(), "--out", yaml.to_str().unwrap()];
    if let Some(m) = modification {
        args.extend(["--modification", m]);
    }
    let r = run(&root(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::read_to_string(yaml).unwrap()
}

/// The annex reads as the redline does, with every change accepted and with every one
/// rejected (pandoc's words of the document headed `heading`).
fn assert_reads_as(annex: &Path, red: &Path, heading: &str) {
    for mode in ["accept", "reject"] {
        assert_eq!(
            document_words(annex, mode, heading),
            document_words(red, mode, heading),
            "every change {mode}ed"
        );
    }
}

const SECTION_F: &str = "Section F: Smart Metering System Requirements";

/// Builds the change-set at `yaml` with the whole text shown, and returns the annex.
fn build_full(yaml: &Path, out: &Path, modification: &str) -> PathBuf {
    let c = run(&root(), &["check", yaml.to_str().unwrap()]);
    assert_eq!(c.code, 0, "{}{}", c.stdout, c.stderr);
    let b = run(
        &root(),
        &[
            "build",
            yaml.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--context",
            "full",
        ],
    );
    assert_eq!(b.code, 0, "{}", b.stderr);
    out.join(format!("{modification}/annex-a.docx"))
}

#[test]
fn a_part_heading_and_a_cross_heading_changed_by_hand_become_replaces_in_their_parts() {
    if !tool("python3", "--version") || !tool("pandoc", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let clean = clean_docx(dir.path(), "section-f");
    // "Central Products List" is also in F2.1, which the Part heading's replace leaves out.
    let red = redline(
        &clean,
        r#"[
         {"replace": "Central Products List", "with": "Central Products Register", "in_style": "Heading2", "author": "Bob Reviewer", "date": "2026-01-06T10:00:00Z"},
         {"replace": "Records", "with": "Records kept", "in_style": "Heading3", "author": "Jane Drafter", "date": "2026-01-05T10:00:00Z"}
        ]"#,
        "headings",
    );
    let yaml = dir.path().join("headings.yaml");
    let set = from_word(&red, &yaml, None);
    for expected in [
        "  # tracked change by Bob Reviewer (2026-01-06)\n  - in: \"F2\"\n    replace: \"List\"\n    with: \"Register\"\n    except: [\"F2.1\"]\n    expect: 1\n",
        "  # tracked change by Jane Drafter (2026-01-05)\n  - in: \"F4\"\n    replace: \"Records\"\n    with: \"Records kept\"\n    expect: 1\n",
    ] {
        assert!(set.contains(expected), "missing {expected:?} in\n{set}");
    }
    let annex = build_full(&yaml, &dir.path().join("out"), "HEADINGS");
    assert_reads_as(&annex, &red, SECTION_F);
    assert_ne!(section_f_words(&red, "accept"), section_f_words(&red, "reject"));
}

#[test]
fn libreoffices_tracked_changes_to_headings_become_a_change_set() {
    if !tool("soffice", "--version") || !tool("pandoc", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let clean = clean_docx(dir.path(), "section-f");
    // A cross-heading of F3 and the heading of Part F5; each phrase is in no provision.
    let red = libreoffice_redline(
        dir.path(),
        &clean,
        &[
            (
                "Validity of CPA Certificates",
                "Validity and Renewal of CPA Certificates",
            ),
            (
                "Removal of Devices from the CPL",
                "Removal of Device Models from the CPL",
            ),
        ],
        "lo-headings",
    );
    let yaml = dir.path().join("lo-headings.yaml");
    let set = from_word(&red, &yaml, Some("LO2"));
    for expected in [
        "  - in: \"F3\"\n    replace: \"Validity\"\n    with: \"Validity and Renewal\"\n",
        "  - in: \"F5\"\n    replace: \"",
    ] {
        assert!(set.contains(expected), "missing {expected:?} in\n{set}");
    }
    let annex = build_full(&yaml, &dir.path().join("out"), "LO2");
    assert_reads_as(&annex, &red, SECTION_F);
    assert!(section_f_words(&red, "accept").contains("Validity and Renewal of CPA Certificates"));
}

#[test]
fn an_inserted_cross_heading_is_an_error_saying_a_change_set_cannot_add_one() {
    if !tool("python3", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let clean = clean_docx(dir.path(), "section-f");
    let red = redline(
        &clean,
        r#"[{"insert_after_paragraph": "F2.3", "text": "Renewals", "style": "Heading3", "author": "Jane Drafter", "date": "2026-01-05T10:00:00Z"}]"#,
        "new-heading",
    );
    let yaml = dir.path().join("new-heading.yaml");
    let r = run(
        &root(),
        &["from-word", red.to_str().unwrap(), "--out", yaml.to_str().unwrap()],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(&format!(
            "{}: error: paragraph 24: the redline inserts the cross-heading 'Renewals', which a change-set cannot do: a change-set adds, rewrites and deletes provisions and sub-paragraphs and changes the words of headings, but has no operation that adds, removes or renumbers a Part or a cross-heading (docs/format.md §3)",
            red.display()
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("= help: reject that tracked change in Word and run from-word again for the rest"),
        "{}",
        r.stderr
    );
    assert!(!yaml.exists(), "nothing is written");
}
