//! The engine's layering, checked from its source: no import cycle among its modules, the
//! lower layers never reach up, the pure computations never touch SQL, and only the records
//! layer touches both SQL and keys (docs/ARCHITECTURE.md draws the layers).
//!
//! A dependency is a `crate::module` path or a call of a domain accessor on a vault
//! (`vault.entries()`, `self.vault.reflections()`, …), which is how repositories and
//! services reach each other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// Accessor calls on a vault and the module that defines each.
const ACCESSORS: &[(&str, &str)] = &[
    (".entries()", "entries"),
    (".relationships()", "relationships"),
    (".reflections()", "reflections"),
    (".tombstones()", "tombstones"),
    (".status()", "status"),
    (".review()", "trends"),
    (".imports()", "import"),
    (".backups()", "backup"),
    (".exports()", "export"),
    (".decisions()", "decisions"),
    (".look_back()", "lookback"),
    (".sync()", "sync"),
];

/// The foundations and the pure layers: none of them may depend on a repository or a
/// service.
const LOWER: &[&str] = &[
    "error",
    "codec",
    "crypto",
    "keyslot",
    "backup_identity",
    "store",
    "stamp",
    "records",
    "model",
    "schedule",
    "text",
    "search",
];
const UPPER: &[&str] = &[
    "entries",
    "relationships",
    "reflections",
    "tombstones",
    "decisions",
    "status",
    "trends",
    "lookback",
    "session",
    "import",
    "backup",
    "export",
    "printable",
    "sync",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a source file belongs to (`records/table.rs` → `records`).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(SRC).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The code of a file without its comments (doc links are not dependencies).
fn code_of(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(Path::new(SRC), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let module = module_of(&file);
        if module == "lib" {
            continue;
        }
        let code = code_of(&file);
        let deps = graph.entry(module.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let name: String = code[i + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != module {
                deps.insert(name);
            }
        }
        for (call, target) in ACCESSORS {
            let on_a_vault = code
                .match_indices(call)
                .any(|(i, _)| code[..i].ends_with("vault"));
            if on_a_vault && *target != module {
                deps.insert(target.to_string());
            }
        }
    }
    graph
}

fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, graph, &mut Vec::new(), &mut done) {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn the_engine_has_no_import_cycle() {
    let graph = graph();
    // The check sees the dependencies it should (a broken parser would find none).
    assert!(graph["entries"].contains("records"), "{graph:?}");
    assert!(graph["session"].contains("entries"), "{graph:?}");
    assert_eq!(find_cycle(&graph), None, "{graph:#?}");
}

#[test]
fn a_cycle_is_found_when_there_is_one() {
    let mut graph = graph();
    graph.get_mut("records").unwrap().insert("session".into());
    assert!(find_cycle(&graph).is_some());
}

#[test]
fn lower_layers_never_reach_up() {
    let graph = graph();
    for lower in LOWER {
        let up: Vec<_> = graph[*lower]
            .iter()
            .filter(|d| UPPER.contains(&d.as_str()))
            .collect();
        assert!(up.is_empty(), "{lower} depends on {up:?}");
    }
}

#[test]
fn only_the_records_layer_touches_sql_and_keys_and_computations_touch_neither() {
    let mut files = Vec::new();
    rust_files(Path::new(SRC), &mut files);
    let pure = ["stamp", "model", "schedule", "text", "search"];
    let pure_files = [
        "trends/compute.rs",
        "trends/readings.rs",
        "reflections/json.rs",
        "lookback/compute.rs",
        "printable/content.rs",
    ];
    for file in files {
        let rel = file
            .strip_prefix(SRC)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let code = code_of(&file);
        let sql = code.contains("rusqlite");
        let keys = ["RecordCipher", "DataKey", "KeySlot", "DataKey::"]
            .iter()
            .any(|k| code.contains(k));
        if sql && keys {
            assert!(
                rel.starts_with("records/"),
                "{rel} touches both SQL and keys"
            );
        }
        if pure.contains(&module_of(&file).as_str()) || pure_files.contains(&rel.as_str()) {
            assert!(
                !sql && !keys,
                "{rel} is a pure computation but touches SQL or keys"
            );
            assert!(
                !code.contains("crate::records"),
                "{rel} reaches the records layer"
            );
        }
    }
}

#[test]
fn the_engine_knows_nothing_of_tauri_or_gtk() {
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    for ui in ["tauri", "gtk", "webkit", "wry"] {
        assert!(!manifest.contains(ui), "steward-core depends on {ui}");
    }
}
