//! Commands to whatever holds a line's units: the store's pool of the SKU (a `StockObject`) or
//! a flash-sale bucket (a `SaleObject`). Every one is idempotent at the object.

use crate::calls::sale::{self, SaleCall};
use crate::calls::stock::{self, StockCall};
use crate::ctx::Ctx;
use crate::db::orders::LineRow;
use crate::http::Failure;
use chrono::{DateTime, Utc};
use shared::flows::hold::Holder;
use shared::flows::policy::OrderPolicy;
use shared::ids::{MemberId, OrderId, SaleId, Sku, StoreId};
use shared::stock::Qty;
use shared::tier::Tier;

/// The holder of a stored line.
pub fn of(store_id: &str, line: &LineRow) -> Result<Holder, Failure> {
    let bad = || Failure::Internal(format!("unreadable line {} {}", line.sku, store_id));
    Ok(match (&line.flash_sale_id, line.bucket) {
        (Some(sale), Some(index)) => Holder::Bucket { sale: SaleId::parse(sale).map_err(|_| bad())?, index },
        _ => Holder::Pool {
            store: StoreId::parse(store_id).map_err(|_| bad())?,
            sku: Sku::parse(&line.sku).map_err(|_| bad())?,
        },
    })
}

/// The holders of an order's stored lines, in order.
pub fn of_lines(store_id: &str, lines: &[LineRow]) -> Result<Vec<Holder>, Failure> {
    lines.iter().map(|l| of(store_id, l)).collect()
}

/// Sends `pool` to a pool holder, `bucket` to a bucket holder.
async fn send(ctx: &Ctx, holder: &Holder, pool: impl StockCall, bucket: impl SaleCall) -> Result<(), Failure> {
    match holder {
        Holder::Pool { store, sku } => stock::send(ctx, store, sku, &pool).await.map(|_| ()),
        Holder::Bucket { sale, index } => sale::send(ctx, sale.as_str(), *index, &bucket).await.map(|_| ()),
    }
}

/// Holds `qty` units for the order until `until` (a bucket holds for its sale's own lock, up
/// to the limit of the member's `tier`, which the caller read from the member's card).
pub async fn lock(
    ctx: &Ctx,
    holder: &Holder,
    order: &OrderId,
    member: &MemberId,
    qty: Qty,
    tier: Tier,
    until: DateTime<Utc>,
) -> Result<(), Failure> {
    let ttl = OrderPolicy::standard().bounded_lock(until - ctx.now);
    let (order, now) = (order.clone(), ctx.now);
    send(
        ctx,
        holder,
        stock::Lock { order: order.clone(), qty, ttl_secs: ttl.num_seconds(), now },
        sale::Lock { order, member: member.clone(), qty, tier, now },
    )
    .await
}

/// Drops the order's hold (refused with `ALREADY_PAID` once the order is confirmed).
pub async fn release(ctx: &Ctx, holder: &Holder, order: &OrderId) -> Result<(), Failure> {
    let now = ctx.now;
    send(ctx, holder, stock::Release { order: order.clone(), now }, sale::Release { order: order.clone(), now }).await
}

/// Turns the hold into a sale (`LOCK_EXPIRED` if it lapsed).
pub async fn confirm(ctx: &Ctx, holder: &Holder, order: &OrderId) -> Result<(), Failure> {
    let now = ctx.now;
    send(ctx, holder, stock::Confirm { order: order.clone(), now }, sale::Confirm { order: order.clone(), now }).await
}

/// Undoes a confirmation.
pub async fn unconfirm(ctx: &Ctx, holder: &Holder, order: &OrderId) -> Result<(), Failure> {
    let now = ctx.now;
    send(ctx, holder, stock::Unconfirm { order: order.clone(), now }, sale::Unconfirm { order: order.clone(), now })
        .await
}
