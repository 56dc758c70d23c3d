//! Accounts and sessions: `POST /api/members`, `POST /api/sessions`,
//! `DELETE /api/sessions/current`, `POST /api/guide/sessions`.

use super::member::member_view;
use crate::auth;
use crate::ctx::Ctx;
use crate::db;
use crate::db::members::MemberRow;
use crate::http::{Failure, Reply, invalid, json, no_content, read_json};
use crate::throttled::{Attempt, client_address};
use shared::api::{MemberSession, RegisterRequest, SignInRequest, Staff, StaffSession, StaffSignInRequest};
use shared::birthday::Birthday;
use shared::password::{ITERATIONS, Password, PasswordHash};
use shared::phone::Phone;
use shared::session::Kind;
use shared::throttle::Counter;
use shared::throttle::guards;
use shared::{ApiError, ErrorCode};
use worker::Request;

/// A display name: 1 to 40 characters after trimming.
fn parse_name(name: &str) -> Result<String, Failure> {
    let name = name.trim();
    match name.chars().count() {
        0 => Err(invalid("name", "must not be empty")),
        1..=40 => Ok(name.to_owned()),
        _ => Err(invalid("name", "must be at most 40 characters")),
    }
}

/// Hashes a new password with a fresh random salt.
pub fn hash_password(password: &Password, iterations: u32) -> Result<String, Failure> {
    Ok(PasswordHash::new(password, crate::rand::bytes::<16>()?, iterations).encode())
}

pub async fn register(ctx: &Ctx, req: &mut Request) -> Reply {
    // Every attempt counts against the address, before any work, and is never given back.
    let address = client_address(req);
    Attempt::begin(ctx, guards::registration(&address), "too many registrations from this address").await?;
    let body: RegisterRequest = read_json(req).await?;
    let phone = Phone::parse(&body.phone).map_err(|e| invalid("phone", e))?;
    let password = Password::parse(&body.password).map_err(|e| invalid("password", e))?;
    let name = parse_name(&body.name)?;
    let birthday = match body.birthday.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        Some(text) => {
            Some(Birthday::parse(text, shared::birthday::member_today(ctx.now)).map_err(|e| invalid("birthday", e))?)
        }
        None => None,
    };
    let referrer = match body.referral_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => {
            let serial =
                shared::referral::read(&ctx.keys()?.order_id, code).map_err(|e| invalid("referral_code", e))?;
            let row = db::members::by_id(ctx, &format!("M{serial}")).await?;
            Some(row.ok_or_else(|| invalid("referral_code", "no member has this code"))?.id)
        }
        None => None,
    };
    let promoter = match body.promoter.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => Some(crate::api::promo::promoter_of(ctx, code).await?),
        None => None,
    };
    let taken = || Failure::from(ApiError::new(ErrorCode::PhoneTaken, "this phone number is already registered"));
    // Cheap check first so a taken number costs no hashing; the insert still decides.
    if db::members::by_phone(ctx, phone.as_str()).await?.is_some() {
        return Err(taken());
    }
    let hash = hash_password(&password, ITERATIONS)?;
    let row = match &promoter {
        Some(staff) => {
            db::promoters::insert_member(ctx, phone.as_str(), &name, &hash, referrer.as_deref(), staff).await?
        }
        None => db::members::insert(ctx, phone.as_str(), &name, &hash, referrer.as_deref()).await?,
    }
    .ok_or_else(taken)?;
    let row = match birthday {
        // A new account has no birthday yet, so this sets it.
        Some(b) => {
            db::birthdays::set_once(ctx, &row.id, &b.as_text()).await?;
            MemberRow { birthday: Some(b.as_text()), ..row }
        }
        None => row,
    };
    if promoter.is_some() {
        crate::flows::promo::give_gifts(ctx, &row.id).await?;
    }
    let token = auth::open_session(ctx, Kind::Member, &row.id, None, None).await?;
    json(201, &MemberSession { token, member: member_view(ctx, &row).await? })
}

fn bad_credentials() -> Failure {
    ApiError::new(ErrorCode::BadCredentials, "wrong phone number or password").into()
}

const TOO_MANY: &str = "too many failed sign-ins";

/// Checks `password` against the account's hash behind the sign-in counters (see
/// `shared::throttle::guards`): the attempt is counted before the ~120 ms hash, so concurrent
/// guesses cannot all be evaluated, and a success takes its count back. The hash is `None` for
/// an unknown account (a dummy hash is checked instead, so both cases take the same time).
async fn check_password(
    ctx: &Ctx,
    counters: Vec<Counter>,
    stored: Option<&str>,
    password: &str,
) -> Result<(), Failure> {
    const DUMMY: &str = "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let hash = PasswordHash::parse(stored.unwrap_or(DUMMY))
        .map_err(|_| Failure::Internal(format!("unreadable hash for {}", counters.first().map_or("?", |c| &c.key))))?;
    let attempt = Attempt::begin(ctx, counters, TOO_MANY).await?;
    let verified = hash.verify(password);
    if stored.is_some() && verified {
        attempt.succeeded(ctx).await;
        Ok(())
    } else {
        Err(attempt.failed(ctx, bad_credentials(), TOO_MANY))
    }
}

pub async fn sign_in(ctx: &Ctx, req: &mut Request) -> Reply {
    let address = client_address(req);
    let body: SignInRequest = read_json(req).await?;
    let phone = Phone::parse(&body.phone).map_err(|e| invalid("phone", e))?;
    let row = db::members::by_phone(ctx, phone.as_str()).await?;
    let counters = guards::member_sign_in(phone.as_str(), &address);
    check_password(ctx, counters, row.as_ref().map(|r| r.password_hash.as_str()), &body.password).await?;
    let row = row.ok_or_else(bad_credentials)?;
    let token = auth::open_session(ctx, Kind::Member, &row.id, None, None).await?;
    json(200, &MemberSession { token, member: member_view(ctx, &row).await? })
}

pub async fn sign_out(ctx: &Ctx, session_id: &str) -> Reply {
    db::sessions::revoke(ctx, session_id).await?;
    no_content()
}

pub async fn staff_sign_in(ctx: &Ctx, req: &mut Request) -> Reply {
    let address = client_address(req);
    let body: StaffSignInRequest = read_json(req).await?;
    let staff_no = body.staff_no.trim().to_ascii_uppercase();
    if staff_no.is_empty() || staff_no.len() > 20 || !staff_no.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(invalid("staff_no", "must be letters and digits, e.g. G1001"));
    }
    let row = db::members::staff_by_id(ctx, &staff_no).await?;
    let counters = guards::staff_sign_in(&staff_no, &address);
    check_password(ctx, counters, row.as_ref().map(|r| r.password_hash.as_str()), &body.password).await?;
    let row = row.ok_or_else(bad_credentials)?;
    let role = row.role;
    let token = auth::open_session(ctx, Kind::Staff, &row.id, Some(row.store_id.clone()), Some(role)).await?;
    let staff = Staff { id: row.id, name: row.name, store_id: row.store_id, role };
    json(200, &StaffSession { token, staff })
}
