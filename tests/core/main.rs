//! Integration tests of steward-core: real SQLite files in temporary folders, no mocks.

mod util;

mod attacker;
mod auto_backup;
mod backup;
mod crash;
mod deletions;
mod entries;
mod format;
mod fuzz;
mod import;
mod layers;
mod lookback;
mod migrations;
mod passphrase;
mod people;
mod printable;
mod privacy;
mod reflections;
mod schedule;
mod search;
mod services;
mod session;
mod sync;
mod tamper;
mod trends;
