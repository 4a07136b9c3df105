//! The standalone HTML annex, rendered from the Annex model with a tera template.
//!
//! The default template is compiled in; a drafter can override it with
//! `--templates DIR` holding `annex.html.tera`. Every value is autoescaped, so
//! `<script>` in the legal text shows as text.

use crate::annex::{Annex, Item};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::redline::{Block, Run};
use std::io::Write;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The template shipped with the tool (also in `templates/annex.html.tera`).
pub const DEFAULT_TEMPLATE: &str = include_str!("../../templates/annex.html.tera");

/// The template file a `--templates` folder may hold.
pub(crate) const TEMPLATE_FILE: &str = "annex.html.tera";

/// Reads the template from `dir` when it holds one, else the built-in one.
pub(crate) fn template(dir: Option<&Path>) -> Result<(String, String), Diagnostics> {
    match dir.map(|d| d.join(TEMPLATE_FILE)).filter(|p| p.is_file()) {
        Some(path) => {
            let file = crate::diagnostics::SourceFile::read(&path)?;
            Ok((path.display().to_string(), file.text))
        }
        None => Ok(("built-in annex.html.tera".to_string(), DEFAULT_TEMPLATE.to_string())),
    }
}

/// How long a template may render, and how much it may write, before it is stopped.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub time: Duration,
    /// Bytes of HTML beyond this allowance per byte of legal text in the annex.
    pub base_bytes: usize,
    pub bytes_per_text_byte: usize,
}

/// Generous for any template that shows the annex (the built-in one writes about 20 bytes of
/// HTML per byte of text), while a runaway loop is stopped within a minute or a few MB.
pub(crate) const LIMITS: Limits = Limits {
    time: Duration::from_secs(60),
    base_bytes: 16 << 20,
    bytes_per_text_byte: 256,
};

/// Renders the annex page. The built-in template (also when a `--templates` folder holds an
/// unchanged copy of it) is rendered with its documents written directly
/// ([`render_builtin`]); any other template gets the whole annex as data.
pub fn render(annex: &Annex, template: &(String, String)) -> Result<String, Diagnostics> {
    if template.1 == DEFAULT_TEMPLATE
        && let Some(page) = render_builtin(annex)
    {
        return Ok(page);
    }
    render_limited(annex, template, LIMITS)
}

/// Where the built-in template's documents loop starts, and where the page goes on after it.
const DOCUMENTS_START: &str = "{% for d in documents %}\n<section class=\"document\"";
const DOCUMENTS_END: &str = "</section>{% endfor %}\n<footer>";

/// What the built-in page's shell (everything but the documents' items) reads: the annex's
/// own fields, with each document's items left out.
#[derive(serde::Serialize)]
struct Shell<'a> {
    cover: &'a crate::annex::Cover,
    documents: Vec<DocumentHead<'a>>,
    summary: &'a [crate::annex::SummaryRow],
    reasons: &'a [crate::annex::ReasonGroup],
    left_unchanged: &'a [crate::annex::LeftUnchanged],
    inserted_words: usize,
    deleted_words: usize,
    modifications: &'a [crate::annex::Attribution],
}

#[derive(serde::Serialize)]
struct DocumentHead<'a> {
    id: &'a str,
    name: &'a str,
    title: &'a str,
    version: &'a str,
    anchor: &'a str,
    intro: &'a str,
}

/// The built-in template, its documents written by `html_stream` (no template context holds
/// a run): the page before and after them is rendered by tera from the [`Shell`]. Byte for
/// byte what tera gives for the whole template. `None` if the template has no documents loop
/// where it is expected (then tera renders it all).
pub(crate) fn render_builtin(annex: &Annex) -> Option<String> {
    let start = DEFAULT_TEMPLATE.find(DOCUMENTS_START)?;
    let end = DEFAULT_TEMPLATE[start..].find(DOCUMENTS_END)? + start + "</section>{% endfor %}".len();
    let (head, tail) = (&DEFAULT_TEMPLATE[..start], &DEFAULT_TEMPLATE[end..]);
    let mut tera = tera::Tera::default();
    tera.add_raw_templates([("head.html", head), ("tail.html", tail)])
        .ok()?;
    let shell = Shell {
        cover: &annex.cover,
        documents: annex
            .documents
            .iter()
            .map(|d| DocumentHead {
                id: &d.id,
                name: &d.name,
                title: &d.title,
                version: &d.version,
                anchor: &d.anchor,
                intro: &d.intro,
            })
            .collect(),
        summary: &annex.summary,
        reasons: &annex.reasons,
        left_unchanged: &annex.left_unchanged,
        inserted_words: annex.inserted_words,
        deleted_words: annex.deleted_words,
        modifications: &annex.modifications,
    };
    let context = tera::Context::from_serialize(&shell).ok()?;
    let mut page = tera.render("head.html", &context).ok()?;
    super::html_stream::documents(&mut page, &annex.documents);
    page.push_str(&tera.render("tail.html", &context).ok()?);
    Some(page)
}

/// As [`render`], stopping a template that renders for longer than `limits.time` or writes
/// more than its allowance. Tera cannot be cancelled, so the page is rendered on its own
/// thread into a writer that refuses to go on past either limit; a template that loops
/// without writing is abandoned at the time limit (its thread ends with the process).
pub(crate) fn render_limited(
    annex: &Annex,
    template: &(String, String),
    limits: Limits,
) -> Result<String, Diagnostics> {
    let (name, text) = template;
    let fail = |e: String| {
        Diagnostics::from(
            Diagnostic::file_error(Path::new(name), format!("the HTML template cannot be used: {e}"))
                .help("fix the template, or remove it to use the built-in one"),
        )
    };
    let mut tera = tera::Tera::default();
    // The name must end in .html for tera to autoescape.
    tera.add_raw_template("annex.html", text)
        .map_err(|e| fail(e.to_string()))?;
    let context = tera::Context::from_serialize(annex).map_err(|e| fail(e.to_string()))?;
    let max_bytes = limits
        .base_bytes
        .saturating_add(limits.bytes_per_text_byte.saturating_mul(text_bytes(annex)));
    let deadline = Instant::now() + limits.time;
    let too_much = |written: usize| {
        fail(format!(
            "rendering it was stopped: it wrote more than {} MB of HTML for an annex of this size ({} MB so far); a template loop is probably running away",
            max_bytes >> 20,
            written >> 20
        ))
    };
    let too_long = || {
        fail(format!(
            "rendering it was stopped after {} s; a template loop is probably running away",
            limits.time.as_secs_f64()
        ))
    };
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut out = Limited {
            bytes: Vec::new(),
            max_bytes,
            deadline,
            stopped: None,
            clock_read_at: 0,
        };
        let result = tera.render_to("annex.html", &context, &mut out);
        // The caller may have given up waiting: then nobody listens, which is fine.
        let _ = send.send((result, out));
    });
    let (result, out) = receive
        .recv_timeout(limits.time + Duration::from_secs(1))
        .map_err(|_| too_long())?;
    match (result, out.stopped) {
        (_, Some(Stop::Size)) => Err(too_much(out.bytes.len())),
        (_, Some(Stop::Time)) => Err(too_long()),
        (Err(e), None) => Err(fail(e.to_string())),
        (Ok(()), None) => String::from_utf8(out.bytes).map_err(|e| fail(e.to_string())),
    }
}

/// Bytes of legal text the annex shows: what the allowance of HTML is measured against.
fn text_bytes(annex: &Annex) -> usize {
    let runs = |rs: &[Run]| rs.iter().map(|r| r.text.len() + 1).sum::<usize>();
    let blocks = |bs: &[Block]| -> usize {
        bs.iter()
            .map(|b| match b {
                Block::Para(p) => runs(&p.runs) + 8,
                Block::Table(t) => t.rows.iter().flat_map(|r| &r.cells).map(|c| runs(c) + 8).sum(),
            })
            .sum()
    };
    annex
        .documents
        .iter()
        .flat_map(|d| &d.items)
        .map(|item| match item {
            Item::Heading { shown, .. } | Item::Provision { shown, .. } => blocks(&shown.redline.blocks) + 64,
            Item::Omission => 8,
        })
        .sum::<usize>()
        + annex.summary.len() * 128
        + annex.left_unchanged.len() * 128
}

enum Stop {
    Size,
    Time,
}

/// A writer that refuses to go on past a size or a moment.
struct Limited {
    bytes: Vec<u8>,
    max_bytes: usize,
    deadline: Instant,
    stopped: Option<Stop>,
    /// How long the output was when the clock was last read.
    clock_read_at: usize,
}

/// The clock is read once per this many bytes written, not on every write: tera writes
/// each piece of text separately, and reading the clock for each cost 4% of a build. A
/// template that loops without writing is stopped by the caller's wait instead.
const CLOCK_EVERY: usize = 64 << 10;

impl Write for Limited {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.max_bytes {
            self.stopped = Some(Stop::Size);
        } else if self.bytes.len() >= self.clock_read_at + CLOCK_EVERY {
            self.clock_read_at = self.bytes.len();
            if Instant::now() > self.deadline {
                self.stopped = Some(Stop::Time);
            }
        }
        if self.stopped.is_some() {
            return Err(std::io::Error::other("the template's limit was reached"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annex::{Context, Cover, build};

    fn annex() -> Annex {
        let cover = Cover {
            modification: "M".into(),
            title: "T".into(),
            annex: crate::annex::AnnexKind::Modification("A".into()),
            heading: "H".into(),
            date: String::new(),
            author: "A".into(),
            base: String::new(),
            ..Default::default()
        };
        build(cover, &[], Context::Changed, Default::default())
    }

    #[test]
    fn a_template_looping_without_writing_is_stopped_at_the_time_limit() {
        let looping = "{% for i in range(end=99999) %}{% for j in range(end=99999) %}{% for k in range(end=99999) %}{% endfor %}{% endfor %}{% endfor %}";
        let limits = Limits {
            time: Duration::from_millis(300),
            ..LIMITS
        };
        let err = render_limited(&annex(), &("loop.html.tera".into(), looping.into()), limits)
            .expect_err("the loop is stopped")
            .to_string();
        assert!(
            err.contains("loop.html.tera") && err.contains("stopped after 0.3 s"),
            "{err}"
        );
    }
}
