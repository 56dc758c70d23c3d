//! Returns: goods collected from one store come back at the counter of any store. The return is
//! recorded first (its units claimed in one D1 transaction), then settled: the money goes back
//! the way it came, the units join the receiving store's pool, the spend and its points are
//! taken back, and a fully returned order becomes `refunded`. Every settlement step is
//! idempotent on the return id, so a retry, or the cron pass for a return left half-settled by
//! a crash, finishes it without doing anything twice.

use crate::auth::StaffAuth;
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::db::returns::{NewReturn, ReturnRow};
use crate::http::Failure;
use crate::objects::member::{self as card, MemberCommand, PostReply};
use crate::objects::stock;
use shared::ids::{Sku, StoreId};
use shared::returns::{PaidLine, ReturnError, ReturnReceipt, plan_return, unit_refunds};
use shared::stock::Qty;
use shared::stored_value::EntryKind;
use shared::{ApiError, ErrorCode, Fen};

fn refused(e: ReturnError) -> Failure {
    match e {
        ReturnError::NotCollected => ApiError::new(ErrorCode::Conflict, e.to_string()).into(),
        ReturnError::WindowClosed { .. } => ApiError::new(ErrorCode::ReturnWindowClosed, e.to_string()).into(),
        _ => ApiError::invalid(e.to_string()).into(),
    }
}

/// Records the return `id` of `asked` units of `order` at the staff's store; `Ok(None)` when
/// another return claimed some of the same units first.
pub async fn record(
    ctx: &Ctx,
    staff: &StaffAuth,
    order: &OrderRow,
    id: &str,
    asked: &[(String, i64)],
    reason: &str,
    fingerprint: &str,
) -> Result<Option<ReturnRow>, Failure> {
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
    let picked_up_at = order.picked_up_at.as_deref().map(db::sales::parse_time);
    let discount = Fen::new(order.discount_fen.max(0) as u64);
    let plan = plan_return(&lines, discount, picked_up_at, asked, ctx.now).map_err(refused)?;
    let units = unit_refunds(&lines, discount);
    let unit_refunds = plan
        .lines
        .iter()
        .map(|l| {
            let i = lines.iter().position(|p| p.sku == l.sku).unwrap_or_default();
            units[i][l.first_unit as usize..(l.first_unit + l.qty) as usize].to_vec()
        })
        .collect();
    let new = NewReturn {
        id,
        order_id: &order.id,
        member_id: &order.member_id,
        store_id: &staff.store_id,
        staff_id: &staff.staff_id,
        refund: plan.refund,
        method: order.payment_method.as_deref().unwrap_or("balance"),
        reason,
        fingerprint,
        lines: &plan.lines,
        unit_refunds,
    };
    if !db::returns::insert(ctx, &new).await? {
        return Ok(None);
    }
    db::returns::by_id(ctx, id).await
}

/// Applies a recorded return's effects, each once.
pub async fn settle(ctx: &Ctx, r: &ReturnRow) -> Result<(), Failure> {
    let reference = format!("return:{}", r.id);
    let refund = Fen::new(r.refund_fen.max(0) as u64);
    if r.method == "balance" && refund > Fen::ZERO {
        let posting =
            card::posting(EntryKind::Refund, refund, &reference, &format!("退货退款 return {} · {}", r.order_id, r.id));
        let _: PostReply = card::send(ctx, &r.member_id, &MemberCommand::Post { posting, now: ctx.now }).await?;
    }
    // The sandbox gateway refunds at once; a real gateway's refund call would go here, keyed by
    // the return id (WeChat Pay v3 `out_refund_no`).
    let store = StoreId::parse(&r.store_id).map_err(|e| Failure::Internal(e.to_string()))?;
    for line in db::returns::lines(ctx, &r.id).await? {
        let sku = Sku::parse(&line.sku).map_err(|e| Failure::Internal(e.to_string()))?;
        let qty = Qty::parse(i64::from(line.qty)).map_err(|e| Failure::Internal(e.to_string()))?;
        stock::receive(ctx, &store, &sku, &format!("{reference}:{}", line.sku), qty).await?;
    }
    let spend = MemberCommand::RecordSpend {
        reference: reference.clone(),
        fen: -r.refund_fen,
        at: ctx.now,
        points_per_yuan: ctx.points_per_yuan(),
    };
    let _: card::CardState = card::send(ctx, &r.member_id, &spend).await?;
    db::returns::close_order_if_complete(ctx, &r.order_id).await?;
    db::returns::mark_settled(ctx, &r.id).await
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
        method: r.method.clone(),
        reason: r.reason.clone(),
        at: db::sales::parse_time(&r.at),
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
