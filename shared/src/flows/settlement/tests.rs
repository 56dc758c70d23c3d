//! The real [`Recording`](recording::Recording) and [`Settlement`] machines driven against an
//! in-memory shop (cards, pools, the returns tables, idempotent on references as the objects
//! and D1 are), with replies lost, commands dropped and replies delivered twice, returns
//! decided from the same snapshot racing each other, and a cron pass finishing what crashes
//! left.

mod shop;

use super::recording::{RecordingError, ReturnDraft};
use super::*;
use crate::returns::PaidLine;
use chrono::Duration;
use proptest::prelude::*;
use shop::{Fault, fault, shop, t};

#[test]
fn a_whole_return_refunds_restocks_takes_spend_back_closes_the_order_and_the_referral() {
    let mut world = shop(&[(2, 10_000)], 0, &[Some(1_500), None], true);
    let now = t(0);
    let policy = ReturnPolicy::STANDARD;
    let plan =
        policy.plan(&world.snapshot(), world.discount, Some(now - Duration::hours(1)), &[("SKU-0".into(), 2)], now);
    let draft = ReturnDraft::new(
        "M10000001",
        &world.snapshot(),
        world.discount,
        plan.expect("allowed"),
        world.gifts.keys().cloned().collect(),
        &policy,
    );
    let recorded =
        world.run_recording("R1", draft, &mut std::iter::empty()).outcome().expect("done").expect("recorded");
    assert_eq!((recorded.refund, recorded.kept), (Fen::new(18_500), Fen::new(1_500)), "the used gift is kept back");
    assert_eq!(world.reclaimed.len(), 2);
    assert_eq!(world.run_settlement("R1", now, &mut std::iter::empty()).outcome(), Some(Ok(())));
    assert_eq!(world.credited_total(), 18_500);
    assert_eq!(world.spend.values().sum::<i64>(), -18_500);
    assert_eq!(world.restocked.values().map(|(_, q)| q).sum::<u32>(), 2);
    assert!(world.refunded && world.returns["R1"].settled);
    assert_eq!(world.points_back.get("referral-back:M10000001"), Some(&50));
}

#[test]
fn a_partial_return_leaves_the_referral_alone_and_takes_no_gift_back() {
    let mut world = shop(&[(2, 10_000)], 0, &[None], true);
    let policy = ReturnPolicy::STANDARD;
    let plan = policy.plan(&world.snapshot(), world.discount, Some(t(-60)), &[("SKU-0".into(), 1)], t(0));
    let draft = ReturnDraft::new(
        "M10000001",
        &world.snapshot(),
        world.discount,
        plan.expect("allowed"),
        vec!["G0".into()],
        &policy,
    );
    world.run_recording("R1", draft, &mut std::iter::empty());
    world.run_settlement("R1", t(0), &mut std::iter::empty());
    assert!(world.reclaimed.is_empty() && world.points_back.is_empty() && !world.refunded);
    assert_eq!(world.credited_total(), 10_000);
}

#[test]
fn a_settlement_crashed_half_way_and_started_again_does_nothing_twice() {
    let mut world = shop(&[(3, 1_000)], 100, &[], false);
    let policy = ReturnPolicy::STANDARD;
    let plan = policy.plan(&world.snapshot(), world.discount, Some(t(-60)), &[("SKU-0".into(), 3)], t(0));
    let draft =
        ReturnDraft::new("M10000001", &world.snapshot(), world.discount, plan.expect("allowed"), vec![], &policy);
    world.run_recording("R1", draft, &mut std::iter::empty());
    let mut faults = [Fault::None, Fault::LostReply].into_iter();
    let first = world.run_settlement("R1", t(0), &mut faults);
    assert!(matches!(first.outcome(), Some(Err(SettlementError::Interrupted(_)))));
    assert_eq!(world.run_settlement("R1", t(5), &mut std::iter::empty()).outcome(), Some(Ok(())));
    assert_eq!((world.credited_total(), world.restocked.len()), (2_900, 1));
}

proptest! {
    /// Any sequence of returns of one order, some decided from the same snapshot (racing), each
    /// recorded and settled with replies lost, commands dropped and replies doubled, and a cron
    /// pass that finishes every unsettled return: every unit comes back at most once and is
    /// restocked exactly once; the card is credited each recorded refund exactly once; what is
    /// credited never exceeds what was paid, and once the whole order is back, refunds plus
    /// what used gifts kept back are exactly what was paid; the spend taken back equals the
    /// refunds; and the referrer's points are taken back once, only for a refunded order.
    #[test]
    fn returns_bring_each_unit_back_once_and_money_in_equals_money_out(
        spec in proptest::collection::vec((1u32..4, 1u64..30_000), 1..4),
        discount in 0u64..20_000,
        gifts in proptest::collection::vec(proptest::option::of(0u64..5_000), 0..3),
        referral in any::<bool>(),
        asks in proptest::collection::vec((proptest::collection::vec((0usize..4, 1i64..3), 1..3), any::<bool>()), 1..10),
        faults in proptest::collection::vec(fault(), 0..150),
    ) {
        let mut world = shop(&spec, discount, &gifts, referral);
        let policy = ReturnPolicy::STANDARD;
        let gift_ids: Vec<String> = world.gifts.keys().cloned().collect();
        let mut faults = faults.into_iter();
        let mut stale: Option<Vec<PaidLine>> = None;
        for (n, (wanted, race)) in asks.into_iter().enumerate() {
            let snapshot = if race { stale.clone().unwrap_or_else(|| world.snapshot()) } else { world.snapshot() };
            stale = Some(snapshot.clone());
            let asked: Vec<(String, i64)> =
                wanted.iter().map(|(line, qty)| (snapshot[line % snapshot.len()].sku.clone(), *qty)).collect();
            let Ok(plan) = policy.plan(&snapshot, world.discount, Some(t(-60)), &asked, t(n as i64)) else { continue };
            let id = format!("R{n}");
            let draft = ReturnDraft::new("M10000001", &snapshot, world.discount, plan, gift_ids.clone(), &policy);
            let recording = world.run_recording(&id, draft, &mut faults);
            match recording.outcome() {
                Some(Ok(_)) => { world.run_settlement(&id, t(n as i64), &mut faults); }
                Some(Err(RecordingError::Raced | RecordingError::Interrupted(_) | RecordingError::Refused(_))) => {}
                None => prop_assert!(false, "a recording with nothing left to do has an outcome"),
            }
            prop_assert!(world.credited_total() <= world.paid());
        }
        // The cron pass.
        let unsettled: Vec<String> = world.returns.iter().filter(|(_, r)| !r.settled).map(|(id, _)| id.clone()).collect();
        for id in unsettled {
            let settled = world.run_settlement(&id, t(1_000), &mut std::iter::empty());
            prop_assert_eq!(settled.outcome(), Some(Ok(())));
        }
        let recorded_refunds: u64 = world.returns.values().map(|r| r.refund.get()).sum();
        let kept: u64 = world.returns.values().map(|r| r.kept.get()).sum();
        prop_assert_eq!(world.credited_total(), recorded_refunds);
        prop_assert!(world.credited_total() <= world.paid());
        prop_assert_eq!(world.spend.values().sum::<i64>(), -(recorded_refunds as i64));
        for l in &world.lines {
            let back = world.units.keys().filter(|(s, _)| *s == l.sku).count() as u32;
            let restocked: u32 = world.restocked.values().filter(|(s, _)| s.as_str() == l.sku).map(|(_, q)| q).sum();
            prop_assert!(back <= l.qty);
            prop_assert_eq!(restocked, back, "every unit back is restocked exactly once");
        }
        let bought: u32 = world.lines.iter().map(|l| l.qty).sum();
        if world.units.len() as u32 == bought {
            prop_assert_eq!(recorded_refunds + kept, world.paid(), "the whole order back: money in = money out");
            prop_assert!(world.refunded);
        }
        prop_assert!(world.points_back.len() <= 1);
        prop_assert!(world.points_back.is_empty() || (world.refunded && referral));
    }
}
