//! Dates as the API and D1 write them (`YYYY-MM-DD`, `MM-DD`, `YYYY-MM-DDTHH:MM:SS`), read and
//! written without chrono's `strftime` machinery: its format-string parser and formatter were
//! about 13 KB of every wasm that used them (the worker and both app bundles), for four fixed
//! shapes. Each function gives what the chrono call it replaced gave (property tests below).

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// `YYYY-MM-DD`: four-digit year, two-digit month and day, a real date. This is what
/// `NaiveDate::parse_from_str(text, "%Y-%m-%d")` accepted and wrote back unchanged, except a
/// signed year outside 0–9999 (`-0001-12-31`, `+10000-01-01`), which chrono read and this
/// refuses: no birthday, store day or statement month is one.
pub fn parse_ymd(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(&b[0..4])? as i32, digits(&b[5..7])?, digits(&b[8..10])?)
}

/// `YYYY-MM-DDTHH:MM` (an `<input type="datetime-local">`'s value) as a naive local time.
pub fn parse_ymd_hm(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    if b.len() != 16 || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    let date = parse_ymd(text.get(..10)?)?;
    let time = NaiveTime::from_hms_opt(digits(&b[11..13])?, digits(&b[14..16])?, 0)?;
    Some(date.and_time(time))
}

/// The value of ASCII digits, `None` if any byte is not one.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
}

/// `2026-11-24` (chrono's `%Y-%m-%d`: a year outside 0–9999 carries its sign).
pub fn ymd(date: NaiveDate) -> String {
    format!("{}-{:02}-{:02}", year(date.year()), date.month(), date.day())
}

/// `11-24` (chrono's `%m-%d`).
pub fn month_day(date: NaiveDate) -> String {
    format!("{:02}-{:02}", date.month(), date.day())
}

/// `2026-11-24T08:05:09`, to the second (chrono's `%Y-%m-%dT%H:%M:%S`).
pub fn ymd_hms(t: NaiveDateTime) -> String {
    format!("{}T{:02}:{:02}:{:02}", ymd(t.date()), t.hour(), t.minute(), t.second())
}

/// chrono's `%Y`: zero-padded to four digits, with a sign outside 0–9999.
fn year(y: i32) -> String {
    match y {
        0..=9999 => format!("{y:04}"),
        10000.. => format!("+{y}"),
        _ => format!("-{:04}", y.unsigned_abs()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the code did before: chrono's parser, and only a text it writes back unchanged.
    fn chrono_ymd(text: &str) -> Option<NaiveDate> {
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
        (date.format("%Y-%m-%d").to_string() == text).then_some(date)
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
            .prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).expect("in range"))
    }

    proptest! {
        #[test]
        fn writes_what_strftime_wrote(date in any_date(), secs in 0u32..86_400) {
            prop_assert_eq!(ymd(date), date.format("%Y-%m-%d").to_string());
            prop_assert_eq!(month_day(date), date.format("%m-%d").to_string());
            let t = date.and_time(NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).expect("a time"));
            prop_assert_eq!(ymd_hms(t), t.format("%Y-%m-%dT%H:%M:%S").to_string());
        }

        #[test]
        fn reads_back_every_date_it_writes_in_four_digits(date in any_date()) {
            let text = ymd(date);
            let expected = (0..=9999).contains(&date.year()).then_some(date);
            prop_assert_eq!(parse_ymd(&text), expected);
            prop_assert_eq!(chrono_ymd(&text), Some(date));
        }

        #[test]
        fn accepts_exactly_what_the_strict_chrono_reading_accepted(text in "[0-9+ -]{0,3}[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3} ?") {
            prop_assert_eq!(parse_ymd(&text), chrono_ymd(&text));
        }

        #[test]
        fn reads_datetime_local_values_as_chrono_did(days in 0..3_652_059i32, h in 0u32..24, m in 0u32..60) {
            // 0000-01-01 to 9999-12-31.
            let date = NaiveDate::from_num_days_from_ce_opt(days - 365).expect("in range");
            let text = format!("{}T{h:02}:{m:02}", ymd(date));
            prop_assert_eq!(parse_ymd_hm(&text), NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M").ok());
        }
    }

    #[test]
    fn refuses_what_is_not_a_padded_real_date() {
        for bad in
            ["2026-2-01", "2026-02-30", "2026-13-01", "20261-01-01", "2026/02/01", "2026-02-01 ", "", "２026-02-01"]
        {
            assert_eq!(parse_ymd(bad), None, "{bad}");
        }
        assert_eq!(parse_ymd("2024-02-29"), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(parse_ymd_hm("2026-11-24T25:00"), None);
        assert_eq!(parse_ymd_hm("2026-11-24 08:00"), None);
    }
}
