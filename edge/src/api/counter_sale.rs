//! `POST /api/guide/counter-sales`: a guide rings items up and the customer pays at the counter
//! (`crate::orders::counter_sale` runs it). Bad input is refused before the member's code is
//! spent: the lines are checked against the catalog and the store first.

use super::counter::{identify, session_member};
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::db;
use crate::http::{Failure, Reply, invalid, json, read_json};
use crate::orders::{self, counter_sale::sell, current, pay};
use shared::api::{CounterSaleOrderRequest, OrderEnvelope};
use shared::audit::AuditAction;
use shared::flows::counter_sale::{counter_sale_order_id, ticket};
use shared::ids::{MemberId, StoreId};
use shared::order::ValidOrder;
use shared::{ApiError, ErrorCode};
use worker::Request;

pub async fn ring_up(ctx: &Ctx, staff: &StaffAuth, req: &mut Request) -> Reply {
    let key = crate::idempotency::required_key(req)?;
    let body: CounterSaleOrderRequest = read_json(req).await?;
    let method =
        pay::Method::parse(&body.method).map_err(|_| invalid("method", "must be \"balance\" or \"sandbox\""))?;
    let store = StoreId::parse(&staff.store_id).map_err(|e| Failure::Internal(e.to_string()))?;
    let lines: Vec<(String, i64)> = body.lines.iter().map(|l| (l.sku.clone(), l.qty)).collect();
    let order = ticket(store, &lines).map_err(ApiError::from)?;
    let id = counter_sale_order_id(&ctx.keys()?.order_id, &staff.staff_id, &key);
    let stored = current(ctx, id.as_str()).await?;
    // A repeat pays for the order this key made: its customer authorised it already.
    let member = match &stored {
        Some(row) => MemberId::parse(&row.member_id).map_err(|e| Failure::Internal(e.to_string()))?,
        None => {
            sold_here(ctx, &order).await?;
            customer(ctx, staff, &body).await?
        }
    };
    let reference = format!("counter-sale:{id}");
    let entry = staff.audit(ctx, AuditAction::CounterSalePaid, member.as_str(), body.method.clone(), reference);
    let sale = sell(ctx, staff, &member, &id, order, stored, method);
    let (row, created, _) = db::audit::around(ctx, &entry, sale).await?;
    json(if created { 201 } else { 200 }, &OrderEnvelope { order: orders::staff_view(ctx, &row).await? })
}

/// Every line is a product of the catalog (404) that this store sells (409).
async fn sold_here(ctx: &Ctx, order: &ValidOrder) -> Result<(), Failure> {
    let skus: Vec<&str> = order.lines.iter().map(|l| l.sku.as_str()).collect();
    let carried = db::catalog::products_in_store(ctx, &order.store_id, &skus).await?;
    let Some(line) = order.lines.iter().find(|l| !carried.contains_key(l.sku.as_str())) else { return Ok(()) };
    if db::catalog::product(ctx, &line.sku).await?.is_none() {
        return Err(ApiError::not_found(format!("no product {}", line.sku)).into());
    }
    let why = format!("{} is not sold in this store", line.sku);
    Err(ApiError::new(ErrorCode::InsufficientStock, why).into())
}

/// Who pays: the member whose code is scanned now (the code is spent), or the member of the
/// counter session this guide opened by identifying them.
async fn customer(ctx: &Ctx, staff: &StaffAuth, body: &CounterSaleOrderRequest) -> Result<MemberId, Failure> {
    let code = body.member_code.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let row = match (code, body.counter_token.as_deref()) {
        (Some(code), _) => identify(ctx, staff, code, None).await?,
        (None, Some(token)) => session_member(ctx, staff, token).await?,
        (None, None) => return Err(invalid("member_code", "scan the customer's member code")),
    };
    MemberId::parse(&row.id).map_err(|e| Failure::Internal(e.to_string()))
}
