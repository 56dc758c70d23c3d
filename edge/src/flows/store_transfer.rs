//! Runs transfers between stores ([`shared::flows::store_transfer`]): the stock pools take the
//! units out and put them in (once per transfer reference), D1 notes, claims and marks the row.

use super::{Ports, decided, drive, fault};
use crate::calls::stock;
use crate::ctx::Ctx;
use crate::db::transfers as rows;
use crate::http::Failure;
#[cfg(feature = "dev")]
use shared::flows::Flow;
use shared::flows::store_transfer::receive::InTransit;
use shared::flows::store_transfer::*;

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
            SendCommand::TakeOut { store, sku, qty, reference } => {
                let out = stock::TransferOut { reference, qty, now: ctx.now };
                stock::send(ctx, &store, &sku, &out).await.map(|_| SendEvent::TakenOut)
            }
            SendCommand::MarkInTransit(id) => rows::mark_in_transit(ctx, &id).await.map(|_| SendEvent::Marked),
            SendCommand::Drop(id) => rows::drop_requested(ctx, &id).await.map(|_| SendEvent::Dropped),
        };
        done.unwrap_or_else(|f| SendEvent::Failed(fault(f)))
    }
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
            ReceiveCommand::TakeIn { store, sku, qty, reference } => {
                stock::receive(ctx, &store, &sku, &reference, qty).await.map(|_| ReceiveEvent::TakenIn)
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
