//! Runs transfers between stores ([`shared::flows::store_transfer`]): the stock pools take the
//! units out and put them in (once per transfer reference), D1 notes, claims and marks the row.

use super::{Ports, decided, drive, fault};
use crate::calls::stock;
use crate::ctx::Ctx;
use crate::db::orders::OrderRow;
use crate::db::transfers as rows;
use crate::http::Failure;
#[cfg(feature = "dev")]
use shared::flows::Flow;
use shared::flows::fulfil::Fulfilment;
use shared::flows::store_transfer::receive::InTransit;
use shared::flows::store_transfer::*;
use shared::ids::{OrderId, Sku, StoreId};
use shared::stock::Qty;

/// Carries out a send's steps.
struct Sender<'a> {
    ctx: &'a Ctx,
    staff: &'a str,
}

impl Ports<Sending> for Sender<'_> {
    async fn run(&self, command: SendCommand) -> SendEvent {
        let ctx = self.ctx;
        let done = match command {
            SendCommand::Note { id, order } => rows::note(ctx, &id, &order, self.staff).await.map(SendEvent::Noted),
            SendCommand::TakeOut { store, sku, qty, reference, order } => {
                let out = stock::TransferOut { reference, qty, order, now: ctx.now };
                stock::send(ctx, &store, &sku, &out).await.map(|_| SendEvent::TakenOut)
            }
            SendCommand::MarkInTransit(id) => rows::mark_in_transit(ctx, &id).await.map(|_| SendEvent::Marked),
            SendCommand::Drop(id) => rows::drop_requested(ctx, &id).await.map(|_| SendEvent::Dropped),
        };
        done.unwrap_or_else(|f| SendEvent::Failed(fault(f)))
    }
}

/// An order's fulfilment sends its transfers as any other send does.
impl Ports<Fulfilment> for Sender<'_> {
    async fn run(&self, command: SendCommand) -> SendEvent {
        <Self as Ports<Sending>>::run(self, command).await
    }
}

/// Sends a paid order's units from the store that had them to its pickup store, one transfer
/// per line ([`shared::flows::fulfil`]); a repeat finishes what an earlier run began.
pub async fn fulfil(ctx: &Ctx, row: &OrderRow) -> Result<(), Failure> {
    let corrupt = |what: &str| Failure::Internal(format!("order {}: stored {what}", row.id));
    let Some(from) = &row.source_store else { return Ok(()) };
    let from = StoreId::parse(from).map_err(|_| corrupt("source store"))?;
    let to = StoreId::parse(&row.store_id).map_err(|_| corrupt("store"))?;
    let id = OrderId::parse(&row.id).map_err(|_| corrupt("id"))?;
    let mut lines = Vec::new();
    for l in crate::db::orders::lines(ctx, &row.id).await? {
        lines.push((
            Sku::parse(&l.sku).map_err(|_| corrupt("sku"))?,
            Qty::parse(l.qty.into()).map_err(|_| corrupt("qty"))?,
        ));
    }
    let (mut flow, first) = Fulfilment::start(&ctx.keys()?.order_id, &id, &from, &to, &lines)
        .map_err(|e| Failure::Internal(format!("order {}: {} {e}", row.id, e.field())))?;
    let staff = format!("order:{}", row.id);
    decided(drive(&mut flow, first, &Sender { ctx, staff: &staff }).await, "fulfilment").map(|_| ())
}

/// Sends `order` as transfer `id` for `staff`; a repeat finishes what an earlier one began.
pub async fn send(ctx: &Ctx, staff: &str, id: TransferId, order: TransferOrder) -> Result<(), Failure> {
    let (mut flow, first) = Sending::start(id, order);
    decided(drive(&mut flow, first, &Sender { ctx, staff }).await, "transfer")
}

/// Carries out a receive's steps.
struct Receiver<'a> {
    ctx: &'a Ctx,
    staff: &'a str,
}

impl Ports<Receiving> for Receiver<'_> {
    async fn run(&self, command: ReceiveCommand) -> ReceiveEvent {
        let ctx = self.ctx;
        let done = match command {
            ReceiveCommand::Claim { id, claimant, now, until } => match rows::claim(ctx, &id, &claimant, now, until)
                .await
            {
                Ok(true) => Ok(ReceiveEvent::Claimed { won: true, status: Some(TransferStatus::InTransit) }),
                Ok(false) => rows::status(ctx, &id).await.map(|status| ReceiveEvent::Claimed { won: false, status }),
                Err(e) => Err(e),
            },
            ReceiveCommand::TakeIn { store, sku, qty, reference, order } => {
                let take_in = stock::Receive { reference, qty, order, now: ctx.now };
                stock::send(ctx, &store, &sku, &take_in).await.map(|_| ReceiveEvent::TakenIn)
            }
            ReceiveCommand::MarkReceived { id, claimant } => {
                match rows::mark_received(ctx, &id, &claimant, self.staff).await {
                    Ok(true) => Ok(ReceiveEvent::Marked { won: true, status: Some(TransferStatus::Received) }),
                    Ok(false) => rows::status(ctx, &id).await.map(|status| ReceiveEvent::Marked { won: false, status }),
                    Err(e) => Err(e),
                }
            }
            ReceiveCommand::Unclaim { id, claimant } => {
                rows::unclaim(ctx, &id, &claimant).await.map(|_| ReceiveEvent::Unclaimed)
            }
            ReceiveCommand::MarkArrived(order) => {
                crate::db::orders::mark_arrived(ctx, order.as_str()).await.map(|_| ReceiveEvent::Arrived)
            }
        };
        done.unwrap_or_else(|f| ReceiveEvent::Failed(fault(f)))
    }
}

/// Receives `transfer` for `staff`, exactly once whoever else tries at the same time.
pub async fn receive(ctx: &Ctx, staff: &str, transfer: InTransit) -> Result<(), Failure> {
    let claimant = crate::rand::id("receive-")?;
    let (mut flow, first) = Receiving::start(transfer, &claimant, ctx.now, &TransferPolicy::STANDARD);
    decided(drive(&mut flow, first, &Receiver { ctx, staff }).await, "receive")
}

/// Runs a receive's claim and its pool step, then stops as a crash there would (local
/// development only; the tests' way to leave a half-done receive behind).
#[cfg(feature = "dev")]
pub async fn receive_then_crash(ctx: &Ctx, transfer: InTransit) -> Result<(), Failure> {
    let (mut flow, mut todo) = Receiving::start(transfer, "crashed-receive", ctx.now, &TransferPolicy::STANDARD);
    let port = Receiver { ctx, staff: "dev" };
    for _ in 0..2 {
        let Some(command) = todo.pop() else { break };
        let event = port.run(command).await;
        if let ReceiveEvent::Failed(fault) = &event {
            return Err(super::failure(fault.clone()));
        }
        todo.extend(flow.on(event));
    }
    match flow.outcome() {
        Some(Err(fault)) => Err(super::failure(fault)),
        _ => Ok(()),
    }
}
