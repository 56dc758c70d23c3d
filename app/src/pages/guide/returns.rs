//! The returns tab: look up any order of the chain, choose the units coming back, refund them.
//! The goods join this store's stock whichever store they were collected from.

use super::on_staff_error;
use crate::AppState;
use crate::api;
use crate::i18n::Key;
use leptos::prelude::*;
use shared::api::{Order, OrderLineView};
use shared::returns::{ReturnLineRequest, ReturnRequest};

/// The units a return takes back, line by line, as the guide types them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReturnPick {
    chosen: Vec<(String, u32)>,
}

impl ReturnPick {
    /// Nothing chosen yet, for each line of `order`.
    pub fn for_order(order: &Order) -> Self {
        ReturnPick { chosen: order.lines.iter().map(|l| (l.sku.clone(), 0)).collect() }
    }

    /// Units of a line that can still come back.
    pub fn left(line: &OrderLineView) -> u32 {
        line.qty - line.returned_qty.min(line.qty)
    }

    /// The guide typed `text` for `sku` (anything but a whole number counts as none).
    pub fn set(&mut self, sku: &str, text: &str) {
        if let Some(entry) = self.chosen.iter_mut().find(|(s, _)| s == sku) {
            entry.1 = text.trim().parse().unwrap_or(0);
        }
    }

    /// The units chosen for `sku`, as its field shows them.
    pub fn shown(&self, sku: &str) -> String {
        self.chosen.iter().find(|(s, _)| s == sku).map(|(_, q)| q.to_string()).unwrap_or_default()
    }

    /// The lines to send: those with units chosen.
    pub fn lines(&self) -> Vec<ReturnLineRequest> {
        self.chosen
            .iter()
            .filter(|(_, q)| *q > 0)
            .map(|(sku, q)| ReturnLineRequest { sku: sku.clone(), qty: i64::from(*q) })
            .collect()
    }

    /// Whether the goods can be taken back: some units chosen, and the customer's code scanned
    /// (the customer who owns the order must be there).
    pub fn ready(&self, member_code: &str) -> bool {
        self.chosen.iter().any(|(_, q)| *q > 0) && !member_code.trim().is_empty()
    }
}

#[component]
pub fn ReturnsTab(token: String) -> impl IntoView {
    let state = AppState::get();
    let stores = crate::store_list::StoreList::provided();
    let token = StoredValue::new(token);
    let order_id = RwSignal::new(String::new());
    let order = RwSignal::new(None::<Order>);
    let pick = RwSignal::new(ReturnPick::default());
    let reason = RwSignal::new(String::new());
    // The customer who owns the order must be there: their dynamic member code, scanned here.
    let member_code = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let key = StoredValue::new(api::new_key());
    let fail = move |e: api::ClientError| {
        on_staff_error(state, &e);
        message.set(Some(Err(state.describe(&e))));
    };
    let look_up = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        let (t, id) = (token.get_value(), order_id.get_untracked().trim().to_uppercase());
        leptos::task::spawn_local(async move {
            match api::staff_order(&t, &id).await {
                Ok(o) => {
                    pick.set(ReturnPick::for_order(&o));
                    order.set(Some(o));
                }
                Err(e) => {
                    order.set(None);
                    fail(e);
                }
            }
        });
    };
    let submit = move |_| {
        let Some(o) = order.get_untracked() else { return };
        let lines = pick.with_untracked(ReturnPick::lines);
        let code = member_code.get_untracked().trim().to_owned();
        let body =
            ReturnRequest { order_id: o.id.clone(), lines, reason: reason.get_untracked(), member_code: Some(code) };
        let t = token.get_value();
        message.set(None);
        leptos::task::spawn_local(async move {
            match api::return_goods(&t, &key.get_value(), &body).await {
                Ok(r) => {
                    key.set_value(api::new_key());
                    member_code.set(String::new());
                    let kept = match r.kept_fen.get() {
                        0 => String::new(),
                        _ => format!(" · −{} ({})", r.kept_fen.label(), r.kept_note),
                    };
                    message.set(Some(Ok(format!(
                        "{} {} · {}{kept}",
                        state.t(Key::RefundedBack),
                        r.refund_fen.label(),
                        r.id
                    ))));
                    if let Ok(fresh) = api::staff_order(&t, &r.order_id).await {
                        pick.set(ReturnPick::for_order(&fresh));
                        order.set(Some(fresh));
                    }
                }
                Err(e) => fail(e),
            }
        });
    };
    view! {
        <form class="form" on:submit=look_up data-testid="return-lookup">
            <p class="hint">{move || state.t(Key::ReturnHint)}</p>
            <label>{move || state.t(Key::ReturnOrderId)}
                <input type="text" name="order_id" autocomplete="off" required autocapitalize="characters"
                    prop:value=move || order_id.get() on:input=move |ev| order_id.set(event_target_value(&ev))/>
            </label>
            <button class="btn wide" type="submit">{move || state.t(Key::Lookup)}</button>
        </form>
        {move || message.get().map(|m| match m {
            Ok(t) => view! { <p class="form-ok" data-testid="return-ok">{t}</p> }.into_any(),
            Err(t) => view! { <p class="form-error" role="alert" data-testid="return-error">{t}</p> }.into_any(),
        })}
        {move || order.get().map(|o| {
            let lines = o.lines.iter().map(|l| {
                let (sku, left) = (l.sku.clone(), ReturnPick::left(l));
                let shown = {
                    let sku = sku.clone();
                    move || pick.with(|p| p.shown(&sku))
                };
                let name = state.lang.get().pick(&l.name, &l.name_en).to_owned();
                view! {
                    <li class="return-line" data-sku=l.sku.clone()>
                        <span class="line-name">{name} <small>" " {l.sku.clone()}</small></span>
                        <span>"× " {l.qty} " · " {state.t(Key::Returned)} " " {l.returned_qty}</span>
                        <label>{state.t(Key::ReturnQty)}
                            <input type="number" name="return-qty" min="0" max=left prop:value=shown disabled=left == 0
                                on:input=move |ev| pick.update(|p| p.set(&sku, &event_target_value(&ev)))/>
                        </label>
                    </li>
                }
            }).collect_view();
            view! {
                <section class="form return-box" data-testid="return-order" data-status=o.status.as_str()>
                    <h3>{o.id.clone()} " · " {o.store_id.clone()} " · " {o.total_fen.label()}</h3>
                    {o.from_store.clone().map(|from| view! {
                        <p class="hint" data-testid="from-store">{state.t(Key::FromStore)} " " {stores.name(&from, state.lang.get())}</p>
                    })}
                    <ul class="return-lines">{lines}</ul>
                    <label>{state.t(Key::ReturnReason)}
                        <input type="text" name="reason" maxlength="60" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                    </label>
                    <label>{state.t(Key::ReturnMemberCode)}
                        <input type="text" name="member_code" inputmode="numeric" autocomplete="off" maxlength="18"
                            prop:value=move || member_code.get() on:input=move |ev| member_code.set(event_target_value(&ev))/>
                    </label>
                    <button class="btn wide secondary" type="button" data-testid="take-back"
                        disabled=move || !pick.with(|p| p.ready(&member_code.get()))
                        on:click=submit>{state.t(Key::TakeBack)}</button>
                </section>
            }
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::ReturnPick;
    use shared::api::Order;

    fn order() -> Order {
        let line = |sku: &str, qty: u32, returned: u32| {
            serde_json::json!({"sku": sku, "qty": qty, "unit_price_fen": 1000, "flash_sale_id": null, "name": "x",
                               "name_en": "x", "image": "", "returned_qty": returned})
        };
        serde_json::from_value(serde_json::json!({
            "id": "O1", "member_id": "M1", "store_id": "S1", "status": "picked_up",
            "lines": [line("SKU-1", 2, 1), line("SKU-2", 1, 0)],
            "subtotal_fen": 3000, "discount_fen": 0, "total_fen": 3000, "coupon_id": null,
            "created_at": "2026-11-24T02:00:00Z", "lock_expires_at": "2026-11-24T02:10:00Z", "paid_at": null,
            "payment_method": null, "picked_up_at": null, "pickup": null, "placed_by": null, "rewards": []
        }))
        .expect("an order")
    }

    #[test]
    fn only_lines_with_units_chosen_are_sent() {
        let o = order();
        let mut pick = ReturnPick::for_order(&o);
        assert!(pick.lines().is_empty());
        assert_eq!((pick.shown("SKU-1"), pick.shown("SKU-9")), ("0".to_owned(), String::new()));
        pick.set("SKU-2", " 1 ");
        pick.set("SKU-1", "two");
        pick.set("SKU-9", "5");
        let sent: Vec<(String, i64)> = pick.lines().into_iter().map(|l| (l.sku, l.qty)).collect();
        assert_eq!(sent, [("SKU-2".to_owned(), 1)], "unknown SKUs and words choose nothing");
        assert_eq!(o.lines.iter().map(ReturnPick::left).collect::<Vec<_>>(), [1, 1]);
    }

    #[test]
    fn goods_come_back_only_with_units_and_the_customers_code() {
        let mut pick = ReturnPick::for_order(&order());
        assert!(!pick.ready("880012345678901234"), "no units");
        pick.set("SKU-1", "1");
        assert!(!pick.ready("  "), "no customer");
        assert!(pick.ready("880012345678901234"));
    }
}
