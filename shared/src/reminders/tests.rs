use super::*;
use proptest::prelude::*;

fn t(text: &str) -> DateTime<Utc> {
    text.parse().expect("time")
}

fn member() -> MemberId {
    MemberId::parse("M10000001").expect("member")
}

fn sale() -> SaleId {
    SaleId::parse("FS-20261130-01").expect("sale")
}

#[test]
fn kinds_read_and_write_the_contracts_strings() {
    for kind in MessageKind::ALL {
        assert_eq!(MessageKind::parse(kind.as_str()), Ok(kind));
        assert_eq!(serde_json::to_string(&kind).expect("json"), format!("\"{}\"", kind.as_str()));
    }
    let members: Vec<&str> = MessageKind::ALL.iter().filter(|k| !k.for_guides()).map(|k| k.as_str()).collect();
    assert_eq!(
        members,
        ["sale_starting", "ready_for_pickup", "order_for_you", "coupon_expiring", "refunded", "birthday_coupon"]
    );
    assert_eq!(MessageKind::parse("spam"), Err(UnknownKind("spam".into())));
    assert!(serde_json::from_str::<MessageKind>("\"spam\"").is_err());
}

#[test]
fn a_sale_reminder_is_due_five_minutes_before_the_start_or_at_once() {
    let start = t("2026-11-30T12:00:00Z");
    let due = |now: DateTime<Utc>| sale_reminder(&member(), &sale(), start, now).map(|s| s.due());
    assert_eq!(due(start - Duration::hours(1)), Ok(start - Duration::minutes(5)));
    assert_eq!(due(start - Duration::minutes(5)), Ok(start - Duration::minutes(5)), "exactly five minutes: due now");
    let at_459 = start - Duration::seconds(4 * 60 + 59);
    assert_eq!(due(at_459), Ok(at_459), "4:59 before: at once");
    assert_eq!(due(start - Duration::minutes(3)), Ok(start - Duration::minutes(3)));
    assert_eq!(due(start), Err(SaleReminderError::AlreadyStarted));
    assert_eq!(due(start + Duration::minutes(1)), Err(SaleReminderError::AlreadyStarted));
    let s = sale_reminder(&member(), &sale(), start, start - Duration::hours(1)).expect("upcoming");
    assert_eq!((s.recipient(), s.kind(), s.subject()), ("M10000001", MessageKind::SaleStarting, "FS-20261130-01"));
}

#[test]
fn a_coupon_warning_is_due_a_day_before_it_lapses_and_never_for_a_used_one() {
    let until = t("2026-12-01T16:00:00Z");
    let due = |now: DateTime<Utc>, usable| coupon_warning(&member(), "C1", until, usable, now).map(|s| s.due());
    assert_eq!(due(until - Duration::days(3), true), Some(until - Duration::hours(24)));
    assert_eq!(due(until - Duration::hours(24), true), Some(until - Duration::hours(24)), "24 h exactly");
    let inside = until - Duration::hours(23);
    assert_eq!(due(inside, true), Some(inside), "already within a day: at once");
    assert_eq!(due(until, true), None, "lapsed");
    assert_eq!(due(inside, false), None, "used");
}

#[test]
fn the_book_sends_each_message_once_at_its_time() {
    let start = t("2026-11-30T12:00:00Z");
    let mut book = ReminderBook::new();
    let reminder = sale_reminder(&member(), &sale(), start, start - Duration::hours(1)).expect("upcoming");
    assert!(book.schedule(reminder.clone()));
    assert!(!book.schedule(reminder.clone()), "asking twice schedules once");
    assert!(book.schedule(at_once("M10000001", MessageKind::Refunded, "R1", start - Duration::hours(1))));
    assert_eq!(book.next_due(), Some(start - Duration::hours(1)));
    let first = book.take_due(start - Duration::hours(1));
    assert_eq!(first.iter().map(|m| m.kind()).collect::<Vec<_>>(), [MessageKind::Refunded]);
    assert_eq!(book.next_due(), Some(start - Duration::minutes(5)));
    assert!(book.take_due(start - Duration::minutes(6)).is_empty());
    assert_eq!(book.take_due(start - Duration::minutes(5)), std::slice::from_ref(&reminder));
    assert!(book.was_sent(reminder.key()));
    assert!(!book.schedule(reminder.clone()), "sent once, never again");
    assert_eq!(book.next_due(), None);
    let other = coupon_warning(&member(), "C2", start + Duration::days(2), true, start).expect("usable");
    assert!(book.schedule(other.clone()) && book.cancel(other.key()) && !book.cancel(other.key()));
    assert_ne!(
        DedupeKey::new("M1", MessageKind::Refunded, "x"),
        DedupeKey::new("M1", MessageKind::CouponExpiring, "x")
    );
}

#[test]
fn birthdays_this_week_run_monday_to_sunday() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
    // 2026-11-30 is a Monday.
    assert!(birthday_this_week(d("1990-12-06"), d("2026-11-30")), "Sunday of the same week");
    assert!(!birthday_this_week(d("1990-12-07"), d("2026-11-30")), "next Monday");
    assert!(birthday_this_week(d("1990-11-30"), d("2026-12-06")));
    assert!(!birthday_this_week(d("1990-11-29"), d("2026-12-06")), "last Sunday");
    assert!(birthday_this_week(d("1992-02-29"), d("2027-02-26")), "29 February falls on the 28th");
    assert!(birthday_this_week(d("1990-01-01"), d("2026-12-31")), "the week spans the new year");
    let a = birthday_notice("G1001", &member(), d("2026-11-30"), t("2026-11-30T01:00:00Z"));
    let b = birthday_notice("G1001", &member(), d("2026-12-02"), t("2026-12-02T01:00:00Z"));
    assert_eq!(a.key(), b.key(), "once a year");
}

proptest! {
    #[test]
    fn any_schedule_and_clock_sequence_sends_every_key_once_and_none_early(
        steps in proptest::collection::vec((0u8..6, 0i64..600, any::<bool>()), 0..80),
    ) {
        let base = t("2026-11-30T10:00:00Z");
        let mut book = ReminderBook::new();
        let mut now = base;
        let mut delivered: Vec<DedupeKey> = Vec::new();
        let mut scheduled: std::collections::BTreeMap<DedupeKey, DateTime<Utc>> = std::collections::BTreeMap::new();
        // Messages are sent by a pass (a tick): one due now waits for the next pass.
        let mut passed_due = std::collections::BTreeSet::new();
        for (subject, minutes, tick) in steps {
            if tick {
                now += Duration::minutes(minutes / 10);
                for m in book.take_due(now) {
                    prop_assert!(m.due() <= now, "never early");
                    delivered.push(m.key().clone());
                }
                passed_due.extend(scheduled.iter().filter(|(_, due)| **due <= now).map(|(k, _)| k.clone()));
            } else {
                let s = at_once("M1", MessageKind::SaleStarting, &subject.to_string(), now + Duration::minutes(minutes));
                if book.schedule(s.clone()) {
                    scheduled.insert(s.key().clone(), s.due());
                }
            }
        }
        let mut unique = delivered.clone();
        unique.sort();
        unique.dedup();
        prop_assert_eq!(unique.len(), delivered.len(), "each key once");
        for key in scheduled.keys() {
            prop_assert_eq!(book.was_sent(key), passed_due.contains(key), "sent by the first pass at or after its due time");
        }
    }
}

#[test]
fn every_kind_has_words_and_a_link_into_the_app() {
    for kind in MessageKind::ALL {
        let letter = Letter::of(kind, "O123", "春季新品");
        assert!(!letter.title().is_empty() && !letter.body().is_empty(), "{kind:?}");
        assert!(letter.link().starts_with('/'), "{kind:?}: {}", letter.link());
        assert_eq!(letter.link().starts_with("/guide/"), kind.for_guides(), "{kind:?} opens its reader's app");
    }
    assert_eq!(Letter::of(MessageKind::ReadyForPickup, "O123", "O123").link(), "/orders/O123");
    assert!(Letter::of(MessageKind::SaleStarting, "FS-1", "羊绒大衣").body().contains("羊绒大衣"));
    let payload: serde_json::Value =
        serde_json::from_slice(&Letter::of(MessageKind::Refunded, "O9", "O9").push_payload("MSG1")).expect("json");
    assert_eq!((payload["id"].as_str(), payload["link"].as_str()), (Some("MSG1"), Some("/orders")));
    let long = "长".repeat(999);
    let big = Letter::of(MessageKind::CouponExpiring, "C1", &long).push_payload("MSG1");
    assert!(big.len() <= 3993 /* push::MAX_PLAINTEXT */, "{} octets", big.len());
}

#[test]
fn a_reminder_for_a_started_sale_is_a_conflict() {
    let api = crate::ApiError::from(SaleReminderError::AlreadyStarted);
    assert_eq!((api.code(), api.status()), (crate::ErrorCode::Conflict, 409));
    assert_eq!(api.error.message, "the sale has already started");
}
