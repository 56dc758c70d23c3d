//! The real [`Recording`](recording::Recording) and [`Settlement`] machines driven against an
//! in-memory shop (cards, pools, the returns tables, idempotent on references as the objects
//! and D1 are), with replies lost, commands dropped and replies delivered twice, returns
//! decided from the same snapshot racing each other, and a cron pass finishing what crashes
//! left.

use super::recording::{self, Recording, RecordingError, ReturnDraft};
use super::*;
use crate::returns::PaidLine;
use chrono::{Duration, TimeZone};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

fn t(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("valid")
}

#[derive(Clone, Copy, Debug)]
enum Fault {
    None,
    LostReply,
    Dropped,
    Twice,
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![6 => Just(Fault::None), 1 => Just(Fault::LostReply), 1 => Just(Fault::Dropped), 1 => Just(Fault::Twice)]
}

/// Delivers `command` to `apply` with `fault`; the replies that come back.
fn deliver<C, E>(fault: Fault, command: &C, apply: &mut impl FnMut(&C) -> E, crashed: impl Fn() -> E) -> Vec<E> {
    match fault {
        Fault::None => vec![apply(command)],
        Fault::LostReply => {
            apply(command);
            vec![crashed()]
        }
        Fault::Dropped => vec![crashed()],
        Fault::Twice => {
            let first = apply(command);
            vec![first, apply(command)]
        }
    }
}

struct Written {
    refund: Fen,
    kept: Fen,
    lines: Vec<(Sku, Qty)>,
    settled: bool,
}

/// One order's world: its lines, the returns tables, the member's card and the pools.
struct Shop {
    lines: Vec<PaidLine>,
    discount: Fen,
    gifts: BTreeMap<String, Option<Fen>>,
    reclaimed: BTreeSet<String>,
    units: BTreeMap<(String, u32), String>,
    returns: BTreeMap<String, Written>,
    credited: BTreeMap<String, Fen>,
    restocked: BTreeMap<String, (Sku, u32)>,
    spend: BTreeMap<String, i64>,
    points_back: BTreeMap<String, u64>,
    refunded: bool,
    referral: Option<ReferralReward>,
}

impl Shop {
    fn paid(&self) -> u64 {
        let total: u64 = self.lines.iter().map(|l| l.unit_price.get() * u64::from(l.qty)).sum();
        total - self.discount.get().min(total)
    }

    fn snapshot(&self) -> Vec<PaidLine> {
        let mut lines = self.lines.clone();
        for l in &mut lines {
            l.returned = self.units.keys().filter(|(s, _)| *s == l.sku).count() as u32;
        }
        lines
    }

    fn record(&mut self, id: &str, command: &recording::Command) -> recording::Event {
        match command {
            recording::Command::ReclaimCoupon { coupon_id, .. } => {
                self.reclaimed.insert(coupon_id.clone());
                let used = self.gifts.get(coupon_id).copied().flatten();
                recording::Event::Reclaimed { coupon_id: coupon_id.clone(), used }
            }
            recording::Command::Record(r) => {
                if self.returns.contains_key(id) {
                    return recording::Event::Raced;
                }
                let mut units = vec![];
                for line in &r.lines {
                    for k in 0..line.qty {
                        units.push((line.sku.clone(), line.first_unit + k));
                    }
                }
                if units.iter().any(|u| self.units.contains_key(u)) {
                    return recording::Event::Raced;
                }
                for u in units {
                    self.units.insert(u, id.to_owned());
                }
                let lines = r
                    .lines
                    .iter()
                    .map(|l| (Sku::parse(&l.sku).expect("sku"), Qty::parse(i64::from(l.qty)).expect("qty")))
                    .collect();
                self.returns.insert(id.to_owned(), Written { refund: r.refund, kept: r.kept, lines, settled: false });
                recording::Event::Recorded
            }
        }
    }

    fn settle(&mut self, command: &Command) -> Event {
        match command {
            Command::Refund { amount, reference, .. } => {
                self.credited.entry(reference.clone()).or_insert(*amount);
                Event::Refunded
            }
            Command::Restock { sku, qty, reference, .. } => {
                self.restocked.entry(reference.clone()).or_insert((sku.clone(), qty.get()));
                Event::Restocked(sku.clone())
            }
            Command::TakeSpend { fen, reference, .. } => {
                self.spend.entry(reference.clone()).or_insert(*fen);
                Event::SpendTaken
            }
            Command::CloseOrder { .. } => {
                let bought: u32 = self.lines.iter().map(|l| l.qty).sum();
                self.refunded |= self.units.len() as u32 >= bought;
                Event::OrderClosed { refunded: self.refunded, referral: self.referral.clone() }
            }
            Command::TakePoints { points, reference, .. } => {
                self.points_back.entry(reference.clone()).or_insert(*points);
                Event::PointsTaken
            }
            Command::MarkSettled { return_id } => {
                if let Some(r) = self.returns.get_mut(return_id) {
                    r.settled = true;
                }
                Event::Settled
            }
        }
    }

    fn run_recording(&mut self, id: &str, draft: ReturnDraft, faults: &mut impl Iterator<Item = Fault>) -> Recording {
        let (mut flow, mut todo) = Recording::start(draft, &ReturnPolicy::STANDARD);
        while let Some(command) = todo.pop() {
            let fault = faults.next().unwrap_or(Fault::None);
            let crashed = || recording::Event::Crashed("no answer".into());
            for reply in deliver(fault, &command, &mut |c| self.record(id, c), crashed) {
                todo.extend(flow.on(reply));
            }
        }
        flow
    }

    fn run_settlement(&mut self, id: &str, now: DateTime<Utc>, faults: &mut impl Iterator<Item = Fault>) -> Settlement {
        let r = &self.returns[id];
        let store = StoreId::parse("S2").expect("store");
        let recorded = RecordedReturn::new(id, "O1", "M10000001", store, r.refund, "balance", r.lines.clone());
        let (mut flow, mut todo) = Settlement::start(recorded, now, &ReturnPolicy::STANDARD);
        while let Some(command) = todo.pop() {
            let fault = faults.next().unwrap_or(Fault::None);
            let crashed = || Event::Crashed("no answer".into());
            for reply in deliver(fault, &command, &mut |c| self.settle(c), crashed) {
                todo.extend(flow.on(reply));
            }
        }
        flow
    }

    fn credited_total(&self) -> u64 {
        self.credited.values().map(|f| f.get()).sum()
    }
}

fn shop(spec: &[(u32, u64)], discount: u64, gifts: &[Option<u64>], referral: bool) -> Shop {
    Shop {
        lines: spec
            .iter()
            .enumerate()
            .map(|(i, (qty, price))| PaidLine {
                sku: format!("SKU-{i}"),
                qty: *qty,
                unit_price: Fen::new(*price),
                returned: 0,
            })
            .collect(),
        discount: Fen::new(discount),
        gifts: gifts.iter().enumerate().map(|(i, v)| (format!("G{i}"), v.map(Fen::new))).collect(),
        reclaimed: BTreeSet::new(),
        units: BTreeMap::new(),
        returns: BTreeMap::new(),
        credited: BTreeMap::new(),
        restocked: BTreeMap::new(),
        spend: BTreeMap::new(),
        points_back: BTreeMap::new(),
        refunded: false,
        referral: referral.then(|| ReferralReward {
            referrer: "M10000009".into(),
            buyer: "M10000001".into(),
            points: 50,
        }),
    }
}

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
        asks in proptest::collection::vec((0usize..4, 1i64..4, any::<bool>()), 1..10),
        faults in proptest::collection::vec(fault(), 0..150),
    ) {
        let mut world = shop(&spec, discount, &gifts, referral);
        let policy = ReturnPolicy::STANDARD;
        let gift_ids: Vec<String> = world.gifts.keys().cloned().collect();
        let mut faults = faults.into_iter();
        let mut stale: Option<Vec<PaidLine>> = None;
        for (n, (line, qty, race)) in asks.into_iter().enumerate() {
            let snapshot = if race { stale.clone().unwrap_or_else(|| world.snapshot()) } else { world.snapshot() };
            stale = Some(snapshot.clone());
            let sku = snapshot[line % snapshot.len()].sku.clone();
            let Ok(plan) = policy.plan(&snapshot, world.discount, Some(t(-60)), &[(sku, qty)], t(n as i64)) else { continue };
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
