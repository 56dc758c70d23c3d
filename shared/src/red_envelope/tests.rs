use super::*;
use proptest::prelude::*;

fn member(n: u32) -> MemberId {
    MemberId::parse(&format!("M{n}")).expect("member id")
}

fn order() -> OrderId {
    OrderId::parse("O7K2M9QX4TB1C8DZ").expect("order id")
}

fn demo(seed: u64) -> RedEnvelope {
    RedEnvelope::issue(order(), member(1), Fen::new(10_000), &EnvelopePolicy::DEMO, seed).expect("carries")
}

#[test]
fn splitmix64_is_the_published_generator() {
    // The first outputs for seed 0, as every SplitMix64 implementation gives them.
    let mut rng = SplitMix64::new(0);
    assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
    assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    assert_eq!(rng.next_u64(), 0x06C4_5D18_8009_454F);
    let mut r = SplitMix64::new(7);
    assert!((0..1000).all(|_| r.up_to(9) <= 9));
    assert_eq!(SplitMix64::new(3).up_to(0), 0);
    let _ = SplitMix64::new(3).up_to(u64::MAX);
}

#[test]
fn the_demo_envelope_splits_two_thousand_fen_into_ten_shares() {
    let shares = split(Fen::new(2_000), 10, 42).expect("splits");
    assert_eq!(shares.len(), 10);
    assert_eq!(shares.iter().map(|s| s.get()).sum::<u64>(), 2_000);
    assert_ne!(shares, split(Fen::new(2_000), 10, 43).expect("splits"), "another seed, another split");
    assert_eq!(split(Fen::new(10), 10, 1), Ok(vec![Fen::new(1); 10]), "one fen each when it is all there is");
    assert_eq!(split(Fen::new(9), 10, 1), Err(SplitError::TooSmall));
    assert_eq!(split(Fen::new(9), 0, 1), Err(SplitError::NoShares));
    assert_eq!(split(Fen::new(500), 1, 1), Ok(vec![Fen::new(500)]));
}

#[test]
fn only_orders_at_the_threshold_carry_one() {
    let p = EnvelopePolicy::DEMO;
    assert!(p.carries(Fen::new(10_000)) && !p.carries(Fen::new(9_999)));
    let below = RedEnvelope::issue(order(), member(1), Fen::new(9_999), &p, 1);
    assert_eq!(below, Err(IssueError::BelowThreshold));
    assert_eq!(EnvelopePolicy::parse(Fen::ZERO, 0, Fen::new(5)), Err(PolicyError::Shares));
    assert_eq!(EnvelopePolicy::parse(Fen::ZERO, MAX_SHARES + 1, Fen::new(500)), Err(PolicyError::Shares));
    assert_eq!(EnvelopePolicy::parse(Fen::ZERO, 5, Fen::new(4)), Err(PolicyError::Total));
    assert_eq!(EnvelopePolicy::parse(Fen::new(10_000), 10, Fen::new(2_000)), Ok(p));
}

#[test]
fn each_member_opens_once_the_buyer_never_and_the_last_share_empties_it() {
    let mut e = demo(9);
    assert_eq!(e.open(&member(1)), Err(OpenError::OwnEnvelope));
    let first = e.open(&member(2)).expect("opens");
    assert_eq!((first.share, first.amount), (0, e.shares[0]));
    assert_eq!(e.open(&member(2)), Err(OpenError::AlreadyOpened));
    for m in 3..=11 {
        e.open(&member(m)).expect("a share left");
    }
    assert_eq!(e.remaining(), 0);
    assert_eq!(e.open(&member(12)), Err(OpenError::Empty));
    assert_eq!(e.open(&member(5)), Err(OpenError::AlreadyOpened), "having opened says so, not empty");
    assert_eq!(e.opened_total(), Fen::new(2_000));
}

#[test]
fn a_returned_order_takes_back_the_unopened_shares_and_leaves_the_opened() {
    let mut e = demo(5);
    let a = e.open(&member(2)).expect("opens").amount;
    let b = e.open(&member(3)).expect("opens").amount;
    let w = e.withdraw();
    assert_eq!(w.kept, Fen::new(a.get() + b.get()));
    assert_eq!(w.vanished, Fen::new(2_000 - a.get() - b.get()));
    assert_eq!(e.remaining(), 0);
    assert_eq!(e.open(&member(4)), Err(OpenError::Withdrawn));
    assert_eq!(e.withdraw(), Withdrawal { vanished: Fen::ZERO, kept: w.kept }, "twice takes nothing more");
    assert_eq!(e.openings().len(), 2, "the opened shares stay");
}

#[test]
fn seeds_are_keyed_and_stable() {
    let o = order();
    assert_eq!(seed_for(b"k", &o), seed_for(b"k", &o));
    assert_ne!(seed_for(b"k", &o), seed_for(b"other", &o));
}

proptest! {
    #[test]
    fn any_split_is_at_least_one_fen_a_share_exact_and_reproducible(
        shares in 1u16..=MAX_SHARES,
        extra in 0u64..2_000_000,
        seed in any::<u64>(),
    ) {
        let total = Fen::new(u64::from(shares) + extra);
        let split_once = split(total, shares, seed).expect("total ≥ shares");
        prop_assert_eq!(split_once.len(), usize::from(shares));
        prop_assert!(split_once.iter().all(|s| s.get() >= 1));
        prop_assert_eq!(split_once.iter().map(|s| s.get()).sum::<u64>(), total.get());
        prop_assert_eq!(split(total, shares, seed).expect("again"), split_once);
    }

    #[test]
    fn any_interleaving_of_openers_hands_out_each_share_once(
        shares in 1u16..=20,
        extra in 0u64..5_000,
        seed in any::<u64>(),
        openers in proptest::collection::vec(1u32..40, 0..120),
    ) {
        let policy = EnvelopePolicy::parse(Fen::ZERO, shares, Fen::new(u64::from(shares) + extra)).expect("valid");
        let mut e = RedEnvelope::issue(order(), member(1), Fen::new(1), &policy, seed).expect("carries");
        let planned = e.shares.clone();
        let mut winners = std::collections::BTreeSet::new();
        for m in openers {
            match e.open(&member(m)) {
                Ok(o) => {
                    prop_assert!(m != 1, "the buyer never opens");
                    prop_assert!(winners.insert(m), "a member opens once");
                    prop_assert_eq!(o.amount, planned[usize::from(o.share)]);
                }
                Err(OpenError::Empty) => prop_assert_eq!(e.remaining(), 0),
                Err(OpenError::AlreadyOpened) => prop_assert!(winners.contains(&m)),
                Err(OpenError::OwnEnvelope) => prop_assert_eq!(m, 1),
                Err(OpenError::Withdrawn) => prop_assert!(false, "never withdrawn here"),
            }
        }
        let handed: Vec<u16> = e.openings().iter().map(|o| o.share).collect();
        prop_assert_eq!(handed, (0..e.openings().len() as u16).collect::<Vec<_>>(), "each share once, in turn");
        prop_assert!(e.opened_total() <= e.total());
        prop_assert_eq!(e.total(), policy.total());
    }
}

#[test]
fn a_stored_envelope_reads_back_and_a_tampered_one_does_not() {
    let mut e = demo(11);
    e.open(&member(2)).expect("opens");
    e.open(&member(3)).expect("opens");
    let json = serde_json::to_value(&e).expect("json");
    assert_eq!(serde_json::from_value::<RedEnvelope>(json.clone()).expect("reads back"), e);
    let mut twice = json.clone();
    twice["openings"][1]["member"] = "M2".into();
    assert!(serde_json::from_value::<RedEnvelope>(twice).is_err(), "one member, two shares");
    let mut richer = json.clone();
    richer["openings"][0]["amount"] = 1_999.into();
    assert!(serde_json::from_value::<RedEnvelope>(richer).is_err(), "an amount not its share's");
    let mut own = json.clone();
    own["openings"][0]["member"] = "M1".into();
    assert!(serde_json::from_value::<RedEnvelope>(own).is_err(), "the buyer never opened");
    let mut empty_share = json;
    empty_share["shares"][4] = 0.into();
    assert!(serde_json::from_value::<RedEnvelope>(empty_share).is_err());
}
