//! Who is calling: reads the bearer token, checks its signature, expiry and session, and tells
//! members from staff. Using one kind where the other is needed is 403 `WRONG_ROLE`.

use crate::ctx::Ctx;
use crate::db;
use crate::http::{Failure, header};
use shared::session::{self, Claims, Kind, StaffRole, TokenError};
use shared::{ApiError, ErrorCode};
use worker::Request;

/// A signed-in member.
pub struct MemberAuth {
    pub member_id: String,
}

/// A signed-in guide or manager.
pub struct StaffAuth {
    pub staff_id: String,
    pub store_id: String,
    pub role: StaffRole,
}

fn unauthenticated(message: &str) -> Failure {
    ApiError::new(ErrorCode::Unauthenticated, message).into()
}

/// The verified claims of the request's token, with the session still live.
pub async fn claims(ctx: &Ctx, req: &Request) -> Result<Claims, Failure> {
    let value = header(req.headers(), "authorization")
        .ok_or_else(|| unauthenticated("sign in first: no Authorization header"))?;
    let token =
        value.strip_prefix("Bearer ").ok_or_else(|| unauthenticated("Authorization must be 'Bearer <token>'"))?;
    let claims = session::verify(token.trim(), &ctx.keys()?.token, ctx.now).map_err(|e| match e {
        TokenError::Expired => unauthenticated("the session has expired; sign in again"),
        TokenError::Malformed | TokenError::BadSignature => unauthenticated("the token is not valid"),
    })?;
    if !db::sessions::is_live(ctx, &claims.sid).await? {
        return Err(unauthenticated("the session was signed out"));
    }
    Ok(claims)
}

/// A member, or 401 / 403 `WRONG_ROLE`.
pub async fn member(ctx: &Ctx, req: &Request) -> Result<MemberAuth, Failure> {
    let c = claims(ctx, req).await?;
    match c.kind {
        Kind::Member => Ok(MemberAuth { member_id: c.sub }),
        Kind::Staff => Err(ApiError::new(ErrorCode::WrongRole, "this needs a member's sign-in, not staff").into()),
    }
}

/// The member behind an optional bearer token (lists answer signed out too, and say more to a
/// member; a bad or staff token is simply not a member here).
pub async fn optional_member(ctx: &Ctx, req: &Request) -> Option<shared::ids::MemberId> {
    header(req.headers(), "authorization")?;
    shared::ids::MemberId::parse(&member(ctx, req).await.ok()?.member_id).ok()
}

/// Staff of a store, or 401 / 403 `WRONG_ROLE`.
pub async fn staff(ctx: &Ctx, req: &Request) -> Result<StaffAuth, Failure> {
    let c = claims(ctx, req).await?;
    match (c.kind, c.store, c.role) {
        (Kind::Staff, Some(store_id), Some(role)) => Ok(StaffAuth { staff_id: c.sub, store_id, role }),
        (Kind::Staff, _, _) => Err(unauthenticated("the token is not valid")),
        (Kind::Member, _, _) => {
            Err(ApiError::new(ErrorCode::WrongRole, "this needs a staff sign-in, not a member's").into())
        }
    }
}

/// A manager of a store, or 401 / 403.
pub async fn manager(ctx: &Ctx, req: &Request) -> Result<StaffAuth, Failure> {
    let s = staff(ctx, req).await?;
    if s.role != StaffRole::Manager {
        return Err(ApiError::new(ErrorCode::Forbidden, "only a store manager may do this").into());
    }
    Ok(s)
}

/// Opens a session and signs its token.
pub async fn open_session(
    ctx: &Ctx,
    kind: Kind,
    subject: &str,
    store: Option<String>,
    role: Option<StaffRole>,
) -> Result<String, Failure> {
    let sid = crate::rand::id("S")?;
    let expires_at = ctx.now + session::lifetime(kind);
    let kind_name = match kind {
        Kind::Member => "member",
        Kind::Staff => "staff",
    };
    db::sessions::create(ctx, &sid, kind_name, subject, expires_at).await?;
    let claims = Claims { kind, sub: subject.to_owned(), sid, exp: expires_at.timestamp(), store, role };
    Ok(session::issue(&claims, &ctx.keys()?.token))
}

#[cfg(feature = "dev")]
/// Opens member sessions for many members at once (load tests): one batch of inserts.
pub async fn open_sessions(ctx: &Ctx, members: &[(String, String)]) -> Result<Vec<String>, Failure> {
    let db = ctx.db()?;
    let expires_at = ctx.now + session::lifetime(Kind::Member);
    let key = ctx.keys()?.token;
    let mut batch = Vec::with_capacity(members.len());
    let mut tokens = Vec::with_capacity(members.len());
    for (id, _) in members {
        let sid = crate::rand::id("S")?;
        batch.push(worker::query!(
            &db,
            "INSERT INTO sessions (id, kind, subject, created_at, expires_at) VALUES (?1, 'member', ?2, ?3, ?4)",
            &sid,
            id,
            ctx.now.to_rfc3339(),
            expires_at.to_rfc3339()
        )?);
        let claims =
            Claims { kind: Kind::Member, sub: id.clone(), sid, exp: expires_at.timestamp(), store: None, role: None };
        tokens.push(session::issue(&claims, &key));
    }
    db.batch(batch).await?;
    Ok(tokens)
}
