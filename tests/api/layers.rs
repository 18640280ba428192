//! The layers of DESIGN.md hold: web talks only to services, and the domain does no I/O. Read
//! from the source itself, so that a shortcut through a layer fails here before review.

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

/// Every `(file, line)` under `src/<layer>` that names one of `forbidden`, comments left out.
fn offending_lines(layer: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(layer);
    let mut found = Vec::new();
    for file in rust_files(&root) {
        let text = std::fs::read_to_string(&file).expect("readable source");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if forbidden.iter().any(|f| code.contains(f)) {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn handlers_and_pages_reach_the_database_only_through_services() {
    let found = offending_lines("web", &["store::", "entities::", "store,", "entities,", "sea_orm"]);
    assert!(found.is_empty(), "web/ names the store or the entities:\n{}", found.join("\n"));
}

#[test]
fn the_domain_does_no_io_and_knows_no_framework() {
    let found =
        offending_lines("domain", &["sea_orm", "axum", "tokio", "std::fs", "std::net", "crate::store", "crate::web"]);
    assert!(found.is_empty(), "domain/ reaches outside itself:\n{}", found.join("\n"));
}

#[test]
fn pages_use_nothing_of_the_api_and_the_web_leaves_connections_clock_and_zone_to_the_services() {
    let found = offending_lines("web/pages", &["api::", "web::api"]);
    assert!(found.is_empty(), "pages reach into the API's internals:\n{}", found.join("\n"));
    let found = offending_lines("web", &["ctx.db", "ctx.reads", "ctx.clock", "clock.now", "config.time_zone"]);
    assert!(found.is_empty(), "web/ picks a connection, the time or the zone itself:\n{}", found.join("\n"));
}
