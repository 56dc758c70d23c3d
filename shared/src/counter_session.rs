//! A counter session: a guide identifies a customer by their member code (which is spent on
//! that scan), and the answer carries a short-lived token naming that member, that guide and
//! their store. The counter's next call for the same customer (a charge to stored value) takes
//! the token instead of a second code, so the customer does not show their phone again for
//! every step. The token is signed (HMAC with its own key, derived from the session-token key),
//! works only for the guide it was given to, at their store, and only for a few minutes.
//!
//! Token: `member.staff.store.expiry(unix s).base64url(HMAC)`; ids never contain a dot.

use crate::keys::{constant_time_eq, mac};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How long a counter session lasts after the customer was identified.
pub const COUNTER_SESSION_TTL: Duration = Duration::minutes(5);

/// Why a counter-session token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CounterSessionError {
    /// Not a token of this shape, or its signature does not match.
    #[error("this is not a valid counter session")]
    Invalid,
    /// Issued to another guide, or at another store.
    #[error("this counter session belongs to another guide")]
    OtherStaff,
    /// Past its expiry: identify the customer again.
    #[error("the counter session has ended; scan the member code again")]
    Expired,
}

/// An ended session is 409 `CODE_EXPIRED` (scan again); any other refusal is 422 `INVALID`
/// naming `counter_token`.
impl From<CounterSessionError> for crate::ApiError {
    fn from(e: CounterSessionError) -> crate::ApiError {
        match e {
            CounterSessionError::Expired => crate::ApiError::new(crate::ErrorCode::CodeExpired, e.to_string()),
            CounterSessionError::Invalid | CounterSessionError::OtherStaff => {
                crate::ApiError::invalid(format!("counter_token: {e}"))
            }
        }
    }
}

/// A customer identified at a guide's counter, until `expires_at`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CounterSession {
    member_id: String,
    staff_id: String,
    store_id: String,
    expires_at: DateTime<Utc>,
}

/// What the verify answer hands the console: the token and when it ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterTicket {
    /// The signed token the follow-up calls send as `counter_token`.
    pub token: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

impl CounterTicket {
    /// Whether the console may still offer the session at `now` (the server decides).
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        now < self.expires_at
    }

    /// Whole seconds left at `now` (0 once ended).
    pub fn seconds_left(&self, now: DateTime<Utc>) -> i64 {
        (self.expires_at - now).num_seconds().max(0)
    }
}

/// The key counter sessions are signed with, kept apart from the session tokens' own.
fn session_key(token_key: &[u8]) -> [u8; 32] {
    mac(token_key, &[b"counter-session"])
}

fn signature(token_key: &[u8], body: &str) -> String {
    B64.encode(mac(&session_key(token_key), &[body.as_bytes()]))
}

impl CounterSession {
    /// A session for `member_id` at `staff_id`'s counter in `store_id`, opened at `now`.
    pub fn open(member_id: &str, staff_id: &str, store_id: &str, now: DateTime<Utc>) -> Self {
        Self {
            member_id: member_id.to_owned(),
            staff_id: staff_id.to_owned(),
            store_id: store_id.to_owned(),
            expires_at: now + COUNTER_SESSION_TTL,
        }
    }

    /// The member it identifies.
    pub fn member_id(&self) -> &str {
        &self.member_id
    }

    /// The signed ticket for the console (`token_key`: the session-token key).
    pub fn ticket(&self, token_key: &[u8]) -> CounterTicket {
        let body = format!("{}.{}.{}.{}", self.member_id, self.staff_id, self.store_id, self.expires_at.timestamp());
        let token = format!("{body}.{}", signature(token_key, &body));
        CounterTicket { token, expires_at: self.expires_at }
    }

    /// The session a token names, if it is genuine, `staff_id`'s at `store_id`, and open at `now`.
    pub fn check(
        token_key: &[u8],
        token: &str,
        staff_id: &str,
        store_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Self, CounterSessionError> {
        let (body, sig) = token.rsplit_once('.').ok_or(CounterSessionError::Invalid)?;
        if !constant_time_eq(sig.as_bytes(), signature(token_key, body).as_bytes()) {
            return Err(CounterSessionError::Invalid);
        }
        let [member, staff, store, expiry] = body.split('.').collect::<Vec<_>>()[..] else {
            return Err(CounterSessionError::Invalid);
        };
        let expires_at = expiry
            .parse::<i64>()
            .ok()
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .ok_or(CounterSessionError::Invalid)?;
        if staff != staff_id || store != store_id {
            return Err(CounterSessionError::OtherStaff);
        }
        if now >= expires_at {
            return Err(CounterSessionError::Expired);
        }
        Ok(Self { member_id: member.into(), staff_id: staff.into(), store_id: store.into(), expires_at })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    #[test]
    fn refusals_map_to_the_api_codes() {
        use crate::{ApiError, ErrorCode};
        let ended = ApiError::from(CounterSessionError::Expired);
        assert_eq!((ended.code(), ended.status()), (ErrorCode::CodeExpired, 409));
        assert_eq!(ended.error.message, "the counter session has ended; scan the member code again");
        let other = ApiError::from(CounterSessionError::OtherStaff);
        assert_eq!((other.code(), other.status()), (ErrorCode::Invalid, 422));
        assert_eq!(other.error.message, "counter_token: this counter session belongs to another guide");
        assert_eq!(
            ApiError::from(CounterSessionError::Invalid).error.message,
            "counter_token: this is not a valid counter session"
        );
    }

    #[test]
    fn a_ticket_works_for_its_guide_until_it_ends() {
        let ticket = CounterSession::open("M00000042", "G1001", "S1", now()).ticket(KEY);
        assert_eq!(ticket.expires_at, now() + COUNTER_SESSION_TTL);
        let s = CounterSession::check(KEY, &ticket.token, "G1001", "S1", now() + Duration::minutes(4)).unwrap();
        assert_eq!(s.member_id(), "M00000042");
        assert_eq!(
            CounterSession::check(KEY, &ticket.token, "G1001", "S1", ticket.expires_at),
            Err(CounterSessionError::Expired)
        );
        assert!(ticket.is_open(now()) && !ticket.is_open(ticket.expires_at));
        assert_eq!(ticket.seconds_left(now()), 300);
        assert_eq!(ticket.seconds_left(now() + Duration::hours(1)), 0);
    }

    #[test]
    fn another_guide_or_store_cannot_use_it() {
        let ticket = CounterSession::open("M00000042", "G1001", "S1", now()).ticket(KEY);
        assert_eq!(
            CounterSession::check(KEY, &ticket.token, "G2001", "S1", now()),
            Err(CounterSessionError::OtherStaff)
        );
        assert_eq!(
            CounterSession::check(KEY, &ticket.token, "G1001", "S2", now()),
            Err(CounterSessionError::OtherStaff)
        );
    }

    #[test]
    fn altered_or_foreign_tokens_are_invalid() {
        let ticket = CounterSession::open("M00000042", "G1001", "S1", now()).ticket(KEY);
        let other_member = ticket.token.replacen("M00000042", "M00000043", 1);
        let later = ticket.token.replace(&ticket.expires_at.timestamp().to_string(), "1900000000");
        for token in [other_member.as_str(), later.as_str(), "", "a.b", "M1.G1001.S1.x.sig"] {
            assert_eq!(
                CounterSession::check(KEY, token, "G1001", "S1", now()),
                Err(CounterSessionError::Invalid),
                "{token}"
            );
        }
        let other_key =
            CounterSession::open("M00000042", "G1001", "S1", now()).ticket(b"another key of thirty-two bytes!");
        assert_eq!(
            CounterSession::check(KEY, &other_key.token, "G1001", "S1", now()),
            Err(CounterSessionError::Invalid)
        );
    }

    proptest! {
        /// Whatever the ids and time, a ticket checks back to its own member within its time.
        #[test]
        fn tickets_round_trip(member in "M[0-9]{8}", staff in "[GM][0-9]{4}", store in "S[0-9]", secs in 0i64..300) {
            let ticket = CounterSession::open(&member, &staff, &store, now()).ticket(KEY);
            let s = CounterSession::check(KEY, &ticket.token, &staff, &store, now() + Duration::seconds(secs)).unwrap();
            prop_assert_eq!(s.member_id(), member.as_str());
        }
    }
}
