//! The member's own card: `GET /api/me`, `GET /api/me/code`, `POST /api/me/physical-card`,
//! `GET /api/me/ledger`.

use crate::auth::MemberAuth;
use crate::calls::member as card;
use crate::ctx::Ctx;
use crate::db;
use crate::db::members::MemberRow;
use crate::http::{Failure, Reply, json, query_pairs, read_json};
use crate::throttled::Attempt;
use shared::api::{LinkCardRequest, Member, MemberCodeView};
use shared::member_code;
use shared::physical_card::{CardLink, LinkError, Linking, code_matches};
use shared::query::LedgerQuery;
use shared::stored_value::Entry;
use shared::throttle::guards;
use shared::{ApiError, ErrorCode};
use worker::Request;

/// The member as the API shows it: D1's row plus the card's figures from its object.
pub async fn member_view(ctx: &Ctx, row: &MemberRow) -> Result<Member, Failure> {
    let card = card::summary(ctx, &row.id).await?;
    Member::of(row, &card).map_err(|e| Failure::Internal(e.to_string()))
}

/// The signed-in member's row (a member deleted under a live token reads as signed out).
pub async fn signed_in(ctx: &Ctx, who: &MemberAuth) -> Result<MemberRow, Failure> {
    db::members::by_id(ctx, &who.member_id)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::Unauthenticated, "this account no longer exists").into())
}

pub async fn me(ctx: &Ctx, who: &MemberAuth) -> Reply {
    let row = signed_in(ctx, who).await?;
    json(200, &member_view(ctx, &row).await?)
}

pub async fn referrals(ctx: &Ctx, who: &MemberAuth) -> Reply {
    let row = signed_in(ctx, who).await?;
    let serial = u32::try_from(row.serial).map_err(|_| Failure::Internal(format!("serial {}", row.serial)))?;
    let code = shared::referral::code_for(&ctx.keys()?.order_id, serial);
    let f = db::referrals::figures(ctx, &row.id).await?;
    json(
        200,
        &shared::referral::ReferralSummary {
            link: format!("/member?ref={code}"),
            code,
            invited: f.invited.max(0) as u32,
            rewarded: f.rewarded.max(0) as u32,
            points_earned: f.points.max(0) as u64,
        },
    )
}

pub async fn code(ctx: &Ctx, who: &MemberAuth) -> Reply {
    let row = signed_in(ctx, who).await?;
    let serial = u32::try_from(row.serial).map_err(|_| Failure::Internal(format!("serial {}", row.serial)))?;
    let step = member_code::step_of(ctx.now);
    let issue: Option<u8> = card::send(ctx, &row.id, &card::NextIssue { step }).await?;
    let Some(issue) = issue else {
        let out = member_code::OutOfCodes::at(ctx.now);
        return Err(Failure::Limited(out.to_string(), out.wait_secs()));
    };
    let issued = member_code::issue(&ctx.keys()?.member_code, serial, step, issue);
    json(200, &MemberCodeView { code: issued.code, expires_at: issued.expires_at, valid_until: issued.valid_until })
}

pub async fn link_card(ctx: &Ctx, who: &MemberAuth, req: &mut Request) -> Reply {
    let row = signed_in(ctx, who).await?;
    let body: LinkCardRequest = read_json(req).await?;
    let link = CardLink::parse(&body.card_no, &body.verify_code).map_err(ApiError::from)?;
    let (card_no, verify_code) = (link.card_no(), link.verify_code());
    // Counted before the code is compared, per card and per member, and given back when it
    // is right: six digits are not guessable by trying, not even concurrently.
    const TOO_MANY: &str = "too many wrong verification codes";
    let attempt = Attempt::begin(ctx, guards::card_link(card_no, &row.id), TOO_MANY).await?;
    let key = ctx.keys()?.card_code;
    let card_row = db::members::physical_card(ctx, card_no).await?;
    // The MAC is computed for an unknown card too, so both answer in the same time.
    let matched = code_matches(&key, card_no, verify_code, card_row.as_ref().map_or("", |c| &c.verify_code));
    let card_row = match card_row {
        Some(c) if matched => c,
        _ => return Err(attempt.failed(ctx, ApiError::from(LinkError::Wrong).into(), TOO_MANY)),
    };
    attempt.succeeded(ctx).await;
    let linking = link.linking(&row.id, row.physical_card_no.as_deref(), card_row.member_id.as_deref());
    if linking.map_err(ApiError::from)? == Linking::Claim
        && !db::members::claim_physical_card(ctx, card_no, &row.id).await?
    {
        return Err(ApiError::from(LinkError::LinkedElsewhere).into());
    }
    // Re-entrant: a retry after a crash finishes whatever was left undone.
    db::members::set_physical_card(ctx, &row.id, card_no).await?;
    let merge = card::AddPoints {
        reference: format!("card:{card_no}"),
        points: card_row.points.max(0) as u64,
        reason: "merged from the plastic card".into(),
        now: ctx.now,
    };
    let _: card::CardState = card::send(ctx, &row.id, &merge).await?;
    let row = db::members::by_id(ctx, &row.id).await?.unwrap_or(row);
    json(200, &member_view(ctx, &row).await?)
}

pub async fn ledger(ctx: &Ctx, who: &MemberAuth, req: &Request) -> Reply {
    let row = signed_in(ctx, who).await?;
    let pairs = query_pairs(req)?;
    let page = LedgerQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let entries: Vec<Entry> =
        card::send(ctx, &row.id, &card::Ledger { limit: page.limit(), before: page.before() }).await?;
    json(200, &entries)
}
