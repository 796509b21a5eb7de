//! The crate reads from its leaves up: no module depends, through others, on itself.
//!
//! Modules that import each other in a ring can only be understood together; keeping the
//! graph acyclic keeps each readable on top of those below it (ids, digits and vocabulary
//! at the bottom, the sync protocol near the top). Tests may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each module of the crate and the modules its code (not its tests) names.
///
/// A folder groups modules (`life/status.rs` is `life::status`) and a path names the
/// deepest module it reaches: `crate::life::status::Role` depends on `life::status`,
/// `crate::request::RequestForm` on `request`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    let mut folders = vec![src.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let module = module_of(path.strip_prefix(&src).expect("inside src"));
                if module != "lib" {
                    sources.insert(path, module);
                }
            }
        }
    }
    let modules: BTreeSet<String> = sources.values().cloned().collect();
    let mut graph = BTreeMap::new();
    for (file, module) in &sources {
        let text = std::fs::read_to_string(file).expect("source");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let deps: &mut BTreeSet<String> = graph.entry(module.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (i, _) in line.match_indices("crate::") {
                let path: String = line[i + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                if let Some(named) = deepest(&path, &modules) {
                    if named != *module {
                        deps.insert(named);
                    }
                }
            }
        }
    }
    graph
}

/// The module a file holds: `life/status.rs` is `life::status`, `records/mod.rs` is
/// `records`. The files under `request/` other than its `mod.rs` are parts of `request`.
fn module_of(relative: &Path) -> String {
    let parts: Vec<&str> = relative
        .iter()
        .map(|c| c.to_str().expect("a name").trim_end_matches(".rs"))
        .filter(|p| *p != "mod")
        .collect();
    if parts.first() == Some(&"request") {
        return "request".to_owned();
    }
    parts.join("::")
}

/// The deepest module of `modules` that `path` (after `crate::`) reaches.
fn deepest(path: &str, modules: &BTreeSet<String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|m| modules.contains(m))
}

/// A ring of modules, if there is one.
fn ring(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if !done.insert(node.to_owned()) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if graph.contains_key(next) {
                if let Some(found) = visit(next, graph, path, done) {
                    return Some(found);
                }
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_module_depends_on_itself_through_others() {
    let graph = graph();
    for module in [
        "sync",
        "people",
        "life::status",
        "life::apply",
        "records::inquiry",
    ] {
        assert!(graph.contains_key(module), "{module} is read");
    }
    if let Some(found) = ring(&graph) {
        panic!("these modules import each other: {}", found.join(" → "));
    }
}

#[test]
fn a_ring_is_found_when_there_is_one() {
    let mut graph = BTreeMap::new();
    graph.insert("case".to_owned(), BTreeSet::from(["people".to_owned()]));
    graph.insert("people".to_owned(), BTreeSet::from(["sync".to_owned()]));
    graph.insert("sync".to_owned(), BTreeSet::from(["case".to_owned()]));
    graph.insert("ids".to_owned(), BTreeSet::new());
    assert_eq!(
        ring(&graph),
        Some(vec![
            "case".into(),
            "people".into(),
            "sync".into(),
            "case".into()
        ])
    );
    graph.get_mut("sync").expect("sync").clear();
    assert_eq!(ring(&graph), None);
}
