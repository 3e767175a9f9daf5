-- Steward vault schema 4: tombstones. Deleting a record leaves its id here with the kind of
-- record and the deletion time (both sealed), so a merge with a backup made before the
-- deletion does not bring the record back. The manifest covers this table like the others;
-- an older build refuses the file as too new.
-- Append-only history: never edit once landed.

CREATE TABLE tombstones (
    id      TEXT PRIMARY KEY NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    sealed  BLOB NOT NULL
) STRICT;
