//! What a tier is worth, as data: a birthday coupon and a higher per-member limit in flash
//! sales. The card shows them; the worker applies them (the birthday coupon once a year, the
//! flash-sale limit when a member locks stock).

use crate::Fen;
use crate::coupon::{Coupon, CouponKind, Held, Scope, Terms};
use crate::ids::MemberId;
use crate::tier::Tier;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Days a birthday coupon stays valid.
pub const BIRTHDAY_COUPON_DAYS: i64 = 30;

/// One tier's benefits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierBenefits {
    /// The tier.
    pub tier: Tier,
    /// Fen off any order, given in the member's birthday week (`None`: no birthday coupon).
    pub birthday_coupon: Option<Fen>,
    /// Extra units a member may buy in each flash sale, above the sale's own limit.
    pub extra_flash_sale_units: u32,
}

/// The benefits of `tier`.
pub fn benefits(tier: Tier) -> TierBenefits {
    let (birthday, extra) = match tier {
        Tier::Classic => (None, 0),
        Tier::Silver => (Some(1_000), 0),
        Tier::Gold => (Some(3_000), 1),
        Tier::Diamond => (Some(5_000), 2),
    };
    TierBenefits { tier, birthday_coupon: birthday.map(Fen::new), extra_flash_sale_units: extra }
}

/// The tier a flash-sale lock is first tried as: the one whose limit is lowest. A member's own
/// tier can only raise the limit, so what this tier's limit allows, theirs allows too, and the
/// member's card (another object to ask) is read only when this limit refuses: most buyers take
/// one unit and never need it. A refusal is tried once more with the member's tier.
pub const FIRST_TRY: Tier = Tier::Classic;

/// Whether a lock refused for its limit as `tried` is worth trying again as `tier` (it has
/// more extra units).
pub fn worth_retrying(tried: Tier, tier: Tier) -> bool {
    benefits(tier).extra_flash_sale_units > benefits(tried).extra_flash_sale_units
}

/// The id of `member`'s birthday coupon of `year`: the same id however often the yearly pass
/// looks, so the wallet (which keeps a coupon id once) holds one a year.
pub fn birthday_coupon_id(member: &MemberId, year: i32) -> String {
    format!("CB{year}{member}")
}

/// The benefits of a member's tier, and of the next tier (what reaching it would bring), as the
/// card shows them.
pub fn card_benefits(tier: Tier) -> (TierBenefits, Option<TierBenefits>) {
    (benefits(tier), tier.next().map(benefits))
}

impl TierBenefits {
    /// The per-member limit of a flash sale whose own limit is `sale_limit`, for this tier.
    pub fn flash_sale_limit(&self, sale_limit: u32) -> u32 {
        sale_limit.saturating_add(self.extra_flash_sale_units)
    }

    /// The birthday coupon for `member` born on `birthday`, if this tier has one and `today`
    /// (the local date) is in the birthday's week; `None` otherwise. Its id and campaign id carry
    /// the year of that birthday (not of `today`: a week may span the new year), so the wallet,
    /// which keeps an id once, holds one a year.
    pub fn birthday_coupon(
        &self,
        member: &MemberId,
        birthday: NaiveDate,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Option<Coupon> {
        let off = self.birthday_coupon?;
        let year = crate::reminders::birthday_in_week(birthday, today)?.year();
        Some(Coupon {
            id: birthday_coupon_id(member, year),
            campaign_id: format!("birthday-{year}-{member}"),
            title: format!("生日礼券 Birthday coupon {}", off.label()),
            terms: Terms {
                kind: CouponKind::Fixed,
                threshold: Fen::ZERO,
                off,
                percent: 0,
                scope: Scope::All,
                store: None,
                flash_sale_ok: false,
                first_order_only: false,
            },
            valid_from: now,
            valid_until: now + Duration::days(BIRTHDAY_COUPON_DAYS),
            held: Held::Available,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn the_first_try_has_the_lowest_limit_of_every_tier() {
        for sale_limit in [0, 1, 2, 5, 999, u32::MAX - 1, u32::MAX] {
            let first = benefits(FIRST_TRY).flash_sale_limit(sale_limit);
            for tier in Tier::ALL {
                assert!(benefits(tier).flash_sale_limit(sale_limit) >= first, "{tier:?} at {sale_limit}");
                assert!(!worth_retrying(tier, tier), "the same tier again never helps");
            }
        }
        assert!(worth_retrying(FIRST_TRY, Tier::Gold) && worth_retrying(FIRST_TRY, Tier::Diamond));
        assert!(!worth_retrying(FIRST_TRY, Tier::Silver), "silver has no extra units");
        assert!(!worth_retrying(Tier::Diamond, Tier::Gold), "never down");
    }

    #[test]
    fn higher_tiers_get_more_and_classic_gets_no_birthday_coupon() {
        let offs: Vec<Option<u64>> = Tier::ALL.iter().map(|t| benefits(*t).birthday_coupon.map(Fen::get)).collect();
        assert_eq!(offs, [None, Some(1_000), Some(3_000), Some(5_000)]);
        let limits: Vec<u32> = Tier::ALL.iter().map(|t| benefits(*t).flash_sale_limit(2)).collect();
        assert_eq!(limits, [2, 2, 3, 4]);
        assert_eq!(benefits(Tier::Diamond).flash_sale_limit(u32::MAX), u32::MAX);
    }

    #[test]
    fn the_birthday_coupon_comes_in_the_birthday_week_once_a_year() {
        let member = MemberId::parse("M10000001").expect("member");
        let now: DateTime<Utc> = "2026-11-30T02:00:00Z".parse().expect("time");
        let gold = benefits(Tier::Gold);
        let c = gold.birthday_coupon(&member, d("1990-12-03"), d("2026-11-30"), now).expect("this week");
        assert_eq!((c.terms.off, c.terms.kind), (Fen::new(3_000), CouponKind::Fixed));
        assert_eq!(c.valid_until, now + Duration::days(BIRTHDAY_COUPON_DAYS));
        assert_eq!(c.campaign_id, "birthday-2026-M10000001");
        assert!(gold.birthday_coupon(&member, d("1990-12-08"), d("2026-11-30"), now).is_none());
        let classic = benefits(Tier::Classic);
        assert!(classic.birthday_coupon(&member, d("1990-12-03"), d("2026-11-30"), now).is_none());
        assert_eq!(c.id, "CB2026M10000001");
        // The week of 28 Dec 2026 to 3 Jan 2027 holds the 2027 birthday of someone born on 1 January:
        // looked at on either side of the new year, it is the same coupon.
        let before = gold.birthday_coupon(&member, d("1990-01-01"), d("2026-12-30"), now).expect("this week");
        let after = gold.birthday_coupon(&member, d("1990-01-01"), d("2027-01-02"), now).expect("this week");
        assert_eq!((before.id.as_str(), after.id.as_str()), ("CB2027M10000001", "CB2027M10000001"));
        assert_eq!(before.campaign_id, "birthday-2027-M10000001");
        assert_eq!(birthday_coupon_id(&member, 2026), "CB2026M10000001");
        assert_ne!(birthday_coupon_id(&member, 2027), birthday_coupon_id(&member, 2026), "one a year");
    }

    #[test]
    fn the_card_shows_the_tiers_benefits_and_the_next_ones() {
        let (now, next) = card_benefits(Tier::Silver);
        assert_eq!((now.tier, next.map(|n| n.tier)), (Tier::Silver, Some(Tier::Gold)));
        assert_eq!(next.map(|n| (n.birthday_coupon, n.extra_flash_sale_units)), Some((Some(Fen::new(3_000)), 1)));
        assert_eq!(card_benefits(Tier::Diamond).1, None, "nothing above diamond");
    }
}
