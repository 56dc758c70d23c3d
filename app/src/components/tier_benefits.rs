//! The card's benefits: what the member's tier gives (a birthday coupon, more units in flash
//! sales), what the next tier would give, and the birthday: shown, or asked for once.

use crate::AppState;
use crate::api;
use crate::i18n::{self, Key, Lang};
use leptos::prelude::*;
use shared::api::{BenefitsView, BirthdayRequest, Member};

/// A tier's benefits in one line: the birthday coupon and the flash-sale extra (left out when
/// the tier gives none: "+0" is no benefit).
pub fn benefit_line(lang: Lang, b: &BenefitsView) -> String {
    let t = |k| i18n::t(lang, k);
    let coupon = match b.birthday_coupon_fen {
        Some(off) => format!("{} {}", t(Key::BirthdayCoupon), off.label()),
        None => t(Key::NoBirthdayCoupon).to_owned(),
    };
    match b.extra_flash_sale_units {
        0 => coupon,
        extra => format!("{coupon} · {} +{extra}", t(Key::FlashLimit)),
    }
}

#[component]
pub fn TierBenefits(member: Member) -> impl IntoView {
    let state = AppState::get();
    let (now, next) = (member.benefits, member.next_tier_benefits);
    let line = move |b: BenefitsView| move || benefit_line(state.lang.get(), &b);
    view! {
        <section class="code-panel benefits" data-testid="benefits">
            <h2>{move || state.t(Key::Benefits)} " · " {move || i18n::tier(state.lang.get(), now.tier)}</h2>
            <p data-testid="benefits-now">{line(now)}</p>
            {next.map(|n| view! {
                <p class="hint" data-testid="benefits-next">
                    {move || state.t(Key::NextTierAdds)} " " {move || i18n::tier(state.lang.get(), n.tier)} ": " {line(n)}
                </p>
            })}
            <BirthdayRow birthday=member.birthday/>
        </section>
    }
}

/// The birthday, or (when registration left it out) a form to give it once.
#[component]
fn BirthdayRow(birthday: Option<String>) -> impl IntoView {
    let state = AppState::get();
    let saved = RwSignal::new(birthday);
    let given = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let token = state.member_token.get_untracked().unwrap_or_default();
        leptos::task::spawn_local(async move {
            match api::set_birthday(&token, &BirthdayRequest { birthday: given.get_untracked() }).await {
                Ok(m) => saved.set(m.birthday),
                Err(e) => error.set(Some(state.describe(&e))),
            }
        });
    };
    move || match saved.get() {
        Some(day) => {
            view! { <p data-testid="birthday">{move || state.t(Key::Birthday)} " " {day.clone()}</p> }.into_any()
        }
        None => view! {
            <form class="form birthday" data-testid="birthday-form" on:submit=save>
                <p class="hint">{move || state.t(Key::BirthdayOnce)}</p>
                <input type="date" name="birthday" required on:input=move |ev| given.set(event_target_value(&ev))/>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button class="btn" type="submit">{move || state.t(Key::SaveBirthday)}</button>
            </form>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::tier::Tier;
    use shared::tier_benefits::benefits;

    #[test]
    fn benefits_read_as_a_coupon_amount_and_a_flash_sale_extra() {
        let gold = BenefitsView::of(&benefits(Tier::Gold));
        assert_eq!(benefit_line(Lang::En, &gold), "Birthday coupon ¥30 · Flash-sale limit per member +1");
        let classic = BenefitsView::of(&benefits(Tier::Classic));
        assert_eq!(benefit_line(Lang::Zh, &classic), "无生日礼券", "no flash-sale extra: not shown as +0");
        let silver = BenefitsView::of(&benefits(Tier::Silver));
        assert_eq!(benefit_line(Lang::Zh, &silver), "生日礼券 ¥10");
    }
}
