//! `POST /api/orders`: lock every line's units (all or none), lock the coupon if one is given,
//! and record the order. [`plan`] (pricing, where units are held, the cart a coupon sees) also
//! serves the checkout quote, which locks nothing.

use super::Holder;
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::{NewLine, NewOrder, OrderRow};
use crate::http::Failure;
use crate::objects::member::{self as card, MemberCommand};
use crate::objects::sale::{self, BucketReport, SaleCommand};
use crate::objects::stock::{self, StockCommand};
use chrono::Duration;
use shared::coupon::{Cart, CartLine, Coupon, discount};
use shared::flash_sale::home_bucket;
use shared::holds;
use shared::ids::{Category, MemberId, OrderId};
use shared::order::{TotalTooLarge, ValidOrder, subtotal, totals};
use shared::{ApiError, ErrorCode, Fen};

/// How long an ordinary (non flash-sale) order holds its units.
pub fn default_lock() -> Duration {
    Duration::minutes(10)
}

/// A coupon lock outlives its order's stock lock by this much, so the order can still be
/// completed at the last moment; after it, a lock left by an order never recorded frees itself.
pub fn coupon_grace() -> Duration {
    Duration::minutes(2)
}

/// A line ready to lock: where, how many, at what price.
pub struct Planned {
    holder: Holder,
    sku: String,
    qty: shared::stock::Qty,
    price: Fen,
    sale: Option<String>,
    bucket: Option<u32>,
    ttl: Duration,
}

/// An order's lines, priced, with the cart its coupon is judged on.
pub struct Plan {
    pub lines: Vec<Planned>,
    pub cart: Cart,
    subtotal: Fen,
}

impl Plan {
    /// Σ price × qty (checked when the plan was made, so it fits).
    pub fn subtotal(&self) -> Fen {
        self.subtotal
    }

    fn priced(&self) -> Vec<(Fen, shared::stock::Qty)> {
        self.lines.iter().map(|l| (l.price, l.qty)).collect()
    }
}

fn too_large(e: TotalTooLarge) -> Failure {
    ApiError::invalid(e.to_string()).into()
}

fn invalid(field: String, problem: &str) -> Failure {
    ApiError::invalid(format!("{field}: {problem}")).into()
}

/// Prices every line, finds where its units are held and builds the coupon cart; refuses lines
/// that cannot be bought.
pub async fn plan(ctx: &Ctx, member: &MemberId, order: &ValidOrder) -> Result<Plan, Failure> {
    let skus: Vec<&str> = order.lines.iter().map(|l| l.sku.as_str()).collect();
    let carried = db::catalog::products_in_store(ctx, &order.store_id, &skus).await?;
    let mut planned = Vec::with_capacity(order.lines.len());
    let mut cart_lines = Vec::with_capacity(order.lines.len());
    for (i, line) in order.lines.iter().enumerate() {
        let Some(product) = carried.get(line.sku.as_str()) else {
            // Only now is it worth a query to say which is wrong: the store or the product.
            if db::catalog::store(ctx, &order.store_id).await?.is_none() {
                return Err(invalid("store_id".into(), "no such store"));
            }
            return Err(invalid(format!("lines[{i}].sku"), "is not sold in this store"));
        };
        let shelf_price = Fen::new(product.price_fen.max(0) as u64);
        let p = match &line.flash_sale_id {
            None => Planned {
                holder: Holder::Pool { store: order.store_id.clone(), sku: line.sku.clone() },
                sku: line.sku.to_string(),
                qty: line.qty,
                price: shelf_price,
                sale: None,
                bucket: None,
                ttl: default_lock(),
            },
            Some(sale_id) => {
                let sale = db::sales::by_id_cached(ctx, sale_id.as_str())
                    .await?
                    .ok_or_else(|| invalid(format!("lines[{i}].flash_sale_id"), "no such flash sale"))?;
                if sale.sku != line.sku.as_str() || sale.store_id != order.store_id.as_str() {
                    return Err(invalid(format!("lines[{i}].flash_sale_id"), "is a sale of another product or store"));
                }
                if !sale.is_live_at(ctx.now) {
                    let when = if ctx.now < sale.starts_at() { "has not started" } else { "has ended" };
                    return Err(ApiError::new(ErrorCode::SaleNotLive, format!("flash sale {} {when}", sale.id)).into());
                }
                let index = home_bucket(member, sale.buckets);
                Planned {
                    holder: Holder::Bucket { sale: sale.id.clone(), index },
                    sku: line.sku.to_string(),
                    qty: line.qty,
                    price: Fen::new(sale.price_fen.max(0) as u64),
                    sale: Some(sale.id.clone()),
                    bucket: Some(index),
                    ttl: Duration::minutes(sale.lock_minutes as i64),
                }
            }
        };
        cart_lines.push(CartLine {
            sku: line.sku.clone(),
            category: Category::parse(&product.category).map_err(|e| Failure::Internal(e.to_string()))?,
            brand: product.brand.clone(),
            unit_price: p.price,
            qty: p.qty.get(),
            flash_sale: p.sale.is_some(),
        });
        planned.push(p);
    }
    // Every line holds for the same time (the shortest), so the order lapses as one.
    let ttl = planned.iter().map(|l| l.ttl).min().unwrap_or_else(default_lock);
    for line in &mut planned {
        line.ttl = ttl;
    }
    // An order whose amounts would overflow is refused here, before anything is locked.
    let subtotal = subtotal(&planned.iter().map(|l| (l.price, l.qty)).collect::<Vec<_>>()).map_err(too_large)?;
    let first_order = !db::campaigns::has_paid_order(ctx, member.as_str()).await?;
    let cart = Cart { store: order.store_id.clone(), lines: cart_lines, first_order };
    Ok(Plan { lines: planned, cart, subtotal })
}

async fn lock(ctx: &Ctx, id: &OrderId, member: &MemberId, line: &Planned) -> Result<(), Failure> {
    match &line.holder {
        Holder::Pool { store, sku } => {
            let command =
                StockCommand::Lock { order: id.clone(), qty: line.qty, ttl_secs: line.ttl.num_seconds(), now: ctx.now };
            stock::send(ctx, store, sku, &command).await.map(|_| ())
        }
        Holder::Bucket { sale, index } => {
            let command = SaleCommand::Lock { order: id.clone(), member: member.clone(), qty: line.qty, now: ctx.now };
            sale::send::<BucketReport>(ctx, sale, *index, &command).await.map(|_| ())
        }
    }
}

/// Locks the coupon on the order and works out its discount; a coupon that does not apply is
/// released again and refused.
async fn apply_coupon(
    ctx: &Ctx,
    member: &MemberId,
    id: &OrderId,
    coupon_id: &str,
    plan: &Plan,
    until: chrono::DateTime<chrono::Utc>,
) -> Result<Fen, Failure> {
    let command = MemberCommand::LockCoupon { id: coupon_id.to_owned(), order: id.clone(), until, now: ctx.now };
    let coupon: Coupon = card::send(ctx, member.as_str(), &command).await?;
    match discount(&coupon.terms, &plan.cart) {
        Ok(d) => Ok(d),
        Err(reason) => {
            let release = MemberCommand::ReleaseCoupon { id: coupon_id.to_owned(), order: id.clone() };
            let _: Option<Coupon> = card::send(ctx, member.as_str(), &release).await?;
            Err(ApiError::new(ErrorCode::CouponNotApplicable, format!("this coupon cannot be used here: {reason}"))
                .into())
        }
    }
}

/// Creates the order, or returns the one this idempotency key already made. `Ok((row, true))`
/// when it was created now.
pub async fn create(
    ctx: &Ctx,
    member: &MemberId,
    id: &OrderId,
    order: &ValidOrder,
    placed_by: Option<&str>,
) -> Result<(OrderRow, bool), Failure> {
    let fingerprint = order.fingerprint();
    if let Some(existing) = db::orders::by_id(ctx, id.as_str()).await? {
        return same_request(existing, &fingerprint).map(|row| (row, false));
    }
    // Over a holding limit already: refused before anything is locked. The insert below checks
    // again atomically, for orders racing this one.
    hold_refusal(&db::holds::of_member(ctx, member.as_str()).await?, order)?;
    let plan = plan(ctx, member, order).await?;
    let ttl = plan.lines.first().map(|l| l.ttl).unwrap_or_else(default_lock);
    let lock_expires_at = ctx.now + ttl;
    // All lines or none: a refusal releases what was already held.
    for (i, line) in plan.lines.iter().enumerate() {
        if let Err(refusal) = lock(ctx, id, member, line).await {
            release(ctx, id, &plan.lines[..i]).await;
            return Err(refusal);
        }
    }
    let discount = match &order.coupon_id {
        Some(coupon_id) => {
            match apply_coupon(ctx, member, id, coupon_id, &plan, lock_expires_at + coupon_grace()).await {
                Ok(d) => d,
                Err(refusal) => {
                    release(ctx, id, &plan.lines).await;
                    return Err(refusal);
                }
            }
        }
        None => Fen::ZERO,
    };
    let t = match totals(&plan.priced(), discount) {
        Ok(t) => t,
        Err(e) => {
            release(ctx, id, &plan.lines).await;
            release_coupon(ctx, member, id, order.coupon_id.as_deref()).await;
            return Err(too_large(e));
        }
    };
    let new = NewOrder {
        id: id.as_str(),
        member_id: member.as_str(),
        store_id: order.store_id.as_str(),
        subtotal_fen: t.subtotal.get(),
        discount_fen: t.discount.get(),
        total_fen: t.total.get(),
        coupon_id: order.coupon_id.as_deref(),
        fingerprint: &fingerprint,
        lock_expires_at,
        placed_by,
        lines: plan
            .lines
            .iter()
            .map(|l| NewLine {
                sku: &l.sku,
                qty: l.qty.get(),
                unit_price_fen: l.price.get(),
                flash_sale_id: l.sale.as_deref(),
                bucket: l.bucket,
            })
            .collect(),
    };
    let created = db::orders::insert(ctx, &new, holds::MAX_PENDING_ORDERS, holds::MAX_HELD_UNITS_PER_SKU).await?;
    let Some(row) = db::orders::by_id(ctx, id.as_str()).await? else {
        // Not recorded: a holding limit refused it (orders racing this one took the room).
        release(ctx, id, &plan.lines).await;
        release_coupon(ctx, member, id, order.coupon_id.as_deref()).await;
        hold_refusal(&db::holds::of_member(ctx, member.as_str()).await?, order)?;
        return Err(ApiError::new(
            ErrorCode::TooManyPending,
            format!("too many unpaid orders at once (at most {}); try again", holds::MAX_PENDING_ORDERS),
        )
        .into());
    };
    if created { Ok((row, true)) } else { same_request(row, &fingerprint).map(|row| (row, false)) }
}

/// The contract's answer when an order would hold more than a member may hold unpaid.
fn hold_refusal(held: &holds::Holdings, order: &ValidOrder) -> Result<(), Failure> {
    holds::check(held, order).map_err(|refusal| {
        let code = match refusal {
            holds::HoldRefusal::TooManyPending { .. } => ErrorCode::TooManyPending,
            holds::HoldRefusal::TooManyUnits { .. } => ErrorCode::LimitExceeded,
        };
        ApiError::new(code, refusal.to_string()).into()
    })
}

/// Gives back a coupon locked on an order that is not recorded after all (best effort: a
/// coupon lock not released lapses after the order's lock and the grace).
async fn release_coupon(ctx: &Ctx, member: &MemberId, id: &OrderId, coupon: Option<&str>) {
    if let Some(coupon) = coupon {
        let command = MemberCommand::ReleaseCoupon { id: coupon.to_owned(), order: id.clone() };
        let released: Result<Option<Coupon>, Failure> = card::send(ctx, member.as_str(), &command).await;
        if let Err(e) = released {
            worker::console_error!("releasing coupon {coupon} of order {id}: {e:?}");
        }
    }
}

/// Releases the holds of lines already locked (best effort: a hold not released lapses).
async fn release(ctx: &Ctx, id: &OrderId, lines: &[Planned]) {
    for line in lines {
        if let Err(e) = line.holder.release(ctx, id).await {
            worker::console_error!("releasing a hold of order {id} (it will lapse): {e:?}");
        }
    }
}

fn same_request(row: OrderRow, fingerprint: &str) -> Result<OrderRow, Failure> {
    if row.fingerprint == fingerprint {
        Ok(row)
    } else {
        Err(ApiError::new(ErrorCode::IdempotencyMismatch, "this Idempotency-Key was used for a different order").into())
    }
}
