//! At the counter: a guide scans a member's dynamic code to see who it is
//! (`POST /api/guide/member-codes/verify`) or to charge a purchase to stored value
//! (`POST /api/guide/charges`). Either use spends the code; identifying opens a counter session
//! (`shared::counter_session`) whose token a charge may send instead of a second code.

use super::member::member_view;
use crate::auth::StaffAuth;
use crate::calls::member::{self as card, PostReply};
use crate::ctx::Ctx;
use crate::db;
use crate::db::members::MemberRow;
use crate::http::{Failure, Reply, json, read_json};
use crate::throttled::Attempt;
use shared::ApiError;
use shared::api::{ChargeReceipt, ChargeRequest, CodeRequest, MemberEnvelope};
use shared::audit::AuditAction;
use shared::counter_session::CounterSession;
use shared::member_code::{self, CodeError, ScannedCode};
use shared::stored_value::{CounterCharge, EntryKind, Posting};
use shared::throttle::guards;
use worker::Request;

/// Reads a scanned code: every scan is counted against the guide's allowance before the code
/// is read and given back when it is genuine, so six digits of HMAC cannot be guessed by trying,
/// not even with many scans at once.
async fn scan(ctx: &Ctx, staff: &StaffAuth, code: &str) -> Result<(MemberRow, ScannedCode), Failure> {
    const TOO_MANY: &str = "too many unknown codes";
    let attempt = Attempt::begin(ctx, guards::code_scan(&staff.staff_id), TOO_MANY).await?;
    let unknown = || Failure::from(ApiError::from(CodeError::NotFound));
    let scanned = match member_code::read(&ctx.keys()?.member_code, code, ctx.now) {
        Ok(s) => s,
        Err(CodeError::Expired) => {
            // Authentic but old: not a guess.
            attempt.succeeded(ctx).await;
            return Err(ApiError::from(CodeError::Expired).into());
        }
        Err(_) => return Err(attempt.failed(ctx, unknown(), TOO_MANY)),
    };
    let Some(row) = db::members::by_id(ctx, &format!("M{}", scanned.serial)).await? else {
        return Err(attempt.failed(ctx, unknown(), TOO_MANY));
    };
    attempt.succeeded(ctx).await;
    Ok((row, scanned))
}

/// Who a scanned member code belongs to; the code is spent. With `audit`, spending it is
/// recorded as that action (a return records its own entry instead).
pub async fn identify(
    ctx: &Ctx,
    staff: &StaffAuth,
    code: &str,
    audit: Option<AuditAction>,
) -> Result<MemberRow, Failure> {
    let (row, scanned) = scan(ctx, staff, code).await?;
    let consume = card::Consume { step: scanned.step, issue: scanned.issue, now: ctx.now };
    let spend = card::send(ctx, &row.id, &consume);
    match audit {
        Some(action) => {
            let reference = format!("code:{}:{}:{}", row.id, scanned.step, scanned.issue);
            db::audit::around(ctx, &staff.audit(ctx, action, &row.id, "", reference), spend).await?;
        }
        None => {
            spend.await?;
        }
    }
    Ok(row)
}

pub async fn verify(ctx: &Ctx, staff: &StaffAuth, req: &mut Request) -> Reply {
    let body: CodeRequest = read_json(req).await?;
    let row = identify(ctx, staff, &body.code, Some(AuditAction::MemberCodeVerified)).await?;
    let session = CounterSession::open(&row.id, &staff.staff_id, &staff.store_id, ctx.now);
    let counter_session = Some(session.ticket(&ctx.keys()?.token));
    json(200, &MemberEnvelope { member: member_view(ctx, &row).await?, counter_session })
}

/// Who a charge is for: a code scanned now (spent by the charge), or the counter session of a
/// member this guide identified a moment ago (`None` for the code's step and issue).
async fn payer(
    ctx: &Ctx,
    staff: &StaffAuth,
    body: &ChargeRequest,
) -> Result<(MemberRow, Option<ScannedCode>), Failure> {
    let Some(token) = body.counter_token.as_deref().filter(|_| body.code.trim().is_empty()) else {
        let (row, scanned) = scan(ctx, staff, &body.code).await?;
        return Ok((row, Some(scanned)));
    };
    Ok((session_member(ctx, staff, token).await?, None))
}

/// The member of a counter session this guide opened by identifying them.
pub async fn session_member(ctx: &Ctx, staff: &StaffAuth, token: &str) -> Result<MemberRow, Failure> {
    let session = CounterSession::check(&ctx.keys()?.token, token, &staff.staff_id, &staff.store_id, ctx.now)
        .map_err(ApiError::from)?;
    let row = db::members::by_id(ctx, session.member_id()).await?;
    row.ok_or_else(|| ApiError::not_found("no such member").into())
}

pub async fn charge(ctx: &Ctx, staff: &StaffAuth, req: &mut Request) -> Reply {
    let body: ChargeRequest = read_json(req).await?;
    let charge = CounterCharge::parse(body.amount_fen, &body.note).map_err(ApiError::from)?;
    let key = crate::idempotency::key(req)?;
    let (row, scanned) = payer(ctx, staff, &body).await?;
    let reference = match key {
        Some(k) => format!("charge:{}:{k}", staff.staff_id),
        None => format!("charge:{}", crate::rand::id("C")?),
    };
    let posting = Posting::new(EntryKind::Payment, charge.amount(), &reference, &charge.reason(&staff.store_id));
    let command = card::Charge {
        step: scanned.as_ref().map_or(0, |s| s.step),
        issue: scanned.as_ref().map_or(0, |s| s.issue),
        posting,
        points_per_yuan: ctx.points_per_yuan(),
        now: ctx.now,
        by_counter_session: scanned.is_none(),
    };
    let detail = format!("{} fen", body.amount_fen);
    let entry = staff.audit(ctx, AuditAction::CounterCharge, &row.id, detail, &reference);
    let reply: PostReply = db::audit::around(ctx, &entry, async {
        let reply: PostReply = card::send(ctx, &row.id, &command).await?;
        // The member's ledger is the truth; this copy lets the store's day count the charge.
        db::clienteling::record_charge(ctx, &reference, &staff.store_id, &row.id, &staff.staff_id, body.amount_fen)
            .await?;
        Ok(reply)
    })
    .await?;
    json(200, &ChargeReceipt { member: member_view(ctx, &row).await?, entry: reply.entry })
}
