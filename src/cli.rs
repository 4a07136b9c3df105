//! The command line: clap definitions only.

use crate::annex::Context;
use crate::render::docx::Redline;
use clap::{Args, Parser, Subcommand};
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

The legal text (sec-text/*.md) and change-sets (changes/*.yaml) are explained in docs/format.md."
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
        #[command(flatten)]
        view: View,
    },
    /// Check change-sets against the text and report what each change would do; writes nothing.
    #[command(after_help = "Examples:
  sec-redline check changes/mp209.yaml
  # MP209: changes/mp209.yaml (9 changes) is valid
  #   line 65: after Z:6.4: new 6.4A
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
    },

    /// Redline two versions of one document (no change-set), matching provisions by number.
    ///
    /// Writes <out>/compare-<old>-<new>/redline.docx and redline.html.
    #[command(after_help = "Example:
  sec-redline compare v1/section-f.md sec-text/section-f.md --author SECAS --date 2024-06-27
  # writes output/compare-section-f-section-f/redline.docx and redline.html")]
    Compare {
        /// The earlier version (Markdown, as in sec-text/).
        old: PathBuf,
        /// The later version.
        new: PathBuf,
        /// Folder the output folder is written under.
        #[arg(long, value_name = "DIR", default_value = "output")]
        out: PathBuf,
        /// Author of the tracked changes, as Word's Review pane shows it.
        #[arg(long, value_name = "NAME", default_value = "sec-redline compare")]
        author: String,
        /// Date of the tracked changes (YYYY-MM-DD); without it, the fixed placeholder 1980-01-01.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<String>,
        #[command(flatten)]
        view: View,
    },
}

fn parse_date(v: &str) -> Result<String, String> {
    crate::changeset::check_date(v).map(|()| v.to_string())
}

/// How the annex is shown.
#[derive(Debug, Args)]
pub struct View {
    /// `changed`: changed provisions with their Part headings; `full`: whole documents.
    #[arg(long, value_enum, default_value = "changed")]
    pub context: Context,
    /// `tracked`: Word tracked changes in the DOCX; `formatted`: static underline and strikethrough.
    #[arg(long, value_enum, default_value = "tracked")]
    pub redline: Redline,
    /// Folder that may hold annex.html.tera to replace the built-in HTML template.
    #[arg(long, value_name = "DIR", default_value = "templates")]
    pub templates: PathBuf,
}
