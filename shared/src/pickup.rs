//! Pickup codes: what a customer shows to collect a paid order. The order's pickup number
//! followed by six digits of HMAC, so codes cannot be guessed from the sequence of numbers.

use crate::ids::OrderId;
use crate::keys::mac;

/// The code a customer shows to collect an order: the order's pickup number followed by six
/// digits of HMAC, so codes cannot be guessed from the sequence of numbers.
pub fn pickup_code(key: &[u8], order: &OrderId, pickup_no: u64) -> String {
    format!("{pickup_no:06}{:06}", pickup_check(key, order, pickup_no))
}

fn pickup_check(key: &[u8], order: &OrderId, pickup_no: u64) -> u32 {
    let m = mac(key, &[b"pickup", order.as_str().as_bytes(), &pickup_no.to_be_bytes()]);
    u32::from_be_bytes([m[0] & 0x7f, m[1], m[2], m[3]]) % 1_000_000
}

/// The pickup number a typed or scanned code claims (to look the order up), if it is shaped
/// like a code at all.
pub fn pickup_number(code: &str) -> Option<u64> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if !(12..=16).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits[..digits.len() - 6].parse().ok()
}

/// Whether `code` is the genuine code of `order` (looked up by its pickup number).
pub fn pickup_code_matches(key: &[u8], order: &OrderId, pickup_no: u64, code: &str) -> bool {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    crate::keys::constant_time_eq(digits.as_bytes(), pickup_code(key, order, pickup_no).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pickup_codes_verify_only_for_their_order() {
        let o1 = OrderId::parse("O1").unwrap();
        let o2 = OrderId::parse("O2").unwrap();
        let code = pickup_code(b"k", &o1, 100_001);
        assert_eq!(code.len(), 12);
        assert_eq!(pickup_number(&code), Some(100_001));
        assert!(pickup_code_matches(b"k", &o1, 100_001, &code));
        assert!(pickup_code_matches(b"k", &o1, 100_001, &format!("{} {}", &code[..6], &code[6..])));
        assert!(!pickup_code_matches(b"k", &o2, 100_001, &code));
        assert!(!pickup_code_matches(b"other", &o1, 100_001, &code));
        assert_eq!(pickup_number("12345"), None);
        assert_eq!(pickup_number("12345678901a"), None);
    }
}
