//! Runs a counter sale (`shared::flows::counter_sale`): each attempt starts from the order this
//! guide's `Idempotency-Key` already made, so repeats and crashes resume rather than redo.
//! Placing reuses `POST /api/orders`' creation, paying the order payment (which charges an
//! order at most once and sends the money back if the units cannot be sold), handing over the
//! pickup's, and a refused payment cancels the order so its units go back to the pool.

use super::checkout::paid;
use super::{cancel, create, current, pay, pickup};
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::http::Failure;
use shared::flows::counter_sale::{Command, CounterSale, Event, Sold};
use shared::flows::{Fault, Flow};
use shared::ids::{MemberId, OrderId};
use shared::order::ValidOrder;
use shared::scan_go::Channel;

/// A refusal from a step becomes an event the flow decides on; a failure on our side may have
/// happened, so it ends the attempt (the next one resumes from storage).
fn fault(failure: Failure) -> Result<Event, Failure> {
    match failure {
        Failure::Api(e) => Ok(Event::Failed(Fault::Refused(e))),
        other => Err(other),
    }
}

/// Sells `order` to `member` under the order id `id`: the order as it ends, whether this call
/// created it, and how it ended well (a refusal is the error).
pub async fn sell(
    ctx: &Ctx,
    staff: &StaffAuth,
    member: &MemberId,
    id: &OrderId,
    order: ValidOrder,
    stored: Option<OrderRow>,
    method: pay::Method,
) -> Result<(OrderRow, bool, Sold), Failure> {
    let mut row = stored;
    let mut created = false;
    let (mut flow, mut queue) = CounterSale::start(order, row.as_ref().map(OrderRow::status));
    while let Some(command) = queue.pop() {
        let event = match command {
            Command::Place(valid) => match create::create(ctx, member, id, &valid, Some(&staff.staff_id)).await {
                Ok((placed, fresh)) => {
                    db::orders::mark_channel(ctx, &placed.id, Channel::Counter).await?;
                    created = fresh;
                    let status = placed.status();
                    row = Some(placed);
                    Event::Placed(status)
                }
                Err(e) => fault(e)?,
            },
            Command::Pay => match paid(ctx, placed(&row)?, method).await {
                Ok(after) => {
                    let status = after.status();
                    row = Some(after);
                    Event::Paid(status)
                }
                Err(e) => fault(e)?,
            },
            Command::HandOver => match pickup::hand_over(ctx, staff, &placed(&row)?).await {
                Ok(()) => Event::HandedOver,
                Err(e) => fault(e)?,
            },
            Command::Cancel => match cancel(ctx, &placed(&row)?).await {
                Ok(()) => Event::Cancelled,
                Err(e) => fault(e)?,
            },
        };
        queue.extend(flow.on(event));
    }
    match flow.outcome() {
        Some(Ok(sold)) => {
            let row =
                current(ctx, id.as_str()).await?.ok_or_else(|| Failure::Internal(format!("order {id} vanished")))?;
            Ok((row, created, sold))
        }
        Some(Err(Fault::Refused(e))) => Err(e.into()),
        Some(Err(Fault::Crashed(why))) => Err(Failure::Internal(why)),
        None => Err(Failure::Internal("the counter sale stopped without an outcome".into())),
    }
}

fn placed(row: &Option<OrderRow>) -> Result<OrderRow, Failure> {
    row.clone().ok_or_else(|| Failure::Internal("a step after placing ran with no order".into()))
}
