//! The house plan, checked on the source: every file under `src/` stays readable in one sitting
//! (at most 700 lines, no function over 120), the rooms that grow (`tui`, `launch`, `sandbox`)
//! have no import circle between their modules, the rooms at the bottom (`spec`, `graph`) import
//! nothing of ours above them, and tests, benches and the binary reach the library through each
//! room's API (`dcw::<room>::<item>`, or a namespace on a short list). The source is read as
//! text: `use` trees and inline `crate::…`/`super::…` paths, resolved to the module files that
//! exist.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 700;
const MAX_FN_LINES: usize = 120;

/// One source file: its module path (`["tui", "status", "view"]`) and its text up to the first
/// `#[cfg(test)]` (inline test modules have their own `super`), without comments.
struct Source {
    module: Vec<String>,
    path: PathBuf,
    text: String,
    code: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap();
            let mut module: Vec<String> = rel
                .with_extension("")
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect();
            if module
                .last()
                .is_some_and(|m| m == "mod" || m == "lib" || m == "main")
            {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = match text.find("#[cfg(test)]") {
                Some(at) => &text[..at],
                None => &text[..],
            };
            // Comments name paths (doc links) without importing them.
            let code: String = code
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            out.push(Source {
                module,
                path: rel.to_path_buf(),
                text,
                code,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Each function's name, first line and length in lines, from rustfmt's layout: a body closes
/// with a `}` at the indentation of its `fn`.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let mut rest = trimmed;
        for prefix in [
            "pub(crate) ",
            "pub(super) ",
            "pub ",
            "const ",
            "async ",
            "unsafe ",
        ] {
            rest = rest.strip_prefix(prefix).unwrap_or(rest);
        }
        let Some(sig) = rest.strip_prefix("fn ") else {
            continue;
        };
        let name: String = sig
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // Find where the signature ends: a `;` (no body) or a `{`.
        let mut j = i;
        let body = loop {
            let l = lines[j].trim_end();
            if l.ends_with(';') && !l.contains('{') {
                break false;
            }
            if l.contains('{') {
                break true;
            }
            j += 1;
            if j == lines.len() {
                break false;
            }
        };
        if !body {
            continue;
        }
        if lines[j].trim_end().ends_with('}') {
            out.push((name, i + 1, j - i + 1));
            continue;
        }
        let close = format!("{}}}", " ".repeat(indent));
        let end = (j + 1..lines.len())
            .find(|&k| lines[k].trim_end() == close)
            .unwrap_or(lines.len() - 1);
        out.push((name, i + 1, end - i + 1));
    }
    out
}

#[test]
fn no_file_under_src_passes_700_lines() {
    let long: Vec<String> = sources()
        .iter()
        .filter(|s| s.text.lines().count() > MAX_FILE_LINES)
        .map(|s| {
            format!(
                "src/{} ({} lines)",
                s.path.display(),
                s.text.lines().count()
            )
        })
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_FILE_LINES} lines: {long:#?}"
    );
}

#[test]
fn no_function_under_src_passes_120_lines() {
    let mut long = Vec::new();
    for s in sources() {
        for (name, line, len) in functions(&s.text) {
            if len > MAX_FN_LINES {
                long.push(format!(
                    "src/{}:{line} {name} ({len} lines)",
                    s.path.display()
                ));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines: {long:#?}"
    );
}

#[test]
fn the_function_counter_sees_bodies_signatures_and_one_liners() {
    let text = "fn a() {\n    x();\n}\n\npub(crate) fn b(\n    y: u8,\n) -> u8 {\n    y\n}\n    fn c() -> u8 { 1 }\n    fn d(&self);\n";
    assert_eq!(
        functions(text),
        vec![("a".into(), 1, 3), ("b".into(), 5, 5), ("c".into(), 10, 1)]
    );
}

/// Expands one `use` tree (`a::{b, c::{d, e}}`) into its paths.
fn expand(tree: &str) -> Vec<Vec<String>> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    fn go(prefix: &[String], t: &str, out: &mut Vec<Vec<String>>) {
        if let Some(open) = t.find('{') {
            let head: Vec<String> = t[..open]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            let mut p = prefix.to_vec();
            p.extend(head);
            let inner = &t[open + 1..t.len().saturating_sub(1)];
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        go(&p, &inner[start..i], out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            go(&p, &inner[start..], out);
        } else if !t.is_empty() {
            let mut p = prefix.to_vec();
            let t = t.split(" as ").next().unwrap_or(t);
            p.extend(t.split("::").filter(|s| !s.is_empty()).map(String::from));
            out.push(p);
        }
    }
    let mut out = Vec::new();
    go(&[], &tree, &mut out);
    out
}

/// Each path written from `root` on (`crate::a::b`, not `my_crate::a`), with the text from its
/// start on.
fn paths_from<'c>(code: &'c str, root: &str) -> Vec<(String, &'c str)> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(root) {
        let before = rest[..at].chars().last();
        let tail = &rest[at..];
        rest = &rest[at + root.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let path: String = tail
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        out.push((path, tail));
    }
    out
}

/// Every path a file names: its `use` trees and the `crate::…`, `super::…` and `self::…` paths
/// written inline.
fn named_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        let after = &rest[at + 4..];
        rest = after;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(end) = after.find(';') {
            let tree = &after[..end];
            if tree.contains('"') || tree.contains('\n') && !tree.contains('{') {
                continue;
            }
            out.extend(expand(tree));
        }
    }
    for root in ["crate::", "super::", "self::"] {
        for (path, _) in paths_from(code, root) {
            if path.ends_with("::") {
                // `super::{a, b}`: a use tree, read above.
                continue;
            }
            out.push(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            );
        }
    }
    out
}

/// The module a path lands in: the longest prefix that is a module file.
fn resolve(
    from: &[String],
    path: &[String],
    modules: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let mut abs: Vec<String> = Vec::new();
    let mut segs = path.iter().peekable();
    match segs.peek().map(|s| s.as_str()) {
        Some("crate") => {
            segs.next();
        }
        Some("super") => {
            abs = from.to_vec();
            while segs.peek().map(|s| s.as_str()) == Some("super") {
                segs.next();
                abs.pop();
            }
        }
        Some("self") => {
            segs.next();
            abs = from.to_vec();
        }
        Some(first) => {
            let mut child = from.to_vec();
            child.push(first.to_string());
            if !modules.contains(&child) {
                return None;
            }
            abs = from.to_vec();
        }
        None => return None,
    }
    abs.extend(segs.cloned());
    (1..=abs.len())
        .rev()
        .map(|n| abs[..n].to_vec())
        .find(|m| modules.contains(m))
}

/// Arrows between the modules of every file: A -> B when A names a path in B.
fn arrows(srcs: &[Source]) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let modules: BTreeSet<Vec<String>> = srcs.iter().map(|s| s.module.clone()).collect();
    let mut out: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for s in srcs {
        let to = out.entry(s.module.clone()).or_default();
        for p in named_paths(&s.code) {
            if let Some(m) = resolve(&s.module, &p, &modules)
                && m != s.module
            {
                to.insert(m);
            }
        }
    }
    out
}

/// The circles among the modules under `room`: each group of modules that reach each other
/// (a strongly connected component of two or more), sorted.
fn circles_in(
    room: &str,
    graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
) -> Vec<Vec<String>> {
    let nodes: Vec<&Vec<String>> = graph
        .keys()
        .filter(|m| m.first().is_some_and(|f| f == room))
        .collect();
    let index_of: BTreeMap<&Vec<String>, usize> =
        nodes.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let next: Vec<Vec<usize>> = nodes
        .iter()
        .map(|m| {
            graph[*m]
                .iter()
                .filter_map(|n| index_of.get(n).copied())
                .collect()
        })
        .collect();
    // Which nodes reach which, by a search from each (the rooms have tens of modules).
    let reach: Vec<BTreeSet<usize>> = (0..nodes.len())
        .map(|start| {
            let mut seen = BTreeSet::new();
            let mut todo = next[start].clone();
            while let Some(n) = todo.pop() {
                if seen.insert(n) {
                    todo.extend(next[n].iter().copied());
                }
            }
            seen
        })
        .collect();
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut placed = BTreeSet::new();
    for i in 0..nodes.len() {
        if placed.contains(&i) || !reach[i].contains(&i) {
            continue;
        }
        let group: Vec<usize> = (0..nodes.len())
            .filter(|&j| reach[i].contains(&j) && reach[j].contains(&i))
            .collect();
        placed.extend(group.iter().copied());
        out.push(group.iter().map(|&j| nodes[j].join("::")).collect());
    }
    out
}

#[test]
fn no_import_circle_inside_tui_launch_or_sandbox() {
    let graph = arrows(&sources());
    let circles: Vec<String> = ["tui", "launch", "sandbox"]
        .into_iter()
        .flat_map(|room| circles_in(room, &graph))
        .map(|c| {
            // Name the arrows inside the circle, so the message says what to cut.
            let arrows: Vec<String> = c
                .iter()
                .flat_map(|from| {
                    let key: Vec<String> = from.split("::").map(String::from).collect();
                    graph[&key]
                        .iter()
                        .map(|t| t.join("::"))
                        .filter(|t| c.contains(t))
                        .map(move |t| format!("{from} -> {t}"))
                })
                .collect();
            arrows.join(", ")
        })
        .collect();
    assert!(circles.is_empty(), "import circles: {circles:#?}");
}

#[test]
fn the_circle_finder_finds_a_circle_through_super_and_a_use_tree() {
    let src = |m: &str, code: &str| Source {
        module: m.split("::").map(String::from).collect(),
        path: PathBuf::from(m),
        text: code.into(),
        code: code.into(),
    };
    let srcs = vec![
        src("tui", "pub mod app;\npub mod status;\n"),
        src("tui::app", "use crate::tui::{status::view::draw, wrap};\n"),
        src("tui::status", "pub mod view;\n"),
        src("tui::status::view", "use super::super::app::App;\n"),
        src("tui::wrap", "fn w() {}\n"),
    ];
    let graph = arrows(&srcs);
    assert_eq!(
        circles_in("tui", &graph),
        vec![vec!["tui::app".to_string(), "tui::status::view".into()]]
    );
    let acyclic = vec![
        src("tui::app", "use crate::tui::status::view::draw;\n"),
        src("tui::status::view", "use crate::tui::wrap::wrap;\n"),
        src("tui::wrap", "fn w() {}\n"),
    ];
    assert!(circles_in("tui", &arrows(&acyclic)).is_empty());
}

#[test]
fn spec_and_graph_import_nothing_of_ours_above_them() {
    let graph = arrows(&sources());
    let mut wrong = Vec::new();
    for (from, to) in &graph {
        let room = from.first().map(String::as_str);
        for t in to {
            let target = t.first().map(String::as_str).unwrap_or("");
            let allowed = match room {
                Some("spec") => target == "spec",
                Some("graph") => target == "graph",
                Some("store") => matches!(target, "store" | "spec"),
                _ => true,
            };
            if !allowed {
                wrong.push(format!("{} -> {}", from.join("::"), t.join("::")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows the house plan forbids: {wrong:#?}"
    );
}

#[test]
fn only_cli_and_main_import_the_tui() {
    let graph = arrows(&sources());
    let wrong: Vec<String> = graph
        .iter()
        .filter(|(from, _)| !matches!(from.first().map(String::as_str), Some("tui" | "cli") | None))
        .flat_map(|(from, to)| {
            to.iter()
                .filter(|t| t.first().is_some_and(|r| r == "tui"))
                .map(move |t| format!("{} -> {}", from.join("::"), t.join("::")))
        })
        .collect();
    assert!(wrong.is_empty(), "only cli uses the tui: {wrong:#?}");
}

/// The submodules a room offers as namespaces of their own; everything else a room offers is
/// named at its top (`dcw::launch::LaunchOptions`, not `dcw::launch::pipeline::LaunchOptions`).
const NAMESPACES: &[&str] = &[
    "spec::text",      // the one terminal sanitiser
    "spec::tables",    // Meta's tables
    "spec::positions", // each platform's positions and the crop that feeds them
    "spec::preview",   // the preview's model: families, combinations, text cuts
    "spec::crop",      // crop maths (check, clamp, resize, ...)
    "spec::budget",    // the one budget line
    "store::presets",  // targeting presets per ad account (load, add, remove, summary)
    "launch::session", // one launch session: start, explain, dry run
    "tui::form",       // the draft's JSON paths (get, set, len, ...)
    "tui::preview",    // image previews (decode, encode, picture)
    "watch::insights", // asset results from the insights breakdowns
    "watch::results",  // results in money per goal, ranges, significance, the next round's ranking
];

/// Every `dcw::…` path a file names, use trees expanded, without a trailing `self`.
fn dcw_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (path, tail) in paths_from(code, "dcw::") {
        let mut tree = path.clone();
        if path.ends_with("::") && tail[path.len()..].starts_with('{') {
            let mut depth = 0;
            for (i, c) in tail[path.len()..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    tree = tail[..path.len() + i + 1].to_string();
                    break;
                }
            }
        }
        for mut p in expand(&tree) {
            if p.last().is_some_and(|s| s == "self") {
                p.pop();
            }
            out.push(p);
        }
    }
    out
}

/// A path is on the surface when it stops at `dcw::<room>::<item>` (an item's own variants and
/// associated items follow a capitalised name) or goes through a namespace on the list.
fn off_surface(path: &[String]) -> bool {
    if path.len() <= 3 || path[2].starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    !NAMESPACES.contains(&format!("{}::{}", path[1], path[2]).as_str())
}

/// `pub mod` declarations of a room's `mod.rs` that are not on the list.
fn public_modules_off_list(room: &str, text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or("").trim())
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|rest| rest.trim_end_matches([';', '{', ' ']).to_string())
        .filter(|m| !NAMESPACES.contains(&format!("{room}::{m}").as_str()))
        .map(|m| format!("{room}::{m}"))
        .collect()
}

/// The files outside the library that use it: tests, benches and the binary. This file is left
/// out: it names off-surface paths on purpose, in the fixtures below.
fn library_users() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut stack = vec![
        root.join("tests"),
        root.join("benches"),
        root.join("src/cli"),
    ];
    out.push((root.join("src/main.rs"), String::new()));
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().and_then(|e| e.to_str()) == Some("rs")
                && path != root.join("tests/house.rs")
            {
                out.push((path, String::new()));
            }
        }
    }
    for (path, code) in &mut out {
        *code = std::fs::read_to_string(&*path)
            .unwrap()
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
    }
    out
}

#[test]
fn tests_benches_and_the_binary_go_through_each_rooms_api() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut wrong = Vec::new();
    let mut seen = 0;
    for (path, code) in library_users() {
        for p in dcw_paths(&code) {
            seen += 1;
            if off_surface(&p) {
                let file = path.strip_prefix(root).unwrap().display();
                wrong.push(format!("{file}: {}", p.join("::")));
            }
        }
    }
    assert!(seen > 100, "the scan found only {seen} dcw:: paths");
    assert!(
        wrong.is_empty(),
        "paths past a room's API (use dcw::<room>::<item>, or add the module to NAMESPACES): \
         {wrong:#?}"
    );
}

#[test]
fn each_room_makes_public_only_the_listed_namespaces() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let rooms: Vec<String> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|r| r.trim_end_matches(';').to_string())
        .collect();
    assert!(rooms.len() >= 7, "rooms in lib.rs: {rooms:?}");
    let wrong: Vec<String> = rooms
        .iter()
        .flat_map(|room| {
            let text = std::fs::read_to_string(src.join(room).join("mod.rs")).unwrap();
            public_modules_off_list(room, &text)
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "public modules off the list (make them pub(crate) or private and re-export what users \
         need): {wrong:#?}"
    );
}

#[test]
fn the_surface_check_catches_a_deep_path_and_a_public_module() {
    let code = "use dcw::launch::pipeline::LaunchOptions;\n\
                use dcw::tui::{App, status::view::draw, preview::decode};\n\
                let j = dcw::store::journals::load_journal(d, id);\n\
                let e = dcw::launch::LaunchError::Held;\n\
                use dcw::watch::{self, Target};\n";
    let deep: Vec<String> = dcw_paths(code)
        .into_iter()
        .filter(|p| off_surface(p))
        .map(|p| p.join("::"))
        .collect();
    assert_eq!(
        deep,
        [
            "dcw::launch::pipeline::LaunchOptions",
            "dcw::tui::status::view::draw",
            "dcw::store::journals::load_journal",
        ]
    );
    let mods = "pub mod text;\npub(crate) mod parse;\nmod model;\npub mod report;\n";
    assert_eq!(public_modules_off_list("spec", mods), ["spec::report"]);
}

#[test]
fn the_sandbox_never_calls_dcws_validator() {
    // The sandbox is the other side of the wire: its rules are its own (`sandbox/rules.rs`),
    // so it can disagree with dcw. It may read spec types and Meta's tables, never the rules.
    let srcs = sources();
    let graph = arrows(&srcs);
    let mut wrong: Vec<String> = graph
        .iter()
        .filter(|(from, _)| from.first().is_some_and(|r| r == "sandbox"))
        .flat_map(|(from, to)| {
            to.iter()
                .filter(|t| t.len() >= 2 && t[0] == "spec" && t[1] == "validate")
                .map(move |t| format!("{} -> {}", from.join("::"), t.join("::")))
        })
        .collect();
    for s in srcs
        .iter()
        .filter(|s| s.module.first().is_some_and(|r| r == "sandbox"))
    {
        for needle in [
            "spec::validate",
            "validate::",
            "Facts",
            "dynamic_creative_ctas",
        ] {
            if s.code.contains(needle) {
                wrong.push(format!("src/{} names {needle}", s.path.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the sandbox reaches dcw's rules: {wrong:#?}"
    );
}

/// Every file under a folder, depth first (the folders under `tests/` are few and shallow).
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Tests talk to the loopback sandbox only: no file under `tests/` (fixtures included) names
/// Meta's Graph host. Which URLs are Meta's is tested inside `src/graph`. The host is spelled
/// in pieces here so this file does not name it either.
#[test]
fn no_file_under_tests_names_metas_graph_host() {
    let host = ["graph", "facebook", "com"].join(".");
    let mut files = Vec::new();
    files_under(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"),
        &mut files,
    );
    assert!(files.len() > 50, "{files:?}");
    let naming: Vec<_> = files
        .iter()
        .filter(|p| {
            std::fs::read(p).is_ok_and(|b| {
                String::from_utf8_lossy(&b)
                    .to_ascii_lowercase()
                    .contains(&host)
            })
        })
        .collect();
    assert!(naming.is_empty(), "these name {host}: {naming:?}");
}
