//! The real [`Claim`] machine driven against an in-memory campaign (deciding with the real
//! [`Campaign::decide_claim`], recording by claim key as the campaign object does) and
//! in-memory wallets, with replies lost, commands dropped and replies delivered twice.

use super::*;
use crate::ErrorCode;
use crate::coupon::{Campaign, CampaignRequest, ClaimDecision, CouponKind, RecordedClaim};
use chrono::TimeZone;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn t(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("valid")
}

fn campaign(quantity: u32, limit: u32) -> Campaign {
    let request = CampaignRequest {
        title: "满300减50".into(),
        kind: CouponKind::Threshold,
        threshold_fen: Some(30_000),
        off_fen: Some(5_000),
        percent: None,
        scope: "all".into(),
        store_id: None,
        quantity: i64::from(quantity),
        per_member_limit: i64::from(limit.min(quantity)),
        starts_at: t(0),
        ends_at: t(86_400),
        valid_days: Some(7),
        audience: None,
        flash_sale_ok: None,
        reward_min_fen: None,
    };
    Campaign::parse("CP1".into(), &request, t(0)).expect("valid campaign")
}

fn member(n: usize) -> MemberId {
    MemberId::parse(&format!("M{}", 10_000_001 + n)).expect("valid")
}

/// How one command is delivered.
#[derive(Clone, Copy, Debug)]
enum Fault {
    /// Done, and the reply arrives.
    None,
    /// Done, but the reply is lost.
    LostReply,
    /// Never done.
    Dropped,
    /// Done, and the reply arrives twice.
    Twice,
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![6 => Just(Fault::None), 1 => Just(Fault::LostReply), 1 => Just(Fault::Dropped), 1 => Just(Fault::Twice)]
}

/// The campaign object's claims and the members' wallets.
struct World {
    campaign: Campaign,
    by_key: BTreeMap<String, (MemberId, Coupon)>,
    wallets: BTreeMap<MemberId, BTreeMap<String, Coupon>>,
}

impl World {
    fn new(campaign: Campaign) -> Self {
        World { campaign, by_key: BTreeMap::new(), wallets: BTreeMap::new() }
    }

    fn apply(&mut self, command: &Command) -> Event {
        match command {
            Command::TakeFromCampaign { claim_key, member, coupon_id, member_joined, now, .. } => {
                let claimed = self.by_key.len() as u32;
                let mine = self.by_key.values().filter(|(m, _)| m == member).count() as u32;
                let earlier = self.by_key.get(claim_key).map(|(m, coupon)| RecordedClaim { member: m, coupon });
                let decision =
                    self.campaign.decide_claim(earlier, member, claimed, mine, *member_joined, coupon_id.clone(), *now);
                match decision {
                    ClaimDecision::Repeat(coupon) => Event::Granted(coupon),
                    ClaimDecision::Grant(coupon) => {
                        self.by_key.insert(claim_key.clone(), (member.clone(), coupon.clone()));
                        Event::Granted(coupon)
                    }
                    ClaimDecision::Refuse(e) => Event::Refused(ApiError::new(ErrorCode::SoldOut, e.to_string())),
                }
            }
            Command::AddToWallet { member, coupon } => {
                self.wallets.entry(member.clone()).or_default().entry(coupon.id.clone()).or_insert(coupon.clone());
                Event::InWallet(coupon.id.clone())
            }
        }
    }

    /// Runs one claim to its outcome, each command delivered with the next fault.
    fn run(&mut self, request: ClaimRequest, now: DateTime<Utc>, faults: &mut impl Iterator<Item = Fault>) -> Claim {
        let (mut claim, mut todo) = Claim::start(request, now);
        while claim.outcome().is_none()
            && let Some(command) = todo.pop()
        {
            let replies = match faults.next().unwrap_or(Fault::None) {
                Fault::None => vec![self.apply(&command)],
                Fault::LostReply => {
                    self.apply(&command);
                    vec![Event::Crashed("reply lost".into())]
                }
                Fault::Dropped => vec![Event::Crashed("dropped".into())],
                Fault::Twice => {
                    let first = self.apply(&command);
                    vec![first, self.apply(&command)]
                }
            };
            for reply in replies {
                todo.extend(claim.on(reply));
            }
        }
        claim
    }

    fn wallet_count(&self, who: &MemberId) -> usize {
        self.wallets.get(who).map_or(0, BTreeMap::len)
    }
}

fn request(who: &MemberId, key: &str) -> ClaimRequest {
    ClaimRequest::new("CP1", who.clone(), t(0), key, &format!("C-{}-{key}", who.as_str()))
}

#[test]
fn a_claim_takes_from_the_campaign_then_fills_the_wallet() {
    let mut world = World::new(campaign(5, 1));
    let a = member(0);
    let claim = world.run(request(&a, "k1"), t(10), &mut std::iter::empty());
    let coupon = claim.outcome().expect("done").expect("granted");
    assert_eq!(world.wallets[&a].get(&coupon.id), Some(&coupon));
    // Over the limit: refused, nothing counted, nothing added.
    let second = world.run(request(&a, "k2"), t(11), &mut std::iter::empty());
    assert!(matches!(second.outcome(), Some(Err(ClaimError::Refused(_)))));
    assert_eq!((world.by_key.len(), world.wallet_count(&a)), (1, 1));
}

#[test]
fn a_claim_interrupted_before_the_wallet_is_completed_by_claiming_again() {
    let mut world = World::new(campaign(5, 1));
    let a = member(0);
    let mut faults = [Fault::None, Fault::Dropped].into_iter();
    let first = world.run(request(&a, "k1"), t(10), &mut faults);
    assert!(matches!(first.outcome(), Some(Err(ClaimError::Interrupted(_)))));
    assert_eq!((world.by_key.len(), world.wallet_count(&a)), (1, 0), "counted, not yet in the wallet");
    let again = world.run(request(&a, "k1"), t(20), &mut std::iter::empty());
    let coupon = again.outcome().expect("done").expect("the same coupon, repeated");
    assert_eq!(world.wallets[&a].get(&coupon.id), Some(&coupon));
    assert_eq!(world.by_key.len(), 1);
}

#[test]
fn replies_that_answer_no_outstanding_step_change_nothing() {
    let (mut claim, _) = Claim::start(request(&member(0), "k"), t(0));
    assert_eq!(claim.on(Event::InWallet("C-x".into())), vec![]);
    assert_eq!(claim.outcome(), None);
    let coupon = campaign(1, 1).coupon("C1".into(), t(0));
    assert_eq!(claim.on(Event::Granted(coupon.clone())).len(), 1);
    assert_eq!(claim.on(Event::Granted(coupon.clone())), vec![], "a duplicate grant adds nothing twice");
    assert_eq!(claim.on(Event::InWallet("C-other".into())), vec![]);
    claim.on(Event::InWallet("C1".into()));
    assert_eq!(claim.outcome(), Some(Ok(coupon)));
    assert_eq!(claim.on(Event::Crashed("late".into())), vec![], "a finished claim stays finished");
}

proptest! {
    /// Any members claiming under any (reused) keys, with replies lost, commands dropped and
    /// replies duplicated, and an interrupted claim retried or abandoned: the campaign never
    /// grants more than its quantity nor more than the limit to one member; a wallet holds only
    /// coupons the campaign granted to that member; a claim that says it succeeded has its
    /// coupon in the wallet; and once every abandoned claim is retried without faults, the
    /// wallets hold exactly what the campaign granted.
    #[test]
    fn claims_never_exceed_quantity_or_limit_and_every_grant_reaches_its_wallet(
        quantity in 1u32..6,
        limit in 1u32..4,
        claims in proptest::collection::vec((0usize..4, 0usize..4, any::<bool>()), 1..40),
        faults in proptest::collection::vec(fault(), 0..120),
    ) {
        let mut world = World::new(campaign(quantity, limit));
        let limit = limit.min(quantity) as usize;
        let mut faults = faults.into_iter();
        let mut abandoned = Vec::new();
        for (i, (who, key, retry)) in claims.into_iter().enumerate() {
            let who = member(who);
            let key = format!("key-{key}");
            let mut claim = world.run(request(&who, &key), t(1 + i as i64), &mut faults);
            if retry && matches!(claim.outcome(), Some(Err(ClaimError::Interrupted(_)))) {
                claim = world.run(request(&who, &key), t(1 + i as i64), &mut faults);
            }
            match claim.outcome() {
                Some(Ok(coupon)) => {
                    prop_assert_eq!(world.wallets[&who].get(&coupon.id), Some(&coupon));
                }
                Some(Err(ClaimError::Interrupted(_))) => abandoned.push((who.clone(), key)),
                Some(Err(ClaimError::Refused(_))) => {}
                None => prop_assert!(false, "a claim with nothing left to do has an outcome"),
            }
            prop_assert!(world.by_key.len() as u32 <= quantity);
            for n in 0..4 {
                let m = member(n);
                prop_assert!(world.by_key.values().filter(|(o, _)| *o == m).count() <= limit);
                for id in world.wallets.get(&m).into_iter().flat_map(BTreeMap::keys) {
                    prop_assert!(world.by_key.values().any(|(o, c)| *o == m && &c.id == id), "only granted coupons");
                }
            }
        }
        for (who, key) in abandoned {
            let granted = world.by_key.get(&key).is_some_and(|(o, _)| *o == who);
            let claim = world.run(request(&who, &key), t(100_000), &mut std::iter::empty());
            if granted {
                prop_assert!(claim.outcome().is_some_and(|o| o.is_ok()), "a retried key completes its claim");
            }
        }
        let granted: usize = world.by_key.len();
        let held: usize = (0..4).map(|n| world.wallet_count(&member(n))).sum();
        prop_assert_eq!(granted, held, "every granted coupon is in a wallet, once");
    }
}
