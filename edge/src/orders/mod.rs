//! Orders: the application logic shared by the order routes, the gateway's notifications and
//! the objects' expiry alarms. Each step is idempotent (order ids derive from idempotency keys,
//! objects dedupe by order or reference, D1 updates are conditional on the status), so a retry
//! or a crash half-way never charges twice, never oversells and never strands units.

pub mod checkout;
pub mod counter_sale;
pub mod create;
pub mod exit;
pub mod pay;
pub mod pickup;
pub mod refusal;
pub mod returns;
pub mod scan_go;

use crate::calls::member as card;
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::flows::holds;
use crate::http::Failure;
use shared::ApiError;
use shared::api::Order;
use shared::ids::OrderId;
use shared::order::OrderStatus;
use shared::order::view::{self, Details};

/// An order id read from storage or a path (a malformed one cannot exist, so it is not found).
pub fn order_id(text: &str) -> Result<OrderId, Failure> {
    OrderId::parse(text).map_err(|_| ApiError::not_found(format!("no order {text}")).into())
}

/// The order as the API shows it.
pub async fn view(ctx: &Ctx, row: &OrderRow) -> Result<Order, Failure> {
    let lines = db::orders::lines(ctx, &row.id).await?;
    let returned = match row.status() {
        OrderStatus::PickedUp | OrderStatus::Refunded => db::returns::returned_units(ctx, &row.id).await?,
        _ => Vec::new(),
    };
    let counter = match (row.pickup_no, lines.first()) {
        (Some(_), Some(l)) => db::orders::pickup_counter(ctx, &row.store_id, &l.sku).await?,
        _ => None,
    };
    let rewards = match row.paid_at {
        Some(_) => db::rewards::of_order(ctx, &row.id).await?,
        None => Vec::new(),
    };
    let envelope = match row.paid_at {
        Some(_) => db::promoters::envelope_of_order(ctx, &row.id).await?,
        None => None,
    };
    assemble(ctx, row, Details { lines, returned, counter, rewards, envelope })
}

/// A placed order as the API shows it: with the lines its placement read, a pending order
/// needs no further read (it has no pickup, returns, rewards or envelope yet).
pub async fn view_placed(ctx: &Ctx, placed: create::Placed) -> Result<Order, Failure> {
    match placed.lines {
        Some(lines) if placed.row.status() == OrderStatus::PendingPayment => {
            assemble(ctx, &placed.row, Details { lines, ..Details::default() })
        }
        _ => view(ctx, &placed.row).await,
    }
}

/// The order as the API shows it, from its row and details (the pickup key is derived only
/// for an order with a pickup number).
pub fn assemble(ctx: &Ctx, row: &OrderRow, details: Details) -> Result<Order, Failure> {
    let keys = row.pickup_no.map(|_| ctx.keys()).transpose()?;
    Ok(view::assemble(row, details, keys.as_ref().map(|k| &k.pickup[..])).map_err(ApiError::from)?)
}

/// The order as staff see it: everything but the pickup code, which only its member may see
/// (a guide who placed the order for a customer must not be able to collect it).
pub async fn staff_view(ctx: &Ctx, row: &OrderRow) -> Result<Order, Failure> {
    let mut order = view(ctx, row).await?;
    if let Some(p) = order.pickup.as_mut() {
        p.code = None;
    }
    Ok(order)
}

/// Many orders as the API shows them, with a fixed number of queries (one per kind of
/// detail), not one round of queries per order. Lapsed unpaid orders are expired first, as
/// [`current`] does for one.
pub async fn views(ctx: &Ctx, rows: Vec<OrderRow>) -> Result<Vec<Order>, Failure> {
    let mut fresh = Vec::with_capacity(rows.len());
    for row in rows {
        fresh.push(if row.lapsed_at(ctx.now) { current(ctx, &row.id).await?.unwrap_or(row) } else { row });
    }
    let ids: Vec<&str> = fresh.iter().map(|r| r.id.as_str()).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut lines = db::order_lists::lines(ctx, &ids).await?;
    let mut returned = db::order_lists::returned_units(ctx, &ids).await?;
    let mut counters = db::order_lists::pickup_counters(ctx, &ids).await?;
    let mut rewards = db::order_lists::rewards(ctx, &ids).await?;
    let mut envelopes = db::order_lists::envelopes(ctx, &ids).await?;
    let mut out = Vec::with_capacity(fresh.len());
    for row in &fresh {
        let details = Details {
            lines: lines.remove(&row.id).unwrap_or_default(),
            returned: returned.remove(&row.id).unwrap_or_default(),
            counter: counters.remove(&row.id),
            rewards: rewards.remove(&row.id).unwrap_or_default(),
            envelope: envelopes.remove(&row.id),
        };
        out.push(assemble(ctx, row, details)?);
    }
    Ok(out)
}

/// The order as stored now, expiring it first if its lock lapsed unpaid (lazily, in case no
/// object's alarm has run yet).
pub async fn current(ctx: &Ctx, id: &str) -> Result<Option<OrderRow>, Failure> {
    let Some(row) = db::orders::by_id(ctx, id).await? else { return Ok(None) };
    if row.lapsed_at(ctx.now) {
        expire(ctx, &order_id(&row.id)?).await?;
        return db::orders::by_id(ctx, id).await;
    }
    Ok(Some(row))
}

/// A member's own order, or 404 (someone else's is not found either).
pub async fn own(ctx: &Ctx, member_id: &str, id: &str) -> Result<OrderRow, Failure> {
    current(ctx, id)
        .await?
        .filter(|o| o.member_id == member_id)
        .ok_or_else(|| ApiError::not_found(format!("no order {id}")).into())
}

/// pending → expired. Its holds have lapsed by then (each object drops them lazily or by
/// alarm); what remains is the order's status and its coupon, which goes back to the wallet.
pub async fn expire(ctx: &Ctx, order: &OrderId) -> Result<(), Failure> {
    crate::flows::expiry::lock_lapsed(ctx, order).await.map(|_| ())
}

/// Gives an order's coupon back to the member's wallet (if the order held or used it).
pub async fn release_coupon(ctx: &Ctx, row: &OrderRow) -> Result<(), Failure> {
    if let Some(coupon) = &row.coupon_id {
        let command = card::ReleaseCoupon { id: coupon.clone(), order: order_id(&row.id)? };
        let _: Option<shared::coupon::Coupon> = card::send(ctx, &row.member_id, &command).await?;
    }
    Ok(())
}

/// pending → cancelled: every hold is released first, so a payment racing the cancel either
/// confirmed a line already (then the cancel is refused: `ALREADY_PAID`) or finds no hold.
pub async fn cancel(ctx: &Ctx, row: &OrderRow) -> Result<(), Failure> {
    row.status().cancel().map_err(ApiError::from)?;
    let id = order_id(&row.id)?;
    for line in db::orders::lines(ctx, &row.id).await? {
        holds::release(ctx, &holds::of(row.stock_store(), &line)?, &id).await?;
    }
    if db::orders::close(ctx, &row.id, OrderStatus::Cancelled).await? {
        release_coupon(ctx, row).await?;
    }
    Ok(())
}
