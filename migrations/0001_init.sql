-- Steward vault schema 1.
-- Plaintext columns hold only ids, timestamps, record kinds and versions; everything the
-- user writes is in `sealed` (see crates/steward-core/src/crypto.rs for the envelope).
-- This file is append-only history: never edit it once landed; add 0002_… instead.

CREATE TABLE vault_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE key_slots (
    kind       TEXT PRIMARY KEY NOT NULL CHECK (kind IN ('passphrase', 'recovery')),
    slot       BLOB NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE entries (
    id         TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL,      -- RFC 3339 with the writer's UTC offset
    created_ms INTEGER NOT NULL,   -- the same instant, Unix milliseconds (ordering, ranges)
    updated_at TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('entry', 'daily', 'weekly')),
    version    INTEGER NOT NULL CHECK (version >= 1),
    sealed     BLOB NOT NULL
) STRICT;

CREATE INDEX entries_by_created ON entries (created_ms DESC, id);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL,
    sealed     BLOB NOT NULL
) STRICT;
