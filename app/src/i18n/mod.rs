//! Chinese by default, English on request. Every string the UI shows is a field of one table
//! per language ([`zh::ZH`], [`en::EN`]): each is a struct literal, so a string missing in one
//! language is a compile error, and `zh.rs` is the only file of `app/src` with Chinese text.

mod en;
mod zh;

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

/// Declares the fixed strings once: the [`Key`] naming each and the [`Texts`] holding them.
macro_rules! texts {
    ($($key:ident),* $(,)?) => {
        /// The name of a fixed UI string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Key { $($key),* }

        /// One language's fixed strings, a field per [`Key`].
        #[allow(non_snake_case, missing_docs)]
        pub struct Texts { $(pub $key: &'static str),* }

        impl Texts {
            /// The string `key` names.
            pub fn get(&self, key: Key) -> &'static str {
                match key { $(Key::$key => self.$key),* }
            }
        }
    };
}

texts! {
    AppName, TabHome, TabFlash, TabStores, TabMember, TabOrders, SwitchLang, Loading, LoadFailed, Retry, SearchPlaceholder,
    AllCategories, NoProducts, StockTitle, InStock, OutOfStock, Counter, Back, NotFound, NotFoundHint, SoonFlash,
    SoonMember, SoonOrders, SoonBody, Floors, MapTitle, FindCounter, MapHint, Directions, Units, SignInTitle,
    Phone, Password, Name, SignIn, Register, ToRegister, ToSignIn, SignOut, Points, Balance, CardNo, PhysicalCard,
    NotLinked, LinkCard, ShowCode, CodeHint, Refresh, TopUp, Ledger, TopTier, OtherAmount, PaySandbox, TopUpDone,
    NoEntries, KindTopUp, KindPayment, KindRefund, CardNumber, VerifyCode, LinkDone, GuideTitle, StaffNo, StaffSignIn,
    ScanCode, Identify, ChargeTitle, ChargeHint, ChargeAmount, ChargeNote, Charge, Charged, Guide, Manager, HeadOffice,
    MemberFound, Working, StartsIn, EndsIn, SaleOver, BuyNow, ComingSoon, SoldOutButton, LimitReached, SaleEnded,
    PerMember, Remaining, NoSales, SignInToBuy, OrderTitle, PayWithin, PayBalance, PayGateway, CancelOrder,
    PickupCode, PickupAt, ShowAtCounter, NoOrders, StatusPending, StatusReady, StatusPickedUp, StatusCancelled,
    StatusExpired, StatusRefunded, Total, ReserveInStore, TabCustomer, TabPickup, TabStock, TabFlashManage,
    PickupVerify, HandOver, Sku, SkuOrBarcode, NoSuchBarcode, BadBarcode, Qty, Lookup, CounterSell, Sold, OnHand, Locked, Available, Awaiting, Reserved,
    CreateSale, SalePrice, Quantity, Limit, StartsAt, DurationMinutes, Buckets, SaleCreated, LockedUntil, ExpiredNote,
    CancelledNote, CouponCentre, MyCoupons, Claim, Claimed, ClaimedOut, CouponLeft, TabAvailable, TabUsed,
    TabExpired, NoCoupons, UseNow, Checkout, NoCoupon, Discount, Subtotal, SubmitOrder, CouponNotApplicableHere,
    NewMembersOnly, FirstOrderOnly, FlashSaleOk, SendCoupon, CustomerPhone, Campaign, CouponSent, CreateCampaign,
    CampaignTitle, Threshold, OffAmount, ValidDays, CampaignCreated, ValidUntil, TabCustomers, TabDay, BindCustomer,
    TagsInput, Bind, BoundNow, AllTags, SearchCustomers, NoCustomers, OrdersCount, Spend, LastContact, EditTags,
    Save, OrderFor, FindProduct, PlaceOrder, GuideOrderPlaced, PlacedByGuide, Date, Balanced, Discrepancies,
    PickedUpOn, RewardMin, InviteFriends, InviteHint, Invited, PointsEarned, PaymentGift, RewardsEarned, TabReturns,
    ReturnOrderId, ReturnQty, ReturnReason, ReturnMemberCode, TakeBack, Returned, RefundedBack, ReturnHint,
    CouponsBanner, MethodBalance, MethodGateway, FigureTakings, FigurePaidOrders, FigureBeforeCoupons, FigureDiscounts,
    FigureRefunds, FigureHandedOver, FigureCounterSales, FigureCounterCharges, FigureReturns, ScopeStorewide,
    ExpiresToday, WhyOutOfScope, WhyFlashSale, WhyNotFirstOrder, WhyNotYetValid, WhyExpired, WhyRedeemed, WhyInUse,
    WhyTooLarge, CounterSuffix, TabExit, ScanGoTitle, ScanGoStore, ScanGoBarcode, ScanGoAdd, ScanGoEmpty, ScanGoCoupon, ScanGoExitPass, ScanGoPassExpires, ExitPassCode, ExitCheck, ExitConfirmed, ExitPassUsed, ExitPassExpired, ExitPassWrongStore, ExitPassUnknown,
    ManageSales, ManageCampaigns, ManageDashboard, SoldUnits, HeldUnits, CancelSale, ConfirmCancel, KeepIt, EditSale, SaleSaved, StatusUpcoming, StatusLive, StatusSoldOut, StatusEnded, StatusCancelledSale, ClaimedCount, RedeemedCount, RedemptionRate, CloseCampaign, ConfirmClose, CampaignClosedNote, KindLabel, KindThreshold, KindPercent, KindFixed, PercentOff, AudienceLabel, AudienceAll, ScopeLabel, ScopeCategory, ScopeBrand, ScopeProduct, PerMemberLimit, ValidityLabel, ValidDaysOption, ValidToEnd, CampaignDays, DownloadCsv, NewMembersFigure, CouponsRedeemedFigure, FlashUnitsFigure, GuidesTitle, CustomersFigure, OrdersForCustomersFigure, FromDate, ToDate, ManageMore, EndsAtLabel, CampaignQuantity, CapAmount,
    ManageCatalog, ManageStaff, ProductForm, ItemName, FullName, NameEn, Brand, CategoryField, PriceYuan, BarcodeField, CounterIds, Color, SizeField, VariantGroup, ImageField, ProductSaved, CsvText, DryRun, ImportNow, ExportCsv, DownloadCatalog, CsvCreated, CsvUpdated, CsvLine, CsvNothingWritten, CsvWritten, HeadOfficeOnly, AddStaff, StoreField, RoleField, DisableStaff, StaffDisabled, ResetPassword, StaffAdded, PasswordChanged,
    Cart, CartEmpty, AddToCart, AddedToCart, CartFull, RemoveLine, ColorLabel, SizeLabel, NoLongerAvailable, OnlyLeft, SignInToCheckout, CheckoutCart, BestCoupon, FixCartFirst, Fewer, More, CartStore, NotInThisStore,
    ScanButton, ScanClose, ScanTorch, ScanRefused, ScanNoCamera, ScanUnknown, ScanWrongKind, ScanWants, ScanManual, ScanEnter, KindMemberCode, KindPickupCode, KindProductBarcode, KindExitPass, CounterSessionOpen, CounterSessionEnd, ConfirmHandOver,
    Transfers, SendTransfer, ToStore, TransfersIn, TransfersOut, TransferSent, ReceiveTransfer, TransferReceived, StatusInTransit, StatusRequested, NoTransfers, Product,
    RingUp, RingUpAdd, RingUpEmpty, RingUpPayCode, RingUpPaid, FigureCounterOrders,
    Rewards, Redeem, RewardRedeemed, PointsHistory, PointsReasonEarned, PointsReasonReturned, PointsReasonRedeemed, PointsReasonReferral, PointsReasonCard, PointsReasonAdjusted, HandOverTo, HandOverCustomers, CustomersMoved,
    TabMessages, NoMessages, TurnOnNotifications, NotificationsOn, NotificationsBlocked, NotificationsUnsupported, RemindMe, Reminded,
    RedEnvelope, RedEnvelopeHint, ShareEnvelope, LinkCopied, OpenEnvelope, EnvelopeWon, SignInToOpen, PromoterTitle, PromoterHint, PromotedCustomers, Commissions, CommissionPending, CommissionSettled, CommissionReversed, MonthlyStatement, FirstOrderKind, SecondOrderKind,
    StatusArriving, OrderFromThere, ArrivingFrom, FromStore,
    UploadImage, ManageStores, Level, AddFloor, CountersTitle, AddCounter, PosX, PosY, StoreSaved, IdField,
    Birthday, Benefits, BirthdayCoupon, NoBirthdayCoupon, FlashLimit, NextTierAdds, SaveBirthday, BirthdayOnce,
    PromotersTitle, PromoterColumn,
}

/// One language's strings: the fixed ones, and those that put values into words.
pub struct Strings {
    /// The fixed strings.
    pub text: Texts,
    /// What a contract error means (`None`: show the server's message).
    pub error: fn(shared::ErrorCode) -> Option<&'static str>,
    /// A category slug's label (`None` for an unknown slug).
    pub category: fn(&str) -> Option<&'static str>,
    /// "Refreshes in N s".
    pub refresh_in: fn(i64) -> String,
    /// "Spend ¥X more for Gold" (amount, tier name).
    pub to_next_tier: fn(&str, &str) -> String,
    /// A countdown past a day (days, `hh:mm:ss`).
    pub days_and_time: fn(i64, &str) -> String,
    /// A threshold coupon's headline (threshold, off, in yuan).
    pub coupon_threshold: fn(&str, &str) -> String,
    /// A percent coupon's headline (percent off, the cap in yuan if any).
    pub coupon_percent: fn(u8, Option<&str>) -> String,
    /// A fixed coupon's headline (the threshold if any, off, in yuan).
    pub coupon_fixed: fn(Option<&str>, &str) -> String,
    /// A coupon for one brand.
    pub scope_brand: fn(&str) -> String,
    /// A coupon for one product.
    pub scope_sku: fn(&str) -> String,
    /// "Expires in N days" (N ≥ 1).
    pub expires_in_days: fn(i64) -> String,
    /// "Spend ¥X more to use it".
    pub below_threshold: fn(&str) -> String,
    /// "Only in store S1".
    pub wrong_store: fn(&str) -> String,
    /// Where a route starts (place, floor).
    pub leg_start: fn(&str, &str) -> String,
    /// An escalator ride (from floor, to floor).
    pub leg_ride: fn(&str, &str) -> String,
    /// Where a route ends (place, floor).
    pub leg_arrive: fn(&str, &str) -> String,
    /// A route's length and walking time (metres, minutes).
    pub walk: fn(u32, u32) -> String,
    /// "Available from 静安店, ready in N days" (store name, days).
    pub available_from: fn(&str, u32) -> String,
}

/// "Available from 静安店, ready in N days".
pub fn available_from(lang: Lang, store: &str, days: u32) -> String {
    (strings(lang).available_from)(store, days)
}

/// The table of `lang`.
pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Zh => &zh::ZH,
        Lang::En => &en::EN,
    }
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    strings(lang).text.get(key)
}

/// What a contract error means to a customer or a guide, in their language. Codes without an
/// entry show the server's message.
pub fn error_text(lang: Lang, code: shared::ErrorCode) -> Option<&'static str> {
    (strings(lang).error)(code)
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
            AwaitingTransfer => Key::StatusArriving,
        },
    )
}

/// "Refreshes in N s".
pub fn refresh_in(lang: Lang, seconds: i64) -> String {
    (strings(lang).refresh_in)(seconds)
}

/// "Spend ¥X more for Gold".
pub fn to_next_tier(lang: Lang, amount: &str, next: shared::tier::Tier) -> String {
    (strings(lang).to_next_tier)(amount, tier(lang, next))
}

/// A tier's name.
pub fn tier(lang: Lang, tier: shared::tier::Tier) -> &'static str {
    lang.pick(tier.name(), tier.name_en())
}

/// A category slug's label (an unknown slug shows as itself).
pub fn category(lang: Lang, slug: &str) -> String {
    (strings(lang).category)(slug).map(str::to_owned).unwrap_or_else(|| slug.to_owned())
}

/// The categories in the order the home page offers them.
pub const CATEGORIES: &[&str] =
    &["beauty", "jewelry", "women", "men", "shoes", "bags", "sports", "kids", "home", "food"];

#[cfg(test)]
mod tests;
