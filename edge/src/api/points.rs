//! Points that buy something: the rewards catalogue (`GET /api/rewards`), a redemption
//! (`POST /api/me/rewards/{id}/redeem`) and the points history (`GET /api/me/points`). The
//! rules are `shared::points_catalogue`; the member's card object runs a redemption in one step.

use super::member::signed_in;
use crate::auth::MemberAuth;
use crate::calls::member as card;
use crate::ctx::Ctx;
use crate::http::{Reply, json};
use shared::ApiError;
use shared::api::{CouponView, PointsEntry, RedeemReceipt, RewardView};
use shared::idempotency::Caller;
use shared::points_catalogue::demo_catalogue;
use shared::routes::RouteId;
use worker::Request;

pub fn catalogue() -> Reply {
    json(200, &demo_catalogue().iter().map(RewardView::of).collect::<Vec<_>>())
}

pub async fn redeem(ctx: &Ctx, who: &MemberAuth, req: &Request, id: &str) -> Reply {
    let member = signed_in(ctx, who).await?;
    let key = crate::idempotency::required_key(req)?;
    if !demo_catalogue().iter().any(|r| r.id() == id) {
        return Err(ApiError::not_found(format!("no reward {id}")).into());
    }
    let reference = crate::idempotency::scope(Caller::member(&member.id), RouteId::RedeemReward, key).reference();
    let ask = card::RedeemReward { reward: id.to_owned(), reference, coupon_id: crate::rand::id("CR")?, now: ctx.now };
    let done = card::send(ctx, &member.id, &ask).await?;
    json(201, &RedeemReceipt { coupon: CouponView::of(&done.coupon, ctx.now), points_balance: done.points_balance })
}

pub async fn history(ctx: &Ctx, who: &MemberAuth) -> Reply {
    let member = signed_in(ctx, who).await?;
    let lines: Vec<PointsEntry> = card::send(ctx, &member.id, &card::PointsHistory { limit: 200 }).await?;
    json(200, &lines)
}
