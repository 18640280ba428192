//! Copies of the SQLite database, for `duban backup` and `duban restore` (the evidence files
//! are copied through the blob store). SQLite only: a PostgreSQL database is copied with its
//! own tools.

use std::path::{Path, PathBuf};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use super::{StoreError, StoreResult};

fn file_error(what: impl std::fmt::Display, path: &Path, err: impl std::fmt::Display) -> StoreError {
    StoreError::File(format!("{what} {}: {err}", path.display()))
}

/// The file of a `sqlite:` database URL; None for PostgreSQL or an in-memory database.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    super::sqlite_file(url).map(PathBuf::from)
}

/// A consistent copy of the open database into `target` (which must not exist), taken while
/// others keep reading and writing: `VACUUM INTO` reads one snapshot and writes a compact file.
pub async fn vacuum_into(db: &DatabaseConnection, target: &Path) -> StoreResult<()> {
    let target = target.to_str().ok_or_else(|| file_error("cannot name", target, "the path is not UTF-8"))?;
    db.execute_raw(Statement::from_sql_and_values(DbBackend::Sqlite, "VACUUM INTO ?", [target.into()])).await?;
    Ok(())
}

/// True when `path` starts as every SQLite database file does.
pub fn is_sqlite_file(path: &Path) -> StoreResult<bool> {
    use std::io::Read;
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|e| file_error("cannot open", path, e))?;
    match file.read_exact(&mut header) {
        Ok(()) => Ok(&header == b"SQLite format 3\0"),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(file_error("cannot read", path, e)),
    }
}

/// Takes the database out of WAL mode, which SQLite allows only when no other connection has
/// it open: the way to learn that no server is using a database about to be replaced. Answers
/// false when another connection holds it.
pub async fn release_if_unused(db: &DatabaseConnection) -> StoreResult<bool> {
    db.execute_unprepared("PRAGMA busy_timeout = 0").await?;
    match db.query_one_raw(Statement::from_string(DbBackend::Sqlite, "PRAGMA journal_mode = DELETE")).await {
        Ok(Some(row)) => Ok(row.try_get_by_index::<String>(0).is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"))),
        Ok(None) => Ok(false),
        Err(e) if e.to_string().contains("locked") || e.to_string().contains("busy") => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Copies a file to `to` through a temporary file beside it, so that `to` is either absent or
/// whole, never half written.
pub fn copy_file(from: &Path, to: &Path) -> StoreResult<()> {
    let temporary = temporary_beside(to);
    std::fs::copy(from, &temporary).map_err(|e| file_error(format!("cannot copy {} to", from.display()), to, e))?;
    std::fs::File::open(&temporary).and_then(|f| f.sync_all()).map_err(|e| file_error("cannot sync", &temporary, e))?;
    std::fs::rename(&temporary, to).map_err(|e| file_error("cannot rename into", to, e))
}

/// A name beside `path` that nothing else uses: `path.<random>.partial`.
pub fn temporary_beside(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.partial", uuid::Uuid::new_v4().simple()));
    path.with_file_name(name)
}

/// Removes the `-wal` and `-shm` files SQLite keeps beside `database`, if any.
pub fn remove_journal_files(database: &Path) -> StoreResult<()> {
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = database.as_os_str().to_os_string();
        name.push(suffix);
        let path = PathBuf::from(name);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(file_error("cannot remove", &path, e)),
        }
    }
    Ok(())
}
