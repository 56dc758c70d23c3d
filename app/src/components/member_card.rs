//! The member card: tier, name, card number, points, balance, plastic card, tier progress.

use crate::AppState;
use crate::codes::grouped;
use crate::i18n::{self, Key};
use leptos::prelude::*;
use shared::Fen;
use shared::api::Member;

/// How far along the way to the next tier the member is, 0–100.
pub fn progress_percent(member: &Member) -> u32 {
    match (member.next_tier, member.to_next_tier_fen) {
        (Some(next), Some(left)) => {
            let from = member.tier.threshold().get();
            let span = next.threshold().get().saturating_sub(from).max(1);
            let done = span.saturating_sub(left.get());
            (done * 100 / span).min(100) as u32
        }
        _ => 100,
    }
}

#[component]
pub fn MemberCard(member: Member) -> impl IntoView {
    let state = AppState::get();
    let tier_class = format!(
        "member-card tier-{}",
        serde_json::to_value(member.tier).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    );
    let m = member.clone();
    let progress = progress_percent(&member);
    let next = move || {
        let lang = state.lang.get();
        match (m.next_tier, m.to_next_tier_fen) {
            (Some(t), Some(left)) => i18n::to_next_tier(lang, &left.label(), t),
            _ => i18n::t(lang, Key::TopTier).to_owned(),
        }
    };
    let tier = member.tier;
    let physical = member.physical_card_no.clone();
    view! {
        <section class=tier_class data-testid="member-card">
            <div class="card-head">
                <span class="card-brand">{move || state.t(Key::AppName)}</span>
                <span class="card-tier" data-testid="tier">{move || i18n::tier(state.lang.get(), tier)}</span>
            </div>
            <div class="card-name">{member.name.clone()} <small>{member.phone_masked.clone()}</small></div>
            <div class="card-no">{grouped(&member.card_no)}</div>
            <div class="card-figures">
                <div><small>{move || state.t(Key::Points)}</small><strong data-testid="points">{member.points}</strong></div>
                <div><small>{move || state.t(Key::Balance)}</small><strong data-testid="balance">{Fen::label(member.balance_fen)}</strong></div>
            </div>
            <div class="tier-progress" title=format!("{progress}%")>
                <div class="bar" style=format!("width:{progress}%")></div>
            </div>
            <div class="card-foot">
                <span>{next}</span>
                <span data-testid="physical-card">
                    {move || state.t(Key::PhysicalCard)} " "
                    {physical.clone().map(|c| grouped(&c)).unwrap_or_else(|| state.t(Key::NotLinked).to_owned())}
                </span>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::tier::Tier;

    fn member(tier: Tier, next: Option<Tier>, left: Option<u64>) -> Member {
        Member {
            id: "M1".into(),
            card_no: "6688000010000001".into(),
            name: "x".into(),
            phone_masked: "138****0001".into(),
            tier,
            tier_name: String::new(),
            tier_name_en: String::new(),
            points: 0,
            balance_fen: Fen::ZERO,
            physical_card_no: None,
            spend_12m_fen: Fen::ZERO,
            next_tier: next,
            to_next_tier_fen: left.map(Fen::new),
            birthday: None,
            benefits: shared::api::BenefitsView::of(&shared::tier_benefits::benefits(tier)),
            next_tier_benefits: None,
        }
    }

    #[test]
    fn progress_runs_from_this_tier_to_the_next() {
        // Silver starts at ¥5,000, Gold at ¥20,000: ¥14,341 left means ¥659 of ¥15,000 done.
        assert_eq!(progress_percent(&member(Tier::Silver, Some(Tier::Gold), Some(1_434_100))), 4);
        assert_eq!(progress_percent(&member(Tier::Classic, Some(Tier::Silver), Some(250_000))), 50);
        assert_eq!(progress_percent(&member(Tier::Diamond, None, None)), 100);
    }
}
