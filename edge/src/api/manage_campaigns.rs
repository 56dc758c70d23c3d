//! The manager's coupon campaigns over their life: `GET /api/manage/coupon-campaigns` (every
//! campaign with what became of its coupons) and closing one.

use super::manage_sales::scope;
use crate::auth::StaffAuth;
use crate::calls::campaign::{self, CampaignFigures};
use crate::ctx::Ctx;
use crate::db;
use crate::http::{Failure, Reply, json};
use futures_util::future::join_all;
use shared::ApiError;
use shared::api::{CampaignView, ManagedCampaign};
use shared::audit::AuditAction;
use shared::coupon::Campaign;
use shared::dashboard::redemption_rate;
use worker::Request;

/// A campaign with its claims (from its object) and redemptions (from D1's orders).
async fn managed(ctx: &Ctx, c: &Campaign) -> Result<ManagedCampaign, Failure> {
    let figures: CampaignFigures = campaign::send(ctx, &c.id, &campaign::Figures { member: None }).await?;
    let redeemed = db::campaigns::redeemed(ctx, &c.id).await?;
    Ok(ManagedCampaign {
        campaign: CampaignView::of(c, &figures, false),
        claimed: figures.claimed,
        redeemed,
        redemption_rate: redemption_rate(figures.claimed, redeemed),
        closed_at: figures.closed_at,
    })
}

pub async fn list(ctx: &Ctx, staff: &StaffAuth, req: &Request) -> Reply {
    let store = scope(staff, req)?;
    let campaigns = db::campaigns::all_of(ctx, store.as_deref()).await?;
    let managed: Vec<_> = join_all(campaigns.iter().map(|c| managed(ctx, c))).await;
    json(200, &managed.into_iter().collect::<Result<Vec<_>, _>>()?)
}

pub async fn close(ctx: &Ctx, staff: &StaffAuth, id: &str) -> Reply {
    let c = db::campaigns::by_id(ctx, id).await?.ok_or_else(|| ApiError::not_found(format!("no campaign {id}")))?;
    // A chain-wide campaign is head office's to close.
    let store = c.terms.store.as_ref().map(|s| s.to_string()).unwrap_or_default();
    staff.own_store(&store)?;
    let figures: CampaignFigures = campaign::send(ctx, &c.id, &campaign::Figures { member: None }).await?;
    if figures.closed_at.is_none() {
        c.check_close(ctx.now).map_err(ApiError::from)?;
    }
    let detail = format!("{} · {} claimed", c.title, figures.claimed);
    let mut entry = staff.audit(ctx, AuditAction::CampaignClosed, &c.id, detail, format!("close:{}", c.id));
    if !store.is_empty() {
        entry.store_id = store;
    }
    let close = async {
        let _: CampaignFigures = campaign::send(ctx, &c.id, &campaign::Close { now: ctx.now }).await?;
        db::campaigns::close(ctx, &c.id).await
    };
    db::audit::around(ctx, &entry, close).await?;
    json(200, &managed(ctx, &c).await?)
}
