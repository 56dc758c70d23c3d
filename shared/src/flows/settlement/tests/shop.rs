//! The in-memory shop the return flows are driven against: one order's lines, the returns
//! tables, the member's card and the pools, each idempotent on its references as the objects
//! and D1 are; and how a command is delivered (or not).

use super::super::recording::{self, Recording, ReturnDraft};
use super::super::*;
use crate::returns::PaidLine;
use chrono::TimeZone;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn t(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("valid")
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Fault {
    None,
    LostReply,
    Dropped,
    Twice,
}

pub(super) fn fault() -> impl Strategy<Value = Fault> {
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

pub(super) struct Written {
    pub(super) refund: Fen,
    pub(super) kept: Fen,
    pub(super) lines: Vec<(Sku, Qty)>,
    pub(super) settled: bool,
}

/// One order's world: its lines, the returns tables, the member's card and the pools.
pub(super) struct Shop {
    pub(super) lines: Vec<PaidLine>,
    pub(super) discount: Fen,
    pub(super) gifts: BTreeMap<String, Option<Fen>>,
    pub(super) reclaimed: BTreeSet<String>,
    pub(super) units: BTreeMap<(String, u32), String>,
    pub(super) returns: BTreeMap<String, Written>,
    pub(super) credited: BTreeMap<String, Fen>,
    pub(super) restocked: BTreeMap<String, (Sku, u32)>,
    pub(super) spend: BTreeMap<String, i64>,
    pub(super) points_back: BTreeMap<String, u64>,
    pub(super) refunded: bool,
    pub(super) referral: Option<ReferralReward>,
}

impl Shop {
    pub(super) fn paid(&self) -> u64 {
        let total: u64 = self.lines.iter().map(|l| l.unit_price.get() * u64::from(l.qty)).sum();
        total - self.discount.get().min(total)
    }

    pub(super) fn snapshot(&self) -> Vec<PaidLine> {
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

    pub(super) fn run_recording(
        &mut self,
        id: &str,
        draft: ReturnDraft,
        faults: &mut impl Iterator<Item = Fault>,
    ) -> Recording {
        let (mut flow, mut todo) = Recording::start(draft, &ReturnPolicy::STANDARD);
        while flow.outcome().is_none()
            && let Some(command) = todo.pop()
        {
            let fault = faults.next().unwrap_or(Fault::None);
            let crashed = || recording::Event::Crashed("no answer".into());
            for reply in deliver(fault, &command, &mut |c| self.record(id, c), crashed) {
                todo.extend(flow.on(reply));
            }
        }
        flow
    }

    pub(super) fn run_settlement(
        &mut self,
        id: &str,
        now: DateTime<Utc>,
        faults: &mut impl Iterator<Item = Fault>,
    ) -> Settlement {
        let r = &self.returns[id];
        let store = StoreId::parse("S2").expect("store");
        let recorded = RecordedReturn::new(
            id,
            "O1",
            "M10000001",
            store,
            r.refund,
            crate::kinds::PaymentMethod::Balance,
            r.lines.clone(),
        );
        let (mut flow, mut todo) = Settlement::start(recorded, now, &ReturnPolicy::STANDARD);
        while flow.outcome().is_none()
            && let Some(command) = todo.pop()
        {
            let fault = faults.next().unwrap_or(Fault::None);
            let crashed = || Event::Crashed("no answer".into());
            for reply in deliver(fault, &command, &mut |c| self.settle(c), crashed) {
                todo.extend(flow.on(reply));
            }
        }
        flow
    }

    pub(super) fn credited_total(&self) -> u64 {
        self.credited.values().map(|f| f.get()).sum()
    }
}

pub(super) fn shop(spec: &[(u32, u64)], discount: u64, gifts: &[Option<u64>], referral: bool) -> Shop {
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
