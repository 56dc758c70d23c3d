//! Flash sales in D1.

use crate::ctx::Ctx;
use crate::http::Failure;
use chrono::{DateTime, Utc};
use shared::flash_sale::FlashSale;
use shared::upkeep::UpkeepPolicy;
use worker::query;

pub use shared::flash_sale::SaleRow;

/// Stored times are fixed-width UTC, so text order is time order.
pub fn stored_time(t: DateTime<Utc>) -> String {
    shared::instant::format_instant(t)
}

const SELECT: &str = "SELECT s.id, s.sku, s.store_id, s.title, p.name_en AS title_en, p.image, s.price_fen,
    s.original_price_fen, s.starts_at, s.ends_at, s.quantity, s.per_member_limit, s.buckets, s.lock_minutes
    FROM flash_sales s JOIN products p ON p.sku = s.sku";

pub async fn by_id(ctx: &Ctx, id: &str) -> Result<Option<SaleRow>, Failure> {
    Ok(query!(&ctx.db()?, &format!("{SELECT} WHERE s.id = ?1"), id)?.first(None).await?)
}

thread_local! {
    /// Sale definitions change only until shortly before their start (see
    /// `shared::flash_sale::definition_cache_ttl`), so an isolate keeps the ones it read for a
    /// while: a flash-sale rush then costs one D1 read less per request.
    static CACHE: std::cell::RefCell<std::collections::HashMap<String, (DateTime<Utc>, SaleRow)>> = Default::default();
}

/// [`by_id`], answered from this isolate's memory for a while after a read.
pub async fn by_id_cached(ctx: &Ctx, id: &str) -> Result<Option<SaleRow>, Failure> {
    let fresh_since = ctx.now - shared::flash_sale::definition_cache_ttl();
    let kept = CACHE.with(|c| c.borrow().get(id).filter(|(read, _)| *read > fresh_since && *read <= ctx.now).cloned());
    if let Some((_, row)) = kept {
        return Ok(Some(row));
    }
    let row = by_id(ctx, id).await?;
    if let Some(r) = &row {
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() > 1_000 {
                c.clear();
            }
            c.insert(id.to_owned(), (ctx.now, r.clone()));
        });
    }
    Ok(row)
}

/// Sales still listed (not ended before the policy's listing horizon), optionally of one store, soonest first.
pub async fn current(ctx: &Ctx, store: Option<&str>) -> Result<Vec<SaleRow>, Failure> {
    let since = stored_time(UpkeepPolicy::standard().sales_ended_since(ctx.now));
    let sql = format!("{SELECT} WHERE s.ends_at > ?1 AND (?2 IS NULL OR s.store_id = ?2) ORDER BY s.starts_at, s.id");
    Ok(query!(&ctx.db()?, &sql, since, store)?.all().await?.results()?)
}

/// Every sale of a store (or of the chain), newest start first.
pub async fn all_of(ctx: &Ctx, store: Option<&str>) -> Result<Vec<SaleRow>, Failure> {
    let sql = format!("{SELECT} WHERE ?1 IS NULL OR s.store_id = ?1 ORDER BY s.starts_at DESC, s.id LIMIT 200");
    Ok(query!(&ctx.db()?, &sql, store)?.all().await?.results()?)
}

/// Writes an edited sale's title, window and price (and forgets this isolate's copy).
pub async fn update(ctx: &Ctx, sale: &FlashSale) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "UPDATE flash_sales SET title = ?2, price_fen = ?3, starts_at = ?4, ends_at = ?5 WHERE id = ?1",
        sale.id().as_str(),
        sale.title(),
        sale.price().get(),
        stored_time(sale.starts_at()),
        stored_time(sale.ends_at())
    )?
    .run()
    .await?;
    CACHE.with(|c| c.borrow_mut().remove(sale.id().as_str()));
    Ok(())
}

/// Records a sale (once; a retry with the same id is a no-op).
pub async fn insert(ctx: &Ctx, sale: &FlashSale, created_by: &str) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "INSERT OR IGNORE INTO flash_sales (id, sku, store_id, title, price_fen, original_price_fen, starts_at, ends_at,
           quantity, per_member_limit, buckets, lock_minutes, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        sale.id().as_str(),
        sale.sku().as_str(),
        sale.store_id().as_str(),
        sale.title(),
        sale.price().get(),
        sale.original_price().get(),
        stored_time(sale.starts_at()),
        stored_time(sale.ends_at()),
        sale.quantity(),
        sale.per_member_limit(),
        sale.buckets(),
        sale.lock_ttl().num_minutes(),
        created_by,
        stored_time(ctx.now)
    )?
    .run()
    .await?;
    Ok(())
}
