//! `POST /api/orders`: lock every line's units (all or none) and record the order.

use super::Holder;
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::{NewLine, NewOrder, OrderRow};
use crate::http::Failure;
use crate::objects::sale::{self, BucketReport, SaleCommand};
use crate::objects::stock::{self, StockCommand};
use chrono::Duration;
use shared::flash_sale::home_bucket;
use shared::ids::{MemberId, OrderId};
use shared::order::{ValidOrder, totals};
use shared::{ApiError, ErrorCode, Fen};

/// How long an ordinary (non flash-sale) order holds its units.
pub fn default_lock() -> Duration {
    Duration::minutes(10)
}

/// A line ready to lock: where, how many, at what price.
struct Planned {
    holder: Holder,
    sku: String,
    qty: shared::stock::Qty,
    price: Fen,
    sale: Option<String>,
    bucket: Option<u32>,
    ttl: Duration,
}

fn invalid(field: String, problem: &str) -> Failure {
    ApiError::invalid(format!("{field}: {problem}")).into()
}

/// Prices every line and finds where its units are held; refuses lines that cannot be bought.
async fn plan(ctx: &Ctx, member: &MemberId, order: &ValidOrder) -> Result<Vec<Planned>, Failure> {
    let skus: Vec<&str> = order.lines.iter().map(|l| l.sku.as_str()).collect();
    let carried = db::catalog::prices_in_store(ctx, &order.store_id, &skus).await?;
    let mut planned = Vec::with_capacity(order.lines.len());
    for (i, line) in order.lines.iter().enumerate() {
        let Some(shelf_price) = carried.get(line.sku.as_str()) else {
            // Only now is it worth a query to say which is wrong: the store or the product.
            if db::catalog::store(ctx, &order.store_id).await?.is_none() {
                return Err(invalid("store_id".into(), "no such store"));
            }
            return Err(invalid(format!("lines[{i}].sku"), "is not sold in this store"));
        };
        let p = match &line.flash_sale_id {
            None => Planned {
                holder: Holder::Pool { store: order.store_id.clone(), sku: line.sku.clone() },
                sku: line.sku.to_string(),
                qty: line.qty,
                price: *shelf_price,
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
        planned.push(p);
    }
    Ok(planned)
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

/// Creates the order, or returns the one this idempotency key already made. `Ok((row, true))`
/// when it was created now.
pub async fn create(
    ctx: &Ctx,
    member: &MemberId,
    id: &OrderId,
    order: &ValidOrder,
) -> Result<(OrderRow, bool), Failure> {
    let fingerprint = order.fingerprint();
    if let Some(existing) = db::orders::by_id(ctx, id.as_str()).await? {
        return same_request(existing, &fingerprint).map(|row| (row, false));
    }
    if order.coupon_id.is_some() {
        return Err(ApiError::new(ErrorCode::CouponNotApplicable, "coupons are not accepted on orders yet").into());
    }
    let mut planned = plan(ctx, member, order).await?;
    // Every line holds for the same time (the shortest), so the order lapses as one.
    let ttl = planned.iter().map(|l| l.ttl).min().unwrap_or_else(default_lock);
    for line in &mut planned {
        line.ttl = ttl;
    }
    // All lines or none: a refusal releases what was already held.
    for (i, line) in planned.iter().enumerate() {
        if let Err(refusal) = lock(ctx, id, member, line).await {
            for earlier in &planned[..i] {
                let _ = earlier.holder.release(ctx, id).await;
            }
            return Err(refusal);
        }
    }
    let priced: Vec<_> = planned.iter().map(|l| (l.price, l.qty)).collect();
    let t = totals(&priced, Fen::ZERO);
    let new = NewOrder {
        id: id.as_str(),
        member_id: member.as_str(),
        store_id: order.store_id.as_str(),
        subtotal_fen: t.subtotal.get(),
        discount_fen: t.discount.get(),
        total_fen: t.total.get(),
        coupon_id: None,
        fingerprint: &fingerprint,
        lock_expires_at: ctx.now + ttl,
        lines: planned
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
    let created = db::orders::insert(ctx, &new).await?;
    let row =
        db::orders::by_id(ctx, id.as_str()).await?.ok_or_else(|| Failure::Internal(format!("order {id} vanished")))?;
    if created { Ok((row, true)) } else { same_request(row, &fingerprint).map(|row| (row, false)) }
}

fn same_request(row: OrderRow, fingerprint: &str) -> Result<OrderRow, Failure> {
    if row.fingerprint == fingerprint {
        Ok(row)
    } else {
        Err(ApiError::new(ErrorCode::IdempotencyMismatch, "this Idempotency-Key was used for a different order").into())
    }
}
