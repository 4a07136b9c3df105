//! The command line: clap definitions only.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Turns a modification of the Smart Energy Code into its redlined legal text and clean consolidated text.
#[derive(Debug, Parser)]
#[command(name = "sec-redline", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply change-sets and write output/<modification>/ (consolidated text of each changed document).
    ///
    /// Each change-set is applied to the base text on its own. Nothing is written unless every
    /// change-set is valid; each output folder is replaced as a whole, never half-written.
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
    },
    /// Check change-sets against the text and report what each change would do; writes nothing.
    Check {
        /// Change-set files (YAML), e.g. changes/mp209.yaml.
        #[arg(required = true, value_name = "CHANGESET")]
        changesets: Vec<PathBuf>,
        /// Folder holding the Code's Markdown documents.
        #[arg(long, value_name = "DIR", default_value = "sec-text")]
        text: PathBuf,
    },
}
