//! The on-disk record format: proptest round trips, and golden vectors that pin the
//! envelope, the AAD, the HKDF subkeys and the key-slot layout. If a golden test fails,
//! the change breaks every existing vault: add a new format version instead.

use proptest::prelude::*;
use steward_core::entries::EntryPayload;
use steward_core::test_support::crypto::{
    padded_len, DataKey, Purpose, RecordAad, MIN_PADDED, RECORD_OVERHEAD,
};
use steward_core::test_support::keyslot::{KeySlot, SlotKind};
use steward_core::Error;

use crate::util::*;

const ID: &str = "00000000-0000-4000-8000-000000000001";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn golden_payload() -> EntryPayload {
    EntryPayload {
        title: "Title".into(),
        body: "Body ✓".into(),
        tags: vec!["team".into()],
        offset: None,
        people: vec![],
        decision: None,
        review: None,
    }
}

/// The plaintext columns of the golden row (already encoded as the records layer does).
const GOLDEN_META: &[u8] = b"t\0\0\0\x142026-01-01T09:30:00Z";

fn golden_aad(version: i64) -> RecordAad<'static> {
    RecordAad {
        table: "entries",
        id: ID,
        version,
        meta: GOLDEN_META,
    }
}

/// Pinned: the payload encoding of [`golden_payload`].
const GOLDEN_PAYLOAD: &str =
    "83a57469746c65a55469746c65a4626f6479a8426f647920e29c93a47461677391a47465616d";
/// Pinned: record format 1 (builds before 0.3): DEK = 0x11 * 32, nonce = 0x22 * 12,
/// entries / ID / version 1, no padding, no metadata in the AAD.
const GOLDEN_RECORD_V1: &str = "012222222222222222222222224cde6bc388de94b7acb7a288e2a1b7cb4c1e8ad094966d67085e52d5f1f596231cd725ae13d30ee18150eacc0876fdc0dbd320b3a4cc";
/// Pinned: a passphrase slot for "fixture passphrase" (m = 8 MiB, t = 1, p = 1) wrapping
/// DEK = 0x11 * 32.
const GOLDEN_SLOT: &str = "010100002000000000010000000157412293cb2d7e7d4de02cd1d8ea1a7beecfc748f7ec9e3ff656cc16d7b0876b5e43935335c03c250b31e40bf48848f89bea75ec9168c71e35e50957c1c8906ccf64f8c2fd34c2f400db6cc4";

#[test]
fn the_entry_payload_encoding_is_pinned() {
    // MessagePack map with named fields: {"title": "Title", "body": "Body ✓", "tags": ["team"]}
    let bytes = steward_core::test_support::codec::encode(&golden_payload());
    assert_eq!(hex(&bytes), GOLDEN_PAYLOAD);
    assert_eq!(
        steward_core::test_support::codec::decode::<EntryPayload>(&unhex(GOLDEN_PAYLOAD)).unwrap(),
        golden_payload()
    );
    // A later version may add fields; this one ignores them.
    let mut extended = unhex(GOLDEN_PAYLOAD);
    extended[0] += 1; // fixmap of 4 entries
    extended.extend_from_slice(&[0xa5, b'm', b'o', b'o', b'd', b's', 0xa3, b'o', b'k', b'!']);
    assert_eq!(
        steward_core::test_support::codec::decode::<EntryPayload>(&extended).unwrap(),
        golden_payload()
    );
}

/// Pinned: record format 2: DEK = 0x11 * 32, nonce = 0x22 * 12, entries / ID / version 1,
/// metadata [`GOLDEN_META`], padded to 256 bytes.
const GOLDEN_RECORD_V2: &str = include_str!("golden_record_v2.hex");

#[test]
fn the_record_envelope_is_pinned() {
    let cipher = DataKey::from_raw_for_tests([0x11; 32]).cipher(Purpose::Records);
    let plain = steward_core::test_support::codec::encode(&golden_payload()).to_vec();
    let sealed = cipher.seal_with_nonce(golden_aad(1), &plain, [0x22; 12]);
    assert_eq!(sealed[0], 2, "format byte");
    assert_eq!(&sealed[1..13], &[0x22; 12], "nonce follows");
    assert_eq!(
        sealed.len(),
        MIN_PADDED + RECORD_OVERHEAD,
        "padded to the smallest bucket"
    );
    assert_eq!(hex(&sealed), GOLDEN_RECORD_V2.trim());
    let opened = cipher
        .open(golden_aad(1), &unhex(GOLDEN_RECORD_V2.trim()))
        .unwrap();
    assert_eq!(opened.as_slice(), plain.as_slice(), "the padding is gone");
    // The plaintext columns are bound: a re-dated row does not open.
    let redated = RecordAad {
        meta: b"t\0\0\0\x142025-01-01T09:30:00Z",
        ..golden_aad(1)
    };
    assert!(matches!(
        cipher.open(redated, &sealed),
        Err(Error::Tampered { .. })
    ));
}

#[test]
fn format_1_records_open_only_through_the_upgrade() {
    let cipher = DataKey::from_raw_for_tests([0x11; 32]).cipher(Purpose::Records);
    let legacy = RecordAad {
        meta: b"",
        ..golden_aad(1)
    };
    // What matters for old vaults: the pinned bytes open for the upgrade...
    let opened = cipher
        .open_legacy(legacy, &unhex(GOLDEN_RECORD_V1))
        .unwrap();
    assert_eq!(
        steward_core::test_support::codec::decode::<EntryPayload>(&opened).unwrap(),
        golden_payload()
    );
    // ...and nowhere else: a row of an old copy cannot be slipped into an upgraded journal.
    assert!(matches!(
        cipher.open(legacy, &unhex(GOLDEN_RECORD_V1)),
        Err(Error::Tampered { .. })
    ));
    assert!(matches!(
        cipher.open_legacy(golden_aad(1), &unhex(GOLDEN_RECORD_V2.trim())),
        Err(Error::Tampered { .. })
    ));
}

#[test]
fn padding_hides_lengths_within_buckets_of_at_most_an_eighth() {
    assert_eq!(padded_len(0), MIN_PADDED);
    assert_eq!(padded_len(256), 256);
    for len in [257usize, 300, 1000, 1500, 4097, 10_000, 65_537, 1 << 20] {
        let padded = padded_len(len);
        assert!(padded >= len, "{len} -> {padded}");
        assert!(
            padded - len <= len / 8,
            "{len} -> {padded}: at most 12.5% more"
        );
    }
    // Lengths in one bucket look alike: 1500 bytes and 1530 bytes of text are one size.
    assert_eq!(padded_len(1500), padded_len(1530));
    let cipher = DataKey::from_raw_for_tests([0x11; 32]).cipher(Purpose::Records);
    let a = cipher.seal(golden_aad(1), &[b'a'; 1500]).unwrap();
    let b = cipher.seal(golden_aad(1), &[b'b'; 1530]).unwrap();
    assert_eq!(a.len(), b.len());
}

#[test]
fn subkeys_differ_per_purpose() {
    let dek = DataKey::from_raw_for_tests([0x11; 32]);
    let aad = golden_aad(1);
    let sealed = dek.cipher(Purpose::Records).seal(aad, b"x").unwrap();
    assert!(matches!(
        dek.cipher(Purpose::Settings).open(aad, &sealed),
        Err(Error::Tampered { .. })
    ));
}

#[test]
fn the_key_slot_layout_is_pinned() {
    let slot = KeySlot::decode(&unhex(GOLDEN_SLOT), SlotKind::Passphrase).unwrap();
    assert_eq!(slot.params(), fast_kdf());
    let dek = slot
        .unlock_with_passphrase(&secret("fixture passphrase"))
        .unwrap();
    let opened = dek
        .cipher(Purpose::Records)
        .open(golden_aad(1), &unhex(GOLDEN_RECORD_V2.trim()))
        .unwrap();
    let opened = steward_core::test_support::codec::encode(
        &steward_core::test_support::codec::decode::<EntryPayload>(&opened).unwrap(),
    );
    assert_eq!(
        steward_core::test_support::codec::decode::<EntryPayload>(&opened).unwrap(),
        golden_payload()
    );
    assert_eq!(
        slot.encode(),
        unhex(GOLDEN_SLOT),
        "decode/encode round trip"
    );
    assert!(matches!(
        slot.unlock_with_passphrase(&secret("fixture passphrasE")),
        Err(Error::WrongPassphrase)
    ));
    // The same bytes are not a recovery slot.
    assert!(matches!(
        KeySlot::decode(&unhex(GOLDEN_SLOT), SlotKind::Recovery),
        Err(Error::Tampered { .. })
    ));
}

#[test]
fn empty_short_and_future_records_are_refused_specifically() {
    let cipher = DataKey::from_raw_for_tests([0x11; 32]).cipher(Purpose::Records);
    let aad = golden_aad(1);
    assert!(matches!(cipher.open(aad, b""), Err(Error::Tampered { .. })));
    assert!(matches!(
        cipher.open(aad, &[1u8; 28]),
        Err(Error::Tampered { .. })
    ));
    assert!(
        matches!(cipher.open(aad, &[0u8; 40]), Err(Error::Tampered { .. })),
        "format 0 never existed"
    );
    let mut future = unhex(GOLDEN_RECORD_V2.trim());
    future[0] = 3;
    assert!(matches!(
        cipher.open(aad, &future),
        Err(Error::RecordTooNew { found: 3, .. })
    ));
    let mut slot = unhex(GOLDEN_SLOT);
    slot[0] = 9;
    assert!(matches!(
        KeySlot::decode(&slot, SlotKind::Passphrase),
        Err(Error::RecordTooNew { found: 9, .. })
    ));
}

/// Prints fresh golden values (run by hand when a new format version is introduced).
#[test]
#[ignore = "prints golden vectors"]
fn print_golden_vectors() {
    let dek = DataKey::from_raw_for_tests([0x11; 32]);
    let aad = golden_aad(1);
    let plain = steward_core::test_support::codec::encode(&golden_payload()).to_vec();
    println!("GOLDEN_PAYLOAD {}", hex(&plain));
    println!(
        "GOLDEN_RECORD_V2 {}",
        hex(&dek
            .cipher(Purpose::Records)
            .seal_with_nonce(aad, &plain, [0x22; 12]))
    );
    let slot = KeySlot::for_passphrase(&dek, &secret("fixture passphrase"), fast_kdf()).unwrap();
    println!("GOLDEN_SLOT {}", hex(&slot.encode()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn payloads_round_trip(title in ".{0,80}", body in "(?s).{0,2000}", tags in proptest::collection::vec("[^\\s]{1,20}", 0..6), version in 1i64..1_000_000) {
        let cipher = DataKey::from_raw_for_tests([0x5a; 32]).cipher(Purpose::Records);
        let payload = EntryPayload {
            title,
            body,
            tags,
            offset: None,
            people: vec![],
            decision: None,
            review: None,
        };
        let aad = RecordAad { table: "entries", id: ID, version, meta: b"t\0\0\0\x01x" };
        let sealed = cipher.seal(aad, &steward_core::test_support::codec::encode(&payload)).unwrap();
        let opened = cipher.open(aad, &sealed).unwrap();
        prop_assert_eq!(steward_core::test_support::codec::decode::<EntryPayload>(&opened).unwrap(), payload);
        // Bound to its row and version.
        let other_version = RecordAad { version: version + 1, ..aad };
        prop_assert!(cipher.open(other_version, &sealed).is_err());
        let other_row = RecordAad { id: "00000000-0000-4000-8000-000000000002", ..aad };
        prop_assert!(cipher.open(other_row, &sealed).is_err());
        let other_table = RecordAad { table: "settings", ..aad };
        prop_assert!(cipher.open(other_table, &sealed).is_err());
        let other_meta = RecordAad { meta: b"t\0\0\0\x01y", ..aad };
        prop_assert!(cipher.open(other_meta, &sealed).is_err());
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_decoders(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let cipher = DataKey::from_raw_for_tests([0x5a; 32]).cipher(Purpose::Records);
        let aad = golden_aad(1);
        prop_assert!(cipher.open(aad, &bytes).is_err());
        let _ = KeySlot::decode(&bytes, SlotKind::Passphrase);
        let _ = KeySlot::decode(&bytes, SlotKind::Recovery);
    }

}
