//! Change-sets: one modification's changes to the Code, loaded from YAML with every value located.

mod apply;
pub mod checks;
mod hints;
mod load;
mod numbering;
mod phrase;
mod regions;
mod report;
mod splice;
mod structure;
pub(crate) mod title_case;

pub use apply::{Applied, apply, apply_listing};
pub use load::{Header, check_date, check_id, declared, load, load_source, no_changes};
pub use report::{ChangeReport, Reported};
pub use structure::{suggest, suggest_help};

use crate::corpus::reference::Reference;
use crate::diagnostics::{Diagnostic, Position, SourceFile};

/// A value from the change-set file with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub position: Position,
    /// Characters to underline.
    pub width: usize,
}

/// One modification, as its drafter wrote it.
#[derive(Debug, Clone)]
pub struct ChangeSet {
    pub file: SourceFile,
    pub modification: String,
    pub title: String,
    /// The annex letter, `A` unless the file says otherwise.
    pub annex: String,
    /// Name on tracked changes.
    pub author: String,
    /// `YYYY-MM-DD`: date on tracked changes and the annex cover.
    pub date: String,
    /// `audit: strict`: leftovers of a replaced term that nothing explains are errors.
    pub strict: bool,
    /// `classification:` printed at the top of the annex (e.g. `White`).
    pub classification: Option<String>,
    /// `annex_version:` the annex's own version, printed on its cover.
    pub annex_version: Option<String>,
    /// `keep:` leftovers of replaced terms that stay on purpose, and why.
    pub keep: Vec<Keep>,
    /// `base: "1.0"`: the version of the Code it was drafted against.
    pub base: Option<Located<String>>,
    /// `after: [MP209]`: modifications it was drafted on top of.
    pub after: Vec<Located<String>>,
    pub changes: Vec<Change>,
    /// Where the `changes:` key is, as the YAML parser read it.
    pub changes_at: Option<Position>,
    /// Where each change that failed to load starts: it was left out of `changes`.
    pub skipped: Vec<Position>,
}

/// One entry of `changes:`.
#[derive(Debug, Clone)]
pub struct Change {
    /// Where the entry starts (its `-` item).
    pub position: Position,
    pub action: Action,
    /// `reason:` why the change is made, in the Change Board's words (one line).
    pub reason: Option<Located<String>>,
}

/// A reference written in a change-set (`F2.3`, `"Z:6.2"`, `F2.1(b)`), read once when the
/// change-set is loaded; it reads as the located text it was written as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenReference {
    pub written: Located<String>,
    pub reference: Reference,
}

impl std::ops::Deref for WrittenReference {
    type Target = Located<String>;
    fn deref(&self) -> &Located<String> {
        &self.written
    }
}

/// A `keep:` entry: the terminology audit's leftovers at `at` are deliberate, for `reason`.
#[derive(Debug, Clone)]
pub struct Keep {
    pub at: WrittenReference,
    pub reason: Located<String>,
}

/// What a change does.
#[derive(Debug, Clone)]
pub enum Action {
    /// A terminology edit: every whole-word occurrence of `find` in scope becomes `with`.
    Replace(Replace),
    /// The whole new text of one provision or sub-paragraph.
    Rewrite {
        target: WrittenReference,
        text: Located<String>,
    },
    /// A new provision or sub-paragraph after (or before) the target.
    Insert {
        target: WrittenReference,
        text: Located<String>,
        after: bool,
    },
    /// Removes a provision or sub-paragraph: by default it stays as its number and "Not used".
    Delete {
        target: WrittenReference,
        leave_nothing: bool,
    },
}

/// A terminology edit (`replace:`): every whole-word occurrence of `find` in scope (`in:`,
/// less `except:`) becomes `with`; `expect:` is how many there must be.
#[derive(Debug, Clone)]
pub struct Replace {
    pub find: Located<String>,
    pub with: Located<String>,
    pub scope: Vec<WrittenReference>,
    pub except: Vec<WrittenReference>,
    pub expect: Option<Located<usize>>,
    pub preserve_case: bool,
}

impl Replace {
    /// Applies the edit to the edition as it stands: the places it changed.
    fn apply(
        &self,
        edition: &mut crate::corpus::Edition,
        set: &ChangeSet,
    ) -> Result<Vec<Reported>, crate::diagnostics::Diagnostics> {
        apply::replace(edition, set, self)
    }
}

impl Change {
    /// What the change did, in the drafter's words, given the places its report lists:
    /// `after Z:6.4: new 6.4A`, `replaced 'expiry' at F3.8, Z:4.3 (2 times)`.
    pub fn describe(&self, places: &[Reported]) -> String {
        let list = places.iter().map(|p| p.shown.as_str()).collect::<Vec<_>>().join(", ");
        // The target names the document already; the new number is shown as printed.
        let printed = |p: &Reported| {
            let number = p.place.unit.number().unwrap_or_default();
            format!("{number}{}", crate::corpus::sub_path(&p.place.path))
        };
        match &self.action {
            Action::Replace(Replace { find, with, .. }) => {
                let verb = if with.value.trim().is_empty() {
                    "deleted"
                } else {
                    "replaced"
                };
                match places.len() {
                    1 => format!("{verb} '{}' at {list}", find.value),
                    n => format!("{verb} '{}' at {list} ({n} times)", find.value),
                }
            }
            Action::Insert { target, after, .. } => format!(
                "{} {}: new {}",
                if *after { "after" } else { "before" },
                target.value,
                places.iter().map(printed).collect::<Vec<_>>().join(", ")
            ),
            Action::Rewrite { .. } => format!("rewrote {list}"),
            Action::Delete {
                leave_nothing: true, ..
            } => format!("removed {list} entirely"),
            Action::Delete { .. } => format!("deleted {list}: it stays as its number and \"Not used\""),
        }
    }
}

/// An error located at a value of the change-set.
pub(super) fn at(set: &ChangeSet, value: &Located<String>, message: impl Into<String>) -> Diagnostic {
    Diagnostic::at_position(&set.file, value.position, value.width, message)
}
