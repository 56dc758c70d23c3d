//! Chinese by default, English on request. Every string the UI shows goes through [`t`].

/// A display language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// 简体中文.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The other language (what the switch offers).
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
    /// The code saved in preferences.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
    /// Reads a saved code; anything unknown is Chinese.
    pub fn from_code(code: &str) -> Lang {
        if code == "en" { Lang::En } else { Lang::Zh }
    }
    /// The `lang` attribute of the page.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
    /// Picks the Chinese or English text of a pair.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Every UI string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Key {
    AppName,
    TabHome,
    TabFlash,
    TabStores,
    TabMember,
    TabOrders,
    SwitchLang,
    Loading,
    LoadFailed,
    Retry,
    SearchPlaceholder,
    AllCategories,
    NoProducts,
    StockTitle,
    InStock,
    OutOfStock,
    Counter,
    Back,
    NotFound,
    NotFoundHint,
    SoonFlash,
    SoonMember,
    SoonOrders,
    SoonBody,
    Floors,
    Units,
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    let (zh, en) = match key {
        AppName => ("京华百货", "Jinghua"),
        TabHome => ("首页", "Home"),
        TabFlash => ("秒杀", "Flash sales"),
        TabStores => ("门店", "Stores"),
        TabMember => ("会员", "Member"),
        TabOrders => ("订单", "Orders"),
        SwitchLang => ("EN", "中文"),
        Loading => ("加载中…", "Loading…"),
        LoadFailed => ("加载失败", "Could not load"),
        Retry => ("重试", "Retry"),
        SearchPlaceholder => ("搜索商品、品牌", "Search products and brands"),
        AllCategories => ("全部", "All"),
        NoProducts => ("没有找到相关商品", "No products match"),
        StockTitle => ("各门店库存", "Stock by store"),
        InStock => ("有货", "In stock"),
        OutOfStock => ("缺货", "Out of stock"),
        Counter => ("专柜", "Counter"),
        Back => ("返回", "Back"),
        NotFound => ("页面不存在", "Page not found"),
        NotFoundHint => ("回到首页看看吧", "Head back to the home page"),
        SoonFlash => ("限时秒杀", "Flash sales"),
        SoonMember => ("会员卡", "Member card"),
        SoonOrders => ("我的订单", "My orders"),
        SoonBody => (
            "此功能尚未上线，敬请期待。",
            "This part of the app is not built yet.",
        ),
        Floors => ("楼层", "Floors"),
        Units => ("件", "left"),
    };
    lang.pick(zh, en)
}

/// A category slug's label.
pub fn category(lang: Lang, slug: &str) -> String {
    let (zh, en) = match slug {
        "beauty" => ("美妆护肤", "Beauty"),
        "jewelry" => ("珠宝腕表", "Jewellery"),
        "women" => ("女装", "Women"),
        "men" => ("男装", "Men"),
        "shoes" => ("鞋履", "Shoes"),
        "bags" => ("箱包", "Bags"),
        "sports" => ("运动户外", "Sports"),
        "kids" => ("童装玩具", "Kids"),
        "home" => ("家居生活", "Home"),
        "food" => ("食品茶饮", "Food & tea"),
        other => return other.to_owned(),
    };
    lang.pick(zh, en).to_owned()
}

/// The categories in the order the home page offers them.
pub const CATEGORIES: &[&str] = &[
    "beauty", "jewelry", "women", "men", "shoes", "bags", "sports", "kids", "home", "food",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default_and_english_the_switch() {
        assert_eq!(Lang::default(), Lang::Zh);
        assert_eq!(t(Lang::Zh, Key::TabHome), "首页");
        assert_eq!(t(Lang::En, Key::TabHome), "Home");
        assert_eq!(t(Lang::Zh, Key::SwitchLang), "EN");
        assert_eq!(Lang::Zh.other(), Lang::En);
    }

    #[test]
    fn saved_codes_round_trip_and_unknown_ones_fall_back() {
        assert_eq!(Lang::from_code(Lang::En.code()), Lang::En);
        assert_eq!(Lang::from_code("fr"), Lang::Zh);
    }

    #[test]
    fn every_category_has_a_label_in_both_languages() {
        for c in CATEGORIES {
            assert_ne!(category(Lang::Zh, c), *c);
            assert_ne!(category(Lang::En, c), *c);
        }
        assert_eq!(category(Lang::En, "mystery"), "mystery");
    }
}
