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
use crate::db::orders::{LineRow, OrderRow};
use crate::flows::holds;
use crate::http::Failure;
use shared::api::{Order, OrderLineView, Pickup, RedEnvelopeView};
use shared::ids::OrderId;
use shared::order::OrderStatus;
use shared::pickup::pickup_code;
use shared::scan_go::Channel;
use shared::{ApiError, Fen};

/// An order id read from storage or a path (a malformed one cannot exist, so it is not found).
pub fn order_id(text: &str) -> Result<OrderId, Failure> {
    OrderId::parse(text).map_err(|_| ApiError::not_found(format!("no order {text}")).into())
}

/// What an order's view needs besides its row.
pub struct Details {
    /// Its lines, in order.
    pub lines: Vec<LineRow>,
    /// Units returned per SKU (picked-up or refunded orders).
    pub returned: Vec<(String, u32)>,
    /// The pickup counter (orders with a pickup number).
    pub counter: Option<db::orders::CounterRow>,
    /// Coupons the payment earned (paid orders).
    pub rewards: Vec<shared::api::OrderReward>,
    /// The red envelope the paid order carries, if it earned one.
    pub envelope: Option<db::promoters::EnvelopeRow>,
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
            let none = Details { lines, returned: Vec::new(), counter: None, rewards: Vec::new(), envelope: None };
            assemble(ctx, &placed.row, none)
        }
        _ => view(ctx, &placed.row).await,
    }
}

/// The order as the API shows it, from its row and details.
pub fn assemble(ctx: &Ctx, row: &OrderRow, details: Details) -> Result<Order, Failure> {
    let Details { lines, returned, counter, rewards, envelope } = details;
    let pickup = match row.pickup_no {
        Some(no) => {
            let id = order_id(&row.id)?;
            Some(Pickup {
                code: Some(pickup_code(&ctx.keys()?.pickup, &id, no.max(0) as u64)),
                counter_id: counter.as_ref().map(|c| c.id.clone()),
                counter_name: counter.as_ref().map(|c| c.name.clone()),
                counter_name_en: counter.as_ref().map(|c| c.name_en.clone()),
                store_name: counter.as_ref().map(|c| c.store_name.clone()),
                store_name_en: counter.as_ref().map(|c| c.store_name_en.clone()),
                floor: counter.map(|c| c.floor),
            })
        }
        None => None,
    };
    let fen = |v: i64| Fen::new(v.max(0) as u64);
    Ok(Order {
        id: row.id.clone(),
        member_id: row.member_id.clone(),
        store_id: row.store_id.clone(),
        status: row.status(),
        lines: lines
            .into_iter()
            .map(|l| OrderLineView {
                returned_qty: returned.iter().find(|(s, _)| *s == l.sku).map(|(_, n)| *n).unwrap_or(0),
                sku: l.sku,
                qty: l.qty,
                unit_price_fen: fen(l.unit_price_fen),
                flash_sale_id: l.flash_sale_id,
                name: l.name,
                name_en: l.name_en,
                image: l.image,
            })
            .collect(),
        subtotal_fen: fen(row.subtotal_fen),
        discount_fen: fen(row.discount_fen),
        total_fen: fen(row.total_fen),
        coupon_id: row.coupon_id.clone(),
        created_at: row.created_at,
        lock_expires_at: row.lock_expires_at(),
        paid_at: row.paid_at,
        payment_method: row.payment_method,
        picked_up_at: row.picked_up_at,
        pickup,
        placed_by: row.placed_by.clone(),
        rewards: if row.paid_at.is_some() { rewards } else { Vec::new() },
        channel: row.channel.as_deref().and_then(Channel::parse).unwrap_or_default(),
        red_envelope: envelope.filter(|_| row.paid_at.is_some()).map(|e| RedEnvelopeView {
            link: format!("/red-envelopes/{}", e.id),
            id: e.id,
            shares: e.shares.clamp(0, u16::MAX.into()) as u16,
            total_fen: fen(e.total_fen),
        }),
        from_store: row.source_store.clone(),
    })
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
        let lapsed = row.status() == OrderStatus::PendingPayment && ctx.now >= row.lock_expires_at();
        fresh.push(if lapsed { current(ctx, &row.id).await?.unwrap_or(row) } else { row });
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
    if row.status() == OrderStatus::PendingPayment && ctx.now >= row.lock_expires_at() {
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
    row.status().cancel().map_err(transition_error)?;
    let id = order_id(&row.id)?;
    for line in db::orders::lines(ctx, &row.id).await? {
        holds::release(ctx, &holds::of(row.stock_store(), &line)?, &id).await?;
    }
    if db::orders::close(ctx, &row.id, OrderStatus::Cancelled).await? {
        release_coupon(ctx, row).await?;
    }
    Ok(())
}

/// The contract's code for a refused transition.
pub fn transition_error(e: shared::order::TransitionError) -> Failure {
    use shared::ErrorCode;
    use shared::order::TransitionError::*;
    let code = match e {
        AlreadyPaid => ErrorCode::AlreadyPaid,
        NotPaid => ErrorCode::NotPaid,
        AlreadyPickedUp => ErrorCode::AlreadyPickedUp,
        Expired => ErrorCode::LockExpired,
        Cancelled | Refunded => ErrorCode::Conflict,
        NotArrived => ErrorCode::NotArrived,
    };
    ApiError::new(code, e.to_string()).into()
}
