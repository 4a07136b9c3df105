//! The `sec-redline` command: parse arguments, call the library, map errors to exit codes.

use clap::Parser;
use sec_redline::Options;
mod cli;

use cli::{Cli, Command};
use sec_redline::release;
use std::path::{Path, PathBuf};
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

type Outcome = Result<(), sec_redline::diagnostics::Diagnostics>;

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(diagnostics) => fail(&diagnostics),
    }
}

/// Runs one command, printing what it wrote.
fn run(command: Command) -> Outcome {
    match command {
        Command::Build {
            changesets,
            text,
            out,
            audit_file,
            view,
        } => build(&changesets, text, out, audit_file.as_deref(), view),
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
        } => compare((old, new), (from, to), &text, out, (author, date), view),
        Command::Release {
            release: file,
            text,
            changes,
            out,
            apply,
            templates,
        } => release(&file, text, changes, out, apply, templates),
        Command::Text { as_at, text, out } => text_as_at(&text, as_at, &out),
        Command::Publish { text, out, changes } => {
            sec_redline::publish::publish(&sec_redline::publish::PublishOptions { text, out, changes })
                .map(|(folder, files)| say!("wrote {} ({} files)", folder.display(), files.len()))
        }
        Command::Import { docx, id, out, strict } => import(&docx, id.as_deref(), &out, strict),
        Command::FromWord {
            docx,
            text,
            out,
            modification,
            id,
        } => from_word(&docx, &text, out.as_deref(), modification.as_deref(), id.as_deref()),
        Command::History { reference, text } => history(&reference, &text),
        Command::Check {
            changesets,
            text,
            number_after,
            number_before,
            audit_file,
        } => {
            let asked = number_after.map(|r| (r, true)).or(number_before.map(|r| (r, false)));
            match asked {
                Some((reference, after)) => sec_redline::suggest_number(&text, &reference, after).map(|n| say!("{n}")),
                None => check(&changesets, &text, audit_file.as_deref()),
            }
        }
    }
}

/// Prints the problems and the line that ends them; exit code 1.
fn fail(diagnostics: &sec_redline::diagnostics::Diagnostics) -> ExitCode {
    eprint!("{diagnostics}");
    let n = diagnostics.errors();
    let written: Vec<String> = diagnostics.written().iter().map(|p| p.display().to_string()).collect();
    eprintln!(
        "error: {n} problem{} found; {}",
        if n == 1 { "" } else { "s" },
        if written.is_empty() {
            "nothing was written".to_string()
        } else {
            format!("only {} was written", written.join(", "))
        }
    );
    ExitCode::from(1)
}

/// The library's options for a command that shows an annex.
fn annex_options(out: PathBuf, view: cli::View) -> Options {
    Options {
        out,
        context: view.context.into(),
        redline: view.redline.into(),
        templates: Some(view.templates),
        ..Options::default()
    }
}

/// Prints `  <path>` for each file written.
fn list(files: &[sec_redline::output::OutputFile]) {
    for f in files {
        say!("  {}", f.path.display());
    }
}

fn build(changesets: &[PathBuf], text: PathBuf, out: PathBuf, audit_file: Option<&Path>, view: cli::View) -> Outcome {
    let options = Options {
        text,
        audit_all: audit_file.is_some(),
        // The process exits once the folder is written: its memory goes back to the system.
        free: false,
        ..annex_options(out, view)
    };
    let built = sec_redline::build(changesets, &options)?;
    if let Some(path) = audit_file {
        write_audit_file(path, built.iter().map(|(p, _)| &p.checked))?;
    }
    for (prepared, folder) in built {
        eprint!("{}", prepared.checked.warnings);
        let c = &prepared.checked;
        say!(
            "{}: {} applied; wrote {}",
            c.changeset.modification,
            changes(c.reports.len()),
            folder.display()
        );
        list(&prepared.files);
    }
    Ok(())
}

fn compare(
    files: (Option<PathBuf>, Option<PathBuf>),
    versions: (Option<String>, Option<String>),
    text: &Path,
    out: PathBuf,
    (author, date): (Option<String>, Option<String>),
    view: cli::View,
) -> Outcome {
    let options = annex_options(out, view);
    let stamp = sec_redline::Stamp {
        author: author.unwrap_or_default(),
        date: date.unwrap_or_default(),
    };
    let (folder, files) = match (files, versions) {
        ((Some(old), Some(new)), _) => sec_redline::compare(&old, &new, &stamp, &options)?,
        (_, (Some(from), Some(to))) => sec_redline::release::compare_versions(text, &from, &to, &stamp, &options)?,
        // clap requires OLD and NEW, or --from and --to.
        _ => unreachable!("clap checks the arguments of compare"),
    };
    say!("wrote {}", folder.display());
    list(&files);
    Ok(())
}

fn release(file: &Path, text: PathBuf, changes: PathBuf, out: PathBuf, apply: bool, templates: PathBuf) -> Outcome {
    let options = release::ReleaseOptions {
        text: text.clone(),
        changes,
        out,
        templates: Some(templates),
    };
    let (p, folder) = release::release(file, &options, apply, release::failure_from_env())?;
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
    list(&p.files);
    if apply {
        say!(
            "{} now reads as version {}; version {} is kept in its history",
            text.display(),
            p.version.id,
            p.previous
        );
    }
    Ok(())
}

fn text_as_at(text: &Path, as_at: sec_redline::date::Date, out: &Path) -> Outcome {
    let (version, files) = release::text_as_at(text, as_at, out)?;
    say!(
        "version {} was in force on {as_at}; wrote {}",
        version.id,
        out.display()
    );
    list(&files);
    Ok(())
}

fn import(docx: &Path, id: Option<&str>, out: &Path, strict: bool) -> Outcome {
    let (imported, path) = sec_redline::import(docx, id, out, strict)?;
    eprint!("{}", imported.warnings);
    say!(
        "{} {} ({}), version {}: wrote {}",
        imported.kind.as_str(),
        imported.id,
        imported.title,
        imported.version,
        path.display()
    );
    Ok(())
}

fn from_word(docx: &Path, text: &Path, out: Option<&Path>, modification: Option<&str>, id: Option<&str>) -> Outcome {
    let made = sec_redline::from_word(docx, text, out, modification, id)?;
    eprint!("{}", made.warnings);
    say!(
        "{}: {} from {} tracked change(s); wrote {}",
        made.modification,
        changes(made.changes),
        made.tracked,
        made.path.display()
    );
    Ok(())
}

fn history(reference: &str, text: &Path) -> Outcome {
    let lines = release::History::load(text)?.amendments(reference)?;
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
    Ok(())
}

fn check(changesets: &[PathBuf], text: &Path, audit_file: Option<&Path>) -> Outcome {
    let checked = sec_redline::check_listing(changesets, text, audit_file.is_some())?;
    if let Some(path) = audit_file {
        write_audit_file(path, checked.iter())?;
    }
    for c in checked {
        eprint!("{}", c.warnings);
        print_check(&c);
    }
    Ok(())
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
        say!("  line {}: {}", change.position.line, change.describe(&r.places));
    }
    if !c.audit.is_empty() {
        say!("  left unchanged (terminology audit):");
        for term in &c.audit {
            let shown = &term.listed[..term.listed.len().min(sec_redline::limits::AUDIT_LISTED)];
            for l in shown {
                say!("    {}", audit_line(l));
            }
            if term.counts.total() > shown.len() {
                say!(
                    "    {}-: {}; `--audit-file FILE` lists every one",
                    term.term,
                    term.unlisted_summary(shown.len())
                );
            }
        }
    }
}

/// One leftover of the terminology audit: `expir-: F6.3 "expiry": why`.
fn audit_line(l: &sec_redline::changeset::checks::Leftover) -> String {
    format!("{}-: {} \"{}\": {}", l.term, l.address, l.word, l.reason_text)
}

/// Writes every leftover of every change-set's terminology audit to `path`.
fn write_audit_file<'a>(
    path: &std::path::Path,
    checked: impl Iterator<Item = &'a sec_redline::Checked>,
) -> Result<(), sec_redline::diagnostics::Diagnostics> {
    let mut text = String::new();
    for c in checked {
        text.push_str(&format!(
            "{}: left unchanged (terminology audit), every occurrence\n",
            c.changeset.modification
        ));
        for l in c.audit.iter().flat_map(|t| &t.listed) {
            text.push_str("  ");
            text.push_str(&audit_line(l));
            text.push('\n');
        }
    }
    std::fs::write(path, text).map_err(|e| {
        sec_redline::diagnostics::Diagnostic::file_error(path, format!("the audit file cannot be written: {e}"))
            .help("choose a file in a folder that exists and can be written")
            .into()
    })
}

/// `1 change`, `9 changes`.
fn changes(n: usize) -> String {
    if n == 1 {
        "1 change".to_string()
    } else {
        format!("{n} changes")
    }
}
