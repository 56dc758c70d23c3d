//! The inbox and Web Push: `GET /api/me/messages`, `POST /api/me/messages/{id}/read`,
//! `POST /api/flash-sales/{id}/reminders`, `POST /api/me/push-subscriptions`, `GET /api/push/key`.
//! Members and staff share the inbox: the recipient is whoever the token names.

use crate::auth::{Caller, MemberAuth};
use crate::ctx::Ctx;
use crate::db;
use crate::http::{Failure, Reply, json, no_content, read_json};
use shared::api::{PushKey, PushSubscriptionRequest, Reminder};
use shared::ids::{MemberId, SaleId};
use shared::push::Subscription;
use shared::reminders::sale_reminder;
use shared::{ApiError, ErrorCode};
use worker::Request;

/// The member or staff id the caller's messages go to.
fn recipient(caller: &Caller) -> Result<&str, Failure> {
    match caller {
        Caller::Member(m) => Ok(&m.member_id),
        Caller::Staff(s) => Ok(&s.staff_id),
        Caller::Anonymous => Err(ApiError::new(ErrorCode::Unauthenticated, "sign in first").into()),
    }
}

pub async fn inbox(ctx: &Ctx, caller: &Caller) -> Reply {
    let rows = db::messages::inbox(ctx, recipient(caller)?).await?;
    json(200, &rows.into_iter().filter_map(|r| r.view()).collect::<Vec<_>>())
}

pub async fn read(ctx: &Ctx, caller: &Caller, id: &str) -> Reply {
    if !db::messages::mark_read(ctx, recipient(caller)?, id).await? {
        return Err(ApiError::not_found(format!("no message {id}")).into());
    }
    no_content()
}

pub async fn remind(ctx: &Ctx, who: &MemberAuth, sale: &str) -> Reply {
    let missing = || Failure::from(ApiError::not_found(format!("no flash sale {sale}")));
    let id = SaleId::parse(sale).map_err(|_| missing())?;
    let row = db::sales::by_id(ctx, id.as_str()).await?.ok_or_else(missing)?;
    let member = MemberId::parse(&who.member_id).map_err(|e| Failure::Internal(format!("member id: {e}")))?;
    let reminder = sale_reminder(&member, &id, row.starts_at(), ctx.now).map_err(ApiError::from)?;
    let due_at = reminder.due();
    crate::messages::write_and_push(ctx, &reminder, &row.title).await?;
    json(201, &Reminder { sale_id: row.id, due_at })
}

pub async fn subscribe(ctx: &Ctx, caller: &Caller, req: &mut Request) -> Reply {
    let body: PushSubscriptionRequest = read_json(req).await?;
    Subscription::parse(&body.endpoint, &body.keys.p256dh, &body.keys.auth).map_err(ApiError::from)?;
    let endpoint = body.endpoint.trim();
    db::messages::subscribe(ctx, recipient(caller)?, endpoint, &body.keys.p256dh, &body.keys.auth).await?;
    json(201, &PushSubscriptionRequest { endpoint: endpoint.to_owned(), keys: body.keys })
}

pub async fn key(ctx: &Ctx) -> Reply {
    let key = crate::push::vapid_key(ctx).ok_or_else(|| ApiError::not_found("push is not configured here"))?;
    json(200, &PushKey { public_key: key.public_key() })
}

/// `POST /api/dev/messages/invites`: the scheduled pass's invite suggestions, at the request's
/// time (a test states it in `X-Edgemall-Now`).
#[cfg(feature = "dev")]
pub async fn dev_invites(ctx: &Ctx) -> Reply {
    crate::messages::invites::upkeep(ctx).await?;
    no_content()
}
