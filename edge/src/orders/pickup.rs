//! `POST /api/guide/pickups`: a guide scans the customer's pickup code; the order is handed
//! over exactly once, only at its own store. `POST /api/guide/pickups/preview` shows the same
//! order first (same checks, nothing changes), so the guide can confirm the goods.

use super::order_id;
use crate::auth::StaffAuth;
use crate::calls::stock;
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::flows::holds;
use crate::http::Failure;
use crate::throttled::Attempt;
use shared::audit::AuditAction;
use shared::flows::hold::Holder;
use shared::ids::{Sku, StoreId};
use shared::pickup::{pickup_code_matches, pickup_number};
use shared::throttle::guards;
use shared::{ApiError, ErrorCode};

/// The order a pickup code names, if this guide may hand it over now; nothing changes.
pub async fn find(ctx: &Ctx, staff: &StaffAuth, code: &str) -> Result<OrderRow, Failure> {
    // Counted before the lookup, given back once the code proves genuine (see `throttled`).
    const TOO_MANY: &str = "too many unknown codes";
    let attempt = Attempt::begin(ctx, guards::code_scan(&staff.staff_id), TOO_MANY).await?;
    let found = match pickup_number(code) {
        Some(no) => db::orders::by_pickup_no(ctx, no).await?.filter(|row| {
            order_id(&row.id).is_ok_and(|id| ctx.keys().is_ok_and(|k| pickup_code_matches(&k.pickup, &id, no, code)))
        }),
        None => None,
    };
    let Some(row) = found else {
        return Err(attempt.failed(ctx, ApiError::not_found("this is not a valid pickup code").into(), TOO_MANY));
    };
    attempt.succeeded(ctx).await;
    if row.store_id != staff.store_id {
        return Err(
            ApiError::new(ErrorCode::WrongStore, format!("this order is collected at store {}", row.store_id)).into()
        );
    }
    row.status().pick_up().map_err(ApiError::from)?;
    Ok(row)
}

pub async fn pick_up(ctx: &Ctx, staff: &StaffAuth, code: &str) -> Result<OrderRow, Failure> {
    let row = find(ctx, staff, code).await?;
    let detail = format!("{} fen", row.total_fen);
    let reference = format!("pickup:{}:{}", row.id, staff.staff_id);
    let entry = staff.audit(ctx, AuditAction::Pickup, &row.id, detail, reference);
    db::audit::around(ctx, &entry, hand_over(ctx, staff, &row)).await?;
    db::orders::by_id(ctx, &row.id).await?.ok_or_else(|| Failure::Internal(format!("order {} vanished", row.id)))
}

/// The units leave the store (the pool's paid units, or the flash sale's reserve) and the order
/// is marked picked up; the conditional update decides between two guides at the same moment.
pub async fn hand_over(ctx: &Ctx, staff: &StaffAuth, row: &OrderRow) -> Result<(), Failure> {
    let id = order_id(&row.id)?;
    let store = StoreId::parse(&row.store_id).map_err(|_| Failure::Internal(format!("store {}", row.store_id)))?;
    for line in db::orders::lines(ctx, &row.id).await? {
        let sku = Sku::parse(&line.sku).map_err(|_| Failure::Internal(format!("sku {}", line.sku)))?;
        match holds::of(row.stock_store(), &line)? {
            Holder::Pool { .. } => {
                stock::send(ctx, &store, &sku, &stock::PickUp { order: id.clone(), now: ctx.now }).await?
            }
            Holder::Bucket { sale, .. } => {
                let reference = format!("pickup:{}:{sale}", row.id);
                let consume = stock::ConsumeReserved { reference, sale, qty: line.qty, now: ctx.now };
                stock::send(ctx, &store, &sku, &consume).await?
            }
        };
    }
    // The conditional update decides between two guides scanning at the same moment.
    if !db::orders::mark_picked_up(ctx, &row.id, &staff.staff_id).await? {
        return Err(ApiError::new(ErrorCode::AlreadyPickedUp, "this order was already picked up").into());
    }
    Ok(())
}
