//! The crate reads from its leaves up: no module depends, through others, on itself.
//!
//! Modules that import each other in a ring can only be understood together; keeping the
//! graph acyclic keeps each readable on top of those below it (ids, digits and vocabulary
//! at the bottom, the sync protocol near the top). Tests may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each module of the crate and the modules its code (not its tests) names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&src).expect("src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            for inner in std::fs::read_dir(&path).expect("folder") {
                files.push(inner.expect("entry").path());
            }
        } else {
            files.push(path);
        }
    }
    let mut graph = BTreeMap::new();
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
    {
        let relative = file.strip_prefix(&src).expect("inside src");
        // A module's files are one node: `request/applicant.rs` is `request`.
        let module = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .expect("a name")
            .trim_end_matches(".rs")
            .to_owned();
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("source");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let deps: &mut BTreeSet<String> = graph.entry(module.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (i, _) in line.match_indices("crate::") {
                let name: String = line[i + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !name.is_empty() && name != module {
                    deps.insert(name);
                }
            }
        }
    }
    graph
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
    assert!(graph.contains_key("sync") && graph.contains_key("people"));
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
