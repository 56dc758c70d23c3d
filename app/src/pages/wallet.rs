//! Stored value: `/member/top-up` and `/member/ledger`.

use crate::AppState;
use crate::api;
use crate::components::status::{ErrorView, Loading};
use crate::components::top_bar::TopBar;
use crate::i18n::Key;
use crate::session::SignInFirst;
use crate::session::use_member_resource;
use leptos::prelude::*;
use shared::Fen;
use shared::stored_value::EntryKind;

/// The preset top-up amounts, fen.
pub const PRESETS: [i64; 4] = [10_000, 20_000, 50_000, 100_000];

/// Reads "123.45" (yuan, as typed) into fen; `None` for anything else.
pub fn yuan_to_fen(text: &str) -> Option<i64> {
    let text = text.trim();
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty()
        || whole.len() > 7
        || frac.len() > 2
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let frac_fen: i64 = format!("{frac:0<2}").parse().ok()?;
    Some(whole.parse::<i64>().ok()? * 100 + frac_fen)
}

#[component]
pub fn TopUpPage() -> impl IntoView {
    let state = AppState::get();
    let amount = RwSignal::new(Some(PRESETS[1]));
    let other = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let pay = move |_| {
        let Some(token) = state.member_token.get_untracked() else {
            return;
        };
        let Some(fen) = amount.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::top_up(&token, fen).await;
            busy.set(false);
            outcome.set(Some(match result {
                Ok(p) => {
                    Ok(format!("{} {} · {}", state.t(Key::TopUpDone), p.payment.amount_fen.label(), p.payment.status))
                }
                Err(e) => {
                    state.on_member_error(&e);
                    Err(state.describe(&e))
                }
            }));
        });
    };
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::TopUp).to_owned()) back=true/>
        <Show when=move || state.member_token.get().is_some() fallback=|| view! { <SignInFirst/> }>
            <section class="form top-up">
                <div class="presets">
                    {PRESETS.into_iter().map(|fen| view! {
                        <button class=move || if amount.get() == Some(fen) && other.get().is_empty() { "chip selected" } else { "chip" }
                            on:click=move |_| { other.set(String::new()); amount.set(Some(fen)); }>
                            {Fen::new(fen as u64).label()}
                        </button>
                    }).collect_view()}
                </div>
                <label>{move || state.t(Key::OtherAmount)}
                    <input type="text" inputmode="decimal" name="other" prop:value=move || other.get()
                        on:input=move |ev| { let v = event_target_value(&ev); amount.set(yuan_to_fen(&v)); other.set(v); }/>
                </label>
                <button class="btn wide" data-testid="pay" disabled=move || busy.get() || amount.get().is_none() on:click=pay>
                    {move || format!("{} {}", state.t(Key::PaySandbox), amount.get().map(|f| Fen::new(f.max(0) as u64).label()).unwrap_or_default())}
                </button>
                {move || outcome.get().map(|o| match o {
                    Ok(text) => view! { <p class="form-ok" data-testid="top-up-done">{text}</p> }.into_any(),
                    Err(text) => view! { <p class="form-error" role="alert">{text}</p> }.into_any(),
                })}
            </section>
        </Show>
    }
}

#[component]
pub fn LedgerPage() -> impl IntoView {
    let state = AppState::get();
    let entries = use_member_resource(|t| async move { api::ledger(&t).await });
    let list = move || {
        entries.get().map(|r| match r.map(Option::unwrap_or_default) {
            Ok(list) if list.is_empty() => view! { <p class="empty">{state.t(Key::NoEntries)}</p> }.into_any(),
            Ok(list) => list
                .into_iter()
                .map(|e| {
                    let (sign, class, key) = match e.kind {
                        EntryKind::TopUp => ("+", "credit", Key::KindTopUp),
                        EntryKind::Refund => ("+", "credit", Key::KindRefund),
                        EntryKind::Payment => ("−", "debit", Key::KindPayment),
                    };
                    view! {
                        <li class="ledger-row">
                            <div><strong>{move || state.t(key)}</strong><small>{e.reason.clone()}</small><small>{move || state.local_time(e.at, None)}</small></div>
                            <div class="amounts"><span class=class>{format!("{sign}{}", e.amount_fen.label())}</span><small>{e.balance_after_fen.label()}</small></div>
                        </li>
                    }
                })
                .collect_view()
                .into_any(),
            Err(e) => view! { <ErrorView message=state.describe(&e) on_retry=Callback::new(move |_| entries.refetch())/> }.into_any(),
        })
    };
    view! {
        <TopBar title=Signal::derive(move || state.t(Key::Ledger).to_owned()) back=true/>
        <Show when=move || state.member_token.get().is_some() fallback=|| view! { <SignInFirst/> }>
            <Suspense fallback=|| view! { <Loading/> }><ul class="ledger" data-testid="ledger">{list}</ul></Suspense>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::yuan_to_fen;

    #[test]
    fn typed_yuan_become_fen() {
        assert_eq!(yuan_to_fen("100"), Some(10_000));
        assert_eq!(yuan_to_fen(" 12.5 "), Some(1_250));
        assert_eq!(yuan_to_fen("0.01"), Some(1));
        assert_eq!(yuan_to_fen("1.234"), None);
        assert_eq!(yuan_to_fen("-5"), None);
        assert_eq!(yuan_to_fen("abc"), None);
        assert_eq!(yuan_to_fen(""), None);
        assert_eq!(yuan_to_fen(".5"), None);
    }
}
