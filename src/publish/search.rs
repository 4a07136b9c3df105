//! The static search index of the current version: `assets/search-index.js`, one entry per
//! provision, `[reference, page#anchor, document name, words]`, read by `assets/search.js`.
//! A script (not JSON) so that it loads with a plain `<script>` tag: no fetch, no server code.

use super::Edition;
use super::units::Renderings;

/// The index from the current version's renderings (its words as its pages show them).
pub fn index(current: &Edition, renderings: &Renderings) -> String {
    let mut out = String::from("window.SEC_SEARCH_INDEX=[\n");
    for (d, doc) in current.corpus.documents.iter().enumerate() {
        let page = super::page_name(&doc.meta.id);
        let name = doc.meta.name();
        for (i, u) in doc.units.iter().enumerate() {
            if u.provision_number().is_none() {
                continue;
            }
            let Some(reference) = super::unit_reference(current.corpus, d, i) else {
                continue;
            };
            let words = &renderings.get(current.index, d, i).plain;
            let entry = [reference.as_str(), &format!("{page}#{reference}"), &name, words];
            out.push_str(&js_array(&entry));
            out.push_str(",\n");
        }
    }
    out.push_str("];\n");
    out
}

/// A JavaScript array of strings, each escaped so no text can end the script.
fn js_array(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| js_string(s)).collect();
    format!("[{}]", quoted.join(","))
}

fn js_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_text_can_end_the_script() {
        assert_eq!(
            super::js_string("a\"</script>\n"),
            "\"a\\\"\\u003c/script\\u003e\\u000a\""
        );
    }
}
