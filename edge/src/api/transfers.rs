//! Stock between stores: `POST /api/manage/stock/transfers`, `…/{id}/receive` and
//! `GET /api/manage/stock/transfers`. The rules are `shared::flows::store_transfer`'s.

use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::http::{Failure, Reply, invalid, json, query_pairs, read_json};
use crate::{db, flows};
use shared::ApiError;
use shared::api::{StoreTransfer, TransferRequest};
use shared::audit::AuditAction;
use shared::flows::store_transfer::receive::InTransit;
use shared::flows::store_transfer::{TransferId, TransferOrder};
use shared::ids::{OrderId, Sku, StoreId};
use shared::stock::Qty;
use worker::Request;

async fn view(ctx: &Ctx, id: &TransferId) -> Result<StoreTransfer, Failure> {
    db::transfers::by_id(ctx, id).await?.ok_or_else(|| Failure::Internal(format!("transfer {} vanished", id.as_str())))
}

pub async fn create(ctx: &Ctx, staff: &StaffAuth, req: &mut Request) -> Reply {
    let body: TransferRequest = read_json(req).await?;
    let order = TransferOrder::parse(&body.sku, body.qty, &body.from_store, &body.to_store)
        .map_err(|e| invalid(e.field(), &e))?;
    staff.own_store(order.from().as_str())?;
    let key = crate::idempotency::required_key(req)?;
    if db::catalog::product(ctx, order.sku()).await?.is_none() {
        return Err(ApiError::not_found(format!("no product {}", order.sku())).into());
    }
    let carrying = db::catalog::stores_carrying(ctx, order.sku()).await?;
    for (field, store) in [("from_store", order.from()), ("to_store", order.to())] {
        if !carrying.iter().any(|s| s.store_id == *store) {
            return Err(invalid(field, format!("store {store} does not carry {}", order.sku())));
        }
    }
    let id = TransferId::derive(&ctx.keys()?.order_id, &staff.staff_id, &key);
    let detail = format!("{} units {} → {} ({})", order.qty().get(), order.from(), order.to(), id.as_str());
    let mut entry = staff.audit(ctx, AuditAction::StockTransferred, order.sku().as_str(), detail, id.out_reference());
    entry.store_id = order.from().to_string();
    db::audit::around(ctx, &entry, flows::store_transfer::send(ctx, &staff.staff_id, id.clone(), order)).await?;
    json(201, &view(ctx, &id).await?)
}

/// The transfer `id` names, as a receive needs it.
async fn in_transit(ctx: &Ctx, id: &str) -> Result<(StoreTransfer, InTransit), Failure> {
    let missing = || ApiError::not_found(format!("no transfer {id}"));
    let id = TransferId::parse(id).ok_or_else(missing)?;
    let row = db::transfers::by_id(ctx, &id).await?.ok_or_else(missing)?;
    let corrupt = |what: &str| Failure::Internal(format!("transfer {}: stored {what}", id.as_str()));
    let transfer = InTransit {
        sku: Sku::parse(&row.sku).map_err(|_| corrupt("sku"))?,
        qty: Qty::parse(i64::from(row.qty)).map_err(|_| corrupt("qty"))?,
        to: StoreId::parse(&row.to_store).map_err(|_| corrupt("store"))?,
        order: row.order_id.as_deref().map(OrderId::parse).transpose().map_err(|_| corrupt("order"))?,
        id,
    };
    Ok((row, transfer))
}

pub async fn receive(ctx: &Ctx, staff: &StaffAuth, id: &str) -> Reply {
    let (row, transfer) = in_transit(ctx, id).await?;
    staff.own_store(&row.to_store)?;
    let id = transfer.id.clone();
    let detail = format!("{} units from {} ({})", row.qty, row.from_store, id.as_str());
    let mut entry = staff.audit(ctx, AuditAction::StockReceived, &row.sku, detail, id.in_reference());
    entry.store_id = row.to_store.clone();
    db::audit::around(ctx, &entry, flows::store_transfer::receive(ctx, &staff.staff_id, transfer)).await?;
    json(200, &view(ctx, &id).await?)
}

/// A receive that stops after putting the units in, as a crash there would (local development
/// only): the transfer must stay receivable, and its units must not enter twice.
#[cfg(feature = "dev")]
pub async fn crash_mid_receive(ctx: &Ctx, id: &str) -> Reply {
    let (_, transfer) = in_transit(ctx, id).await?;
    let id = transfer.id.clone();
    flows::store_transfer::receive_then_crash(ctx, transfer).await?;
    json(200, &view(ctx, &id).await?)
}

pub async fn list(ctx: &Ctx, staff: &StaffAuth, req: &Request) -> Reply {
    let asked = query_pairs(req)?.into_iter().find(|(k, _)| k == "store_id").map(|(_, v)| v);
    let store = asked.unwrap_or_else(|| staff.store_id.clone());
    let store = StoreId::parse(&store).map_err(|_| ApiError::bad_request("store_id is not a store id"))?;
    staff.own_store(store.as_str())?;
    json(200, &db::transfers::of_store(ctx, &store).await?)
}
