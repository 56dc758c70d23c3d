//! The dynamic member code: what the member card shows as a QR code and a barcode.
//!
//! A fixed code printed on a card, or a screenshot of one, could be used by anyone who sees it
//! to spend the card's stored value. So the code is TOTP-like (RFC 6238 ideas): it is an HMAC
//! over the member and the current 30-second time step, accepted for that step and one step of
//! grace, and it **works once**: the member's own Durable Object records each (step, issue)
//! pair it accepted, and a fresh code (a new issue number in the same step) is handed out after
//! one was used.
//!
//! Layout, 18 digits: `SSSSSSSS TTT I MMMMMM`
//! * `S` member serial (8 digits), so the counter knows whose object to ask;
//! * `T` the time step modulo 1000 (the server restores the full step from its own clock);
//! * `I` the issue number within the step (0–9);
//! * `M` six digits of HMAC-SHA256(member-code key, serial, step, issue).
//!
//! A code whose step lies more than ~8 hours back restores to another step and fails its
//! HMAC: it reads as unknown rather than expired, which is fine for a counter.

use crate::keys::mac;
use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Seconds in one time step.
pub const STEP_SECS: i64 = 30;
/// Issue numbers per step (one digit).
pub const ISSUES_PER_STEP: u8 = 10;
/// Digits in a code.
pub const CODE_LEN: usize = 18;
/// The smallest and largest member serials the code can carry.
pub const SERIALS: std::ops::RangeInclusive<u32> = 10_000_000..=99_999_999;

/// The step `now` falls in.
pub fn step_of(now: DateTime<Utc>) -> i64 {
    now.timestamp().div_euclid(STEP_SECS)
}

/// When a step starts.
pub fn step_start(step: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(step * STEP_SECS, 0).single().unwrap_or_default()
}

/// How long a member waits for fresh codes once every code of the step at `now` was used:
/// until the next step starts.
pub fn until_next_step(now: DateTime<Utc>) -> chrono::Duration {
    step_start(step_of(now) + 1) - now
}

/// Why no code was issued: every code of the step was used (429, retry after
/// [`OutOfCodes::wait_secs`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("ten codes were used in this 30 s step; the next comes in {wait_secs} s")]
pub struct OutOfCodes {
    wait_secs: u64,
}

impl OutOfCodes {
    /// Out of codes at `now`: the wait runs to the next step, at least 1 s.
    pub fn at(now: DateTime<Utc>) -> OutOfCodes {
        OutOfCodes { wait_secs: until_next_step(now).num_seconds().max(1) as u64 }
    }
    /// Seconds until fresh codes.
    pub fn wait_secs(&self) -> u64 {
        self.wait_secs
    }
}

/// A code as handed to the member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCode {
    /// The 18 digits.
    pub code: String,
    /// When the app should show the next code (end of this step).
    pub expires_at: DateTime<Utc>,
    /// When the counter stops accepting it (end of the grace step).
    pub valid_until: DateTime<Utc>,
}

/// What a scanned code says, once its HMAC checked out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScannedCode {
    /// The member's serial.
    pub serial: u32,
    /// The full time step.
    pub step: i64,
    /// The issue number.
    pub issue: u8,
}

/// Why a scanned code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Not a code we made: wrong shape, forged, or from the future.
    #[error("this is not a valid member code")]
    NotFound,
    /// A real code whose step and grace step have passed.
    #[error("this member code has expired; ask for a fresh one")]
    Expired,
    /// Already accepted once.
    #[error("this member code was already used")]
    Used,
}

impl From<CodeError> for crate::ApiError {
    fn from(e: CodeError) -> crate::ApiError {
        let code = match e {
            CodeError::NotFound => crate::ErrorCode::NotFound,
            CodeError::Expired => crate::ErrorCode::CodeExpired,
            CodeError::Used => crate::ErrorCode::CodeUsed,
        };
        crate::ApiError::new(code, e.to_string())
    }
}

fn check_digits(key: &[u8], serial: u32, step: i64, issue: u8) -> u32 {
    let m = mac(key, &[b"member-code", &serial.to_be_bytes(), &step.to_be_bytes(), &[issue]]);
    u32::from_be_bytes([m[0] & 0x7f, m[1], m[2], m[3]]) % 1_000_000
}

/// Makes the code for `serial` in `step` with issue number `issue` (0–9).
pub fn issue(key: &[u8], serial: u32, step: i64, issue: u8) -> IssuedCode {
    let issue = issue % ISSUES_PER_STEP;
    IssuedCode {
        code: format!("{serial:08}{:03}{issue}{:06}", step.rem_euclid(1000), check_digits(key, serial, step, issue)),
        expires_at: step_start(step + 1),
        valid_until: step_start(step + 2),
    }
}

/// Reads a scanned code at `now`: checks shape, HMAC and age (not single use: that is
/// [`UsedCodes::consume`]'s job, in the member's object).
pub fn read(key: &[u8], code: &str, now: DateTime<Utc>) -> Result<ScannedCode, CodeError> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != CODE_LEN || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CodeError::NotFound);
    }
    let num = |r: std::ops::Range<usize>| digits[r].parse::<u64>().map_err(|_| CodeError::NotFound);
    let serial = num(0..8)? as u32;
    let low = num(8..11)? as i64;
    let issue = num(11..12)? as u8;
    let check = num(12..18)? as u32;
    let now_step = step_of(now);
    // The latest step not after now whose last three digits are `low`.
    let step = now_step - (now_step - low).rem_euclid(1000);
    if !SERIALS.contains(&serial) || !crate::keys::constant_time_eq_u32(check_digits(key, serial, step, issue), check) {
        return Err(CodeError::NotFound);
    }
    if now_step - step > 1 {
        return Err(CodeError::Expired);
    }
    Ok(ScannedCode { serial, step, issue })
}

/// The (step, issue) pairs a member's codes were accepted with, kept for as long as they could
/// still be presented.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsedCodes {
    used: BTreeSet<(i64, u8)>,
}

impl UsedCodes {
    /// The issue number to hand out for `step`: the first not yet used. `None` after ten
    /// uses within 30 seconds (the member waits for the next step).
    pub fn next_issue(&self, step: i64) -> Option<u8> {
        (0..ISSUES_PER_STEP).find(|i| !self.used.contains(&(step, *i)))
    }

    /// Accepts a scanned code once. Forgets pairs too old to be presented again.
    pub fn consume(&mut self, scanned: ScannedCode, now: DateTime<Utc>) -> Result<(), CodeError> {
        let oldest_live = step_of(now) - 1;
        self.used.retain(|(step, _)| *step >= oldest_live);
        if self.used.insert((scanned.step, scanned.issue)) { Ok(()) } else { Err(CodeError::Used) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KEY: &[u8] = b"member-code-test-key";
    fn at(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(secs, 0).single().unwrap()
    }
    const T0: i64 = 1_800_000_000; // a step boundary (divisible by 30)

    #[test]
    fn refusals_map_to_the_api_codes() {
        use crate::{ApiError, ErrorCode as E};
        let cases = [
            (CodeError::NotFound, E::NotFound, 404),
            (CodeError::Expired, E::CodeExpired, 409),
            (CodeError::Used, E::CodeUsed, 409),
        ];
        for (e, code, status) in cases {
            let api = ApiError::from(e);
            assert_eq!((api.code(), api.status(), api.error.message), (code, status, e.to_string()));
        }
    }

    #[test]
    fn a_member_out_of_codes_waits_until_the_next_step_starts() {
        assert_eq!(until_next_step(at(T0)).num_seconds(), STEP_SECS);
        assert_eq!(until_next_step(at(T0 + 29)).num_seconds(), 1);
    }

    #[test]
    fn out_of_codes_says_how_long_to_wait() {
        let out = OutOfCodes::at(at(T0 + 12));
        assert_eq!(out.wait_secs(), 18);
        assert_eq!(out.to_string(), "ten codes were used in this 30 s step; the next comes in 18 s");
        let late = at(T0 + 29) + chrono::Duration::milliseconds(900);
        assert_eq!(OutOfCodes::at(late).wait_secs(), 1, "never less than a second");
    }

    #[test]
    fn a_code_is_accepted_in_its_step_and_one_step_of_grace() {
        let c = issue(KEY, 10_000_001, step_of(at(T0)), 0);
        assert_eq!(c.code.len(), CODE_LEN);
        assert!(c.code.starts_with("10000001"));
        assert_eq!(c.expires_at, at(T0 + 30));
        assert_eq!(c.valid_until, at(T0 + 60));
        for t in [T0, T0 + 29, T0 + 30, T0 + 59] {
            assert_eq!(read(KEY, &c.code, at(t)).map(|s| s.serial), Ok(10_000_001), "at +{}", t - T0);
        }
        assert_eq!(read(KEY, &c.code, at(T0 + 60)), Err(CodeError::Expired));
        assert_eq!(read(KEY, &c.code, at(T0 + 3600)), Err(CodeError::Expired));
    }

    #[test]
    fn forged_malformed_and_future_codes_are_unknown() {
        let c = issue(KEY, 10_000_001, step_of(at(T0)), 0);
        let mut forged = c.code.clone().into_bytes();
        forged[17] = if forged[17] == b'9' { b'0' } else { forged[17] + 1 };
        assert_eq!(read(KEY, std::str::from_utf8(&forged).unwrap(), at(T0)), Err(CodeError::NotFound));
        assert_eq!(read(b"another key", &c.code, at(T0)), Err(CodeError::NotFound));
        let other_member = format!("10000002{}", &c.code[8..]);
        assert_eq!(read(KEY, &other_member, at(T0)), Err(CodeError::NotFound));
        for bad in ["", "123", "1000000100000000000", "10000001000a000000"] {
            assert_eq!(read(KEY, bad, at(T0)), Err(CodeError::NotFound), "{bad}");
        }
        let future = issue(KEY, 10_000_001, step_of(at(T0)) + 1, 0);
        assert_eq!(read(KEY, &future.code, at(T0)), Err(CodeError::NotFound));
    }

    #[test]
    fn a_code_works_once_and_the_next_issue_is_fresh() {
        let mut used = UsedCodes::default();
        let step = step_of(at(T0));
        let first = issue(KEY, 10_000_001, step, used.next_issue(step).unwrap());
        let scanned = read(KEY, &first.code, at(T0 + 5)).unwrap();
        assert_eq!(used.consume(scanned, at(T0 + 5)), Ok(()));
        assert_eq!(used.consume(scanned, at(T0 + 6)), Err(CodeError::Used), "a screenshot is worthless");
        assert_eq!(used.consume(scanned, at(T0 + 40)), Err(CodeError::Used), "also in the grace step");
        let second = issue(KEY, 10_000_001, step, used.next_issue(step).unwrap());
        assert_ne!(second.code, first.code);
        assert_eq!(used.consume(read(KEY, &second.code, at(T0 + 7)).unwrap(), at(T0 + 7)), Ok(()));
    }

    #[test]
    fn ten_uses_in_one_step_exhaust_the_issues_and_old_pairs_are_forgotten() {
        let mut used = UsedCodes::default();
        let step = step_of(at(T0));
        for i in 0..ISSUES_PER_STEP {
            used.consume(ScannedCode { serial: 10_000_001, step, issue: i }, at(T0)).unwrap();
        }
        assert_eq!(used.next_issue(step), None);
        assert_eq!(used.next_issue(step + 1), Some(0));
        used.consume(ScannedCode { serial: 10_000_001, step: step + 5, issue: 0 }, at(T0 + 150)).unwrap();
        assert_eq!(used.used.len(), 1, "pairs of past steps were pruned");
    }

    proptest! {
        /// Whatever the instant, a fresh code reads back as itself within its window, and a
        /// code read back at any other step of the ±8 h range is expired or unknown.
        #[test]
        fn codes_round_trip_at_any_time(t in 0i64..4_000_000_000, serial in 10_000_000u32..=99_999_999, i in 0u8..10, later in 0i64..2000) {
            let step = step_of(at(t));
            let c = issue(KEY, serial, step, i);
            prop_assert_eq!(read(KEY, &c.code, at(t)), Ok(ScannedCode { serial, step, issue: i }));
            let r = read(KEY, &c.code, at(t + later * STEP_SECS));
            if later <= 1 { prop_assert!(r.is_ok()); } else { prop_assert!(r.is_err()); }
        }
    }
}
