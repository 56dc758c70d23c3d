//! Scan-and-go (扫码购): `POST /api/scan-go/carts`, `PUT /api/scan-go/carts/{id}/lines`,
//! `POST /api/scan-go/carts/{id}/checkout` and, at the exit, `POST /api/guide/exit-passes`.
//! The cart's loading and view are `crate::orders::scan_go`, the checkout
//! `crate::orders::checkout`, the exit check `crate::orders::exit`.

use crate::auth::{MemberAuth, StaffAuth};
use crate::calls::stock;
use crate::ctx::Ctx;
use crate::db;
use crate::http::{Reply, invalid, json, read_json};
use crate::orders::scan_go::{load, view};
use crate::orders::{self, pay};
use shared::ApiError;
use shared::api::{CodeRequest, OrderEnvelope, PayRequest, ScanGoCartRequest, ScanGoLineRequest};
use shared::barcode::Ean13;
use shared::ids::StoreId;
use shared::query::ProductQuery;
use shared::scan_go::LineError;
use worker::Request;

pub async fn create(ctx: &Ctx, who: &MemberAuth, req: &mut Request) -> Reply {
    let body: ScanGoCartRequest = read_json(req).await?;
    let store = StoreId::parse(&body.store_id).map_err(|e| invalid("store_id", e))?;
    if db::catalog::store(ctx, &store).await?.is_none() {
        return Err(invalid("store_id", "no such store"));
    }
    let id = crate::rand::id("G")?;
    db::scan_go::insert(ctx, &id, &who.member_id, store.as_str()).await?;
    let (row, lines, _) = load(ctx, &who.member_id, &id).await?;
    json(201, &view(ctx, &row, lines, None).await?)
}

pub async fn set_line(ctx: &Ctx, who: &MemberAuth, req: &mut Request, id: &str) -> Reply {
    let body: ScanGoLineRequest = read_json(req).await?;
    let barcode = Ean13::parse(&body.barcode).map_err(|e| invalid("barcode", e))?;
    let qty = u32::try_from(body.qty).map_err(|_| invalid("qty", "must be 0 or more"))?;
    let (row, _, mut cart) = load(ctx, &who.member_id, id).await?;
    let product =
        db::catalog::products(ctx, &ProductQuery::parse([("barcode", barcode.as_str())])?).await?.into_iter().next();
    let product = product.ok_or_else(|| ApiError::not_found(format!("no product has barcode {}", barcode.as_str())))?;
    let store = cart.store().clone();
    let carried = db::catalog::products_in_store(ctx, &store, &[product.sku.as_str()]).await?;
    let available = match carried.is_empty() {
        true => None,
        false if qty == 0 => Some(0),
        false => Some(stock::figures(ctx, &store, &product.sku).await?.available),
    };
    cart.set(product.sku.clone(), qty, available).map_err(ApiError::from)?;
    if !db::scan_go::set_line(ctx, &row.id, product.sku.as_str(), qty).await? {
        return Err(ApiError::from(LineError::CheckedOut).into());
    }
    let (row, lines, _) = load(ctx, &who.member_id, id).await?;
    json(200, &view(ctx, &row, lines, None).await?)
}

pub async fn checkout(ctx: &Ctx, who: &MemberAuth, req: &mut Request, id: &str) -> Reply {
    crate::idempotency::required_key(req)?;
    let body: PayRequest = read_json(req).await?;
    let method =
        pay::Method::parse(&body.method).map_err(|_| invalid("method", "must be \"balance\" or \"sandbox\""))?;
    json(200, &orders::checkout::checkout(ctx, &who.member_id, id, method).await?)
}

pub async fn exit(ctx: &Ctx, staff: &StaffAuth, req: &mut Request) -> Reply {
    let body: CodeRequest = read_json(req).await?;
    let row = orders::exit::check(ctx, staff, &body.code).await?;
    json(200, &OrderEnvelope { order: orders::staff_view(ctx, &row).await? })
}
