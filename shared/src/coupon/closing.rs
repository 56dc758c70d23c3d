//! Closing a campaign before its end: from then on it grants nothing new (no claims, no guide
//! gifts, no after-payment gifts), while a retry of a claim made before the close still gets
//! its coupon, and coupons already handed out stay usable until their `valid_until`.

use super::{Campaign, ClaimDecision, ClaimError};
use chrono::{DateTime, Utc};

/// Why a campaign may not be closed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CloseError {
    /// Claims already ended on their own.
    #[error("the campaign ended at {0}; there is nothing left to close")]
    AlreadyEnded(DateTime<Utc>),
}

impl From<CloseError> for crate::ApiError {
    /// `ALREADY_ENDED`, with the end.
    fn from(e: CloseError) -> crate::ApiError {
        let CloseError::AlreadyEnded(at) = e;
        let message = format!("the campaign ended at {at}; there is nothing to close");
        crate::ApiError::new(crate::ErrorCode::AlreadyEnded, message)
    }
}

impl Campaign {
    /// Whether the campaign may be closed at `now`: any time before its end (closing a closed
    /// campaign again is harmless: the first close stands).
    pub fn check_close(&self, now: DateTime<Utc>) -> Result<(), CloseError> {
        if now >= self.ends_at {
            return Err(CloseError::AlreadyEnded(self.ends_at));
        }
        Ok(())
    }

    /// [`Campaign::decide_claim`]'s decision, for a campaign closed at `closed_at` (if it was):
    /// a repeat still answers with its coupon, a new grant is refused.
    pub fn decide_after_close(decision: ClaimDecision, closed_at: Option<DateTime<Utc>>) -> ClaimDecision {
        match decision {
            ClaimDecision::Grant(_) if closed_at.is_some() => ClaimDecision::Refuse(ClaimError::Closed),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{request, t};
    use super::*;
    use crate::coupon::RecordedClaim;
    use crate::ids::MemberId;

    fn campaign() -> Campaign {
        Campaign::parse("CP1".into(), &request(), t(0)).expect("campaign")
    }

    #[test]
    fn a_campaign_may_be_closed_until_its_end() {
        let c = campaign();
        assert_eq!(c.check_close(t(10)), Ok(()));
        assert_eq!(c.check_close(t(86_400)), Err(CloseError::AlreadyEnded(t(86_400))));
        let api = crate::ApiError::from(CloseError::AlreadyEnded(t(86_400)));
        assert_eq!(api.code(), crate::ErrorCode::AlreadyEnded);
        assert_eq!(api.error.message, format!("the campaign ended at {}; there is nothing to close", t(86_400)));
    }

    #[test]
    fn a_closed_campaign_grants_nothing_new_but_repeats_what_it_granted() {
        let c = campaign();
        let m = MemberId::parse("M10000001").expect("member");
        let before = c.decide_claim(None, &m, 0, 0, t(0), "C1".into(), t(10));
        let ClaimDecision::Grant(coupon) = Campaign::decide_after_close(before, None) else { panic!("granted") };
        let new = c.decide_claim(None, &m, 1, 0, t(0), "C2".into(), t(20));
        assert!(matches!(Campaign::decide_after_close(new, Some(t(15))), ClaimDecision::Refuse(ClaimError::Closed)));
        let earlier = RecordedClaim { member: &m, coupon: &coupon };
        let retry = c.decide_claim(Some(earlier), &m, 1, 1, t(0), "C1".into(), t(20));
        assert!(matches!(Campaign::decide_after_close(retry, Some(t(15))), ClaimDecision::Repeat(c) if c == coupon));
    }
}
