//! A scan-and-go cart as the worker loads it: its row and lines from D1, the core's cart, and
//! the view with its totals (the best coupon, or once checked out, its order's).

use crate::calls::member as card;
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::db::scan_go::{CartRow, LineRow};
use crate::http::Failure;
use shared::api::ScanGoCartView;
use shared::coupon::Coupon;
use shared::scan_go::{CartTotals, ScanGoCart, StoredCartError, cart_totals, coupon_lines};
use shared::{ApiError, Fen};

/// A stored cart that does not read back is a fault on our side.
fn stored(e: StoredCartError) -> Failure {
    Failure::Internal(e.to_string())
}

/// The member's cart and its lines, as the core sees them; 404 for someone else's.
pub async fn load(ctx: &Ctx, member: &str, id: &str) -> Result<(CartRow, Vec<LineRow>, ScanGoCart), Failure> {
    let row = db::scan_go::cart(ctx, id, member).await?;
    let row = row.ok_or_else(|| ApiError::not_found(format!("no scan-and-go cart {id}")))?;
    let lines = db::scan_go::lines(ctx, &row.id).await?;
    let cart = row.cart(&lines).map_err(stored)?;
    Ok((row, lines, cart))
}

/// The member's coupons and whether this would be their first paid order.
pub async fn wallet(ctx: &Ctx, member: &str) -> Result<(Vec<Coupon>, bool), Failure> {
    let wallet: Vec<Coupon> = card::send(ctx, member, &card::Coupons {}).await?;
    Ok((wallet, !db::campaigns::has_paid_order(ctx, member).await?))
}

/// The cart as the API shows it: its totals with the best coupon, or once checked out, its
/// order's.
pub async fn view(
    ctx: &Ctx,
    row: &CartRow,
    lines: Vec<LineRow>,
    order: Option<&OrderRow>,
) -> Result<ScanGoCartView, Failure> {
    let totals = match order {
        Some(o) => CartTotals {
            subtotal: fen(o.subtotal_fen),
            discount: fen(o.discount_fen),
            total: fen(o.total_fen),
            coupon_id: o.coupon_id.clone(),
        },
        None => {
            let (coupons, first_order) = wallet(ctx, &row.member_id).await?;
            let store = row.store().map_err(stored)?;
            cart_totals(&store, coupon_lines(&lines).map_err(stored)?, first_order, &coupons, ctx.now)
                .map_err(|e| ApiError::invalid(e.to_string()))?
        }
    };
    Ok(ScanGoCartView::of(row, lines, totals, order.map(|o| o.id.clone())))
}

fn fen(v: i64) -> Fen {
    Fen::new(v.max(0) as u64)
}
