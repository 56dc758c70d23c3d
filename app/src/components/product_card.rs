//! A product in the home page grid.

use crate::AppState;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::api::Product;

#[component]
pub fn ProductCard(product: Product) -> impl IntoView {
    let state = AppState::get();
    let href = format!("/products/{}", product.sku);
    let (zh, en) = (product.name.clone(), product.name_en.clone());
    let name = move || state.lang.get().pick(&zh, &en).to_owned();
    view! {
        <A href=href attr:class="product-card" attr:data-sku=product.sku.to_string()>
            <img src=product.image.clone() alt="" loading="lazy" width="128" height="128"/>
            <div class="brand">{product.brand.clone()}</div>
            <div class="name">{name}</div>
            <div class="price">{product.price_fen.label()}</div>
        </A>
    }
}
