//! Change-sets: one modification's changes to the Code, loaded from YAML with every value located.

mod apply;
pub mod checks;
mod load;
mod numbering;
mod regions;
mod structure;

pub use apply::{Applied, ChangeReport, apply};
pub use load::{check_date, load, load_source};
pub use structure::suggest;

use crate::diagnostics::{Position, SourceFile};

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
    pub changes: Vec<Change>,
}

/// One entry of `changes:`.
#[derive(Debug, Clone)]
pub struct Change {
    /// Where the entry starts (its `-` item).
    pub position: Position,
    pub action: Action,
}

/// What a change does.
#[derive(Debug, Clone)]
pub enum Action {
    /// A terminology edit: every whole-word occurrence of `find` in scope becomes `with`.
    Replace {
        find: Located<String>,
        with: Located<String>,
        scope: Vec<Located<String>>,
        except: Vec<Located<String>>,
        expect: Option<Located<usize>>,
        preserve_case: bool,
    },
    /// The whole new text of one provision or sub-paragraph.
    Rewrite {
        target: Located<String>,
        text: Located<String>,
    },
    /// A new provision or sub-paragraph after (or before) the target.
    Insert {
        target: Located<String>,
        text: Located<String>,
        after: bool,
    },
    /// Removes a provision or sub-paragraph: by default it stays as its number and "Not used".
    Delete {
        target: Located<String>,
        leave_nothing: bool,
    },
}

impl Action {
    /// The key that names the action, as written in YAML.
    pub fn key(&self) -> &'static str {
        match self {
            Action::Replace { .. } => "replace",
            Action::Rewrite { .. } => "rewrite",
            Action::Insert { after: true, .. } => "insert_after",
            Action::Insert { after: false, .. } => "insert_before",
            Action::Delete { .. } => "delete",
        }
    }
}
