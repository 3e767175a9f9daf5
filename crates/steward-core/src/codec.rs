//! The encoding of plaintext inside sealed entry records (settings, free-form JSON values,
//! are stored as JSON text): MessagePack with field names
//! (`rmp-serde`). Named fields let later versions add fields that older ones ignore; the
//! binary form decodes several times faster than JSON, which matters because unlocking a
//! journal decodes every entry. Buffers holding plaintext are zeroized on drop.

use serde::de::DeserializeOwned;
use serde::Serialize;
use zeroize::Zeroizing;

/// Encodes a record's plaintext.
pub fn encode<T: Serialize>(value: &T) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(
        rmp_serde::to_vec_named(value).expect("in-memory MessagePack encoding cannot fail"),
    )
}

/// Decodes a record's plaintext; `None` if the bytes are not a valid `T`.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    rmp_serde::from_slice(bytes).ok()
}

/// Decodes a record's plaintext borrowing its strings from `bytes` (no copies).
pub fn decode_borrowed<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8]) -> Option<T> {
    rmp_serde::from_slice(bytes).ok()
}
