//! The words of pandoc's JSON reading of Markdown: the tests' (and the `reading` fuzz
//! target's) independent oracle for what a reader sees. Shared by both, so they cannot drift.

/// Appends the words of `v` (a pandoc AST node or list) to `out`: text, code, a link's text
/// (not its target), `<br>` as a space; raw HTML is not text; blocks are separated.
pub fn words(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::Array(a) => a.iter().for_each(|x| words(x, out)),
        serde_json::Value::Object(o) => match o.get("t").and_then(|t| t.as_str()) {
            Some("Str") => out.push_str(o["c"].as_str().unwrap_or("")),
            Some("Space" | "SoftBreak" | "LineBreak") => out.push(' '),
            Some("Code") => out.push_str(o["c"][1].as_str().unwrap_or("")),
            // A `<br>` is a line break to a reader; other raw HTML (comments) is not text.
            Some("RawInline")
                if o["c"][1].as_str().is_some_and(|h| {
                    h.trim().trim_end_matches('/').trim().eq_ignore_ascii_case("<br")
                        || h.trim().eq_ignore_ascii_case("<br>")
                }) =>
            {
                out.push(' ')
            }
            Some("RawInline" | "RawBlock") => {}
            // A link's target is not text; its text is.
            Some("Link") => words(&o["c"][1], out),
            Some("Para" | "Plain" | "Header") => {
                out.push(' ');
                if let Some(c) = o.get("c") {
                    words(c, out);
                }
                out.push(' ');
            }
            _ => {
                if let Some(c) = o.get("c") {
                    words(c, out);
                }
            }
        },
        _ => {}
    }
}
