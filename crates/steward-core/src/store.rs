//! The SQLite file: opening it safely, its pragmas, and the migration runner.
//!
//! Every connection runs in WAL mode with `synchronous=FULL` (a save the user saw succeed
//! survives a power cut), `secure_delete=ON` (freed pages are zeroed), foreign keys on,
//! temporary tables and indices kept in memory (SQLite never writes a temp file of ours),
//! and a busy timeout so the app and the CLI can share one vault.
//!
//! Migrations are the numbered files in `migrations/`, embedded at compile time, applied
//! one transaction each and tracked by `PRAGMA user_version`. A vault newer than this build
//! is refused before anything is written; a vault with data is copied aside (with SQLite's
//! online backup, so the copy is consistent) before it is migrated.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{Error, Result};

/// One migration: its number (= the `user_version` after it), file name and SQL.
pub struct Migration {
    /// Schema version reached after this migration.
    pub version: i64,
    /// File name under `migrations/` (read by the test that checks this list against the
    /// folder).
    #[cfg_attr(not(any(test, feature = "test-support")), allow(dead_code))]
    pub name: &'static str,
    /// The SQL.
    pub sql: &'static str,
}

/// Every migration, in order. A test checks this list against the `migrations/` folder.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_init.sql",
        sql: include_str!("../../../migrations/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "0002_reflections.sql",
        sql: include_str!("../../../migrations/0002_reflections.sql"),
    },
];

/// The schema version this build writes and the newest it opens.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a writer waits for another process's lock before giving up with
/// [`Error::Busy`].
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Page size of new vaults, in bytes.
pub const PAGE_SIZE: u32 = 16 * 1024;

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// The `vault_meta.format` value that marks a Steward vault.
pub const VAULT_FORMAT: &str = "steward-vault";

/// Opens an existing vault file and brings its schema up to date.
pub fn open_existing(path: &Path) -> Result<Connection> {
    check_is_sqlite(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| map_open_error(e, path))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Read the version before any pragma that writes (journal_mode=WAL changes the header):
    // a vault from a newer build must be left exactly as it was.
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| map_open_error(e, path))?;
    if found > SCHEMA_VERSION {
        return Err(Error::VaultTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found == 0 {
        return Err(Error::NotAVault {
            path: path.to_path_buf(),
        });
    }
    configure(&conn)?;
    if found < SCHEMA_VERSION {
        backup_before_migration(&conn, path, found)?;
        migrate(&conn, SCHEMA_VERSION)?;
    }
    check_schema(&conn)?;
    let format: Option<String> = conn
        .query_row(
            "SELECT value FROM vault_meta WHERE key = 'format'",
            [],
            |r| r.get(0),
        )
        .ok();
    if format.as_deref() != Some(VAULT_FORMAT) {
        return Err(Error::NotAVault {
            path: path.to_path_buf(),
        });
    }
    Ok(conn)
}

/// Creates a new, empty database at `path` (which must not exist) with the schema up to
/// `target` (normally [`SCHEMA_VERSION`]; older targets exist for migration tests).
pub fn create_new(path: &Path, target: i64) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Before anything is written: 16 KiB pages make loading a large journal ~20% faster
    // (fewer, larger reads) for ~35 µs more per save (measured, docs/BENCHMARKS.md).
    conn.execute_batch(&format!("PRAGMA page_size = {PAGE_SIZE}"))?;
    configure(&conn)?;
    migrate(&conn, target)?;
    Ok(conn)
}

/// Refuses a vault whose schema is not exactly what the migrations make: no trigger or
/// view (a planted trigger could silently undo a delete or a passphrase change while
/// Steward reports success), no changed table or index. The reference is the migrations run
/// on an in-memory database (about a millisecond), so it never drifts from them.
fn check_schema(conn: &Connection) -> Result<()> {
    let expected = {
        let reference = Connection::open_in_memory()?;
        migrate(&reference, SCHEMA_VERSION)?;
        schema_of(&reference)?
    };
    let found = schema_of(conn)?;
    if let Some(extra) = found.iter().find(|o| !expected.contains(o)) {
        return Err(Error::Tampered {
            what: format!(
                "the journal's schema (an unexpected {} {:?})",
                extra.0, extra.1
            ),
        });
    }
    if let Some(missing) = expected.iter().find(|o| !found.contains(o)) {
        return Err(Error::Tampered {
            what: format!(
                "the journal's schema ({} {:?} is missing)",
                missing.0, missing.1
            ),
        });
    }
    Ok(())
}

/// A schema object: type, name, table, SQL.
type SchemaObject = (String, String, String, Option<String>);

/// Every schema object, sorted.
fn schema_of(conn: &Connection) -> Result<Vec<SchemaObject>> {
    let mut stmt =
        conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn configure(conn: &Connection) -> Result<()> {
    // Defensive mode: no writes to the schema table or shadow tables through SQL, and
    // functions with side effects never run from inside the schema (triggers, views).
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA,
        false,
    )?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;",
    )?;
    Ok(())
}

fn check_is_sqlite(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::NoVault {
                path: path.to_path_buf(),
            })
        }
        Err(e) => return Err(Error::io(format!("opening {}", path.display()), e)),
    };
    let mut magic = [0u8; 16];
    match file.read_exact(&mut magic) {
        Ok(()) if &magic == SQLITE_MAGIC => Ok(()),
        _ => Err(Error::NotAVault {
            path: path.to_path_buf(),
        }),
    }
}

fn map_open_error(err: rusqlite::Error, path: &Path) -> Error {
    match Error::from(err) {
        Error::NotAVault { .. } => Error::NotAVault {
            path: path.to_path_buf(),
        },
        other => other,
    }
}

/// Applies migrations above the current `user_version` up to `target`, each in its own
/// IMMEDIATE transaction that re-reads the version (so two processes racing to migrate
/// do not apply a step twice).
pub fn migrate(conn: &Connection, target: i64) -> Result<()> {
    for migration in MIGRATIONS.iter().filter(|m| m.version <= target) {
        let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if current >= migration.version {
            continue;
        }
        tx.execute_batch(migration.sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", migration.version))?;
        tx.commit()?;
    }
    Ok(())
}

/// Copies a vault aside before migrating it: `<file>.pre-v<N>.bak` (a numbered suffix is
/// added if that name is taken). The copy holds the same ciphertext as the vault.
fn backup_before_migration(conn: &Connection, path: &Path, from_version: i64) -> Result<PathBuf> {
    let mut target = PathBuf::from(format!("{}.pre-v{from_version}.bak", path.display()));
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = PathBuf::from(format!("{}.pre-v{from_version}.{n}.bak", path.display()));
    }
    conn.backup(rusqlite::MAIN_DB, &target, None)?;
    restrict_permissions(&target)?;
    Ok(target)
}

/// Makes a file readable by its owner only (the vault holds only ciphertext, but its
/// metadata — how much and when someone writes — is still nobody else's business).
pub fn restrict_permissions(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| Error::io(format!("setting permissions of {}", path.display()), e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
