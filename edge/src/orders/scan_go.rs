//! A scan-and-go cart as the worker loads it: its row and lines from D1, the core's cart, and
//! the view with its totals (the best coupon, or once checked out, its order's).

use crate::calls::member as card;
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::db::scan_go::{CartRow, LineRow};
use crate::http::Failure;
use shared::api::{ScanGoCartView, ScanGoLine};
use shared::coupon::{CartLine, Coupon};
use shared::ids::{Category, Sku, StoreId};
use shared::scan_go::{ScanGoCart, cart_totals};
use shared::{ApiError, Fen};

pub fn store_id(text: &str) -> Result<StoreId, Failure> {
    StoreId::parse(text).map_err(|_| Failure::Internal(format!("store {text}")))
}

fn sku(text: &str) -> Result<Sku, Failure> {
    Sku::parse(text).map_err(|_| Failure::Internal(format!("sku {text}")))
}

/// The member's cart and its lines, as the core sees them; 404 for someone else's.
pub async fn load(ctx: &Ctx, member: &str, id: &str) -> Result<(CartRow, Vec<LineRow>, ScanGoCart), Failure> {
    let row = db::scan_go::cart(ctx, id, member).await?;
    let row = row.ok_or_else(|| ApiError::not_found(format!("no scan-and-go cart {id}")))?;
    let lines = db::scan_go::lines(ctx, &row.id).await?;
    let scanned = lines.iter().map(|l| Ok((sku(&l.sku)?, l.qty.clamp(0, u32::MAX as i64) as u32)));
    let scanned = scanned.collect::<Result<Vec<_>, Failure>>()?;
    let cart = ScanGoCart::restore(store_id(&row.store_id)?, scanned, row.frozen_at.is_some());
    Ok((row, lines, cart))
}

/// The cart's lines as coupons judge them.
pub fn coupon_lines(lines: &[LineRow]) -> Result<Vec<CartLine>, Failure> {
    let line = |l: &LineRow| -> Result<CartLine, Failure> {
        Ok(CartLine {
            sku: sku(&l.sku)?,
            category: Category::parse(&l.category).map_err(|e| Failure::Internal(e.to_string()))?,
            brand: l.brand.clone(),
            unit_price: Fen::new(l.price_fen.max(0) as u64),
            qty: l.qty.clamp(0, u32::MAX as i64) as u32,
            flash_sale: false,
        })
    };
    lines.iter().map(line).collect()
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
    let (subtotal_fen, discount_fen, total_fen, coupon_id) = match order {
        Some(o) => (fen(o.subtotal_fen), fen(o.discount_fen), fen(o.total_fen), o.coupon_id.clone()),
        None => {
            let (coupons, first_order) = wallet(ctx, &row.member_id).await?;
            let store = store_id(&row.store_id)?;
            let totals = cart_totals(&store, coupon_lines(&lines)?, first_order, &coupons, ctx.now)
                .map_err(|e| ApiError::invalid(e.to_string()))?;
            (totals.subtotal, totals.discount, totals.total, totals.coupon_id)
        }
    };
    let lines = lines.into_iter().map(|l| ScanGoLine {
        barcode: l.barcode.unwrap_or_default(),
        unit_price_fen: fen(l.price_fen),
        qty: l.qty.clamp(0, u32::MAX as i64) as u32,
        sku: l.sku,
        name: l.name,
        name_en: l.name_en,
    });
    Ok(ScanGoCartView {
        id: row.id.clone(),
        store_id: row.store_id.clone(),
        lines: lines.collect(),
        subtotal_fen,
        discount_fen,
        total_fen,
        coupon_id,
        order_id: order.map(|o| o.id.clone()),
    })
}

fn fen(v: i64) -> Fen {
    Fen::new(v.max(0) as u64)
}
