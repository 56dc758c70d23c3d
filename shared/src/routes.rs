//! The API's route table: the one list of endpoints that exist. The worker dispatches on it,
//! `GET /api/openapi.json` is generated from it, and the tests walk it, so the three cannot
//! drift apart. Its documentation (summaries, error lists, schema names) is compiled only with
//! the `api-docs` feature: the app sends requests by it and needs none of that text.

#[cfg(feature = "api-docs")]
use crate::ErrorCode;

/// HTTP methods the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
    /// PATCH
    Patch,
}

impl Method {
    /// Reads a method name; `HEAD` and the rest are not part of the API.
    pub fn parse(text: &str) -> Option<Method> {
        match text.to_ascii_uppercase().as_str() {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "DELETE" => Some(Method::Delete),
            "PATCH" => Some(Method::Patch),
            _ => None,
        }
    }
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }
}

pub use crate::access::Access;

mod target;
pub use target::{path, target};

/// One endpoint of the API.
#[derive(Debug)]
pub struct Endpoint {
    /// Which endpoint.
    pub id: RouteId,
    /// Method.
    pub method: Method,
    /// Path template, `{name}` for a parameter.
    pub path: &'static str,
    /// One line for people.
    #[cfg(feature = "api-docs")]
    pub summary: &'static str,
    /// Who may call it.
    pub access: Access,
    /// Query parameters it reads.
    pub query: &'static [&'static str],
    /// Status of a successful answer.
    pub ok: u16,
    /// Error codes it can answer with, beyond the ones every endpoint has.
    #[cfg(feature = "api-docs")]
    pub errors: &'static [ErrorCode],
    /// Name of the request body schema, if it takes one.
    #[cfg(feature = "api-docs")]
    pub body: Option<&'static str>,
    /// Name of the response schema.
    #[cfg(feature = "api-docs")]
    pub response: &'static str,
}

#[cfg(feature = "api-docs")]
use ErrorCode as E;

/// Declares the endpoints once: the `RouteId` enum and the `ENDPOINTS` table come from the same
/// list, so an id without an endpoint (or the reverse) cannot exist.
macro_rules! endpoints {
    ($($id:ident: $method:ident $path:literal, $access:ident, ok $ok:literal, query [$($q:literal),*], errors [$($e:ident),*], body $body:expr, response $resp:literal, $summary:literal;)*) => {
        /// Which endpoint a request is for (path parameters are handed out separately as text
        /// and parsed into domain ids by the handler).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum RouteId {
            $(#[doc = $summary] $id,)*
        }

        /// Every endpoint that exists, in the order the documentation lists them. Without the
        /// `api-docs` feature (the app) the entries carry no documentation, only what a client
        /// or the dispatcher needs.
        pub const ENDPOINTS: &[Endpoint] = &[
            $(Endpoint {
                id: RouteId::$id, method: Method::$method, path: $path, access: Access::$access, query: &[$($q),*], ok: $ok,
                #[cfg(feature = "api-docs")] summary: $summary,
                #[cfg(feature = "api-docs")] errors: &[$(E::$e),*],
                #[cfg(feature = "api-docs")] body: $body,
                #[cfg(feature = "api-docs")] response: $resp,
            },)*
        ];
    };
}

endpoints! {
    Health: Get "/api/health", Public, ok 200, query [], errors [Unavailable], body None, response "Liveness", "Liveness: answered by the worker alone, without touching storage";
    HealthDeep: Get "/api/health/deep", Public, ok 200, query [], errors [Unavailable], body None, response "Health", "Readiness: touches D1 and a Durable Object and reports each (at most one real check per 10 s per isolate; cached answer otherwise)";
    OpenApi: Get "/api/openapi.json", Public, ok 200, query [], errors [], body None, response "OpenApi", "This document";
    Stores: Get "/api/stores", Public, ok 200, query [], errors [], body None, response "Store[]", "Stores of the chain with their floors";
    Store: Get "/api/stores/{id}", Public, ok 200, query [], errors [NotFound], body None, response "Store", "One store with its floors";
    StoreMap: Get "/api/stores/{id}/map", Public, ok 200, query [], errors [NotFound], body None, response "StoreMap", "A store's floors with their counters, and its walkable graph";
    StoreRoute: Get "/api/stores/{id}/route", Public, ok 200, query ["from", "to"], errors [BadRequest, NotFound, Invalid], body None, response "Route", "Shortest walk to a counter (from = a node id, default the entrance; to = a counter id)";
    Products: Get "/api/products", Public, ok 200, query ["store_id", "category", "q"], errors [BadRequest, NotFound, Invalid], body None, response "Product[]", "Products, filtered by store, category and a text query";
    Product: Get "/api/products/{sku}", Public, ok 200, query [], errors [NotFound], body None, response "ProductDetail", "One product with its available stock in each store";
    Register: Post "/api/members", Public, ok 201, query [], errors [Invalid, PhoneTaken, RateLimited], body Some("RegisterRequest"), response "MemberSession", "Register a member (phone, password of 8+ characters, name) and sign in (60 per minute per client address, then 429)";
    SignIn: Post "/api/sessions", Public, ok 200, query [], errors [Invalid, BadCredentials, RateLimited], body Some("SignInRequest"), response "MemberSession", "Member sign-in by phone and password (5 failures per 15 min per phone, 50 per client address, then 429)";
    SignOut: Delete "/api/sessions/current", Session, ok 204, query [], errors [Unauthenticated], body None, response "Empty", "Sign out (member or staff): the token stops working";
    StaffSignIn: Post "/api/guide/sessions", Public, ok 200, query [], errors [Invalid, BadCredentials, RateLimited], body Some("StaffSignInRequest"), response "StaffSession", "Staff sign-in by staff number and password, scoped to their store (5 failures per staff number per client address, then 429)";
    Me: Get "/api/me", Member, ok 200, query [], errors [Unauthenticated, WrongRole], body None, response "Member", "The signed-in member's card: tier, points, balance, linked card";
    Referrals: Get "/api/me/referrals", Member, ok 200, query [], errors [Unauthenticated, WrongRole], body None, response "ReferralSummary", "The member's referral code and link, how many registered with it, and the points their first orders earned";
    MemberCode: Get "/api/me/code", Member, ok 200, query [], errors [Unauthenticated, WrongRole, RateLimited], body None, response "MemberCode", "The dynamic member code: one 30 s step plus one of grace, works once";
    LinkCard: Post "/api/me/physical-card", Member, ok 200, query [], errors [Unauthenticated, WrongRole, Invalid, CardLinkedElsewhere, Conflict, RateLimited], body Some("LinkCardRequest"), response "Member", "Link a plastic card (its points are merged; 5 wrong codes per card per hour, then 429)";
    TopUp: Post "/api/me/top-ups", Member, ok 201, query [], errors [Unauthenticated, WrongRole, Invalid], body Some("TopUpRequest"), response "PaymentEnvelope", "Top up stored value through the sandbox gateway (¥1 to ¥50,000)";
    Ledger: Get "/api/me/ledger", Member, ok 200, query ["limit", "before"], errors [Unauthenticated, WrongRole, BadRequest], body None, response "LedgerEntry[]", "Stored-value entries, newest first (limit up to 200; before = a seq, for the next page)";
    MyPayment: Get "/api/me/payments/{id}", Member, ok 200, query [], errors [Unauthenticated, WrongRole, NotFound], body None, response "Payment", "One of the member's gateway payments";
    PaymentNotify: Post "/api/payments/notify", Public, ok 200, query [], errors [Unauthenticated, NotFound, Invalid], body Some("PaymentNotice"), response "NotifyAck", "The (sandbox) gateway's signed payment notification, WeChat Pay v3 style";
    VerifyMemberCode: Post "/api/guide/member-codes/verify", Staff, ok 200, query [], errors [Unauthenticated, WrongRole, NotFound, CodeUsed, CodeExpired, RateLimited], body Some("CodeRequest"), response "MemberEnvelope", "A guide scans a member code and sees who it is (the code is used up)";
    CounterCharge: Post "/api/guide/charges", Staff, ok 200, query [], errors [Unauthenticated, WrongRole, NotFound, CodeUsed, CodeExpired, InsufficientBalance, Invalid, RateLimited, IdempotencyMismatch], body Some("ChargeRequest"), response "ChargeReceipt", "A counter purchase paid with stored value, authorised by the member code";
    FlashSales: Get "/api/flash-sales", Public, ok 200, query ["store_id"], errors [BadRequest, NotFound], body None, response "FlashSale[]", "Flash sales not ended more than a day ago; with a member token, my_held says what the member holds";
    FlashSale: Get "/api/flash-sales/{id}", Public, ok 200, query [], errors [NotFound], body None, response "FlashSale", "One flash sale with its remaining units";
    FlashSaleLive: Get "/api/flash-sales/{id}/live", Public, ok 101, query [], errors [BadRequest, NotFound], body None, response "LiveStock", "Live remaining count (WebSocket: send `Upgrade: websocket`): a LiveStock message at once and on every change, at most four a second; without the upgrade 400";
    CreateFlashSale: Post "/api/manage/flash-sales", Manager, ok 201, query [], errors [Unauthenticated, WrongRole, Forbidden, WrongStore, Invalid, InsufficientStock, IdempotencyMismatch], body Some("FlashSaleRequest"), response "FlashSale", "A store manager creates a flash sale; its quantity is reserved from the store's stock pool";
    CreateOrder: Post "/api/orders", Member, ok 201, query [], errors [BadRequest, Unauthenticated, WrongRole, Invalid, SoldOut, InsufficientStock, LimitExceeded, TooManyPending, SaleNotLive, CouponNotApplicable, IdempotencyMismatch], body Some("OrderRequest"), response "Order", "Place an order (Idempotency-Key required): every line's units are locked until lock_expires_at, or none";
    Orders: Get "/api/orders", Member, ok 200, query [], errors [Unauthenticated, WrongRole], body None, response "Order[]", "The member's orders, newest first (up to 100)";
    Order: Get "/api/orders/{id}", Member, ok 200, query [], errors [Unauthenticated, WrongRole, NotFound], body None, response "Order", "One of the member's orders (someone else's is 404)";
    PayOrder: Post "/api/orders/{id}/pay", Member, ok 200, query [], errors [Unauthenticated, WrongRole, NotFound, Invalid, LockExpired, InsufficientBalance, AlreadyPaid, Conflict], body Some("PayRequest"), response "Order", "Pay with stored value or the sandbox gateway; paying twice never charges twice";
    CancelOrder: Post "/api/orders/{id}/cancel", Member, ok 200, query [], errors [Unauthenticated, WrongRole, NotFound, AlreadyPaid, LockExpired, Conflict], body None, response "Order", "Cancel an unpaid order: its stock is released";
    Pickup: Post "/api/guide/pickups", Staff, ok 200, query [], errors [Unauthenticated, WrongRole, NotFound, WrongStore, NotPaid, NotArrived, AlreadyPickedUp, RateLimited], body Some("CodeRequest"), response "Order", "A guide scans a pickup code: the order is handed over exactly once, at its own store";
    Stock: Get "/api/guide/stock", Staff, ok 200, query ["sku"], errors [Unauthenticated, WrongRole, BadRequest, NotFound], body None, response "StockRow[]", "Stock of a SKU in every store that carries it";
    CounterSale: Post "/api/guide/stock/sales", Staff, ok 200, query [], errors [Unauthenticated, WrongRole, Invalid, InsufficientStock, IdempotencyMismatch], body Some("CounterSaleRequest"), response "StockRow", "A sale at the counter, from the same pool as online orders";
    StockReceipt: Post "/api/manage/stock/receipts", Manager, ok 200, query [], errors [Unauthenticated, WrongRole, Forbidden, Invalid, IdempotencyMismatch], body Some("CounterSaleRequest"), response "StockRow", "A manager books goods received into the store's pool (Idempotency-Key makes a repeat harmless)";
    Campaigns: Get "/api/coupon-campaigns", Public, ok 200, query ["store_id"], errors [BadRequest, NotFound], body None, response "CouponCampaign[]", "Coupon campaigns open for claims (with a member token, my_claimed is filled in)";
    ClaimCoupon: Post "/api/coupon-campaigns/{id}/claim", Member, ok 201, query [], errors [Unauthenticated, WrongRole, NotFound, SoldOut, LimitExceeded, Forbidden, Conflict, IdempotencyMismatch], body None, response "Coupon", "Claim a coupon into the wallet (Idempotency-Key makes a retry the same claim)";
    MyCoupons: Get "/api/me/coupons", Member, ok 200, query [], errors [Unauthenticated, WrongRole], body None, response "Coupon[]", "The member's wallet: available, locked, redeemed and expired coupons";
    CreateCampaign: Post "/api/manage/coupon-campaigns", Manager, ok 201, query [], errors [Unauthenticated, WrongRole, Forbidden, WrongStore, Invalid, IdempotencyMismatch], body Some("CouponCampaignRequest"), response "CouponCampaign", "A store manager creates a coupon campaign";
    BindCustomer: Post "/api/guide/customers", Staff, ok 201, query [], errors [Unauthenticated, WrongRole, NotFound, CodeUsed, CodeExpired, BoundElsewhere, Invalid, RateLimited, Conflict], body Some("BindRequest"), response "Customer", "A guide scans a customer's member code to look after them (200 if already theirs; 409 BOUND_ELSEWHERE inside another guide's protection period)";
    Customers: Get "/api/guide/customers", Staff, ok 200, query ["tag", "q"], errors [Unauthenticated, WrongRole, BadRequest], body None, response "Customer[]", "The guide's customers in their store, most recently active first, filtered by tag or by name / card / phone ending";
    CustomerTags: Put "/api/guide/customers/{member_id}/tags", Staff, ok 200, query [], errors [Unauthenticated, WrongRole, NotFound, Invalid], body Some("TagsRequest"), response "Customer", "Replaces a customer's tags (at most 8, each 1-12 characters)";
    GuideOrder: Post "/api/guide/orders", Staff, ok 201, query [], errors [Unauthenticated, WrongRole, BadRequest, Forbidden, Invalid, SoldOut, InsufficientStock, LimitExceeded, TooManyPending, SaleNotLive, IdempotencyMismatch], body Some("GuideOrderRequest"), response "Order", "A guide orders for a customer bound to them, at the guide's store (Idempotency-Key required); the customer pays in the app";
    Reconciliation: Get "/api/guide/reconciliation", Staff, ok 200, query ["date"], errors [Unauthenticated, WrongRole, Invalid], body None, response "DayReport", "The store's day (local date, default today): takings by method, coupons, refunds, pickups, counter sales and charges, and every disagreement with the gateway";
    GuideOrderView: Get "/api/guide/orders/{id}", Staff, ok 200, query [], errors [Unauthenticated, WrongRole, NotFound], body None, response "Order", "Any order of the chain by id, for a return at any store's counter";
    Return: Post "/api/guide/returns", Staff, ok 201, query [], errors [Unauthenticated, WrongRole, BadRequest, NotFound, Forbidden, NeedsManager, Invalid, Conflict, CodeUsed, CodeExpired, ReturnWindowClosed, RateLimited, IdempotencyMismatch], body Some("ReturnRequest"), response "ReturnReceipt", "Goods come back at any store within 7 days of pickup, with the customer there (their member code; over ¥2,000 a manager): money back the way it came, units into this store's pool, spend and points taken back (Idempotency-Key required)";
    SendCoupon: Post "/api/guide/coupons", Staff, ok 201, query [], errors [Unauthenticated, WrongRole, NotFound, SoldOut, LimitExceeded, Forbidden, Conflict, IdempotencyMismatch], body Some("SendCouponRequest"), response "Coupon", "A guide hands a member a coupon; it counts against the campaign";
    Quote: Post "/api/checkout/quote", Member, ok 200, query [], errors [Unauthenticated, WrongRole, Invalid, SaleNotLive], body Some("OrderRequest"), response "Quote", "What an order would cost, with the best coupon chosen and why each other coupon does not apply";
    Audit: Get "/api/manage/audit", Manager, ok 200, query ["store_id", "date"], errors [Unauthenticated, WrongRole, Forbidden, WrongStore, Invalid], body None, response "AuditEntry[]", "The store's audit log for a local day (default today), newest first: every staff action that moved money, stock, codes or coupons";
    DevMembers: Post "/api/dev/members", Dev, ok 201, query [], errors [NotFound, Forbidden, Invalid], body Some("DevMembersRequest"), response "DevMember[]", "Creates many signed-in members at once for load tests (local development only)";
    DevSaleAudit: Get "/api/dev/flash-sales/{id}/audit", Dev, ok 200, query [], errors [NotFound, Forbidden], body None, response "SaleAudit", "Every bucket's ledger and the orders of a sale, for invariant checks (local development only)";
    DevReconcile: Post "/api/dev/reconcile", Dev, ok 200, query [], errors [NotFound, Forbidden], body None, response "Reconciled", "Runs the reconciliation pass now (it also runs every minute by cron)";
    DevCrashAfterDebit: Post "/api/dev/orders/{id}/crash-after-debit", Dev, ok 200, query [], errors [NotFound, Forbidden, LockExpired, AlreadyPaid, InsufficientBalance, Conflict], body None, response "PaymentEnvelope", "Pays an order with stored value and stops right after the debit, as a crash there would (local development only)";
    DevProduct: Post "/api/dev/products", Dev, ok 201, query [], errors [NotFound, Forbidden, BadRequest, Invalid], body Some("DevProductRequest"), response "DevProduct", "Creates a fresh product with a unique SKU, stocked in one store, so each test has its own (local development only)";
    DevSeed: Post "/api/dev/seed", Dev, ok 200, query [], errors [NotFound, Forbidden, Invalid], body Some("Seed"), response "SeedReport", "Loads the demo store (local development only; 404 elsewhere)";
    ScanGoCart: Post "/api/scan-go/carts", Member, ok 201, query [], errors [Unauthenticated, WrongRole, Invalid], body Some("ScanGoCartRequest"), response "ScanGoCart", "Scan-and-go (扫码购): a member opens a cart in the store they are in";
    ScanGoLines: Put "/api/scan-go/carts/{id}/lines", Member, ok 200, query [], errors [Unauthenticated, WrongRole, NotFound, Invalid, InsufficientStock, Conflict], body Some("ScanGoLineRequest"), response "ScanGoCart", "Sets how many of a scanned product the cart holds (qty 0 removes it); the best coupon is applied automatically";
    ScanGoCheckout: Post "/api/scan-go/carts/{id}/checkout", Member, ok 200, query [], errors [BadRequest, Unauthenticated, WrongRole, NotFound, Invalid, SoldOut, InsufficientStock, TooManyPending, LockExpired, InsufficientBalance, Conflict, IdempotencyMismatch], body Some("PayRequest"), response "ScanGoReceipt", "Pays for the cart (Idempotency-Key required): its units leave the store's pool as sold, the coupon is redeemed once, and an exit pass is issued; a repeat charges nothing and answers the same";
    ExitPass: Post "/api/guide/exit-passes", Staff, ok 200, query [], errors [Unauthenticated, WrongRole, NotFound, WrongStore, AlreadyUsed, CodeExpired, RateLimited], body Some("CodeRequest"), response "OrderEnvelope", "A guide at the exit scans a scan-and-go pass: the lines to spot-check; it works once, at its store, before it expires";
    ManageFlashSales: Get "/api/manage/flash-sales", Manager, ok 200, query ["store_id"], errors [Unauthenticated, WrongRole, Forbidden, WrongStore, Invalid], body None, response "ManagedSale[]", "Every flash sale of a store (default the caller's; an admin without store_id sees the chain) with its live figures: sold, held, remaining, status (cancelled and ended ones too)";
    CancelFlashSale: Post "/api/manage/flash-sales/{id}/cancel", Manager, ok 200, query [], errors [Unauthenticated, WrongRole, Forbidden, WrongStore, NotFound, AlreadyEnded, IdempotencyMismatch], body None, response "ManagedSale", "Calls a sale off: no new orders, unsold units back to the store's pool at once and held ones when their locks end, paid orders stay valid (a repeat is the same answer)";
    EditFlashSale: Patch "/api/manage/flash-sales/{id}", Manager, ok 200, query [], errors [Unauthenticated, WrongRole, Forbidden, WrongStore, NotFound, Invalid, Conflict], body Some("SaleEditRequest"), response "ManagedSale", "Changes a sale's title, window or price before it starts (409 once started or cancelled; the quantity cannot change)";
    ManageCampaigns: Get "/api/manage/coupon-campaigns", Manager, ok 200, query ["store_id"], errors [Unauthenticated, WrongRole, Forbidden, WrongStore, Invalid], body None, response "ManagedCampaign[]", "Every coupon campaign of a store (closed, ended and after-payment ones too) with claimed, redeemed and the redemption rate";
    CloseCampaign: Post "/api/manage/coupon-campaigns/{id}/close", Manager, ok 200, query [], errors [Unauthenticated, WrongRole, Forbidden, WrongStore, NotFound, AlreadyEnded, IdempotencyMismatch], body None, response "ManagedCampaign", "Closes a campaign: no more claims or gifts; coupons already handed out stay usable until their valid_until";
    Dashboard: Get "/api/manage/dashboard", Manager, ok 200, query ["store_id", "from", "to"], errors [Unauthenticated, WrongRole, Forbidden, WrongStore, Invalid], body None, response "Dashboard", "A store's days (local dates from..to, default the last 14) with orders, takings, new members, coupons redeemed and flash units sold, and its guides' figures; an admin without store_id sees the chain";
    CreateProduct: Post "/api/manage/products", Admin, ok 201, query [], errors [Unauthenticated, WrongRole, Forbidden, Invalid], body Some("ProductRequest"), response "Product", "Head office creates a product (201), or updates the one with this SKU (200); it is sold at once in the stores of counter_ids, with an empty stock pool";
    ImportProducts: Post "/api/manage/products/import", Admin, ok 200, query ["dry_run"], errors [Unauthenticated, WrongRole, Forbidden, TooLarge], body None, response "ImportReport", "Head office imports a catalog file (body text/csv, header row, counter_ids as S1:S1-C03;S2:S2-C11): every line is written in one batch, or none when any is rejected or dry_run=true";
    ExportProducts: Get "/api/manage/products/export", Admin, ok 200, query [], errors [Unauthenticated, WrongRole, Forbidden], body None, response "string", "The whole catalog as text/csv, in the columns the import reads";
    CreateStaff: Post "/api/manage/staff", Manager, ok 201, query [], errors [Unauthenticated, WrongRole, Forbidden, WrongStore, Invalid, StaffNoTaken], body Some("StaffRequest"), response "StaffMember", "Adds a staff member: head office anyone in any store, a manager guides of their own store";
    StaffList: Get "/api/manage/staff", Manager, ok 200, query ["store_id"], errors [Unauthenticated, WrongRole, WrongStore, Invalid], body None, response "StaffMember[]", "Staff of a store (a manager's own by default; head office any, or every store without store_id)";
    DisableStaff: Post "/api/manage/staff/{staff_no}/disable", Manager, ok 200, query [], errors [Unauthenticated, WrongRole, Forbidden, WrongStore, NotFound], body None, response "StaffMember", "Disables a staff member: sign-in is refused and every token they hold stops at once (401)";
    ResetStaffPassword: Post "/api/manage/staff/{staff_no}/password", Manager, ok 200, query [], errors [Unauthenticated, WrongRole, Forbidden, WrongStore, NotFound, Invalid], body Some("PasswordRequest"), response "StaffMember", "Sets a staff member's password; their existing tokens stop";
    PutStore: Put "/api/manage/stores/{id}", Admin, ok 200, query [], errors [Unauthenticated, WrongRole, Forbidden, Invalid], body Some("StoreLayout"), response "Store", "Head office creates or replaces a store: names, address, time zone, floors and counter positions (a floor or counter left out is kept)";
    PickupPreview: Post "/api/guide/pickups/preview", Staff, ok 200, query [], errors [Unauthenticated, WrongRole, NotFound, WrongStore, NotPaid, NotArrived, AlreadyPickedUp, RateLimited], body Some("CodeRequest"), response "Order", "A guide scans a pickup code and sees the order's lines before handing it over; the code stays unused";
    CreateTransfer: Post "/api/manage/stock/transfers", Manager, ok 201, query [], errors [Unauthenticated, WrongRole, Forbidden, WrongStore, BadRequest, NotFound, Invalid, InsufficientStock, IdempotencyMismatch], body Some("TransferRequest"), response "StoreTransfer", "A manager of the sending store (or head office) sends units to another store (Idempotency-Key required): they leave the sender's available stock at once and are in transit until received";
    ReceiveTransfer: Post "/api/manage/stock/transfers/{id}/receive", Staff, ok 200, query [], errors [Unauthenticated, WrongRole, WrongStore, NotFound, AlreadyReceived, Conflict], body None, response "StoreTransfer", "Staff of the receiving store receive a transfer, exactly once: its units enter the store's pool";
    Transfers: Get "/api/manage/stock/transfers", Staff, ok 200, query ["store_id"], errors [Unauthenticated, WrongRole, WrongStore, BadRequest], body None, response "StoreTransfer[]", "Transfers into and out of a store (default the caller's), newest first (up to 200)";
    DevCrashMidReceive: Post "/api/dev/stock/transfers/{id}/crash-mid-receive", Dev, ok 200, query [], errors [NotFound, Forbidden, Conflict, AlreadyReceived], body None, response "StoreTransfer", "Receives a transfer and stops right after its units entered the pool, as a crash there would (local development only)";
    CounterSaleOrder: Post "/api/guide/counter-sales", Staff, ok 201, query [], errors [BadRequest, Unauthenticated, WrongRole, Forbidden, NotFound, Invalid, InsufficientStock, InsufficientBalance, CodeUsed, CodeExpired, Conflict, RateLimited, IdempotencyMismatch], body Some("CounterSaleOrderRequest"), response "OrderEnvelope", "A guide rings up items at the counter and the customer pays (Idempotency-Key required) by stored value, authorised by the member code or the counter session, or by the gateway: one paid order (channel counter), its units sold and handed over at once; a repeat answers the same (200) and charges nothing";
    Rewards: Get "/api/rewards", Public, ok 200, query [], errors [], body None, response "Reward[]", "The rewards catalogue: coupons bought with points, each with its price, limit and lowest tier";
    RedeemReward: Post "/api/me/rewards/{id}/redeem", Member, ok 201, query [], errors [BadRequest, Unauthenticated, WrongRole, NotFound, InsufficientPoints, RewardUnavailable, LimitExceeded, TierTooLow, IdempotencyMismatch], body None, response "RedeemReceipt", "Buys a reward with points (Idempotency-Key required): the points are debited and the coupon lands in the wallet in one step of the member's card, exactly once";
    PointsHistory: Get "/api/me/points", Member, ok 200, query [], errors [Unauthenticated, WrongRole], body None, response "PointsEntry[]", "The member's points history, newest first (up to 200): earned, returned, redeemed, referral, with the balance after each";
    Handover: Post "/api/manage/guides/{staff_no}/handover", Manager, ok 200, query [], errors [Unauthenticated, WrongRole, Forbidden, WrongStore, NotFound, Invalid, GuideUnavailable], body Some("HandoverRequest"), response "HandoverReport", "A leaving guide's customers all go to another guide of the store in one step; each keeps its protection dates";
    MyMessages: Get "/api/me/messages", Session, ok 200, query [], errors [Unauthenticated], body None, response "Message[]", "The caller's inbox, newest first (up to 100): a member's reminders and order news, a guide's customer news; a reminder shows once it is due";
    ReadMessage: Post "/api/me/messages/{id}/read", Session, ok 204, query [], errors [Unauthenticated, NotFound], body None, response "Empty", "Marks one of the caller's messages read (again is harmless; someone else's is 404)";
    RemindSale: Post "/api/flash-sales/{id}/reminders", Member, ok 201, query [], errors [Unauthenticated, WrongRole, NotFound, Conflict], body None, response "Reminder", "Remind me: a sale_starting message 5 minutes before the sale starts, or at once if it starts sooner (asking again changes nothing; 409 once it has started)";
    PushSubscribe: Post "/api/me/push-subscriptions", Session, ok 201, query [], errors [Unauthenticated, Invalid], body Some("PushSubscriptionRequest"), response "PushSubscription", "Registers this browser's push subscription: every new message is also sent as Web Push (RFC 8291 aes128gcm, VAPID RFC 8292); an endpoint that answers 404/410 is forgotten";
    PushKey: Get "/api/push/key", Public, ok 200, query [], errors [NotFound], body None, response "PushKey", "The VAPID public key for pushManager.subscribe (404 where push is not configured)";
    GuidePromoter: Get "/api/guide/promoter", Staff, ok 200, query ["month"], errors [Unauthenticated, WrongRole, Invalid], body None, response "PromoterSummary", "The staff member's promoter code and share link, the customers it brought, their commissions (month = YYYY-MM: that month's only) and the monthly statement; pending commissions settle when the order's return window closes";
    OpenRedEnvelope: Post "/api/red-envelopes/{id}/open", Member, ok 200, query [], errors [Unauthenticated, WrongRole, NotFound, AlreadyOpened, Empty, OwnEnvelope, EnvelopeWithdrawn], body None, response "OpenedEnvelope", "Opens a shared red envelope: the next share (at least 1 fen) as a fixed-amount coupon in the wallet; once per member, never the buyer's own";
    UploadImage: Post "/api/manage/images", Admin, ok 201, query [], errors [Unauthenticated, WrongRole, Forbidden, Invalid, TooLarge], body None, response "UploadedImage", "Head office uploads a product picture (the body is the file: JPEG, PNG or WebP by its first bytes, at most 1,000,000 bytes; otherwise 422 naming image); it is served at url, whose id is the hash of the bytes";
    Image: Get "/api/images/{id}", Public, ok 200, query [], errors [NotFound], body None, response "string", "An uploaded picture, with its content type; cached for good (public, max-age=31536000, immutable), since its id is its content";
    SetBirthday: Put "/api/me/birthday", Member, ok 200, query [], errors [Unauthenticated, WrongRole, Invalid, Conflict], body Some("BirthdayRequest"), response "Member", "Set the member's birthday (YYYY-MM-DD, not in the future, 1900 or later) once, when registration left it out; 409 once it is set (it never moves, so the birthday coupon comes once a year)";
    DevBirthdays: Post "/api/dev/birthdays", Dev, ok 200, query [], errors [NotFound, Forbidden], body None, response "BirthdayPass", "Runs the birthday part of the scheduled pass now, at the request's clock: the week's birthday coupons, and on a store's Monday its guides' birthday lists (local development only)";
    DevInvites: Post "/api/dev/messages/invites", Dev, ok 204, query [], errors [NotFound, Forbidden], body None, response "Empty", "Runs the scheduled pass's invite-to-open-a-card suggestions for guides now, at the request's time (local development only)";
}

/// Whether an endpoint takes `Idempotency-Key`. For these, a key is scoped to its caller and the
/// endpoint, and a reused key with another body is refused (`IDEMPOTENCY_MISMATCH`); see
/// [`crate::idempotency`].
pub fn takes_idempotency_key(id: RouteId) -> bool {
    use RouteId::*;
    matches!(
        id,
        CreateOrder
            | GuideOrder
            | Return
            | ClaimCoupon
            | SendCoupon
            | CreateCampaign
            | CreateFlashSale
            | CounterSale
            | StockReceipt
            | CounterCharge
            | ScanGoCheckout
            | CancelFlashSale
            | CloseCampaign
            | CreateTransfer
            | CounterSaleOrder
            | RedeemReward
    )
}

/// Whether the door ([`crate::idempotency`]) remembers an endpoint's key in a table of its own.
/// Not for an order: the key derives the order's id (`crate::order::order_id`) and the order's
/// row keeps the request's fingerprint, so the row is the key's memory and answers a retry (the
/// same order) or another body (`IDEMPOTENCY_MISMATCH`) by itself; a second record would be one
/// more write on every order of a sale's rush.
pub fn door_remembers_key(id: RouteId) -> bool {
    takes_idempotency_key(id) && id != RouteId::CreateOrder
}

/// Whether the door reads the caller's session (signed out or not) before the handler runs.
/// Not for an order: its handler reads the session in the same round trip as its own first
/// reads (and before it answers anything else, a malformed request included), which saves one
/// D1 round trip on every order of a sale's rush. The token's signature, expiry and kind are
/// still checked at the door, without I/O.
pub fn door_reads_session(id: RouteId) -> bool {
    id != RouteId::CreateOrder
}

/// The table entry of an endpoint.
pub fn endpoint(id: RouteId) -> &'static Endpoint {
    // The table is generated from the same list as the enum, so every id has its entry.
    ENDPOINTS.iter().find(|e| e.id == id).unwrap_or(&ENDPOINTS[0])
}

/// Why a request matched no endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteError {
    /// No endpoint has this path.
    NotFound,
    /// The path exists with other methods (listed for the `Allow` header).
    MethodNotAllowed {
        /// Methods the path accepts.
        allowed: Vec<Method>,
    },
}

/// A matched endpoint with its path parameters (still text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched<'a> {
    /// The endpoint.
    pub id: RouteId,
    /// Path parameters in template order.
    pub params: Vec<&'a str>,
}

fn match_template<'a>(template: &str, path: &'a str) -> Option<Vec<&'a str>> {
    let mut params = Vec::new();
    let mut want = template.split('/');
    let mut have = path.split('/');
    loop {
        match (want.next(), have.next()) {
            (None, None) => return Some(params),
            (Some(w), Some(h)) if w.starts_with('{') => {
                if h.is_empty() {
                    return None;
                }
                params.push(h);
            }
            (Some(w), Some(h)) if w == h => {}
            _ => return None,
        }
    }
}

/// Finds the endpoint for a method and a path (without query string). A trailing slash is
/// tolerated.
pub fn resolve<'a>(method: &str, path: &'a str) -> Result<Matched<'a>, RouteError> {
    let path = if path.len() > 1 { path.strip_suffix('/').unwrap_or(path) } else { path };
    let method = Method::parse(method);
    let mut allowed = Vec::new();
    for endpoint in ENDPOINTS {
        if let Some(params) = match_template(endpoint.path, path) {
            if Some(endpoint.method) == method {
                return Ok(Matched { id: endpoint.id, params });
            }
            allowed.push(endpoint.method);
        }
    }
    if allowed.is_empty() { Err(RouteError::NotFound) } else { Err(RouteError::MethodNotAllowed { allowed }) }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(feature = "api-docs")]
    use crate::ErrorCode;

    #[test]
    fn paths_resolve_to_their_endpoint_with_parameters() {
        assert_eq!(resolve("GET", "/api/stores").unwrap().id, RouteId::Stores);
        let m = resolve("GET", "/api/stores/S1").unwrap();
        assert_eq!((m.id, m.params), (RouteId::Store, vec!["S1"]));
        assert_eq!(resolve("get", "/api/products/SKU-1/").unwrap().params, vec!["SKU-1"]);
    }

    #[test]
    #[cfg(feature = "api-docs")]
    fn keyed_endpoints_document_the_mismatch_refusal() {
        for e in ENDPOINTS.iter().filter(|e| takes_idempotency_key(e.id)) {
            assert_ne!(e.method, Method::Get, "{}", e.path);
            assert!(e.errors.contains(&ErrorCode::IdempotencyMismatch), "{} {}", e.method.as_str(), e.path);
            assert_eq!(endpoint(e.id).path, e.path);
        }
    }

    #[test]
    fn the_door_remembers_every_key_but_an_orders_which_its_row_keeps() {
        let keyed = ENDPOINTS.iter().filter(|e| takes_idempotency_key(e.id));
        let remembered: Vec<_> = keyed.clone().filter(|e| door_remembers_key(e.id)).map(|e| e.id).collect();
        assert_eq!(remembered.len() + 1, keyed.count());
        assert!(!remembered.contains(&RouteId::CreateOrder) && remembered.contains(&RouteId::GuideOrder));
        assert!(!door_remembers_key(RouteId::Products), "a read takes no key");
    }

    #[test]
    fn the_door_reads_every_session_but_an_orders_which_its_first_batch_reads() {
        let deferred: Vec<_> =
            ENDPOINTS.iter().filter(|e| e.access.needs_sign_in() && !door_reads_session(e.id)).map(|e| e.id).collect();
        assert_eq!(deferred, vec![RouteId::CreateOrder]);
        assert!(door_reads_session(RouteId::GuideOrder) && door_reads_session(RouteId::PayOrder));
    }

    #[test]
    fn unknown_paths_and_wrong_methods_are_told_apart() {
        assert_eq!(resolve("GET", "/api/nope"), Err(RouteError::NotFound));
        assert_eq!(resolve("GET", "/api/stores/S1/extra/x"), Err(RouteError::NotFound));
        assert_eq!(resolve("GET", "/api/stores//"), Err(RouteError::NotFound));
        assert_eq!(resolve("DELETE", "/api/stores"), Err(RouteError::MethodNotAllowed { allowed: vec![Method::Get] }));
        assert_eq!(resolve("PATCH", "/api/health"), Err(RouteError::MethodNotAllowed { allowed: vec![Method::Get] }));
    }

    #[test]
    fn development_endpoints_and_only_they_live_under_api_dev() {
        // The worker compiles /api/dev/* out of production builds by this prefix.
        for e in ENDPOINTS {
            assert_eq!(e.access == Access::Dev, e.path.starts_with("/api/dev/"), "{}", e.path);
        }
    }

    #[test]
    fn every_endpoint_is_unique_and_reachable() {
        for (i, e) in ENDPOINTS.iter().enumerate() {
            assert!(e.path.starts_with("/api/"), "{}", e.path);
            let concrete = e.path.replace("{id}", "X1").replace("{sku}", "X1").replace("{code}", "X1");
            let concrete =
                concrete.split('/').map(|s| if s.starts_with('{') { "X1" } else { s }).collect::<Vec<_>>().join("/");
            assert_eq!(resolve(e.method.as_str(), &concrete).map(|m| m.id), Ok(e.id), "{}", e.path);
            for other in &ENDPOINTS[i + 1..] {
                assert!(!(other.path == e.path && other.method == e.method), "duplicate {}", e.path);
            }
        }
    }
}
