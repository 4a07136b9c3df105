//! The command line: clap definitions only.

use clap::{Args, Parser, Subcommand, ValueEnum};
use sec_redline::annex::Context;
use sec_redline::render::docx::Redline;
use std::path::PathBuf;

/// Turns a modification of the Smart Energy Code into its redlined legal text and clean consolidated text.
#[derive(Debug, Parser)]
#[command(
    name = "sec-redline",
    version,
    about,
    long_about = None,
    after_help = "Examples:
  sec-redline build changes/mp209.yaml          # writes output/MP209/: annex-a.docx, annex-a.html, consolidated/
  sec-redline check changes/mp209.yaml          # what each change would do; writes nothing
  sec-redline check --number-after F2.3         # the number a provision inserted after F2.3 takes
  sec-redline compare old/section-f.md sec-text/section-f.md
  sec-redline release releases/2022-08-adhoc.yaml  # writes output/2022-08-adhoc/; --apply makes version 1.1 current
  sec-redline text --as-at 2022-09-01 --out code-2022-09-01   # the Code as it stood that day
  sec-redline history F2.1                      # each version in which F2.1 changed, and by what

The legal text (sec-text/*.md), change-sets (changes/*.yaml), releases (releases/*.yaml) and the
history folder (sec-text/history/) are explained in docs/format.md."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply change-sets and write output/<modification>/: the redlined Annex as DOCX (Word
    /// tracked changes) and HTML, and the consolidated text of each changed document.
    ///
    /// Each change-set is applied to the base text on its own. Nothing is written unless every
    /// change-set is valid; each output folder is replaced as a whole, never half-written.
    #[command(after_help = "Example:
  sec-redline build changes/mp209.yaml --text sec-text --out output
  # writes output/MP209/annex-a.docx, annex-a.html and consolidated/<file>.md

Change-sets are explained in docs/format.md.")]
    Build {
        /// Change-set files (YAML), e.g. changes/mp209.yaml.
        #[arg(required = true, value_name = "CHANGESET")]
        changesets: Vec<PathBuf>,
        /// Folder holding the Code's Markdown documents.
        #[arg(long, value_name = "DIR", default_value = "sec-text")]
        text: PathBuf,
        /// Folder the output folders are written under.
        #[arg(long, value_name = "DIR", default_value = "output")]
        out: PathBuf,
        /// Write every occurrence the terminology audit leaves unchanged to FILE (the annex
        /// lists the first 20 of each term and counts the rest).
        #[arg(long, value_name = "FILE")]
        audit_file: Option<PathBuf>,
        #[command(flatten)]
        view: View,
    },
    /// Check change-sets against the text and report what each change would do; writes nothing.
    #[command(after_help = "Examples:
  sec-redline check changes/mp209.yaml
  # MP209: changes/mp209.yaml (10 changes) is valid
  #   line 42: replaced 'expiry' at F3.8
  sec-redline check --number-after F2.3         # prints F2.3A
  sec-redline check --number-after \"F2.1(b)\"    # prints F2.1(c), or F2.1(ba) if (c) exists

Numbering of inserted provisions is explained in docs/format.md.")]
    Check {
        /// Change-set files (YAML), e.g. changes/mp209.yaml.
        #[arg(required_unless_present_any = ["number_after", "number_before"], value_name = "CHANGESET")]
        changesets: Vec<PathBuf>,
        /// Print the number (or label) a provision (or sub-paragraph) inserted after REF would take.
        #[arg(long, value_name = "REF", conflicts_with = "number_before")]
        number_after: Option<String>,
        /// Print the number (or label) a provision (or sub-paragraph) inserted before REF would take.
        #[arg(long, value_name = "REF")]
        number_before: Option<String>,
        /// Folder holding the Code's Markdown documents.
        #[arg(long, value_name = "DIR", default_value = "sec-text")]
        text: PathBuf,
        /// Write every occurrence the terminology audit leaves unchanged to FILE (the output
        /// lists the first 20 of each term and counts the rest).
        #[arg(long, value_name = "FILE")]
        audit_file: Option<PathBuf>,
    },

    /// Redline two versions of one document (no change-set), matching provisions by number.
    ///
    /// Writes <out>/compare-<old>-<new>/redline.docx and redline.html.
    ///
    /// With --from and --to instead: redline the whole Code between two of its versions
    /// (from the text folder's history), into <out>/compare-<from>-<to>/.
    #[command(after_help = "Example:
  sec-redline compare v1/section-f.md sec-text/section-f.md --author SECAS --date 2024-06-27
  # writes output/compare-section-f-section-f/redline.docx and redline.html")]
    Compare {
        /// The earlier version (Markdown, as in sec-text/).
        #[arg(required_unless_present_all = ["from", "to"], conflicts_with_all = ["from", "to"])]
        old: Option<PathBuf>,
        /// The later version.
        #[arg(required_unless_present_all = ["from", "to"])]
        new: Option<PathBuf>,
        /// The earlier version of the Code: a version (1.0) or a date it was in force (YYYY-MM-DD).
        #[arg(long, value_name = "VERSION|DATE", requires = "to")]
        from: Option<String>,
        /// The later version of the Code: a version (1.1) or a date (YYYY-MM-DD).
        #[arg(long, value_name = "VERSION|DATE", requires = "from")]
        to: Option<String>,
        /// Folder holding the Code's Markdown and its history (for --from/--to).
        #[arg(long, value_name = "DIR", default_value = "sec-text")]
        text: PathBuf,
        /// Folder the output folder is written under.
        #[arg(long, value_name = "DIR", default_value = "output")]
        out: PathBuf,
        /// Author of the tracked changes, as Word's Review pane shows it [default: with
        /// --from/--to, the release that made the later version; else "sec-redline compare"].
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
        /// Date of the tracked changes (YYYY-MM-DD) [default: with --from/--to, the day the
        /// later version came into force; else the fixed placeholder 1980-01-01].
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<String>,
        #[command(flatten)]
        view: View,
    },
    /// Apply a release's modifications in order and write <out>/<release>/: the whole release
    /// as one redline (annex.docx, annex.html; each change attributed to its modification),
    /// each changed document as the new version (consolidated/), and effects.csv.
    ///
    /// Conflicts between the modifications are all reported and nothing is written. With
    /// --apply the new version also becomes current in the text folder, and the one before
    /// is kept in its history folder (all or nothing).
    Release {
        /// The release file (YAML), e.g. releases/2022-08-adhoc.yaml.
        release: PathBuf,
        /// Folder holding the Code's Markdown and its history.
        #[arg(long, value_name = "DIR", default_value = "sec-text")]
        text: PathBuf,
        /// Folder holding the modifications' change-sets.
        #[arg(long, value_name = "DIR", default_value = "changes")]
        changes: PathBuf,
        /// Folder the release's output folder is written under.
        #[arg(long, value_name = "DIR", default_value = "output")]
        out: PathBuf,
        /// Make the new version current in the text folder, keeping the one before in its history.
        #[arg(long)]
        apply: bool,
        /// Folder that may hold annex.html.tera to replace the built-in HTML template.
        #[arg(long, value_name = "DIR", default_value = "templates")]
        templates: PathBuf,
    },
    /// Write the Code as it stood on a day (the version then in force) into a folder.
    Text {
        /// The day (YYYY-MM-DD); a version is in force from its date until the next one's.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = sec_redline::date::Date::parse)]
        as_at: sec_redline::date::Date,
        /// Folder holding the Code's Markdown and its history.
        #[arg(long, value_name = "DIR", default_value = "sec-text")]
        text: PathBuf,
        /// A new folder to write the documents into (replaced as a whole).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// List each version in which a provision, Part or sub-paragraph changed, oldest first:
    /// version, in force from, release, modifications, what was done.
    History {
        /// A reference: F2.1, "Z:6.4", F2.1(b), F2.
        reference: String,
        /// Folder holding the Code's Markdown and its history.
        #[arg(long, value_name = "DIR", default_value = "sec-text")]
        text: PathBuf,
    },
    /// Write a static website of the Code: every document of every version, amendment notes,
    /// each release's redline, search and downloads.
    #[command(after_help = "Example:
  sec-redline publish --text sec-text --out output/site
  # then open output/site/index.html, or serve the folder: python3 -m http.server -d output/site")]
    Publish {
        /// Folder holding the Code's Markdown and its history.
        #[arg(long, value_name = "DIR", default_value = "sec-text")]
        text: PathBuf,
        /// The site's folder (replaced as a whole).
        #[arg(long, value_name = "DIR", default_value = "output/site")]
        out: PathBuf,
        /// Change-sets, read for the titles of the modifications in amendment notes.
        #[arg(long, value_name = "DIR", default_value = "changes")]
        changes: PathBuf,
    },
    /// Read a Word document (.docx) into a document of the Code's text (Markdown), its
    /// provision numbers resolved as Word prints them.
    ///
    /// Writes <out>/<kind>-<id>.md (e.g. sec-text/section-f.md). What the Markdown cannot hold
    /// (an image, a field, a text box, a comment, a numbered paragraph outside the Code's
    /// scheme) is a warning naming its paragraph; with --strict it is an error and nothing
    /// is written.
    #[command(after_help = "Examples:
  sec-redline import \"Section F.docx\"              # writes sec-text/section-f.md
  sec-redline import appendix.docx --id Z --out /tmp/code --strict

What is read, and how numbers are resolved, is explained in docs/format.md.")]
    Import {
        /// The Word document.
        docx: PathBuf,
        /// The document's id (letters), where its heading does not say (`Section F: …`).
        #[arg(long, value_name = "F")]
        id: Option<String>,
        /// Folder the Markdown document is written into.
        #[arg(long, value_name = "DIR", default_value = "sec-text")]
        out: PathBuf,
        /// Anything that cannot be imported exactly is an error, and nothing is written.
        #[arg(long)]
        strict: bool,
    },
    /// Turn the tracked changes of a Word redline of the Code (e.g. the published clean DOCX
    /// edited with Track Changes on) into a change-set.
    ///
    /// The redline's text with every change rejected must be a document of the text folder;
    /// the change-set written reproduces its text with every change accepted.
    #[command(after_help = "Example:
  sec-redline from-word section-f-redline.docx --out changes/mp400.yaml
  sec-redline check changes/mp400.yaml

How changes are chosen is explained in docs/format.md.")]
    FromWord {
        /// The Word redline.
        docx: PathBuf,
        /// Folder holding the Code's Markdown documents.
        #[arg(long, value_name = "DIR", default_value = "sec-text")]
        text: PathBuf,
        /// The change-set file to write (default: changes/<modification>.yaml).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The modification's id (default: the redline's file name, in capitals).
        #[arg(long, value_name = "ID")]
        modification: Option<String>,
        /// The document's id (letters), where the redline's heading does not say.
        #[arg(long, value_name = "F")]
        id: Option<String>,
    },
}

fn parse_date(v: &str) -> Result<String, String> {
    sec_redline::changeset::check_date(v).map(|()| v.to_string())
}

/// How the annex is shown.
#[derive(Debug, Args)]
pub struct View {
    /// `changed`: changed provisions with their Part headings; `full`: whole documents.
    #[arg(long, value_enum, default_value = "changed")]
    pub context: ContextArg,
    /// `tracked`: Word tracked changes in the DOCX; `formatted`: static underline and strikethrough.
    #[arg(long, value_enum, default_value = "tracked")]
    pub redline: RedlineArg,
    /// Folder that may hold annex.html.tera to replace the built-in HTML template.
    #[arg(long, value_name = "DIR", default_value = "templates")]
    pub templates: PathBuf,
}

/// `--context`: the command line's names for [`Context`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ContextArg {
    /// Changed provisions, with their Part headings; "…" where text is left out.
    Changed,
    /// Whole documents.
    Full,
}

impl From<ContextArg> for Context {
    fn from(c: ContextArg) -> Context {
        match c {
            ContextArg::Changed => Context::Changed,
            ContextArg::Full => Context::Full,
        }
    }
}

/// `--redline`: the command line's names for [`Redline`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RedlineArg {
    /// Word tracked changes a reviewer can accept or reject.
    Tracked,
    /// Static formatting: insertions underlined, deletions struck through, in colour.
    Formatted,
}

impl From<RedlineArg> for Redline {
    fn from(r: RedlineArg) -> Redline {
        match r {
            RedlineArg::Tracked => Redline::Tracked,
            RedlineArg::Formatted => Redline::Formatted,
        }
    }
}
