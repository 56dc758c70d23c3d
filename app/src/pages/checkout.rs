//! `/checkout?store=&sku=&qty=[&from=]`: what the order will cost, with the best coupon pre-selected;
//! the member may pick another (or none), and sees why the others do not apply. Placing the
//! order locks the stock (and the coupon) until it is paid.

use crate::AppState;
use crate::api;
use crate::components::status::{ErrorView, Loading};
use crate::components::top_bar::TopBar;
use crate::coupon_text::{headline, reason};
use crate::i18n::Key;
use crate::session::SignInFirst;
use crate::session::use_member_resource;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::Fen;
use shared::api::Quote;
use shared::order::{LineRequest, OrderRequest};

/// The order a checkout URL describes (`from`: another store whose units travel for it).
pub fn request_from(
    store: Option<String>,
    sku: Option<String>,
    qty: Option<String>,
    from: Option<String>,
) -> Option<OrderRequest> {
    let qty = qty.as_deref().unwrap_or("1").parse::<i64>().ok().filter(|q| (1..=99).contains(q))?;
    Some(OrderRequest {
        store_id: store?,
        lines: vec![LineRequest { sku: sku?, qty, flash_sale_id: None }],
        coupon_id: None,
        from_store: from.filter(|f| !f.is_empty()),
    })
}

/// The total for a choice of coupon (`None`: no coupon).
pub fn total_with(quote: &Quote, coupon: Option<&str>) -> (Fen, Fen) {
    let discount = coupon
        .and_then(|id| quote.coupons.iter().find(|c| c.coupon.id == id))
        .and_then(|c| c.discount_fen)
        .unwrap_or(Fen::ZERO);
    (discount, quote.subtotal_fen.minus(discount).unwrap_or(Fen::ZERO))
}

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let state = AppState::get();
    let query = use_query_map();
    let request = Memo::new(move |_| {
        let q = query.read();
        request_from(q.get("store"), q.get("sku"), q.get("qty"), q.get("from"))
    });
    let quote = use_member_resource(move |t| {
        let req = request.get();
        async move {
            match req {
                Some(r) => api::quote(&t, &r).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let chosen = RwSignal::new(None::<String>);
    // The best coupon is pre-selected whenever a quote arrives.
    Effect::new(move |_| {
        if let Some(Ok(Some(Some(q)))) = quote.get() {
            chosen.set(q.best_coupon_id.clone());
        }
    });
    let key = StoredValue::new(api::new_key());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let place = Callback::new(move |_: ()| {
        let Some(mut body) = request.get_untracked() else { return };
        body.coupon_id = chosen.get_untracked();
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let outcome = super::orders::place_and_open(state, key, body, navigate).await;
            busy.set(false);
            if let Err(text) = outcome {
                error.set(Some(text));
                quote.refetch();
            }
        });
    });
    let body = move || {
        quote.get().map(|r| match r.map(Option::flatten) {
            Ok(None) => view! { <p class="empty">{state.t(Key::NotFound)}</p> }.into_any(),
            Ok(Some(q)) => {
                let q2 = StoredValue::new(q.clone());
                let totals = move || q2.with_value(|q| total_with(q, chosen.get().as_deref()));
                let options = q
                    .coupons
                    .iter()
                    .map(|c| {
                        let id = c.coupon.id.clone();
                        let id_check = id.clone();
                        let id_attr = id.clone();
                        let usable = c.discount_fen.is_some_and(|d| d > Fen::ZERO);
                        let (kind, thr, off, pct) = (c.coupon.kind, c.coupon.threshold_fen, c.coupon.off_fen, c.coupon.percent);
                        let why = c.reason.clone();
                        let saving = c.discount_fen.map(|d| format!("-{}", d.label())).unwrap_or_default();
                        view! {
                            <label class=if usable { "coupon-option" } else { "coupon-option dim" } data-coupon=id_attr>
                                <input type="radio" name="coupon" disabled=!usable
                                    prop:checked=move || chosen.get().as_deref() == Some(id_check.as_str())
                                    on:change=move |_| chosen.set(Some(id.clone()))/>
                                <span class="opt-head">{move || headline(state.lang.get(), kind, thr, off, pct)}</span>
                                <span class="opt-title">{c.coupon.title.clone()}</span>
                                <span class="opt-side" data-testid="coupon-outcome">
                                    {match why {
                                        Some(w) => view! { <small class="why">{move || reason(state.lang.get(), &w)}</small> }.into_any(),
                                        None => view! { <strong class="price">{saving.clone()}</strong> }.into_any(),
                                    }}
                                </span>
                            </label>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="checkout" data-testid="checkout">
                        <div class="row"><span>{move || state.t(Key::Subtotal)}</span><span>{q.subtotal_fen.label()}</span></div>
                        <h3>{move || state.t(Key::MyCoupons)}</h3>
                        <div class="coupon-options">
                            {options}
                            <label class="coupon-option">
                                <input type="radio" name="coupon" prop:checked=move || chosen.get().is_none() on:change=move |_| chosen.set(None)/>
                                <span class="opt-title">{move || state.t(Key::NoCoupon)}</span>
                            </label>
                        </div>
                        <div class="row"><span>{move || state.t(Key::Discount)}</span><span class="price" data-testid="discount">{move || format!("-{}", totals().0.label())}</span></div>
                        <div class="row total"><span>{move || state.t(Key::Total)}</span><span class="price big" data-testid="checkout-total">{move || totals().1.label()}</span></div>
                        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                        <button class="btn wide" data-testid="place-order" disabled=move || busy.get() on:click=move |_| place.run(())>{move || state.t(Key::SubmitOrder)}</button>
                    </section>
                }
                .into_any()
            }
            Err(e) => view! { <ErrorView message=state.describe(&e) on_retry=Callback::new(move |_| quote.refetch())/> }.into_any(),
        })
    };
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::Checkout).to_owned()) back=true/>
        <Show when=move || state.member_token.get().is_some() fallback=|| view! { <SignInFirst/> }>
            <Suspense fallback=|| view! { <Loading/> }>{body}</Suspense>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkout_url_describes_one_line() {
        let r = request_from(Some("S1".into()), Some("SKU-1001".into()), None, None).unwrap();
        assert_eq!((r.store_id.as_str(), r.lines[0].qty), ("S1", 1));
        assert!(request_from(Some("S1".into()), Some("SKU-1".into()), Some("0".into()), None).is_none());
        assert!(request_from(None, Some("SKU-1".into()), None, None).is_none());
        let elsewhere = request_from(Some("S2".into()), Some("SKU-1".into()), None, Some("S1".into())).unwrap();
        assert_eq!(elsewhere.from_store.as_deref(), Some("S1"), "the units of another store");
    }
}
