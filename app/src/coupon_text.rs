//! How coupons read: "满300减50", "9折 最高减100", "立减20", what they cover, and
//! "expires in N days", as plain functions tested natively.

use crate::i18n::{self, Lang};
use chrono::{DateTime, Utc};
use shared::Fen;
use shared::coupon::{CouponKind, NotApplicable, Scope};

fn yuan(f: Fen) -> String {
    f.label().trim_start_matches('¥').to_owned()
}

/// The headline of a coupon: what it takes off.
pub fn headline(lang: Lang, kind: CouponKind, threshold: Fen, off: Fen, percent: Option<u8>) -> String {
    match (kind, lang) {
        (CouponKind::Threshold, Lang::Zh) => format!("满{}减{}", yuan(threshold), yuan(off)),
        (CouponKind::Threshold, Lang::En) => format!("¥{} off ¥{}", yuan(off), yuan(threshold)),
        (CouponKind::Percent, _) => {
            let p = percent.unwrap_or(0);
            let rate = 100 - p as u32;
            let zh_rate =
                if rate.is_multiple_of(10) { format!("{}", rate / 10) } else { format!("{}.{}", rate / 10, rate % 10) };
            match (lang, off > Fen::ZERO) {
                (Lang::Zh, true) => format!("{zh_rate}折 最高减{}", yuan(off)),
                (Lang::Zh, false) => format!("{zh_rate}折"),
                (Lang::En, true) => format!("{p}% off, up to ¥{}", yuan(off)),
                (Lang::En, false) => format!("{p}% off"),
            }
        }
        (CouponKind::Fixed, Lang::Zh) if threshold > Fen::ZERO => format!("满{}立减{}", yuan(threshold), yuan(off)),
        (CouponKind::Fixed, Lang::Zh) => format!("立减{}", yuan(off)),
        (CouponKind::Fixed, Lang::En) if threshold > Fen::ZERO => format!("¥{} off ¥{}+", yuan(off), yuan(threshold)),
        (CouponKind::Fixed, Lang::En) => format!("¥{} off", yuan(off)),
    }
}

/// What a scope covers, in words.
pub fn scope(lang: Lang, scope: &Scope, store: Option<&str>) -> String {
    let what = match scope {
        Scope::Category(c) => i18n::category(lang, c.as_str()),
        Scope::Brand(b) => lang.pick(&format!("{b} 品牌"), &format!("{b} brand")).to_owned(),
        Scope::Sku(s) => lang.pick(&format!("指定商品 {s}"), &format!("product {s}")).to_owned(),
        Scope::All => lang.pick("全场通用", "Storewide").to_owned(),
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

/// "3天后过期" / "expires in 3 days" (or "today").
pub fn expires_in(lang: Lang, until: DateTime<Utc>, now_ms: i64) -> String {
    match (days_left(until, now_ms), lang) {
        (0, Lang::Zh) => "今天过期".into(),
        (0, Lang::En) => "expires today".into(),
        (1, Lang::En) => "expires in 1 day".into(),
        (n, Lang::Zh) => format!("{n}天后过期"),
        (n, Lang::En) => format!("expires in {n} days"),
    }
}

/// Why a coupon does not apply, in the member's words.
pub fn reason(lang: Lang, why: &NotApplicable) -> String {
    match why {
        NotApplicable::BelowThreshold { short } => match lang {
            Lang::Zh => format!("还差{}可用", short.label()),
            Lang::En => format!("spend {} more to use it", short.label()),
        },
        NotApplicable::OutOfScope => lang.pick("本单商品不在适用范围", "nothing in this order is covered").into(),
        NotApplicable::FlashSale => lang.pick("秒杀价商品不可用", "not valid on flash-sale prices").into(),
        NotApplicable::WrongStore { store } => match lang {
            Lang::Zh => format!("仅限{store}门店使用"),
            Lang::En => format!("only in store {store}"),
        },
        NotApplicable::NotFirstOrder => lang.pick("仅限首单使用", "first order only").into(),
        NotApplicable::NotYetValid => lang.pick("尚未生效", "not valid yet").into(),
        NotApplicable::Expired => lang.pick("已过期", "expired").into(),
        NotApplicable::Redeemed => lang.pick("已使用", "already used").into(),
        NotApplicable::InUse => lang.pick("已被其他订单占用", "in use on another order").into(),
        NotApplicable::TooLarge => lang.pick("订单金额超出上限", "the order is over the largest amount").into(),
    }
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
