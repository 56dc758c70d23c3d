//! Staff at the store: `POST /api/guide/pickups` (and its `/preview`), `GET /api/guide/stock`,
//! `POST /api/guide/stock/sales`.

use crate::auth::StaffAuth;
use crate::calls::stock;
use crate::ctx::Ctx;
use crate::db;
use crate::http::{Failure, Reply, json, query_pairs, read_json};
use crate::orders;
use futures_util::future::join_all;
use shared::ApiError;
use shared::api::{CodeRequest, CounterSaleRequest, StockRow};
use shared::audit::AuditAction;
use shared::ids::StoreId;
use shared::query::sku_param;
use shared::stock::{MovementError, StockMovement};
use worker::Request;

pub async fn pickup(ctx: &Ctx, staff: &StaffAuth, req: &mut Request) -> Reply {
    let body: CodeRequest = read_json(req).await?;
    let order = orders::pickup::pick_up(ctx, staff, &body.code).await?;
    json(200, &orders::staff_view(ctx, &order).await?)
}

pub async fn pickup_preview(ctx: &Ctx, staff: &StaffAuth, req: &mut Request) -> Reply {
    let body: CodeRequest = read_json(req).await?;
    let order = orders::pickup::find(ctx, staff, &body.code).await?;
    json(200, &orders::staff_view(ctx, &order).await?)
}

pub async fn stock_of(ctx: &Ctx, req: &Request) -> Reply {
    let pairs = query_pairs(req)?;
    let sku = sku_param(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let stores = db::catalog::stores_carrying(ctx, &sku).await?;
    if stores.is_empty() {
        return Err(ApiError::not_found(format!("no product {sku}")).into());
    }
    let figures = join_all(stores.iter().map(|s| stock::figures(ctx, &s.store_id, &sku))).await;
    let mut rows = Vec::with_capacity(stores.len());
    for (s, f) in stores.iter().zip(figures) {
        rows.push(StockRow::of(s.store_id.as_str(), f?));
    }
    json(200, &rows)
}

/// A movement refused: 422 with the reason's text.
fn refused(e: MovementError) -> Failure {
    ApiError::invalid(e.to_string()).into()
}

pub async fn counter_sale(ctx: &Ctx, staff: &StaffAuth, req: &mut Request) -> Reply {
    let body: CounterSaleRequest = read_json(req).await?;
    let movement = StockMovement::parse(&body.sku, body.qty).map_err(refused)?;
    let store = StoreId::parse(&staff.store_id).map_err(|_| Failure::Internal(format!("store {}", staff.store_id)))?;
    let carried = db::catalog::carried_products(ctx, &store).await?.contains_key(movement.sku().as_str());
    let movement = movement.carried(carried).map_err(refused)?;
    let (sku, qty) = (movement.sku(), movement.qty());
    let reference = match crate::idempotency::key(req)? {
        Some(k) => format!("counter:{}:{k}", staff.staff_id),
        None => crate::rand::id("counter:")?,
    };
    let entry = staff.audit(ctx, AuditAction::StockSold, sku.as_str(), format!("{} units", qty.get()), &reference);
    let figures = db::audit::around(ctx, &entry, async {
        let command = stock::SellInStore { reference: reference.clone(), qty, now: ctx.now };
        let figures = stock::send(ctx, &store, sku, &command).await?;
        db::catalog::record_counter_sale(ctx, &reference, &store, sku, qty.get(), &staff.staff_id).await?;
        Ok(figures)
    })
    .await?;
    json(200, &StockRow::of(store.as_str(), figures))
}

pub async fn receipt(ctx: &Ctx, manager: &StaffAuth, req: &mut Request) -> Reply {
    let body: CounterSaleRequest = read_json(req).await?;
    let movement = StockMovement::parse(&body.sku, body.qty).map_err(refused)?;
    let store =
        StoreId::parse(&manager.store_id).map_err(|_| Failure::Internal(format!("store {}", manager.store_id)))?;
    let carried = db::catalog::carried_products(ctx, &store).await?.contains_key(movement.sku().as_str());
    let movement = movement.carried(carried).map_err(refused)?;
    let (sku, qty) = (movement.sku(), movement.qty());
    let reference = match crate::idempotency::key(req)? {
        Some(k) => format!("receipt:{}:{k}", manager.staff_id),
        None => crate::rand::id("receipt:")?,
    };
    let detail = format!("{} units", qty.get());
    let entry = manager.audit(ctx, AuditAction::StockReceived, sku.as_str(), detail, &reference);
    let figures = db::audit::around(ctx, &entry, stock::receive(ctx, &store, sku, &reference, qty)).await?;
    json(200, &StockRow::of(store.as_str(), figures))
}
