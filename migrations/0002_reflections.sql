-- Steward vault schema 2: relationships and weekly reflections.
-- As in schema 1, plaintext columns hold only ids, timestamps, versions and (for a
-- reflection) its ISO week name; names, answers and ratings are in `sealed`.
-- Append-only history: never edit once landed.

CREATE TABLE relationships (
    id         TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    sealed     BLOB NOT NULL
) STRICT;

CREATE TABLE reflections (
    id         TEXT PRIMARY KEY NOT NULL,
    week       TEXT NOT NULL UNIQUE,   -- e.g. 2026-W47; also sealed, and checked on opening
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    sealed     BLOB NOT NULL
) STRICT;
