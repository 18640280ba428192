//! `duban storage`: check the blob store against the rows, remove what no row names, move
//! every blob to another store and switch the configuration to it.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use duban::{
    config::StorageSettings,
    services::{Ctx, storage},
};

#[derive(Subcommand)]
pub enum StorageCommand {
    /// Check that every blob an evidence row names is in the store with the sha256 the row
    /// records; name each one that is missing or differs (and fail).
    Verify,
    /// Remove the blobs no evidence row names, and uploads abandoned in incoming/, once older
    /// than the grace period.
    Gc {
        /// Hours a blob no row names is kept (a report may still be committing its row).
        #[arg(long, default_value_t = 24)]
        grace: u32,
    },
    /// Copy every blob to another store (file://FOLDER or s3://BUCKET/PREFIX), verify each
    /// sha256 there, and only when all are there switch the configuration file's [storage] to it.
    /// Running it again continues where it stopped.
    Migrate {
        /// The store to move to.
        #[arg(long)]
        to: String,
        /// The target's S3 endpoint (an S3-compatible server); default: the current setting.
        #[arg(long)]
        endpoint: Option<String>,
        /// The target's S3 region; default: the current setting.
        #[arg(long)]
        region: Option<String>,
        /// Address the target bucket in the host name instead of the path.
        #[arg(long)]
        virtual_hosted: bool,
    },
}

pub async fn run(ctx: &Ctx, command: StorageCommand, config_file: Option<PathBuf>) -> Result<(), String> {
    match command {
        StorageCommand::Verify => {
            let verified = storage::verify(ctx).await.map_err(crate::explain)?;
            for problem in &verified.problems {
                println!("{problem}");
            }
            if !verified.problems.is_empty() {
                return Err(format!(
                    "{} of {} blobs the rows name are missing or differ in {}",
                    verified.problems.len(),
                    verified.checked,
                    ctx.blobs().url()
                ));
            }
            println!("{} blobs verified in {}: each present with its sha256", verified.checked, ctx.blobs().url());
            Ok(())
        }
        StorageCommand::Gc { grace } => {
            let collected =
                storage::gc(ctx, chrono::Duration::hours(i64::from(grace))).await.map_err(crate::explain)?;
            for key in &collected.removed {
                println!("removed {key}");
            }
            println!(
                "removed {} blobs no row names; kept {} named by rows and {} younger than {grace} hours",
                collected.removed.len(),
                collected.referenced,
                collected.young
            );
            Ok(())
        }
        StorageCommand::Migrate { to, endpoint, region, virtual_hosted } => {
            let current = &ctx.config.storage;
            let endpoint = endpoint.or_else(|| current.endpoint.clone());
            let region = region.or_else(|| current.region.clone());
            let target =
                StorageSettings::parse("--to", &to, endpoint, region, virtual_hosted || current.virtual_hosted)
                    .map_err(|e| e.to_string())?;
            let migrated = storage::migrate(ctx, &target, |key, copied| {
                if copied {
                    println!("copied {key}");
                }
                ControlFlow::Continue(())
            })
            .await
            .map_err(crate::explain)?;
            for problem in &migrated.problems {
                println!("{problem}");
            }
            println!(
                "{} blobs copied and verified, {} already there, into {}",
                migrated.copied,
                migrated.present,
                target.url()
            );
            if !migrated.complete() {
                return Err("not every blob is in the target; the configuration is unchanged (run it again)".into());
            }
            let file = config_file.unwrap_or_else(|| PathBuf::from("duban.toml"));
            switch(&file, &target)?;
            println!("{}: [storage] now names {}; restart every duban serve to use it", file.display(), target.url());
            if std::env::var_os("DUBAN_STORAGE_URL").is_some() {
                println!("DUBAN_STORAGE_URL is set and wins over the file: set it to {} too", target.url());
            }
            Ok(())
        }
    }
}

/// Writes the `[storage]` table of the configuration file (created if missing) to name
/// `target`, keeping the rest of the file (comments too); through a temporary file beside it,
/// so that the file is either the old one or the new one.
pub fn switch(file: &Path, target: &StorageSettings) -> Result<(), String> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", file.display())),
    };
    let mut document: toml_edit::DocumentMut =
        text.parse().map_err(|e| format!("{} is not valid TOML: {e}", file.display()))?;
    // A flat storage_* key would say something else than the table: the table replaces them.
    for key in ["storage_url", "storage_endpoint", "storage_region", "storage_virtual_hosted"] {
        document.remove(key);
    }
    let table = document.entry("storage").or_insert(toml_edit::table());
    let table = table.as_table_mut().ok_or_else(|| format!("{}: storage is not a table", file.display()))?;
    table.insert("url", toml_edit::value(target.url()));
    for (key, value) in [("endpoint", &target.endpoint), ("region", &target.region)] {
        match value {
            Some(value) => table.insert(key, toml_edit::value(value.as_str())),
            None => table.remove(key),
        };
    }
    if target.virtual_hosted {
        table.insert("virtual_hosted", toml_edit::value(true));
    } else {
        table.remove("virtual_hosted");
    }
    let mut temporary = file.as_os_str().to_os_string();
    temporary.push(".partial");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, document.to_string())
        .and_then(|()| std::fs::rename(&temporary, file))
        .map_err(|e| format!("cannot write {}: {e}", file.display()))
}
