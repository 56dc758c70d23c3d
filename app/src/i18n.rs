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
    MapTitle,
    FindCounter,
    MapHint,
    Directions,
    Units,
    SignInTitle,
    Phone,
    Password,
    Name,
    SignIn,
    Register,
    ToRegister,
    ToSignIn,
    SignOut,
    Points,
    Balance,
    CardNo,
    PhysicalCard,
    NotLinked,
    LinkCard,
    ShowCode,
    CodeHint,
    Refresh,
    TopUp,
    Ledger,
    TopTier,
    OtherAmount,
    PaySandbox,
    TopUpDone,
    NoEntries,
    KindTopUp,
    KindPayment,
    KindRefund,
    CardNumber,
    VerifyCode,
    LinkDone,
    GuideTitle,
    StaffNo,
    StaffSignIn,
    ScanCode,
    Identify,
    ChargeTitle,
    ChargeHint,
    ChargeAmount,
    ChargeNote,
    Charge,
    Charged,
    Guide,
    Manager,
    MemberFound,
    Working,
    StartsIn,
    EndsIn,
    SaleOver,
    BuyNow,
    ComingSoon,
    SoldOutButton,
    LimitReached,
    SaleEnded,
    PerMember,
    Remaining,
    NoSales,
    SignInToBuy,
    OrderTitle,
    PayWithin,
    PayBalance,
    PayGateway,
    CancelOrder,
    PickupCode,
    PickupAt,
    ShowAtCounter,
    NoOrders,
    StatusPending,
    StatusReady,
    StatusPickedUp,
    StatusCancelled,
    StatusExpired,
    StatusRefunded,
    Total,
    ReserveInStore,
    TabCustomer,
    TabPickup,
    TabStock,
    TabFlashManage,
    PickupVerify,
    HandOver,
    Sku,
    Qty,
    Lookup,
    CounterSell,
    Sold,
    OnHand,
    Locked,
    Available,
    Awaiting,
    Reserved,
    CreateSale,
    SalePrice,
    Quantity,
    Limit,
    StartsAt,
    DurationMinutes,
    Buckets,
    SaleCreated,
    LockedUntil,
    ExpiredNote,
    CancelledNote,
    CouponCentre,
    MyCoupons,
    Claim,
    Claimed,
    ClaimedOut,
    CouponLeft,
    TabAvailable,
    TabUsed,
    TabExpired,
    NoCoupons,
    UseNow,
    Checkout,
    NoCoupon,
    Discount,
    Subtotal,
    SubmitOrder,
    CouponNotApplicableHere,
    NewMembersOnly,
    FirstOrderOnly,
    FlashSaleOk,
    SendCoupon,
    CustomerPhone,
    Campaign,
    CouponSent,
    CreateCampaign,
    CampaignTitle,
    Threshold,
    OffAmount,
    ValidDays,
    CampaignCreated,
    ValidUntil,
    TabCustomers,
    TabDay,
    BindCustomer,
    TagsInput,
    Bind,
    BoundNow,
    AllTags,
    SearchCustomers,
    NoCustomers,
    OrdersCount,
    Spend,
    LastContact,
    EditTags,
    Save,
    OrderFor,
    FindProduct,
    PlaceOrder,
    GuideOrderPlaced,
    PlacedByGuide,
    Date,
    Balanced,
    Discrepancies,
    PickedUpOn,
    RewardMin,
    InviteFriends,
    InviteHint,
    Invited,
    PointsEarned,
    PaymentGift,
    RewardsEarned,
    TabReturns,
    ReturnOrderId,
    ReturnQty,
    ReturnReason,
    ReturnMemberCode,
    TakeBack,
    Returned,
    RefundedBack,
    ReturnHint,
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
        SoonBody => ("此功能尚未上线，敬请期待。", "This part of the app is not built yet."),
        Floors => ("楼层", "Floors"),
        MapTitle => ("楼层导览", "Floor map"),
        FindCounter => ("搜索专柜或品牌", "Find a counter or brand"),
        MapHint => ("搜索专柜，看从正门怎么走", "Search for a counter to see the way from the entrance"),
        Directions => ("带我去", "Directions"),
        Units => ("件", "left"),
        SignInTitle => ("京华会员", "Jinghua membership"),
        Phone => ("手机号", "Phone"),
        Password => ("密码", "Password"),
        Name => ("称呼", "Name"),
        SignIn => ("登录", "Sign in"),
        Register => ("注册会员", "Register"),
        ToRegister => ("还没有会员卡？立即注册", "No card yet? Register"),
        ToSignIn => ("已有会员卡？去登录", "Already a member? Sign in"),
        SignOut => ("退出登录", "Sign out"),
        Points => ("积分", "Points"),
        Balance => ("储值余额", "Balance"),
        CardNo => ("卡号", "Card no."),
        PhysicalCard => ("实体卡", "Plastic card"),
        NotLinked => ("未绑定", "not linked"),
        LinkCard => ("绑定实体卡", "Link plastic card"),
        ShowCode => ("会员码", "Member code"),
        CodeHint => ("仅限本人使用 · 每个码只能使用一次", "For you only · each code works once"),
        Refresh => ("刷新", "Refresh"),
        TopUp => ("充值", "Top up"),
        Ledger => ("储值明细", "Statement"),
        TopTier => ("已是最高等级", "Top tier reached"),
        OtherAmount => ("其他金额（元）", "Other amount (¥)"),
        PaySandbox => ("确认支付（沙箱）", "Pay (sandbox)"),
        TopUpDone => ("充值成功", "Topped up"),
        NoEntries => ("暂无记录", "No entries yet"),
        KindTopUp => ("充值", "Top-up"),
        KindPayment => ("消费", "Payment"),
        KindRefund => ("退款", "Refund"),
        CardNumber => ("实体卡号（16位）", "Card number (16 digits)"),
        VerifyCode => ("验证码（刮开涂层，6位）", "Verification code (6 digits, under the panel)"),
        LinkDone => ("绑定成功，积分已合并", "Linked; points merged"),
        GuideTitle => ("导购工作台", "Guide console"),
        StaffNo => ("工号", "Staff no."),
        StaffSignIn => ("员工登录", "Staff sign-in"),
        ScanCode => ("扫描或输入会员码", "Scan or type the member code"),
        Identify => ("识别会员", "Identify"),
        ChargeTitle => ("储值消费", "Charge stored value"),
        ChargeHint => (
            "扫描上方会员码后输入金额；余额不足不会扣款，码仍可用",
            "Uses the code above; if the balance is short nothing is charged and the code stays valid",
        ),
        ChargeAmount => ("金额（元）", "Amount (¥)"),
        ChargeNote => ("商品备注", "What was bought"),
        Charge => ("扣款", "Charge"),
        Charged => ("扣款成功", "Charged"),
        Guide => ("导购", "Guide"),
        Manager => ("店长", "Manager"),
        MemberFound => ("会员信息", "Member"),
        Working => ("处理中…", "Working…"),
        StartsIn => ("距开始", "Starts in"),
        EndsIn => ("距结束", "Ends in"),
        SaleOver => ("活动已结束", "The sale is over"),
        BuyNow => ("立即抢购", "Buy now"),
        ComingSoon => ("即将开始", "Starting soon"),
        SoldOutButton => ("已抢光", "Sold out"),
        LimitReached => ("已达限购", "Limit reached"),
        SaleEnded => ("已结束", "Ended"),
        PerMember => ("每人限购", "Limit per member"),
        Remaining => ("剩余", "Left"),
        NoSales => ("暂时没有秒杀活动", "No flash sales right now"),
        SignInToBuy => ("请先登录会员再抢购", "Sign in as a member to buy"),
        OrderTitle => ("订单详情", "Order"),
        PayWithin => ("请在以下时间内支付，超时库存将释放", "Pay within this time or the stock is released"),
        PayBalance => ("储值支付", "Pay with balance"),
        PayGateway => ("在线支付（沙箱）", "Pay online (sandbox)"),
        CancelOrder => ("取消订单", "Cancel order"),
        PickupCode => ("提货码", "Pickup code"),
        PickupAt => ("提货地点", "Collect at"),
        ShowAtCounter => ("到店后向导购出示此码，仅可核销一次", "Show this at the counter; it works once"),
        NoOrders => ("还没有订单", "No orders yet"),
        StatusPending => ("待支付", "Awaiting payment"),
        StatusReady => ("待提货", "Ready for pickup"),
        StatusPickedUp => ("已提货", "Picked up"),
        StatusCancelled => ("已取消", "Cancelled"),
        StatusExpired => ("已超时", "Expired"),
        StatusRefunded => ("已退款", "Refunded"),
        Total => ("合计", "Total"),
        ReserveInStore => ("到店自提 · 立即购买", "Buy now, collect in store"),
        TabCustomer => ("会员", "Members"),
        TabPickup => ("提货核销", "Pickup"),
        TabStock => ("库存", "Stock"),
        TabFlashManage => ("创建秒杀", "New flash sale"),
        PickupVerify => ("扫描或输入提货码", "Scan or type the pickup code"),
        HandOver => ("核销提货", "Hand over"),
        Sku => ("商品编码", "SKU"),
        Qty => ("数量", "Qty"),
        Lookup => ("查询", "Look up"),
        CounterSell => ("柜台售出", "Sell at counter"),
        Sold => ("已售出", "Sold"),
        OnHand => ("在库", "On hand"),
        Locked => ("锁定", "Locked"),
        Available => ("可售", "Available"),
        Awaiting => ("待提货", "Awaiting pickup"),
        Reserved => ("秒杀预留", "Reserved for sales"),
        CreateSale => ("创建秒杀活动", "Create a flash sale"),
        SalePrice => ("秒杀价（元）", "Sale price (¥)"),
        Quantity => ("数量", "Quantity"),
        Limit => ("每人限购", "Limit per member"),
        StartsAt => ("开始时间", "Starts at"),
        DurationMinutes => ("持续（分钟）", "Duration (minutes)"),
        Buckets => ("库存分桶（热卖用）", "Stock buckets (for hot items)"),
        SaleCreated => ("秒杀已创建", "Flash sale created"),
        LockedUntil => ("库存锁定至", "Stock held until"),
        ExpiredNote => (
            "订单超时未支付，库存已释放，未扣款。",
            "The order was not paid in time; its stock was released and nothing was charged.",
        ),
        CancelledNote => ("订单已取消，库存已释放。", "The order was cancelled; its stock was released."),
        CouponCentre => ("领券中心", "Coupons"),
        MyCoupons => ("我的优惠券", "My coupons"),
        Claim => ("立即领取", "Claim"),
        Claimed => ("已领取", "Claimed"),
        ClaimedOut => ("已抢光", "All claimed"),
        CouponLeft => ("剩余", "Left"),
        TabAvailable => ("可使用", "Available"),
        TabUsed => ("已使用", "Used"),
        TabExpired => ("已过期", "Expired"),
        NoCoupons => ("暂无优惠券", "No coupons here"),
        UseNow => ("去使用", "Use"),
        Checkout => ("确认订单", "Checkout"),
        NoCoupon => ("不使用优惠券", "No coupon"),
        Discount => ("优惠", "Discount"),
        Subtotal => ("商品金额", "Subtotal"),
        SubmitOrder => ("提交订单（到店自提）", "Place order (collect in store)"),
        CouponNotApplicableHere => ("不可用", "Not usable"),
        NewMembersOnly => ("新人专享", "New members"),
        FirstOrderOnly => ("首单专享", "First order"),
        FlashSaleOk => ("秒杀可用", "Flash sales too"),
        SendCoupon => ("发券给顾客", "Give a coupon"),
        CustomerPhone => ("顾客手机号", "Customer's phone"),
        Campaign => ("优惠活动", "Campaign"),
        CouponSent => ("已发券", "Coupon given"),
        CreateCampaign => ("创建优惠券活动", "Create a coupon campaign"),
        CampaignTitle => ("活动名称", "Title"),
        Threshold => ("满（元）", "Spend (¥)"),
        OffAmount => ("减（元）", "Off (¥)"),
        ValidDays => ("领取后有效天数", "Valid days after claim"),
        CampaignCreated => ("优惠券活动已创建", "Campaign created"),
        ValidUntil => ("有效期至", "Valid until"),
        TabCustomers => ("我的客户", "My customers"),
        TabDay => ("日结对账", "Day report"),
        BindCustomer => ("扫客户会员码绑定", "Scan a customer's member code to bind them"),
        TagsInput => ("标签（逗号或空格分隔）", "Tags (commas or spaces)"),
        Bind => ("绑定客户", "Bind customer"),
        BoundNow => ("已绑定", "Bound"),
        AllTags => ("全部", "All"),
        SearchCustomers => ("搜索姓名、卡号或手机尾号", "Search name, card or phone ending"),
        NoCustomers => ("还没有绑定的客户", "No customers bound yet"),
        OrdersCount => ("订单", "Orders"),
        Spend => ("消费", "Spent"),
        LastContact => ("最近互动", "Last contact"),
        EditTags => ("改标签", "Edit tags"),
        Save => ("保存", "Save"),
        OrderFor => ("代客下单", "Order for them"),
        FindProduct => ("搜索商品或输入编码", "Search a product or type its SKU"),
        PlaceOrder => ("提交订单", "Place order"),
        GuideOrderPlaced => {
            ("已下单，请客户在 App「订单」中支付", "Ordered: the customer pays under Orders in their app")
        }
        PlacedByGuide => ("导购代下单", "Placed by your guide"),
        Date => ("日期", "Date"),
        Balanced => ("账平：订单与支付渠道一致", "Balanced: orders and the gateway agree"),
        PickedUpOn => ("已提货", "Collected"),
        PaymentGift => ("支付有礼", "Payment gift"),
        InviteFriends => ("邀请好友", "Invite friends"),
        InviteHint => (
            "好友用你的推荐码注册，30 天内首单支付后你得 500 积分",
            "A friend who registers with your code and pays a first order within 30 days earns you 500 points",
        ),
        Invited => ("已邀请", "Invited"),
        PointsEarned => ("获得积分", "Points earned"),
        RewardMin => (
            "支付有礼：订单满（元）即送，留空为领券活动",
            "Give after payment from an order total of (¥); empty: claimable",
        ),
        RewardsEarned => ("支付有礼 · 已放入券包", "Earned with this payment · in your wallet"),
        Discrepancies => ("差异", "Discrepancies"),
        TabReturns => ("退货", "Returns"),
        ReturnOrderId => ("订单号（顾客订单页可见）", "Order number (on the customer's order page)"),
        ReturnQty => ("退回数量", "Units back"),
        ReturnReason => ("退货原因", "Reason"),
        ReturnMemberCode => ("顾客会员码（扫描顾客出示的动态码）", "Customer's member code (scan the code they show)"),
        TakeBack => ("确认退货退款", "Take back and refund"),
        Returned => ("已退", "Returned"),
        RefundedBack => ("已原路退款", "Refunded the way it was paid"),
        ReturnHint => (
            "已提货 7 天内可在任一门店退货，商品入本店库存",
            "Collected goods come back at any store within 7 days; they join this store's stock",
        ),
    };
    lang.pick(zh, en)
}

/// What a contract error means to a customer or a guide, in their language. Codes without an
/// entry show the server's message.
pub fn error_text(lang: Lang, code: shared::ErrorCode) -> Option<&'static str> {
    use shared::ErrorCode::*;
    let (zh, en) = match code {
        Unauthenticated => ("登录已失效，请重新登录", "Your session has ended; please sign in again"),
        WrongRole => ("当前账号无权进行此操作", "This account cannot do that"),
        BadCredentials => ("账号或密码错误", "Wrong phone/staff number or password"),
        RateLimited => ("尝试次数过多，请稍后再试", "Too many attempts; try again shortly"),
        PhoneTaken => ("该手机号已注册", "This phone number is already registered"),
        CodeUsed => ("该会员码已使用，请会员刷新后重新出示", "This code was already used; ask for a fresh one"),
        CodeExpired => ("会员码已过期，请会员刷新", "This code has expired; ask for a fresh one"),
        CardLinkedElsewhere => ("该实体卡已被其他会员绑定", "This card is linked to another member"),
        InsufficientBalance => ("储值余额不足", "Not enough stored value"),
        SoldOut => ("已售罄", "Sold out"),
        LimitExceeded => ("已达到每人限购数量", "Per-member limit reached"),
        TooManyPending => {
            ("待支付订单已达上限，请先支付或取消一个订单", "You have too many unpaid orders; pay or cancel one first")
        }
        SaleNotLive => ("活动未开始或已结束", "The sale is not live"),
        LockExpired => ("订单已超时，库存已释放", "The order timed out; its stock was released"),
        AlreadyPaid => ("订单已支付", "The order is already paid"),
        AlreadyPickedUp => ("订单已提货", "Already picked up"),
        NotPaid => ("订单尚未支付", "The order is not paid yet"),
        WrongStore => ("不是本店的订单", "This order belongs to another store"),
        InsufficientStock => ("库存不足", "Not enough stock"),
        CouponNotApplicable => ("优惠券不适用于此订单", "The coupon does not apply to this order"),
        ReturnWindowClosed => ("已超过提货后 7 天的退货期", "The 7-day return window after pickup has closed"),
        BoundElsewhere => ("该客户由其他导购服务中（保护期内）", "Another guide looks after this customer for now"),
        _ => return None,
    };
    Some(lang.pick(zh, en))
}

/// An order status's name.
pub fn order_status(lang: Lang, status: shared::order::OrderStatus) -> &'static str {
    use shared::order::OrderStatus::*;
    t(
        lang,
        match status {
            PendingPayment => Key::StatusPending,
            ReadyForPickup => Key::StatusReady,
            PickedUp => Key::StatusPickedUp,
            Cancelled => Key::StatusCancelled,
            Expired => Key::StatusExpired,
            Refunded => Key::StatusRefunded,
        },
    )
}

/// "Refreshes in N s".
pub fn refresh_in(lang: Lang, seconds: i64) -> String {
    match lang {
        Lang::Zh => format!("{seconds} 秒后自动刷新"),
        Lang::En => format!("Refreshes in {seconds} s"),
    }
}

/// "Spend ¥X more for Gold".
pub fn to_next_tier(lang: Lang, amount: &str, tier_zh: &str, tier_en: &str) -> String {
    match lang {
        Lang::Zh => format!("再消费 {amount} 升级{tier_zh}"),
        Lang::En => format!("Spend {amount} more for {tier_en}"),
    }
}

/// A tier's name.
pub fn tier(lang: Lang, tier: shared::tier::Tier) -> &'static str {
    lang.pick(tier.name(), tier.name_en())
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
pub const CATEGORIES: &[&str] =
    &["beauty", "jewelry", "women", "men", "shoes", "bags", "sports", "kids", "home", "food"];

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
