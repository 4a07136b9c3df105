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
                let code = text.split("#[cfg(test)]\nmod tests").next().unwrap().to_string();
                out.insert(module, code);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), "", &mut out);
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

/// `a::b::{c, d::e}` → `a::b::c`, `a::b::d::e`; `a::b` → `a::b`.
fn expand(text: &str) -> Vec<String> {
    let ident = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(text.len());
    let head = text[..ident].trim_end_matches(':').to_string();
    if text[ident..].starts_with('{') && (ident == 0 || text[..ident].ends_with("::")) {
        let close = text.find('}').unwrap_or(text.len());
        return text[ident + 1..close]
            .split(',')
            .map(|item| item.split_whitespace().next().unwrap_or("").to_string())
            .filter(|item| !item.is_empty())
            .map(|item| {
                if head.is_empty() {
                    item
                } else {
                    format!("{head}::{item}")
                }
            })
            .collect();
    }
    vec![head]
}

fn parent(module: &str) -> String {
    module.rsplit_once("::").map_or(String::new(), |(p, _)| p.to_string())
}

fn is_ancestor(a: &str, of: &str) -> bool {
    a.is_empty() || of.starts_with(&format!("{a}::"))
}

/// Module-to-module dependencies, a child's use of its ancestors left out.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in &modules {
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
    &["diagnostics", "date", "limits", "number", "yaml", "output"],
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

#[test]
fn data_flows_one_way_through_the_stages() {
    let stage = |module: &str| -> usize {
        let top = module.split("::").next().unwrap();
        STAGES
            .iter()
            .position(|s| s.contains(&top))
            .unwrap_or_else(|| panic!("module {top} is in no stage of STAGES (docs/architecture.md)"))
    };
    let mut backwards = Vec::new();
    for (module, targets) in graph() {
        if module.is_empty() || module == "main" || module == "cli" {
            continue;
        }
        for t in targets {
            if stage(&t) > stage(&module) {
                backwards.push(format!("{module} -> {t}"));
            }
        }
    }
    assert!(backwards.is_empty(), "a stage reaches forward: {backwards:#?}");
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
