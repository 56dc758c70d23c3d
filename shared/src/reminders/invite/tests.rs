use super::*;

const SHANGHAI: i32 = 8 * 60;
const KEY: &[u8] = b"promoter-key";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("instant")
}

fn rounds(now: &str) -> Vec<InviteRound> {
    InvitePolicy::STANDARD.rounds(at(now), SHANGHAI)
}

fn weekly(now: &str) -> WeeklyRound {
    match rounds(now).into_iter().next() {
        Some(InviteRound::Weekly(w)) => w,
        other => panic!("no weekly round at {now}: {other:?}"),
    }
}

fn daily(now: &str) -> DailyRound {
    match rounds(now).into_iter().last() {
        Some(InviteRound::Daily(d)) => d,
        other => panic!("no daily round at {now}: {other:?}"),
    }
}

fn guides(ids: &[&str]) -> Vec<Guide> {
    ids.iter().map(|id| Guide { staff_id: (*id).to_owned() }).collect()
}

fn shopper(member: &str, channel: &str, bound: bool) -> Shopper {
    Shopper { member_id: member.into(), name: format!("顾客{member}"), channel: channel.into(), bound }
}

#[test]
fn rounds_are_due_from_nine_store_time_for_fifteen_minutes_and_weekly_only_on_mondays() {
    // Monday 2026-11-30 in Shanghai: 09:00 is 01:00 UTC.
    assert!(rounds("2026-11-30T00:59:59Z").is_empty(), "08:59:59");
    let monday = rounds("2026-11-30T01:00:00Z");
    assert!(matches!(monday.as_slice(), [InviteRound::Weekly(_), InviteRound::Daily(_)]), "{monday:?}");
    assert_eq!(rounds("2026-11-30T01:14:59Z").len(), 2, "09:14:59");
    assert!(rounds("2026-11-30T01:15:00Z").is_empty(), "09:15");
    let tuesday = rounds("2026-12-01T01:05:00Z");
    assert!(matches!(tuesday.as_slice(), [InviteRound::Daily(_)]), "{tuesday:?}");
    // Sunday 17:05 UTC is already Monday 01:05 in Shanghai: not yet nine there.
    assert!(rounds("2026-11-29T17:05:00Z").is_empty());
    // The store's own zone decides: 09:05 in UTC+0 is another instant.
    assert_eq!(InvitePolicy::STANDARD.rounds(at("2026-11-30T09:05:00Z"), 0).len(), 2);
}

#[test]
fn the_daily_round_covers_yesterday_in_store_time() {
    let d = daily("2026-12-01T01:05:00Z");
    assert_eq!((d.from(), d.to()), (at("2026-11-29T16:00:00Z"), at("2026-11-30T16:00:00Z")));
}

#[test]
fn the_weekly_message_counts_each_guides_new_members_this_month_against_last() {
    let now = at("2026-12-07T01:02:00Z"); // Monday 7 December, 09:02 in Shanghai
    let w = weekly("2026-12-07T01:02:00Z");
    assert_eq!(w.since(), at("2026-10-31T16:00:00Z"), "1 November, Shanghai midnight");
    let joined = [
        ("G1001".to_owned(), at("2026-11-30T15:59:59Z")), // 30 November 23:59: last month
        ("G1001".to_owned(), at("2026-11-30T16:00:00Z")), // 1 December 00:00: this month
        ("G1001".to_owned(), at("2026-12-06T08:00:00Z")),
        ("G1001".to_owned(), at("2026-11-02T08:00:00Z")),
        ("G1002".to_owned(), at("2026-12-02T08:00:00Z")),
    ];
    let letters = w.letters(KEY, &guides(&["G1001", "G1002", "G1003"]), &joined, now);
    assert_eq!(letters.len(), 3, "every guide, one each");
    let body = |i: usize| letters[i].1.body().to_owned();
    assert!(body(0).starts_with("本月已有 2 位新会员") && body(0).contains("（上月 2 位）"), "{}", body(0));
    assert!(body(0).contains(&PromoterCode::for_staff(KEY, "G1001")), "{}", body(0));
    assert!(body(1).starts_with("本月已有 1 位") && body(1).contains("上月 0 位"), "{}", body(1));
    assert!(body(2).starts_with("本月已有 0 位"), "{}", body(2));
    for (m, l) in &letters {
        assert_eq!((m.kind(), m.due(), l.link()), (MessageKind::InviteToJoin, now, "/guide/promoter"));
    }
    assert_eq!(letters[0].0.key().as_str(), "G1001|invite_to_join|week:2026-12-07");
}

#[test]
fn every_pass_of_one_window_writes_the_same_keys() {
    let keys = |now: &str| -> Vec<String> {
        rounds(now)
            .into_iter()
            .flat_map(|r| match r {
                InviteRound::Weekly(w) => w.letters(KEY, &guides(&["G1001"]), &[], at(now)),
                InviteRound::Daily(d) => {
                    d.letters("S1", &guides(&["G1001"]), &[shopper("M1", "counter", false)], at(now))
                }
            })
            .map(|(m, _)| m.key().as_str().to_owned())
            .collect()
    };
    let first = keys("2026-11-30T01:00:00Z");
    assert_eq!(first, ["G1001|invite_to_join|week:2026-11-30", "G1001|invite_to_join|unbound:S1:2026-11-29"]);
    assert_eq!(keys("2026-11-30T01:14:00Z"), first);
    assert_ne!(keys("2026-12-01T01:00:00Z")[0], first[1], "the next day is a new nudge");
}

#[test]
fn the_daily_nudge_counts_counter_and_scan_go_shoppers_without_a_guide_once_each() {
    let d = daily("2026-11-30T01:05:00Z");
    let now = at("2026-11-30T01:05:00Z");
    let shoppers = [
        shopper("M1", "counter", false),
        shopper("M1", "scan_go", false), // the same member twice
        shopper("M2", "scan_go", false),
        shopper("M3", "online", false), // online: the app already knows them
        shopper("M4", "counter", true), // already looked after
        shopper("M5", "counter", false),
        shopper("M6", "counter", false),
    ];
    let letters = d.letters("S1", &guides(&["G1001", "G1002"]), &shoppers, now);
    assert_eq!(letters.len(), 2);
    let body = letters[0].1.body();
    assert!(body.starts_with("11-29 有 4 位会员"), "{body}");
    assert!(body.contains("顾客M1、顾客M2、顾客M5 等"), "three names, then 等: {body}");
    assert_eq!(letters[1].1.body(), body, "every guide hears the same");
    assert_eq!(letters[0].1.link(), "/guide/customers");
    assert_eq!(letters[1].0.recipient(), "G1002");
}

#[test]
fn a_day_without_unbound_counter_shoppers_sends_nothing() {
    let d = daily("2026-11-30T01:05:00Z");
    let now = at("2026-11-30T01:05:00Z");
    let shoppers = [shopper("M3", "online", false), shopper("M4", "scan_go", true)];
    assert!(d.letters("S1", &guides(&["G1001"]), &shoppers, now).is_empty());
    assert!(d.letters("S1", &guides(&["G1001"]), &[], now).is_empty());
    let few = d.letters("S1", &guides(&["G1001"]), &[shopper("M9", "counter", false)], now);
    assert!(few[0].1.body().contains("（顾客M9）"), "no 等 for one name: {}", few[0].1.body());
}
