//! `GET /api/guide/promoter` and `POST /api/red-envelopes/{id}/open`.

use crate::auth::{MemberAuth, StaffAuth};
use crate::calls::{envelope, member as card};
use crate::ctx::Ctx;
use crate::db;
use crate::flows::promo;
use crate::http::{Failure, Reply, invalid, json, query_pairs};
use shared::api::{CommissionView, CouponView, OpenedEnvelope, PromotedCustomerView, PromoterSummary};
use shared::coupon::Coupon;
use shared::dashboard::CHAIN_OFFSET_MINUTES;
use shared::ids::MemberId;
use shared::promoter::{self, CommissionStatus, PromoterCode, month_of, parse_month, share_link, statement};
use shared::red_envelope::{EnvelopeId, Opening};
use shared::{ApiError, ErrorCode};
use worker::Request;

/// The signed-in staff member's code, customers, commissions (of `month`) and statement.
pub async fn summary(ctx: &Ctx, staff: &StaffAuth, req: &Request) -> Reply {
    let month = match query_pairs(req)?.into_iter().find(|(k, _)| k == "month") {
        Some((_, m)) => Some(parse_month(&m).ok_or_else(|| invalid("month", "must be YYYY-MM"))?),
        None => None,
    };
    // Head office has no store of its own: its statement is in Beijing time.
    let offset = match shared::ids::StoreId::parse(&staff.store_id) {
        Ok(store) => db::catalog::store(ctx, &store).await?.map_or(CHAIN_OFFSET_MINUTES, |s| s.utc_offset_minutes),
        Err(_) => CHAIN_OFFSET_MINUTES,
    };
    let (mut customers, mut all) = (Vec::new(), Vec::new());
    for c in db::promoters::of_promoter(ctx, &staff.staff_id).await? {
        let pickups = db::promoters::pickups(ctx, &c.row.member_id).await?;
        let current = promo::current(ctx, &c.row, &pickups)?;
        all.extend(current.commissions().iter().map(|k| (c.row.member_id.clone(), k.clone())));
        customers.push(PromotedCustomerView { member_id: c.row.member_id, name: c.name, joined_at: c.row.joined_at });
    }
    all.retain(|(_, c)| month.as_ref().is_none_or(|m| month_of(c, offset) == *m));
    shared::sorting::sort_by_key(&mut all, |(_, c)| std::cmp::Reverse(c.paid_at()));
    let commissions: Vec<_> = all.iter().map(|(_, c)| c.clone()).collect();
    let code = PromoterCode::for_staff(&ctx.keys()?.promoter, &staff.staff_id);
    json(
        200,
        &PromoterSummary {
            link: share_link(&code),
            code,
            customers,
            commissions: all.iter().map(|(m, c)| CommissionView::of(m, c)).collect(),
            pending_fen: promoter::sum(&commissions, CommissionStatus::Pending),
            settled_fen: promoter::sum(&commissions, CommissionStatus::Settled),
            statement: statement(&commissions, offset),
        },
    )
}

/// Puts the coupon an opening won in the opener's wallet (the same coupon if given before).
async fn give(ctx: &Ctx, id: &EnvelopeId, opening: &Opening) -> Result<Coupon, Failure> {
    let coupon = id.coupon(opening, ctx.now);
    let kept: Option<Coupon> =
        card::send(ctx, opening.member.as_str(), &card::AddCoupon { coupon: coupon.clone() }).await?;
    Ok(kept.unwrap_or(coupon))
}

/// Opens a shared envelope for the member: the next share, as a coupon.
pub async fn open(ctx: &Ctx, member: &MemberAuth, id: &str) -> Reply {
    let id = EnvelopeId::parse(id).map_err(|e| ApiError::not_found(e.to_string()))?;
    let me = MemberId::parse(&member.member_id).map_err(|e| Failure::Internal(e.to_string()))?;
    let name = id.as_string();
    match envelope::send(ctx, &name, &envelope::Open { member: me.clone() }).await {
        Ok(opening) => {
            let coupon = give(ctx, &id, &opening).await?;
            json(200, &OpenedEnvelope { amount_fen: opening.amount, coupon: CouponView::of(&coupon, ctx.now) })
        }
        // Opened before: a crash may have come between the opening and the coupon, so the
        // coupon is given again (the same id: nothing new) before the refusal.
        Err(Failure::Api(e)) if e.code() == ErrorCode::AlreadyOpened => {
            if let Some(opening) = envelope::send(ctx, &name, &envelope::OpeningOf { member: me }).await? {
                give(ctx, &id, &opening).await?;
            }
            Err(Failure::Api(e))
        }
        Err(e) => Err(e),
    }
}

/// The staff number a promoter code names, or 422 `INVALID` (malformed, forged, or nobody's),
/// checked before any account is created.
pub async fn promoter_of(ctx: &Ctx, code: &str) -> Result<String, Failure> {
    let code = PromoterCode::parse(&ctx.keys()?.promoter, code).map_err(|e| invalid("promoter", e))?;
    let exists = db::members::staff_by_id(ctx, code.staff()).await?.is_some();
    Ok(code.known(exists).map_err(|e| invalid("promoter", e))?.staff().to_owned())
}
