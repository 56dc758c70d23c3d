//! The real send and receive machines driven against an in-memory world that keeps the same
//! rules as the worker's storage (two stock pools that apply a reference once, and a row
//! updated only under the conditions the SQL uses), with steps interleaved at random, replies
//! lost before or after the step happened, and several receives at once.

use super::receive::InTransit;
use super::*;
use crate::flows::{Fault, Flow};
use crate::stock::StockPool;
use crate::{ApiError, ErrorCode};
use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn t(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("valid")
}

fn order(qty: u32) -> TransferOrder {
    TransferOrder::parse("SKU-1", i64::from(qty), "S1", "S2").expect("valid")
}

fn id() -> TransferId {
    let key = crate::idempotency::IdempotencyKey::parse("k-1").expect("key");
    TransferId::derive(b"secret", "M1001", &key)
}

#[derive(Clone, Debug)]
struct Row {
    status: TransferStatus,
    claimant: Option<String>,
    claim_until: Option<DateTime<Utc>>,
}

/// The pools and the row, as the worker's objects and D1 keep them.
struct World {
    from: StockPool,
    to: StockPool,
    applied: BTreeSet<String>,
    row: Option<Row>,
    now: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug)]
enum Mode {
    Answer,
    CrashBefore,
    CrashAfter,
}

fn crashed() -> Fault {
    Fault::Crashed("no answer".into())
}

impl World {
    fn new(stock: u32) -> World {
        let mut from = StockPool::new();
        if let Ok(q) = Qty::parse(i64::from(stock)) {
            from.receive(q);
        }
        World { from, to: StockPool::new(), applied: BTreeSet::new(), row: None, now: t(0) }
    }

    fn status(&self) -> Option<TransferStatus> {
        self.row.as_ref().map(|r| r.status)
    }

    fn send(&mut self, command: SendCommand, mode: Mode) -> SendEvent {
        if matches!(mode, Mode::CrashBefore) {
            return SendEvent::Failed(crashed());
        }
        let event = match command {
            SendCommand::Note { .. } => {
                let row = self.row.get_or_insert(Row {
                    status: TransferStatus::Requested,
                    claimant: None,
                    claim_until: None,
                });
                SendEvent::Noted(row.status)
            }
            SendCommand::TakeOut { qty, reference, .. } => {
                if self.applied.contains(&reference) {
                    SendEvent::TakenOut
                } else {
                    match self.from.send_out(qty, self.now) {
                        Ok(_) => {
                            self.applied.insert(reference);
                            SendEvent::TakenOut
                        }
                        Err(e) => SendEvent::Failed(Fault::Refused(ApiError::new(
                            ErrorCode::InsufficientStock,
                            e.to_string(),
                        ))),
                    }
                }
            }
            SendCommand::MarkInTransit(_) => {
                if let Some(row) = self.row.as_mut().filter(|r| r.status == TransferStatus::Requested) {
                    row.status = TransferStatus::InTransit;
                }
                SendEvent::Marked
            }
            SendCommand::Drop(_) => {
                if self.status() == Some(TransferStatus::Requested) {
                    self.row = None;
                }
                SendEvent::Dropped
            }
        };
        if matches!(mode, Mode::CrashAfter) { SendEvent::Failed(crashed()) } else { event }
    }

    fn receive(&mut self, command: ReceiveCommand, mode: Mode) -> ReceiveEvent {
        if matches!(mode, Mode::CrashBefore) {
            return ReceiveEvent::Failed(crashed());
        }
        let status = self.status();
        let event = match command {
            ReceiveCommand::Claim { claimant, now, until, .. } => {
                let row = self.row.as_mut().filter(|r| {
                    r.status == TransferStatus::InTransit && r.claim_until.is_none_or(|lapse| lapse <= now)
                });
                let won = row.is_some();
                if let Some(row) = row {
                    (row.claimant, row.claim_until) = (Some(claimant), Some(until));
                }
                ReceiveEvent::Claimed { won, status }
            }
            ReceiveCommand::TakeIn { qty, reference, .. } => {
                if self.applied.insert(reference) {
                    self.to.receive(qty);
                }
                ReceiveEvent::TakenIn
            }
            ReceiveCommand::MarkReceived { claimant, .. } => {
                let row = self.row.as_mut().filter(|r| {
                    r.status == TransferStatus::InTransit && r.claimant.as_deref() == Some(claimant.as_str())
                });
                let won = row.is_some();
                if let Some(row) = row {
                    (row.status, row.claimant, row.claim_until) = (TransferStatus::Received, None, None);
                }
                ReceiveEvent::Marked { won, status: self.status() }
            }
            ReceiveCommand::Unclaim { claimant, .. } => {
                if let Some(row) = self.row.as_mut().filter(|r| r.claimant.as_deref() == Some(claimant.as_str())) {
                    (row.claimant, row.claim_until) = (None, None);
                }
                ReceiveEvent::Unclaimed
            }
            ReceiveCommand::MarkArrived(_) => ReceiveEvent::Arrived,
        };
        if matches!(mode, Mode::CrashAfter) { ReceiveEvent::Failed(crashed()) } else { event }
    }

    fn in_transit(&self, id: &TransferId, qty: u32) -> u32 {
        let out = self.applied.contains(&id.out_reference());
        let arrived = self.applied.contains(&id.in_reference());
        if out && !arrived { qty } else { 0 }
    }

    /// Units are never in two places or none, and the row never runs ahead of the pools.
    fn check(&self, id: &TransferId, qty: u32, stock: u32) {
        let f = self.from.figures(self.now).on_hand;
        let to = self.to.figures(self.now).on_hand;
        assert_eq!(f + to + self.in_transit(id, qty), stock, "units created or lost");
        assert!(to == 0 || to == qty, "received {to} of {qty}");
        let out = self.applied.contains(&id.out_reference());
        let arrived = self.applied.contains(&id.in_reference());
        assert!(!arrived || out, "units arrived that never left");
        match self.status() {
            Some(TransferStatus::InTransit) => assert!(out, "in transit, yet still at the sender"),
            Some(TransferStatus::Received) => assert!(arrived, "received, yet not in the receiving pool"),
            Some(TransferStatus::Requested) | None => assert!(!arrived),
        }
        if out {
            assert!(self.row.is_some(), "units left with no row to say where they went");
        }
    }
}

fn mode(n: u8) -> Mode {
    match n % 8 {
        0 => Mode::CrashBefore,
        1 => Mode::CrashAfter,
        _ => Mode::Answer,
    }
}

enum Machine {
    Send(Sending, Vec<SendCommand>),
    Receive(Receiving, Vec<ReceiveCommand>),
}

fn in_transit(qty: u32) -> InTransit {
    InTransit {
        id: id(),
        sku: order(qty).sku().clone(),
        qty: Qty::parse(i64::from(qty)).expect("qty"),
        to: order(qty).to().clone(),
        order: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn units_are_never_in_two_places_or_none_and_a_transfer_is_received_at_most_once(
        stock in 0u32..6,
        qty in 1u32..4,
        steps in proptest::collection::vec((0u8..6, any::<u8>(), 0i64..25), 1..60),
    ) {
        let mut world = World::new(stock);
        let mut machines: Vec<Machine> = Vec::new();
        let mut received_ok = 0;
        let mut receives = 0;
        for (what, fault, wait) in steps {
            world.now += chrono::Duration::seconds(wait);
            match what {
                // A send (or a repeat of it under the same key).
                0 => {
                    let (m, todo) = Sending::start(id(), order(qty));
                    machines.push(Machine::Send(m, todo));
                }
                // A receive, once the row exists (the worker reads it first).
                1 if world.row.is_some() => {
                    receives += 1;
                    let (m, todo) = Receiving::start(in_transit(qty), &format!("r{receives}"), world.now, &TransferPolicy::STANDARD);
                    machines.push(Machine::Receive(m, todo));
                }
                // One step of one machine under way.
                _ if !machines.is_empty() => {
                    let i = usize::from(fault) % machines.len();
                    let done = match &mut machines[i] {
                        Machine::Send(m, todo) => {
                            if !todo.is_empty() {
                                let event = world.send(todo.remove(0), mode(fault / 3));
                                todo.extend(m.on(event));
                            }
                            m.outcome().is_some()
                        }
                        Machine::Receive(m, todo) => {
                            if !todo.is_empty() {
                                let event = world.receive(todo.remove(0), mode(fault / 3));
                                todo.extend(m.on(event));
                            }
                            if m.outcome() == Some(Ok(())) {
                                received_ok += 1;
                            }
                            m.outcome().is_some()
                        }
                    };
                    if done {
                        machines.remove(i);
                    }
                }
                _ => {}
            }
            world.check(&id(), qty, stock);
            prop_assert!(received_ok <= 1, "received twice");
        }

        // Never lost: once the failures stop and the leases lapse, a send and a receive finish
        // the transfer (or the sender never had the units, and nothing moved).
        world.now += chrono::Duration::minutes(5);
        let (mut send, todo) = Sending::start(id(), order(qty));
        let mut todo = todo;
        while let Some(c) = todo.pop() {
            let event = world.send(c, Mode::Answer);
            todo.extend(send.on(event));
        }
        if world.row.is_none() {
            prop_assert!(stock < qty);
            prop_assert_eq!(world.from.figures(world.now).on_hand, stock);
            return Ok(());
        }
        let (mut receive, todo) = Receiving::start(in_transit(qty), "last", world.now, &TransferPolicy::STANDARD);
        let mut todo = todo;
        while let Some(c) = todo.pop() {
            let event = world.receive(c, Mode::Answer);
            todo.extend(receive.on(event));
        }
        match receive.outcome() {
            Some(Ok(())) => prop_assert_eq!(received_ok, 0),
            // An earlier receive marked it (its answer may have been lost on the way back).
            Some(Err(e)) => prop_assert_eq!(e.code(), Some(ErrorCode::AlreadyReceived)),
            None => prop_assert!(false, "the receive stopped with a step outstanding"),
        }
        prop_assert_eq!(world.status(), Some(TransferStatus::Received));
        prop_assert_eq!(world.to.figures(world.now).on_hand, qty);
        prop_assert_eq!(world.from.figures(world.now).on_hand, stock - qty);
    }
}

#[test]
fn a_transfer_to_the_same_store_names_to_store() {
    let refused = TransferOrder::parse("SKU-1", 2, "S1", "S1").expect_err("same store");
    assert_eq!((refused.field(), refused), ("to_store", TransferOrderError::SameStore));
    assert_eq!(TransferOrder::parse("SKU-1", 0, "S1", "S2").expect_err("qty").field(), "qty");
    assert_eq!(TransferOrder::parse("", 1, "S1", "S2").expect_err("sku").field(), "sku");
}

#[test]
fn an_id_is_derived_from_who_asked_and_their_key_and_reads_back() {
    let a = id();
    assert_eq!(TransferId::parse(a.as_str()), Some(a.clone()));
    let other = crate::idempotency::IdempotencyKey::parse("k-2").expect("key");
    assert_ne!(TransferId::derive(b"secret", "M1001", &other), a);
    assert_eq!(TransferId::parse("T123"), None);
    assert_eq!(TransferStatus::parse("in_transit"), Some(TransferStatus::InTransit));
}

#[test]
fn a_refused_take_leaves_no_row_and_moves_nothing() {
    let mut world = World::new(1);
    let (mut send, mut todo) = Sending::start(id(), order(2));
    while let Some(c) = todo.pop() {
        let event = world.send(c, Mode::Answer);
        todo.extend(send.on(event));
    }
    let refusal = send.outcome().expect("decided").expect_err("refused");
    assert_eq!(refusal.code(), Some(ErrorCode::InsufficientStock));
    assert!(world.row.is_none());
    assert_eq!(world.from.figures(world.now).on_hand, 1);
}
