//! The standalone HTML annex, rendered from the Annex model with a tera template.
//!
//! The default template is compiled in; a drafter can override it with
//! `--templates DIR` holding `annex.html.tera`. Every value is autoescaped, so
//! `<script>` in the legal text shows as text.

use crate::annex::Annex;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::Path;

/// The template shipped with the tool (also in `templates/annex.html.tera`).
pub const DEFAULT_TEMPLATE: &str = include_str!("../../templates/annex.html.tera");

/// The template file a `--templates` folder may hold.
pub const TEMPLATE_FILE: &str = "annex.html.tera";

/// Reads the template from `dir` when it holds one, else the built-in one.
pub fn template(dir: Option<&Path>) -> Result<(String, String), Diagnostics> {
    match dir.map(|d| d.join(TEMPLATE_FILE)).filter(|p| p.is_file()) {
        Some(path) => {
            let file = crate::diagnostics::SourceFile::read(&path)?;
            Ok((path.display().to_string(), file.text))
        }
        None => Ok(("built-in annex.html.tera".to_string(), DEFAULT_TEMPLATE.to_string())),
    }
}

/// Renders the annex page.
pub fn render(annex: &Annex, template: &(String, String)) -> Result<String, Diagnostics> {
    let (name, text) = template;
    let fail = |e: tera::Error| {
        Diagnostics::from(
            Diagnostic::file_error(Path::new(name), format!("the HTML template cannot be used: {e}"))
                .help("fix the template, or remove it to use the built-in one"),
        )
    };
    let mut tera = tera::Tera::default();
    // The name must end in .html for tera to autoescape.
    tera.add_raw_template("annex.html", text).map_err(fail)?;
    let context = tera::Context::from_serialize(annex).map_err(fail)?;
    tera.render("annex.html", &context).map_err(fail)
}
