-- Steward vault schema 3: the sealed record list (the manifest, a settings row) is checked
-- at every unlock against the ids and versions of every row. This index lets SQLite read
-- those from the index alone, without loading the sealed entry rows.
-- Builds of this schema also write record format 2 (padded, plaintext columns in the AAD)
-- and keep entries' creation times in UTC; an older build refuses the file as too new.
-- Append-only history: never edit once landed.

CREATE INDEX entries_versions ON entries (id, version);
