//! The `sec-redline` command: parse arguments, call the library, map errors to exit codes.

use clap::Parser;
use sec_redline::cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build { changesets, text, out } => sec_redline::build(&changesets, &text, &out).map(|built| {
            for (checked, folder) in built {
                println!(
                    "{}: {} change(s) applied; wrote {}",
                    checked.changeset.modification,
                    checked.reports.len(),
                    folder.display()
                );
                for name in &checked.changed {
                    println!("  consolidated/{name}");
                }
            }
        }),
        Command::Check { changesets, text } => sec_redline::check(&changesets, &text).map(|checked| {
            for c in checked {
                println!(
                    "{}: {} ({} change(s)) is valid",
                    c.changeset.modification,
                    c.changeset.file.path.display(),
                    c.reports.len()
                );
                for r in &c.reports {
                    let change = &c.changeset.changes[r.change];
                    println!(
                        "  line {}: {} at {}",
                        change.position.line,
                        change.action.key(),
                        r.addresses.join(", ")
                    );
                }
            }
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(diagnostics) => {
            eprint!("{diagnostics}");
            let n = diagnostics.errors();
            eprintln!(
                "error: {n} problem{} found; nothing was written",
                if n == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
    }
}
