//! The reusable pieces of `app/src/components/`, mounted in headless Chromium
//! (wasm-bindgen-test): what each shows, and how it answers a click or a language switch.
#![cfg(target_arch = "wasm32")]

mod common;

use app::components::coupon_card::{CouponTicket, Ticket};
use app::components::member_card::MemberCard;
use app::components::member_code::MemberCodeCard;
use app::components::product_card::ProductCard;
use app::components::status::{ErrorView, Loading};
use app::components::store_picker::StoreChips;
use app::components::tab_bar::TabBar;
use app::components::top_bar::TopBar;
use app::i18n::Lang;
use common::*;
use leptos::prelude::*;
use serde_json::json;
use shared::Fen;
use shared::api::{MemberCodeView, Product};
use shared::coupon::{Audience, CouponKind};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn product() -> Product {
    fixture(json!({
        "sku": "SKU-1001", "name": "兰雅玫瑰保湿精华液 30ml", "name_en": "Lanya Rose Hydrating Serum 30ml",
        "brand": "Lanya", "category": "beauty", "price_fen": 36850, "barcode": "6920444010011", "image": "/img/products/SKU-1001.svg",
        "counter_id": "S1-C01"
    }))
}

#[wasm_bindgen_test]
async fn product_card_shows_the_price_in_yuan_and_follows_the_language() {
    let m = mount(Lang::Zh, |_| {}, || view! { <ProductCard product=product()/> }).await;
    assert!(m.text().contains("¥368.50"), "{}", m.text());
    assert!(m.text().contains("兰雅玫瑰保湿精华液"), "{}", m.text());
    assert_eq!(m.get("a.product-card").get_attribute("href").as_deref(), Some("/products/SKU-1001"));
    m.state.lang.set(Lang::En);
    settle().await;
    assert!(m.text().contains("Lanya Rose Hydrating Serum"), "{}", m.text());
}

#[wasm_bindgen_test]
async fn error_view_shows_the_message_and_retries_on_click() {
    let retries = RwSignal::new(0);
    let m = mount(
        Lang::En,
        |_| {},
        move || {
            view! { <ErrorView message="no store S9" on_retry=Callback::new(move |_| retries.update(|n| *n += 1))/> }
        },
    )
    .await;
    assert!(m.text().contains("Could not load") && m.text().contains("no store S9"), "{}", m.text());
    click(&m.get("button"));
    settle().await;
    assert_eq!(retries.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn error_view_without_a_retry_offers_no_button() {
    let m = mount(Lang::En, |_| {}, || view! { <ErrorView message="gone"/> }).await;
    assert_eq!(m.count("button"), 0);
    assert_eq!(m.get(".error-box").get_attribute("role").as_deref(), Some("alert"));
}

#[wasm_bindgen_test]
async fn loading_is_announced_with_a_spinner() {
    let m = mount(Lang::Zh, |_| {}, || view! { <Loading/> }).await;
    assert_eq!(m.get(".loading").get_attribute("role").as_deref(), Some("status"));
    assert_eq!(m.count(".spinner"), 1);
    assert!(m.text().contains("加载中"), "{}", m.text());
}

#[wasm_bindgen_test]
async fn top_bar_switches_the_language_and_offers_back_only_when_asked() {
    let m = mount(Lang::Zh, |_| {}, || {
        view! { <TopBar title="Orders".to_owned()/> <div class="second"><TopBar title="Order".to_owned() back=true/></div> }
    })
    .await;
    assert_eq!(m.count("button.back"), 1, "only the second bar goes back");
    assert_eq!(m.get(".second button.back").get_attribute("aria-label").as_deref(), Some("返回"));
    assert_eq!(m.text_of("[data-testid=lang-switch]"), "EN");
    click(&m.get("[data-testid=lang-switch]"));
    settle().await;
    assert_eq!(m.state.lang.get_untracked(), Lang::En);
    assert_eq!(m.text_of("[data-testid=lang-switch]"), "中文");
    assert_eq!(m.get(".second button.back").get_attribute("aria-label").as_deref(), Some("Back"));
}

#[wasm_bindgen_test]
async fn tab_bar_links_the_seven_tabs_in_the_current_language() {
    let m = mount(Lang::En, |_| {}, || view! { <TabBar/> }).await;
    assert_eq!(m.count("nav.tab-bar a.tab"), 7);
    let hrefs = m.attrs("a.tab", "href");
    // No emoji: the cart's icon is drawn by the style sheet, so it shows where no emoji font is.
    assert_eq!(m.count("a[href='/cart'] .tab-icon.tab-icon-drawn"), 1);
    assert!(!m.text().chars().any(|c| u32::from(c) >= 0x1F000), "{}", m.text());
    assert_eq!(hrefs, ["/", "/flash-sales", "/stores", "/member", "/orders", "/cart", "/messages"]);
    assert!(m.text().contains("Flash sales") && m.text().contains("Orders"), "{}", m.text());
}

#[wasm_bindgen_test]
async fn store_chips_mark_the_selected_store_and_select_on_click() {
    let stores = vec![fixture(store_json()), fixture(with(store_json(), json!({"id": "S2", "name_en": "Store Two"})))];
    let m = mount(Lang::En, |s| s.store.set(Some("S1".into())), move || view! { <StoreChips stores=stores/> }).await;
    assert_eq!(m.get("[data-store=S1]").class_name(), "chip selected");
    assert_eq!(m.get("[data-store=S2]").class_name(), "chip");
    assert_eq!(m.text_of("[data-store=S2]"), "Store Two");
    click(&m.get("[data-store=S2]"));
    settle().await;
    assert_eq!(m.state.store.get_untracked().as_deref(), Some("S2"));
    assert_eq!(m.get("[data-store=S2]").class_name(), "chip selected");
    assert_eq!(m.get("[data-store=S1]").class_name(), "chip");
}

fn ticket(audience: Audience, until: bool) -> Ticket {
    Ticket {
        title: "Autumn 50".into(),
        kind: CouponKind::Threshold,
        threshold: Fen::new(30_000),
        off: Fen::new(5_000),
        percent: None,
        scope: shared::coupon::Scope::parse("category:shoes").expect("a scope"),
        store: Some("S1".into()),
        until: until.then(|| fixture(json!(at(3 * 86_400 + 60)))),
        audience,
        flash_sale_ok: true,
    }
}

#[wasm_bindgen_test]
async fn coupon_ticket_reads_like_a_coupon_with_its_tags_and_store_time() {
    let m = mount(Lang::Zh, |_| {}, || {
        view! { <CouponTicket ticket=ticket(Audience::NewMember, true)><button class="inside">"x"</button></CouponTicket> }
    })
    .await;
    assert_eq!(m.get(".ticket").class_name(), "ticket");
    assert_eq!(m.text_of(".ticket-amount"), "满300减50");
    assert!(m.text().contains("鞋履 · S1"), "{}", m.text());
    assert!(m.text().contains("2026-11-27 10:01"), "valid until, in the store's zone: {}", m.text());
    assert_eq!(m.count(".ticket-tags .tag"), 2, "new members + flash sales too");
    assert_eq!(m.count("button.inside"), 1, "children render inside");
    m.state.lang.set(Lang::En);
    settle().await;
    assert_eq!(m.text_of(".ticket-amount"), "¥50 off ¥300");
}

#[wasm_bindgen_test]
async fn a_dim_ticket_without_a_date_shows_neither() {
    let m = mount(
        Lang::En,
        |_| {},
        || view! { <CouponTicket ticket=ticket(Audience::All, false) dim=true><i></i></CouponTicket> },
    )
    .await;
    assert_eq!(m.get(".ticket").class_name(), "ticket dim");
    assert!(!m.text().contains("Valid until"), "{}", m.text());
    assert_eq!(m.count(".ticket-tags .tag"), 1, "flash sales only");
}

#[wasm_bindgen_test]
async fn member_card_shows_tier_figures_and_the_way_to_the_next_tier() {
    let m = mount(Lang::En, |_| {}, || view! { <MemberCard member=fixture(member_json())/> }).await;
    assert_eq!(m.get("[data-testid=member-card]").class_name(), "member-card tier-silver");
    assert_eq!(m.text_of("[data-testid=points]"), "1234");
    assert_eq!(m.text_of("[data-testid=balance]"), "¥1234.50");
    assert!(m.text().contains("8800 0000 0000 0001"), "{}", m.text());
    assert!(m.text().contains("more for Gold"), "{}", m.text());
    assert!(m.text_of("[data-testid=physical-card]").contains("not linked"));
}

#[wasm_bindgen_test]
async fn member_card_at_the_top_tier_says_so() {
    let top = with(member_json(), json!({"tier": "diamond", "next_tier": null, "to_next_tier_fen": null}));
    let m = mount(Lang::Zh, |_| {}, move || view! { <MemberCard member=fixture(top)/> }).await;
    assert!(m.text().contains("已是最高等级"), "{}", m.text());
    assert_eq!(m.get(".tier-progress").get_attribute("title").as_deref(), Some("100%"));
}

fn code(digits: &str, expires_in_secs: i64) -> MemberCodeView {
    fixture(json!({ "code": digits, "expires_at": at(expires_in_secs), "valid_until": at(expires_in_secs + 30) }))
}

#[wasm_bindgen_test]
async fn member_code_loads_then_counts_down_and_refreshes_to_a_new_code() {
    let shown = RwSignal::new(None::<Result<MemberCodeView, String>>);
    let now = RwSignal::new(NOW_MS);
    let refreshes = RwSignal::new(0);
    let m = mount(Lang::En, |_| {}, move || {
        view! { <MemberCodeCard code=shown now=now on_refresh=Callback::new(move |_| refreshes.update(|n| *n += 1))/> }
    })
    .await;
    assert_eq!(m.count(".loading .spinner"), 1, "loading");
    assert_eq!(m.count("[data-testid=code-digits]"), 0);

    shown.set(Some(Ok(code("880012345678901234", 30))));
    settle().await;
    assert_eq!(m.get("[data-testid=code-digits]").get_attribute("data-code").as_deref(), Some("880012345678901234"));
    assert_eq!(m.text_of("[data-testid=code-digits]"), "8800 1234 5678 9012 34");
    assert_eq!(m.text_of("[data-testid=countdown]"), "Refreshes in 30 s");
    assert!(m.get(".qr").inner_html().contains("<svg") && m.get(".barcode").inner_html().contains("<svg"));

    now.set(NOW_MS + 10_500);
    settle().await;
    assert_eq!(m.text_of("[data-testid=countdown]"), "Refreshes in 20 s");

    click(&m.get("button.btn"));
    settle().await;
    assert_eq!(refreshes.get_untracked(), 1);
    shown.set(Some(Ok(code("880099999999999999", 40))));
    settle().await;
    assert_eq!(m.get("[data-testid=code-digits]").get_attribute("data-code").as_deref(), Some("880099999999999999"));
    assert_eq!(m.text_of("[data-testid=countdown]"), "Refreshes in 30 s");
}

#[wasm_bindgen_test]
async fn member_code_shows_why_it_could_not_load() {
    let shown = RwSignal::new(Some(Err::<MemberCodeView, String>("Your session has ended".into())));
    let m = mount(
        Lang::En,
        |_| {},
        move || {
            view! { <MemberCodeCard code=shown now=Signal::stored(NOW_MS) on_refresh=Callback::new(|_| ())/> }
        },
    )
    .await;
    assert_eq!(m.text_of(".error-message"), "Your session has ended");
    assert_eq!(m.count("[data-testid=countdown]"), 0);
}

fn message_json(id: &str, kind: &str, link: &str, read: bool) -> serde_json::Value {
    json!({"id": id, "kind": kind, "title": format!("title {id}"), "body": format!("body {id}"), "link": link,
           "created_at": at(-60), "read": read})
}

#[wasm_bindgen_test]
async fn the_inbox_marks_unread_messages_and_opening_one_reads_it_and_follows_its_link() {
    fake_api();
    ok(
        "GET /api/me/messages",
        json!([
            message_json("MSG1", "ready_for_pickup", "/orders/O1", false),
            message_json("MSG2", "refunded", "/orders", true)
        ]),
    );
    answer("POST /api/me/messages/MSG1/read", 204, serde_json::Value::Null);
    let m = shop("/messages", Lang::En, signed_in).await;
    m.wait_for("[data-testid=message]").await;
    assert_eq!(m.count("[data-testid=message]"), 2);
    assert_eq!(m.count("[data-testid=message].unread"), 1);
    assert_eq!(m.attrs("[data-testid=message].unread", "data-kind"), ["ready_for_pickup"]);
    assert!(m.text_of("[data-testid=message].unread").contains("title MSG1"));
    assert_eq!(m.text_of("[data-testid=notifications]"), "Turn on notifications");
    click(&m.get("[data-testid=message].unread"));
    until("the order opens", || here() == "/orders/O1").await;
    until("marked read", || calls_to("POST /api/me/messages/MSG1/read").len() == 1).await;
    assert_eq!(calls_to("POST /api/me/messages/MSG1/read")[0].auth.as_deref(), Some("Bearer tok-member"));
    assert!(calls_to("POST /api/me/messages/MSG2").is_empty(), "a read message is not marked again");
}

#[wasm_bindgen_test]
async fn an_empty_inbox_says_so_and_signed_out_it_asks_to_sign_in() {
    fake_api();
    ok("GET /api/me/messages", json!([]));
    let m = shop("/messages", Lang::En, signed_in).await;
    m.wait_for("[data-testid=no-messages]").await;
    assert_eq!(m.text_of("[data-testid=no-messages]"), "No messages yet");
    let m = shop("/messages", Lang::En, |_| {}).await;
    m.wait_for(".empty a").await;
    assert_eq!(m.count("[data-testid=notifications]"), 0, "no notifications for nobody");
    assert!(calls_to("GET /api/me/messages").len() == 1, "signed out, nothing is asked");
}

#[wasm_bindgen_test]
async fn the_inbox_tab_shows_the_unread_count_only_when_there_is_one() {
    fake_api();
    ok(
        "GET /api/me/messages",
        json!([
            message_json("MSG1", "sale_starting", "/flash-sales#FS1", false),
            message_json("MSG2", "coupon_expiring", "/member/coupons", false),
            message_json("MSG3", "refunded", "/orders", true)
        ]),
    );
    let m = mount(Lang::En, signed_in, || view! { <TabBar/> }).await;
    m.wait_for("[data-testid=inbox-badge]").await;
    assert_eq!(m.text_of("a.tab[href='/messages'] [data-testid=inbox-badge]"), "2");
    assert_eq!(m.text_of("a.tab[href='/messages'] .tab-label"), "Inbox");
    fake_api();
    ok("GET /api/me/messages", json!([message_json("MSG3", "refunded", "/orders", true)]));
    let m = mount(Lang::En, signed_in, || view! { <TabBar/> }).await;
    until("the inbox was read", || calls_to("GET /api/me/messages").len() == 1).await;
    settle().await;
    assert_eq!(m.count("[data-testid=inbox-badge]"), 0, "all read: no badge");
}

#[wasm_bindgen_test]
async fn remind_me_on_an_upcoming_sale_asks_for_a_reminder_once() {
    use app::pages::flash_sales::SaleCard;
    fake_api();
    ok("POST /api/flash-sales/FS1/reminders", json!({"sale_id": "FS1", "due_at": at(300)}));
    ok("GET /api/me/messages", json!([]));
    let sale: shared::api::FlashSaleView = fixture(sale_json(600, 4200));
    let now = RwSignal::new(NOW_MS);
    let m = mount(Lang::En, signed_in, move || {
        view! { <SaleCard sale=sale sales=RwSignal::new(None) now=now message=RwSignal::new(None) on_change=Callback::new(|_| ())/> }
    })
    .await;
    assert_eq!(m.text_of("[data-testid=remind]"), "Remind me");
    click(&m.get("[data-testid=remind]"));
    until("reminded", || m.text_of("[data-testid=remind]") == "Reminder set").await;
    assert!(m.disabled("[data-testid=remind]"));
    assert_eq!(calls_to("POST /api/flash-sales/FS1/reminders").len(), 1);
    now.set(NOW_MS + 700_000);
    settle().await;
    assert_eq!(m.count("[data-testid=remind]"), 0, "a live sale has nothing to remind of");
}
