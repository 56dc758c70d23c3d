//! Returns: goods collected from one store come back at the counter of any store. What a
//! return comes to is decided here from the order's rows ([`preview`]); recording and settling
//! it is the flow in [`crate::flows::returns`]. Every settlement step is idempotent on the
//! return id, so a retry, or the cron pass for a return left half-settled by a crash
//! ([`settle_stragglers`]), finishes it without doing anything twice.

use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::db::returns::ReturnRow;
use crate::flows::returns::settle;
use crate::http::Failure;
use shared::flows::settlement::ReturnPolicy;
use shared::returns::{PaidLine, ReturnError, ReturnPlan, ReturnReceipt};
use shared::session::StaffRole;
use shared::{ApiError, ErrorCode, Fen};

fn refused(e: ReturnError) -> Failure {
    match e {
        ReturnError::NotCollected => ApiError::new(ErrorCode::Conflict, e.to_string()).into(),
        ReturnError::WindowClosed { .. } => ApiError::new(ErrorCode::ReturnWindowClosed, e.to_string()).into(),
        _ => ApiError::invalid(e.to_string()).into(),
    }
}

/// What a return of `asked` units of `order` would come to now: the order's paid lines and the
/// plan (refused when the units cannot come back).
pub async fn preview(
    ctx: &Ctx,
    order: &OrderRow,
    asked: &[(String, i64)],
) -> Result<(Vec<PaidLine>, ReturnPlan), Failure> {
    let returned = db::returns::returned_units(ctx, &order.id).await?;
    let lines: Vec<PaidLine> = db::orders::lines(ctx, &order.id)
        .await?
        .into_iter()
        .map(|l| PaidLine {
            returned: returned.iter().find(|(s, _)| *s == l.sku).map(|(_, n)| *n).unwrap_or(0),
            sku: l.sku,
            qty: l.qty,
            unit_price: Fen::new(l.unit_price_fen.max(0) as u64),
        })
        .collect();
    let picked_up_at = order.picked_up_at;
    let discount = Fen::new(order.discount_fen.max(0) as u64);
    let plan = policy(ctx).plan(&lines, discount, picked_up_at, asked, ctx.now).map_err(refused)?;
    Ok((lines, plan))
}

/// The shop's return rules at this worker's points rate.
pub fn policy(ctx: &Ctx) -> ReturnPolicy {
    ReturnPolicy::STANDARD.with_points_per_yuan(ctx.points_per_yuan())
}

/// A guide may refund up to the policy's limit; above it a manager must do the return.
pub fn refund_allowed(staff: &StaffAuth, refund: Fen) -> Result<(), Failure> {
    let policy = ReturnPolicy::STANDARD;
    if policy.needs_manager(refund) && staff.role == StaffRole::Guide {
        return Err(ApiError::new(
            ErrorCode::NeedsManager,
            format!("a refund over {} needs a manager's sign-in", policy.guide_limit().label()),
        )
        .into());
    }
    Ok(())
}

/// A return as the API shows it.
pub async fn receipt(ctx: &Ctx, r: &ReturnRow) -> Result<ReturnReceipt, Failure> {
    Ok(ReturnReceipt {
        id: r.id.clone(),
        order_id: r.order_id.clone(),
        store_id: r.store_id.clone(),
        staff_id: r.staff_id.clone(),
        lines: db::returns::lines(ctx, &r.id).await?,
        refund_fen: Fen::new(r.refund_fen.max(0) as u64),
        method: r.method,
        reason: r.reason.clone(),
        at: r.at,
        kept_fen: Fen::new(r.kept_fen.max(0) as u64),
        kept_note: r.kept_note.clone(),
    })
}

/// The cron pass: settles returns a crash left half-done. Each is stamped as tried first and
/// the least recently tried go first; one that fails is logged and skipped, so it cannot
/// block the others.
pub async fn settle_stragglers(ctx: &Ctx) -> Result<u32, Failure> {
    let mut n = 0;
    for r in db::returns::unsettled(ctx).await? {
        let attempt = async {
            db::returns::mark_attempted(ctx, &r.id).await?;
            settle(ctx, &r).await
        };
        match attempt.await {
            Ok(()) => n += 1,
            Err(e) => worker::console_error!("return {}: {e:?}", r.id),
        }
    }
    Ok(n)
}
