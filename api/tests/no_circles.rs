//! No two files of a crate use each other, directly or around a circle (issue 27: four circles
//! had grown, two of them from splitting a file by its length instead of its concepts). A file's
//! uses are the `crate::…` paths it names, each resolved to the longest module path that is a
//! file; a circle is a strongly connected set of more than one file.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

fn files(root: &Path, dir: &Path, out: &mut BTreeMap<Module, PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).unwrap().with_extension("");
            let mut module: Module = rel
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            out.insert(module, path);
        }
    }
}

/// The `crate::` paths named in `text`, braces expanded one level.
fn crate_paths(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(0)];
            for item in inner.split(',') {
                out.push(segments(item.trim()));
            }
        } else {
            out.push(segments(rest));
        }
    }
    out
}

fn segments(path: &str) -> Vec<String> {
    let end = path
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(path.len());
    path[..end]
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn circles(src: &Path) -> Vec<BTreeSet<Module>> {
    let mut modules = BTreeMap::new();
    files(src, src, &mut modules);
    let mut uses: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, path) in &modules {
        let text = std::fs::read_to_string(path).unwrap();
        let mut deps = BTreeSet::new();
        for p in crate_paths(&text) {
            if let Some(k) = (1..=p.len()).rev().find(|k| modules.contains_key(&p[..*k]))
                && p[..k] != module[..]
            {
                deps.insert(p[..k].to_vec());
            }
        }
        uses.insert(module.clone(), deps);
    }
    // A file is in a circle with every file that reaches it and that it reaches.
    let reach = |from: &Module| -> BTreeSet<Module> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(m) = todo.pop() {
            for d in uses.get(&m).into_iter().flatten() {
                if seen.insert(d.clone()) {
                    todo.push(d.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&Module, BTreeSet<Module>> = uses.keys().map(|m| (m, reach(m))).collect();
    let mut found: Vec<BTreeSet<Module>> = Vec::new();
    for (m, r) in &reached {
        let circle: BTreeSet<Module> = r
            .iter()
            .filter(|o| reached.get(o).is_some_and(|back| back.contains(*m)))
            .cloned()
            .collect();
        if !circle.is_empty() && !found.iter().any(|c| c.contains(*m)) {
            found.push(circle);
        }
    }
    found
}

#[test]
fn no_crate_has_files_that_use_each_other() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut all = Vec::new();
    for krate in ["api", "persistence", "openapi", "domain"] {
        for circle in circles(&workspace.join(krate).join("src")) {
            let names: Vec<String> = circle.iter().map(|m| m.join("/")).collect();
            all.push(format!("{krate}: {}", names.join(" → ")));
        }
    }
    assert!(
        all.is_empty(),
        "files that use each other:\n{}",
        all.join("\n")
    );
}
