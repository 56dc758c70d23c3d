//! `/guide/stock/counter` (柜台收银): the guide rings items up (scanned by the camera or a
//! counter scanner, or typed as a SKU), sees each line's price and the total, and the customer
//! pays by member code (stored value) or the gateway; a customer identified on the members tab a
//! moment ago pays without showing their code again (the counter session). The receipt names the
//! order, which the day report lists and the returns tab takes back. The ticket's arithmetic is
//! [`Ticket`].

use super::{GuideTabs, StaffSignIn, Tab, on_staff_error};
use crate::AppState;
use crate::api;
use crate::components::scanner::Scanner;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use crate::pages::scan_go::CheckoutKey;
use leptos::prelude::*;
use shared::Fen;
use shared::api::{CounterSaleOrderRequest, CounterSaleRequest, Order, Product};
use shared::barcode::{ProductRef, ProductRefError};
use shared::scan::{CodeKind, Scanned};

/// The screen's path (a screen of the stock tab).
pub const PATH: &str = "/guide/stock/counter";

/// One item rung up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketLine {
    /// The product.
    pub sku: String,
    /// Its names (Chinese, English).
    pub names: (String, String),
    /// Shelf price per unit.
    pub unit_price: Fen,
    /// Units.
    pub qty: u32,
}

/// What the counter has rung up so far, in the order items were first added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ticket {
    lines: Vec<TicketLine>,
}

impl Ticket {
    /// One more of `product` (a new line the first time).
    pub fn add(&mut self, product: &Product) {
        match self.lines.iter_mut().find(|l| l.sku == product.sku.as_str()) {
            Some(l) => l.qty += 1,
            None => self.lines.push(TicketLine {
                sku: product.sku.to_string(),
                names: (product.name.clone(), product.name_en.clone()),
                unit_price: product.price_fen,
                qty: 1,
            }),
        }
    }

    /// Sets a line's units; 0 removes it.
    pub fn set(&mut self, sku: &str, qty: u32) {
        match qty {
            0 => self.lines.retain(|l| l.sku != sku),
            _ => self.lines.iter_mut().filter(|l| l.sku == sku).for_each(|l| l.qty = qty),
        }
    }

    /// The lines.
    pub fn lines(&self) -> &[TicketLine] {
        &self.lines
    }

    /// Σ price × units (`None` past the largest amount: the server refuses it too).
    pub fn total(&self) -> Option<Fen> {
        Fen::sum(self.lines.iter().map(|l| l.unit_price.checked_mul(l.qty)).collect::<Option<Vec<_>>>()?)
    }

    /// The request that pays for it, naming the customer by a typed code or by the counter
    /// session of the customer identified a moment ago.
    pub fn request(
        &self,
        method: &str,
        member_code: Option<String>,
        counter_token: Option<String>,
    ) -> CounterSaleOrderRequest {
        CounterSaleOrderRequest {
            lines: self
                .lines
                .iter()
                .map(|l| CounterSaleRequest { sku: l.sku.clone(), qty: i64::from(l.qty) })
                .collect(),
            method: method.to_owned(),
            member_code,
            counter_token,
        }
    }

    /// What the idempotency key follows: a changed ticket is a new sale.
    pub fn fingerprint(&self) -> Vec<(String, u32)> {
        self.lines.iter().map(|l| (l.sku.clone(), l.qty)).collect()
    }
}

/// The product a typed or scanned code names.
async fn find(code: &str) -> Result<Option<Product>, api::ClientError> {
    match ProductRef::parse(code) {
        Ok(ProductRef::Barcode(b)) => {
            let filter = api::ProductFilter { barcode: Some(b.to_string()), ..Default::default() };
            Ok(api::products(&filter).await?.into_iter().next())
        }
        Err(ProductRefError::Barcode(_)) => Ok(None),
        Ok(ProductRef::Sku(_)) | Err(ProductRefError::Sku(_)) => {
            api::product(code.trim()).await.map(|d| Some(d.product))
        }
    }
}

/// The page: the sign-in form until staff sign in here, then the ticket.
#[component]
pub fn CounterRoute() -> impl IntoView {
    let state = AppState::get();
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::RingUp).to_owned())/>
        {move || match state.staff.get() {
            None => view! { <StaffSignIn/> }.into_any(),
            Some(s) => view! {
                <GuideTabs current=Tab::Stock manager=s.staff.role.manages()/>
                <CounterPage token=s.token/>
            }
            .into_any(),
        }}
    }
}

/// The ticket, its payment and the receipt.
#[component]
pub fn CounterPage(token: String) -> impl IntoView {
    let state = AppState::get();
    let ticket = RwSignal::new(Ticket::default());
    let code = RwSignal::new(String::new());
    let member_code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let receipt = RwSignal::new(None::<Order>);
    let busy = RwSignal::new(false);
    let key = StoredValue::new(CheckoutKey::default());
    let token = StoredValue::new(token);
    let add = move |text: String| {
        error.set(None);
        leptos::task::spawn_local(async move {
            match find(&text).await {
                Ok(Some(p)) => {
                    receipt.set(None);
                    ticket.update(|t| t.add(&p));
                }
                Ok(None) => error.set(Some(format!("{} {text}", state.t(Key::NoSuchBarcode)))),
                Err(e) => error.set(Some(state.describe(&e))),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add(code.get_untracked().trim().to_owned());
        code.set(String::new());
    };
    let pay = move |method: &'static str| {
        let current = ticket.get_untracked();
        let typed = member_code.get_untracked().trim().to_owned();
        let mut keys = key.get_value();
        let idempotency_key = keys.for_lines(current.fingerprint(), api::new_key);
        key.set_value(keys);
        // A typed code wins; otherwise the customer identified on the members tab, while their
        // session lasts.
        let session =
            state.counter.get_untracked().filter(|_| typed.is_empty()).and_then(|c| c.token_at(crate::clock::now_ms()));
        let body = current.request(method, (!typed.is_empty()).then_some(typed), session);
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = api::scan_go::ring_up(&token.get_value(), &idempotency_key, &body).await;
            busy.set(false);
            match result {
                Ok(env) => {
                    receipt.set(Some(env.order));
                    ticket.set(Ticket::default());
                    member_code.set(String::new());
                }
                Err(e) => {
                    on_staff_error(state, &e);
                    error.set(Some(state.describe(&e)));
                }
            }
        });
    };
    let empty = move || ticket.with(|t| t.lines().is_empty());
    let lines = move || {
        ticket.get().lines().iter().map(|l| {
            let (zh, en) = l.names.clone();
            let (less, more, qty) = (l.sku.clone(), l.sku.clone(), l.qty);
            let line_total = l.unit_price.checked_mul(l.qty).map(Fen::label).unwrap_or_default();
            view! {
                <li class="row" data-sku=l.sku.clone()>
                    <span>{move || state.lang.get().pick(&zh, &en).to_owned()}</span>
                    <span class="price">{l.unit_price.label()}</span>
                    <span class="stepper">
                        <button class="link" aria-label="-" on:click=move |_| ticket.update(|t| t.set(&less, qty - 1))>"−"</button>
                        <strong data-testid="ring-qty">{qty}</strong>
                        <button class="link" aria-label="+" on:click=move |_| ticket.update(|t| t.set(&more, qty + 1))>"+"</button>
                    </span>
                    <span class="price">{line_total}</span>
                </li>
            }
        }).collect_view()
    };
    view! {
        <form class="form inline" on:submit=submit data-testid="ring-up-entry">
            <label>{move || state.t(Key::SkuOrBarcode)}
                <input type="text" name="item" autocomplete="off" required prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))/>
            </label>
            <button class="btn" type="submit">{move || state.t(Key::RingUpAdd)}</button>
        </form>
        <Scanner accepted=&[CodeKind::ProductBarcode] on_scan=Callback::new(move |c: Scanned| add(c.text().to_owned())) manual=false/>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="ring-up-error">{e}</p> })}
        {move || receipt.get().map(|o| view! {
            <p class="form-ok" data-testid="ring-up-receipt" data-order=o.id.clone()>
                {move || state.t(Key::RingUpPaid)} " " {o.id.clone()} " · " {o.total_fen.label()}
            </p>
        })}
        <Show when=move || !empty() fallback=move || view! { <p class="empty">{move || state.t(Key::RingUpEmpty)}</p> }>
            <ul class="lines" data-testid="ring-up-lines">{lines}</ul>
            <div class="row total"><span>{move || state.t(Key::Total)}</span>
                <span class="price big" data-testid="ring-up-total">{move || ticket.with(|t| t.total().map(Fen::label).unwrap_or_default())}</span></div>
            {move || state.counter.get().map(|c| view! {
                <p class="hint" data-testid="ring-up-customer">
                    {move || state.t(Key::MemberFound)} " " <strong>{c.name.clone()}</strong> " · "
                    {move || state.t(Key::CounterSessionOpen)} " " {state.local_time(c.ticket.expires_at, super::staff_store(state).as_deref())}
                </p>
            })}
            <label>{move || state.t(Key::ReturnMemberCode)}
                <input type="text" name="member_code" inputmode="numeric" autocomplete="off" prop:value=move || member_code.get()
                    on:input=move |ev| member_code.set(event_target_value(&ev))/>
            </label>
            <div class="pay-row">
                <button class="btn" data-testid="ring-up-pay-code" disabled=move || busy.get() on:click=move |_| pay("balance")>{move || state.t(Key::RingUpPayCode)}</button>
                <button class="btn secondary" data-testid="ring-up-pay-sandbox" disabled=move || busy.get() on:click=move |_| pay("sandbox")>{move || state.t(Key::PayGateway)}</button>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(sku: &str, price: u64) -> Product {
        serde_json::from_value(serde_json::json!({"sku": sku, "name": "n", "name_en": "n", "brand": "b",
            "category": "women", "price_fen": price, "barcode": "6901234567892", "image": "", "counter_id": null}))
        .expect("a product")
    }

    #[test]
    fn a_ticket_adds_units_prices_lines_and_pays_what_it_shows() {
        let mut t = Ticket::default();
        t.add(&product("SKU-1", 1_250));
        t.add(&product("SKU-2", 990));
        t.add(&product("SKU-1", 1_250));
        assert_eq!(t.fingerprint(), [("SKU-1".to_string(), 2), ("SKU-2".to_string(), 1)]);
        assert_eq!(t.total(), Some(Fen::new(3_490)));
        t.set("SKU-2", 0);
        assert_eq!(t.total(), Some(Fen::new(2_500)));
        let body = t.request("balance", Some("123".into()), None);
        assert_eq!((body.lines.len(), body.lines[0].qty, body.method.as_str()), (1, 2, "balance"));
        assert_eq!(body.member_code.as_deref(), Some("123"));
        let by_session = t.request("balance", None, Some("tok".into()));
        assert_eq!((by_session.member_code, by_session.counter_token.as_deref()), (None, Some("tok")));
    }
}
