//! Messages and reminders: what kinds of message there are (the contract's `kind` strings),
//! when each reminder falls due, and the book that hands every message out exactly once.
//!
//! - "Remind me" on an upcoming sale: due [`SALE_LEAD`] (5 minutes) before it starts, or at
//!   once if it starts sooner; refused once the sale has started.
//! - A coupon expiring: due [`COUPON_WARNING`] (24 hours) before it lapses, or at once if it
//!   lapses sooner; never for a coupon already used or lapsed.
//! - Every message has a dedupe key per (recipient, kind, subject): scheduling the same one
//!   twice, or again after it was sent, does nothing ([`ReminderBook`]).
//! - Guides are reminded to invite shoppers to open a card ([`invite`]): weekly with their
//!   promoter figures, daily about yesterday's counter and scan-and-go shoppers without a guide.

mod birthdays;
mod book;
mod inbox;
pub mod invite;
mod kind;
mod letter;

pub use birthdays::{birthday_coupon_message, guide_birthday_digest, week_month_days, week_start};
pub use book::{ReminderBook, Scheduled};
pub use inbox::MessageRow;
pub use kind::{MessageKind, UnknownKind};
pub use letter::{Letter, push_payload};

use crate::ids::{MemberId, SaleId};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

/// How long before a sale starts its reminder is due.
pub const SALE_LEAD: Duration = Duration::minutes(5);
/// How long before a coupon lapses its warning is due.
pub const COUPON_WARNING: Duration = Duration::hours(24);

/// How many due messages one scheduled pass pushes; the rest go in the next minute's pass, so a
/// pass stays short however many reminders fall due at once (a popular sale's start).
pub const PUSH_BATCH: u32 = 50;

/// A message's identity for "sent once": recipient, kind and subject (a sale, a coupon, an
/// order, a customer and year).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct DedupeKey(String);

impl DedupeKey {
    /// The key of message `kind` about `subject` for `recipient` (a member or staff id).
    pub fn new(recipient: &str, kind: MessageKind, subject: &str) -> DedupeKey {
        DedupeKey(format!("{recipient}|{}|{subject}", kind.as_str()))
    }

    /// The key as stored (a unique column).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a sale reminder was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SaleReminderError {
    /// The sale has already started: there is nothing left to remind of (409 `CONFLICT`).
    #[error("the sale has already started")]
    AlreadyStarted,
}

impl From<SaleReminderError> for crate::ApiError {
    fn from(e: SaleReminderError) -> crate::ApiError {
        match e {
            SaleReminderError::AlreadyStarted => crate::ApiError::new(crate::ErrorCode::Conflict, e.to_string()),
        }
    }
}

/// The reminder `member` asked for on `sale` starting at `starts_at`, asked at `now`.
pub fn sale_reminder(
    member: &MemberId,
    sale: &SaleId,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Scheduled, SaleReminderError> {
    if now >= starts_at {
        return Err(SaleReminderError::AlreadyStarted);
    }
    let due = (starts_at - SALE_LEAD).max(now);
    Ok(Scheduled::new(member.as_str(), MessageKind::SaleStarting, sale.as_str(), due))
}

/// The warning for `member`'s coupon `coupon` lapsing at `valid_until`, seen at `now`; `None`
/// when it is used (`usable` false) or already lapsed.
pub fn coupon_warning(
    member: &MemberId,
    coupon: &str,
    valid_until: DateTime<Utc>,
    usable: bool,
    now: DateTime<Utc>,
) -> Option<Scheduled> {
    if !usable || now >= valid_until {
        return None;
    }
    let due = (valid_until - COUPON_WARNING).max(now);
    Some(Scheduled::new(member.as_str(), MessageKind::CouponExpiring, coupon, due))
}

/// A message due at once (ready for pickup, an order for you, refunded, a customer paid): the
/// event itself is the subject, so a retried event sends nothing new.
pub fn at_once(recipient: &str, kind: MessageKind, subject: &str, now: DateTime<Utc>) -> Scheduled {
    Scheduled::new(recipient, kind, subject, now)
}

/// Whether a customer born on `birthday` has their birthday in the week (Monday to Sunday) of
/// `today` (the store's local date). A 29 February birthday falls on 28 February in other
/// years.
pub fn birthday_this_week(birthday: NaiveDate, today: NaiveDate) -> bool {
    birthday_in_week(birthday, today).is_some()
}

/// The day of the week of `today` on which a customer born on `birthday` has their birthday,
/// if any (a week spanning the new year tells which year's birthday it is).
pub fn birthday_in_week(birthday: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    (0..7).map(|d| monday + Duration::days(d)).find(|day| {
        let (m, d) = (birthday.month(), birthday.day());
        let on = NaiveDate::from_ymd_opt(day.year(), m, d).or_else(|| NaiveDate::from_ymd_opt(day.year(), m, d - 1));
        on == Some(*day)
    })
}

/// The guide's birthday message for customer `member`, once per year.
pub fn birthday_notice(guide: &str, member: &MemberId, today: NaiveDate, now: DateTime<Utc>) -> Scheduled {
    Scheduled::new(guide, MessageKind::CustomerBirthday, &format!("{member}@{}", today.year()), now)
}

#[cfg(test)]
mod tests;
