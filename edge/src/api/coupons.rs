//! Coupons: the coupon centre (`GET /api/coupon-campaigns`, claim), the wallet
//! (`GET /api/me/coupons`), managers' campaigns, guides handing out coupons, and the checkout
//! quote that picks the best coupon.

use super::member::signed_in;
use crate::auth::{self, MemberAuth, StaffAuth};
use crate::calls::campaign::{self, CampaignFigures};
use crate::calls::member as card;
use crate::ctx::Ctx;
use crate::db;
use crate::flows;
use crate::http::{Failure, Reply, invalid, json, read_json};
use crate::orders::create::plan;
use futures_util::future::join_all;
use shared::api::{CampaignView, CouponView, Quote, SendCouponRequest};
use shared::audit::AuditAction;
use shared::coupon::{Campaign, CampaignRequest, Coupon};
use shared::idempotency::{Caller, Created, created_id};
use shared::ids::{MemberId, StoreId};
use shared::order::OrderRequest;
use shared::phone::Phone;
use shared::routes::RouteId;
use shared::{ApiError, ErrorCode};
use worker::Request;

pub async fn list(ctx: &Ctx, req: &Request) -> Reply {
    let store = super::catalog::store_filter(ctx, req).await?;
    let member = auth::optional_member(ctx, req).await;
    // After-payment campaigns are given with paid orders, not claimed: the centre leaves them out.
    let mut campaigns = db::campaigns::open(ctx, store.as_ref().map(StoreId::as_str)).await?;
    campaigns.retain(|c| c.is_claimable());
    let ask = campaign::Figures { member: member.clone() };
    let figures = join_all(campaigns.iter().map(|c| campaign::send(ctx, &c.id, &ask))).await;
    let mut views = Vec::with_capacity(campaigns.len());
    for (c, f) in campaigns.iter().zip(figures) {
        views.push(CampaignView::of(c, &f?, member.is_some()));
    }
    json(200, &views)
}

/// The claim key of a request: its `Idempotency-Key` in its scope (caller and endpoint), so
/// another member's identical key is another claim; without a key, a claim of its own.
fn claim_key(req: &Request, caller: Caller, route: RouteId) -> Result<String, Failure> {
    match crate::idempotency::key(req)? {
        Some(k) => Ok(crate::idempotency::scope(caller, route, k).reference()),
        None => Ok(format!("once:{}:{}", caller.as_str(), crate::rand::id("")?)),
    }
}

fn not_claimable() -> Failure {
    ApiError::new(ErrorCode::Forbidden, "this campaign's coupons are given with paid orders, not claimed").into()
}

pub async fn claim(ctx: &Ctx, who: &MemberAuth, req: &Request, id: &str) -> Reply {
    let member = signed_in(ctx, who).await?;
    let campaign =
        db::campaigns::by_id(ctx, id).await?.ok_or_else(|| ApiError::not_found(format!("no campaign {id}")))?;
    if !campaign.is_claimable() {
        return Err(not_claimable());
    }
    let key = claim_key(req, Caller::member(&member.id), RouteId::ClaimCoupon)?;
    let coupon = flows::claim::claim_for(ctx, &campaign, &member, &key).await?;
    json(201, &CouponView::of(&coupon, ctx.now))
}

pub async fn mine(ctx: &Ctx, who: &MemberAuth) -> Reply {
    let member = signed_in(ctx, who).await?;
    let coupons: Vec<Coupon> = card::send(ctx, &member.id, &card::Coupons {}).await?;
    json(200, &coupons.iter().map(|c| CouponView::of(c, ctx.now)).collect::<Vec<_>>())
}

/// Creates a campaign, made ready in its object before it is listed.
pub async fn create_campaign(
    ctx: &Ctx,
    id: String,
    request: &CampaignRequest,
    created_by: &str,
) -> Result<Campaign, Failure> {
    let campaign = Campaign::parse(id, request, ctx.now).map_err(|e| invalid(e.field, e.problem))?;
    if let Some(store) = &campaign.terms.store
        && db::catalog::store(ctx, store).await?.is_none()
    {
        return Err(invalid("store_id", "no such store"));
    }
    let _: CampaignFigures = campaign::send(ctx, &campaign.id, &campaign::Init { campaign: campaign.clone() }).await?;
    db::campaigns::insert(ctx, &campaign, created_by).await?;
    Ok(campaign)
}

pub async fn create(ctx: &Ctx, manager: &StaffAuth, req: &mut Request) -> Reply {
    let mut body: CampaignRequest = read_json(req).await?;
    match body.store_id.as_deref() {
        None | Some("") => body.store_id = Some(manager.store_id.clone()),
        Some(s) => manager.own_store(s)?,
    }
    let id = match crate::idempotency::key(req)? {
        Some(k) => created_id(&ctx.keys()?.order_id, Created::Campaign, &manager.staff_id, &k),
        None => crate::rand::id("CP")?.chars().take(18).collect(),
    };
    let detail = format!("{} · {}", body.title.trim(), body.quantity);
    let reference = format!("campaign:{id}");
    let entry = manager.audit(ctx, AuditAction::CampaignCreated, &id, detail, reference);
    let campaign = db::audit::around(ctx, &entry, create_campaign(ctx, id.clone(), &body, &manager.staff_id)).await?;
    json(201, &CampaignView::of(&campaign, &CampaignFigures::default(), false))
}

pub async fn send(ctx: &Ctx, staff: &StaffAuth, req: &mut Request) -> Reply {
    let body: SendCouponRequest = read_json(req).await?;
    let phone = Phone::parse(&body.phone).map_err(|e| invalid("phone", e))?;
    let member = db::members::by_phone(ctx, phone.as_str())
        .await?
        .ok_or_else(|| ApiError::not_found("no member with this phone number"))?;
    let campaign = db::campaigns::by_id(ctx, &body.campaign_id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no campaign {}", body.campaign_id)))?;
    if !campaign.is_claimable() {
        return Err(not_claimable());
    }
    if let Some(store) = &campaign.terms.store {
        staff.own_store(store.as_str())?;
    }
    let key = claim_key(req, Caller::staff(&staff.staff_id), RouteId::SendCoupon)?;
    let detail = format!("{} · {}", campaign.id, campaign.title);
    let entry = staff.audit(ctx, AuditAction::CouponSent, &member.id, detail, format!("coupon:{key}"));
    let coupon = db::audit::around(ctx, &entry, flows::claim::claim_for(ctx, &campaign, &member, &key)).await?;
    json(201, &CouponView::of(&coupon, ctx.now))
}

pub async fn quote(ctx: &Ctx, who: &MemberAuth, req: &mut Request) -> Reply {
    let member = signed_in(ctx, who).await?;
    let body: OrderRequest = read_json(req).await?;
    let order = body.validate().map_err(|e| ApiError::invalid(e.to_string()))?;
    let member_id = MemberId::parse(&member.id).map_err(|_| Failure::Internal(format!("member id {}", member.id)))?;
    let plan = plan(ctx, &member_id, &order).await?;
    let wallet: Vec<Coupon> = card::send(ctx, &member.id, &card::Coupons {}).await?;
    json(200, &Quote::of(&plan.cart, plan.subtotal(), wallet, ctx.now))
}
