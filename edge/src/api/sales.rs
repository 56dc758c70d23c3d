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
use shared::ApiError;
use shared::api::FlashSaleView;
use shared::audit::AuditAction;
use shared::flash_sale::{FlashSale, SaleError, SaleRequest, SaleTotals, home_bucket};
use shared::idempotency::{Created, created_id};
use shared::ids::{MemberId, SaleId, Sku, StoreId};
use shared::stock::Qty;
use worker::Request;

/// Asks every bucket of the sale for its figures (and what `member` holds, at their home bucket).
pub async fn totals(ctx: &Ctx, row: &SaleRow, member: Option<&MemberId>) -> Result<SaleTotals, Failure> {
    let home = member.map(|m| home_bucket(m, row.buckets));
    let reports = join_all((0..row.buckets).map(|i| {
        let command = sale::Figures { now: ctx.now, member: if Some(i) == home { member.cloned() } else { None } };
        async move { sale::send(ctx, &row.id, i, &command).await }
    }))
    .await;
    let mut t = SaleTotals::default();
    for report in reports {
        t.add(&report?);
    }
    Ok(t)
}

/// A sale's view: D1's row plus every bucket's figures (and what `member` holds, if given).
pub async fn view(ctx: &Ctx, row: &SaleRow, member: Option<&MemberId>) -> Result<FlashSaleView, Failure> {
    Ok(row.view(&totals(ctx, row, member).await?, member.is_some(), ctx.now))
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
        Some(k) => created_id(&ctx.keys()?.order_id, Created::FlashSale, &manager.staff_id, &k),
        None => crate::rand::id("FS")?.chars().take(18).collect(),
    };
    let id = SaleId::parse(&id).map_err(|_| Failure::Internal(format!("sale id {id}")))?;
    let detail = format!("{} × {} @ {} fen", body.sku, body.quantity, body.price_fen);
    let entry = manager.audit(ctx, AuditAction::FlashSaleCreated, id.as_str(), detail, format!("sale:{id}"));
    let row = db::audit::around(ctx, &entry, create_sale(ctx, &manager.staff_id, id.clone(), &body)).await?;
    json(201, &view(ctx, &row, None).await?)
}
