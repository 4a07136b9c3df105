//! What a Change Board reviewer relies on in MP209's annex, read by real readers: reasons as
//! Word comments (lxml and LibreOffice), each document on a new page (LibreOffice → PDF →
//! pdftotext), lead-ins kept with what they introduce, the cover, and each reason beside
//! its change in the HTML (a real HTML parser). Expected values are written by hand from
//! changes/mp209.yaml.

mod common;

use common::{normalise, root, run, tool, validate};
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;

fn build(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().display().to_string();
    let mut args = vec!["build", "changes/mp209.yaml", "--out", &out];
    args.extend(extra);
    let r = run(&root(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dir = tmp.path().join("MP209");
    (tmp, dir)
}

/// The reasons of changes/mp209.yaml, as written there.
const REASON_DATE: &str = "A CPA Certificate may now carry a renewal date instead of an expiry date.";
const REASON_ENDS: &str = "A CPA Certificate with a renewal date comes to an end when it falls due for renewal.";
const REASON_RENEWED: &str =
    "A renewed CPA Certificate counts as a replacement would, so renewal never removes a Device Model from the CPL.";
const REASON_HEADING: &str = "Part 6 now also deals with CPA Certificates that fall due for renewal.";

/// Runs a Python snippet with lxml over a DOCX; prints what the snippet prints.
fn python(script: &str, docx: &Path) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(docx)
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn reasons_are_word_comments_anchored_on_the_changed_words() {
    if !tool("python3", "--version") {
        return;
    }
    let (_tmp, dir) = build(&[]);
    let docx = dir.join("annex-a.docx");
    validate(&docx);
    // lxml reads the package: every comment has a start, an end and a reference in the
    // document, the start comes before the end, and a tracked change lies between them.
    let report = python(
        r#"
import sys, zipfile
from lxml import etree
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
z = zipfile.ZipFile(sys.argv[1])
ct = z.read('[Content_Types].xml').decode()
rels = z.read('word/_rels/document.xml.rels').decode()
assert '/word/comments.xml' in ct and 'relationships/comments' in rels
comments = etree.fromstring(z.read('word/comments.xml'))
doc = etree.fromstring(z.read('word/document.xml'))
order = list(doc.iter())
for c in comments.iter(W + 'comment'):
    i = c.get(W + 'id')
    start = [e for e in order if e.tag == W + 'commentRangeStart' and e.get(W + 'id') == i]
    end = [e for e in order if e.tag == W + 'commentRangeEnd' and e.get(W + 'id') == i]
    ref = [e for e in order if e.tag == W + 'commentReference' and e.get(W + 'id') == i]
    assert len(start) == len(end) == len(ref) == 1, i
    a, b = order.index(start[0]), order.index(end[0])
    between = order[a:b]
    tracked = any(e.tag in (W + 'ins', W + 'del') for e in between)
    text = ''.join(c.itertext())
    words = ''.join(e.text or '' for e in between if e.tag in (W + 't', W + 'delText'))
    print(c.get(W + 'author'), tracked, text, '|', words[:60], sep='\t')
"#,
        &docx,
    );
    let lines: Vec<&str> = report.lines().collect();
    // One comment per changed provision or heading with a reason: all 22 have one (11 in
    // Section F, 10 provisions and the Part 6 heading in Appendix Z; counted from the
    // hand-written tests/fixtures/mp209 against sec-text).
    assert_eq!(lines.len(), 22, "{report}");
    assert!(lines.iter().all(|l| l.starts_with("SECAS\tTrue\t")), "{report}");
    assert!(lines.iter().any(|l| l.contains(REASON_DATE)), "{report}");
    // The Part 6 heading's comment spans its changed words, not the whole heading.
    let heading = lines.iter().find(|l| l.contains(REASON_HEADING)).unwrap();
    assert!(heading.ends_with("|\t and, Expiry and Renewal"), "{heading}");
    // LibreOffice shows them as annotations.
    if !tool("soffice", "--version") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let fodt = common::libreoffice_fodt(&docx, tmp.path());
    assert_eq!(
        fodt.matches("<office:annotation ").count() + fodt.matches("<office:annotation>").count(),
        22
    );
    assert!(fodt.contains(REASON_RENEWED));
}

#[test]
fn each_document_starts_on_a_new_page_and_lead_ins_keep_with_what_follows() {
    if !tool("python3", "--version") {
        return;
    }
    let (tmp, dir) = build(&[]);
    let docx = dir.join("annex-a.docx");
    // lxml: a paragraph directly before a table in the body, and the one before a deeper
    // sub-paragraph, keeps with the next; an ellipsis keeps with the next by its style.
    let report = python(
        r#"
import sys, zipfile
from lxml import etree
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
z = zipfile.ZipFile(sys.argv[1])
doc = etree.fromstring(z.read('word/document.xml'))
styles = etree.fromstring(z.read('word/styles.xml'))
body = doc.find(W + 'body')
kids = list(body)
def text(p): return ''.join(p.itertext())
keeping = {s.get(W + 'styleId') for s in styles.iter(W + 'style') if s.find(W + 'pPr/' + W + 'keepNext') is not None}
def keeps(p):
    style = p.find(W + 'pPr/' + W + 'pStyle')
    return p.find(W + 'pPr/' + W + 'keepNext') is not None or (style is not None and style.get(W + 'val') in keeping)
for a, b in zip(kids, kids[1:]):
    if a.tag == W + 'p' and b.tag == W + 'tbl' and text(a).strip():
        keep = keeps(a)
        print('before-table', keep, text(a)[-40:], sep='\t')
omission = [s for s in styles.iter(W + 'style') if s.get(W + 'styleId') == 'Omission'][0]
print('omission-style', omission.find(W + 'pPr/' + W + 'keepNext') is not None, sep='\t')
for p in body.iter(W + 'p'):
    if p.find(W + 'pPr/' + W + 'pageBreakBefore') is not None:
        print('new-page', text(p), sep='\t')
"#,
        &docx,
    );
    let lead_ins: Vec<&str> = report.lines().filter(|l| l.starts_with("before-table")).collect();
    // Z:4.1 and Z:4.3 introduce their tables ("… in the following table:"), as do the
    // headings and key lines of the summary.
    assert!(
        lead_ins.iter().filter(|l| l.ends_with("following table:")).count() == 2,
        "{report}"
    );
    assert!(lead_ins.iter().all(|l| l.starts_with("before-table\tTrue")), "{report}");
    assert!(report.contains("omission-style\tTrue"), "{report}");
    let new_pages: Vec<&str> = report.lines().filter(|l| l.starts_with("new-page")).collect();
    assert_eq!(
        new_pages,
        [
            "new-page\tSection F: Smart Metering System Requirements",
            "new-page\tAppendix Z: CPL Requirements Document"
        ],
        "{report}"
    );
    // LibreOffice lays it out: each document's title is the first line under the running
    // header of its page.
    if !tool("soffice", "--version") || !tool("pdftotext", "-v") {
        return;
    }
    let pdf = common::libreoffice(&docx, tmp.path(), "pdf");
    let text = Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    for title in [
        "Section F: Smart Metering System Requirements",
        "Appendix Z: CPL Requirements Document",
    ] {
        let page = pages
            .iter()
            .find(|p| p.contains(title))
            .unwrap_or_else(|| panic!("{title} is on no page"));
        let lines: Vec<&str> = page.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        // Line 1: the running header, with the classification.
        assert!(
            lines[0].starts_with("MP209 Annex A – Legal text") && lines[0].ends_with("White"),
            "{page}"
        );
        assert_eq!(lines[1], title, "{page}");
    }
    // The cover, in the Code Administrator's form.
    let cover: Vec<String> = pages[0].lines().map(normalise).filter(|l| !l.is_empty()).collect();
    let cover = cover.join("\n");
    for want in [
        "MP209 \u{2018}Lifetime CPA Certificates\u{2019}",
        "Annex A – Legal text",
        "Version: 1.0",
        "Date: 22 June 2022",
        "About this document",
        "Section F version 1.0 and Appendix Z version 1.0",
    ] {
        assert!(cover.contains(want), "the cover lacks {want:?}:\n{cover}");
    }
    assert!(text.contains("Page 1 of") || text.contains("page 1 of"), "page numbers");
}

#[test]
fn the_html_shows_each_reason_beside_its_change() {
    let (_tmp, dir) = build(&[]);
    let html = std::fs::read_to_string(dir.join("annex-a.html")).unwrap();
    let doc = Html::parse_document(&html);
    let item = Selector::parse("div.item").unwrap();
    let provision = Selector::parse("[data-address]").unwrap();
    let aside = Selector::parse("aside.reason > p").unwrap(); // one paragraph per reason
    let mut beside = std::collections::BTreeMap::new();
    for i in doc.select(&item) {
        let address = i
            .select(&provision)
            .next()
            .and_then(|p| p.value().attr("data-address"))
            .unwrap()
            .to_string();
        let reasons: Vec<String> = i
            .select(&aside)
            .map(|a| normalise(&a.text().collect::<String>()))
            .collect();
        beside.insert(address, reasons.join(" "));
    }
    assert_eq!(beside.len(), 22, "{beside:?}");
    assert!(!beside.contains_key("Z:6.4A"), "MP209 inserts no paragraph");
    assert_eq!(beside["Z:6.4"], format!("Reason {REASON_DATE}"));
    assert_eq!(beside["Z:6"], format!("Reason {REASON_HEADING}"));
    // Two changes touch F5.1(b) and two the Lapsed row of Z:4.3, and two F3.6: both reasons,
    // in change order.
    for unit in ["F5.1", "Z:4.3"] {
        assert_eq!(
            beside[unit],
            format!("Reason {REASON_ENDS} Reason {REASON_RENEWED}"),
            "{unit}"
        );
    }
    assert_eq!(beside["F3.6"], format!("Reason {REASON_DATE} Reason {REASON_RENEWED}"));
    // The summary groups the reasons, each with the provisions it touched, as printed, down
    // to the sub-paragraph a change lies in (sec-text/section-f.md: "expires" is in
    // F2.1(b)(ii), "expired" in F4.1(b) and F5.1(b)).
    let reasons = Selector::parse("ol.reasons > li").unwrap();
    let listed: Vec<String> = doc
        .select(&reasons)
        .map(|l| normalise(&l.text().collect::<String>()))
        .collect();
    // Ten changes, four distinct reasons: changes made for the same reason share one.
    assert_eq!(listed.len(), 4, "{listed:?}");
    assert!(
        listed
            .iter()
            .any(|l| l == &format!("{REASON_HEADING}Changes Appendix Z Part 6 heading")),
        "{listed:?}"
    );
    assert!(
        listed
            .iter()
            .any(|l| l.starts_with(REASON_ENDS)
                && l.contains("Section F2.1(b)(ii); Section F4.4; Appendix Z paragraph 6.3; Appendix Z paragraph 6.1; Section F4.1(b); Section F5.1(b); Appendix Z paragraph 6.7; Appendix Z paragraph 4.3")),
        "{listed:?}"
    );
    assert!(
        listed.iter().any(|l| l
            == &format!("{REASON_RENEWED}Changes Section F3.6; Section F5.1(b); Section F5.2; Appendix Z paragraph 4.3; Appendix Z paragraph 6.3")),
        "{listed:?}"
    );
    // The totals row's numbers sit under their columns, right-aligned like them.
    assert!(html.contains(".summary .n { text-align: right"));
    let totals = Selector::parse("section.summary tfoot th.n").unwrap();
    assert_eq!(doc.select(&totals).count(), 2);
}

#[test]
fn the_formatted_docx_has_totals_links_unlike_insertions_and_gaps_between_changes() {
    let (_tmp, dir) = build(&["--redline", "formatted"]);
    let docx = dir.join("annex-a.docx");
    validate(&docx);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let read = |zip: &mut zip::ZipArchive<std::fs::File>, name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let styles = read(&mut zip, "word/styles.xml");
    let document = read(&mut zip, "word/document.xml");
    // Links: dark and not underlined; insertions: blue and underlined.
    let link = styles
        .split(r#"w:styleId="Hyperlink""#)
        .nth(1)
        .unwrap()
        .split("</w:style>")
        .next()
        .unwrap();
    assert!(!link.contains("<w:u ") && !link.contains("0B57D0"), "{link}");
    // The summary ends with a totals row.
    assert!(document.contains(">Total<"), "no totals row");
    // A deletion right before an insertion ends with widened spacing, not an added space.
    assert!(document.contains(r#"<w:strike/><w:color w:val="B3261E"/><w:spacing w:val="80"/>"#));
}

#[test]
fn consolidated_front_matter_records_the_modification_and_compare_is_titled_from_it() {
    let (tmp, dir) = build(&[]);
    let f = std::fs::read_to_string(dir.join("consolidated/section-f.md")).unwrap();
    assert!(f.starts_with("---\ndocument: F\ntitle: Smart Metering System Requirements\nkind: Section\nversion: \"1.0\"\namended_by: [MP209]\n---\n"));
    let out = tmp.path().join("cmp").display().to_string();
    let r = run(
        &root(),
        &[
            "compare",
            "sec-text/section-f.md",
            &dir.join("consolidated/section-f.md").display().to_string(),
            "--out",
            &out,
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(tmp.path().join("cmp/compare-section-f/redline.html")).unwrap();
    let doc = Html::parse_document(&html);
    let annex = doc.select(&Selector::parse("p.annex").unwrap()).next().unwrap();
    assert_eq!(
        normalise(&annex.text().collect::<String>()),
        "Section F version 1.0 compared with version 1.0 as amended by MP209"
    );
    assert!(!html.contains("sec-text/"), "a file path in the compare output");
}
