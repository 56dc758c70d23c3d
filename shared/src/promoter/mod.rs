//! Promoters (推广员): every staff member has a promoter code to show as a QR code. A customer
//! who registers through it is the promoter's for good: the new member gets two gift coupons
//! ([`new_customer_gifts`]: 1000 fen off the first order, 500 off the second), and the promoter
//! earns a commission on that member's first two paid orders ([`commission`]).
//!
//! A code is `P-` + the staff number + a six-digit HMAC tag (`P-G1001-482913`): a code cannot
//! be made up from a staff number, and one that reads but names nobody is refused before any
//! account exists.

pub mod commission;
mod gifts;

pub use commission::{
    Change, Commission, CommissionKind, CommissionStatus, MonthLine, OrderEvent, PromotedCustomer, month_of,
    parse_month, statement, sum,
};
pub use gifts::{GIFT_VALID_DAYS, NewCustomerGift, new_customer_gifts};

use crate::keys::{constant_time_eq_u32, mac};

/// The longest staff number a code carries.
const MAX_STAFF_LEN: usize = 16;

fn tag(key: &[u8], staff: &str) -> u32 {
    let d = mac(key, &[b"promoter", staff.as_bytes()]);
    u32::from_be_bytes([d[0], d[1], d[2], d[3]]) % 1_000_000
}

/// Why a promoter code was refused (`POST /api/members` answers 422 `INVALID`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PromoterCodeError {
    /// Not `P-<staff number>-<6 digits>`.
    #[error("a promoter code is P-, a staff number, a dash and 6 digits")]
    Malformed,
    /// The tag does not match the staff number.
    #[error("this promoter code is not valid")]
    Forged,
    /// The code is genuine but names no current staff member.
    #[error("this promoter code belongs to no one")]
    Unknown,
}

/// A genuine promoter code: its tag was checked against the deployment's key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromoterCode {
    staff: String,
}

impl PromoterCode {
    /// The code of staff member `staff` (`G1001` → `P-G1001-482913`).
    pub fn for_staff(key: &[u8], staff: &str) -> String {
        let staff = staff.trim().to_ascii_uppercase();
        format!("P-{staff}-{:06}", tag(key, &staff))
    }

    /// Reads a code as typed or scanned (case and surrounding spaces ignored) and checks its tag.
    pub fn parse(key: &[u8], text: &str) -> Result<PromoterCode, PromoterCodeError> {
        let text = text.trim().to_ascii_uppercase();
        let rest = text.strip_prefix("P-").ok_or(PromoterCodeError::Malformed)?;
        let (staff, digits) = rest.rsplit_once('-').ok_or(PromoterCodeError::Malformed)?;
        let staff_ok = (1..=MAX_STAFF_LEN).contains(&staff.len()) && staff.bytes().all(|b| b.is_ascii_alphanumeric());
        if !staff_ok || digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PromoterCodeError::Malformed);
        }
        let given: u32 = digits.parse().map_err(|_| PromoterCodeError::Malformed)?;
        if !constant_time_eq_u32(given, tag(key, staff)) {
            return Err(PromoterCodeError::Forged);
        }
        Ok(PromoterCode { staff: staff.to_owned() })
    }

    /// Accepts the code only if its staff member exists (the caller looked the number up).
    pub fn known(self, staff_exists: bool) -> Result<PromoterCode, PromoterCodeError> {
        if staff_exists { Ok(self) } else { Err(PromoterCodeError::Unknown) }
    }

    /// The promoter's staff number.
    pub fn staff(&self) -> &str {
        &self.staff
    }
}

/// The share link of a promoter code (the app's registration screen reads `promoter`).
pub fn share_link(code: &str) -> String {
    format!("/member?promoter={code}")
}

#[cfg(test)]
mod tests;
