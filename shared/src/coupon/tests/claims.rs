//! Claims under reused keys: the real [`Campaign::decide_claim`] driven as the campaign object
//! drives it.

use super::super::*;
use super::{request, t};
use crate::ids::MemberId;
use proptest::prelude::*;

/// The campaign object's claim ledger, as the object keeps it: claims by claim key. The
/// decision is the real [`Campaign::decide_claim`]; keys are scoped as the worker scopes them.
#[derive(Default)]
struct Ledger {
    by_key: std::collections::BTreeMap<String, (MemberId, Coupon)>,
}

impl Ledger {
    fn claim(&mut self, c: &Campaign, member: &MemberId, claim_key: String, now: DateTime<Utc>) -> ClaimDecision {
        let claimed = self.by_key.len() as u32;
        let mine = self.by_key.values().filter(|(m, _)| m == member).count() as u32;
        let earlier = self.by_key.get(&claim_key).map(|(m, coupon)| RecordedClaim { member: m, coupon });
        let id = format!("C{}", self.by_key.len());
        let decision = c.decide_claim(earlier, member, claimed, mine, t(0), id, now);
        if let ClaimDecision::Grant(coupon) = &decision {
            self.by_key.insert(claim_key, (member.clone(), coupon.clone()));
        }
        decision
    }
}

#[test]
fn a_repeated_claim_key_repeats_the_coupon_and_another_members_key_is_refused() {
    let mut r = request();
    r.per_member_limit = 2;
    let c = Campaign::parse("CP1".into(), &r, t(0)).unwrap();
    let (a, b) = (MemberId::parse("M10000001").unwrap(), MemberId::parse("M10000002").unwrap());
    let mut ledger = Ledger::default();
    let ClaimDecision::Grant(first) = ledger.claim(&c, &a, "k".into(), t(1)) else { panic!("granted") };
    assert_eq!(ledger.claim(&c, &a, "k".into(), t(2)), ClaimDecision::Repeat(first));
    assert_eq!(ledger.claim(&c, &b, "k".into(), t(2)), ClaimDecision::Refuse(ClaimError::KeyOfAnotherMember));
    assert_eq!(ledger.by_key.len(), 1);
}

proptest! {
    /// Any interleaving of claims, by any members, reusing any keys (each member's key scoped to
    /// them, as the worker does — and also unscoped, as a careless caller would), never hands out
    /// more than the quantity, nor more than the per-member limit to anyone, and never gives one
    /// member's coupon to another.
    #[test]
    fn reused_claim_keys_never_exceed_quantity_or_limits(
        quantity in 1u32..6,
        limit in 1u32..4,
        steps in proptest::collection::vec((0usize..4, 0usize..3, any::<bool>()), 1..60),
    ) {
        use crate::idempotency::{Caller, IdempotencyKey, Scope};
        let mut r = request();
        r.quantity = i64::from(quantity);
        r.per_member_limit = i64::from(limit.min(quantity));
        let c = Campaign::parse("CP1".into(), &r, t(0)).unwrap();
        let members: Vec<MemberId> = (1..=4).map(|i| MemberId::parse(&format!("M1000000{i}")).unwrap()).collect();
        let mut ledger = Ledger::default();
        for (i, (m, k, scoped)) in steps.into_iter().enumerate() {
            let member = &members[m];
            let key = IdempotencyKey::parse(&format!("key-{k}")).unwrap();
            let claim_key = if scoped {
                Scope::new(Caller::member(member.as_str()), "claim", key).reference()
            } else {
                key.to_string()
            };
            match ledger.claim(&c, member, claim_key.clone(), t(1 + i as i64)) {
                ClaimDecision::Repeat(coupon) => {
                    let (owner, kept) = &ledger.by_key[&claim_key];
                    prop_assert_eq!(owner, member, "a repeat only ever returns the member's own coupon");
                    prop_assert_eq!(kept, &coupon);
                }
                ClaimDecision::Grant(_) | ClaimDecision::Refuse(_) => {}
            }
            prop_assert!(ledger.by_key.len() as u32 <= quantity);
            for who in &members {
                prop_assert!(ledger.by_key.values().filter(|(o, _)| o == who).count() as u32 <= limit);
            }
        }
    }
}

#[test]
fn claim_refusals_map_to_the_api_codes() {
    use crate::{ApiError, ErrorCode};
    let cases = [
        (ClaimError::NotOpen, ErrorCode::Conflict, 409),
        (ClaimError::SoldOut, ErrorCode::SoldOut, 409),
        (ClaimError::LimitExceeded, ErrorCode::LimitExceeded, 409),
        (ClaimError::NotEligible, ErrorCode::Forbidden, 403),
        (ClaimError::KeyOfAnotherMember, ErrorCode::IdempotencyMismatch, 409),
        (ClaimError::Closed, ErrorCode::Conflict, 409),
    ];
    for (e, code, status) in cases {
        let api = ApiError::from(e);
        assert_eq!((api.code(), api.status(), api.error.message), (code, status, e.to_string()));
    }
}
