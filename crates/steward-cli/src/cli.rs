//! The command line as clap sees it: every subcommand, flag and help text of `steward`, in
//! one place (the man page and shell completions are generated from these types).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Steward — a private, encrypted reflection journal for people who lead others.
#[derive(Parser)]
#[command(name = "steward", version, about, long_about = None)]
#[command(
    after_help = "Passphrase: STEWARD_PASSPHRASE, or --passphrase-file FILE, else a prompt on the terminal.\n\
Words in arguments (--title, --tag, search words) are visible to other users in the process list\n\
and stay in your shell's history: give - instead (--title -, --tag -, search -) to type them at a prompt\n\
(search - also reads them from stdin).\n\
Exit codes: 0 ok, 1 other error, 2 usage, 3 wrong passphrase or key, 4 damaged or tampered data,\n\
5 journal from a newer Steward, 6 not found, 7 invalid input, 8 disk full."
)]
pub struct Cli {
    /// The journal file [default: the OS data folder, e.g. ~/.local/share/steward/journal.steward]
    #[arg(long, global = true, env = "STEWARD_VAULT", value_name = "PATH")]
    pub vault: Option<PathBuf>,

    /// Read the passphrase from the first line of FILE
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,

    /// Print machine-readable JSON
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create a new journal and print its recovery key (once)
    Init {
        /// Argon2id memory in MiB (at least 8)
        #[arg(long, default_value_t = 64, value_name = "MIB")]
        kdf_memory_mib: u32,
        /// Argon2id passes (at least 1)
        #[arg(long, default_value_t = 3, value_name = "N")]
        kdf_iterations: u32,
        /// Argon2id lanes (computed on all cores)
        #[arg(long, default_value_t = 4, value_name = "N")]
        kdf_parallelism: u32,
    },
    /// Write an entry: the text comes from stdin, or from $EDITOR on a terminal
    Add {
        /// Title of the entry; - to type it at a prompt (kept out of the process list and history)
        #[arg(long)]
        title: Option<String>,
        /// A tag (repeat for several); - to type them at a prompt
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// When it was written: RFC 3339, "YYYY-MM-DD HH:MM" or YYYY-MM-DD (local time) [default: now]
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// A person the entry is about (a relationship's name, created if new; repeat for
        /// several); - to type them at a prompt
        #[arg(long = "person", value_name = "NAME")]
        people: Vec<String>,
    },
    /// List entries, newest first
    List {
        /// From this day (YYYY-MM-DD, local) or instant (RFC 3339), inclusive
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Up to this day (inclusive) or instant (exclusive)
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Only entries with this tag; - to type it at a prompt
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
    },
    /// Show one entry (ID or a unique prefix of at least 4 characters)
    Show { id: String },
    /// Change an entry: new text from stdin, or $EDITOR on a terminal; flags change the rest
    Edit {
        id: String,
        /// New title; - to type it at a prompt
        #[arg(long)]
        title: Option<String>,
        /// Replace the tags (repeat for several); - to type them at a prompt
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Remove all tags
        #[arg(long, conflicts_with = "tags")]
        clear_tags: bool,
        /// New date
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Replace the people the entry is about (repeat for several); - to type them at a prompt
        #[arg(long = "person", value_name = "NAME")]
        people: Vec<String>,
        /// Unlink every person
        #[arg(long, conflicts_with = "people")]
        clear_people: bool,
    },
    /// Delete an entry (asks first on a terminal)
    Delete {
        id: String,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
    /// Find entries containing every word (use "quotes" for a phrase), newest first
    Search {
        /// Words to find (case- and accent-insensitive: cafe finds café, strasse finds
        /// Straße); - to read them from stdin or a prompt, out of the process list and shell
        /// history
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Accents must match as typed (café no longer finds cafe); case still does not
        #[arg(long)]
        exact: bool,
        /// Search the weekly reflections' written answers instead of the entries: prints
        /// each matching week with an excerpt
        #[arg(long)]
        reflections: bool,
    },
    /// Change the passphrase: every record is re-encrypted under a new key, so the old
    /// passphrase stops opening the journal; prints a new recovery key unless
    /// --keep-recovery-key
    Passwd {
        /// Unlock with the recovery key instead of the current passphrase
        #[arg(long)]
        recovery: bool,
        /// Read the new passphrase from the first line of FILE (else STEWARD_NEW_PASSPHRASE, else a prompt)
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
        /// Keep the current recovery key (typed, or STEWARD_RECOVERY_KEY) instead of getting a new one
        #[arg(long)]
        keep_recovery_key: bool,
    },
    /// Re-encrypt every record under a new key, keeping the passphrase (when a copy of the
    /// journal may have been taken); prints a new recovery key unless --keep-recovery-key
    RotateKeys {
        /// Keep the current recovery key (typed, or STEWARD_RECOVERY_KEY) instead of getting a new one
        #[arg(long)]
        keep_recovery_key: bool,
    },
    /// The weekly reflection: asked question by question, or saved from reflection JSON
    Reflect {
        /// The week, e.g. 2026-W47 [default: this week]
        #[arg(long, value_name = "WEEK")]
        week: Option<String>,
        /// Save the reflection JSON in FILE ("-" for stdin) instead of asking; it is
        /// finished when complete, else kept as a draft
        #[arg(long, value_name = "FILE")]
        from_json: Option<PathBuf>,
        /// Print where the weekly reflection stands (due, missed weeks, streak); change nothing
        #[arg(long, conflicts_with = "from_json")]
        status: bool,
        /// Print the week's reflection; change nothing
        #[arg(long, conflicts_with_all = ["from_json", "status"])]
        show: bool,
        /// Write the week's step as an all-day event on its "by when" day to FILE (.ics,
        /// UNENCRYPTED: it holds the step and the person's name), for your own calendar
        #[arg(long, value_name = "FILE", conflicts_with_all = ["from_json", "status", "show"])]
        calendar: Option<PathBuf>,
    },
    /// Trends over a date range: the authority/trust gap per relationship, strength source,
    /// follow-through, trust account, completion, writing
    Trends {
        /// First day (YYYY-MM-DD) [default: the beginning]
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day, inclusive [default: today]
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
    /// Encrypted backups (age files you own: `age -d FILE` opens them with the passphrase)
    Backup {
        #[command(subcommand)]
        action: BackupAction,
        /// Read the backup passphrase from the first line of FILE (else
        /// STEWARD_BACKUP_PASSPHRASE, else a prompt)
        #[arg(long, global = true, value_name = "FILE")]
        backup_passphrase_file: Option<PathBuf>,
    },
    /// Write the journal UNENCRYPTED as Markdown files (into a new folder) or one JSON file
    Export {
        /// markdown: a folder of .md files; json: the backup document; pdf: a printable record
        /// for a coaching session; all unencrypted
        #[arg(long, value_enum)]
        format: ExportFormat,
        path: PathBuf,
        /// Confirm that a plaintext copy is wanted (needed without a terminal)
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        record: RecordArgs,
    },
    /// Import entries and weekly reflections from a file ("-" for stdin); all or nothing
    Import {
        /// Format of FILE
        #[arg(long, value_enum)]
        format: ImportFormat,
        file: PathBuf,
    },
    /// What you wrote on this day in earlier years, and the reflection of this week a year ago
    OnThisDay {
        /// The day to look back from (YYYY-MM-DD) [default: today]
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// A quarter's or year's review, each part a sentence with its figure, and your own summary
    Review {
        /// A quarter, like 2026-Q3
        #[arg(
            long,
            value_name = "YYYY-QN",
            required_unless_present = "year",
            conflicts_with = "year"
        )]
        quarter: Option<String>,
        /// A year, like 2026
        #[arg(long, value_name = "YYYY")]
        year: Option<String>,
        /// Save your answer to "What did I learn about how I use power and earn trust?" (- to type it)
        #[arg(long, value_name = "TEXT")]
        learned: Option<String>,
        /// Save your answer to "What will I do differently?" (- to type it)
        #[arg(long, value_name = "TEXT")]
        differently: Option<String>,
    },
    /// Record a decision (asked question by question, or from JSON), or review one against its outcome
    Decide {
        /// Read the decision (with --review: its outcome) from a JSON file ("-" for stdin)
        #[arg(long, value_name = "FILE")]
        from_json: Option<PathBuf>,
        /// Review this decision (an id or id prefix) instead of recording a new one
        #[arg(long, value_name = "ID")]
        review: Option<String>,
    },
    /// Your decisions, those due for review first, and how well your confidence matched the outcomes
    Decisions {
        /// Only those due for review
        #[arg(long)]
        due: bool,
    },
    /// One journal on several computers, end-to-end encrypted, through a folder your sync
    /// tool carries (Syncthing, Dropbox, iCloud Drive, a NAS share)
    Sync {
        #[command(subcommand)]
        action: SyncAction,
    },
}

#[derive(Subcommand)]
pub enum SyncAction {
    /// Start syncing this journal into DIR (an empty folder your sync tool carries)
    Setup {
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
    },
    /// On another computer: make a journal at PATH from the one that syncs into DIR (asks
    /// for that journal's passphrase)
    Join {
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
        /// Where the new journal goes (must not exist)
        #[arg(long, value_name = "PATH")]
        into: PathBuf,
        /// Open it with the recovery key (STEWARD_RECOVERY_KEY or a prompt) and give this
        /// computer's journal a passphrase of its own (STEWARD_NEW_PASSPHRASE or a prompt)
        #[arg(long)]
        recovery_key: bool,
    },
    /// Sync now: read the other computers' changes, write this one's
    Now {
        /// After a passphrase change on another computer: read its new passphrase from the
        /// first line of FILE (else STEWARD_NEW_PASSPHRASE, else a prompt)
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// The folder, the computers that sync into it, the last sync and what needs a choice
    Status,
    /// Entries and reflections edited on two computers whose texts overlapped
    Conflicts,
    /// Keep one version of a record edited on two computers (ID: its id or id prefix)
    Resolve {
        id: String,
        /// this: the version in the journal now (the later edit); other: the other computer's
        #[arg(long, value_enum)]
        keep: KeepArg,
    },
    /// Stop syncing on this computer (its files stay in the folder)
    Stop,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum KeepArg {
    /// The version in the journal now (the later edit)
    This,
    /// The other computer's version
    Other,
}

#[derive(Subcommand)]
pub enum BackupAction {
    /// Write everything in the journal to FILE, encrypted with a backup passphrase
    Export {
        file: PathBuf,
        /// Replace FILE if it exists (never the journal itself)
        #[arg(long)]
        force: bool,
        /// Make up a strong backup passphrase (printed once) instead of asking for one
        #[arg(long)]
        generate_passphrase: bool,
    },
    /// Decrypt FILE and check every record; report what it holds
    Verify { file: PathBuf },
    /// Create a new journal at PATH from FILE (asks for the new journal's passphrase)
    Restore {
        file: PathBuf,
        /// Where the new journal goes (must not exist)
        #[arg(long, value_name = "PATH")]
        into: PathBuf,
        /// Read the new journal's passphrase from the first line of FILE (else
        /// STEWARD_NEW_PASSPHRASE, else STEWARD_PASSPHRASE or --passphrase-file as for init,
        /// else a prompt)
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Merge FILE into the journal by id (newer local records are kept; running it twice
    /// changes nothing)
    Import { file: PathBuf },
    /// Make an automatic backup now (due or not) and print its path
    Now,
    /// Decrypt and check the latest automatic backup, or FILE, in memory (exit 4 when it
    /// fails)
    Drill { file: Option<PathBuf> },
    /// Print the age identity file that opens the automatic backups (`age -d -i FILE`)
    Identity {
        /// Re-create it from the recovery key alone (no journal needed); a journal at the
        /// path also learns it, so its automatic backups can start
        #[arg(long)]
        from_recovery_key: bool,
        /// Print it without asking (it opens every automatic backup: keep it like the
        /// recovery key)
        #[arg(long)]
        yes: bool,
    },
    /// Show, or change, where and how often automatic backups are made
    Settings(AutoBackupArgs),
}

/// Changes to the automatic backup settings (none: show them).
#[derive(clap::Args)]
pub struct AutoBackupArgs {
    /// Turn automatic backups on
    #[arg(long, conflicts_with = "off")]
    pub on: bool,
    /// Turn automatic backups off
    #[arg(long)]
    pub off: bool,
    /// The folder they go to (a full path; not the journal's own folder)
    #[arg(long, value_name = "DIR")]
    pub folder: Option<PathBuf>,
    /// How often
    #[arg(long, value_enum)]
    pub interval: Option<IntervalArg>,
    /// How many of the newest backups to keep
    #[arg(long, value_name = "N")]
    pub keep_last: Option<u32>,
    /// Also keep the newest backup of each of the last N months
    #[arg(long, value_name = "N")]
    pub keep_monthly: Option<u32>,
    /// Also encrypt to this age public key (age1…), e.g. a hardware key's or a trusted
    /// person's
    #[arg(long, value_name = "AGE1…")]
    pub add_recipient: Vec<String>,
    /// Stop encrypting to this public key
    #[arg(long, value_name = "AGE1…")]
    pub remove_recipient: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum IntervalArg {
    /// Once a day
    Daily,
    /// Once a week
    Weekly,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// One .md file per entry and per weekly reflection
    Markdown,
    /// The backup document as plain JSON
    Json,
    /// A printable record (PDF) of a period or of one person's history
    Pdf,
}

/// What the printable record covers (--format pdf only).
#[derive(clap::Args)]
pub struct RecordArgs {
    /// First day (YYYY-MM-DD) [default: the beginning]
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only this person's history: their exercises, steps, follow-ups and the feedback heard
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,
    /// Print people's names as initials, in what you wrote too
    #[arg(long)]
    pub initials: bool,
}

impl RecordArgs {
    /// Whether any record option was given.
    pub fn any(&self) -> bool {
        self.from.is_some() || self.to.is_some() || self.person.is_some() || self.initials
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ImportFormat {
    /// One JSON object per line (see the README)
    Jsonl,
    /// jrnl's JSON export (`jrnl --export json > FILE`)
    Jrnl,
    /// Day One's JSON export: the .zip, the folder it extracts to, or a journal's .json
    Dayone,
}
