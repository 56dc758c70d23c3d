//! `POST /api/orders`: lock every line's units (all or none), lock the coupon if one is given,
//! and record the order. [`plan`] (pricing, where units are held, the cart a coupon sees) also
//! serves the checkout quote, which locks nothing.

use crate::ctx::Ctx;
use crate::db;
use crate::db::catalog::StoreProduct;
use crate::db::orders::{LineRow, OrderRow};
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
use std::collections::HashMap;
use worker::D1Result;

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

/// What D1 says before an order is planned: the store's products of its lines, and whether the
/// member has paid an order before (a first-order coupon's condition).
pub struct Known {
    carried: HashMap<String, StoreProduct>,
    first_order: bool,
}

fn skus(order: &ValidOrder) -> Vec<&str> {
    order.lines.iter().map(|l| l.sku.as_str()).collect()
}

fn next(results: &mut impl Iterator<Item = D1Result>) -> Result<D1Result, Failure> {
    results.next().ok_or_else(|| Failure::Internal("a batch answered fewer results than it had statements".into()))
}

/// Prices every line, finds where its units are held and builds the coupon cart; refuses lines
/// that cannot be bought (the checkout quote: nothing is locked).
pub async fn plan(ctx: &Ctx, member: &MemberId, order: &ValidOrder) -> Result<Plan, Failure> {
    let db = ctx.db()?;
    let reads = vec![
        db::catalog::products_in_store_read(&db, &order.store_id, &skus(order))?,
        db::campaigns::has_paid_order_read(&db, member.as_str())?,
    ];
    let mut results = db.batch(reads).await?.into_iter();
    let carried = db::catalog::carried(next(&mut results)?)?;
    let first_order = !db::campaigns::paid_before(next(&mut results)?)?;
    plan_with(ctx, member, order, Known { carried, first_order }).await
}

async fn plan_with(ctx: &Ctx, member: &MemberId, order: &ValidOrder, known: Known) -> Result<Plan, Failure> {
    let policy = OrderPolicy::standard();
    let skus = skus(order);
    let Known { carried, first_order } = known;
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
                if let Some(refusal) = sale.not_live_at(ctx.now) {
                    return Err(refusal.into());
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
    place(ctx, member, id, order, placed_by, None).await.map(|p| (p.row, p.created))
}

/// An order [`place`] answers with.
pub struct Placed {
    /// Its row.
    pub row: OrderRow,
    /// Whether this call created it.
    pub created: bool,
    /// Its lines, when this call recorded them (read in the same round trip as the insert).
    pub lines: Option<Vec<LineRow>>,
}

/// [`create`], with the lines of an order it recorded, so the answer needs no further read.
/// `session`: the caller's session, when the door left it to be read here (then nothing is
/// answered before it is found live).
pub async fn place(
    ctx: &Ctx,
    member: &MemberId,
    id: &OrderId,
    order: &ValidOrder,
    placed_by: Option<&str>,
    session: Option<&str>,
) -> Result<Placed, Failure> {
    let fingerprint = order.fingerprint();
    // Everything D1 must say first, in one round trip: whether the session is live (when the
    // door left it), the order if this key made it already, what the member holds unpaid, the
    // products, whether the member has paid an order before.
    let db = ctx.db()?;
    let mut reads = Vec::with_capacity(5);
    if let Some(session) = session {
        reads.push(db::sessions::is_live_read(&db, session)?);
    }
    reads.extend([
        db::orders::by_id_read(&db, id.as_str())?,
        db::holds::of_member_read(&db, member.as_str(), ctx.now)?,
        db::catalog::products_in_store_read(&db, &order.store_id, &skus(order))?,
        db::campaigns::has_paid_order_read(&db, member.as_str())?,
    ]);
    let mut results = db.batch(reads).await?.into_iter();
    if session.is_some() && !db::sessions::live(next(&mut results)?)? {
        return Err(crate::auth::signed_out().into());
    }
    if let Some(existing) = next(&mut results)?.results::<OrderRow>()?.into_iter().next() {
        return same_request(existing, &fingerprint).map(|row| Placed { row, created: false, lines: None });
    }
    // Over a holding limit already: refused before anything is locked. The insert checks
    // again atomically, for orders racing this one.
    hold_refusal(&db::holds::holdings(next(&mut results)?)?, order)?;
    let carried = db::catalog::carried(next(&mut results)?)?;
    let first_order = !db::campaigns::paid_before(next(&mut results)?)?;
    let plan = plan_with(ctx, member, order, Known { carried, first_order }).await?;
    let placement =
        PlacementOrder { id: id.clone(), lines: plan.lines, coupon: order.coupon_id.clone(), cart: plan.cart };
    let (row, created, lines) = Placer::new(ctx, id, member, order, &fingerprint, placed_by).place(placement).await?;
    let lines = Some(lines);
    if created {
        Ok(Placed { row, created, lines })
    } else {
        same_request(row, &fingerprint).map(|row| Placed { row, created, lines })
    }
}

fn same_request(row: OrderRow, fingerprint: &str) -> Result<OrderRow, Failure> {
    if row.fingerprint == fingerprint {
        Ok(row)
    } else {
        Err(ApiError::new(ErrorCode::IdempotencyMismatch, "this Idempotency-Key was used for a different order").into())
    }
}
