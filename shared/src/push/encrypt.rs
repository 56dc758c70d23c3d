//! RFC 8291 message encryption: one `aes128gcm` record (RFC 8188) keyed by ECDH between a
//! fresh sender key and the browser's key, mixed with the browser's authentication secret.
//!
//! ```text
//! ecdh_secret = ECDH(as_private, ua_public)
//! IKM   = HKDF(salt = auth_secret, ikm = ecdh_secret, info = "WebPush: info" 0x00 ua_public as_public, 32)
//! PRK   = HKDF-Extract(salt, IKM)
//! CEK   = HKDF-Expand(PRK, "Content-Encoding: aes128gcm" 0x00, 16)
//! NONCE = HKDF-Expand(PRK, "Content-Encoding: nonce" 0x00, 12)
//! body  = salt(16) rs(4) idlen(1)=65 as_public(65) AES-128-GCM(CEK, NONCE, plaintext 0x02 0x00*pad)
//! ```

use super::Subscription;
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use hkdf::Hkdf;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use sha2::Sha256;

/// The record size announced in the header: one record of at most 4096 octets.
pub const RECORD_SIZE: u32 = 4096;
/// The most plaintext (with padding) one message carries: 4096 less the 86-octet header, the
/// 16-octet tag and the delimiter (RFC 8291 §4).
pub const MAX_PLAINTEXT: usize = 3993;
const HEADER: usize = 16 + 4 + 1 + 65;
const TAG: usize = 16;

/// The sender's one-use key pair for a message (`as_private` in RFC 8291), drawn by the caller
/// from a secure source for every message and never reused.
#[derive(Clone)]
pub struct EphemeralKey {
    secret: SecretKey,
}

impl EphemeralKey {
    /// Reads a 32-byte private scalar; `None` if it is zero or not below the curve order.
    pub fn from_bytes(bytes: &[u8; 32]) -> Option<EphemeralKey> {
        SecretKey::from_slice(bytes).ok().map(|secret| EphemeralKey { secret })
    }

    /// The public half, uncompressed (65 octets, `0x04 || x || y`).
    pub fn public_bytes(&self) -> [u8; 65] {
        uncompressed(&self.secret.public_key())
    }
}

/// Why a message could not be encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EncryptError {
    /// Plaintext and padding exceed [`MAX_PLAINTEXT`].
    #[error("a push message carries at most {MAX_PLAINTEXT} octets")]
    TooLong,
}

/// Why a body could not be opened (the receiving side, used by tests and a local push service).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// Shorter than a header and a tag, or the key id is not a P-256 point.
    #[error("not an aes128gcm body")]
    Malformed,
    /// The tag does not verify: wrong keys, or the body was altered.
    #[error("the message does not decrypt")]
    Forged,
    /// The record is not the last one (`0x02` delimiter missing).
    #[error("the record has no final delimiter")]
    NoDelimiter,
}

pub(super) fn uncompressed(key: &PublicKey) -> [u8; 65] {
    let point = key.to_encoded_point(false);
    let mut out = [0u8; 65];
    out.copy_from_slice(point.as_bytes());
    out
}

/// The key schedule's values, each of which RFC 8291 Appendix A prints. Only the key and nonce
/// encrypt; the rest are kept so the tests can check every step against the RFC.
#[cfg_attr(not(test), allow(dead_code))]
pub(super) struct Schedule {
    pub(super) ecdh_secret: [u8; 32],
    pub(super) ikm: [u8; 32],
    pub(super) prk: [u8; 32],
    pub(super) cek: [u8; 16],
    pub(super) nonce: [u8; 12],
}

pub(super) fn key_info(ua_public: &[u8; 65], as_public: &[u8; 65]) -> Vec<u8> {
    [b"WebPush: info\0".as_slice(), ua_public, as_public].concat()
}

pub(super) fn schedule(
    own: &SecretKey,
    peer: &PublicKey,
    auth: &[u8; 16],
    ua_public: &[u8; 65],
    as_public: &[u8; 65],
    salt: &[u8; 16],
) -> Schedule {
    let shared = p256::ecdh::diffie_hellman(own.to_nonzero_scalar(), peer.as_affine());
    let mut ecdh_secret = [0u8; 32];
    ecdh_secret.copy_from_slice(shared.raw_secret_bytes());
    // Output lengths below are far under HKDF's 255 × 32 limit, so `expand` cannot fail.
    let expand = |hk: &Hkdf<Sha256>, info: &[u8], out: &mut [u8]| {
        hk.expand(info, out).unwrap_or_else(|_| unreachable!("short HKDF output"));
    };
    let mut ikm = [0u8; 32];
    expand(&Hkdf::<Sha256>::new(Some(auth), &ecdh_secret), &key_info(ua_public, as_public), &mut ikm);
    let (prk_bytes, hk) = Hkdf::<Sha256>::extract(Some(salt), &ikm);
    let mut prk = [0u8; 32];
    prk.copy_from_slice(&prk_bytes);
    let (mut cek, mut nonce) = ([0u8; 16], [0u8; 12]);
    expand(&hk, b"Content-Encoding: aes128gcm\0", &mut cek);
    expand(&hk, b"Content-Encoding: nonce\0", &mut nonce);
    Schedule { ecdh_secret, ikm, prk, cek, nonce }
}

/// Encrypts `plaintext` for `to` with the one-use `key` and `salt` (16 random octets), adding
/// `padding` zero octets to hide the length. Returns the request body (`Content-Encoding:
/// aes128gcm`).
pub fn encrypt(
    to: &Subscription,
    plaintext: &[u8],
    padding: usize,
    key: &EphemeralKey,
    salt: &[u8; 16],
) -> Result<Vec<u8>, EncryptError> {
    if plaintext.len().saturating_add(padding) > MAX_PLAINTEXT {
        return Err(EncryptError::TooLong);
    }
    let (ua_public, as_public) = (uncompressed(to.public_key()), key.public_bytes());
    let s = schedule(&key.secret, to.public_key(), to.auth_secret(), &ua_public, &as_public, salt);
    let mut record = Vec::with_capacity(plaintext.len() + 1 + padding);
    record.extend_from_slice(plaintext);
    record.push(2); // the last (and only) record
    record.resize(plaintext.len() + 1 + padding, 0);
    // AES-GCM fails only beyond 64 GiB of input; the length was checked above.
    let cipher = Aes128Gcm::new_from_slice(&s.cek).unwrap_or_else(|_| unreachable!("16-octet key"));
    let sealed = cipher.encrypt(Nonce::from_slice(&s.nonce), record.as_slice()).map_err(|_| EncryptError::TooLong)?;
    let mut body = Vec::with_capacity(HEADER + sealed.len());
    body.extend_from_slice(salt);
    body.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    body.push(65);
    body.extend_from_slice(&as_public);
    body.extend_from_slice(&sealed);
    Ok(body)
}

/// Opens a single-record body as the browser does, with its private key `ua` and `auth` secret;
/// returns the plaintext without delimiter and padding.
pub fn open(body: &[u8], ua: &SecretKey, auth: &[u8; 16]) -> Result<Vec<u8>, OpenError> {
    if body.len() < HEADER + TAG || body[20] != 65 {
        return Err(OpenError::Malformed);
    }
    let mut salt = [0u8; 16];
    salt.copy_from_slice(&body[..16]);
    let mut as_public = [0u8; 65];
    as_public.copy_from_slice(&body[21..HEADER]);
    let sender = PublicKey::from_sec1_bytes(&as_public).map_err(|_| OpenError::Malformed)?;
    let ua_public = uncompressed(&ua.public_key());
    let s = schedule(ua, &sender, auth, &ua_public, &as_public, &salt);
    let cipher = Aes128Gcm::new_from_slice(&s.cek).unwrap_or_else(|_| unreachable!("16-octet key"));
    let mut plain = cipher.decrypt(Nonce::from_slice(&s.nonce), &body[HEADER..]).map_err(|_| OpenError::Forged)?;
    while plain.last() == Some(&0) {
        plain.pop();
    }
    match plain.pop() {
        Some(2) => Ok(plain),
        _ => Err(OpenError::NoDelimiter),
    }
}
