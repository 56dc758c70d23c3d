//! Plastic cards' scratch codes, kept only as keyed MACs: a copy of the database does not give
//! away the six digits that prove someone holds a card (they are few enough to try them all
//! against a plain hash, but not without the key).

use crate::keys::{constant_time_eq, mac};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

const SCHEME: &str = "hmac-sha256:";

/// The stored form of card `card_no`'s scratch code `code`, bound to the card so one card's
/// row cannot be copied to another.
pub fn seal_code(key: &[u8; 32], card_no: &str, code: &str) -> String {
    let tag = mac(key, &[b"card-scratch-code", card_no.as_bytes(), code.as_bytes()]);
    format!("{SCHEME}{}", URL_SAFE_NO_PAD.encode(tag))
}

/// Whether `code` is card `card_no`'s scratch code, given its stored form. Compared in
/// constant time; anything not sealed (a legacy plain code) never matches.
pub fn code_matches(key: &[u8; 32], card_no: &str, code: &str, stored: &str) -> bool {
    // Both sides are always computed, so an unknown card (empty `stored`) takes the same time.
    let expected = seal_code(key, card_no, code);
    is_sealed(stored) & constant_time_eq(expected.as_bytes(), stored.as_bytes())
}

/// Whether a stored code is already sealed (a legacy row holds the plain six digits).
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(SCHEME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_code_matches_only_its_own_code_card_and_key() {
        let key = [7u8; 32];
        let stored = seal_code(&key, "6200000000000001", "100001");
        assert!(is_sealed(&stored) && !stored.contains("100001"));
        assert!(code_matches(&key, "6200000000000001", "100001", &stored));
        assert!(!code_matches(&key, "6200000000000001", "100002", &stored));
        assert!(!code_matches(&key, "6200000000000002", "100001", &stored));
        assert!(!code_matches(&[8u8; 32], "6200000000000001", "100001", &stored));
        assert!(!code_matches(&key, "6200000000000001", "100001", "100001"), "plain codes never match");
    }
}
