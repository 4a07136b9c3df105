//! The change-set `from-word` makes, written as YAML: one change per item, quoted values,
//! `text: |` blocks, and a comment naming who made each change in Word, and when.

use std::collections::BTreeMap;
use std::path::Path;

/// One change of the change-set, as YAML lines (without the leading `- `), and who made it.
pub struct Change {
    pub lines: Vec<(String, String)>,
    pub by: Vec<(String, String)>,
}

/// Who made the changes: "Jane Doe (2026-01-05)", each author and date once.
fn by_line(by: &[(String, String)]) -> String {
    let mut seen: Vec<String> = Vec::new();
    for (author, date) in by {
        let a = if author.is_empty() { "unknown author" } else { author };
        let s = if date.is_empty() {
            a.to_string()
        } else {
            format!("{a} ({date})")
        };
        if !seen.contains(&s) {
            seen.push(s);
        }
    }
    seen.join(", ")
}

pub(crate) fn yaml(id: &str, docx: &Path, revisions: &[(String, String)], changes: &[Change]) -> String {
    let mut authors: BTreeMap<&str, usize> = BTreeMap::new();
    for (a, _) in revisions.iter().filter(|(a, _)| !a.is_empty()) {
        *authors.entry(a).or_default() += 1;
    }
    let author = authors
        .iter()
        .max_by_key(|(a, n)| (**n, std::cmp::Reverse(*a)))
        .map_or("SECAS", |(a, _)| a);
    let date = revisions
        .iter()
        .map(|(_, d)| d.as_str())
        .filter(|d| crate::changeset::check_date(d).is_ok())
        .max()
        .unwrap_or("1980-01-01");
    let name = docx.file_name().unwrap_or_default().to_string_lossy();
    let title = format!("Changes made in {name}");
    let mut y = format!(
        "# Made by `sec-redline from-word` from {name}: {} tracked change(s).\n# Each change's comment names who made it in Word, and when.\nmodification: {id}\ntitle: {}\nauthor: {}\ndate: {date}\nchanges:\n",
        revisions.len(),
        crate::yaml::quote(&title),
        crate::yaml::quote(author),
    );
    for c in changes {
        if !c.by.is_empty() {
            y.push_str(&format!(
                "  # tracked change by {}\n",
                by_line(&c.by).replace('\n', " ")
            ));
        }
        for (k, (key, value)) in c.lines.iter().enumerate() {
            let lead = if k == 0 { "  - " } else { "    " };
            if key == "text" {
                y.push_str(&format!("{lead}text: |\n"));
                for line in value.lines() {
                    if line.is_empty() {
                        y.push('\n');
                    } else {
                        y.push_str(&format!("      {line}\n"));
                    }
                }
            } else if key == "except" {
                let refs: Vec<String> = value.lines().map(crate::yaml::quote).collect();
                y.push_str(&format!("{lead}except: [{}]\n", refs.join(", ")));
            } else if key == "expect" {
                y.push_str(&format!("{lead}{key}: {value}\n"));
            } else {
                y.push_str(&format!("{lead}{key}: {}\n", crate::yaml::quote(value)));
            }
        }
    }
    y
}
