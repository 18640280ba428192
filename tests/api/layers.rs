//! The layers of DESIGN.md hold where the compiler cannot hold them. The store is a private
//! module of `services`, so nothing else can name it (the compiler refuses); what is left is
//! read from the source itself, so that a shortcut through a layer fails here before review:
//! the web names no entity, no ORM and no database connection, the domain does no I/O, and
//! the lower layers (store, mail) never reach up.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// A source file's code, comments left out (line comments and doc comments; string literals
/// that hold `//` are cut there too, which only ever hides text, never adds any).
fn code_of(text: &str) -> String {
    text.lines().map(|line| line.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// Every path a `use` declaration brings in, with its groups spelled out: `use crate::{a,
/// b::{c, d}};` gives `crate::a`, `crate::b::c`, `crate::b::d`.
fn imported_paths(code: &str) -> Vec<String> {
    fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
        let tree = tree.trim();
        let Some(open) = tree.find('{') else {
            let path = tree.split(" as ").next().unwrap_or_default().trim();
            if !path.is_empty() {
                out.push(format!("{prefix}{path}"));
            }
            return;
        };
        let head = format!("{prefix}{}", &tree[..open]);
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let (mut depth, mut start) = (0, 0);
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&head, &inner[start..i], out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand(&head, &inner[start..], out);
    }
    let mut paths = Vec::new();
    let lines: Vec<&str> = code.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_start();
        let declaration = ["use ", "pub use ", "pub(crate) use ", "pub(super) use "]
            .iter()
            .find_map(|keyword| line.strip_prefix(keyword));
        let Some(first) = declaration else {
            i += 1;
            continue;
        };
        // A declaration runs to its semicolon, over as many lines as it takes.
        let mut text = first.to_owned();
        while !text.contains(';') && i + 1 < lines.len() {
            i += 1;
            text.push(' ');
            text.push_str(lines[i]);
        }
        let tree = text.split(';').next().unwrap_or_default();
        expand("", &tree.replace("self", "").replace("::::", "::"), &mut paths);
        i += 1;
    }
    paths.into_iter().map(|p| p.split_whitespace().collect::<String>().trim_end_matches("::").to_owned()).collect()
}

/// Every `(file, what)` under `src/<layer>` that imports a path starting with one of
/// `forbidden`, or names one of them in its code.
fn offending(layer: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(layer);
    let mut found = Vec::new();
    for file in rust_files(&root) {
        let text = std::fs::read_to_string(&file).expect("readable source");
        found.extend(violations(&file.display().to_string(), &text, forbidden));
    }
    found
}

/// What one file's source (`text`, comments and all) does of `forbidden`: each import of a
/// path starting with one (groups spelled out), each line naming one, and one naming spread
/// over lines (`state\n    .ctx\n    .db`) or taken apart (`let Ctx { db, .. } = &state.ctx`).
fn violations(label: &str, text: &str, forbidden: &[&str]) -> Vec<String> {
    let code = code_of(text);
    let mut found = Vec::new();
    for path in imported_paths(&code) {
        if forbidden.iter().any(|f| path.starts_with(f)) {
            found.push(format!("{label}: use {path}"));
        }
    }
    for (n, line) in code.lines().enumerate() {
        if forbidden.iter().any(|f| line.contains(f)) {
            found.push(format!("{label}:{}: {}", n + 1, line.trim()));
        }
    }
    let squeezed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    for f in forbidden {
        let f: String = f.chars().filter(|c| !c.is_whitespace()).collect();
        if squeezed.contains(&f) && !found.iter().any(|hit| hit.contains(f.as_str())) {
            found.push(format!("{label}: {f} (over several lines)"));
        }
        // A field taken out of the context by a pattern: `Ctx { db, .. }`.
        if let Some(field) = f.strip_prefix("ctx.") {
            for pattern in [format!("Ctx{{{field},"), format!("Ctx{{{field}}}"), format!("Ctx{{{field}:")] {
                if squeezed.contains(&pattern) {
                    found.push(format!("{label}: takes `{field}` out of the context"));
                }
            }
        }
    }
    found
}

/// What the web may not name: the store, the entities, the ORM, and the context's connections.
const WEB_FORBIDDEN: &[&str] = &["crate::store", "crate::entities", "sea_orm", "entities::", "store::"];
const WEB_NO_CONNECTION: &[&str] =
    &["ctx.db", "ctx.reads", "DatabaseConnection", "attachments_dir", "ctx.blobs", "object_store"];

#[test]
fn the_checks_catch_grouped_imports_and_a_connection_passed_down_however_it_is_written() {
    // Each of these, put in a file under src/web, fails the layer tests below.
    let grouped = "use crate::{services, store};\nfn f() {}";
    assert_eq!(violations("x", grouped, WEB_FORBIDDEN), ["x: use crate::store"]);
    let nested = "use crate::{\n    entities::{tasks, units},\n    web::AppState,\n};";
    let found = violations("x", nested, WEB_FORBIDDEN);
    for import in ["x: use crate::entities::tasks", "x: use crate::entities::units"] {
        assert!(found.iter().any(|f| f == import), "{import} not in {found:?}");
    }
    for passed in [
        "fn h(state: AppState) { services::x(&state.ctx.db) }",
        "fn h(state: AppState) { services::x(&state.ctx.reads) }",
        "fn h(state: AppState) { services::x(&state\n        .ctx\n        .db) }",
        "fn h(state: AppState) { let Ctx { db, .. } = &state.ctx; services::x(db) }",
        "fn h(state: AppState) { let Ctx { reads: r, .. } = &state.ctx; services::x(r) }",
    ] {
        assert!(!violations("x", passed, WEB_NO_CONNECTION).is_empty(), "not caught: {passed}");
    }
    // What the web does write passes: the context itself, handed to a service.
    let fine = "use crate::{services::access, web::AppState};\nfn h(state: AppState) { access::x(&state.ctx) }";
    assert!(violations("x", fine, WEB_FORBIDDEN).is_empty() && violations("x", fine, WEB_NO_CONNECTION).is_empty());
}

#[test]
fn the_use_parser_spells_out_grouped_imports() {
    let paths = imported_paths(
        "use crate::{services, store};\nuse crate::{\n    a::{b, c::D as E},\n    f,\n};\nfn f() { reuse(\"a use of x;\") }",
    );
    assert_eq!(paths, ["crate::services", "crate::store", "crate::a::b", "crate::a::c::D", "crate::f"]);
}

#[test]
fn handlers_and_pages_reach_the_database_only_through_services() {
    let found = offending("web", WEB_FORBIDDEN);
    assert!(found.is_empty(), "web/ names the store, the entities or the ORM:\n{}", found.join("\n"));
}

#[test]
fn handlers_and_pages_pass_no_database_connection_down() {
    // What a request needs of the context a service reads for itself (`&Ctx`).
    let found = offending("web", WEB_NO_CONNECTION);
    assert!(found.is_empty(), "web/ hands a connection or a folder to a service:\n{}", found.join("\n"));
}

#[test]
fn the_domain_does_no_io_and_knows_no_framework() {
    let found = offending(
        "domain",
        &[
            "sea_orm",
            "axum",
            "tokio",
            "std::fs",
            "std::net",
            "crate::store",
            "crate::services",
            "crate::web",
            "crate::mail",
        ],
    );
    assert!(found.is_empty(), "domain/ reaches outside itself:\n{}", found.join("\n"));
}

#[test]
fn the_store_and_the_mail_never_reach_up() {
    let found = offending("store", &["crate::services", "crate::web", "crate::mail", "crate::app", "crate::jobs"]);
    assert!(found.is_empty(), "store/ reaches up:\n{}", found.join("\n"));
    let found = offending("mail", &["crate::services", "crate::store", "crate::web", "crate::app", "crate::jobs"]);
    assert!(found.is_empty(), "mail/ reaches up (the mail ↔ outbox circle):\n{}", found.join("\n"));
}

#[test]
fn pages_use_nothing_of_the_api_and_the_web_leaves_the_clock_and_the_zone_to_the_services() {
    let found = offending("web/pages", &["crate::web::api", "api::"]);
    assert!(found.is_empty(), "pages reach into the API's internals:\n{}", found.join("\n"));
    let found = offending("web", &["ctx.clock", "clock.now", "config.time_zone"]);
    assert!(found.is_empty(), "web/ reads the clock or the zone itself:\n{}", found.join("\n"));
}
