//! Which counters guard which endpoint.
//!
//! - Member sign-in: the phone number (5 per 15 min, refuses) and the client address (50 per
//!   15 min, **mutes**: beyond it a wrong password is answered 429 instead of
//!   `BAD_CREDENTIALS`, but the right password still signs in, so one guesser on a mall's Wi-Fi
//!   cannot lock every customer behind that address out). A member whose number is attacked
//!   waits at most one window.
//! - Staff sign-in: the staff number at the client address (5 per 15 min, refuses), the address
//!   (50 per 15 min, mutes, as for members), and the staff number alone (5 per 15 min, **mutes**: beyond it a
//!   wrong password is answered 429 instead of `BAD_CREDENTIALS`, but the right password from an
//!   address without failures of its own still signs in). Guessing at a guide's staff number
//!   never locks the guide out of their shift.
//! - Linking a plastic card: the card (5 per hour) and the member (20 per hour), both refusing.
//! - Registration: the client address (60 per minute), every attempt counted.
//! - Counter scans: the staff member (20 unknown codes per 10 min).
//!
//! A success takes its own count back from every counter, so successful sign-ins never count
//! against an address. No counter is shared by everyone: the widest is one client address.

use super::{CARD_CODE, CARD_CODE_MEMBER, CODE_SCANS, Counter, Effect, REGISTRATION, SIGN_IN, SIGN_IN_ADDRESS};
use super::{Rule, STAFF_SIGN_IN_AT_ADDRESS};
use std::net::IpAddr;

/// The client's address as limits see it: the `CF-Connecting-IP` header, an IPv6 address cut
/// to its /64 (one subscriber usually holds a whole /64). Without the header (local
/// development) every request is one address, `local`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddress(String);

impl ClientAddress {
    /// Reads the header's value, if any.
    pub fn from_header(value: Option<&str>) -> ClientAddress {
        let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return ClientAddress("local".into());
        };
        match value.parse::<IpAddr>() {
            Ok(IpAddr::V4(v4)) => ClientAddress(v4.to_string()),
            Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientAddress(v4.to_string()),
                None => {
                    let s = v6.segments();
                    ClientAddress(format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3]))
                }
            },
            // The platform always sends an address; anything else is one shared bucket.
            Err(_) => ClientAddress("unreadable".into()),
        }
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn counter(key: String, rule: Rule, effect: Effect) -> Counter {
    Counter { key, rule, effect }
}

/// Counters for a member signing in with `phone` from `address`.
pub fn member_sign_in(phone: &str, address: &ClientAddress) -> Vec<Counter> {
    vec![
        counter(format!("sign-in:member:{phone}"), SIGN_IN, Effect::Refuses),
        counter(format!("sign-in:address:{}", address.as_str()), SIGN_IN_ADDRESS, Effect::MutesFailures),
    ]
}

/// Counters for staff member `staff_no` signing in from `address`.
pub fn staff_sign_in(staff_no: &str, address: &ClientAddress) -> Vec<Counter> {
    vec![
        counter(format!("sign-in:staff:{staff_no}"), SIGN_IN, Effect::MutesFailures),
        counter(format!("sign-in:staff:{staff_no}@{}", address.as_str()), STAFF_SIGN_IN_AT_ADDRESS, Effect::Refuses),
        counter(format!("sign-in:address:{}", address.as_str()), SIGN_IN_ADDRESS, Effect::MutesFailures),
    ]
}

/// Counters for member `member_id` trying the scratch code of card `card_no`.
pub fn card_link(card_no: &str, member_id: &str) -> Vec<Counter> {
    vec![
        counter(format!("card-code:{card_no}"), CARD_CODE, Effect::Refuses),
        counter(format!("card-code:member:{member_id}"), CARD_CODE_MEMBER, Effect::Refuses),
    ]
}

/// Counters for a registration from `address`.
pub fn registration(address: &ClientAddress) -> Vec<Counter> {
    vec![counter(format!("register:{}", address.as_str()), REGISTRATION, Effect::Refuses)]
}

/// Counters for a code scanned at a counter by staff member `staff_id`.
pub fn code_scan(staff_id: &str) -> Vec<Counter> {
    vec![counter(format!("scan:{staff_id}"), CODE_SCANS, Effect::Refuses)]
}

#[cfg(test)]
mod tests {
    use super::super::tests::t;
    use super::super::{Tally, after_failure, gate};
    use super::*;

    /// Runs `attempts` through the counters in order (as the storage statement would) and says
    /// for each whether the secret was checked and what a wrong answer would be.
    struct Store(std::collections::HashMap<String, Tally>);

    impl Store {
        fn count(&mut self, counters: &[Counter], now: chrono::DateTime<chrono::Utc>) -> Vec<Tally> {
            counters
                .iter()
                .map(|c| {
                    let next = c.rule.count(self.0.get(&c.key).copied(), now);
                    self.0.insert(c.key.clone(), next);
                    next
                })
                .collect()
        }
        fn undo(&mut self, counters: &[Counter], tallies: &[Tally]) {
            for (c, tally) in counters.iter().zip(tallies) {
                if let Some(t) = self.0.get_mut(&c.key).filter(|t| t.resets_at == tally.resets_at) {
                    t.attempts = t.attempts.saturating_sub(1);
                }
            }
        }
    }

    fn store() -> Store {
        Store(Default::default())
    }

    #[test]
    fn addresses_are_read_from_the_header_and_ipv6_is_cut_to_its_64() {
        assert_eq!(ClientAddress::from_header(None).as_str(), "local");
        assert_eq!(ClientAddress::from_header(Some(" ")).as_str(), "local");
        assert_eq!(ClientAddress::from_header(Some("203.0.113.7")).as_str(), "203.0.113.7");
        assert_eq!(ClientAddress::from_header(Some("::ffff:203.0.113.7")).as_str(), "203.0.113.7");
        let a = ClientAddress::from_header(Some("2001:db8:1:2:aaaa::1"));
        assert_eq!(a, ClientAddress::from_header(Some("2001:db8:1:2:bbbb::9")));
        assert_eq!(a.as_str(), "2001:db8:1:2::/64");
        assert_eq!(ClientAddress::from_header(Some("x; drop")).as_str(), "unreadable");
    }

    #[test]
    fn a_member_number_takes_five_wrong_passwords_then_waits_the_window() {
        let mut s = store();
        let counters = member_sign_in("13900000001", &ClientAddress::from_header(Some("198.51.100.1")));
        let checked = (0..30).filter(|_| gate(&counters, &s.count(&counters, t(0)), t(0)).is_ok()).count();
        assert_eq!(checked, 5);
        // Even the right password from a fresh address waits, but never past the window.
        let fresh = member_sign_in("13900000001", &ClientAddress::from_header(Some("198.51.100.2")));
        assert_eq!(gate(&fresh, &s.count(&fresh, t(60)), t(60)), Err(840));
        assert_eq!(gate(&fresh, &s.count(&fresh, t(900)), t(900)), Ok(()));
    }

    #[test]
    fn a_staff_number_reports_five_failures_but_a_clean_address_still_signs_in() {
        let mut s = store();
        let attacker = ClientAddress::from_header(Some("198.51.100.66"));
        let mut answers = (0, 0, 0); // checked & BAD_CREDENTIALS, checked & muted, refused
        for i in 0..30 {
            // The attacker moves to a new address every few tries.
            let address = ClientAddress::from_header(Some(&format!("198.51.100.{}", 100 + i / 3)));
            let counters = staff_sign_in("G1001", if i < 3 { &attacker } else { &address });
            let tallies = s.count(&counters, t(i));
            match (gate(&counters, &tallies, t(i)), after_failure(&counters, &tallies, t(i))) {
                (Ok(()), Ok(())) => answers.0 += 1,
                (Ok(()), Err(_)) => answers.1 += 1,
                (Err(_), _) => answers.2 += 1,
            }
        }
        assert_eq!(answers, (5, 25, 0), "at most five BAD_CREDENTIALS for the number");
        // The guide, at the store's own address, signs in: nothing refuses them.
        let guide = staff_sign_in("G1001", &ClientAddress::from_header(Some("192.0.2.10")));
        let tallies = s.count(&guide, t(40));
        assert_eq!(gate(&guide, &tallies, t(40)), Ok(()));
        s.undo(&guide, &tallies);
        // One address guessing at the number is refused after five of its own.
        let one = staff_sign_in("G2001", &attacker);
        let refused = (0..10).filter(|_| gate(&one, &s.count(&one, t(50)), t(50)).is_err()).count();
        assert_eq!(refused, 5);
    }

    #[test]
    fn an_address_spraying_many_accounts_reports_fifty_failures_but_never_blocks_a_right_password() {
        let mut s = store();
        let sprayer = ClientAddress::from_header(Some("198.51.100.9"));
        let muted = (0..60)
            .filter(|i| {
                let c = member_sign_in(&format!("139000001{i:02}"), &sprayer);
                let tallies = s.count(&c, t(1));
                assert_eq!(gate(&c, &tallies, t(1)), Ok(()), "each account is still checked");
                after_failure(&c, &tallies, t(1)).is_err()
            })
            .count();
        assert_eq!(muted, 10, "past 50 failures the address hears RATE_LIMITED, not BAD_CREDENTIALS");
        // A customer behind the same address with the right password still signs in.
        let customer = member_sign_in("13900000199", &sprayer);
        assert_eq!(gate(&customer, &s.count(&customer, t(2)), t(2)), Ok(()));
        let neighbour = member_sign_in("13900000150", &ClientAddress::from_header(Some("198.51.100.10")));
        let tallies = s.count(&neighbour, t(2));
        assert_eq!((gate(&neighbour, &tallies, t(2)), after_failure(&neighbour, &tallies, t(2))), (Ok(()), Ok(())));
    }

    #[test]
    fn successes_give_their_count_back_so_an_address_is_never_limited_by_them() {
        let mut s = store();
        let wifi = ClientAddress::from_header(Some("198.51.100.200"));
        for i in 0..500 {
            let c = member_sign_in(&format!("1390000{i:04}"), &wifi);
            let tallies = s.count(&c, t(1));
            assert_eq!(gate(&c, &tallies, t(1)), Ok(()), "sign-in {i}");
            s.undo(&c, &tallies);
        }
    }

    #[test]
    fn a_card_takes_five_wrong_codes_an_hour_and_registration_sixty_a_minute() {
        let mut s = store();
        let card = card_link("6200000000000001", "M10000001");
        let checked = (0..8).filter(|_| gate(&card, &s.count(&card, t(0)), t(0)).is_ok()).count();
        assert_eq!(checked, 5);
        assert_eq!(gate(&card, &s.count(&card, t(10)), t(10)), Err(3590));
        let reg = registration(&ClientAddress::from_header(None));
        let admitted = (0..70).filter(|_| gate(&reg, &s.count(&reg, t(0)), t(0)).is_ok()).count();
        assert_eq!(admitted, 60);
        assert_eq!(gate(&reg, &s.count(&reg, t(60)), t(60)), Ok(()), "a new minute");
    }
}
