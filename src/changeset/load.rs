//! Reads a change-set file and checks it against the schema, reporting every problem at its line.

use super::{Action, Change, ChangeSet, Located, WrittenReference};
use crate::corpus::reference::parse_reference;
use crate::diagnostics::{Diagnostic, Diagnostics, Position, SourceFile, nearest};
use crate::yaml::{self, Node};
use saphyr::YamlData;
use std::collections::BTreeMap;
use std::path::Path;

const TOP_KEYS: &[&str] = &[
    "modification",
    "title",
    "annex",
    "annex_version",
    "classification",
    "author",
    "date",
    "audit",
    "keep",
    "base",
    "after",
    "changes",
];
const ACTION_KEYS: &[&str] = &["replace", "rewrite", "insert_after", "insert_before", "delete"];
const CHANGE_KEYS: &[&str] = &[
    "replace",
    "with",
    "in",
    "except",
    "expect",
    "case",
    "rewrite",
    "text",
    "insert_after",
    "insert_before",
    "delete",
    "leave",
    "reason",
];

/// Which keys go with which action.
fn allowed(action: &str) -> &'static [&'static str] {
    match action {
        "replace" => &["replace", "with", "in", "except", "expect", "case", "reason"],
        "rewrite" => &["rewrite", "text", "reason"],
        "insert_after" => &["insert_after", "text", "reason"],
        "insert_before" => &["insert_before", "text", "reason"],
        "delete" => &["delete", "leave", "reason"],
        _ => &[],
    }
}

/// Loads and validates a change-set file. A change-set whose header is sound comes back
/// with the changes that are valid and the problems of the others, so that applying it
/// can report their problems too in the same run.
pub fn load(path: &Path) -> Result<(ChangeSet, Diagnostics), Diagnostics> {
    load_source(SourceFile::read(path)?)
}

/// As [`load`], for a change-set already in memory.
pub fn load_source(file: SourceFile) -> Result<(ChangeSet, Diagnostics), Diagnostics> {
    let path = file.path.clone();
    let path = path.as_path();
    let mut diagnostics = Diagnostics::default();
    if let Some(d) = crate::corpus::control_character(&file, 0, file.text.len()) {
        return Err(d.into());
    }
    let owned = file.text.clone();
    let text = owned.strip_prefix('\u{feff}').unwrap_or(&owned);
    let root = yaml::parse(&file, text, 1)?;
    let Some(root) = root else {
        return Err(Diagnostic::file_error(path, "the change-set is empty")
            .help("a change-set has `modification:`, `title:`, `date:` and a list of `changes:`; see docs/format.md")
            .into());
    };
    let Some(entries) = yaml::entries(&root) else {
        return Err(Diagnostic::at_position(
            &file,
            yaml::position(&root, 1),
            1,
            format!("the change-set is {}, not a set of keys", yaml::describe(&root)),
        )
        .help("start with `modification: MP209` on its own line")
        .into());
    };
    let mut keys: BTreeMap<&str, (&Node, &Node)> = BTreeMap::new();
    for (key, key_node, value) in &entries {
        match TOP_KEYS.iter().find(|k| **k == key.as_ref()) {
            Some(k) => {
                keys.insert(k, (*key_node, *value));
            }
            None => diagnostics.push(unknown_key(&file, key, key_node, TOP_KEYS, "change-set")),
        }
    }
    let top = Top {
        file: &file,
        root: &root,
        keys,
    };
    let modification = top.scalar(
        "modification",
        "write the modification's id, e.g. `modification: MP209`; it names the output folder",
        &check_id,
        &mut diagnostics,
    );
    let title = top.scalar(
        "title",
        "write the modification's title, e.g. `title: Lifetime CPA Certificates`",
        &|_| Ok(()),
        &mut diagnostics,
    );
    let date = top.scalar(
        "date",
        "write the date as YYYY-MM-DD, e.g. `date: 2022-06-22`",
        &check_date,
        &mut diagnostics,
    );
    let annex = top.annex(&mut diagnostics);
    let author = top.author(&mut diagnostics);
    let strict = top.strict(&mut diagnostics);
    let classification = top.optional("classification", &mut diagnostics);
    let annex_version = top.optional("annex_version", &mut diagnostics);
    let keep = match top.keys.get("keep") {
        None => Vec::new(),
        Some((_, v)) => keeps(&file, v, &mut diagnostics),
    };
    let (base, after) = drafted_against(&file, &top.keys, &mut diagnostics);
    let top_level_ok = !diagnostics.has_errors();
    let (changes, skipped) = top.changes(&mut diagnostics);
    match (modification, title, date, annex, author) {
        (Some(modification), Some(title), Some(date), Some(annex), Some(author))
            if top_level_ok && (!changes.is_empty() || skipped.is_empty()) =>
        {
            let set = ChangeSet {
                modification,
                title,
                annex,
                author,
                date,
                strict,
                classification,
                annex_version,
                keep,
                base,
                after,
                changes,
                changes_at: top.keys.get("changes").map(|(key, _)| yaml::position(key, 1)),
                skipped,
                file: file.clone(),
            };
            Ok((set, diagnostics))
        }
        _ => Err(diagnostics),
    }
}

/// The top-level keys of a change-set, known to be in [`TOP_KEYS`].
struct Top<'f, 'n, 'a> {
    file: &'f SourceFile,
    root: &'n Node<'a>,
    keys: BTreeMap<&'static str, (&'n Node<'a>, &'n Node<'a>)>,
}

impl Top<'_, '_, '_> {
    /// A key the change-set must have and does not, reported at its start.
    fn missing(&self, key: &str, help: &str) -> Diagnostic {
        Diagnostic::at_position(
            self.file,
            yaml::position(self.root, 1),
            1,
            format!("the change-set has no `{key}:`"),
        )
        .help(help.to_string())
    }

    /// A required value that must be words and pass `check`.
    fn scalar(
        &self,
        key: &str,
        help: &str,
        check: &dyn Fn(&str) -> Result<(), String>,
        diagnostics: &mut Diagnostics,
    ) -> Option<String> {
        let Some((_, value)) = self.keys.get(key) else {
            diagnostics.push(self.missing(key, help));
            return None;
        };
        match yaml::text(value) {
            Some(v) if !v.trim().is_empty() => match check(v.trim()) {
                Ok(()) => Some(v.trim().to_string()),
                Err(why) => {
                    diagnostics.push(at_node(self.file, value, format!("`{key}:` {why}")).help(help.to_string()));
                    None
                }
            },
            _ => {
                diagnostics.push(at_node(self.file, value, not_text(key, value)).help(help.to_string()));
                None
            }
        }
    }

    /// `annex:` (A when not given).
    fn annex(&self, diagnostics: &mut Diagnostics) -> Option<String> {
        if !self.keys.contains_key("annex") {
            return Some("A".to_string());
        }
        self.scalar(
            "annex",
            "write the annex letter, e.g. `annex: A`",
            &|v| {
                if v.len() <= 3 && v.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    Ok(())
                } else {
                    Err(format!("'{v}' is not an annex letter"))
                }
            },
            diagnostics,
        )
    }

    /// `author:` (SECAS when not given).
    fn author(&self, diagnostics: &mut Diagnostics) -> Option<String> {
        if !self.keys.contains_key("author") {
            return Some("SECAS".to_string());
        }
        self.scalar(
            "author",
            "write the name to put on tracked changes, e.g. `author: SECAS`",
            &|_| Ok(()),
            diagnostics,
        )
    }

    /// `audit: strict` (or `report`, the default).
    fn strict(&self, diagnostics: &mut Diagnostics) -> bool {
        let Some((_, v)) = self.keys.get("audit") else {
            return false;
        };
        match yaml::text(v).as_deref() {
            Some("strict") => true,
            Some("report") => false,
            _ => {
                diagnostics.push(
                    at_node(self.file, v, "`audit:` must be `strict` or `report`")
                        .help("`audit: strict` makes every unexplained leftover of a replaced term an error"),
                );
                false
            }
        }
    }

    /// An optional value that must be words when given.
    fn optional(&self, key: &str, diagnostics: &mut Diagnostics) -> Option<String> {
        let (_, v) = self.keys.get(key)?;
        match yaml::text(v) {
            Some(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
            _ => {
                diagnostics.push(at_node(self.file, v, not_text(key, v)).help(match key {
                    "classification" => "write the annex's classification, e.g. `classification: White`",
                    _ => "write the annex's own version, e.g. `annex_version: \"1.0\"`",
                }));
                None
            }
        }
    }

    /// `changes:`: the changes that load, and where each one that does not starts (its
    /// problems reported).
    fn changes(&self, diagnostics: &mut Diagnostics) -> (Vec<Change>, Vec<Position>) {
        let (mut changes, mut skipped) = (Vec::new(), Vec::new());
        match self.keys.get("changes") {
            None => diagnostics.push(self.missing(
                "changes",
                "add `changes:` followed by a list of changes; see docs/format.md",
            )),
            Some((key_node, value)) => match &value.data {
                // `changes: []` is a modification that changes nothing (e.g. `check` of a text
                // folder on its own); `build` says so rather than writing an empty annex.
                YamlData::Sequence(items) => {
                    for item in items {
                        match change(self.file, item) {
                            Ok(c) => changes.push(c),
                            Err(ds) => {
                                diagnostics.extend(ds);
                                skipped.push(yaml::position(item, 1));
                            }
                        }
                    }
                }
                _ => diagnostics.push(
                    Diagnostic::at_position(
                        self.file,
                        yaml::position(key_node, 1),
                        7,
                        format!("`changes:` must be a list of changes, not {}", yaml::describe(value)),
                    )
                    .help("write each change as a list item starting with `- `, e.g. `- replace: expiry date`"),
                ),
            },
        }
        (changes, skipped)
    }
}

/// `base: "1.0"` and `after: [MP209]`: what the modification was drafted against.
fn drafted_against(
    file: &SourceFile,
    top: &BTreeMap<&str, (&Node, &Node)>,
    diagnostics: &mut Diagnostics,
) -> (Option<Located<String>>, Vec<Located<String>>) {
    let base = top.get("base").and_then(|(_, v)| match yaml::text(v) {
        Some(t) if !t.trim().is_empty() => Some(located(v, t.trim().to_string())),
        _ => {
            let why = if matches!(&v.data, YamlData::Value(saphyr::Scalar::FloatingPoint(_))) {
                "`base:` must be quoted, so that 1.10 stays 1.10".to_string()
            } else {
                format!("`base:` must be a version, not {}", yaml::describe(v))
            };
            diagnostics
                .push(at_node(file, v, why).help("write the version it was drafted against, e.g. `base: \"1.0\"`"));
            None
        }
    });
    let mut after = Vec::new();
    if let Some((_, v)) = top.get("after") {
        let items: Vec<&Node> = match &v.data {
            YamlData::Sequence(items) => items.iter().collect(),
            _ => vec![*v],
        };
        for item in items {
            match yaml::text(item) {
                Some(t) if check_id(t.trim()).is_ok() => after.push(located(item, t.trim().to_string())),
                _ => diagnostics.push(
                    at_node(
                        file,
                        item,
                        format!("`after:` must list modification ids, not {}", yaml::describe(item)),
                    )
                    .help("write the modifications this one was drafted on top of, e.g. `after: [MP209]`"),
                ),
            }
        }
    }
    (base, after)
}

/// A problem at a YAML node of the change-set.
fn at_node(file: &SourceFile, node: &Node, message: impl Into<String>) -> Diagnostic {
    Diagnostic::at_position(file, yaml::position(node, 1), yaml::width(node), message)
}

/// Why a value that must hold words does not: empty, only spaces, or not text at all.
fn not_text(key: &str, node: &Node) -> String {
    match (yaml::text(node), &node.data) {
        (Some(s), _) if s.is_empty() => format!("`{key}:` is empty"),
        (_, YamlData::Value(saphyr::Scalar::Null)) => format!("`{key}:` is empty"),
        (Some(_), _) => format!("`{key}:` holds only spaces"),
        (None, _) => format!("`{key}:` must be text, not {}", yaml::describe(node)),
    }
}

fn unknown_key(file: &SourceFile, key: &str, node: &Node, known: &[&str], what: &str) -> Diagnostic {
    let d = at_node(file, node, format!("unknown key '{key}' in a {what}"));
    match nearest(key, known) {
        Some(k) => d.help(format!("did you mean '{k}'?")),
        None => d.help(format!("the keys are: {}", known.join(", "))),
    }
}

/// The longest modification id: it names a folder, and Word's bookmarks and file systems
/// have limits of their own; real ids are about five characters (MP209).
const MAX_ID: usize = 64;

/// A modification id names a folder: letters, digits, `-`, `_` and `.` only, never `..`.
pub fn check_id(v: &str) -> Result<(), String> {
    let length = v.chars().count();
    if length > MAX_ID {
        return Err(format!(
            "is {length} characters long; an id has at most {MAX_ID} (e.g. MP209)"
        ));
    }
    let ok = v
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && v.starts_with(|c: char| c.is_ascii_alphanumeric())
        && !v.contains("..");
    if ok {
        Ok(())
    } else {
        Err(format!(
            "'{v}' cannot name an output folder: use letters, digits, '-', '_' and '.' only, starting with a letter or digit, at most {MAX_ID} characters"
        ))
    }
}

/// What a change-set file says it is, read as YAML without the rest of its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub modification: String,
    pub title: Option<String>,
    pub author: Option<String>,
}

/// The `modification:`, `title:` and `author:` of every change-set (`*.yaml`, `*.yml`) in `dir`, in
/// file-name order; a file that is not YAML, or has no `modification:` text, is left out
/// (a release or page that needs it then says it is missing).
pub fn declared(dir: &Path) -> Vec<(std::path::PathBuf, Header)> {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml") && p.is_file())
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let file = SourceFile::read(&p).ok()?;
            let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
            let root = yaml::parse(&file, text, 1).ok()??;
            let entries = yaml::entries(&root)?;
            let field = |key: &str| {
                entries
                    .iter()
                    .find(|(k, _, _)| k == key)
                    .and_then(|(_, _, v)| yaml::text(v))
                    .map(|t| t.trim().to_string())
            };
            let modification = field("modification").filter(|m| !m.is_empty())?;
            let (title, author) = (field("title"), field("author"));
            Some((
                p,
                Header {
                    modification,
                    title,
                    author,
                },
            ))
        })
        .collect()
}

/// Whether `v` is a real calendar date written YYYY-MM-DD, in a year Word can hold
/// (see [`crate::date::Date`]).
pub fn check_date(v: &str) -> Result<(), String> {
    crate::date::Date::parse(v).map(|_| ())
}

/// The keys of one entry of `changes:`, known to be one action's.
struct Entry<'f, 'n, 'a> {
    file: &'f SourceFile,
    /// Where the entry starts.
    position: Position,
    /// `replace`, `rewrite`, `insert_after`, `insert_before` or `delete`.
    action: &'static str,
    keys: BTreeMap<&'static str, (&'n Node<'a>, &'n Node<'a>)>,
}

/// Checks one entry of `changes:`: its keys, its action and that action's values, then its
/// reason; every problem is reported, in that order.
fn change(file: &SourceFile, item: &Node) -> Result<Change, Diagnostics> {
    let position = yaml::position(item, 1);
    let mut diagnostics = Diagnostics::default();
    let keys = change_keys(file, item, position, &mut diagnostics)?;
    let Some(action) = action_of(file, position, &keys, &mut diagnostics) else {
        return Err(diagnostics);
    };
    let entry = Entry {
        file,
        position,
        action,
        keys,
    };
    entry.check_allowed(&mut diagnostics);
    let target = entry.text_of(action, &mut diagnostics);
    let result = match action {
        "replace" => entry.replace(target, &mut diagnostics),
        "rewrite" | "insert_after" | "insert_before" => {
            let reference = entry.reference(target.as_ref(), &mut diagnostics);
            entry.with_text(reference, &mut diagnostics)
        }
        _ => {
            let reference = entry.reference(target.as_ref(), &mut diagnostics);
            entry.delete(reference, &mut diagnostics)
        }
    };
    let reason = entry.reason(&mut diagnostics);
    match result {
        Some(action) if !diagnostics.has_errors() => Ok(Change {
            position,
            action,
            reason,
        }),
        _ => Err(diagnostics),
    }
}

/// The known keys of a change (each unknown one reported); a change that is not a set of
/// keys is refused.
fn change_keys<'n, 'a>(
    file: &SourceFile,
    item: &'n Node<'a>,
    position: Position,
    diagnostics: &mut Diagnostics,
) -> Result<BTreeMap<&'static str, (&'n Node<'a>, &'n Node<'a>)>, Diagnostics> {
    let Some(entries) = yaml::entries(item) else {
        return Err(Diagnostic::at_position(
            file,
            position,
            yaml::width(item),
            format!("a change must be a set of keys, not {}", yaml::describe(item)),
        )
        .help("e.g. `- replace: expiry date` with `with: expiry or renewal date` on the next line, indented")
        .into());
    };
    let mut keys = BTreeMap::new();
    for (key, key_node, value) in &entries {
        match CHANGE_KEYS.iter().find(|k| **k == key.as_ref()) {
            Some(k) => {
                keys.insert(*k, (*key_node, *value));
            }
            None => diagnostics.push(unknown_key(file, key, key_node, CHANGE_KEYS, "change")),
        }
    }
    Ok(keys)
}

/// The one action a change names; `None` (with the problem reported) for none or two.
fn action_of(
    file: &SourceFile,
    position: Position,
    keys: &BTreeMap<&'static str, (&Node, &Node)>,
    diagnostics: &mut Diagnostics,
) -> Option<&'static str> {
    let actions: Vec<&'static str> = ACTION_KEYS.iter().copied().filter(|k| keys.contains_key(k)).collect();
    match actions.as_slice() {
        [one] => Some(*one),
        [] => {
            // An unknown key already reported is most likely the misspelt action.
            if !diagnostics.has_errors() {
                diagnostics.push(
                    Diagnostic::at_position(file, position, 1, "this change does not say what to do")
                        .help(format!("give it one of: {}", ACTION_KEYS.join(", "))),
                );
            }
            None
        }
        [_, second, ..] => {
            let (k, _) = keys[second];
            diagnostics.push(
                Diagnostic::at_position(
                    file,
                    yaml::position(k, 1),
                    second.len(),
                    format!("one change cannot both `{}` and `{second}`", actions[0]),
                )
                .help("split it into two changes, each its own `- ` item"),
            );
            None
        }
    }
}

impl Entry<'_, '_, '_> {
    /// Every key that does not go with the action, reported.
    fn check_allowed(&self, diagnostics: &mut Diagnostics) {
        let action = self.action;
        for (key, (k, _)) in &self.keys {
            if !allowed(action).contains(key) {
                diagnostics.push(
                    Diagnostic::at_position(
                        self.file,
                        yaml::position(k, 1),
                        key.len(),
                        format!("`{key}` does not go with `{action}`"),
                    )
                    .help(format!("a `{action}` change takes: {}", allowed(action).join(", "))),
                );
            }
        }
    }

    /// The words of `key:` (not empty), when the change has it.
    fn text_of(&self, key: &str, diagnostics: &mut Diagnostics) -> Option<Located<String>> {
        let (_, v) = self.keys.get(key)?;
        match yaml::text(v) {
            Some(s) if !s.trim().is_empty() => Some(located(v, s.into_owned())),
            _ => {
                let help = match key {
                    "replace" => "write the words to find, e.g. `replace: expiry date`",
                    "text" => "write the new text, e.g. `text: |` and the provision below it, indented",
                    _ => "write a reference such as F2.1 or \"Z:6.2\"",
                };
                diagnostics.push(at_node(self.file, v, not_text(key, v)).help(help));
                None
            }
        }
    }

    /// Reports a missing `key:` the action needs.
    fn require(&self, key: &str, diagnostics: &mut Diagnostics, help: &str) {
        if !self.keys.contains_key(key) {
            diagnostics.push(
                Diagnostic::at_position(
                    self.file,
                    self.position,
                    self.action.len(),
                    format!("a `{}` change needs `{key}:`", self.action),
                )
                .help(help.to_string()),
            );
        }
    }

    /// The target of a structural change, read once as a reference.
    fn reference(&self, target: Option<&Located<String>>, diagnostics: &mut Diagnostics) -> Option<WrittenReference> {
        let t = target?;
        match parse_reference(&t.value) {
            Ok(r) => Some(WrittenReference {
                written: t.clone(),
                reference: r,
            }),
            Err(why) => {
                diagnostics.push(
                    Diagnostic::at_position(self.file, t.position, t.width, why)
                        .help("references are written as in docs/format.md"),
                );
                None
            }
        }
    }

    /// `replace:` with its `with:`, `in:`, `except:`, `expect:` and `case:`.
    fn replace(&self, target: Option<Located<String>>, diagnostics: &mut Diagnostics) -> Option<Action> {
        let file = self.file;
        self.require("with", diagnostics, "add `with:` and the words that replace them");
        let with = match self.keys.get("with") {
            // `with: ""` deletes the words: allowed, so it is read without the non-empty check.
            Some((_, v)) => match yaml::text(v) {
                Some(s) => Some(located(v, s.into_owned())),
                None => {
                    diagnostics.push(
                        at_node(file, v, format!("`with:` must be text, not {}", yaml::describe(v)))
                            .help("write the replacement words; quote them if they contain `:` or `#`"),
                    );
                    None
                }
            },
            None => None,
        };
        let scope = references(file, &self.keys, "in", diagnostics);
        let except = references(file, &self.keys, "except", diagnostics);
        let expect = self.keys.get("expect").and_then(|(_, v)| match &v.data {
            YamlData::Value(saphyr::Scalar::Integer(n)) if *n >= 0 => Some(located(v, *n as usize)),
            _ => {
                diagnostics.push(
                    at_node(
                        file,
                        v,
                        format!("`expect:` must be a whole number, not {}", yaml::describe(v)),
                    )
                    .help("write how many occurrences the change must find, e.g. `expect: 4`"),
                );
                None
            }
        });
        let preserve_case = match self.keys.get("case") {
            None => false,
            Some((_, v)) => match yaml::text(v).as_deref() {
                Some("preserve") => true,
                Some("exact") => false,
                _ => {
                    diagnostics.push(
                        at_node(file, v, "`case:` must be `preserve` or `exact`")
                            .help("`case: preserve` also changes occurrences that start with a capital"),
                    );
                    false
                }
            },
        };
        match (target, with) {
            (Some(find), Some(with)) => Some(Action::Replace(super::Replace {
                find,
                with,
                scope,
                except,
                expect,
                preserve_case,
            })),
            _ => None,
        }
    }

    /// `rewrite:`, `insert_after:` or `insert_before:` with its `text:`.
    fn with_text(&self, reference: Option<WrittenReference>, diagnostics: &mut Diagnostics) -> Option<Action> {
        let help = match self.action {
            "rewrite" => "add `text: |` and, indented below it, the provision's whole new text",
            _ => "add `text: |` and, indented below it, the new provision or sub-paragraph",
        };
        self.require("text", diagnostics, help);
        let (target, text) = (reference, self.text_of("text", diagnostics));
        match (target, text, self.action) {
            (Some(target), Some(text), "rewrite") => Some(Action::Rewrite { target, text }),
            (Some(target), Some(text), action) => Some(Action::Insert {
                target,
                text,
                after: action == "insert_after",
            }),
            _ => None,
        }
    }

    /// `delete:` with its `leave:`.
    fn delete(&self, reference: Option<WrittenReference>, diagnostics: &mut Diagnostics) -> Option<Action> {
        let leave_nothing = match self.keys.get("leave") {
            None => false,
            Some((_, v)) => match yaml::text(v).as_deref().map(str::trim) {
                Some("nothing") => true,
                Some("not used") | Some("Not used") => false,
                _ => {
                    diagnostics.push(
                        at_node(self.file, v, "`leave:` must be `nothing` or `not used`")
                            .help("by default a deleted provision stays as its number and \"Not used\"; `leave: nothing` removes it entirely"),
                    );
                    false
                }
            },
        };
        reference.map(|target| Action::Delete { target, leave_nothing })
    }

    /// `reason:`, as one line.
    fn reason(&self, diagnostics: &mut Diagnostics) -> Option<Located<String>> {
        let (_, v) = self.keys.get("reason")?;
        match yaml::text(v) {
            Some(s) if !s.trim().is_empty() => Some(located(v, one_line(&s))),
            _ => {
                diagnostics.push(
                    at_node(self.file, v, not_text("reason", v))
                        .help("say why the change is made, in the Change Board's words, or leave `reason:` out"),
                );
                None
            }
        }
    }
}

/// A reason as one line of prose: a folded or literal block's line breaks become spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `keep:` — a list of `at:` (a reference) and `reason:` (why the leftovers there stay).
fn keeps(file: &SourceFile, node: &Node, diagnostics: &mut Diagnostics) -> Vec<super::Keep> {
    let help = "write each as `- at: F6.3` with `reason: expiry of an SMKI Certificate` on the next line, indented";
    let YamlData::Sequence(items) = &node.data else {
        diagnostics.push(
            at_node(
                file,
                node,
                format!("`keep:` must be a list, not {}", yaml::describe(node)),
            )
            .help(help),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Some(entries) = yaml::entries(item) else {
            diagnostics.push(
                at_node(
                    file,
                    item,
                    format!("a `keep:` entry must be a set of keys, not {}", yaml::describe(item)),
                )
                .help(help),
            );
            continue;
        };
        let (mut at, mut reason) = (None, None);
        for (key, key_node, value) in &entries {
            match key.as_ref() {
                "at" | "reason" => match yaml::text(value) {
                    Some(t) if !t.trim().is_empty() => {
                        if key == "at" {
                            match parse_reference(t.trim()) {
                                Ok(reference) => {
                                    at = Some(WrittenReference {
                                        written: located(value, t.trim().to_string()),
                                        reference,
                                    })
                                }
                                Err(why) => diagnostics.push(
                                    at_node(file, value, why).help("quote references that contain `:`, e.g. \"Z:8.3\""),
                                ),
                            }
                        } else {
                            reason = Some(located(value, one_line(&t)));
                        }
                    }
                    _ => diagnostics.push(at_node(file, value, not_text(key, value)).help(help)),
                },
                other => diagnostics.push(unknown_key(file, other, key_node, &["at", "reason"], "keep entry")),
            }
        }
        match (at, reason) {
            (Some(at), Some(reason)) => out.push(super::Keep { at, reason }),
            (None, _) if !diagnostics.has_errors() => diagnostics.push(
                Diagnostic::at_position(file, yaml::position(item, 1), 1, "this `keep:` entry has no `at:`").help(help),
            ),
            (_, None) if !diagnostics.has_errors() => diagnostics.push(
                Diagnostic::at_position(file, yaml::position(item, 1), 1, "this `keep:` entry has no `reason:`")
                    .help("say why the words there stay, e.g. `reason: expiry of an SMKI Certificate`"),
            ),
            _ => {}
        }
    }
    out
}

fn located<T>(node: &Node, value: T) -> Located<T> {
    Located {
        value,
        position: yaml::position(node, 1),
        width: yaml::width(node),
    }
}

/// `in:`/`except:` as one reference or a list of them, each checked for form.
fn references(
    file: &SourceFile,
    keys: &BTreeMap<&str, (&Node, &Node)>,
    key: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<WrittenReference> {
    let Some((_, v)) = keys.get(key) else { return Vec::new() };
    let items: Vec<&Node> = match &v.data {
        YamlData::Sequence(items) => items.iter().collect(),
        _ => vec![*v],
    };
    let mut out = Vec::new();
    for item in items {
        match yaml::text(item) {
            Some(s) => match parse_reference(&s) {
                Ok(reference) => out.push(WrittenReference {
                    written: located(item, s.into_owned()),
                    reference,
                }),
                Err(why) => {
                    diagnostics.push(at_node(file, item, why).help("quote references that contain `:`, e.g. \"Z:6.2\""))
                }
            },
            None => diagnostics.push(
                at_node(
                    file,
                    item,
                    format!("`{key}:` must hold references, not {}", yaml::describe(item)),
                )
                .help("write a reference such as F, F2, F2.1 or \"Z:6.2\", or a list of them in [ ]"),
            ),
        }
    }
    out
}

/// Why `build` refuses a change-set with `changes: []`, located at its `changes:` key.
pub fn no_changes(set: &ChangeSet) -> Diagnostic {
    let message = format!(
        "{} has no changes (`changes: []`): there is nothing to redline, so no annex is written",
        set.modification
    );
    match set.changes_at {
        Some(at) => Diagnostic::at_position(&set.file, at, "changes:".len(), message),
        None => Diagnostic::file_error(&set.file.path, message),
    }
    .help("add the modification's changes under `changes:`; `check` of an empty change-set validates the text folder alone")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_ids() {
        assert!(check_date("2022-06-22").is_ok());
        assert!(check_date("2024-02-29").is_ok());
        assert!(check_date("2023-02-29").is_err());
        assert!(check_date("22-06-2022").is_err());
        assert!(check_id("MP209").is_ok());
        assert!(check_id("MP209a.1").is_ok());
        for bad in ["../x", "a/b", "..", ".hidden", "MP 209", "a\\b"] {
            assert!(check_id(bad).is_err(), "{bad}");
        }
    }
}
