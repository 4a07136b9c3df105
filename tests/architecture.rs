//! The code's layers, checked: the library's modules depend on each other in one direction
//! (docs/architecture.md), with no cycle between modules, and the command line lives in the
//! binary. The graph is read from the source (`crate::…` and `super::…` paths); a child
//! module using what its parent module defines is not a dependency between stages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module of the library (`corpus::parse`) with its source, tests left out.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                walk(&path, &format!("{prefix}{name}::"), out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let module = match name.as_str() {
                    "mod" => prefix.trim_end_matches("::").to_string(),
                    _ => format!("{prefix}{name}"),
                };
                let text = std::fs::read_to_string(&path).unwrap();
                out.insert(module, without_tests(&text));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), "", &mut out);
    out
}

/// `code` without its `#[cfg(test)] mod NAME { … }` blocks; code after them is kept.
fn without_tests(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(i) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..i]);
        let after = &rest[i + "#[cfg(test)]".len()..];
        let trimmed = after.trim_start();
        let is_mod = trimmed.starts_with("mod ") && {
            let decl = &trimmed[..trimmed.find([';', '{']).unwrap_or(trimmed.len())];
            trimmed[decl.len()..].starts_with('{')
        };
        if !is_mod {
            // An attribute on something else (a test-only function, an inline `mod x;`): only
            // the attribute is dropped.
            rest = after;
            continue;
        }
        let open = after.find('{').unwrap();
        let mut depth = 0usize;
        let mut end = after.len();
        for (j, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + j + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The paths a source names after `crate::` or `super::`, resolved to module-relative
/// paths (`super::{a, b::c}` gives `parent::a` and `parent::b::c`).
fn paths(module: &str, code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (anchor, base) in [("crate::", String::new()), ("super::", parent(module))] {
        let mut rest = code;
        while let Some(i) = rest.find(anchor) {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + anchor.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut bases = vec![base.clone()];
            let mut tail = rest;
            // `super::super::x`
            while let Some(t) = tail.strip_prefix("super::") {
                bases = vec![parent(&bases[0])];
                tail = t;
            }
            for p in expand(tail) {
                let full = if bases[0].is_empty() {
                    p
                } else {
                    format!("{}::{p}", bases[0])
                };
                out.push(full);
            }
        }
    }
    out
}

/// `a::b::{c, d::{e, f}}` → `a::b::c`, `a::b::d::e`, `a::b::d::f`; `a::b` → `a::b`;
/// `self` in a group is the group's own path.
fn expand(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    use_tree(text, "", &mut out);
    out
}

/// Reads one use tree at the start of `text` under `prefix` into `out`; returns the bytes read.
fn use_tree(text: &str, prefix: &str, out: &mut Vec<String>) -> usize {
    let ident = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(text.len());
    let head = text[..ident].trim_end_matches(':');
    let join = |a: &str, b: &str| match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}::{b}"),
    };
    let path = if head == "self" {
        prefix.to_string()
    } else {
        join(prefix, head)
    };
    if text[ident..].starts_with('{') && (ident == 0 || text[..ident].ends_with("::")) {
        let mut i = ident + 1;
        loop {
            let rest = &text[i..];
            let skip = rest.len() - rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',').len();
            i += skip;
            if i >= text.len() || text[i..].starts_with('}') {
                return (i + 1).min(text.len());
            }
            let read = use_tree(&text[i..], &path, out);
            i += read.max(1);
            // Past an `as name` or anything else up to the next item or the group's end.
            let rest = &text[i..];
            i += rest.find([',', '}']).unwrap_or(rest.len());
        }
    }
    if !path.is_empty() {
        out.push(path);
    }
    ident
}

fn parent(module: &str) -> String {
    module.rsplit_once("::").map_or(String::new(), |(p, _)| p.to_string())
}

fn is_ancestor(a: &str, of: &str) -> bool {
    a.is_empty() || of.starts_with(&format!("{a}::"))
}

/// Module-to-module dependencies, a child's use of its ancestors left out.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    graph_of(&modules())
}

/// The module `lib.rs` is read as: the crate root's own items (`crate::Options`,
/// `crate::build`), which sit above every stage.
const ROOT: &str = "lib";

/// The dependencies of `modules` (module → source): a path naming no module of the crate
/// names an item defined in `lib.rs`, a dependency on [`ROOT`].
fn graph_of(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in modules {
        let entry = deps.entry(module.clone()).or_default();
        for p in paths(module, code) {
            // The longest prefix of the path that is a module.
            let mut target = p.as_str();
            while !modules.contains_key(target) {
                match target.rsplit_once("::") {
                    Some((head, _)) => target = head,
                    None => {
                        target = "";
                        break;
                    }
                }
            }
            if target.is_empty() && !p.is_empty() && module != ROOT {
                target = ROOT;
            }
            if target.is_empty() || target == module || is_ancestor(target, module) {
                continue;
            }
            entry.insert(target.to_string());
        }
    }
    deps
}

/// A cycle in `deps`, if there is one.
fn cycle(deps: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        deps: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in deps.get(node).into_iter().flatten() {
            match state.get(next.as_str()) {
                Some(1) => {
                    let start = stack.iter().position(|n| n == next).unwrap();
                    let mut c = stack[start..].to_vec();
                    c.push(next.clone());
                    return Some(c);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(next, deps, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in deps.keys() {
        if !state.contains_key(node.as_str())
            && let Some(c) = visit(node, deps, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

#[test]
fn no_module_depends_on_itself_through_others() {
    let deps = graph();
    assert!(deps.contains_key("changeset::apply") && deps.contains_key("words"));
    assert!(
        deps["changeset::apply"].contains("changeset::phrase"),
        "the reader sees apply's use of phrase: {:?}",
        deps["changeset::apply"]
    );
    if let Some(c) = cycle(&deps) {
        panic!("module cycle: {}", c.join(" -> "));
    }
}

/// The stages in the order data flows (docs/architecture.md): a module may use modules of its
/// own stage or earlier ones, never later ones.
const STAGES: &[&[&str]] = &[
    &["diagnostics", "date", "limits", "number", "yaml", "output", "parallel"],
    &["words"],
    &["corpus"],
    &["changeset"],
    &["redline"],
    &["annex", "compare"],
    &["render"],
    &["release"],
    &["publish"],
    &["word"],
];

/// Every use of a later stage in `modules`, as `from -> to`. The binary (`main`, `cli`) and
/// the crate root ([`ROOT`]) sit above every stage.
fn backwards(modules: &BTreeMap<String, String>) -> Vec<String> {
    let top = |module: &str| -> bool { [ROOT, "main", "cli"].contains(&module) };
    let stage = |module: &str| -> usize {
        if top(module) {
            return STAGES.len();
        }
        let first = module.split("::").next().unwrap();
        STAGES
            .iter()
            .position(|s| s.contains(&first))
            .unwrap_or_else(|| panic!("module {first} is in no stage of STAGES (docs/architecture.md)"))
    };
    let mut out = Vec::new();
    for (module, targets) in graph_of(modules) {
        if module.is_empty() || top(&module) {
            continue;
        }
        for t in targets {
            if stage(&t) > stage(&module) {
                out.push(format!("{module} -> {t}"));
            }
        }
    }
    out
}

#[test]
fn data_flows_one_way_through_the_stages() {
    let modules = modules();
    assert!(modules.contains_key(ROOT), "lib.rs is read");
    let backwards = backwards(&modules);
    assert!(backwards.is_empty(), "a stage reaches forward: {backwards:#?}");
}

/// The checker itself: each way of naming a later stage is caught.
#[test]
fn the_checker_sees_nested_groups_root_items_and_code_after_tests() {
    let sources = |corpus: &str| -> BTreeMap<String, String> {
        [
            ("corpus", corpus),
            ("corpus::parse", ""),
            ("words", ""),
            ("render", ""),
            ("render::html", ""),
            ("render::docx", ""),
            (ROOT, "pub struct Options;"),
        ]
        .into_iter()
        .map(|(m, c)| (m.to_string(), without_tests(c)))
        .collect()
    };
    // A nested group, then the writers: the group's `}` does not end the outer one.
    assert_eq!(
        backwards(&sources(
            "use crate::{words::{self, Token}, render::{html::{self, Page}, docx}};"
        )),
        ["corpus -> render::docx", "corpus -> render::html"]
    );
    // The same group reaching only earlier stages is fine.
    assert!(backwards(&sources("use crate::{words::{self, Token}, corpus::parse};")).is_empty());
    // An item defined in lib.rs is above every stage.
    assert_eq!(backwards(&sources("fn f(o: &crate::Options) {}")), ["corpus -> lib"]);
    // Code after the first test module is read; the test module is not.
    assert_eq!(
        backwards(&sources(
            "fn a() {}\n#[cfg(test)]\nmod tests {\n    use crate::render::html;\n    fn t() { if x { } }\n}\nfn b() { crate::render::docx::write(); }\n"
        )),
        ["corpus -> render::docx"]
    );
}

#[test]
fn the_command_line_is_in_the_binary() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    assert!(!lib.contains("mod cli"), "the library declares the CLI module");
    for (module, code) in modules() {
        if module != "main" && module != "cli" {
            assert!(!code.contains("clap::"), "{module} uses clap");
        }
    }
}

#[test]
fn the_checker_finds_a_cycle_when_there_is_one() {
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    deps.entry("a".into()).or_default().insert("b".into());
    deps.entry("b".into()).or_default().insert("c".into());
    deps.entry("c".into()).or_default().insert("a".into());
    assert_eq!(cycle(&deps).unwrap(), ["a", "b", "c", "a"]);
    deps.get_mut("c").unwrap().clear();
    assert!(cycle(&deps).is_none());
    assert_eq!(
        paths(
            "changeset::apply",
            "use super::{Action, structure};\nuse crate::corpus::{Edition, reference::Target};"
        ),
        [
            "corpus::Edition",
            "corpus::reference::Target",
            "changeset::Action",
            "changeset::structure"
        ]
    );
}

/// How a stage would cut a unit's written address back into its parts: `F2.1(b)` split at
/// its `(`. The typed identity (`corpus::UnitRef`, `corpus::Address`) makes that needless;
/// the one reader of the written form (`effects.csv`, `changed.csv`) is in `corpus`.
const CUTS: &[&str] = &[
    ".split('(')",
    ".split_once('(')",
    ".rsplit_once('(')",
    ".find('(')",
    ".rfind('(')",
    ".split(['('",
    ".split_terminator('(')",
];

/// Where a module outside `corpus` cuts text at `(` (tests left out): `module: pattern`.
fn address_cuts(modules: &BTreeMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    for (module, code) in modules {
        if module == "corpus" || module.starts_with("corpus::") {
            continue;
        }
        for cut in CUTS {
            if code.contains(cut) {
                out.push(format!("{module}: {cut}"));
            }
        }
    }
    out
}

/// Known, and to go: the site's links cut a citation's sub-paragraph back to its provision
/// where the version does not anchor it (`publish::text`, being rewritten with the site).
const KNOWN_CUTS: &[&str] = &["publish::text: .rfind('(')"];

#[test]
fn no_stage_cuts_a_units_address_back_into_its_parts() {
    let cuts = address_cuts(&modules());
    let new: Vec<&String> = cuts.iter().filter(|c| !KNOWN_CUTS.contains(&c.as_str())).collect();
    assert!(
        new.is_empty(),
        "a stage re-reads a unit's written address: {new:#?}; carry the typed identity (corpus::UnitRef, corpus::Address) instead"
    );
    // A known cut that is gone is taken off the list, so the list only shrinks.
    for known in KNOWN_CUTS {
        assert!(
            cuts.iter().any(|c| c == known),
            "{known} is gone: take it off KNOWN_CUTS"
        );
    }
}

/// The rule itself: a cut is caught in any stage but `corpus`, in code after a test module
/// too, and a `(` written into text is not a cut.
#[test]
fn the_address_rule_catches_a_cut_outside_corpus() {
    let sources = |module: &str, code: &str| -> BTreeMap<String, String> {
        [(module.to_string(), without_tests(code))].into_iter().collect()
    };
    let cut = "fn provision_of(a: &str) -> &str { a.split('(').next().unwrap_or(a) }";
    assert_eq!(
        address_cuts(&sources("release::run", cut)),
        ["release::run: .split('(')"]
    );
    assert!(address_cuts(&sources("corpus::unit_id", cut)).is_empty());
    assert_eq!(
        address_cuts(&sources(
            "annex",
            "#[cfg(test)]\nmod tests {\n    fn t() {}\n}\nfn f(a: &str) { a.split(['(', ' ']); }\n"
        )),
        ["annex: .split(['('"]
    );
    assert!(address_cuts(&sources("annex", "fn f(l: &str) -> String { format!(\"({l})\") }")).is_empty());
}
