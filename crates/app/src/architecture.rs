//! The workspace's own shape, checked: no two source files of a crate import each other, directly
//! or around a ring. A file may use what its ancestors declare (a handler uses its room's shared
//! parts) and a module may name its own children (a router lists its handlers); anything else
//! that closes a circle is a design error, found here before it spreads.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path inside a crate, e.g. `["admin", "portal", "links"]`.
type ModPath = Vec<String>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` and `src/a/b/mod.rs` are `a::b`; `src/lib.rs` is the root.
fn module_of(src: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: ModPath = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|l| l == "mod" || l == "lib" || l == "main") {
        parts.pop();
    }
    parts
}

/// The code without comments and without the unit tests at the end of the file.
fn code(text: &str) -> String {
    let without_comments: String =
        text.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n");
    let mut end = without_comments.len();
    let mut from = 0;
    while let Some(i) = without_comments[from..].find("#[cfg(test)]") {
        let at = from + i;
        if without_comments[at + "#[cfg(test)]".len()..].trim_start().starts_with("mod tests") {
            end = at;
            break;
        }
        from = at + 1;
    }
    without_comments[..end].to_string()
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `a::{b, c::{d, e}}` as `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else { return vec![tree.to_string()] };
    let Some(close) = tree.rfind('}') else { return vec![tree.to_string()] };
    let prefix = &tree[..open];
    let (mut parts, mut depth, mut current) = (Vec::new(), 0, String::new());
    for ch in tree[open + 1..close].chars() {
        match ch {
            ',' if depth == 0 => parts.push(std::mem::take(&mut current)),
            '{' => {
                depth += 1;
                current.push(ch)
            }
            '}' => {
                depth -= 1;
                current.push(ch)
            }
            _ => current.push(ch),
        }
    }
    parts.push(current);
    parts.iter().filter(|p| !p.trim().is_empty()).flat_map(|p| expand(p)).map(|p| format!("{prefix}{p}")).collect()
}

/// Every path a file names from inside its crate: `use` trees and paths written in the code.
fn crate_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for statement in code.split(';') {
        let s = statement.trim_start();
        let s = s.strip_prefix("pub(crate) ").or_else(|| s.strip_prefix("pub ")).unwrap_or(s);
        if let Some(tree) = s.strip_prefix("use ") {
            paths.extend(expand(&tree.replace(char::is_whitespace, "")));
        }
    }
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            if code[..at].chars().last().is_some_and(|c| is_ident(c) || c == ':') {
                continue;
            }
            let end = code[at..].find(|c: char| !(is_ident(c) || c == ':')).map_or(code.len(), |e| at + e);
            paths.push(code[at..end].trim_end_matches(':').to_string());
        }
    }
    paths
}

/// The file a path lands in: the longest leading part of it that is a module of the crate.
fn resolve(path: &str, here: &ModPath, modules: &BTreeSet<ModPath>) -> Option<ModPath> {
    let mut segments = path.split("::").map(|s| s.split(" as ").next().unwrap_or_default().trim()).peekable();
    let mut full: ModPath = match segments.peek() {
        Some(&"crate") => {
            segments.next();
            Vec::new()
        }
        Some(&"super") | Some(&"self") => here.clone(),
        _ => return None,
    };
    while let Some(&s) = segments.peek() {
        match s {
            "super" => full.truncate(full.len().saturating_sub(1)),
            "self" => {}
            _ => break,
        }
        segments.next();
    }
    full.extend(segments.map(str::to_string));
    (0..=full.len()).rev().map(|k| full[..k].to_vec()).find(|m| modules.contains(m))
}

/// The rings of files that import each other, as module paths.
fn rings(src: &Path) -> Vec<Vec<ModPath>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let has_lib = src.join("lib.rs").exists();
    files.retain(|f| !(has_lib && f == &src.join("main.rs")));
    let modules: BTreeSet<ModPath> = files.iter().map(|f| module_of(src, f)).collect();
    let mut edges: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    for file in &files {
        let here = module_of(src, file);
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for path in crate_paths(&code(&text)) {
            let Some(target) = resolve(&path, &here, &modules) else { continue };
            // A module naming itself or its own children declares them; that is no import.
            if !target.starts_with(&here) {
                edges.entry(here.clone()).or_default().insert(target);
            }
        }
    }
    strongly_connected(&modules, &edges).into_iter().filter(|c| c.len() > 1).collect()
}

/// Tarjan's strongly connected components.
fn strongly_connected(nodes: &BTreeSet<ModPath>, edges: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<Vec<ModPath>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<ModPath, BTreeSet<ModPath>>,
        index: BTreeMap<ModPath, usize>,
        low: BTreeMap<ModPath, usize>,
        stack: Vec<ModPath>,
        on_stack: BTreeSet<ModPath>,
        found: Vec<Vec<ModPath>>,
    }
    impl Walk<'_> {
        fn visit(&mut self, v: &ModPath) {
            let n = self.index.len();
            self.index.insert(v.clone(), n);
            self.low.insert(v.clone(), n);
            self.stack.push(v.clone());
            self.on_stack.insert(v.clone());
            for w in self.edges.get(v).into_iter().flatten() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v.clone(), low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v.clone(), low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut ring = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(&w);
                    let done = &w == v;
                    ring.push(w);
                    if done {
                        break;
                    }
                }
                self.found.push(ring);
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in nodes {
        if !walk.index.contains_key(v) {
            walk.visit(v);
        }
    }
    walk.found
}

#[test]
fn no_two_files_of_a_crate_import_each_other() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut checked = 0;
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&crates).expect("the crates folder").flatten() {
        let src = entry.path().join("src");
        if src.is_dir() {
            checked += 1;
            for ring in rings(&src) {
                let names: Vec<String> = ring.iter().map(|m| m.join("::")).collect();
                found.push(format!("{}: {}", entry.file_name().to_string_lossy(), names.join(" ↔ ")));
            }
        }
    }
    assert!(checked >= 5, "the workspace's crates were found");
    assert!(found.is_empty(), "import cycles between files:\n{}", found.join("\n"));
}

#[test]
fn a_ring_of_imports_is_found() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let src = dir.path();
    std::fs::create_dir_all(src.join("pages")).expect("folders");
    std::fs::write(src.join("lib.rs"), "pub mod pages;\npub mod error;\n").expect("lib");
    std::fs::write(src.join("error.rs"), "use crate::pages::{track::Case, x};\n").expect("error");
    std::fs::write(src.join("pages/mod.rs"), "pub mod track;\npub mod steps;\nuse crate::error::E;\n").expect("mod");
    std::fs::write(src.join("pages/track.rs"), "use super::steps::grant;\n").expect("track");
    std::fs::write(
        src.join("pages/steps.rs"),
        "// use super::track::nothing;\nfn f() { super::track::open(); }\n#[cfg(test)]\nmod tests { use super::super::error; }\n",
    )
    .expect("steps");
    let mut found: Vec<Vec<String>> = rings(src)
        .into_iter()
        .map(|r| {
            let mut names: Vec<String> = r.into_iter().map(|m| m.join("::")).collect();
            names.sort();
            names
        })
        .collect();
    found.sort();
    // Two rings: the siblings (one through a path in the code, the commented and the test
    // imports not counting), and `error` with the module above the siblings. The parent naming
    // its own children is not a ring.
    assert_eq!(found, [vec!["error", "pages"], vec!["pages::steps", "pages::track"]]);
}
