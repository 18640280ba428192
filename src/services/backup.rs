//! `duban backup FILE` and `duban restore FILE`: the SQLite database and the evidence files
//! together. The backup is `FILE` (a database copied with `VACUUM INTO` while Duban serves) and
//! the folder `FILE.attachments/` beside it (the evidence files). PostgreSQL is backed up with
//! `pg_dump`; these commands say so rather than half do it.

use crate::domain::message::Message;
use std::path::{Path, PathBuf};

use super::store::{self, blobs::Blobs};
use super::{ServiceError, ServiceResult, storage};
use crate::config::Config;

/// The folder of evidence files that goes with the database copy `file`.
pub fn files_beside(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_os_string();
    name.push(".attachments");
    PathBuf::from(name)
}

/// What a backup or a restore copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub database: PathBuf,
    pub files_dir: PathBuf,
    pub files: u64,
}

/// The SQLite file of the configured database, or, for PostgreSQL, `postgres_advice`.
fn sqlite_database(config: &Config, postgres_advice: String) -> ServiceResult<PathBuf> {
    store::backup::sqlite_path(&config.database_url).ok_or_else(|| {
        ServiceError::invalid("database_url", Message::new("error-backup-not-sqlite").text("advice", postgres_advice))
    })
}

fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Runs blocking file work off the async threads.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> ServiceResult<T> + Send + 'static) -> ServiceResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ServiceError::Internal(store::StoreError::File(format!("the copy stopped: {e}"))))?
}

/// Copies the database to `file` and the evidence files, from whatever store is configured,
/// to `file.attachments/`, while Duban may be serving. The database is copied first: an
/// evidence file is stored before the row that names it commits, so every file the copy names
/// is in the store by then. Both are written under temporary names and renamed at the end, so
/// a backup that stops half way leaves nothing that looks whole.
#[tracing::instrument(skip_all)]
pub async fn backup(config: &Config, file: &Path) -> ServiceResult<Copied> {
    let advice = format!(
        "back it up with pg_dump (pg_dump -Fc -f FILE DATABASE_URL) and copy the evidence files in {} (see the README's Backups)",
        config.storage.url()
    );
    let database = sqlite_database(config, advice)?;
    if !database.is_file() {
        return Err(ServiceError::invalid(
            "database_url",
            Message::new("error-backup-no-database").text("path", database.display().to_string()),
        ));
    }
    let files_dir = files_beside(file);
    for path in [file, files_dir.as_path()] {
        if exists(path) {
            return Err(ServiceError::Conflict(
                Message::new("error-backup-exists").text("path", path.display().to_string()),
            ));
        }
    }
    let db = store::connect(&config.database_url).await?;
    let partial_database = store::backup::temporary_beside(file);
    let partial_files = store::backup::temporary_beside(&files_dir);
    let copied = async {
        store::backup::vacuum_into(&db, &partial_database).await?;
        db.close().await?;
        let files = storage::copy_blobs(&Blobs::open(&config.storage), &Blobs::folder(&partial_files)).await?;
        rename(&partial_files, &files_dir)?;
        rename(&partial_database, file)?;
        Ok::<_, ServiceError>(files)
    }
    .await;
    match copied {
        Ok(files) => Ok(Copied { database: file.to_path_buf(), files_dir, files }),
        Err(e) => {
            let _ = std::fs::remove_file(&partial_database);
            let _ = std::fs::remove_dir_all(&partial_files);
            Err(e)
        }
    }
}

fn rename(from: &Path, to: &Path) -> ServiceResult<()> {
    std::fs::rename(from, to).map_err(|e| {
        ServiceError::Internal(store::StoreError::File(format!(
            "cannot rename {} to {}: {e}",
            from.display(),
            to.display()
        )))
    })
}

/// Puts a backup made by `backup` back: the evidence files into the configured store, then
/// the database file in place of the configured one. Refuses to replace a database that holds
/// an organisation unless `force`, and always refuses one that another process has open (stop
/// `duban serve` first). Files already in the store stay; a file of the backup replaces one
/// of the same name (they are named by their sha256, so it holds the same bytes).
#[tracing::instrument(skip_all)]
pub async fn restore(config: &Config, file: &Path, force: bool) -> ServiceResult<Copied> {
    let advice = format!(
        "restore it with pg_restore (psql for a plain dump) into an empty database, and copy the evidence files back into {}",
        config.storage.url()
    );
    let database = sqlite_database(config, advice)?;
    if !file.is_file() || !store::backup::is_sqlite_file(file)? {
        return Err(ServiceError::invalid(
            "file",
            Message::new("error-backup-not-backup").text("path", file.display().to_string()),
        ));
    }
    let files_dir = files_beside(file);
    if !files_dir.is_dir() {
        return Err(ServiceError::invalid(
            "file",
            Message::new("error-backup-no-files")
                .text("path", file.display().to_string())
                .text("folder", files_dir.display().to_string()),
        ));
    }
    if database.is_file() {
        let db = store::connect(&config.database_url).await?;
        let held = async {
            let units = store::units::count(&db).await.unwrap_or(0);
            let users = store::users::count(&db).await.unwrap_or(0);
            if (units > 0 || users > 0) && !force {
                return Err(ServiceError::Conflict(
                    Message::new("error-backup-not-empty")
                        .text("path", database.display().to_string())
                        .number("units", units)
                        .number("users", users),
                ));
            }
            if !store::backup::release_if_unused(&db).await? {
                return Err(ServiceError::Conflict(
                    Message::new("error-backup-in-use").text("path", database.display().to_string()),
                ));
            }
            Ok(())
        }
        .await;
        db.close().await?;
        held?;
    }
    // The files first: should the restore stop between the two, no restored row names a file
    // that is not there.
    let files = storage::copy_blobs(&Blobs::folder(&files_dir), &Blobs::open(&config.storage)).await?;
    let (source, target) = (file.to_path_buf(), database.clone());
    blocking(move || {
        if let Some(folder) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .map_err(|e| store::StoreError::File(format!("cannot create {}: {e}", folder.display())))?;
        }
        store::backup::remove_journal_files(&target)?;
        store::backup::copy_file(&source, &target)?;
        Ok(())
    })
    .await?;
    Ok(Copied { database, files_dir, files })
}
