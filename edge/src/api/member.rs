//! The member's own card: `GET /api/me`, `GET /api/me/code`, `POST /api/me/physical-card`,
//! `GET /api/me/ledger`.

use crate::auth::MemberAuth;
use crate::calls::member as card;
use crate::ctx::Ctx;
use crate::db;
use crate::db::members::MemberRow;
use crate::http::{Failure, Reply, invalid, json, query_pairs, read_json};
use crate::throttled::Attempt;
use shared::api::{BenefitsView, LinkCardRequest, Member, MemberCodeView};
use shared::member_code;
use shared::physical_card::code_matches;
use shared::stored_value::Entry;
use shared::throttle::guards;
use shared::{ApiError, ErrorCode};
use worker::Request;

/// The member as the API shows it: D1's row plus the card's figures from its object.
pub async fn member_view(ctx: &Ctx, row: &MemberRow) -> Result<Member, Failure> {
    let card = card::summary(ctx, &row.id).await?;
    let phone = shared::phone::Phone::parse(&row.phone)
        .map_err(|e| Failure::Internal(format!("member {}: {e}", row.id)))?
        .masked();
    let s = card.standing;
    let (benefits, next) = shared::tier_benefits::card_benefits(s.tier);
    Ok(Member {
        id: row.id.clone(),
        card_no: row.card_no.clone(),
        name: row.name.clone(),
        phone_masked: phone,
        tier: s.tier,
        tier_name: s.tier.name().to_owned(),
        tier_name_en: s.tier.name_en().to_owned(),
        points: card.points,
        balance_fen: card.balance_fen,
        physical_card_no: row.physical_card_no.clone(),
        spend_12m_fen: s.spend_12m,
        next_tier: s.next_tier,
        to_next_tier_fen: s.to_next_tier,
        birthday: row.birthday.clone(),
        benefits: BenefitsView::of(&benefits),
        next_tier_benefits: next.as_ref().map(BenefitsView::of),
    })
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
        let wait = shared::member_code::until_next_step(ctx.now).num_seconds().max(1) as u64;
        return Err(Failure::Limited(
            format!("ten codes were used in this 30 s step; the next comes in {wait} s"),
            wait,
        ));
    };
    let issued = member_code::issue(&ctx.keys()?.member_code, serial, step, issue);
    json(200, &MemberCodeView { code: issued.code, expires_at: issued.expires_at, valid_until: issued.valid_until })
}

fn digits(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
}

pub async fn link_card(ctx: &Ctx, who: &MemberAuth, req: &mut Request) -> Reply {
    let row = signed_in(ctx, who).await?;
    let body: LinkCardRequest = read_json(req).await?;
    let card_no = digits(&body.card_no);
    if card_no.len() != 16 || !card_no.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("card_no", "must be the 16 digits on the card"));
    }
    let verify_code = digits(&body.verify_code);
    if verify_code.len() != 6 || !verify_code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("verify_code", "must be the 6 digits under the scratch panel"));
    }
    // Unknown card and wrong code answer alike, so card numbers cannot be probed.
    let wrong = || invalid("verify_code", "the card number or verification code is wrong");
    // Counted before the code is compared, per card and per member, and given back when it
    // is right: six digits are not guessable by trying, not even concurrently.
    const TOO_MANY: &str = "too many wrong verification codes";
    let attempt = Attempt::begin(ctx, guards::card_link(&card_no, &row.id), TOO_MANY).await?;
    let key = ctx.keys()?.card_code;
    let card_row = db::members::physical_card(ctx, &card_no).await?;
    // The MAC is computed for an unknown card too, so both answer in the same time.
    let matched = code_matches(&key, &card_no, &verify_code, card_row.as_ref().map_or("", |c| &c.verify_code));
    let card_row = match card_row {
        Some(c) if matched => c,
        _ => return Err(attempt.failed(ctx, wrong(), TOO_MANY)),
    };
    attempt.succeeded(ctx).await;
    if let Some(existing) = row.physical_card_no.as_deref().filter(|c| *c != card_no) {
        return Err(
            ApiError::new(ErrorCode::Conflict, format!("card {existing} is already linked to this account")).into()
        );
    }
    let mine = match card_row.member_id.as_deref() {
        Some(owner) => owner == row.id,
        None => db::members::claim_physical_card(ctx, &card_no, &row.id).await?,
    };
    if !mine {
        return Err(ApiError::new(ErrorCode::CardLinkedElsewhere, "this card is linked to another member").into());
    }
    // Re-entrant: a retry after a crash finishes whatever was left undone.
    db::members::set_physical_card(ctx, &row.id, &card_no).await?;
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
    let mut limit = 50u32;
    let mut before = None;
    for (k, v) in query_pairs(req)? {
        match k.as_str() {
            "limit" => {
                limit = v
                    .parse()
                    .ok()
                    .filter(|n| (1..=200).contains(n))
                    .ok_or_else(|| ApiError::bad_request("limit must be 1 to 200"))?
            }
            "before" => {
                before = Some(v.parse::<u64>().map_err(|_| ApiError::bad_request("before must be an entry seq"))?)
            }
            _ => {}
        }
    }
    let entries: Vec<Entry> = card::send(ctx, &row.id, &card::Ledger { limit, before }).await?;
    json(200, &entries)
}
