//! Where the CLI's input comes from: passphrases (environment, file, terminal prompt),
//! entry text (stdin, or $EDITOR on a terminal, through a file in a RAM-backed folder),
//! and the date forms the flags accept.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};
use steward_core::{ExposeSecret, LockedVault, RecoveryKey, SecretString, Vault};
use zeroize::Zeroizing;

/// A mistake in how the command was called (exit code 2).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn usage(msg: impl Into<String>) -> anyhow::Error {
    UsageError(msg.into()).into()
}

/// A command that asks before it exposes something (`--yes` skips the question) needs a
/// terminal to ask on: without one and without `--yes`, a usage error saying `what` needs it.
pub fn yes_or_terminal(yes: bool, what: &str) -> Result<()> {
    if !yes && !std::io::stdin().is_terminal() {
        return Err(usage(format!(
            "{what} needs --yes to confirm (no terminal to ask on)"
        )));
    }
    Ok(())
}

/// Unless `yes`, asks for `yes` typed after `prompt`; anything else stops the command with
/// `refused` (after the caller's warning).
pub fn confirm(yes: bool, prompt: &str, refused: &str) -> Result<()> {
    if yes {
        return Ok(());
    }
    eprint!("{prompt}");
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    if answer.trim() != "yes" {
        anyhow::bail!("{refused}");
    }
    Ok(())
}

/// True when the process can talk to a terminal for prompts.
fn has_tty() -> bool {
    std::fs::File::open("/dev/tty").is_ok()
}

/// The value that means "ask me" for `--title`, `--tag`, `list --tag` and the search words:
/// what is typed at a prompt never shows in the process list or the shell's history.
pub const ASK: &str = "-";

/// Asks on the terminal (not stdin, which may carry the entry's text): the prompt goes to
/// and the line comes from `/dev/tty`, so it works with a piped body too.
fn ask_on_terminal(prompt: &str, what: &str) -> Result<Zeroizing<String>> {
    use std::io::{BufRead, Write};
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|_| usage(format!("no terminal to ask for the {what} (\"-\")")))?;
    let mut out = &tty;
    write!(out, "{prompt}").and_then(|()| out.flush())?;
    let mut line = Zeroizing::new(String::new());
    std::io::BufReader::new(&tty)
        .read_line(&mut line)
        .with_context(|| format!("reading the {what}"))?;
    Ok(Zeroizing::new(
        line.trim_end_matches(['\r', '\n']).to_string(),
    ))
}

/// `--title -`: the title typed at a prompt; any other value as given.
pub fn asked_title(title: Option<String>) -> Result<Option<String>> {
    match title.as_deref() {
        Some(ASK) => Ok(Some(ask_on_terminal("Title: ", "title")?.to_string())),
        _ => Ok(title),
    }
}

/// A repeatable flag's values with each `-` replaced by what is typed at a prompt
/// (separated by commas); empty values dropped.
fn asked_list(values: Vec<String>, what: &str) -> Result<Vec<String>> {
    let mut out = Vec::with_capacity(values.len());
    for value in values {
        if value == ASK {
            let prompt = format!(
                "{}{} (separated by commas): ",
                what[..1].to_uppercase(),
                &what[1..]
            );
            let typed = ask_on_terminal(&prompt, what)?;
            out.extend(typed.split(',').map(|t| t.trim().to_string()));
        } else {
            out.push(value);
        }
    }
    out.retain(|v| !v.is_empty());
    Ok(out)
}

/// `--tag -`: tags typed at a prompt (separated by commas) in its place.
pub fn asked_tags(tags: Vec<String>) -> Result<Vec<String>> {
    asked_list(tags, "tags")
}

/// `--person -`: people's names typed at a prompt (separated by commas) in its place.
pub fn asked_people(people: Vec<String>) -> Result<Vec<String>> {
    asked_list(people, "people")
}

/// `--learned -` and the like: a line typed at a prompt in its place; any other value as
/// given.
pub fn asked_text(value: Option<String>, prompt: &str, what: &str) -> Result<Option<String>> {
    match value.as_deref() {
        Some(ASK) => Ok(Some(ask_on_terminal(prompt, what)?.to_string())),
        _ => Ok(value),
    }
}

/// `list --tag -`: one tag typed at a prompt.
pub fn asked_tag(tag: Option<String>) -> Result<Option<String>> {
    match tag.as_deref() {
        Some(ASK) => Ok(Some(ask_on_terminal("Tag: ", "tag")?.trim().to_string())),
        _ => Ok(tag),
    }
}

/// `search -`: the words (the query, as one line) from stdin's first line when it is piped, else typed at a prompt.
pub fn asked_words(words: Vec<String>) -> Result<Vec<String>> {
    if words != [ASK] {
        return Ok(words);
    }
    let line = if std::io::stdin().is_terminal() {
        ask_on_terminal("Search for: ", "search words")?
    } else {
        let mut line = Zeroizing::new(String::new());
        std::io::stdin()
            .read_line(&mut line)
            .context("reading the search words from stdin")?;
        line
    };
    // Kept whole: the query parser reads "quoted phrases" from the joined words.
    let words = line.trim();
    if words.is_empty() {
        return Err(usage("no search words were given"));
    }
    Ok(vec![words.to_string()])
}

fn read_first_line(path: &Path) -> Result<SecretString> {
    let text = Zeroizing::new(
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?,
    );
    let line = text.lines().next().unwrap_or("");
    Ok(SecretString::from(line.to_string()))
}

/// The passphrase sources of one invocation.
pub struct Secrets {
    passphrase_file: Option<PathBuf>,
}

impl Secrets {
    pub fn new(passphrase_file: Option<PathBuf>) -> Self {
        Secrets { passphrase_file }
    }

    /// The passphrase of a journal being created (`init`): STEWARD_PASSPHRASE,
    /// --passphrase-file, else asked twice.
    pub fn first_passphrase(&self) -> Result<SecretString> {
        self.new_passphrase("STEWARD_PASSPHRASE", self.passphrase_file.as_deref())
    }

    /// The passphrase of a journal being made from a backup: STEWARD_NEW_PASSPHRASE or
    /// `file`, else STEWARD_PASSPHRASE or --passphrase-file as `init` reads it, else asked
    /// twice.
    pub fn restored_passphrase(&self, file: Option<&Path>) -> Result<SecretString> {
        if std::env::var_os("STEWARD_NEW_PASSPHRASE").is_some() || file.is_some() {
            return self.new_passphrase("STEWARD_NEW_PASSPHRASE", file);
        }
        self.first_passphrase()
    }

    /// The current passphrase: STEWARD_PASSPHRASE, --passphrase-file, else a prompt.
    pub fn passphrase(&self) -> Result<SecretString> {
        if let Ok(p) = std::env::var("STEWARD_PASSPHRASE") {
            return Ok(SecretString::from(p));
        }
        if let Some(file) = &self.passphrase_file {
            return read_first_line(file);
        }
        if has_tty() {
            let p = rpassword::prompt_password("Passphrase: ").context("reading the passphrase")?;
            return Ok(SecretString::from(p));
        }
        Err(usage(
            "no passphrase: set STEWARD_PASSPHRASE, pass --passphrase-file FILE, or run in a terminal",
        ))
    }

    /// A new passphrase: the environment variable `env`, `file`, else asked twice.
    pub fn new_passphrase(&self, env: &str, file: Option<&Path>) -> Result<SecretString> {
        if let Ok(p) = std::env::var(env) {
            return Ok(SecretString::from(p));
        }
        if let Some(file) = file {
            return read_first_line(file);
        }
        if has_tty() {
            let first = SecretString::from(
                rpassword::prompt_password("New passphrase: ").context("reading the passphrase")?,
            );
            let second = SecretString::from(
                rpassword::prompt_password("Repeat it: ").context("reading the passphrase")?,
            );
            if first.expose_secret() != second.expose_secret() {
                bail!(steward_core::Error::InvalidInput(
                    "the two passphrases differ; nothing was changed".into()
                ));
            }
            return Ok(first);
        }
        Err(usage(format!(
            "no new passphrase: set {env}, pass a passphrase file, or run in a terminal"
        )))
    }

    /// A backup's passphrase: STEWARD_BACKUP_PASSPHRASE, `file`, else a prompt (asked
    /// twice when `confirm`, i.e. when a backup is written).
    pub fn backup_passphrase(&self, file: Option<&Path>, confirm: bool) -> Result<SecretString> {
        if let Ok(p) = std::env::var("STEWARD_BACKUP_PASSPHRASE") {
            return Ok(SecretString::from(p));
        }
        if let Some(file) = file {
            return read_first_line(file);
        }
        if has_tty() {
            let first = SecretString::from(
                rpassword::prompt_password("Backup passphrase: ")
                    .context("reading the passphrase")?,
            );
            if confirm {
                let second = SecretString::from(
                    rpassword::prompt_password("Repeat it: ").context("reading the passphrase")?,
                );
                if first.expose_secret() != second.expose_secret() {
                    bail!(steward_core::Error::InvalidInput(
                        "the two backup passphrases differ; nothing was written".into()
                    ));
                }
            }
            return Ok(first);
        }
        Err(usage(
            "no backup passphrase: set STEWARD_BACKUP_PASSPHRASE, pass --backup-passphrase-file FILE, or run in a terminal",
        ))
    }

    /// The passphrase another computer changed to: STEWARD_NEW_PASSPHRASE, `file`, else
    /// asked once (it is checked against that computer's key ring, not typed fresh).
    pub fn changed_passphrase(&self, file: Option<&Path>) -> Result<SecretString> {
        if let Ok(p) = std::env::var("STEWARD_NEW_PASSPHRASE") {
            return Ok(SecretString::from(p));
        }
        if let Some(file) = file {
            return read_first_line(file);
        }
        if has_tty() {
            let p = rpassword::prompt_password("The new passphrase: ")
                .context("reading the passphrase")?;
            return Ok(SecretString::from(p));
        }
        Err(usage(
            "no new passphrase: set STEWARD_NEW_PASSPHRASE or pass --new-passphrase-file FILE",
        ))
    }

    /// The recovery key: STEWARD_RECOVERY_KEY, else a prompt.
    pub fn recovery_key(&self) -> Result<RecoveryKey> {
        let text = if let Ok(k) = std::env::var("STEWARD_RECOVERY_KEY") {
            SecretString::from(k)
        } else if has_tty() {
            SecretString::from(
                rpassword::prompt_password("Recovery key: ").context("reading the recovery key")?,
            )
        } else {
            return Err(usage(
                "no recovery key: set STEWARD_RECOVERY_KEY or run in a terminal",
            ));
        };
        Ok(RecoveryKey::parse(&text)?)
    }

    /// Opens the vault at `path` (before asking anything) and unlocks it.
    pub fn unlock(&self, path: &Path) -> Result<Vault> {
        let locked = open_vault(path)?;
        let vault = locked.unlock(&self.passphrase()?)?;
        let _ = vault.imports().tidy_legacy_records();
        Ok(vault)
    }
}

/// Opens the vault at `path`, migrating it if it is from an older build; then says on
/// stderr where the copy made aside is (it holds the same ciphertext and goes once the
/// journal unlocks).
pub fn open_vault(path: &Path) -> Result<LockedVault> {
    let locked = LockedVault::open(path)?;
    if let Some(copy) = locked.copy_aside() {
        eprintln!(
            "Upgraded the journal to this version's format. A copy of the old file is at {} \
             until the journal unlocks; then it is removed.",
            copy.display()
        );
    }
    Ok(locked)
}

/// Entry text for `add`: stdin when it is not a terminal, else the editor.
pub fn read_text(initial: &str, what: &str) -> Result<Zeroizing<String>> {
    if !std::io::stdin().is_terminal() {
        let mut text = Zeroizing::new(String::new());
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the text from stdin")?;
        return Ok(text);
    }
    edit_in_editor(initial, what)
}

/// New body for `edit`: stdin when piped (empty stdin keeps the body if other flags change
/// something), else the editor unless flags already say what to change.
pub fn read_edit(current: &str, has_flags: bool) -> Result<Option<Zeroizing<String>>> {
    if !std::io::stdin().is_terminal() {
        let mut text = Zeroizing::new(String::new());
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the text from stdin")?;
        if text.trim().is_empty() {
            if has_flags {
                return Ok(None);
            }
            return Err(usage(
                "nothing to change: pipe the new text on stdin or pass --title/--tag/--date",
            ));
        }
        return Ok(Some(text));
    }
    if has_flags {
        return Ok(None);
    }
    Ok(Some(edit_in_editor(current, "entry")?))
}

/// A folder in RAM for the editor's file, so the plaintext never reaches the disk. Linux:
/// `$XDG_RUNTIME_DIR` (a tmpfs per user) or `/dev/shm`, each used only if the file system
/// really is tmpfs or ramfs (checked with statfs: a `XDG_RUNTIME_DIR` on a disk is refused).
/// macOS and Windows have no RAM folder a user can count on, so there is none: the CLI
/// asks for the text on stdin.
#[cfg(target_os = "linux")]
fn ram_folder() -> Result<PathBuf> {
    let candidates = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from("/dev/shm")]);
    let mut refused = Vec::new();
    for dir in candidates.filter(|d| d.is_dir()) {
        if in_ram(&dir) {
            return Ok(dir);
        }
        refused.push(dir.display().to_string());
    }
    Err(usage(format!(
        "no RAM-backed folder for the editor's file ({}): the decrypted text would reach the disk; pipe the text on stdin instead, or point XDG_RUNTIME_DIR at a tmpfs",
        if refused.is_empty() {
            "neither XDG_RUNTIME_DIR nor /dev/shm exists".to_string()
        } else {
            format!("{} not in RAM", refused.join(" and "))
        }
    )))
}

/// Whether `dir` is on tmpfs or ramfs.
#[cfg(target_os = "linux")]
fn in_ram(dir: &Path) -> bool {
    const TMPFS_MAGIC: i64 = 0x0102_1994;
    const RAMFS_MAGIC: i64 = 0x8584_58f6;
    rustix::fs::statfs(dir).is_ok_and(|s| {
        #[allow(clippy::unnecessary_cast)] // i64 on 64-bit Linux, i32 elsewhere
        let kind = s.f_type as i64;
        kind == TMPFS_MAGIC || kind == RAMFS_MAGIC
    })
}

#[cfg(not(target_os = "linux"))]
fn ram_folder() -> Result<PathBuf> {
    Err(usage(
        "this system has no RAM-backed folder for the editor's file: pipe the text on stdin instead",
    ))
}

/// Flags for the editors that otherwise write copies of the text to disk: vi, vim and
/// neovim keep no swap file (`-n`), no viminfo / ShaDa history (`-i NONE`) and no backup
/// or undo file. Other editors get none (docs/SECURITY.md says what they keep).
fn editor_privacy_flags(editor: &str) -> &'static str {
    let program = editor.split_whitespace().next().unwrap_or("");
    let name = Path::new(program)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    match name {
        "vi" | "vim" | "nvim" | "view" | "vim.basic" | "vim.tiny" | "gvim" => {
            " -n -i NONE --cmd 'set nobackup nowritebackup noundofile'"
        }
        _ => "",
    }
}

/// Runs $VISUAL/$EDITOR on a file in a RAM-backed folder ([`ram_folder`]), so the
/// plaintext never reaches the disk, then overwrites and removes the file.
fn edit_in_editor(initial: &str, what: &str) -> Result<Zeroizing<String>> {
    let dir = ram_folder()?;
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    let path = dir.join(format!(
        "steward-{what}-{}.md",
        uuid::Uuid::new_v4().simple()
    ));
    {
        use std::io::Write;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts
            .open(&path)
            .with_context(|| format!("creating {}", path.display()))?;
        f.write_all(initial.as_bytes())?;
    }
    // Closing the terminal (SIGHUP), Ctrl-C (SIGINT) or a kill (SIGTERM) while the editor
    // runs must not leave the decrypted file behind: the signals are caught (the editor,
    // in the same process group, gets them too), the file is wiped and removed below, and
    // only then does steward exit.
    let interrupted = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let handlers: Vec<_> = [
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
    ]
    .into_iter()
    .filter_map(|sig| signal_hook::flag::register(sig, interrupted.clone()).ok())
    .collect();
    let mut command = std::process::Command::new("sh");
    command
        .arg("-c")
        .arg(format!("{editor}{} \"$1\"", editor_privacy_flags(&editor)))
        .arg("sh")
        .arg(&path);
    // The editor gets no secret: no STEWARD_PASSPHRASE, STEWARD_BACKUP_PASSPHRASE, ….
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("STEWARD_") {
            command.env_remove(&key);
        }
    }
    let status = command.status();
    let text = std::fs::read_to_string(&path).map(Zeroizing::new);
    if let Ok(meta) = std::fs::metadata(&path) {
        let _ = std::fs::write(&path, vec![0u8; meta.len() as usize]);
    }
    let _ = std::fs::remove_file(&path);
    for handler in handlers {
        signal_hook::low_level::unregister(handler);
    }
    if interrupted.load(std::sync::atomic::Ordering::SeqCst) {
        bail!(
            "interrupted while the editor ran; the editor's file was removed and nothing was saved"
        );
    }
    let status = status.with_context(|| format!("starting the editor {editor:?}"))?;
    if !status.success() {
        bail!("the editor {editor:?} exited with {status}; nothing was saved");
    }
    text.context("reading back the edited text")
}

fn local_midnight(day: NaiveDate) -> Result<DateTime<FixedOffset>> {
    let naive = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.fixed_offset())
        .with_context(|| format!("{day} has no local midnight"))
}

/// A `--date` for an entry: RFC 3339, `YYYY-MM-DD HH:MM` (local) or `YYYY-MM-DD` (local
/// noon, so the day is the same in every nearby time zone).
pub fn parse_entry_date(text: &str) -> Result<DateTime<FixedOffset>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t);
    }
    for fmt in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, fmt) {
            if let Some(t) = Local.from_local_datetime(&naive).earliest() {
                return Ok(t.fixed_offset());
            }
        }
    }
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let noon = day.and_hms_opt(12, 0, 0).expect("noon exists");
        if let Some(t) = Local.from_local_datetime(&noon).earliest() {
            return Ok(t.fixed_offset());
        }
    }
    Err(usage(format!(
        "--date {text:?}: use YYYY-MM-DD, \"YYYY-MM-DD HH:MM\" or RFC 3339 (2026-11-23T09:30:00+01:00)"
    )))
}

/// A `--from`/`--to` bound: a local day (`--to` includes the whole day) or an instant.
pub fn parse_date_bound(text: &str, is_end: bool) -> Result<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let day = if is_end {
            day.succ_opt().context("date out of range")?
        } else {
            day
        };
        return Ok(local_midnight(day)?.with_timezone(&Utc));
    }
    Err(usage(format!(
        "{} {text:?}: use YYYY-MM-DD or RFC 3339",
        if is_end { "--to" } else { "--from" }
    )))
}

/// A day for `trends --from/--to`: `YYYY-MM-DD` (inclusive).
pub fn parse_day(flag: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| usage(format!("{flag} {text:?}: use YYYY-MM-DD")))
}

/// Opens FILE for reading, or stdin when it is "-" (the one place that rule lives).
pub fn open_source(file: &Path) -> Result<Box<dyn std::io::BufRead>> {
    Ok(if file.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        let f =
            std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
        Box::new(std::io::BufReader::new(f))
    })
}

/// The whole text of FILE, or of stdin when it is "-".
pub fn read_source(file: &Path) -> Result<String> {
    if file.as_os_str() == "-" {
        return std::io::read_to_string(std::io::stdin()).context("reading stdin");
    }
    std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))
}

#[cfg(all(test, target_os = "linux"))]
mod ram_tests {
    use super::*;

    #[test]
    fn only_tmpfs_or_ramfs_counts_as_ram() {
        assert!(in_ram(Path::new("/dev/shm")), "/dev/shm is tmpfs");
        assert!(
            !in_ram(Path::new("/proc")),
            "procfs is not somewhere to write"
        );
        assert!(!in_ram(Path::new("/nonexistent/folder")));
    }

    #[test]
    fn vi_family_editors_get_the_privacy_flags_and_others_none() {
        for editor in ["vim", "/usr/bin/nvim", "vi -p", "vim.tiny"] {
            assert!(
                editor_privacy_flags(editor).contains("-n -i NONE"),
                "{editor}"
            );
        }
        for editor in ["nano", "emacs -nw", "/usr/bin/code --wait"] {
            assert_eq!(editor_privacy_flags(editor), "", "{editor}");
        }
    }
}
