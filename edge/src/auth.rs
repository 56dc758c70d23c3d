//! Who is calling: reads the bearer token, checks its signature, expiry and session, and tells
//! members from staff. The dispatcher calls [`admit`] with the endpoint's access from the route
//! table before any handler runs, and hands the handler the [`Caller`] it admitted; the rule of
//! who may call what is [`shared::access::Access::admit`].

use crate::ctx::Ctx;
use crate::db;
use crate::http::{Failure, header};
use shared::access::{Access, Signed};
use shared::audit::{AuditAction, AuditEntry};
use shared::session::{self, Claims, Kind, StaffRole};
use shared::{ApiError, ErrorCode};
use worker::Request;

/// A signed-in member.
pub struct MemberAuth {
    pub member_id: String,
    /// The session the token belongs to (signing out ends it).
    pub session_id: String,
}

/// A signed-in guide or manager.
pub struct StaffAuth {
    pub staff_id: String,
    pub store_id: String,
    pub role: StaffRole,
    /// The session the token belongs to (signing out ends it).
    pub session_id: String,
}

impl StaffAuth {
    /// An audit entry for an action this staff member takes now at their store.
    pub fn audit(
        &self,
        ctx: &Ctx,
        action: AuditAction,
        subject: impl Into<String>,
        detail: impl Into<String>,
        reference: impl Into<String>,
    ) -> AuditEntry {
        AuditEntry {
            at: ctx.now,
            store_id: self.store_id.clone(),
            staff_id: self.staff_id.clone(),
            action,
            subject: subject.into(),
            detail: detail.into(),
            reference: reference.into(),
        }
    }

    /// Store scoping, in one place: guides and managers act only for their own store, head office
    /// for every store ([`StaffRole::acts_for`]), so a store named by the request (path, query or
    /// body) must be one they act for, or 403 `WRONG_STORE`.
    pub fn own_store(&self, store_id: &str) -> Result<(), Failure> {
        if self.role.acts_for(&self.store_id, store_id) {
            return Ok(());
        }
        let message = match self.role {
            StaffRole::Manager => format!("you manage store {}", self.store_id),
            StaffRole::Guide | StaffRole::Admin => format!("you work at store {}", self.store_id),
        };
        Err(ApiError::new(ErrorCode::WrongStore, message).into())
    }
}

/// Who the dispatcher admitted for an endpoint, as its access in the route table says.
pub enum Caller {
    /// Not asked: a public or development endpoint.
    Anonymous,
    /// A member (member endpoints, and signing out).
    Member(MemberAuth),
    /// A guide or manager (staff and manager endpoints, and signing out).
    Staff(StaffAuth),
}

/// The handler asked for a caller its endpoint's access does not admit: the route table and the
/// dispatcher disagree, which is a bug, not the caller's fault.
fn table_mismatch(wanted: &str) -> Failure {
    Failure::Internal(format!("the route table admits no {wanted} for this endpoint"))
}

impl Caller {
    /// The member, for an endpoint with member access.
    pub fn member(&self) -> Result<&MemberAuth, Failure> {
        match self {
            Caller::Member(m) => Ok(m),
            _ => Err(table_mismatch("member")),
        }
    }
    /// The guide or manager, for an endpoint with staff or manager access.
    pub fn staff(&self) -> Result<&StaffAuth, Failure> {
        match self {
            Caller::Staff(s) => Ok(s),
            _ => Err(table_mismatch("staff")),
        }
    }
    /// The session of a signed-in caller.
    pub fn session_id(&self) -> Result<&str, Failure> {
        match self {
            Caller::Member(m) => Ok(&m.session_id),
            Caller::Staff(s) => Ok(&s.session_id),
            Caller::Anonymous => Err(table_mismatch("signed-in caller")),
        }
    }
}

/// Authenticates a request as the endpoint's access asks: 401 without a valid sign-in where one
/// is needed, 403 `WRONG_ROLE` / `FORBIDDEN` for the wrong kind of caller, and for development
/// endpoints the seed token (404 where none is set, 403 when it is wrong).
/// With `read_session` false (`shared::routes::door_reads_session`) the session is not read
/// here: the handler must read it before it answers ([`session_live`], or its own batch).
pub async fn admit(ctx: &Ctx, req: &Request, access: Access, read_session: bool) -> Result<Caller, Failure> {
    if access == Access::Dev {
        seed_token(ctx, req)?;
    }
    if !access.needs_sign_in() {
        return Ok(Caller::Anonymous);
    }
    let claims = if read_session { claims(ctx, req).await? } else { signed(ctx, req)? };
    let caller = caller(claims)?;
    let signed = match &caller {
        Caller::Member(_) => Some(Signed::Member),
        Caller::Staff(s) => Some(Signed::Staff(s.role)),
        Caller::Anonymous => None,
    };
    access.admit(signed).map_err(ApiError::from)?;
    Ok(caller)
}

fn unauthenticated(message: &str) -> Failure {
    ApiError::new(ErrorCode::Unauthenticated, message).into()
}

/// The answer to a validly signed token whose session was signed out.
pub fn signed_out() -> ApiError {
    ApiError::new(ErrorCode::Unauthenticated, "the session was signed out")
}

/// Refuses a member whose session was signed out (for a handler the door left it to).
pub async fn session_live(ctx: &Ctx, who: &MemberAuth) -> Result<(), Failure> {
    live(ctx, &who.session_id).await
}

/// 401 unless the session is live.
async fn live(ctx: &Ctx, session_id: &str) -> Result<(), Failure> {
    match db::sessions::is_live(ctx, session_id).await? {
        true => Ok(()),
        false => Err(signed_out().into()),
    }
}

/// The verified claims of the request's token, with the session still live.
pub async fn claims(ctx: &Ctx, req: &Request) -> Result<Claims, Failure> {
    let claims = signed(ctx, req)?;
    live(ctx, &claims.sid).await?;
    Ok(claims)
}

/// The claims of the request's token, signature and expiry checked, without asking D1 whether
/// the session was signed out ([`claims`] does; a caller of this one must check that itself).
fn signed(ctx: &Ctx, req: &Request) -> Result<Claims, Failure> {
    let value = header(req.headers(), "authorization")
        .ok_or_else(|| unauthenticated("sign in first: no Authorization header"))?;
    let token =
        value.strip_prefix("Bearer ").ok_or_else(|| unauthenticated("Authorization must be 'Bearer <token>'"))?;
    Ok(session::verify(token.trim(), &ctx.keys()?.token, ctx.now).map_err(ApiError::from)?)
}

/// The member a validly signed token names, whose session is still to be checked: a caller
/// that answers from it reads the session in the same round trip as its own reads
/// ([`db::sessions::is_live_read`]).
pub fn signed_member(ctx: &Ctx, req: &Request) -> Option<MemberAuth> {
    match caller(signed(ctx, req).ok()?).ok()? {
        Caller::Member(m) => Some(m),
        _ => None,
    }
}

/// The caller a verified token describes (staff without a store or role is not a valid token).
fn caller(c: Claims) -> Result<Caller, Failure> {
    match (c.kind, c.store, c.role) {
        (Kind::Member, _, _) => Ok(Caller::Member(MemberAuth { member_id: c.sub, session_id: c.sid })),
        (Kind::Staff, Some(store_id), Some(role)) => {
            Ok(Caller::Staff(StaffAuth { staff_id: c.sub, store_id, role, session_id: c.sid }))
        }
        (Kind::Staff, _, _) => Err(unauthenticated("the token is not valid")),
    }
}

/// The member behind an optional bearer token (lists answer signed out too, and say more to a
/// member; a bad or staff token is simply not a member here).
pub async fn optional_member(ctx: &Ctx, req: &Request) -> Option<shared::ids::MemberId> {
    header(req.headers(), "authorization")?;
    match caller(claims(ctx, req).await.ok()?).ok()? {
        Caller::Member(m) => shared::ids::MemberId::parse(&m.member_id).ok(),
        _ => None,
    }
}

/// Development endpoints exist only where `SEED_TOKEN` is set, and need it in `X-Seed-Token`.
#[cfg(feature = "dev")]
fn seed_token(ctx: &Ctx, req: &Request) -> Result<(), Failure> {
    let Some(token) = crate::ctx::var(&ctx.env, "SEED_TOKEN").filter(|t| !t.is_empty()) else {
        return Err(ApiError::not_found(format!("no endpoint at {}", req.path())).into());
    };
    let given = header(req.headers(), "x-seed-token").unwrap_or_default();
    if !shared::keys::constant_time_eq(given.as_bytes(), token.as_bytes()) {
        return Err(ApiError::new(ErrorCode::Forbidden, "a valid X-Seed-Token is required").into());
    }
    Ok(())
}

/// A production build has no development endpoints (and no trace of their secret's name).
#[cfg(not(feature = "dev"))]
fn seed_token(_ctx: &Ctx, req: &Request) -> Result<(), Failure> {
    Err(ApiError::not_found(format!("no endpoint at {}", req.path())).into())
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
