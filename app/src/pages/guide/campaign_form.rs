//! The manager's campaign form as choices: every coupon kind, the audience, the scope picked
//! from the store's catalog (a category, a brand or a product, not a typed `scope` string),
//! validity in days or to the campaign's end, and the per-member limit. [`request`] turns the
//! choices into the API's request; the server's rules (`shared::coupon`) judge it.

use crate::AppState;
use crate::api;
use crate::clock::now_ms;
use crate::i18n::Key;
use crate::pages::wallet::yuan_to_fen;
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;
use shared::api::Product;
use shared::coupon::{Audience, CampaignRequest, CouponKind};

/// What the form holds, as the manager chose it (amounts as typed, in yuan).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Choices {
    /// Title.
    pub title: String,
    /// `threshold`, `percent` or `fixed`.
    pub kind: String,
    /// Spend needed (¥).
    pub threshold: String,
    /// Amount off, or the cap of a percent coupon (¥).
    pub off: String,
    /// Percent off.
    pub percent: String,
    /// `all`, `new_member`, `first_order` or `after_payment`.
    pub audience: String,
    /// A paid order's minimum for an after-payment gift (¥).
    pub reward_min: String,
    /// `all`, `category`, `brand` or `sku`.
    pub scope_kind: String,
    /// The category slug, brand or SKU picked.
    pub scope_value: String,
    /// Coupons in all.
    pub quantity: String,
    /// Coupons per member.
    pub per_member: String,
    /// Days a coupon is valid from its claim; empty: until the campaign ends.
    pub valid_days: String,
    /// Days the campaign runs from now.
    pub campaign_days: String,
}

fn number(text: &str) -> i64 {
    text.trim().parse().unwrap_or(0)
}

/// The request the choices make at `now`.
pub fn request(c: &Choices, now: DateTime<Utc>) -> CampaignRequest {
    let kind = match c.kind.as_str() {
        "percent" => CouponKind::Percent,
        "fixed" => CouponKind::Fixed,
        _ => CouponKind::Threshold,
    };
    let audience = match c.audience.as_str() {
        "new_member" => Audience::NewMember,
        "first_order" => Audience::FirstOrder,
        "after_payment" => Audience::AfterPayment,
        _ => Audience::All,
    };
    let scope = match c.scope_kind.as_str() {
        "category" | "brand" | "sku" => format!("{}:{}", c.scope_kind, c.scope_value.trim()),
        _ => "all".to_owned(),
    };
    CampaignRequest {
        title: c.title.trim().to_owned(),
        kind,
        threshold_fen: (kind != CouponKind::Fixed).then(|| yuan_to_fen(&c.threshold).unwrap_or(-1)),
        off_fen: Some(yuan_to_fen(&c.off).unwrap_or(-1)),
        percent: (kind == CouponKind::Percent).then(|| number(&c.percent)),
        scope,
        store_id: None,
        quantity: number(&c.quantity),
        per_member_limit: number(&c.per_member),
        starts_at: now,
        ends_at: now + Duration::days(number(&c.campaign_days)),
        valid_days: (!c.valid_days.trim().is_empty()).then(|| number(&c.valid_days)),
        audience: Some(audience),
        flash_sale_ok: None,
        reward_min_fen: (audience == Audience::AfterPayment).then(|| yuan_to_fen(&c.reward_min).unwrap_or(0)),
    }
}

/// The catalog's categories, brands and products of a store, each once, in order.
pub fn pickers(products: &[Product]) -> (Vec<String>, Vec<String>, Vec<(String, String)>) {
    let mut categories: Vec<String> = products.iter().map(|p| p.category.as_str().to_owned()).collect();
    let mut brands: Vec<String> = products.iter().map(|p| p.brand.clone()).collect();
    shared::sorting::sort(&mut categories);
    categories.dedup();
    shared::sorting::sort(&mut brands);
    brands.dedup();
    let items = products.iter().map(|p| (p.sku.as_str().to_owned(), p.name.clone())).collect();
    (categories, brands, items)
}

#[component]
pub fn RichCampaignForm(token: String, store: String, created: RwSignal<u32>) -> impl IntoView {
    let state = AppState::get();
    let form = RwSignal::new(Choices {
        kind: "threshold".into(),
        threshold: "300".into(),
        off: "50".into(),
        percent: "90".into(),
        audience: "all".into(),
        scope_kind: "all".into(),
        quantity: "100".into(),
        per_member: "1".into(),
        valid_days: "7".into(),
        campaign_days: "30".into(),
        ..Choices::default()
    });
    let catalog = LocalResource::new(move || {
        let filter = api::ProductFilter { store_id: Some(store.clone()), ..api::ProductFilter::default() };
        async move { api::products(&filter).await.map(|p| pickers(&p)).unwrap_or_default() }
    });
    let message = RwSignal::new(None::<Result<String, String>>);
    let key = StoredValue::new(api::new_key());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = request(&form.get_untracked(), DateTime::from_timestamp_millis(now_ms()).unwrap_or_default());
        let token = token.clone();
        leptos::task::spawn_local(async move {
            match api::create_campaign(&token, &key.get_value(), &body).await {
                Ok(c) => {
                    key.set_value(api::new_key());
                    message.set(Some(Ok(format!("{} {} · {}", state.t(Key::CampaignCreated), c.id, c.title))));
                    created.update(|n| *n += 1);
                }
                Err(e) => {
                    super::on_staff_error(state, &e);
                    message.set(Some(Err(state.describe(&e))));
                }
            }
        });
    };
    // A text field bound to one of the choices.
    let text = move |label: Key, name: &'static str, get: fn(&Choices) -> &String, set: fn(&mut Choices, String)| {
        view! {
            <label>{move || state.t(label)}
                <input type="text" name=name prop:value=move || form.with(|f| get(f).clone())
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))/>
            </label>
        }
    };
    let options = |pairs: Vec<(String, String)>| {
        pairs.into_iter().map(|(v, l)| view! { <option value=v.clone()>{l}</option> }).collect_view()
    };
    let scope_picker = move || {
        let (categories, brands, items) = catalog.get().unwrap_or_default();
        let choices: Vec<(String, String)> = match form.with(|f| f.scope_kind.clone()).as_str() {
            "category" => {
                categories.into_iter().map(|c| (c.clone(), crate::i18n::category(state.lang.get(), &c))).collect()
            }
            "brand" => brands.into_iter().map(|b| (b.clone(), b)).collect(),
            "sku" => items.into_iter().map(|(s, n)| (s.clone(), format!("{n} · {s}"))).collect(),
            _ => return None,
        };
        // Picks the first choice when the picked value is not among them. Only when there is a
        // choice: with none yet (the catalog still loading) an update would wake this closure
        // again and again, synchronously, and freeze the page.
        if let Some((first, _)) = choices.first()
            && form.with_untracked(|f| !choices.iter().any(|(v, _)| *v == f.scope_value))
        {
            let first = first.clone();
            form.update(|f| f.scope_value = first);
        }
        Some(view! {
            <select name="scope_value" data-testid="scope-value" prop:value=move || form.with(|f| f.scope_value.clone())
                on:change=move |ev| form.update(|f| f.scope_value = event_target_value(&ev))>
                {options(choices)}
            </select>
        })
    };
    let t = move |k: Key| state.t(k).to_owned();
    let select = move |label: Key,
                       name: &'static str,
                       pairs: Vec<(&'static str, Key)>,
                       get: fn(&Choices) -> &String,
                       set: fn(&mut Choices, String)| {
        let pairs: Vec<(String, String)> = pairs.into_iter().map(|(v, k)| (v.to_owned(), t(k))).collect();
        view! {
            <label>{move || state.t(label)}
                <select name=name prop:value=move || form.with(|f| get(f).clone()) on:change=move |ev| form.update(|f| set(f, event_target_value(&ev)))>
                    {options(pairs)}
                </select>
            </label>
        }
    };
    let kind = move || form.with(|f| f.kind.clone());
    view! {
        <form class="form" on:submit=submit data-testid="rich-campaign-form">
            <h3>{move || state.t(Key::CreateCampaign)}</h3>
            {text(Key::CampaignTitle, "title", |f| &f.title, |f, v| f.title = v)}
            {select(Key::KindLabel, "kind", vec![("threshold", Key::KindThreshold), ("percent", Key::KindPercent), ("fixed", Key::KindFixed)], |f| &f.kind, |f, v| f.kind = v)}
            {move || (kind() != "fixed").then(|| text(Key::Threshold, "threshold", |f| &f.threshold, |f, v| f.threshold = v))}
            {move || (kind() == "percent").then(|| text(Key::PercentOff, "percent", |f| &f.percent, |f, v| f.percent = v))}
            {move || text(if kind() == "percent" { Key::CapAmount } else { Key::OffAmount }, "off", |f| &f.off, |f, v| f.off = v)}
            {select(Key::AudienceLabel, "audience", vec![("all", Key::AudienceAll), ("new_member", Key::NewMembersOnly), ("first_order", Key::FirstOrderOnly), ("after_payment", Key::PaymentGift)], |f| &f.audience, |f, v| f.audience = v)}
            {move || (form.with(|f| f.audience == "after_payment")).then(|| text(Key::RewardMin, "reward_min", |f| &f.reward_min, |f, v| f.reward_min = v))}
            {select(Key::ScopeLabel, "scope_kind", vec![("all", Key::ScopeStorewide), ("category", Key::ScopeCategory), ("brand", Key::ScopeBrand), ("sku", Key::ScopeProduct)], |f| &f.scope_kind, |f, v| f.scope_kind = v)}
            {scope_picker}
            {text(Key::CampaignQuantity, "quantity", |f| &f.quantity, |f, v| f.quantity = v)}
            {text(Key::PerMemberLimit, "per_member", |f| &f.per_member, |f, v| f.per_member = v)}
            {text(Key::ValidDays, "valid_days", |f| &f.valid_days, |f, v| f.valid_days = v)}
            <p class="muted">{move || state.t(Key::ValidToEnd)} ": " {move || state.t(Key::ValidDays)} " = ∅"</p>
            {text(Key::CampaignDays, "campaign_days", |f| &f.campaign_days, |f, v| f.campaign_days = v)}
            <button class="btn wide" type="submit">{move || state.t(Key::CreateCampaign)}</button>
        </form>
        {move || message.get().map(|m| match m {
            Ok(t) => view! { <p class="form-ok" data-testid="campaign-created">{t}</p> }.into_any(),
            Err(t) => view! { <p class="form-error" role="alert">{t}</p> }.into_any(),
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000, 0).single().expect("valid")
    }

    fn base() -> Choices {
        Choices {
            title: " 鞋履满减 ".into(),
            kind: "threshold".into(),
            threshold: "300".into(),
            off: "50".into(),
            percent: "90".into(),
            audience: "all".into(),
            scope_kind: "category".into(),
            scope_value: "shoes".into(),
            quantity: "100".into(),
            per_member: "2".into(),
            valid_days: "7".into(),
            campaign_days: "30".into(),
            ..Choices::default()
        }
    }

    #[test]
    fn choices_become_the_request_the_core_judges() {
        let r = request(&base(), now());
        assert_eq!(
            (r.title.as_str(), r.kind, r.threshold_fen, r.off_fen),
            ("鞋履满减", CouponKind::Threshold, Some(30_000), Some(5_000))
        );
        assert_eq!(
            (r.scope.as_str(), r.quantity, r.per_member_limit, r.valid_days),
            ("category:shoes", 100, 2, Some(7))
        );
        assert_eq!((r.audience, r.percent, r.reward_min_fen), (Some(Audience::All), None, None));
        assert_eq!(r.ends_at - r.starts_at, Duration::days(30));
    }

    #[test]
    fn each_kind_audience_and_scope_is_a_choice() {
        let percent = request(&Choices { kind: "percent".into(), ..base() }, now());
        assert_eq!((percent.kind, percent.percent, percent.off_fen), (CouponKind::Percent, Some(90), Some(5_000)));
        let fixed = request(&Choices { kind: "fixed".into(), ..base() }, now());
        assert_eq!((fixed.kind, fixed.threshold_fen), (CouponKind::Fixed, None));
        let gift = request(&Choices { audience: "after_payment".into(), reward_min: "200".into(), ..base() }, now());
        assert_eq!((gift.audience, gift.reward_min_fen), (Some(Audience::AfterPayment), Some(20_000)));
        for (audience, want) in [("new_member", Audience::NewMember), ("first_order", Audience::FirstOrder)] {
            assert_eq!(request(&Choices { audience: audience.into(), ..base() }, now()).audience, Some(want));
        }
        let brand =
            request(&Choices { scope_kind: "brand".into(), scope_value: "Maison Lune".into(), ..base() }, now());
        assert_eq!(brand.scope, "brand:Maison Lune");
        assert_eq!(request(&Choices { scope_kind: "all".into(), ..base() }, now()).scope, "all");
        assert_eq!(request(&Choices { valid_days: " ".into(), ..base() }, now()).valid_days, None, "until the end");
        assert_eq!(
            request(&Choices { off: "abc".into(), ..base() }, now()).off_fen,
            Some(-1),
            "left for the server to refuse"
        );
    }
}
