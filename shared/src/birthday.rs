//! A member's birthday: a real date, not in the future and not before [`EARLIEST_YEAR`]. It
//! is given once (at registration, or later from the card) and never moved: stores do not let
//! members move their birthday to get the birthday coupon twice.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

/// The earliest year a birthday may fall in.
pub const EARLIEST_YEAR: i32 = 1900;

/// Members belong to the chain, not to one store: their birthdays (which day is "today", which
/// week is "this week") run on the chain's clock, China Standard Time.
pub const MEMBER_DAY_OFFSET_MINUTES: i32 = 480;

/// The local date at `now` of a place `offset_minutes` east of UTC (a store's).
pub fn local_today(offset_minutes: i32, now: DateTime<Utc>) -> NaiveDate {
    (now + Duration::minutes(offset_minutes.into())).date_naive()
}

/// The members' local date at `now`.
pub fn member_today(now: DateTime<Utc>) -> NaiveDate {
    local_today(MEMBER_DAY_OFFSET_MINUTES, now)
}

/// A birthday that can be stored: built only through [`Birthday::parse`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Birthday(NaiveDate);

/// Why a given birthday was refused (422 naming `birthday`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BirthdayError {
    /// Not a date written `YYYY-MM-DD`.
    #[error("must be a date written YYYY-MM-DD")]
    Format,
    /// After today.
    #[error("must not be in the future")]
    InFuture,
    /// Before [`EARLIEST_YEAR`].
    #[error("must be in 1900 or later")]
    TooEarly,
}

/// Why a birthday cannot be set (409 `CONFLICT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SetBirthdayError {
    /// The member already has one; it is never changed.
    #[error("the birthday is already set and cannot be changed")]
    AlreadySet,
}

impl From<SetBirthdayError> for crate::ApiError {
    fn from(e: SetBirthdayError) -> crate::ApiError {
        crate::ApiError::new(crate::ErrorCode::Conflict, e.to_string())
    }
}

impl Birthday {
    /// Reads `text` (`YYYY-MM-DD`, surrounding spaces allowed) given the store's `today`.
    pub fn parse(text: &str, today: NaiveDate) -> Result<Birthday, BirthdayError> {
        let given = text.trim();
        let date = crate::calendar::parse_ymd(given).ok_or(BirthdayError::Format)?;
        if date > today {
            return Err(BirthdayError::InFuture);
        }
        if date.year() < EARLIEST_YEAR {
            return Err(BirthdayError::TooEarly);
        }
        Ok(Birthday(date))
    }

    /// The date.
    pub fn date(&self) -> NaiveDate {
        self.0
    }

    /// As stored and shown: `YYYY-MM-DD`.
    pub fn as_text(&self) -> String {
        crate::calendar::ymd(self.0)
    }
}

/// Setting `given` on a member whose stored birthday is `current`: allowed only when there is
/// none yet.
pub fn set_once(current: Option<&str>, given: Birthday) -> Result<Birthday, SetBirthdayError> {
    match current {
        Some(_) => Err(SetBirthdayError::AlreadySet),
        None => Ok(given),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn a_second_birthday_is_a_conflict() {
        let api = crate::ApiError::from(SetBirthdayError::AlreadySet);
        assert_eq!((api.code(), api.status()), (crate::ErrorCode::Conflict, 409));
        assert_eq!(api.error.message, "the birthday is already set and cannot be changed");
    }

    #[test]
    fn a_birthday_is_a_real_past_date_written_iso() {
        let today = d("2026-11-30");
        assert_eq!(Birthday::parse(" 1990-12-03 ", today).map(|b| b.as_text()), Ok("1990-12-03".into()));
        assert_eq!(Birthday::parse("2026-11-30", today).map(|b| b.date()), Ok(today), "born today");
        assert_eq!(Birthday::parse("2026-12-01", today), Err(BirthdayError::InFuture));
        assert_eq!(Birthday::parse("1899-12-31", today), Err(BirthdayError::TooEarly));
        assert!(Birthday::parse("1900-01-01", today).is_ok());
        for bad in ["", "1990-2-3", "1990/02/03", "1990-02-30", "1991-02-29", "03-12-1990", "1990-12-03T00:00"] {
            assert_eq!(Birthday::parse(bad, today), Err(BirthdayError::Format), "{bad}");
        }
        assert!(Birthday::parse("1992-02-29", today).is_ok(), "a leap day");
    }

    #[test]
    fn the_members_day_turns_at_midnight_in_china() {
        let at = |t: &str| member_today(t.parse().expect("time"));
        assert_eq!(at("2026-11-29T15:59:59Z"), d("2026-11-29"));
        assert_eq!(at("2026-11-29T16:00:00Z"), d("2026-11-30"));
    }

    #[test]
    fn a_birthday_is_set_once_and_never_moved() {
        let b = Birthday::parse("1990-12-03", d("2026-11-30")).expect("birthday");
        assert_eq!(set_once(None, b), Ok(b));
        assert_eq!(set_once(Some("1990-12-03"), b), Err(SetBirthdayError::AlreadySet));
        assert_eq!(set_once(Some("1985-01-01"), b), Err(SetBirthdayError::AlreadySet));
    }

    proptest! {
        #[test]
        fn what_parses_reads_back_the_same(days in 0i64..60_000, today_days in 0i64..60_000) {
            let base = d("1900-01-01");
            let (date, today) = (base + chrono::Duration::days(days), base + chrono::Duration::days(today_days));
            let text = date.format("%Y-%m-%d").to_string();
            match Birthday::parse(&text, today) {
                Ok(b) => { prop_assert_eq!(b.as_text(), text); prop_assert!(date <= today); }
                Err(e) => { prop_assert_eq!(e, BirthdayError::InFuture); prop_assert!(date > today); }
            }
        }
    }
}
