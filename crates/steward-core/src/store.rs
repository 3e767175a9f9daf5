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
    Migration {
        version: 3,
        name: "0003_record_list.sql",
        sql: include_str!("../../../migrations/0003_record_list.sql"),
    },
    Migration {
        version: 4,
        name: "0004_tombstones.sql",
        sql: include_str!("../../../migrations/0004_tombstones.sql"),
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

/// An opened vault file: the connection, and the copy made aside if it was migrated.
pub struct Opened {
    /// The connection, configured and at [`SCHEMA_VERSION`].
    pub conn: Connection,
    /// The copy of the file made before a migration (ciphertext only, 0600), to be removed
    /// once the migrated vault has unlocked ([`remove_copies_aside`]).
    pub copy_aside: Option<PathBuf>,
}

/// Opens an existing vault file and brings its schema up to date.
pub fn open_existing(path: &Path) -> Result<Opened> {
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
    let copy_aside = if found < SCHEMA_VERSION {
        let copy = backup_before_migration(&conn, path, found)?;
        migrate(&conn, SCHEMA_VERSION)?;
        Some(copy)
    } else {
        None
    };
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
    Ok(Opened { conn, copy_aside })
}

/// Opens one more connection to a vault this process already has open (and checked): no
/// magic check through `std::fs`, no migration. Why not [`open_existing`]: opening and
/// closing the file with anything but SQLite drops every POSIX lock this process holds on
/// it (fcntl locks belong to the process and go with the first `close`), so another
/// process closing its connection would believe it was the last one, checkpoint and
/// delete the write-ahead log under this process's connections, whose next writes would
/// then go to an unlinked file and be lost.
pub fn open_again(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| map_open_error(e, path))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    configure(&conn)?;
    Ok(conn)
}

/// Creates a new, empty database at `path` (which must not exist) with the schema up to
/// `target` (normally [`SCHEMA_VERSION`]; older targets exist for migration tests).
pub fn create_new(path: &Path, target: i64) -> Result<Connection> {
    create_private_file(path)?;
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
/// added if that name is taken). The copy holds the same ciphertext as the vault; it is
/// created 0600 before SQLite writes a byte into it (its journal inherits that mode), so
/// it is never readable by others, not even for a moment.
fn backup_before_migration(conn: &Connection, path: &Path, from_version: i64) -> Result<PathBuf> {
    let mut n = 1;
    loop {
        let target = copy_aside_name(path, from_version, n);
        match create_private_file(&target) {
            Ok(()) => {
                let copied = conn.backup(rusqlite::MAIN_DB, &target, None);
                if let Err(e) = copied {
                    let _ = std::fs::remove_file(&target);
                    return Err(e.into());
                }
                return Ok(target);
            }
            Err(Error::FileExists { .. }) => n += 1,
            Err(e) => return Err(e),
        }
    }
}

fn copy_aside_name(path: &Path, from_version: i64, n: u32) -> PathBuf {
    match n {
        1 => PathBuf::from(format!("{}.pre-v{from_version}.bak", path.display())),
        n => PathBuf::from(format!("{}.pre-v{from_version}.{n}.bak", path.display())),
    }
}

/// The copies made aside before a migration of the vault at `path`
/// (`<file>.pre-v<N>[.<n>].bak` with N below this build's schema), sorted.
pub fn copies_aside(path: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Vec::new();
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!("{}.pre-v", name.to_string_lossy());
    let Ok(listing) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut copies: Vec<PathBuf> = listing
        .flatten()
        .filter_map(|item| {
            let file = item.file_name().to_string_lossy().into_owned();
            let rest = file.strip_prefix(&prefix)?.strip_suffix(".bak")?;
            let mut parts = rest.split('.');
            let version = parts.next()?.parse::<i64>().ok()?;
            let counter_ok = parts.all(|p| p.parse::<u32>().is_ok());
            (version < SCHEMA_VERSION && counter_ok).then(|| dir.join(&file))
        })
        .collect();
    copies.sort();
    copies
}

/// Removes every copy made aside before a migration ([`copies_aside`]): called once the
/// migrated vault has unlocked, which proves the migrated file whole and readable. Returns
/// what was removed; a copy that cannot be removed stays (and is still listed).
pub fn remove_copies_aside(path: &Path) -> Vec<PathBuf> {
    copies_aside(path)
        .into_iter()
        .filter(|copy| {
            for ext in ["-journal", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{ext}", copy.display()));
            }
            std::fs::remove_file(copy).is_ok()
        })
        .collect()
}

/// Creates `path` as an empty file readable and writable by its owner only; refuses a
/// path that exists ([`Error::FileExists`]). SQLite then opens the empty file as a new
/// database, and its `-wal`, `-shm` and `-journal` files take the same mode, so nothing
/// of a vault is ever world-readable, whatever the umask.
pub fn create_private_file(path: &Path) -> Result<()> {
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.mode(0o600);
    }
    match open.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::FileExists {
            path: path.to_path_buf(),
        }),
        Err(e) => Err(Error::io(format!("creating {}", path.display()), e)),
    }
}
