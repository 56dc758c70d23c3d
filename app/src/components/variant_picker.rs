//! The colour and size chips of an item with several SKUs: a chip switches to the SKU with
//! that colour or size (the rule is `shared::variants::switch`).

use crate::AppState;
use crate::i18n::Key;
use leptos::prelude::*;
use shared::api::Variant;
use shared::variants::{Pick, choices, switch};

/// The pickers for `variants` with `current` chosen; `on_pick` gets the SKU a chip leads to.
#[component]
pub fn VariantPicker(variants: Vec<Variant>, current: String, on_pick: Callback<String>) -> impl IntoView {
    let state = AppState::get();
    let (colours, sizes) = choices(&variants);
    let now = variants.iter().find(|v| v.sku.as_str() == current).map(|v| v.attributes.clone()).unwrap_or_default();
    let variants = StoredValue::new(variants);
    let row = move |label: Key, kind: &'static str, values: Vec<String>, chosen: Option<String>| {
        let chips = values
            .into_iter()
            .map(|value| {
                let selected = chosen.as_deref() == Some(value.as_str());
                let pick = if kind == "color" { Pick::Color(&value) } else { Pick::Size(&value) };
                let target = variants.with_value(|vs| switch(vs, &current, pick).cloned());
                let sold_out = target.as_ref().is_none_or(|t| t.available == 0);
                let class = match (selected, sold_out) {
                    (true, _) => "chip selected",
                    (false, true) => "chip sold-out",
                    (false, false) => "chip",
                };
                let sku = target.map(|t| t.sku.to_string());
                view! {
                    <button class=class data-value=value.clone() aria-pressed=selected.to_string()
                        on:click=move |_| { if let Some(sku) = &sku && !selected { on_pick.run(sku.clone()) } }>
                        {value.clone()}
                    </button>
                }
            })
            .collect_view();
        view! {
            <div class="picker" data-testid=format!("pick-{kind}")>
                <span class="picker-label">{move || state.t(label)}</span>
                <div class="chips">{chips}</div>
            </div>
        }
    };
    view! {
        <div class="variant-picker">
            {(!colours.is_empty()).then(|| row(Key::ColorLabel, "color", colours, now.color.clone()))}
            {(!sizes.is_empty()).then(|| row(Key::SizeLabel, "size", sizes, now.size.clone()))}
        </div>
    }
}
