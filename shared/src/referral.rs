//! Member referrals (推广码): every member has a code to share; a new member who registers with
//! it is attributed to them, and when that new member's first order is paid within
//! [`WINDOW_DAYS`] of joining, the referrer earns [`REFERRER_POINTS`] points, once per new member.
//!
//! A code is the referrer's serial and a six-digit HMAC tag (`10000001-482913`), so codes cannot
//! be made up by counting serials.

use crate::keys::mac;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Points a referrer earns for each referred member's first paid order.
pub const REFERRER_POINTS: u64 = 500;
/// Days after joining in which the first paid order counts.
pub const WINDOW_DAYS: i64 = 30;

fn tag(key: &[u8], serial: u32) -> u32 {
    let d = mac(key, &[b"referral", &serial.to_be_bytes()]);
    u32::from_be_bytes([d[0], d[1], d[2], d[3]]) % 1_000_000
}

/// The code of the member with `serial`.
pub fn code_for(key: &[u8], serial: u32) -> String {
    format!("{serial:08}-{:06}", tag(key, serial))
}

/// Why a referral code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReferralError {
    /// Not 14 digits.
    #[error("a referral code is 8 digits, a dash and 6 digits")]
    Malformed,
    /// The tag does not match.
    #[error("this referral code is not valid")]
    Forged,
}

/// The referrer's serial in a code (spaces and dashes ignored).
pub fn read(key: &[u8], code: &str) -> Result<u32, ReferralError> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if digits.len() != 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ReferralError::Malformed);
    }
    let serial: u32 = digits[..8].parse().map_err(|_| ReferralError::Malformed)?;
    let given: u32 = digits[8..].parse().map_err(|_| ReferralError::Malformed)?;
    if crate::keys::constant_time_eq_u32(given, tag(key, serial)) { Ok(serial) } else { Err(ReferralError::Forged) }
}

/// Whether a referred member who joined at `joined` earns their referrer points with a first
/// order paid at `paid_at`.
pub fn earns(joined: DateTime<Utc>, paid_at: DateTime<Utc>) -> bool {
    paid_at >= joined && paid_at - joined <= Duration::days(WINDOW_DAYS)
}

/// `GET /api/me/referrals`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralSummary {
    /// The member's code.
    pub code: String,
    /// The path a new member registers through (`/member?ref=…`).
    pub link: String,
    /// Members who registered with the code.
    pub invited: u32,
    /// Of those, the ones whose first paid order earned points.
    pub rewarded: u32,
    /// Points earned so far.
    pub points_earned: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_back_and_a_made_up_one_does_not() {
        let code = code_for(b"key", 10_000_001);
        assert_eq!(code.len(), 15);
        assert_eq!(read(b"key", &code), Ok(10_000_001));
        assert_eq!(read(b"key", &code.replace('-', " ")), Ok(10_000_001));
        assert_eq!(read(b"other", &code), Err(ReferralError::Forged));
        let next = format!("10000002{}", &code[8..]);
        assert_eq!(read(b"key", &next), Err(ReferralError::Forged), "counting serials does not work");
        assert_eq!(read(b"key", "1234"), Err(ReferralError::Malformed));
        assert_eq!(read(b"key", "1000000A-123456"), Err(ReferralError::Malformed));
    }

    #[test]
    fn only_a_first_order_within_the_window_earns() {
        let joined: DateTime<Utc> = "2026-11-01T00:00:00Z".parse().unwrap();
        assert!(earns(joined, joined + Duration::days(WINDOW_DAYS)));
        assert!(!earns(joined, joined + Duration::days(WINDOW_DAYS) + Duration::seconds(1)));
        assert!(!earns(joined, joined - Duration::seconds(1)));
    }
}
