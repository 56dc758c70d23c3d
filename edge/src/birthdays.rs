//! The birthday part of the scheduled pass: members in their birthday week get their tier's
//! birthday coupon (once a year) with a message, and every Monday each guide hears which of
//! their customers have a birthday that week (once a week). The rules are the core's
//! (`shared::tier_benefits`, `shared::reminders`); D1 finds who is due.

use crate::calls::member as card;
use crate::ctx::Ctx;
use crate::db::birthdays as store;
use crate::http::Failure;
use crate::messages::send;
use chrono::NaiveDate;
use shared::api::BirthdayPass;
use shared::birthday::{local_today, member_today};
use shared::ids::MemberId;
use shared::reminders::{DedupeKey, MessageKind, birthday_coupon_message, guide_birthday_digest, week_month_days};
use shared::tier_benefits::benefits;

/// Members looked at per pass; the rest follow in the next minutes.
const BATCH: u32 = 50;

/// Gives the week's birthday coupons due now, and Monday's messages to guides.
pub async fn upkeep(ctx: &Ctx) -> Result<BirthdayPass, Failure> {
    let mut pass = BirthdayPass::default();
    let coupons = coupons(ctx, &mut pass).await;
    let guides = guides(ctx, &mut pass).await;
    coupons.and(guides).map(|_| pass)
}

/// Looks at up to [`BATCH`] members in their birthday week not looked at today: each whose tier
/// has a birthday coupon gets it (its id carries the year, so the wallet keeps one a year) and
/// a message (keyed by that coupon). Marked looked-at last, so a crash repeats the harmless part.
async fn coupons(ctx: &Ctx, pass: &mut BirthdayPass) -> Result<(), Failure> {
    let today = member_today(ctx.now);
    let day = today.to_string();
    for born in store::due_a_look(ctx, &week_month_days(today), &day, BATCH).await? {
        match give(ctx, &born, today).await {
            Ok(given) => pass.coupons_given += u32::from(given),
            Err(e) => {
                worker::console_error!("birthday coupon of {}: {e:?}", born.id);
                continue;
            }
        }
        store::looked_at(ctx, &born.id, &day).await?;
        pass.members_looked_at += 1;
    }
    Ok(())
}

/// Whether `born`'s tier has a birthday coupon (now in the wallet).
async fn give(ctx: &Ctx, born: &store::Born, today: NaiveDate) -> Result<bool, Failure> {
    let bad = |what: &str| Failure::Internal(format!("member {}: unreadable {what}", born.id));
    let member = MemberId::parse(&born.id).map_err(|_| bad("id"))?;
    let birthday = shared::calendar::parse_ymd(&born.birthday).ok_or_else(|| bad("birthday"))?;
    let tier = card::summary(ctx, &born.id).await?.standing.tier;
    let Some(coupon) = benefits(tier).birthday_coupon(&member, birthday, today, ctx.now) else { return Ok(false) };
    let kept: Option<shared::coupon::Coupon> = card::send(ctx, &born.id, &card::AddCoupon { coupon }).await?;
    let Some(kept) = kept else { return Err(Failure::Internal(format!("birthday coupon of {} not kept", born.id))) };
    send(ctx, birthday_coupon_message(&born.id, &kept.id, ctx.now), &kept.title).await;
    crate::messages::coupon_in_wallet(ctx, &born.id, &kept).await;
    Ok(true)
}

/// On a store's Monday, one message to each of its guides with customers whose birthday is
/// this week, naming them; none for a guide without any, none twice in a week.
async fn guides(ctx: &Ctx, pass: &mut BirthdayPass) -> Result<(), Failure> {
    for clock in store::store_clocks(ctx).await? {
        let today = local_today(clock.utc_offset_minutes, ctx.now);
        let Some(probe) = guide_birthday_digest("", today, ctx.now) else { continue };
        let key_tail = DedupeKey::new("", MessageKind::CustomerBirthday, probe.subject());
        let rows = store::guides_customers(ctx, &clock.id, &week_month_days(today), key_tail.as_str()).await?;
        let mut rows = rows.into_iter().peekable();
        while let Some(first) = rows.next() {
            let mut names = vec![first.name];
            while let Some(next) = rows.next_if(|r| r.guide_id == first.guide_id) {
                names.push(next.name);
            }
            if let Some(message) = guide_birthday_digest(&first.guide_id, today, ctx.now) {
                send(ctx, message, &names.join("、")).await;
                pass.guides_told += 1;
            }
        }
    }
    Ok(())
}
