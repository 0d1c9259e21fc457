//! Stamp codes: what is issued verifies, anything else does not.

use std::collections::HashSet;

use ocop_domain::stamp::gs1::{self, Gs1Error};
use ocop_domain::stamp::{
    ALPHABET, CodeError, KeyId, KeyRing, MAX_INDEX, MAX_SERIES_NO, SeriesCodes, StampCode,
    StampKey, digit_value, serial_chars, signing,
};
use proptest::prelude::*;

fn key(id: u8, secret: [u8; 32]) -> StampKey {
    StampKey::new(KeyId::new(id).unwrap(), secret)
}

fn ring(keys: Vec<StampKey>) -> KeyRing {
    let active = keys.last().map(|k| k.id);
    KeyRing::new(keys, active)
}

proptest! {
    #[test]
    fn every_issued_code_verifies(
        id in 0u8..32,
        secret in any::<[u8; 32]>(),
        series in 0..=MAX_SERIES_NO,
        index in 0..=MAX_INDEX,
        lower in any::<bool>(),
    ) {
        let k = key(id, secret);
        let code = StampCode::issue(&k, series, index);
        let text = if lower { code.to_string().to_lowercase() } else { code.to_string() };
        let parsed = StampCode::parse(&text).unwrap();
        prop_assert_eq!(parsed.code(), code);
        let stamp = ring(vec![k]).verify(&parsed).unwrap();
        prop_assert_eq!((stamp.series_no, stamp.index, stamp.key_id.get()), (series, index, id));
    }

    #[test]
    fn any_single_character_change_is_refused(
        secret in any::<[u8; 32]>(),
        series in 0..=MAX_SERIES_NO,
        index in 0..=MAX_INDEX,
        position in 0usize..21,
        replacement in any::<u8>(),
    ) {
        let k = key(4, secret);
        let code = StampCode::issue(&k, series, index).to_string();
        let mut bytes = code.clone().into_bytes();
        let original = bytes[position];
        // Reading is generous (case, I/L for 1, O for 0): those are the same character.
        let same = replacement == original
            || (digit_value(replacement).is_some() && digit_value(replacement) == digit_value(original));
        prop_assume!(!same);
        bytes[position] = replacement;
        let Ok(changed) = String::from_utf8(bytes) else { return Ok(()); };
        let verdict = StampCode::parse(&changed).and_then(|p| ring(vec![k.clone()]).verify(&p));
        prop_assert!(verdict.is_err(), "{code} → {changed} accepted");
    }
}

#[test]
fn serial_chars_are_the_serial_a_code_prints() {
    let k = key(4, [7; 32]);
    for index in [0, 1, 999_999] {
        let code = StampCode::issue(&k, 12, index);
        let parsed = StampCode::parse(&code.to_string()).unwrap();
        assert_eq!(&serial_chars(parsed.serial), code.serial().as_bytes());
    }
    assert_eq!(&serial_chars((31 << 45) | 33), b"Z000000011");
}

#[test]
fn every_byte_reads_as_its_crockford_digit_or_none() {
    for byte in 0..=u8::MAX {
        let upper = byte.to_ascii_uppercase();
        let expected = match upper {
            b'O' => Some(0),
            b'I' | b'L' => Some(1),
            _ => ALPHABET.iter().position(|&a| a == upper).map(|p| p as u8),
        };
        assert_eq!(digit_value(byte), expected, "byte {byte}");
    }
    assert_eq!(digit_value(b'u'), None, "U is left out of the alphabet");
    assert_eq!(digit_value(b'z'), Some(31));
}

#[test]
fn an_unknown_key_id_is_refused() {
    let issuing = key(7, [1; 32]);
    let code = StampCode::issue(&issuing, 3, 4).to_string();
    let parsed = StampCode::parse(&code).unwrap();
    assert_eq!(
        ring(vec![key(6, [1; 32])]).verify(&parsed),
        Err(CodeError::UnknownKey)
    );
    // The same id with another secret: a forged tag.
    assert_eq!(
        ring(vec![key(7, [2; 32])]).verify(&parsed),
        Err(CodeError::BadTag)
    );
}

#[test]
fn old_keys_keep_verifying_after_rotation() {
    let old = key(0, [1; 32]);
    let new = key(1, [2; 32]);
    let before = StampCode::issue(&old, 1, 1);
    let keys = ring(vec![old, new]);
    assert_eq!(keys.active().unwrap().id.get(), 1);
    assert!(
        keys.verify(&StampCode::parse(&before.to_string()).unwrap())
            .is_ok()
    );
}

#[test]
fn serials_of_a_series_are_distinct() {
    let k = key(0, [42; 32]);
    let serials: HashSet<String> = SeriesCodes::new(&k, 9, 200_000)
        .map(|c| c.serial().to_owned())
        .collect();
    assert_eq!(serials.len(), 200_000);
    // And across series: the same indices of the next series collide with none.
    assert!(
        SeriesCodes::new(&k, 10, 1_000).all(|c| !serials.contains(c.serial())),
        "series 10 repeats a serial of series 9"
    );
}

#[test]
fn serials_do_not_follow_the_index() {
    let k = key(0, [5; 32]);
    let a = StampCode::issue(&k, 1, 0);
    let b = StampCode::issue(&k, 1, 1);
    let shared = a
        .serial()
        .bytes()
        .zip(b.serial().bytes())
        .take_while(|(x, y)| x == y)
        .count();
    assert!(shared < 5, "{a} and {b} share a prefix of {shared}");
}

#[test]
fn malformed_codes_are_refused_by_syntax() {
    let cases = [
        ("", CodeError::Shape),
        ("ABC", CodeError::Shape),
        ("0123456789-0123456789", CodeError::Shape),
        ("0123456789 0123456789", CodeError::Shape),
        ("012345678U.0123456789", CodeError::Character),
        ("0123456789.01234567é", CodeError::Character),
        (&"A".repeat(200), CodeError::TooLong),
    ];
    for (raw, expected) in cases {
        assert_eq!(StampCode::parse(raw).map(|_| ()), Err(expected), "{raw}");
    }
    assert_eq!(ALPHABET.len(), 32);
}

#[test]
fn gs1_paths_round_trip_and_check_the_gtin() {
    let code = StampCode::issue(&key(0, [3; 32]), 1, 2).to_string();
    let path = gs1::build_path("8935049500643", "L 2026/01", &code).unwrap();
    assert_eq!(
        path,
        format!("/01/08935049500643/10/L%202026%2F01/21/{code}")
    );
    let link = gs1::parse_path(&path).unwrap();
    assert_eq!(link.gtin, "08935049500643");
    assert_eq!(link.lot.as_deref(), Some("L 2026/01"));
    assert_eq!(link.serial.as_deref(), Some(code.as_str()));
    // GTIN-8 is padded to 14 digits.
    assert_eq!(gs1::gtin14("96385074").unwrap(), "00000096385074");
    assert_eq!(
        gs1::parse_path("/01/8935049500644/10/A").unwrap_err(),
        Gs1Error::Gtin
    );
    assert_eq!(
        gs1::parse_path("/01/08935049500643/21/X/10/A").unwrap_err(),
        Gs1Error::Shape
    );
    assert_eq!(
        gs1::parse_path(&format!("/01/{}", "9".repeat(300))).unwrap_err(),
        Gs1Error::TooLong
    );
    assert!(gs1::build_path("8935049500643", &"L".repeat(21), "X").is_err());
}

#[test]
fn a_third_party_verifies_a_signature_with_the_public_key_alone() {
    // The issuer signs and publishes; the checker below holds only what was published.
    let (code, signature, public) = {
        let k = key(0, [8; 32]);
        let code = StampCode::issue(&k, 2, 3);
        (code, signing::sign(&k, &code), signing::public_key(&k))
    };
    assert!(signing::verify(&public, &code, &signature));
    let other = StampCode::issue(&key(0, [8; 32]), 2, 4);
    assert!(!signing::verify(&public, &other, &signature));
    assert!(!signing::verify(&public, &code, "not-a-signature"));
    assert!(!signing::verify(&public, &code, &"A".repeat(500)));
}
