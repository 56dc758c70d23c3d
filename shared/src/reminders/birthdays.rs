//! Birthdays in the scheduled pass: which month-days make up a store-local week (so storage
//! can find the birthdays in it), and the guides' weekly list of their customers' birthdays.

use super::{MessageKind, Scheduled};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};

/// The Monday that starts the week (Monday to Sunday) of `today`.
pub fn week_start(today: NaiveDate) -> NaiveDate {
    today - Duration::days(i64::from(today.weekday().num_days_from_monday()))
}

/// The birthdays (`MM-DD`, as the tail of a stored `YYYY-MM-DD`) that fall in the week of
/// `today`: its seven days, and `02-29` when the week holds 28 February of a common year (a
/// leap-day birthday falls on the 28th then, as [`super::birthday_this_week`] says).
pub fn week_month_days(today: NaiveDate) -> Vec<String> {
    let monday = week_start(today);
    let mut days = Vec::with_capacity(8);
    for day in (0..7).map(|d| monday + Duration::days(d)) {
        days.push(crate::calendar::month_day(day));
        let common_year = NaiveDate::from_ymd_opt(day.year(), 2, 29).is_none();
        if (day.month(), day.day()) == (2, 28) && common_year {
            days.push("02-29".to_owned());
        }
    }
    days
}

/// The weekly message to `guide` listing their customers with a birthday this week: due on the
/// Monday of the store's week (`today` is the store's local date), once per week (its subject is
/// the week); `None` on other days. The caller sends none when the list is empty.
pub fn guide_birthday_digest(guide: &str, today: NaiveDate, now: DateTime<Utc>) -> Option<Scheduled> {
    (today.weekday() == Weekday::Mon)
        .then(|| Scheduled::new(guide, MessageKind::CustomerBirthday, &format!("week-{today}"), now))
}

/// The member's message that their birthday coupon `coupon` is in the wallet (once per coupon,
/// and the coupon's id is once a year).
pub fn birthday_coupon_message(member: &str, coupon: &str, now: DateTime<Utc>) -> Scheduled {
    Scheduled::new(member, MessageKind::BirthdayCoupon, coupon, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reminders::birthday_this_week;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn the_week_runs_monday_to_sunday_across_months_and_years() {
        assert_eq!(week_month_days(d("2026-11-30")), ["11-30", "12-01", "12-02", "12-03", "12-04", "12-05", "12-06"]);
        assert_eq!(week_month_days(d("2026-12-06")), week_month_days(d("2026-11-30")), "Sunday: same week");
        assert_eq!(week_month_days(d("2026-12-07"))[0], "12-07", "the next Monday starts a new week");
        assert_eq!(week_month_days(d("2027-01-01"))[..4], ["12-28", "12-29", "12-30", "12-31"]);
        assert!(
            week_month_days(d("2027-02-26")).contains(&"02-29".to_owned()),
            "common year: the leap day is the 28th"
        );
        assert_eq!(week_month_days(d("2028-03-01")).iter().filter(|m| *m == "02-29").count(), 1, "leap year: once");
    }

    #[test]
    fn guides_hear_of_the_weeks_birthdays_on_monday_once_a_week() {
        let now: DateTime<Utc> = "2026-11-29T16:00:00Z".parse().expect("time");
        assert!(guide_birthday_digest("G1001", d("2026-11-29"), now).is_none(), "Sunday");
        let monday = guide_birthday_digest("G1001", d("2026-11-30"), now).expect("Monday");
        assert_eq!((monday.kind(), monday.subject()), (MessageKind::CustomerBirthday, "week-2026-11-30"));
        let again = guide_birthday_digest("G1001", d("2026-11-30"), now + Duration::hours(5)).expect("Monday");
        assert_eq!(again.key(), monday.key(), "a second pass on Monday sends nothing new");
        assert!(guide_birthday_digest("G1001", d("2026-12-01"), now).is_none(), "Tuesday");
        let next = guide_birthday_digest("G1001", d("2026-12-07"), now).expect("next Monday");
        assert_ne!(next.key(), monday.key());
        assert_ne!(
            guide_birthday_digest("G1002", d("2026-11-30"), now).map(|s| s.key().clone()),
            Some(monday.key().clone())
        );
    }

    #[test]
    fn a_birthday_coupon_message_is_keyed_by_its_coupon() {
        let now: DateTime<Utc> = "2026-11-30T01:00:00Z".parse().expect("time");
        let a = birthday_coupon_message("M10000001", "CB2026M10000001", now);
        assert_eq!((a.kind(), a.due()), (MessageKind::BirthdayCoupon, now));
        assert_eq!(a.key(), birthday_coupon_message("M10000001", "CB2026M10000001", now + Duration::minutes(1)).key());
    }

    proptest! {
        #[test]
        fn the_month_days_find_exactly_the_birthdays_of_the_week(born in 0i64..40_000, day in 0i64..40_000) {
            let base = d("1920-01-01");
            let (birthday, today) = (base + Duration::days(born), base + Duration::days(day));
            let listed = week_month_days(today).contains(&birthday.format("%m-%d").to_string());
            prop_assert_eq!(listed, birthday_this_week(birthday, today));
        }
    }
}
