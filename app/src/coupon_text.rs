//! How coupons read: "¥50 off ¥300", "10% off, up to ¥100", what they cover, and "expires in
//! N days" (the words are the i18n tables'), as plain functions tested natively.

use crate::i18n::{self, Key, Lang};
use chrono::{DateTime, Utc};
use shared::Fen;
use shared::coupon::{CouponKind, NotApplicable, Scope};

fn yuan(f: Fen) -> String {
    f.label().trim_start_matches('¥').to_owned()
}

/// The headline of a coupon: what it takes off.
pub fn headline(lang: Lang, kind: CouponKind, threshold: Fen, off: Fen, percent: Option<u8>) -> String {
    let words = i18n::strings(lang);
    let over = (threshold > Fen::ZERO).then(|| yuan(threshold));
    match kind {
        CouponKind::Threshold => (words.coupon_threshold)(&yuan(threshold), &yuan(off)),
        CouponKind::Percent => {
            let cap = (off > Fen::ZERO).then(|| yuan(off));
            (words.coupon_percent)(percent.unwrap_or(0), cap.as_deref())
        }
        CouponKind::Fixed => (words.coupon_fixed)(over.as_deref(), &yuan(off)),
    }
}

/// What a scope covers, in words.
pub fn scope(lang: Lang, scope: &Scope, store: Option<&str>) -> String {
    let words = i18n::strings(lang);
    let what = match scope {
        Scope::Category(c) => i18n::category(lang, c.as_str()),
        Scope::Brand(b) => (words.scope_brand)(b.as_str()),
        Scope::Sku(s) => (words.scope_sku)(s.as_str()),
        Scope::All => words.text.ScopeStorewide.to_owned(),
    };
    match store {
        Some(s) => format!("{what} · {s}"),
        None => what,
    }
}

/// Whole days left before `until` (0 on its last day).
pub fn days_left(until: DateTime<Utc>, now_ms: i64) -> i64 {
    ((until.timestamp_millis() - now_ms).max(0)) / 86_400_000
}

/// "expires in 3 days" (or "today").
pub fn expires_in(lang: Lang, until: DateTime<Utc>, now_ms: i64) -> String {
    let words = i18n::strings(lang);
    match days_left(until, now_ms) {
        0 => words.text.ExpiresToday.to_owned(),
        n => (words.expires_in_days)(n),
    }
}

/// Why a coupon does not apply, in the member's words.
pub fn reason(lang: Lang, why: &NotApplicable) -> String {
    let words = i18n::strings(lang);
    let key = match why {
        NotApplicable::BelowThreshold { short } => return (words.below_threshold)(&short.label()),
        NotApplicable::WrongStore { store } => return (words.wrong_store)(store),
        NotApplicable::OutOfScope => Key::WhyOutOfScope,
        NotApplicable::FlashSale => Key::WhyFlashSale,
        NotApplicable::NotFirstOrder => Key::WhyNotFirstOrder,
        NotApplicable::NotYetValid => Key::WhyNotYetValid,
        NotApplicable::Expired => Key::WhyExpired,
        NotApplicable::Redeemed => Key::WhyRedeemed,
        NotApplicable::InUse => Key::WhyInUse,
        NotApplicable::TooLarge => Key::WhyTooLarge,
    };
    words.text.get(key).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn headlines_read_like_a_coupon() {
        assert_eq!(headline(Lang::Zh, CouponKind::Threshold, Fen::new(30_000), Fen::new(5_000), None), "满300减50");
        assert_eq!(headline(Lang::En, CouponKind::Threshold, Fen::new(30_000), Fen::new(5_000), None), "¥50 off ¥300");
        assert_eq!(headline(Lang::Zh, CouponKind::Percent, Fen::ZERO, Fen::new(10_000), Some(10)), "9折 最高减100");
        assert_eq!(headline(Lang::Zh, CouponKind::Percent, Fen::ZERO, Fen::ZERO, Some(15)), "8.5折");
        assert_eq!(
            headline(Lang::En, CouponKind::Percent, Fen::ZERO, Fen::new(10_000), Some(10)),
            "10% off, up to ¥100"
        );
        assert_eq!(headline(Lang::Zh, CouponKind::Fixed, Fen::ZERO, Fen::new(2_000), None), "立减20");
        assert_eq!(headline(Lang::Zh, CouponKind::Fixed, Fen::new(9_900), Fen::new(3_000), None), "满99立减30");
    }

    #[test]
    fn scopes_and_days_read_plainly() {
        let parsed = |text: &str| Scope::parse(text).expect("scope");
        assert_eq!(scope(Lang::Zh, &parsed("all"), None), "全场通用");
        assert_eq!(scope(Lang::Zh, &parsed("category:shoes"), Some("S1")), "鞋履 · S1");
        assert_eq!(scope(Lang::En, &parsed("brand:Lanya"), None), "Lanya brand");
        assert_eq!(scope(Lang::En, &parsed("sku:SKU-1001"), None), "product SKU-1001");
        let until = Utc.timestamp_opt(1_800_000_000 + 3 * 86_400 + 10, 0).single().unwrap();
        let now = 1_800_000_000_000;
        assert_eq!(days_left(until, now), 3);
        assert_eq!(expires_in(Lang::Zh, until, now), "3天后过期");
        assert_eq!(expires_in(Lang::En, until, now + 3 * 86_400_000), "expires today");
    }

    #[test]
    fn reasons_tell_the_member_what_to_do() {
        assert_eq!(reason(Lang::Zh, &NotApplicable::BelowThreshold { short: Fen::new(1_250) }), "还差¥12.50可用");
        assert_eq!(reason(Lang::En, &NotApplicable::FlashSale), "not valid on flash-sale prices");
    }
}
