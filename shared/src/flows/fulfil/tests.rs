//! The fulfilment and the receives driven against an in-memory world (two pools that apply a
//! reference once, transfer rows updated under the SQL's conditions) with lost replies and
//! crashes at every step: an order's units are never in two places or none, arrive once, and
//! the order is ready only when every line has arrived.

use super::*;
use crate::flows::store_transfer::receive::InTransit;
use crate::flows::store_transfer::{ReceiveCommand, ReceiveEvent, Receiving, TransferPolicy, TransferStatus};
use crate::stock::StockPool;
use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

fn t(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("valid")
}

fn store(id: &str) -> StoreId {
    StoreId::parse(id).expect("store")
}

fn order() -> OrderId {
    OrderId::parse("O1").expect("order")
}

/// Two pools per SKU, the applied references, the rows and the order's arrival.
struct World {
    from: BTreeMap<Sku, StockPool>,
    to: BTreeMap<Sku, StockPool>,
    applied: BTreeSet<String>,
    rows: BTreeMap<TransferId, (TransferStatus, Option<String>, InTransit)>,
    arrived: bool,
    now: DateTime<Utc>,
}

impl World {
    /// The order is paid at S1: its units of every line wait there.
    fn new(lines: &[(Sku, Qty)]) -> World {
        let mut from = BTreeMap::new();
        for (sku, qty) in lines {
            let mut pool = StockPool::new();
            pool.receive(Qty::parse(5).expect("qty"));
            pool.lock(&order(), *qty, t(0), chrono::Duration::minutes(10)).expect("locked");
            pool.confirm(&order(), t(0)).expect("paid");
            from.insert(sku.clone(), pool);
        }
        let to = lines.iter().map(|(s, _)| (s.clone(), StockPool::new())).collect();
        World { from, to, applied: BTreeSet::new(), rows: BTreeMap::new(), arrived: false, now: t(0) }
    }

    fn send(&mut self, command: SendCommand, crash: u8) -> SendEvent {
        if crash == 1 {
            return SendEvent::Failed(Fault::Crashed("lost".into()));
        }
        let event = match command {
            SendCommand::Note { id, order } => {
                let transit = InTransit {
                    id: id.clone(),
                    sku: order.sku().clone(),
                    qty: order.qty(),
                    to: order.to().clone(),
                    order: order.order().cloned(),
                };
                let row = self.rows.entry(id).or_insert((TransferStatus::Requested, None, transit));
                SendEvent::Noted(row.0)
            }
            SendCommand::TakeOut { sku, reference, order, .. } => {
                let pool = self.from.get_mut(&sku).expect("pool");
                let order = order.expect("an order's transfer");
                if self.applied.contains(&reference) || pool.send_out_for(&order).is_ok() {
                    self.applied.insert(reference);
                    SendEvent::TakenOut
                } else {
                    SendEvent::Failed(Fault::Refused(crate::ApiError::new(crate::ErrorCode::NotPaid, "not waiting")))
                }
            }
            SendCommand::MarkInTransit(id) => {
                if let Some(row) = self.rows.get_mut(&id).filter(|r| r.0 == TransferStatus::Requested) {
                    row.0 = TransferStatus::InTransit;
                }
                SendEvent::Marked
            }
            SendCommand::Drop(id) => {
                if self.rows.get(&id).is_some_and(|r| r.0 == TransferStatus::Requested) {
                    self.rows.remove(&id);
                }
                SendEvent::Dropped
            }
        };
        if crash == 2 { SendEvent::Failed(Fault::Crashed("answer lost".into())) } else { event }
    }

    fn receive(&mut self, command: ReceiveCommand, crash: u8) -> ReceiveEvent {
        if crash == 1 {
            return ReceiveEvent::Failed(Fault::Crashed("lost".into()));
        }
        let event = match command {
            ReceiveCommand::Claim { id, claimant, .. } => {
                let row = self.rows.get_mut(&id);
                let status = row.as_ref().map(|r| r.0);
                match row.filter(|r| r.0 == TransferStatus::InTransit && r.1.is_none()) {
                    Some(row) => {
                        row.1 = Some(claimant);
                        ReceiveEvent::Claimed { won: true, status }
                    }
                    None => ReceiveEvent::Claimed { won: false, status },
                }
            }
            ReceiveCommand::TakeIn { sku, qty, reference, order, .. } => {
                if self.applied.insert(reference) {
                    self.to.get_mut(&sku).expect("pool").receive_for(&order.expect("an order's transfer"), qty);
                }
                ReceiveEvent::TakenIn
            }
            ReceiveCommand::MarkReceived { id, claimant } => {
                let row = self.rows.get_mut(&id).expect("row");
                let won = row.0 == TransferStatus::InTransit && row.1.as_deref() == Some(claimant.as_str());
                if won {
                    *row = (TransferStatus::Received, None, row.2.clone());
                }
                ReceiveEvent::Marked { won, status: Some(row.0) }
            }
            ReceiveCommand::Unclaim { id, claimant } => {
                if let Some(row) = self.rows.get_mut(&id).filter(|r| r.1.as_deref() == Some(claimant.as_str())) {
                    row.1 = None;
                }
                ReceiveEvent::Unclaimed
            }
            ReceiveCommand::MarkArrived(_) => {
                let received = self.rows.values().filter(|r| r.0 == TransferStatus::Received).count();
                self.arrived |= received == self.from.len();
                ReceiveEvent::Arrived
            }
        };
        if crash == 2 { ReceiveEvent::Failed(Fault::Crashed("answer lost".into())) } else { event }
    }

    /// Units are never in two places or none; arrival only when every line is in.
    fn check(&self, lines: &[(Sku, Qty)]) {
        for (sku, qty) in lines {
            let (from, to) = (&self.from[sku], &self.to[sku]);
            let left = from.figures(self.now).on_hand;
            let arrived = to.figures(self.now).awaiting_pickup;
            let travelling = if left == 5 - qty.get() && arrived == 0 { qty.get() } else { 0 };
            assert_eq!(left + travelling + arrived, 5, "units of {sku} created or lost");
            assert!(arrived == 0 || arrived == qty.get(), "{arrived} of {qty:?} arrived");
            assert_eq!(from.figures(self.now).available, 5 - qty.get(), "the order's units were sold to someone else");
        }
        if self.arrived {
            assert!(lines.iter().all(|(s, q)| self.to[s].figures(self.now).awaiting_pickup == q.get()));
        }
    }

    fn fulfil(&mut self, lines: &[(Sku, Qty)], crashes: &mut impl Iterator<Item = u8>) {
        let (mut flow, mut todo) = Fulfilment::start(b"k", &order(), &store("S1"), &store("S2"), lines).expect("ok");
        while !todo.is_empty() {
            let event = self.send(todo.remove(0), crashes.next().unwrap_or(0));
            todo.extend(flow.on(event));
        }
        assert!(flow.outcome().is_some(), "stopped without an outcome");
    }

    fn receive_all(&mut self, claimant: &str, crashes: &mut impl Iterator<Item = u8>) {
        let rows: Vec<InTransit> = self.rows.values().map(|r| r.2.clone()).collect();
        for transit in rows {
            let (mut flow, mut todo) = Receiving::start(transit, claimant, self.now, &TransferPolicy::STANDARD);
            while !todo.is_empty() {
                let event = self.receive(todo.remove(0), crashes.next().unwrap_or(0));
                todo.extend(flow.on(event));
            }
            assert!(flow.outcome().is_some(), "stopped without an outcome");
        }
        // A crashed receive's claim lapses.
        for row in self.rows.values_mut() {
            row.1 = None;
        }
    }
}

fn lines(n: usize) -> Vec<(Sku, Qty)> {
    (0..n).map(|i| (Sku::parse(&format!("SKU-{i}")).expect("sku"), Qty::parse(1 + i as i64).expect("qty"))).collect()
}

#[test]
fn every_line_travels_and_the_order_arrives_when_the_last_is_received() {
    let lines = lines(2);
    let mut world = World::new(&lines);
    world.fulfil(&lines, &mut std::iter::empty());
    assert_eq!(world.rows.len(), 2);
    assert!(world.rows.values().all(|r| r.0 == TransferStatus::InTransit));
    world.check(&lines);
    assert!(!world.arrived);
    world.receive_all("r1", &mut std::iter::empty());
    assert!(world.arrived);
    world.check(&lines);
    let again = Fulfilment::start(b"k", &order(), &store("S1"), &store("S2"), &lines).expect("ok").0;
    assert_eq!(again.transfers().count(), 2, "the same order names the same transfers");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn an_orders_units_arrive_once_whatever_crashes(
        n in 1usize..4,
        crashes in proptest::collection::vec(0u8..6, 0..80),
        runs in 1usize..4,
    ) {
        let lines = lines(n);
        let mut world = World::new(&lines);
        let mut crashes = crashes.into_iter();
        for run in 0..runs {
            world.fulfil(&lines, &mut crashes);
            world.check(&lines);
            world.receive_all(&format!("r{run}"), &mut crashes);
            world.check(&lines);
        }
        // Once the failures stop, one more run of each finishes the order.
        world.fulfil(&lines, &mut std::iter::empty());
        world.receive_all("last", &mut std::iter::empty());
        world.check(&lines);
        prop_assert!(world.arrived);
        for (sku, qty) in &lines {
            prop_assert_eq!(world.from[sku].figures(world.now).on_hand, 5 - qty.get());
            prop_assert_eq!(world.to[sku].figures(world.now).awaiting_pickup, qty.get());
        }
    }
}
