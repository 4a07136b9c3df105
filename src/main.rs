//! The `sec-redline` command: parse arguments, call the library, map errors to exit codes.

use clap::Parser;
use sec_redline::Options;
mod cli;

use cli::{Cli, Command};
use sec_redline::release;
use std::process::ExitCode;

/// `println!` that ends the program quietly when the reader has gone (`check … | head`):
/// a closed pipe is not an error of the user's input.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            eprintln!("error: cannot write the output: {e}");
            std::process::exit(1);
        }
    }};
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            changesets,
            text,
            out,
            view,
        } => {
            let options = Options {
                text,
                out,
                context: view.context.into(),
                redline: view.redline.into(),
                templates: Some(view.templates),
            };
            sec_redline::build(&changesets, &options).map(|built| {
                for (prepared, folder) in built {
                    eprint!("{}", prepared.checked.warnings);
                    let c = &prepared.checked;
                    say!(
                        "{}: {} applied; wrote {}",
                        c.changeset.modification,
                        changes(c.reports.len()),
                        folder.display()
                    );
                    for f in &prepared.files {
                        say!("  {}", f.path.display());
                    }
                }
            })
        }
        Command::Compare {
            old,
            new,
            from,
            to,
            text,
            out,
            author,
            date,
            view,
        } => {
            let options = Options {
                out,
                context: view.context.into(),
                redline: view.redline.into(),
                templates: Some(view.templates),
                ..Options::default()
            };
            let stamp = sec_redline::Stamp {
                author,
                date: date.unwrap_or_default(),
            };
            let compared = match (old, new, from, to) {
                (Some(old), Some(new), _, _) => sec_redline::compare(&old, &new, &stamp, &options),
                (_, _, Some(from), Some(to)) => release::compare_versions(&text, &from, &to, &stamp, &options),
                // clap requires OLD and NEW, or --from and --to.
                _ => unreachable!("clap checks the arguments of compare"),
            };
            compared.map(|(folder, files)| {
                say!("wrote {}", folder.display());
                for f in &files {
                    say!("  {}", f.path.display());
                }
            })
        }
        Command::Release {
            release: file,
            text,
            changes,
            out,
            apply,
            templates,
        } => {
            let options = release::ReleaseOptions {
                text: text.clone(),
                changes,
                out,
                templates: Some(templates),
            };
            release::release(&file, &options, apply, release::failure_from_env()).map(|(p, folder)| {
                eprint!("{}", p.warnings);
                say!(
                    "{}: version {} (from {}), in force from {}",
                    p.release.release,
                    p.version.id,
                    p.previous,
                    p.release.date.value
                );
                for m in &p.modifications {
                    say!("  {}: {} change(s) from {}", m.id, m.changes, m.path.display());
                }
                say!("wrote {}", folder.display());
                for f in &p.files {
                    say!("  {}", f.path.display());
                }
                if apply {
                    say!(
                        "{} now reads as version {}; version {} is kept in its history",
                        text.display(),
                        p.version.id,
                        p.previous
                    );
                }
            })
        }
        Command::Text { as_at, text, out } => release::text_as_at(&text, &as_at, &out).map(|(version, files)| {
            say!(
                "version {} was in force on {as_at}; wrote {}",
                version.id,
                out.display()
            );
            for f in &files {
                say!("  {}", f.path.display());
            }
        }),
        Command::Publish { text, out, changes } => {
            sec_redline::publish::publish(&sec_redline::publish::PublishOptions { text, out, changes })
                .map(|(folder, files)| say!("wrote {} ({} files)", folder.display(), files.len()))
        }
        Command::Import { docx, id, out, strict } => {
            sec_redline::import(&docx, id.as_deref(), &out, strict).map(|(imported, path)| {
                eprint!("{}", imported.warnings);
                say!(
                    "{} {} ({}), version {}: wrote {}",
                    imported.kind.as_str(),
                    imported.id,
                    imported.title,
                    imported.version,
                    path.display()
                );
            })
        }
        Command::FromWord {
            docx,
            text,
            out,
            modification,
            id,
        } => sec_redline::from_word(&docx, &text, out.as_deref(), modification.as_deref(), id.as_deref()).map(|made| {
            eprint!("{}", made.warnings);
            say!(
                "{}: {} from {} tracked change(s); wrote {}",
                made.modification,
                changes(made.changes),
                made.tracked,
                made.path.display()
            );
        }),
        Command::History { reference, text } => release::History::load(&text)
            .and_then(|h| h.amendments(&reference))
            .map(|lines| {
                if lines.is_empty() {
                    eprintln!("{reference} has not changed since the base version");
                }
                for a in lines {
                    say!(
                        "{}  {}  {}  {}  {}",
                        a.version,
                        a.date,
                        a.release,
                        a.modifications.join(", "),
                        a.effects.join(", ")
                    );
                }
            }),
        Command::Check {
            changesets,
            text,
            number_after,
            number_before,
        } => {
            let asked = number_after.map(|r| (r, true)).or(number_before.map(|r| (r, false)));
            match asked {
                Some((reference, after)) => sec_redline::suggest_number(&text, &reference, after).map(|n| say!("{n}")),
                None => sec_redline::check(&changesets, &text).map(|checked| {
                    for c in checked {
                        eprint!("{}", c.warnings);
                        print_check(&c);
                    }
                }),
            }
        }
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

/// What `check` found: where each change applied, and what the terminology audit left.
fn print_check(c: &sec_redline::Checked) {
    say!(
        "{}: {} ({}) is valid",
        c.changeset.modification,
        c.changeset.file.path.display(),
        changes(c.reports.len())
    );
    for r in &c.reports {
        let change = &c.changeset.changes[r.change];
        say!("  line {}: {}", change.position.line, change.describe(&r.addresses));
    }
    if !c.leftovers.is_empty() {
        say!("  left unchanged (terminology audit):");
        for l in &c.leftovers {
            say!("    {}-: {} \"{}\": {}", l.term, l.address, l.word, l.reason_text);
        }
    }
}

/// `1 change`, `9 changes`.
fn changes(n: usize) -> String {
    if n == 1 {
        "1 change".to_string()
    } else {
        format!("{n} changes")
    }
}
