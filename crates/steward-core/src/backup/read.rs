//! Reading a backup document as a stream: a serde visitor hands each record to a [`Sink`]
//! as it is parsed, bounded by the declared counts, refusing newer formats and trailing data.

#[allow(unused_imports)]
use super::*;

/// Receives the records of a backup as they are parsed.
pub(super) trait Sink {
    fn entry(&mut self, entry: Entry) -> Result<()>;
    fn relationship(&mut self, rel: Relationship) -> Result<()>;
    fn reflection(&mut self, r: Reflection) -> Result<()>;
    fn tombstone(&mut self, t: Tombstone) -> Result<()>;
    fn setting(&mut self, key: String, value: serde_json::Value) -> Result<()>;
}

/// The age file at `path`, its header read (which kind of recipient it has).
fn age_header(path: &Path) -> Result<age::Decryptor<BufReader<std::fs::File>>> {
    let file = std::fs::File::open(path)
        .map_err(|e| Error::io(format!("opening {}", path.display()), e))?;
    age::Decryptor::new_buffered(BufReader::with_capacity(1 << 16, file)).map_err(map_age_error)
}

/// Opens the age layer: the scrypt passphrase, errors mapped to what the user can act on.
pub(super) fn open_age(path: &Path, passphrase: &SecretString) -> Result<impl Read> {
    let decryptor = age_header(path)?;
    if !decryptor.is_scrypt() {
        return Err(Error::NotABackup {
            reason: "this age file is encrypted to a key, not to a passphrase".into(),
        });
    }
    let mut identity = age::scrypt::Identity::new(passphrase.clone());
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(map_age_error)
}

/// Opens the age layer with the automatic backups' identity.
pub(super) fn open_age_with_identity(
    path: &Path,
    identity: &crate::backup_identity::BackupIdentity,
) -> Result<impl Read> {
    let decryptor = age_header(path)?;
    if decryptor.is_scrypt() {
        return Err(Error::NotABackup {
            reason: "this backup is encrypted to a passphrase, not to the automatic backups' key"
                .into(),
        });
    }
    let identity = identity.age_identity();
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match map_age_error(e) {
            Error::WrongBackupPassphrase => Error::BackupDamaged {
                detail: "it is not encrypted to this journal's automatic backup key (made before a new recovery key, or by another journal?)".into(),
            },
            other => other,
        })
}

pub(super) fn map_age_error(e: age::DecryptError) -> Error {
    use age::DecryptError as D;
    match e {
        D::DecryptionFailed | D::NoMatchingKeys | D::KeyDecryptionFailed => {
            Error::WrongBackupPassphrase
        }
        D::InvalidHeader | D::UnknownFormat => Error::NotABackup {
            reason: "it is not an age-encrypted file".into(),
        },
        D::InvalidMac => Error::BackupDamaged {
            detail: "its header was changed".into(),
        },
        D::ExcessiveWork { required, .. } => Error::BackupDamaged {
            detail: format!(
                "it asks for scrypt work factor {required}, more than the {MAX_WORK_FACTOR} this build accepts"
            ),
        },
        D::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => Error::BackupDamaged {
            detail: "it ends inside its header (cut short)".into(),
        },
        D::Io(io) => Error::io("reading the backup", io),
        #[allow(unreachable_patterns)]
        other => Error::NotABackup {
            reason: other.to_string(),
        },
    }
}

/// Parses a backup into `sink`; returns the summary of what was read.
pub(super) fn read_backup(
    path: &Path,
    passphrase: &SecretString,
    sink: &mut dyn Sink,
) -> Result<BackupSummary> {
    read_document(open_age(path, passphrase)?, sink)
}

/// Parses a decrypted backup document into `sink`.
pub(super) fn read_document(reader: impl Read, sink: &mut dyn Sink) -> Result<BackupSummary> {
    Ok(read_document_with_mac(reader, sink)?.0)
}

/// [`read_document`], also giving the record MAC the document carries, if any.
pub(super) fn read_document_with_mac(
    reader: impl Read,
    sink: &mut dyn Sink,
) -> Result<(BackupSummary, Option<[u8; 32]>)> {
    let mut state = ReadState {
        sink,
        failure: None,
        summary: BackupSummary::default(),
        declared: None,
        format_ok: false,
        version: None,
        record_mac: None,
        read_any_key: false,
    };
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(1 << 16, reader));
    let parsed = DocumentSeed(&mut state)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    if let Some(failure) = state.failure.take() {
        return Err(failure);
    }
    if let Err(e) = parsed {
        return Err(if e.is_io() {
            Error::BackupDamaged {
                detail: "the encrypted data was cut short or changed after it was written".into(),
            }
        } else if !state.read_any_key {
            Error::NotABackup {
                reason: "the age file does not hold a Steward backup document".into(),
            }
        } else {
            Error::BackupDamaged {
                detail: format!("its document does not parse ({e})"),
            }
        });
    }
    let declared = state.declared.clone().unwrap_or_default();
    let found = &state.summary.counts;
    if !state.format_ok || state.version.is_none() {
        return Err(Error::NotABackup {
            reason: "the document has no Steward format and version".into(),
        });
    }
    if *found != declared {
        return Err(Error::BackupDamaged {
            detail: format!(
                "it declares {} entries, {} relationships, {} reflections, {} tombstones and {} settings but holds {}, {}, {}, {} and {}",
                declared.entries, declared.relationships, declared.reflections, declared.tombstones, declared.settings,
                found.entries, found.relationships, found.reflections, found.tombstones, found.settings
            ),
        });
    }
    Ok((state.summary, state.record_mac))
}

/// The header's `exported_at`, as an instant.
#[derive(Deserialize)]
struct Stamp(#[serde(with = "crate::stamp::serde_utc")] chrono::DateTime<chrono::Utc>);

struct ReadState<'s> {
    sink: &'s mut dyn Sink,
    failure: Option<Error>,
    summary: BackupSummary,
    declared: Option<BackupCounts>,
    format_ok: bool,
    /// The document's format version, once read.
    version: Option<u64>,
    /// The MAC over its records' ids and versions (automatic backups carry one).
    record_mac: Option<[u8; 32]>,
    read_any_key: bool,
}

impl ReadState<'_> {
    /// Records a failure the serde layer cannot carry, and gives it a serde error to stop.
    fn fail<E: serde::de::Error>(&mut self, error: Error) -> E {
        let message = error.to_string();
        self.failure.get_or_insert(error);
        E::custom(message)
    }

    fn check_room<E: serde::de::Error>(
        &mut self,
        kind: &str,
        found: u64,
        declared: u64,
    ) -> std::result::Result<(), E> {
        if found > declared {
            return Err(self.fail(Error::BackupDamaged {
                detail: format!("it holds more {kind} than the {declared} it declares"),
            }));
        }
        Ok(())
    }
}

struct DocumentSeed<'a, 's>(&'a mut ReadState<'s>);

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Steward backup document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let st = self.0;
        while let Some(key) = map.next_key::<String>()? {
            st.read_any_key = true;
            let records_allowed = st.format_ok && st.version.is_some() && st.declared.is_some();
            match key.as_str() {
                "format" => {
                    let format: String = map.next_value()?;
                    if format != BACKUP_FORMAT {
                        return Err(st.fail(Error::NotABackup {
                            reason: format!("its format is {format:?}, not {BACKUP_FORMAT:?}"),
                        }));
                    }
                    st.format_ok = true;
                }
                "version" => {
                    let version: u64 = map.next_value()?;
                    if version > BACKUP_VERSION {
                        return Err(st.fail(Error::BackupTooNew {
                            found: version,
                            supported: BACKUP_VERSION,
                        }));
                    }
                    if version == 0 {
                        return Err(st.fail(Error::NotABackup {
                            reason: "its format version is 0".into(),
                        }));
                    }
                    st.version = Some(version);
                }
                "exported_at" => st.summary.exported_at = map.next_value::<Stamp>()?.0,
                "generator" => {
                    let _: String = map.next_value()?;
                }
                "counts" => st.declared = Some(map.next_value()?),
                "record_mac" => {
                    let hex: String = map.next_value()?;
                    let mac = data_encoding::HEXLOWER
                        .decode(hex.as_bytes())
                        .ok()
                        .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok());
                    match mac {
                        Some(mac) if st.version >= Some(TOMBSTONES_SINCE) => {
                            st.record_mac = Some(mac)
                        }
                        _ => {
                            return Err(st.fail(Error::BackupDamaged {
                                detail: "its record MAC is not one".into(),
                            }))
                        }
                    }
                }
                "entries" | "relationships" | "reflections" | "tombstones" | "settings"
                    if !records_allowed =>
                {
                    return Err(st.fail(Error::NotABackup {
                        reason: "its records come before its format, version and counts".into(),
                    }));
                }
                "entries" => map.next_value_seed(Records::<Entry>::new(&mut *st))?,
                "relationships" => map.next_value_seed(Records::<Relationship>::new(&mut *st))?,
                "reflections" => map.next_value_seed(Records::<Reflection>::new(&mut *st))?,
                "tombstones" if st.version < Some(TOMBSTONES_SINCE) => {
                    return Err(st.fail(Error::BackupDamaged {
                        detail: format!(
                            "it holds tombstones, which a version {} backup cannot",
                            st.version.unwrap_or_default()
                        ),
                    }))
                }
                "tombstones" => map.next_value_seed(Records::<Tombstone>::new(&mut *st))?,
                "settings" => map.next_value_seed(Settings(&mut *st))?,
                other if !st.format_ok => {
                    return Err(st.fail(Error::NotABackup {
                        reason: format!("its document starts with {other:?}, not a Steward format"),
                    }))
                }
                other => {
                    return Err(st.fail(Error::BackupDamaged {
                        detail: format!("its document has an unknown member {other:?}"),
                    }))
                }
            }
        }
        Ok(())
    }
}

/// A kind of record in a backup array.
trait Record: for<'de> Deserialize<'de> {
    const KIND: &'static str;
    fn declared(c: &BackupCounts) -> u64;
    fn found(c: &mut BackupCounts) -> &mut u64;
    /// Rewrites every id the record holds (its own, and the ids it refers to) in the one
    /// canonical spelling, so `{X}`, `urn:uuid:X` and `X` are one record to every sink.
    fn canonicalize(&mut self);
    fn give(self, st: &mut ReadState<'_>) -> Result<()>;
}

/// `id` in its canonical spelling; an id that is no UUID stays as it is, for the sink to
/// refuse with its kind and position.
fn canonical(id: &mut String) {
    if let Some(c) = canonical_id(id) {
        *id = c;
    }
}

impl Record for Entry {
    const KIND: &'static str = "entries";
    fn declared(c: &BackupCounts) -> u64 {
        c.entries
    }
    fn found(c: &mut BackupCounts) -> &mut u64 {
        &mut c.entries
    }
    fn canonicalize(&mut self) {
        canonical(&mut self.id);
        self.people.iter_mut().for_each(canonical);
    }
    fn give(self, st: &mut ReadState<'_>) -> Result<()> {
        if (self.decision.is_some() || self.review.is_some()) && st.version < Some(DECISIONS_SINCE)
        {
            return Err(Error::BackupDamaged {
                detail: format!(
                    "entry {} holds a decision or review, which a version {} backup cannot",
                    self.id,
                    st.version.unwrap_or_default()
                ),
            });
        }
        let date = self.created_at;
        let s = &mut st.summary;
        if s.first_entry.is_none_or(|f| date < f) {
            s.first_entry = Some(date);
        }
        if s.last_entry.is_none_or(|l| date > l) {
            s.last_entry = Some(date);
        }
        st.sink.entry(self)
    }
}

impl Record for Relationship {
    const KIND: &'static str = "relationships";
    fn declared(c: &BackupCounts) -> u64 {
        c.relationships
    }
    fn found(c: &mut BackupCounts) -> &mut u64 {
        &mut c.relationships
    }
    fn canonicalize(&mut self) {
        canonical(&mut self.id);
    }
    fn give(self, st: &mut ReadState<'_>) -> Result<()> {
        st.sink.relationship(self)
    }
}

impl Record for Reflection {
    const KIND: &'static str = "reflections";
    fn declared(c: &BackupCounts) -> u64 {
        c.reflections
    }
    fn found(c: &mut BackupCounts) -> &mut u64 {
        &mut c.reflections
    }
    fn canonicalize(&mut self) {
        canonical(&mut self.id);
        for (_, reference) in self.answers.relationship_refs_mut() {
            if let Some(rel) = reference.as_mut() {
                canonical(rel);
            }
        }
    }
    fn give(self, st: &mut ReadState<'_>) -> Result<()> {
        let week = self.week.to_string();
        let s = &mut st.summary;
        if s.first_week.as_ref().is_none_or(|f| week < *f) {
            s.first_week = Some(week.clone());
        }
        if s.last_week.as_ref().is_none_or(|l| week > *l) {
            s.last_week = Some(week);
        }
        st.sink.reflection(self)
    }
}

impl Record for Tombstone {
    const KIND: &'static str = "tombstones";
    fn declared(c: &BackupCounts) -> u64 {
        c.tombstones
    }
    fn found(c: &mut BackupCounts) -> &mut u64 {
        &mut c.tombstones
    }
    fn canonicalize(&mut self) {
        canonical(&mut self.id);
    }
    fn give(self, st: &mut ReadState<'_>) -> Result<()> {
        st.sink.tombstone(self)
    }
}

struct Records<'a, 's, T> {
    st: &'a mut ReadState<'s>,
    kind: std::marker::PhantomData<T>,
}

impl<'a, 's, T> Records<'a, 's, T> {
    fn new(st: &'a mut ReadState<'s>) -> Self {
        Records {
            st,
            kind: std::marker::PhantomData,
        }
    }
}

impl<'de, T: Record> DeserializeSeed<'de> for Records<'_, '_, T> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Record> Visitor<'de> for Records<'_, '_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of {}", T::KIND)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let st = self.st;
        let declared = T::declared(st.declared.as_ref().expect("checked before records"));
        loop {
            let index = *T::found(&mut st.summary.counts);
            let next = seq.next_element::<T>().map_err(|e| {
                let detail = format!("{} record {} does not parse ({e})", T::KIND, index + 1);
                st.failure.get_or_insert(Error::BackupDamaged { detail });
                e
            })?;
            let Some(mut record) = next else { break };
            record.canonicalize();
            st.check_room(T::KIND, index + 1, declared)?;
            *T::found(&mut st.summary.counts) += 1;
            if let Err(e) = record.give(st) {
                return Err(st.fail(e));
            }
        }
        Ok(())
    }
}

struct Settings<'a, 's>(&'a mut ReadState<'s>);

impl<'de> DeserializeSeed<'de> for Settings<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Settings<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the settings object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let st = self.0;
        let declared = st
            .declared
            .as_ref()
            .expect("checked before records")
            .settings;
        while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
            let found = st.summary.counts.settings + 1;
            st.check_room("settings", found, declared)?;
            st.summary.counts.settings = found;
            if crate::records::is_internal_setting(&key) {
                return Err(st.fail(Error::BackupDamaged {
                    detail: format!("it holds {key:?}, which is no setting"),
                }));
            }
            if let Err(e) = st.sink.setting(key, value) {
                return Err(st.fail(e));
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Verify
