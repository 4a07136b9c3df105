//! Reads a release file (`releases/*.yaml`): its id, title, date, version and modifications.

use crate::changeset::{Located, check_id};
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, nearest};
use crate::yaml::{self, Node};
use saphyr::{Scalar, YamlData};
use std::path::Path;

const KEYS: &[&str] = &["release", "title", "date", "version", "modifications"];

/// One release, as written.
#[derive(Debug, Clone)]
pub struct ReleaseFile {
    pub file: SourceFile,
    /// `2022-08-adhoc`: also the output folder's name.
    pub release: String,
    pub title: String,
    /// The new version is in force from this day.
    pub date: Located<Date>,
    /// The version the release makes.
    pub version: Located<String>,
    /// Modification ids, in the order they apply.
    pub modifications: Vec<Located<String>>,
}

fn located<T>(node: &Node, value: T) -> Located<T> {
    Located {
        value,
        position: yaml::position(node, 1),
        width: yaml::width(node),
    }
}

fn at(file: &SourceFile, node: &Node, message: impl Into<String>) -> Diagnostic {
    Diagnostic::at_position(file, yaml::position(node, 1), yaml::width(node), message)
}

/// Reads and checks a release file, reporting every problem in it.
pub fn load(path: &Path) -> Result<ReleaseFile, Diagnostics> {
    let file = SourceFile::read(path)?;
    let owned = file.text.clone();
    let text = owned.strip_prefix('\u{feff}').unwrap_or(&owned);
    let help = "a release file has `release:`, `title:`, `date:`, `version:` and `modifications:`; see docs/format.md";
    let Some(root) = yaml::parse(&file, text, 1)? else {
        return Err(Diagnostic::file_error(path, "the release file is empty")
            .help(help)
            .into());
    };
    let Some(entries) = yaml::entries(&root) else {
        return Err(at(&file, &root, "the release file is not a set of keys")
            .help(help)
            .into());
    };
    let mut diagnostics = Diagnostics::default();
    let get = |key: &str| entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| *v);
    for (key, node, _) in &entries {
        if !KEYS.contains(&key.as_ref()) {
            let d = at(&file, node, format!("unknown key '{key}' in a release file"));
            diagnostics.push(match nearest(key, KEYS) {
                Some(k) => d.help(format!("did you mean '{k}'?")),
                None => d.help(format!("the keys are: {}", KEYS.join(", "))),
            });
        }
    }
    let mut text_of = |key: &str, help: &str, check: &dyn Fn(&str) -> Result<(), String>| -> Option<Located<String>> {
        let Some(node) = get(key) else {
            diagnostics.push(
                Diagnostic::at_position(
                    &file,
                    yaml::position(&root, 1),
                    1,
                    format!("the release file has no `{key}:`"),
                )
                .help(help.to_string()),
            );
            return None;
        };
        let value = match &node.data {
            YamlData::Value(Scalar::FloatingPoint(_)) => {
                Err(format!("`{key}:` must be quoted, so that 1.10 stays 1.10"))
            }
            _ => match yaml::text(node) {
                Some(t) if !t.trim().is_empty() => check(t.trim()).map(|()| t.trim().to_string()),
                _ => Err(format!("`{key}:` must be text, not {}", yaml::describe(node))),
            },
        };
        match value {
            Ok(v) => Some(located(node, v)),
            Err(why) => {
                diagnostics.push(at(&file, node, why).help(help.to_string()));
                None
            }
        }
    };
    let id_check = check_id;
    let release = text_of(
        "release",
        "write the release's id, e.g. `release: 2022-08-adhoc`; it names the output folder",
        &id_check,
    );
    let title = text_of(
        "title",
        "write the release's title, e.g. `title: August 2022 ad-hoc SEC Release`",
        &|_| Ok(()),
    );
    let date = text_of(
        "date",
        "write the day the new version is in force from, e.g. `date: 2022-08-01`",
        &|v| Date::parse(v).map(|_| ()).map_err(|why| format!("`date:` {why}")),
    );
    let version = text_of(
        "version",
        "write the version this release makes, quoted, e.g. `version: \"1.1\"`",
        &id_check,
    );
    let mut modifications = Vec::new();
    match get("modifications") {
        None => diagnostics.push(
            Diagnostic::at_position(
                &file,
                yaml::position(&root, 1),
                1,
                "the release file has no `modifications:`",
            )
            .help("list the modifications in the order they apply, e.g. `modifications: [MP209, MP300]`"),
        ),
        Some(node) => match &node.data {
            YamlData::Sequence(items) if !items.is_empty() => {
                for item in items {
                    match yaml::text(item) {
                        Some(t) if id_check(t.trim()).is_ok() => {
                            let m = located(item, t.trim().to_string());
                            if let Some(first) = modifications.iter().find(|x: &&Located<String>| x.value == m.value) {
                                diagnostics.push(
                                    at(
                                        &file,
                                        item,
                                        format!("{} is listed twice (first at line {})", m.value, first.position.line),
                                    )
                                    .help("a modification is applied once; remove one of them"),
                                );
                            } else {
                                modifications.push(m);
                            }
                        }
                        _ => diagnostics.push(
                            at(
                                &file,
                                item,
                                format!(
                                    "`modifications:` must list modification ids, not {}",
                                    yaml::describe(item)
                                ),
                            )
                            .help("e.g. `modifications: [MP209, MP300]`"),
                        ),
                    }
                }
            }
            _ => diagnostics.push(
                at(&file, node, "`modifications:` must be a list of modification ids")
                    .help("list the modifications in the order they apply, e.g. `modifications: [MP209, MP300]`"),
            ),
        },
    }
    match (release, title, date, version) {
        (Some(release), Some(title), Some(date), Some(version)) if !diagnostics.has_errors() => Ok(ReleaseFile {
            file: file.clone(),
            release: release.value,
            title: title.value,
            date: Located {
                // Checked by `Date::parse` above.
                value: Date::parse(&date.value).map_err(|_| Diagnostics::default())?,
                position: date.position,
                width: date.width,
            },
            version,
            modifications,
        }),
        _ => Err(diagnostics),
    }
}
