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
use crate::objects::member::{self as card, MemberCommand, PostReply, Reclaimed};
use crate::objects::stock;
use shared::ids::{Sku, StoreId};
use shared::kinds::PaymentMethod;
use shared::returns::{
    GUIDE_REFUND_LIMIT, PaidLine, ReturnError, ReturnPlan, ReturnReceipt, keep_for_used_gifts, needs_manager,
    plan_return, unit_refunds,
};
use shared::session::StaffRole;
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
    let plan = plan_return(&lines, discount, picked_up_at, asked, ctx.now).map_err(refused)?;
    Ok((lines, plan))
}

/// Records the return `id` of `asked` units of `order` at the staff's store; `Ok(None)` when
/// another return claimed some of the same units first. A refund over the guide's limit needs
/// a manager (`NEEDS_MANAGER`).
pub async fn record(
    ctx: &Ctx,
    staff: &StaffAuth,
    order: &OrderRow,
    id: &str,
    asked: &[(String, i64)],
    reason: &str,
    fingerprint: &str,
) -> Result<Option<ReturnRow>, Failure> {
    let (lines, plan) = preview(ctx, order, asked).await?;
    refund_allowed(staff, plan.refund)?;
    let (refund, kept, kept_note) = match plan.completes_order {
        true => take_back_gifts(ctx, order, plan.refund).await?,
        false => (plan.refund, Fen::ZERO, String::new()),
    };
    let discount = Fen::new(order.discount_fen.max(0) as u64);
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
        refund,
        kept,
        kept_note: &kept_note,
        method: order
            .payment_method
            .ok_or_else(|| Failure::Internal(format!("paid order {} has no payment method", order.id)))?,
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

/// The order is coming back whole: the payment-gift coupons it earned are taken back. An unused
/// one leaves the wallet; a used one is kept out of the refund (what it took off the order it
/// was used on). Returns `(refund, kept, note)`.
async fn take_back_gifts(ctx: &Ctx, order: &OrderRow, refund: Fen) -> Result<(Fen, Fen, String), Failure> {
    let mut used = Vec::new();
    let mut notes = Vec::new();
    for gift in db::rewards::of_order(ctx, &order.id).await? {
        let command = MemberCommand::ReclaimCoupon { id: gift.coupon_id.clone(), now: ctx.now };
        if card::send::<Reclaimed>(ctx, &order.member_id, &command).await? == Reclaimed::Used {
            let value = db::orders::discount_with_coupon(ctx, &gift.coupon_id).await?.unwrap_or(Fen::ZERO);
            notes.push(format!("支付有礼券已使用 gift coupon {} used: {}", gift.coupon_id, value.label()));
            used.push(value);
        }
    }
    let (refund, kept) = keep_for_used_gifts(refund, &used);
    Ok((refund, kept, notes.join("; ")))
}

/// Points a referrer earned for this order's buyer are taken back once the order is refunded.
async fn take_back_referral(ctx: &Ctx, order_id: &str) -> Result<(), Failure> {
    let Some(reward) = db::referrals::of_order(ctx, order_id).await? else { return Ok(()) };
    if !db::orders::by_id(ctx, order_id).await?.is_some_and(|o| o.status() == shared::order::OrderStatus::Refunded) {
        return Ok(());
    }
    let take = MemberCommand::TakePoints {
        reference: format!("referral-back:{}", reward.member_id),
        points: reward.points.max(0) as u64,
        reason: format!("推荐订单已退货 referral order {order_id} returned"),
        now: ctx.now,
    };
    let _: card::CardState = card::send(ctx, &reward.referrer_id, &take).await?;
    Ok(())
}

/// A guide may refund up to [`GUIDE_REFUND_LIMIT`]; above it a manager must do the return.
pub fn refund_allowed(staff: &StaffAuth, refund: Fen) -> Result<(), Failure> {
    if needs_manager(refund) && staff.role == StaffRole::Guide {
        return Err(ApiError::new(
            ErrorCode::NeedsManager,
            format!("a refund over {} needs a manager's sign-in", GUIDE_REFUND_LIMIT.label()),
        )
        .into());
    }
    Ok(())
}

/// Applies a recorded return's effects, each once.
pub async fn settle(ctx: &Ctx, r: &ReturnRow) -> Result<(), Failure> {
    let reference = format!("return:{}", r.id);
    let refund = Fen::new(r.refund_fen.max(0) as u64);
    if r.method == PaymentMethod::Balance && refund > Fen::ZERO {
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
    take_back_referral(ctx, &r.order_id).await?;
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
