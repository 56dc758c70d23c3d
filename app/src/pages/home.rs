//! Home: pick a store, filter by category or text, browse the product grid.

use crate::AppState;
use crate::api::{self, ProductFilter};
use crate::components::product_card::ProductCard;
use crate::components::status::{ErrorView, Loading};
use crate::components::store_picker::StorePicker;
use crate::components::top_bar::TopBar;
use crate::i18n::{self, CATEGORIES, Key};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let state = AppState::get();
    let category = RwSignal::new(None::<String>);
    let query = RwSignal::new(String::new());
    let typed = RwSignal::new(String::new());

    let products = LocalResource::new(move || {
        let filter = ProductFilter {
            store_id: state.store.get(),
            category: category.get(),
            q: Some(query.get()),
            barcode: None,
        };
        // One card per item: the core picks which SKU of a colour/size group stands for it.
        async move { api::products(&filter).await.map(shared::variants::one_per_group) }
    });

    let category_chips = move || {
        let lang = state.lang.get();
        std::iter::once(None)
            .chain(CATEGORIES.iter().map(|c| Some((*c).to_owned())))
            .map(|slug| {
                let label = match &slug {
                    Some(s) => i18n::category(lang, s),
                    None => i18n::t(lang, Key::AllCategories).to_owned(),
                };
                let this = slug.clone();
                view! {
                    <button
                        class=move || if category.get() == this { "chip selected" } else { "chip" }
                        data-category=slug.clone().unwrap_or_default()
                        on:click=move |_| category.set(slug.clone())
                    >
                        {label}
                    </button>
                }
            })
            .collect_view()
    };

    let grid = move || {
        products.get().map(|r| match r {
            Ok(list) if list.is_empty() => view! { <p class="empty">{state.t(Key::NoProducts)}</p> }.into_any(),
            Ok(list) => view! {
                <div class="product-grid" data-testid="product-grid">
                    {list.into_iter().map(|p| view! { <ProductCard product=p/> }).collect_view()}
                </div>
            }
            .into_any(),
            Err(e) => {
                view! { <ErrorView message=state.describe(&e) on_retry=Callback::new(move |_| products.refetch())/> }
                    .into_any()
            }
        })
    };

    view! {
        <TopBar title=Signal::derive(move || state.t(Key::AppName).to_owned())/>
        <StorePicker/>
        <A href="/coupons" attr:class="banner" attr:data-testid="coupon-banner">
            <strong>{move || state.t(Key::CouponCentre)}</strong>
            <span>{move || state.t(Key::CouponsBanner)}</span>
        </A>
        <form class="search" on:submit=move |ev| { ev.prevent_default(); query.set(typed.get_untracked()); }>
            <input
                type="search"
                enterkeyhint="search"
                placeholder=move || state.t(Key::SearchPlaceholder)
                prop:value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev))
                on:change=move |ev| query.set(event_target_value(&ev))
            />
        </form>
        <div class="chips categories">{category_chips}</div>
        <Transition fallback=|| view! { <Loading/> }>{grid}</Transition>
    }
}
