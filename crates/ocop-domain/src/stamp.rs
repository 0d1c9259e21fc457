//! Tem điện tử: serialised anti-counterfeit stamps, their codes and how they are checked.
//!
//! A stamp's printed code is `SERIAL.TAG`, 21 characters of Crockford base32
//! (`0123456789ABCDEFGHJKMNPQRSTVWXYZ`; read case-insensitively, `I`/`L` as `1` and `O` as `0`),
//! printed as the upper-case URL `HTTPS://HOST/V/SERIAL.TAG` so that a QR code holds it in
//! alphanumeric mode and fits a 2 cm label.
//!
//! - **Serial** (10 characters, 50 bits): a keyed pseudo-random permutation of
//!   `series_no (20 bits) ‖ index (30 bits)` — a four-round Feistel network whose round
//!   function is SipHash-1-3 (a keyed pseudo-random function, a few dozen nanoseconds where
//!   an HMAC-SHA256 costs hundreds) under a 128-bit "serial" subkey derived from the stamp key
//!   by HMAC-SHA256. Serials look
//!   random and cannot be enumerated, yet they are distinct by construction and the verifier
//!   recovers `(series_no, index)` by running the network backwards. So nothing is stored per
//!   stamp: issuing a million stamps stores one series row (series number, lot, key, count),
//!   and checking a code needs no lookup of the code itself.
//! - **Tag** (10 characters): the key id (one base32 digit, 0–31) and the first 45 bits of
//!   HMAC-SHA256(key, `"ocop-stamp-v1"` ‖ the serial's 10 characters), compared in constant
//!   time. A mistyped or forged code fails here, before anything is looked up.
//!
//! Keys rotate: a new key becomes the active one for issuing, older ones keep verifying the
//! stamps they tagged. Optionally a stamp also carries an Ed25519 signature of its code
//! ([`signing`]), which anyone holding the published public key can check offline.

use std::fmt;

use std::hash::Hasher;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use siphasher::sip::SipHasher13;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// Crockford's base32 alphabet: no I, L, O, U.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters of a serial (50 bits).
pub const SERIAL_CHARS: usize = 10;
/// Characters of a tag: the key id and 45 bits of HMAC.
pub const TAG_CHARS: usize = 10;
/// Characters of a code, `SERIAL.TAG`.
pub const CODE_CHARS: usize = SERIAL_CHARS + 1 + TAG_CHARS;
/// Largest series number (20 bits).
pub const MAX_SERIES_NO: u32 = (1 << 20) - 1;
/// Largest index within a series (30 bits).
pub const MAX_INDEX: u32 = (1 << 30) - 1;
/// Most stamps one series may hold (an issuing limit, well under [`MAX_INDEX`]).
pub const MAX_SERIES_COUNT: u32 = 1_000_000;
/// Number of distinct key ids.
pub const KEY_IDS: u8 = 32;
/// Longest input [`StampCode::parse`] looks at; anything longer is refused unread.
pub const MAX_CODE_INPUT: usize = 64;

const HALF_BITS: u32 = 25;
const HALF_MASK: u32 = (1 << HALF_BITS) - 1;
const ROUNDS: u8 = 4;
const TAG_BITS: u32 = 45;
const TAG_DOMAIN: &[u8] = b"ocop-stamp-v1";
const SERIAL_SUBKEY: &[u8] = b"ocop-stamp-serial-subkey-v2";

/// Why a code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("mã tem quá dài")]
    TooLong,
    #[error("mã tem phải có dạng SERIAL.TAG gồm 21 ký tự")]
    Shape,
    #[error("mã tem có ký tự không hợp lệ")]
    Character,
    #[error("mã tem dùng khóa không xác định")]
    UnknownKey,
    #[error("mã tem không đúng (sai mã kiểm tra)")]
    BadTag,
    #[error("số sê-ri hoặc số thứ tự vượt giới hạn")]
    OutOfRange,
}

/// Mã khóa: which stamp key tagged a code, 0–31 (one base32 digit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(u8);

impl KeyId {
    pub fn new(id: u8) -> Option<KeyId> {
        (id < KEY_IDS).then_some(KeyId(id))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// The base32 digit printed as the tag's first character.
    pub fn digit(self) -> char {
        char::from(ALPHABET[usize::from(self.0)])
    }

    /// The id after this one, wrapping at 32; rotation re-uses the oldest id only after 32 keys.
    pub fn next(self) -> KeyId {
        KeyId((self.0 + 1) % KEY_IDS)
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Khóa tem: a secret that tags stamps. Its `Debug` never shows the secret, so a key that
/// ends up in a log line or an error message leaks nothing.
#[derive(Clone)]
pub struct StampKey {
    pub id: KeyId,
    secret: [u8; 32],
    tag_mac: HmacSha256,
    /// SipHash's two 64-bit key words for the serial permutation's rounds.
    serial_key: (u64, u64),
}

impl fmt::Debug for StampKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StampKey")
            .field("id", &self.id)
            .field("secret", &"[redacted]")
            .finish()
    }
}

impl StampKey {
    pub fn new(id: KeyId, secret: [u8; 32]) -> StampKey {
        let tag_mac = HmacSha256::new_from_slice(&secret).expect("HMAC takes any key length");
        let mut derive = tag_mac.clone();
        derive.update(SERIAL_SUBKEY);
        let subkey = derive.finalize().into_bytes();
        let word = |i: usize| u64::from_le_bytes(subkey[i..i + 8].try_into().expect("8 bytes"));
        StampKey {
            id,
            secret,
            tag_mac,
            serial_key: (word(0), word(8)),
        }
    }

    /// The secret, for storing it; nothing else should read it.
    pub fn secret(&self) -> &[u8; 32] {
        &self.secret
    }

    /// Round `round` of the serial permutation on a 25-bit half.
    fn round(&self, round: u8, half: u32) -> u32 {
        let mut sip = SipHasher13::new_with_keys(self.serial_key.0, self.serial_key.1);
        sip.write(&((u64::from(round) << 32) | u64::from(half)).to_le_bytes());
        (sip.finish() >> (64 - HALF_BITS)) as u32
    }

    /// The 45-bit tag of a serial's canonical characters.
    fn tag_bits(&self, serial: &[u8; SERIAL_CHARS]) -> u64 {
        let mut mac = self.tag_mac.clone();
        mac.update(TAG_DOMAIN);
        mac.update(serial);
        let out = mac.finalize().into_bytes();
        let mut first = [0u8; 8];
        first[..6].copy_from_slice(&out[..6]);
        u64::from_be_bytes(first) >> (64 - TAG_BITS)
    }

    /// The serial of `(series_no, index)`, with round 0's output given when known (it depends
    /// only on the high half, the same for 2^25 consecutive indices of a series).
    fn permute(&self, series_no: u32, index: u32, first_round: Option<u32>) -> u64 {
        let x = (u64::from(series_no) << 30) | u64::from(index);
        let mut a = (x >> HALF_BITS) as u32;
        let mut b = (x as u32) & HALF_MASK;
        for round in 0..ROUNDS {
            let f = match (round, first_round) {
                (0, Some(cached)) => cached,
                _ => self.round(round, a),
            };
            (a, b) = (b ^ f, a);
        }
        (u64::from(a) << HALF_BITS) | u64::from(b)
    }

    /// `(series_no, index)` of a serial: the network backwards.
    fn unpermute(&self, serial: u64) -> (u32, u32) {
        let mut a = (serial >> HALF_BITS) as u32 & HALF_MASK;
        let mut b = serial as u32 & HALF_MASK;
        for round in (0..ROUNDS).rev() {
            (a, b) = (b, a ^ self.round(round, b));
        }
        let x = (u64::from(a) << HALF_BITS) | u64::from(b);
        ((x >> 30) as u32, (x as u32) & MAX_INDEX)
    }
}

/// Bộ khóa: the stamp keys known to this installation, one of them active for issuing.
#[derive(Debug, Clone, Default)]
pub struct KeyRing {
    keys: Vec<StampKey>,
    active: Option<KeyId>,
}

impl KeyRing {
    /// The ring of `keys`, issuing with `active` (which must be among them to be used).
    pub fn new(keys: Vec<StampKey>, active: Option<KeyId>) -> KeyRing {
        KeyRing { keys, active }
    }

    pub fn key(&self, id: KeyId) -> Option<&StampKey> {
        self.keys.iter().find(|k| k.id == id)
    }

    /// The key new stamps are tagged with.
    pub fn active(&self) -> Option<&StampKey> {
        self.active.and_then(|id| self.key(id))
    }

    pub fn keys(&self) -> &[StampKey] {
        &self.keys
    }

    /// Checks a parsed code's tag under its key, then recovers its series and index. A code
    /// refused here was forged, mistyped or tagged by a key this ring does not know.
    pub fn verify(&self, code: &ParsedCode) -> Result<VerifiedStamp, CodeError> {
        let key = self.key(code.key_id).ok_or(CodeError::UnknownKey)?;
        let expected = key.tag_bits(&code.serial_chars);
        if !bool::from(expected.to_be_bytes().ct_eq(&code.tag.to_be_bytes())) {
            return Err(CodeError::BadTag);
        }
        let (series_no, index) = key.unpermute(code.serial);
        Ok(VerifiedStamp {
            key_id: code.key_id,
            series_no,
            index,
            serial: code.serial,
        })
    }
}

/// A code whose tag checked out: which series and which stamp of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifiedStamp {
    pub key_id: KeyId,
    pub series_no: u32,
    pub index: u32,
    pub serial: u64,
}

/// A code as read, syntax checked only (see [`KeyRing::verify`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedCode {
    pub serial: u64,
    pub key_id: KeyId,
    /// The tag's 45 HMAC bits.
    pub tag: u64,
    serial_chars: [u8; SERIAL_CHARS],
    tag_chars: [u8; TAG_CHARS],
}

impl ParsedCode {
    /// The canonical (upper-case) code.
    pub fn code(&self) -> StampCode {
        StampCode {
            serial: self.serial_chars,
            tag: self.tag_chars,
        }
    }
}

/// Mã tem: a stamp's code, `SERIAL.TAG`, canonical upper case.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct StampCode {
    serial: [u8; SERIAL_CHARS],
    tag: [u8; TAG_CHARS],
}

impl fmt::Debug for StampCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StampCode({self})")
    }
}

/// A code's text on the stack: see [`StampCode::text`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CodeText([u8; CODE_CHARS]);

impl std::ops::Deref for CodeText {
    type Target = str;

    fn deref(&self) -> &str {
        std::str::from_utf8(&self.0).expect("base32 is ASCII")
    }
}

impl fmt::Display for StampCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.serial())?;
        f.write_str(".")?;
        f.write_str(self.tag())
    }
}

impl StampCode {
    /// The code of stamp `index` of series `series_no`, tagged with `key`.
    ///
    /// # Panics
    /// When `series_no` or `index` is out of range; callers bound them first.
    pub fn issue(key: &StampKey, series_no: u32, index: u32) -> StampCode {
        assert!(series_no <= MAX_SERIES_NO && index <= MAX_INDEX);
        StampCode::from_serial(key, key.permute(series_no, index, None))
    }

    fn from_serial(key: &StampKey, serial: u64) -> StampCode {
        let serial_chars: [u8; SERIAL_CHARS] = encode(serial);
        let tag = key.tag_bits(&serial_chars);
        let mut tag_chars = [0u8; TAG_CHARS];
        tag_chars[0] = ALPHABET[usize::from(key.id.0)];
        tag_chars[1..].copy_from_slice(&encode::<9>(tag));
        StampCode {
            serial: serial_chars,
            tag: tag_chars,
        }
    }

    /// Reads `raw` (either case, `I`/`L` for `1`, `O` for `0`); syntax only.
    pub fn parse(raw: &str) -> Result<ParsedCode, CodeError> {
        if raw.len() > MAX_CODE_INPUT {
            return Err(CodeError::TooLong);
        }
        let bytes = raw.as_bytes();
        if bytes.len() != CODE_CHARS || bytes[SERIAL_CHARS] != b'.' {
            return Err(CodeError::Shape);
        }
        let (serial, serial_chars) = decode::<SERIAL_CHARS>(&bytes[..SERIAL_CHARS])?;
        let (tag_all, tag_chars) = decode::<TAG_CHARS>(&bytes[SERIAL_CHARS + 1..])?;
        let key_id = KeyId((tag_all >> TAG_BITS) as u8);
        Ok(ParsedCode {
            serial,
            key_id,
            tag: tag_all & ((1 << TAG_BITS) - 1),
            serial_chars,
            tag_chars,
        })
    }

    pub fn serial(&self) -> &str {
        std::str::from_utf8(&self.serial).expect("base32 is ASCII")
    }

    /// The code's text, `SERIAL.TAG`, without allocating (the resolver writes it into every
    /// answer).
    pub fn text(&self) -> CodeText {
        let mut text = [b'.'; CODE_CHARS];
        text[..SERIAL_CHARS].copy_from_slice(&self.serial);
        text[SERIAL_CHARS + 1..].copy_from_slice(&self.tag);
        CodeText(text)
    }

    pub fn tag(&self) -> &str {
        std::str::from_utf8(&self.tag).expect("base32 is ASCII")
    }

    /// The printed URL, upper case throughout: `HTTPS://HOST/V/SERIAL.TAG`.
    pub fn to_url(&self, host: &str) -> String {
        format!("{}{self}", StampCode::url_prefix(host))
    }

    /// The printed URL before the code: `HTTPS://HOST/V/`.
    pub fn url_prefix(host: &str) -> String {
        format!("HTTPS://{}/V/", host.to_ascii_uppercase())
    }
}

/// All the codes of one series in index order, computing the permutation's first round once
/// per 2^25 indices instead of once per stamp.
pub struct SeriesCodes<'k> {
    key: &'k StampKey,
    series_no: u32,
    next: u32,
    end: u32,
    cached: Option<(u32, u32)>,
}

impl<'k> SeriesCodes<'k> {
    /// Stamps `0..count` of series `series_no`.
    ///
    /// # Panics
    /// When the series or the count is out of range; callers bound them first.
    pub fn new(key: &'k StampKey, series_no: u32, count: u32) -> SeriesCodes<'k> {
        SeriesCodes::range(key, series_no, 0, count)
    }

    /// Stamps `first..end` of series `series_no`: a part of a series, made apart from the rest.
    ///
    /// # Panics
    /// When the series or the end is out of range; callers bound them first.
    pub fn range(key: &'k StampKey, series_no: u32, first: u32, end: u32) -> SeriesCodes<'k> {
        assert!(series_no <= MAX_SERIES_NO && end <= MAX_INDEX + 1);
        SeriesCodes {
            key,
            series_no,
            next: first,
            end,
            cached: None,
        }
    }
}

impl Iterator for SeriesCodes<'_> {
    type Item = StampCode;

    fn next(&mut self) -> Option<StampCode> {
        if self.next >= self.end {
            return None;
        }
        let index = self.next;
        self.next += 1;
        let high = (((u64::from(self.series_no) << 30) | u64::from(index)) >> HALF_BITS) as u32;
        let first = match self.cached {
            Some((h, f)) if h == high => f,
            _ => {
                let f = self.key.round(0, high);
                self.cached = Some((high, f));
                f
            }
        };
        let serial = self.key.permute(self.series_no, index, Some(first));
        Some(StampCode::from_serial(self.key, serial))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.end - self.next) as usize;
        (left, Some(left))
    }
}

/// A serial's canonical characters (its low 50 bits in base32), as a code prints them.
pub fn serial_chars(serial: u64) -> [u8; SERIAL_CHARS] {
    encode(serial)
}

/// The low `N * 5` bits of `value` in base32, most significant first.
fn encode<const N: usize>(value: u64) -> [u8; N] {
    let mut out = [0u8; N];
    for (i, c) in out.iter_mut().enumerate() {
        let shift = 5 * (N - 1 - i);
        *c = ALPHABET[((value >> shift) & 31) as usize];
    }
    out
}

/// Decodes `N` base32 characters, returning the value and the canonical characters.
fn decode<const N: usize>(chars: &[u8]) -> Result<(u64, [u8; N]), CodeError> {
    let mut value = 0u64;
    let mut canonical = [0u8; N];
    for (slot, &c) in canonical.iter_mut().zip(chars) {
        let digit = digit_value(c).ok_or(CodeError::Character)?;
        value = (value << 5) | u64::from(digit);
        *slot = ALPHABET[usize::from(digit)];
    }
    Ok((value, canonical))
}

/// The value of a Crockford base32 character, read generously.
pub fn digit_value(c: u8) -> Option<u8> {
    match DIGIT_VALUES[usize::from(c)] {
        NOT_A_DIGIT => None,
        value => Some(value),
    }
}

const NOT_A_DIGIT: u8 = u8::MAX;

/// [`digit_value`] of every byte, made once at compile time: a code's 20 characters are read
/// on every scan, and a search of the alphabet for each letter was a visible part of it.
const DIGIT_VALUES: [u8; 256] = {
    let mut table = [NOT_A_DIGIT; 256];
    let mut value = 0;
    while value < ALPHABET.len() {
        let upper = ALPHABET[value];
        table[upper as usize] = value as u8;
        table[upper.to_ascii_lowercase() as usize] = value as u8;
        value += 1;
    }
    // Read as the digits they look like.
    table[b'O' as usize] = 0;
    table[b'o' as usize] = 0;
    table[b'I' as usize] = 1;
    table[b'i' as usize] = 1;
    table[b'L' as usize] = 1;
    table[b'l' as usize] = 1;
    table
};

/// GS1 Digital Link paths: `/01/{gtin14}/10/{lot}/21/{serial}`, the `21` serial being the
/// stamp's `SERIAL.TAG`.
pub mod gs1 {
    use crate::identifiers::{Gtin, gs1_check_digit};

    /// Longest lot number GS1 allows (AI 10).
    pub const MAX_LOT_CHARS: usize = 20;
    /// Longest path [`parse_path`] looks at.
    pub const MAX_PATH: usize = 160;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
    pub enum Gs1Error {
        #[error("đường dẫn GS1 quá dài")]
        TooLong,
        #[error("đường dẫn GS1 không đúng dạng /01/…/10/…/21/…")]
        Shape,
        #[error("mã GTIN không hợp lệ")]
        Gtin,
        #[error("số lô không hợp lệ")]
        Lot,
    }

    /// The parts of a Digital Link path.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DigitalLink {
        /// 14 digits, check digit verified.
        pub gtin: String,
        pub lot: Option<String>,
        pub serial: Option<String>,
    }

    /// A GTIN-8/12/13/14 as the 14 digits Digital Link uses.
    pub fn gtin14(raw: &str) -> Result<String, Gs1Error> {
        let gtin = Gtin::parse(raw).map_err(|_| Gs1Error::Gtin)?;
        Ok(format!("{:0>14}", gtin.as_str()))
    }

    /// Reads `/01/{gtin}[/10/{lot}][/21/{serial}]`, qualifiers in that order.
    pub fn parse_path(path: &str) -> Result<DigitalLink, Gs1Error> {
        if path.len() > MAX_PATH {
            return Err(Gs1Error::TooLong);
        }
        let rest = path.strip_prefix("/01/").ok_or(Gs1Error::Shape)?;
        let mut parts = rest.split('/');
        let gtin_raw = parts.next().ok_or(Gs1Error::Shape)?;
        if gtin_raw.len() != 14 && ![8, 12, 13].contains(&gtin_raw.len()) {
            return Err(Gs1Error::Gtin);
        }
        let gtin = gtin14(gtin_raw)?;
        let (body, check) = gtin.split_at(13);
        if gs1_check_digit(body).to_string() != check {
            return Err(Gs1Error::Gtin);
        }
        let mut link = DigitalLink {
            gtin,
            lot: None,
            serial: None,
        };
        let mut last_ai = 1;
        while let Some(ai) = parts.next() {
            let value = parts.next().ok_or(Gs1Error::Shape)?;
            let value = percent_decode(value).ok_or(Gs1Error::Shape)?;
            match ai {
                "10" if last_ai < 10 => {
                    if value.is_empty() || value.chars().count() > MAX_LOT_CHARS {
                        return Err(Gs1Error::Lot);
                    }
                    link.lot = Some(value);
                    last_ai = 10;
                }
                "21" if last_ai < 21 => {
                    if value.is_empty() || value.len() > super::MAX_CODE_INPUT {
                        return Err(Gs1Error::Shape);
                    }
                    link.serial = Some(value);
                    last_ai = 21;
                }
                _ => return Err(Gs1Error::Shape),
            }
        }
        Ok(link)
    }

    /// `/01/{gtin14}/10/{lot}/21/{serial}`, values percent-encoded.
    pub fn build_path(gtin: &str, lot: &str, serial: &str) -> Result<String, Gs1Error> {
        Ok(serial_prefix(gtin, lot)? + &percent_encode(serial))
    }

    /// `/01/{gtin14}/10/{lot}/21/`: the path of a lot's stamps before the serial. A stamp's
    /// code needs no percent-encoding, so a series' paths are this prefix and each code.
    pub fn serial_prefix(gtin: &str, lot: &str) -> Result<String, Gs1Error> {
        let gtin = gtin14(gtin)?;
        if lot.is_empty() || lot.chars().count() > MAX_LOT_CHARS {
            return Err(Gs1Error::Lot);
        }
        Ok(format!("/01/{gtin}/10/{}/21/", percent_encode(lot)))
    }

    fn percent_encode(value: &str) -> String {
        let mut out = String::with_capacity(value.len());
        for b in value.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }

    fn percent_decode(value: &str) -> Option<String> {
        let bytes = value.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                let hex = value.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).ok()
    }
}

/// Chữ ký Ed25519: an optional signature of a stamp's code that anyone can verify offline
/// with the published public key. The signing key is derived from the stamp key, so rotating
/// stamp keys rotates signing keys with them and nothing more needs storing.
pub mod signing {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
    use hmac::Mac;

    use super::{HmacSha256, StampCode, StampKey};

    const SIGNING_SEED: &[u8] = b"ocop-stamp-ed25519-seed-v1";
    /// What is signed: this prefix and the code's 21 upper-case characters.
    pub const MESSAGE_PREFIX: &str = "ocop-stamp-v1:";
    /// Longest signature parameter looked at (64 bytes are 86 base64url characters).
    pub const MAX_SIGNATURE_CHARS: usize = 100;

    fn signing_key(key: &StampKey) -> SigningKey {
        let mut mac = HmacSha256::new_from_slice(key.secret()).expect("HMAC takes any key length");
        mac.update(SIGNING_SEED);
        SigningKey::from_bytes(&mac.finalize().into_bytes().into())
    }

    /// The public key of `key`'s signing key (32 bytes).
    pub fn public_key(key: &StampKey) -> [u8; 32] {
        signing_key(key).verifying_key().to_bytes()
    }

    fn message(code: &StampCode) -> String {
        format!("{MESSAGE_PREFIX}{code}")
    }

    /// The signature of `code`, base64url without padding (the URL's `s` parameter).
    pub fn sign(key: &StampKey, code: &StampCode) -> String {
        let signature = signing_key(key).sign(message(code).as_bytes());
        URL_SAFE_NO_PAD.encode(signature.to_bytes())
    }

    /// Whether `signature` (base64url) signs `code` under `public_key` — what a third party
    /// does offline.
    pub fn verify(public_key: &[u8; 32], code: &StampCode, signature: &str) -> bool {
        if signature.len() > MAX_SIGNATURE_CHARS {
            return false;
        }
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(signature) else {
            return false;
        };
        let Ok(bytes) = <[u8; 64]>::try_from(bytes.as_slice()) else {
            return false;
        };
        let Ok(key) = VerifyingKey::from_bytes(public_key) else {
            return false;
        };
        key.verify(message(code).as_bytes(), &Signature::from_bytes(&bytes))
            .is_ok()
    }

    /// Base64url of a public key, as published.
    pub fn encode_key(public_key: &[u8; 32]) -> String {
        URL_SAFE_NO_PAD.encode(public_key)
    }
}

/// Nhãn tem: the size of one printed label, and how many fit an A4 sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LabelSettings {
    pub width_mm: u32,
    pub height_mm: u32,
}

/// A4 portrait, in millimetres.
pub const PAGE_WIDTH_MM: u32 = 210;
pub const PAGE_HEIGHT_MM: u32 = 297;
/// Blank margin around the sheet, which office printers cannot print.
pub const PAGE_MARGIN_MM: u32 = 10;
/// Space between labels, for cutting.
pub const LABEL_GAP_MM: u32 = 2;
/// Height of the text under the QR code: the OCOP mark, the product code and the serial.
pub const LABEL_TEXT_MM: u32 = 9;
/// Smallest label width: a 2 cm QR code. A signed stamp's QR carries the signature too and
/// needs [`MIN_SIGNED_LABEL_MM`].
pub const MIN_LABEL_MM: u32 = 20;
pub const MIN_SIGNED_LABEL_MM: u32 = 32;
/// Largest label side.
pub const MAX_LABEL_MM: u32 = 100;
/// The default label: a 2.4 cm QR code with its text under it.
pub const DEFAULT_LABEL: LabelSettings = LabelSettings {
    width_mm: 24,
    height_mm: 24 + LABEL_TEXT_MM,
};

impl LabelSettings {
    fn fitting(usable: u32, size: u32) -> u32 {
        (usable + LABEL_GAP_MM) / (size + LABEL_GAP_MM)
    }

    pub fn columns(self) -> u32 {
        LabelSettings::fitting(PAGE_WIDTH_MM - 2 * PAGE_MARGIN_MM, self.width_mm)
    }

    pub fn rows(self) -> u32 {
        LabelSettings::fitting(PAGE_HEIGHT_MM - 2 * PAGE_MARGIN_MM, self.height_mm)
    }

    /// Labels on one sheet.
    pub fn per_page(self) -> u32 {
        self.columns() * self.rows()
    }

    /// Side of the QR code square, quiet zone included: the label's width, or less when the
    /// label is too short for it and the text.
    pub fn qr_mm(self) -> u32 {
        self.width_mm.min(self.height_mm - LABEL_TEXT_MM)
    }
}

/// Phát hành tem: what issuing a series submits. Numbers as text, like every input.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct IssueInput {
    /// How many stamps (1–1,000,000).
    pub count: String,
    /// Label width in mm (default 24).
    pub label_width_mm: String,
    /// Label height in mm (default 33).
    pub label_height_mm: String,
}

/// An issue request that passed its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssueRequest {
    pub count: u32,
    pub label: LabelSettings,
}

impl crate::input::InputFields for IssueInput {
    fn fields() -> Vec<crate::input::InputField> {
        use crate::input::{InputField, Shape};
        vec![
            InputField {
                name: "count",
                required: true,
                shape: Shape::Integer {
                    min: 1,
                    max: MAX_SERIES_COUNT,
                },
                description: "Số tem của đợt phát hành (1–1.000.000)",
            },
            InputField {
                name: "label_width_mm",
                required: false,
                shape: Shape::Integer {
                    min: MIN_LABEL_MM,
                    max: MAX_LABEL_MM,
                },
                description: "Chiều rộng nhãn (mm), default 24",
            },
            InputField {
                name: "label_height_mm",
                required: false,
                shape: Shape::Integer {
                    min: MIN_LABEL_MM + LABEL_TEXT_MM,
                    max: MAX_LABEL_MM,
                },
                description: "Chiều cao nhãn (mm), default 33",
            },
        ]
    }
}

#[cfg(feature = "openapi")]
crate::input_schemas!(IssueInput: "Phát hành tem: how many stamps, and the label size");

impl IssueInput {
    /// Checks the count first (the one bound that sizes the work), then the label; `signed`
    /// stamps need the larger label their QR code takes.
    pub fn parse(&self, signed: bool) -> Result<IssueRequest, crate::validation::FieldErrors> {
        use crate::validation::{FieldErrors, invalid};
        let mut errors = FieldErrors::default();
        let number = |raw: &str, label: &str, min: u32, max: u32, default: Option<u32>| {
            let raw = raw.trim();
            if raw.is_empty() {
                return default
                    .ok_or_else(|| invalid("required", format!("{label} không được để trống")));
            }
            match raw.parse::<u64>() {
                Ok(v) if (u64::from(min)..=u64::from(max)).contains(&v) => Ok(v as u32),
                _ => Err(invalid(
                    "out_of_range",
                    format!("{label} phải là số nguyên từ {min} đến {max}"),
                )),
            }
        };
        let count = errors.take(
            "count",
            number(&self.count, "Số tem", 1, MAX_SERIES_COUNT, None),
        );
        let min_width = if signed {
            MIN_SIGNED_LABEL_MM
        } else {
            MIN_LABEL_MM
        };
        let width = errors.take(
            "label_width_mm",
            number(
                &self.label_width_mm,
                "Chiều rộng nhãn (mm)",
                min_width,
                MAX_LABEL_MM,
                Some(DEFAULT_LABEL.width_mm.max(min_width)),
            ),
        );
        let height = errors.take(
            "label_height_mm",
            number(
                &self.label_height_mm,
                "Chiều cao nhãn (mm)",
                MIN_LABEL_MM + LABEL_TEXT_MM,
                MAX_LABEL_MM,
                Some(DEFAULT_LABEL.height_mm.max(min_width + LABEL_TEXT_MM)),
            ),
        );
        if let (Some(width_mm), Some(height_mm)) = (width, height)
            && (LabelSettings {
                width_mm,
                height_mm,
            })
            .qr_mm()
                < min_width
        {
            errors.add(
                "label_height_mm",
                "too_small",
                format!(
                    "Nhãn phải cao ít nhất {} mm để in mã QR {min_width} mm và dòng chữ",
                    min_width + LABEL_TEXT_MM
                ),
            );
        }
        match (count, width, height) {
            (Some(count), Some(width_mm), Some(height_mm)) if errors.is_empty() => {
                Ok(IssueRequest {
                    count,
                    label: LabelSettings {
                        width_mm,
                        height_mm,
                    },
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: u8, fill: u8) -> StampKey {
        StampKey::new(KeyId::new(id).unwrap(), [fill; 32])
    }

    #[test]
    fn issue_input_is_bounded_and_names_the_field() {
        let input = |count: &str, w: &str, h: &str| IssueInput {
            count: count.into(),
            label_width_mm: w.into(),
            label_height_mm: h.into(),
        };
        let ok = input("100", "", "").parse(false).unwrap();
        assert_eq!((ok.count, ok.label), (100, DEFAULT_LABEL));
        assert_eq!((DEFAULT_LABEL.columns(), DEFAULT_LABEL.rows()), (7, 7));
        for (bad, field) in [
            (input("0", "", ""), "count"),
            (input("1000001", "", ""), "count"),
            (input("99999999999999999999", "", ""), "count"),
            (input("", "", ""), "count"),
            (input("5", "19", ""), "label_width_mm"),
            (input("5", "101", ""), "label_width_mm"),
            (input("5", "30", "25"), "label_height_mm"),
        ] {
            let errors = bad.parse(false).unwrap_err();
            assert!(errors.get(field).is_some(), "{bad:?}: {errors}");
        }
        // A signed stamp's QR code needs a larger label.
        assert!(input("5", "24", "").parse(true).is_err());
        let signed = input("5", "", "").parse(true).unwrap();
        assert_eq!(signed.label.qr_mm(), MIN_SIGNED_LABEL_MM);
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let k = key(3, 0xAB);
        let shown = format!("{k:?} {:?}", KeyRing::new(vec![k.clone()], Some(k.id)));
        assert!(!shown.contains("171"), "{shown}");
        assert!(!shown.to_lowercase().contains("abab"), "{shown}");
        assert!(shown.contains("redacted"));
    }

    #[test]
    fn a_codes_text_is_its_display() {
        let k = key(2, 5);
        for index in [0, 1, 49] {
            let code = StampCode::issue(&k, 31, index);
            assert_eq!(&*code.text(), code.to_string());
            assert_eq!(code.text().len(), CODE_CHARS);
        }
    }

    #[test]
    fn the_permutation_runs_backwards() {
        let k = key(0, 7);
        for (series, index) in [(0, 0), (1, 0), (MAX_SERIES_NO, MAX_INDEX), (12345, 999_999)] {
            let serial = k.permute(series, index, None);
            assert!(serial < 1 << 50);
            assert_eq!(k.unpermute(serial), (series, index));
        }
    }

    #[test]
    fn bulk_issue_equals_one_by_one() {
        let k = key(1, 9);
        let bulk: Vec<_> = SeriesCodes::new(&k, 77, 50).collect();
        for (i, code) in bulk.iter().enumerate() {
            assert_eq!(*code, StampCode::issue(&k, 77, i as u32));
        }
        let part: Vec<_> = SeriesCodes::range(&k, 77, 20, 30).collect();
        assert_eq!(part, bulk[20..30]);
    }

    #[test]
    fn a_code_prints_as_an_upper_case_url() {
        let code = StampCode::issue(&key(2, 1), 5, 6);
        let url = code.to_url("ocop.example.vn");
        assert!(url.starts_with("HTTPS://OCOP.EXAMPLE.VN/V/"));
        assert_eq!(url.len(), "HTTPS://OCOP.EXAMPLE.VN/V/".len() + CODE_CHARS);
        assert_eq!(code.tag().chars().next(), Some('2'));
    }
}
