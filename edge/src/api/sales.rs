//! Flash sales: `GET /api/flash-sales[/{id}]` and the manager's `POST /api/manage/flash-sales`.

use crate::auth::{self, StaffAuth};
use crate::calls::sale;
use crate::calls::stock;
use crate::ctx::Ctx;
use crate::db;
use crate::db::sales::SaleRow;
use crate::hot;
use crate::http::{Failure, Reply, invalid, json, json_text, read_json};
use futures_util::future::join_all;
use shared::api::FlashSaleView;
use shared::audit::AuditAction;
use shared::flash_sale::{FlashSale, SaleError, SaleRequest, SaleStatus, home_bucket};
use shared::ids::{MemberId, SaleId, Sku, StoreId};
use shared::keys::mac;
use shared::stock::Qty;
use shared::{ApiError, Fen};
use worker::Request;

/// A sale's figures over every bucket.
pub struct Totals {
    /// Units free to lock.
    pub remaining: u32,
    /// Units the asking member holds.
    pub member_held: u32,
    /// Units paid for.
    pub sold: u32,
    /// Units held by unpaid orders.
    pub locked: u32,
    /// Whether the sale was cancelled.
    pub cancelled: bool,
}

/// Asks every bucket of the sale for its figures (and what `member` holds, at their home bucket).
pub async fn totals(ctx: &Ctx, row: &SaleRow, member: Option<&MemberId>) -> Result<Totals, Failure> {
    let home = member.map(|m| home_bucket(m, row.buckets));
    let reports = join_all((0..row.buckets).map(|i| {
        let command = sale::Figures { now: ctx.now, member: if Some(i) == home { member.cloned() } else { None } };
        async move { sale::send(ctx, &row.id, i, &command).await }
    }))
    .await;
    let mut t = Totals { remaining: 0, member_held: 0, sold: 0, locked: 0, cancelled: false };
    for report in reports {
        let report = report?;
        t.remaining += report.figures.available;
        t.member_held += report.held;
        t.sold += report.figures.sold;
        t.locked += report.figures.locked;
        t.cancelled |= report.cancelled_at.is_some();
    }
    Ok(t)
}

/// A sale's view from D1's row and its buckets' figures.
pub fn view_of(ctx: &Ctx, row: &SaleRow, t: &Totals, member: bool) -> FlashSaleView {
    let status = match t.cancelled {
        true => SaleStatus::Cancelled,
        false => SaleStatus::at(row.starts_at(), row.ends_at(), t.remaining, ctx.now),
    };
    FlashSaleView {
        id: row.id.clone(),
        sku: row.sku.clone(),
        store_id: row.store_id.clone(),
        title: row.title.clone(),
        title_en: row.title_en.clone(),
        image: row.image.clone(),
        price_fen: Fen::new(row.price_fen.max(0) as u64),
        original_price_fen: Fen::new(row.original_price_fen.max(0) as u64),
        starts_at: row.starts_at(),
        ends_at: row.ends_at(),
        quantity: row.quantity,
        remaining: t.remaining,
        per_member_limit: row.per_member_limit,
        status,
        lock_minutes: row.lock_minutes,
        buckets: row.buckets,
        my_held: member.then_some(t.member_held),
    }
}

/// A sale's view: D1's row plus every bucket's figures (and what `member` holds, if given).
pub async fn view(ctx: &Ctx, row: &SaleRow, member: Option<&MemberId>) -> Result<FlashSaleView, Failure> {
    Ok(view_of(ctx, row, &totals(ctx, row, member).await?, member.is_some()))
}

/// The list; signed out, it is the same for everyone and kept in memory (`crate::hot`).
pub async fn list(ctx: &Ctx, req: &Request) -> Reply {
    let member = auth::optional_member(ctx, req).await;
    let build = async {
        let store = super::catalog::store_filter(ctx, req).await?;
        let rows = db::sales::current(ctx, store.as_ref().map(StoreId::as_str)).await?;
        let views = join_all(rows.iter().map(|r| view(ctx, r, member.as_ref()))).await;
        Ok(serde_json::to_string(&views.into_iter().collect::<Result<Vec<_>, _>>()?)?)
    };
    if member.is_some() { json_text(200, build.await?) } else { hot::kept(ctx, req, build).await }
}

/// One sale; signed out, kept in memory like the list.
pub async fn one(ctx: &Ctx, req: &Request, id: &str) -> Reply {
    let member = auth::optional_member(ctx, req).await;
    let build = async {
        let row = db::sales::by_id_cached(ctx, id)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("no flash sale {id}")))?;
        Ok(serde_json::to_string(&view(ctx, &row, member.as_ref()).await?)?)
    };
    if member.is_some() { json_text(200, build.await?) } else { hot::kept(ctx, req, build).await }
}

/// Creates a sale: reserves its units from the store's pool, sets up its buckets, records it.
/// Each step is idempotent on the sale id, so a retry with the same Idempotency-Key completes
/// a creation that was interrupted.
pub async fn create_sale(ctx: &Ctx, created_by: &str, id: SaleId, req: &SaleRequest) -> Result<SaleRow, Failure> {
    let sku = Sku::parse(&req.sku).map_err(|_| invalid("sku", "is not a valid sku"))?;
    let store = StoreId::parse(&req.store_id).map_err(|_| invalid("store_id", "is not a valid store id"))?;
    let carried = db::catalog::carried_products(ctx, &store).await?;
    let price = *carried.get(sku.as_str()).ok_or_else(|| invalid("sku", "is not sold in this store"))?;
    let (product, _, _) = db::catalog::product(ctx, &sku).await?.ok_or_else(|| invalid("sku", "no such product"))?;
    let sale = FlashSale::parse(id, req, &product.name, price, ctx.now)
        .map_err(|SaleError::Invalid { field, problem }| invalid(field, problem))?;
    let qty =
        Qty::parse(sale.quantity() as i64).map_err(|_| invalid("quantity", "must be 1 to 999 per reservation"))?;
    stock::send(ctx, &store, &sku, &stock::Reserve { sale: sale.id().clone(), qty, now: ctx.now }).await?;
    for index in 0..sale.buckets() {
        sale::send(ctx, sale.id().as_str(), index, &sale::Init { sale: sale.clone(), index }).await?;
    }
    db::sales::insert(ctx, &sale, created_by).await?;
    db::sales::by_id(ctx, sale.id().as_str())
        .await?
        .ok_or_else(|| Failure::Internal(format!("sale {} vanished", sale.id())))
}

pub async fn create(ctx: &Ctx, manager: &StaffAuth, req: &mut Request) -> Reply {
    let body: SaleRequest = read_json(req).await?;
    manager.own_store(&body.store_id)?;
    let id = match crate::idempotency::key(req)? {
        Some(k) => {
            let digest = mac(&ctx.keys()?.order_id, &[b"sale", manager.staff_id.as_bytes(), k.as_str().as_bytes()]);
            format!("FS{}", shared::ids::base32(&digest[..8]))
        }
        None => crate::rand::id("FS")?.chars().take(18).collect(),
    };
    let id = SaleId::parse(&id).map_err(|_| Failure::Internal(format!("sale id {id}")))?;
    let detail = format!("{} × {} @ {} fen", body.sku, body.quantity, body.price_fen);
    let entry = manager.audit(ctx, AuditAction::FlashSaleCreated, id.as_str(), detail, format!("sale:{id}"));
    let row = db::audit::around(ctx, &entry, create_sale(ctx, &manager.staff_id, id.clone(), &body)).await?;
    json(201, &view(ctx, &row, None).await?)
}
