//! `/scan-go` (扫码购): in the store, the member scans products into a cart, sees the best
//! coupon applied, pays with stored value or the gateway, and gets the exit pass as a QR. The
//! store comes from `?store_id=` (the entrance QR links here with it) or the store chips.
//! Products are added by the phone's camera (the shared [`Scanner`]) or a barcode entry (a
//! scanner typing, or a person); both feed [`ScanGoCart`]'s `add` callback.

use crate::AppState;
use crate::api::{self, ClientError};
use crate::codes::qr_svg;
use crate::components::scanner::Scanner;
use crate::components::store_picker::StorePicker;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use crate::session::SignInFirst;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::api::{ScanGoCartView, ScanGoReceipt};
use shared::scan::{CodeKind, Scanned};

/// The quantity a scan of `barcode` asks for: one more than the cart holds.
pub fn after_scan(cart: &ScanGoCartView, barcode: &str) -> i64 {
    cart.lines.iter().find(|l| l.barcode == barcode).map_or(0, |l| i64::from(l.qty)) + 1
}

/// The checkout's `Idempotency-Key`: the same for every retry of the same cart (a lost answer,
/// or paying another way after a refusal, can never pay twice), a new one once the cart changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckoutKey {
    key: String,
    lines: Vec<(String, u32)>,
}

impl CheckoutKey {
    /// The key to pay `cart` with; `fresh` makes a new one when the cart is not the one the
    /// last key was for.
    pub fn for_cart(&mut self, cart: &ScanGoCartView, fresh: impl FnOnce() -> String) -> String {
        self.for_lines(cart.lines.iter().map(|l| (l.sku.clone(), l.qty)).collect(), fresh)
    }

    /// The key for these `(sku, units)` lines (a counter's ticket uses it too).
    pub fn for_lines(&mut self, lines: Vec<(String, u32)>, fresh: impl FnOnce() -> String) -> String {
        if self.key.is_empty() || self.lines != lines {
            self.key = fresh();
            self.lines = lines;
        }
        self.key.clone()
    }
}

/// A scanned or typed code, as the server reads barcodes: digits only.
pub fn cleaned(code: &str) -> String {
    code.chars().filter(char::is_ascii_digit).collect()
}

#[component]
pub fn ScanGoPage() -> impl IntoView {
    let state = AppState::get();
    let query = use_query_map();
    if let Some(store) = query.read_untracked().get("store_id").filter(|s| !s.is_empty()) {
        state.store.set(Some(store));
    }
    let cart = move || {
        let token = state.member_token.get()?;
        let store = state.store.get()?;
        Some(view! { <ScanGoCart token store/> })
    };
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::ScanGoTitle).to_owned()) back=true/>
        <Show when=move || state.member_token.get().is_some() fallback=|| view! { <SignInFirst/> }>
            <p class="hint inset">{move || state.t(Key::ScanGoStore)}</p>
            <StorePicker/>
            {cart}
        </Show>
    }
}

/// One cart in one store, from the first scan to the exit pass.
#[component]
pub fn ScanGoCart(token: String, store: String) -> impl IntoView {
    let state = AppState::get();
    let cart = RwSignal::new(None::<ScanGoCartView>);
    let receipt = RwSignal::new(None::<ScanGoReceipt>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let token = StoredValue::new(token);
    let report = move |e: ClientError| {
        state.on_member_error(&e);
        error.set(Some(state.describe(&e)));
    };
    leptos::task::spawn_local(async move {
        match api::scan_go::open_cart(&token.get_value(), &store).await {
            Ok(c) => cart.set(Some(c)),
            Err(e) => report(e),
        }
    });
    let set_qty = move |barcode: String, qty: i64| {
        let Some(id) = cart.with_untracked(|c| c.as_ref().map(|c| c.id.clone())) else { return };
        error.set(None);
        leptos::task::spawn_local(async move {
            match api::scan_go::set_line(&token.get_value(), &id, &barcode, qty).await {
                Ok(c) => cart.set(Some(c)),
                Err(e) => report(e),
            }
        });
    };
    // The scanner's slot: whatever reads a code (this field, or the camera) calls `add`.
    let add = Callback::new(move |code: String| {
        let barcode = cleaned(&code);
        let qty = cart.with_untracked(|c| c.as_ref().map(|c| after_scan(c, &barcode)));
        if let (false, Some(qty)) = (barcode.is_empty(), qty) {
            set_qty(barcode, qty);
        }
    });
    // One key per cart as it stands: a dropped connection is sent again under it (the
    // transport retries keyed writes), so nothing is paid twice. A refused checkout opens the
    // cart again on the server: the reason is shown, and the member may change the cart (a
    // new key) or pay another way (the same key: a refusal is forgotten by the server).
    let key = StoredValue::new(CheckoutKey::default());
    let pay = move |method: &'static str| {
        let Some(current) = cart.get_untracked() else { return };
        let mut keys = key.get_value();
        let idempotency_key = keys.for_cart(&current, api::new_key);
        key.set_value(keys);
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = api::scan_go::checkout(&token.get_value(), &current.id, &idempotency_key, method).await;
            busy.set(false);
            match result {
                Ok(r) => receipt.set(Some(r)),
                Err(e) => report(e),
            }
        });
    };
    view! {
        {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="scan-go-error">{e}</p> })}
        {move || match receipt.get() {
            Some(r) => view! { <ExitPass receipt=r/> }.into_any(),
            None => view! {
                <BarcodeEntry add/>
                <section class="checkout scan-go-checkout">
                {move || cart.get().map(|c| view! { <CartLines cart=c set_qty=Callback::new(move |(b, q)| set_qty(b, q))/> })}
                <div class="pay-row">
                    <button class="btn" data-testid="scan-go-pay-balance" disabled=move || busy.get() || cart.with(|c| c.as_ref().is_none_or(|c| c.lines.is_empty()))
                        on:click=move |_| pay("balance")>{move || state.t(Key::PayBalance)}</button>
                    <button class="btn secondary" data-testid="scan-go-pay-sandbox" disabled=move || busy.get() || cart.with(|c| c.as_ref().is_none_or(|c| c.lines.is_empty()))
                        on:click=move |_| pay("sandbox")>{move || state.t(Key::PayGateway)}</button>
                </div>
                </section>
            }.into_any(),
        }}
    }
}

/// The barcode entry: an input and an Add button; Enter from a scanner adds too.
#[component]
pub fn BarcodeEntry(add: Callback<String>) -> impl IntoView {
    let state = AppState::get();
    let code = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add.run(code.get_untracked());
        code.set(String::new());
    };
    view! {
        <form class="form inline" on:submit=submit data-testid="barcode-entry">
            <label>{move || state.t(Key::ScanGoBarcode)}
                <input type="text" name="barcode" inputmode="numeric" autocomplete="off" required
                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
            </label>
            <button class="btn" type="submit">{move || state.t(Key::ScanGoAdd)}</button>
        </form>
        <Scanner accepted=&[CodeKind::ProductBarcode] on_scan=Callback::new(move |c: Scanned| add.run(c.text().to_owned())) manual=false/>
    }
}

/// The lines with their steppers, the coupon applied and the totals.
#[component]
fn CartLines(cart: ScanGoCartView, set_qty: Callback<(String, i64)>) -> impl IntoView {
    let state = AppState::get();
    if cart.lines.is_empty() {
        return view! { <p class="empty" data-testid="scan-go-empty">{move || state.t(Key::ScanGoEmpty)}</p> }
            .into_any();
    }
    let lines = cart
        .lines
        .into_iter()
        .map(|l| {
            let (zh, en, qty) = (l.name.clone(), l.name_en.clone(), i64::from(l.qty));
            let (less, more) = (l.barcode.clone(), l.barcode.clone());
            view! {
                <li class="row" data-barcode=l.barcode.clone()>
                    <span>{move || state.lang.get().pick(&zh, &en).to_owned()}</span>
                    <span class="price">{l.unit_price_fen.label()}</span>
                    <span class="stepper">
                        <button class="link" aria-label="-" on:click=move |_| set_qty.run((less.clone(), qty - 1))>"−"</button>
                        <strong data-testid="line-qty">{l.qty}</strong>
                        <button class="link" aria-label="+" on:click=move |_| set_qty.run((more.clone(), qty + 1))>"+"</button>
                    </span>
                </li>
            }
        })
        .collect_view();
    let coupon = cart.coupon_id.map(|id| {
        view! {
            <div class="row" data-testid="scan-go-coupon" data-coupon=id>
                <span>{move || state.t(Key::ScanGoCoupon)}</span>
                <span class="price">{format!("-{}", cart.discount_fen.label())}</span>
            </div>
        }
    });
    view! {
        <ul class="lines" data-testid="scan-go-lines">{lines}</ul>
        <div class="row"><span>{move || state.t(Key::Subtotal)}</span><span>{cart.subtotal_fen.label()}</span></div>
        {coupon}
        <div class="row total"><span>{move || state.t(Key::Total)}</span>
            <span class="price big" data-testid="scan-go-total">{cart.total_fen.label()}</span></div>
    }
    .into_any()
}

/// The exit pass: a QR for the guide at the exit, with its expiry.
#[component]
fn ExitPass(receipt: ScanGoReceipt) -> impl IntoView {
    let state = AppState::get();
    let qr = qr_svg(&receipt.exit_pass.code, 220).unwrap_or_default();
    let (expires, store) = (receipt.exit_pass.expires_at, receipt.order.store_id.clone());
    view! {
        <section class="member-code" data-testid="exit-pass" data-code=receipt.exit_pass.code.clone()>
            <h3>{move || state.t(Key::ScanGoExitPass)}</h3>
            <div class="qr" inner_html=qr></div>
            <p>{move || state.t(Key::Total)} " " <strong>{receipt.order.total_fen.label()}</strong></p>
            <p class="hint">{move || state.t(Key::ScanGoPassExpires)} " " {move || state.local_time(expires, Some(&store))}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cart(lines: &[(&str, u32)]) -> ScanGoCartView {
        let lines: Vec<serde_json::Value> = lines
            .iter()
            .map(|(b, q)| serde_json::json!({"sku": "SKU-1", "barcode": b, "name": "n", "name_en": "n", "qty": q, "unit_price_fen": 100}))
            .collect();
        serde_json::from_value(serde_json::json!({"id": "G1", "store_id": "S1", "lines": lines, "subtotal_fen": 0,
            "discount_fen": 0, "total_fen": 0, "coupon_id": null}))
        .expect("a cart")
    }

    #[test]
    fn a_scan_adds_one_to_what_the_cart_holds() {
        let c = cart(&[("6901234567892", 2)]);
        assert_eq!(after_scan(&c, "6901234567892"), 3);
        assert_eq!(after_scan(&c, "2000000000015"), 1);
    }

    #[test]
    fn the_checkout_key_is_kept_for_the_same_cart_and_renewed_when_it_changes() {
        let mut key = CheckoutKey::default();
        let mut n = 0;
        let mut fresh = || {
            n += 1;
            format!("k{n}")
        };
        let two = cart(&[("6901234567892", 2)]);
        assert_eq!(key.for_cart(&two, &mut fresh), "k1");
        assert_eq!(key.for_cart(&two, &mut fresh), "k1", "a retry after a refusal sends the same key");
        let one = cart(&[("6901234567892", 1)]);
        assert_eq!(key.for_cart(&one, &mut fresh), "k2", "a changed cart is a new checkout");
        assert_eq!(key.for_cart(&two, &mut fresh), "k3");
    }

    #[test]
    fn scanned_codes_keep_only_their_digits() {
        assert_eq!(cleaned(" 6901234 567892\n"), "6901234567892");
        assert_eq!(cleaned("abc"), "");
    }
}
