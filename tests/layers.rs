//! The layers import downwards only (README, "How the code is laid out"). This reads every
//! source file and fails, naming the file and line, when a module reaches a layer above its own
//! (a `crate::…` path anywhere in code, a `use` line or not).

use std::fs;
use std::path::{Path, PathBuf};

/// Bottom to top. A module may use itself and any module of a lower layer; the modules of an
/// `open` layer may also use each other (the domain's parts work together), those of a closed
/// one may not (storage and providers know nothing of each other).
const LAYERS: &[Layer] = &[
    Layer::closed("vocabulary", &["vocabulary", "money", "i18n"]),
    Layer::closed("configuration", &["config"]),
    Layer::closed("errors", &["error"]),
    Layer::closed("counters", &["metrics"]),
    Layer::closed("update slots", &["update_slots"]),
    Layer::closed("storage and providers", &["db", "providers"]),
    Layer::open(
        "domain",
        &[
            "orders",
            "pricing",
            "catalogue",
            "payments",
            "broadcast",
            "stats",
            "audit",
            "chart",
            "support",
            "reselling",
        ],
    ),
    Layer::closed("bot", &["bot"]),
    Layer::closed("wiring", &["app"]),
    Layer::closed("command line", &["cli"]),
];

struct Layer {
    name: &'static str,
    modules: &'static [&'static str],
    open: bool,
}

impl Layer {
    const fn closed(name: &'static str, modules: &'static [&'static str]) -> Self {
        Self {
            name,
            modules,
            open: false,
        }
    }

    const fn open(name: &'static str, modules: &'static [&'static str]) -> Self {
        Self {
            name,
            modules,
            open: true,
        }
    }
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.modules.contains(&module))
}

fn may_use(from: &str, to: &str) -> bool {
    if from == to {
        return true;
    }
    match (layer_of(from), layer_of(to)) {
        (Some(a), Some(b)) => b < a || (a == b && LAYERS[a].open),
        _ => false,
    }
}

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file under `src/` belongs to: `db/orders.rs` → `db`, `app.rs` → `app`.
fn top_module(relative: &Path) -> String {
    let first = relative.iter().next().expect("a file name");
    Path::new(first).with_extension("").to_string_lossy().into_owned()
}

/// The top-level modules a line of code names by `crate::` paths. (`super::` stays inside a
/// top-level module in this crate; paths that climb out of one are written with `crate::`.)
fn named_modules(code: &str) -> Vec<String> {
    let mut named = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let preceded_by_word = code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
        if !preceded_by_word {
            named.push(leading_ident(&code[at + "crate::".len()..]));
        }
    }
    named.retain(|m| !m.is_empty());
    named
}

fn leading_ident(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

#[test]
fn lower_layers_never_import_higher_ones() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let mut wrong = Vec::new();
    let mut unplaced = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let top = top_module(relative);
        let top = top.as_str();
        if top == "lib" || top == "main" {
            continue;
        }
        if layer_of(top).is_none() {
            unplaced.push(relative.display().to_string());
            continue;
        }
        let text = fs::read_to_string(file).expect("read source");
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for used in named_modules(code) {
                if !may_use(top, &used) {
                    let layer = layer_of(top).map_or("?", |l| LAYERS[l].name);
                    wrong.push(format!(
                        "{}:{}: `{top}` ({layer}) uses `{used}`: {}",
                        relative.display(),
                        number + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        unplaced.is_empty(),
        "modules in no layer (add them to LAYERS): {unplaced:?}"
    );
    assert!(
        wrong.is_empty(),
        "imports that go up a layer:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_reads_paths_and_layers_as_meant() {
    assert_eq!(named_modules("use crate::orders::Thing;"), ["orders"]);
    assert_eq!(
        named_modules("let x = crate::bot::f(crate::db::now());"),
        ["bot", "db"]
    );
    assert!(named_modules("use super::Db;").is_empty());
    assert!(named_modules("smmbot::crate::x").is_empty());
    assert!(!may_use("db", "providers"));
    assert!(!may_use("providers", "orders"));
    assert!(may_use("orders", "pricing"));
    assert!(may_use("bot", "db"));
    assert!(!may_use("error", "providers"));
}
