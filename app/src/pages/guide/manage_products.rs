//! `/guide/manage/products` (head office): find a product and edit it, or create one with its
//! colour, size and variant group; import a catalog file (a dry run's report first, then the
//! import itself, which writes every line or none) and export the catalog as CSV.

use super::on_staff_error;
use crate::AppState;
use crate::api::{self, ProductFilter, manage};
use crate::i18n::Key;
use crate::pages::wallet::yuan_to_fen;
use leptos::prelude::*;
use shared::api::{Attributes, Product};
use shared::catalog_ops::ProductRequest;
use shared::catalog_ops::import::read_counter_ids;

/// The form's fields, as text.
#[derive(Clone, Copy)]
struct Fields {
    sku: RwSignal<String>,
    name: RwSignal<String>,
    name_en: RwSignal<String>,
    brand: RwSignal<String>,
    category: RwSignal<String>,
    price: RwSignal<String>,
    barcode: RwSignal<String>,
    counters: RwSignal<String>,
    color: RwSignal<String>,
    size: RwSignal<String>,
    group: RwSignal<String>,
    image: RwSignal<String>,
}

fn text(s: RwSignal<String>) -> Option<String> {
    Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
}

impl Fields {
    fn new() -> Fields {
        let f = || RwSignal::new(String::new());
        Fields {
            sku: f(),
            name: f(),
            name_en: f(),
            brand: f(),
            category: f(),
            price: f(),
            barcode: f(),
            counters: f(),
            color: f(),
            size: f(),
            group: f(),
            image: f(),
        }
    }
    /// Fills the form from a stored product and the counters that sell it.
    fn fill(self, p: &Product, counters: String) {
        self.sku.set(p.sku.to_string());
        self.name.set(p.name.clone());
        self.name_en.set(p.name_en.clone());
        self.brand.set(p.brand.clone());
        self.category.set(p.category.to_string());
        self.price.set(p.price_fen.yuan_string());
        self.barcode.set(p.barcode.to_string());
        self.counters.set(counters);
        self.color.set(p.attributes.color.clone().unwrap_or_default());
        self.size.set(p.attributes.size.clone().unwrap_or_default());
        self.group.set(p.group.as_ref().map(|g| g.to_string()).unwrap_or_default());
        self.image.set(p.image.clone());
    }
    /// The request the form says, or the field that cannot be read.
    fn request(self) -> Result<ProductRequest, String> {
        Ok(ProductRequest {
            sku: self.sku.get_untracked(),
            name: self.name.get_untracked(),
            name_en: self.name_en.get_untracked(),
            brand: self.brand.get_untracked(),
            category: self.category.get_untracked(),
            price_fen: yuan_to_fen(&self.price.get_untracked()).ok_or("price_fen")?,
            barcode: self.barcode.get_untracked(),
            counter_ids: read_counter_ids(&self.counters.get_untracked())?,
            attributes: Attributes { color: text(self.color), size: text(self.size) },
            group: text(self.group),
            image: text(self.image),
            description: None,
            description_en: None,
        })
    }
}

#[component]
pub fn ProductsPage(token: String) -> impl IntoView {
    let fields = Fields::new();
    view! {
        <ProductSearch fields/>
        <ProductForm token=token.clone() fields/>
        <CatalogFile token/>
    }
}

/// Finds products by name, brand or barcode; "edit" puts one into the form.
#[component]
fn ProductSearch(fields: Fields) -> impl IntoView {
    let state = AppState::get();
    let q = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<Product>::new());
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let filter = ProductFilter { q: text(q), ..ProductFilter::default() };
        leptos::task::spawn_local(async move {
            if let Ok(list) = api::products(&filter).await {
                found.set(list);
            }
        });
    };
    let edit = move |p: Product| {
        leptos::task::spawn_local(async move {
            let counters = match api::product(p.sku.as_str()).await {
                Ok(d) => d
                    .stock
                    .iter()
                    .filter_map(|s| s.counter_id.as_ref().map(|c| format!("{}:{c}", s.store_id)))
                    .collect::<Vec<_>>()
                    .join(";"),
                Err(_) => String::new(),
            };
            fields.fill(&p, counters);
        });
    };
    view! {
        <form class="form" on:submit=search data-testid="product-search">
            <h3>{move || state.t(Key::ManageCatalog)}</h3>
            <input type="search" name="q" placeholder=move || state.t(Key::SearchPlaceholder) prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev))/>
            <button class="btn" type="submit">{move || state.t(Key::Lookup)}</button>
        </form>
        <ul class="catalog-rows">
            {move || found.get().into_iter().map(|p| {
                let line = format!("{} · {} · {} · {}", p.sku, p.name, p.brand, p.price_fen.label());
                let sku = p.sku.to_string();
                view! {
                    <li data-sku=sku>{line}
                        <button class="link" data-action="edit" on:click=move |_| edit(p.clone())>{move || state.t(Key::EditTags)}</button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn ProductForm(token: String, fields: Fields) -> impl IntoView {
    let state = AppState::get();
    let message = RwSignal::new(None::<Result<String, String>>);
    let image_error = RwSignal::new(None::<String>);
    let upload_token = StoredValue::new(token.clone());
    // A chosen file goes to the worker at once; the product then points at where it is served.
    let upload = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        image_error.set(None);
        leptos::task::spawn_local(async move {
            match manage::upload_image(&upload_token.get_value(), &file).await {
                Ok(image) => fields.image.set(image.url),
                Err(e) => {
                    on_staff_error(state, &e);
                    image_error.set(Some(state.describe(&e)));
                }
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = match fields.request() {
            Ok(b) => b,
            Err(field) => return message.set(Some(Err(field))),
        };
        let token = token.clone();
        leptos::task::spawn_local(async move {
            match manage::save_product(&token, &body).await {
                Ok(p) => message.set(Some(Ok(format!("{} {} · {}", state.t(Key::ProductSaved), p.sku, p.name)))),
                Err(e) => {
                    on_staff_error(state, &e);
                    message.set(Some(Err(state.describe(&e))));
                }
            }
        });
    };
    let input = move |label: Key, name: &'static str, value: RwSignal<String>, required: bool| {
        view! {
            <label>{move || state.t(label)}
                <input type="text" name=name required=required prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
        }
    };
    view! {
        <form class="form" on:submit=submit data-testid="product-form">
            <h3>{move || state.t(Key::ProductForm)}</h3>
            {input(Key::Sku, "sku", fields.sku, true)}
            {input(Key::ItemName, "name", fields.name, true)}
            {input(Key::NameEn, "name_en", fields.name_en, true)}
            {input(Key::Brand, "brand", fields.brand, true)}
            {input(Key::CategoryField, "category", fields.category, true)}
            {input(Key::PriceYuan, "price", fields.price, true)}
            {input(Key::BarcodeField, "barcode", fields.barcode, true)}
            {input(Key::CounterIds, "counter_ids", fields.counters, true)}
            {input(Key::Color, "color", fields.color, false)}
            {input(Key::SizeField, "size", fields.size, false)}
            {input(Key::VariantGroup, "group", fields.group, false)}
            {input(Key::ImageField, "image", fields.image, false)}
            <label>{move || state.t(Key::UploadImage)}
                <input type="file" name="image_file" accept="image/jpeg,image/png,image/webp" on:change=upload/>
            </label>
            {move || image_error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="image-error">{e}</p> })}
            {move || Some(fields.image.get()).filter(|src| !src.is_empty()).map(|src| view! {
                <img class="image-preview" data-testid="image-preview" src=src alt="" width="96" height="96"/>
            })}
            <button class="btn wide" type="submit">{move || state.t(Key::Save)}</button>
            {move || message.get().map(|m| match m {
                Ok(text) => view! { <p class="form-ok" data-testid="product-ok">{text}</p> }.into_any(),
                Err(text) => view! { <p class="form-error" role="alert" data-testid="product-error">{text}</p> }.into_any(),
            })}
        </form>
    }
}

/// A catalog file: pasted, checked by a dry run, then imported; and the export.
#[component]
fn CatalogFile(token: String) -> impl IntoView {
    let state = AppState::get();
    let csv = RwSignal::new(String::new());
    let report = RwSignal::new(None::<(bool, shared::catalog_ops::ImportReport)>);
    let error = RwSignal::new(None::<String>);
    let download = RwSignal::new(None::<String>);
    // The text the last clean dry run checked: only that text may be imported.
    let checked = RwSignal::new(None::<String>);
    let token = StoredValue::new(token);
    let run = move |dry_run: bool| {
        let text = csv.get_untracked();
        error.set(None);
        leptos::task::spawn_local(async move {
            match manage::import_products(&token.get_value(), &text, dry_run).await {
                Ok(r) => {
                    checked.set((dry_run && r.rejected.is_empty()).then_some(text));
                    report.set(Some((dry_run, r)));
                }
                Err(e) => {
                    on_staff_error(state, &e);
                    error.set(Some(state.describe(&e)));
                }
            }
        });
    };
    let export = move |_| {
        leptos::task::spawn_local(async move {
            match manage::export_products(&token.get_value()).await {
                Ok(text) => download.set(Some(format!(
                    "data:text/csv;charset=utf-8,{}",
                    String::from(js_sys::encode_uri_component(&text))
                ))),
                Err(e) => error.set(Some(state.describe(&e))),
            }
        });
    };
    let can_import = move || checked.get().is_some_and(|t| t == csv.get());
    view! {
        <section class="form" data-testid="catalog-file">
            <label>{move || state.t(Key::CsvText)}
                <textarea name="csv" rows="6" prop:value=move || csv.get() on:input=move |ev| csv.set(event_target_value(&ev))></textarea>
            </label>
            <div class="row">
                <button class="btn" data-action="dry-run" on:click=move |_| run(true)>{move || state.t(Key::DryRun)}</button>
                <button class="btn" data-action="import" disabled=move || !can_import() on:click=move |_| run(false)>{move || state.t(Key::ImportNow)}</button>
                <button class="btn" data-action="export" on:click=export>{move || state.t(Key::ExportCsv)}</button>
            </div>
            {move || download.get().map(|href| view! { <a class="link" data-testid="csv-download" download="catalog.csv" href=href>{state.t(Key::DownloadCatalog)}</a> })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || report.get().map(|(dry, r)| {
                let summary = format!("{} {} · {} {}", state.t(Key::CsvCreated), r.created, state.t(Key::CsvUpdated), r.updated);
                let verdict = match (dry, r.rejected.is_empty()) {
                    (_, false) => state.t(Key::CsvNothingWritten),
                    (true, true) => state.t(Key::DryRun),
                    (false, true) => state.t(Key::CsvWritten),
                };
                view! {
                    <div class="import-report" data-testid="import-report" data-dry-run=dry.to_string()>
                        <p>{verdict} " · " {summary}</p>
                        <ul>{r.rejected.into_iter().map(|x| view! {
                            <li data-line=x.line.to_string()>{format!("{} {}: {}", state.t(Key::CsvLine), x.line, x.reason)}</li>
                        }).collect_view()}</ul>
                    </div>
                }
            })}
        </section>
    }
}
