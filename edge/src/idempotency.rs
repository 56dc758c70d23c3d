//! `Idempotency-Key` at the door: one rule for every endpoint that takes the header
//! ([`shared::routes::takes_idempotency_key`]) but an order's, whose row keeps its key
//! ([`shared::routes::door_remembers_key`]).
//!
//! Before the handler runs, the key is remembered in D1 under its scope (caller, endpoint, key)
//! with the fingerprint of the body. The same scope with another body is refused with
//! `409 IDEMPOTENCY_MISMATCH`; the same body runs the handler again, which is idempotent on
//! the scope (ids and references derive from [`Scope::reference`] or from the caller plus the
//! key), so it answers with the first request's outcome without doing anything twice. Another
//! caller's identical key is another scope, so it can never see or copy the first result.

use crate::auth;
use crate::ctx::Ctx;
use crate::http::{Failure, MAX_BODY_BYTES, header, invalid};
use shared::idempotency::{Caller, IdempotencyKey, Scope, Seen, fingerprint, judge, remember_after};
use shared::routes::{RouteId, endpoint};
use shared::{ApiError, ErrorCode};
use worker::{Request, query};

/// The request's `Idempotency-Key`, if it sent one (422 when malformed).
pub fn key(req: &Request) -> Result<Option<IdempotencyKey>, Failure> {
    header(req.headers(), "idempotency-key")
        .map(|k| IdempotencyKey::parse(&k).map_err(|e| invalid("Idempotency-Key", e)))
        .transpose()
}

/// The request's `Idempotency-Key` where the endpoint requires one (400 when missing).
pub fn required_key(req: &Request) -> Result<IdempotencyKey, Failure> {
    key(req)?.ok_or_else(|| ApiError::bad_request("the Idempotency-Key header is required").into())
}

/// The scope of a key: its caller and the endpoint it was sent to.
pub fn scope(caller: Caller, route: RouteId, key: IdempotencyKey) -> Scope {
    let e = endpoint(route);
    Scope::new(caller, e.path, key)
}

/// A key admitted for this request; [`Admitted::settle`] decides whether it is remembered.
pub struct Admitted {
    scope: Scope,
    fingerprint: String,
    first: bool,
}

/// Checks the request's key against what its scope remembers, for the caller the dispatcher
/// admitted. `Ok(None)`: nothing to check (no key, or nobody signed in).
pub async fn admit(ctx: &Ctx, route: RouteId, who: &auth::Caller, req: &Request) -> Result<Option<Admitted>, Failure> {
    let Some(key) = key(req)? else { return Ok(None) };
    let caller = match who {
        auth::Caller::Member(m) => Caller::member(&m.member_id),
        auth::Caller::Staff(s) => Caller::staff(&s.staff_id),
        auth::Caller::Anonymous => return Ok(None),
    };
    let declared = header(req.headers(), "content-length").and_then(|n| n.trim().parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Ok(None); // the handler answers 413 without reading it
    }
    let body = req.clone()?.bytes().await.map_err(|_| ApiError::bad_request("the request body could not be read"))?;
    let scope = scope(caller, route, key);
    let fingerprint = fingerprint(&req.path(), &body);
    let db = ctx.db()?;
    let inserted = query!(
        &db,
        "INSERT INTO idempotency_keys (caller, endpoint, key, fingerprint, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (caller, endpoint, key) DO NOTHING",
        scope.caller().as_str(),
        scope.endpoint(),
        scope.key().as_str(),
        &fingerprint,
        ctx.now.to_rfc3339()
    )?
    .run()
    .await?
    .meta()?
    .and_then(|m| m.changes)
    .unwrap_or(0)
        > 0;
    if inserted {
        return Ok(Some(Admitted { scope, fingerprint, first: true }));
    }
    #[derive(serde::Deserialize)]
    struct Row {
        fingerprint: String,
    }
    let row: Option<Row> = query!(
        &db,
        "SELECT fingerprint FROM idempotency_keys WHERE caller = ?1 AND endpoint = ?2 AND key = ?3",
        scope.caller().as_str(),
        scope.endpoint(),
        scope.key().as_str()
    )?
    .first(None)
    .await?;
    match judge(row.as_ref().map(|r| r.fingerprint.as_str()), &fingerprint) {
        Seen::Mismatch => Err(ApiError::new(
            ErrorCode::IdempotencyMismatch,
            "this Idempotency-Key was already used with a different request body",
        )
        .into()),
        // Forgotten in between (the first attempt was refused): this one counts as the first.
        Seen::First | Seen::Repeat => Ok(Some(Admitted { scope, fingerprint, first: row.is_none() })),
    }
}

impl Admitted {
    /// After the handler answered `status`: a first request whose answer settled nothing is
    /// forgotten, so a corrected request may use the key again.
    pub async fn settle(self, ctx: &Ctx, status: u16) {
        if !self.first || remember_after(status) {
            return;
        }
        let forget = async {
            query!(
                &ctx.db()?,
                "DELETE FROM idempotency_keys WHERE caller = ?1 AND endpoint = ?2 AND key = ?3 AND fingerprint = ?4",
                self.scope.caller().as_str(),
                self.scope.endpoint(),
                self.scope.key().as_str(),
                &self.fingerprint
            )?
            .run()
            .await?;
            Ok::<(), Failure>(())
        };
        if let Err(e) = forget.await {
            // Harmless: the key stays bound to this body, which a retry of it still matches.
            worker::console_warn!("idempotency: could not forget {}: {e:?}", self.scope.reference());
        }
    }
}

/// Forgets up to `limit` keys first seen before `before` (the cron).
pub async fn prune(ctx: &Ctx, before: chrono::DateTime<chrono::Utc>, limit: u32) -> Result<u32, Failure> {
    let before = before.to_rfc3339();
    let result = query!(
        &ctx.db()?,
        "DELETE FROM idempotency_keys WHERE rowid IN
           (SELECT rowid FROM idempotency_keys WHERE created_at < ?1 LIMIT ?2)",
        before,
        limit
    )?
    .run()
    .await?;
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) as u32)
}
