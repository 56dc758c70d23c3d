//! Runs the scan-and-go checkout (`shared::flows::scan_go`): each attempt starts from what D1
//! holds (the cart frozen or not, its order and that order's state), so repeats and crashes
//! resume rather than redo. Placing reuses `POST /api/orders`' creation (the cart's one order
//! id) and paying reuses the order payment, which charges an order at most once.

use super::scan_go::{load, wallet};
use super::{cancel, create, current, pay};
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::http::Failure;
use shared::ApiError;
use shared::api::{ExitPassView, ScanGoReceipt};
use shared::flows::Fault;
use shared::flows::Flow;
use shared::flows::scan_go::{Checkout, Command, Event, Stored};
use shared::ids::{MemberId, StoreId};
use shared::order::OrderStatus;
use shared::scan_go::{ExitPass, ExitPassPolicy, PassError, cart_totals, checkout_order_id, coupon_lines};

/// Checks the member's cart `id` out with `method`: the paid order and its exit pass.
pub async fn checkout(ctx: &Ctx, member: &str, id: &str, method: pay::Method) -> Result<ScanGoReceipt, Failure> {
    let (row, lines, cart) = load(ctx, member, id).await?;
    let member = MemberId::parse(member).map_err(|_| Failure::Internal(format!("member {member}")))?;
    let round =
        u32::try_from(row.round).map_err(|_| Failure::Internal(format!("cart {} round {}", row.id, row.round)))?;
    let order_id = checkout_order_id(&ctx.keys()?.order_id, &row.id, round);
    let mut order = current(ctx, order_id.as_str()).await?;
    let stored = Stored::of(&row, order.as_ref().map(|o| (o.coupon_id.clone(), o.status())));
    let best = match stored {
        Stored::Open => {
            let (coupons, first_order) = wallet(ctx, member.as_str()).await?;
            let store = StoreId::parse(&row.store_id).map_err(|e| Failure::Internal(e.to_string()))?;
            let lines = coupon_lines(&lines).map_err(|e| Failure::Internal(e.to_string()))?;
            let totals = cart_totals(&store, lines, first_order, &coupons, ctx.now)
                .map_err(|e| ApiError::invalid(e.to_string()))?;
            totals.coupon_id
        }
        _ => None,
    };
    let (mut flow, mut queue) = Checkout::start(cart, stored, best);
    while let Some(command) = queue.pop() {
        let event = match command {
            Command::Freeze { coupon } => {
                let coupon = db::scan_go::freeze(ctx, &row.id, coupon.as_deref()).await?;
                let (_, _, cart) = load(ctx, member.as_str(), id).await?;
                Event::Frozen { coupon, cart }
            }
            Command::Place(valid) => match create::create(ctx, &member, &order_id, &valid, None).await {
                Ok((placed, _)) => {
                    db::scan_go::ordered(ctx, &row.id, &placed.id).await?;
                    let status = placed.status();
                    order = Some(placed);
                    Event::Placed(status)
                }
                Err(e) => refused(e)?,
            },
            Command::Pay => {
                let placed = order.clone().ok_or_else(|| Failure::Internal("paying before placing".into()))?;
                match paid(ctx, placed, method).await {
                    Ok(paid) => {
                        let status = paid.status();
                        order = Some(paid);
                        Event::Paid(status)
                    }
                    Err(e) => refused(e)?,
                }
            }
            Command::Thaw => {
                if let Some(placed) = current(ctx, order_id.as_str()).await?
                    && placed.status() == OrderStatus::PendingPayment
                {
                    cancel(ctx, &placed).await?;
                }
                db::scan_go::thaw(ctx, &row.id, row.round).await?;
                Event::Thawed
            }
        };
        queue.extend(flow.on(event));
    }
    match flow.outcome() {
        Some(Ok(())) => {}
        Some(Err(Fault::Refused(e))) => return Err(e.into()),
        Some(Err(Fault::Crashed(why))) => return Err(Failure::Internal(why)),
        None => return Err(Failure::Internal("the checkout stopped without an outcome".into())),
    }
    let order = order.ok_or_else(|| Failure::Internal(format!("cart {} has no order", row.id)))?;
    let pass = exit_pass(ctx, &order)?;
    Ok(ScanGoReceipt { order: super::view(ctx, &order).await?, exit_pass: pass })
}

/// A refusal from a step is an event the flow decides on; a failure on our side may have
/// happened, so it ends the attempt (the next one resumes from storage).
pub fn refused(failure: Failure) -> Result<Event, Failure> {
    match failure {
        Failure::Api(e) => Ok(Event::Failed(Fault::Refused(e))),
        other => Err(other),
    }
}

/// Pays the order; a concurrent attempt that paid it first counts as paid (the payment itself
/// never charges an order twice).
pub async fn paid(ctx: &Ctx, row: OrderRow, method: pay::Method) -> Result<OrderRow, Failure> {
    let id = row.id.clone();
    match pay::pay(ctx, row, method).await {
        Ok(row) => Ok(row),
        Err(failure) => match current(ctx, &id).await? {
            Some(after) if after.paid_at.is_some() => Ok(after),
            _ => Err(failure),
        },
    }
}

/// The exit pass of a paid scan-and-go order (the same pass every time it is asked for).
pub fn exit_pass(ctx: &Ctx, order: &OrderRow) -> Result<ExitPassView, Failure> {
    let policy = ExitPassPolicy::standard();
    let pass =
        ExitPass::of_paid(&order.id, &order.store_id, order.pickup_no, order.paid_at, &policy).map_err(
            |e| match e {
                PassError::Order(_) => ApiError::not_found(e.to_string()).into(),
                e => Failure::Internal(e.to_string()),
            },
        )?;
    Ok(pass.view(&ctx.keys()?.pickup))
}
