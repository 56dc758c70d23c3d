//! Post-payment rewards (支付有礼): when an order is paid, every open `after_payment` campaign of
//! its store whose minimum the total reaches gives the member one coupon. The claim goes through
//! the campaign's object like any other (so quantity and per-member limits hold), keyed by the
//! order, so a repeated payment notification or the cron pass never gives a second one. A
//! campaign with nothing left simply gives nothing; the payment is never affected.
//!
//! The same pass credits a referrer when the order is the referred member's first paid order
//! within the referral window (points once per referred member).

use crate::calls::member as card;
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::flows::claim::claim_for;
use crate::http::Failure;
use shared::Fen;
use shared::ids::StoreId;
use shared::referral;

/// Gives the rewards a paid order earned (idempotent), then marks it looked at.
pub async fn give(ctx: &Ctx, order: &OrderRow) -> Result<u32, Failure> {
    let store = StoreId::parse(&order.store_id).map_err(|e| Failure::Internal(e.to_string()))?;
    let total = Fen::new(order.total_fen.max(0) as u64);
    let paid_at = order.paid_at.unwrap_or(ctx.now);
    let member = db::members::by_id(ctx, &order.member_id)
        .await?
        .ok_or_else(|| Failure::Internal(format!("order {} of a missing member", order.id)))?;
    let mut given = 0;
    for campaign in db::campaigns::open(ctx, Some(store.as_str())).await? {
        if !campaign.rewards(total, &store, paid_at) {
            continue;
        }
        match claim_for(ctx, &campaign, &member, &format!("reward:{}", order.id)).await {
            Ok(coupon) => {
                db::rewards::record(ctx, &order.id, &coupon.id, &campaign.id, &campaign.title).await?;
                given += 1;
            }
            // Sold out, over the member's limit, closed: no coupon, nothing else changes.
            Err(Failure::Api(_)) => {}
            Err(other) => return Err(other),
        }
    }
    credit_referrer(ctx, order, &member, paid_at).await?;
    crate::flows::promo::on_paid(ctx, order).await?;
    db::rewards::mark_checked(ctx, &order.id).await?;
    Ok(given)
}

/// Points for whoever referred the buyer, if this is the buyer's first paid order in time.
async fn credit_referrer(
    ctx: &Ctx,
    order: &OrderRow,
    member: &db::members::MemberRow,
    paid_at: chrono::DateTime<chrono::Utc>,
) -> Result<(), Failure> {
    let Some(referrer) = &member.referred_by else { return Ok(()) };
    let joined = member.created_at;
    if !referral::earns(joined, paid_at)
        || db::referrals::first_paid_order(ctx, &member.id).await?.as_deref() != Some(order.id.as_str())
    {
        return Ok(());
    }
    let points = referral::REFERRER_POINTS;
    let add = card::AddPoints {
        reference: format!("referral:{}", member.id),
        points,
        reason: format!("推荐新会员 referral {}", member.id),
        now: ctx.now,
    };
    let _: card::CardState = card::send(ctx, referrer, &add).await?;
    db::referrals::record(ctx, &member.id, referrer, &order.id, points).await
}

/// The cron pass: paid orders whose rewards a crash left unlooked at. Each is stamped as tried
/// first and the least recently tried go first; one that fails is logged and skipped, so it
/// cannot block the others.
pub async fn catch_up(ctx: &Ctx) -> Result<u32, Failure> {
    let mut n = 0;
    for order in db::rewards::unchecked(ctx).await? {
        let attempt = async {
            db::rewards::mark_attempted(ctx, &order.id).await?;
            give(ctx, &order).await
        };
        match attempt.await {
            Ok(given) => n += given,
            Err(e) => worker::console_error!("rewards for {}: {e:?}", order.id),
        }
    }
    Ok(n)
}
