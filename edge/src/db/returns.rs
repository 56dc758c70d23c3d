//! Returns and their units in D1.

use super::sales::stored_time;
use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Deserialize;
use shared::Fen;
use shared::kinds::PaymentMethod;
use shared::returns::{ReturnLine, ReturnedLine};
use shared::upkeep::UpkeepPolicy;
use worker::{D1PreparedStatement, query};

pub use shared::returns::ReturnRow;

/// A new return.
pub struct NewReturn<'a> {
    pub id: &'a str,
    pub order_id: &'a str,
    pub member_id: &'a str,
    pub store_id: &'a str,
    pub staff_id: &'a str,
    pub refund: Fen,
    /// Kept out of `refund` for used gifts, and why.
    pub kept: Fen,
    pub kept_note: &'a str,
    pub method: PaymentMethod,
    pub reason: &'a str,
    pub fingerprint: &'a str,
    pub lines: &'a [ReturnLine],
    /// What each unit of each returned line refunds, in the order of `lines`.
    pub unit_refunds: Vec<Vec<Fen>>,
}

pub async fn by_id(ctx: &Ctx, id: &str) -> Result<Option<ReturnRow>, Failure> {
    Ok(query!(&ctx.db()?, "SELECT * FROM returns WHERE id = ?1", id)?.first(None).await?)
}

#[derive(Deserialize)]
struct Returned {
    sku: String,
    n: u32,
}

/// Units of each SKU of an order already brought back.
pub async fn returned_units(ctx: &Ctx, order_id: &str) -> Result<Vec<(String, u32)>, Failure> {
    let rows: Vec<Returned> =
        query!(&ctx.db()?, "SELECT sku, COUNT(*) AS n FROM return_units WHERE order_id = ?1 GROUP BY sku", order_id)?
            .all()
            .await?
            .results()?;
    Ok(rows.into_iter().map(|r| (r.sku, r.n)).collect())
}

/// The lines of a return.
pub async fn lines(ctx: &Ctx, return_id: &str) -> Result<Vec<ReturnedLine>, Failure> {
    #[derive(Deserialize)]
    struct Row {
        sku: String,
        qty: u32,
        refund_fen: i64,
    }
    let rows: Vec<Row> = query!(
        &ctx.db()?,
        "SELECT sku, COUNT(*) AS qty, SUM(refund_fen) AS refund_fen FROM return_units WHERE return_id = ?1
         GROUP BY sku ORDER BY MIN(rowid)",
        return_id
    )?
    .all()
    .await?
    .results()?;
    Ok(rows
        .into_iter()
        .map(|r| ReturnedLine { sku: r.sku, qty: r.qty, refund_fen: Fen::new(r.refund_fen.max(0) as u64) })
        .collect())
}

/// Inserts the return and one row per unit in one transaction. `Ok(false)` when some of the
/// units were taken back by another return in the meantime (the whole batch rolls back).
pub async fn insert(ctx: &Ctx, r: &NewReturn<'_>) -> Result<bool, Failure> {
    let db = ctx.db()?;
    let mut batch: Vec<D1PreparedStatement> = vec![query!(
        &db,
        "INSERT INTO returns (id, order_id, member_id, store_id, staff_id, refund_fen, method, reason, fingerprint, at,
           kept_fen, kept_note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        r.id,
        r.order_id,
        r.member_id,
        r.store_id,
        r.staff_id,
        r.refund.get(),
        r.method.as_str(),
        r.reason,
        r.fingerprint,
        stored_time(ctx.now),
        r.kept.get(),
        r.kept_note
    )?];
    for (line, units) in r.lines.iter().zip(&r.unit_refunds) {
        for (k, refund) in units.iter().enumerate() {
            batch.push(query!(
                &db,
                "INSERT INTO return_units (order_id, sku, unit_no, return_id, refund_fen) VALUES (?1, ?2, ?3, ?4, ?5)",
                r.order_id,
                &line.sku,
                line.first_unit + k as u32,
                r.id,
                refund.get()
            )?);
        }
    }
    match db.batch(batch).await {
        Ok(_) => Ok(true),
        Err(e) if e.to_string().contains("UNIQUE") || e.to_string().contains("constraint") => Ok(false),
        Err(e) => Err(e.into()),
    }
}

pub async fn mark_settled(ctx: &Ctx, id: &str) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "UPDATE returns SET settled_at = ?2 WHERE id = ?1 AND settled_at IS NULL",
        id,
        stored_time(ctx.now)
    )?
    .run()
    .await?;
    Ok(())
}

/// Returns whose refund, stock or spend may not have been applied (older than the policy's settle horizon),
/// least recently tried first (never tried before any tried), then oldest.
pub async fn unsettled(ctx: &Ctx) -> Result<Vec<ReturnRow>, Failure> {
    let before = stored_time(UpkeepPolicy::standard().settle_before(ctx.now));
    Ok(query!(
        &ctx.db()?,
        "SELECT * FROM returns WHERE settled_at IS NULL AND at < ?1 ORDER BY attempted_at, at LIMIT 50",
        before
    )?
    .all()
    .await?
    .results()?)
}

/// Stamps that the repair pass is trying the return now.
pub async fn mark_attempted(ctx: &Ctx, id: &str) -> Result<(), Failure> {
    query!(&ctx.db()?, "UPDATE returns SET attempted_at = ?2 WHERE id = ?1", id, stored_time(ctx.now))?.run().await?;
    Ok(())
}

/// All units of the order are back: picked_up → refunded, once.
pub async fn close_order_if_complete(ctx: &Ctx, order_id: &str) -> Result<(), Failure> {
    query!(
        &ctx.db()?,
        "UPDATE orders SET status = 'refunded', closed_at = ?2 WHERE id = ?1 AND status = 'picked_up'
           AND (SELECT COUNT(*) FROM return_units WHERE order_id = ?1) >= (SELECT SUM(qty) FROM order_lines WHERE order_id = ?1)",
        order_id,
        stored_time(ctx.now)
    )?
    .run()
    .await?;
    Ok(())
}
