//! A coupon as a ticket: the amount on the left, title, scope and validity on the right.

use crate::AppState;
use crate::coupon_text::{headline, scope};
use crate::i18n::Key;
use leptos::prelude::*;
use shared::Fen;
use shared::coupon::{Audience, CouponKind, Scope};

/// What the ticket shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticket {
    pub title: String,
    pub kind: CouponKind,
    pub threshold: Fen,
    pub off: Fen,
    pub percent: Option<u8>,
    pub scope: Scope,
    pub store: Option<String>,
    pub until: Option<chrono::DateTime<chrono::Utc>>,
    pub audience: Audience,
    pub flash_sale_ok: bool,
}

#[component]
pub fn CouponTicket(ticket: Ticket, #[prop(optional)] dim: bool, children: Children) -> impl IntoView {
    let state = AppState::get();
    let t = ticket.clone();
    let head = move || headline(state.lang.get(), t.kind, t.threshold, t.off, t.percent);
    let (sc, st) = (ticket.scope.clone(), ticket.store.clone());
    let covers = move || scope(state.lang.get(), &sc, st.as_deref());
    let tag = match ticket.audience {
        Audience::NewMember => Some(Key::NewMembersOnly),
        Audience::FirstOrder => Some(Key::FirstOrderOnly),
        Audience::AfterPayment => Some(Key::PaymentGift),
        Audience::All => None,
    };
    view! {
        <div class=if dim { "ticket dim" } else { "ticket" }>
            <div class="ticket-amount">{head}</div>
            <div class="ticket-body">
                <strong>{ticket.title.clone()}</strong>
                <small>{covers}</small>
                {ticket.until.map(|u| { let store = ticket.store.clone(); view! { <small>{move || state.t(Key::ValidUntil)} " " {move || state.local_time(u, store.as_deref())}</small> } })}
                <div class="ticket-tags">
                    {tag.map(|k| view! { <span class="tag">{move || state.t(k)}</span> })}
                    {ticket.flash_sale_ok.then(|| view! { <span class="tag">{move || state.t(Key::FlashSaleOk)}</span> })}
                </div>
                {children()}
            </div>
        </div>
    }
}
