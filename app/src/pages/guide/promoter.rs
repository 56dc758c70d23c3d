//! `/guide/promoter`: the staff member's promoter code (推广码) as a QR code and a share link,
//! the customers it brought, their commissions and the monthly statement.

use super::{StaffSignIn, on_staff_error};
use crate::AppState;
use crate::api;
use crate::codes::qr_svg;
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use leptos::prelude::*;
use shared::api::PromoterSummary;
use shared::promoter::{CommissionKind, CommissionStatus};

/// The screen's path (served as its own page too, see `app/guide/tabs.txt`).
pub const PATH: &str = "/guide/promoter";

/// The label of a commission's status.
pub fn status_key(status: CommissionStatus) -> Key {
    match status {
        CommissionStatus::Pending => Key::CommissionPending,
        CommissionStatus::Settled => Key::CommissionSettled,
        CommissionStatus::Reversed => Key::CommissionReversed,
    }
}

/// The page: the sign-in form until staff sign in here, then their promoter screen.
#[component]
pub fn PromoterPage() -> impl IntoView {
    let state = AppState::get();
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::PromoterTitle).to_owned())/>
        {move || match state.staff.get() {
            None => view! { <StaffSignIn/> }.into_any(),
            Some(s) => view! { <PromoterScreen token=s.token/> }.into_any(),
        }}
    }
}

/// The code, the link, the customers and the commissions of the month chosen (all months when
/// none is).
#[component]
pub fn PromoterScreen(token: String) -> impl IntoView {
    let state = AppState::get();
    let token = StoredValue::new(token);
    let month = RwSignal::new(String::new());
    let summary = LocalResource::new(move || {
        let m = month.get();
        async move {
            let m = (!m.is_empty()).then_some(m);
            api::promoter(&token.get_value(), m.as_deref()).await
        }
    });
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    let shown = move |s: PromoterSummary| {
        let link = format!("{origin}{}", s.link);
        let qr = qr_svg(&link, 200).unwrap_or_default();
        let customers = s
            .customers
            .iter()
            .map(|c| view! { <li data-testid="promoted-customer">{c.name.clone()} " · " <small>{c.member_id.clone()}</small></li> })
            .collect_view();
        let commissions = s
            .commissions
            .iter()
            .map(|c| {
                let (kind, status) = (c.kind, status_key(c.status));
                let kind = if kind == CommissionKind::FirstOrder { Key::FirstOrderKind } else { Key::SecondOrderKind };
                view! {
                    <li data-testid="commission" data-status=format!("{:?}", c.status).to_lowercase()>
                        <small>{c.order_id.clone()}</small> " " {move || state.t(kind)} " " {c.amount_fen.label()}
                        " " <span class="chip">{move || state.t(status)}</span>
                    </li>
                }
            })
            .collect_view();
        let months = s
            .statement
            .iter()
            .map(|m| view! { <tr><td>{m.month.clone()}</td><td>{m.pending_fen.label()}</td><td>{m.settled_fen.label()}</td><td>{m.reversed_fen.label()}</td></tr> })
            .collect_view();
        view! {
            <section class="code-panel promoter" data-testid="promoter">
                <div class="qr" inner_html=qr></div>
                <div class="code-digits" data-testid="promoter-code">{s.code.clone()}</div>
                <p class="hint referral-link" data-testid="promoter-link">{link}</p>
                <p class="hint">{move || state.t(Key::PromoterHint)}</p>
            </section>
            <p data-testid="commission-sums">{move || state.t(Key::CommissionPending)} " " {s.pending_fen.label()} " · "
                {move || state.t(Key::CommissionSettled)} " " {s.settled_fen.label()}</p>
            <h3>{move || state.t(Key::PromotedCustomers)}</h3>
            <ul>{customers}</ul>
            <h3>{move || state.t(Key::Commissions)}</h3>
            <ul>{commissions}</ul>
            <h3>{move || state.t(Key::MonthlyStatement)}</h3>
            <table class="statement" data-testid="statement"><tbody>{months}</tbody></table>
        }
        .into_any()
    };
    view! {
        <label>{move || state.t(Key::MonthlyStatement)}
            <input type="month" data-testid="statement-month" prop:value=move || month.get() on:change=move |ev| month.set(event_target_value(&ev))/>
        </label>
        {move || summary.get().map(|r| match r {
            Ok(s) => shown(s),
            Err(e) => {
                on_staff_error(state, &e);
                view! { <p class="form-error" role="alert">{state.describe(&e)}</p> }.into_any()
            }
        })}
    }
}
