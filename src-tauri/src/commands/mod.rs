//! The IPC commands: one-line adapters from the UI to `steward-core`. Each takes plain
//! values, calls the engine, and returns data or an `IpcError`.

pub mod backup;
pub mod entries;
pub mod reflections;
#[cfg(feature = "test-clock")]
pub mod test_clock;
pub mod vault;
