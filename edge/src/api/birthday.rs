//! `PUT /api/me/birthday`: a member who left their birthday out at registration gives it once;
//! it never moves afterwards (the rule is `shared::birthday`).

use super::member::{member_view, signed_in};
use crate::auth::MemberAuth;
use crate::ctx::Ctx;
use crate::db;
use crate::http::{Reply, invalid, json, read_json};
use shared::ApiError;
use shared::api::BirthdayRequest;
use shared::birthday::{Birthday, SetBirthdayError, member_today, set_once};
use worker::Request;

pub async fn set(ctx: &Ctx, who: &MemberAuth, req: &mut Request) -> Reply {
    let row = signed_in(ctx, who).await?;
    let body: BirthdayRequest = read_json(req).await?;
    let given = Birthday::parse(&body.birthday, member_today(ctx.now)).map_err(|e| invalid("birthday", e))?;
    let birthday = set_once(row.birthday.as_deref(), given).map_err(ApiError::from)?;
    // The update sets it only while there is none: of two requests at once, one wins.
    if !db::birthdays::set_once(ctx, &row.id, &birthday.as_text()).await? {
        return Err(ApiError::from(SetBirthdayError::AlreadySet).into());
    }
    let row = db::members::MemberRow { birthday: Some(birthday.as_text()), ..row };
    json(200, &member_view(ctx, &row).await?)
}
