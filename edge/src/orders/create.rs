//! `POST /api/orders`: lock every line's units (all or none), lock the coupon if one is given,
//! and record the order. [`plan`] (pricing, where units are held, the cart a coupon sees) also
//! serves the checkout quote, which locks nothing.

use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::flows::placement::{Placer, hold_refusal};
use crate::http::Failure;
use shared::coupon::{Cart, CartLine};
use shared::flash_sale::home_bucket;
use shared::flows::hold::Holder;
use shared::flows::placement::{PlacementLine, PlacementOrder};
use shared::flows::policy::OrderPolicy;
use shared::ids::{Category, MemberId, OrderId, SaleId};
use shared::order::{TotalTooLarge, ValidOrder, subtotal};
use shared::{ApiError, ErrorCode, Fen};

/// An order's lines, priced, with the cart its coupon is judged on.
pub struct Plan {
    /// The lines, priced, with where each is held and for how long.
    pub lines: Vec<PlacementLine>,
    /// The cart a coupon is judged on.
    pub cart: Cart,
    subtotal: Fen,
}

impl Plan {
    /// Σ price × qty (checked when the plan was made, so it fits).
    pub fn subtotal(&self) -> Fen {
        self.subtotal
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
    let policy = OrderPolicy::standard();
    let skus: Vec<&str> = order.lines.iter().map(|l| l.sku.as_str()).collect();
    let carried = db::catalog::products_in_store(ctx, &order.store_id, &skus).await?;
    // An order of units another store has holds them in that store's pool (they travel).
    let stock_store = match &order.from_store {
        Some(from) if db::catalog::products_in_store(ctx, from, &skus).await?.len() < skus.len() => {
            return Err(invalid("from_store".into(), "does not sell every product of the order"));
        }
        Some(from) => from,
        None => &order.store_id,
    };
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
        let (holder, sale_price, sale_lock) = match &line.flash_sale_id {
            None => (Holder::Pool { store: stock_store.clone(), sku: line.sku.clone() }, None, None),
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
                let id = SaleId::parse(&sale.id).map_err(|e| Failure::Internal(e.to_string()))?;
                let holder = Holder::Bucket { sale: id, index: home_bucket(member, sale.buckets) };
                let lock = policy.sale_lock(sale.lock_minutes);
                (holder, Some(Fen::new(sale.price_fen.max(0) as u64)), Some(lock))
            }
        };
        let price = policy.unit_price(shelf_price, sale_price);
        cart_lines.push(CartLine {
            sku: line.sku.clone(),
            category: Category::parse(&product.category).map_err(|e| Failure::Internal(e.to_string()))?,
            brand: product.brand.clone(),
            unit_price: price,
            qty: line.qty.get(),
            flash_sale: sale_price.is_some(),
        });
        planned.push(PlacementLine::new(line.sku.clone(), line.qty, price, holder, policy.line_lock(sale_lock)));
    }
    // An order whose amounts would overflow is refused here, before anything is locked.
    let subtotal = subtotal(&planned.iter().map(|l| (l.price(), l.qty())).collect::<Vec<_>>()).map_err(too_large)?;
    let first_order = !db::campaigns::has_paid_order(ctx, member.as_str()).await?;
    let cart = Cart { store: order.store_id.clone(), lines: cart_lines, first_order };
    Ok(Plan { lines: planned, cart, subtotal })
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
    // Over a holding limit already: refused before anything is locked. The insert checks
    // again atomically, for orders racing this one.
    hold_refusal(&db::holds::of_member(ctx, member.as_str()).await?, order)?;
    let plan = plan(ctx, member, order).await?;
    let placement =
        PlacementOrder { id: id.clone(), lines: plan.lines, coupon: order.coupon_id.clone(), cart: plan.cart };
    let (row, created) = Placer::new(ctx, id, member, order, &fingerprint, placed_by).place(placement).await?;
    if created { Ok((row, true)) } else { same_request(row, &fingerprint).map(|row| (row, false)) }
}

fn same_request(row: OrderRow, fingerprint: &str) -> Result<OrderRow, Failure> {
    if row.fingerprint == fingerprint {
        Ok(row)
    } else {
        Err(ApiError::new(ErrorCode::IdempotencyMismatch, "this Idempotency-Key was used for a different order").into())
    }
}
