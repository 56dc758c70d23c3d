//! `POST /api/guide/exit-passes`: a guide at the exit scans a scan-and-go customer's pass; the
//! order's lines are shown for a spot check and the order is handed over, once, at its store.

use super::order_id;
use super::pickup::hand_over;
use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::http::Failure;
use crate::throttled::Attempt;
use shared::audit::AuditAction;
use shared::ids::StoreId;
use shared::order::OrderStatus;
use shared::scan_go::{ExitPassError, ScannedPass};
use shared::throttle::guards;
use shared::{ApiError, ErrorCode};

fn store(text: &str) -> Result<StoreId, Failure> {
    StoreId::parse(text).map_err(|_| Failure::Internal(format!("store {text}")))
}

pub async fn check(ctx: &Ctx, staff: &StaffAuth, code: &str) -> Result<OrderRow, Failure> {
    // Counted before the lookup, given back once the pass proves genuine (see `throttled`).
    const TOO_MANY: &str = "too many unknown codes";
    let attempt = Attempt::begin(ctx, guards::code_scan(&staff.staff_id), TOO_MANY).await?;
    let scanned = ScannedPass::read(code);
    let row = match &scanned {
        Some(s) => db::orders::by_pickup_no(ctx, s.pickup_no()).await?,
        None => None,
    };
    let (Some(scanned), Some(row)) = (scanned, row) else {
        return Err(attempt.failed(ctx, ApiError::from(ExitPassError::NotFound).into(), TOO_MANY));
    };
    let used = row.status() != OrderStatus::ReadyForPickup;
    let key = ctx.keys()?.pickup;
    let verdict =
        scanned.check(&key, &order_id(&row.id)?, &store(&row.store_id)?, used, &store(&staff.store_id)?, ctx.now);
    if let Err(ExitPassError::NotFound) = verdict {
        return Err(attempt.failed(ctx, ApiError::from(ExitPassError::NotFound).into(), TOO_MANY));
    }
    attempt.succeeded(ctx).await;
    verdict.map_err(ApiError::from)?;
    let reference = format!("exit:{}:{}", row.id, staff.staff_id);
    let entry = staff.audit(ctx, AuditAction::ExitPassChecked, &row.id, format!("{} fen", row.total_fen), reference);
    let handed = db::audit::around(ctx, &entry, hand_over(ctx, staff, &row)).await;
    match handed {
        // Two guides at the same moment: the conditional update let the other one through.
        Err(Failure::Api(e)) if e.code() == ErrorCode::AlreadyPickedUp => {
            Err(ApiError::from(ExitPassError::AlreadyUsed).into())
        }
        other => other,
    }?;
    db::orders::by_id(ctx, &row.id).await?.ok_or_else(|| Failure::Internal(format!("order {} vanished", row.id)))
}
