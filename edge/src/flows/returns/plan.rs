//! What a return of some units of an order would come to now, from the order's rows, and who
//! may do it: the first step of the return flow, before anything is recorded.

use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::http::Failure;
use shared::flows::settlement::ReturnPolicy;
use shared::returns::{PaidLine, ReturnPlan};
use shared::{ApiError, ErrorCode, Fen};

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
    let plan = policy(ctx).plan(&lines, discount, picked_up_at, asked, ctx.now).map_err(ApiError::from)?;
    Ok((lines, plan))
}

/// The shop's return rules at this worker's points rate.
pub fn policy(ctx: &Ctx) -> ReturnPolicy {
    ReturnPolicy::STANDARD.with_points_per_yuan(ctx.points_per_yuan())
}

/// A guide may refund up to the policy's limit; above it a manager must do the return.
pub fn refund_allowed(staff: &StaffAuth, refund: Fen) -> Result<(), Failure> {
    let policy = ReturnPolicy::STANDARD;
    if policy.needs_manager(refund) && !staff.role.manages() {
        return Err(ApiError::new(
            ErrorCode::NeedsManager,
            format!("a refund over {} needs a manager's sign-in", policy.guide_limit().label()),
        )
        .into());
    }
    Ok(())
}
